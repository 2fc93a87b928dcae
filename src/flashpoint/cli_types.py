"""Option types shared by every ``flashpoint`` subcommand, wherever it is defined."""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum
from typing import Annotated

import typer


class InputFormat(StrEnum):
    """How to read inputs; ``auto`` decides by name and content."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"
    warc = "warc"
    feed = "feed"
    url = "url"


AllowPrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Fetch from private and loopback addresses too (127.0.0.1, 10.x, 192.168.x...); refused by default.",
    ),
]
UserAgentOpt = Annotated[
    str | None,
    typer.Option("--user-agent", help="The User-Agent to fetch with; put a contact address in it."),
]
ModelOpt = Annotated[str | None, typer.Option(help="spaCy model: md (default), sm, or a folder.")]
ProgressOpt = Annotated[bool, typer.Option(help="Show a progress bar on stderr.")]
# --all-modalities of the commands that store events (``code`` words its help for writing)
StoreAllModalitiesOpt = Annotated[
    bool,
    typer.Option("--all-modalities/--asserted-only", help="Also store hypothetical, ... events."),
]


def parse_date(value: str | None) -> Date | None:
    """A --date option's value as a date, or a usage error that says the format."""
    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc
