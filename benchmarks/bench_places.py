"""Benchmark the gazetteer's place look-up (issue 11); run as a script.

    PYTHONPATH=. python benchmarks/bench_places.py

1. Cold build: the in-memory index over the whole gazetteer (GeoNames cities500, airports,
   district capitals, ports, built-in places), built from ``layers/gazetteer.tsv.gz``; median of
   3 builds with the caches cleared.
2. Warm look-up: ``layers.place`` on 300 queries (names drawn with a fixed seed from the table,
   plus "Lima, PE", ICAO/IATA codes and a UN/LOCODE): median time per look-up.
3. Baseline: a naive pandas scan over the same records, with the folded names precomputed (so
   the baseline does no folding work the index does not): ``df[df.key == key]`` on the name
   column and the alternate names, sorted by population. Same queries, same process.

Times are process CPU seconds (``time.process_time``); both methods are single-threaded.
"""

from __future__ import annotations

import random
import statistics
import time

import numpy as np
import pandas as pd

from geo_huallaga import gazetteer, layers


def cold_build() -> float:
    times = []
    for _ in range(3):
        gazetteer._index.cache_clear()
        layers.places_table.cache_clear()
        start = time.process_time()
        gazetteer._index()
        times.append(time.process_time() - start)
    return statistics.median(times)


def queries(idx: gazetteer._Index, n: int = 300) -> list[str]:
    rng = random.Random(11)
    rows = rng.sample(range(len(idx.table_keys)), n - 6)
    return [idx.name[i] for i in rows] + ["Lima, PE", "SBCZ", "LIM", "PEPAI", "Tingo María", "Nueva York"]


def per_call(func, items: list[str]) -> tuple[float, list[str]]:
    times, names = [], []
    for q in items:
        start = time.process_time()
        names.append(func(q))
        times.append(time.process_time() - start)
    return statistics.median(times), names


def main() -> None:
    build_s = cold_build()
    idx = gazetteer._index()
    items = queries(idx)

    alt_key = np.asarray(idx.alt_keys, dtype=object)
    alt_row = idx.alt_rows
    df = pd.DataFrame({"key": gazetteer.fold_many(idx.name), "name": idx.name, "population": idx.population})
    alt = pd.DataFrame({"key": alt_key, "row": alt_row})

    def pandas_scan(q: str) -> str:
        name, _, _ = q.partition(",")
        key = gazetteer.fold(name)
        rows = set(np.flatnonzero((df["key"] == key).to_numpy())) | set(alt.loc[alt["key"] == key, "row"])
        if not rows:
            return ""
        hit = df.iloc[sorted(rows)].sort_values("population", ascending=False)
        return str(hit["name"].iloc[0])

    def indexed(q: str) -> str:
        return layers.place(q).name

    indexed(items[0])  # warm
    warm_s, _ = per_call(indexed, items)
    scan_s, _ = per_call(pandas_scan, items[:60])  # the scan is slow: 60 of the same queries

    print(f"gazetteer records: {len(idx.name):,} (keys: {len(idx.table_keys) + len(idx.alt_keys):,})")
    print(f"cold build of the index (median of 3): {build_s:.2f} s")
    print(f"warm look-up, median of {len(items)}: {warm_s * 1e3:.3f} ms")
    print(f"naive pandas scan, median of 60:   {scan_s * 1e3:.3f} ms")
    print(f"indexed look-up is {scan_s / warm_s:.0f}x faster than the scan")


if __name__ == "__main__":
    main()
