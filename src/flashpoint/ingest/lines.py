"""Line features of a text scrape: what tells an article paragraph from page furniture.

A text scrape is a page flattened to one block per line: menus, teasers, share widgets,
captions, the article's paragraphs, footers. Each non-blank line gets a vector of numeric
features that do not depend on the site or, as far as possible, on the language:

- its own shape: length, sentence punctuation, commas, stop-word density, capitalisation,
  digits, letters, link-like text (URLs, handles, "Share", "Subscribe", "Read more"...),
  teaser prefixes ("Also Read:", "Related:"), caption and credit marks;
- its place: relative position, blank lines around it (scrapes keep paragraphs apart with
  blank lines, menus not), whether the same line occurs elsewhere in the page;
- its neighbourhood: how sentence-like the lines around it are, and whether it lies in the
  page's densest run of sentence lines.

``text.py`` turns these into a per-line probability with a small two-stage linear model
and picks the body from them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

# Whitespace that scrapes carry inside lines: NBSP and friends become spaces; zero-width
# characters and BOMs vanish.
_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                     "\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c"), " ")
_SPACE_LIKE.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None))
_MULTISPACE = re.compile(r" {2,}")


def normalise_line(line: str) -> str:
    """One line with its inner whitespace normalised (NBSP -> space, runs squeezed)."""
    return _MULTISPACE.sub(" ", line.translate(_SPACE_LIKE)).strip()


@dataclass(slots=True)
class Line:
    """A non-blank line of a scrape: its text, where it was, and what is around it."""

    index: int  # position among the raw lines
    text: str  # normalised text
    blank_before: bool
    blank_after: bool


def split_lines(raw: str) -> list[Line]:
    """The non-blank lines of ``raw`` (normalised), with blank-line context."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    texts = [normalise_line(x) for x in raw.split("\n")]
    out: list[Line] = []
    n = len(texts)
    for i, t in enumerate(texts):
        if not t:
            continue
        out.append(
            Line(
                index=i,
                text=t,
                blank_before=i == 0 or not texts[i - 1],
                blank_after=i == n - 1 or not texts[i + 1],
            )
        )
    return out


# --------------------------------------------------------------------------- lexicons

