"""Benchmark: a coca density raster (10,000 × 10,000 cells) apportioned to 200 district-sized zones.

Compares, on the same data (written once to tiled, deflated GeoTIFFs in a temporary folder):

* ``ours``         — ``cultivation_raster.raster_sums(..., raster_unit="ha-per-km2")``: density read by
  windows, × each cell's true (ellipsoidal) area, exact partial coverage with exactextract;
* ``ours-dask``    — the same with ``engine="dask"`` (windows in parallel on local threads);
* ``exactextract`` — the baseline: ``exact_extract(density.tif, zones, "weighted_sum",
  weights=cell_area.tif)`` called directly, the recipe that gives the same hectares (the cell-area
  raster is written beforehand, untimed);
* ``rasterstats-centre`` / ``rasterstats-touched`` — ``rasterstats.zonal_stats(zones, hectares.tif,
  stats="sum")`` with cell-centre and ``all_touched=True`` masking, on a raster of hectares per cell.

Each method runs in its own child process so its peak memory is its own (RSS of the whole process
tree sampled every 20 ms with psutil, as in ``bench_overlay.py``). Per-zone values are compared with
``ours`` (exact): exactextract must agree to 1e-6; rasterstats' errors are printed. Then the same
zones on UNODC-like 1 km (0.01°) and 5 km (0.05°) grids show rasterstats' error on real-sized
districts there.

Run from the checkout's top (``--size 2000`` takes seconds)::

    python benchmarks/bench_raster.py
    python benchmarks/bench_raster.py --size 2000 --methods ours,exactextract
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_overlay import ORIGIN, make_zones, measure  # same zones, same memory sampler

SIDE_DEG = 5.0  # the raster covers ORIGIN .. ORIGIN + 5° (Peru's coca belt latitudes)
N_ZONES = 200
METHODS = ("ours", "ours-dask", "exactextract", "rasterstats-centre", "rasterstats-touched")
BLOCK_ROWS = 512


# --------------------------------------------------------------------------- data


def _cell_area_rows(height: int, cell_deg: float) -> np.ndarray:
    from affine import Affine

    from geo_huallaga.cultivation_raster import cell_area_km2

    t = Affine(cell_deg, 0, ORIGIN[0], 0, -cell_deg, ORIGIN[1] + SIDE_DEG)
    return cell_area_km2("EPSG:4326", t, np.arange(height), np.zeros(height))


def write_rasters(folder: Path, size: int) -> dict[str, str]:
    """Write density (ha/km²), cell area (km²) and hectares-per-cell GeoTIFFs; return their paths."""
    import rasterio
    from affine import Affine

    cell = SIDE_DEG / size
    profile = {
        "driver": "GTiff", "width": size, "height": size, "count": 1, "dtype": "float32",
        "crs": "EPSG:4326", "transform": Affine(cell, 0, ORIGIN[0], 0, -cell, ORIGIN[1] + SIDE_DEG),
        "tiled": True, "blockxsize": 512, "blockysize": 512, "compress": "deflate", "nodata": -9999.0,
    }
    paths = {k: str(folder / f"{k}.tif") for k in ("density", "cell_area", "hectares")}
    area_rows = _cell_area_rows(size, cell)
    rng = np.random.default_rng(11)
    x = np.linspace(0, 6 * np.pi, size)
    with rasterio.open(paths["density"], "w", **profile) as d, rasterio.open(paths["cell_area"], "w", **profile) as a, \
            rasterio.open(paths["hectares"], "w", **profile) as h:
        for r0 in range(0, size, BLOCK_ROWS):
            rows = np.arange(r0, min(size, r0 + BLOCK_ROWS))
            y = rows[:, None] * (6 * np.pi / size)
            smooth = 4.0 * (1 + np.sin(x[None, :]) * np.cos(y))  # 0–8 ha/km²
            density = np.clip(smooth * rng.gamma(2.0, 0.5, (len(rows), size)), 0, 100).astype("float32")
            window = rasterio.windows.Window(0, r0, size, len(rows))
            area = np.broadcast_to(area_rows[rows][:, None], density.shape).astype("float32")
            d.write(density, 1, window=window)
            a.write(area, 1, window=window)
            h.write((density.astype(float) * area_rows[rows][:, None]).astype("float32"), 1, window=window)
    return paths


# --------------------------------------------------------------------------- methods (child side)


def run(method: str, paths: dict[str, str], zones_path: str) -> list[float]:
    import geopandas as gpd

    zones = gpd.read_file(zones_path)
    if method in ("ours", "ours-dask"):
        from geo_huallaga.cultivation_raster import raster_sums

        engine = "dask" if method == "ours-dask" else "geopandas"
        return [float(v) for v in raster_sums(paths["density"], zones, raster_unit="ha-per-km2", engine=engine).zone_ha]
    if method == "exactextract":
        from exactextract import exact_extract

        out = exact_extract(paths["density"], zones, ["weighted_sum"], weights=paths["cell_area"], output="pandas")
        return [float(v) for v in out["weighted_sum"]]
    from rasterstats import zonal_stats

    stats = zonal_stats(zones, paths["hectares"], stats="sum", all_touched=method == "rasterstats-touched")
    return [float(s["sum"] or 0.0) for s in stats]


def child(args: argparse.Namespace) -> None:
    paths = json.loads(args.paths)
    start = time.perf_counter()
    values = run(args.child, paths, args.zones_path)
    print(json.dumps({"seconds": time.perf_counter() - start, "values": values}))


# --------------------------------------------------------------------------- coarse grids


def coarse_errors(zones: Any, cell_deg: float) -> dict[str, tuple[float, float, int]]:
    """Return rasterstats' per-zone relative error against the exact area on an all-ones grid of cell_deg."""
    import rasterio
    from affine import Affine
    from rasterstats import zonal_stats

    from geo_huallaga.cultivation_raster import raster_sums

    size = round(SIDE_DEG / cell_deg)
    area = _cell_area_rows(size, cell_deg)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ones.tif"
        transform = Affine(cell_deg, 0, ORIGIN[0], 0, -cell_deg, ORIGIN[1] + SIDE_DEG)
        with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1, dtype="float64",
                           nodata=-9999.0, crs="EPSG:4326", transform=transform) as ds:
            ds.write(np.broadcast_to(area[:, None], (size, size)), 1)  # km² per cell
        exact = raster_sums(path, zones, raster_unit="ha-per-cell").zone_ha
        out = {}
        for name, touched in (("rasterstats-centre", False), ("rasterstats-touched", True)):
            got = np.array([s["sum"] or 0.0 for s in zonal_stats(zones, str(path), stats="sum", all_touched=touched)])
            rel = np.abs(got - exact) / exact
            out[name] = (float(np.median(rel)), float(rel.max()), int((rel > 0.10).sum()))
    return out


