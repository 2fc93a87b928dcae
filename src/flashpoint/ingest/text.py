"""Text scrapes -> articles: find the headline, keep the body, drop the page furniture.

A text scrape is what a scraper that keeps no markup saves: one block per line, with the
page's menus, teasers ("Also Read: ..."), share and gallery widgets, captions, cookie
notices and footers around the article. :func:`extract_text_article` keeps the article.

How (see ``lines.py`` for the features):

1. Lines are normalised (NBSP -> space, zero-width characters dropped) and blank lines
   remembered: they separate paragraphs in most scrapes, while menus run line after line
   (on a scrape with no blank lines, or only blank lines, that signal is switched off).
2. The title: a scrape's first line is often the page ``<title>`` ("Headline - Site"); its
   site name is cut off (and kept as the outlet) and the line that repeats it inside the
   page is taken as the headline. Otherwise the headline is the most headline-like line
   just above the prose.
3. Every line gets a probability of being body text from a two-stage logistic model: stage
   one over the line's own, site-independent features (``lines.FEATURE_NAMES``), stage two
   over stage one's probabilities around the line (``lines.CONTEXT_FEATURE_NAMES``).
   Weights are data in ``_model.py``, fitted by :func:`fit_line_model`
   (``benchmarks/extraction.py --fit``).
4. The body is the contiguous region that best balances these probabilities against a
   threshold (a maximum-sum segment, each line weighted by its length), never running into
   a comment section; inside it, lines the model rejects and page furniture (widget lines,
   "Also Read:" teasers, ad slots, a lone "×") are dropped, and a standfirst directly under
   the headline is set apart as a summary. A page with no prose has no body.
5. Paragraphs are joined with a blank line ("\\n\\n"). A byline gives the authors and a
   dateline near the top the date, when unambiguous.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date

from flashpoint.ingest import lines as L
from flashpoint.ingest._model import CONTEXT_WEIGHTS, WEIGHTS
from flashpoint.ingest.dates import find_dateline
from flashpoint.ingest.limits import MAX_SCRAPE_LINES
from flashpoint.model import Article

# Decoding parameters, chosen by cross-validation over pages (benchmarks/extraction.py --cv).
# Thresholds apply to line probabilities; on a page whose best line is below SCALE_BELOW,
# they shrink in proportion, so that a page of unusual prose still yields its best region.
REGION_THRESHOLD = 0.3  # a line adds (p - threshold) * weight to the region's score
KEEP_THRESHOLD = 0.3  # inside the region, lines below this are dropped
SCALE_BELOW = 0.8
LENGTH_EXPONENT = 0.5  # a line's weight is (words + 1) ** LENGTH_EXPONENT
MIN_TOP_PROBABILITY = 0.3  # a page whose best line is below this has no body
CONTEXT_REGION_THRESHOLD = 0.5  # the first-stage region that second-stage features refer to
L2_PENALTY = 0.1  # ridge penalty of both logistic stages
AUGMENT_WEIGHT = 0.0  # weight of training copies without blank lines (0: none; see fit_line_model)

_SEPARATORS = re.compile(r"\s+(?:[|–—•·»:]{1,2}|-{1,2})\s+")


# --------------------------------------------------------------------------- title


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _headline_like(text: str) -> bool:
    words = L._line_words(text)
    nw = L.effective_words(text, words)
    if nw < 2 or nw > 30 or len(text) > 250:
        return False
    if L._TEASER_PREFIX.search(text) or L._CAPTION.search(text) or L._URL_LIKE.search(text):
        return False
    if L._BYLINE.search(text):
        return False
    if L._DATE_LIKE.search(text) and nw <= 12:
        return False
    return not sum(ch.isalpha() for ch in text) < 0.5 * len(text.replace(" ", ""))


_NAME_LINKS = frozenset("the of and & for on de da do des du la le el di der die das".split())


def _name_like(part: str) -> bool:
    """Every word capitalised (or a linking word): "The New York Times", "Sky News"."""
    ws = part.split()
    return bool(ws) and all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in _NAME_LINKS for w in ws)


def split_site_name(title: str, page: Sequence[str] = ()) -> tuple[str, str | None]:
    """A page title split into headline and site name: "Headline - Site" -> ("Headline", "Site").

    Splits on spaced separators (``-``, ``|``, ``–``, ``—``, ``::``, ``»``, ``•``). A part at
    the end is a site or section name when it looks like a domain, is short (three words or
    fewer), or is short enough (six words or fewer) and recurs in the ``page``'s other lines
    (mastheads, footers); a part at the start when it is a word or two ("Opinion") or a
    recurring name. What remains is kept whole, separators included. The site is the last
    trailing part cut off (None if none was).
    """
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip(), None
    normed_page = [_norm(t) for t in page]

    def mentions(part: str) -> int:
        np_ = _norm(part)
        return sum(1 for t in normed_page if np_ in t) if np_ else 0

    def words(p: str) -> int:
        return len(p.split())

    def site_like(part: str, rest: list[str], trailing: bool) -> bool:
        if not any(words(r) >= 2 for r in rest):
            return False
        if re.search(r"\w\.(?:com|net|org|co|in|br|ru|de|it|uk|ca)\b", part, re.I):
            return True
        if trailing:
            return (
                words(part) <= 3
                or (words(part) <= 6 and mentions(part) >= 2)
                or (words(part) <= 5 and _name_like(part) and sum(map(words, rest)) > words(part))
            )
        return words(part) <= 2 or (words(part) <= 4 and mentions(part) >= 3)

    site: str | None = None
    while len(parts) > 1 and site_like(parts[-1], parts[:-1], True):
        popped = parts.pop()
        site = site or popped
    while len(parts) > 1 and site_like(parts[0], parts[1:], False):
        parts.pop(0)
    if len(parts) == 1:
        return parts[0], site
    joined = re.search(re.escape(parts[0]) + r".*" + re.escape(parts[-1]), title)
    return (joined.group(0).strip() if joined else max(parts, key=len)), site


def strip_site_name(title: str, page: Sequence[str] = ()) -> str:
    """A page title without its site name: "Headline - Site" -> "Headline"."""
    return split_site_name(title, page)[0]


@dataclass(slots=True)
class TitleGuess:
    title: str | None
    headline: int | None  # position (among non-blank lines) of the headline line
    site: str | None = None  # the site name cut off a <title> line
    from_title_line: bool = False  # found through the page's <title> line


def find_title(lines: Sequence[L.Line], body_start: int | None = None) -> TitleGuess:
    """The headline of a scrape and where it stands.

    If the first line looks like a page ``<title>``, its site name is cut off and the line
    repeating it in the page (the ``<h1>``) is the headline; the occurrence closest above
    ``body_start`` wins. Otherwise the headline is the title-like line closest above
    ``body_start`` (within a dozen lines), or the first title-like line of the page.
    """
    if not lines:
        return TitleGuess(None, None)
    limit = body_start if body_start is not None and body_start > 0 else len(lines)
    first = lines[0].text
    nfirst = _norm(first)
    recurs = len(nfirst) >= 8 and any(_norm(ln.text) == nfirst for ln in lines[1:])
    has_site = bool(_SEPARATORS.search(first)) and len(first) <= 300
    fallback = _title_above(lines, body_start)
    navigation = bool(L._BOILER_WORDS.search(first)) and len(first.split()) <= 4
    if (
        _headline_like(first)
        and not navigation
        and (not first.rstrip("\"'”’»)]").endswith(".") or recurs or has_site)
        and (recurs or has_site or fallback is None or _first_beats(first, fallback))
        or has_site
    ):
        core, site = split_site_name(first, [ln.text for ln in lines[1:]])
        ncore = _norm(core)
        parts = {_norm(p) for p in _SEPARATORS.split(core) if len(p.split()) >= 2}
        best: int | None = None
        for i in range(1, min(limit, len(lines))):
            t = _norm(lines[i].text)
            if not t or len(t) < 8:
                continue
            if t in (ncore, nfirst) or t in parts or (
                len(t.split()) >= 4
                and len(t) >= 0.6 * len(ncore)
                and (nfirst.startswith(t) or t.startswith(ncore))
            ):
                best = i
        if best is None and limit < len(lines):
            for i in range(limit, min(len(lines), limit + 5)):
                if _norm(lines[i].text) in (ncore, nfirst):
                    best = i
                    break
        if best is not None:
            text = lines[best].text
            # a matched line that still carries the site name is cut like the <title>
            if _norm(text) == nfirst and ncore != nfirst:
                text = core
            return TitleGuess(text, best, site, True)
        if body_start is None or body_start > 1 or _headline_like(first):
            return TitleGuess(core, 0, site, True)
    if fallback is not None:
        # a "<headline> - <site>" line elsewhere above the body names the site
        nhead = _norm(fallback.title or "")
        for ln in lines[: body_start if body_start else len(lines)]:
            if ln.text != fallback.title and _SEPARATORS.search(ln.text) and _norm(ln.text).startswith(nhead):
                core, site = split_site_name(ln.text, [x.text for x in lines])
                if _norm(core) == nhead:
                    fallback.site = site
                    break
        return fallback
    if body_start is None:
        for i, ln in enumerate(lines[:20]):
            t = ln.text
            if _headline_like(t) and len(t.split()) >= 4 and not L._SENT_END.search(t.rstrip("?!")):
                return TitleGuess(t, i)
    return TitleGuess(None, None)


_SPEECH = re.compile(r"^[\"“‘«']|\b(?:said|says|told|according to)\b", re.I)


def _first_beats(first: str, fallback: TitleGuess) -> bool:
    """Whether a page's first line (no site name, not repeated) is a better title than the
    headline-like line found above the body: when it is at least as long, or when the other
    line is a quotation or reported speech (a pull quote, not a headline)."""
    other = fallback.title or ""
    return bool(_SPEECH.search(other)) or len(first.split()) >= len(other.split())


def _title_above(lines: Sequence[L.Line], body_start: int | None, window: int = 15) -> TitleGuess | None:
    """The most headline-like line in the ``window`` lines above the body: a block of 3 to
    30 words, not ending a sentence with a period, without widget or navigation words, not
    a byline, dateline or caption; longer lines, standalone lines, lines that recur in the
    page (headline and breadcrumb) and lines closer to the body score higher."""
    if body_start is None or body_start <= 0:
        return None
    counts: dict[str, int] = {}
    for ln in lines:
        key = _norm(ln.text)
        counts[key] = counts.get(key, 0) + 1
    best: tuple[float, int] | None = None
    for i in range(body_start - 1, max(-1, body_start - 1 - window), -1):
        t = lines[i].text
        nw = len(t.split())
        if nw < 3 or not _headline_like(t) or L._SENT_END.search(t.rstrip("?!")):
            continue
        if L.FURNITURE.search(t) or L.COMMENT_MARKER.search(t):
            continue
        score = min(nw, 12) / 4.0
        score -= 5.0 * len(L._BOILER_WORDS.findall(t)) / nw
        score -= 0.15 * (body_start - 1 - i)
        if counts.get(_norm(t), 0) > 1 and nw >= 4:
            score += 1.0
        if lines[i].blank_before and lines[i].blank_after:
            score += 0.5
        if t.isupper():
            score -= 1.0
        if best is None or score > best[0]:
            best = (score, i)
    if best is None or best[0] <= 0:
        return None
    return TitleGuess(lines[best[1]].text, best[1])


# --------------------------------------------------------------------------- model


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def line_probabilities(vectors: Iterable[Sequence[float]], weights: Sequence[float] = WEIGHTS) -> list[float]:
    """Stage-one probabilities: a logistic model over each line's own features."""
    return [_sigmoid(sum(w * x for w, x in zip(weights, v, strict=True))) for v in vectors]


