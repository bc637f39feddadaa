"""Benchmark routing: warm sea queries against searoute itself, and land routing at scale.

Run from the repository root::

    PYTHONPATH=$PWD /work/venv/bin/python benchmarks/bench_routing.py

1. **Sea.** The same port pairs, in one process, after both engines have loaded the network:
   ``searoute.searoute(o, d, include_ports=True)`` (the baseline) against
   ``routing.route(o, d, mode="sea")``, first with the path cache emptied before every pass
   (new queries: the network is warm, the paths are not), then again (repeated queries).
   Our query does more than the baseline: geodesic port snapping, geodesic lengths, access
   legs and passages.
2. **Built-in road network** (3,603 nodes, Peru and its neighbours): graph build cold (file
   read, line split, graph, spatial index: ``road_network()`` with its cache emptied) against
   warm (the same call served from the in-process cache), and land queries between the
   24 reference town pairs of ``geo_huallaga/data/driving_distances.csv`` (snapping, A*,
   terrain split and driving estimate included).
3. **Land.** A synthetic road layer of about 40,000 nodes (a jittered 200 × 200 grid of
   one-segment lines, 10 % removed): graph build time (``road_network``) and query time
   (``route(..., mode="land")`` between random points, snapping and access legs included).

Prints medians of several repeats and the ratios.
"""

from __future__ import annotations

import statistics
import time
import warnings
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import searoute
import shapely

from geo_huallaga import routing

SEA_PAIRS: list[tuple[tuple[float, float], tuple[float, float]]] = [
    ((-81.0994, -5.0931), (4.4792, 51.9225)),  # Paita → Rotterdam
    ((-77.1469, -12.0631), (-0.3774, 39.4698)),  # Callao → Valencia
    ((-81.0994, -5.0931), (1.2123, 6.1375)),  # Paita → Lomé
    ((-79.8661, -6.9256), (4.4035, 51.2199)),  # Puerto Etén → Antwerp
    ((-78.9761, -8.2244), (-5.4505, 36.1333)),  # Salaverry → Algeciras
    ((-78.6078, -9.0417), (-17.4441, 14.6937)),  # Chimbote → Dakar
    ((-77.1469, -12.0631), (4.4792, 51.9225)),  # Callao → Rotterdam
    ((-81.0994, -5.0931), (-17.4441, 14.6937)),  # Paita → Dakar
]


def _median_s(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_sea(repeats: int = 5) -> None:
    def baseline() -> None:
        for o, d in SEA_PAIRS:
            searoute.searoute(o, d, include_ports=True)

    def ours() -> None:
        for o, d in SEA_PAIRS:
            routing.route(o, d, mode="sea")

    def ours_new_queries() -> None:
        routing._sea_path.cache_clear()  # network stays loaded; paths are recomputed
        ours()

    t0 = time.perf_counter()
    baseline()
    first_baseline = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours()
    first_ours = time.perf_counter() - t0
    n = len(SEA_PAIRS)
    base = _median_s(baseline, repeats) / n
    new = _median_s(ours_new_queries, repeats) / n
    cached = _median_s(ours, repeats) / n
    print(f"sea: {n} port pairs, median of {repeats} passes, per query")
    print(f"  first pass (network load + queries): searoute {first_baseline:.3f} s, ours {first_ours:.3f} s")
    print(f"  searoute.searoute(include_ports=True), warm: {base * 1e3:8.2f} ms")
    print(f"  routing.route(mode='sea'), new queries:    {new * 1e3:8.2f} ms  ({base / new:.2f}x searoute)")
    print(f"  routing.route(mode='sea'), repeated:       {cached * 1e3:8.2f} ms  ({base / cached:.1f}x searoute)")


def synthetic_roads(side: int = 200, *, drop: float = 0.10, seed: int = 1) -> gpd.GeoDataFrame:
    """Build a jittered side × side grid (0.01° spacing) of one-segment road lines, some removed."""
    rng = np.random.default_rng(seed)
    xs, ys = np.meshgrid(np.arange(side) * 0.01, np.arange(side) * 0.01)
    pts = np.column_stack([xs.ravel(), ys.ravel()]) + rng.uniform(-0.003, 0.003, (side * side, 2))
    pts += np.array([-76.0, -9.0])
    idx = np.arange(side * side).reshape(side, side)
    pairs = np.vstack([
        np.column_stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()]),
        np.column_stack([idx[:-1, :].ravel(), idx[1:, :].ravel()]),
    ])
    pairs = pairs[rng.random(len(pairs)) >= drop]
    coords = np.stack([pts[pairs[:, 0]], pts[pairs[:, 1]]], axis=1)
    lines = shapely.linestrings(coords)
    return gpd.GeoDataFrame({"ref": np.arange(len(lines))}, geometry=lines, crs=4326)


def bench_land(repeats: int = 5, queries: int = 20) -> None:
    roads = synthetic_roads()
    builds = []
    for _ in range(repeats):
        routing._NETWORKS.clear()
        t0 = time.perf_counter()
        net = routing.road_network(roads)
        builds.append(time.perf_counter() - t0)
    rng = np.random.default_rng(7)
    lo = np.array([-76.0, -9.0])
    ends = lo + rng.uniform(0.0, 1.99, (queries, 2, 2))
    times = []
    for a, b in ends:
        t0 = time.perf_counter()
        routing.route(tuple(a), tuple(b), mode="land", roads=roads)
        times.append(time.perf_counter() - t0)
    print(f"land: synthetic roads, {len(roads):,} lines -> {net.node_count:,} nodes, {net.edge_count:,} edges")
    print(f"  graph build (road_network), median of {repeats}: {statistics.median(builds):.3f} s")
    print(f"  route(mode='land') incl. snapping, median of {queries} random pairs: "
          f"{statistics.median(times) * 1e3:.1f} ms (max {max(times) * 1e3:.1f} ms)")


def bench_builtin_network(repeats: int = 5) -> None:
    from geo_huallaga import circuity

    colds, warms = [], []
    for _ in range(repeats):
        routing._NETWORKS.clear()
        routing._NETWORK_KEYS.clear()
        t0 = time.perf_counter()
        net = routing.road_network()
        colds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        routing.road_network()
        warms.append(time.perf_counter() - t0)
    pairs = circuity.reference_pairs()
    times = []
    for p in pairs:
        t0 = time.perf_counter()
        routing.route((p.origin_lon, p.origin_lat), (p.destination_lon, p.destination_lat))
        times.append(time.perf_counter() - t0)
    cold, warm = statistics.median(colds), statistics.median(warms)
    print(f"built-in road network: {net.node_count:,} nodes, {net.edge_count:,} edges")
    print(f"  graph build cold, median of {repeats}: {cold:.3f} s")
    print(f"  graph build warm (cached), median of {repeats}: {warm * 1e3:.3f} ms  ({cold / warm:,.0f}x faster)")
    print(f"  route(mode='land'), median of {len(pairs)} reference pairs: "
          f"{statistics.median(times) * 1e3:.1f} ms (max {max(times) * 1e3:.1f} ms)")


def main() -> None:
    warnings.simplefilter("ignore")
    bench_sea()
    bench_builtin_network()
    bench_land()


if __name__ == "__main__":
    main()
