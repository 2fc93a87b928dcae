"""HTML extraction on the Article Extraction Benchmark pages, and a story-clustering test set
built from them.

:func:`evaluate_aeb_html` scores flashpoint's HTML extractor (``ingest.html.extract_html``:
trafilatura in precision mode plus flashpoint's post-filters and split-body reading) and, in
the same run on the same pages, trafilatura alone in precision mode, with the AEB metric of
``evaluation.extraction`` (``score_bodies``).

:func:`build_story_set` makes a clustering test set from the same pages: every page's gold
body is an article, and each is re-published by another "outlet" with a different headline,
page furniture added (share and follow lines, a newsletter promo, a copyright line) and one
paragraph edited (its sentences reordered and every fifth word cut, or its second half replaced
by an update line); a third of them are also re-published as an excerpt (the first 60% of the
paragraphs, as outlets cut wire copy). The pages themselves are distinct stories, several on
the same events (two Home Depot earnings reports, two Doobie Brothers reunion stories, two
Stadia launch reviews, two MacBook Pro reviews...), which makes them hard negatives.
:func:`score_story_clusters` gives pairwise precision and recall.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from datetime import date as Date
from itertools import combinations
from pathlib import Path
from typing import Any

from flashpoint.evaluation.extraction import (
    _body_metrics,
    _read_gz_text,
    _resolve_html_folder,
    load_gold_titles,
    load_ground_truth,
    score_bodies,
)
from flashpoint.model import Article

BEST_PUBLISHED_F1 = 0.970  # Zyte's API (2019) and rs_trafilatura, on the full AEB set


def _resolve(folder: str | Path) -> Path:
    folder = _resolve_html_folder(folder)
    if not (folder / "ground-truth.json").exists() or not (folder / "html").is_dir():
        raise FileNotFoundError(f"{folder} is not an AEB folder (ground-truth.json and html/)")
    return folder


def trafilatura_extractor(**mode: bool) -> Callable[[str], str]:
    """``html -> body`` by trafilatura 2 alone (no comments, with tables), in the mode set
    by ``mode`` (``favor_precision=True``, ``favor_recall=True``, or none: the default)."""

    def run(html: str) -> str:
        import trafilatura

        return trafilatura.extract(html, include_comments=False, include_tables=True, **mode) or ""

    return run


trafilatura_precision = trafilatura_extractor(favor_precision=True)
"""trafilatura 2's own body in precision mode (no comments, with tables): the baseline."""


def flashpoint_body(html: str) -> str:
    """flashpoint's body of an HTML page (``ingest.html.extract_html``)."""
    from flashpoint.ingest.html import extract_html

    return extract_html(html, id="page").text


def evaluate_aeb_html(
    folder: str | Path,
    extractors: Mapping[str, Callable[[str], str]] | None = None,
    *,
    details: bool = False,
    repeat: int = 1,
) -> dict[str, Any]:
    """Score each extractor (name -> ``html -> body``) on the AEB pages, in one run.

    Default extractors: ``flashpoint`` and ``trafilatura-precision``. Pages are read and
    decoded before timing; each extractor's time is the best of ``repeat`` runs. Returns
    ``{"pages", "best_published_f1", "results": {name: {"precision", "recall", "f1",
    "seconds", "pages_per_second"}}}`` (with ``per_page`` and ``predictions`` when
    ``details``).
    """
    folder = _resolve(folder)
    gt = load_ground_truth(folder)
    gold = {k: v.get("articleBody", "") for k, v in gt.items()}
    pages = {k: _read_gz_text(folder / "html" / f"{k}.html.gz") for k in gt}
    extractors = extractors or {
        "flashpoint": flashpoint_body,
        "trafilatura-precision": trafilatura_precision,
    }
    results: dict[str, Any] = {}
    for name, fn in extractors.items():
        best = float("inf")
        preds: dict[str, str] = {}
        for _ in range(max(1, repeat)):
            start = time.perf_counter()
            preds = {k: fn(h) for k, h in pages.items()}
            best = min(best, time.perf_counter() - start)
        scores = score_bodies(preds, gold)
        entry = _body_metrics(scores, best, len(pages))
        if details:
            entry["per_page"] = scores["per_page"]
            entry["predictions"] = preds
        results[name] = entry
    return {"pages": len(pages), "best_published_f1": BEST_PUBLISHED_F1, "results": results}


# --------------------------------------------------------------------------- stories

_FURNITURE = (
    "Share this article",
    "Follow us on Twitter and Facebook for the latest updates.",
    "Sign up for our daily newsletter to get the top stories in your inbox.",
    "Copyright 2019. All rights reserved.",
    "Advertisement",
    "Read more: Our coverage of the week's top stories",
    "Comments",
)


def _headline(title: str, body: str, rng: random.Random) -> str:
    """A different headline: the lead's first words, as another desk would write it."""
    words = body.split()[: rng.randint(8, 12)]
    return " ".join(words).rstrip(",.;:") or f"Update: {title}"


