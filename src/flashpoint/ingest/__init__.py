"""Sources -> documents -> articles.

The public entry points:

- :func:`read_documents` — files, folders, gzip, stdin (``"-"``); JSONL, HTML, text scrapes
  and clean text; yields :class:`~flashpoint.model.Article` or, for anything that cannot be
  read, :class:`~flashpoint.model.Problem` (one-line reason; the batch goes on).
- :func:`extract_article` — one document's text as an Article (``flashpoint extract``).
- :func:`extract_text_article` — the text-scrape extractor (headline + body, furniture out).
- :func:`decode_bytes` — bytes to text with encoding detection.
"""

from flashpoint.ingest.decode import BinaryContent, decode_bytes, is_binary
from flashpoint.ingest.html import extract_html, looks_like_html
from flashpoint.ingest.jsonl import article_from_record, read_jsonl
from flashpoint.ingest.limits import MAX_CHARS
from flashpoint.ingest.sources import (
    INPUT_FORMATS,
    extract_article,
    read_documents,
    sniff_format,
)
from flashpoint.ingest.text import (
    clean_text_article,
    extract_text_article,
    looks_like_scrape,
)

__all__ = [
    "INPUT_FORMATS",
    "MAX_CHARS",
    "BinaryContent",
    "article_from_record",
    "clean_text_article",
    "decode_bytes",
    "extract_article",
    "extract_html",
    "extract_text_article",
    "is_binary",
    "looks_like_html",
    "looks_like_scrape",
    "read_documents",
    "read_jsonl",
    "sniff_format",
]
