"""Drawing layers: the built-in layers' looks and legends, user layers, cultivation."""

from __future__ import annotations

import html as html_lib
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
import shapely

from geo_huallaga import layers
from geo_huallaga.errors import MapBuildError
from geo_huallaga.i18n import format_number
from geo_huallaga.maps.elements import _DataLayer, _Drawn, _drawn_of, _ensure_runtime, _LegendEntry, _LegendSection
from geo_huallaga.maps.encoding import _geometry_payload, _json_value, script_json
from geo_huallaga.maps.styles import (
    CANVAS_MIN_FEATURES,
    COCA_COLOURS,
    LAND_COLOUR,
    NODATA_COLOUR,
    LayerStyle,
)
from geo_huallaga.maps.text import N_, column_label, credits_for


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
    drawn: _Drawn,
    *,
    cat: str | None = None,
    tip: Sequence[str] = ("name",),
    tip_extra: Sequence[str] | None = None,
    radius_col: str | None = None,
    choropleth: Mapping[str, Any] | None = None,
    label: Mapping[str, Any] | None = None,
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
    dicts = _share_strings(rows, len(keys))
    types, geom = _geometry_payload(np.asarray(gdf.geometry.values, dtype=object))

    def col(c: str | None) -> int | None:
        return keys.index(c) if c is not None and c in keys else None

    spec: dict[str, Any] = {
        "key": key,
        "name": name,
        "keys": keys,
        "labels": [column_label(k, drawn.gettext) for k in keys],
        "rows": rows,
        "types": types,
        "geom": geom,
        "styles": {k: v.leaflet() for k, v in styles.items()},
        "cat": col(cat),
        "title": col("name"),
        "src": col("source"),
        "tip": [i for i in (col(c) for c in tip) if i is not None],
        "canvas": len(gdf) > CANVAS_MIN_FEATURES,
        "radiusCol": col(radius_col),
        "choropleth": None,
        "credits": [html_lib.escape(c) for c in
                    credits_for(gdf["source"] if "source" in gdf.columns else ())],
    }
    if dicts:
        spec["dicts"] = dicts
    if tip_extra is not None:
        spec["tipExtra"] = list(tip_extra)
    if label is not None:
        spec["label"] = label
    if choropleth is not None:
        spec["choropleth"] = {
            "cols": {y: keys.index(c) for y, c in choropleth["cols"].items() if c in keys},
            "year": choropleth["year"],
            "breaks": choropleth["breaks"],
            "colors": list(COCA_COLOURS),
            "nodata": NODATA_COLOUR,
            "unit": choropleth.get("unit", ""),
        }
    return script_json(spec)


def _share_strings(rows: list[list[Any]], n_cols: int) -> dict[str, list[str]]:
    """Write each repeated text once: a column of texts that repeat becomes indices into a list.

    Sources and kinds repeat on every feature; the page runtime puts the texts back.
    Changes *rows* in place and returns ``{column index: texts}``.

    Examples
    --------
    >>> rows = [["a", 1], ["b", 2], ["a", None]]
    >>> _share_strings(rows, 2), rows
    ({'0': ['a', 'b']}, [[0, 1], [1, 2], [0, None]])
    """
    out: dict[str, list[str]] = {}
    for j in range(n_cols):
        values = [r[j] for r in rows if r[j] is not None]
        if len(values) < 2 or not all(isinstance(v, str) for v in values):
            continue
        unique = list(dict.fromkeys(values))
        if len(unique) == len(values):
            continue
        index = {v: i for i, v in enumerate(unique)}
        for r in rows:
            if r[j] is not None:
                r[j] = index[r[j]]
        out[str(j)] = unique
    return out


def _anchors(gdf: gpd.GeoDataFrame) -> list[Any]:
    """Return where each feature's label goes, ``[lat, lon]``.

    Points as they are, areas at a point inside them, lines at the middle of their longest part.
    """
    out: list[Any] = []
    for g in gdf.geometry:
        if g is None or g.is_empty:
            out.append(0)
            continue
        if g.geom_type in ("LineString", "MultiLineString"):
            parts = list(getattr(g, "geoms", [g]))
            longest = max(parts, key=lambda p: p.length)
            p = longest.interpolate(0.5, normalized=True)
        elif g.geom_type in ("Polygon", "MultiPolygon"):
            p = g.representative_point()
        else:
            p = g.centroid
        out.append([round(p.y, 5), round(p.x, 5)])
    return out


