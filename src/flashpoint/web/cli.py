"""``flashpoint serve`` and ``flashpoint brief``: plain typer-annotated functions, registered
on the main app by ``flashpoint.cli`` (``app.command()(serve)``, ``app.command()(brief)``)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)
DEMO_DB = "flashpoint-demo.duckdb"


class BriefFormat(StrEnum):
    md = "md"
    html = "html"


def default_db() -> Path:
    """``$FLASHPOINT_DB``, else ``flashpoint.duckdb`` if it exists, else the demo store."""
    if os.environ.get("FLASHPOINT_DB"):
        return Path(os.environ["FLASHPOINT_DB"])
    if Path("flashpoint.duckdb").exists() or not Path(DEMO_DB).exists():
        return Path("flashpoint.duckdb")
    return Path(DEMO_DB)


def dashboard_hint(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> str:
    """What ``make demo`` ends with: how to open the dashboard on ``db``."""
    return (
        f"Open the crisis dashboard:  flashpoint serve --db {db}\n"
        f"then browse to http://{host}:{port}/  (API docs at http://{host}:{port}/docs; "
        f"a brief: flashpoint brief --dyad CHN-PHL --db {db})"
    )


def _check_db(db: Path) -> None:
    if str(db).startswith(("postgresql://", "postgres://")):
        return
    if not db.exists():
        err.print(
            f"[red]error:[/] no store at {db}. Code something first, e.g. "
            f"[bold]flashpoint demo[/] (writes {DEMO_DB}), or pass --db."
        )
        raise typer.Exit(2)


def serve(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help=f"The event store (DuckDB file) to serve; default $FLASHPOINT_DB, flashpoint.duckdb or {DEMO_DB}.",
        ),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Interface to listen on; 0.0.0.0 for every interface.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="FLASHPOINT_TOKEN",
            help="Token for writes (ingest, events, deletes); without it the store is served read-only.",
        ),
    ] = None,
) -> None:
    """Serve the crisis dashboard and the REST API (docs at /docs) over an event store."""
    import uvicorn

    from flashpoint.store import StoreError
    from flashpoint.web.app import create_app

    db = db or default_db()
    _check_db(db)
    try:
        app = create_app(db, token=token)
    except StoreError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    err.print(
        f"[bold]flashpoint[/] serving {db} ({'writable with the token' if token else 'read-only'})\n"
        f"  dashboard  http://{shown}:{port}/\n  API docs   http://{shown}:{port}/docs"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def brief(
    dyad: Annotated[
        str, typer.Option("--dyad", help="The pair of countries, SRC-TGT (e.g. CHN-JPN).")
    ],
    since: Annotated[
        str | None,
        typer.Option(help="First day, YYYY-MM-DD (default: eight weeks before the last event)."),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help=f"The event store (DuckDB file); default $FLASHPOINT_DB, flashpoint.duckdb or {DEMO_DB}.",
        ),
    ] = None,
    format: Annotated[
        BriefFormat | None,
        typer.Option("--format", help="md or html; default from the output's suffix, else md."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write here (a Markdown brief gets its chart as <name>.svg beside it); default stdout.",
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Last day, YYYY-MM-DD (default: the last event).")
    ] = None,
    directed: Annotated[
        bool,
        typer.Option(
            "--directed/--both-directions",
            help="Only SRC acting on TGT, or both directions (default).",
        ),
    ] = False,
    freq: Annotated[str, typer.Option(help="Period of the series: day, week or month.")] = "week",
) -> None:
    """A crisis brief for a pair of countries: the series chart, the escalation status, and a
    dated timeline of key events with their evidence and outlets."""
    from flashpoint.analytics.series import AnalyticsError, as_date
    from flashpoint.brief import build_brief, default_since, write_brief
    from flashpoint.store import EventStore, StoreError

    db = db or default_db()
    _check_db(db)
    fmt = format.value if format else None
    try:
        since_d, until_d = as_date(since), as_date(until)
    except AnalyticsError as exc:
        raise typer.BadParameter(str(exc)) from exc
    try:
        with EventStore.open(db, read_only=True) as store:
            if since_d is None:
                since_d = default_since(store)
            if output is None:
                sys.stdout.write(
                    build_brief(
                        store, dyad, since=since_d, until=until_d, format=fmt or "md",
                        directed=directed, freq=freq,
                    )
                )  # fmt: skip
                return
            files = write_brief(
                store, dyad, output, since=since_d, until=until_d, format=fmt,
                directed=directed, freq=freq,
            )  # fmt: skip
    except (AnalyticsError, StoreError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    err.print("wrote " + ", ".join(str(f) for f in files))
