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
    airstrips = layers.load("airstrips")
    clandestine = airstrips[airstrips["status"] == "clandestine"]
    # the clandestine strips share one placeholder position (the district capital): one area
    n_positions = len({(round(g.x, 4), round(g.y, 4)) for g in clandestine.geometry})
    assert len(clandestine) == 3 and n_positions == 1
    expected = {
        "countries": len(layers.load("countries")),
        "coca_zones": len(layers.load("coca_zones")),
        "places": len(layers.load("places")),
        "airstrips": len(airstrips) - len(clandestine) + n_positions,
        "land_corridors": int((corridors["mode"] == "land").sum()),
        "air_corridors": int((corridors["mode"] == "air").sum()),
    }
    if (corridors["mode"] == "sea").any():
        expected["sea_corridors"] = int((corridors["mode"] == "sea").sum())
    network = layers.data_dir() / maps.ROAD_NETWORK_FILE
    if network.exists():  # the Roads layer draws the network land routes run on
        expected["roads"] = len(layers.load(network))
    ARTIFACTS.mkdir(exist_ok=True)  # the map as it opens, kept by CI
    page.screenshot(path=str(ARTIFACTS / "maps-default-offline.png"))
    drawn = {key: page.evaluate(COUNT_JS, key) for key in expected}
    assert drawn == expected
    # Airstrips: the authorized ones are markers, the three clandestine ones ONE uncertainty
    # circle (they are known only to the district), not three pins on the legal aerodrome.
    assert page.evaluate(
        "() => document.querySelectorAll('.leaflet-overlay-pane path.gh-layer-airstrips')"
        ".length") == 1
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
    assert len(tips) == 1
    radius, text = tips[0]
    assert radius == 15_000
    assert text.startswith("3 clandestine strips: somewhere in this circle")
    assert "± 15 km (district precision" in text
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
        strips = layers.load("airstrips")
        # every located strip, plus ONE uncertainty area for the district-precision ones
        expected = int((strips["precision"] != "district").sum()) + int((strips["precision"] == "district").any())
        assert frame.evaluate(COUNT_JS, "airstrips") == expected
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "maps-jupyter-offline.png"))
    finally:
        page.close()
    assert blocked == []


# ------------------------------------------------------------------ the published map

VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}
#: What the attribution control must say for the default map's layers (OpenStreetMap's ODbL
#: asks for "© OpenStreetMap contributors"; GeoNames' CC-BY for credit; Natural Earth and
#: UNODC/DEVIDA are credited as the sources of the basemap and the figures).
ATTRIBUTIONS = ("© OpenStreetMap contributors", "ODbL", "Natural Earth", "UNODC/DEVIDA",
                "GeoNames", "CC-BY")
