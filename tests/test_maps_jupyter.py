"""In Jupyter the map displays as the offline page inside an iframe (no network needed)."""

from __future__ import annotations

import html
import re

import geopandas as gpd
from shapely.geometry import Point

from geo_huallaga import maps


def _srcdoc(markup: str) -> str:
    match = re.fullmatch(r'<div style="[^"]*"><div style="[^"]*"><iframe srcdoc="([^"]*)" style="[^"]*" '
                         r"allowfullscreen></iframe></div></div>", markup)
    assert match is not None, markup[:300]
    return html.unescape(match.group(1))


def test_jupyter_display_is_the_offline_page_escaped_in_an_iframe() -> None:
    m = maps.build_map(layers=["places", "corridors"])
    shown = m._repr_html_()
    assert shown.isascii()  # accents as character references: no notebook encoding can garble them
    page = _srcdoc(shown)
    assert page == maps.render_html(m, offline=True)
    # nothing is fetched from the network: no script or stylesheet links to http(s)
    assert not re.search(r'<(script|link)[^>]*(src|href)="https?://', page)
    assert "L.Icon.Default.imagePath" in page  # the vendored Leaflet is inline


def test_jupyter_display_is_repeatable_and_escapes_hostile_names() -> None:
    evil = '"><script>alert(1)</script>'
    gdf = gpd.GeoDataFrame({"name": [evil], "kind": ["town"]}, geometry=[Point(-76.0, -9.3)], crs=4326)
    m = maps.build_map({"places": gdf}, layers=["places"])
    first = m._repr_html_()
    assert first == m._repr_html_()  # a notebook re-displays the same map
    assert "<script>" not in first  # the whole page is one escaped attribute value
    assert "<script>alert(1)</script>" not in _srcdoc(first)
