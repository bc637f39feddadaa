"""Helpers shared by the data-layer build scripts (``build_countries.py``, ``build_roads.py``).

The scripts import this module from their own folder. It rounds coordinates to 5
decimals (about 1 m), orients polygon rings as RFC 7946 asks (exterior counter-clockwise),
sorts features by id and hands them to :func:`geo_huallaga.layers.write`, the house
writer (deterministic GeoJSON, one feature per line, no per-feature ``bbox``, atomic
replace). Running a script twice on the same input gives byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

# The package is imported from the checkout the scripts live in.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DECIMALS = 5


def round_geometry(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Return ``geom`` with every coordinate rounded to ``decimals`` places."""
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def write_layer(
    path: Path,
    features: Iterable[tuple[Mapping[str, Any], BaseGeometry]],
) -> int:
    """Write features, sorted by ``id``, with the house writer; return the byte size.

    Polygon rings are oriented as RFC 7946 asks (exterior counter-clockwise) and
    coordinates are kept to ``DECIMALS`` places; :func:`geo_huallaga.layers.write` does
    the deterministic serialisation and the atomic replace.
    """
    import geopandas as gpd

    from geo_huallaga.layers import write

    ordered: Sequence[tuple[Mapping[str, Any], BaseGeometry]] = sorted(
        features, key=lambda f: str(f[0]["id"])
    )
    ids = [str(p["id"]) for p, _ in ordered]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"duplicate ids in {path.name}: {ids}")
    geoms = [
        shapely.orient_polygons(g, exterior_cw=False)
        if g.geom_type in ("Polygon", "MultiPolygon")
        else g
        for _, g in ordered
    ]
    frame = gpd.GeoDataFrame([dict(p) for p, _ in ordered], geometry=geoms, crs="EPSG:4326")
    write(frame, path, precision=DECIMALS, builtin_ok=True)
    return path.stat().st_size


def run_build(
    description: str,
    *,
    option: str,
    help_text: str,
    build: Callable[[Path], list[str]],
    fetch: Callable[[Path], Path],
) -> int:
    """Command-line driver shared by the build scripts; prints ``build``'s report lines.

    With ``option PATH`` the build reads that local copy of the pinned source; without
    it, ``fetch`` downloads the pinned source into a temporary folder first.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(option, type=Path, dest="path", help=help_text)
    args = parser.parse_args()
    if args.path is not None:
        report = build(args.path)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = build(fetch(Path(tmp)))
    print("\n".join(report))
    return 0
