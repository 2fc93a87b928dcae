"""The event lexicon: trigger words with their CAMEO codes, as data.

``coding/data/lexicon*.tsv`` (one file per group of CAMEO roots) have one trigger a line, tab-separated, ``#`` for comments::

    code    pos  lemma           requires                 target         source   note
    111     N    condemnation    -                        of|against     from|by  nominal condemn
    163     V    impose          sanction|curb|tariff     on|against     -        impose sanctions on X
    041     N    conversation    telephone|phone|call     with           -        a telephone conversation with X
    0311    V    call            prep:for                 -              -        call for aid

- ``code``: a CAMEO code known to the ontology tables.
- ``pos``: ``V`` for a verb trigger, ``N`` for a noun trigger.
- ``lemma``: the trigger's lemma, lowercase; a phrasal verb's particle follows after a
  space ("call off", "pull out").
- ``requires``: ``-``, or ``|``-separated alternatives of which one must be attached to the
  trigger: a plain lemma is a dependent word (object, modifier, compound, or the object of a
  preposition under the trigger); ``prep:X`` a preposition X under the trigger; ``xcomp:X`` a
  verb X in an open complement ("agreed to meet" is ``agree`` with ``xcomp:meet``); ``subj:X``
  a subject word ("rebels surrendered" is ``surrender`` with ``subj:rebel``); ``obj:*`` any
  direct object ("helped Syria", not "helped to plan"). Plain words never
  match the subject: the subject is who acts, not what the act is.
- ``target``: ``-``, or prepositions whose object is the target, in order of preference. A
  verb's direct object is always a target candidate.
- ``source``: ``-``, or prepositions whose object is the source ("condemnation from China",
  "received weapons from X": for a verb, the subject then becomes the target).
  A verb's subject, a passive's "by" agent and a noun's possessor are always source candidates.

Where several entries match one trigger, the one with a ``requires`` wins over a bare one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from flashpoint import ontology
from flashpoint.model import Plover

COLUMNS = ("code", "pos", "lemma", "requires", "target", "source", "note")


class LexiconError(ValueError):
    """A lexicon file has malformed or unknown entries; the message lists each with its line."""


# verbs whose object is an arrangement already in place, not a new act: the verb's own event
# (a violation, a show of respect) is the news
ARRANGEMENT_VERBS = {
    "violate", "breach", "break", "observe", "respect", "oversee", "monitor", "supervise",
    "uphold", "honour", "honor", "defy", "flout",
}


@dataclass(frozen=True, slots=True)
class Trigger:
    code: str
    pos: str  # "V" or "N"
    lemma: str
    particle: str | None
    requires: tuple[str, ...]
    target_preps: tuple[str, ...]
    source_preps: tuple[str, ...]
    rule: str  # "file:line" so every event can say which entry fired

    @property
    def specificity(self) -> int:
        """Word requirements beat preposition-only ones, which beat bare entries."""
        words = any(not r.startswith(("prep:", "xcomp:", "subj:", "obj:")) for r in self.requires)
        return (4 if words else 2 if self.requires else 0) + (1 if self.particle else 0)


class Lexicon:
    """Triggers indexed by (pos, lemma) for lookup from a parsed token."""

    def __init__(self, triggers: list[Trigger]):
        self.triggers = triggers
        self._by_key: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for t in triggers:
            self._by_key[(t.pos, t.lemma)].append(t)
        for entries in self._by_key.values():
            entries.sort(key=lambda t: -t.specificity)
        self.lemmas = frozenset(t.lemma for t in triggers)

    def __len__(self) -> int:
        return len(self.triggers)

    def candidates(self, pos: str, lemma: str) -> list[Trigger]:
        """Entries for a trigger word, most specific first."""
        return self._by_key.get((pos, lemma), [])

    def roots_covered(self) -> set[str]:
        return {t.code[:2] for t in self.triggers}

    def match(self, tok: Token) -> Trigger | None:
        """The most specific entry whose trigger, particle and requirement fit a parsed token."""
        if tok.pos_ == "VERB":
            if any(c.dep_ == "det" for c in tok.children) and tok.dep_ in ("dobj", "pobj", "nsubj"):
                return None  # "evacuated the wounded": a participle used as a noun
            pos = "V"
        elif tok.pos_ in ("NOUN", "PROPN"):
            pos = "N"
        else:
            return None
        if tok.dep_ in ("amod", "compound"):
            return None  # a modifier, not an event: "armed groups", "U.N. aid convoys"
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ARRANGEMENT_VERBS:
            return None  # "violated a ban", "oversee a ceasefire": one already in place
        entries = self._by_key.get((pos, tok.lemma_.lower()))
        if not entries:
            return None
        particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
        attached = None
        for entry in entries:
            # "backed out of" is not "back": a phrasal verb needs its own entry
            if entry.particle != particle and (entry.particle or pos == "V"):
                continue
            if entry.requires:
                attached = attached or _attached(tok)
                if not _requirement_met(entry.requires, *attached):
                    continue
            return entry
        return None


def _attached(tok: Token) -> tuple[set[str], set[str], set[str], set[str], set[str]]:
    """Lemmas attached to a trigger: dependents, objects of its prepositions, and its head;
    then its prepositions, its complements, its subject's words (for ``subj:``) and its
    direct objects (for ``obj:``)."""
    objects = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "dative")}
    words: set[str] = set()
    preps: set[str] = set()
    xcomps: set[str] = set()
    subjects: set[str] = set()
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            subjects |= _modified_lemmas(c)
            for of in (g for g in c.children if g.dep_ == "prep" and g.lower_ == "of"):
                # "a first batch of peacekeeping troops arrived": the batch's troops
                for o in (x for x in of.children if x.dep_ == "pobj"):
                    subjects |= _modified_lemmas(o)
        if c.dep_ == "agent":
            # "was demolished by a protester": the passive's agent acts
            for o in (x for x in c.children if x.dep_ == "pobj"):
                subjects |= _modified_lemmas(o)
        if c.dep_ in ("prep", "agent", "dative"):
            preps.add(c.lower_)
            for g in c.children:
                words.add(g.lemma_.lower())
                # "appealed for humanitarian aid": the object's own modifiers count too
                words.update(m.lemma_.lower() for m in g.children if m.dep_ in ("amod", "compound"))
        elif c.dep_ in ("xcomp", "ccomp"):
            xcomps.add(c.lemma_.lower())
        elif c.dep_ in ("nsubj", "csubj", "punct", "cc", "conj", "advcl", "relcl"):
            continue  # the subject is who acts, not what the act is (a passive's subject is)
        else:
            words.add(c.lemma_.lower())
            words.add(c.lower_)
            for g in c.children:
                if g.dep_ in ("compound", "amod", "prep"):
                    words.add(g.lemma_.lower())
                if g.dep_ == "prep":
                    words.update(x.lemma_.lower() for x in g.children)
    head = tok.head
    if head.i != tok.i and tok.dep_ in ("dobj", "pobj", "nsubjpass", "attr"):
        # "opened fire" (fire, dobj of open); "the use of force" (force, pobj of use's "of")
        words.add(head.lemma_.lower())
        if head.dep_ == "prep" and head.head.i != head.i:
            words.add(head.head.lemma_.lower())
        if tok.dep_ == "dobj" and tok.pos_ in ("NOUN", "PROPN"):
            # "their forces had completed their withdrawal": whose act a light verb's object is
            for subj in (c for c in head.children if c.dep_ == "nsubj"):
                words |= _modified_lemmas(subj)
    return words, preps, xcomps, subjects, objects


def _modified_lemmas(noun: Token) -> set[str]:
    """A noun's lemma with those of its compound and adjective modifiers ("peacekeeping troops")."""
    return {noun.lemma_.lower()} | {g.lemma_.lower() for g in noun.children if g.dep_ in ("compound", "amod")}


