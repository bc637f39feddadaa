"""Benchmark: apportioning a 0.01° cultivation grid to 50 zones.

Compares, on the same synthetic data (written once to a partitioned GeoParquet folder):

* ``overlay``  — the baseline: ``geopandas.overlay(how="intersection")`` then area weights;
* ``fast``     — ``cultivation.apportion(engine="geopandas")``: spatial index, interior cells
  skip the intersection (``contains_properly``), only boundary cells are intersected;
* ``dask``     — ``cultivation.apportion(engine="dask")`` on a ``LocalCluster`` of 2 workers,
  reading the GeoParquet partitions, the zones sent once to every worker.

Each method runs in its own child process so its peak memory is its own: the parent samples
the resident memory (RSS) of the child's whole process tree (the dask workers included) with
psutil every 20 ms. Wall time includes reading the GeoParquet and reprojecting; totals and
per-zone values are checked against the ``fast`` method (1e-9 relative).

Run from the checkout's top (the sizes are configurable; ``--cells 40000`` takes seconds)::

    python benchmarks/bench_overlay.py --cells 1000000
    python benchmarks/bench_overlay.py --cells 4000000 --methods fast,dask
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

CELL_DEG = 0.01
PART_CELLS = 250_000
ORIGIN = (-80.0, -15.0)  # lon, lat of the grid's south-west corner (Peru, inside ESRI:102033's domain)
EQUAL_AREA = "ESRI:102033"
MIB = 1024 * 1024


# --------------------------------------------------------------------------- data


def make_zones(side_deg: float, n_zones: int) -> Any:
    """N irregular, non-overlapping 64-vertex polygons on a grid of centres covering the cells."""
    import geopandas as gpd
    import shapely

    cols = math.ceil(math.sqrt(n_zones * 2))
    rows = math.ceil(n_zones / cols)
    dx, dy = side_deg / cols, side_deg / rows
    rng = np.random.default_rng(7)
    geoms, ids = [], []
    angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    for k in range(n_zones):
        r, c = divmod(k, cols)
        cx, cy = ORIGIN[0] + (c + 0.5) * dx, ORIGIN[1] + (r + 0.5) * dy
        radius = 0.45 * min(dx, dy) * (0.75 + 0.25 * np.sin(3 * angles + rng.uniform(0, 6)))
        ring = np.column_stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)])
        geoms.append(shapely.Polygon(ring))
        ids.append(f"zone-{k:02d}")
    return gpd.GeoDataFrame({"id": ids, "name": ids}, geometry=geoms, crs=4326)


def make_cells(n_cells: int, folder: Path) -> float:
    """Write ~n_cells 0.01° cells with a ``ha`` column as GeoParquet parts; return the side (deg)."""
    import geopandas as gpd
    import shapely

    side = round(math.sqrt(n_cells))
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    n = side * side
    for part, start in enumerate(range(0, n, PART_CELLS)):
        k = np.arange(start, min(n, start + PART_CELLS))
        x0 = ORIGIN[0] + (k % side) * CELL_DEG
        y0 = ORIGIN[1] + (k // side) * CELL_DEG
        cells = gpd.GeoDataFrame(
            {"ha": rng.gamma(0.5, 2.0, len(k))},
            geometry=shapely.box(x0, y0, x0 + CELL_DEG, y0 + CELL_DEG),
            crs=4326,
        )
        cells.to_parquet(folder / f"part.{part:04d}.parquet")
    return side * CELL_DEG


# --------------------------------------------------------------------------- methods (child side)


def run_overlay(cells_path: Path, zones: Any) -> dict[str, Any]:
    import geopandas as gpd

    t0 = time.perf_counter()
    cells = gpd.read_parquet(cells_path)
    t_load = time.perf_counter() - t0
    cells = cells.to_crs(EQUAL_AREA)
    cells["cell_area"] = cells.area
    pieces = gpd.overlay(cells, zones.to_crs(EQUAL_AREA)[["id", "geometry"]], how="intersection")
    pieces["part"] = pieces["ha"] * pieces.area / pieces["cell_area"]
    by_zone = pieces.groupby("id")["part"].sum().reindex(zones["id"], fill_value=0.0)
    return {"load_s": t_load, "values": by_zone.tolist(), "total_input": float(cells["ha"].sum())}


def run_fast(cells_path: Path, zones: Any) -> dict[str, Any]:
    import geopandas as gpd

    from geo_huallaga.cultivation import apportion

    t0 = time.perf_counter()
    cells = gpd.read_parquet(cells_path)
    t_load = time.perf_counter() - t0
    result = apportion(cells, zones, value_col="ha")
    return {"load_s": t_load, "values": result.zones["value"].tolist(), "total_input": result.total_input}


def run_dask(cells_path: Path, zones: Any, workers: int, processes: bool) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from geo_huallaga.cultivation import apportion

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        t0 = time.perf_counter()
        result = apportion(cells_path, zones, value_col="ha", engine="dask", client=client)
        t_run = time.perf_counter() - t0
    return {"load_s": 0.0, "run_s": t_run, "values": result.zones["value"].tolist(),
            "total_input": result.total_input}


def child(args: argparse.Namespace) -> None:
    import resource

    zones = make_zones(args.side_deg, args.zones)
    t0 = time.perf_counter()
    if args.child == "overlay":
        out = run_overlay(args.data, zones)
    elif args.child == "fast":
        out = run_fast(args.data, zones)
    else:
        out = run_dask(args.data, zones, args.workers, args.processes)
    out["wall_s"] = time.perf_counter() - t0
    out["self_maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


# --------------------------------------------------------------------------- parent side


def measure(cmd: list[str]) -> tuple[dict[str, Any], float]:
    """Run *cmd*; return its JSON result and the peak RSS (MiB) of its whole process tree."""
    import psutil

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            rss = 0
            for p in tree:
                with contextlib.suppress(psutil.NoSuchProcess):
                    rss += p.memory_info().rss
            peak = max(peak, rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[-1]} failed with exit code {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1]), peak / MIB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=1_000_000, help="number of 0.01° cells (default 1M)")
    parser.add_argument("--zones", type=int, default=50)
    parser.add_argument("--methods", default="overlay,fast,dask", help="comma list of overlay,fast,dask")
    parser.add_argument("--workers", type=int, default=2, help="dask workers (default 2)")
    parser.add_argument(
        "--threads", dest="processes", action="store_false", help="dask workers as threads, not processes"
    )
    parser.add_argument("--workdir", type=Path, help="where to write the GeoParquet (default: a temp folder)")
    parser.add_argument("--child", choices=["overlay", "fast", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--side-deg", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        data = Path(tmp) / "cells.parquet"
        t0 = time.perf_counter()
        side_deg = make_cells(args.cells, data)
        n = round(side_deg / CELL_DEG) ** 2
        print(f"{n:,} cells of {CELL_DEG}° × {args.zones} zones; data written in {time.perf_counter() - t0:.1f} s")
        print(f"dask: {args.workers} workers ({'processes' if args.processes else 'threads'}), 1 thread each")
        results: dict[str, tuple[dict[str, Any], float]] = {}
        for method in methods:
            cmd = [sys.executable, __file__, "--child", method, "--data", str(data),
                   "--side-deg", repr(side_deg), "--zones", str(args.zones), "--workers", str(args.workers)]
            if not args.processes:
                cmd.append("--threads")
            results[method] = measure(cmd)

    ref_name = "fast" if "fast" in results else methods[0]
    ref = np.array(results[ref_name][0]["values"])
    print(f"\n{'method':<8} {'wall s':>8} {'peak MiB':>9} {'assigned':>16} {'max rel diff':>13}")
    for method, (out, peak) in results.items():
        values = np.array(out["values"])
        rel = float(np.max(np.abs(values - ref) / np.maximum(np.abs(ref), 1e-300)))
        print(f"{method:<8} {out['wall_s']:>8.1f} {peak:>9.0f} {values.sum():>16.6f} {rel:>13.1e}")
        if "run_s" in out:
            print(f"{'':<8} {out['run_s']:>8.1f}  (dask: apportion alone, without starting the cluster)")
    if "overlay" in results:
        base = results["overlay"][0]["wall_s"]
        for method in ("fast", "dask"):
            if method in results:
                ratio = base / results[method][0]["wall_s"]
                goal = "  (goal ≥ 3×)" if method == "fast" else ""
                print(f"speed-up {method} vs geopandas.overlay: {ratio:.2f}×{goal}")
    if "dask" in results:
        peak_gib = results["dask"][1] / 1024
        print(f"dask peak memory (process tree): {peak_gib:.2f} GiB  (goal ≤ 1.6 GiB at 4M cells)")
    totals = {m: out["total_input"] for m, (out, _) in results.items()}
    print("total input:", ", ".join(f"{m} {t:.6f}" for m, t in totals.items()))


if __name__ == "__main__":
    main()
