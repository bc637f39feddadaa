"""KML/KMZ/GeoPackage export: GDAL reads what we write, names and colours survive."""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import LineString, Point

from geo_huallaga import export, maps
from geo_huallaga.cli import main
from geo_huallaga.errors import LayerValidationError

LAYERS = Path(__file__).resolve().parent.parent / "layers"
NS = {"k": "http://www.opengis.net/kml/2.2"}


def _names_in(name: str) -> list[str]:
    data = json.loads((LAYERS / f"{name}.geojson").read_text(encoding="utf-8"))
    return [f["properties"]["name"] for f in data["features"]]


def _kml_color(hex_rgb: str, opacity: float) -> str:
    # KML colours are aabbggrr: e.g. #8c510a at opacity 0.85 -> alpha 0.85*255 = 216.75 -> 217 = d9
    return f"{round(opacity * 255):02x}{hex_rgb[5:7]}{hex_rgb[3:5]}{hex_rgb[1:3]}"


def _map_styles(html: str) -> dict[str, dict[str, dict[str, object]]]:
    """Styles per layer key, as the rendered map page carries them."""
    out = {}
    for m in re.finditer(r"ghHuallaga\.layer\((\{.*?\})\);", html):
        spec = json.loads(m.group(1))
        out[spec["key"]] = spec["styles"]
    return out


@pytest.mark.parametrize("name", ["places", "airstrips", "rivers", "departments"])
def test_kml_opens_in_gdal_with_every_placemark_named(tmp_path: Path, name: str) -> None:
    out = export.export_layer(name, tmp_path / f"{name}.kml")
    layer = pyogrio.list_layers(out)[0][0]
    read = pyogrio.read_dataframe(out, layer=layer)
    assert sorted(read["Name"]) == sorted(_names_in(name))
    assert read.crs.to_epsg() == 4326


def test_kmz_opens_in_gdal_and_is_byte_identical(tmp_path: Path) -> None:
    a = export.export_layer("corridors", tmp_path / "a.kmz")
    b = export.export_layer("corridors", tmp_path / "b.kmz")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert zf.namelist() == ["doc.kml"]
        assert zf.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)
    names = []
    for layer, _ in pyogrio.list_layers(a):
        names += list(pyogrio.read_dataframe(a, layer=layer)["Name"])
    assert sorted(names) == sorted(_names_in("corridors"))


def test_kml_colours_equal_the_map_s(tmp_path: Path) -> None:
    html = maps.render_html(maps.build_map(layers=["roads", "corridors"], route_corridors=False))
    styles = _map_styles(html)
    land = styles["land_corridors"]["*"]
    out = export.export_layer("corridors", tmp_path / "c.kml")
    root = ET.parse(out).getroot()
    folder = next(f for f in root.iter(f"{{{NS['k']}}}Folder") if f.findtext("k:name", namespaces=NS) == "Land corridors")
    url = folder.find("k:Placemark/k:styleUrl", NS).text.lstrip("#")  # type: ignore[union-attr]
    style = next(s for s in root.iter(f"{{{NS['k']}}}Style") if s.get("id") == url)
    assert style.findtext("k:LineStyle/k:color", namespaces=NS) == _kml_color(str(land["color"]), float(land["opacity"]))
    assert land["color"] == "#8c510a"  # the map's land-corridor brown
    road = styles["roads"]["*"]
    kml = export.export_layer("roads", tmp_path / "r.kml").read_text(encoding="utf-8")
    assert f"<LineStyle><color>{_kml_color(str(road['color']), float(road['opacity']))}</color>" in kml


def test_kml_escapes_names_and_descriptions(tmp_path: Path) -> None:
    evil = 'A & <b>"B"</b> ]]> {{ 7*7 }}'
    gdf = gpd.GeoDataFrame({"name": [evil], "note": ["<script>alert(1)</script>"]},
                           geometry=[Point(-76.0, -9.3)], crs=4326)
    src = tmp_path / "evil.geojson"
    gdf.to_file(src, driver="GeoJSON")
    out = export.export_layer(src, tmp_path / "evil.kml")
    root = ET.parse(out).getroot()  # well-formed XML
    pm = next(root.iter(f"{{{NS['k']}}}Placemark"))
    assert pm.findtext("k:name", namespaces=NS) == evil
    desc = pm.findtext("k:description", namespaces=NS) or ""
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in desc  # shown as text by Google Earth
    assert "<script>" not in desc
    assert pyogrio.read_dataframe(out)["Name"].tolist() == [evil]