VISIBLE_TEXT_JS = """() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const n = walker.currentNode, t = n.nodeValue.trim(), e = n.parentElement;
        if (!t || !e || e.closest('script, style')) continue;
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        if (r.width === 0 || r.height === 0 || s.visibility === 'hidden') continue;
        out.push(t);
    }
    for (const e of document.querySelectorAll('[title], [aria-label]')) {  // hover titles too
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        for (const a of ['title', 'aria-label']) { if (e.getAttribute(a)) out.push(e.getAttribute(a).trim()); }
    }
    return out;
}"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for lang in ("en", "es"):
        path = tmp_path_factory.mktemp(lang) / f"huallaga-{lang}.html"
        assert main(["map", "--lang", lang, "--out", str(path)]) == 0
        out[lang] = path
    return out


def _open_at(browser: Any, path: Path, size: tuple[int, int]) -> Visit:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    visit = Visit(page)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else (visit.blocked.append(r.request.url), r.abort()))
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("() => window.ghHuallaga && ghHuallaga.shownLabels !== undefined")
    return visit


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_default_map_as_published(browser: Any, published: dict[str, Path], lang: str,
                                  screen: str) -> None:
    visit = _open_at(browser, published[lang], VIEWPORTS[screen])
    page = visit.page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"maps-{lang}-{screen}.png"))
    # The ends of every land and air corridor and the departure port of the sea corridors are
    # inside the map and under no panel (title, legend, layer list, attribution).
    corridors = layers.load("corridors")
    ends = []
    for mode, g in zip(corridors["mode"], corridors.geometry, strict=True):
        xy = shapely.get_coordinates(g)
        ends += [xy[0]] if mode == "sea" else [xy[0], xy[-1]]
    hidden = page.evaluate("""ends => {
        const m = Object.values(window).find(v => { try { return v instanceof L.Map; } catch (e) { return false; } });
        const mr = m.getContainer().getBoundingClientRect(), size = m.getSize(), out = [];
        const panels = [...document.querySelectorAll('.leaflet-control')].map(c => c.getBoundingClientRect());
        for (const [lon, lat] of ends) {
            const p = m.latLngToContainerPoint([lat, lon]);
            const x = p.x + mr.left, y = p.y + mr.top;
            if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y ||
                panels.some(r => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) {
                out.push([lon, lat]);
            }
        }
        return out;
    }""", [list(map(float, e)) for e in ends])
    assert hidden == []
    # Labels: some shown, none on top of another or of a panel.
    boxes = page.evaluate("""() => [...document.querySelectorAll('.gh-label')]
        .filter(e => e.style.display !== 'none').map(e => { const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, e.textContent]; })""")
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    # On a phone the legend and the layer list start closed; on a desktop, open.
    legend_open = page.evaluate("() => document.querySelector('.gh-legend details').open")
    layers_open = page.evaluate("() => document.querySelector('.leaflet-control-layers')"
                                ".classList.contains('leaflet-control-layers-expanded')")
    assert (legend_open, layers_open) == ((True, True) if screen == "desktop" else (False, False))
    assert visit.errors == []
    assert visit.blocked == []
    page.close()


def test_every_source_on_screen_is_credited(browser: Any, published: dict[str, Path]) -> None:
    visit = _open_at(browser, published["en"], VIEWPORTS["desktop"])
    page = visit.page
    text = page.inner_text(".leaflet-control-attribution")
    assert [a for a in ATTRIBUTIONS if a not in text] == []
    # a layer switched off takes its credit away; back on, it returns
    osm = "© OpenStreetMap contributors"
    page.evaluate("() => { const m = ghHuallaga.layers.roads._map; m.removeLayer(ghHuallaga.layers.roads); }")
    assert osm not in page.inner_text(".leaflet-control-attribution")
    page.click(".leaflet-control-layers-overlays label:has-text('Roads') input")
    assert osm in page.inner_text(".leaflet-control-attribution")
    page.close()


def test_popups_tooltips_year_and_focus(browser: Any, published: dict[str, Path]) -> None:
    zones = layers.load("coca_zones").set_index("name")
    visit = _open_at(browser, published["en"], VIEWPORTS["desktop"])
    page = visit.page
    read = """name => {
        let out = null;
        ghHuallaga.layers.coca_zones.eachLayer(l => {
            const t = l.getTooltip().getContent().textContent;
            if (t.startsWith(name + ' \u00b7')) {
                l.openPopup();
                const el = l.getPopup().getElement();
                const rows = [...el.querySelectorAll('tr')].map(r => [r.cells[0].textContent, r.cells[1].textContent]);
                out = {tip: t, rows: rows, src: el.querySelector('.gh-popup-src').textContent};
                l.closePopup();
            }
        });
        return out;
    }"""
    got = page.evaluate(read, "Alto Huallaga")
    rows = dict(got["rows"])
    # labels, not column names; thousands separated (13025 ha in the layer file)
    assert rows["Hectares 2010"] == f"{int(zones.loc['Alto Huallaga', 'ha_2010']):,} ha" == "13,025 ha"
    assert "ha_2010" not in rows and "source" not in rows
    assert got["src"].startswith("Sources: UNODC")
    # The hover label follows the year: Alto Huallaga has no 2022 figure, VRAEM has 35106 ha.
    page.select_option(".gh-legend select", "2022")
    assert page.evaluate(read, "Alto Huallaga")["tip"] == "Alto Huallaga · no figure for 2022"
    vraem = "VRAEM (Apurímac-Ene-Mantaro)"
    assert page.evaluate(read, vraem)["tip"] == f"{vraem} · 35,106 ha (2022)"
    assert int(zones.loc[vraem, "ha_2022"]) == 35106
    # Clicking a zone leaves no focus outline.
    page.evaluate("() => ghHuallaga.layers.coca_zones.eachLayer(l => l.getElement().focus())")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "none"
    assert visit.errors == []
    page.close()


def _english_patterns() -> list[Any]:
    """The catalogue's msgids whose Spanish differs, as patterns a visible text must not match."""
    import re

    from babel.messages.pofile import read_po

    from geo_huallaga import i18n

    with (i18n.LOCALE_DIR / "es/LC_MESSAGES/geo_huallaga.po").open("rb") as f:
        catalog = read_po(f)
    out = []
    for m in catalog:
        if not m.id or m.string == m.id:
            continue
        parts = re.split(r"\{\w+\}", str(m.id))
        out.append((m.id, re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$")))
    return out


def test_no_english_left_on_the_spanish_map(browser: Any, published: dict[str, Path]) -> None:
    visit = _open_at(browser, published["es"], VIEWPORTS["desktop"])
    page = visit.page
    texts = page.evaluate(VISIBLE_TEXT_JS)
    # every tooltip and pop-up, opened one by one
    texts += page.evaluate("""() => {
        const out = [];
        for (const key in ghHuallaga.layers) {
            ghHuallaga.layers[key].eachLayer(l => {
                l.openTooltip(); const t = l.getTooltip().getElement();
                if (t) out.push(...t.innerText.split(' \u00b7 ')); l.closeTooltip();
                l.openPopup(); const p = l.getPopup().getElement();
                if (p) p.querySelectorAll('th, .gh-popup-title').forEach(e => out.push(e.textContent));
                l.closePopup();
            });
        }
        return out;
    }""")
    assert len(texts) > 200
    patterns = _english_patterns()
    assert any(p.match("Hectares 2010") for _, p in patterns)  # the check can fail
    english = sorted({t for t in texts for msgid, pat in patterns if t == msgid or pat.match(t)})
    assert english == []
    assert "Leyenda" in texts and "Hectáreas 2010" in texts  # and the Spanish is there
    assert visit.errors == []
    page.close()
