"""RSS and Atom feeds (feedparser): entries -> pages -> articles, and polling with memory.

A feed lists stories; the stories themselves are on the pages its entries link to. For each
entry, :func:`read_feed` fetches the linked page and extracts it (``ingest.html``); when the
page cannot be fetched (or no fetcher is given) and the entry carries the full story
(``content:encoded``, an Atom ``content``, or a long ``description``: at least
``MIN_ENTRY_WORDS`` words), that text is used instead. The entry's date fills in when the page
has none; its title when the page has none.

Feeds are parsed from bytes only: feedparser is never handed a URL (it would fetch it itself,
past every safeguard of ``ingest.fetch``). A document that is not a feed is reported with the
reason ("not a feed: not well-formed XML (line 1, column 0: syntax error)"); a feed whose XML
breaks off after some entries gives those entries and a problem for the rest.

:func:`poll_feed` is one round of ``flashpoint watch``: a conditional GET (``If-None-Match`` /
``If-Modified-Since`` from the last poll), then only the entries not seen before
(``provenance.IngestState``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import date as Date
from typing import Any

from flashpoint.ingest.fetch import Fetcher, FetchError, Response
from flashpoint.ingest.provenance import IngestState, Provenance, content_hash, entry_key
from flashpoint.model import Article, Problem

MIN_ENTRY_WORDS = 80
FEED_CONTENT_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
)
_FEED_START = re.compile(
    rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*"
    rb"<(?:rss|feed|rdf:RDF|RDF)\b",
    re.I | re.S,
)


def looks_like_feed(head: bytes | str) -> bool:
    """True for data that starts as an RSS, Atom or RDF feed does."""
    if isinstance(head, str):
        head = head.encode("utf-8", errors="replace")
    return _FEED_START.match(head[:4096]) is not None


@dataclass(slots=True)
class FeedEntry:
    key: str  # the entry's id, else its link, else its title
    link: str | None
    title: str | None
    published: Date | None
    summary: str | None  # HTML or text, as the feed has it
    content: str | None  # the full story, when the feed carries it (HTML)
    authors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    entries: list[FeedEntry]
    problem: str | None = None  # the feed is not one, or broke off


def _entry_date(entry: Any) -> Date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime(*value[:6], tzinfo=UTC).date()
            except (TypeError, ValueError):
                continue
    return None


def _short_exception(exc: object) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^<unknown>:", "", text).strip()
    m = re.match(r"(\d+):(\d+):\s*(.*)", text)
    if m:
        return f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}"
    return text.splitlines()[0][:200]


def parse_feed(data: bytes) -> ParsedFeed:
    """Entries of an RSS/Atom/RDF document (see the module notes)."""
    import feedparser

    if isinstance(data, str):  # never hand feedparser a string: it would treat it as a URL
        data = data.encode("utf-8")
    parsed = feedparser.parse(data)
    entries = []
    for e in parsed.entries:
        link = e.get("link") or next(
            (x.get("href") for x in e.get("links", []) if x.get("href")), None
        )
        content = None
        if e.get("content"):
            content = max((c.get("value") or "" for c in e["content"]), key=len) or None
        authors = [a.get("name") for a in e.get("authors", []) if a.get("name")] or (
            [e["author"]] if e.get("author") else []
        )
        key = e.get("id") or link or e.get("title")
        if not key:
            continue
        entries.append(
            FeedEntry(
                key=entry_key(key),
                link=link,
                title=" ".join((e.get("title") or "").split()) or None,
                published=_entry_date(e),
                summary=e.get("summary"),
                content=content,
                authors=authors,
            )
        )
    problem = None
    if parsed.get("bozo") and not entries:
        problem = (
            f"not a feed: not well-formed XML ({_short_exception(parsed.get('bozo_exception'))})"
        )
    elif not parsed.get("version") and not entries:
        problem = "not a feed: no RSS or Atom elements"
    elif parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        if type(exc).__name__ == "SAXParseException":
            problem = f"feed broke off after {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} ({_short_exception(exc)})"
    feed = parsed.get("feed", {})
    return ParsedFeed(
        title=feed.get("title"), link=feed.get("link"), entries=entries, problem=problem
    )


def _html_to_text_article(
    html: str, *, id: str, url: str | None, title: str | None, date: Date | None
) -> Article:
    from flashpoint.ingest.html import extract_html

    wrapped = f"<html><head><title>{title or ''}</title></head><body><article>{html}</article></body></html>"
    article = extract_html(wrapped, id=id, date=date, url=url)
    article.title = title or article.title
    return article


def _entry_fallback(entry: FeedEntry, *, id: str, default_date: Date | None) -> Article | None:
    text = entry.content or entry.summary or ""
    if len(re.sub(r"<[^>]+>", " ", text).split()) < MIN_ENTRY_WORDS:
        return None
    article = _html_to_text_article(
        text, id=id, url=entry.link, title=entry.title, date=entry.published or default_date
    )
    article.authors = article.authors or list(entry.authors)
    return article if article.text.strip() else None


def article_from_page(response: Response) -> tuple[Article | None, str | None]:
    """``(article, problem)`` from a fetched HTML page (one of the two is None)."""
    from flashpoint.ingest.decode import BinaryContent
    from flashpoint.ingest.html import extract_html_page

    try:
        text = response.text()
    except BinaryContent:
        return None, f"binary content, not text ({response.content_type or 'no content type'})"
    page = extract_html_page(text, id=response.final_url, date=None, url=response.final_url)
    if not page.article.text.strip():
        return None, "no article text found"
    return page.article, None


def read_feed(
    parsed: ParsedFeed,
    *,
    feed: str,
    fetcher: Fetcher | None,
    default_date: Date | None = None,
    state: IngestState | None = None,
    provenance: dict[str, Provenance] | None = None,
    file: str | None = None,
) -> Iterator[Article | Problem]:
    """Articles of a parsed feed's entries, oldest first, skipping entries ``state`` has seen.

    Each entry is marked seen in ``state`` once its article (or problem) has been taken by the
    caller (``flashpoint watch`` reads through :func:`poll_feed` instead, and marks entries
    itself, after storing).
    """
    for polled in _read_entries(
        parsed,
        feed=feed,
        fetcher=fetcher,
        default_date=default_date,
        state=state,
        provenance=provenance,
        file=file,
    ):
        yield polled.item
        if polled.key is not None and state is not None:
            state.mark_entry(feed, polled.key, polled.article_id)


@dataclass(slots=True)
class PolledEntry:
    """One feed entry read: its key, its article or the problem, and whether that problem may
    pass (``retry``: its page failed for a transient reason, ``FetchError.retryable``). A
    problem of the feed itself (it broke off) has no key."""

    key: str | None
    item: Article | Problem
    retry: bool = False

    @property
    def article_id(self) -> str | None:
        return self.item.id if isinstance(self.item, Article) else None


def _read_entries(
    parsed: ParsedFeed,
    *,
    feed: str,
    fetcher: Fetcher | None,
    default_date: Date | None,
    state: IngestState | None,
    provenance: dict[str, Provenance] | None,
    file: str | None = None,
) -> Iterator[PolledEntry]:
    order = sorted(enumerate(parsed.entries), key=lambda ie: (ie[1].published or Date.min, -ie[0]))
    for _, entry in order:
        if state is not None and state.entry_seen(feed, entry.key):
            continue
        yield _entry_item(
            entry,
            feed=feed,
            fetcher=fetcher,
            default_date=default_date,
            provenance=provenance,
            file=file,
        )
    if parsed.problem and parsed.entries:
        yield PolledEntry(None, Problem(id=feed, reason=parsed.problem))


def _entry_item(
    entry: FeedEntry,
    *,
    feed: str,
    fetcher: Fetcher | None,
    default_date: Date | None,
    provenance: dict[str, Provenance] | None,
    file: str | None,
) -> PolledEntry:
    entry_id = entry.link or entry.key
    reason = None
    retry = False
    if entry.link and fetcher is not None:
        try:
            response = fetcher.fetch(entry.link)
        except FetchError as err:
            reason, retry = err.reason, err.retryable
        else:
            article, reason = article_from_page(response)
            if article is not None:
                article.date = article.date or entry.published or default_date
                article.title = article.title or entry.title
                if not article.authors:
                    article.authors = list(entry.authors)
                if provenance is not None:
                    provenance[article.id] = Provenance.from_response(
                        article, response, kind="feed", source_url=entry.link, file=file, feed=feed
                    )
                return PolledEntry(entry.key, article)
    elif not entry.link:
        reason = "entry has no link"
    fallback = _entry_fallback(entry, id=entry_id, default_date=default_date)
    if fallback is not None:
        if provenance is not None:
            provenance[fallback.id] = Provenance(
                article_id=fallback.id,
                kind="feed",
                source_url=entry.link,
                file=file,
                feed=feed,
                content_hash=content_hash(fallback),
            )
        return PolledEntry(entry.key, fallback)
    if reason is None:
        reason = "the feed entry has no full text and its page was not fetched"
    return PolledEntry(entry.key, Problem(id=entry_id, reason=reason), retry)


@dataclass(slots=True)
class PollResult:
    """One poll of one feed. ``entries``: the entries not seen before, each with its own
    article or problem (two entries may lead to one article: each is listed), and the feed's
    own problems (no key); when the feed could not be read, just its problem."""

    feed: str
    status: str  # "ok", "not modified", or the problem
    entries: list[PolledEntry] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None


def poll_feed(
    feed: str,
    *,
    fetcher: Fetcher,
    state: IngestState,
    default_date: Date | None = None,
    provenance: dict[str, Provenance] | None = None,
) -> PollResult:
    """One poll of one feed: a conditional GET, then the entries ``state`` has not seen, read
    into articles (not marked seen: the caller does that once they are stored, with
    ``state.mark_entry``)."""
    etag, modified = state.feed_validators(feed)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    try:
        response = fetcher.fetch(feed, headers=headers)
    except FetchError as err:
        return PollResult(
            feed, err.reason, [PolledEntry(None, Problem(id=feed, reason=err.reason))]
        )
    if response.status == 304:
        return PollResult(feed, "not modified", etag=etag, last_modified=modified)
    parsed = parse_feed(response.content)
    if parsed.problem and not parsed.entries:
        return PollResult(
            feed, parsed.problem, [PolledEntry(None, Problem(id=feed, reason=parsed.problem))]
        )
    entries = _read_entries(
        parsed,
        feed=feed,
        fetcher=fetcher,
        default_date=default_date,
        state=state,
        provenance=provenance,
    )
    return PollResult(
        feed,
        "ok",
        list(entries),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )
