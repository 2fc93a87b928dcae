"""The store's commands, as plain typer functions the ``flashpoint`` app registers:

    app.command("ingest")(ingest)
    app.command("query")(query)
    app.command("export")(export)
    app.command("import")(import_)

Every command takes ``--db`` (a DuckDB file or a ``postgresql://`` DSN; default
``$FLASHPOINT_DB``, else ``flashpoint.duckdb``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from flashpoint.cli_types import (
    AllowPrivateOpt,
    InputFormat,
    ModelOpt,
    ProgressOpt,
    StoreAllModalitiesOpt,
    UserAgentOpt,
)
from flashpoint.cli_types import parse_date as _parse_date

err = Console(stderr=True)


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class ExportFormat(StrEnum):
    gdelt = "gdelt"
    plover = "plover"
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


class ImportFormat(StrEnum):
    auto = "auto"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"
    gdelt = "gdelt"


class Partition(StrEnum):
    none = "none"
    year = "year"
    month = "month"
    day = "day"


class Order(StrEnum):
    date = "date"
    newest = "-date"
    goldstein = "goldstein"
    confidence = "-confidence"


class Frequency(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="FLASHPOINT_DB",
        help="The store: a DuckDB file or a postgresql:// DSN (default: flashpoint.duckdb).",
        show_envvar=True,
    ),
]
SinceOpt = Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD), inclusive.")]
UntilOpt = Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD), inclusive.")]
ActorOpt = Annotated[
    list[str] | None,
    typer.Option("--actor", help="Country or actor code on either side (CHN, JPNGOV); repeatable."),
]
SourceOpt = Annotated[
    list[str] | None, typer.Option("--source", help="Country or actor code of the source side.")
]
TargetOpt = Annotated[
    list[str] | None, typer.Option("--target", help="Country or actor code of the target side.")
]
DyadOpt = Annotated[
    str | None, typer.Option("--dyad", help="Directed country pair, source first: CHN-JPN.")
]
CameoOpt = Annotated[
    list[str] | None,
    typer.Option("--cameo", help="CAMEO root (19) or code (193); repeatable or comma-separated."),
]
PloverOpt = Annotated[list[str] | None, typer.Option("--plover", help="PLOVER event type.")]
QuadOpt = Annotated[
    list[int] | None,
    typer.Option("--quad", min=1, max=4, help="Quad class: 1 verbal coop .. 4 material conflict."),
]
ModalityOpt = Annotated[
    list[str] | None,
    typer.Option("--modality", help="asserted, hypothetical, conditional, future, negated, denied."),
]
AssertedOpt = Annotated[bool, typer.Option("--asserted-only", help="Only asserted events.")]
StoryOpt = Annotated[str | None, typer.Option("--story", help="Story id.")]
OutletOpt = Annotated[list[str] | None, typer.Option("--outlet", help="Outlet name (exact).")]
TextOpt = Annotated[
    str | None, typer.Option("--text", help="Substring of the evidence sentence or trigger.")
]
DocOpt = Annotated[str | None, typer.Option("--doc", help="Document id.")]


def _open(db: str | None, *, read_only: bool = False):
    from flashpoint.store import StoreError, open_store

    try:
        return open_store(db, read_only=read_only)
    except StoreError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def _filters(**kwargs: Any) -> dict[str, Any]:
    """Typer's option values as ``EventStore.events`` filters (empty ones dropped; repeated or
    comma-separated values become lists)."""
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        if value is None or value == [] or value is False:
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = [p.strip() for v in value for p in v.split(",") if p.strip()]
        out[key] = value
    for key in ("since", "until"):
        if key in out:
            out[key] = _parse_date(out[key])
    return out


# -- ingest ----------------------------------------------------------------------------------


def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, or - for stdin.")],
    db: DbOpt = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", "-f", help="How to read the inputs; auto decides by name."),
    ] = InputFormat.auto,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date for inputs that carry none.")
    ] = None,
    model: ModelOpt = None,
    batch: Annotated[
        int, typer.Option(min=1, help="Documents per transaction (a crash loses at most these).")
    ] = 32,
    all_modalities: StoreAllModalitiesOpt = True,
    progress: ProgressOpt = True,
    allow_private: AllowPrivateOpt = False,
    user_agent: UserAgentOpt = None,
) -> None:
    """Read, code and store news in one go (extract, code, store), resumably: rerun after a
    crash and only what is missing is coded. Articles are clustered into stories across
    outlets (near-duplicates share a story id)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from flashpoint.store.ingest import beside_store
    from flashpoint.store.ingest import ingest as run

    default_date = _parse_date(date)
    total = _count_documents(sources, input_format.value)
    from flashpoint.coding.coder import Coder
    from flashpoint.ingest import fetch_settings
    from flashpoint.stories import StoryIndex

    coder = Coder(model=model)
    with (
        _open(db) as store,
        fetch_settings(allow_private=allow_private, user_agent=user_agent),
        # story signatures live beside a DuckDB file; for a server or in-memory store, for
        # this run only
        StoryIndex(beside_store(store.path, ".stories.sqlite")) as stories,
    ):
        bar = Progress(
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            console=err,
            disable=not progress,
        )
        with bar:
            task = bar.add_task("ingest", total=total, status="")

            def tick(report) -> None:
                bar.update(
                    task,
                    completed=report.documents + report.skipped + len(report.problems),
                    status=f"{report.events} events, {report.skipped} skipped, "
                    f"{len(report.problems)} problems",
                )

            report = run(
                sources,
                store,
                input_format=input_format.value,
                default_date=default_date,
                coder=coder,
                batch_size=batch,
                all_modalities=all_modalities,
                on_result=tick,
                stories=stories,
            )
        for problem in report.problems:
            err.print(f"[yellow]skipped[/] {problem.id}: {problem.reason}")
        err.print(
            f"ingested {report.documents} document(s) into {store.path}: {report.events} "
            f"event(s), {report.written} new or changed; {report.skipped} already stored; "
            f"{len(report.problems)} problem(s). The store holds {store.count_events()} event(s)."
        )
    if report.problems and not (report.documents or report.skipped):
        raise typer.Exit(1)


