"""Where each article came from, and what has been read before.

:class:`Provenance` records, for one article: the kind of source (``file``, ``stdin``,
``url``, ``feed``, ``warc``), the URL asked for and the one it was found at, the page's
canonical URL, the file (and, in a WARC, the record's offset and id), the feed, when it was
fetched, a hash of its content, its language. Sources fill a mapping ``article id ->
Provenance`` when given one (``read_documents(..., provenance={})``).

:class:`IngestState` is a small SQLite file that remembers across runs and restarts:

- the content hashes already read (re-ingesting the same content is a no-op: sources skip it),
- the feed entries already seen, per feed, and each feed's ``ETag`` / ``Last-Modified`` for
  conditional requests,
- the URLs already fetched with success (not fetched again unless asked).

Writes are committed at once, so a run killed at any point resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.model import Article

if TYPE_CHECKING:
    from flashpoint.ingest.fetch import Response


def content_hash(
    article: Article | None = None, *, text: str | None = None, title: str | None = None
) -> str:
    """SHA-256 of an article's title and body with whitespace squeezed: the same story text
    hashes the same whatever page furniture, markup or fetch it came with."""
    if article is not None:
        text, title = article.text, article.title
    norm = " ".join((title or "").split()) + "\n" + " ".join((text or "").split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Provenance:
    """Where one article came from (see the module notes). Times are UTC."""

    article_id: str
    kind: str  # "file", "stdin", "url", "feed", "warc"
    source_url: str | None = None  # the URL asked for (a feed entry's link, a WARC record's target)
    final_url: str | None = None  # where it was found, after redirects
    canonical_url: str | None = None  # what the page says its URL is
    file: str | None = None  # a local file (a WARC, a feed file, a page)
    warc_offset: int | None = None  # byte offset of the WARC record in its (possibly gzipped) file
    warc_record_id: str | None = None
    feed: str | None = None  # the feed URL (or file) an entry came from
    fetched_at: datetime | None = None  # HTTP fetch time, or the WARC record's date
    content_hash: str | None = None  # :func:`content_hash` of the article
    language: str | None = None  # detected language (ISO 639-1), when known
    http_status: int | None = None
    content_type: str | None = None

    @classmethod
    def from_response(
        cls,
        article: Article,
        response: Response,
        *,
        kind: str,
        source_url: str | None,
        file: str | None = None,
        feed: str | None = None,
    ) -> Provenance:
        """The provenance of an article extracted from a fetched page (``response``)."""
        return cls(
            article_id=article.id,
            kind=kind,
            source_url=source_url,
            final_url=response.final_url,
            canonical_url=article.url if article.url != response.final_url else None,
            file=file,
            feed=feed,
            fetched_at=response.fetched_at,
            content_hash=content_hash(article),
            http_status=response.status,
            content_type=response.content_type or None,
        )

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.fetched_at is not None:
            out["fetched_at"] = self.fetched_at.isoformat()
        return out


def utcnow() -> datetime:
    return datetime.now(UTC)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS contents (
    content_hash TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    article_id TEXT,
    content_hash TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    last_polled TEXT,
    last_status TEXT
);
CREATE TABLE IF NOT EXISTS entries (
    feed TEXT NOT NULL,
    entry TEXT NOT NULL,
    article_id TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed, entry)
);
"""


class IngestState:
    """What has been read before, kept in a SQLite file (``":memory:"`` for one run)."""

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute(
            "PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY"
        )
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self.skipped = 0  # documents skipped in this run because their content was known

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> IngestState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, sql: str, params: Iterable[Any]) -> tuple | None:
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchone()

    def _write(self, sql: str, params: Iterable[Any]) -> None:
        with self._lock:
            self._db.execute(sql, tuple(params))

    # ------------------------------------------------------------ contents

    def known_content(self, digest: str) -> str | None:
        """The id of the article first read with this content hash, or None."""
        row = self._one("SELECT article_id FROM contents WHERE content_hash = ?", [digest])
        return row[0] if row else None

    def add_content(self, digest: str, article_id: str) -> None:
        self._write(
            "INSERT OR IGNORE INTO contents (content_hash, article_id, first_seen) VALUES (?, ?, ?)",
            [digest, article_id, utcnow().isoformat()],
        )

    # ------------------------------------------------------------ urls

    def url_done(self, url: str) -> bool:
        return self._one("SELECT 1 FROM urls WHERE url = ?", [url]) is not None

    def mark_url(self, url: str, article_id: str | None, digest: str | None) -> None:
        self._write(
            "INSERT OR REPLACE INTO urls (url, article_id, content_hash, fetched_at) VALUES (?, ?, ?, ?)",
            [url, article_id, digest, utcnow().isoformat()],
        )

    # ------------------------------------------------------------ feeds

    def feed_validators(self, feed: str) -> tuple[str | None, str | None]:
        """``(etag, last_modified)`` from the last successful poll of a feed."""
        row = self._one("SELECT etag, last_modified FROM feeds WHERE url = ?", [feed])
        return (row[0], row[1]) if row else (None, None)

    def mark_feed(
        self, feed: str, *, etag: str | None, last_modified: str | None, status: str
    ) -> None:
        self._write(
            "INSERT INTO feeds (url, etag, last_modified, last_polled, last_status) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
            "last_polled = excluded.last_polled, last_status = excluded.last_status",
            [feed, etag, last_modified, utcnow().isoformat(), status],
        )

    def entry_seen(self, feed: str, entry: str) -> bool:
        return (
            self._one("SELECT 1 FROM entries WHERE feed = ? AND entry = ?", [feed, entry])
            is not None
        )

    def mark_entry(self, feed: str, entry: str, article_id: str | None) -> None:
        self._write(
            "INSERT OR REPLACE INTO entries (feed, entry, article_id, seen_at) VALUES (?, ?, ?, ?)",
            [feed, entry, article_id, utcnow().isoformat()],
        )


_ENTRY_KEY = re.compile(r"\s+")


def entry_key(value: str) -> str:
    """A feed entry's key as stored: its id (or link), whitespace squeezed."""
    return _ENTRY_KEY.sub(" ", value).strip()