def body_probabilities(
    lines: Sequence[L.Line],
    vectors: Sequence[Sequence[float]],
    weights: Sequence[float] = WEIGHTS,
    context_weights: Sequence[float] | None = CONTEXT_WEIGHTS,
) -> list[float]:
    """Final probabilities: stage one, then (if fitted) stage two over its neighbourhood."""
    probs = line_probabilities(vectors, weights)
    if context_weights:
        probs = line_probabilities(context_vectors(lines, probs), context_weights)
    return probs


def _line_weight(text: str) -> float:
    return (L.effective_words(text) + 1.0) ** LENGTH_EXPONENT


def choose_region(
    lines: Sequence[L.Line], probs: Sequence[float], threshold: float = REGION_THRESHOLD
) -> tuple[int, int]:
    """The contiguous run of lines with the largest sum of (p - threshold) * weight
    (inclusive positions; ``(0, -1)`` when no line is above the threshold)."""
    best, span = 0.0, (0, -1)
    cur, start = 0.0, 0
    for i in range(len(lines)):
        s = (probs[i] - threshold) * _line_weight(lines[i].text)
        if cur <= 0:
            cur, start = 0.0, i
        cur += s
        if cur > best:
            best, span = cur, (start, i)
    return span


CONTEXT_FEATURE_NAMES = L.CONTEXT_FEATURE_NAMES


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def context_vectors(lines: Sequence[L.Line], probs: Sequence[float]) -> list[list[float]]:
    """Second-stage features: a line's first-stage probability among its neighbours'."""
    n = len(probs)
    if n == 0:
        return []
    top = max(probs) or 1.0
    region = choose_region(lines, probs, CONTEXT_REGION_THRESHOLD * top)
    out: list[list[float]] = []
    for i, p in enumerate(probs):

        def mean_window(k: int, i: int = i) -> float:
            vals = [probs[j] for j in range(max(0, i - k), min(n, i + k + 1)) if j != i]
            return sum(vals) / len(vals) if vals else 0.0

        prev3 = probs[max(0, i - 3) : i]
        next3 = probs[i + 1 : i + 4]
        prev1 = probs[i - 1] if i > 0 else 0.0
        next1 = probs[i + 1] if i + 1 < n else 0.0
        inside = region[0] <= i <= region[1]
        if region[1] < region[0]:
            dist = n
        elif inside:
            dist = 0
        else:
            dist = region[0] - i if i < region[0] else i - region[1]
        text = lines[i].text
        nw = L.effective_words(text)
        f = {
            "bias": 1.0,
            "logit": _logit(p),
            "relative": p / top,
            "mean_1": mean_window(1),
            "mean_2": mean_window(2),
            "mean_4": mean_window(4),
            "max_prev_3": max(prev3) if prev3 else 0.0,
            "max_next_3": max(next3) if next3 else 0.0,
            "min_prev_next": min(prev1, next1),
            "in_region": 1.0 if inside else 0.0,
            "region_distance": math.log1p(dist),
            "region_edge": 1.0 if inside and i in region else 0.0,
            "ends_sentence": 1.0 if L._SENT_END.search(text) else 0.0,
            "log_words": math.log1p(nw),
            "short": 1.0 if nw <= 4 else 0.0,
        }
        out.append([f[name] for name in CONTEXT_FEATURE_NAMES])
    return out


