"""Story clustering (MinHash/LSH near-duplicates) on a test set built from the AEB pages.

    .venv/bin/python benchmarks/stories.py [--eval ../shared/eval] [--seeds 5] [--json]

The set (``evaluation.aeb.build_story_set``): the 113 gold article bodies of ``aeb``, each
re-published by another outlet with a different headline, page furniture added and one
paragraph edited, and a third of them also as an excerpt (262 articles, 113 true stories;
the pages themselves are distinct stories, several about the same events). Scores pairwise
precision and recall of ``stories.assign_stories`` for each seed, and their mean. Writes
``benchmarks/results/stories.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from statistics import mean

from flashpoint.evaluation.aeb import evaluate_story_clustering

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "benchmarks" / "results" / "stories.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder (holding aeb)")
    ap.add_argument("--seeds", type=int, default=5, help="build the set with this many seeds")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    runs = []
    for seed in range(args.seeds):
        r = evaluate_story_clustering(args.eval, seed=seed)
        r["seed"] = seed
        runs.append(r)
    summary = {
        "articles": runs[0]["articles"],
        "gold_stories": runs[0]["gold_stories"],
        "precision": mean(r["precision"] for r in runs),
        "recall": mean(r["recall"] for r in runs),
        "f1": mean(r["f1"] for r in runs),
        "articles_per_second": mean(r["articles_per_second"] for r in runs),
        "runs": [{k: v for k, v in r.items() if k != "errors"} for r in runs],
        "errors_seed0": runs[0]["errors"],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        print()
        return 0
    print(f"story set: {summary['articles']} articles, {summary['gold_stories']} true stories\n")
    print(f"{'seed':<6}{'precision':>10}{'recall':>10}{'F1':>10}{'stories':>9}{'art/s':>9}")
    for r in runs:
        print(
            f"{r['seed']:<6}{r['precision']:>10.4f}{r['recall']:>10.4f}{r['f1']:>10.4f}"
            f"{r['predicted_stories']:>9}{r['articles_per_second']:>9.0f}"
        )
    print(
        f"{'mean':<6}{summary['precision']:>10.4f}{summary['recall']:>10.4f}{summary['f1']:>10.4f}"
    )
    print(f"\nwritten: {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
