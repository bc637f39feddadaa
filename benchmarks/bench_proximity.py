"""Benchmark: nearest polygon of 100,000 points among 10,000 polygons, geodesic vs projected.

Compares, in one process on the same synthetic data:

* ``near``     -- ``proximity.near``: STRtree box search in degrees, exact geodesic refinement on
  WGS84 (the distances the toolkit reports);
* ``sjoin``    -- the baseline the issue names: ``geopandas.sjoin_nearest`` after reprojecting both
  layers to an equal-area projection (South America Albers, the parameters of ESRI:102033 on the
  WGS84 datum, as ``bench_overlay.py`` uses), distances in projected metres.

Prints both wall times (each includes everything from lon/lat GeoDataFrames to distances: the
baseline's reprojection, our index building), the ratio, and how far the projected distances are
from the geodesic ones: the largest absolute and relative error, and how many points the projected
distances put in another class than the geodesic ones at 5 km. Run from the checkout's top::

    PYTHONPATH=. python benchmarks/bench_proximity.py
    PYTHONPATH=. python benchmarks/bench_proximity.py --points 20000 --polygons 2000
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

ALBERS_WGS84 = "+proj=aea +lat_0=-32 +lon_0=-60 +lat_1=-5 +lat_2=-42 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
#: The box the data fill: the Peruvian Amazon and Andes (lon, lat).
WEST, SOUTH, EAST, NORTH = -79.0, -15.0, -69.0, -3.0


def make_data(n_points: int, n_polygons: int, seed: int = 14) -> tuple[Any, Any]:
    """Random points, and random star-shaped 12-gons of 1-6 km radius, in the box."""
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    cx = rng.uniform(WEST, EAST, n_polygons)
    cy = rng.uniform(SOUTH, NORTH, n_polygons)
    angles = np.linspace(0.0, 2 * np.pi, 12, endpoint=False)
    radius_deg = rng.uniform(1.0, 6.0, (n_polygons, 12)) / 111.0
    xs = cx[:, None] + radius_deg * np.cos(angles) / np.cos(np.radians(cy))[:, None]
    ys = cy[:, None] + radius_deg * np.sin(angles)
    rings = np.stack([xs, ys], axis=-1)
    polys = shapely.polygons(np.concatenate([rings, rings[:, :1]], axis=1))
    areas = gpd.GeoDataFrame({"id": np.arange(n_polygons)}, geometry=polys, crs=4326)
    points = gpd.GeoDataFrame(
        {"id": np.arange(n_points)},
        geometry=shapely.points(rng.uniform(WEST, EAST, n_points), rng.uniform(SOUTH, NORTH, n_points)),
        crs=4326,
    )
    return points, areas


def run_near(points: Any, areas: Any) -> tuple[float, float, np.ndarray]:
    from geo_huallaga import proximity

    t0, c0 = time.perf_counter(), time.process_time()
    result = proximity.near(points, areas, within_km=5.0)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return wall, cpu, result.rows["distance_km"].to_numpy(dtype=float)


def run_sjoin(points: Any, areas: Any) -> tuple[float, float, np.ndarray]:
    import geopandas as gpd

    t0, c0 = time.perf_counter(), time.process_time()
    joined = gpd.sjoin_nearest(points.to_crs(ALBERS_WGS84), areas.to_crs(ALBERS_WGS84), distance_col="distance_m")
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    first = joined[~joined.index.duplicated(keep="first")].sort_index()  # ties give one row each
    return wall, cpu, first["distance_m"].to_numpy() / 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--polygons", type=int, default=10_000)
    args = parser.parse_args()
    points, areas = make_data(args.points, args.polygons)
    print(f"{args.points:,} points, {args.polygons:,} polygons (12 vertices each), lon {WEST}..{EAST}, "
          f"lat {SOUTH}..{NORTH}")
    t_near, c_near, geodesic_km = run_near(points, areas)
    t_sjoin, c_sjoin, projected_km = run_sjoin(points, areas)
    print("                                     wall s   CPU s")
    print(f"near (geodesic, WGS84)              {t_near:7.2f} {c_near:7.2f}")
    print(f"sjoin_nearest (equal-area, metres)  {t_sjoin:7.2f} {c_sjoin:7.2f}")
    print(f"ratio sjoin / near                  {t_sjoin / t_near:7.2f} {c_sjoin / c_near:7.2f}  (> 1: near is faster)")
    error = projected_km - geodesic_km
    far = geodesic_km > 1.0  # relative errors of points a few metres away say little
    rel = np.abs(error[far]) / geodesic_km[far]
    worst = int(np.argmax(np.abs(error)))
    print(f"projected vs geodesic: largest error {np.abs(error).max() * 1000:,.0f} m "
          f"(at {geodesic_km[worst]:.2f} km); beyond 1 km: largest relative error {100 * rel.max():.2f} %, "
          f"median {100 * np.median(rel):.2f} %")
    flips = int(((geodesic_km <= 5.0) != (projected_km <= 5.0)).sum())
    print(f"points the projected distance puts on the other side of 5 km: {flips:,}")


if __name__ == "__main__":
    main()
