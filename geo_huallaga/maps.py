r"""Folium maps of the Huallaga: layers, legend, escaping, offline single-file HTML.

:func:`build_map` draws the built-in layers (or the GeoDataFrames you pass) on a
:class:`folium.Map`; :func:`add_layer` puts any GeoDataFrame or vector file on it as its own
toggleable layer; :func:`save_map` writes one HTML file that, by default, carries every
script, stylesheet, font and icon inline, so it opens with no network.

How the page stays small, safe and reproducible:

- geometries travel as Google-polyline strings at 1e-5 degrees (about 1 m) and properties as
  a column table, decoded by a small runtime in the page (``maps_runtime.js``); a layer with
  many features draws on a canvas;
- every property value reaches the page as JSON data and is shown with ``textContent``;
  names that Leaflet treats as HTML (layer names, the legend) are escaped here;
- element ids are numbered in document order instead of folium's random ones, so the same
  inputs give byte-identical HTML.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> gdf = gpd.GeoDataFrame({"name": ["<b>x</b>"]}, geometry=[Point(-76.0, -9.3)], crs=4326)
>>> m = build_map({"places": gdf}, layers=["places"])
>>> html = render_html(m)
>>> "<b>x</b>" in html, "\\u003cb\\u003ex\\u003c/b\\u003e" in html
(False, True)
>>> html == render_html(build_map({"places": gdf}, layers=["places"]))
True
"""

from __future__ import annotations

import html as html_lib
import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure
from folium.map import Layer
from folium.plugins import Fullscreen, MeasureControl

from geo_huallaga.errors import DataFileNotFoundError, MapBuildError

__all__ = [
    "BUILTIN_LAYERS",
    "PRECISION_RADIUS_KM",
    "LayerStyle",
    "add_cultivation",
    "add_layer",
    "asset_manifest",
    "build_map",
    "drawn_counts",
    "encode_polyline",
    "inline_assets",
    "layer_names",
    "layer_order",
    "reach_layer",
    "render_html",
    "routed_corridors",
    "save_map",
    "script_json",
    "skipped_layers",
]

ASSETS_DIR = Path(__file__).with_name("assets")
RUNTIME_JS = Path(__file__).with_name("maps_runtime.js")

#: The layers :func:`build_map` draws by default, bottom to top.
BUILTIN_LAYERS: tuple[str, ...] = (
    "countries",
    "coca_zones",
    "roads",
    "land_corridors",
    "sea_corridors",
    "air_corridors",
    "places",
    "airstrips",
)

#: Radius of the uncertainty circle drawn for a point whose ``precision`` is coarse. A
#: district in the Huallaga and Palcazu valleys covers roughly 300-1,500 km², i.e. the
#: radius of a circle of equal area is about 10-22 km; 15 km is stated in every tooltip.
PRECISION_RADIUS_KM: dict[str, float] = {"district": 15.0, "province": 40.0, "region": 100.0}

SEA_COLOUR = "#cfe0ea"
LAND_COLOUR = "#f4f1e8"
COCA_COLOURS: tuple[str, ...] = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
NODATA_COLOUR = "#d9d9d9"
#: Features above which a layer draws on a canvas instead of SVG.
CANVAS_MIN_FEATURES = 1000
#: (lon, lat) of the south-west and north-east corners the map opens on when it draws neither
#: coca zones nor airstrips: the Huallaga and Palcazu valleys.
HUALLAGA_BOUNDS = ((-77.5, -11.5), (-73.5, -7.0))

_PAGE_CSS = f"""
.folium-map.leaflet-container {{ background: {SEA_COLOUR}; }}
.gh-legend {{ background: #fff; padding: 6px 9px; font: 12px/1.35 system-ui, sans-serif;
  max-width: 260px; max-height: 60vh; overflow-y: auto; }}
.gh-legend h4 {{ font-size: 13px; margin: 4px 0 2px; }}
.gh-legend i {{ display: inline-block; width: 14px; height: 11px; margin-right: 5px;
  vertical-align: -1px; border: 1px solid #555; }}
.gh-legend i.gh-line {{ height: 0; border-width: 2px 0 0; border-style: solid; }}
.gh-legend i.gh-dot {{ border-radius: 50%; width: 10px; height: 10px; }}
.gh-legend .gh-note {{ color: #555; font-size: 11px; }}
.gh-popup {{ min-width: 240px; }}
.gh-popup table {{ border-collapse: collapse; font-size: 12px; width: 100%; }}
.gh-popup th {{ text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600;
  vertical-align: top; white-space: nowrap; }}
.gh-popup td {{ padding: 1px 0; white-space: pre-wrap; overflow-wrap: anywhere; }}
.gh-popup-title {{ font-weight: 700; margin-bottom: 4px; }}
"""


# --------------------------------------------------------------------------- encoding


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


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class LayerStyle:
    """How a layer is drawn: Leaflet path options, and for points a shape.

    Parameters
    ----------
    color, weight, opacity, fill_color, fill_opacity, dash_array :
        Leaflet path options (``fill_color`` defaults to ``color``).
    shape : {"dot", "marker", "circle"}
        Points as small circle markers, Font Awesome markers (``icon``, ``marker_color``),
        or circles whose radius in metres comes from the layer's ``radius_col``.
    radius_px : float
        Size of a ``dot``.

    Examples
    --------
    >>> LayerStyle(color="#123456").leaflet()["fillColor"]
    '#123456'
    """

    color: str = "#3366cc"
    weight: float = 2.0
    opacity: float = 0.9
    fill_color: str | None = None
    fill_opacity: float = 0.35
    dash_array: str | None = None
    shape: str = "dot"
    radius_px: float = 5.0
    icon: str = "circle"
    marker_color: str = "blue"

    def leaflet(self) -> dict[str, Any]:
        """Return the options the page runtime reads."""
        out: dict[str, Any] = {
            "shape": self.shape,
            "color": self.color,
            "weight": self.weight,
            "opacity": self.opacity,
            "fillColor": self.fill_color or self.color,
            "fillOpacity": self.fill_opacity,
        }
        if self.dash_array:
            out["dashArray"] = self.dash_array
        if self.shape == "dot":
            out["radius"] = self.radius_px
        if self.shape == "marker":
            out["icon"] = self.icon
            out["markerColor"] = self.marker_color
        return out