_UPDATES = (
    "Officials did not immediately respond to a request for comment.",
    "The story has been updated with new details.",
    "More details were expected later in the day, a spokesperson said.",
)


def _edit_paragraph(paragraph: str, rng: random.Random) -> str:
    """A paragraph as another desk edits it: sentences reordered and words cut, or the second
    half replaced by an update."""
    import re

    sentences = [x for x in re.split(r"(?<=[.!?])\s+", paragraph) if x]
    if rng.random() < 0.5 and len(sentences) > 1:
        words = " ".join(reversed(sentences)).split()
        return " ".join(w for n, w in enumerate(words) if n % 5 != 4)
    words = paragraph.split()
    return " ".join(words[: max(1, len(words) // 2)]) + " " + rng.choice(_UPDATES)


def build_story_set(folder: str | Path, *, seed: int = 0) -> tuple[list[Article], dict[str, str]]:
    """``(articles, gold)``: the AEB gold bodies, their re-publications, and each article's
    true story (the page it comes from); see the module notes. Deterministic for a seed."""
    folder = _resolve(folder)
    gt = load_ground_truth(folder)
    rng = random.Random(seed)
    keys = sorted(gt)
    articles: list[Article] = []
    gold: dict[str, str] = {}
    paragraphs = {
        k: [p for p in (gt[k].get("articleBody") or "").split("\n") if p.strip()] for k in keys
    }
    titles = {k: (c[0] if c else None) for k, c in load_gold_titles(folder, keys).items()}
    day = Date(2019, 11, 18)
    for i, k in enumerate(keys):
        paras = paragraphs[k]
        if not paras:
            continue
        body = "\n\n".join(paras)
        articles.append(
            Article(id=f"{k}/orig", text=body, title=titles[k], date=day, outlet=f"outlet-{i}")
        )
        gold[f"{k}/orig"] = k
        # re-published: new headline, furniture, one paragraph changed
        changed = list(paras)
        j = rng.randrange(1, len(changed)) if len(changed) > 1 else 0
        changed[j] = _edit_paragraph(changed[j], rng)
        top = rng.sample(_FURNITURE, 2)
        bottom = rng.sample(_FURNITURE, 2)
        text = "\n\n".join([*top, *changed, *bottom])
        articles.append(
            Article(
                id=f"{k}/repub",
                text=text,
                title=_headline(titles[k] or "", body, rng),
                date=Date(2019, 11, 19),
                outlet=f"outlet-{i}-b",
            )
        )
        gold[f"{k}/repub"] = k
        if i % 3 == 0 and len(paras) >= 5:  # an excerpt, as outlets cut wire copy
            cut = paras[: max(3, int(len(paras) * 0.6))]
            articles.append(
                Article(
                    id=f"{k}/excerpt",
                    text="\n\n".join(cut),
                    title=titles[k],
                    date=Date(2019, 11, 20),
                    outlet=f"outlet-{i}-c",
                )
            )
            gold[f"{k}/excerpt"] = k
    return articles, gold


def score_story_clusters(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Any]:
    """Pairwise precision and recall of a clustering: over all pairs of articles, a pair is
    predicted together when both have the same predicted story, and truly together when both
    have the same gold story."""
    ids = sorted(gold)
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same_pred = predicted.get(a) is not None and predicted.get(a) == predicted.get(b)
        same_gold = gold[a] == gold[b]
        if same_pred and same_gold:
            tp += 1
        elif same_pred:
            fp += 1
        elif same_gold:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(ids),
        "gold_stories": len(set(gold.values())),
        "predicted_stories": len({predicted.get(i) for i in ids}),
        "pairs_true": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
    }


def evaluate_story_clustering(folder: str | Path, *, seed: int = 0) -> dict[str, Any]:
    """Build the story set, cluster it with ``stories.assign_stories``, score it; also
    lists the pairs it got wrong (``errors``)."""
    from flashpoint.stories import assign_stories

    articles, gold = build_story_set(folder, seed=seed)
    start = time.perf_counter()
    predicted = assign_stories(articles)
    seconds = time.perf_counter() - start
    result = score_story_clusters(predicted, gold)
    result["seconds"] = seconds
    result["articles_per_second"] = len(articles) / seconds if seconds > 0 else float("inf")
    errors = []
    by_pred: dict[str, list[str]] = {}
    for a in gold:
        by_pred.setdefault(predicted.get(a, a), []).append(a)
    for members in by_pred.values():
        stories = {gold[m] for m in members}
        if len(stories) > 1:
            errors.append({"kind": "merged", "articles": sorted(members)})
    by_gold: dict[str, set[str]] = {}
    for a, g in gold.items():
        by_gold.setdefault(g, set()).add(predicted.get(a, a))
    for g, preds in by_gold.items():
        if len(preds) > 1:
            errors.append(
                {"kind": "split", "story": g, "articles": sorted(a for a in gold if gold[a] == g)}
            )
    result["errors"] = errors
    return result
