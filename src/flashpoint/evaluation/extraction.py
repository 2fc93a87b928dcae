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


def _resolve_html_folder(folder: str | Path) -> Path:
    """Accept either ``.../eval`` or ``.../eval/aeb``: the folder of the AEB HTML pages."""
    folder = Path(folder)
    return folder / "aeb" if (folder / "aeb").is_dir() else folder


def _body_metrics(
    scores: Mapping[str, Any], seconds: float, n: int, **extra: Any
) -> dict[str, Any]:
    """The body figures of a run: ``precision``, ``recall`` and ``f1`` of ``score_bodies``,
    then ``extra`` (e.g. ``title_accuracy``), then ``seconds`` and ``pages_per_second`` for
    ``n`` pages."""
    return {
        "precision": scores["precision"],
        "recall": scores["recall"],
        "f1": scores["f1"],
        **extra,
        "seconds": seconds,
        "pages_per_second": n / seconds if seconds > 0 else float("inf"),
    }


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
    details: bool = False,
) -> dict[str, Any]:
    """Run the text-scrape extractor over an ``aeb_text`` folder and score it (AEB metric).

    ``folder`` is an ``aeb_text`` folder (``text/<id>.txt`` + ``ground-truth.json``), the
    ``eval`` folder holding one, or an ``aeb`` folder of HTML pages (then the HTML extractor
    is scored: :func:`evaluate_html_extraction`). ``extractor(raw, id) -> (body, title)``
    defaults to :func:`flashpoint.ingest.text.extract_text_article`. Titles are checked
    against the HTML of the sibling ``aeb`` folder when it is there.

    Returns ``{"kind", "pages", "precision", "recall", "f1", "title_accuracy", "seconds",
    "pages_per_second"}``; with ``details``, also ``per_page`` scores, ``predictions``,
    ``predicted_titles`` and the title ``misses``.
    """
    folder = Path(folder)
    if not (folder / "text").is_dir() and not (folder / "aeb_text").is_dir() and (folder / "html").is_dir():
        return evaluate_html_extraction(folder, extractor, details=details)
    text_folder, aeb_folder = _resolve_text_folder(folder)
    if not (text_folder / "ground-truth.json").exists():
        raise FileNotFoundError(f"{text_folder} has no ground-truth.json (want an aeb or aeb_text folder)")
    gt = load_ground_truth(text_folder)
    if extractor is None:
        from flashpoint.ingest.text import extract_text_article

        def extractor(raw: str, key: str) -> tuple[str, str | None]:
            art = extract_text_article(raw, id=key)
            return art.text, art.title

    raws = {key: (text_folder / "text" / f"{key}.txt").read_text(encoding="utf-8") for key in gt}
    bodies: dict[str, str] = {}
    titles: dict[str, str | None] = {}
    start = time.perf_counter()
    for key, raw in raws.items():
        bodies[key], titles[key] = extractor(raw, key)
    seconds = time.perf_counter() - start
    scores = score_bodies(bodies, {k: v.get("articleBody", "") for k, v in gt.items()})
    result: dict[str, Any] = {
        "kind": "text",
        "pages": scores["pages"],
        **_body_metrics(scores, seconds, len(gt), title_accuracy=None),
    }
    tscore = None
    if with_titles and aeb_folder is not None:
        tscore = score_titles(titles, load_gold_titles(aeb_folder, list(gt)))
        result["title_accuracy"] = tscore["accuracy"]
    if details:
        result["per_page"] = scores["per_page"]
        result["predictions"] = bodies
        result["predicted_titles"] = titles
        result["title_misses"] = tscore["misses"] if tscore else []
    return result


def evaluate_html_extraction(
    folder: str | Path,
    extractor: Callable[[str, str], tuple[str, str | None]] | None = None,
    *,
    details: bool = False,
) -> dict[str, Any]:
    """Run an HTML extractor (default: ``ingest.html.extract_html``, trafilatura in precision
    mode) over an ``aeb`` folder (``html/<id>.html.gz``) and score it like
    :func:`evaluate_text_extraction`."""
    folder = _resolve_html_folder(folder)
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
    scores = score_bodies(bodies, {k: v.get("articleBody", "") for k, v in gt.items()})
    tscore = score_titles(titles, {k: html_titles(v) for k, v in pages.items()})
    result: dict[str, Any] = {
        "kind": "html",
        "pages": scores["pages"],
        **_body_metrics(scores, seconds, len(gt), title_accuracy=tscore["accuracy"]),
    }
    if details:
        result["per_page"] = scores["per_page"]
        result["predictions"] = bodies
        result["predicted_titles"] = titles
        result["title_misses"] = tscore["misses"]
    return result


# --------------------------------------------------------------------------- the line model


def _labelled_pages(folder: str | Path) -> dict[str, tuple[str, list[str]]]:
    text_folder, _ = _resolve_text_folder(folder)
    gt = load_ground_truth(text_folder)
    out = {}
    for key in sorted(gt):
        raw = (text_folder / "text" / f"{key}.txt").read_text(encoding="utf-8")
        gold = [p for p in (gt[key].get("articleBody") or "").split("\n") if p.strip()]
        out[key] = (raw, gold)
    return out


def fit_text_model(folder: str | Path, l2: float | None = None) -> tuple[list[float], list[float]]:
    """Fit the text-scrape line model on an ``aeb_text``-style folder (all its pages)."""
    from flashpoint.ingest import text as T

    pages = _labelled_pages(folder)
    return T.fit_line_model(pages.values(), l2=T.L2_PENALTY if l2 is None else l2)


def cross_validate_text_model(
    folder: str | Path, folds: int = 5, seeds: tuple[int, ...] = (0,), l2: float | None = None
) -> dict[str, Any]:
    """Body P/R/F1 of the text extractor when every page is predicted by a model fitted
    without it (``folds`` groups of pages, shuffled with each seed): an estimate of how the
    fitted model does on pages it has not seen. Returns the mean over seeds and each run."""
    import random

    from flashpoint.ingest import text as T

    pages = _labelled_pages(folder)
    gold = {k: "\n\n".join(g) for k, (_, g) in pages.items()}
    runs = []
    for seed in seeds:
        order = sorted(pages)
        random.Random(seed).shuffle(order)
        pred: dict[str, str] = {}
        for k in range(folds):
            held = order[k::folds]
            train = [pages[key] for key in order if key not in set(held)]
            w1, w2 = T.fit_line_model(train, l2=T.L2_PENALTY if l2 is None else l2)
            for key in held:
                pred[key] = T.analyse_text(pages[key][0], w1, w2).body
        scores = score_bodies(pred, gold)
        runs.append({m: scores[m] for m in ("precision", "recall", "f1")})
    return {
        "precision": mean(r["precision"] for r in runs),
        "recall": mean(r["recall"] for r in runs),
        "f1": mean(r["f1"] for r in runs),
        "runs": runs,
        "folds": folds,
    }
