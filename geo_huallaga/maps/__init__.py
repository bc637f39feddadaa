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

from geo_huallaga.maps.build import (
    BUILTIN_LAYERS,
    ROAD_NETWORK_FILE,
    build_map,
    drawn_counts,
    layer_names,
    layer_order,
    skipped_layers,
)
from geo_huallaga.maps.corridors import air_arcs as air_arcs
from geo_huallaga.maps.corridors import reach_layer, routed_corridors
from geo_huallaga.maps.draw import MAX_CULTIVATION_CELLS as MAX_CULTIVATION_CELLS
from geo_huallaga.maps.draw import add_cultivation, add_layer
from geo_huallaga.maps.elements import RUNTIME_JS as RUNTIME_JS
from geo_huallaga.maps.encoding import encode_polyline, script_json
from geo_huallaga.maps.page import ASSETS_DIR as ASSETS_DIR
from geo_huallaga.maps.page import asset_manifest, inline_assets, render_html, save_map
from geo_huallaga.maps.proximity import PROXIMITY_COLOURS, add_proximity
from geo_huallaga.maps.styles import PRECISION_RADIUS_KM, LayerStyle

__all__ = [
    "BUILTIN_LAYERS",
    "PRECISION_RADIUS_KM",
    "PROXIMITY_COLOURS",
    "ROAD_NETWORK_FILE",
    "LayerStyle",
    "add_cultivation",
    "add_layer",
    "add_proximity",
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