@dataclass(slots=True)
class Extraction:
    """What the text-scrape extractor found, with its working (for debugging and tests)."""

    title: str | None
    body: str
    paragraphs: list[str]
    headline: int | None
    region: tuple[int, int]
    summary: str | None
    lines: list[L.Line]
    probabilities: list[float]
    kept: list[int] = field(default_factory=list)  # positions of the body's lines
    site: str | None = None
    authors: list[str] = field(default_factory=list)
    dateline: Date | None = None


def _furniture(text: str) -> bool:
    """Lines never kept in a body: widget labels, ad slots, teasers for other stories."""
    return bool(L.FURNITURE.search(text) or L._TEASER_PREFIX.search(text))


def _is_standfirst(lines: Sequence[L.Line], i: int, headline: int | None, kept: Sequence[int]) -> bool:
    """A one- or two-sentence summary straight under the headline, before a longer paragraph."""
    if headline is None or i != headline + 1 or len(kept) < 2:
        return False
    t = lines[i].text
    nw = L.effective_words(t)
    nxt = L.effective_words(lines[kept[1]].text)
    return 5 <= nw <= 35 and nxt > nw * 1.5 and len(L._SENT_BREAK.findall(t)) <= 1


def analyse_text(
    raw: str,
    weights: Sequence[float] = WEIGHTS,
    context_weights: Sequence[float] | None = CONTEXT_WEIGHTS,
    *,
    region_threshold: float = REGION_THRESHOLD,
    keep_threshold: float = KEEP_THRESHOLD,
    scale_below: float = SCALE_BELOW,
    probabilities: Sequence[float] | None = None,
) -> Extraction:
    """Run the extractor and return its working; :func:`extract_text_article` wraps it.
    Only the first ``limits.MAX_SCRAPE_LINES`` non-blank lines are read."""
    lines = L.split_lines(raw)[:MAX_SCRAPE_LINES]
    if not lines:
        return Extraction(None, "", [], None, (0, -1), None, [], [])
    run = L.best_prose_run(lines)
    guess = find_title(lines, run[0] if run[1] >= run[0] else None)
    if probabilities is None:
        feats = L.page_features(lines, guess.headline)
        probs = body_probabilities(lines, feats.vectors, weights, context_weights)
    else:
        probs = list(probabilities)
    # on a page where nothing looks like confident prose, the bar drops with the best line
    top = max(probs)
    scale = min(1.0, top / scale_below) if scale_below > 0 else 1.0
    # the body does not run on into the comment section
    end = L.comment_section_start(lines, guess.headline)
    region = choose_region(lines[:end], probs[:end], region_threshold * scale)
    if region[1] < region[0]:
        region = choose_region(lines, probs, region_threshold * scale)
    kept = [
        i
        for i in range(region[0], region[1] + 1)
        if probs[i] >= keep_threshold * scale and i != guess.headline and not _furniture(lines[i].text)
    ]
    # no prose at all (a menu, a list of links): no body rather than the least bad line
    words = [L.effective_words(lines[i].text) for i in kept]
    if top < MIN_TOP_PROBABILITY or not words or (max(words) < 6 and sum(words) < 15):
        kept = []
    if kept and not guess.from_title_line and kept[0] != run[0]:
        # the title was guessed from the rough prose run; look again above the real body
        again = find_title(lines, kept[0])
        if again.title is not None:
            guess = again
            kept = [i for i in kept if i != guess.headline]
    summary = None
    if kept and _is_standfirst(lines, kept[0], guess.headline, kept):
        summary = lines[kept[0]].text
        kept = kept[1:]
    paragraphs = [lines[i].text for i in kept]
    body_start = kept[0] if kept else None
    texts = [ln.text for ln in lines]
    return Extraction(
        title=guess.title,
        body="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        headline=guess.headline,
        region=region,
        summary=summary,
        lines=lines,
        probabilities=probs,
        kept=kept,
        site=guess.site,
        authors=find_authors(texts, guess.headline, body_start),
        dateline=find_dateline(texts, guess.headline, body_start),
    )