def _count_documents(sources: list[str], input_format: str) -> int | None:
    """How many documents the sources hold, when that is cheap to know (JSONL files: their
    lines); ``None`` otherwise (the bar then just counts)."""
    total = 0
    for source in sources:
        path = Path(source)
        is_jsonl = input_format == "jsonl" or path.suffix == ".jsonl"
        if not (path.is_file() and is_jsonl):
            return None
        with open(path, "rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total


# -- query -----------------------------------------------------------------------------------


def query(
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    dyad: DyadOpt = None,
    cameo: CameoOpt = None,
    plover: PloverOpt = None,
    quad: QuadOpt = None,
    modality: ModalityOpt = None,
    asserted_only: AssertedOpt = False,
    story: StoryOpt = None,
    outlet: OutletOpt = None,
    text: TextOpt = None,
    doc: DocOpt = None,
    order: Annotated[Order, typer.Option(help="Sort order.")] = Order.date,
    limit: Annotated[
        int | None, typer.Option(help="At most this many events (default: 50 for a table, all otherwise).")
    ] = None,
    offset: Annotated[int, typer.Option(help="Skip this many events first.")] = 0,
    series: Annotated[
        Frequency | None,
        typer.Option("--series", help="Instead of events: counts per dyad per period."),
    ] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Find events by date, actor, dyad, CAMEO code, PLOVER type, quad class, modality, story,
    outlet or text; print a table or write CSV, JSONL or Parquet."""
    filters = _filters(
        since=since, until=until, actor=actor, source=source, target=target, dyad=dyad,
        cameo=cameo, plover=plover, quad_class=quad, modality=modality,
        asserted_only=asserted_only, story=story, outlet=outlet, text=text, doc_id=doc,
    )  # fmt: skip
    if fmt is QueryFormat.parquet and output is None:
        raise typer.BadParameter("Parquet needs an output file: -o events.parquet")
    if fmt is QueryFormat.table and limit is None:
        limit = 50
    with _reader(db) as store:
        try:
            if series is not None:
                _write_series(store, series.value, filters, fmt, output)
                return
            _write_events(store, filters, order.value, limit, offset, fmt, output)
        except ValueError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from exc


def _reader(db: str | None):
    """The store to read: a DuckDB file opens read-only (so queries run beside other readers)
    and must exist; a DSN opens as usual."""
    from flashpoint.store.api import default_db
    from flashpoint.store.base import is_dsn

    db = db or default_db()
    if is_dsn(db) or db == ":memory:":
        return _open(db)
    if not Path(db).exists():
        err.print(f"[red]error:[/] {db}: no such store (ingest or import something first)")
        raise typer.Exit(2)
    return _open(db, read_only=True)


def _write_events(store, filters, order, limit, offset, fmt, output) -> None:
    from flashpoint.store.exports import write_csv, write_jsonl, write_parquet

    if fmt is QueryFormat.table:
        from flashpoint.export import events_table

        df = store.events(order=order, limit=limit, offset=offset, **filters)
        total = store.count_events(**filters)
        records = [json.loads(r) for r in df["record"]]
        for record, day in zip(records, df["date"], strict=True):
            record["date"] = record["date"] or (str(day)[:10] if day is not None else None)
        shown = f"{offset + 1}-{offset + len(records)}" if records else "0"
        title = f"{shown} of {total} event(s) in {store.path}"
        Console(file=_stdout(output), width=200 if output else None).print(
            events_table(records, title=title)
        )
        return
    batches = _paged(store.event_batches(order=order, **filters), limit, offset)
    if fmt is QueryFormat.parquet:
        n = write_parquet(batches, output)
    else:
        from flashpoint.store.exports import _rows, _text_out

        with _text_out(output) as fh:
            n = (write_csv if fmt is QueryFormat.csv else write_jsonl)(_rows(batches), fh)
    err.print(f"{n} event(s)")


def _paged(batches, limit: int | None, offset: int):
    skip, left = offset, limit
    for batch in batches:
        if skip >= batch.num_rows:
            skip -= batch.num_rows
            continue
        batch = batch.slice(skip)
        skip = 0
        if left is not None:
            if left <= 0:
                return
            batch = batch.slice(0, left)
            left -= batch.num_rows
        yield batch


def _stdout(output: Path | None):
    if output is None or str(output) == "-":
        return sys.stdout
    output.parent.mkdir(parents=True, exist_ok=True)
    return open(output, "w", encoding="utf-8")  # noqa: SIM115 - closed at exit


def _write_series(store, freq: str, filters: dict, fmt: QueryFormat, output) -> None:
    dyad = filters.pop("dyad", None)
    asserted_only = filters.pop("asserted_only", False) or "modality" not in filters
    df = store.dyad_series(dyad, freq=freq, asserted_only=asserted_only, **filters)
    df["period"] = df["period"].astype(str).str[:10]
    if fmt is QueryFormat.table:
        from rich.table import Table

        table = Table(title=f"events per dyad per {freq} in {store.path}")
        for column in df.columns:
            table.add_column(column, justify="right" if column not in ("dyad",) else "left")
        for row in df.itertuples(index=False):
            table.add_row(*[f"{v:.1f}" if isinstance(v, float) else str(v) for v in row])
        Console(file=_stdout(output)).print(table)
    elif fmt is QueryFormat.csv:
        df.to_csv(_stdout(output), index=False)
    elif fmt is QueryFormat.jsonl:
        df.to_json(_stdout(output), orient="records", lines=True)
    else:
        df.to_parquet(output, index=False)
    err.print(f"{len(df)} row(s)")


# -- export and import -----------------------------------------------------------------------


def export(
    fmt: Annotated[ExportFormat, typer.Argument(help="gdelt, plover, parquet, csv or jsonl.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File (folder for partitioned Parquet); - for stdout."),
    ] = None,
    db: DbOpt = None,
    mentions: Annotated[
        Path | None, typer.Option(help="GDELT: also write the mentions table here.")
    ] = None,
    partition: Annotated[
        Partition, typer.Option(help="Parquet: partition a folder by the event date.")
    ] = Partition.none,
    all_modalities: Annotated[
        bool, typer.Option("--all-modalities", help="GDELT: also export non-asserted events.")
    ] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    dyad: DyadOpt = None,
    cameo: CameoOpt = None,
    plover: PloverOpt = None,
    quad: QuadOpt = None,
    modality: ModalityOpt = None,
    asserted_only: AssertedOpt = False,
    story: StoryOpt = None,
    outlet: OutletOpt = None,
    text: TextOpt = None,
) -> None:
    """Export events as GDELT 2.0 TSV (and mentions), PLOVER JSONL, Parquet (partitioned by
    date if asked), CSV or flashpoint JSONL. Columns: docs/formats.md."""
    from flashpoint.store.exports import export_events

    filters = _filters(
        since=since, until=until, actor=actor, dyad=dyad, cameo=cameo, plover=plover,
        quad_class=quad, modality=modality, asserted_only=asserted_only, story=story,
        outlet=outlet, text=text,
    )  # fmt: skip
    with _reader(db) as store:
        try:
            n = export_events(
                store,
                fmt.value,
                output,
                mentions=mentions,
                partition=None if partition is Partition.none else partition.value,
                all_modalities=all_modalities,
                **filters,
            )
        except ValueError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from exc
    unit = "row(s)" if fmt is ExportFormat.gdelt else "event(s)"
    err.print(f"exported {n} {unit} as {fmt.value}" + (f" to {output}" if output else ""))


def import_(
    paths: Annotated[list[Path], typer.Argument(help="Export files (or Parquet folders).")],
    db: DbOpt = None,
    fmt: Annotated[
        ImportFormat, typer.Option("--format", help="Format of the files; auto by name/content.")
    ] = ImportFormat.auto,
    mentions: Annotated[
        Path | None, typer.Option(help="GDELT: the mentions table of the events file.")
    ] = None,
) -> None:
    """Import flashpoint's own exports (JSONL, CSV, Parquet, PLOVER, GDELT) into a store;
    importing twice adds nothing."""
    from flashpoint.store.exports import import_file
    from flashpoint.store.rows import RecordError

    total_read = total_written = 0
    with _open(db) as store:
        for path in paths:
            try:
                read, written = import_file(store, path, fmt.value, mentions=mentions)
            except (OSError, ValueError, RecordError) as exc:
                err.print(f"[red]error:[/] {path}: {exc}")
                raise typer.Exit(2) from exc
            total_read += read
            total_written += written
            err.print(f"{path}: {read} event(s), {written} new or changed")
        err.print(
            f"imported {total_read} event(s), {total_written} new or changed; the store holds "
            f"{store.count_events()} event(s)"
        )
