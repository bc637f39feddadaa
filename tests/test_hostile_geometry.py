"""Hostile geometry, validation and overlay input: one test per class of failure (issue 10).

Each test builds its hostile input in a temporary folder, runs the command or the library call,
asserts the one-line message (or the hand-computed figure) and that the inputs are unchanged,
byte for byte and by ``stat``. Expected overlay values come from hand calculations written out
here (ellipsoidal band areas), never from the code under test.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import shapely
from _cli import run as _run
from shapely.geometry import MultiPolygon, Point, Polygon, box

import geo_huallaga
from geo_huallaga import layers
from geo_huallaga.cultivation import apportion
from geo_huallaga.errors import InvalidCoordinateError, LayerValidationError, OverlayError

#: The checkout whose package the tests import (the child process runs the same code).
ROOT = Path(geo_huallaga.__file__).resolve().parent.parent

# --------------------------------------------------------------------------- helpers


def _snapshot(paths: Iterable[Path]) -> dict[Path, tuple[bytes, int, int, int, int]]:
    """Bytes and (mode, size, mtime_ns, inode) of every file, to prove the inputs unchanged."""
    out = {}
    for p in paths:
        st = p.stat()
        out[p] = (p.read_bytes(), st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino)
    return out


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def _feature(fid: str, geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"id": fid, "name": fid, **props}, "geometry": geometry}


def _write_fc(path: Path, features: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


SQUARE = [[-76.0, -10.0], [-75.0, -10.0], [-75.0, -9.0], [-76.0, -9.0], [-76.0, -10.0]]


def _cells_file(tmp_path: Path) -> Path:
    cells = [
        _feature(f"c{k}", {"type": "Polygon", "coordinates": [[
            [-76 + k * 0.1, -10.0], [-75.9 + k * 0.1, -10.0], [-75.9 + k * 0.1, -9.9], [-76 + k * 0.1, -9.9],
            [-76 + k * 0.1, -10.0]]]}, ha=1.0)
        for k in range(5)
    ]
    return _write_fc(tmp_path / "cells.geojson", cells)


# WGS84 (EPSG:4326, EPSG:6932, EPSG:6933 are all on it): a = 6378137 m, 1/f = 298.257223563.
_F = 1 / 298.257223563
_E2 = 2 * _F - _F * _F


def _authalic_q(lat_deg: float) -> float:
    """Snyder (1987), Map Projections — A Working Manual, eq. 3-12.

    q(φ) is proportional to the ellipsoid's area between the equator and latitude φ, so the
    area of a lon/lat box is proportional to Δλ × (q(φ2) − q(φ1)).
    """
    e = math.sqrt(_E2)
    s = math.sin(math.radians(lat_deg))
    return (1 - _E2) * (s / (1 - _E2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e))


# --------------------------------------------------------------------------- 1. empty parts


EMPTY_PART_CASES = {
    "multipolygon_empty_part": {"type": "MultiPolygon", "coordinates": [[SQUARE], []]},
    "polygon_empty_hole": {"type": "Polygon", "coordinates": [SQUARE, []]},
    "multilinestring_empty_part": {"type": "MultiLineString", "coordinates": [[[-76, -10], [-75, -9]], []]},
}


@pytest.mark.parametrize("case", sorted(EMPTY_PART_CASES))
def test_validate_refuses_empty_parts_naming_the_feature(capsys, tmp_path, case):
    path = _write_fc(tmp_path / f"{case}.geojson", [_feature("hollow", EMPTY_PART_CASES[case])])
    before = _snapshot([path])
    code, out, err = _run(capsys, "validate", str(path))
    assert code == 1 and out == ""
    line = _one_error_line(err)
    assert line == (
        f"{path}: feature 0 (id 'hollow'): geometry holds an empty ring or part "
        "(geo-huallaga validate FILE --repair --out FIXED drops them)"
    )
    assert _snapshot([path]) == before


def test_empty_geometry_collection_member_is_found() -> None:
    g = shapely.from_wkt(["GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), POLYGON EMPTY)"])
    assert layers.empty_parts(g).tolist() == [True]
    assert layers.drop_empty_parts(g[0]).wkt == "GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)))"


def test_overlay_zones_with_an_empty_hole_exit_1_not_a_segfault(tmp_path):
    # Today: exit 139 (SIGSEGV in shapely.segmentize). Run in a child: a segfault would kill pytest.
    zones = _write_fc(tmp_path / "zones.geojson", [_feature("z", EMPTY_PART_CASES["polygon_empty_hole"])])
    cells = _cells_file(tmp_path)
    before = _snapshot([zones, cells])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "geo_huallaga", "overlay", str(cells), "--value-col", "ha", "--zones", str(zones),
         "--quiet"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert proc.returncode == 1, proc.stderr
    line = _one_error_line(proc.stderr)
    assert line.startswith(f"geo-huallaga: error: {zones}: feature 0 (id 'z'): geometry holds an empty ring or part")
    assert _snapshot([zones, cells]) == before


def test_apportion_refuses_zones_with_empty_parts_given_as_a_geodataframe():
    zone = shapely.from_wkt("POLYGON ((-76 -10, -75 -10, -75 -9, -76 -9, -76 -10), EMPTY)")
    zones = gpd.GeoDataFrame({"id": ["z"]}, geometry=[zone], crs=4326)
    cells = gpd.GeoDataFrame({"ha": [1.0]}, geometry=[box(-76, -10, -75.9, -9.9)], crs=4326)
    with pytest.raises(OverlayError, match=r"the zones layer has 1 polygon\(s\) holding an empty ring or part, first 'z'"):
        apportion(cells, zones, value_col="ha")


def test_validate_repair_drops_empty_parts_with_a_note_and_the_copy_validates(capsys, tmp_path):
    path = _write_fc(tmp_path / "hollow.geojson", [_feature("hollow", EMPTY_PART_CASES["multipolygon_empty_part"])])
    fixed = tmp_path / "fixed.geojson"
    before = _snapshot([path])
    code, _, err = _run(capsys, "validate", str(path), "--repair", "--out", str(fixed))
    assert code == 0
    assert err.strip() == (
        f"geo-huallaga: note: {path}: dropped empty rings or parts from 1 feature(s), first feature 0 (id 'hollow')"
    )
    geometry = json.loads(fixed.read_text())["features"][0]["geometry"]
    assert geometry == {"type": "MultiPolygon", "coordinates": [[SQUARE]]}
    assert _run(capsys, "validate", str(fixed))[0] == 0
    assert _snapshot([path]) == before


# --------------------------------------------------------------------------- 2. columns and collections on write


def test_validate_out_writes_geometry_collections(capsys, tmp_path):
    gc = {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "coordinates": [SQUARE]}, {"type": "Point", "coordinates": [-75.5, -9.5]}]}
    path = _write_fc(tmp_path / "gc.geojson", [_feature("gc", gc)])
    out_path = tmp_path / "copy.geojson"
    before = _snapshot([path])
    code, _, err = _run(capsys, "validate", str(path), "--out", str(out_path))
    assert code == 0, err  # today: internal error, KeyError: 'coordinates'
    assert json.loads(out_path.read_text())["features"][0]["geometry"] == gc
    assert _snapshot([path]) == before


def test_blob_column_is_refused_in_one_line_list_and_time_columns_are_written(capsys, tmp_path):
    import datetime

    frame = gpd.GeoDataFrame(
        {"id": ["a", "b"], "blob": [b"\x00\x01", b"xy"], "tags": [[1, 2], [3]],
         "seen": [datetime.time(1, 2, 3), datetime.time(4, 5)]},
        geometry=[Point(-75, -10), Point(-76, -9)], crs=4326,
    )
    blob = tmp_path / "blob.parquet"
    frame.to_parquet(blob)
    plain = tmp_path / "plain.parquet"
    frame.drop(columns="blob").to_parquet(plain)
    before = _snapshot([blob, plain])
    code, _, err = _run(capsys, "validate", str(blob), "--out", str(tmp_path / "blob.geojson"))
    assert code == 1
    assert _one_error_line(err) == (
        "geo-huallaga: error: column 'blob' holds binary (BLOB) values, which GeoJSON cannot carry; "
        "drop the column or write .gpkg or .parquet"
    )
    assert not (tmp_path / "blob.geojson").exists()
    code, _, err = _run(capsys, "validate", str(plain), "--out", str(tmp_path / "plain.geojson"))
    assert code == 0
    assert err.strip() == "geo-huallaga: note: column 'seen': time-of-day values written as ISO 8601 text"
    props = [f["properties"] for f in json.loads((tmp_path / "plain.geojson").read_text())["features"]]
    assert props == [{"id": "a", "tags": [1, 2], "seen": "01:02:03"}, {"id": "b", "tags": [3], "seen": "04:05:00"}]
    assert _snapshot([blob, plain]) == before


def test_map_cultivation_with_tiny_values_is_drawn(capsys, tmp_path):
    # 5e-324 is the smallest float; its colour breaks once divided by 10**-324, which is 0.0.
    cells = gpd.GeoDataFrame(
        {"ha": [5e-324, 5e-324]}, geometry=[box(-76, -10, -75.9, -9.9), box(-75.9, -10, -75.8, -9.9)], crs=4326
    )
    path = tmp_path / "tiny.geojson"
    cells.to_file(path)
    before = _snapshot([path])
    code, _, err = _run(capsys, "map", "--cultivation", str(path), "--value-col", "ha", "--out", str(tmp_path / "m.html"))
    assert code == 0, err  # today: internal error, ZeroDivisionError
    assert (tmp_path / "m.html").stat().st_size > 0
    assert _snapshot([path]) == before


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_coordinates_are_named_not_taken_for_metres(capsys, tmp_path, bad):
    with np.errstate(invalid="ignore"):  # shapely warns while building the hostile polygon
        frame = gpd.GeoDataFrame(
            {"id": ["ok", "bad"]},
            geometry=[box(-76, -10, -75.9, -9.9), Polygon([(-76, -9), (bad, -9), (-75.9, -8.9)])], crs=4326,
        )
        path = tmp_path / "bad.parquet"
        frame.to_parquet(path)
    before = _snapshot([path])
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1
    assert _one_error_line(err) == f"{path}: feature 1 (id 'bad'): coordinates must be finite numbers (NaN or infinity found)"
    assert _snapshot([path]) == before


# --------------------------------------------------------------------------- 3. the dask engine validates


def _parquet_cells(path: Path, geoms: list[Any], ids: list[str] | None = None) -> Path:
    n = len(geoms)
    frame = gpd.GeoDataFrame(
        {"id": ids or [f"c{k}" for k in range(n)], "ha": np.ones(n)}, geometry=geoms, crs=4326
    )
    frame.to_parquet(path, row_group_size=10)
    return path


def _boxes(lon0: float, lat0: float, n: int = 40, swap: bool = False) -> list[Any]:
    out = []
    for k in range(n):
        x, y = lon0 + (k % 10) * 0.05, lat0 + (k // 10) * 0.05
        out.append(box(y, x, y + 0.05, x + 0.05) if swap else box(x, y, x + 0.05, y + 0.05))
    return out


@pytest.mark.parametrize(
    ("case", "default", "dask"),
    [
        ("swapped", r"c.parquet: feature 0 \(id 'c0'\): lies at sea .*lat/lon swapped\?",
         r"c.parquet row group \d: feature 0 \(id 'c\d0'\): lies at sea .*lat/lon swapped\?"),
        ("metres", r"c.parquet: declares EPSG:4326 \(degrees\) but its coordinates look like metres",
         r"c.parquet row group \d: declares EPSG:4326 \(degrees\) but its coordinates look like metres"),
        ("invalid", r"c.parquet: feature 25 \(id 'c25'\): invalid polygon: Self-intersection",
         r"c.parquet row group 2: feature 5 \(id 'c25'\): invalid polygon: Self-intersection"),
        ("duplicate", r"c.parquet: feature 35 \(id 'c3'\): duplicate id 'c3' \(also feature 3\)",
         r"c.parquet: feature 35 \(id 'c3'\): duplicate id 'c3' \(also feature 3\)"),
    ],
)
def test_dask_engine_validates_each_partition_like_the_default_engine(tmp_path, case, default, dask):
    if case == "swapped":  # cells around Paris given as (lat, lon): the Indian Ocean off Somalia
        path = _parquet_cells(tmp_path / "c.parquet", _boxes(2.0, 48.5, swap=True))
    elif case == "metres":
        path = _parquet_cells(tmp_path / "c.parquet", [shapely.affinity.scale(g, 1e5, 1e5, origin=(0, 0))
                                                        for g in _boxes(-76.0, -10.0)])
    elif case == "invalid":
        geoms = _boxes(-76.0, -10.0)
        geoms[25] = Polygon([(-76, -9), (-75.9, -8.9), (-75.9, -9), (-76, -8.9)])  # a bow-tie
        path = _parquet_cells(tmp_path / "c.parquet", geoms)
    else:
        ids = [f"c{k}" for k in range(40)]
        ids[35] = "c3"
        path = _parquet_cells(tmp_path / "c.parquet", _boxes(-76.0, -10.0), ids)
    before = _snapshot([path])
    with pytest.raises(LayerValidationError, match=default):
        apportion(path, "coca_zones", value_col="ha", chunk_cells=10)
    with pytest.raises(LayerValidationError, match=dask):  # today: 100 % "unassigned", exit 0
        apportion(path, "coca_zones", value_col="ha", engine="dask", chunk_cells=10)
    assert _snapshot([path]) == before


# --------------------------------------------------------------------------- 4. no silent wrong overlay totals


def _world_cells(step: int = 10) -> gpd.GeoDataFrame:
    geoms = [box(x, y, x + step, y + step) for x in range(-180, 180, step) for y in range(-90, 90, step)]
    return gpd.GeoDataFrame({"ha": np.arange(1.0, len(geoms) + 1)}, geometry=geoms, crs=4326)


def test_a_whole_world_zone_receives_the_whole_total() -> None:
    cells = _world_cells()
    zones = gpd.GeoDataFrame({"id": ["world"]}, geometry=[box(-180, -90, 180, 90)], crs=4326)
    r = apportion(cells, zones, value_col="ha", equal_area_crs="ESRI:54009")  # World Mollweide
    total = 648 * 649 / 2  # 1 + 2 + ... + 648 ha
    assert r.total_input == total
    assert r.zones["value"].iloc[0] == pytest.approx(total, rel=1e-9)  # today: 0.0077 ha
    assert r.table()["share_of_total"].iloc[0] == pytest.approx(1.0, rel=1e-9)


def test_data_outside_the_equal_area_crs_area_of_use_is_refused_naming_one_that_covers_it() -> None:
    zones = gpd.GeoDataFrame({"id": ["world"]}, geometry=[box(-180, -90, 180, 90)], crs=4326)
    with pytest.raises(OverlayError, match=(
        r"^the zones layer \(lon -180\.\.180, lat -90\.\.90\) lies outside the area of use of the equal-area CRS "
        r"ESRI:102033 .* use one that does, e.g. --equal-area-crs ESRI:54009 \(World Mollweide\)$"
    )):
        apportion(_world_cells(), zones, value_col="ha")  # today: 0 assigned, exit 0
    # Cells in Africa, zones in Peru: the cells are outside South America Albers' area of use.
    africa = gpd.GeoDataFrame({"ha": [1.0]}, geometry=[box(15, 12, 15.1, 12.1)], crs=4326)
    with pytest.raises(OverlayError, match=r"the cultivation layer .* e.g. --equal-area-crs ESRI:102022 \(Africa"):
        apportion(africa, "coca_zones", value_col="ha")


def test_a_polar_cap_zone_gets_the_hand_computed_share() -> None:
    # Cells of 10° × 10° from 90°S to 60°S, each 1 ha, edges densified to 0.01° so their parallels stay
    # parallels once projected (as in test_cultivation's 40° cell). The zone is everything south of 75°S.
    # Cells south of 80°S lie inside (36 ha); each cell from 80°S to 70°S has the share
    # (q(80) − q(75)) / (q(80) − q(70)) inside, by the band-area formula; cells north of 70°S none.
    geoms = [shapely.segmentize(box(x, y, x + 10, y + 10), 0.01) for x in range(-180, 180, 10) for y in (-90, -80, -70)]
    cells = gpd.GeoDataFrame({"ha": np.ones(len(geoms))}, geometry=geoms, crs=4326)
    zones = gpd.GeoDataFrame({"id": ["cap"]}, geometry=[box(-180, -90, 180, -75)], crs=4326)
    share = (_authalic_q(80) - _authalic_q(75)) / (_authalic_q(80) - _authalic_q(70))
    # By hand on a sphere: (sin 80° − sin 75°) / (sin 80° − sin 70°) = (0.98481 − 0.96593) / (0.98481 − 0.93969)
    # = 0.4184; the ellipsoid adds 0.0003.
    assert round(share, 4) == 0.4187
    expected = 36 + 36 * share
    r = apportion(cells, zones, value_col="ha", equal_area_crs="EPSG:6932")  # EASE-Grid 2.0 South (LAEA)
    assert r.zones["value"].iloc[0] == pytest.approx(expected, rel=1e-6)  # today: 34 ha of 55.4
    assert r.unassigned == pytest.approx(108 - expected, rel=1e-6)


def test_a_zone_split_at_the_antimeridian_gets_the_hand_computed_share() -> None:
    # One 100 ha cell from 170°E to 170°W (split at ±180°), 0° to 20°N. Zone "east" is 180°..170°W,
    # 0°..10°N: a quarter of the cell in degrees, but by area 10 × q(10) / (20 × q(20)) of it.
    cell = MultiPolygon([box(170, 0, 180, 20), box(-180, 0, -170, 20)])
    cells = gpd.GeoDataFrame({"ha": [100.0]}, geometry=[cell], crs=4326)
    zones = gpd.GeoDataFrame(
        {"id": ["east", "north"]},
        geometry=[box(-180, 0, -170, 10), MultiPolygon([box(175, 10, 180, 20), box(-180, 10, -175, 20)])], crs=4326,
    )
    east = 100 * 10 * _authalic_q(10) / (20 * _authalic_q(20))
    north = 100 * 10 * (_authalic_q(20) - _authalic_q(10)) / (20 * _authalic_q(20))
    # By hand on a sphere: 50 × sin 10° / sin 20° = 50 × 0.17365 / 0.34202 = 25.39 ha east, 24.61 north.
    assert (round(east, 2), round(north, 2)) == (25.38, 24.62)
    r = apportion(cells, zones, value_col="ha", equal_area_crs="EPSG:6933")  # EASE-Grid 2.0 Global
    got = dict(zip(r.zones["id"], r.zones["value"], strict=True))
    assert got == {"east": pytest.approx(east, rel=1e-9), "north": pytest.approx(north, rel=1e-9)}
    assert r.unassigned == pytest.approx(100 - east - north, rel=1e-9)
    # South America Albers (the default) does not cover the dateline: refused, not a silent share.
    with pytest.raises(OverlayError, match=r"lies outside the area of use .* e.g. --equal-area-crs EPSG:6931"):
        apportion(cells, zones, value_col="ha")


def test_a_zone_crossing_the_antimeridian_in_one_piece_is_refused_with_the_fix(capsys, tmp_path):
    ring = [[170.0, 0.0], [-170.0, 0.0], [-170.0, 10.0], [170.0, 10.0], [170.0, 0.0]]
    zones = _write_fc(tmp_path / "zones.geojson", [_feature("dateline", {"type": "Polygon", "coordinates": [ring]})])
    cells = tmp_path / "cells.geojson"
    gpd.GeoDataFrame({"ha": [1.0]}, geometry=[box(175, 0, 176, 1)], crs=4326).to_file(cells)
    before = _snapshot([zones, cells])
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones),
                        "--equal-area-crs", "EPSG:6933", "--quiet")
    assert code == 1  # today: exit 0, the cell counted in a zone that spans 340° of longitude
    assert _one_error_line(err) == (
        "geo-huallaga: error: the zones layer has polygons crossing the antimeridian in one piece (an edge jumps "
        "more than 180° of longitude), first 'dateline': split them at ±180° as RFC 7946 asks "
        "(e.g. with the 'antimeridian' package), one part on each side"
    )
    assert _snapshot([zones, cells]) == before


# --------------------------------------------------------------------------- 5. "swapped?" only when it is


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("12.1348,15.0557", 12.1348, 15.0557),  # N'Djamena, Chad
        ("4.3947,18.5582", 4.3947, 18.5582),  # Bangui, Central African Republic
        ("-75.1481,-10.1842", -75.1481, -10.1842),  # Coats Land, Antarctica (swapped it is Peru: a note)
    ],
)
def test_valid_coordinates_are_never_refused_as_swapped(capsys, text, lat, lon):
    code, out, err = _run(capsys, "place", text, "--json")
    assert code == 0, err  # today: refused as "lat/lon swapped?"
    doc = json.loads(out)
    assert (doc["lat"], doc["lon"]) == (lat, lon)
    if lat < -60:
        assert err.strip() == (
            f'geo-huallaga: note: "{text}" read as LAT,LON lies in Antarctica (lat {lat:g}, lon {lon:g}); '
            f'if you meant "{lon:g},{lat:g}", lat/lon are swapped'
        )
    else:
        assert err == ""


def test_one_swapped_point_among_valid_ones_is_caught(capsys, tmp_path):
    places = [("lima", -77.0428, -12.0464), ("ndjamena", 15.0557, 12.1348), ("bangui", 18.5582, 4.3947),
              ("tingo", -76.0006, -9.2981)]
    features = [_feature(i, {"type": "Point", "coordinates": [lon, lat]}) for i, lon, lat in places]
    features.append(_feature("berlin", {"type": "Point", "coordinates": [52.52, 13.405]}))  # (lat, lon)
    path = _write_fc(tmp_path / "points.geojson", features)
    before = _snapshot([path])
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1  # today: valid (the "every feature" rule lets a single swap through)
    assert _one_error_line(err) == (
        f"{path}: feature 4 (id 'berlin'): lies at sea (lon 52.52, lat 13.405) but would lie on land with lat "
        "and lon swapped (1 of 5 features); lat/lon swapped?"
    )
    assert _snapshot([path]) == before


# --------------------------------------------------------------------------- 6. ids, CRS, our own outputs


def test_repeated_feature_level_geojson_ids_are_found(capsys, tmp_path):
    features = [{"type": "Feature", "id": 7, "properties": {"name": n}, "geometry": {"type": "Point", "coordinates": c}}
                for n, c in (("A", [-75.0, -10.0]), ("B", [-76.0, -9.0]))]
    path = _write_fc(tmp_path / "fid.geojson", features)
    before = _snapshot([path])
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1  # today: valid (GDAL silently renumbers the second feature)
    assert _one_error_line(err) == (
        f"{path}: several Features share the top-level id 7 (GDAL renumbers the repeats); give each Feature its own id"
    )
    assert _snapshot([path]) == before


def test_an_unreadable_prj_is_refused_not_taken_as_wgs84(capsys, tmp_path):
    frame = gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(-75, -10)], crs=4326)
    shp = tmp_path / "pts.shp"
    frame.to_file(shp)
    (tmp_path / "pts.prj").write_text("this is not WKT", encoding="utf-8")
    files = sorted(tmp_path.iterdir())
    before = _snapshot(files)
    code, _, err = _run(capsys, "validate", str(shp))
    assert code == 1  # today: valid, the points taken as EPSG:4326
    assert _one_error_line(err) == (
        f"geo-huallaga: error: {shp}: its pts.prj cannot be read as a CRS; fix it (or delete it and set the CRS), "
        "rather than letting the data be taken as EPSG:4326"
    )
    assert _snapshot(files) == before


def test_an_unknown_epsg_code_is_refused_not_taken_as_wgs84(capsys, tmp_path):
    path = tmp_path / "crs.geojson"
    path.write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}},
        "features": [_feature("a", {"type": "Point", "coordinates": [-75.0, -10.0]})],
    }), encoding="utf-8")
    before = _snapshot([path])
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1  # today: valid, as EPSG:4326
    assert _one_error_line(err) == (
        f"geo-huallaga: error: {path}: declares the CRS 'urn:ogc:def:crs:EPSG::999999', which PROJ does not know; "
        'fix or remove its "crs" member (RFC 7946 GeoJSON is always WGS84 lon/lat and has none)'
    )
    assert _snapshot([path]) == before


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (["--hours", "1e-300"], "invalid polygon"),  # a ring of one repeated point
        (["--hours", "0.5", "--country", "ESP"], "has no geometry"),  # Spain is out of reach
    ],
)
def test_reach_never_writes_an_area_that_fails_validate(capsys, tmp_path, extra, problem):
    out = tmp_path / "reach.geojson"
    code, _, err = _run(capsys, "reach", "spen", "--aircraft", "cessna-206", *extra, "--out", str(out))
    assert code == 1  # today: exit 0 and a file that `validate` refuses
    line = _one_error_line(err)
    assert line.startswith(f"geo-huallaga: error: not written, it would not pass validation: {out}: feature 0")
    assert problem in line
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temp file left either


def test_layers_write_refuses_a_layer_that_fails_validation(tmp_path):
    frame = gpd.GeoDataFrame({"id": ["a", "a"]}, geometry=[Point(-75, -10), Point(-76, -9)], crs=4326)
    with pytest.raises(LayerValidationError, match=r"not written, .*duplicate id 'a'"):
        layers.write(frame, tmp_path / "dup.geojson")
    assert list(tmp_path.iterdir()) == []


def test_swapped_text_is_still_refused():  # a guard: the land mask must not let real swaps through
    with pytest.raises(InvalidCoordinateError, match=r'did you mean "52.52,13.405"\? lat/lon swapped\?'):
        layers.place("13.405,52.52")
