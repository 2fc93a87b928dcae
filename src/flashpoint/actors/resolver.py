"""Mention -> actor at a date, over an n-gram index of the knowledge base.

``KnowledgeBase.resolve(text, when)`` reads a noun phrase as it stands in a sentence ("US
President Donald Trump", "Japanese officials", "Beijing's", "a Wall Street Journal report") and
returns the :class:`~flashpoint.model.Actor` it denotes at that date, or ``None``.

How a phrase is read
--------------------
1. The text is split into tokens (dotted abbreviations such as "U.S." are one token "us";
   hyphens and punctuation split; possessive "'s" is its own token; accents are folded,
   "Élysée" = "elysee"). Each position takes the longest name of the index that starts there
   (one dict lookup per candidate length; no regular expression per entry). Acronyms ("US",
   "UN", "AP", "PM") match only when written in capitals, so the pronoun "us" is not the USA;
   single-word names that are also common words (Turkey, Chad, Male) and bare surnames match
   only when capitalised.
2. Names after "to", "against", "toward(s)", "into", "versus" belong to another party ("the
   Canadian ambassador to the United Nations") and are ignored; so are names right after
   "pro-"/"anti-" ("pro-Russian separatists"), single-word places and capitals next to an unknown
   capitalised word ("Paris Hilton", "Sen. Feliciano Valencia"), and a country name followed by
   one ("Jordan Peterson"). A capital after "in", "at", "from" ... or before "-based" is a place,
   not the government.
3. The most specific thing in the phrase wins, in this order:
   - a **person** (full name, alias, or surname when that surname is unambiguous among the people
     holding a role at the date, or made unambiguous by a country or title in the phrase). The
     actor is the person's role at the date: a title in the phrase picks among several roles. A
     person with no role at the date resolves to their country with sector ``former_sector``
     (``None`` by default, so "Barack Obama" in 2025 is ``USA``, not ``USAGOV``; set it to
     ``"ELI"`` for CAMEO's convention). When a sector word follows the person ("Trump
     administration", "Putin's spokesman"), the phrase denotes that agent of the person's country.
   - a **title** with a country or organisation ("the Japanese prime minister", "president of the
     European Council"): the holder at the date (``kind="person"``), or ``<country>GOV`` when the
     holder is unknown, plural ("foreign ministers") or qualified ("deputy", "former"). A title
     whose head is a sector word is that sector's ("opposition leader", "the leader of the
     opposition" -> OPP; "president of the Riigikogu" -> ESTLEG); a title "of" an unknown body
     ("President of the Chadian Human Rights League") is not the country's office.
   - an **organisation** (IGOs, armed groups, parties, services), with dated sectors (the Taliban
     are AFGREB before 15 August 2021 and AFGGOV after); an IGO without a sector takes that of a
     following sector word ("NATO troops" -> IGOWSTNATMIL).
   - a **news outlet** ("a Wall Street Journal report" -> USAMED, ``kind="outlet"``).
   - a **seat of government** (the White House -> USAGOV, the Pentagon -> USAMIL, Capitol Hill
     -> USALEG) or a **capital** (Beijing -> CHNGOV), standing for the institution.
   - a **country** (name, demonym, a city or region) composed with a **sector word**: "Japanese
     officials" -> JPNGOV, "Chinese state media" -> CHNMED, "Kyiv police" -> UKRCOP. The head
     sector word is the last "strong" one ("opposition lawmakers" -> LEG, "government troops" ->
     MIL); "weak" words (officials, leaders, spokesman, source, people) only supply a sector when
     nothing stronger does ("police officials" -> COP; "a US source" -> USA, sector None).
   - a sector word alone ("police" -> COP, country None).
4. "former", "ex-", "retired", "late" before the head make the actor a former holder
   (sector ``former_sector``).

What is not an actor: pronouns, places as places, common nouns outside the agent list
("analysts", "experts", "the island") -> ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from typing import Any

from flashpoint.actors.kb import (
    Country,
    KnowledgeData,
    Organisation,
    Outlet,
    Person,
    Role,
    Seat,
    TitleWord,
    validate_data,
)
from flashpoint.model import Actor

# -- tokens --------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]\.?(?![^\W_])|[^\W_]+|['’]s\b")
_FOLD = str.maketrans({
    "ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "ß": "ss", "þ": "th", "ð": "d", "’": "'", "‘": "'",
})


def fold(text: str) -> str:
    """Lowercase ASCII-ish form: accents stripped, special letters mapped."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@dataclass(slots=True, frozen=True)