@dataclass
class _LegendEntry:
    label: str
    swatch: str  # "box", "line", "dot", "marker"
    color: str
    fill: str | None = None
    note: str = ""


@dataclass
class _LegendSection:
    title: str
    entries: list[_LegendEntry] = field(default_factory=list)
    note: str = ""
    year_select: bool = False


class _Raw(Element):
    """Text put in the page as it is.

    branca turns the output of a MacroElement's ``script`` macro into a new Jinja template
    and renders it again, so data holding ``{{ ... }}`` would be evaluated as a template.
    This element's text never goes through Jinja.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "GhRaw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _DataLayer(Layer):
    """A toggleable layer drawn by the page runtime from a compact JSON payload."""

    def __init__(self, payload: str, *, name: str, show: bool = True) -> None:
        super().__init__(name=_html_name(name), overlay=True, control=True, show=show)
        self._name = "GhLayer"
        self.payload = payload

    def render(self, **kwargs: Any) -> Any:
        js = f"var {self.get_name()} = ghHuallaga.layer({self.payload});"
        root: Any = self.get_root()
        root.script.add_child(_Raw(js), name=self.get_name())
        super().render(**kwargs)


class _Legend(folium.MacroElement):
    def __init__(self, html: str, years: Sequence[str], year: str | None) -> None:
        super().__init__()
        self._name = "GhLegend"
        self.args = ", ".join(script_json(x) for x in (html, list(years), year))

    def render(self, **kwargs: Any) -> Any:
        parent: Any = self._parent
        js = f"ghHuallaga.legend({parent.get_name()}, {self.args});"
        root: Any = self.get_root()
        root.script.add_child(_Raw(js), name=self.get_name())
        super().render(**kwargs)


def _html_name(text: str) -> str:
    """Escape *text* for places Leaflet or folium treat as HTML or as a Jinja template.

    Examples
    --------
    >>> _html_name("<b>{{ 7*7 }}</b>")
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    return html_lib.escape(text).replace("{", "&#123;").replace("}", "&#125;")


# --------------------------------------------------------------------------- layers


@dataclass
class _Drawn:
    """What :func:`build_map` drew: feature counts per layer key, for the CLI to report."""

    counts: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    legend: list[_LegendSection] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    year: str | None = None


def _check_gdf(data: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    if not isinstance(data, gpd.GeoDataFrame):
        raise MapBuildError(f"{what}: expected a GeoDataFrame, got {type(data).__name__}")
    if data.crs is None:
        raise MapBuildError(f"{what}: the GeoDataFrame has no CRS; set it (EPSG:4326?)")
    if not data.crs.equals("EPSG:4326"):
        data = data.to_crs(4326)
    return data


def _payload(
    key: str,
    name: str,
    gdf: gpd.GeoDataFrame,
    styles: Mapping[str, LayerStyle],
    *,
    cat: str | None = None,
    tip: Sequence[str] = ("name",),
    tip_extra: Sequence[str] | None = None,
    radius_col: str | None = None,
    choropleth: Mapping[str, Any] | None = None,
) -> str:
    """Build the JSON the page runtime draws from."""
    props = gdf.drop(columns=gdf.geometry.name)
    props = props.loc[:, [c for c in props.columns if props[c].notna().any()]]
    ordered = [c for c in ("name", "id") if c in props.columns]
    ordered += [c for c in props.columns if c not in ordered and c not in ("source", "precision")]
    ordered += [c for c in ("precision", "source") if c in props.columns]
    props = props[ordered]
    keys = [str(c) for c in props.columns]
    rows = [[_json_value(v) for v in row] for row in props.itertuples(index=False, name=None)]
    types, geom = _geometry_payload(np.asarray(gdf.geometry.values, dtype=object))

    def col(c: str | None) -> int | None:
        return keys.index(c) if c is not None and c in keys else None

    spec: dict[str, Any] = {
        "key": key,
        "name": name,
        "keys": keys,
        "rows": rows,
        "types": types,
        "geom": geom,
        "styles": {k: v.leaflet() for k, v in styles.items()},
        "cat": col(cat),
        "title": col("name"),
        "tip": [i for i in (col(c) for c in tip) if i is not None],
        "canvas": len(gdf) > CANVAS_MIN_FEATURES,
        "radiusCol": col(radius_col),
        "choropleth": None,
    }
    if tip_extra is not None:
        spec["tipExtra"] = list(tip_extra)
    if choropleth is not None:
        spec["choropleth"] = {
            "cols": {y: keys.index(c) for y, c in choropleth["cols"].items() if c in keys},
            "year": choropleth["year"],
            "breaks": choropleth["breaks"],
            "colors": list(COCA_COLOURS),
            "nodata": NODATA_COLOUR,
        }
    return script_json(spec)


def _count(gdf: gpd.GeoDataFrame) -> int:
    return int((~(gdf.geometry.isna() | gdf.geometry.is_empty)).sum())


def _nice(value: float) -> float:
    if value <= 0:
        return 0.0
    mag = 10 ** math.floor(math.log10(value))
    return float(round(value / mag, 1) * mag)


def _coca_layer(m: folium.Map, gdf: gpd.GeoDataFrame, year: int | None, drawn: _Drawn) -> None:
    cols = {c[3:]: c for c in gdf.columns if re.fullmatch(r"ha_\d{4}", str(c))}
    if not cols:
        raise MapBuildError("coca_zones: no ha_YYYY column to colour by")
    years = sorted(cols)
    if year is None:  # the latest of the years with figures for the most zones
        chosen = max(years, key=lambda y: (int(gdf[cols[y]].notna().sum()), y))
    else:
        chosen = str(year)
        if chosen not in cols:
            raise MapBuildError(f"no coca hectares for {year}; years in coca_zones: "
                                + ", ".join(years))
    breaks = _breaks(pd.concat([gdf[c] for c in cols.values()]).to_numpy(dtype=float))
    style = LayerStyle(color="#7f2704", weight=1.0, fill_opacity=0.7)
    _add(m, drawn, "coca_zones", "Coca zones (ha)", gdf, {"*": style},
         tip=("name", cols[chosen]),
         choropleth={"cols": cols, "year": chosen, "breaks": breaks})
    entries = _class_entries(breaks, " ha")
    entries.append(_LegendEntry("no figure for the year", "box", "#7f2704", NODATA_COLOUR))
    drawn.legend.append(_LegendSection("Coca zones, hectares in", entries, year_select=True,
                                       note="UNODC/DEVIDA monitoring; outlines approximate"))
    drawn.years, drawn.year = years, chosen


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:g}"


