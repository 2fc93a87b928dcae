"""``flashpoint petrarch ...``: check PETRARCH dictionaries and run PETRARCH's validation suites.

The lead mounts this app with ``app.add_typer(petrarch_app, name="petrarch")``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="PETRARCH/TABARI dictionaries: check them, and run PETRARCH's validation suites.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)


@app.command()
def check(
    folder: Annotated[list[Path], typer.Argument(help="A folder of dictionary files, or files.")],
    warnings: Annotated[bool, typer.Option("--warnings/--errors-only", help="Also list warnings.")] = True,
    limit: Annotated[int, typer.Option(help="List at most this many problems per file (0: all).")] = 0,
) -> None:
    """Read every dictionary file, recognise its kind, and report malformed entries (file:line).

    Exits with status 1 when a line could not be used (an error); warnings alone exit 0.
    """
    from flashpoint.petrarch.dictionaries import load_dictionaries

    target = folder[0] if len(folder) == 1 else folder
    d = load_dictionaries(target)
    table = Table(title="dictionary files")
    table.add_column("file")
    table.add_column("kind")
    table.add_column("errors", justify="right")
    table.add_column("warnings", justify="right")
    by_file = d.problems_by_file()
    for path, kind in d.files:
        probs = by_file.get(str(path), [])
        table.add_row(
            path.name, kind, str(sum(p.severity == "error" for p in probs)),
            str(sum(p.severity == "warning" for p in probs)),
        )
    out.print(table)
    for probs in by_file.values():
        shown = [p for p in probs if warnings or p.severity == "error"]
        if limit:
            shown = shown[:limit]
        for p in shown:
            out.print(f"{p}", markup=False, highlight=False)
    stats = d.stats()
    out.print(
        f"{stats['verb_blocks']} verb blocks, {stats['patterns']} patterns, {stats['synsets']} synsets, "
        f"{stats['actors']} actors ({stats['actor_names']} names), {stats['agents']} agents, "
        f"{stats['discards']} discards, {stats['issues']} issue phrases; "
        f"{stats['errors']} errors, {stats['warnings']} warnings",
        markup=False, highlight=False,
    )
    if stats["errors"]:
        raise typer.Exit(1)


@app.command()
def validate(
    records: Annotated[Path, typer.Argument(help="A validation suite (JSONL): unittest_records.jsonl ...")],
    dict_dir: Annotated[Path, typer.Argument(help="Its dictionaries: a folder (PETR.Validate.* are picked) or a file.")],
    failures: Annotated[bool, typer.Option("--failures", help="List each failing record with what was expected and produced.")] = False,
    trace: Annotated[bool, typer.Option("--trace", help="With --failures: also the actors, agents and verbs the engine saw.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full report (every record) here as JSON.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model: md (default), sm, or a folder.")] = None,
    min_rate: Annotated[float | None, typer.Option(help="Exit 1 when the pass rate is below this (0-1).")] = None,
) -> None:
    """Run a PETRARCH validation suite: pass rate, failures by category."""
    from flashpoint.petrarch.validation import run_validation

    report = run_validation(records, dict_dir, model=model, trace=trace)
    table = Table(title=f"{records.name}: {report.passed}/{len(report.evaluated)} passed ({report.pass_rate:.1%})")
    table.add_column("category")
    table.add_column("passed", justify="right")
    table.add_column("evaluated", justify="right")
    table.add_column("failed records")
    fails = report.failures_by_category()
    for cat, (p, n) in report.by_category().items():
        table.add_row(cat, str(p), str(n), " ".join(r.id for r in fails.get(cat, [])))
    out.print(table)
    skipped = [r for r in report.results if r.status == "skipped"]
    if skipped:
        out.print(f"skipped {len(skipped)}: " + "; ".join(f"{r.id} ({r.notes[0]})" for r in skipped), markup=False)
    out.print(
        f"pass rate {report.pass_rate:.1%} of evaluated records; {report.passed}/{report.total} "
        f"({report.pass_rate_all:.1%}) of all records", markup=False,
    )
    if failures:
        for cat, rs in fails.items():
            out.rule(f"{cat}: {len(rs)} failed")
            for r in rs:
                out.print(f"{r.id} ({r.date}): {r.text}", markup=False, highlight=False)
                out.print(f"    expected: {' '.join(r.expected) or '(none)'}", markup=False, highlight=False)
                out.print(f"    produced: {' '.join(r.produced) or '(none)'}", markup=False, highlight=False)
                for note in r.notes:
                    out.print(f"    note: {note}", markup=False, highlight=False)
                if trace:
                    for t in r.trace:
                        out.print(f"      {t}", markup=False, highlight=False)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(report.to_dict(), indent=1), encoding="utf-8")
        err.print(f"report written to {json_out}")
    if min_rate is not None and report.pass_rate < min_rate:
        raise typer.Exit(1)
