"""The actor knowledge base as data: records, the YAML/TSV loader, and the validator.

The base lives in ``flashpoint/actors/data/`` as plain files a user can read and extend:

- ``countries.yaml``: every UN member state plus Taiwan, Palestine, Kosovo and the Holy See,
  with names, demonyms, capital, seats of government (the White House, the Kremlin ...) and
  other places (cities, regions) that point to the country;
- ``agents.yaml``: CAMEO sector codes, the sector words of news ("officials", "state media",
  "troops" ...), the titles of office ("prime minister", "foreign minister" ...) and the
  modifiers ("former", "deputy" ...);
- ``people*.yaml``: people with dated roles (head of state, head of government, foreign and
  defence ministers, leaders of organisations ...);
- ``organisations.yaml``: IGOs, UN bodies, armed groups, parties, security services;
- ``outlets.tsv``: news outlets (the Wall Street Journal -> USA MED).

Extra files in the same formats (YAML with the same top-level sections, or TSV with a header
line) add entries or replace entries with the same key (a country's ``code``; a person's,
organisation's or outlet's ``id``, which defaults to the name lowercased). A YAML entry with
``extend: true`` adds its aliases and roles to the existing entry instead of replacing it, and
``remove: true`` drops it. TSV files say their section in a ``# section: people`` line or by their
name (``people.tsv``, ``roles.tsv``, ``outlets.tsv``, ``organisations.tsv``, ``agents.tsv``,
``countries.tsv``); list cells are separated by ``|``. A TSV row of the people section adds one
role to the person named (creating the person when new).

Dates are ISO ``YYYY-MM-DD``; a role holds from ``start`` (inclusive) to ``end`` (exclusive),
so a successor may start the day the predecessor ends. Loading never fails on a bad entry: the
entry is skipped or the field ignored, and :func:`validate_knowledge_base` reports it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"

# CAMEO / PLOVER group codes allowed where a country code is expected
GROUP_CODES = {
    "IGO": "intergovernmental organisation",
    "UNO": "United Nations system",
    "EUR": "European Union",
    "NGO": "non-governmental organisation",
    "IMG": "transnational militarized group",
    "MNC": "multinational corporation",
    "ISM": "international social movement",
}

ROLE_KINDS_DEFAULT = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
)

SECTIONS = ("countries", "agents", "titles", "modifiers", "sectors", "people", "organisations", "outlets", "meta")

_FIELDS: dict[str, set[str]] = {
    "countries": {
        "code", "name", "aliases", "demonyms", "capital", "capital_aliases", "capital_metonym",
        "seats", "places", "titles", "un_member", "executive_president", "cased", "note",
        "extend", "remove",
    },
    "people": {"id", "name", "country", "aliases", "surname", "roles", "note", "cased", "extend", "remove"},
    "roles": {"role", "country", "org", "sector", "start", "end", "title", "note", "shared"},
    "organisations": {
        "id", "name", "aliases", "country", "sector", "code", "type", "periods", "titles",
        "leader_role", "cased", "note", "extend", "remove", "seats", "bare_aliases",
    },
    "periods": {"start", "end", "sector", "country", "note"},
    "outlets": {"id", "name", "aliases", "country", "sector", "cased", "note", "extend", "remove"},
    "seats": {"name", "aliases", "sector", "org", "cased", "note"},
}


class KnowledgeBaseError(ValueError):
    pass


# -- records ------------------------------------------------------------------------------


@dataclass(slots=True)
class Role:
    kind: str
    country: str | None
    org: str | None = None
    sector: str | None = "GOV"
    start: Date | None = None
    end: Date | None = None
    title: str | None = None
    note: str | None = None
    shared: bool = False
    source: str = ""

    def active(self, when: Date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)

    @property
    def holder_key(self) -> str | None:
        return self.org or self.country

    def span(self) -> str:
        return f"{self.start or '...'}..{self.end or ''}"


@dataclass(slots=True)
class Person:
    id: str
    name: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    surname: str | None = None
    roles: list[Role] = field(default_factory=list)
    note: str | None = None
    cased: bool = False
    source: str = ""

    def active_roles(self, when: Date) -> list[Role]:
        return [r for r in self.roles if r.active(when)]


@dataclass(slots=True)
class Seat:
    name: str
    country: str
    sector: str | None = "GOV"
    aliases: list[str] = field(default_factory=list)
    org: str | None = None
    cased: bool = False


@dataclass(slots=True)
class Country:
    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capital: str | None = None
    capital_aliases: list[str] = field(default_factory=list)
    # False: the capital is too ambiguous to stand for the government; a string: an org id
    # the capital stands for instead (Brussels -> the EU)
    capital_metonym: bool | str = True
    seats: list[Seat] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    un_member: bool = True
    executive_president: bool = False
    cased: list[str] = field(default_factory=list)
    note: str | None = None
    source: str = ""


@dataclass(slots=True)
class Period:
    sector: str | None
    start: Date | None = None
    end: Date | None = None
    country: str | None = None
    note: str | None = None

    def active(self, when: Date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(slots=True)
class Organisation:
    id: str
    name: str
    country: str
    sector: str | None = None
    code: str | None = None
    aliases: list[str] = field(default_factory=list)
    type: str | None = None
    periods: list[Period] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    leader_role: str | None = None
    cased: bool = False
    seats: list[Seat] = field(default_factory=list)
    note: str | None = None
    source: str = ""
    # names that denote the body only when the phrase names no country: "the Security
    # Council" is the UN's, "Russia's Security Council" is not
    bare_aliases: list[str] = field(default_factory=list)

    def at(self, when: Date) -> tuple[str, str | None, str]:
        """(country, sector, code) of the organisation at a date (dated periods first)."""
        for p in self.periods:
            if p.active(when):
                country = p.country or self.country
                return country, p.sector, _org_code(country, p.sector, None)
        return self.country, self.sector, self.code or _org_code(self.country, self.sector, None)


def _org_code(country: str, sector: str | None, code: str | None) -> str:
    return code or (country + (sector or ""))


@dataclass(slots=True)
class Outlet:
    id: str
    name: str
    country: str
    sector: str = "MED"
    aliases: list[str] = field(default_factory=list)
    cased: bool = False
    source: str = ""


@dataclass(slots=True)
class AgentWord:
    form: str
    sector: str | None
    weak: bool = False
    source: str = ""


@dataclass(slots=True)
class TitleWord:
    form: str
    key: str
    plural: bool = False
    weak: bool = False
    country: str | None = None  # the country a title implies alone ("the pope" -> VAT)
    source: str = ""


@dataclass
class KnowledgeData:
    """Everything the files say, merged, before indexing."""

    countries: dict[str, Country] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    outlets: dict[str, Outlet] = field(default_factory=dict)
    agents: dict[str, AgentWord] = field(default_factory=dict)
    titles: dict[str, TitleWord] = field(default_factory=dict)
    title_roles: dict[str, str] = field(default_factory=dict)  # title key -> default role kind
    modifiers: dict[str, str] = field(default_factory=dict)  # word -> former|deputy|honorific|...
    sectors: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


# -- reading files ------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps dates as strings, so a malformed date is reported, not raised."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

try:  # the C loader is ~10x faster; same resolvers once its class is adjusted the same way
    class _CLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        pass

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FAST_LOADER: type = _CLoader
except AttributeError:  # pragma: no cover - pyyaml without libyaml
    _FAST_LOADER = _Loader


def slug(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()] if "|" in value else [value.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: Any) -> Date | None:
    """An ISO date, or None for empty; raises ValueError when malformed."""
    if value is None or value == "":
        return None
    if isinstance(value, Date):
        return value
    s = str(value).strip()
    if not _DATE_RE.match(s):
        raise ValueError(f"malformed date {s!r} (want YYYY-MM-DD)")
    try:
        return Date.fromisoformat(s)
    except ValueError as exc:
        raise ValueError(f"malformed date {s!r} ({exc})") from None


def _read_yaml(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        doc = yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader subclass
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: cannot read: {exc}")
        return {}
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        problems.append(f"{path.name}: top level must be a mapping of sections ({', '.join(SECTIONS)})")
        return {}
    for key in doc:
        if key not in SECTIONS:
            problems.append(f"{path.name}: unknown section {key!r} (known: {', '.join(SECTIONS)})")
    return doc


_TSV_SECTION_RE = re.compile(r"^#\s*section\s*:\s*(\w+)", re.I)
_TSV_NAME_HINTS = (
    ("people", "people"), ("role", "people"), ("outlet", "outlets"), ("organi", "organisations"),
    ("agent", "agents"), ("countr", "countries"),
)


def _read_tsv(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(f"{path.name}: cannot read: {exc}")
        return {}
    section = None
    lines = []
    for line in text.splitlines():
        m = _TSV_SECTION_RE.match(line)
        if m:
            section = m.group(1).lower()
            continue
        if line.startswith("#") or not line.strip():
            continue
        lines.append(line)
    if section is None:
        stem = path.stem.lower()
        section = next((sec for hint, sec in _TSV_NAME_HINTS if hint in stem), None)
    if section == "organizations":
        section = "organisations"
    if section not in ("people", "outlets", "organisations", "agents", "countries"):
        problems.append(f"{path.name}: cannot tell the section; add a '# section: people' line")
        return {}
    if not lines:
        return {}
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for i, row in enumerate(reader, start=2):
        row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        row["_line"] = i
        rows.append(row)
    if section == "people":
        return {"people": _tsv_people(rows)}
    if section == "agents":
        return {"agents": [{"sector": r.get("sector") or None, "weak": _truthy(r.get("weak")),
                            "forms": _as_list(r.get("form") or r.get("forms")), "_line": r["_line"]}
                           for r in rows]}
    list_fields = {"aliases", "demonyms", "capital_aliases", "places"}
    out = []
    for r in rows:
        entry = {k: (_as_list(v) if k in list_fields else (v or None)) for k, v in r.items()}
        for flag in ("un_member", "cased", "executive_president"):
            if entry.get(flag) is not None:
                entry[flag] = _truthy(entry[flag])
        out.append(entry)
    return {section: out}


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "y")


def _tsv_people(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    for r in rows:
        name = r.get("name")
        if not name:
            people[f"_bad{r['_line']}"] = {"_line": r["_line"], "name": None}
            continue
        pid = r.get("id") or slug(name)
        p = people.setdefault(pid, {"id": pid, "name": name, "aliases": [], "roles": [],
                                    "extend": True, "_line": r["_line"]})
        if r.get("person_country"):
            p["country"] = r["person_country"]
        p["aliases"].extend(a for a in _as_list(r.get("aliases")) if a not in p["aliases"])
        if r.get("role"):
            role = {k: r.get(k) or None for k in ("role", "country", "org", "sector", "start", "end", "title", "note")}
            if role["sector"] is None:
                role.pop("sector")
            p["roles"].append(role)
    return list(people.values())


# -- merging ------------------------------------------------------------------------------


def _entries(doc: dict[str, Any], section: str, fname: str, problems: list[str]) -> Iterator[tuple[str, dict]]:
    items = doc.get(section) or []
    if not isinstance(items, list):
        problems.append(f"{fname}: section {section!r} must be a list")
        return
    for i, item in enumerate(items, start=1):
        where = f"{fname}:{section}[{item.get('_line', i) if isinstance(item, dict) else i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: entry must be a mapping, got {item!r}")
            continue
        yield where, item


def _merge(
    store: dict[str, dict], key: str, item: dict, where: str, deferred: list | None = None
) -> None:
    """Add, replace, remove or extend one entry. With ``deferred``, extensions wait there
    until every file is read, so an extension works whichever file loads first."""
    item = dict(item)
    item["_where"] = where
    if item.get("remove"):
        store.pop(key, None)
        return
    if item.get("extend") and deferred is not None:
        deferred.append((store, key, item, where))
        return
    if item.get("extend") and key in store:
        base = dict(store[key])
        for k, v in item.items():
            if k in ("extend", "_where"):
                continue
            if isinstance(v, list) and isinstance(base.get(k), list):
                base[k] = base[k] + [x for x in v if x not in base[k]]
            elif isinstance(v, dict) and isinstance(base.get(k), dict):
                base[k] = {**base[k], **v}
            elif v is not None:
                base[k] = v
        base["_where"] = f"{base['_where']} + {where}"
        store[key] = base
    else:
        store[key] = item


def read_files(paths: Iterable[Path]) -> tuple[dict[str, dict[str, dict]], dict[str, Any], list[str], list[str]]:
    """Raw merged entries of every section, in file order (later files win)."""
    problems: list[str] = []
    raw: dict[str, dict[str, dict]] = {s: {} for s in ("countries", "people", "organisations", "outlets")}
    raw_lists: dict[str, Any] = {"agents": [], "titles": [], "modifiers": {}, "sectors": {}, "meta": {}}
    files = []
    deferred: list[tuple[dict, str, dict, str]] = []
    for path in paths:
        path = Path(path)
        files.append(str(path))
        if not path.exists():
            problems.append(f"{path}: no such file")
            continue
        doc = _read_tsv(path, problems) if path.suffix.lower() in (".tsv", ".tab") else _read_yaml(path, problems)
        fname = path.name
        for where, item in _entries(doc, "countries", fname, problems):
            code = str(item.get("code") or "").strip().upper()
            if not code:
                problems.append(f"{where}: country without a code")
                continue
            _merge(raw["countries"], code, item, where, deferred)
        for section in ("people", "organisations", "outlets"):
            for where, item in _entries(doc, section, fname, problems):
                name = item.get("name")
                key = str(item.get("id") or (slug(name) if isinstance(name, str) else "")).strip()
                if not key:
                    problems.append(f"{where}: entry without a name or id")
                    continue
                _merge(raw[section], key, item, where, deferred)
        for where, item in _entries(doc, "agents", fname, problems):
            raw_lists["agents"].append((where, item))
        for where, item in _entries(doc, "titles", fname, problems):
            raw_lists["titles"].append((where, item))
        for section in ("modifiers", "sectors", "meta"):
            value = doc.get(section)
            if value is None:
                continue
            if not isinstance(value, dict):
                problems.append(f"{fname}: section {section!r} must be a mapping")
                continue
            raw_lists[section].update({k: (v, fname) for k, v in value.items()})
    for store, key, item, where in deferred:
        _merge(store, key, item, where)
    return raw, raw_lists, problems, files


# -- building records ----------------------------------------------------------------------


def _check_fields(kind: str, item: dict, where: str, problems: list[str]) -> None:
    known = _FIELDS[kind]
    for k in item:
        if not k.startswith("_") and k not in known:
            problems.append(f"{where}: unknown field {k!r}")


def _date_field(value: Any, what: str, where: str, problems: list[str]) -> tuple[Date | None, bool]:
    try:
        return parse_date(value), True
    except ValueError as exc:
        problems.append(f"{where}: {what}: {exc}")
        return None, False


def build(paths: Iterable[Path]) -> KnowledgeData:
    raw, lists, problems, files = read_files(paths)
    data = KnowledgeData(problems=problems, files=files)

    for code, (desc, _f) in ((k, v) for k, v in lists["sectors"].items()):
        data.sectors[str(code).upper()] = str(desc)
    data.meta = {k: v for k, (v, _f) in lists["meta"].items()}
    for word, (kind, _f) in lists["modifiers"].items():
        data.modifiers[str(word).lower()] = str(kind)

    for code, item in raw["countries"].items():
        where = f"{item['_where']} ({code})"
        _check_fields("countries", item, where, problems)
        name = item.get("name")
        if not name:
            problems.append(f"{where}: country without a name")
            continue
        seats = []
        for s in item.get("seats") or []:
            if isinstance(s, str):
                s = {"name": s}
            if not isinstance(s, dict) or not s.get("name"):
                problems.append(f"{where}: bad seat {s!r}")
                continue
            _check_fields("seats", s, f"{where} seat {s.get('name')!r}", problems)
            seats.append(Seat(name=str(s["name"]), country=code, sector=s.get("sector", "GOV"),
                              aliases=_as_list(s.get("aliases")), org=s.get("org"), cased=bool(s.get("cased"))))
        titles = item.get("titles") or {}
        if not isinstance(titles, dict):
            problems.append(f"{where}: titles must be a mapping of title -> role")
            titles = {}
        metonym = item.get("capital_metonym", True)
        data.countries[code] = Country(
            code=code, name=str(name), aliases=_as_list(item.get("aliases")),
            demonyms=_as_list(item.get("demonyms")), capital=item.get("capital"),
            capital_aliases=_as_list(item.get("capital_aliases")),
            capital_metonym=metonym if isinstance(metonym, (bool, str)) else True,
            seats=seats, places=_as_list(item.get("places")),
            titles={str(k).lower(): str(v) for k, v in titles.items()},
            un_member=bool(item.get("un_member", True)),
            executive_president=bool(item.get("executive_president", False)),
            cased=_as_list(item.get("cased")), note=item.get("note"), source=where,
        )

    for oid, item in raw["organisations"].items():
        where = f"{item['_where']} ({item.get('name') or oid})"
        _check_fields("organisations", item, where, problems)
        if not item.get("name") or not item.get("country"):
            problems.append(f"{where}: organisation needs a name and a country (ISO3 or group code)")
            continue
        periods = []
        for p in item.get("periods") or []:
            if not isinstance(p, dict):
                problems.append(f"{where}: bad period {p!r}")
                continue
            _check_fields("periods", p, where, problems)
            start, ok1 = _date_field(p.get("start"), "period start", where, problems)
            end, ok2 = _date_field(p.get("end"), "period end", where, problems)
            if ok1 and ok2:
                periods.append(Period(sector=p.get("sector"), start=start, end=end,
                                      country=p.get("country"), note=p.get("note")))
        seats = []
        for s in item.get("seats") or []:
            if isinstance(s, str):
                s = {"name": s}
            seats.append(Seat(name=str(s["name"]), country=str(item["country"]), sector=s.get("sector"),
                              aliases=_as_list(s.get("aliases")), org=oid, cased=bool(s.get("cased"))))
        titles = item.get("titles") or {}
        data.organisations[oid] = Organisation(
            id=oid, name=str(item["name"]), country=str(item["country"]).upper(),
            sector=item.get("sector"), code=item.get("code"), aliases=_as_list(item.get("aliases")),
            type=item.get("type"), periods=periods,
            titles={str(k).lower(): str(v) for k, v in titles.items()} if isinstance(titles, dict) else {},
            leader_role=item.get("leader_role"), cased=bool(item.get("cased")), seats=seats,
            note=item.get("note"), source=where, bare_aliases=_as_list(item.get("bare_aliases")),
        )

    for pid, item in raw["people"].items():
        where = f"{item['_where']} ({item.get('name') or pid})"
        _check_fields("people", item, where, problems)
        if not item.get("name"):
            problems.append(f"{where}: person without a name")
            continue
        roles = []
        for j, r in enumerate(item.get("roles") or [], start=1):
            rwhere = f"{where} role {j}"
            if not isinstance(r, dict):
                problems.append(f"{rwhere}: role must be a mapping")
                continue
            _check_fields("roles", r, rwhere, problems)
            if not r.get("role"):
                problems.append(f"{rwhere}: role without a kind ('role: head_of_state' ...)")
                continue
            if not r.get("country") and not r.get("org"):
                problems.append(f"{rwhere}: role needs a country or an org")
                continue
            start, ok1 = _date_field(r.get("start"), "start", rwhere, problems)
            end, ok2 = _date_field(r.get("end"), "end", rwhere, problems)
            if not (ok1 and ok2):
                continue  # a role with a bad date is not used
            roles.append(Role(
                kind=str(r["role"]), country=(str(r["country"]).upper() if r.get("country") else None),
                org=r.get("org"), sector=r.get("sector", None if r.get("org") else "GOV"), start=start, end=end,
                title=r.get("title"), note=r.get("note"), shared=bool(r.get("shared")),
                source=f"{rwhere} {r['role']} {r.get('country') or r.get('org')} {start or '...'}..{end or ''}",
            ))
        country = item.get("country")
        if not country and roles:
            country = roles[0].country
        surname: str | None
        if "surname" in item:
            surname = item["surname"] or None
        else:
            surname = str(item["name"]).split()[-1]
        data.people[pid] = Person(
            id=pid, name=str(item["name"]), country=str(country).upper() if country else None,
            aliases=_as_list(item.get("aliases")), surname=surname, roles=roles,
            note=item.get("note"), cased=bool(item.get("cased")), source=where,
        )

    for oid, item in raw["outlets"].items():
        where = f"{item['_where']} ({item.get('name') or oid})"
        _check_fields("outlets", item, where, problems)
        if not item.get("name") or not item.get("country"):
            problems.append(f"{where}: outlet needs a name and a country")
            continue
        data.outlets[oid] = Outlet(
            id=oid, name=str(item["name"]), country=str(item["country"]).upper(),
            sector=str(item.get("sector") or "MED"), aliases=_as_list(item.get("aliases")),
            cased=bool(item.get("cased")), source=where,
        )

    generated: dict[str, AgentWord] = {}
    for where, item in lists["agents"]:
        forms = _as_list(item.get("forms") or item.get("form"))
        if not forms:
            problems.append(f"{where}: agent entry without forms")
            continue
        sector = item.get("sector")
        weak = bool(item.get("weak"))
        if sector is None and not weak:
            problems.append(f"{where}: agent entry {forms[0]!r} without a sector (only weak words may have none)")
            continue
        for form in forms:
            if slug(form) in data.agents and data.agents[slug(form)].source.split(":")[0] == where.split(":")[0]:
                problems.append(f"{where}: agent word {form!r} listed twice (also {data.agents[slug(form)].source})")
            data.agents[slug(form)] = AgentWord(form=form, sector=sector, weak=weak, source=where)
            for f in _plurals(form) if item.get("plural", True) else ():
                generated[slug(f)] = AgentWord(form=f, sector=sector, weak=weak, source=where)
    for key, word in generated.items():  # a listed form wins over a generated plural
        data.agents.setdefault(key, word)

    for where, item in lists["titles"]:
        key = item.get("key")
        forms = _as_list(item.get("forms"))
        if not key or not forms:
            problems.append(f"{where}: title entry needs a key and forms")
            continue
        if item.get("role"):
            data.title_roles[str(key)] = str(item["role"])
        for form in forms:
            country = item.get("country")
            data.titles[slug(form)] = TitleWord(form=form, key=str(key), weak=bool(item.get("weak")),
                                                country=country, source=where)
            for pl in _plurals(form):
                data.titles.setdefault(slug(pl), TitleWord(form=pl, key=str(key), plural=True,
                                                           weak=bool(item.get("weak")), country=country,
                                                           source=where))
    return data


_IRREGULAR = {"man": "men", "woman": "women", "person": "people", "child": "children",
              "chief": "chiefs", "staff": "staff", "police": "police", "media": "media",
              "militia": "militias", "press": "press", "intelligence": "intelligence",
              "personnel": "personnel", "clergy": "clergy", "public": "public"}


def _plurals(form: str) -> list[str]:
    """Regular English plurals of the last word of a phrase ("warplane" -> "warplanes")."""
    words = form.split()
    if not words:
        return []
    last = words[-1]
    low = last.lower()
    if low in _IRREGULAR:
        pl = _IRREGULAR[low]
    elif low.endswith("man") and len(low) > 4:
        pl = last[:-3] + "men"
    elif low.endswith(("ss", "x", "z", "ch", "sh")):
        pl = last + "es"
    elif low.endswith("s"):
        return []  # already plural, or a mass noun ("press", "forces")
    elif low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        pl = last[:-1] + "ies"
    else:
        pl = last + "s"
    if pl == last:
        return []
    return [" ".join([*words[:-1], pl])]


# -- validation ----------------------------------------------------------------------------


def validate_data(data: KnowledgeData) -> list[str]:
    """Every problem of a loaded base: load problems plus codes, sectors, dates and overlaps."""
    problems = list(data.problems)
    countries = set(data.countries) | set(GROUP_CODES)
    sectors = set(data.sectors)

    def check_country(code: str | None, where: str) -> None:
        if code and code.upper() not in countries:
            problems.append(f"{where}: unknown country code {code!r}")

    def check_sector(code: str | None, where: str) -> None:
        if code is None or not sectors:
            return
        if code not in sectors:
            problems.append(f"{where}: unknown sector code {code!r}")

    for c in data.countries.values():
        if not re.fullmatch(r"[A-Z]{3}", c.code):
            problems.append(f"{c.source}: country code {c.code!r} is not three capital letters")
        for s in c.seats:
            check_sector(s.sector, f"{c.source} seat {s.name!r}")
            if s.org and s.org not in data.organisations:
                problems.append(f"{c.source} seat {s.name!r}: unknown organisation {s.org!r}")
        if isinstance(c.capital_metonym, str) and c.capital_metonym not in data.organisations:
            problems.append(f"{c.source}: capital_metonym names unknown organisation {c.capital_metonym!r}")
        for role in c.titles.values():
            if not re.fullmatch(r"[a-z_]+", role):
                problems.append(f"{c.source}: title override {role!r} is not a role kind")

    for o in data.organisations.values():
        check_country(o.country, o.source)
        check_sector(o.sector, o.source)
        if o.code and not o.code.startswith(o.country):
            problems.append(f"{o.source}: code {o.code!r} does not start with its country {o.country!r}")
        for p in o.periods:
            check_country(p.country, o.source)
            check_sector(p.sector, o.source)
            if p.start and p.end and p.end <= p.start:
                problems.append(f"{o.source}: period ends ({p.end}) before it starts ({p.start})")

    file_order = {Path(f).name: i for i, f in enumerate(data.files)}

    def rank(role: Role) -> int:
        return file_order.get(role.source.split(":", 1)[0], -1)

    holders: dict[tuple[str, str], list[tuple[Role, Person]]] = {}
    for person in data.people.values():
        check_country(person.country, person.source)
        for r in person.roles:
            check_country(r.country, r.source)
            check_sector(r.sector, r.source)
            if r.org and r.org not in data.organisations:
                problems.append(f"{r.source}: unknown organisation {r.org!r}")
            if r.start and r.end and r.end <= r.start:
                problems.append(f"{r.source}: ends ({r.end}) before it starts ({r.start})")
                continue
            if r.holder_key and not r.shared:
                holders.setdefault((r.holder_key, r.kind), []).append((r, person))
    for (key, kind), items in sorted(holders.items()):
        items.sort(key=lambda rp: rp[0].start or Date.min)
        for i, (a, pa) in enumerate(items):
            for b, pb in items[i + 1:]:
                a_end = a.end or Date.max
                if (b.start or Date.min) < a_end:
                    if pa.id == pb.id and a.start == b.start and a.end == b.end:
                        problems.append(f"{b.source}: duplicate role of {pa.name}")
                        continue
                    # report it at the entry of the later file (a user's file, usually)
                    first, other, pf, po = (b, a, pb, pa) if rank(b) >= rank(a) else (a, b, pa, pb)
                    problems.append(
                        f"{first.source}: overlapping {kind} of {key}: {pf.name} {first.span()} "
                        f"overlaps {po.name} {other.span()} ({other.source.split(' role ')[0]})"
                    )
                else:
                    break

    for o in data.outlets.values():
        check_country(o.country, o.source)
        check_sector(o.sector, o.source)
    for a in data.agents.values():
        check_sector(a.sector, f"{a.source} agent {a.form!r}")
    return problems