def _breaks(values: np.ndarray) -> list[float]:
    """Upper bounds of the first four of five classes: 10, 25, 50, 75 % of the largest value."""
    values = values[np.isfinite(values) & (values > 0)]
    top = float(values.max()) if len(values) else 0.0
    return sorted({_nice(top * f) for f in (0.1, 0.25, 0.5, 0.75)}) if top > 0 else [0.0]


def _class_entries(breaks: Sequence[float], unit: str) -> list[_LegendEntry]:
    lows = [0.0, *breaks]
    return [
        _LegendEntry(f"{_fmt(lo)}–{_fmt(hi)}{unit}" if i < len(breaks) else f"> {_fmt(lo)}{unit}",
                     "box", "#7f2704", COCA_COLOURS[min(i, len(COCA_COLOURS) - 1)])
        for i, (lo, hi) in enumerate(zip(lows, [*breaks, math.inf], strict=True))
    ]


def _add(
    m: folium.Map,
    drawn: _Drawn,
    key: str,
    name: str,
    gdf: gpd.GeoDataFrame,
    styles: Mapping[str, LayerStyle],
    **kwargs: Any,
) -> None:
    payload = _payload(key, name, gdf, styles, **kwargs)
    _DataLayer(payload, name=name).add_to(m)
    drawn.counts[key] = _count(gdf)
    drawn.names[key] = name


def _airstrips_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    gdf = gdf.copy()
    precision = gdf["precision"] if "precision" in gdf.columns else pd.Series("", index=gdf.index)
    radius_km = precision.map(PRECISION_RADIUS_KM).astype(float)
    if "uncertainty_km" in gdf.columns:
        radius_km = gdf["uncertainty_km"].astype(float).fillna(radius_km)
    gdf["uncertainty_radius_km"] = radius_km
    gdf["_radius_m"] = radius_km * 1000.0
    coarse = radius_km.notna()
    status = gdf["status"].astype("string") if "status" in gdf.columns else None
    gdf["_drawn_as"] = np.where(coarse, "circle", "marker")
    extra = [
        f"± {r:g} km ({p} precision, not an exact site)" if c else ""
        for r, p, c in zip(radius_km, precision, coarse, strict=True)
    ]
    styles = {
        "marker": LayerStyle(shape="marker", icon="plane", marker_color="blue"),
        "circle": LayerStyle(shape="circle", color="#b10026", weight=2, fill_opacity=0.12,
                             dash_array="6 4"),
        "*": LayerStyle(shape="marker", icon="plane", marker_color="blue"),
    }
    _add(m, drawn, "airstrips", "Airstrips", gdf, styles, cat="_drawn_as",
         tip=("name", "icao", "status"), tip_extra=extra, radius_col="_radius_m")
    entries = [_LegendEntry("authorized aerodrome", "marker", "#38aadd")]
    if bool(coarse.any()):
        radii = ", ".join(sorted({f"{r:g} km" for r in radius_km[coarse]}))
        what = "clandestine strip" if status is not None else "strip"
        entries.append(_LegendEntry(f"{what}: somewhere in this circle (radius {radii}, "
                                    "district precision)", "dot", "#b10026", "#fde0e4"))
    drawn.legend.append(_LegendSection("Airstrips", entries))


def _places_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    styles = {
        "port": LayerStyle(shape="marker", icon="anchor", marker_color="darkblue"),
        "town": LayerStyle(shape="dot", color="#333333", fill_color="#ffffff", weight=2,
                           fill_opacity=1.0, radius_px=4),
        "destination": LayerStyle(shape="dot", color="#6a3d9a", fill_color="#cab2d6", weight=2,
                                  fill_opacity=1.0, radius_px=6),
        "*": LayerStyle(shape="dot", color="#333333", fill_color="#ffffff", fill_opacity=1.0,
                        radius_px=4),
    }
    cat = "kind" if "kind" in gdf.columns else None
    _add(m, drawn, "places", "Places and ports", gdf, styles, cat=cat, tip=("name", "kind"))
    drawn.legend.append(_LegendSection("Places", [
        _LegendEntry("town", "dot", "#333333", "#ffffff"),
        _LegendEntry("port", "marker", "#0067a3"),
        _LegendEntry("destination abroad", "dot", "#6a3d9a", "#cab2d6"),
    ]))


CORRIDOR_STYLES: dict[str, tuple[str, LayerStyle]] = {
    "land": ("Land corridors", LayerStyle(color="#8c510a", weight=4, opacity=0.85)),
    "sea": ("Sea corridors", LayerStyle(color="#01665e", weight=3, opacity=0.85,
                                        dash_array="8 6")),
    "air": ("Air corridors (great circles)", LayerStyle(color="#c51b7d", weight=3,
                                                        opacity=0.9, dash_array="2 6")),
}


