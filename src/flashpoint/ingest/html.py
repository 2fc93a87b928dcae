"""HTML pages -> articles, with trafilatura (offline: it parses what it is given, fetches nothing).

trafilatura runs in precision mode (``favor_precision``), without comments, with tables,
and with metadata (title, date, site name, author). Then flashpoint's own post-filters go
over the blocks trafilatura kept (:func:`clean_blocks`): the headline and datelines repeated
at the top, related-story teasers ("Related: ...", "READ MORE: ...", a "DON'T MISS" label and
the links under it, headlines that link elsewhere on the same site), "Also Read" lines, share
and print widgets, photo credits, newsletter and follow-us promos, reporting credits, tag
lists, copyright lines, bare URLs. When what is left is short (under
``MIN_BODY_CHARS``), trafilatura's default mode gets a second try, then recall mode; when
all fail, the page's visible text goes through the text-scrape extractor. An article body
that a page splits over several containers of one class (chunks between advertisements) is
read from all of them (:func:`_split_body_html`), and the posts a story quotes (embedded
tweets, which trafilatura drops) are put back where they stand (:func:`_with_embedded_posts`).

:func:`extract_html_page` returns the article with what the page says about itself besides
(canonical URL, declared and detected language, the lines the filters removed and why);
:func:`extract_html` returns the article alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any
from urllib.parse import urlsplit

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
    """An :class:`Article` from an HTML page: body, title, date, outlet (site name, else the
    URL's host), authors.

    ``date`` when given wins over the page's own date; ``url`` helps trafilatura with
    relative metadata and is kept on the article (else the page's canonical URL is).
    """
    return extract_html_page(html, id=id, date=date, url=url).article


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


# --------------------------------------------------------------------------- page extraction

MIN_BODY_CHARS = 200  # a filtered precision-mode body shorter than this gets a second try

_MODES: tuple[tuple[str, dict[str, bool]], ...] = (
    ("precision", {"favor_precision": True}),
    ("default", {}),
    ("recall", {"favor_recall": True}),
)


@dataclass(slots=True)
class HtmlPage:
    """An HTML page read: the article, and what the page says about itself besides.

    - ``canonical_url``: ``<link rel=canonical>`` / ``og:url`` (trafilatura's reading);
    - ``declared_language``: ``<html lang>``, ``content-language`` or ``og:locale``;
    - ``language``: detected from the body (``ingest.language``), else the declared one;
    - ``removed``: ``(reason, text)`` of each block the post-filters took out;
    - ``mode``: which extraction produced the body (``precision``, ``default``, ``recall``,
      ``split`` for a body read from several containers, ``lines`` for the text fallback).
    """

    article: Article
    canonical_url: str | None = None
    declared_language: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)
    mode: str = "precision"

    @property
    def language(self) -> str | None:
        """The language of the body (``ingest.language``), else the declared one."""
        from flashpoint.ingest.language import detect_language

        text = (self.article.title or "") + "\n" + self.article.text
        return detect_language(text, declared=self.declared_language).language


def extract_html_page(html: str, *, id: str, date: Date | None = None, url: str | None = None) -> HtmlPage:
    """Read one HTML page (see the module notes); never raises for a bad page: a page with
    no article comes back with an empty ``article.text``."""
    import trafilatura

    page = _PageInfo(html, url)
    doc: Any = None
    body, removed, mode = "", [], "precision"
    meta: Any = None
    for name, kwargs in _MODES:
        try:
            doc = trafilatura.bare_extraction(
                page.tree_copy() if page.root is not None else html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                **kwargs,
            )
        except Exception:  # noqa: BLE001 - a parser failure on one page must not stop a batch
            doc = None
        if doc is None:
            continue
        meta = meta or doc
        text, dropped = _clean_text(doc, page)
        if len(text) > len(body):
            body, removed, mode, meta = text, dropped, name, doc
        if len(body) >= MIN_BODY_CHARS:
            break
    title = getattr(meta, "title", None) if meta is not None else None
    if body:
        split = _split_body_html(page, body)
        if split is not None:
            more = _extract_split(split, page, title)
            if len(more) > 1.2 * len(body) and _covers(more, body):
                body, mode = more, "split"
        body = _with_embedded_posts(page, body)
    page_date = None
    raw_date = getattr(meta, "date", None) if meta is not None else None
    if raw_date:
        try:
            page_date = parse_date(raw_date)
        except ValueError:
            page_date = None
    if not body:
        from flashpoint.ingest.text import analyse_text

        visible = html_to_lines(html)
        ex = analyse_text(visible)
        body, mode = ex.body, "lines"
        title = title or ex.title
    if title and body:
        first, _, rest = body.partition("\n\n")
        if _norm(first) == _norm(title):
            body = rest  # the headline repeated as the body's first line
    canonical = (getattr(meta, "url", None) if meta is not None else None) or page.canonical
    outlet = (getattr(meta, "sitename", None) if meta is not None else None) or None
    if not outlet:
        outlet = outlet_from_url(url or canonical)
    article = Article(
        id=id,
        text=body,
        title=" ".join(title.split()) if title else None,
        date=date or page_date,
        url=url or canonical,
        outlet=outlet,
        authors=_authors(getattr(meta, "author", None) if meta is not None else None),
    )
    return HtmlPage(
        article=article,
        canonical_url=canonical,
        declared_language=page.language,
        removed=removed,
        mode=mode,
    )


def outlet_from_url(url: str | None) -> str | None:
    """An outlet name from a URL's host: ``https://www.reuters.com/x`` -> ``reuters.com``."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _site(host: str) -> str:
    """The registrable part of a host, near enough: ``news.bbc.co.uk`` -> ``bbc.co.uk``."""
    host = host.lower().removeprefix("www.")
    parts = host.split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net", "gov", "ac", "edu"):
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


class _PageInfo:
    """What the post-filters need from the page itself: link texts and where they point,
    the site, the declared language."""

    def __init__(self, html: str, url: str | None = None):
        self.root: Any = None
        self.anchors: dict[str, str] = {}
        self.canonical: str | None = None
        self.language: str | None = None
        self.site: str | None = None
        try:
            from trafilatura.utils import load_html

            self.root = load_html(html)  # parsed as trafilatura parses; it gets copies of it
        except Exception:  # noqa: BLE001 - unparseable markup: no link information
            pass
        if self.root is None:
            return
        root = self.root
        canon = root.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content")
        for value in canon:
            if value.strip().startswith(("http://", "https://")):
                self.canonical = value.strip()
                break
        base = url or self.canonical
        if base:
            try:
                host = urlsplit(base).hostname
            except ValueError:
                host = None
            self.site = _site(host) if host else None
        langs = root.xpath(
            "/html/@lang|//meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content"
            "|//meta[@property='og:locale']/@content"
        )
        self.language = next((x.strip() for x in langs if x and x.strip()), None)
        for a in root.iter("a"):
            text = _norm(a.text_content())
            if len(text) >= 12:
                self.anchors.setdefault(text, (a.get("href") or "").strip())

    def tree_copy(self) -> Any:
        """A copy of the parsed page for trafilatura, which edits the tree it is given."""
        from copy import deepcopy

        return deepcopy(self.root)

    def link_target(self, text: str) -> str | None:
        """Where a block points when all of its text is link text (one link, or several
        separated by ``|``); None for a block that is not just links."""
        n = _norm(text)
        if not n:
            return None
        if n in self.anchors:
            return self.anchors[n]
        parts = [p for p in re.split(r"\s*\|\s*", text) if p.strip()]
        if len(parts) > 1 and all(_norm(p) in self.anchors for p in parts):
            return self.anchors[_norm(parts[0])]
        return None

    def is_internal(self, href: str) -> bool:
        """A link to another page of the same site (relative, or on the same domain)."""
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return False
        try:
            host = urlsplit(href).hostname
        except ValueError:
            return False
        if not host:
            return True
        return self.site is not None and _site(host) == self.site


# --------------------------------------------------------------------------- post-filters

_LABEL = re.compile(
    r"^(?:don'?t miss|do not miss|must read|"
    r"related(?: (?:articles?|stories|posts?|content|coverage|news|reading|links|topics|videos?))?|"
    r"read (?:more|next|also)|see (?:more|also)|also (?:read|see)|"
    r"more(?: stories| news| videos| from [\w .'’-]{1,40})?|"
    r"most (?:read|popular|viewed|shared)(?: .{0,30})?|trending(?: now| stories)?|"
    r"recommended(?: for you| stories| articles| reading)?|you (?:may|might) also (?:like|enjoy)|"
    r"you may be interested in|popular (?:stories|posts|articles)|top stories|"
    r"latest (?:news|stories|videos)|more on this(?: story)?|watch(?: next| now)?|"
    r"advertisement|advertising|sponsored(?: content)?|promoted(?: stories)?|"
    r"share(?: this)?(?: article| story| post| page)?(?: on [\w ]{1,20})?|share via|"
    r"tags?|filed under|categories|topics|comments?|\d+ comments?|leave a (?:comment|reply)|"
    r"print|e-?mail|tweet|whatsapp|pin it|order reprints|print article|reprints|"
    r"skip (?:ad|advertisement)|continue reading(?: the main story| below)?|story continues below(?: advertisement)?)"
    r"\s*[:.|]?$",
    re.I,
)
_TEASER_PREFIX = re.compile(
    r"^(?:related(?: (?:articles?|stories|posts?|content|coverage|video))?|read (?:more|also|next)|"
    r"see (?:more|also)|also (?:read|see)|watch|more|recommended|don'?t miss|must read|click here|"
    r"tags?|filed under|categories|topics)\s*[:|–—-]\s*\S",
    re.I,
)
# "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]"
_BRACKET_LABEL = re.compile(r"\[(?:[A-Z][A-Z '-]{2,}|PICS?|VIDEO|POLL|LIVE)\]\s*\|?\s*$")
_PROMO = re.compile(
    r"(?:\b(?:sign up|subscribe)\b.{0,80}\b(?:newsletters?|inbox|mailing list|updates|alerts)\b"
    r"|\bnewsletters?\b.{0,80}\b(?:sign up|subscribe)\b|\bin your inbox\b|if you enjoyed this article"
    r"|\bfollow (?:us|him|her|them|@\w+|[\w .'’]{1,40}) on (?:twitter|facebook|instagram|linkedin|youtube|x\b)"
    r"|\bhave a (?:news )?tip\b|\b(?:may|can) be reached at\b|^(?:e-?mail|write to|contact) .{0,60}\S+@\S+"
    r"|\ball rights reserved\b|personal,? non-commercial use|^copyright\b|^©|\(c\) ?\d{4}"
    r"|contributed (?:reporting|to this (?:report|story|article))|^\(?(?:additional )?reporting by\b"
    r"|^\(?editing by\b|^\(?writing by\b|^contributing:|^compiled by\b|^source: [\w .,]{1,40}$"
    r"|^tell us what you think|click here for more|^[_*=~-]{3,}$"
    r"|\bdownload (?:our|the) app\b|\bget (?:the|our) app\b|^(?:itunes|download|listen|subscribe):\s*https?://"
    r"|^listen (?:to|on|here|live)\b)",
    re.I,
)
_CREDIT = re.compile(
    r"(?:^(?:photos?|photograph|image|picture|credit|foto|video)s?(?: credit)?\s*[:©]"
    r"|getty images|shutterstock|istock|ap photo|afp photo|\bvia getty\b|©|\[사진"
    r"|^\(?(?:photo|image) (?:by|courtesy|credit))",
    re.I,
)
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_READING_TIME = re.compile(
    r"^(?:(?:tempo de leitura|reading time|lesezeit|temps de lecture|read time)\s*:?\s*)?\d+\s*"
    r"(?:min(?:ute)?s?|minutos?)(?: read| de leitura| lesezeit)?\.?$|^(?:tempo de leitura|reading time)\b",
    re.I,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janeiro|fevereiro|março|abril|maio|junho|julho|agosto|"
    r"setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|"
    r"noviembre|diciembre|januar|februar|märz|juni|juli|oktober|dezember|janvier|février|mars|avril|"
    r"mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
_DATEISH = re.compile(
    rf"(?:\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}:\d{{2}}\b"
    rf"|\b(?:{_MONTHS})\.? \d{{1,2}}\b|\b\d{{1,2}}\.? (?:de )?(?:{_MONTHS})\b|\b\d{{1,2}}(?::\d{{2}})? ?[ap]\.?m\.?)",
    re.I,
)
_DATELINE_WORDS = re.compile(
    rf"\b(?:{_MONTHS}|by|updated|published|posted|publicado|por|atualizado|last|modified|on|at|am|pm|"
    r"gmt|utc|[a-z]{2,4}t|edt|est|pst|bst|min(?:ute)?s?|read|reading|time|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|segunda|terça|quarta|quinta|sexta|"
    r"sábado|domingo|feira|de|às|le|el|am|um|uhr)\b",
    re.I,
)


def is_dateline(text: str) -> bool:
    """A short line that is a date or time, with at most a byline around it:
    "November 20, 2019 - 11:28 AMT", "5:45 AM PST 11/19/2019 by Patrick Shanley"."""
    if len(text.split()) > 14 or not _DATEISH.search(text):
        return False
    rest = _DATELINE_WORDS.sub(" ", _DATEISH.sub(" ", text))
    return len(re.findall(r"[^\W\d_]+", rest)) <= 4


def block_reason(text: str) -> str | None:
    """Why a block of an extracted body is page furniture, or None when it may be article
    text. Judged on the text alone; :func:`clean_blocks` adds what needs the page."""
    t = " ".join(text.split())
    if not t:
        return "empty"
    words = len(t.split())
    if _LABEL.match(t):
        return "label"
    if words <= 30 and _TEASER_PREFIX.match(t):
        return "teaser"
    if 3 <= words <= 40 and _BRACKET_LABEL.search(t):
        return "teaser"
    if _URL_ONLY.match(t):
        return "url"
    if words <= 45 and _PROMO.search(t):
        return "promo"
    if words <= 25 and _CREDIT.search(t) and not t.endswith(("?", "!")):
        return "credit"
    if _READING_TIME.match(t):
        return "reading time"
    return None


def _block_text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _blocks(body: Any) -> list[Any]:
    """The blocks of trafilatura's output tree, list items one by one."""
    out = []
    for el in body:
        if el.tag == "list":
            items = [it for it in el if it.tag == "item"]
            if items:
                out.extend(items)
                continue
        out.append(el)
    return out


def clean_blocks(body: Any, page: _PageInfo, title: str | None) -> list[tuple[str, str]]:
    """Take page furniture out of trafilatura's output tree (in place); returns the
    ``(reason, text)`` of each block removed."""
    blocks = _blocks(body)
    texts = [_block_text(b) for b in blocks]
    reasons: list[str | None] = [None] * len(blocks)
    n_title = _norm(title or "")
    first_para = next(
        (i for i, b in enumerate(blocks) if b.tag == "p" and len(texts[i].split()) > 12), len(blocks)
    )
    for i in range(min(first_para, 6)):  # the headline and datelines above the first paragraph
        t = _norm(texts[i])
        if not t:
            continue
        if n_title and (
            t == n_title
            or (len(t) > 15 and (n_title.startswith(t) or (t.startswith(n_title) and len(t) < len(n_title) + 30)))
        ):
            reasons[i] = "title"
        elif is_dateline(texts[i]):
            reasons[i] = "dateline"
    for i, text in enumerate(texts):
        if reasons[i]:
            continue
        reason = block_reason(text)
        if reason is None and i >= len(blocks) - 3 and is_dateline(text):
            reason = "dateline"
        if reason is None and len(text.split()) <= 30:
            href = page.link_target(text)
            if href is not None and page.is_internal(href):
                reason = "link to another story"
        reasons[i] = reason
    for i in range(len(blocks)):  # a label's links: "DON'T MISS" and the headlines under it
        if reasons[i] in ("label", "teaser"):
            j = i + 1
            while j < len(blocks) and (reasons[j] or page.link_target(texts[j]) is not None):
                reasons[j] = reasons[j] or "teaser"
                j += 1
    for i in range(len(blocks) - 1, -1, -1):  # headings left with nothing under them
        if blocks[i].tag != "head" or reasons[i]:
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].tag != "head" and reasons[j]:
            j += 1
        if j == len(blocks) or (blocks[j].tag == "head" and j > i + 1):
            reasons[i] = "heading of removed blocks"
    removed = []
    for block, text, reason in zip(blocks, texts, reasons, strict=True):
        if reason:
            parent = block.getparent()
            if parent is not None:
                parent.remove(block)
            if reason != "empty":
                removed.append((reason, text))
    for lst in body.findall("list"):
        if len(lst) == 0:
            body.remove(lst)
    return removed


def _clean_text(doc: Any, page: _PageInfo) -> tuple[str, list[tuple[str, str]]]:
    """A trafilatura document's body, filtered, as paragraphs apart."""
    from trafilatura.xml import xmltotxt

    if getattr(doc, "body", None) is None:
        return _paragraphs(getattr(doc, "text", None) or ""), []
    removed = clean_blocks(doc.body, page, getattr(doc, "title", None))
    return _paragraphs(xmltotxt(doc.body, False)), removed


def _split_body_html(page: _PageInfo, body: str) -> str | None:
    """When the paragraphs of ``body`` sit in one container whose class recurs on the page
    with more paragraphs in the other copies (a body cut into chunks between ads), a page
    of all those containers in order; else None."""
    from lxml import html as lxml_html

    root = page.root
    if root is None:
        return None
    lines = {_norm(x) for x in body.split("\n") if len(x) > 40}
    if len(lines) < 2:
        return None
    matched = [p for p in root.iter("p") if _norm(p.text_content()) in lines]
    parents = Counter((p.getparent().tag, p.getparent().get("class")) for p in matched if p.getparent() is not None)
    if not parents:
        return None
    (tag, cls), n = parents.most_common(1)[0]
    if not cls or n < max(2, len(matched) // 2):
        return None
    containers = [el for el in root.iter(tag) if el.get("class") == cls]
    if len(containers) < 2:
        return None
    homes = {id(p.getparent()) for p in matched}
    extra = 0
    for c in containers:
        if id(c) not in homes:
            extra += sum(len(t) for t in (_norm(p.text_content()) for p in c.iter("p")) if t and t not in lines)
    if extra < MIN_BODY_CHARS:
        return None
    chunks = "".join(lxml_html.tostring(c, encoding="unicode") for c in containers)
    return f"<html><body><article>{chunks}</article></body></html>"


def _extract_split(html: str, page: _PageInfo, title: str | None) -> str:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=False, include_comments=False, include_tables=True, favor_precision=True
        )
    except Exception:  # noqa: BLE001
        return ""
    if doc is None or getattr(doc, "body", None) is None:
        return ""
    from trafilatura.xml import xmltotxt

    clean_blocks(doc.body, page, title)
    return _paragraphs(xmltotxt(doc.body, False))


def _shingle_set(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text)
    return {tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3))}


def _covers(new: str, old: str) -> bool:
    """True when ``new`` keeps at least 90% of ``old``'s 4-word shingles."""
    a, b = _shingle_set(new), _shingle_set(old)
    return len(a & b) >= 0.9 * len(b)


_EMBED_CLASSES = ("twitter-tweet", "twitter-video")


def _with_embedded_posts(page: _PageInfo, body: str) -> str:
    """Put back the social-media posts a story quotes (``<blockquote class="twitter-tweet">``),
    which trafilatura drops: each where it stands between two paragraphs of the body, as its
    text and then its attribution ("— Name (@handle) date")."""
    root = page.root
    if root is None or "\n" not in body:
        return body
    posts = root.xpath("//blockquote[" + " or ".join(f"contains(@class, '{c}')" for c in _EMBED_CLASSES) + "]")
    if not posts:
        return body
    paras = body.split("\n\n")
    index = {}
    for i, para in enumerate(paras):
        index.setdefault(_norm(para), i)
    wanted = {id(p) for p in posts}
    known = _norm(body)
    after: dict[int, list[str]] = {}
    last = None
    pending: list[list[str]] = []
    for el in root.iter("p", "blockquote"):
        if id(el) in wanted:
            lines = _post_lines(el)
            if last is not None and lines and not any(_norm(x) in known for x in lines):
                pending.append(lines)  # (trafilatura keeps some posts itself)
            continue
        if el.tag != "p" or any(id(a) in wanted for a in el.iterancestors("blockquote")):
            continue
        i = index.get(_norm(el.text_content()))
        if i is None:
            continue
        if pending and last is not None and i > last:
            after.setdefault(last, []).extend(line for post in pending for line in post)
        pending = []
        last = i
    if not after:
        return body
    out = []
    for i, para in enumerate(paras):
        out.append(para)
        out.extend(after.get(i, []))
    return "\n\n".join(out)


def _post_lines(post: Any) -> list[str]:
    lines = [" ".join(p.text_content().split()) for p in post.iter("p")]
    lines = [x for x in lines if x]
    whole = " ".join(post.text_content().split())
    rest = whole
    for line in lines:
        rest = rest.replace(line, "", 1)
    rest = " ".join(rest.split())
    return [*lines, rest] if rest else lines
