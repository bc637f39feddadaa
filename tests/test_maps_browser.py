"""The map in a real browser: Debian's Chromium driven by Playwright, with the network cut.

Every request that is not ``file:`` or ``data:`` is aborted and recorded. Locally, without
Chromium or Playwright, these tests skip with the reason; under ``CI=true`` that is a failure.
The screenshot of the default map is kept in ``artifacts/`` for CI to publish.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo_huallaga import layers, maps
from geo_huallaga.cli import main

pytestmark = pytest.mark.browser

# Debian's Chromium; GEO_HUALLAGA_CHROMIUM points elsewhere (another distribution's build).
CHROMIUM = Path(os.environ.get("GEO_HUALLAGA_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
DATA = Path(__file__).parent / "data"

# Features drawn per layer, as elements in the map's panes (SVG paths, marker icons).
COUNT_JS = """key => document.querySelectorAll(
  '.leaflet-overlay-pane .gh-layer-' + key + ', .leaflet-marker-pane .gh-layer-' + key).length"""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set "
                     "GEO_HUALLAGA_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is missing (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@dataclass
class Visit:
    page: Any
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def open_map(browser: Any) -> Iterator[Any]:
    pages: list[Any] = []

    def _open(path: Path) -> Visit:
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        pages.append(page)
        visit = Visit(page)

        def route(r: Any) -> None:
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                visit.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.errors.append(str(e)))

        def dialog(d: Any) -> None:
            visit.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => window.L !== undefined && document.querySelector("
                               "'.leaflet-overlay-pane') !== null")
        return visit

    yield _open
    for page in pages:
        page.close()


def _has_map(page: Any) -> bool:
    return bool(page.evaluate(
        "() => Object.keys(window).some(k => { try { return window[k] instanceof L.Map; }"
        " catch (e) { return false; } })"))


def test_default_map_renders_offline_with_every_feature(
    open_map: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "huallaga.html"
    assert main(["map", "--out", str(out)]) == 0
    capsys.readouterr()
    visit = open_map(out)
    page = visit.page
    assert _has_map(page)
    # What the layers hold, counted from the shipped files, not from maps.py.
    corridors = layers.load("corridors")
    expected = {
        "countries": len(layers.load("countries")),
        "coca_zones": len(layers.load("coca_zones")),
        "places": len(layers.load("places")),
        "airstrips": len(layers.load("airstrips")),
        "land_corridors": int((corridors["mode"] == "land").sum()),
        "air_corridors": int((corridors["mode"] == "air").sum()),
    }
    if (corridors["mode"] == "sea").any():
        expected["sea_corridors"] = int((corridors["mode"] == "sea").sum())
    if "roads" in layers.available() and layers.path_of("roads").exists():
        expected["roads"] = len(layers.load("roads"))
    ARTIFACTS.mkdir(exist_ok=True)  # the map as it opens, kept by CI
    page.screenshot(path=str(ARTIFACTS / "maps-default-offline.png"))
    drawn = {key: page.evaluate(COUNT_JS, key) for key in expected}
    assert drawn == expected
    # Airstrips: the authorized ones are markers, the clandestine ones uncertainty circles.
    airstrips = layers.load("airstrips")
    n_clandestine = int((airstrips["status"] == "clandestine").sum())
    assert page.evaluate(
        "() => document.querySelectorAll('.leaflet-overlay-pane path.gh-layer-airstrips')"
        ".length") == n_clandestine
    # Clandestine strips say how uncertain they are (district precision: a 15 km radius).
    tips = page.evaluate("""() => {
        const out = [];
        ghHuallaga.layers.airstrips.eachLayer(l => {
            if (l instanceof L.Circle) {
                l.openTooltip();
                out.push([l.getRadius(), l.getTooltip().getElement().textContent]);
                l.closeTooltip();
            }
        });
        return out;
    }""")
    assert len(tips) == n_clandestine
    assert all(r == 15_000 and "± 15 km (district precision" in t for r, t in tips)
    # The year selector recolours the zones: with 2022, a zone without a 2022 figure is grey.
    zones = layers.load("coca_zones")
    no_2022 = set(zones.loc[zones["ha_2022"].isna(), "name"])
    page.select_option(".gh-legend select", "2022")
    fills = page.evaluate("""() => {
        const out = {};
        ghHuallaga.layers.coca_zones.eachLayer(l => {
            out[l.getTooltip().getContent().textContent.split(' \u00b7 ')[0]] =
                l.getElement().getAttribute('fill');
        });
        return out;
    }""")
    assert {n for n, f in fills.items() if f == "#d9d9d9"} == no_2022
    assert page.inner_text("#gh-legend-year-label") == "2022"
    # The legend and the layer control are there, the sea is coloured without tiles.
    assert "Coca zones" in page.inner_text(".gh-legend")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.folium-map'))"
                         ".backgroundColor") == "rgb(207, 224, 234)"
    assert page.locator(".leaflet-control-layers-overlays label").count() >= len(expected)
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-zoom-fullscreen").count() == 1
    assert page.locator(".leaflet-control-measure").count() == 1
    assert visit.blocked == []
    assert visit.errors == []


def test_hostile_names_show_as_text_and_run_nothing(open_map: Any, tmp_path: Path) -> None:
    xss = gpd.read_file(DATA / "layers_xss_places.geojson")
    extra = xss.iloc[[0]].copy()
    extra["name"] = "{{ 7*7 }} <b>bold?</b>"
    places = gpd.GeoDataFrame(
        gpd.pd.concat([xss, extra], ignore_index=True), crs=4326)
    m = maps.build_map({"places": places}, layers=["places"])
    maps.add_layer(m, DATA / "layers_xss_places.geojson", name="<img src=x onerror=alert(2)>")
    out = maps.save_map(m, tmp_path / "xss.html")
    visit = open_map(out)
    page = visit.page
    texts = page.evaluate("""() => {
        const out = [];
        for (const key of ['places', 'user_1']) {
            ghHuallaga.layers[key].eachLayer(l => {
                l.openPopup();
                out.push(l.getPopup().getElement().querySelector('.gh-popup-title').textContent);
                l.closePopup();
                l.openTooltip();
                out.push(l.getTooltip().getElement().textContent);
                l.closeTooltip();
            });
        }
        return out;
    }""")
    names = list(places["name"])
    assert texts[0:2 * len(names):2] == names  # popup titles, exactly as text
    assert all(t.startswith(n) for t, n in zip(texts[1:2 * len(names):2], names, strict=True))
    assert "<img src=x onerror=alert(2)>" in page.inner_text(".leaflet-control-layers-overlays")
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert visit.dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".leaflet-popup-content script, .leaflet-tooltip b").count() == 0
    assert visit.errors == []
    assert visit.blocked == []


def test_geometry_survives_the_encoding(open_map: Any, tmp_path: Path) -> None:
    shapes = gpd.read_file(DATA / "maps_shapes.geojson")
    m = maps.build_map({}, layers=[])
    maps.add_layer(m, shapes, name="shapes")
    visit = open_map(maps.save_map(m, tmp_path / "shapes.html"))
    page = visit.page
    assert page.evaluate(COUNT_JS, "user_1") == len(shapes)
    got = page.evaluate("""() => {
        const flat = ll => Array.isArray(ll) ? ll.flatMap(flat) : [[ll.lng, ll.lat]];
        const out = [];
        ghHuallaga.layers.user_1.eachLayer(l =>
            out.push(l.getLatLngs ? flat(l.getLatLngs()) : flat(l.getLatLng())));
        return out;
    }""")
    for geom, coords in zip(shapes.geometry, got, strict=True):
        want = shapely.get_coordinates(geom)
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            # Leaflet drops each ring's closing vertex
            rings = shapely.get_rings(shapely.get_parts(geom))
            want = [c for r in rings for c in shapely.get_coordinates(r)[:-1]]
        assert np.asarray(coords) == pytest.approx(np.asarray(want), abs=0.6e-5)
    assert visit.errors == []


def test_folium_default_marker_icon_works_offline(open_map: Any, tmp_path: Path) -> None:
    import folium

    m = maps.build_map({}, layers=[])
    folium.Marker([-9.3, -76.0]).add_to(m)
    visit = open_map(maps.save_map(m, tmp_path / "marker.html"))
    page = visit.page
    page.wait_for_function("() => document.querySelector('img.leaflet-marker-icon') &&"
                           " document.querySelector('img.leaflet-marker-icon').complete")
    src, width = page.evaluate("() => { const i = document.querySelector('img.leaflet-marker-"
                               "icon'); return [i.src, i.naturalWidth]; }")
    assert src.startswith("data:image/png;base64,")
    assert width == 25  # Leaflet's marker-icon.png is 25 x 41 px
    assert visit.blocked == []
    assert visit.errors == []


def test_jupyter_display_draws_with_the_network_cut(browser: Any, tmp_path: Path) -> None:
    # A notebook page holding the map's _repr_html_: the map inside the iframe must draw with
    # every non-file request aborted.
    m = maps.build_map(layers=["places", "airstrips"])
    notebook = tmp_path / "notebook.html"
    notebook.write_text("<!doctype html><html><head><title>notebook</title></head><body><h1>Out [1]</h1>"
                        + m._repr_html_() + "</body></html>", encoding="ascii")
    page = browser.new_page(viewport={"width": 1000, "height": 760})
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(notebook.as_uri(), wait_until="load")
        frame = next(f for f in page.frames if f is not page.main_frame)
        frame.wait_for_function("() => window.L !== undefined && "
                                "document.querySelector('.leaflet-overlay-pane') !== null")
        assert frame.evaluate(COUNT_JS, "places") == len(layers.load("places"))
        assert frame.evaluate(COUNT_JS, "airstrips") == len(layers.load("airstrips"))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "maps-jupyter-offline.png"))
    finally:
        page.close()
    assert blocked == []