def _requirement_met(requires, words, preps, xcomps, subjects, objects) -> bool:
    for req in requires:
        if req.startswith("obj:"):
            if objects and (req == "obj:*" or req[4:] in objects):
                return True
        elif req.startswith("subj:"):
            if req[5:] in subjects:
                return True
        elif req.startswith("prep:"):
            if req[5:] in preps:
                return True
        elif req.startswith("xcomp:"):
            if req[6:] in xcomps:
                return True
        elif req in words:
            return True
    return False


def _split(cell: str) -> tuple[str, ...]:
    cell = cell.strip()
    if cell in ("", "-"):
        return ()
    return tuple(p.strip().lower() for p in cell.split("|") if p.strip())


def parse_lexicon(
    path: Path, text: str, seen: dict[tuple, str] | None = None
) -> tuple[list[Trigger], list[str]]:
    """Parse lexicon rows; returns the triggers and a list of ``file:line: problem`` strings.

    ``seen`` carries the patterns of files parsed before, so duplicates across files show too.
    """
    triggers: list[Trigger] = []
    problems: list[str] = []
    seen = {} if seen is None else seen
    known = ontology.cameo_codes()
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, row in enumerate(rows, start=1):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        if row[0].strip() == "code":  # header line
            continue
        where = f"{path.name}:{lineno}"
        if len(row) < 3:
            problems.append(f"{where}: expected at least code, pos, lemma; got {row!r}")
            continue
        row = (row + ["-"] * len(COLUMNS))[: len(COLUMNS)]
        code, pos, lemma, requires, target, source, _note = (c.strip() for c in row)
        if code not in known:
            problems.append(f"{where}: unknown CAMEO code {code!r}")
            continue
        if pos not in ("V", "N"):
            problems.append(f"{where}: pos must be V or N, got {pos!r}")
            continue
        words = lemma.lower().split()
        if not words or len(words) > 2:
            problems.append(f"{where}: lemma must be a word, or a verb and its particle: {lemma!r}")
            continue
        trig = Trigger(
            code=code,
            pos=pos,
            lemma=words[0],
            particle=words[1] if len(words) == 2 else None,
            requires=_split(requires),
            target_preps=_split(target),
            source_preps=_split(source),
            rule=where,
        )
        key = (trig.pos, trig.lemma, trig.particle, tuple(sorted(trig.requires)))
        if key in seen:
            problems.append(f"{where}: duplicate pattern, first at {seen[key]}")
            continue
        seen[key] = where
        triggers.append(trig)
    return triggers, problems