def air_arcs(gdf: gpd.GeoDataFrame, *, spacing_km: float = 20.0) -> gpd.GeoDataFrame:
    """Replace each air corridor's geometry by the geodesic between its two ends.

    The corridor layer may carry a hand-drawn straight line; an aircraft flies the geodesic,
    which :func:`geo_huallaga.geodesy.great_circle` traces. Adds ``distance_km``.

    Parameters
    ----------
    gdf : GeoDataFrame
        Lines in EPSG:4326.
    spacing_km : float
        Largest gap between vertices of the traced arc.

    Returns
    -------
    GeoDataFrame
        A copy with great-circle geometries and a ``distance_km`` column.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> g = gpd.GeoDataFrame(geometry=[LineString([(-75.15, -10.183), (-72.68, -7.63)])],
    ...                      crs=4326)
    >>> round(float(air_arcs(g)["distance_km"].iloc[0]))
    392
    """
    from geo_huallaga import geodesy

    out = gdf.copy()
    geoms = []
    dist = []
    for g in out.geometry:
        coords = shapely.get_coordinates(g)
        (lon1, lat1), (lon2, lat2) = coords[0], coords[-1]
        geoms.append(geodesy.great_circle(lon1, lat1, lon2, lat2, spacing_km=spacing_km))
        dist.append(round(float(geodesy.distance_km(lon1, lat1, lon2, lat2)), 1))
    out = out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=out.crs))
    out["distance_km"] = dist
    return out


def _aircraft_for(means: Any) -> str | None:
    """Return the first built-in aircraft a corridor's ``means`` names ("Cessna 210/206")."""
    from geo_huallaga import aircraft

    text = re.sub(r"[\s_]+", "-", str(means or "").lower())
    found = [(text.find(a), a) for a in aircraft.available() if a in text]
    return min(found)[1] if found else None


def routed_corridors(gdf: gpd.GeoDataFrame, *, roads: Any = None) -> gpd.GeoDataFrame:
    """Trace each corridor the way it is travelled, with :func:`geo_huallaga.routing.route`.

    Land corridors follow the built-in road network (or *roads*, anything
    :func:`geo_huallaga.routing.road_network` takes), sea corridors the shipping lanes, air
    corridors the geodesic flown by the aircraft their ``means`` names (routing's default
    aircraft otherwise). Adds ``length_km``, ``time_h``, ``routed_as``; a corridor whose ends
    cannot be routed keeps its drawn line (air: the geodesic between its ends) and says why
    in ``routed_as``.

    Parameters
    ----------
    gdf : GeoDataFrame
        Corridors with ``mode``, ``from`` and ``to`` (place names, ids or ICAO codes).
    roads : optional
        The roads land corridors follow; default the built-in network.

    Returns
    -------
    GeoDataFrame
        A copy, one feature per corridor.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> c = routed_corridors(gpd.GeoDataFrame(
    ...     {"mode": ["air"], "from": ["SPEN"], "to": ["Cobija"], "means": ["Cessna 206"]},
    ...     geometry=[LineString([(-75.15, -10.183), (-68.77, -11.03)])], crs=4326))
    >>> c["routed_as"].iloc[0], round(float(c["length_km"].iloc[0]))
    ('air: Cessna 206H Stationair', 704)
    """
    from geo_huallaga import routing
    from geo_huallaga.errors import GeoHuallagaError

    out = gdf.copy()
    geoms = list(out.geometry)
    length_km: list[float | None] = []
    time_h: list[float | None] = []
    routed_as: list[str] = []
    for i, row in enumerate(out.to_dict("records")):
        mode = str(row.get("mode"))
        options: dict[str, Any] = {}
        if mode == "air" and (plane := _aircraft_for(row.get("means"))) is not None:
            options["aircraft"] = plane
        if mode == "land" and roads is not None:
            options["roads"] = roads
        try:
            route = routing.route(row.get("from"), row.get("to"), mode=mode, **options)
        except GeoHuallagaError as err:
            if mode == "air":
                arc = air_arcs(out.iloc[[i]])
                geoms[i] = arc.geometry.iloc[0]
                length_km.append(float(arc["distance_km"].iloc[0]))
            else:
                length_km.append(None)
            time_h.append(None)
            routed_as.append(f"not routed ({err}); drawn as in the layer")
            continue
        geoms[i] = route.geometry
        length_km.append(round(route.length_km, 1))
        time_h.append(round(route.time_h, 2))
        main = [leg.means for leg in route.legs if not leg.access] or [route.legs[0].means]
        routed_as.append(f"{mode}: " + ", ".join(dict.fromkeys(main)))
    out = out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=out.crs))
    out["length_km"] = length_km
    out["time_h"] = time_h
    out["routed_as"] = routed_as
    return out


def _corridor_tip(row: Mapping[str, Any]) -> str:
    parts = []
    km = row.get("length_km", row.get("distance_km"))
    if km is not None and not pd.isna(km):
        parts.append(f"{float(km):,.0f} km")
    hours = row.get("time_h")
    if hours is not None and not pd.isna(hours):
        parts.append(f"{float(hours):.1f} h" + (" flight" if row.get("mode") == "air" else ""))
    how = str(row.get("routed_as") or "")
    if how and not how.startswith("not routed"):
        parts.append(how.split(": ", 1)[-1])
    return " · ".join(parts)


