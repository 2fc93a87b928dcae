"""Stated intentions, coded the CAMEO way: "X will give aid" is X's intent (033), not aid.

The table is data (``coding/data/intent.tsv``): a code prefix and the intent or threat code
an announced act of that kind is coded as; the longest matching prefix wins.
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


def _table_text() -> str:
    return (resources.files("flashpoint.coding") / "data" / "intent.tsv").read_text("utf-8")


@lru_cache(maxsize=1)
def intent_table() -> dict[str, str]:
    table, problems = _read_table(_table_text())
    if problems:
        raise IntentTableError("bad intent table:\n  " + "\n  ".join(problems))
    return table


def validate_intent_table() -> list[str]:
    return _read_table(_table_text())[1]


def intent_code(code: str) -> str | None:
    """The code an announced act of ``code`` is coded as, or None when it stays as it is."""
    table = intent_table()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None
