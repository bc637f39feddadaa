"""Regenerate ``layers/land.geojson``: the world land mask (Natural Earth 1:110m land).

Source: the npm package ``world-atlas@2.0.2`` (Mike Bostock; ISC licence for the package,
the data is Natural Earth vector 4.1.0, public domain), file ``land-110m.json`` (TopoJSON;
``objects.land``, one MultiPolygon of every continent and island at 1:110m, Antarctica
included).

Usage (from the repository root)::

    /work/venv/bin/python scripts/build_land.py
    # or, with an already unpacked copy:
    /work/venv/bin/python scripts/build_land.py --source /tmp/package/land-110m.json

Without ``--source`` the script runs ``npm pack world-atlas@2.0.2`` in a temporary folder
(the npm client downloads the published tarball and runs no package script), unpacks
``package/land-110m.json`` and checks its SHA-256 before use.

What it does: world-atlas draws its polygons for d3's spherical geometry: exterior rings
run clockwise, and the four parts that cross the antimeridian (Antarctica, Fiji,
Afro-Eurasia with Chukotka, Wrangel Island) jump from +180 to -180 inside one ring, which
read as planar lon/lat polygons cover the wrong side of the world. Each such part is turned
counter-clockwise and cut at the antimeridian with the ``antimeridian`` package
(``fix_polygon(..., fix_winding=False)``), which also closes Antarctica down to the South
Pole. Coordinates are rounded to 5 decimals, the result repaired with ``make_valid``
(polygonal parts only) and written as one MultiPolygon feature with the house writer.

The mask is used by :mod:`geo_huallaga.layers` to tell whether a point lies on land (the
"lat/lon swapped?" hint); it is not one of the catalogued layers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _geojson_out import run_build, write_layer
from build_countries import PACKAGE, check_sha256, fetch_source, polygonal

MEMBER = "package/land-110m.json"
SHA256 = "ead5f68119c49a9250902e7da303bcb209341bbb8fefe7369a439b48b704658a"
SOURCE = f"Natural Earth 1:110m land v4.1.0 (public domain), via npm {PACKAGE}"
OUT = Path(__file__).resolve().parent.parent / "layers" / "land.geojson"


def crosses_antimeridian(part: Polygon) -> bool:
    """Tell whether a ring of *part* jumps more than 180 degrees of longitude in one step."""
    x = np.asarray(part.exterior.coords)[:, 0]
    return bool(np.any(np.abs(np.diff(x)) > 180))


def cut_at_antimeridian(part: Polygon) -> list[Polygon]:
    """Turn a d3 (clockwise) spherical polygon counter-clockwise and cut it at +/-180."""
    import antimeridian

    ccw = Polygon(
        np.asarray(part.exterior.coords)[::-1],
        [np.asarray(r.coords)[::-1] for r in part.interiors],
    )
    fixed = antimeridian.fix_polygon(ccw, fix_winding=False)
    return [p for p in shapely.get_parts(fixed) if isinstance(p, Polygon)]


def build(source: Path) -> list[str]:
    """Build the mask from ``source``; return report lines."""
    check_sha256(source, SHA256)
    frame = pyogrio.read_dataframe(source, layer="land")
    parts: list[Polygon] = []
    cut = 0
    for geom in frame.geometry:
        for part in shapely.get_parts(geom):
            if crosses_antimeridian(part):
                parts.extend(cut_at_antimeridian(part))
                cut += 1
            else:
                parts.append(part)
    land = polygonal(MultiPolygon(parts))
    props = {"id": "land", "name": "Land", "source": SOURCE, "precision": "approximate"}
    size = write_layer(OUT, [(props, land)])
    n = len(shapely.get_parts(land))
    return [f"wrote {OUT} (1 feature, {n} polygons, {size} bytes); cut at the antimeridian: {cut} parts"]


def main() -> int:
    return run_build(
        __doc__.splitlines()[0],
        option="--source",
        help_text="an unpacked land-110m.json",
        build=build,
        fetch=lambda workdir: fetch_source(workdir, MEMBER),
    )


if __name__ == "__main__":
    raise SystemExit(main())