def _label_spec(gdf: gpd.GeoDataFrame, *, kind: str, priority: int, min_zoom: int,
                max_zoom: int | None = None, rank: Sequence[int] | None = None,
                text: Sequence[str] | None = None) -> dict[str, Any]:
    """Labels of a layer for the page's collision culling: lower priority and rank go first."""
    spec: dict[str, Any] = {"at": _anchors(gdf), "kind": kind, "priority": priority,
                            "min": min_zoom}
    if max_zoom is not None:
        spec["max"] = max_zoom
    if rank is not None:
        spec["rank"] = [int(r) for r in rank]
    if text is not None:
        spec["text"] = list(text)
    return spec


def _count(gdf: gpd.GeoDataFrame) -> int:
    return int((~(gdf.geometry.isna() | gdf.geometry.is_empty)).sum())


def _nice(value: float) -> float:
    """Round to two significant digits, without dividing by a power of ten (10**-324 is 0).

    Examples
    --------
    >>> _nice(3510.6), _nice(0.037), _nice(5e-324) > 0
    (3500.0, 0.037, True)
    """
    if not value > 0:
        return 0.0
    return float(round(value, 1 - math.floor(math.log10(value))))


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
    _ = drawn.gettext
    gdf = _with_series_years(gdf)
    cols = {c[3:]: c for c in gdf.columns if re.fullmatch(r"ha_\d{4}", str(c))}
    if not cols:
        raise MapBuildError("coca_zones: no ha_YYYY column to colour by")
    years = sorted(cols)
    counts = {y: int(gdf[cols[y]].notna().sum()) for y in years}
    if year is None:  # the latest of the years with figures for the most zones
        chosen = max(years, key=lambda y: (counts[y], y))
        drawn.year_note = _("{year}: the latest year with figures for the most zones "
                            "({n} of {total})").format(year=chosen, n=counts[chosen], total=len(gdf))
    else:
        chosen = str(year)
        if chosen not in cols:
            raise MapBuildError(f"no coca hectares for {year}; years in coca_zones: "
                                + ", ".join(years))
        drawn.year_note = _("{year}: figures for {n} of {total} zones").format(
            year=chosen, n=counts[chosen], total=len(gdf))
    breaks = _breaks(pd.concat([gdf[c] for c in cols.values()]).to_numpy(dtype=float))
    style = LayerStyle(color="#7f2704", weight=1.0, fill_opacity=0.7)
    _add(m, drawn, "coca_zones", _("Coca zones (ha)"), gdf, {"*": style},
         tip=("name",),
         choropleth={"cols": cols, "year": chosen, "breaks": breaks, "unit": " ha"},
         label=_label_spec(gdf, kind="area", priority=2, min_zoom=5))
    entries = _class_entries(breaks, " ha", drawn)
    entries.append(_LegendEntry(_("no figure for the year"), "box", "#7f2704", NODATA_COLOUR))
    drawn.legend.append(_LegendSection(_("Coca zones, hectares in"), entries, year_select=True,
                                       note=_("UNODC/DEVIDA monitoring; outlines approximate")))
    drawn.years, drawn.year = years, chosen


def _fmt(x: float, drawn: _Drawn) -> str:
    return format_number(x, drawn.lang) if abs(x) >= 10 else f"{x:g}"


def _breaks(values: np.ndarray) -> list[float]:
    """Upper bounds of the first four of five classes: 10, 25, 50, 75 % of the largest value."""
    values = values[np.isfinite(values) & (values > 0)]
    top = float(values.max()) if len(values) else 0.0
    return sorted({_nice(top * f) for f in (0.1, 0.25, 0.5, 0.75)}) if top > 0 else [0.0]


