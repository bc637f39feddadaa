"""geo_huallaga.maps without a browser: escaping, determinism, offline inlining, manifest."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import folium
import geopandas as gpd
import pytest
from folium.plugins import MiniMap
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, Point

from geo_huallaga import layers, maps
from geo_huallaga.cli import main
from geo_huallaga.errors import MapBuildError

DATA = Path(__file__).parent / "data"
XSS = DATA / "layers_xss_places.geojson"
SHAPES = DATA / "maps_shapes.geojson"
ASSETS = maps.ASSETS_DIR
URL = re.compile(r"https?://[^\s\"'<>()\\,;]+")


def _pts(names: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": names, "kind": ["town"] * len(names), "source": ["test"] * len(names)},
        geometry=[Point(-76.0 + i * 0.1, -9.3) for i in range(len(names))],
        crs=4326,
    )


def _vendored_urls() -> set[str]:
    """URLs written in the vendored libraries and folium's templates (comments, doc links)."""
    found: set[str] = set()
    for f in Path(folium.__file__).parent.rglob("*.py"):
        found |= set(URL.findall(f.read_text(encoding="utf-8")))
    found -= {u for u in found if u.endswith((".js", ".css"))}  # those must be inlined
    for f in ASSETS.rglob("*"):
        if f.suffix in {".js", ".css"}:
            found |= set(URL.findall(f.read_text(encoding="utf-8")))
    found |= set(URL.findall(maps.RUNTIME_JS.read_text(encoding="utf-8")))
    return found


# ------------------------------------------------------------------ encoding


def test_polyline_matches_googles_documented_example() -> None:
    # developers.google.com/maps/documentation/utilities/polylinealgorithm:
    # (38.5, -120.2), (40.7, -120.95), (43.252, -126.453) -> "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    coords = [(-120.2, 38.5), (-120.95, 40.7), (-126.453, 43.252)]
    assert maps.encode_polyline(coords) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_polyline_single_point_and_large_values() -> None:
    # Same documentation: -179.9832104 encodes as "`~oia@" (lat first, so put it as latitude
    # is impossible; check the longitude half of a pair instead): 0 -> "?".
    assert maps.encode_polyline([(-179.98321, 0.0)]) == "?`~oia@"


# ------------------------------------------------------------------ escaping


def test_property_text_never_reaches_the_page_as_markup() -> None:
    evil = ["<img src=x onerror=alert(1)>", "</script><script>window.__pwned=1</script>",
            "{{ 7*7 }}", "a & b"]
    page = maps.render_html(maps.build_map({"places": _pts(evil)}, layers=["places"]))
    assert "<img src=x" not in page
    assert "window.__pwned=1</script>" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    # branca re-renders macro output as a Jinja template: "{{ 7*7 }}" must not become 49.
    assert "{{ 7*7 }}" in page
    assert "a \\u0026 b" in page


def test_user_layer_name_is_escaped_for_the_layer_control() -> None:
    m = maps.build_map({}, layers=[])
    maps.add_layer(m, _pts(["x"]), name="<b onmouseover=alert(1)>{{ 7*7 }}</b>")
    page = maps.render_html(m)
    assert "<b onmouseover" not in page
    # Leaflet shows layer names as HTML: escaped here, then JSON-encoded by folium's tojson.
    escaped = "&lt;b onmouseover=alert(1)&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;"
    assert escaped.replace("&", "\\u0026") in page


def test_title_is_escaped() -> None:
    page = maps.render_html(maps.build_map({}, layers=[], title="</title><script>x()</script>"))
    assert "<title>&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>" in page


