"""Tests for ``geo-huallaga overlay``: output, files written, and one-line errors for bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from _cli import one_line_error as _one_line_error
from _cli import run as _run
from shapely.geometry import box


def _cells_file(tmp_path: Path, values: list, name: str = "overlay_cells.geojson", **extra: list) -> Path:
    geoms = [box(-76.4 + 0.2 * i, -9.3, -76.3 + 0.2 * i, -9.2) for i in range(len(values))]  # 0.1° apart
    path = tmp_path / name
    gpd.GeoDataFrame({"ha": values, **extra}, geometry=geoms, crs=4326).to_file(path)
    return path


def test_demo_json_gives_21_3_percent_of_the_national_total(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "overlay", "demo", "--value-col", "ha_2010", "--national-total", "61200", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert {"zones", "total_input", "total_assigned", "unassigned"} <= set(doc)
    alto = next(z for z in doc["zones"] if z["id"] == "alto-huallaga")
    assert set(alto) == {"id", "name", "value", "share_of_total"}
    assert alto["value"] == pytest.approx(13025, rel=1e-9)  # UNODC 2010, quoted in the article
    assert round(100 * alto["share_of_total"], 1) == 21.3  # the article's 21.3 %
    assert doc["total_input"] == pytest.approx(13025, rel=1e-9)
    assert doc["unassigned"] == 0
    assert err == ""  # not a terminal: no progress bar


def test_table_output_shows_the_share(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "overlay", "demo", "--value-col", "ha_2010", "--national-total", "61200", "--quiet")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("alto-huallaga"))
    assert "13,025.00" in row
    assert row.rstrip().endswith("21.3")
    assert "unassigned 0.00" in out


def test_user_files_and_share_of_the_input_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, [4.0, 6.0])
    # Cells span lon [-76.4, -76.3] and [-76.2, -76.1]: the zone holds the first whole, misses the second.
    zones = tmp_path / "overlay_zones.gpkg"
    zone = box(-76.45, -9.4, -76.25, -9.1)
    gpd.GeoDataFrame({"code": ["z1"], "label": ["Zone 1"]}, geometry=[zone], crs=4326).to_file(zones)
    code, out, err = _run(
        capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones),
        "--zone-id-col", "code", "--zone-name-col", "label", "--json",
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["zones"] == [{"id": "z1", "name": "Zone 1", "value": 4.0, "share_of_total": 0.4}]
    assert (doc["total_input"], doc["total_assigned"], doc["unassigned"]) == (10.0, 4.0, 6.0)


def test_zone_names_default_to_name_else_id_and_a_missing_name_column_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = _cells_file(tmp_path, [4.0])
    zones = tmp_path / "overlay_zones_no_name.geojson"
    gpd.GeoDataFrame({"id": ["z1"], "label": ["Zone 1"]}, geometry=[box(-76.45, -9.4, -76.25, -9.1)], crs=4326).to_file(
        zones
    )
    args = ["overlay", str(cells), "--value-col", "ha", "--zones", str(zones), "--json"]
    code, out, err = _run(capsys, *args)  # no 'name' column and no flag: the id is the name
    assert code == 0, err
    assert json.loads(out)["zones"][0]["name"] == "z1"
    code, _, err = _run(capsys, *args, "--zone-name-col", "nope")
    assert code == 1
    assert _one_line_error(err).endswith("the zones layer has no name column 'nope'; columns: id, label")


def test_dask_engine_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("dask_geopandas")
    code, out, err = _run(capsys, "overlay", "demo", "--value-col", "ha_2004", "--engine", "dask", "--json")
    assert code == 0, err
    values = {z["id"]: z["value"] for z in json.loads(out)["zones"]}
    # UNODC Peru Coca Survey 2005, figures for 2004.
    assert values["alto-huallaga"] == pytest.approx(16900, rel=1e-9)
    assert values["vraem"] == pytest.approx(14700, rel=1e-9)
    assert values["la-convencion-lares"] == pytest.approx(12700, rel=1e-9)


@pytest.mark.parametrize("suffix", [".json", ".csv", ".geojson"])
def test_out_files_are_written_and_reproducible(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / f"overlay_result{suffix}"
    args = ["overlay", "demo", "--value-col", "ha_2005", "--national-total", "48200", "--out", str(out_path), "--quiet"]
    assert _run(capsys, *args)[0] == 0
    first = out_path.read_bytes()
    assert _run(capsys, *args)[0] == 0
    assert out_path.read_bytes() == first
    if suffix == ".json":
        alto = json.loads(first)["zones"][0]
        assert alto["value"] == pytest.approx(16000, rel=1e-9)  # UNODC 2005
    elif suffix == ".csv":
        table = pd.read_csv(out_path)
        assert list(table.columns) == ["id", "name", "value", "share_of_total"]
        assert table.loc[table["id"] == "vraem", "value"].item() == pytest.approx(15500, rel=1e-9)
    else:
        zones = gpd.read_file(out_path)
        assert zones.geom_type.isin(["Polygon", "MultiPolygon"]).all()
        assert zones.loc[zones["id"] == "la-convencion-lares", "value"].item() == pytest.approx(12500, rel=1e-9)
    assert [p.name for p in tmp_path.iterdir()] == [out_path.name]  # no temporary file left behind


def test_unsupported_out_format_lists_every_accepted_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "overlay_result.txt"
    code, _, err = _run(capsys, "overlay", "demo", "--value-col", "ha_2010", "--out", str(out_path))
    assert code == 1
    line = _one_line_error(err)
    assert "unsupported --out format .txt" in line
    for suffix in (".json", ".csv", ".geojson", ".gpkg", ".fgb", ".parquet"):
        assert suffix in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["overlay_cells.geojson", "overlay_cells.json"])  # a layer out, a table out
def test_refuses_to_overwrite_the_input(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, [1.0], name=name)
    before = cells.read_bytes()
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--out", str(cells))
    assert code == 1
    assert "refusing to overwrite an input file" in _one_line_error(err)
    assert cells.read_bytes() == before


# --------------------------------------------------------------------------- bad input: one line, exit 1


def test_missing_value_column_lists_the_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, [1.0, 2.0], zone=["a", "b"])
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "hectares")
    assert code == 1
    assert _one_line_error(err).endswith("has no column 'hectares'; columns: ha, zone")


def test_non_numeric_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, ["12 ha", "3"])
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha")
    assert code == 1
    assert "value column 'ha' must be numeric" in _one_line_error(err)


def test_negative_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, [5.0, -2.5])
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha")
    assert code == 1
    assert "1 negative value(s), e.g. -2.5" in _one_line_error(err)


def test_values_whose_total_overflows_give_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 1e308 + 1e308 = 2e308 > 1.7977e308, the largest float64: no numpy overflow notes, one line.
    cells = _cells_file(tmp_path, [1e308, 1e308])
    code, out, err = _run(capsys, "overlay", str(cells), "--value-col", "ha")
    assert code == 1
    assert out == ""
    assert "the value column 'ha' adds up to more than 1.798e+308" in _one_line_error(err)


def test_a_crs_that_is_not_equal_area_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, [1.0])
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--equal-area-crs", "EPSG:3857")
    assert code == 1
    line = _one_line_error(err)
    assert "'EPSG:3857' (WGS 84 / Pseudo-Mercator" in line
    assert "is not equal-area" in line
    assert "ESRI:102033" in line


def test_zones_that_are_not_polygons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, [1.0])
    zones = tmp_path / "overlay_zone_points.geojson"
    gpd.GeoDataFrame({"id": ["tingo"]}, geometry=[shapely.Point(-76.0, -9.3)], crs=4326).to_file(zones)
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones))
    assert code == 1
    assert "zones layer must hold polygons" in _one_line_error(err)
    assert "'tingo' (Point geometry)" in err


def test_empty_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "overlay_empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    code, _, err = _run(capsys, "overlay", str(empty), "--value-col", "ha")
    assert code == 1
    assert "empty" in _one_line_error(err)


def test_projected_grid_without_crs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    utm = gpd.GeoDataFrame(
        {"ha": [1.0]}, geometry=[box(390_000, 8_970_000, 391_000, 8_971_000)], crs=None
    )
    path = tmp_path / "overlay_no_crs.shp"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        utm.to_file(path)  # a shapefile without .prj: no CRS
    assert not path.with_suffix(".prj").exists()
    code, _, err = _run(capsys, "overlay", str(path), "--value-col", "ha")
    assert code == 1
    assert "has no CRS" in _one_line_error(err)


def test_missing_file_and_bad_national_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "overlay", str(tmp_path / "nope.geojson"), "--value-col", "ha")
    assert code == 1
    assert "no such file" in _one_line_error(err)
    code, _, err = _run(capsys, "overlay", "demo", "--value-col", "ha_2010", "--national-total", "0")
    assert code == 1
    assert "--national-total must be positive" in _one_line_error(err)


def test_value_col_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "overlay", "demo")
    assert code == 2
    assert "--value-col" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_only_and_not_when_quiet() -> None:
    from geo_huallaga.cli._progress import ProgressBar

    term = _Terminal()
    bar = ProgressBar("overlay", stream=term, delay_s=0)
    bar(1, 4)
    bar(4, 4)
    bar.close()
    assert term.getvalue() == (
        "\roverlay [########......................]  25% 1/4"
        "\roverlay [##############################] 100% 4/4\n"
    )
    quiet = _Terminal()
    bar = ProgressBar("overlay", enabled=False, stream=quiet, delay_s=0)
    bar(1, 4)
    bar.close()
    assert quiet.getvalue() == ""


def test_overlapping_zones_error_or_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells_file(tmp_path, [4.0])  # one cell, lon [-76.4, -76.3]
    zones = tmp_path / "overlay_overlapping.geojson"
    gpd.GeoDataFrame(
        {"id": ["a", "b"]}, geometry=[box(-76.5, -9.5, -76.0, -9.0), box(-76.6, -9.6, -76.35, -9.1)], crs=4326
    ).to_file(zones)
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones))
    assert code == 1
    assert "zones overlap: 'a' and 'b' share" in _one_line_error(err)
    assert "--overlap first" in err
    args = ["overlay", str(cells), "--value-col", "ha", "--zones", str(zones), "--overlap", "first"]
    code, out, err = _run(capsys, *args)
    assert code == 0, err
    assert "overlap: a and b share" in out
    assert "(given to a)" in out
    assert "total input 4.00; assigned 4.00; unassigned 0.00" in out  # the cell lies inside a: counted once
