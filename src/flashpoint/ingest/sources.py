"""Sources -> documents -> articles: files, folders, gzip, stdin; formats picked by name and content.

``read_documents`` never raises for a bad input: each one that cannot be read becomes a
:class:`Problem` with a one-line reason, and the rest of the batch is read.

- missing path: Problem "no such file or directory"; unreadable: "permission denied";
- folder without readable files: Problem "no readable files in this folder (looked for ...)";
- empty file: "empty file" (or "empty file (only whitespace)"; "empty input" on stdin);
- binary file (NUL bytes, control bytes): "binary file, not text";
- broken ``.gz``: "not a valid gzip file: ...";
- Latin-1, cp1252, UTF-16, a UTF-8 BOM, legacy Cyrillic: decoded (``decode.decode_bytes``);
- longer than ``max_chars``: the article from the first ``max_chars`` characters, plus a
  Problem "truncated: ..." (see ``limits``); a scrape longer than the extractor reads, the same;
- a JSONL line that is not JSON, not an object, without id or text, or with a bad date: a
  Problem for that line (id "path:line", or the record's id), the other lines are read;
- a page with no article text: "no article text found";
- the same id twice in one batch: "duplicate id ..." for the repeat, which is skipped;
- an extractor failure on one document: "could not extract: ..." (never a traceback);
- a document not in English: "skipped: not in English (language: pt)" (``ingest.language``);
- a URL that cannot be fetched (404, 500 after retries, timeout, over the size cap, redirect
  loop, a private address): the fetcher's reason (``ingest.fetch``);
- not a feed: "not a feed: ..."; a damaged WARC: "truncated or damaged gzip data at byte N
  ...", after the records before the damage.

Besides files, folders and stdin, ``read_documents`` reads globs (``"pages/*.html"``), URLs
(``http://`` / ``https://``, fetched with ``ingest.fetch``), lists of URLs (a text file of
URLs, one a line), RSS/Atom feeds (``ingest.feeds``: each entry's page) and WARC/ARC files
(``ingest.warc``).
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date as Date
from pathlib import Path
from typing import BinaryIO

from flashpoint.ingest.decode import BinaryContent, decode_bytes, is_binary
from flashpoint.ingest.fetch import Fetcher, Response
from flashpoint.ingest.html import extract_html, looks_like_html
from flashpoint.ingest.jsonl import read_json_records, read_jsonl
from flashpoint.ingest.language import article_language
from flashpoint.ingest.limits import BYTES_PER_CHAR, MAX_CHARS, scrape_line_note, truncate
from flashpoint.ingest.provenance import IngestState, Provenance, content_hash
from flashpoint.ingest.text import clean_text_article, extract_text_article, looks_like_scrape
from flashpoint.model import Article, Problem

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".json")
HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".arc")
FEED_SUFFIXES = (".rss", ".atom")
KNOWN_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
INPUT_FORMATS = ("auto", "text", "scrape", "html", "jsonl", "warc", "feed", "url")
# formats that name a source rather than a document: read by read_documents, not extract_article
SOURCE_FORMATS = ("warc", "feed", "url")
MAX_JSONL_LINE_BYTES = 64 * 1024 * 1024
_SNIFF = 64 * 1024

Document = Article | Problem


def _suffix(path: Path) -> str:
    """The format suffix of a path, looking through ``.gz``."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1]