_BYLINE_NAMES = re.compile(
    r"^(?:(?:posted|written|words|story|text|reported)\s+)?(?:by|por|par|von|di|oleh)\s*:?\s+(.+)$", re.I
)


def find_authors(texts: Sequence[str], headline: int | None, body_start: int | None) -> list[str]:
    """Names from a byline ("By Jane Doe and John Roe | Outlet") between headline and body."""
    if body_start is None:
        return []
    # under the headline first, then the few lines above it (some pages put the byline there)
    if headline is not None:
        order = list(range(headline + 1, body_start)) + list(range(headline - 1, max(-1, headline - 5), -1))
    else:
        order = list(range(max(0, body_start - 6), body_start))
    for i in order:
        text = texts[i]
        if text.casefold().rstrip(":") in ("by", "por", "par", "von", "di", "oleh") and i + 1 < len(texts):
            text = "By " + texts[i + 1]
        m = _BYLINE_NAMES.match(text)
        if not m or len(text.split()) > 14:
            continue
        names = re.split(r"\s+[|•·–—-]\s+|\s*\(|,\s*(?:the\s+)?(?:ap|reuters|afp)\b", m.group(1), maxsplit=1)[0]
        out = [
            n.strip(" .,")
            for n in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+&\s+|\s+e\s+|\s+y\s+|\s+et\s+", names)
        ]
        out = [n for n in out if n and len(n.split()) <= 4 and n[0].isupper() and not re.search(r"\d", n)]
        if out:
            return out
    return []


