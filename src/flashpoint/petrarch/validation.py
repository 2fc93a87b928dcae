"""PETRARCH's validation suites, run on flashpoint's dictionary engine.

Each record of a suite (``unittest_records.jsonl``, ``ud_validate_records.jsonl``) is one text
with its date, the events PETRARCH should code from it and, sometimes, options. A record passes
when exactly its expected events are produced (source code, target code, event code); a record
expecting none passes when none are produced. Expected codes written ``FRO/BIL/SAM`` (one phrase
standing for several actors) are read as one event per actor.

Applied per record: the ``date`` (dated actor roles), ``config.require_dyad``, ``expect_none``,
``expect_error`` of kind ``storydiscard``/``sentencediscard``/``dateline`` (no event may come
out). Not applicable, and so skipped and counted apart: records with ``evaluate: false`` and
``expect_error: bad_input_parse`` (they test PETRARCH's reading of a malformed CoreNLP parse;
flashpoint parses the text itself). Options of PETRARCH's comma-clause and new-actor heuristics
(``comma_*``, ``new_actor_length``) have no counterpart on a dependency parse; they are listed in
each record's notes.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from flashpoint.model import Article
from flashpoint.petrarch.coder import DictionaryCoder
from flashpoint.petrarch.dictionaries import (
    Dictionaries,
    dictionary_files,
    is_validation_file,
    load_dictionaries,
)
from flashpoint.petrarch.engine import UNKNOWN_COUNTRY, Options

SUPPORTED_OPTIONS = {"require_dyad"}
NOT_APPLICABLE_ERRORS = {"bad_input_parse": "tests PETRARCH's handling of a malformed CoreNLP parse"}


@dataclass(slots=True)
class RecordResult:
    id: str
    category: str
    text: str
    date: str | None
    status: str  # "pass", "fail", "skipped"
    expected: list[str] = field(default_factory=list)
    produced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [e for e in self.expected if e not in self.produced]

    @property
    def extra(self) -> list[str]:
        return [p for p in self.produced if p not in self.expected]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "category": self.category, "status": self.status, "date": self.date,
            "text": self.text, "expected": self.expected, "produced": self.produced,
            "missing": self.missing, "extra": self.extra, "notes": self.notes, "trace": self.trace,
        }


@dataclass(slots=True)
class ValidationReport:
    records_path: str
    dictionary_files: list[str]
    results: list[RecordResult]
    dictionary_problems: int = 0

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def evaluated(self) -> list[RecordResult]:
        return [r for r in self.results if r.status != "skipped"]

    @property
    def passed(self) -> int:
        return sum(r.status == "pass" for r in self.results)

    @property
    def skipped(self) -> int:
        return sum(r.status == "skipped" for r in self.results)

    @property
    def pass_rate(self) -> float:
        """Passed over evaluated records (skipped ones left out)."""
        n = len(self.evaluated)
        return self.passed / n if n else 0.0

    @property
    def pass_rate_all(self) -> float:
        """Passed over every record, skipped ones counted as not passed."""
        return self.passed / self.total if self.total else 0.0

    def by_category(self) -> dict[str, tuple[int, int]]:
        """category -> (passed, evaluated)."""
        out: dict[str, list[int]] = {}
        for r in self.evaluated:
            c = out.setdefault(r.category, [0, 0])
            c[0] += r.status == "pass"
            c[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def failures_by_category(self) -> dict[str, list[RecordResult]]:
        out: dict[str, list[RecordResult]] = {}
        for r in self.results:
            if r.status == "fail":
                out.setdefault(r.category, []).append(r)
        return dict(sorted(out.items(), key=lambda kv: (-len(kv[1]), kv[0])))

    def summary(self) -> str:
        lines = [
            f"{self.records_path}: {self.passed}/{len(self.evaluated)} passed "
            f"({self.pass_rate:.1%}); {self.skipped} skipped; {self.passed}/{self.total} of all records "
            f"({self.pass_rate_all:.1%})",
        ]
        for cat, (p, n) in self.by_category().items():
            lines.append(f"  {cat:<10} {p:>3}/{n:<3} passed, {n - p} failed")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records_path,
            "dictionaries": self.dictionary_files,
            "total": self.total,
            "evaluated": len(self.evaluated),
            "passed": self.passed,
            "skipped": self.skipped,
            "pass_rate": round(self.pass_rate, 4),
            "pass_rate_all": round(self.pass_rate_all, 4),
            "by_category": {k: {"passed": p, "evaluated": n} for k, (p, n) in self.by_category().items()},
            "failures": {k: [r.id for r in v] for k, v in self.failures_by_category().items()},
            "results": [r.to_dict() for r in self.results],
        }


def validation_files(folder_or_files: str | Path | list[str | Path]) -> list[Path]:
    """The dictionaries of a validation run: in a folder that holds PETRARCH's validation set
    (``PETR.Validate.*`` or ``PETR_Validate_*``) only those, else every file."""
    files = dictionary_files(folder_or_files)
    if isinstance(folder_or_files, (str, Path)) and Path(folder_or_files).is_dir():
        validate = [f for f in files if is_validation_file(f)]
        if validate:
            return validate
    return files


def expand_expected(expected: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for e in expected:
        for s in str(e.get("source") or UNKNOWN_COUNTRY).split("/"):
            for t in str(e.get("target") or UNKNOWN_COUNTRY).split("/"):
                key = f"{s}>{t}:{e['code']}"
                if key not in out:
                    out.append(key)
    return out


def _truth(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def run_validation(
    records_path: str | Path,
    dict_folder: str | Path | list[str | Path] | Dictionaries,
    *,
    model: str | None = None,
    coder: DictionaryCoder | None = None,
    trace: bool = True,
) -> ValidationReport:
    """Run a PETRARCH validation suite; see the module docstring for what passes."""
    if isinstance(dict_folder, Dictionaries):
        d = dict_folder
        files = [str(p) for p, _k in d.files]
    else:
        paths = validation_files(dict_folder)
        d = load_dictionaries(paths)
        files = [str(p) for p in paths]
    coder = coder or DictionaryCoder(d, model=model, parse_all=True)
    records = [json.loads(x) for x in Path(records_path).read_text(encoding="utf-8").splitlines() if x.strip()]
    results: list[RecordResult] = []
    for rec in records:
        rid = str(rec.get("id"))
        res = RecordResult(
            id=rid, category=str(rec.get("category") or "OTHER"), text=rec.get("text", ""),
            date=rec.get("date"), status="fail",
        )
        results.append(res)
        if rec.get("evaluate") is False:
            res.status = "skipped"
            res.notes.append("evaluate: false in the suite")
            continue
        err = rec.get("expect_error")
        if err in NOT_APPLICABLE_ERRORS:
            res.status = "skipped"
            res.notes.append(f"expect_error {err}: {NOT_APPLICABLE_ERRORS[err]}")
            continue
        config = rec.get("config") or {}
        options = Options()
        if "require_dyad" in config:
            options.require_dyad = _truth(config["require_dyad"])
        ignored = sorted(k for k in config if k not in SUPPORTED_OPTIONS)
        if ignored:
            res.notes.append("options without a counterpart here: " + ", ".join(f"{k}={config[k]}" for k in ignored))
        day = Date.fromisoformat(rec["date"]) if rec.get("date") else None
        article = Article(id=rid, text=rec.get("text", ""), date=day)
        produced: list[str] = []
        for sr in coder.code_sentences(article, options=options, trace=trace):
            if sr.discarded:
                res.notes.append(f"discarded ({sr.discarded})")
            if sr.trace is not None:
                res.trace.extend(f"actor {t} = {c}" for t, c in sr.trace.actors)
                res.trace.extend(f"agent {t} = {c}" for t, c in sr.trace.agents)
                res.trace.extend(f"verb {v}" for v in sr.trace.verbs)
            for ev in sr.events:
                key = "{}>{}:{}".format(*ev.key())
                if key not in produced:
                    produced.append(key)
        res.produced = produced
        res.expected = [] if rec.get("expect_none") or err else expand_expected(rec.get("expected") or [])
        res.status = "pass" if Counter(res.expected) == Counter(res.produced) else "fail"
    n_problems = sum(p.severity == "error" for p in d.problems)
    return ValidationReport(str(records_path), files, results, n_problems)