# ------------------------------------------------------------------ determinism


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    a = maps.save_map(maps.build_map({"places": _pts(["a", "b"])}, layers=["places"]),
                      tmp_path / "a.html")
    b = maps.save_map(maps.build_map({"places": _pts(["a", "b"])}, layers=["places"]),
                      tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()
    assert not re.search(r"_[0-9a-f]{32}\b", a.read_text(encoding="utf-8"))


def test_cli_default_map_twice_identical_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out1, out2 = tmp_path / "one.html", tmp_path / "two.html"
    assert main(["map", "--out", str(out1)]) == 0
    first = capsys.readouterr().out
    assert main(["map", "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert first.startswith(f"wrote {out1} (")
    # as many as the shipped files hold
    for name in ("places", "airstrips", "countries"):
        n = len(layers.load(name))
        assert re.search(rf"^{name}\s+{n}\s", first, re.M), name


def test_rendering_leaves_folium_classes_alone() -> None:
    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    m = maps.build_map({"places": _pts(["a"])}, layers=["places"])
    maps.render_html(m)
    maps.render_html(m, offline=False)
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before


# ------------------------------------------------------------------ offline


@pytest.mark.parametrize("online", [False, True])
def test_offline_page_loads_nothing_from_the_network(online: bool) -> None:
    m = maps.build_map({"places": _pts(["a"])}, layers=["places"], online=online)
    page = maps.render_html(m)
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"<link[^>]*\shref=\"https?:", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    extra = set(URL.findall(page)) - _vendored_urls()
    expected = {"https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                "https://www.openstreetmap.org/copyright"} if online else set()
    assert extra == expected


def test_online_false_links_the_cdn_copies() -> None:
    page = maps.render_html(maps.build_map({}, layers=[]), offline=False)
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">' in page


def test_default_marker_icons_are_data_uris() -> None:
    page = maps.render_html(maps.build_map({}, layers=[]))
    assert re.search(r'L\.Icon\.Default\.mergeOptions\(\{iconUrl:"data:image/png;base64,', page)


def test_asset_without_vendored_copy_fails_loudly() -> None:
    m = maps.build_map({}, layers=[])
    MiniMap().add_to(m)  # needs tiles: not vendored on purpose
    with pytest.raises(MapBuildError, match=r"no vendored copy of https://cdnjs.*Control\.MiniMap"):
        maps.render_html(m)


# ------------------------------------------------------------------ manifest


def test_manifest_covers_every_url_the_map_references() -> None:
    m = maps.build_map({"places": _pts(["a"])}, layers=["places"], online=True)
    page = maps.render_html(m, offline=False)
    referenced = set(re.findall(r'<script src="([^"]+)"', page))
    referenced |= set(re.findall(r'<link rel="stylesheet" href="([^"]+)"', page))
    assert len(referenced) >= 14
    assert referenced <= set(maps.asset_manifest()["urls"])


def test_manifest_files_and_licences_exist() -> None:
    man = json.loads((ASSETS / "manifest.json").read_text(encoding="utf-8"))
    for url, entry in man["urls"].items():
        if not entry["files"]:
            assert entry["omitted"], url
        for f in entry["files"]:
            assert (ASSETS / f).stat().st_size > 0, f
    for name, pkg in man["packages"].items():
        text = (ASSETS / pkg["license_file"]).read_text(encoding="utf-8")
        assert "Permission" in text or "License" in text or "LICENSE" in text, name
    # the versions folium 0.20.0 pins (folium/folium.py and its plugins)
    versions = {k: v["version"] for k, v in man["packages"].items()}
    assert versions["leaflet"] == "1.9.3"
    assert versions["jquery"] == "3.7.1"
    assert versions["bootstrap"] == "5.2.2"
    assert versions["@fortawesome/fontawesome-free"] == "6.2.0"
    assert versions["leaflet.fullscreen"] == "3.0.0"
    assert versions["leaflet-measure"] == "2.1.7"


def test_no_vendored_file_closes_its_element_early() -> None:
    for f in ASSETS.rglob("*.js"):
        assert "</script" not in f.read_text(encoding="utf-8").lower(), f


# ------------------------------------------------------------------ layers and errors


def test_counts_per_layer_and_user_layers() -> None:
    m = maps.build_map({"places": _pts(["a", "b", "c"])}, layers=["places"], add=[SHAPES, XSS])
    assert maps.drawn_counts(m) == {"places": 3, "user_1": 4, "user_2": 2}


def _off_geodesic_m(coords: list[tuple[float, float]], start: tuple[float, float],
                    end: tuple[float, float]) -> float:
    """Largest distance, m, from a vertex to GeographicLib's geodesic start -> end.

    Each vertex (lon, lat) is compared with the point of the geodesic at the same distance from
    the start (``GeodesicLine.Position``); for a vertex on the geodesic the two coincide.
    """
    geod = Geodesic.WGS84
    line = geod.InverseLine(start[1], start[0], end[1], end[0])
    worst = 0.0
    for lon, lat in coords:
        s = geod.Inverse(start[1], start[0], lat, lon)["s12"]
        assert s <= line.s13 + 1e-3  # never past the end
        on = line.Position(s)
        worst = max(worst, geod.Inverse(lat, lon, on["lat2"], on["lon2"])["s12"])
    return worst


ISCOZACIN, CRUZEIRO = (-75.15, -10.183), (-72.6776, -7.6276)


def test_off_geodesic_check_catches_a_straight_lon_lat_line() -> None:
    # A straight line in lon/lat between the same ends, 21 vertices: about 500 m off the geodesic
    # in the middle (0.004 deg); the check below must see that, or it proves nothing.
    straight = [(ISCOZACIN[0] + (CRUZEIRO[0] - ISCOZACIN[0]) * i / 20,
                 ISCOZACIN[1] + (CRUZEIRO[1] - ISCOZACIN[1]) * i / 20) for i in range(21)]
    assert _off_geodesic_m(straight, ISCOZACIN, CRUZEIRO) > 100.0
    assert _off_geodesic_m([ISCOZACIN, CRUZEIRO], ISCOZACIN, CRUZEIRO) < 1e-6


def test_air_corridors_follow_the_geodesic() -> None:
    # Iscozacín to Cruzeiro do Sul, checked against GeographicLib's geodesic; the arc gets a
    # vertex at least every 20 km, every one of them within 1 m of the geodesic.
    line = gpd.GeoDataFrame(
        {"name": ["x"], "mode": ["air"]},
        geometry=[LineString([ISCOZACIN, CRUZEIRO])], crs=4326)
    arcs = maps.air_arcs(line)
    inv = Geodesic.WGS84.Inverse(ISCOZACIN[1], ISCOZACIN[0], CRUZEIRO[1], CRUZEIRO[0])
    assert arcs["distance_km"].iloc[0] == pytest.approx(inv["s12"] / 1000, abs=0.05)
    coords = list(arcs.geometry.iloc[0].coords)
    assert len(coords) >= inv["s12"] / 20_000
    assert coords[0] == pytest.approx(ISCOZACIN) and coords[-1] == pytest.approx(CRUZEIRO)
    assert _off_geodesic_m(coords, ISCOZACIN, CRUZEIRO) < 1.0


def test_year_without_figures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["map", "--out", str(tmp_path / "m.html"), "--year", "1999"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert re.match(r"geo-huallaga: error: no coca hectares for 1999; years in coca_zones: 2004",
                    err[0])


def test_unknown_layer(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["map", "--out", str(tmp_path / "m.html"), "--layers", "places,nope"]) == 1
    assert "unknown map layer(s) nope; known:" in capsys.readouterr().err


def test_cultivation_needs_value_col(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["map", "--out", str(tmp_path / "m.html"), "--cultivation", str(SHAPES)]) == 1
    assert "--cultivation and --value-col go together" in capsys.readouterr().err


@pytest.mark.parametrize("spec", ["Iscozacin", "Iscozacin:cessna", "Iscozacin:cessna:x",
                                  "Iscozacin:cessna:0"])
def test_bad_reach_spec(spec: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["map", "--out", str(tmp_path / "m.html"), "--reach", spec]) == 1
    assert capsys.readouterr().err.startswith(f"geo-huallaga: error: --reach {spec!r}")


def test_missing_add_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["map", "--out", str(tmp_path / "m.html"), "--add", "nope.geojson"]) == 1
    assert "nope.geojson" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()


def test_value_col_colours_a_user_layer(tmp_path: Path) -> None:
    m = maps.build_map({}, layers=[])
    assert maps.add_layer(m, SHAPES, value_col="ha") == 4
    with pytest.raises(MapBuildError, match=r"no column 'hectares'; columns: id, name, ha"):
        maps.add_layer(m, SHAPES, value_col="hectares")


def test_cli_cultivation_draws_cells_and_zone_totals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geo_huallaga.cultivation import demo_grid_path

    grid = demo_grid_path()
    out = tmp_path / "m.html"
    code = main(["map", "--out", str(out), "--layers", "coca_zones", "--cultivation", str(grid),
                 "--value-col", "ha_2005"])
    assert code == 0
    text = capsys.readouterr().out
    n_cells, n_zones = len(layers.load(grid)), len(layers.load("coca_zones"))
    assert re.search(rf"^user_1\s+{n_cells}\s+demo_coca_grid.geojson \(SYNTHETIC\): cells$", text, re.M)
    assert re.search(rf"^user_2\s+{n_zones}\s+demo_coca_grid.geojson \(SYNTHETIC\): total per zone$", text,
                     re.M)


def test_jupyter_repr_is_complete_and_stable() -> None:
    # Jupyter calls _repr_html_: the legend and layer control must be there too.
    one = maps.build_map({"places": _pts(["a"])}, layers=["places"])._repr_html_()
    two = maps.build_map({"places": _pts(["a"])}, layers=["places"])._repr_html_()
    assert one == two
    page = html.unescape(one)  # folium puts the page in an iframe's srcdoc
    assert "ghHuallaga.legend(" in page
    assert "L.control.layers(" in page


def test_builtin_corridors_are_traced_not_straight() -> None:
    corridors = layers.load("corridors")
    routed = maps.routed_corridors(corridors)
    for (_, before), (_, after) in zip(corridors.iterrows(), routed.iterrows(), strict=True):
        assert not after["routed_as"].startswith("not routed"), after["routed_as"]
        if before["mode"] == "air":
            # a geodesic drawn with a vertex at least every 20 km (GeographicLib for the length)
            (lon1, lat1), (lon2, lat2) = before.geometry.coords[0], before.geometry.coords[-1]
            s12_km = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000
            assert after["length_km"] == pytest.approx(s12_km, abs=0.1)
            assert len(after.geometry.coords) >= s12_km / 20
            assert _off_geodesic_m(list(after.geometry.coords), (lon1, lat1), (lon2, lat2)) < 1.0
            assert after["time_h"] > 0


def test_notes_go_to_stderr_and_demo_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from geo_huallaga.cultivation import demo_grid_path

    # the demo grid has more cells than that; the CLI reads maps.MAX_CULTIVATION_CELLS, the drawing maps.draw
    monkeypatch.setattr(maps, "MAX_CULTIVATION_CELLS", 100)
    monkeypatch.setattr(maps.draw, "MAX_CULTIVATION_CELLS", 100)
    n_cells = len(layers.load(demo_grid_path()))
    assert n_cells > 100
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out), "--layers", "coca_zones", "--cultivation", "demo",
                 "--value-col", "ha_2005"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"geo-huallaga: note: demo has {n_cells:,} cells: drawn as zone totals only\n"
    lines = captured.out.splitlines()
    assert lines[0].startswith(f"wrote {out} (")
    assert lines[1].split() == ["layer", "features", "name"]
    assert "cells: drawn as zone totals only" not in captured.out
    n_zones = len(layers.load("coca_zones"))
    # only the zone totals: no cells layer
    assert re.search(rf"^user_1\s+{n_zones}\s+demo_coca_grid.geojson \(SYNTHETIC\): total per zone$",
                     captured.out, re.M)
    assert out.stat().st_size > 0


def test_cultivation_demo_is_the_shipped_grid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from geo_huallaga.cultivation import demo_grid_path

    by_name, by_path = tmp_path / "a.html", tmp_path / "b.html"
    base = ["map", "--layers", "coca_zones", "--value-col", "ha_2005", "--cultivation"]
    assert main([*base, "demo", "--out", str(by_name)]) == 0
    assert main([*base, str(demo_grid_path()), "--out", str(by_path)]) == 0
    assert capsys.readouterr().err == ""
    assert by_name.read_bytes() == by_path.read_bytes()


@pytest.mark.parametrize("spec", ["", ",,", " , "])
def test_empty_layers_is_refused(spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out), "--layers", spec]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"geo-huallaga: error: --layers {spec!r} names no layer; give one or more of: countries, "
        "departments, coca_zones, rivers, roads, land_corridors, sea_corridors, air_corridors, places, "
        "airstrips, corridors\n"
    )
    assert not out.exists()


def test_reach_origin_south_of_the_equator_as_lat_lon(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "-10.1842,-75.1481:..." starts with "-<digit>": a value, not an option (and no --reach=...).
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out), "--layers", "coca_zones",
                 "--reach", "-10.1842,-75.1481:cessna-210:2"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert re.search(r"^reach\s+1\s+Reach areas$", captured.out, re.M)
    # T210L by hand: climb 1,000 -> 10,000 ft at 500 ft/min = 0.3 h at 100 kt (30 nm), descent
    # 0.3 h at 165 kt (49.5 nm), cruise the other 1.4 h at 165 kt (231 nm): 310.5 nm = 575.0 km.
    radius_km = round((30 + 49.5 + 1.4 * 165) * 1.852, 1)
    assert radius_km == 575.0
    page = out.read_text(encoding="utf-8")
    row = '["cessna-210 from -10.1842,-75.1481, 2 h","-10.1842,-75.1481","cessna-210",2.0,'
    assert f'{row}{radius_km},"hours"' in page


def _copy(src: Path, dst: Path) -> bytes:
    dst.write_bytes(src.read_bytes())
    return dst.read_bytes()


def _refused(capsys: pytest.CaptureFixture[str], target: Path) -> None:
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"geo-huallaga: error: {target}: refusing to overwrite an input file; choose another --out\n"
    )


def test_out_may_not_overwrite_an_added_layer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "r.geojson"
    before = _copy(SHAPES, mine)
    assert main(["map", "--layers", "coca_zones", "--add", str(mine), "--out", str(mine)]) == 1
    _refused(capsys, mine)
    assert mine.read_bytes() == before
    # the same file spelled another way
    monkeypatch.chdir(tmp_path)
    assert main(["map", "--layers", "coca_zones", "--add", "./r.geojson", "--out", "r.geojson"]) == 1
    _refused(capsys, Path("r.geojson"))
    assert mine.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.geojson"]  # no temporary file left


def test_out_may_not_overwrite_the_cultivation_layer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geo_huallaga.cultivation import demo_grid_path

    grid = tmp_path / "c.geojson"
    before = _copy(demo_grid_path(), grid)
    assert main(["map", "--layers", "coca_zones", "--cultivation", str(grid), "--value-col", "ha_2005",
                 "--out", str(grid)]) == 1
    _refused(capsys, grid)
    assert grid.read_bytes() == before


# ------------------------------------------------------------------ honest geometry


def test_long_straight_edges_are_schematic() -> None:
    from geo_huallaga.maps.draw import SCHEMATIC_EDGE_KM, split_schematic

    # Along a meridian at the equator: 0.1 degree of latitude is 11.06 km and 1 degree is
    # 110.57 km on WGS84 (GeographicLib: 1 degree from 0 to 1 N = 110,574.4 m).
    line = LineString([(-75.0, 0.0), (-75.0, 0.1), (-75.0, 1.1), (-75.0, 1.2)])
    detailed, schematic = split_schematic(line)
    assert SCHEMATIC_EDGE_KM == 50.0
    assert round(Geodesic.WGS84.Inverse(0.1, -75.0, 1.1, -75.0)["s12"] / 1000, 1) == 110.6
    assert [list(g.coords) for g in schematic.geoms] == [[(-75.0, 0.1), (-75.0, 1.1)]]
    assert [len(g.coords) for g in detailed.geoms] == [2, 2]
    assert split_schematic(LineString([(-75.0, 0.0), (-75.0, 0.4)]))[1] is None  # 44 km: solid


def test_access_legs_and_schematic_roads_say_so() -> None:
    page = maps.render_html(maps.build_map(layers=["roads", "land_corridors"], lang="en"))
    # Tingo María → Iscozacín ends on the schematic Palcazu road (Oxapampa – Puerto Bermúdez –
    # Ciudad Constitución – Iscozacín), which the source lacks: dashed and said so.
    assert "schematic road (not in the source data): straight line of " in page
    assert "no road in the data: straight line" in page  # the legend's entry for dashed legs
    assert "schematic: the source has one straight line of " in page
    assert '"gh-straight-"' in page  # drawn with their own class, dashed


def test_roads_layer_draws_the_network_routes_run_on() -> None:
    # what is drawn is what land routes and corridors are routed on: the built-in network
    # (layers/road_network.geojson), not the 12 corridor sections of the `roads` layer
    network = layers.load(layers.data_dir() / maps.ROAD_NETWORK_FILE)
    m = maps.build_map(layers=["roads"], lang="en")
    assert maps.drawn_counts(m) == {"roads": len(network)}
    page = maps.render_html(m)
    # the schematic Palcazu sections: dashed, labelled with their name, and their tooltip gives
    # their length, here checked with GeographicLib on the section's two ends
    section = network[network["id"] == "schematic-oxapampa-puerto-bermudez"].iloc[0]
    (lon1, lat1), (lon2, lat2) = section.geometry.coords
    km = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000
    tip = f"schematic road (not in the source data): straight line of {km:.0f} km between towns"
    assert tip in page
    labels = page[page.index('"label":{"at":', page.index(tip)):]
    assert maps.script_json("schematic road") in labels[:labels.index("]}")]  # labelled as such
    assert '"schematic":{"shape":"dot","color":"#555555","weight":2.0,"opacity":0.9,' in page
    assert '"dashArray":"6 4"' in page
    assert "schematic road: not in the source, straight between towns" in page  # legend


def test_schematic_legs_of_a_corridor_are_not_also_drawn_solid() -> None:
    # Tingo María → Iscozacín ends on the schematic Palcazu road: the map draws those legs
    # dashed, so the corridor's solid line must leave them out (a dashed line over a solid one
    # of the same colour looks solid); the exported geometry keeps the whole route
    routed = maps.routed_corridors(layers.load("corridors"))
    row = routed.set_index("id").loc["huallaga-palcazu-land"]
    solid, dashed = row["_solid"], row["_schematic"]
    assert solid is not None and dashed is not None
    assert solid.intersection(dashed).length == 0.0  # they share end points, never a stretch
    assert solid.length + dashed.length == pytest.approx(row.geometry.length, rel=1e-9)


def test_roads_layer_is_byte_identical_between_builds() -> None:
    first = maps.render_html(maps.build_map(layers=["roads"], lang="en"))
    second = maps.render_html(maps.build_map(layers=["roads"], lang="en"))
    assert first == second


def test_clandestine_strips_are_one_area(tmp_path: Path) -> None:
    strips = layers.load("airstrips")
    m = maps.build_map(layers=["airstrips"], lang="en")
    assert maps.drawn_counts(m) == {"airstrips": len(strips)}  # counted as in the file
    page = maps.render_html(m)
    names = strips.loc[strips["status"] == "clandestine", "name"]
    assert "3 clandestine strips: somewhere in this circle" in page
    assert maps.script_json("; ".join(names))[1:-1] in page  # the pop-up lists the three


def test_synthetic_layer_says_so_in_the_legend() -> None:
    m = maps.build_map({}, layers=[], lang="en")
    maps.add_cultivation(m, "demo", value_col="ha_2005")
    assert all("(SYNTHETIC)" in name for name in maps.layer_names(m).values())
    assert "demo_coca_grid.geojson (SYNTHETIC): total per zone: ha_2005" in maps.render_html(m)


def test_title_and_subtitle_are_text(tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>{{ 7*7 }}"
    page = maps.render_html(maps.build_map({}, layers=[], title=hostile, subtitle=hostile))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&#123;&#123; 7*7 &#125;&#125;</title>" in page
    assert maps.script_json(hostile)[1:-1] in page  # shown with textContent by the runtime