class Token:
    norm: str
    cap: bool  # first letter upper case
    upper: bool  # an acronym as written: "US", "U.S.", "NATO"
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        if raw[0] in "'’":
            out.append(Token("'s", False, False, m.start(), m.end()))
            continue
        dotted = "." in raw
        if dotted:
            raw = raw.replace(".", "")
        norm = raw.lower() if raw.isascii() else fold(raw)
        cap = raw[0].isupper()
        upper = raw.isupper() and (len(raw) >= 2 or dotted)
        out.append(Token(norm, cap, upper, m.start(), m.end()))
    return out


def normal_form(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(text))


# -- index ---------------------------------------------------------------------------------

# sense kinds, by priority when one name has several
PERSON, ORG, OUTLET, SEAT, COUNTRY, CAPITAL, DEMONYM, TITLE, SURNAME, PLACE, AGENT, MOD = range(12)
_KIND_NAMES = {PERSON: "person", ORG: "organisation", OUTLET: "outlet", SEAT: "seat", COUNTRY: "country",
               CAPITAL: "capital", DEMONYM: "demonym", TITLE: "title", SURNAME: "surname",
               PLACE: "place", AGENT: "agent", MOD: "modifier"}

# case modes
ANY, CASED, ACRONYM = 0, 1, 2

_BLOCKING = {"to", "against", "toward", "towards", "into", "versus", "vs", "onto"}
_PREPOSITIONS = _BLOCKING | {
    "of", "in", "at", "from", "for", "on", "by", "with", "near", "inside", "outside", "under",
    "over", "about", "during", "after", "before", "via", "among", "between", "within", "without",
    "across", "through", "behind", "and", "or", "who", "which", "that", "familiar",
}
_GLUE = {"the", "a", "an", "of", "and", "'s", "de", "du", "des", "la", "le", "el", "al", "d", "l", "van", "von",
         "der", "den", "da", "do", "dos", "di", "bin", "ibn", "jr", "sr", "s"}
_SUFFIXES = {"jr", "sr", "ii", "iii"}
# "pro-Russian separatists", "an anti-Syria journalist": the name is a cause, not the actor
STANCE_PREFIXES = {"pro", "anti", "non"}
# nouns that name another party by its relation to the one named before them
_RELATIONAL = {"ally", "allies", "proxy", "proxies", "partner", "partners", "rival", "rivals",
               "enemy", "enemies", "foe", "foes", "neighbour", "neighbours", "neighbor", "neighbors",
               "adversary", "adversaries", "client", "clients"}
# "Iran-backed militias", "al-Qaeda-linked group": the named party sponsors another;
# "rebel-held town", "military-ruled Myanmar": it holds a place
_SPONSORING = {"backed", "linked", "allied", "affiliated", "aligned", "inspired", "supported",
               "sponsored", "funded", "armed", "trained", "friendly", "leaning",
               "held", "ruled", "controlled", "occupied", "dominated", "governed", "administered"}
_OF = {"of", "the", "a", "an", "its", "their"}
_LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "around", "into", "via", "through",
             "within", "throughout", "towards", "toward", "to", "from", "visited", "visiting"}


@dataclass(slots=True, frozen=True)
class Sense:
    kind: int
    ref: Any
    mode: int = ANY
    caps: tuple[bool, ...] = ()


@dataclass(slots=True)
class Match:
    start: int
    end: int
    kind: int
    senses: list[Sense]
    oblique: bool = False


def _demonym_plurals(d: str) -> list[str]:
    low = d.lower()
    if low.endswith(("ese", "ish", "ch", "ss", "s", "x", "z", "i ", "sh")) or " " in d and low.endswith("ese"):
        return []
    if low.endswith("man"):
        return [d[:-3] + "men"]
    return [d + "s"]


