"""Query speed of the event store on a million synthetic events, on DuckDB and PostgreSQL.

    .venv/bin/python benchmarks/store_queries.py [--events 1000000] [--reps 50]
        [--backend duckdb --backend postgres] [--out benchmarks/results/store_queries.json]

Loads the same synthetic events into each backend through the store's own write path
(``add_articles`` + ``add_events``: Arrow staging / COPY, upserts, actor rows), then times, with
fresh random parameters each repetition, after a few warm-up runs:

- ``dyad_series``: weekly counts by quad class of one directed dyad (asserted events), over
  the whole store — the query behind a dyad chart;
- ``event_page``: the 50 newest events of a filtered page: one actor's country on either side,
  one quad class, a 90-day window — what a dashboard table or ``flashpoint query`` asks;
- ``event_page_cameo``: the 50 newest events of one CAMEO root in a 30-day window, asserted;
- ``count``: how many events match the ``event_page`` filters.

Synthetic data: 40 countries drawn Zipf-like (so some dyads are busy, as in news), sectors,
CAMEO codes from the package's ontology, dates over three years, 90% asserted, about one
compound actor in ten, 20 events a document, documents in stories of up to 5. PostgreSQL runs in
a throwaway cluster (``flashpoint.store.testing.TempPostgres``, durable settings) unless
``--dsn`` names a server. Figures are milliseconds: p50 and p95 per query per backend.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import signal
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flashpoint.ontology import cameo_codes, plover_for
from flashpoint.store import EventStore

COUNTRIES = [
    "USA", "CHN", "JPN", "RUS", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "IND", "PAK", "KOR",
    "PRK", "TWN", "PHL", "VNM", "TUR", "SYR", "SAU", "EGY", "BRA", "MEX", "CAN", "AUS", "IDN",
    "NGA", "ZAF", "ETH", "SDN", "AFG", "IRQ", "LBN", "YEM", "POL", "ITA", "ESP", "VEN", "COL",
    "MMR",
]  # fmt: skip
SECTORS = ["GOV", "GOV", "GOV", "MIL", "MED", "OPP", "BUS", "REB", "", "JUD"]
OUTLETS = ["Harbour Times", "Meridian Wire", "Eastern Ledger", "Capital Dispatch", "Tide Report"]
MODALITIES = ["asserted"] * 18 + ["hypothetical", "negated"]
START = date(2023, 1, 1)
DAYS = 3 * 365


def _weights(n: int, s: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


def synthetic(n_events: int, seed: int = 7, per_doc: int = 20):
    """Yields ``(articles, stories, events)`` chunks of about 20,000 events."""
    rng = random.Random(seed)
    codes = [c for c in cameo_codes().values() if len(c.code) >= 3]
    plover = {c.code: plover_for(c.code) for c in codes}
    weights = _weights(len(COUNTRIES))
    n_docs = max(1, n_events // per_doc)
    chunk_docs = max(1, 20_000 // per_doc)
    made = 0
    for first in range(0, n_docs, chunk_docs):
        articles, stories, events = [], {}, []
        for d in range(first, min(n_docs, first + chunk_docs)):
            doc_id = f"doc-{d:07d}"
            day = START + timedelta(days=rng.randrange(DAYS))
            articles.append(
                {"id": doc_id, "title": f"Synthetic story {d}", "text": "x", "date": day,
                 "outlet": rng.choice(OUTLETS), "url": f"https://news.example.com/{d}"}
            )  # fmt: skip
            stories[doc_id] = f"story-{d // 5:06d}"
            for s in range(per_doc):
                if made >= n_events:
                    break
                made += 1

                def actors(k: int) -> list[dict[str, Any]]:
                    out = []
                    for _ in range(k):
                        c = rng.choices(COUNTRIES, weights)[0]
                        sector = rng.choice(SECTORS)
                        out.append({"text": f"{c} {sector}".strip(), "name": None,
                                    "code": c + sector, "country": c, "sector": sector or None})  # fmt: skip
                    return out

                src = actors(2 if rng.random() < 0.1 else 1)
                tgt = actors(1)
                code = rng.choice(codes)
                p = plover[code.code]
                text = f"The {src[0]['text']} took action {code.name.lower()} against {tgt[0]['text']}."
                events.append(
                    {
                        "id": f"{doc_id}-{s:02d}",
                        "doc_id": doc_id,
                        "sentence_index": s,
                        "date": day.isoformat(),
                        "source": src,
                        "target": tgt,
                        "cameo": code.to_dict(),
                        "plover": p.to_dict() if p else None,
                        "modality": rng.choice(MODALITIES),
                        "reported_by": [],
                        "attributed_to": [],
                        "location": None,
                        "evidence": {"text": text, "start": 0, "end": len(text), "trigger": "took action"},
                        "confidence": round(rng.random(), 3),
                        "rule": "synthetic",
                        "outlet": None,
                        "url": None,
                    }
                )
        yield articles, stories, events


def load(store: EventStore, n_events: int) -> float:
    started = time.perf_counter()
    done = 0
    for articles, stories, events in synthetic(n_events):
        store.add_articles(articles, stories=stories)
        store.add_events(events, batch_size=20_000)
        done += len(events)
        print(f"\r  loaded {done:,} events", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if store.dialect == "postgres":
        store._execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def queries(store: EventStore, rng: random.Random) -> dict[str, Any]:
    weights = _weights(len(COUNTRIES))

    def busy_country() -> str:
        return rng.choices(COUNTRIES[:12], weights[:12])[0]

    def window(days: int) -> tuple[date, date]:
        start = START + timedelta(days=rng.randrange(DAYS - days))
        return start, start + timedelta(days=days - 1)

    def dyad_series():
        a, b = rng.sample(COUNTRIES[:12], 2)
        return store.dyad_series(f"{a}-{b}", freq="week")

    def page_filters() -> dict[str, Any]:
        since, until = window(90)
        return {"actor": busy_country(), "quad_class": rng.randint(1, 4), "since": since,
                "until": until}  # fmt: skip

    def event_page():
        return store.events(**page_filters(), order="-date", limit=50)

    def event_page_cameo():
        since, until = window(30)
        root = f"{rng.randint(1, 20):02d}"
        return store.events(cameo=root, since=since, until=until, asserted_only=True,
                            order="-date", limit=50)  # fmt: skip

    def count():
        return store.count_events(**page_filters())

    return {
        "dyad_series": dyad_series,
        "event_page": event_page,
        "event_page_cameo": event_page_cameo,
        "count": count,
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_queries(store: EventStore, reps: int, warmup: int = 3) -> dict[str, dict[str, float]]:
    rng = random.Random(11)
    out = {}
    for name, run in queries(store, rng).items():
        for _ in range(warmup):
            run()
        times, rows = [], []
        for _ in range(reps):
            t = time.perf_counter()
            result = run()
            times.append((time.perf_counter() - t) * 1000)
            rows.append(result if isinstance(result, int) else len(result))
        out[name] = {
            "p50_ms": round(percentile(times, 0.5), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "mean_ms": round(statistics.fmean(times), 2),
            "median_rows": statistics.median(rows),
        }
        print(f"  {name:18s} p50 {out[name]['p50_ms']:8.2f} ms   p95 {out[name]['p95_ms']:8.2f} ms"
              f"   (median {out[name]['median_rows']} rows)", file=sys.stderr)  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--backend", action="append", choices=["duckdb", "postgres"])
    parser.add_argument("--dsn", help="an existing PostgreSQL database instead of a throwaway one")
    parser.add_argument("--out", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    # a SIGTERM still stops the throwaway server and removes the temporary files
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    backends = args.backend or ["duckdb", "postgres"]
    results: dict[str, Any] = {
        "events": args.events,
        "reps": args.reps,
        "machine": f"{platform.machine()}, {platform.system()} {platform.release()}",
        "backends": {},
    }
    with tempfile.TemporaryDirectory(prefix="flashpoint-bench-") as tmp:
        for backend in backends:
            server = None
            if backend == "duckdb":
                location = str(Path(tmp) / "events.duckdb")
            elif args.dsn:
                location = args.dsn
            else:
                from flashpoint.store.testing import TempPostgres

                server = TempPostgres(durable=True).start()
                location = server.create_database("bench")
            try:
                print(f"{backend}: loading {args.events:,} events", file=sys.stderr)
                with EventStore.open(location) as store:
                    seconds = load(store, args.events)
                    n = store.count_events()
                    print(f"  {n:,} events in {seconds:.0f} s "
                          f"({n / seconds:,.0f} events/s)", file=sys.stderr)  # fmt: skip
                    figures = time_queries(store, args.reps)
                results["backends"][backend] = {
                    "load_seconds": round(seconds, 1),
                    "events": n,
                    "queries": figures,
                }
            finally:
                if server is not None:
                    server.stop()
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
