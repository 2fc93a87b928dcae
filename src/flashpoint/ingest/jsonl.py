"""JSONL documents -> articles: one JSON object a line.

A record is ``{"id", "text" or "html", "date"?, "title"?, "url"?, "outlet"?, "authors"?}``:

- ``html`` goes through trafilatura (``html.extract_html``), offline;
- ``text`` goes through the text-scrape extractor only when it looks like a scrape (menus,
  widgets, teasers: ``text.looks_like_scrape``); clean text is kept as it is. A ``text``
  that is in fact a whole HTML page is treated as ``html``;
- ``title`` when given is the title (and is not repeated at the top of the body); ``date``
  is parsed by ``dates.parse_date``; ``outlet`` and ``authors`` are kept.

Bad lines do not stop the file: a line that is not JSON, not an object, without an id, without
text, or with a bad date yields a :class:`Problem` — its id is the record's id when there is
one, else ``"<path>:<line>"`` — and reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date as Date
from typing import Any

from flashpoint.ingest.dates import parse_date
from flashpoint.ingest.html import extract_html, looks_like_html
from flashpoint.ingest.limits import MAX_CHARS, scrape_line_note, truncate
from flashpoint.ingest.text import clean_text_article, extract_text_article, looks_like_scrape
from flashpoint.model import Article, Problem


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def article_from_record(
    record: dict[str, Any],
    *,
    where: str,
    default_date: Date | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | Problem]:
    """The article of one JSON record (or the problems with it). ``where`` names the record's
    place ("docs.jsonl:12") for problems that have no id to go by."""
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or str(raw_id).strip() == "":
        reason = "missing 'id'" if raw_id in (None, "") else f"bad 'id' {_short(raw_id)} (want a string)"
        yield Problem(id=where, reason=reason)
        return
    doc_id = str(raw_id).strip()
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        bad = next((k for k in ("text", "html") if k in record and not isinstance(record[k], str)), None)
        reason = f"'{bad}' is not a string" if bad else "missing 'text' or 'html' (or both empty)"
        yield Problem(id=doc_id, reason=f"{reason} ({where})")
        return
    given_date: Date | None = None
    if record.get("date") not in (None, ""):
        try:
            given_date = parse_date(record["date"])
        except ValueError as err:
            yield Problem(id=doc_id, reason=f"bad date {_short(record['date'])}: {err} ({where})")
            return
    title = record.get("title") if isinstance(record.get("title"), str) and record["title"].strip() else None
    url = record.get("url") if isinstance(record.get("url"), str) and record["url"].strip() else None
    outlet = record.get("outlet") if isinstance(record.get("outlet"), str) and record["outlet"].strip() else None
    authors_value = record.get("authors")
    date = given_date or default_date

    if isinstance(html, str) and html.strip():
        content, kind = html, "html"
    else:
        assert isinstance(text, str)
        content, kind = text, ("html" if looks_like_html(text) else "text")
    content, cut = truncate(content, max_chars)
    if cut:
        yield Problem(
            id=doc_id,
            reason=f"truncated: only the first {max_chars:,} of {cut:,} characters were read ({where})",
        )

    if kind == "html":
        article = extract_html(content, id=doc_id, date=date, url=url)
        if title:
            article.title = " ".join(title.split())
    elif looks_like_scrape(content):
        note = scrape_line_note(content)
        if note:
            yield Problem(id=doc_id, reason=f"{note} ({where})")
        article = extract_text_article(content, id=doc_id, date=date, url=url)
        if title:
            article.title = " ".join(title.split())
    else:
        article = clean_text_article(content, id=doc_id, title=title, date=date, url=url)
    if outlet:
        article.outlet = outlet
    if isinstance(authors_value, list):
        article.authors = [str(a).strip() for a in authors_value if str(a).strip()]
    elif isinstance(authors_value, str) and authors_value.strip():
        article.authors = [authors_value.strip()]
    if not article.text.strip():
        yield Problem(id=doc_id, reason=f"no article text found ({where})")
        return
    yield article


def read_jsonl(
    lines: Iterable[str | None],
    source: str,
    *,
    default_date: Date | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | Problem]:
    """Articles (and problems) from JSONL lines; ``source`` names the file in problems.
    A ``None`` line stands for one too long to read (see ``sources``)."""
    for lineno, line in enumerate(lines, start=1):
        if line is None:
            yield Problem(id=f"{source}:{lineno}", reason="line too long to read; skipped")
            continue
        stripped = line.strip()
        if not stripped:
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as err:
            yield Problem(id=where, reason=f"not valid JSON: {err.msg} at column {err.colno}")
            continue
        except RecursionError:
            yield Problem(id=where, reason="not valid JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield Problem(id=where, reason=f"not a JSON object (a {type(record).__name__})")
            continue
        yield from _guarded(record, where, default_date, max_chars)


def _guarded(
    record: dict[str, Any], where: str, default_date: Date | None, max_chars: int
) -> Iterator[Article | Problem]:
    """:func:`article_from_record`, with an extractor failure reported as a Problem."""
    try:
        yield from article_from_record(record, where=where, default_date=default_date, max_chars=max_chars)
    except Exception as err:  # noqa: BLE001 - one bad record must not stop a file
        rid = record.get("id")
        yield Problem(id=str(rid) if rid else where, reason=f"could not extract: {type(err).__name__}: {err} ({where})")


def read_json_records(
    text: str, source: str, *, default_date: Date | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Article | Problem]:
    """A ``.json`` file: a JSON array of records, one record, or JSONL after all."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as err:
            yield Problem(id=source, reason=f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}")
            return
        for i, record in enumerate(records, start=1):
            where = f"{source}[{i}]"
            if not isinstance(record, dict):
                yield Problem(id=where, reason=f"not a JSON object (a {type(record).__name__})")
                continue
            yield from _guarded(record, where, default_date, max_chars)
        return
    if stripped.startswith("{") and "\n" in stripped:
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError:
            record = None
        if isinstance(record, dict):
            yield from _guarded(record, source, default_date, max_chars)
            return
    yield from read_jsonl(text.splitlines(), source, default_date=default_date, max_chars=max_chars)
