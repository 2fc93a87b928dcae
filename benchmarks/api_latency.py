"""REST API latency on a large store: p50/p95 of the dyad series and of event pages.

    .venv/bin/python benchmarks/api_latency.py [--events 1000000] [--requests 200] [--db PATH]

1. Generates ``--events`` synthetic events straight into a DuckDB store with SQL (30 countries,
   their directed dyads skewed so a few are busy, ~1,100 days, 20 CAMEO codes of every quad
   class, 10% non-asserted, 30% located, five events an article, two actors an event), in the
   store's own schema; reused when the file already holds that many.
2. Starts the real server (``create_app`` under uvicorn) in a subprocess on 127.0.0.1.
3. Times requests with httpx, one at a time after a warm-up: ``/api/dyads/{dyad}/series``
   (random dyads, weekly, the full range and the last year), ``/api/events?page=N`` (newest
   first, random pages, with the total count), ``/api/events`` filtered by dyad, and the
   ``/api/dyads`` overview (the first call computes every dyad's escalation; later ones hit
   the cache until the data change).

Writes ``benchmarks/results/api_latency.json`` and prints a table, with the machine's load
average before and after (latencies on a busy machine are not the server's).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
COUNTRIES = [
    "CHN", "JPN", "PHL", "USA", "KOR", "PRK", "TWN", "VNM", "IND", "PAK", "RUS", "UKR", "GBR",
    "FRA", "DEU", "IRN", "ISR", "PSE", "SAU", "TUR", "SYR", "IRQ", "EGY", "AUS", "IDN", "MYS",
    "BRA", "MEX", "ZAF", "NGA",
]  # fmt: skip
CODES = [  # code, name, goldstein, quad class
    ("040", "Consult", 1.0, 1), ("041", "Discuss by telephone", 1.0, 1),
    ("042", "Make a visit", 1.9, 1), ("046", "Engage in negotiation", 7.0, 1),
    ("051", "Praise or endorse", 3.4, 1), ("057", "Sign formal agreement", 8.0, 1),
    ("061", "Cooperate economically", 6.4, 2), ("062", "Cooperate militarily", 7.4, 2),
    ("072", "Provide military aid", 8.3, 2), ("0841", "Return, release person(s)", 7.0, 2),
    ("111", "Criticize or denounce", -2.0, 3), ("112", "Accuse", -2.0, 3),
    ("100", "Demand", -5.0, 3), ("130", "Threaten", -4.4, 3),
    ("138", "Threaten with military force", -7.0, 3), ("141", "Demonstrate or rally", -6.5, 4),
    ("163", "Impose embargo, boycott, or sanctions", -8.0, 4),
    ("173", "Arrest, detain, or charge with legal action", -5.0, 4),
    ("190", "Use conventional military force", -10.0, 4),
    ("193", "Fight with small arms and light weapons", -10.0, 4),
]  # fmt: skip
OUTLETS = [f"Outlet {i}" for i in range(20)]


def generate(db: Path, n: int) -> None:
    """``n`` synthetic events (and their articles and actors) into a new store at ``db``."""
    from flashpoint.store import EventStore

    if db.exists():
        with EventStore.open(db, read_only=True) as store:
            if store.count_events() == n:
                print(f"reusing {db} ({n:,} events)")
                return
        db.unlink()
        Path(str(db) + ".wal").unlink(missing_ok=True)
    t0 = time.perf_counter()
    with EventStore.open(db) as store:
        con = store.con
        con.execute("CREATE TEMP TABLE c AS SELECT * FROM (VALUES " + ", ".join(
            f"({i}, '{c}')" for i, c in enumerate(COUNTRIES)) + ") AS t(i, code)")  # fmt: skip
        con.execute("CREATE TEMP TABLE k AS SELECT * FROM (VALUES " + ", ".join(
            f"({i}, '{c}', '{name}', {g}, {q})" for i, (c, name, g, q) in enumerate(CODES)
        ) + ") AS t(i, code, name, goldstein, quad)")  # fmt: skip
        n_docs = max(1, n // 5)
        con.execute(
            f"""
            INSERT INTO articles (id, title, date, url, outlet, authors, path, text)
            SELECT 'doc-' || i, 'Synthetic article ' || i,
                   DATE '2023-01-01' + CAST(hash(i, 'day') % 1100 AS INTEGER),
                   'https://news.example.com/' || i, 'Outlet ' || (hash(i, 'o') % 20), [], NULL,
                   'Synthetic text of article ' || i || '.'
            FROM range({n_docs}) AS r(i)
            """
        )
        # skewed dyads: squaring a uniform number favours the first countries
        con.execute(
            f"""
            CREATE TEMP TABLE g AS
            SELECT i,
                   CAST(floor(pow((hash(i, 's') % 10000) / 10000.0, 2) * 30) AS INTEGER) AS si,
                   CAST(floor(pow((hash(i, 't') % 10000) / 10000.0, 2) * 29) AS INTEGER) AS ti0,
                   CAST(hash(i, 'k') % {len(CODES)} AS INTEGER) AS ki,
                   'doc-' || (i // 5) AS doc_id,
                   (hash(i, 'm') % 10) = 0 AS nonasserted,
                   (hash(i, 'l') % 10) < 3 AS located
            FROM range({n}) AS r(i)
            """
        )
        con.execute(
            """
            INSERT INTO events
            SELECT 'ev-' || g.i AS id, g.doc_id, CAST(g.i % 5 AS INTEGER) AS sentence_index,
                   a.date, s.code, s.code || 'GOV', t.code, t.code || 'GOV',
                   [s.code || '-' || t.code], k.code, left(k.code, 2), k.name, k.goldstein,
                   k.quad, NULL, NULL,
                   CASE WHEN g.nonasserted THEN 'hypothetical' ELSE 'asserted' END,
                   [], [],
                   CASE WHEN g.located THEN 'Place ' || (g.i % 500) END,
                   CASE WHEN g.located THEN t.code END,
                   CASE WHEN g.located THEN ((g.i % 500) * 0.29) - 70 END,
                   CASE WHEN g.located THEN ((g.i % 500) * 0.7) - 170 END,
                   NULL, CASE WHEN g.located THEN 'city' END,
                   'Synthetic evidence sentence ' || g.i || ': ' || s.code || ' ' || k.name
                       || ' ' || t.code || '.',
                   0, 40, k.name, 0.9, 'synthetic', a.outlet, a.url,
                   json_object('id', 'ev-' || g.i, 'doc_id', g.doc_id, 'date', a.date,
                               'cameo', json_object('code', k.code, 'name', k.name,
                                                    'goldstein', k.goldstein,
                                                    'quad_class', k.quad)),
                   a.date AS day, now()
            FROM g
            JOIN c AS s ON s.i = g.si
            JOIN c AS t ON t.i = CASE WHEN g.ti0 >= g.si THEN g.ti0 + 1 ELSE g.ti0 END
            JOIN k ON k.i = g.ki
            JOIN articles AS a ON a.id = g.doc_id
            """
        )
        con.execute(
            """
            INSERT INTO event_actors
            SELECT id, 'source', 0, source_code, source_country, 'GOV', NULL, source_country
            FROM events
            UNION ALL
            SELECT id, 'target', 0, target_code, target_country, 'GOV', NULL, target_country
            FROM events
            """
        )
        con.execute("CHECKPOINT")
        count = store.count_events()
    print(f"generated {count:,} events in {time.perf_counter() - t0:.1f}s into {db}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    code = (
        "import sys, uvicorn; from flashpoint.web import create_app; "
        "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), "
        "log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def timed(client: httpx.Client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t0 = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--db", type=Path, default=RESULTS / "api_latency.duckdb")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    generate(args.db, args.events)
    port = free_port()
    proc = start_server(args.db, port)
    rng = random.Random(7)
    load_before = os.getloadavg()[0]
    results: dict[str, dict[str, float]] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            t0 = time.perf_counter()
            overview = client.get("/api/dyads", params={"limit": 50}).json()
            first_overview = (time.perf_counter() - t0) * 1000
            dyads = [d["dyad"] for d in overview["items"]] or ["CHN-JPN"]
            stored = client.get("/api/health").json()["events"]
            total = client.get("/api/events", params={"page_size": 50}).json()["total"]
            pages = max(1, total // 50)
            n = args.requests
            suites = {
                "series (weekly, full range)": [
                    f"/api/dyads/{rng.choice(dyads)}/series" for _ in range(n)],
                "series (weekly, last year)": [
                    f"/api/dyads/{rng.choice(dyads)}/series?since=2025-01-01" for _ in range(n)],
                "events page (newest first, 50 a page)": [
                    f"/api/events?page={rng.randint(1, min(pages, 2000))}&page_size=50"
                    for _ in range(n)],
                "events page, deep (random page of all)": [
                    f"/api/events?page={rng.randint(1, pages)}&page_size=50" for _ in range(n)],
                "events page filtered by dyad": [
                    f"/api/events?dyad={rng.choice(dyads)}&page={rng.randint(1, 20)}"
                    for _ in range(n)],
                "overview /api/dyads (cached)": ["/api/dyads?limit=50"] * n,
            }  # fmt: skip
            for name, urls in suites.items():
                timed(client, urls[:5])  # warm-up
                ms = timed(client, urls)
                results[name] = {
                    "p50_ms": round(pct(ms, 0.50), 1),
                    "p95_ms": round(pct(ms, 0.95), 1),
                    "mean_ms": round(statistics.fmean(ms), 1),
                    "requests": len(ms),
                }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    report = {
        "events": stored,
        "asserted_events": total,
        "store": str(args.db),
        "store_mb": round(os.path.getsize(args.db) / 1e6, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "overview_first_call_ms": round(first_overview, 1),
        "results": results,
    }
    (RESULTS / "api_latency.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\n{stored:,} events, {total:,} asserted ({report['store_mb']} MB), {report['machine']}")
    print(
        f"load average (1 min) before/after: {report['load_average_1min']} on {os.cpu_count()} cores"
    )
    print(f"first /api/dyads (every dyad's escalation): {first_overview:.0f} ms")
    print(f"{'endpoint':44} {'p50 ms':>8} {'p95 ms':>8} {'mean':>8}")
    for name, r in results.items():
        print(f"{name:44} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['mean_ms']:8.1f}")
    print(f"\nwrote {RESULTS / 'api_latency.json'}")


if __name__ == "__main__":
    main()
