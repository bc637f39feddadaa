"""The ``layers``, ``validate`` and ``place`` commands: output contracts and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo_huallaga.cli import main

DATA = Path(__file__).parent / "data"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_layers_json_lists_all_six(capsys):
    code, out, err = run(capsys, "layers", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["airstrips", "coca_zones", "corridors", "countries", "departments", "places", "rivers", "roads"]
    for r in rows:
        assert r["features"] > 0 and r["geometry_type"]


def test_place_json_keys(capsys):
    code, out, _ = run(capsys, "place", "Iscozacin", "--json")
    assert code == 0
    assert json.loads(out) == {
        "id": "iscozacin", "name": "Iscozacín", "lat": -10.1842, "lon": -75.1481, "kind": "town",
        "country": "PER", "source": "ubigeo-peru-aumentado, ubigeo_distrito.csv (CEPLAN/INEI district capitals)",
        "precision": "locality", "population": None, "alternatives": [],
    }


def test_unknown_place_one_line_exit_1(capsys):
    code, out, err = run(capsys, "place", "Tingo Mara")
    assert code == 1 and out == ""
    assert err == "geo-huallaga: error: unknown place 'Tingo Mara'; did you mean 'Tingo María'?\n"


def test_validate_valid_file(capsys):
    code, out, _ = run(capsys, "validate", str(DATA / "layers_xss_places.geojson"), "--kind", "places")
    assert code == 0 and "valid (2 features)" in out


@pytest.mark.parametrize(
    ("fixture", "extra", "message"),
    [
        ("layers_malformed.geojson", [], "cannot read as a vector layer"),
        ("layers_empty.geojson", [], "layer is empty"),
        ("layers_metres_as_degrees.geojson", [], "coordinates look like metres"),
        ("layers_out_of_range.geojson", [], "lat/lon swapped?"),
        ("layers_swapped_at_sea.geojson", [], "lat/lon swapped?"),
        ("layers_invalid_polygon.geojson", [], "invalid polygon: Self-intersection"),
        ("layers_wrong_geometry.geojson", ["--kind", "coca_zones"], "geometry is Point"),
        ("layers_missing_property.geojson", ["--kind", "places"], "missing required property 'country'"),
        ("layers_duplicate_ids.geojson", [], "duplicate id 'tingo-maria'"),
        ("layers_projected_no_crs.shp", [], "has no CRS"),
        ("nope.geojson", [], "no such file"),
    ],
)
def test_validate_bad_files_exit_1_one_line_each(capsys, fixture, extra, message):
    code, _, err = run(capsys, "validate", str(DATA / fixture), *extra)
    assert code == 1
    lines = err.strip().splitlines()
    assert any(message in line for line in lines)
    assert "Traceback" not in err
    assert all(str(DATA / fixture) in line for line in lines)


def test_validate_reprojection_is_a_note(capsys):
    code, _out, err = run(capsys, "validate", str(DATA / "layers_utm18s.geojson"), "--kind", "places")
    assert code == 0
    assert "note: " in err and "reprojected from EPSG:32718" in err


def test_validate_repair_writes_a_copy(capsys, tmp_path):
    src = DATA / "layers_invalid_polygon.geojson"
    before = src.read_bytes()
    out_path = tmp_path / "fixed.geojson"
    code, out, _ = run(capsys, "validate", str(src), "--repair", "--out", str(out_path))
    assert code == 0 and "valid after repair" in out
    assert out_path.exists() and src.read_bytes() == before


def test_usage_error_exit_2(capsys):
    code, _, err = run(capsys, "validate")
    assert code == 2 and "usage error" in err


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("geo-huallaga ")


def test_python_dash_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "geo_huallaga", "place", "SPEN"], capture_output=True, text=True,
                          check=False, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert "Iscozacín aerodrome" in proc.stdout


def test_southern_lat_lon_is_a_value_not_an_option(capsys):
    code, out, err = run(capsys, "place", "-9.2981,-76.0006", "--json")
    assert code == 0, err
    assert json.loads(out)["lon"] == -76.0006


def test_validate_names_the_layers_of_a_multi_layer_file(capsys):
    code, _, err = run(capsys, "validate", str(DATA / "layers_two_layers.gpkg"))
    assert code == 1
    assert err.count("\n") == 1 and "holds 2 layers (pts, polys)" in err
    code, out, _ = run(capsys, "validate", f"{DATA / 'layers_two_layers.gpkg'}|layername=polys")
    assert code == 0 and "valid (1 feature)" in out


def test_validate_plain_table_is_one_line(capsys):
    code, _, err = run(capsys, "validate", str(DATA / "layers_table.csv"))
    assert code == 1
    assert err.strip().endswith("has no geometry column (a plain table?); give a vector file with geometries")
    assert "internal error" not in err


def test_validate_repair_refuses_to_overwrite_input(capsys, tmp_path):
    src = tmp_path / "bad.geojson"
    src.write_bytes((DATA / "layers_invalid_polygon.geojson").read_bytes())
    before = src.read_bytes()
    code, _, err = run(capsys, "validate", str(src), "--repair", "--out", str(src))
    assert code == 1 and "refusing to overwrite an input file" in err
    assert src.read_bytes() == before
