"""Option types shared by every ``flashpoint`` subcommand, wherever it is defined."""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum

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


def parse_date(value: str | None) -> Date | None:
    """A --date option's value as a date, or a usage error that says the format."""
    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc
