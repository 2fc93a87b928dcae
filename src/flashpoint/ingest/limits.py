"""Size limits: how much of one document flashpoint reads.

A document longer than ``MAX_CHARS`` characters (2,000,000 by default: about 300,000 words,
two orders of magnitude above a long news article) is cut to that length, at the last line
break before the limit when there is one close to it; the article is still produced, and
the batch also gets a ``Problem`` whose reason starts with ``"truncated:"`` so the cut is
never silent. Files are read only as far as the limit needs (at most four bytes a
character), so a 20 MB or 2 GB text file costs the same few seconds. JSONL files are
streamed line by line and are not limited as a whole; each record's text is. A text that
goes through the text-scrape extractor is also cut at ``MAX_SCRAPE_LINES`` non-blank lines,
with the same kind of note.
"""

from __future__ import annotations

MAX_CHARS = 2_000_000
# A scraped web page has hundreds of lines, rarely a few thousand; the text-scrape extractor
# reads at most this many non-blank lines of one document (beyond it, the input is not one
# page, and the line model would cost seconds for nothing).
MAX_SCRAPE_LINES = 10_000
BYTES_PER_CHAR = 4  # the most UTF-8 needs; reading this many bytes always yields enough text


def truncate(text: str, max_chars: int = MAX_CHARS) -> tuple[str, int]:
    """``(text, 0)`` when it fits; else ``(first part, original length)``."""
    if len(text) <= max_chars:
        return text, 0
    cut = text.rfind("\n", 0, max_chars)
    if cut < max_chars * 0.9:
        cut = max_chars
    return text[:cut], len(text)


def count_lines(text: str, stop: int) -> int:
    """Non-blank lines of ``text``, counting no further than ``stop``."""
    n = 0
    for line in text.split("\n"):
        if line.strip():
            n += 1
            if n > stop:
                break
    return n


def scrape_line_note(text: str, max_lines: int = MAX_SCRAPE_LINES) -> str | None:
    """The note for a scrape longer than the extractor reads, or None."""
    if count_lines(text, max_lines) > max_lines:
        return f"truncated: only the first {max_lines:,} lines of this page scrape were read"
    return None