def _corridor_layers(
    m: folium.Map, gdf: gpd.GeoDataFrame, wanted: Sequence[str], drawn: _Drawn
) -> None:
    if "mode" not in gdf.columns:
        raise MapBuildError("corridors: no 'mode' column (land|air|sea)")
    section = _LegendSection("Corridors")
    for mode in ("land", "sea", "air"):
        key = f"{mode}_corridors"
        if key not in wanted:
            continue
        part = gdf[gdf["mode"] == mode]
        if part.empty:
            continue
        if mode == "air" and "routed_as" not in part.columns:
            part = air_arcs(part)
        name, style = CORRIDOR_STYLES[mode]
        extra = [_corridor_tip(row) for row in part.to_dict("records")]
        _add(m, drawn, key, name, part, {"*": style}, tip=("name",), tip_extra=extra)
        section.entries.append(_LegendEntry(name.lower(), "line", style.color))
    if section.entries:
        drawn.legend.append(section)


def _countries_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    style = LayerStyle(color="#9e9e9e", weight=0.8, fill_color=LAND_COLOUR, fill_opacity=1.0)
    _add(m, drawn, "countries", "Countries", gdf, {"*": style}, tip=("name",))


def _roads_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    style = LayerStyle(color="#999999", weight=1.5, opacity=0.8)
    _add(m, drawn, "roads", "Roads", gdf, {"*": style}, tip=("name", "ref"))
    drawn.legend.append(_LegendSection("Roads", [_LegendEntry("road", "line", "#999999")]))


def add_layer(
    m: folium.Map,
    data: gpd.GeoDataFrame | str | os.PathLike[str],
    *,
    name: str | None = None,
    style: LayerStyle | None = None,
    show: bool = True,
    value_col: str | None = None,
) -> int:
    """Add a GeoDataFrame or any vector file to *m* as its own toggleable layer.

    Its properties appear in popups, escaped; the first of ``name``/``id`` is the tooltip.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`build_map` (or any folium map: the runtime is added if missing).
    data : GeoDataFrame or path
        Any CRS (reprojected to EPSG:4326) or any file :func:`geo_huallaga.layers.load` reads.
    name : str, optional
        Name in the layer control and legend; default the file name.
    style : LayerStyle, optional
        How to draw it; default orange lines, outlines and dots.
    show : bool
        Shown when the page opens.
    value_col : str, optional
        Colour polygons by this numeric column (five classes), e.g. hectares of cultivation.

    Returns
    -------
    int
        The number of features drawn.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> m = build_map({}, layers=[])
    >>> g = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[Point(-76, -9), Point(-75, -9)],
    ...                      crs=4326)
    >>> add_layer(m, g, name="My points")
    2
    """
    if isinstance(data, gpd.GeoDataFrame):
        gdf = _check_gdf(data, name or "layer")
        label = name or "User layer"
    else:
        from geo_huallaga import layers

        gdf = layers.load(data)
        label = name or Path(data).name
    _ensure_runtime(m)
    drawn = _drawn_of(m)
    n_user = sum(1 for k in drawn.counts if k.startswith("user_"))
    key = f"user_{n_user + 1}"
    style = style or LayerStyle(color="#e66101", fill_opacity=0.25, radius_px=5)
    tip = tuple(c for c in ("name", "id") if c in gdf.columns)[:1]
    choropleth = None
    if value_col is not None:
        if value_col not in gdf.columns:
            raise MapBuildError(f"{label}: no column {value_col!r}; columns: "
                                + ", ".join(str(c) for c in gdf.columns if c != gdf.geometry.name))
        values = pd.to_numeric(gdf[value_col], errors="coerce")
        if values.isna().all():
            raise MapBuildError(f"{label}: column {value_col!r} holds no numbers")
        breaks = _breaks(values.to_numpy(dtype=float))
        choropleth = {"cols": {value_col: value_col}, "year": value_col, "breaks": breaks}
        tip = (*tip, value_col)
    payload = _payload(key, label, gdf, {"*": style}, tip=tip, choropleth=choropleth)
    _DataLayer(payload, name=label, show=show).add_to(m)
    drawn.counts[key] = _count(gdf)
    drawn.names[key] = label
    if choropleth is not None:
        drawn.legend.append(_LegendSection(f"{label}: {value_col}",
                                           _class_entries(breaks, "")))
    else:
        swatch = ("line" if set(gdf.geom_type.dropna()) <= {"LineString", "MultiLineString"}
                  else "box")
        drawn.legend.append(_LegendSection(label, [
            _LegendEntry("your layer", swatch, style.color, style.fill_color or style.color)]))
    return drawn.counts[key]


#: A cultivation layer with more cells than this is drawn only as its zone totals.
MAX_CULTIVATION_CELLS = 20_000


def add_cultivation(
    m: folium.Map,
    cultivation: gpd.GeoDataFrame | str | os.PathLike[str],
    *,
    value_col: str,
    zones: gpd.GeoDataFrame | str = "coca_zones",
    name: str | None = None,
) -> dict[str, int]:
    """Draw a cultivation layer and its totals per zone (area-weighted, by the overlay module).

    The zone totals come from :func:`geo_huallaga.cultivation.apportion`; the cells are drawn
    too when there are at most :data:`MAX_CULTIVATION_CELLS` of them.

    Parameters
    ----------
    m : folium.Map
        The map.
    cultivation : GeoDataFrame or path
        Grid cells or polygons with a numeric *value_col* (e.g. hectares), or ``"demo"`` for
        the shipped SYNTHETIC demo grid (:func:`geo_huallaga.cultivation.demo_grid_path`).
    value_col : str
        The column to colour by and to apportion.
    zones : GeoDataFrame or str
        The zones to total in; default the built-in coca zones.
    name : str, optional
        Layer name; default the file name.

    Returns
    -------
    dict of str to int
        Features drawn per new layer key.

    Examples
    --------
    >>> from geo_huallaga import cultivation
    >>> m = build_map({}, layers=[])
    >>> add_cultivation(m, "demo", value_col="ha_2005")
    {'user_1': 463, 'user_2': 5}
    """
    from geo_huallaga import cultivation as cultivation_mod
    from geo_huallaga import layers

    if not isinstance(cultivation, gpd.GeoDataFrame) and os.fspath(cultivation) == cultivation_mod.DEMO_GRID:
        cultivation = cultivation_mod.demo_grid_path()

    cells = cultivation if isinstance(cultivation, gpd.GeoDataFrame) else layers.load(cultivation)
    label = name or ("cultivation" if isinstance(cultivation, gpd.GeoDataFrame)
                     else Path(cultivation).name)
    result = cultivation_mod.apportion(cells, zones, value_col=value_col)
    before = set(_drawn_of(m).counts)
    if len(cells) <= MAX_CULTIVATION_CELLS:
        add_layer(m, cells, name=f"{label} (cells)", value_col=value_col,
                  style=LayerStyle(color="#7f2704", weight=0.3, fill_opacity=0.6))
    totals = result.zones.rename(columns={"value": value_col})
    totals["source"] = (f"{label}, apportioned to the zones by area (equal-area CRS, "
                        "geo_huallaga.cultivation)")
    totals["precision"] = "area-weighted"
    add_layer(m, totals, name=f"{label}: total per zone", value_col=value_col,
              style=LayerStyle(color="#000000", weight=2, fill_opacity=0.5))
    return {k: v for k, v in _drawn_of(m).counts.items() if k not in before}


