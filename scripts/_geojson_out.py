"""Deterministic RFC 7946 GeoJSON output shared by the layer build scripts.

The build scripts (``build_countries.py``, ``build_roads.py``) import this module from
their own folder. It rounds coordinates to 5 decimals (about 1 m), orients polygon rings
as RFC 7946 asks (exterior counter-clockwise), writes one feature per line with a fixed
key order and no per-feature ``bbox``, and replaces the target file atomically (temporary
file in the same folder, then ``os.replace``). Running a script twice on the same input
gives byte-identical files.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

DECIMALS = 5


def round_geometry(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Return ``geom`` with every coordinate rounded to ``decimals`` places."""
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _listify(obj: Any) -> Any:
    if isinstance(obj, tuple | list):
        return [_listify(o) for o in obj]
    if isinstance(obj, float):
        # -0.0 and 0.0 must serialize the same way for byte-stable output.
        return 0.0 if obj == 0 else obj
    return obj


def geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    """Return the GeoJSON geometry mapping of ``geom`` with lists instead of tuples."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    raw = mapping(geom)
    return {"type": raw["type"], "coordinates": _listify(raw["coordinates"])}


def feature_json(properties: Mapping[str, Any], geom: BaseGeometry) -> str:
    """Return one GeoJSON Feature as a compact JSON string (keys in insertion order)."""
    feature = {
        "type": "Feature",
        "properties": dict(properties),
        "geometry": geometry_json(geom),
    }
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_feature_collection(
    path: Path,
    features: Iterable[tuple[Mapping[str, Any], BaseGeometry]],
    *,
    name: str,
) -> int:
    """Write features (sorted by ``id``) to ``path`` atomically; return the byte size.

    One feature per line keeps diffs readable; ``name`` is the collection's name member
    (a common GeoJSON extension that GDAL reads as the layer name).
    """
    ordered: Sequence[tuple[Mapping[str, Any], BaseGeometry]] = sorted(
        features, key=lambda f: str(f[0]["id"])
    )
    ids = [str(p["id"]) for p, _ in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate ids in {path.name}: {ids}")
    lines = [feature_json(p, g) for p, g in ordered]
    head = '{"type":"FeatureCollection","name":' + json.dumps(name) + ',"features":[\n'
    text = head + ",\n".join(lines) + "\n]}\n"
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(data)