def extract_text_article(
    raw: str, *, id: str, date: Date | None = None, url: str | None = None
) -> Article:
    """An :class:`Article` from a text scrape: the headline as title, the body as text.

    ``text`` holds only the article's paragraphs, one blank line between them (no title,
    no standfirst, no furniture). ``date`` when given, else a dateline found near the top
    if it is unambiguous. The outlet is the site name cut off the page title, if any; the
    authors come from a byline under the headline.
    """
    ex = analyse_text(raw)
    return Article(
        id=id,
        text=ex.body,
        title=ex.title,
        date=date or ex.dateline,
        url=url,
        outlet=ex.site,
        authors=ex.authors,
    )


# --------------------------------------------------------------------------- clean text


def looks_like_scrape(text: str) -> bool:
    """Does this text carry page furniture (then it goes through the extractor), or is it a
    clean article (then it is kept as it is)?

    A scrape has furniture lines (widgets, "Also Read:" teasers, a "×"), comment markers, or
    a good share of short non-sentence lines (menus, labels) beyond a leading title.
    """
    lines = L.split_lines(text[:200_000])
    if len(lines) <= 2:
        return False
    junk = 0
    for i, ln in enumerate(lines):
        t = ln.text
        if _furniture(t) or L.COMMENT_MARKER.search(t):
            return True
        if i == 0:
            continue
        nw = L.effective_words(t)
        if nw <= 6 and not L._SENT_END.search(t):
            junk += 1
    return junk >= 3 and junk >= 0.2 * (len(lines) - 1)


