"""Article-extraction accuracy: the AEB shingle metric, and runs over the eval folders.

The metric (DESIGN.md, "Article extraction (AEB)"), as the Article Extraction Benchmark
defines it:

- a body is cut into word tokens (runs of ``\\w``, case kept) and then into 4-token
  shingles; a body shorter than four tokens is one shingle of all its tokens;
- per page, shingles are matched as multisets: ``tp`` counts shingles present in both
  (the smaller count), ``fp`` the surplus in the prediction, ``fn`` the surplus in the gold;
  the three are divided by their sum, so that a long page weighs no more than a short one;
- precision ``tp / (tp + fp)`` is averaged over the pages with a non-empty prediction,
  recall ``tp / (tp + fn)`` over the pages with a non-empty gold body (a page where both
  are empty, or identical, scores 1 for both);
- F1 is the harmonic mean of the two averages.

With no repeated shingle on either side, per-page precision is ``|P ∩ G| / |P|`` and recall
``|P ∩ G| / |G|`` over shingle sets; the multiset count only matters for pages that repeat a
passage, where a prediction that repeats it too is not rewarded twice.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from statistics import mean
from typing import Any

SHINGLE_SIZE = 4
_WORD = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    """Word tokens as the metric sees them (``\\w+`` runs, case kept)."""
    return _WORD.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_SIZE) -> Counter:
    """The multiset of ``n``-token shingles of ``text`` (one short shingle if it is shorter)."""
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_counts(pred: str | None, gold: str | None, n: int = SHINGLE_SIZE) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page; they sum to 1 unless both sides are empty."""
    p, g = shingles(pred, n), shingles(gold, n)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def metrics_from_counts(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Averaged precision and recall over pages, and the F1 of the two averages."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = mean(precisions) if precisions else 0.0
    recall = mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_bodies(pred: Mapping[str, str | None], gold: Mapping[str, str | None]) -> dict[str, Any]:
    """AEB precision, recall and F1 of predicted bodies against gold bodies.

    Every gold id is scored; an id missing from ``pred`` counts as an empty prediction.
    Returns ``{"precision", "recall", "f1", "pages", "per_page": {id: {"precision",
    "recall", "f1"}}}``.
    """
    counts: list[tuple[float, float, float]] = []
    per_page: dict[str, dict[str, float]] = {}
    for key in gold:
        c = page_counts(pred.get(key), gold[key])
        counts.append(c)
        pr, rc = _precision(*c), _recall(*c)
        per_page[key] = {
            "precision": pr,
            "recall": rc,
            "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0,
        }
    out: dict[str, Any] = metrics_from_counts(counts)
    out["pages"] = len(counts)
    out["per_page"] = per_page
    return out


# --------------------------------------------------------------------------- titles


_TITLE_PUNCT = re.compile(r"[\W_]+")


def normalise_title(title: str | None) -> str:
    """A title reduced for comparison: NFKC, case-folded, punctuation and spaces squeezed."""
    if not title:
        return ""
    text = unicodedata.normalize("NFKC", title).casefold()
    return _TITLE_PUNCT.sub(" ", text).strip()


def title_matches(pred: str | None, gold_candidates: list[str]) -> bool:
    """True when the predicted title equals one of the page's own titles, after normalising."""
    p = normalise_title(pred)
    return bool(p) and any(p == normalise_title(g) for g in gold_candidates if g)


def score_titles(pred: Mapping[str, str | None], gold: Mapping[str, list[str]]) -> dict[str, Any]:
    """Title accuracy: the share of pages whose predicted title matches one of their titles.

    ``gold`` maps each id to its acceptable titles (for a web page: its headline ``<h1>``,
    ``og:title``, and ``<title>`` without the site name); pages without any are skipped.
    """
    scored = {k: v for k, v in gold.items() if any(v)}
    hits = [k for k, cands in scored.items() if title_matches(pred.get(k), cands)]
    return {
        "accuracy": len(hits) / len(scored) if scored else 0.0,
        "pages": len(scored),
        "correct": len(hits),
        "misses": sorted(set(scored) - set(hits)),
    }


_SITE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:•·»]|::)\s+")


