"""How fast the gazetteer builds and answers, in a fresh process.

    .venv/bin/python benchmarks/geo.py [--lookups 100000]

Prints the build time of the index (cities15000 + our tables), and lookups per second for a mix
of phrases news uses: cities, countries, seas, directions, unknown names (the slow path, which
tries every reading and the misspelling fallback).
"""

from __future__ import annotations

import argparse
import time

PHRASES = [
    "Kharkiv", "the Taiwan Strait", "Geneva", "southern Lebanon", "Georgia", "Jordan",
    "the Japanese capital", "Tripoli, Lebanon", "the besieged Bosnian town of Gorazde",
    "province of Herat", "Beijing", "Gaza Strip", "Odessa", "Washington", "Nowhereville",
    "Algers", "Chinese waters", "the Kharkiv region", "Hamas", "South China Sea",
]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lookups", type=int, default=100_000)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from flashpoint.geo import load_gazetteer

    t1 = time.perf_counter()
    c1 = time.process_time()
    gaz = load_gazetteer()
    c2 = time.process_time()
    t2 = time.perf_counter()
    for p in PHRASES:  # first call of each phrase (the fuzzy index builds lazily)
        gaz.locate(p)
    t3 = time.perf_counter()
    n = args.lookups
    for i in range(n):
        gaz.locate(PHRASES[i % len(PHRASES)])
    t4 = time.perf_counter()
    # without the memo: every call reads the phrase afresh
    from flashpoint.geo import fold

    m = max(1, n // 10)
    for i in range(m):
        gaz._locate_key(fold(PHRASES[i % len(PHRASES)]), None, depth=0)
    t5 = time.perf_counter()
    idx = gaz._idx
    print(f"import            {t1 - t0:.3f} s")
    print(f"build index       {t2 - t1:.3f} s wall, {c2 - c1:.3f} s CPU  ({len(idx.cities):,} city keys, "
          f"{len(idx.provinces):,} division keys, {len(idx.countries):,} country names, "
          f"{len(idx.waters):,} water/region names)")  # fmt: skip
    print(f"first lookups     {t3 - t2:.3f} s  ({len(PHRASES)} phrases, fuzzy index included)")
    print(f"lookups           {n / (t4 - t3):,.0f} per second ({n:,} calls, mixed phrases, memo)")
    print(f"uncached lookups  {m / (t5 - t4):,.0f} per second ({m:,} calls, no memo)")


if __name__ == "__main__":
    main()