def _unwrap(block: list[str]) -> list[str]:
    """Lines of a block as paragraphs: hard-wrapped lines (most of them long, not ending a
    sentence) are joined back into one paragraph; otherwise each line is a paragraph."""
    if len(block) < 2:
        return block
    inner = block[:-1]
    wrapped = sum(1 for t in inner if not L._SENT_END.search(t) and len(t) >= 30)
    if wrapped >= 0.6 * len(inner):
        return [" ".join(block)]
    return block


def clean_text_article(
    text: str,
    *,
    id: str,
    title: str | None = None,
    date: Date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Article:
    """An :class:`Article` from clean text, kept as it is: whitespace normalised inside
    lines, paragraphs (blocks, or lines) separated by one blank line.

    A given ``title`` that the text repeats as its first line is removed from the body;
    with no ``title``, a short first line standing alone above the text is taken as it.
    """
    blocks: list[list[str]] = [[]]
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        t = L.normalise_line(raw_line)
        if t:
            blocks[-1].append(t)
        elif blocks[-1]:
            blocks.append([])
    paragraphs = [p for b in blocks if b for p in _unwrap(b)]
    if paragraphs and title and _norm(paragraphs[0]) == _norm(title):
        paragraphs = paragraphs[1:]
    elif paragraphs and not title and len(paragraphs) >= 2:
        first = paragraphs[0]
        alone = len(blocks[0]) == 1 or len(blocks) == 1
        if alone and _headline_like(first) and not L._SENT_END.search(first.rstrip("?!")):
            title = first.lstrip("# ").strip()
            paragraphs = paragraphs[1:]
    return Article(id=id, text="\n\n".join(paragraphs), title=title, date=date, url=url, outlet=outlet)


# --------------------------------------------------------------------------- fitting


def fit_logistic(
    xs: Sequence[Sequence[float]], ys: Sequence[float], weights: Sequence[float], l2: float = 1.0
) -> list[float]:
    """Weighted L2-penalised logistic regression by Newton's method (first column = bias,
    not penalised). Needs numpy, which only fitting does."""
    import numpy as np

    X = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    sw = np.asarray(weights, dtype=float)
    sw = sw / sw.mean()
    beta = np.zeros(X.shape[1])
    penalty = np.full(X.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        grad = X.T @ (sw * (p - y)) + penalty * beta
        hess = (X * (sw * p * (1 - p))[:, None]).T @ X + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    return [float(b) for b in beta]


@dataclass(slots=True)
class _Page:
    lines: list[L.Line]
    vectors: list[list[float]]
    labels: list[float]
    weights: list[float]


def _prepare(raw: str, gold: Iterable[str], weight: float = 1.0) -> _Page:
    gold_set = {L.normalise_line(p) for p in gold}
    gold_set.discard("")
    lines = L.split_lines(raw)
    run = L.best_prose_run(lines)
    guess = find_title(lines, run[0] if run[1] >= run[0] else None)
    feats = L.page_features(lines, guess.headline)
    return _Page(
        lines=lines,
        vectors=feats.vectors,
        labels=[1.0 if ln.text in gold_set else 0.0 for ln in lines],
        weights=[weight * _line_weight(ln.text) for ln in lines],
    )


def without_blank_lines(raw: str) -> str:
    """A scrape as scrapers that write no blank lines save it (training augmentation)."""
    return "\n".join(x for x in raw.splitlines() if x.strip())


def fit_line_model(
    pages: Iterable[tuple[str, Iterable[str]]],
    l2: float = L2_PENALTY,
    folds: int = 5,
    augment: float = AUGMENT_WEIGHT,
) -> tuple[list[float], list[float]]:
    """Fit both stages of the line model on labelled scrapes.

    ``pages`` yields ``(raw_scrape, gold_paragraphs)``; a line is positive when it is one of
    the gold paragraphs. Stage one learns from line features; stage two learns from stage
    one's probabilities around each line, computed out-of-fold (``folds`` groups of pages)
    so that it sees stage one as it behaves on unseen pages. Lines are weighted as the
    decoder weighs them. With ``augment`` > 0, every page is also learnt without its blank
    lines, its lines weighing ``augment`` times as much. Returns ``(weights, context_weights)``.
    """
    originals = [(raw, list(gold)) for raw, gold in pages]
    # (group, page): a page and its augmented copy share a group, and so a fold
    grouped = [(j, raw, gold, 1.0) for j, (raw, gold) in enumerate(originals)]
    if augment > 0:
        # each page also as a scraper that writes no blank lines would save it, so that the
        # model does not lean on one scraper's habit of separating blocks
        grouped += [(j, without_blank_lines(raw), gold, augment) for j, raw, gold, _ in grouped]
    prepared_groups = [(j, _prepare(raw, gold, w)) for j, raw, gold, w in grouped]
    prepared_groups = [(j, p) for j, p in prepared_groups if p.lines]
    prepared = [p for _, p in prepared_groups]

    def stage_one(group: Sequence[_Page]) -> list[float]:
        xs = [v for p in group for v in p.vectors]
        ys = [y for p in group for y in p.labels]
        ws = [w for p in group for w in p.weights]
        return fit_logistic(xs, ys, ws, l2)

    w1 = stage_one(prepared)
    xs2: list[list[float]] = []
    ys2: list[float] = []
    ws2: list[float] = []
    for k in range(folds):
        held = [p for j, p in prepared_groups if j % folds == k]
        rest = [p for j, p in prepared_groups if j % folds != k]
        wk = stage_one(rest)
        for p in held:
            xs2.extend(context_vectors(p.lines, line_probabilities(p.vectors, wk)))
            ys2.extend(p.labels)
            ws2.extend(p.weights)
    w2 = fit_logistic(xs2, ys2, ws2, l2)
    return w1, w2


def model_module_source(weights: Sequence[float], context_weights: Sequence[float], note: str = "") -> str:
    """Python source of ``_model.py`` holding fitted weights, one named weight a line."""
    out = [
        '"""Fitted weights of the text-scrape line model (generated by',
        "``benchmarks/extraction.py --fit``; see ``text.fit_line_model``).",
        "",
    ]
    if note:
        out += [note, ""]
    out += [
        "Stage one weighs each line's own features (``lines.FEATURE_NAMES``); stage two weighs",
        'stage one\'s probabilities around the line (``text.CONTEXT_FEATURE_NAMES``).',
        '"""',
        "",
        "from flashpoint.ingest.lines import CONTEXT_FEATURE_NAMES, FEATURE_NAMES",
        "",
        "_STAGE_ONE = {",
    ]
    out += [f"    {name!r}: {w:.6f}," for name, w in zip(L.FEATURE_NAMES, weights, strict=True)]
    out += ["}", "", "_STAGE_TWO = {"]
    out += [f"    {name!r}: {w:.6f}," for name, w in zip(CONTEXT_FEATURE_NAMES, context_weights, strict=True)]
    out += [
        "}",
        "",
        "# by name: a feature the weights do not know weighs nothing",
        "WEIGHTS: tuple[float, ...] = tuple(_STAGE_ONE.get(name, 0.0) for name in FEATURE_NAMES)",
        "CONTEXT_WEIGHTS: tuple[float, ...] | None = tuple(",
        "    _STAGE_TWO.get(name, 0.0) for name in CONTEXT_FEATURE_NAMES",
        ")",
        "",
    ]
    return "\n".join(out)
