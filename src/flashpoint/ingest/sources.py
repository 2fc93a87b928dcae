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
- an extractor failure on one document: "could not extract: ..." (never a traceback).
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
from flashpoint.ingest.html import extract_html, looks_like_html
from flashpoint.ingest.jsonl import read_json_records, read_jsonl
from flashpoint.ingest.limits import BYTES_PER_CHAR, MAX_CHARS, scrape_line_note, truncate
from flashpoint.ingest.text import clean_text_article, extract_text_article, looks_like_scrape
from flashpoint.model import Article, Problem

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".json")
HTML_SUFFIXES = (".html", ".htm")
KNOWN_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES
INPUT_FORMATS = ("auto", "text", "scrape", "html", "jsonl")
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
        except (gzip.BadGzipFile, EOFError, zlib.error) as err:
            yield Problem(id=name, reason=f"not a valid gzip file: {err or 'truncated'}")
        except OSError as err:
            yield Problem(id=name, reason=_os_reason(err))


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
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (one of {', '.join(INPUT_FORMATS)})")
    seen: set[str] = set()
    for given in paths:
        for doc in _read_one(str(given), input_format, default_date, max_chars, stdin):
            if isinstance(doc, Article):
                if doc.id in seen:
                    yield Problem(id=doc.id, reason="duplicate id in this batch; the repeat was skipped")
                    continue
                seen.add(doc.id)
            yield doc


def _read_one(
    given: str, input_format: str, default_date: Date | None, max_chars: int, stdin: BinaryIO | None
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
            yield from _read_file(f, input_format, default_date, max_chars)
        return
    yield from _read_file(path, input_format, default_date, max_chars)
