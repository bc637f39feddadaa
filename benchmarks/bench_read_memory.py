"""Memory a vector file takes to read, as a multiple of its size on disk, per format.

The check that refuses a file too large for the memory available
(``geo_huallaga._files.READ_MEMORY_FACTOR``) multiplies the size on disk by a factor per
format; this measures the real factor so the stated one can be checked. It writes one
synthetic layer (150,000 small polygons with three attributes) in each format, then reads
each with ``layers.read`` in a fresh process and prints the peak resident memory growth
(``VmHWM``, Linux) divided by the file size, next to the factor the check uses.

Run: ``PYTHONPATH=. python benchmarks/bench_read_memory.py [N_FEATURES]``
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

_MEASURE = """
import os, sys
import geopandas, pyogrio, pyarrow  # imported first: only the read is measured
from geo_huallaga import layers
def peak():  # VmHWM: this process's peak resident memory (ru_maxrss would carry the parent's)
    line = next(x for x in open("/proc/self/status") if x.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024
before = peak()
layers.read(sys.argv[1])
print((peak() - before) / os.path.getsize(sys.argv[1]))
"""


def main() -> None:
    """Write the layer in every format, read each in a fresh process, print the factors."""
    import geopandas as gpd
    import numpy as np
    import shapely

    from geo_huallaga._files import READ_MEMORY_FACTOR

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    rng = np.random.default_rng(0)
    points = shapely.points(rng.uniform(-77, -75, n), rng.uniform(-10, -8, n))
    gdf = gpd.GeoDataFrame(
        {"id": np.arange(n), "ha": rng.uniform(0, 100, n), "name": [f"cell {i}" for i in range(n)]},
        geometry=shapely.buffer(points, 0.01, quad_segs=4), crs=4326,
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    print(f"{n:,} polygons; factor = peak memory growth while reading / size on disk")
    print(f"{'format':<10} {'size MiB':>9} {'measured':>9} {'stated':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".geojson", ".gpkg", ".fgb", ".parquet"):
            path = Path(tmp) / f"cells{suffix}"
            gdf.to_parquet(path) if suffix == ".parquet" else gdf.to_file(path, engine="pyogrio")
            done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], env=env,
                                  capture_output=True, text=True, check=True)
            stated = READ_MEMORY_FACTOR.get(suffix, READ_MEMORY_FACTOR[""])
            size = path.stat().st_size / 2**20
            print(f"{suffix:<10} {size:>9.1f} {float(done.stdout):>8.2f}x {stated:>6g}x")


if __name__ == "__main__":
    main()
