"""Cross-check the knowledge base's dated roles against the Phoenix (PETRARCH) country actors.

The Phoenix dictionary ``Phoenix.Countries.actors.txt`` (TABARI format, generated from
CountryInfo.txt) lists people with dated codes::

    HAMID_KARZAI_  # CountryInfo.txt
    +KARZAI_
    +PRESIDENT_KARZAI_
        [AFGELI 750101-000101]
        [AFGGOV >011222]
        [AFGELI]

A code line restricts its code to a date range (``>YYMMDD`` from that day on, ``<YYMMDD``
before it, ``YYMMDD-YYMMDD`` between, none = always); the first line that matches a date wins.
Two-digit years up to 30 are 20xx, the others 19xx; eight digits are a full year.

:func:`crosscheck_phoenix` finds each dated Phoenix person in the base (by the full name or a
synonym of two words or more, accents and case folded), and compares, on the 1st of July of
each year 2000-2015, the Phoenix code with ``kb.resolve(name, date)``. (Mid-year, because
CountryInfo writes a placeholder ``ELI`` period ending exactly on 2000-01-01 for many people.)

- *office agreement*: the same country, and both in office (a ``GOV`` code) or both out of it
  (Phoenix ``ELI`` or another sector; ours a non-``GOV`` sector or none).
- *exact agreement*: the same code (our "no role" read as ``ELI``, Phoenix's convention).
- the disagreements split in two: **ours only** (we hold the person in office, Phoenix does
  not: the ones to check, one side is wrong) and **Phoenix only** (Phoenix codes ``GOV``, we
  have no role: mostly offices the base does not record, such as other cabinet posts, or
  Phoenix's open-ended ``>YYMMDD`` lines for people who left office before 2014).
- *role precision*: of the dates we hold the person in office, the share Phoenix agrees with.

Run ``python -m flashpoint.actors.crosscheck path/to/Phoenix.Countries.actors.txt``. The file is
read where it lies; nothing of it is copied into the package.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from flashpoint.actors.resolver import KnowledgeBase, fold

YEARS = range(2000, 2016)
# Phoenix country codes that are not ISO3 (conventions, not disagreements)
PHOENIX_CODES = {"TMP": "TLS", "KSV": "XKX"}
# codes of international bodies rather than states: a person holding an international office
# (UN Secretary-General, Commission president) is coded by it here, while Phoenix often keeps
# the national code of the politician they were; a difference of convention, reported apart
INTERNATIONAL_CODES = {"IGO", "UNO", "EUR", "NGO", "IMG", "NAT", "AFR", "ASA"}
_CODE_RE = re.compile(r"\[([^\]\s]+)(?:\s+([^\]]*))?\]")


@dataclass
class PhoenixEntry:
    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, restriction)
    line: int = 0

    def dated(self) -> bool:
        return any(r for _c, r in self.codes)

    def code_at(self, day: Date) -> str | None:
        for code, restriction in self.codes:
            if _matches(restriction, day):
                return code
        return None


@dataclass
class Disagreement:
    name: str
    day: Date
    phoenix: str
    ours: str | None

    def __str__(self) -> str:
        return f"{self.name:32} {self.day}  Phoenix {self.phoenix:10} ours {self.ours or '-'}"


@dataclass
class CrosscheckReport:
    phoenix_people: int = 0  # dated Phoenix entries
    phoenix_leaders: int = 0  # ... with a GOV period overlapping the years compared
    matched: int = 0
    matched_leaders: int = 0
    dates_compared: int = 0
    office_agreements: int = 0
    exact_agreements: int = 0
    both_in_office: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)  # all office disagreements
    ours_only: list[Disagreement] = field(default_factory=list)  # ours GOV, Phoenix not
    phoenix_only: list[Disagreement] = field(default_factory=list)  # Phoenix GOV, ours not
    other_country: list[Disagreement] = field(default_factory=list)
    international_office: list[Disagreement] = field(default_factory=list)
    missing_leaders: list[str] = field(default_factory=list)
    by_country: Counter = field(default_factory=Counter)  # disagreements per Phoenix country

    @property
    def office_rate(self) -> float:
        return self.office_agreements / self.dates_compared if self.dates_compared else 0.0

    @property
    def role_precision(self) -> float:
        held = self.both_in_office + len(self.ours_only)
        return self.both_in_office / held if held else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact_agreements / self.dates_compared if self.dates_compared else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "phoenix_people": self.phoenix_people, "phoenix_leaders": self.phoenix_leaders,
            "matched": self.matched, "matched_leaders": self.matched_leaders,
            "dates_compared": self.dates_compared, "office_agreements": self.office_agreements,
            "exact_agreements": self.exact_agreements, "disagreements": len(self.disagreements),
            "ours_only": len(self.ours_only), "phoenix_only": len(self.phoenix_only),
            "other_country": len(self.other_country),
            "international_office": len(self.international_office),
            "office_rate": round(self.office_rate, 4), "exact_rate": round(self.exact_rate, 4),
            "role_precision": round(self.role_precision, 4),
            "missing_leaders": len(self.missing_leaders),
        }

    def format(self, limit: int = 60) -> str:
        lines = [
            f"Phoenix dated people: {self.phoenix_people} ({self.phoenix_leaders} in office (GOV) "
            f"some time in {YEARS[0]}-{YEARS[-1]})",
            f"matched in the base: {self.matched} ({self.matched_leaders} of the leaders, "
            f"{self.matched_leaders / self.phoenix_leaders:.1%})" if self.phoenix_leaders else
            f"matched in the base: {self.matched}",
            f"dates compared (1 July {YEARS[0]}-{YEARS[-1]}): {self.dates_compared}",
            f"office agreement (same country, both in office or both out): {self.office_agreements} "
            f"({self.office_rate:.1%})",
            f"exact code agreement: {self.exact_agreements} ({self.exact_rate:.1%})",
            f"office disagreements: {len(self.disagreements)} = ours only (we: in office, Phoenix: not) "
            f"{len(self.ours_only)} + Phoenix only (Phoenix GOV, we: no role) {len(self.phoenix_only)} "
            f"+ other country {len(self.other_country)} + international office (we: the body's code, "
            f"Phoenix: the national one, or the other way) {len(self.international_office)}",
            f"role precision (dates we hold in office that Phoenix agrees with): "
            f"{self.both_in_office}/{self.both_in_office + len(self.ours_only)} ({self.role_precision:.1%})",
        ]
        for title, items in (("ours only (to check)", self.ours_only), ("other country", self.other_country),
                             ("international office", self.international_office),
                             ("Phoenix only", self.phoenix_only)):
            if items:
                lines.append("")
                lines.append(f"{title}: {len(items)}" + (f" (first {limit})" if len(items) > limit else ""))
                lines.extend("  " + str(d) for d in items[:limit])
        if self.disagreements:
            lines.append("")
            lines.append("disagreements by Phoenix country: " + ", ".join(
                f"{c} {n}" for c, n in self.by_country.most_common(25)))
        if self.missing_leaders:
            lines.append("")
            lines.append(f"Phoenix people in office (any GOV code) not in the base: {len(self.missing_leaders)};"
                         f" longest in office first: " + "; ".join(self.missing_leaders[:limit]))
        return "\n".join(lines)


# -- reading Phoenix ----------------------------------------------------------------------


def _date6(s: str) -> Date:
    s = s.strip()
    if len(s) == 8:
        return Date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    if len(s) != 6:
        raise ValueError(s)
    yy = int(s[:2])
    year = 2000 + yy if yy <= 30 else 1900 + yy
    return Date(year, int(s[2:4]), int(s[4:6]))


def _matches(restriction: str, day: Date) -> bool:
    r = restriction.strip()
    if not r:
        return True
    try:
        if r.startswith(">"):
            return day >= _date6(r[1:])
        if r.startswith("<"):
            return day < _date6(r[1:])
        if "-" in r:
            a, b = r.split("-", 1)
            return _date6(a) <= day <= _date6(b)
    except ValueError:
        return False
    return False


def _clean_name(raw: str) -> str:
    name = raw.split("#", 1)[0]
    name = _CODE_RE.sub(" ", name)
    name = name.replace('"', " ").replace("_", " ")
    return re.sub(r"\s+", " ", name).strip()


def read_phoenix(path: Path | str) -> list[PhoenixEntry]:
    """The entries of a TABARI/PETRARCH actor dictionary, in file order."""
    entries: list[PhoenixEntry] = []
    cur: PhoenixEntry | None = None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for i, line in enumerate(fh, start=1):
            raw = line.rstrip("\n")
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("+"):
                if cur is not None:
                    cur.synonyms.append(_clean_name(stripped[1:]))
                continue
            if stripped.startswith("["):
                if cur is not None:
                    for code, restriction in _CODE_RE.findall(stripped):
                        cur.codes.append((code, restriction or ""))
                continue
            if raw[:1].isspace():
                continue
            cur = PhoenixEntry(name=_clean_name(raw), line=i)
            for code, restriction in _CODE_RE.findall(raw.split("#", 1)[0]):
                cur.codes.append((code, restriction or ""))
            entries.append(cur)
    return entries


# -- comparing -----------------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(fold(name).lower().replace(".", " ").replace("-", " ").replace("`", "'").split())


_PARTICLES = {"al", "el", "ul", "bin", "ibn", "de", "da", "dos", "van", "von", "der", "sir", "sheikh"}


def _short_key(name: str) -> str | None:
    """First and last word without particles ("John Agyekum Kufuor" -> "john kufuor")."""
    words = [w for w in _key(name).split() if w not in _PARTICLES]
    return f"{words[0]} {words[-1]}" if len(words) >= 2 else None


def _in_office(code: str | None) -> bool:
    return bool(code) and code[3:6] == "GOV"  # type: ignore[index]




def crosscheck_phoenix(path: Path | str, kb: KnowledgeBase, *, years: range = YEARS) -> CrosscheckReport:
    """Compare Phoenix's dated person codes with the base's resolution at the same dates."""
    index: dict[str, list[str]] = {}
    for pid, person in kb.data.people.items():
        for n in (person.name, *person.aliases):
            for k in (_key(n), _short_key(n)) if len(n.split()) >= 2 else ():
                if k and pid not in index.get(k, []):
                    index.setdefault(k, []).append(pid)
    days = [Date(y, 7, 1) for y in years]
    first, last = Date(years[0], 1, 1), Date(years[-1], 12, 31)
    report = CrosscheckReport()
    seen: set[str] = set()
    missing: list[tuple[int, int, str]] = []
    for entry in read_phoenix(path):
        if not entry.dated():
            continue
        report.phoenix_people += 1
        leader = any(_in_office(c) and r and _overlaps(r, first, last) for c, r in entry.codes)
        report.phoenix_leaders += leader
        candidates: list[str] = []
        for n in (entry.name, *entry.synonyms):
            if len(n.split()) >= 2:
                candidates += [p for p in index.get(_key(n), []) if p not in candidates]
        if not candidates:  # then by first and last name ("John Agyekum Kufuor")
            for n in (entry.name, *entry.synonyms):
                k = _short_key(n) if len(n.split()) >= 2 else None
                candidates += [p for p in index.get(k or "", []) if p not in candidates]
        # the same name may be two people (David Johnston of Canada and of Australia): keep
        # those of a country the Phoenix entry codes, then the one agreeing best
        ph_countries = {_country(c) for c, _r in entry.codes}
        candidates = [p for p in candidates if _person_countries(kb, p) & ph_countries]
        if candidates and all(p in seen for p in candidates):
            continue  # a second Phoenix entry for a person already compared
        candidates = [p for p in candidates if p not in seen]
        if not candidates:
            if leader:
                years_in = sum(1 for d in days if _in_office(entry.code_at(d)))
                missing.append((-years_in, entry.line, f"{entry.name.title()} ({_gov_codes(entry)})"))
            continue
        rows_by_pid = {p: _compare(kb, kb.data.people[p], entry, days) for p in candidates}
        pid = max(candidates, key=lambda p: sum(ok for *_x, ok in rows_by_pid[p]))
        seen.add(pid)  # two Phoenix entries for one person: compare the first only
        report.matched += 1
        report.matched_leaders += leader
        person = kb.data.people[pid]
        for day, ph, ours, _ok in rows_by_pid[pid]:
            report.dates_compared += 1
            if ph.startswith("IGOUNO"):
                ph = ph[3:]  # Phoenix's "IGOUNOIAE" is the UN system's IAEA, our "UNOIAE"
            ours_norm = (ours if ours and len(ours) > 3 else (ours + "ELI" if ours else None))
            if ours_norm == ph:
                report.exact_agreements += 1
            if ours and ours[:3] == ph[:3] and _in_office(ours) == _in_office(ph):
                report.office_agreements += 1
                report.both_in_office += _in_office(ours)
                continue
            d = Disagreement(person.name, day, ph, ours)
            report.disagreements.append(d)
            report.by_country[ph[:3]] += 1
            if ours and (ours[:3] in INTERNATIONAL_CODES) != (ph[:3] in INTERNATIONAL_CODES):
                report.international_office.append(d)
            elif not ours or ours[:3] != ph[:3]:
                report.other_country.append(d)
            elif _in_office(ours):
                report.ours_only.append(d)
            else:
                report.phoenix_only.append(d)
    # the longest-serving first: those are the gaps that matter most
    report.missing_leaders = [m for *_k, m in sorted(missing)]
    return report


def _country(code: str) -> str:
    return PHOENIX_CODES.get(code[:3], code[:3])


def _person_countries(kb: KnowledgeBase, pid: str) -> set[str]:
    p = kb.data.people[pid]
    return {c for c in (p.country, *(r.country for r in p.roles)) if c}


def _compare(kb: KnowledgeBase, person: Any, entry: PhoenixEntry, days: list[Date]) -> list[tuple]:
    """(day, Phoenix code, our code, office agreement) for the days Phoenix codes the entry."""
    rows = []
    for day in days:
        ph = entry.code_at(day)
        if not ph:
            continue
        ph = _country(ph) + ph[3:]
        actor = kb.resolve(person.name, day)
        ours = actor.code if actor else None
        if ours and ours[:3] != ph[:3]:
            # a person holding roles in several countries (the British monarch in the realms)
            for r in person.active_roles(day):
                if r.country == ph[:3]:
                    ours = r.country + (r.sector or "")
                    break
        ok = bool(ours) and ours[:3] == ph[:3] and _in_office(ours) == _in_office(ph)
        rows.append((day, ph, ours, ok))
    return rows


def _overlaps(restriction: str, first: Date, last: Date) -> bool:
    r = restriction.strip()
    try:
        if r.startswith(">"):
            return _date6(r[1:]) <= last
        if r.startswith("<"):
            return _date6(r[1:]) > first
        if "-" in r:
            a, b = r.split("-", 1)
            return _date6(a) <= last and _date6(b) >= first
    except ValueError:
        return False
    return True


def _gov_codes(entry: PhoenixEntry) -> str:
    return ", ".join(f"{c} {r}" for c, r in entry.codes if _in_office(c) and r)


def main(argv: list[str] | None = None) -> int:
    from flashpoint.actors import load_knowledge_base

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m flashpoint.actors.crosscheck path/to/Phoenix.Countries.actors.txt [LIMIT]",
              file=sys.stderr)
        return 2
    path = Path(args[0])
    if not path.exists():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    limit = int(args[1]) if len(args) > 1 else 60
    kb = load_knowledge_base(former_sector="ELI")
    print(crosscheck_phoenix(path, kb).format(limit=limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