def _walk(folder: Path) -> list[Path]:
    """Readable-looking files under a folder, recursively, in a stable order; hidden files
    and folders are skipped."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = Path(root) / name
            if _suffix(p) in KNOWN_SUFFIXES:
                out.append(p)
    return out


def sniff_format(head: str, suffix: str = "") -> str:
    """``"jsonl"``, ``"json"``, ``"html"`` or ``"text"`` from a file's name and first characters.

    ``.jsonl``/``.json``/``.html``/``.htm`` decide by name. Otherwise (``.txt``, no suffix,
    stdin): a first non-blank ``{`` whose first line parses as a JSON object means JSONL,
    an HTML start (``<!doctype html``, ``<html``...) means HTML, anything else is text.
    """
    if suffix == ".jsonl":
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in HTML_SUFFIXES:
        return "html"
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        import json

        first = stripped.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except json.JSONDecodeError:
            pass
    if stripped.startswith("[") and re.match(r"\[\s*\{", stripped):
        return "json"
    if looks_like_html(stripped):
        return "html"
    return "text"


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(text: str) -> str:
    """Markdown as plain lines: headings without ``#``, links as their text, images and
    emphasis marks dropped, front matter removed."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4 :]
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("!["):
            continue
        s = re.sub(r"^#{1,6}\s+", "", s)
        s = re.sub(r"^>\s?", "", s)
        s = _MD_LINK.sub(r"\1", s)
        s = _MD_EMPHASIS.sub(r"\2", s)
        out.append(s)
    return "\n".join(out)


def text_document(
    text: str,
    *,
    id: str,
    date: Date | None = None,
    url: str | None = None,
    force_scrape: bool = False,
) -> Article:
    """A text document as an article: scrapes through the extractor, clean text as it is."""
    if force_scrape or looks_like_scrape(text):
        return extract_text_article(text, id=id, date=date, url=url)
    article = clean_text_article(text, id=id, date=date, url=url)
    if article.date is None:
        from flashpoint.ingest.dates import find_dateline

        paras = article.text.split("\n\n")[:3]
        article.date = find_dateline(paras, None, 0) if paras and paras[0] else None
    return article


def extract_article(
    raw: str,
    *,
    id: str,
    date: Date | None = None,
    url: str | None = None,
    input_format: str = "auto",
) -> Article:
    """One document's text (a scrape, clean text, an HTML page, or one JSON record) as an
    :class:`Article`; used by ``flashpoint extract``.

    ``input_format``: ``"auto"`` (sniffed from the content), ``"text"`` (scrape or clean
    text, decided by content), ``"scrape"`` (always the text-scrape extractor), ``"html"``,
    or ``"jsonl"`` (``raw`` is one JSON record). Raises ValueError when the document has no
    article (the reason says why).
    """
    fmt = input_format
    if fmt not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (one of {', '.join(INPUT_FORMATS)})")
    if fmt in SOURCE_FORMATS:
        raise ValueError(f"input format {fmt!r} names a source, not a document: use read_documents")
    if fmt == "auto":
        fmt = sniff_format(raw[:_SNIFF])
        fmt = "jsonl" if fmt == "json" else fmt
    if fmt == "html":
        article = extract_html(raw, id=id, date=date, url=url)
    elif fmt == "jsonl":
        results = list(read_json_records(raw, id, default_date=date))
        articles = [r for r in results if isinstance(r, Article)]
        if not articles:
            problems = [r.reason for r in results if isinstance(r, Problem)]
            raise ValueError(problems[0] if problems else "no JSON record")
        article = articles[0]
    else:
        article = text_document(raw, id=id, date=date, url=url, force_scrape=fmt == "scrape")
    if not article.text.strip():
        raise ValueError("no article text found")
    return article


# --------------------------------------------------------------------------- reading


def _size_note(size: int | None) -> str:
    if size is None:
        return "the input is longer"
    if size >= 1 << 20:
        return f"the file is {size / (1 << 20):.1f} MB"
    return f"the file is {size:,} bytes"


def _read_capped(fh: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Up to ``limit`` bytes, and whether there was more."""
    data = fh.read(limit + 1)
    if len(data) > limit:
        return data[:limit], True
    return data, False


def _iter_byte_lines(fh: BinaryIO, first: bytes = b"") -> Iterator[bytes | None]:
    """Lines of a binary stream whose first bytes were already read (``first``); ``None``
    stands for a line longer than the JSONL line limit, which is skipped to its end."""
    *complete, carry = first.split(b"\n")
    for line in complete:
        yield line + b"\n"
    while True:
        line = fh.readline(MAX_JSONL_LINE_BYTES + 1)
        if carry:
            line, carry = carry + line, b""
        if not line:
            return
        if len(line) > MAX_JSONL_LINE_BYTES and not line.endswith(b"\n"):
            while True:
                more = fh.readline(MAX_JSONL_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _jsonl_from_stream(
    fh: BinaryIO, source: str, first: bytes, default_date: Date | None, max_chars: int
) -> Iterator[Document]:
    def lines() -> Iterator[str | None]:
        for raw in _iter_byte_lines(fh, first):
            if raw is None:
                yield None
                continue
            try:
                yield raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                yield decode_bytes(raw, check_binary=False)

    yield from read_jsonl(lines(), source, default_date=default_date, max_chars=max_chars)


def _first_line_is_object(head: bytes) -> bool:
    import json

    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first.decode("utf-8", errors="replace")), dict)
    except json.JSONDecodeError:
        return False


def _documents_from_stream(
    fh: BinaryIO,
    *,
    name: str,
    suffix: str,
    size: int | None,
    input_format: str,
    default_date: Date | None,
    max_chars: int,
) -> Iterator[Document]:
    head = fh.read(_SNIFF)
    if not head:
        yield Problem(id=name, reason="empty file" if name != "-" else "empty input")
        return
    if is_binary(head):
        yield Problem(id=name, reason="binary file, not text")
        return
    fmt = input_format
    if fmt == "auto":
        try:
            head_text = decode_bytes(head, cut=True)
        except BinaryContent:
            yield Problem(id=name, reason="binary file, not text")
            return
        fmt = sniff_format(head_text, suffix)
    if fmt == "jsonl" or (fmt == "json" and _first_line_is_object(head)):
        # one record a line: streamed, however long the file
        yield from _jsonl_from_stream(fh, name, head, default_date, max_chars)
        return
    limit = max_chars * BYTES_PER_CHAR
    rest, more = _read_capped(fh, max(0, limit - len(head)))
    data = head + rest
    try:
        text = decode_bytes(data, cut=more)
    except BinaryContent:
        yield Problem(id=name, reason="binary file, not text")
        return
    if not text.strip():
        yield Problem(id=name, reason="empty file (only whitespace)")
        return
    text, total = truncate(text, max_chars)
    if more or total:
        yield Problem(
            id=name, reason=f"truncated: only the first {max_chars:,} characters were read ({_size_note(size)})"
        )
    if fmt in ("json", "jsonl"):
        yield from read_json_records(text, name, default_date=default_date, max_chars=max_chars)
        return
    try:
        if fmt == "html":
            article = extract_html(text, id=name, date=default_date)
        else:
            if suffix == ".md":
                text = markdown_to_text(text)
            scrape = fmt == "scrape" or looks_like_scrape(text)
            note = scrape_line_note(text) if scrape else None
            if note:
                yield Problem(id=name, reason=note)
            article = text_document(text, id=name, date=default_date, force_scrape=scrape)
    except Exception as err:  # noqa: BLE001 - one bad document must not stop a batch
        yield Problem(id=name, reason=f"could not extract: {type(err).__name__}: {err}")
        return
    if not article.text.strip():
        yield Problem(id=name, reason="no article text found")
        return
    if name != "-":
        article.path = name
    yield article


def _read_file(path: Path, input_format: str, default_date: Date | None, max_chars: int) -> Iterator[Document]:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        yield Problem(id=name, reason=_os_reason(err))
        return
    if size == 0:
        yield Problem(id=name, reason="empty file")
        return
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below, gzip wraps it
    except OSError as err:
        yield Problem(id=name, reason=_os_reason(err))
        return
    with raw:
        fh: BinaryIO = raw
        if path.name.lower().endswith(".gz") or raw.peek(2)[:2] == b"\x1f\x8b":  # type: ignore[attr-defined]
            fh = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
            size = None
        try:
            yield from _documents_from_stream(
                fh,
                name=name,
                suffix=_suffix(path),
                size=size,
                input_format=input_format,
                default_date=default_date,
                max_chars=max_chars,
            )
        except _GZIP_ERRORS as err:
            yield _gzip_problem(name, err)
        except OSError as err:
            yield Problem(id=name, reason=_os_reason(err))


_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def _gzip_problem(name: str, err: Exception) -> Problem:
    return Problem(id=name, reason=f"not a valid gzip file: {err or 'truncated'}")


def _gunzip(data: bytes) -> bytes:
    """``data`` decompressed when it is gzip, else as it is; raises one of ``_GZIP_ERRORS``
    for damaged gzip data."""
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _read_small_file(path: Path, limit: int) -> bytes | Problem:
    """Up to ``limit`` bytes of a file (a feed, a list of URLs), decompressed when gzipped; or
    the Problem that stopped the reading."""
    try:
        with open(path, "rb") as raw:
            return _gunzip(raw.read(limit))
    except OSError as err:  # gzip.BadGzipFile (CRC, header) too: it is an OSError
        return Problem(id=str(path), reason=_os_reason(err))
    except _GZIP_ERRORS as err:
        return _gzip_problem(str(path), err)


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return (err.strerror or str(err)).lower()


def read_documents(
    paths: Iterable[str],
    input_format: str = "auto",
    default_date: Date | None = None,
    *,
    max_chars: int = MAX_CHARS,
    stdin: BinaryIO | None = None,
    fetcher: Fetcher | None = None,
    allow_private: bool | None = None,
    user_agent: str | None = None,
    provenance: dict[str, Provenance] | None = None,
    state: IngestState | None = None,
    english_only: bool = True,
) -> Iterator[Article | Problem]:
    """Articles from files, folders (recursively), and ``"-"`` (stdin); problems inline.

    - Folders yield their ``.txt .text .md .jsonl .json .html .htm`` files (and ``.gz`` of
      those), sorted, hidden files skipped. Files named explicitly are read whatever their
      name.
    - ``input_format``: ``"auto"`` picks by suffix, then by content (see :func:`sniff_format`);
      ``"text"`` (scrape or clean text, by content), ``"scrape"``, ``"html"``, ``"jsonl"``
      force one.
    - Document id: the record's ``id`` for JSONL, the file path otherwise (``"-"`` for stdin).
    - Date: the record's ``date``, else ``default_date``, else a dateline near the top of a
      text document (or an HTML page's own date) when unambiguous, else None.
    - Each document is read up to ``max_chars`` characters (see ``limits``).
    - Globs (``*``, ``?``, ``[...]``, ``**``) are expanded, sorted.
    - URLs are fetched (``ingest.fetch``; ``fetcher``, or one made with ``allow_private``,
      ``user_agent`` and the options of ``fetch.fetch_settings``); a page becomes an article
      whose id is the URL it was found at (after redirects), a feed its entries' pages, a
      WARC its pages. ``"url"`` reads a file (or stdin) of URLs, one a line; ``"auto"``
      recognises such a file by its content. ``"feed"`` and ``"warc"`` force those readers;
      ``"auto"`` recognises them by name (``.rss .atom .warc .arc``, gzipped or not) and
      content.
    - ``english_only``: a document whose text is surely not English becomes a Problem
      "skipped: not in English (language: xx)" (``ingest.language``).
    - ``provenance``: when given, filled with article id -> :class:`Provenance` (where the
      article came from, when, its content hash).
    - ``state`` (:class:`IngestState`): content read before is skipped (a no-op, counted in
      ``state.skipped``), as are URLs and feed entries already read.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (one of {', '.join(INPUT_FORMATS)})")
    ctx = _Sources(
        input_format=input_format,
        default_date=default_date,
        max_chars=max_chars,
        stdin=stdin,
        fetcher=fetcher,
        allow_private=allow_private,
        user_agent=user_agent,
        provenance=provenance if provenance is not None else {},
        state=state,
    )
    seen: set[str] = set()
    try:
        for given in paths:
            for doc in ctx.read(str(given)):
                if isinstance(doc, Article):
                    language, reason = article_language(doc)
                    if english_only and reason:
                        yield Problem(id=doc.id, reason=reason)
                        continue
                    if doc.id in seen:
                        yield Problem(id=doc.id, reason="duplicate id in this batch; the repeat was skipped")
                        continue
                    seen.add(doc.id)
                    prov = ctx.provenance.get(doc.id) or _local_provenance(doc, str(given))
                    ctx.provenance[doc.id] = prov
                    prov.language = prov.language or language
                    prov.content_hash = prov.content_hash or content_hash(doc)
                    if state is not None:
                        if state.known_content(prov.content_hash) is not None:
                            state.skipped += 1
                            continue
                        yield doc
                        state.add_content(prov.content_hash, doc.id)
                        continue
                yield doc
    finally:
        ctx.close()


def _read_one(
    given: str,
    input_format: str,
    default_date: Date | None,
    max_chars: int,
    stdin: BinaryIO | None,
    ctx: _Sources | None = None,
) -> Iterator[Document]:
    if given == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            yield from _documents_from_stream(
                stream,
                name="-",
                suffix="",
                size=None,
                input_format=input_format,
                default_date=default_date,
                max_chars=max_chars,
            )
        except (OSError, ValueError) as err:
            yield Problem(id="-", reason=f"could not read stdin: {err}")
        return
    path = Path(given)
    if not path.exists():
        yield Problem(id=given, reason="no such file or directory")
        return
    if path.is_dir():
        files = _walk(path)
        if not files:
            kinds = ", ".join(KNOWN_SUFFIXES)
            yield Problem(id=given, reason=f"no readable files in this folder (looked for {kinds}, and .gz of those)")
            return
        for f in files:
            if ctx is not None:
                yield from ctx.read_path(f)
            else:
                yield from _read_file(f, input_format, default_date, max_chars)
        return
    if ctx is not None:
        yield from ctx.read_path(path)
    else:
        yield from _read_file(path, input_format, default_date, max_chars)


# --------------------------------------------------------------------------- web sources
# Globs, URLs, lists of URLs, RSS/Atom feeds and WARC files (ingest.fetch, ingest.feeds,
# ingest.warc), dispatched from read_documents through _Sources.

_GLOB_CHARS = re.compile(r"[*?\[]")
_URL_LIST_SUFFIXES = ("", ".txt", ".text", ".urls", ".lst", ".list", ".csv")
MAX_FEED_BYTES = 50 * 1024 * 1024


def _local_provenance(doc: Article, given: str) -> Provenance:
    return Provenance(
        article_id=doc.id,
        kind="stdin" if given == "-" else "file",
        source_url=doc.url,
        file=None if given == "-" else (doc.path or given),
        content_hash=content_hash(doc),
    )


def parse_url_list(text: str, name: str) -> Iterator[str | Problem]:
    """The lines of a list of URLs (one a line; blank lines and ``#`` comments skipped): each
    URL, or a Problem (id ``name:line``) for a line that is not one http(s) URL."""
    from flashpoint.ingest.fetch import is_url

    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_url(line) and len(line.split()) == 1:
            yield line
        else:
            yield Problem(id=f"{name}:{lineno}", reason=f"not an http(s) URL: {line[:80]!r}")


def _is_url_list(head: str) -> bool:
    """True for text whose lines (blank ones and ``#`` comments aside) are all URLs."""
    if len(head) >= _SNIFF:
        head = "\n".join(head.splitlines()[:-1])  # the last line may be cut
    items = list(parse_url_list(head, ""))
    return bool(items) and all(isinstance(item, str) for item in items)


def _peek(path: Path) -> bytes:
    """The first bytes of a file (of its content, for a .gz); b"" when unreadable."""
    try:
        with open(path, "rb") as raw:
            head = raw.read(_SNIFF)
            if head[:2] != b"\x1f\x8b":
                return head
            if path.name.lower().endswith((".warc.gz", ".arc.gz")):
                return head
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw) as gz:
                return gz.read(_SNIFF)
    except (OSError, EOFError, zlib.error):
        return b""


def _response_kind(resp: Response, input_format: str) -> str | None:
    """How to read a fetched document: ``html``, ``feed``, ``warc``, ``jsonl``, ``text``,
    ``gzip``, or None (not something flashpoint reads)."""
    from flashpoint.ingest.feeds import FEED_CONTENT_TYPES, looks_like_feed
    from flashpoint.ingest.warc import looks_like_warc

    forced = {"html": "html", "feed": "feed", "warc": "warc", "jsonl": "jsonl", "text": "text", "scrape": "text"}
    if input_format in forced:
        return forced[input_format]
    ct = resp.content_type
    head = resp.content[:_SNIFF]
    if ct == "application/warc" or looks_like_warc(head):
        return "warc"
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if ct in FEED_CONTENT_TYPES or looks_like_feed(head):
        return "feed"
    if ct in ("text/html", "application/xhtml+xml"):
        return "html"
    if ct in ("application/json", "application/x-ndjson", "application/jsonl", "application/json-lines", "application/jsonlines"):
        return "jsonl"
    if ct in ("", "text/plain", "text/markdown", "application/octet-stream", "text/xml", "application/xml"):
        if is_binary(head):
            return None
        text = head.decode("utf-8", errors="replace")
        sniffed = sniff_format(text)
        return {"json": "jsonl"}.get(sniffed, sniffed)
    return None


class _Sources:
    """The reading context of one ``read_documents`` call: options, a fetcher made on first
    use (and closed at the end), the provenance being filled, the ingest state."""

    def __init__(
        self,
        *,
        input_format: str,
        default_date: Date | None,
        max_chars: int,
        stdin: BinaryIO | None,
        fetcher: Fetcher | None,
        allow_private: bool | None,
        user_agent: str | None,
        provenance: dict[str, Provenance],
        state: IngestState | None,
    ):
        self.input_format = input_format
        self.default_date = default_date
        self.max_chars = max_chars
        self.stdin = stdin
        self.allow_private = allow_private
        self.user_agent = user_agent
        self.provenance = provenance
        self.state = state
        self._fetcher = fetcher
        self._own_fetcher = False

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(allow_private=self.allow_private, user_agent=self.user_agent)
            self._own_fetcher = True
        return self._fetcher

    def close(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()

    @property
    def _document_format(self) -> str:
        return "auto" if self.input_format in SOURCE_FORMATS else self.input_format

    # ------------------------------------------------------------------ dispatch

    def read(self, given: str) -> Iterator[Document]:
        from flashpoint.ingest.fetch import is_url

        if is_url(given):
            yield from self.read_url(given.strip())
            return
        if given == "-" and self.input_format == "url":
            stream = self.stdin if self.stdin is not None else sys.stdin.buffer
            yield from self._read_url_lines(decode_bytes(stream.read(MAX_FEED_BYTES), check_binary=False), "-")
            return
        if given != "-" and not os.path.lexists(given) and _GLOB_CHARS.search(given):
            import glob

            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield Problem(id=given, reason="no files match this pattern")
                return
            for match in matches:
                yield from _read_one(
                    match, self._document_format, self.default_date, self.max_chars, self.stdin, ctx=self
                )
            return
        yield from _read_one(given, self._document_format, self.default_date, self.max_chars, self.stdin, ctx=self)

    def kind_of_file(self, path: Path) -> str | None:
        """``warc``, ``feed`` or ``url`` (a list of URLs) for a file read by those readers;
        None for a document file."""
        from flashpoint.ingest.feeds import looks_like_feed
        from flashpoint.ingest.warc import is_warc_name, looks_like_warc

        if self.input_format in SOURCE_FORMATS:
            return self.input_format
        if self.input_format != "auto":
            return None
        suffix = _suffix(path)
        if is_warc_name(path.name):  # .warc .arc, gzipped or not
            return "warc"
        if suffix in FEED_SUFFIXES:
            return "feed"
        if suffix in HTML_SUFFIXES or suffix in JSONL_SUFFIXES or suffix == ".md":
            return None
        head = _peek(path)
        if not head or is_binary(head) and not looks_like_warc(head):
            return None
        if looks_like_warc(head):
            return "warc"
        if looks_like_feed(head):
            return "feed"
        if suffix in _URL_LIST_SUFFIXES and _is_url_list(head.decode("utf-8", errors="replace")):
            return "url"
        return None

    def read_path(self, path: Path) -> Iterator[Document]:
        from flashpoint.ingest.warc import read_warc

        kind = self.kind_of_file(path)
        if kind == "warc":
            yield from read_warc(
                str(path), name=str(path), default_date=self.default_date, provenance=self.provenance, state=self.state
            )
        elif kind == "feed":
            yield from self._read_feed_file(path)
        elif kind == "url":
            yield from self._read_url_list(path)
        else:
            yield from _read_file(path, self._document_format, self.default_date, self.max_chars)

    # ------------------------------------------------------------------ feeds and URL lists

    def _read_feed_file(self, path: Path) -> Iterator[Document]:
        from flashpoint.ingest.feeds import parse_feed, read_feed

        name = str(path)
        data = _read_small_file(path, MAX_FEED_BYTES + 1)
        if isinstance(data, Problem):
            yield data
            return
        if not data.strip():
            yield Problem(id=name, reason="empty file")
            return
        parsed = parse_feed(data[:MAX_FEED_BYTES])
        if parsed.problem and not parsed.entries:
            yield Problem(id=name, reason=parsed.problem)
            return
        fetcher = self.fetcher if any(e.link for e in parsed.entries) else None
        yield from read_feed(
            parsed,
            feed=name,
            fetcher=fetcher,
            default_date=self.default_date,
            state=self.state,
            provenance=self.provenance,
            file=name,
        )

    def _read_url_list(self, path: Path) -> Iterator[Document]:
        data = _read_small_file(path, MAX_FEED_BYTES)
        if isinstance(data, Problem):
            yield data
            return
        try:
            text = decode_bytes(data)
        except BinaryContent:
            yield Problem(id=str(path), reason="binary file, not a list of URLs")
            return
        yield from self._read_url_lines(text, str(path))

    def _read_url_lines(self, text: str, name: str) -> Iterator[Document]:
        for item in parse_url_list(text, name):
            if isinstance(item, Problem):
                yield item
            else:
                yield from self.read_url(item)

    # ------------------------------------------------------------------ URLs

    def read_url(self, url: str) -> Iterator[Document]:
        """A fetched URL: a page, a feed (its entries' pages), a WARC, JSONL or text."""
        from flashpoint.ingest.fetch import FetchError

        state = self.state
        if state is not None and state.url_done(url):
            state.skipped += 1
            return
        try:
            resp = self.fetcher.fetch(url)
        except FetchError as err:
            yield Problem(id=url, reason=err.reason)
            return
        done: list[str] = []
        for item in self._read_response(url, resp):
            yield item
            if isinstance(item, Article):
                done.append(item.id)
        if state is not None:
            state.mark_url(url, done[0] if len(done) == 1 else None, None)

    def _read_response(self, url: str, resp: Response, depth: int = 0) -> Iterator[Document]:
        from flashpoint.ingest.feeds import article_from_page, parse_feed, read_feed
        from flashpoint.ingest.warc import read_warc_bytes

        kind = _response_kind(resp, self.input_format)
        if kind == "gzip" and depth == 0:
            try:
                resp.content = _gunzip(resp.content)
            except _GZIP_ERRORS as err:
                yield _gzip_problem(url, err)
                return
            resp.headers.pop("content-type", None)
            yield from self._read_response(url, resp, depth + 1)
            return
        if kind == "feed":
            parsed = parse_feed(resp.content)
            if parsed.problem and not parsed.entries:
                yield Problem(id=url, reason=parsed.problem)
                return
            yield from read_feed(
                parsed, feed=url, fetcher=self.fetcher, default_date=self.default_date,
                state=self.state, provenance=self.provenance,
            )
            return
        if kind == "warc":
            yield from read_warc_bytes(
                resp.content, name=url, default_date=self.default_date, provenance=self.provenance, state=self.state
            )
            return
        if kind == "html":
            article, problem = article_from_page(resp)
            if article is None:
                yield Problem(id=url, reason=problem or "no article text found")
                return
            article.date = article.date or self.default_date
        elif kind in ("jsonl", "text"):
            try:
                text = resp.text()
            except BinaryContent:
                yield Problem(id=url, reason="binary content, not text")
                return
            if kind == "jsonl":
                yield from read_json_records(text, url, default_date=self.default_date, max_chars=self.max_chars)
                return
            text, _ = truncate(text, self.max_chars)
            article = text_document(text, id=resp.final_url, date=self.default_date, url=resp.final_url)
            if not article.text.strip():
                yield Problem(id=url, reason="no article text found")
                return
        else:
            what = resp.content_type or "no content type"
            yield Problem(id=url, reason=f"not a web page, feed or WARC ({what})")
            return
        self.provenance[article.id] = Provenance.from_response(article, resp, kind="url", source_url=url)
        yield article
