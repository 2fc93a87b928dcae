"""HTML article extraction on the AEB pages: flashpoint beside trafilatura, in one run.

    .venv/bin/python benchmarks/aeb_html.py [--eval ../shared/eval] [--repeat 3] [--json] [--worst 10]

Scores, with the AEB metric of DESIGN.md (4-token shingles, per-page precision and recall
averaged over pages, F1 of the averages), on the 113 pages of ``aeb``:

- flashpoint (``ingest.html.extract_html``: trafilatura in precision mode, flashpoint's
  post-filters, a second try in default mode for a body left too short, split bodies read
  whole);
- trafilatura 2 alone, precision mode (``favor_precision``, no comments, with tables), without
  and with metadata extraction (the second is the cost flashpoint pays for title, date, author
  and site name);
- trafilatura alone in its default and recall modes, for reference;

with pages per second (best of ``--repeat`` runs; pages are read and decoded before timing),
and the distance to the best F1 ever published on the benchmark (0.970). Writes
``benchmarks/results/aeb_html.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

from flashpoint.evaluation.aeb import (
    BEST_PUBLISHED_F1,
    evaluate_aeb_html,
    flashpoint_body,
    trafilatura_extractor,
    trafilatura_precision,
)

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "benchmarks" / "results" / "aeb_html.json"


def _with_metadata(html: str) -> str:
    """trafilatura precision mode with the metadata flashpoint needs (title, date, author, site
    name): the same body as above, at the cost flashpoint pays for metadata."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, favor_precision=True, include_comments=False, include_tables=True
    )
    return (doc.text or "") if doc is not None else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder (holding aeb)")
    ap.add_argument(
        "--repeat", type=int, default=3, help="time each extractor this many times, keep the best"
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--worst", type=int, default=0, help="list flashpoint's N worst pages")
    args = ap.parse_args(argv)

    extractors = {
        "flashpoint": flashpoint_body,
        "trafilatura precision": trafilatura_precision,
        "trafilatura precision+metadata": _with_metadata,
        "trafilatura default": trafilatura_extractor(),
        "trafilatura recall": trafilatura_extractor(favor_recall=True),
    }
    result = evaluate_aeb_html(args.eval, extractors, repeat=args.repeat, details=args.worst > 0)
    import trafilatura

    result["trafilatura_version"] = trafilatura.__version__
    result["python"] = platform.python_version()
    result["machine"] = platform.machine()
    ours = result["results"]["flashpoint"]["f1"]
    result["gap_to_best_published"] = BEST_PUBLISHED_F1 - ours
    worst = []
    if args.worst:
        per_page = result["results"]["flashpoint"].pop("per_page")
        for r in result["results"].values():
            r.pop("per_page", None)
            r.pop("predictions", None)
        worst = sorted(per_page.items(), key=lambda kv: kv[1]["f1"])[: args.worst]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    print(f"AEB, {result['pages']} HTML pages (trafilatura {result['trafilatura_version']}):\n")
    print(f"{'extractor':<32}{'precision':>10}{'recall':>10}{'F1':>10}{'pages/s':>10}")
    for name, r in result["results"].items():
        print(
            f"{name:<32}{r['precision']:>10.4f}{r['recall']:>10.4f}{r['f1']:>10.4f}{r['pages_per_second']:>10.1f}"
        )
    gap = result["gap_to_best_published"]
    where = "below" if gap > 0 else "above"
    print(
        f"\nbest published F1 on AEB: {BEST_PUBLISHED_F1:.3f}; flashpoint is {abs(gap):.4f} {where} it"
    )
    for key, score in worst:
        print(
            f"  {key[:16]}  P {score['precision']:.3f}  R {score['recall']:.3f}  F1 {score['f1']:.3f}"
        )
    print(f"\nwritten: {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
