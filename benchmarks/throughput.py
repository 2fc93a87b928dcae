"""Throughput of the whole coder against bare spaCy on the same texts, in one run.

    .venv/bin/python benchmarks/throughput.py [--model md|sm] [--docs N] [--repeat K]

The baseline is ``nlp.pipe`` over the full article texts with the same model: the cost of
the model itself, the floor the coder is measured against. The coder run includes sentence
splitting, the parse prefilter, parsing the candidate sentences, trigger matching, roles,
actor resolution, modality and attribution. Texts: the NGEC synthetic stories in
../shared/eval (news-like prose, read from there, never copied), or the bundled sample
corpus if ../shared is absent. Peak memory is the process's max RSS after each stage.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from flashpoint.coding.coder import Coder
from flashpoint.model import Article
from flashpoint.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT.parent / "shared" / "eval" / "ngec" / "synthetic_stories.jsonl"


def load_texts(n: int) -> list[str]:
    if STORIES.exists():
        texts = []
        with open(STORIES, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = rec.get("text") or rec.get("story") or ""
                if text.strip():
                    texts.append(text)
                if len(texts) >= n:
                    break
        return texts
    sample = ROOT / "src" / "flashpoint" / "data" / "sample" / "corpus.jsonl"
    return [json.loads(x)["text"] for x in sample.read_text().splitlines() if x.strip()][:n]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="md")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=1, help="best of K runs of each side")
    args = ap.parse_args(argv)

    texts = load_texts(args.docs)
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline(args.model)
    coder = Coder(model=args.model)
    rss_loaded = peak_rss_mb()
    articles = [Article(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    list(nlp.pipe(texts[:20]))  # warm both up
    list(coder.code_articles(articles[:20]))

    def best(fn) -> float:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    t_spacy = best(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=64)))
    rss_spacy = peak_rss_mb()
    n_events = 0

    def run_coder():
        nonlocal n_events
        n_events = sum(len(ev) for _, ev in coder.code_articles(articles))

    t_coder = best(run_coder)
    rss_coder = peak_rss_mb()
    parsed = sum(len(coder.candidate_sentences(a)) for a in articles)
    from flashpoint.nlp import split_sentences

    total_sents = sum(len(split_sentences(t)) for t in texts)
    result = {
        "model": args.model,
        "docs": len(texts),
        "words": words,
        "bare_spacy_s": round(t_spacy, 3),
        "coder_s": round(t_coder, 3),
        "ratio_coder_to_spacy": round(t_coder / t_spacy, 3),
        "coder_docs_per_s": round(len(texts) / t_coder, 1),
        "coder_words_per_s": round(words / t_coder),
        "spacy_docs_per_s": round(len(texts) / t_spacy, 1),
        "spacy_words_per_s": round(words / t_spacy),
        "sentences_parsed": parsed,
        "sentences_total": total_sents,
        "events": n_events,
        "peak_rss_mb_after_load": round(rss_loaded),
        "peak_rss_mb_spacy": round(rss_spacy),
        "peak_rss_mb_coder": round(rss_coder),
    }
    for k, v in result.items():
        print(f"{k:>24}: {v}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
