"""Built-in layers, loading and validation, place look-up, atomic writes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo_huallaga import layers
from geo_huallaga.errors import (
    DataFileNotFoundError,
    GeoHuallagaError,
    InvalidCoordinateError,
    LayerNotFoundError,
    LayerValidationError,
    PlaceNotFoundError,
)

DATA = Path(__file__).parent / "data"


def test_available_lists_the_six_layers():
    assert layers.available() == ["airstrips", "coca_zones", "corridors", "countries", "departments", "places", "rivers", "roads"]


@pytest.mark.parametrize("name", ["airstrips", "coca_zones", "corridors", "countries", "departments", "places", "rivers", "roads"])
def test_builtin_layer_is_valid_rfc7946(name):
    gdf = layers.load(name)
    assert len(gdf) > 0
    assert gdf.crs.to_epsg() == 4326
    raw = json.loads(layers.path_of(name).read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert "crs" not in raw  # RFC 7946: WGS84 lon/lat, no crs member
    ids = [f["properties"]["id"] for f in raw["features"]]
    assert len(ids) == len(set(ids))
    for f in raw["features"]:
        props = f["properties"]
        assert props["source"], f"{name}/{props['id']} has no source"
        assert props["precision"] in layers.PRECISIONS


def test_places_match_facts_table():
    # Coordinates copied from FACTS.md (ubigeo_distrito.csv / GeoNames), lat then lon as published there.
    expected = {
        "tingo-maria": (-9.2981, -76.0006),
        "iscozacin": (-10.1842, -75.1481),
        "paita": (-5.0931, -81.0994),
        "cruzeiro-do-sul": (-7.6276, -72.6776),
        "cobija": (-11.0267, -68.7692),
        "rotterdam": (51.9225, 4.4792),
    }
    places = layers.load("places").set_index("id")
    for pid, (lat, lon) in expected.items():
        geom = places.loc[pid, "geometry"]
        assert (geom.y, geom.x) == (lat, lon)


def test_clandestine_strips_are_never_presented_as_surveyed():
    strips = layers.load("airstrips")
    secret = strips[strips["status"] == "clandestine"]
    assert len(secret) == 3  # the article: "three clandestine air strips"
    assert set(secret["precision"]) == {"district"}
    assert secret["note"].str.contains("not public").all()
    authorized = strips[strips["status"] == "authorized"].set_index("icao")
    assert set(authorized.index) == {"SPEN", "SPPZ", "SPCC", "SPEZ"}


def test_coca_zones_carry_sourced_hectares():
    zones = layers.load("coca_zones").set_index("id")
    assert {"alto-huallaga", "vraem", "pichis-palcazu-pachitea", "aguaytia"} <= set(zones.index)
    # UNODC figures from FACTS.md section 4
    assert zones.loc["alto-huallaga", "ha_2010"] == 13025
    assert zones.loc["alto-huallaga", "ha_2004"] == 16900
    assert zones.loc["vraem", "ha_2022"] == 35106
    assert math.isnan(zones.loc["aguaytia", "ha_2010"])
    assert (zones["precision"] == "approximate").all()
    # the Monzón and Aucayacu clan areas lie inside the Alto Huallaga outline
    outline = zones.loc["alto-huallaga", "geometry"]
    assert outline.contains(Point(-76.3967, -9.2800)) and outline.contains(Point(-76.1161, -8.9322))


def test_unknown_layer_suggests_and_lists():
    with pytest.raises(LayerNotFoundError, match=r"did you mean 'places'\? built-in layers: airstrips"):
        layers.load("place")


def test_errors_inherit_builtins():
    assert issubclass(LayerNotFoundError, KeyError)
    assert issubclass(LayerValidationError, ValueError)
    assert issubclass(DataFileNotFoundError, FileNotFoundError)
    assert issubclass(InvalidCoordinateError, GeoHuallagaError)
    assert str(LayerNotFoundError("plain message")) == "plain message"


@pytest.mark.parametrize(
    ("fixture", "kind", "message"),
    [
        ("layers_malformed.geojson", None, r"cannot read as a vector layer: .*Unterminated object"),
        ("layers_empty.geojson", None, r"layer is empty \(no features\)"),
        ("layers_metres_as_degrees.geojson", None, r"declares EPSG:4326 \(degrees\) but its coordinates look like metres"),
        ("layers_out_of_range.geojson", None, r"feature 1 \(id 'bad'\): coordinate: latitude -176.001 out of range .*lat/lon swapped\?"),
        ("layers_swapped_at_sea.geojson", None, r"feature 0 \(id 'rotterdam'\): lies at sea \(lon 51.9225, lat 4.4792\) but would lie on land with lat and lon swapped \(3 of 3 features\); lat/lon swapped\?"),
        ("layers_invalid_polygon.geojson", None, r"feature 0 \(id 'bowtie'\): invalid polygon: Self-intersection"),
        ("layers_wrong_geometry.geojson", "coca_zones", r"geometry is Point, but a coca_zones layer holds Polygon or MultiPolygon"),
        ("layers_missing_property.geojson", "places", r"missing required property 'country' for a places layer"),
        ("layers_duplicate_ids.geojson", None, r"feature 1 \(id 'tingo-maria'\): duplicate id 'tingo-maria' \(also feature 0\)"),
        ("layers_projected_no_crs.shp", None, r"has no CRS and its coordinates are not degrees"),
    ],
)
def test_bad_files_are_refused_with_the_reason(fixture, kind, message):
    path = DATA / fixture
    before = path.read_bytes()
    with pytest.raises(LayerValidationError, match=message) as info:
        layers.load(path, kind=kind)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before  # inputs are never modified


def test_other_crs_is_reprojected_and_said():
    with pytest.warns(layers.ReprojectedWarning, match="reprojected from EPSG:32718 to EPSG:4326"):
        gdf = layers.load(DATA / "layers_utm18s.geojson", kind="places")
    tm = gdf.set_index("id").loc["tingo-maria", "geometry"]
    # the fixture holds Tingo María (-76.0006, -9.2981) projected to UTM 18S and rounded to 1 cm
    assert tm.x == pytest.approx(-76.0006, abs=1e-6)
    assert tm.y == pytest.approx(-9.2981, abs=1e-6)


def test_invalid_polygon_repaired_only_when_asked():
    gdf = layers.load(DATA / "layers_invalid_polygon.geojson", repair=True)
    geom = gdf.geometry.iloc[0]
    assert geom.is_valid and geom.geom_type == "MultiPolygon"
    # the bow-tie's two triangles, each half of a 1°x1° square's quarter... by hand: two triangles of 0.25 deg² each
    assert geom.area == pytest.approx(0.5)


def test_missing_file():
    with pytest.raises(DataFileNotFoundError, match="no such file"):
        layers.load(DATA / "nope.geojson")


@pytest.mark.parametrize(
    ("text", "pid"),
    [("Tingo Maria", "tingo-maria"), ("tingo maría", "tingo-maria"), ("TINGO-MARIA", "tingo-maria"),
     ("Iscozacin", "iscozacin"), ("SPEN", "spen"), ("sppz", "sppz"), ("Cobija", "cobija")],
)
def test_place_lookup_folds_case_and_accents(text, pid):
    assert layers.place(text).id == pid


def test_place_from_lat_lon_text():
    p = layers.place("-10.1842, -75.1481")
    assert (p.lon, p.lat, p.kind) == (-75.1481, -10.1842, "coordinate")


def test_place_unknown_suggests():
    with pytest.raises(PlaceNotFoundError, match=r"unknown place 'Iscosacin'; did you mean 'Iscozacín'\?"):
        layers.place("Iscosacin")


def test_place_swapped_lat_lon_text():
    # Berlin (52.52 N, 13.40 E) typed as "13.40,52.52" lies in the Arabian Sea: refused.
    with pytest.raises(InvalidCoordinateError, match=r'did you mean "52.52,13.4"\? lat/lon swapped\?'):
        layers.place("13.40,52.52")


def test_place_in_antarctica_that_looks_swapped_passes_with_a_note():
    # A Palcazu point (-10.1842, -75.1481) swapped lands on the Antarctic ice (land): valid, so only a note.
    with pytest.warns(layers.SwappedWarning, match=r'lies in Antarctica .*"-10.1842,-75.1481"'):
        p = layers.place("-75.1481,-10.1842")
    assert (p.lat, p.lon) == (-75.1481, -10.1842)


def test_a_layer_wholly_in_antarctica_that_looks_swapped_passes_with_a_note():
    with pytest.warns(layers.SwappedWarning, match="every feature lies in Antarctica"):
        gdf = layers.load(DATA / "layers_swapped.geojson")
    assert len(gdf) > 0


def test_place_out_of_range():
    with pytest.raises(InvalidCoordinateError, match=r"latitude 95 out of range"):
        layers.place("95,-75")


def test_write_is_deterministic_and_atomic(tmp_path):
    places = layers.load("places")
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    layers.write(places, a)
    layers.write(places, b)
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.geojson", "b.geojson"]  # no temporary left
    back = gpd.read_file(a)
    assert len(back) == len(places)
    assert "bbox" not in json.loads(a.read_text())["features"][0]


def test_write_failure_leaves_nothing(tmp_path):
    out = tmp_path / "out.xyz"
    with pytest.raises(LayerValidationError, match="unsupported output format"):
        layers.write(layers.load("places"), out)
    assert list(tmp_path.iterdir()) == []


def test_write_refuses_to_overwrite_input(tmp_path):
    src = tmp_path / "in.geojson"
    layers.write(layers.load("places"), src)
    before = src.read_bytes()
    with pytest.raises(LayerValidationError, match="refusing to overwrite an input file"):
        layers.write(layers.load("airstrips"), src, protect=[src])
    assert src.read_bytes() == before


@pytest.mark.parametrize("suffix", [".gpkg", ".fgb", ".parquet"])
def test_other_formats_round_trip(tmp_path, suffix):
    places = layers.load("places")
    out = layers.write(places, tmp_path / f"places{suffix}")
    back = layers.load(out, kind="places")
    assert list(back["id"]) == list(places["id"])


def test_multi_layer_file_needs_a_layer_name():
    path = DATA / "layers_two_layers.gpkg"
    with pytest.raises(LayerValidationError, match=r"holds 2 layers \(pts, polys\); name one as .*\|layername=pts"):
        layers.load(path)
    polys = layers.load(f"{path}|layername=polys")
    assert list(polys.geom_type) == ["Polygon"]
    assert list(layers.load(path, layer="pts")["id"]) == ["a"]


def test_table_without_geometry_is_refused():
    with pytest.raises(LayerValidationError, match=r"layers_table.csv: has no geometry column"):
        layers.load(DATA / "layers_table.csv")


def test_3d_wgs84_is_not_called_a_reprojection():
    # GDAL labels 3D GeoJSON EPSG:4979 (WGS84 with heights): the same lon/lat, so no warning
    # (warnings are errors in this suite) and the point is unchanged.
    gdf = layers.load(DATA / "layers_3d.geojson")
    assert gdf.crs.to_epsg() == 4326
    assert (gdf.geometry.iloc[0].x, gdf.geometry.iloc[0].y) == (-76.0006, -9.2981)


def test_duplicate_numeric_ids_print_plain_values():
    with pytest.raises(LayerValidationError, match=r"feature 1 \(id 1\): duplicate id 1 \(also feature 0\)"):
        layers.load(DATA / "layers_duplicate_int_ids.geojson")


def test_no_write_into_the_builtin_layers_folder():
    before = layers.path_of("roads").read_bytes()
    with pytest.raises(LayerValidationError, match="refusing to write into the built-in layers folder"):
        layers.write(layers.load("places"), layers.path_of("roads"))
    assert layers.path_of("roads").read_bytes() == before
    assert not list(layers.data_dir().glob(".*.tmp*"))


def test_output_under_a_file_is_refused(tmp_path):
    blocker = tmp_path / "file.geojson"
    blocker.write_text("{}")
    with pytest.raises(DataFileNotFoundError, match="is a file, not a folder"):
        layers.write(layers.load("places"), blocker / "x.geojson")


def test_geopackage_output_is_byte_identical(tmp_path):
    # GDAL stamps the write time into gpkg_contents.last_change; two writes a moment apart must still match
    import time

    places = layers.load("places")
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = layers.write(places, tmp_path / "one" / "places.gpkg").read_bytes()
    time.sleep(0.05)
    second = layers.write(places, tmp_path / "two" / "places.gpkg").read_bytes()
    assert first == second