# Common function words of the languages news scrapes come in (en, pt, es, fr, it, de, nl,
# id, ru). Prose is dense with them; menus, headlines and teasers much less.
STOP_WORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as into about than that this these
    those is are was were be been being has have had do does did will would can could should
    may might must shall not no it its it's he she they we you i his her their our your my me
    him them us who whom which what when where why how there here also after before while
    because so such then more most some any all each other over under between through during
    up down out just only very even still said says
    o os as um uma uns umas de do da dos das em no na nos nas por para com sem que se mas ou
    é são foi era ser ter tem como mais muito também seu sua seus suas ao aos à às pelo pela
    el la los las un una unos unas del al y en con sin por para es son fue era su sus lo le
    les se pero como más muy también este esta ese esa
    le la les un une des du de et en au aux avec pour par sur dans est sont était pas ne que
    qui il elle ils elles nous vous ce cette ces son sa ses leur leurs mais ou plus
    il lo la gli le un una uno di da in con su per tra fra che non è sono era del della dei
    delle nel nella al alla anche come più ma
    der die das den dem des ein eine einen einem einer und oder aber nicht ist sind war mit
    von zu im auf für auch sich es er sie wir ihr dass wie bei nach aus noch
    de het een en van in op te voor met niet is zijn was dat die er ook aan bij om
    yang dan di ke dari dengan untuk pada ini itu adalah tidak akan juga atau dalam oleh
    bahwa karena saat bisa ada kita kami mereka ia
    и в во не что он она они на с со как а то все так его её но да ты к у же вы за бы по
    только ее мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или
    быть был была были это этот эта эти для при
    """.split()
)

_BOILER_WORDS = re.compile(
    r"\b(?:share|shares|shared|sharing|tweet|retweet|follow|subscribe|subscriber|subscription|"
    r"sign\s?(?:in|up)|log\s?(?:in|out)|login|register|newsletters?|advertisement|advert|"
    r"advertising|sponsored|promoted|cookies?|privacy|terms|copyright|rights reserved|"
    r"read more|read next|also read|see more|see also|related|recommended|trending|"
    r"most (?:popular|read|viewed|shared)|comments?|reply|gallery|galleries|videos?|photos?|"
    r"images?|caption|credit|getty|whatsapp|facebook|twitter|pinterest|linkedin|reddit|"
    r"instagram|youtube|flipboard|e-?mail|print|click|tap|download|tags?|topics|previous|next|"
    r"back to top|home ?page|menu|search|skip to|podcasts?|rss|app store|google play|logo|"
    r"you are (?:here|at|signed in|logged in)|welcome to|external links?|supported by|"
    r"compartilh\w*|leia (?:mais|também)|veja (?:também|mais)|publicidade|coment[aá]rios?|"
    r"compartir|leer más|publicidad|partager|lire aussi|condividi|leggi anche|teilen|"
    r"weiterlesen|baca juga|bagikan|поделиться|читать|реклама|комментари\w*)\b",
    re.IGNORECASE,
)

_TEASER_PREFIX = re.compile(
    r"^\s*(?:also read|read more|read also|read next|more|related(?: (?:stories|articles|"
    r"news|content|posts?|links|coverage|reading))?|recommended(?: for you)?|see more|see also|"
    r"watch|listen|don't miss|do not miss|trending|must read|more from [\w ]{1,30}|"
    r"click here|get the [\w ]{1,30}|sign up|subscribe(?: to [\w ]{1,30})?|"
    r"explore further|leia (?:também|mais)|veja (?:também|mais)|baca juga|lihat juga|"
    r"lire aussi|leggi anche|читайте также|смотрите также)\s*(?:[:»>|–—-]|\.{3}|…|$)",
    re.IGNORECASE,
)

_CAPTION = re.compile(
    r"\((?:image|photo|picture|pic|credit|foto)s?\b[^)]*\)|\b(?:image|photo|picture|foto) "
    r"(?:credit|copyright|courtesy)|\bimage caption\b|\b(?:photo|image|credit|foto|source)s?\s*:"
    r"|©|\bgetty images\b|\bap photo\b|\b(?:afp|reuters|ap|epa|shutterstock)\s*(?:/|$)"
    r"|\bfile photo\b|\bsubmitted photo\b|\bimage \d+ of \d+|\b\d+ of \d+\s*$|\b\d+ / \d+\s*$",
    re.IGNORECASE,
)

# Whole lines that are page furniture whatever the page: ad slots, widget labels, gallery
# counters, "continue reading" prompts, close buttons.
FURNITURE = re.compile(
    r"^(?:[×✕✖xX]|advertisements?|advert|ads?|ad feedback|sponsored(?: content| links?)?|"
    r"promoted(?: content| stories)?|story continues below(?: advertisement)?|"
    r"continue reading(?: (?:the main story|below|below the ad))?|scroll (?:down )?to continue"
    r"(?: with content)?|skip (?:this )?ad|share|shares|tweet|email|e-mail|print|pin|save|"
    r"whatsapp|facebook|twitter|linkedin|reddit|pinterest|messenger|google\+|copy link|comments?|"
    r"gallery|galleries|videos?|photos?|images?|caption|close|hide caption|toggle caption|"
    r"expand|enlarge|back to gallery|back to top|view gallery|play video|watch video|"
    r"read more|show more|load more|learn more|see more|more|related|loading\.*|"
    r"subscribe(?: now)?|sign up|sign in|log in|register|next|previous|menu|search|home|"
    r"publicidade|publicidad|werbung|pubblicità|реклама|iklan)"
    r"(?:[\s,|/·•]+(?:share|tweet|email|print|pin|save|whatsapp|facebook|twitter|linkedin|"
    r"reddit|pinterest|messenger|google\+|comments?|gallery|galleries|videos?|photos?|on (?:whatsapp|"
    r"facebook|twitter|linkedin|pinterest|reddit)|this(?: article| story| page)?))*"
    r"\s*[:.!»›>]*$|^(?:image|photo|slide|picture) \d+ of /? ?\d+$|^\d+ ?/ ?\d+$",
    re.IGNORECASE,
)

_URL_LIKE = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|br|in|ru)\b|@\w|\w@\w", re.I)
_BYLINE = re.compile(
    r"^(?:(?:posted|written|words|published|reported|story|text|publicado|escrito|postado)\s+)?"
    r"(?:by|por|par|di|von|oleh|автор)\s*:?\s+(?!the\b|a\b|an\b|\d)\S+",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janeiro|fevereiro|março|"
    r"abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro"
)
_DATE_LIKE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:" + _MONTHS + r")\.? \d{1,2},? \d{4}|"
    r"\d{1,2} (?:de )?(?:" + _MONTHS + r")\.?,? (?:de )?\d{4}|\d{1,2}:\d{2}\s*(?:am|pm)?)\b",
    re.IGNORECASE,
)
_ELLIPSIS_END = re.compile(r"(?:\.{3}|…)\s*[\]\)»\"”’]*\s*$")
# Lines that open a comment section, or are the furniture of one ("Alex on May 2 said:").
COMMENT_MARKER = re.compile(
    r"^(?:\[?\s*\d+\s+comments?\s*\]?|(?:top rated |show |view |load |read |all |\d+ )?"
    r"comments?(?:\s*\(\d+\))?|leave a (?:reply|comment)(?: cancel reply)?|"
    r"(?:post|add|write) (?:a |your )?comment|join the (?:discussion|conversation)|"
    r"(?:coment[aá]rios?|kommentare|commentaires|commenti|комментарии|komentar)\b.{0,20}|"
    r"\d+ (?:responses?|replies|thoughts?) (?:to|on) .{0,120})\s*:?\s*$"
    r"|^.{1,60}\b(?:on|at) .{4,40}\bsaid:$|^rating: \d+ votes?$",
    re.IGNORECASE,
)
_SENT_END = re.compile(r"[.!?。！？…]['\"”’»)\]]*$")
_SENT_BREAK = re.compile(r"[.!?。！？][\"”’»)\]]*\s+[\"“‘«(\[]?[A-ZÀ-ÖØ-ÞА-Я0-9]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def sentence_like(text: str, n_words: int | None = None) -> bool:
    """A line that reads as prose: several words ending in sentence punctuation."""
    if n_words is None:
        n_words = len(text.split())
    return n_words >= 7 and _SENT_END.search(text) is not None


def _line_words(text: str) -> list[str]:
    return _WORD.findall(text)


def _cjk_share(text: str) -> float:
    """Share of CJK / Hangul / Kana characters: scripts written without spaces between words."""
    if not text:
        return 0.0
    n = sum(
        1
        for ch in text
        if "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
    )
    return n / len(text)


def effective_words(text: str, words: list[str] | None = None) -> float:
    """Word count, counting about two characters as a word in scripts without spaces."""
    if words is None:
        words = _line_words(text)
    cjk = _cjk_share(text)
    if cjk > 0.3:
        return max(len(words), len(text) * cjk / 2.0)
    return float(len(words))


FEATURE_NAMES = (
    "bias",
    "log_words",
    "log_chars",
    "ends_sentence",
    "ends_colon",
    "ends_ellipsis",
    "n_sentences",
    "comma_rate",
    "stop_rate",
    "title_case_rate",
    "all_caps",
    "alpha_rate",
    "digit_rate",
    "boiler_rate",
    "boiler_any",
    "teaser_prefix",
    "furniture",
    "caption",
    "url_like",
    "byline",
    "date_like",
    "short",
    "very_short",
    "pipe_or_bullets",
    "quote_start",
    "repeated",
    "comment_marker",
    "after_comment_marker",
    "blank_before",
    "blank_after",
    "position",
    "position_sq",
    "before_headline",
    "near_headline",
    "ctx_sent_2",
    "ctx_sent_5",
    "prev_sent",
    "next_sent",
    "ctx_words_5",
    "in_best_run",
    "run_distance",
    "block_size",
    "no_blank_structure",
    "sentence_like",
)


# Second-stage features (``text.context_vectors``): a line's first-stage probability among
# its neighbours'.
CONTEXT_FEATURE_NAMES = (
    "bias",
    "logit",
    "relative",
    "mean_1",
    "mean_2",
    "mean_4",
    "max_prev_3",
    "max_next_3",
    "min_prev_next",
    "in_region",
    "region_distance",
    "region_edge",
    "ends_sentence",
    "log_words",
    "short",
)


@dataclass(slots=True)
class PageFeatures:
    lines: list[Line]
    vectors: list[list[float]]
    best_run: tuple[int, int]  # inclusive line positions of the densest run of prose
    headline: int | None  # position of the headline line, if found


def best_prose_run(lines: list[Line], penalty: float = 1.0) -> tuple[int, int]:
    """The run of lines with the most prose: each sentence line adds its word count, any
    other line subtracts ``penalty`` times its (capped) word count; Kadane's maximum."""
    best, best_span = 0.0, (0, -1)
    cur, start = 0.0, 0
    for i, ln in enumerate(lines):
        nw = len(ln.text.split())
        s = float(nw) if sentence_like(ln.text, nw) else -penalty * max(1, min(nw, 10))
        if cur <= 0:
            cur, start = 0.0, i
        cur += s
        if cur > best:
            best, best_span = cur, (start, i)
    return best_span


