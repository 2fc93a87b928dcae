"""CAMEO and PLOVER tables: event codes, Goldstein scores, quad classes and the mapping.

The tables are package data in ``ontology/data/`` (tab-separated, ``#`` comments):

- ``cameo.tsv``: every CAMEO 1.1b3 event code (roots ``01``..``20`` and their 3- and 4-digit
  codes) with its name, Goldstein score and quad class;
- ``plover.tsv``: the 16 PLOVER 2.0 event types, their quad class and their modes;
- ``cameo_plover.tsv``: the PLOVER type and mode (``-`` for none) of each CAMEO code.

Quad classes follow flashpoint's convention, fixed by the CAMEO root:

====  ======================  ===========
quad  meaning                 CAMEO roots
====  ======================  ===========
1     verbal cooperation      01-05
2     material cooperation    06-08
3     verbal conflict         09-13
4     material conflict       14-20
====  ======================  ===========

GDELT's ``QuadClass`` differs (it counts root 09 as material cooperation and root 14 as
verbal conflict); do not compare the two without converting.

>>> cameo("041").name, cameo("041").goldstein, quad_class("041")
('Discuss by telephone', 1.0, 1)
>>> plover_for("041")
Plover(type='CONSULT', mode='phone')
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from flashpoint.model import CameoCode, Plover

__all__ = [
    "QUAD_CLASSES",
    "cameo",
    "cameo_codes",
    "plover_for",
    "plover_types",
    "quad_class",
    "validate_ontology",
]

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def _rows(name: str) -> list[tuple[int, list[str]]]:
    """Data rows of a package TSV file as (line number, cells); comments and header skipped."""
    text = (resources.files(__package__) / "data" / name).read_text(encoding="utf-8")
    out = []
    header_seen = False
    for lineno, row in enumerate(
        csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), start=1
    ):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        if not header_seen:  # the first non-comment line names the columns
            header_seen = True
            continue
        out.append((lineno, [c.strip() for c in row]))
    return out


def _none(cell: str) -> str | None:
    return None if cell in ("", "-") else cell


def _root_quad(code: str) -> int:
    """The quad class a code's root puts it in (flashpoint convention)."""
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    raise ValueError(f"not a CAMEO root: {code[:2]!r}")


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO event code, keyed by its code string ("04", "041", "0311", "163")."""
    codes: dict[str, CameoCode] = {}
    for _lineno, cells in _rows("cameo.tsv"):
        code, name, goldstein, quad = cells[:4]
        codes[code] = CameoCode(code=code, name=name, goldstein=float(goldstein), quad_class=int(quad))
    return codes


@lru_cache(maxsize=1)
def _plover_map() -> dict[str, Plover | None]:
    out: dict[str, Plover | None] = {}
    for _lineno, cells in _rows("cameo_plover.tsv"):
        cells = (cells + ["-", "-", "-"])[:3]
        code, ptype, mode = cells
        ptype_ = _none(ptype)
        out[code] = Plover(type=ptype_, mode=_none(mode)) if ptype_ else None
    return out


@lru_cache(maxsize=1)
def _plover_table() -> dict[str, tuple[int, tuple[str, ...]]]:
    out: dict[str, tuple[int, tuple[str, ...]]] = {}
    for _lineno, cells in _rows("plover.tsv"):
        ptype, quad, modes = (cells + ["-", "-", "-"])[:3]
        mode_list = tuple(m.strip() for m in modes.split(",") if m.strip() and m.strip() != "-")
        out[ptype] = (int(quad), mode_list)
    return out


def _normalise(code: str) -> str:
    return str(code).strip()


def cameo(code: str) -> CameoCode:
    """The CAMEO code record for ``code``; ``KeyError`` if CAMEO has no such code."""
    key = _normalise(code)
    try:
        return cameo_codes()[key]
    except KeyError:
        raise KeyError(
            f"unknown CAMEO event code {code!r}: codes are 2-4 digit strings with a root "
            f"01..20, such as '04', '041' or '0311' (keep the leading zero)"
        ) from None


def plover_for(code: str) -> Plover | None:
    """The PLOVER type and mode (mode may be None) of a CAMEO code; None if PLOVER has none.

    Raises ``KeyError`` for a code CAMEO does not have. A fresh ``Plover`` is returned each
    call, so callers may keep or change it.
    """
    key = cameo(code).code
    p = _plover_map().get(key)
    return Plover(type=p.type, mode=p.mode) if p else None


def plover_types() -> dict[str, list[str]]:
    """Each of the 16 PLOVER event types with its modes (empty list for types without modes)."""
    return {t: list(modes) for t, (_quad, modes) in _plover_table().items()}


def plover_quad_class(ptype: str) -> int:
    """The quad class PLOVER gives an event type (its own convention: SANCTION is 3, PROTEST 4)."""
    try:
        return _plover_table()[ptype][0]
    except KeyError:
        raise KeyError(f"unknown PLOVER event type {ptype!r}") from None


def quad_class(code: str) -> int:
    """The quad class (1-4, flashpoint convention) of a CAMEO code."""
    return cameo(code).quad_class


def validate_ontology() -> list[str]:
    """Every problem found in the ontology tables; an empty list when all is well."""
    problems: list[str] = []

    seen: dict[str, int] = {}
    for lineno, cells in _rows("cameo.tsv"):
        where = f"cameo.tsv:{lineno}"
        if len(cells) < 4:
            problems.append(f"{where}: expected code, name, goldstein, quad_class; got {cells!r}")
            continue
        code, name, goldstein, quad = cells[:4]
        if code in seen:
            problems.append(f"{where}: duplicate code {code!r}, first at line {seen[code]}")
            continue
        seen[code] = lineno
        if not (code.isdigit() and len(code) in (2, 3, 4) and 1 <= int(code[:2]) <= 20):
            problems.append(f"{where}: malformed CAMEO code {code!r}")
            continue
        if not name:
            problems.append(f"{where}: code {code} has no name")
        try:
            g = float(goldstein)
            if not -10.0 <= g <= 10.0:
                problems.append(f"{where}: Goldstein score {g} of {code} outside [-10, 10]")
        except ValueError:
            problems.append(f"{where}: Goldstein score of {code} is not a number: {goldstein!r}")
        if quad != str(_root_quad(code)):
            problems.append(
                f"{where}: quad class of {code} is {quad!r}; root {code[:2]} gives {_root_quad(code)}"
            )
    codes = set(seen)
    for code in sorted(codes):
        parent = code[:2] if len(code) == 3 else code[:3] if len(code) == 4 else None
        if parent and parent not in codes:
            problems.append(f"cameo.tsv: code {code} has no parent code {parent}")
    missing_roots = [f"{r:02d}" for r in range(1, 21) if f"{r:02d}" not in codes]
    if missing_roots:
        problems.append(f"cameo.tsv: missing roots {', '.join(missing_roots)}")

    ptypes: dict[str, tuple[str, ...]] = {}
    for lineno, cells in _rows("plover.tsv"):
        where = f"plover.tsv:{lineno}"
        if len(cells) < 3:
            problems.append(f"{where}: expected type, quad_class, modes; got {cells!r}")
            continue
        ptype, quad, modes = cells[:3]
        if ptype in ptypes:
            problems.append(f"{where}: duplicate PLOVER type {ptype!r}")
        if quad not in ("1", "2", "3", "4"):
            problems.append(f"{where}: quad class of {ptype} must be 1-4, got {quad!r}")
        ptypes[ptype] = tuple(m for m in modes.split(",") if m and m != "-")
    if len(ptypes) != 16:
        problems.append(f"plover.tsv: expected 16 PLOVER event types, found {len(ptypes)}")

    mapped: dict[str, int] = {}
    for lineno, cells in _rows("cameo_plover.tsv"):
        where = f"cameo_plover.tsv:{lineno}"
        code, ptype, mode = (cells + ["-", "-", "-"])[:3]
        if code in mapped:
            problems.append(f"{where}: duplicate mapping for {code!r}, first at line {mapped[code]}")
            continue
        mapped[code] = lineno
        if code not in codes:
            problems.append(f"{where}: unknown CAMEO code {code!r}")
        if ptype == "-" or not ptype:
            if mode not in ("", "-"):
                problems.append(f"{where}: mode {mode!r} given without a PLOVER type")
            continue
        if ptype not in ptypes:
            problems.append(f"{where}: unknown PLOVER type {ptype!r}")
        elif mode not in ("", "-") and mode not in ptypes[ptype]:
            problems.append(f"{where}: {mode!r} is not a mode of PLOVER {ptype}")
    for code in sorted(codes - set(mapped)):
        problems.append(f"cameo_plover.tsv: no row for CAMEO code {code} (use '-' for none)")
    return problems
