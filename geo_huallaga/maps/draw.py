"""Drawing layers: the built-in layers' looks and legends, user layers, cultivation."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo_huallaga import layers
from geo_huallaga.errors import MapBuildError
from geo_huallaga.maps.elements import _DataLayer, _Drawn, _drawn_of, _ensure_runtime, _LegendEntry, _LegendSection
from geo_huallaga.maps.encoding import _geometry_payload, _json_value, script_json
from geo_huallaga.maps.styles import (
    CANVAS_MIN_FEATURES,
    COCA_COLOURS,
    LAND_COLOUR,
    NODATA_COLOUR,
    LayerStyle,
)


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


def _with_series_years(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add an ``ha_YYYY`` column for every year the published coca series has a zone figure.

    Only zones whose ids are in the series (the built-in ``coca_zones``) get values; a figure the
    layer already holds is kept. So the map's year selector offers every year with a value.
    """
    from geo_huallaga import coca_series

    if "id" not in gdf.columns:
        return gdf
    ids = [str(i) for i in gdf["id"]]
    out = gdf.copy()
    for f in coca_series.figures():
        if f.kind != "zone" or not f.map or f.zone_id not in ids:
            continue
        col = f"ha_{f.year}"
        if col not in out.columns:
            out[col] = np.nan
        row = out.index[ids.index(f.zone_id)]
        if pd.isna(out.at[row, col]):
            out.at[row, col] = f.ha
    return out


def _coca_layer(m: folium.Map, gdf: gpd.GeoDataFrame, year: int | None, drawn: _Drawn) -> None:
    gdf = _with_series_years(gdf)
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
    radius_km = layers.uncertainty_radius_km(gdf)
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
    >>> from geo_huallaga.maps import build_map
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
    >>> from geo_huallaga.maps import build_map
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