def html_titles(html: str) -> list[str]:
    """The titles a page gives itself: its first ``<h1>``s, ``og:title`` / ``twitter:title``,
    and ``<title>`` with its site-name suffix or prefix cut off (the longest part between
    separators). A bare ``<title>`` with no separator counts only when nothing else does."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - an unparseable page simply has no titles
        return []
    out: list[str] = []
    for meta in root.xpath("//meta[@property='og:title' or @name='og:title' or @name='twitter:title']"):
        content = (meta.get("content") or "").strip()
        if content:
            out.append(content)
            parts = _SITE_SEPARATORS.split(content)
            if len(parts) > 1:
                out.append(max(parts, key=len))
    for h1 in root.xpath("//h1")[:3]:
        text = " ".join(h1.text_content().split())
        if text:
            out.append(text)
    for t in root.xpath("//title")[:1]:
        text = " ".join(t.text_content().split())
        parts = _SITE_SEPARATORS.split(text)
        if len(parts) > 1:
            out.append(max(parts, key=len))
        elif text and not out:
            out.append(text)
    seen: set[str] = set()
    uniq = []
    for t in out:
        if t not in seen:
            seen.add(t)
            uniq.append(t)
    return uniq


# --------------------------------------------------------------------------- eval folders


def load_ground_truth(folder: str | Path) -> dict[str, dict[str, Any]]:
    """``ground-truth.json`` of an AEB-style folder: ``{id: {"articleBody", "url"}}``."""
    with open(Path(folder) / "ground-truth.json", encoding="utf-8") as fh:
        return json.load(fh)


def _read_gz_text(path: Path) -> str:
    from flashpoint.ingest import decode_bytes

    with gzip.open(path, "rb") as fh:
        return decode_bytes(fh.read())


def load_gold_titles(aeb_folder: str | Path, ids: list[str] | None = None) -> dict[str, list[str]]:
    """Acceptable titles of each page, read from the AEB HTML (``html/<id>.html.gz``)."""
    folder = Path(aeb_folder)
    if ids is None:
        ids = sorted(load_ground_truth(folder))
    out: dict[str, list[str]] = {}
    for key in ids:
        path = folder / "html" / f"{key}.html.gz"
        out[key] = html_titles(_read_gz_text(path)) if path.exists() else []
    return out


def _resolve_text_folder(folder: str | Path) -> tuple[Path, Path | None]:
    """Accept either ``.../eval`` or ``.../eval/aeb_text``; find the sibling ``aeb`` folder."""
    folder = Path(folder)
    if (folder / "aeb_text").is_dir():
        folder = folder / "aeb_text"
    aeb = folder.parent / "aeb"
    return folder, (aeb if (aeb / "html").is_dir() else None)


def evaluate_text_extraction(
    folder: str | Path,
    extractor: Callable[[str, str], tuple[str, str | None]] | None = None,
    *,
    with_titles: bool = True,
) -> dict[str, Any]:
    """Run a text-scrape extractor over an ``aeb_text`` folder and score it.

    ``folder`` is the ``aeb_text`` folder (``text/<id>.txt`` + ``ground-truth.json``) or the
    ``eval`` folder holding it. ``extractor(raw, id) -> (body, title)`` defaults to
    :func:`flashpoint.ingest.text.extract_text_article`. Titles are checked against the
    HTML of the sibling ``aeb`` folder when it is there.

    Returns ``{"precision", "recall", "f1", "pages", "seconds", "pages_per_second",
    "title_accuracy", "titles": {...}, "per_page": {...}, "predictions": {id: body}}``.
    """
    text_folder, aeb_folder = _resolve_text_folder(folder)
    gt = load_ground_truth(text_folder)
    if extractor is None:
        from flashpoint.ingest.text import extract_text_article

        def extractor(raw: str, key: str) -> tuple[str, str | None]:
            art = extract_text_article(raw, id=key)
            return art.text, art.title

    raws = {}
    for key in gt:
        raws[key] = (text_folder / "text" / f"{key}.txt").read_text(encoding="utf-8")
    bodies: dict[str, str] = {}
    titles: dict[str, str | None] = {}
    start = time.perf_counter()
    for key, raw in raws.items():
        bodies[key], titles[key] = extractor(raw, key)
    seconds = time.perf_counter() - start
    result = score_bodies(bodies, {k: v.get("articleBody", "") for k, v in gt.items()})
    result["seconds"] = seconds
    result["pages_per_second"] = len(gt) / seconds if seconds > 0 else float("inf")
    result["predictions"] = bodies
    result["predicted_titles"] = titles
    if with_titles and aeb_folder is not None:
        tscore = score_titles(titles, load_gold_titles(aeb_folder, list(gt)))
        result["title_accuracy"] = tscore["accuracy"]
        result["titles"] = tscore
    else:
        result["title_accuracy"] = None
    return result


def evaluate_html_extraction(
    folder: str | Path, extractor: Callable[[str, str], tuple[str, str | None]] | None = None
) -> dict[str, Any]:
    """Run an HTML extractor (default: trafilatura, favouring precision) over an ``aeb`` folder."""
    folder = Path(folder)
    if (folder / "aeb").is_dir():
        folder = folder / "aeb"
    gt = load_ground_truth(folder)
    if extractor is None:
        from flashpoint.ingest.html import extract_html

        def extractor(raw: str, key: str) -> tuple[str, str | None]:
            art = extract_html(raw, id=key)
            return art.text, art.title

    pages = {key: _read_gz_text(folder / "html" / f"{key}.html.gz") for key in gt}
    bodies: dict[str, str] = {}
    titles: dict[str, str | None] = {}
    start = time.perf_counter()
    for key, raw in pages.items():
        bodies[key], titles[key] = extractor(raw, key)
    seconds = time.perf_counter() - start
    result = score_bodies(bodies, {k: v.get("articleBody", "") for k, v in gt.items()})
    result["seconds"] = seconds
    result["pages_per_second"] = len(gt) / seconds if seconds > 0 else float("inf")
    gold_titles = {k: html_titles(v) for k, v in pages.items()}
    tscore = score_titles(titles, gold_titles)
    result["title_accuracy"] = tscore["accuracy"]
    result["titles"] = tscore
    result["predictions"] = bodies
    return result
