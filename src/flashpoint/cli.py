"""The ``flashpoint`` command: a thin layer over the Python API and the pipeline."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from flashpoint.cli_types import AllowPrivateOpt, InputFormat, ModelOpt, ProgressOpt, UserAgentOpt
from flashpoint.cli_types import parse_date as _parse_date

app = typer.Typer(
    help="flashpoint: political event data from news. Who did what to whom, when, and "
    "according to whom, each event tied to its sentence.",
    no_args_is_help=True,
    add_completion=False,
)
actors_app = typer.Typer(help="The actor knowledge base.", no_args_is_help=True)
lexicon_app = typer.Typer(help="The event lexicon.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")
app.add_typer(lexicon_app, name="lexicon")


def _mount_subcommands() -> None:
    """Commands that live beside the code they drive."""
    from flashpoint.ingest.cli import watch
    from flashpoint.petrarch.cli import app as petrarch_app
    from flashpoint.store.cli import export, import_, ingest, query
    from flashpoint.web.cli import brief, serve

    app.command("ingest")(ingest)
    app.command("query")(query)
    app.command("export")(export)
    app.command("import")(import_)
    app.command("watch")(watch)
    app.command("serve")(serve)
    app.command("brief")(brief)

    app.add_typer(petrarch_app, name="petrarch", help="PETRARCH/TABARI dictionaries: check them, run their validation suites.")


err = Console(stderr=True)


class DictionaryMode(StrEnum):
    alone = "alone"
    combined = "combined"


def _make_coder(model, dictionaries=None, mode=None, keep_dictionary_roles=False):
    """The built-in coder, or one running PETRARCH/TABARI dictionaries (alone or combined)."""
    if dictionaries is None:
        from flashpoint.coding.coder import Coder

        return Coder(model=model)
    from flashpoint.petrarch import DictionaryCoder, load_dictionaries

    if not dictionaries.exists():
        err.print(f"[red]error:[/] {dictionaries} does not exist")
        raise typer.Exit(2)
    dicts = load_dictionaries(dictionaries)
    errors = [p for p in dicts.problems if p.severity == "error"]
    if errors:
        err.print(
            f"[yellow]{len(errors)} dictionary line(s) could not be used[/] "
            f"(see 'flashpoint petrarch check {dictionaries}')"
        )
    return DictionaryCoder(
        dicts,
        mode=(mode or DictionaryMode.combined).value,
        prefer_builtin_leaders=not keep_dictionary_roles,
        model=model,
    )


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


@contextmanager
def _output(path: Path | None):
    if path is None or str(path) == "-":
        yield sys.stdout
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            yield fh


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events, {task.fields[problems]} problems"),
        TimeElapsedColumn(),
        console=err,
        disable=not enabled,
        transient=False,
    )


PathsArg = Annotated[
    list[str], typer.Argument(help="Files, folders, globs, URLs, or - for standard input.")
]
FormatIn = Annotated[
    InputFormat,
    typer.Option("--input-format", "-f", help="How to read the inputs; auto decides by name and content."),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Publication date (YYYY-MM-DD) for inputs that carry none."),
]


@app.command()
def code(
    paths: PathsArg,
    input_format: FormatIn = InputFormat.auto,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.jsonl,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    date: DateOpt = None,
    model: ModelOpt = None,
    all_modalities: Annotated[bool, typer.Option("--all-modalities/--asserted-only", help="Also write hypothetical, negated ... events.")] = True,
    progress: ProgressOpt = True,
    dictionaries: Annotated[Path | None, typer.Option("--dictionaries", help="A folder of PETRARCH/TABARI dictionaries (verbs, actors, agents, discards) to code with.")] = None,
    dictionary_mode: Annotated[DictionaryMode, typer.Option(help="alone: only the dictionaries; combined: on top of the built-in lexicon and actors.")] = DictionaryMode.combined,
    keep_dictionary_roles: Annotated[bool, typer.Option(help="Let dictionary actor roles win over the built-in dated leaders.")] = False,
    allow_private: AllowPrivateOpt = False,
    user_agent: UserAgentOpt = None,
) -> None:
    """Code news into events: one JSON record a line (or CSV, or a table)."""
    from flashpoint.export import EventWriter
    from flashpoint.ingest import fetch_settings
    from flashpoint.model import Problem
    from flashpoint.pipeline import code_documents

    coder = _make_coder(model, dictionaries, dictionary_mode, keep_dictionary_roles)
    n_docs = n_events = 0
    problems: list[Problem] = []
    with (
        fetch_settings(allow_private=allow_private, user_agent=user_agent),
        _output(output) as fh,
        _progress(progress and err.is_terminal) as bar,
    ):
        task = bar.add_task("coding", total=None, events=0, problems=0)
        writer = EventWriter(fh, fmt.value)
        for result in code_documents(paths, input_format=input_format.value, default_date=_parse_date(date), coder=coder):
            if isinstance(result, Problem):
                problems.append(result)
                err.print(f"[yellow]problem[/] {result.id}: {result.reason}")
            else:
                article, events = result
                n_docs += 1
                dicts = [e.to_dict() for e in events if all_modalities or e.asserted]
                n_events += len(dicts)
                writer.write(dicts)
            bar.update(task, advance=1, events=n_events, problems=len(problems))
        writer.close()
    err.print(f"coded {n_docs} document(s): {n_events} event(s); {len(problems)} problem(s)")
    if problems and not n_docs:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: PathsArg,
    input_format: FormatIn = InputFormat.auto,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    date: DateOpt = None,
    allow_private: AllowPrivateOpt = False,
    user_agent: UserAgentOpt = None,
) -> None:
    """Extract articles (title, body, date, outlet) as JSONL, one article a line."""
    from flashpoint.ingest import fetch_settings, read_documents
    from flashpoint.model import Problem

    n = bad = 0
    with fetch_settings(allow_private=allow_private, user_agent=user_agent), _output(output) as fh:
        for item in read_documents(paths, input_format=input_format.value, default_date=_parse_date(date)):
            if isinstance(item, Problem):
                bad += 1
                err.print(f"[yellow]problem[/] {item.id}: {item.reason}")
                continue
            n += 1
            fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    err.print(f"extracted {n} article(s); {bad} problem(s)")
    if bad and not n:
        raise typer.Exit(1)


@app.command(name="eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="A gold file (PLOVER or CAMEO JSONL) or an AEB folder (aeb, aeb_text).")],
    predictions: Annotated[Path | None, typer.Option(help="Score this JSONL of events instead of running the coder.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List false positives and misses with their sentences.")] = False,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    dictionaries: Annotated[Path | None, typer.Option("--dictionaries", help="Score a coder running these PETRARCH/TABARI dictionaries.")] = None,
    dictionary_mode: Annotated[DictionaryMode, typer.Option(help="alone or combined with the built-in lexicon.")] = DictionaryMode.combined,
) -> None:
    """Score the coder (or a predictions file) with the metrics of DESIGN.md."""
    if not gold.exists():
        err.print(f"[red]error:[/] {gold} does not exist")
        raise typer.Exit(2)
    out = Console()
    if gold.is_dir():
        from flashpoint.evaluation.extraction import evaluate_text_extraction

        result = evaluate_text_extraction(gold)
        out.print_json(data=result) if as_json else out.print(result)
        return
    from flashpoint.evaluation.events import evaluate

    coder = None if predictions else _make_coder(model, dictionaries, dictionary_mode)
    score = evaluate(gold, predictions, coder=coder)
    if as_json:
        out.print_json(data=score.to_dict())
    else:
        from rich.table import Table

        table = Table(title=f"{gold.name}: {score.kind} gold, {score.records} records")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for k, v in score.metrics.items():
            table.add_row(k, f"{v}")
        out.print(table)
    if errors:
        from flashpoint.evaluation.events import parse_lines

        for e in score.errors:
            out.print(f"\n[bold]{e['id']}[/] ({e['miss']})\n  {e['text']}", markup=False)
            out.print(f"  gold: {e['gold']}", markup=False)
            for p in e["predicted"] or ["(nothing)"]:
                out.print(f"  pred: {p}", markup=False)
            for line in parse_lines(e["text"]):
                out.print(f"  parse: {line}", markup=False, soft_wrap=True)


@app.command()
def demo(
    db: Annotated[Path, typer.Option(help="The DuckDB file to code the sample corpus into.")] = Path("flashpoint-demo.duckdb"),
    model: ModelOpt = None,
) -> None:
    """Code the bundled sample corpus into DuckDB and print a summary of the crisis."""
    from importlib import resources

    from flashpoint.analytics import render_summary
    from flashpoint.coding.coder import Coder
    from flashpoint.model import Problem
    from flashpoint.pipeline import code_documents
    from flashpoint.store import EventStore

    corpus = resources.files("flashpoint") / "data" / "sample" / "corpus.jsonl"
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = Console()
    out.print(f"[bold]flashpoint demo[/]: coding {len(lines)} sample articles into {db}")
    coder = Coder(model=model)
    with EventStore.open(db) as store, _progress(True) as bar:
        task = bar.add_task("coding", total=len(lines), events=0, problems=0)
        n_events = n_problems = 0
        for result in code_documents([str(corpus)], input_format="jsonl", coder=coder):
            if isinstance(result, Problem):
                n_problems += 1
                err.print(f"[yellow]problem[/] {result.id}: {result.reason}")
            else:
                article, events = result
                store.replace_document(article, events)  # a rerun replaces, never duplicates
                n_events += len(events)
            bar.update(task, advance=1, events=n_events, problems=n_problems)
    with EventStore.open(db) as store:
        render_summary(store, out)
    from flashpoint.web.cli import dashboard_hint

    out.print(
        f"\nThe events are in [bold]{db}[/]. Query them: flashpoint query --db {db} --dyad CHN-PHL\n"
        "Code your own text: flashpoint code ../shared/examples/seed-article.txt --date 2025-11-26 --format table"
    )
    out.print(dashboard_hint(db))


@actors_app.command("check")
def actors_check(
    files: Annotated[list[Path] | None, typer.Argument(help="Extra actor files to check with the built-in base.")] = None,
) -> None:
    """Validate the knowledge base (and your own files): overlapping roles, unknown codes, bad dates."""
    from flashpoint.actors import load_knowledge_base, validate_knowledge_base

    kb = load_knowledge_base(tuple(files or ()))
    problems = validate_knowledge_base(kb)
    out = Console()
    out.print(kb.stats())
    for p in problems:
        out.print(f"[red]problem[/] {p}", markup=True)
    out.print(f"{len(problems)} problem(s)")
    raise typer.Exit(1 if problems else 0)


@actors_app.command("resolve")
def actors_resolve(
    text: Annotated[str, typer.Argument(help='A mention, e.g. "Japanese officials".')],
    date: DateOpt = None,
) -> None:
    """Show the actor a mention resolves to at a date."""
    from flashpoint.actors import load_knowledge_base

    actor = load_knowledge_base().resolve(text, _parse_date(date))
    Console().print_json(data=actor.to_dict() if actor else None)


@lexicon_app.command("check")
def lexicon_check(
    files: Annotated[list[Path] | None, typer.Argument(help="Lexicon files to check (default: the built-in one).")] = None,
) -> None:
    """Validate lexicon files: unknown CAMEO codes, malformed rows, duplicate patterns."""
    from flashpoint.coding.lexicon import load_lexicon, validate_lexicon

    problems = validate_lexicon(list(files) if files else None)
    out = Console()
    for p in problems:
        out.print(f"[red]problem[/] {p}")
    if not problems:
        lex = load_lexicon(list(files) if files else None)
        out.print(f"{len(lex)} entries, {len(lex.roots_covered())} CAMEO roots covered")
    raise typer.Exit(1 if problems else 0)


_mount_subcommands()

if __name__ == "__main__":
    app()
