"""HTML pages -> articles, with trafilatura (offline: it parses what it is given, fetches nothing).

trafilatura runs in precision mode (``favor_precision``), without comments, with tables,
and with metadata (title, date, site name, author). When precision mode finds no body,
recall mode gets a second try; when that fails too, the page's visible text goes through
the text-scrape extractor.
"""

from __future__ import annotations

import re
from datetime import date as Date

from flashpoint.ingest.dates import parse_date
from flashpoint.model import Article

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """True for text that starts as an HTML document does (doctype, <html>, <head>, <body>),
    or that is dense with block tags."""
    head = text[:2048].lstrip("\ufeff")
    if _HTML_START.match(head):
        return True
    tags = len(re.findall(r"</?(?:p|div|span|a|br|h[1-6]|article|section|li|ul|table|meta|script)\b", head, re.I))
    return head.lstrip().startswith("<") and tags >= 3


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _paragraphs(text: str) -> str:
    """trafilatura's one-paragraph-a-line text with a blank line between paragraphs."""
    paras = [" ".join(p.split()) for p in text.splitlines()]
    return "\n\n".join(p for p in paras if p)


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [a.strip() for a in re.split(r";|\band\b|,", value) if a.strip()]


def extract_html(html: str, *, id: str, date: Date | None = None, url: str | None = None) -> Article:
    """An :class:`Article` from an HTML page: body, title, date, outlet (site name), authors.

    ``date`` when given wins over the page's own date; ``url`` helps trafilatura with
    relative metadata and is kept on the article.
    """
    import trafilatura

    doc = None
    body = ""
    for mode in ({"favor_precision": True}, {"favor_recall": True}):
        try:
            doc = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                **mode,
            )
        except Exception:  # noqa: BLE001 - a parser failure on one page must not stop a batch
            doc = None
        body = _paragraphs(getattr(doc, "text", None) or "") if doc is not None else ""
        if body:
            break
    title = getattr(doc, "title", None) if doc is not None else None
    page_date = None
    raw_date = getattr(doc, "date", None) if doc is not None else None
    if raw_date:
        try:
            page_date = parse_date(raw_date)
        except ValueError:
            page_date = None
    if not body:
        from flashpoint.ingest.text import analyse_text

        visible = html_to_lines(html)
        ex = analyse_text(visible)
        body = ex.body
        title = title or ex.title
    if title and body:
        first, _, rest = body.partition("\n\n")
        if _norm(first) == _norm(title):
            body = rest  # the headline repeated as the body's first line
    return Article(
        id=id,
        text=body,
        title=" ".join(title.split()) if title else None,
        date=date or page_date,
        url=url or (getattr(doc, "url", None) if doc is not None else None),
        outlet=(getattr(doc, "sitename", None) or None) if doc is not None else None,
        authors=_authors(getattr(doc, "author", None) if doc is not None else None),
    )


_BLOCK_TAGS = (
    "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "li", "ul",
    "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "figure", "figcaption", "title", "br", "hr", "form", "dd", "dt",
)  # fmt: skip


def html_to_lines(html: str) -> str:
    """A page's visible text, one block a line, blocks apart: what a text scraper saves."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - unparseable markup: strip tags crudely
        return re.sub(r"<[^>]+>", "\n", html)
    for bad in root.xpath("//script|//style|//noscript|//template|//svg"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
        el.text = "\n\n" + (el.text or "")
    text = root.text_content()
    lines = [" ".join(x.split()) for x in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)
