"""Stated intentions and refusals, coded the CAMEO way: "X will give aid" is X's intent (033),
not aid; "X will not give aid" is X's rejection (122), not an act that did not happen.

The tables are data (``coding/data/intent.tsv``, ``coding/data/refusal.tsv``): a code prefix
and the code an announced (or refused) act of that kind is coded as; the longest matching
prefix wins.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from flashpoint import ontology


class IntentTableError(ValueError):
    pass


def _read_table(text: str, name: str = "intent.tsv") -> tuple[dict[str, str], list[str]]:
    table: dict[str, str] = {}
    problems: list[str] = []
    known = ontology.cameo_codes()
    for lineno, row in enumerate(csv.reader(text.splitlines(), delimiter="\t"), start=1):
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        if len(row) < 2:
            problems.append(f"{name}:{lineno}: expected prefix and intent code")
            continue
        prefix, code = row[0].strip(), row[1].strip()
        if code not in known:
            problems.append(f"{name}:{lineno}: unknown CAMEO code {code!r}")
        elif not any(c.startswith(prefix) for c in known):
            problems.append(f"{name}:{lineno}: no CAMEO code starts with {prefix!r}")
        elif prefix in table:
            problems.append(f"{name}:{lineno}: duplicate prefix {prefix!r}")
        else:
            table[prefix] = code
    return table, problems


TABLES = ("intent.tsv", "refusal.tsv")


def _table_text(name: str) -> str:
    return (resources.files("flashpoint.coding") / "data" / name).read_text("utf-8")


@lru_cache(maxsize=len(TABLES))
def _table(name: str) -> dict[str, str]:
    table, problems = _read_table(_table_text(name), name)
    if problems:
        raise IntentTableError(f"bad table {name}:\n  " + "\n  ".join(problems))
    return table


def intent_table() -> dict[str, str]:
    return _table("intent.tsv")


def validate_intent_table() -> list[str]:
    return [p for name in TABLES for p in _read_table(_table_text(name), name)[1]]


def _longest_prefix(table: dict[str, str], code: str) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def intent_code(code: str) -> str | None:
    """The code an announced act of ``code`` is coded as, or None when it stays as it is."""
    return _longest_prefix(intent_table(), code)


def refusal_code(code: str) -> str | None:
    """The code a stated refusal of an act of ``code`` is coded as, or None (it stays negated)."""
    return _longest_prefix(_table("refusal.tsv"), code)
