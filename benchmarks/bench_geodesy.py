"""Benchmark geo_huallaga.geodesy against its baselines (issue 3); run as a script.

    PYTHONPATH=. python benchmarks/bench_geodesy.py

1. 1,000,000 random point pairs: ``distance_km`` against raw ``pyproj.Geod.inv`` on the same
   arrays (goal: at least 0.9x its throughput), and a geopy ``geodesic`` loop on 10,000 pairs.
2. 100,000 random LineStrings: ``line_length_km`` against a per-geometry
   ``Geod.geometry_length`` loop (goal: at least 2x faster, equal to 1 mm).

Same data for every method, in one process; medians of several runs, the two methods timed
alternately; ratios printed. Times are process CPU seconds (``time.process_time``): every
method is single-threaded, and CPU time is far less disturbed than wall time by the other
work on a shared machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
from geopy.distance import geodesic
from pyproj import Geod

from geo_huallaga.geodesy import distance_km, line_length_km

GEOD = Geod(ellps="WGS84")


def median_seconds(func: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.process_time()
        result = func()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def paired_median_seconds(
    baseline: Callable[[], Any], candidate: Callable[[], Any], repeats: int
) -> tuple[float, float, Any, Any]:
    """Time the two alternately (the machine is shared: load drifts between runs)."""
    t_base, t_cand, r_base, r_cand = [], [], None, None
    for _ in range(repeats):
        start = time.process_time()
        r_base = baseline()
        t_base.append(time.process_time() - start)
        start = time.process_time()
        r_cand = candidate()
        t_cand.append(time.process_time() - start)
    return statistics.median(t_base), statistics.median(t_cand), r_base, r_cand


def random_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    lon = rng.uniform(-180, 180, n)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    return lon, lat


def bench_distances(rng: np.random.Generator) -> None:
    n = 1_000_000
    lon1, lat1 = random_points(rng, n)
    lon2, lat2 = random_points(rng, n)

    def raw() -> np.ndarray:
        return GEOD.inv(lon1, lat1, lon2, lat2, return_back_azimuth=False)[2] / 1000.0

    def ours() -> np.ndarray:
        return distance_km(lon1, lat1, lon2, lat2)

    ours()  # warm up imports and caches
    t_raw, t_ours, d_raw, d_ours = paired_median_seconds(raw, ours, 7)
    worst_mm = float(np.max(np.abs(d_raw - d_ours))) * 1e6
    print(f"distance_km, {n:,} pairs (CPU s, median of 7, alternating):")
    print(f"  raw Geod.inv      {t_raw:7.3f} s  {n / t_raw:12,.0f} pairs/s")
    print(f"  distance_km       {t_ours:7.3f} s  {n / t_ours:12,.0f} pairs/s")
    print(f"  throughput ratio distance_km / Geod.inv = {t_raw / t_ours:.3f}x (goal >= 0.9x); "
          f"largest difference {worst_mm:.3g} mm")

    m = 10_000

    def geopy_loop() -> list[float]:
        return [
            geodesic((lat1[i], lon1[i]), (lat2[i], lon2[i])).km for i in range(m)
        ]

    t_geopy, d_geopy = median_seconds(geopy_loop, 3)
    worst_geopy_mm = float(np.max(np.abs(np.array(d_geopy) - d_ours[:m]))) * 1e6
    print(f"  geopy geodesic loop, {m:,} pairs: {t_geopy:.3f} s  {m / t_geopy:12,.0f} pairs/s")
    print(f"  throughput ratio distance_km / geopy = {(n / t_ours) / (m / t_geopy):.1f}x; "
          f"largest difference {worst_geopy_mm:.3g} mm")


def bench_line_lengths(rng: np.random.Generator) -> None:
    n = 100_000
    vertices = rng.integers(2, 9, n)  # 2 to 8 vertices, 5 on average
    total = int(vertices.sum())
    lon, lat = random_points(rng, total)
    # short lines around random centres, as roads and flight tracks are
    start = np.repeat(np.arange(n), vertices)
    lon = np.clip(lon[start] / 180 * 170 + rng.normal(0, 0.5, total), -180, 180)
    lat = np.clip(lat[start] / 90 * 80 + rng.normal(0, 0.5, total), -90, 90)
    lines = shapely.linestrings(np.column_stack([lon, lat]), indices=start)

    def loop() -> np.ndarray:
        return np.array([GEOD.geometry_length(g) for g in lines]) / 1000.0

    def ours() -> np.ndarray:
        return line_length_km(lines)

    ours()
    t_loop, t_ours, d_loop, d_ours = paired_median_seconds(loop, ours, 3)
    worst_mm = float(np.max(np.abs(d_loop - d_ours))) * 1e6
    print(f"line_length_km, {n:,} LineStrings, {total:,} vertices (CPU s, median of 3, alternating):")
    print(f"  Geod.geometry_length loop {t_loop:7.3f} s")
    print(f"  line_length_km            {t_ours:7.3f} s")
    print(f"  speed-up = {t_loop / t_ours:.2f}x (goal >= 2x); largest difference {worst_mm:.3g} mm "
          f"({'equal' if worst_mm <= 1 else 'NOT equal'} to 1 mm)")


def main() -> None:
    rng = np.random.default_rng(2012)
    bench_distances(rng)
    bench_line_lengths(rng)


if __name__ == "__main__":
    main()
