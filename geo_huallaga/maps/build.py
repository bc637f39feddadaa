"""The Huallaga map: which layers, in which order, opened on the valleys."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
from folium.plugins import Fullscreen, MeasureControl

from geo_huallaga.errors import DataFileNotFoundError, LayerNotFoundError, MapBuildError
from geo_huallaga.i18n import resolve_lang
from geo_huallaga.maps.corridors import _corridor_layers, routed_corridors
from geo_huallaga.maps.draw import (
    _add,
    _airstrips_layer,
    _check_gdf,
    _coca_layer,
    _countries_layer,
    _departments_layer,
    _places_layer,
    _rivers_layer,
    _roads_layer,
    add_layer,
)
from geo_huallaga.maps.elements import _drawn_of, _ensure_runtime, _LegendEntry, _LegendSection
from geo_huallaga.maps.encoding import _html_name
from geo_huallaga.maps.page import _HuallagaMap
from geo_huallaga.maps.styles import HUALLAGA_BOUNDS, LayerStyle
from geo_huallaga.routing import BUILTIN_ROADS_FILE

#: The file the map's Roads layer draws by default: the network land routes run on
#: (:data:`geo_huallaga.routing.BUILTIN_ROADS`), schematic sections included.
ROAD_NETWORK_FILE = BUILTIN_ROADS_FILE

#: The layers :func:`build_map` draws by default, bottom to top.
BUILTIN_LAYERS: tuple[str, ...] = (
    "countries",
    "departments",
    "coca_zones",
    "rivers",
    "roads",
    "land_corridors",
    "sea_corridors",
    "air_corridors",
    "places",
    "airstrips",
)


def layer_order(key: str) -> int:
    """Position of a layer key in the drawing order (user layers last), for listings.

    Examples
    --------
    >>> sorted(["airstrips", "user_1", "countries"], key=layer_order)
    ['countries', 'airstrips', 'user_1']
    """
    order = (*BUILTIN_LAYERS[:4], "reach", *BUILTIN_LAYERS[4:])
    return order.index(key) if key in order else len(order)


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
    title: str | None = None,
    subtitle: str | None = None,
    lang: str | None = None,
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
    title, subtitle : str, optional
        The title block on the map (and the page title); default a title and a subtitle
        naming what is drawn, in the map's language.
    lang : {"en", "es"}, optional
        Language of every word on the map; default the locale's, else English
        (:func:`geo_huallaga.i18n.resolve_lang`).
    roads : optional
        The roads land corridors are traced on (see :func:`routed_corridors`); default the
        built-in network.

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
        except (DataFileNotFoundError, LayerNotFoundError):
            if layers is not None:  # asked for by name: say so
                raise
            drawn.skipped.append(name)  # the default map draws what is installed
            return None

    def get_roads() -> gpd.GeoDataFrame | None:
        # What is drawn is what land routes run on: the built-in road network (the `roads`
        # layer is only its 12 corridor sections), unless the caller gives roads to draw.
        if "roads" in data:
            return get("roads")
        from geo_huallaga import layers as layers_mod

        try:
            return layers_mod.load(layers_mod.data_dir() / ROAD_NETWORK_FILE)
        except DataFileNotFoundError:
            if layers is not None:
                raise
            drawn.skipped.append("roads")
            return None

    sw, ne = HUALLAGA_BOUNDS
    m = _HuallagaMap(
        location=[(sw[1] + ne[1]) / 2, (sw[0] + ne[0]) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,  # the opening view fills the screen, not the nearest whole zoom
    )
    drawn = _drawn_of(m)
    drawn.lang = resolve_lang(lang)
    _ = drawn.gettext
    drawn.title = title if title is not None else _("Coca, airstrips and trafficking corridors "
                                                     "of the Huallaga and the Palcazu")
    drawn.subtitle = subtitle if subtitle is not None else _(
        "Coca zones (UNODC/DEVIDA), airstrips, and the routes out of the valleys described in "
        "“The Cocaine Clans” (InSight Crime / IDL-Reporteros)")
    drawn.credit = _("Map: geo_huallaga. Locations are approximate where a pop-up says so; "
                     "sources in each pop-up and at the bottom right.")
    root: Any = m.get_root()
    root.title = _html_name(drawn.title)
    _ensure_runtime(m)
    if online:
        folium.TileLayer(
            "OpenStreetMap", name=_("OpenStreetMap (online)"), overlay=False, control=True
        ).add_to(m)
    corridors = get("corridors") if any(w.endswith("_corridors") for w in wanted) else None
    if corridors is not None:
        drawn.corridor_ends = {str(v) for c in ("from", "to") if c in corridors.columns
                               for v in corridors[c].dropna()}
    if "countries" in wanted and (gdf := get("countries")) is not None:
        _countries_layer(m, gdf, drawn)
    if "departments" in wanted and (gdf := get("departments")) is not None:
        _departments_layer(m, gdf, drawn)
    if "coca_zones" in wanted and (gdf := get("coca_zones")) is not None:
        _coca_layer(m, gdf, year, drawn)
        drawn.bounds.append(tuple(gdf.total_bounds))
    if "rivers" in wanted and (gdf := get("rivers")) is not None:
        _rivers_layer(m, gdf, drawn)
    if "reach" in wanted and (reach := get("reach")) is not None:
        style = LayerStyle(color="#2c7fb8", weight=1.5, fill_opacity=0.08, dash_array="4 4")
        _add(m, drawn, "reach", _("Reach areas"), reach, {"*": style}, tip=("name",))
        drawn.legend.append(_LegendSection(_("Reach"), [
            _LegendEntry(_("reachable in the hours given (still air, fuel-capped)"), "box",
                         "#2c7fb8", "#deebf7")]))
    if "roads" in wanted and (gdf := get_roads()) is not None:
        _roads_layer(m, gdf, drawn)
    corridor_keys = [w for w in wanted if w.endswith("_corridors")]
    if corridor_keys and corridors is not None:
        if route_corridors:
            corridors = routed_corridors(corridors, roads=roads)
        _corridor_layers(m, corridors, corridor_keys, drawn)
    if "places" in wanted and (gdf := get("places")) is not None:
        _places_layer(m, gdf, drawn)
    if "airstrips" in wanted and (gdf := get("airstrips")) is not None:
        _airstrips_layer(m, gdf, drawn)
        drawn.bounds.append(tuple(gdf.total_bounds))
    for item in add:
        add_layer(m, item)
    # Open on the coca zones, airstrips and corridors (the valleys), not on Rotterdam: the page
    # fits that box once it knows how much room its panels take (no folium fit_bounds before it:
    # its zoom animation would end after, and win).
    if not drawn.bounds:
        drawn.bounds.append((sw[0], sw[1], ne[0], ne[1]))
    Fullscreen(position="topleft", title=_("Full screen"),
               title_cancel=_("Exit full screen")).add_to(m)
    MeasureControl(position="topleft", primary_length_unit="kilometers",
                   secondary_length_unit="miles", primary_area_unit="hectares").add_to(m)
    return m
