"""Page data that is compact and safe: polylines at 1e-5 degrees, JSON for ``<script>``, escaped names."""

from __future__ import annotations

import html as html_lib
import json
import math
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo_huallaga.errors import MapBuildError


def encode_polyline(lonlat: np.ndarray) -> str:
    """Encode ``(lon, lat)`` vertices as a Google polyline string at 1e-5 degrees.

    The string holds ``lat, lon`` pairs (the polyline convention, and Leaflet's order),
    each a zig-zag varint of the difference to the previous vertex in 5-bit chunks.

    Parameters
    ----------
    lonlat : ndarray, shape (n, 2)
        Longitudes and latitudes in degrees.

    Returns
    -------
    str
        ASCII text between ``?`` and ``~``.

    Examples
    --------
    The example from Google's polyline documentation (38.5, -120.2), (40.7, -120.95),
    (43.252, -126.453):

    >>> encode_polyline(np.array([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]]))
    '_p~iF~ps|U_ulLnnqC_mqNvxq`@'
    """
    return _encode_many(np.asarray(lonlat, dtype=float), np.array([0]))[0]


def _encode_many(lonlat: np.ndarray, starts: np.ndarray) -> list[str]:
    """Encode many runs of vertices at once; ``starts`` gives each run's first row."""
    n = len(lonlat)
    if n == 0:
        return ["" for _ in starts]
    q = np.round(lonlat[:, ::-1] * 1e5).astype(np.int64)  # lat, lon
    delta = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    delta[starts] = q[starts]
    v = delta.ravel()
    z = np.where(v < 0, ~(v << 1), v << 1).astype(np.int64)
    chunks = np.stack([(z >> (5 * k)) & 31 for k in range(7)], axis=1)
    nchunks = np.maximum(1, np.ceil(np.log2(z + 1) / 5).astype(np.int64))
    nchunks = np.where(z >= (1 << (5 * nchunks)), nchunks + 1, nchunks)
    idx = np.arange(7)[None, :]
    cont = idx < (nchunks[:, None] - 1)
    chars = (chunks | np.where(cont, 32, 0)) + 63
    keep = idx < nchunks[:, None]
    text = chars[keep].astype(np.uint8).tobytes().decode("ascii")
    ends_per_value = np.cumsum(nchunks)
    bounds = np.concatenate([[0], ends_per_value[2 * np.append(starts[1:], n) - 1]])
    return [text[bounds[i] : bounds[i + 1]] for i in range(len(starts))]


def _geometry_payload(geoms: np.ndarray) -> tuple[str, list[Any]]:
    """Per-feature type codes (A polygonal, L lineal, P point, 0 empty) and encoded parts."""
    types: list[str] = []
    out: list[Any] = [None] * len(geoms)
    polys: list[int] = []
    lines: list[int] = []
    for i, g in enumerate(geoms):
        if g is None or g.is_empty:
            types.append("0")
            out[i] = 0
            continue
        gt = g.geom_type
        if gt in ("Polygon", "MultiPolygon"):
            types.append("A")
            polys.append(i)
        elif gt in ("LineString", "MultiLineString", "LinearRing"):
            types.append("L")
            lines.append(i)
        elif gt == "Point":
            types.append("P")
            out[i] = [round(g.y, 5), round(g.x, 5)]
        elif gt == "MultiPoint":
            types.append("P")
            c = g.centroid if len(g.geoms) > 1 else g.geoms[0]
            out[i] = [round(c.y, 5), round(c.x, 5)]
        else:
            raise MapBuildError(f"cannot draw geometry type {gt} (feature {i})")
    if polys:
        parts, part_of = shapely.get_parts(geoms[polys], return_index=True)
        rings, ring_of = shapely.get_rings(parts, return_index=True)
        coords, coord_of = shapely.get_coordinates(rings, return_index=True)
        starts = np.searchsorted(coord_of, np.arange(len(rings)))
        encoded = _encode_many(coords, starts)
        nested: list[list[list[str]]] = [[] for _ in polys]
        last_part = -1
        for r, text in enumerate(encoded):
            p = int(ring_of[r])
            feature = nested[int(part_of[p])]
            if p != last_part:
                feature.append([])
                last_part = p
            feature[-1].append(text)
        for k, i in enumerate(polys):
            out[i] = nested[k]
    if lines:
        parts, part_of = shapely.get_parts(geoms[lines], return_index=True)
        coords, coord_of = shapely.get_coordinates(parts, return_index=True)
        starts = np.searchsorted(coord_of, np.arange(len(parts)))
        encoded = _encode_many(coords, starts)
        nested_l: list[list[str]] = [[] for _ in lines]
        for p, text in enumerate(encoded):
            nested_l[int(part_of[p])].append(text)
        for k, i in enumerate(lines):
            out[i] = nested_l[k]
    return "".join(types), out


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def script_json(obj: Any) -> str:
    r"""Serialise *obj* as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u`` escapes, so a value holding ``</script>`` cannot
    close the element; so do U+2028 and U+2029.

    Examples
    --------
    >>> script_json({"name": "</script><img src=x>"})
    '{"name":"\\u003c/script\\u003e\\u003cimg src=x\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _html_name(text: str) -> str:
    """Escape *text* for places Leaflet or folium treat as HTML or as a Jinja template.

    Examples
    --------
    >>> _html_name("<b>{{ 7*7 }}</b>")
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    return html_lib.escape(text).replace("{", "&#123;").replace("}", "&#125;")