# --------------------------------------------------------------------------- the map


def _drawn_of(m: folium.Map) -> _Drawn:
    drawn = getattr(m, "_gh_drawn", None)
    if drawn is None:
        drawn = _Drawn()
        m._gh_drawn = drawn  # type: ignore[attr-defined]
    return drawn


def _ensure_runtime(m: folium.Map) -> None:
    root: Any = m.get_root()
    if "gh_runtime" not in root.header._children:
        js = RUNTIME_JS.read_text(encoding="utf-8")
        root.header.add_child(_Raw(f"<script>{js}</script>"), name="gh_runtime")
        root.header.add_child(_Raw(f"<style>{_PAGE_CSS}</style>"), name="gh_css")


def layer_order(key: str) -> int:
    """Position of a layer key in the drawing order (user layers last), for listings.

    Examples
    --------
    >>> sorted(["airstrips", "user_1", "countries"], key=layer_order)
    ['countries', 'airstrips', 'user_1']
    """
    order = (*BUILTIN_LAYERS[:2], "reach", *BUILTIN_LAYERS[2:])
    return order.index(key) if key in order else len(order)


def reach_layer(specs: Sequence[tuple[str, str, float]]) -> gpd.GeoDataFrame:
    """Reach areas to draw, one per ``(origin, aircraft_id, hours)``.

    The areas come from :func:`geo_huallaga.aircraft.reach_area` (a geodesic ring of the
    still-air distance flown in that time, capped by fuel); this gathers them into one layer.

    Parameters
    ----------
    specs : sequence of (str, str, float)
        Origin (place name, ICAO code or "LAT,LON"), aircraft id, airborne hours.

    Returns
    -------
    GeoDataFrame
        One polygon per spec, EPSG:4326, with ``radius_km`` and ``limited_by``.

    Examples
    --------
    >>> r = reach_layer([("SPEN", "cessna-210", 2.0)])
    >>> r["name"].iloc[0], r["limited_by"].iloc[0]
    ('cessna-210 from Iscozacín aerodrome, 2 h', 'hours')
    """
    from geo_huallaga import aircraft, layers

    rows = []
    geoms = []
    for origin, aircraft_id, hours in specs:
        place = layers.place(origin)
        area = aircraft.reach_area(place, aircraft=aircraft_id, hours=hours)
        geoms.append(area.geometry)
        rows.append({
            "name": f"{aircraft_id} from {place.name}, {hours:g} h",
            "origin": place.name,
            "aircraft": aircraft_id,
            "hours": hours,
            "radius_km": round(area.radius_km, 1),
            "limited_by": area.limited_by,
            "source": "geo_huallaga.aircraft flight model (still air)",
            "precision": "model",
        })
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)


def skipped_layers(m: folium.Map) -> list[str]:
    """Built-in layers the default map left out because their files are not installed.

    Examples
    --------
    >>> skipped_layers(build_map({}, layers=[]))
    []
    """
    return list(_drawn_of(m).skipped)


def layer_names(m: folium.Map) -> dict[str, str]:
    """Names (as in the layer control) of the layers drawn, by key.

    Examples
    --------
    >>> layer_names(build_map({}, layers=[]))
    {}
    """
    return dict(_drawn_of(m).names)


def drawn_counts(m: folium.Map) -> dict[str, int]:
    """Features drawn per layer key on a map from :func:`build_map`.

    Examples
    --------
    >>> drawn_counts(build_map({}, layers=[]))
    {}
    """
    return dict(_drawn_of(m).counts)


