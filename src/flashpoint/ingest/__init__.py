"""Sources -> documents -> articles.

The public entry points:

- :func:`read_documents` — files, folders, gzip, stdin (``"-"``); JSONL, HTML, text scrapes
  and clean text; yields :class:`~flashpoint.model.Article` or, for anything that cannot be
  read, :class:`~flashpoint.model.Problem` (one-line reason; the batch goes on).
- :func:`extract_article` — one document's text as an Article (``flashpoint extract``).
- :func:`extract_text_article` — the text-scrape extractor (headline + body, furniture out).
- :func:`decode_bytes` — bytes to text with encoding detection.
- :func:`extract_html_page` — an HTML page as an article plus canonical URL, language and
  the furniture its post-filters removed.
- :class:`Fetcher`, :func:`fetch_settings` — polite, bounded HTTP (``ingest.fetch``);
  :func:`parse_feed` / :func:`read_feed` (RSS/Atom), :func:`read_warc` (WARC/ARC);
  :class:`Provenance` and :class:`IngestState` (where each article came from; what was read
  before); :func:`detect_language`.
"""

from flashpoint.ingest.decode import BinaryContent, decode_bytes, is_binary
from flashpoint.ingest.feeds import parse_feed, poll_feed, read_feed
from flashpoint.ingest.fetch import Fetcher, FetchError, fetch_settings
from flashpoint.ingest.html import HtmlPage, extract_html, extract_html_page, looks_like_html
from flashpoint.ingest.jsonl import article_from_record, read_jsonl
from flashpoint.ingest.language import detect_language
from flashpoint.ingest.limits import MAX_CHARS
from flashpoint.ingest.provenance import IngestState, Provenance, content_hash
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
from flashpoint.ingest.warc import read_warc

__all__ = [
    "INPUT_FORMATS",
    "MAX_CHARS",
    "BinaryContent",
    "FetchError",
    "Fetcher",
    "HtmlPage",
    "IngestState",
    "Provenance",
    "content_hash",
    "detect_language",
    "extract_html_page",
    "fetch_settings",
    "parse_feed",
    "poll_feed",
    "read_feed",
    "read_warc",
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