class KnowledgeBase:
    """The loaded knowledge base with its resolver. Build with :func:`load_knowledge_base`."""

    def __init__(self, data: KnowledgeData, *, former_sector: str | None = None):
        self.data = data
        self.former_sector = former_sector
        self.countries: dict[str, Country] = data.countries
        self.people: dict[str, Person] = data.people
        self.organisations: dict[str, Organisation] = data.organisations
        self.outlets: dict[str, Outlet] = data.outlets
        self._index: dict[tuple[str, ...], list[Sense]] = {}
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._forms: set[str] = set()
        self._holders: dict[tuple[str, str], list[tuple[Role, Person]]] = {}
        self._cache: dict[tuple[str, Date, bool], tuple | None] = {}
        self._cased_words = {w.lower() for w in data.meta.get("cased_words", []) or []}
        self._bare: set[tuple[str, tuple[str, ...]]] = set()
        self._build()

    # -- building -----------------------------------------------------------------------

    def _add(self, form: str, kind: int, ref: Any, *, cased: bool = False) -> None:
        if not form or not form.strip():
            return
        toks = tokenize(form)
        if not toks:
            return
        key = tuple(t.norm for t in toks)
        letters = [c for c in form if c.isalpha()]
        if kind in (AGENT, TITLE, MOD):
            mode = ACRONYM if (len(letters) >= 2 and all(c.isupper() for c in letters)) else ANY
        elif len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 6:
            mode = ACRONYM
        elif cased or (len(key) == 1 and (key[0] in self._cased_words or kind == SURNAME)):
            mode = CASED
        else:
            mode = ANY
        sense = Sense(kind, ref, mode, tuple(t.cap for t in toks) if mode == CASED else ())
        senses = self._index.setdefault(key, [])
        if sense not in senses:
            senses.append(sense)
        if kind != MOD:
            self._forms.add(form.lower())
            self._forms.add(" ".join(key))

    def _build(self) -> None:
        d = self.data
        for c in d.countries.values():
            for name in (c.name, *c.aliases):
                self._add(name, COUNTRY, c.code, cased=name in c.cased)
            for dem in c.demonyms:
                self._add(dem, DEMONYM, c.code, cased=dem in c.cased)
                for pl in _demonym_plurals(dem):
                    self._add(pl, DEMONYM, c.code, cased=dem in c.cased)
            if c.capital:
                for cap in (c.capital, *c.capital_aliases):
                    if c.capital_metonym is False:
                        self._add(cap, PLACE, c.code, cased=True)
                    else:
                        self._add(cap, CAPITAL, c.code, cased=cap in c.cased)
            for s in c.seats:
                for name in (s.name, *s.aliases):
                    self._add(name, SEAT, s, cased=s.cased)
            for p in c.places:
                self._add(p, PLACE, c.code, cased=p in c.cased)
        for o in d.organisations.values():
            for name in (o.name, *o.aliases, *o.bare_aliases):
                self._add(name, ORG, o.id, cased=o.cased)
            self._bare.update((o.id, normal_form(a)) for a in o.bare_aliases)
            for s in o.seats:
                for name in (s.name, *s.aliases):
                    self._add(name, SEAT, s, cased=s.cased)
        for o in d.outlets.values():
            for name in (o.name, *o.aliases):
                self._add(name, OUTLET, o.id, cased=o.cased)
        for p in d.people.values():
            for name in (p.name, *p.aliases):
                self._add(name, PERSON, p.id, cased=p.cased)
            if p.surname:
                self._add(p.surname, SURNAME, p.id, cased=True)
            for r in p.roles:
                if r.holder_key:
                    self._holders.setdefault((r.holder_key, r.kind), []).append((r, p))
        for a in d.agents.values():
            self._add(a.form, AGENT, a)
        for t in d.titles.values():
            self._add(t.form, TITLE, t)
        for word, kind in d.modifiers.items():
            self._add(word, MOD, kind)
        for phrase in d.meta.get("stop_phrases", []) or []:
            self._add(str(phrase), MOD, "stop", cased=True)
        for senses in self._index.values():
            senses.sort(key=lambda s: s.kind)
        lengths: dict[str, set[int]] = {}
        for key in self._index:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        for v in self._holders.values():
            v.sort(key=lambda rp: rp[0].start or Date.min)

    # -- scanning -----------------------------------------------------------------------

    @staticmethod
    def _case_ok(sense: Sense, toks: list[Token]) -> bool:
        if sense.mode == ANY:
            return True
        if sense.mode == ACRONYM:
            return all(t.upper for t in toks)
        return all(t.cap or not want for t, want in zip(toks, sense.caps, strict=False))

    def _scan(self, toks: list[Token]) -> list[Match]:
        out: list[Match] = []
        i, n = 0, len(toks)
        index, lengths = self._index, self._lengths
        while i < n:
            found = None
            for length in lengths.get(toks[i].norm, ()):
                if i + length > n:
                    continue
                senses = index.get(tuple(t.norm for t in toks[i:i + length]))
                if senses:
                    span = toks[i:i + length]
                    ok = [s for s in senses if self._case_ok(s, span)]
                    if ok:
                        found = (length, ok)
                        break
            if found:
                length, senses = found
                best = senses[0].kind
                out.append(Match(i, i + length, best, [s for s in senses if s.kind == best]))
                i += length
            else:
                i += 1
        return out

    # -- public API ---------------------------------------------------------------------

    def resolve(self, text: str, when: Date | datetime | str | None = None) -> Actor | None:
        """The actor a noun phrase denotes at a date (today when ``when`` is None)."""
        if not text or not text.strip():
            return None
        day = _as_date(when)
        key = (text, day, when is None)
        cached = self._cache.get(key, False)
        if cached is False:
            cached = self._resolve(text, day, undated=when is None)
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = cached
        if cached is None:
            return None
        name, code, country, sector, kind = cached
        return Actor(text=text, name=name, code=code, country=country, sector=sector, kind=kind)

    def outlet(self, text: str) -> Actor | None:
        """The news outlet named in the text ("a Wall Street Journal report" -> USAMED)."""
        if not text:
            return None
        for m in self._scan(tokenize(text)):
            if m.kind == OUTLET:
                o = self.outlets[m.senses[0].ref]
                return Actor(text=text, name=o.name, code=o.country + o.sector, country=o.country,
                             sector=o.sector, kind="outlet")
        return None

    def country(self, text: str) -> str | None:
        """The country a name, demonym, capital, seat or known place points to ("Tokyo" -> JPN)."""
        if not text:
            return None
        for m in self._scan(tokenize(text)):
            if m.kind in (COUNTRY, DEMONYM, CAPITAL, PLACE):
                return m.senses[0].ref
            if m.kind == SEAT and m.senses[0].ref.country in self.countries:
                return m.senses[0].ref.country
        return None

    def surface_forms(self) -> frozenset[str]:
        """Every lowercase name, alias, surname, demonym, capital, seat, sector word and outlet."""
        return frozenset(self._forms)

    def leader(self, country: str, role: str, when: Date | datetime | str | None = None) -> str | None:
        """Name of the holder of a role at a date: ``leader("JPN", "head_of_government", d)``.

        ``role`` is a role kind (head_of_state, head_of_government, foreign_minister,
        defence_minister, ...) or a title ("prime_minister", "president", "premier").
        ``country`` is an ISO3 code or an organisation id (NATO, UN, EU_COMMISSION ...).
        """
        day = _as_date(when)
        key = country.upper() if country.upper() in self.countries else country
        if key not in self.countries and key not in self.organisations:
            low = {k.lower(): k for k in self.organisations}
            key = low.get(country.lower(), key)
        kind = role.lower().replace(" ", "_")
        if (key, kind) not in self._holders and kind != "head_of_government":
            word = self.data.titles.get(kind.replace("_", " "))
            kind = self._role_kind(word.key if word else kind, key, day)
        found = self._holder(key, kind, day)
        return found[1].name if found else None

    def stats(self) -> dict[str, Any]:
        d = self.data
        roles = sum(len(p.roles) for p in d.people.values())
        orgs_by_type: dict[str, int] = {}
        for o in d.organisations.values():
            orgs_by_type[o.type or "other"] = orgs_by_type.get(o.type or "other", 0) + 1
        return {
            "countries": len(d.countries),
            "un_members": sum(1 for c in d.countries.values() if c.un_member),
            "seats": sum(len(c.seats) for c in d.countries.values()),
            "people": len(d.people),
            "roles": roles,
            "organisations": len(d.organisations),
            "organisations_by_type": dict(sorted(orgs_by_type.items())),
            "igos": sum(1 for o in d.organisations.values() if o.country in ("IGO", "UNO", "EUR")),
            "outlets": len(d.outlets),
            "agent_words": len(d.agents),
            "title_words": len(d.titles),
            "sectors": len(d.sectors),
            "surface_forms": len(self._forms),
            "index_keys": len(self._index),
            "files": len(d.files),
            "load_problems": len(d.problems),
            "knowledge_as_of": str(d.meta.get("knowledge_as_of", "")),
        }

    def validate(self) -> list[str]:
        return validate_data(self.data)

    def holders(self, key: str, kind: str) -> list[tuple[str, Date | None, Date | None]]:
        """Every holder of a role, in order: (name, start, end)."""
        return [(p.name, r.start, r.end) for r, p in self._holders.get((key, kind), [])]

    # -- resolution ---------------------------------------------------------------------

    def _role_kind(self, title_key: str, holder_key: str | None, day: Date) -> str:
        """The role kind a title names in a country or organisation."""
        if holder_key in self.organisations:
            o = self.organisations[holder_key]
            if title_key in o.titles:
                return o.titles[title_key]
            if title_key in ("leader", "chief", "head") and o.leader_role:
                return o.leader_role
            return self.data.title_roles.get(title_key, title_key) if title_key not in (
                "president", "secretary_general", "director_general") else title_key
        c = self.countries.get(holder_key or "")
        if c and title_key in c.titles:
            return c.titles[title_key]
        if title_key == "leader":
            if c and c.executive_president:
                return "head_of_state"
            if self._holder(holder_key or "", "head_of_government", day):
                return "head_of_government"
            return "head_of_state"
        return self.data.title_roles.get(title_key, title_key)

    def _holder(self, key: str, kind: str, day: Date) -> tuple[Role, Person] | None:
        for r, p in self._holders.get((key, kind), ()):
            if r.active(day):
                return r, p
        c = self.countries.get(key)
        if kind == "head_of_government" and c and c.executive_president:
            return self._holder(key, "head_of_state", day)
        return None

    def _role_actor(self, person: Person, role: Role, day: Date) -> tuple:
        if role.org and role.org in self.organisations:
            org = self.organisations[role.org]
            country, osector, code = org.at(day)
            sector = role.sector or osector
            if sector and sector != osector:
                code = code + sector
            return person.name, code, country, sector, "person"
        country = role.country or person.country or ""
        return person.name, country + (role.sector or ""), country, role.sector, "person"

    def _former_actor(self, person: Person) -> tuple | None:
        if not person.country:
            return None
        fs = self.former_sector
        return person.name, person.country + (fs or ""), person.country, fs, "person"

    def _pick_role(self, person: Person, day: Date, title_key: str | None, ctx_country: str | None,
                   former_kinds: set[str]) -> Role | None:
        active = [r for r in person.active_roles(day) if r.kind not in former_kinds]
        if not active:
            return None
        if title_key:
            for r in active:
                if r.kind == self._role_kind(title_key, r.holder_key, day):
                    return r
        if ctx_country:
            for r in active:
                if r.country == ctx_country:
                    return r
        return active[0]

    def _pick_person(self, ids: list[str], day: Date, ctx_country: str | None,
                     title_key: str | None) -> Person | None:
        people = [self.people[i] for i in dict.fromkeys(ids)]
        if ctx_country and len(people) > 1:
            narrowed = [p for p in people if p.country == ctx_country
                        or any(r.country == ctx_country for r in p.roles)]
            people = narrowed or people
        active = [p for p in people if p.active_roles(day)]
        if title_key and len(active) > 1:
            titled = [p for p in active if any(
                r.kind == self._role_kind(title_key, r.holder_key, day) for r in p.active_roles(day))]
            active = titled or active
        if len(active) == 1:
            return active[0]
        if not active and len({p.country for p in people}) == 1:
            # "President Bush" in an undated text: either Bush, but surely the United States;
            # the one in office last stands for both
            return max(people, key=_last_in_office)
        return None

    def _resolve(self, text: str, day: Date, undated: bool = False) -> tuple | None:
        toks = tokenize(text)
        if not toks:
            return None
        matches = self._scan(toks)
        if not matches:
            return None
        # names after "to", "against" ... belong to another party
        covered = [None] * len(toks)
        for m in matches:
            for j in range(m.start, m.end):
                covered[j] = m
        blocked = False
        for j, t in enumerate(toks):
            if covered[j] is None and t.norm in _BLOCKING and not (
                t.norm == "to" and j > 0 and toks[j - 1].norm == "up"  # "up to 100 Albanians"
            ):
                blocked = True
            elif blocked and covered[j] is not None:
                covered[j].oblique = True
        live = []
        for m in matches:
            if m.oblique or (m.kind == MOD and m.senses[0].ref == "stop"):
                continue
            if m.kind in (CAPITAL, PLACE) and m.end - m.start == 1 and not self._neighbours_ok(m, toks, covered):
                continue  # "Paris Hilton", "Sen. Feliciano Valencia": a name, not the place
            if m.kind == COUNTRY and m.end - m.start == 1 and not toks[m.start].upper \
                    and not self._neighbours_ok(m, toks, covered, before=False):
                continue  # "Jordan Peterson", "Taiwan Semiconductor"; "US Predator attacks" is the US
            if m.start > 0 and toks[m.start - 1].norm in STANCE_PREFIXES and covered[m.start - 1] is None:
                continue  # "pro-Russian separatists", "an anti-Syria journalist": not their country
            if m.end < len(toks) and toks[m.end].norm in _SPONSORING and covered[m.end] is None:
                continue
            if m.kind in (COUNTRY, CAPITAL, DEMONYM) and any(
                toks[j].norm in _RELATIONAL for j in range(m.end, len(toks))
            ):
                continue  # "Israel's militia ally", "Iran's proxies": another party, tied to it
            if m.kind == CAPITAL and ((m.start > 0 and toks[m.start - 1].norm in _LOCATIVE)
                                      or (m.end < len(toks) and toks[m.end].norm == "based")):
                m.kind = PLACE  # "in Beijing", "Beijing-based" are places, not the government
            live.append(m)
        ethnic_ends = {m.end for m in live if m.kind == MOD and m.senses[0].ref == "ethnic"}
        ethnic = [m for m in live if m.kind == DEMONYM and m.start in ethnic_ends]
        if ethnic:
            # "ethnic Albanians (in Macedonia)": a community, placed by the event, not Albania
            live = [m for m in live if m not in ethnic]
        if not live:
            return (None, "CVL", None, "CVL", "agent") if ethnic else None

        def after_without_preposition(m: Match, later: Match) -> bool:
            return all(covered[j] is not None or toks[j].norm not in _PREPOSITIONS
                       for j in range(m.end, later.start))

        mods = [m for m in live if m.kind == MOD]
        former_at = [m.start for m in mods if m.senses[0].ref == "former"]
        deputy_at = [m.start for m in mods if m.senses[0].ref == "deputy"]

        def qualified(m: Match, positions: list[int]) -> bool:
            # a modifier within the two tokens before m ("former US president", "ex-minister")
            return any(0 <= m.start - p <= 3 for p in positions)

        geo = [m for m in live if m.kind in (COUNTRY, DEMONYM, CAPITAL, PLACE)]
        ctx_country = geo[0].senses[0].ref if geo else None
        titles = [m for m in live if m.kind == TITLE]
        title = titles[0] if titles else None
        if title is not None and title.end < len(toks) and toks[title.end].norm == "of":
            # "President of the Chadian Human Rights League": an office of a body we do not know
            if any(covered[j] is None and toks[j].cap and toks[j].norm not in _GLUE
                   for j in range(title.end + 1, len(toks))):
                title = None
        title_word: TitleWord | None = title.senses[0].ref if title else None
        title_key = title_word.key if title_word else None
        agents = [m for m in live if m.kind == AGENT]
        orgs = [m for m in live if m.kind == ORG]
        seats = [m for m in live if m.kind == SEAT]
        outlets = [m for m in live if m.kind == OUTLET]

        first_of = next((j for j, t in enumerate(toks) if t.norm == "of" and covered[j] is None), None)

        def agent_sector(ms: list[Match]) -> tuple[str | None, bool]:
            """Sector of the head sector word, and whether it is strong."""
            head = [m for m in ms if first_of is not None and m.end <= first_of
                    and m.senses[0].ref.sector]
            if head:
                ms = head  # "opponents of the Senate": the head comes before "of"
            strong = [m for m in ms if not m.senses[0].ref.weak]
            if strong:
                return strong[-1].senses[0].ref.sector, True
            for m in ms:
                if m.senses[0].ref.sector:
                    return m.senses[0].ref.sector, False
            return None, False

        def is_former(head: Match) -> bool:
            return any(p < head.start for p in former_at)

        # 1. people
        persons = [m for m in live if m.kind in (PERSON, SURNAME)]
        for m in persons:
            ids = [s.ref for s in m.senses]
            if m.kind == SURNAME or m.end < len(toks):
                if not self._neighbours_ok(m, toks, covered):
                    continue
            person = self._pick_person(ids, day, ctx_country, title_key)
            if person is None:
                continue
            former_kinds = set()
            if title and qualified(title, former_at) and title.start < m.start:
                for r in person.roles:
                    former_kinds.add(self._role_kind(title_key or "", r.holder_key, day))
            role = self._pick_role(person, day, title_key, ctx_country, former_kinds)
            if any(o.start >= m.end and after_without_preposition(m, o) for o in orgs + outlets):
                break  # "Osama bin Laden's al-Qaeda", "Trump's Republican Party": the organisation
            tail = [a for a in agents if a.start >= m.end and after_without_preposition(m, a)]
            if tail:
                sector, strong = agent_sector(tail)
                country = (role.country if role else None) or person.country
                if role and role.org:
                    _, code, country, rsector, _ = self._role_actor(person, role, day)
                    sector = sector if strong else rsector
                    return None, code if not strong else (country or "") + (sector or ""), country, sector, "agent"
                if not strong:
                    sector = sector or (role.sector if role else None)
                if not role and not strong:
                    sector = self.former_sector
                return None, (country or "") + (sector or ""), country, sector, "agent"
            if role is None:
                last = _last_role(person) if undated and not is_former(m) else None
                if last is not None:
                    # an undated text naming someone out of office today: the office they
                    # held last is the best guess ("Kofi Annan" is the UN's, "President Bush" USAGOV)
                    return self._role_actor(person, last, last.start or day)
                return self._former_actor(person)
            return self._role_actor(person, role, day)

        # 2. a title with a country or organisation
        org_for_title = orgs[0] if orgs else None
        if title is not None and title_word is not None:
            holder_key = None
            if org_for_title is not None:
                holder_key = org_for_title.senses[0].ref
            elif seats and seats[0].senses[0].ref.org:
                holder_key = seats[0].senses[0].ref.org
            elif ctx_country or seats:
                holder_key = ctx_country or seats[0].senses[0].ref.country
            elif title_word.country:
                holder_key = title_word.country
            preceding_strong = [a for a in agents if a.end <= title.start and not a.senses[0].ref.weak]
            tail = [a for a in agents if a.start >= title.end and (
                after_without_preposition(title, a)
                or all(covered[j] is not None or toks[j].norm in _OF for j in range(title.end, a.start)))]
            # "opposition leader" is the opposition's, "the leader of the opposition" too,
            # "the president's guards" are guards, "president of the court" is the court's
            if (title_word.weak and preceding_strong) or tail:
                title = None  # headed by the sector word
            later_seats = [m for m in seats if title is not None and m.start > title.start
                           and m.senses[0].ref.sector not in (None, "GOV")]
            if later_seats:
                # "president of the Riigikogu", "speaker of the Knesset": presiding officers
                seat = later_seats[0].senses[0].ref
                return None, seat.country + seat.sector, seat.country, seat.sector, "agent"
            if holder_key and title is not None:
                kind = self._role_kind(title_key or "", holder_key, day)
                found = None
                named = any(covered[j] is None and toks[j].cap and toks[j].norm not in _GLUE
                            for j in range(title.end, len(toks)))
                if not (title_word.plural or named or qualified(title, deputy_at)
                        or qualified(title, former_at)):
                    # "Pakistan President Mohammad Zia-ul-Haq" names someone we do not know:
                    # the office's country, not whoever holds it at the date
                    found = self._holder(holder_key, kind, day)
                if found:
                    return self._role_actor(found[1], found[0], day)
                if holder_key in self.organisations:
                    org = self.organisations[holder_key]
                    country, sector, code = org.at(day)
                    return org.name, code, country, sector, "organisation"
                if qualified(title, former_at):
                    fs = self.former_sector
                    return None, holder_key + (fs or ""), holder_key, fs, "agent"
                return None, holder_key + "GOV", holder_key, "GOV", "agent"

        # 3. organisations
        if geo:
            # "Russia's Security Council" is not the UN's: a bare alias yields to a country
            orgs = [m for m in orgs if (m.senses[0].ref, tuple(t.norm for t in toks[m.start:m.end]))
                    not in self._bare]
        if orgs:
            m = orgs[0]
            org = self.organisations[m.senses[0].ref]
            country, sector, code = org.at(day)
            tail = [a for a in agents if a.start >= m.end and after_without_preposition(m, a)]
            if tail and sector is None:
                asector, strong = agent_sector(tail)
                if strong and asector:
                    return None, code + asector, country, asector, "agent"
            if is_former(m) or (tail and any(p < tail[-1].start for p in former_at)):
                fs = self.former_sector
                return None, country + (fs or ""), country, fs, "agent"
            return org.name, code, country, sector, "organisation"

        # 4. outlets
        if outlets:
            o = self.outlets[outlets[0].senses[0].ref]
            return o.name, o.country + o.sector, o.country, o.sector, "outlet"

        # 5. seats, capitals, countries, places, with sector words
        sector, strong = agent_sector(agents)
        head = agents[-1] if agents else None
        former = head is not None and is_former(head)
        if seats:
            seat: Seat = seats[0].senses[0].ref
            if seat.org and not strong:
                org = self.organisations.get(seat.org)
                if org:
                    country, osector, code = org.at(day)
                    return org.name, code, country, osector, "organisation"
            country = seat.country
            if former or is_former(seats[0]):
                fs = self.former_sector
                return None, country + (fs or ""), country, fs, "agent"
            if strong and sector:
                return None, country + sector, country, sector, "agent"
            return seat.name, country + (seat.sector or ""), country, seat.sector, "seat"
        if geo:
            g = geo[0]
            code = g.senses[0].ref
            c = self.countries[code]
            if former:
                fs = self.former_sector
                return None, code + (fs or ""), code, fs, "agent"
            if g.kind == CAPITAL and not strong:
                if isinstance(c.capital_metonym, str) and c.capital_metonym in self.organisations:
                    org = self.organisations[c.capital_metonym]
                    country, osector, ocode = org.at(day)
                    return org.name, ocode, country, osector, "organisation"
                if sector is None:
                    return c.capital, code + "GOV", code, "GOV", "capital"
            if sector:
                return None, code + sector, code, sector, "agent"
            if g.kind == PLACE:
                return _span_text(text, toks, g), code, code, None, "place"
            return c.name, code, code, None, "country"

        # 6. a title or sector word alone
        if title is not None:
            former = former or is_former(title)
            if not former:
                return None, "GOV", None, "GOV", "agent"
        if former:
            fs = self.former_sector
            return (None, fs, None, fs, "agent") if fs and (title is not None or agents) else None
        if sector:
            return None, sector, None, sector, "agent"
        if ethnic:
            return None, "CVL", None, "CVL", "agent"
        return None

    @staticmethod
    def _neighbours_ok(m: Match, toks: list[Token], covered: list, before: bool = True) -> bool:
        """A bare surname next to an unknown capitalised word is someone else ("Mike Johnson")."""
        for j in ((m.start - 1, m.end) if before else (m.end,)):
            if 0 <= j < len(toks) and covered[j] is None:
                t = toks[j]
                if m.kind == PERSON:
                    if j == m.end and t.norm in _SUFFIXES:
                        return False
                    continue
                if t.cap and t.norm not in _GLUE and t.norm not in _PREPOSITIONS and not t.norm.isdigit():
                    return False
        return True


def _last_role(person: Person) -> Role | None:
    """The role a person held last (ended latest), or None."""
    return max(person.roles, key=lambda r: (r.end or Date.max, r.start or Date.min), default=None)


def _last_in_office(person: Person) -> Date:
    last = _last_role(person)
    return (last.end or Date.max) if last else Date.min


def _span_text(text: str, toks: list[Token], m: Match) -> str:
    return text[toks[m.start].start:toks[m.end - 1].end]


def _as_date(when: Date | datetime | str | None) -> Date:
    if when is None:
        return Date.today()
    if isinstance(when, datetime):
        return when.date()
    if isinstance(when, Date):
        return when
    return Date.fromisoformat(str(when)[:10])


def iter_matches(kb: KnowledgeBase, text: str) -> Iterable[tuple[str, str, int, int]]:
    """(kind, surface, start, end) of every name the knowledge base knows in a text."""
    toks = tokenize(text)
    for m in kb._scan(toks):
        yield _KIND_NAMES[m.kind], _span_text(text, toks, m), toks[m.start].start, toks[m.end - 1].end
