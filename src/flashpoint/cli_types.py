"""Option types shared by every ``flashpoint`` subcommand, wherever it is defined."""

from __future__ import annotations

from enum import StrEnum


class InputFormat(StrEnum):
    """How to read inputs; ``auto`` decides by name and content."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"
    warc = "warc"
    feed = "feed"
    url = "url"
