"""WARC and ARC files (warcio): web crawls such as Common Crawl News, gzipped or not.

Only ``response`` records are read (ARC records count as responses), and of those only the
successful (2xx) HTML ones: robots.txt, images, redirects and error pages in a crawl are
skipped without a problem, and counted in :class:`WarcStats`. Each page goes through the HTML
extractor (``ingest.html``) with its target URI as article id and URL; the record's
``WARC-Date`` is when it was fetched (kept in the provenance, not taken as the publication
date).

A damaged file (a gzip member cut short, garbage between records) gives the records before
the damage and a problem naming the byte offset where reading stopped; a record whose payload
is larger than ``max_bytes`` is skipped with a problem.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import date as Date
from typing import BinaryIO

from flashpoint.ingest.provenance import IngestState, Provenance, content_hash
from flashpoint.model import Article, Problem

WARC_NAME_ENDINGS = (".warc", ".arc", ".warc.gz", ".arc.gz")  # file names of WARC/ARC files
MAX_RECORD_BYTES = 10 << 20
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "")


def looks_like_warc(head: bytes) -> bool:
    """True for the first bytes of a WARC or ARC file, gzipped or not."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_NAME_ENDINGS)


@dataclass(slots=True)
class WarcStats:
    records: int = 0  # records of any type
    responses: int = 0
    pages: int = 0  # articles produced
    skipped: int = 0  # responses that are not 2xx HTML


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def read_warc(
    source: str | BinaryIO,
    *,
    name: str | None = None,
    default_date: Date | None = None,
    provenance: dict[str, Provenance] | None = None,
    state: IngestState | None = None,
    max_bytes: int = MAX_RECORD_BYTES,
    stats: WarcStats | None = None,
) -> Iterator[Article | Problem]:
    """Articles from the HTML responses of a WARC/ARC file (a path or a binary stream).

    ``name`` labels problems and provenance (default: the path). Records whose content
    ``state`` has already seen are skipped.
    """
    from warcio.archiveiterator import ArchiveIterator

    from flashpoint.ingest.decode import BinaryContent
    from flashpoint.ingest.fetch import decode_body
    from flashpoint.ingest.html import extract_html_page, looks_like_html

    stats = stats if stats is not None else WarcStats()
    label = name or (source if isinstance(source, str) else getattr(source, "name", "warc"))
    label = str(label)
    fh: BinaryIO
    if isinstance(source, str):
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed in finally
        except OSError as err:
            yield Problem(id=label, reason=(err.strerror or str(err)).lower())
            return
        owned = True
    else:
        fh, owned = source, False
    offset = 0  # where the record being read starts
    gzipped = False
    try:
        try:
            gzipped = fh.peek(2)[:2] == b"\x1f\x8b"  # type: ignore[attr-defined]
        except (AttributeError, OSError):
            gzipped = False
        iterator = ArchiveIterator(fh, arc2warc=True)
        while True:
            try:
                record = next(iterator, None)
            except Exception as err:  # noqa: BLE001 - warcio raises many kinds on bad data
                yield _damaged(label, offset, stats, err, gzipped)
                return
            if record is None:
                break
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{label}@{offset}"
            http = record.http_headers
            status = http.get_statuscode() if http is not None else None
            content_type = (http.get_header("Content-Type") if http is not None else None) or ""
            media = content_type.split(";", 1)[0].strip().lower()
            response = record.rec_type == "response"
            wanted = (
                response
                and (status is None or str(status).startswith("2"))
                and (media in _HTML_TYPES or media.startswith("text/html"))
            )
            try:
                payload = record.content_stream().read(max_bytes + 1) if wanted else b""
                complete = _drain(record)
            except Exception as err:  # noqa: BLE001
                yield _damaged(label, offset, stats, err, gzipped)
                return
            if not complete:
                yield _damaged(
                    label, offset, stats, EOFError(f"the record for {uri} is cut short"), gzipped
                )
                return
            start = offset
            try:  # known once the record is read (warcio reads to its end to tell)
                start, length = iterator.get_record_offset(), iterator.get_record_length()
                offset = start + length
            except Exception:  # noqa: BLE001 - offsets are informative only
                pass
            stats.records += 1
            if not response:
                continue
            stats.responses += 1
            if not wanted:
                stats.skipped += 1
                continue
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            problem_id = f"{label}@{start}"
            if len(payload) > max_bytes:
                yield Problem(
                    id=problem_id,
                    reason=f"record for {uri} is larger than {max_bytes >> 20} MB; skipped",
                )
                continue
            if not payload.strip():
                stats.skipped += 1
                continue
            try:
                text = decode_body(payload, content_type)
            except BinaryContent:
                yield Problem(id=problem_id, reason=f"record for {uri}: binary content, not text")
                continue
            if media in ("application/xml", "text/xml", "") and not looks_like_html(text):
                stats.skipped += 1
                continue
            try:
                page = extract_html_page(text, id=uri, date=default_date, url=uri)
            except Exception as err:  # noqa: BLE001 - one bad page must not stop a crawl
                yield Problem(id=uri, reason=f"could not extract: {type(err).__name__}: {err}")
                continue
            article = page.article
            if not article.text.strip():
                yield Problem(id=uri, reason="no article text found")
                continue
            digest = content_hash(article)
            if state is not None:
                if state.known_content(digest) is not None:
                    state.skipped += 1
                    continue
            article.path = label
            stats.pages += 1
            if provenance is not None:
                provenance[article.id] = Provenance(
                    article_id=article.id,
                    kind="warc",
                    source_url=uri,
                    final_url=uri,
                    canonical_url=page.canonical_url if page.canonical_url != uri else None,
                    file=label,
                    warc_offset=start,
                    warc_record_id=record_id,
                    fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
                    content_hash=digest,
                    http_status=int(status) if status and str(status).isdigit() else None,
                    content_type=media or None,
                )
            yield article
    finally:
        if owned:
            fh.close()


def _drain(record: object) -> bool:
    """Read a record to its end; False when the file ends before the record does."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(1 << 20):
        pass
    return getattr(raw, "limit", 0) <= 0


def _damaged(
    label: str, offset: int, stats: WarcStats, err: BaseException, gzipped: bool
) -> Problem:
    detail = str(err).splitlines()[0] if str(err) else type(err).__name__
    if isinstance(err, (AttributeError, TypeError, KeyError, IndexError)):
        detail = "malformed record headers"  # warcio trips over them without saying so
    if isinstance(err, (zlib.error, gzip.BadGzipFile)) or (gzipped and isinstance(err, EOFError)):
        what = "truncated or damaged gzip data"
    elif isinstance(err, EOFError):
        what = "the file ends in the middle of a record"
    else:
        what = "not a valid WARC/ARC record"
    return Problem(
        id=label,
        reason=f"{what} at byte {offset:,} ({detail[:160]}); the {stats.records} record(s) before it were read",
    )


def read_warc_bytes(data: bytes, **kwargs: object) -> Iterator[Article | Problem]:
    """:func:`read_warc` over a WARC held in memory (a fetched ``application/warc``)."""
    return read_warc(io.BytesIO(data), **kwargs)  # type: ignore[arg-type]
