"""Corridors traced as travelled (roads, sea lanes, geodesics), and aircraft reach areas."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely

from geo_huallaga.errors import MapBuildError
from geo_huallaga.i18n import format_number
from geo_huallaga.maps.draw import SCHEMATIC_SECTION_TIP, _add, _count, _straight_rows
from geo_huallaga.maps.elements import _Drawn, _LegendEntry, _LegendSection
from geo_huallaga.maps.styles import CORRIDOR_STYLES
from geo_huallaga.maps.text import N_


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
    aircraft otherwise). Adds ``length_km``, ``time_h``, ``routed_as`` and ``_access`` (the
    straight access legs of 1 km or more, where the data have no road); a corridor whose ends
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
    access: list[Any] = [None] * len(out)
    schematic: list[Any] = [None] * len(out)
    solid_parts: list[Any] = [None] * len(out)
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
        straight: list[Any] = [leg.geometry for leg in route.legs
                               if leg.access and leg.length_km >= 1.0]
        access[i] = shapely.MultiLineString(straight) if straight else None
        drawn_as = list(shapely.get_parts(
            [leg.geometry for leg in route.legs if not leg.access and leg.precision == "schematic"]))
        schematic[i] = shapely.MultiLineString(drawn_as) if drawn_as else None
        # the solid line leaves out the legs drawn dashed on their own (a dashed line over a
        # solid one of the same colour would look solid)
        solid = [leg.geometry for leg in route.legs
                 if not (leg.access and leg.length_km >= 1.0)
                 and not (not leg.access and leg.precision == "schematic")]
        if solid and len(solid) < len(route.legs):
            solid_parts[i] = shapely.MultiLineString(list(shapely.get_parts(solid)))
        geoms[i] = route.geometry
        length_km.append(round(route.length_km, 1))
        time_h.append(round(route.time_h, 2))
        main = [leg.means for leg in route.legs if not leg.access] or [route.legs[0].means]
        routed_as.append(f"{mode}: " + ", ".join(dict.fromkeys(main)))
    out = out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=out.crs))
    out["length_km"] = length_km
    out["time_h"] = time_h
    out["routed_as"] = routed_as
    out["_access"] = access
    out["_schematic"] = schematic
    out["_solid"] = solid_parts  # the route without those legs: what the map draws solid
    return out


def _corridor_tip(row: Mapping[str, Any], drawn: _Drawn) -> str:
    _ = drawn.gettext
    parts = []
    km = row.get("length_km", row.get("distance_km"))
    if km is not None and not pd.isna(km):
        parts.append(f"{format_number(float(km), drawn.lang)} km")
    hours = row.get("time_h")
    if hours is not None and not pd.isna(hours):
        parts.append(f"{format_number(float(hours), drawn.lang, decimals=1)} h"
                     + (" " + _("flight") if row.get("mode") == "air" else ""))
    how = str(row.get("routed_as") or "")
    if how and not how.startswith("not routed"):
        parts.append(", ".join(_(w) for w in how.split(": ", 1)[-1].split(", ")))
    return " · ".join(parts)


#: The tooltip of each kind of straight leg a route may hold (see :func:`routed_corridors`).
_STRAIGHT_TIPS = {
    "_access": N_("no road in the data: straight line of {km} km"),
    "_schematic": SCHEMATIC_SECTION_TIP,
}


def _access_rows(part: gpd.GeoDataFrame, drawn: _Drawn) -> tuple[list[dict[str, Any]], list[Any], list[str]]:
    """Straight legs (access legs, schematic road sections) as extra features, each saying so."""
    from geo_huallaga import geodesy

    rows: list[dict[str, Any]] = []
    geoms: list[Any] = []
    tips: list[str] = []
    cols = [c for c in _STRAIGHT_TIPS if c in part.columns]
    names = part["name"].tolist() if "name" in part.columns else [None] * len(part)
    for col in cols:
        for name, legs in zip(names, part[col], strict=True):
            for leg in getattr(legs, "geoms", []):
                km = float(geodesy.line_length_km([leg])[0])
                rows.append({"name": name, "_style": "straight"})
                geoms.append(leg)
                tips.append(drawn.gettext(_STRAIGHT_TIPS[col]).format(km=format_number(km, drawn.lang)))
    return rows, geoms, tips


def _corridor_layers(
    m: folium.Map, gdf: gpd.GeoDataFrame, wanted: Sequence[str], drawn: _Drawn
) -> None:
    _ = drawn.gettext
    if "mode" not in gdf.columns:
        raise MapBuildError("corridors: no 'mode' column (land|air|sea)")
    section = _LegendSection(_("Corridors"))
    for mode in ("land", "sea", "air"):
        key = f"{mode}_corridors"
        if key not in wanted:
            continue
        part = gdf[gdf["mode"] == mode]
        if part.empty:
            continue
        if mode == "air" and "routed_as" not in part.columns:
            part = air_arcs(part)
        if mode == "sea":  # the view shows where the sea corridors leave, not Rotterdam
            drawn.bounds += [(p.x, p.y, p.x, p.y) for p in
                             (shapely.Point(shapely.get_coordinates(g)[0]) for g in part.geometry)]
        else:
            drawn.bounds.append(tuple(part.total_bounds))
        n = _count(part)
        tips = [_corridor_tip(row, drawn) for row in part.to_dict("records")]
        rows, geoms, access_tips = _access_rows(part, drawn)
        if "_solid" in part.columns:  # a dashed leg over a solid line would look solid
            solid = [s if s is not None else g for s, g in zip(part["_solid"], part.geometry, strict=True)]
            part = part.drop(columns="_solid").set_geometry(gpd.GeoSeries(solid, index=part.index, crs=part.crs))
        part = part.drop(columns=[c for c in _STRAIGHT_TIPS if c in part.columns])
        if mode == "land":
            part, schematic_tips = _straight_rows(part, drawn)
            tips = [t or s for t, s in zip(tips + [""] * (len(part) - len(tips)), schematic_tips,
                                           strict=True)]
        if rows:
            extra = gpd.GeoDataFrame(rows, geometry=geoms, crs=part.crs)
            part = gpd.GeoDataFrame(pd.concat([part, extra], ignore_index=True), crs=part.crs)
            tips += access_tips
        name, style = CORRIDOR_STYLES[mode]
        name = _(name)
        dashed = replace(style, dash_array="2 5", weight=max(2.0, style.weight - 1),
                         css_class="gh-straight-")
        cat = "_style" if "_style" in part.columns else None
        _add(m, drawn, key, name, part, {"*": style, "straight": dashed}, cat=cat, tip=("name",),
             tip_extra=tips, count=n)
        section.entries.append(_LegendEntry(name[:1].lower() + name[1:], "line",
                                            style.color))
    if section.entries:
        if "land_corridors" in drawn.counts:
            section.entries.append(_LegendEntry(
                _("no road in the data: straight line"), "dash",
                CORRIDOR_STYLES["land"][1].color))
        drawn.legend.append(section)


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