def _parse_files(files: list[tuple[Path, str]]) -> tuple[list[Trigger], list[str]]:
    triggers: list[Trigger] = []
    problems: list[str] = []
    seen: dict[tuple, str] = {}
    for path, text in files:
        t, errs = parse_lexicon(path, text, seen)
        triggers += t
        problems += errs
    return triggers, problems


def _builtin_files() -> list[tuple[Path, str]]:
    """The built-in lexicon: every ``coding/data/lexicon*.tsv``, in name order."""
    folder = resources.files("flashpoint.coding") / "data"
    files = sorted(
        (f for f in folder.iterdir() if f.name.startswith("lexicon") and f.name.endswith(".tsv")),
        key=lambda f: f.name,
    )
    return [(Path(f.name), f.read_text(encoding="utf-8")) for f in files]


def _user_files(paths: list[Path]) -> list[tuple[Path, str]]:
    return [(Path(p), Path(p).read_text(encoding="utf-8")) for p in paths]


def load_lexicon(paths: list[Path] | None = None, *, strict: bool = True) -> Lexicon:
    """Load the built-in lexicon, or the given files; raise ``LexiconError`` on bad rows."""
    if paths is None:
        return default_lexicon()
    triggers, problems = _parse_files(_user_files(paths))
    if problems and strict:
        raise LexiconError("bad lexicon entries:\n  " + "\n  ".join(problems))
    return Lexicon(triggers)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    triggers, problems = _parse_files(_builtin_files())
    if problems:
        raise LexiconError("bad built-in lexicon entries:\n  " + "\n  ".join(problems))
    return Lexicon(triggers)


@lru_cache(maxsize=1)
def plover_readings() -> dict[tuple[str, str], Plover]:
    """(CAMEO code, trigger) -> the PLOVER type and mode of triggers finer than their code.

    Read from ``coding/data/plover_readings.tsv``; each row is checked against the CAMEO and
    PLOVER tables.
    """
    out: dict[tuple[str, str], Plover] = {}
    problems = []
    path = resources.files("flashpoint.coding") / "data" / "plover_readings.tsv"
    types = ontology.plover_types()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if n == 1 or not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 5:
                problems.append(f"plover_readings.tsv:{n}: expected 5 columns, found {len(cols)}")
                continue
            code, trigger, ptype, mode, _note = cols
            if code not in ontology.cameo_codes():
                problems.append(f"plover_readings.tsv:{n}: unknown CAMEO code {code!r}")
            elif ptype not in types or (mode != "-" and mode not in types[ptype]):
                problems.append(f"plover_readings.tsv:{n}: unknown PLOVER type/mode {ptype}/{mode}")
            else:
                out[(code, trigger)] = Plover(type=ptype, mode=None if mode == "-" else mode)
    if problems:
        raise LexiconError("bad PLOVER readings:\n  " + "\n  ".join(problems))
    return out


def validate_lexicon(paths: list[Path] | None = None) -> list[str]:
    """Every problem in the built-in lexicon (or the given files); empty when all is well."""
    files = _builtin_files() if paths is None else _user_files(paths)
    problems = _parse_files(files)[1]
    if paths is None:
        from flashpoint.coding.intent import validate_intent_table

        try:
            plover_readings()
        except LexiconError as e:
            problems.extend(str(e).splitlines()[1:])
        problems.extend(validate_intent_table())
    return problems
