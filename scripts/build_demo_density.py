"""Regenerate layers/demo_coca_density.tif: a SYNTHETIC UNODC-like coca density raster.

UNODC and DEVIDA publish coca density (hectares of coca per km²) on 1 km and 5 km grids, but
only as figures in PDF reports: no openly licensed GeoTIFF exists. This invented one has the
same form so ``geo-huallaga overlay layers/demo_coca_density.tif --raster-unit ha-per-km2``
can be tried: EPSG:4326, 0.05° cells (about 5.5 km), float32 ha/km², nodata -9999 on a block
of cells standing for a cloud-covered scene (UNODC maps mark such areas "sin información").

Nothing in it is data: the density is smooth bumps (peak 6 ha/km²) around the same named coca
towns as the synthetic demo grid, over a background of 0.02 ha/km² over Peru's coca valleys'
box. The file's metadata says SYNTHETIC. Run from the checkout's top; the output is the same
bytes every run (deflate, no timestamps)::

    python scripts/build_demo_density.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from build_demo_grid import HOTSPOTS, SIGMA_DEG

from geo_huallaga import layers

OUT = Path(__file__).resolve().parent.parent / "layers" / "demo_coca_density.tif"

WEST, NORTH = -77.0, -7.5
CELL_DEG = 0.05
WIDTH, HEIGHT = 100, 120  # 77°W–72°W, 7.5°S–13.5°S
PEAK_HA_PER_KM2 = 6.0
BACKGROUND_HA_PER_KM2 = 0.02
NODATA = -9999.0
CLOUD = (slice(30, 36), slice(10, 18))  # rows, cols of the invented cloud-covered block

TAGS = {
    "SYNTHETIC": "yes: invented pattern, NOT UNODC or DEVIDA data; do not publish as data",
    "UNIT": "hectares of coca per km2 (ha/km2)",
    "SOURCE": "geo_huallaga scripts/build_demo_density.py",
}


def density() -> np.ndarray:
    cols = np.arange(WIDTH)
    rows = np.arange(HEIGHT)
    lon = WEST + (cols + 0.5) * CELL_DEG
    lat = NORTH - (rows + 0.5) * CELL_DEG
    x, y = np.meshgrid(lon, lat)
    d = np.full(x.shape, BACKGROUND_HA_PER_KM2)
    for towns in HOTSPOTS.values():
        for town in towns:
            p = layers.place(town)
            d += PEAK_HA_PER_KM2 * np.exp(-((x - p.lon) ** 2 + (y - p.lat) ** 2) / (2 * SIGMA_DEG**2))
    d = np.round(np.minimum(d, 100.0), 3).astype("float32")
    d[CLOUD] = NODATA
    return d


def main() -> None:
    profile = {
        "driver": "GTiff",
        "width": WIDTH,
        "height": HEIGHT,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:4326",
        "transform": Affine(CELL_DEG, 0.0, WEST, 0.0, -CELL_DEG, NORTH),
        "nodata": NODATA,
        "compress": "deflate",
        "tiled": False,
    }
    with layers.atomic_write(OUT, builtin_ok=True) as tmp, rasterio.open(tmp, "w", **profile) as ds:
        ds.write(density(), 1)
        ds.update_tags(**TAGS)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