def test_gpkg_carries_a_qgis_style_with_the_map_colours(tmp_path: Path) -> None:
    out = export.export_layer("places", tmp_path / "places.gpkg")
    con = sqlite3.connect(out)
    try:
        assert con.execute("pragma integrity_check").fetchall() == [("ok",)]
        contents = dict(con.execute("select table_name, data_type from gpkg_contents").fetchall())
        assert contents == {"places": "features", "layer_styles": "attributes"}
        rows = con.execute("select f_table_name, f_geometry_column, useAsDefault, styleQML, styleSLD "
                           "from layer_styles").fetchall()
    finally:
        con.close()
    assert len(rows) == 1
    table, geom_col, default, qml, sld = rows[0]
    assert (table, geom_col, default) == ("places", "geom", 1)
    ET.fromstring(qml.split("\n", 1)[1])  # well-formed after the DOCTYPE line
    ET.fromstring(sld.encode("utf-8"))
    # the map draws towns as white dots with a #333333 ring: 51,51,51 and 255,255,255 in QGIS terms
    html = maps.render_html(maps.build_map(layers=["places"]))
    town = _map_styles(html)["places"]["town"]
    assert (town["color"], town["fillColor"]) == ("#333333", "#ffffff")
    assert 'attr="kind"' in qml
    assert '<prop k="color" v="255,255,255,255"/><prop k="outline_color" v="51,51,51,230"/>' in qml
    assert "<se:SvgParameter name=\"fill\">#ffffff</se:SvgParameter>" in sld
    read = pyogrio.read_dataframe(out, layer="places")
    assert len(read) == len(_names_in("places"))


def test_gpkg_is_byte_identical_on_rerun(tmp_path: Path) -> None:
    a = export.export_layer("rivers", tmp_path / "a.gpkg")
    b = export.export_layer("rivers", tmp_path / "b.gpkg")
    assert a.read_bytes() == b.read_bytes()