# --------------------------------------------------------------------------- parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="raster width and height in cells")
    parser.add_argument("--zones", type=int, default=N_ZONES)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    parser.add_argument("--zones-path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    methods = [m for m in args.methods.split(",") if m]
    zones = make_zones(SIDE_DEG, args.zones)
    area_km2 = zones.to_crs("ESRI:102033").area / 1e6
    print(f"raster {args.size:,} × {args.size:,} cells of {SIDE_DEG / args.size * 3600:.2f}″ (EPSG:4326); "
          f"{len(zones)} zones, median {np.median(area_km2):,.0f} km² (district-sized)")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = write_rasters(Path(tmp), args.size)
        zones_path = str(Path(tmp) / "zones.gpkg")
        zones.to_file(zones_path)
        print(f"data written in {time.perf_counter() - t0:.1f} s\n")
        results: dict[str, tuple[float, float, float, np.ndarray]] = {}
        for m in methods:
            cmd = [sys.executable, __file__, "--child", m, "--paths", json.dumps(paths), "--zones-path", zones_path]
            t = time.perf_counter()
            doc, peak = measure(cmd)
            results[m] = (doc["seconds"], time.perf_counter() - t, peak, np.array(doc["values"]))
    ref = results.get("ours")
    base = results.get("exactextract")
    print("compute s: the call itself (inside the child); wall s: the child process, imports included.")
    print(f"{'method':<22}{'compute s':>10}{'wall s':>8}{'peak MiB':>10}{'× exactextract':>16}"
          f"{'median err':>12}{'max err':>10}")
    for m, (secs, wall, peak, values) in results.items():
        ratio = f"{secs / base[0]:.2f}" if base else "—"
        if ref is not None:
            rel = np.abs(values - ref[3]) / ref[3]
            err = f"{np.median(rel):>12.2e}{rel.max():>10.2e}"
        else:
            err = ""
        print(f"{m:<22}{secs:>10.1f}{wall:>8.1f}{peak:>10.0f}{ratio:>16}{err}")
    if ref is not None and base is not None:
        agree = np.abs(base[3] - ref[3]) / ref[3]
        print(f"\nexactextract directly vs ours: max relative difference {agree.max():.1e} (same hectares)")
    print("\nrasterstats on UNODC-like grids, same zones (error vs the exact area; all-ones raster):")
    for cell in (0.01, 0.05):
        for name, (med, worst, over10) in coarse_errors(zones, cell).items():
            print(f"  {cell:.2f}° grid  {name:<20} median {100 * med:5.2f} %  max {100 * worst:6.1f} %  "
                  f"zones >10 %: {over10}")


if __name__ == "__main__":
    main()