def _class_entries(breaks: Sequence[float], unit: str, drawn: _Drawn) -> list[_LegendEntry]:
    lows = [0.0, *breaks]
    return [
        _LegendEntry(f"{_fmt(lo, drawn)}–{_fmt(hi, drawn)}{unit}" if i < len(breaks)
                     else f"> {_fmt(lo, drawn)}{unit}",
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
    *,
    count: int | None = None,
    show: bool = True,
    **kwargs: Any,
) -> None:
    payload = _payload(key, name, gdf, styles, drawn, **kwargs)
    _DataLayer(payload, name=name, show=show).add_to(m)
    drawn.counts[key] = _count(gdf) if count is None else count
    drawn.names[key] = name


def _group_uncertain(gdf: gpd.GeoDataFrame, drawn: _Drawn) -> gpd.GeoDataFrame:
    """Merge the clandestine strips that share one uncertain position into one feature.

    Three strips placed at the same district capital are one area of uncertainty, not three
    pins stacked on each other (and on the legal aerodrome there).
    """
    _ = drawn.gettext
    coarse = gdf["uncertainty_radius_km"].notna()
    keys = [(round(g.x, 4), round(g.y, 4), r) if c else None
            for g, r, c in zip(gdf.geometry, gdf["uncertainty_radius_km"], coarse, strict=True)]
    groups: dict[Any, list[int]] = {}
    for i, k in enumerate(keys):
        if k is not None:
            groups.setdefault(k, []).append(i)
    if all(len(v) == 1 for v in groups.values()):
        return gdf
    keep = [i for i, k in enumerate(keys) if k is None or len(groups[k]) == 1]
    merged = []
    for members in (v for v in groups.values() if len(v) > 1):
        part = gdf.iloc[members]
        row = part.iloc[0].copy()
        status = str(row.get("status") or "")
        row["name"] = _("{n} clandestine strips: somewhere in this circle").format(n=len(members)) \
            if status == "clandestine" else _("{n} strips: somewhere in this circle").format(n=len(members))
        row["strips"] = "; ".join(str(s) for s in part["name"])
        for c in ("note", "source"):
            if c in part.columns:
                row[c] = " | ".join(dict.fromkeys(str(s) for s in part[c].dropna()))
        if "id" in part.columns:
            row["id"] = "+".join(str(s) for s in part["id"])
        merged.append(row)
    out = pd.concat([gdf.iloc[keep], gpd.GeoDataFrame(merged, crs=gdf.crs)], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry=gdf.geometry.name, crs=gdf.crs)


def _airstrips_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    _ = drawn.gettext
    gdf = gdf.copy()
    precision = gdf["precision"] if "precision" in gdf.columns else pd.Series("", index=gdf.index)
    radius_km = layers.uncertainty_radius_km(gdf)
    gdf["uncertainty_radius_km"] = radius_km
    status = gdf["status"].astype("string") if "status" in gdf.columns else None
    n_input = _count(gdf)
    gdf = _group_uncertain(gdf, drawn)
    radius_km = gdf["uncertainty_radius_km"].astype(float)
    precision = gdf["precision"] if "precision" in gdf.columns else pd.Series("", index=gdf.index)
    gdf["_radius_m"] = radius_km * 1000.0
    coarse = radius_km.notna()
    gdf["_drawn_as"] = np.where(coarse, "circle", "marker")
    extra = [
        _("± {r} km ({p} precision, not an exact site)").format(
            r=format_number(r, drawn.lang), p=_(str(p))) if c else ""
        for r, p, c in zip(radius_km, precision, coarse, strict=True)
    ]
    styles = {
        "marker": LayerStyle(shape="marker", icon="plane", marker_color="blue"),
        "circle": LayerStyle(shape="circle", color="#b10026", weight=2, fill_opacity=0.12,
                             dash_array="6 4"),
        "*": LayerStyle(shape="marker", icon="plane", marker_color="blue"),
    }
    label_text = [str(n) if c else "" for n, c in zip(gdf["name"], coarse, strict=True)]
    _add(m, drawn, "airstrips", _("Airstrips"), gdf, styles, cat="_drawn_as",
         tip=("name", "icao", "status"), tip_extra=extra, radius_col="_radius_m", count=n_input,
         label=_label_spec(gdf, kind="circle", priority=1, min_zoom=7,
                           text=label_text))
    entries = [_LegendEntry(_("authorized aerodrome"), "marker", "#38aadd")]
    if bool(coarse.any()):
        radii = ", ".join(sorted({f"{format_number(r, drawn.lang)} km" for r in radius_km[coarse]}))
        what = _("clandestine strips") if status is not None else _("strips")
        entries.append(_LegendEntry(_("{what}: somewhere in this circle (radius {radii}, district "
                                      "precision)").format(what=what, radii=radii),
                                    "dot", "#b10026", "#fde0e4"))
    drawn.legend.append(_LegendSection(_("Airstrips"), entries))


def _place_rank(gdf: gpd.GeoDataFrame, corridor_ends: set[str]) -> list[int]:
    """Label order of places: corridor ends first, then ports and destinations, then towns."""
    kind = gdf["kind"] if "kind" in gdf.columns else pd.Series("town", index=gdf.index)
    names = gdf["name"] if "name" in gdf.columns else pd.Series("", index=gdf.index)
    return [0 if str(n) in corridor_ends else (1 if k in ("port", "destination") else 2)
            for n, k in zip(names, kind, strict=True)]


def _places_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    _ = drawn.gettext
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
    rank = _place_rank(gdf, drawn.corridor_ends)
    _add(m, drawn, "places", _("Places and ports"), gdf, styles, cat=cat, tip=("name", "kind"),
         label=_label_spec(gdf, kind="point", priority=3, min_zoom=4, rank=rank))
    drawn.legend.append(_LegendSection(_("Places"), [
        _LegendEntry(_("town"), "dot", "#333333", "#ffffff"),
        _LegendEntry(_("port"), "marker", "#0067a3"),
        _LegendEntry(_("destination abroad"), "dot", "#6a3d9a", "#cab2d6"),
    ]))


def _countries_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    style = LayerStyle(color="#9e9e9e", weight=0.8, fill_color=LAND_COLOUR, fill_opacity=1.0)
    _add(m, drawn, "countries", drawn.gettext("Countries"), gdf, {"*": style}, tip=("name",),
         label=_label_spec(gdf, kind="country", priority=6, min_zoom=3, max_zoom=7))


def _departments_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    _ = drawn.gettext
    style = LayerStyle(color="#8c8c8c", weight=1.0, dash_array="5 3", fill_opacity=0.0)
    _add(m, drawn, "departments", _("Departments"), gdf, {"*": style}, tip=("name",),
         label=_label_spec(gdf, kind="department", priority=5, min_zoom=6))
    drawn.legend.append(_LegendSection(_("Departments"), [
        _LegendEntry(_("department boundary"), "dash", "#8c8c8c")], order=70))


def _rivers_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    _ = drawn.gettext
    style = LayerStyle(color="#4a90c2", weight=1.6, opacity=0.9)
    styles = {"*": style}
    cat = None
    if "schematic" in gdf.columns:
        gdf = gdf.copy()
        gdf["_schematic"] = np.where(gdf["schematic"].fillna(False).astype(bool), "yes", "no")
        styles["yes"] = LayerStyle(color="#4a90c2", weight=1.6, opacity=0.9, dash_array="4 4")
        cat = "_schematic"
    _add(m, drawn, "rivers", _("Rivers"), gdf, styles, cat=cat, tip=("name",),
         label=_label_spec(gdf, kind="line", priority=4, min_zoom=6))
    entries = [_LegendEntry(_("river"), "line", "#4a90c2")]
    if cat is not None and bool((gdf[cat] == "yes").any()):
        entries.append(_LegendEntry(_("river, schematic course"), "dash", "#4a90c2"))
    drawn.legend.append(_LegendSection(_("Rivers"), entries, order=60))


#: A road edge longer than this between two vertices is drawn dashed: the source has one straight
#: line there, not the road's course (the roads layer's own notes name such edges, 125-168 km;
#: its median vertex spacing is 1-70 km per road, so shorter edges are the source's normal
#: coarseness and stay solid).
SCHEMATIC_EDGE_KM = 50.0


def split_schematic(geom: Any, *, max_edge_km: float = SCHEMATIC_EDGE_KM) -> tuple[Any, Any]:
    """Split a line into the parts drawn as the source has them and the long straight edges.

    Parameters
    ----------
    geom : LineString or MultiLineString
        In EPSG:4326.
    max_edge_km : float
        Edges longer than this (geodesic length) are schematic.

    Returns
    -------
    (MultiLineString or None, MultiLineString or None)
        The detailed parts and the schematic edges.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> ok, straight = split_schematic(LineString([(-76, -9), (-76.01, -9.01), (-76.9, -9.9)]))
    >>> len(ok.geoms), len(straight.geoms)
    (1, 1)
    """
    from geo_huallaga import geodesy

    detailed: list[Any] = []
    schematic: list[Any] = []
    for part in getattr(geom, "geoms", [geom]):
        xy = np.asarray(part.coords)
        if len(xy) < 2:
            continue
        edge_km = geodesy.distance_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
        long_edge = np.atleast_1d(edge_km) > max_edge_km
        run: list[Any] = [xy[0]]
        for k, is_long in enumerate(long_edge):
            if is_long:
                if len(run) > 1:
                    detailed.append(shapely.LineString(run))
                schematic.append(shapely.LineString([xy[k], xy[k + 1]]))
                run = [xy[k + 1]]
            else:
                run.append(xy[k + 1])
        if len(run) > 1:
            detailed.append(shapely.LineString(run))
    return (shapely.MultiLineString(detailed) if detailed else None,
            shapely.MultiLineString(schematic) if schematic else None)


def _straight_rows(gdf: gpd.GeoDataFrame, drawn: _Drawn) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Cut long straight edges out of each line; return the lines and the straight pieces.

    The pieces come back as extra features with ``_style`` "straight" and a tooltip that says
    what they are.
    """
    _ = drawn.gettext
    rows = []
    geoms = []
    tips: list[str] = []
    main_geoms = []
    for row, g in zip(gdf.drop(columns=gdf.geometry.name).to_dict("records"), gdf.geometry,
                      strict=True):
        ok, straight = split_schematic(g)
        main_geoms.append(ok if ok is not None else g)
        if straight is None:
            continue
        for piece in straight.geoms:
            from geo_huallaga import geodesy

            (x1, y1), (x2, y2) = piece.coords[0], piece.coords[-1]
            km = float(geodesy.distance_km(x1, y1, x2, y2))
            rows.append({"name": row.get("name"), "_style": "straight"})
            geoms.append(piece)
            tips.append(_("schematic: the source has one straight line of {km} km here").format(
                km=format_number(km, drawn.lang)))
    out = gdf.copy()
    out = out.set_geometry(gpd.GeoSeries(main_geoms, index=out.index, crs=out.crs))
    out["_style"] = "main"
    extra = gpd.GeoDataFrame(rows, geometry=geoms, crs=gdf.crs) if rows else None
    if extra is not None:
        out = gpd.GeoDataFrame(pd.concat([out, extra], ignore_index=True), crs=gdf.crs)
    return out, [""] * len(gdf) + tips


#: The tooltip of a schematic section of the road network (the Palcazu road, which the source
#: lacks): the same words as a route's schematic legs on the corridors.
SCHEMATIC_SECTION_TIP = N_("schematic road (not in the source data): straight line of {km} km between towns")


def _roads_layer(m: folium.Map, gdf: gpd.GeoDataFrame, drawn: _Drawn) -> None:
    """Draw the roads land routes run on: by default the whole built-in network.

    Long straight edges of the source are dashed (:func:`split_schematic`); sections with
    ``precision: schematic`` (roads the source lacks, straight between towns) are dashed
    darker, labelled with their name from zoom 8 and say so in their tooltip.
    """
    from geo_huallaga import geodesy

    _ = drawn.gettext
    n = _count(gdf)
    flags = (gdf["precision"].astype(str) == "schematic").to_numpy(dtype=bool) \
        if "precision" in gdf.columns else np.zeros(len(gdf), dtype=bool)
    drawn_part, tips = _straight_rows(gdf[~flags], drawn)
    sections = gdf[flags].copy()
    sections["_style"] = "schematic"
    km = np.atleast_1d(geodesy.line_length_km(np.asarray(sections.geometry.values))) \
        if len(sections) else np.zeros(0)
    tips = list(tips) + [_(SCHEMATIC_SECTION_TIP).format(km=format_number(float(k), drawn.lang))
                         for k in km]
    out = gpd.GeoDataFrame(pd.concat([drawn_part, sections], ignore_index=True), crs=gdf.crs)
    # a short label (the towns are labelled already): what the dashed line is, not where
    texts = [_("schematic road") if style == "schematic" else "" for style in out["_style"]]
    style = LayerStyle(color="#999999", weight=1.5, opacity=0.8)
    # dotted, not dashed: the network has about 200 such chords, and dashes would read as the
    # departments' boundaries ("5 3")
    dashed = LayerStyle(color="#999999", weight=1.5, opacity=0.8, dash_array="1 4",
                        css_class="gh-straight-")
    # features of the layer (counted as such), unlike the straight pieces cut out of lines
    schematic = LayerStyle(color="#555555", weight=2.0, opacity=0.9, dash_array="6 4")
    label = _label_spec(out, kind="corridor", priority=6, min_zoom=8, text=texts) if any(texts) else None
    _add(m, drawn, "roads", _("Roads"), out,
         {"*": style, "straight": dashed, "schematic": schematic}, cat="_style",
         tip=("name", "ref"), tip_extra=tips, count=n, label=label)
    entries = [
        _LegendEntry(_("road (OpenStreetMap)"), "line", "#999999"),
        _LegendEntry(_("schematic: one straight line in the source, over {km} km").format(
            km=format_number(SCHEMATIC_EDGE_KM, drawn.lang)), "dotted", "#999999")]
    if flags.any():
        entries.append(_LegendEntry(_("schematic road: not in the source, straight between towns"),
                                    "dash", "#555555"))
    drawn.legend.append(_LegendSection(_("Roads"), entries))


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
        label = name or _drawn_of(m).gettext("Your layer")
    else:
        from geo_huallaga import layers

        gdf = layers.load(data)
        label = name or Path(data).name
    _ensure_runtime(m)
    drawn = _drawn_of(m)
    _ = drawn.gettext
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
    _add(m, drawn, key, label, gdf, {"*": style}, tip=tip, choropleth=choropleth, show=show)
    if choropleth is not None:
        drawn.legend.append(_LegendSection(f"{label}: {value_col}",
                                           _class_entries(breaks, "", drawn)))
    else:
        swatch = ("line" if set(gdf.geom_type.dropna()) <= {"LineString", "MultiLineString"}
                  else "box")
        drawn.legend.append(_LegendSection(label, [
            _LegendEntry(_("your layer"), swatch, style.color, style.fill_color or style.color)]))
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
    _ = _drawn_of(m).gettext
    sources = cells["source"].astype(str) if "source" in cells.columns else pd.Series([], dtype=str)
    if bool(sources.str.contains("synthetic", case=False).any()) or "synthetic" in label.lower():
        label = _("{name} (SYNTHETIC)").format(name=label)  # said in the legend and layer list
    before = set(_drawn_of(m).counts)
    if len(cells) <= MAX_CULTIVATION_CELLS:
        add_layer(m, cells, name=_("{name}: cells").format(name=label), value_col=value_col,
                  style=LayerStyle(color="#7f2704", weight=0.3, fill_opacity=0.6))
    totals = result.zones.rename(columns={"value": value_col})
    totals["source"] = (f"{label}, apportioned to the zones by area (equal-area CRS, "
                        "geo_huallaga.cultivation)")
    totals["precision"] = "area-weighted"
    add_layer(m, totals, name=_("{name}: total per zone").format(name=label), value_col=value_col,
              style=LayerStyle(color="#000000", weight=2, fill_opacity=0.5))
    return {k: v for k, v in _drawn_of(m).counts.items() if k not in before}
