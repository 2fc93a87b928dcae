"""Article extraction accuracy and speed, with baselines measured in the same run.

    .venv/bin/python benchmarks/extraction.py [--eval ../shared/eval] [--cv] [--fit] [--json]

On ``aeb_text`` (113 pages flattened to text lines, as scrapers save them) it scores, with
the AEB metric of DESIGN.md (4-token shingles, per-page precision and recall averaged over
pages, F1 of the averages):

- flashpoint's text-scrape extractor (``ingest.text.extract_text_article``): body P/R/F1,
  title accuracy (against each page's ``<h1>``, ``og:title`` and ``<title>`` without its
  site name, read from the HTML in ``aeb``), pages per second;
- keep everything (every line of the scrape);
- the best run of sentence lines: the contiguous run of lines with the most prose, where a
  line that reads as a sentence (7+ words, sentence punctuation at the end) adds its word
  count and any other line takes away its word count (at most 10); only the sentence lines
  of the run are kept;

and on ``aeb`` (the same pages as HTML), flashpoint's HTML extractor
(``ingest.html.extract_html``: trafilatura in precision mode plus post-filters) for reference;
``benchmarks/aeb_html.py`` compares it with trafilatura alone.

``--cv`` adds a cross-validated score: each page predicted by a line model fitted without
it (5 folds, two shuffles), which estimates how the fitted model does on unseen pages.
``--fit`` refits the line model on every aeb_text page and rewrites
``src/flashpoint/ingest/_model.py`` (then run the tests: the F1 the tests assert comes from
the committed model).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from flashpoint.evaluation.extraction import (
    cross_validate_text_model,
    evaluate_html_extraction,
    evaluate_text_extraction,
    fit_text_model,
)

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
MODEL_FILE = ROOT / "src" / "flashpoint" / "ingest" / "_model.py"

_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)\]]*$")


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= 7 and _SENTENCE_END.search(line) is not None


def best_run_of_sentence_lines(raw: str, key: str = "") -> tuple[str, str | None]:
    """Baseline: the sentence lines of the run of lines with the most prose."""
    lines = [" ".join(x.split()) for x in raw.splitlines()]
    lines = [x for x in lines if x]
    best, span = 0.0, (0, -1)
    cur, start = 0.0, 0
    for i, line in enumerate(lines):
        n = len(line.split())
        score = float(n) if _is_sentence(line) else -float(max(1, min(n, 10)))
        if cur <= 0:
            cur, start = 0.0, i
        cur += score
        if cur > best:
            best, span = cur, (start, i)
    body = "\n\n".join(x for x in lines[span[0] : span[1] + 1] if _is_sentence(x))
    return body, (lines[0] if lines else None)


def keep_everything(raw: str, key: str = "") -> tuple[str, str | None]:
    """Baseline: the whole scrape is the body; the first line is the title."""
    lines = [x.strip() for x in raw.splitlines() if x.strip()]
    return raw, (lines[0] if lines else None)


def _row(name: str, r: dict) -> str:
    title = f"{r['title_accuracy']:.3f}" if r.get("title_accuracy") is not None else "  -  "
    return (
        f"{name:<40} P {r['precision']:.4f}  R {r['recall']:.4f}  F1 {r['f1']:.4f}  "
        f"title {title}  {r['pages_per_second']:8.1f} pages/s"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder (holding aeb and aeb_text)")
    ap.add_argument("--cv", action="store_true", help="add a cross-validated score of the line model")
    ap.add_argument("--fit", action="store_true", help="refit the line model and rewrite _model.py")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    text_folder, html_folder = args.eval / "aeb_text", args.eval / "aeb"
    if not (text_folder / "ground-truth.json").exists():
        print(f"error: {text_folder} not found", file=sys.stderr)
        return 2

    if args.fit:
        from flashpoint.ingest.text import L2_PENALTY, model_module_source

        start = time.perf_counter()
        w1, w2 = fit_text_model(text_folder)
        note = f"Fitted on the pages of ../shared/eval/aeb_text (MIT), L2 penalty {L2_PENALTY}."
        MODEL_FILE.write_text(model_module_source(w1, w2, note), encoding="utf-8")
        print(f"refitted the line model in {time.perf_counter() - start:.1f}s -> {MODEL_FILE}", file=sys.stderr)
        print("re-run without --fit (a fresh process) to measure the new model", file=sys.stderr)
        return 0

    results: dict[str, dict] = {}
    results["flashpoint text extractor"] = evaluate_text_extraction(text_folder)
    results["baseline: best run of sentence lines"] = evaluate_text_extraction(
        text_folder, best_run_of_sentence_lines
    )
    results["baseline: keep everything"] = evaluate_text_extraction(text_folder, keep_everything)
    if (html_folder / "html").is_dir():
        results["reference: flashpoint html extractor on aeb"] = evaluate_html_extraction(html_folder)
    if args.cv:
        start = time.perf_counter()
        cv = cross_validate_text_model(text_folder, folds=5, seeds=(0, 1))
        cv["seconds"] = time.perf_counter() - start
        results["cross-validated line model (5-fold x2)"] = cv

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    pages = results["flashpoint text extractor"]["pages"]
    print(f"AEB metric on {pages} pages of {text_folder} (text scrapes) and {html_folder} (HTML)")
    for name, r in results.items():
        if "pages_per_second" in r:
            print(_row(name, r))
        else:
            print(f"{name:<40} P {r['precision']:.4f}  R {r['recall']:.4f}  F1 {r['f1']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