def comment_section_start(
    lines: list[Line],
    headline: int | None,
    own: list[dict[str, float]] | None = None,
    sent: list[float] | None = None,
) -> int:
    """Where the comment section begins: the first comment marker ("Comments", "Leave a
    Reply", "12 thoughts on ...") below the headline that follows some prose (a "Comments"
    link in the share bar above the article does not count); ``len(lines)`` if none."""
    n = len(lines)
    start = headline + 1 if headline is not None else 0
    prose = 0
    for i in range(start, n):
        t = lines[i].text
        marker = own[i]["comment_marker"] if own is not None else bool(COMMENT_MARKER.search(t))
        if marker and prose >= 2:
            return i
        is_sent = sent[i] if sent is not None else sentence_like(t)
        if is_sent:
            prose += 1
    return n


def page_features(lines: list[Line], headline: int | None = None) -> PageFeatures:
    """Feature vectors (in FEATURE_NAMES order) of every line of a page."""
    n = len(lines)
    counts = Counter(ln.text.casefold() for ln in lines)
    own: list[dict[str, float]] = []
    sent: list[float] = []
    nwords: list[float] = []
    for ln in lines:
        t = ln.text
        words = _line_words(t)
        nw = effective_words(t, words)
        alpha_words = [w for w in words if w[:1].isalpha()]
        lower = [w.casefold() for w in words]
        letters = sum(ch.isalpha() for ch in t)
        digits = sum(ch.isdigit() for ch in t)
        nonspace = max(1, len(t) - t.count(" "))
        boiler = len(_BOILER_WORDS.findall(t))
        caps_words = [w for w in alpha_words if w[0].isupper()]
        is_sent = sentence_like(t, int(nw))
        f = {
            "log_words": math.log1p(nw),
            "log_chars": math.log1p(len(t)),
            "ends_sentence": 1.0 if _SENT_END.search(t) else 0.0,
            "ends_colon": 1.0 if t.endswith(":") else 0.0,
            "ends_ellipsis": 1.0 if _ELLIPSIS_END.search(t) else 0.0,
            "n_sentences": math.log1p(len(_SENT_BREAK.findall(t))),
            "comma_rate": min(1.0, t.count(",") / max(1.0, nw) * 5),
            "stop_rate": sum(w in STOP_WORDS for w in lower) / max(1, len(lower)),
            "title_case_rate": len(caps_words) / max(1, len(alpha_words)),
            "all_caps": 1.0 if letters >= 4 and t.upper() == t and t.lower() != t else 0.0,
            "alpha_rate": letters / nonspace,
            "digit_rate": digits / nonspace,
            "boiler_rate": min(1.0, boiler / max(1.0, nw) * 3),
            "boiler_any": 1.0 if boiler else 0.0,
            "teaser_prefix": 1.0 if _TEASER_PREFIX.search(t) else 0.0,
            "furniture": 1.0 if FURNITURE.search(t) else 0.0,
            "caption": 1.0 if _CAPTION.search(t) else 0.0,
            "url_like": 1.0 if _URL_LIKE.search(t) else 0.0,
            "byline": 1.0 if _BYLINE.search(t) and nw <= 12 else 0.0,
            "date_like": 1.0 if _DATE_LIKE.search(t) and nw <= 15 else 0.0,
            "short": 1.0 if nw <= 6 else 0.0,
            "very_short": 1.0 if nw <= 2 else 0.0,
            "pipe_or_bullets": 1.0 if re.search(r"\s[|•·»]\s|^[•·»>*-]\s", t) else 0.0,
            "quote_start": 1.0 if t[:1] in "\"“‘«'" else 0.0,
            "repeated": 1.0 if counts[t.casefold()] > 1 else 0.0,
            "comment_marker": 1.0 if COMMENT_MARKER.search(t) else 0.0,
            "blank_before": 1.0 if ln.blank_before else 0.0,
            "blank_after": 1.0 if ln.blank_after else 0.0,
            "sentence_like": 1.0 if is_sent else 0.0,
        }
        own.append(f)
        sent.append(1.0 if is_sent else 0.0)
        nwords.append(nw)

    run = best_prose_run(lines)
    run_len = run[1] - run[0] + 1

    comments_from = comment_section_start(lines, headline, own, sent)

    # Blank lines carry structure only on a page that has some (paragraphs apart, menus
    # together); on a scrape that writes every block on its own line without blank lines,
    # or puts a blank line after every line, they say nothing and are zeroed.
    share_blank = sum(1 for ln in lines if ln.blank_before) / max(1, n)
    blank_structure = 0.02 <= share_blank <= 0.98
    if not blank_structure:
        for f in own:
            f["blank_before"] = 0.0
            f["blank_after"] = 0.0

    # blocks: maximal groups of consecutive non-blank lines
    block_sizes = [0] * n
    i = 0
    while i < n:
        j = i
        while j + 1 < n and not lines[j].blank_after:
            j += 1
        for k in range(i, j + 1):
            block_sizes[k] = j - i + 1
        i = j + 1

    vectors: list[list[float]] = []
    for i, f in enumerate(own):
        def window(k: int, i: int = i) -> list[int]:
            return [j for j in range(max(0, i - k), min(n, i + k + 1)) if j != i]

        w2, w5 = window(2), window(5)
        f["ctx_sent_2"] = sum(sent[j] for j in w2) / max(1, len(w2))
        f["ctx_sent_5"] = sum(sent[j] for j in w5) / max(1, len(w5))
        f["prev_sent"] = sent[i - 1] if i > 0 else 0.0
        f["next_sent"] = sent[i + 1] if i + 1 < n else 0.0
        f["ctx_words_5"] = math.log1p(sum(nwords[j] for j in w5) / max(1, len(w5)))
        inside = run_len > 0 and run[0] <= i <= run[1]
        f["in_best_run"] = 1.0 if inside else 0.0
        if run_len <= 0:
            dist = n
        elif inside:
            dist = 0
        else:
            dist = run[0] - i if i < run[0] else i - run[1]
        f["run_distance"] = math.log1p(dist)
        f["after_comment_marker"] = 1.0 if i > comments_from else 0.0
        f["block_size"] = math.log1p(block_sizes[i]) if blank_structure else 0.0
        f["no_blank_structure"] = 0.0 if blank_structure else 1.0
        pos = i / max(1, n - 1)
        f["position"] = pos
        f["position_sq"] = pos * pos
        if headline is None:
            f["before_headline"] = 0.0
            f["near_headline"] = 0.0
        else:
            f["before_headline"] = 1.0 if i <= headline else 0.0
            d = i - headline
            f["near_headline"] = 1.0 if 0 < d <= 12 else 0.0
        f["bias"] = 1.0
        vectors.append([f[name] for name in FEATURE_NAMES])
    return PageFeatures(lines=lines, vectors=vectors, best_run=run, headline=headline)