def test_mixed_geometries_cannot_go_to_one_gpkg_table(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame({"name": ["p", "l"]}, geometry=[Point(0, 0), LineString([(0, 0), (1, 1)])], crs=4326)
    with pytest.raises(LayerValidationError, match="one geometry type"):
        export.export(gdf, tmp_path / "x.gpkg", name="x")
    assert not (tmp_path / "x.gpkg").exists()


def test_cli_export_route_writes_named_legs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "route.kml"
    assert main(["export", "route", "Tingo María", "Iscozacín", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    read = pyogrio.read_dataframe(out)
    assert len(read) >= 1
    assert all("→" in n for n in read["Name"])
    assert read["Name"].iloc[0].startswith("Tingo María")


def test_cli_export_of_route_out_geojson_is_styled_as_corridors(tmp_path: Path) -> None:
    legs = tmp_path / "legs.geojson"
    assert main(["route", "Tingo María", "Iscozacín", "--out", str(legs)]) == 0
    out = tmp_path / "legs.kml"
    assert main(["export", str(legs), "--out", str(out)]) == 0
    assert f"<color>{_kml_color('#8c510a', 0.85)}</color>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".png", ".geojson", ""])
def test_cli_refuses_other_extensions(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    assert main(["export", "places", "--out", str(tmp_path / f"x{suffix}")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "use .kml, .kmz, .gpkg" in err[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_to_overwrite_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.gpkg"
    export.export_layer("places", src)
    before = src.read_bytes()
    assert main(["export", str(src), "--out", str(src)]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert src.read_bytes() == before


def test_cli_export_of_reach_out_is_styled_as_reach_areas(tmp_path: Path) -> None:
    areas = tmp_path / "areas.geojson"  # the name says nothing: the columns do
    assert main(["reach", "SPEN", "--aircraft", "cessna-210", "--hours", "2.5", "--out", str(areas)]) == 0
    out = tmp_path / "areas.kml"
    assert main(["export", str(areas), "--out", str(out)]) == 0
    html = maps.render_html(maps.build_map({"reach": maps.reach_layer([("SPEN", "cessna-210", 2.5)])},
                                           layers=["reach"]))
    reach = _map_styles(html)["reach"]["*"]
    kml = out.read_text(encoding="utf-8")
    assert f"<PolyStyle><color>{_kml_color(str(reach['fillColor']), float(reach['fillOpacity']))}</color>" in kml
    assert "<name>Reach areas</name>" in kml


def test_an_exported_gpkg_reads_back_without_naming_its_layer(tmp_path: Path) -> None:
    # layer_styles is a plain table: the one spatial layer is the one to read
    gpkg = export.export_layer("departments", tmp_path / "d.gpkg")
    assert sorted(str(n) for n in pyogrio.list_layers(gpkg)[:, 0]) == ["departments", "layer_styles"]
    out = export.export_layer(gpkg, tmp_path / "d.kml")
    assert sorted(pyogrio.read_dataframe(out)["Name"]) == sorted(_names_in("departments"))


def test_coca_zones_keep_the_map_s_choropleth_colours(tmp_path: Path) -> None:
    html = maps.render_html(maps.build_map(layers=["coca_zones"]))
    spec = next(json.loads(m.group(1)) for m in re.finditer(r"ghHuallaga\.layer\((\{.*?\})\);", html)
                if json.loads(m.group(1))["key"] == "coca_zones")
    ch = spec["choropleth"]
    col = ch["cols"][ch["year"]]
    opacity = float(spec["styles"]["*"]["fillOpacity"])

    def page_colour(v: float | None) -> str:  # the page's colorFor, written out
        if v is None:
            return str(ch["nodata"])
        for k, b in enumerate(ch["breaks"]):
            if v <= b:
                return str(ch["colors"][k])
        return str(ch["colors"][-1])

    expected = {row[spec["keys"].index("name")]: page_colour(row[col]) for row in spec["rows"]}
    assert len(set(expected.values())) > 1  # the zones really are told apart
    root = ET.parse(export.export_layer("coca_zones", tmp_path / "z.kml")).getroot()
    styles = {s.get("id"): s.findtext("k:PolyStyle/k:color", namespaces=NS) for s in root.iter(f"{{{NS['k']}}}Style")}
    for pm in root.iter(f"{{{NS['k']}}}Placemark"):
        url = (pm.findtext("k:styleUrl", namespaces=NS) or "").lstrip("#")
        assert styles[url] == _kml_color(expected[pm.findtext("k:name", namespaces=NS)], opacity)
    gpkg = export.export_layer("coca_zones", tmp_path / "z.gpkg")
    con = sqlite3.connect(gpkg)
    try:
        qml = con.execute("select styleQML from layer_styles").fetchone()[0]
    finally:
        con.close()
    column = spec["keys"][col]
    assert f"filter='\"{column}\" IS NULL'" in qml
    first = str(ch["colors"][0])
    rgb = ",".join(str(int(first[i:i + 2], 16)) for i in (1, 3, 5))
    assert f'<prop k="color" v="{rgb},{round(opacity * 255)}"/>' in qml


def test_sea_corridors_are_exported_along_the_shipping_lanes(tmp_path: Path) -> None:
    # The layer stores Paita – Rotterdam as its two ends; the map traces it through the Panama
    # Canal (about 79.9° W, 9.1° N), and so must the export: no straight line across the Andes.
    out = export.export_layer("corridors", tmp_path / "c.kml")
    read = pyogrio.read_dataframe(out, layer="Sea corridors")
    line = read.loc[read["Name"] == "Paita – Rotterdam", "geometry"].iloc[0]
    xy = shapely.get_coordinates(line)
    assert len(xy) > 20
    assert any(-80.5 <= x <= -79.0 and 8.5 <= y <= 9.8 for x, y in xy)


_QGIS_PROBE = """
import os
import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(sys.argv[1] + "|layername=" + sys.argv[2], sys.argv[2], "ogr")
message, ok = layer.loadDefaultStyle()
renderer = layer.renderer()
print(layer.isValid(), ok, renderer.type())
for c in renderer.categories():
    print(c.value(), c.symbol().color().name(), c.symbol().color().alpha())
sys.stdout.flush()
os._exit(0)  # QGIS may crash while tearing down headless; the answer is already out
"""


def test_qgis_opens_the_gpkg_with_the_map_s_colours(tmp_path: Path) -> None:
    # QGIS itself (Debian's python3-qgis, run by the system Python), when it is installed.
    import subprocess

    python = Path("/usr/bin/python3")
    if not python.exists() or subprocess.run([python, "-c", "import qgis.core"], capture_output=True).returncode:
        pytest.skip("QGIS is not installed (apt-get install python3-qgis)")
    gpkg = export.export_layer("corridors", tmp_path / "c.gpkg")
    done = subprocess.run([python, "-c", _QGIS_PROBE, str(gpkg), "corridors"], capture_output=True, text=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          timeout=300, check=True)
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "True True categorizedSymbol"  # valid layer, default style loaded from the GeoPackage
    # the map's corridor colours: land #8c510a at 0.85 (217/255), sea #01665e at 0.85, air #c51b7d at 0.9 (230)
    assert lines[1:4] == ["land #8c510a 217", "sea #01665e 217", "air #c51b7d 230"]