def build_map(
    data: Mapping[str, gpd.GeoDataFrame] | None = None,
    *,
    layers: Sequence[str] | None = None,
    year: int | None = None,
    add: Iterable[gpd.GeoDataFrame | str | os.PathLike[str]] = (),
    online: bool = False,
    route_corridors: bool = True,
    title: str = "Huallaga: coca, airstrips and corridors",
    roads: Any = None,
) -> folium.Map:
    """Build the Huallaga map: basemap, coca zones, airstrips, places, corridors, legend.

    Parameters
    ----------
    data : mapping of str to GeoDataFrame, optional
        Layers to draw instead of the built-in ones, by name (``countries``, ``coca_zones``,
        ``roads``, ``places``, ``airstrips``, ``corridors``, or ``reach`` for reach areas).
        A built-in layer missing from *data* is loaded with :func:`geo_huallaga.layers.load`.
    layers : sequence of str, optional
        Keys to draw, from :data:`BUILTIN_LAYERS` (plus ``reach``); default all of them
        (``reach`` only when *data* holds it). ``corridors`` means the three corridor layers.
    year : int, optional
        Year of the coca hectares to colour by; default the latest year with figures.
        The page offers the other years too.
    add : iterable of GeoDataFrame or path
        User layers, each drawn as its own layer (see :func:`add_layer`).
    online : bool
        Add OpenStreetMap tiles as a base layer (they need the network).
    route_corridors : bool
        Trace the corridors along roads, sea lanes and geodesics (:func:`routed_corridors`);
        ``False`` draws them as the layer has them (air corridors still as geodesics).
    title : str
        The page title.
    roads : optional
        The roads land corridors are traced on (see :func:`routed_corridors`).

    Returns
    -------
    folium.Map
        Displays inline in Jupyter; write it with :func:`save_map`.

    Raises
    ------
    MapBuildError
        An unknown layer key, a year with no figures, a layer that cannot be drawn.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> pts = gpd.GeoDataFrame({"name": ["Tingo María"], "kind": ["town"]},
    ...                        geometry=[Point(-76.0006, -9.2981)], crs=4326)
    >>> m = build_map({"places": pts}, layers=["places"])
    >>> drawn_counts(m)
    {'places': 1}
    """
    data = dict(data or {})
    known = (*BUILTIN_LAYERS, "reach", "corridors")
    wanted = list(BUILTIN_LAYERS) if layers is None else list(layers)
    if layers is None and "reach" in data:
        wanted.append("reach")
    if "corridors" in wanted:
        wanted = [w for w in wanted if w != "corridors"]
        wanted += ["land_corridors", "sea_corridors", "air_corridors"]
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise MapBuildError(f"unknown map layer(s) {', '.join(unknown)}; known: "
                            + ", ".join(known))

    def get(name: str) -> gpd.GeoDataFrame | None:
        if name in data:
            return _check_gdf(data[name], name)
        from geo_huallaga import layers as layers_mod

        try:
            return layers_mod.load(name)
        except DataFileNotFoundError:
            if layers is not None:  # asked for by name: say so
                raise
            drawn.skipped.append(name)  # the default map draws what is installed
            return None

    sw, ne = HUALLAGA_BOUNDS
    m = _HuallagaMap(
        location=[(sw[1] + ne[1]) / 2, (sw[0] + ne[0]) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
    )
    root: Any = m.get_root()
    root.title = _html_name(title)
    _ensure_runtime(m)
    drawn = _drawn_of(m)
    if online:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True
        ).add_to(m)
    focus: list[tuple[float, float, float, float]] = []
    if "countries" in wanted and (gdf := get("countries")) is not None:
        _countries_layer(m, gdf, drawn)
    if "coca_zones" in wanted and (gdf := get("coca_zones")) is not None:
        _coca_layer(m, gdf, year, drawn)
        focus.append(tuple(gdf.total_bounds))
    if "reach" in wanted and (reach := get("reach")) is not None:
        style = LayerStyle(color="#2c7fb8", weight=1.5, fill_opacity=0.08, dash_array="4 4")
        _add(m, drawn, "reach", "Reach areas", reach, {"*": style}, tip=("name",))
        drawn.legend.append(_LegendSection("Reach", [
            _LegendEntry("reachable in the hours given (still air, fuel-capped)", "box",
                         "#2c7fb8", "#deebf7")]))
    if "roads" in wanted and (gdf := get("roads")) is not None:
        _roads_layer(m, gdf, drawn)
    corridor_keys = [w for w in wanted if w.endswith("_corridors")]
    if corridor_keys and (gdf := get("corridors")) is not None:
        if route_corridors:
            gdf = routed_corridors(gdf, roads=roads)
        _corridor_layers(m, gdf, corridor_keys, drawn)
    if "places" in wanted and (gdf := get("places")) is not None:
        _places_layer(m, gdf, drawn)
    if "airstrips" in wanted and (gdf := get("airstrips")) is not None:
        _airstrips_layer(m, gdf, drawn)
        focus.append(tuple(gdf.total_bounds))
    for item in add:
        add_layer(m, item)
    # Open on the coca zones and airstrips (the valleys), not on Rotterdam.
    if focus:
        arr = np.array(focus, dtype=float)
        sw = (round(float(arr[:, 0].min()), 4), round(float(arr[:, 1].min()), 4))
        ne = (round(float(arr[:, 2].max()), 4), round(float(arr[:, 3].max()), 4))
    m.fit_bounds([[sw[1], sw[0]], [ne[1], ne[0]]])
    Fullscreen(position="topleft").add_to(m)
    MeasureControl(position="topleft", primary_length_unit="kilometers",
                   secondary_length_unit="miles", primary_area_unit="hectares").add_to(m)
    return m


def _legend_html(drawn: _Drawn) -> str:
    esc = html_lib.escape
    out = []
    for sec in drawn.legend:
        title = esc(sec.title)
        if sec.year_select:
            title += (f' <span id="gh-legend-year-label">{esc(drawn.year or "")}</span>'
                      '<span id="gh-legend-year-select"></span>')
        out.append(f"<h4>{title}</h4>")
        for e in sec.entries:
            cls = {"line": "gh-line", "dot": "gh-dot", "marker": "gh-dot"}.get(e.swatch, "")
            css = (f"border-color:{esc(e.color)}" if e.swatch == "line"
                   else f"border-color:{esc(e.color)};background:{esc(e.fill or e.color)}")
            out.append(f'<div><i class="{cls}" style="{css}"></i>{esc(e.label)}</div>')
        if sec.note:
            out.append(f'<div class="gh-note">{esc(sec.note)}</div>')
    return '<details open><summary><b>Legend</b></summary>' + "".join(out) + "</details>"


# --------------------------------------------------------------------------- writing


@lru_cache(maxsize=1)
def asset_manifest() -> dict[str, Any]:
    """Return the vendored-asset manifest (``assets/manifest.json``): CDN URL → files, licence.

    Examples
    --------
    >>> man = asset_manifest()
    >>> man["urls"]["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]["files"][0]
    'leaflet-1.9.3/leaflet.js'
    """
    try:
        text = (ASSETS_DIR / "manifest.json").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise MapBuildError(
            f"{ASSETS_DIR / 'manifest.json'} is missing; run scripts/vendor_assets.py") from err
    result: dict[str, Any] = json.loads(text)
    return result


def _inline_asset(url: str, kind: str) -> str:
    entry = asset_manifest()["urls"].get(url)
    if entry is None:
        raise MapBuildError(
            f"no vendored copy of {url}: the offline map cannot include it. Add the package "
            "to scripts/vendor_assets.py and re-run it, or save with offline=False")
    if not entry["files"]:  # e.g. glyphicons: not on npm, and no geo_huallaga map uses them
        return ""
    text = "\n".join((ASSETS_DIR / f).read_text(encoding="utf-8") for f in entry["files"])
    if kind == "js":
        return "<script>" + re.sub(r"</(script)", r"<\\/\1", text, flags=re.I) + "</script>"
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", text, flags=re.I) + "</style>"


_SCRIPT_LINK = re.compile(r'<script src="(https?://[^"]+)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="(https?://[^"]+)"/>')


def _stabilise_ids(m: folium.Map) -> None:
    """Give every element an id numbered in document order instead of folium's random hex."""
    root: Any = m.get_root()
    counter = 0

    def walk(el: Element) -> None:
        nonlocal counter
        el._id = f"{counter:x}"
        counter += 1
        for child in list(el._children.values()):
            walk(child)

    walk(root)
    for part in (root.header, root.html, root.script):
        walk(part)


def render_html(m: folium.Map, *, offline: bool = True) -> str:
    """Render *m* as one HTML page with stable ids; offline, every asset is inlined.

    Parameters
    ----------
    m : folium.Map
        The map.
    offline : bool
        Inline the vendored JS/CSS (default); otherwise link the CDN URLs as folium does.

    Returns
    -------
    str
        The page.

    Raises
    ------
    MapBuildError
        Offline, an asset the page references has no vendored copy.

    Examples
    --------
    >>> page = render_html(build_map({}, layers=[]))
    >>> "cdn.jsdelivr.net" in page, "L.Icon.Default.imagePath" in page
    (False, True)
    """
    if not isinstance(m, _HuallagaMap):
        _finalise(m)  # a plain folium.Map: _HuallagaMap.render does this itself
    root = m.get_root()
    if not isinstance(root, Figure):
        raise MapBuildError("the map is not in a folium Figure")
    page: str = root.render()
    return inline_assets(page) if offline else page


def inline_assets(page: str) -> str:
    """Replace folium's ``<script src>`` and stylesheet links by the vendored files, inline.

    Works on any page folium rendered (e.g. one built without :func:`build_map`).

    Parameters
    ----------
    page : str
        HTML from ``folium.Map.get_root().render()``.

    Returns
    -------
    str
        The page with every asset inline.

    Raises
    ------
    MapBuildError
        A script or stylesheet URL with no vendored copy.

    Examples
    --------
    >>> page = inline_assets('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>')
    >>> page.startswith("<script>/*! jQuery v3.7.1"), len(page) > 80_000
    (True, True)
    """
    page = _SCRIPT_LINK.sub(lambda mt: _inline_asset(mt.group(1), "js"), page)
    page = _CSS_LINK.sub(lambda mt: _inline_asset(mt.group(1), "css"), page)
    left = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', page)
    if left:
        raise MapBuildError(f"offline page still loads {', '.join(sorted(set(left)))}")
    return page


def _finalise(m: folium.Map) -> None:
    """Add the legend and the layer control last, and number the ids, just before rendering."""
    drawn = _drawn_of(m)
    legend_key = "gh_legend"
    if drawn.legend:
        m.add_child(_Legend(_legend_html(drawn), drawn.years, drawn.year), name=legend_key)
    elif legend_key in m._children:
        del m._children[legend_key]
    _move_layer_control_last(m)
    _stabilise_ids(m)


class _HuallagaMap(folium.Map):
    """A folium.Map that adds its legend and layer control whenever it is rendered.

    So the map is complete however it is shown: :func:`save_map`, folium's own ``save``,
    or inline in Jupyter (``_repr_html_``).
    """

    def render(self, **kwargs: Any) -> Any:
        _finalise(self)
        return super().render(**kwargs)


def _move_layer_control_last(m: folium.Map) -> None:
    key = "gh_layer_control"
    if key in m._children:
        del m._children[key]
    if any(isinstance(c, Layer) and c.control for c in m._children.values()):
        m.add_child(folium.LayerControl(collapsed=False, position="topright"), name=key)


def save_map(
    m: folium.Map,
    path: str | os.PathLike[str],
    *,
    offline: bool = True,
    protect: Sequence[str | os.PathLike[str]] = (),
) -> Path:
    """Write *m* as one HTML file, atomically (a reader never sees half a file).

    Parameters
    ----------
    m : folium.Map
        The map.
    path : str or path
        Where to write; the folder must exist.
    offline : bool
        Inline every script, stylesheet, font and icon (default), so the file opens with no
        network; ``False`` links the CDN copies as folium does (a smaller file).
    protect : sequence of paths
        The map's input files (layers drawn from files): *path* may not be one of them, nor
        a file in the built-in layers folder.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    LayerValidationError
        *path* is one of *protect* or lies in the built-in layers folder; nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "m.html"
    >>> save_map(build_map({}, layers=[]), out).stat().st_size > 500_000
    True
    >>> save_map(build_map({}, layers=[]), out, protect=[out])
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.LayerValidationError: ...: refusing to overwrite an input file; choose another --out
    """
    from geo_huallaga.layers import atomic_write

    page = render_html(m, offline=offline)
    target = Path(path)
    with atomic_write(target, protect=protect) as tmp:
        tmp.write_text(page, encoding="utf-8", newline="\n")
    return target
