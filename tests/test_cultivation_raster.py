"""Tests for raster cultivation layers: exact zone sums against areas computed independently.

Expected values come from hand formulas written out here (planar polygon areas, the ellipsoidal
area of a band between two parallels) and from GeographicLib's PolygonArea, never from the code
under test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

rasterio = pytest.importorskip("rasterio")
pytest.importorskip("exactextract")

from affine import Affine  # noqa: E402  (after the importorskip guard)
from geographiclib.geodesic import Geodesic  # noqa: E402

from geo_huallaga import cultivation  # noqa: E402
from geo_huallaga.cli import main  # noqa: E402
from geo_huallaga.errors import DataFileNotFoundError, OverlayError, ParameterError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "layers" / "demo_coca_density.tif"

# WGS84, written out (not taken from the code under test).
A_M = 6378137.0
F = 1 / 298.257223563

#: These synthetic grids lie at 0°N 0°E, outside the default South American equal-area CRS
#: (refused there since issue 10): EASE-Grid 2.0 covers the world.
EA = "EPSG:6933"


def _band_area_km2(lat1: float, lat2: float, dlon_deg: float) -> float:
    """Hand formula: area between two parallels over dlon on the WGS84 ellipsoid.

    Area from the equator to latitude φ over Δλ radians is Δλ b²/2 · q(φ) with
    q(φ) = sin φ / (1 − e² sin² φ) + (1 / 2e) ln((1 + e sin φ) / (1 − e sin φ)).
    """
    e2 = F * (2 - F)
    e = math.sqrt(e2)
    b = A_M * (1 - F)

    def q(phi_deg: float) -> float:
        s = math.sin(math.radians(phi_deg))
        return s / (1 - e2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)

    return abs(math.radians(dlon_deg) * b * b / 2 * (q(lat2) - q(lat1))) / 1e6


def _geographiclib_area_km2(poly: Polygon) -> float:
    """Geodesic area of a polygon's exterior with GeographicLib (vertices taken as geodesic corners)."""
    pa = Geodesic.WGS84.Polygon()
    for lon, lat in list(poly.exterior.coords)[:-1]:
        pa.AddPoint(lat, lon)
    _, _, area_m2 = pa.Compute(False, True)
    return abs(area_m2) / 1e6


def _write(path: Path, data: np.ndarray, crs: str, transform: Affine, nodata: float | None = -9999.0) -> Path:
    with rasterio.open(
        path, "w", driver="GTiff", width=data.shape[1], height=data.shape[0], count=1,
        dtype=str(data.dtype), crs=crs, transform=transform, nodata=nodata,
    ) as ds:
        ds.write(data, 1)
    return path


def _zones(geoms: list, crs: str, ids: list[str] | None = None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": ids or [f"z{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)


def _value(result: cultivation.Apportionment, zone_id: str) -> float:
    return float(result.zones.set_index("id").loc[zone_id, "value"])


# --------------------------------------------------------------------------- equal-area raster


def test_equal_area_raster_triangle_gets_density_times_its_exact_area(tmp_path: Path) -> None:
    # EASE-Grid 2.0 (EPSG:6933, cylindrical equal-area on WGS84): planar area is true area.
    # 1 km cells, 200 × 200, 12.5 ha/km² everywhere.
    path = _write(tmp_path / "ea.tif", np.full((200, 200), 12.5, "float32"), "EPSG:6933",
                  Affine(1000, 0, 0, 0, -1000, 200_000))
    tri = Polygon([(10_300, 20_700), (150_100, 35_900), (60_450, 180_050)])
    # Hand formula: ½ |(x2−x1)(y3−y1) − (x3−x1)(y2−y1)| in m², then km².
    area_km2 = 0.5 * abs((150_100 - 10_300) * (180_050 - 20_700) - (60_450 - 10_300) * (35_900 - 20_700)) / 1e6
    r = cultivation.apportion(path, _zones([tri], "EPSG:6933"), raster_unit="ha-per-km2", equal_area_crs=EA)
    assert _value(r, "z0") == pytest.approx(12.5 * area_km2, rel=1e-9)
    assert r.total_input == pytest.approx(12.5 * 200 * 200, rel=1e-12)  # 40,000 km² at 12.5 ha/km²
    assert r.total_assigned + r.unassigned == pytest.approx(r.total_input, rel=1e-12)
    assert r.nodata_cells == 0
    assert r.value_col == "ha"


def test_fraction_and_ha_per_cell_units(tmp_path: Path) -> None:
    t = Affine(1000, 0, 0, 0, -1000, 10_000)
    zone = _zones([box(0, 0, 5_500, 10_000)], "EPSG:6933")  # 5.5 columns of 10 cells
    frac = _write(tmp_path / "f.tif", np.full((10, 10), 0.25, "float32"), "EPSG:6933", t)
    # 0.25 of each 1 km² (100 ha) cell is coca: 25 ha per cell; 55 cells covered → 1,375 ha.
    assert _value(cultivation.apportion(frac, zone, raster_unit="fraction", equal_area_crs=EA), "z0") == pytest.approx(1375, rel=1e-12)
    per_cell = _write(tmp_path / "c.tif", np.full((10, 10), 3.0, "float32"), "EPSG:6933", t)
    # 3 ha in each cell, 55 cells covered → 165 ha.
    assert _value(cultivation.apportion(per_cell, zone, raster_unit="ha-per-cell", equal_area_crs=EA), "z0") == pytest.approx(165)


# --------------------------------------------------------------------------- geographic raster


def test_geographic_cells_shrink_with_latitude(tmp_path: Path) -> None:
    # 0.01° cells from 0° to 20°S, 1 ha/km² everywhere; two 1° × 1° zones at different latitudes.
    path = _write(tmp_path / "g.tif", np.ones((2000, 100), "float32"), "EPSG:4326",
                  Affine(0.01, 0, -76.5, 0, -0.01, 0.0))
    north = box(-76.5, -1.0, -75.5, 0.0)
    south = box(-76.5, -19.0, -75.5, -18.0)
    r = cultivation.apportion(path, _zones([north, south], "EPSG:4326", ["n", "s"]), raster_unit="ha-per-km2")
    assert _value(r, "n") == pytest.approx(_band_area_km2(-1, 0, 1), rel=1e-9)  # 12,308 km² → ha
    assert _value(r, "s") == pytest.approx(_band_area_km2(-19, -18, 1), rel=1e-9)
    # Midpoint estimate of the ratio: cos φ / (1 − e² sin² φ)² at 18.5° over the same at 0.5°.
    e2 = F * (2 - F)
    per_degree = [math.cos(math.radians(p)) / (1 - e2 * math.sin(math.radians(p)) ** 2) ** 2 for p in (18.5, 0.5)]
    assert _value(r, "s") / _value(r, "n") == pytest.approx(per_degree[0] / per_degree[1], abs=1e-4)  # ≈ 0.9496
    # The whole raster: 20° × 1° band.
    assert r.total_input == pytest.approx(_band_area_km2(-20, 0, 1), rel=1e-9)


def test_hand_formula_agrees_with_geographiclib() -> None:
    # The test's own formula, checked once against GeographicLib on a cell whose parallels are
    # densified (geodesic edges between points 0.0001° apart follow the parallel closely).
    cell = shapely.segmentize(box(-76.0, -10.05, -75.95, -10.0), 0.0001)
    assert _band_area_km2(-10.05, -10.0, 0.05) == pytest.approx(_geographiclib_area_km2(cell), rel=1e-7)


def test_geographic_triangle_matches_geographiclib_area(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.tif", np.full((100, 100), 10.0, "float32"), "EPSG:4326",
                  Affine(0.01, 0, -76.5, 0, -0.01, -9.0))
    tri = shapely.segmentize(Polygon([(-76.4, -9.1), (-76.05, -9.2), (-76.2, -9.8)]), 0.0005)
    r = cultivation.apportion(path, _zones([tri], "EPSG:4326"), raster_unit="ha-per-km2")
    assert _value(r, "z0") == pytest.approx(10 * _geographiclib_area_km2(tri), rel=1e-6)


def test_vertex_on_a_cell_corner_loses_no_cell(tmp_path: Path) -> None:
    # Vertices exactly on cell corners (-76.4, -9.1 ...) whose coordinates are not exact in binary:
    # exactextract 0.3.0 alone drops one whole cell here (1,124 of 1,125 cells); the check redoes it.
    path = _write(tmp_path / "g.tif", np.ones((100, 100), "float32"), "EPSG:4326",
                  Affine(0.01, 0, -76.5, 0, -0.01, -9.0))
    tri = Polygon([(-76.4, -9.1), (-76.05, -9.2), (-76.2, -9.8)])
    r = cultivation.apportion(path, _zones([tri], "EPSG:4326"), raster_unit="ha-per-cell")
    # 1 ha per cell; the triangle covers ½ |0.35 × −0.7 − 0.2 × −0.1| = 0.1125 deg² = 1,125 cells.
    assert _value(r, "z0") == pytest.approx(1125, rel=1e-9)


def test_nodata_cells_are_skipped_and_reported(tmp_path: Path) -> None:
    data = np.full((100, 100), 2.0, "float32")
    data[10:20, 30:35] = -9999.0  # 50 cells of nodata, rows 10–19 (0.10–0.20°S of -9°)
    data[50, 50] = np.nan  # NaN counts as nodata too
    path = _write(tmp_path / "n.tif", data, "EPSG:4326", Affine(0.01, 0, -76.5, 0, -0.01, -9.0))
    zone = box(-76.5, -10.0, -75.5, -9.0)  # the whole raster
    r = cultivation.apportion(path, _zones([zone], "EPSG:4326"), raster_unit="ha-per-km2")
    hole_km2 = _band_area_km2(-9.2, -9.1, 0.05) + _band_area_km2(-9.51, -9.5, 0.01)
    assert r.nodata_cells == 51
    assert r.nodata_km2 == pytest.approx(hole_km2, rel=1e-9)
    expected = 2.0 * (_band_area_km2(-10, -9, 1) - hole_km2)
    assert _value(r, "z0") == pytest.approx(expected, rel=1e-9)
    assert r.unassigned == 0.0


def test_an_internal_mask_band_is_nodata_too(tmp_path: Path) -> None:
    path = tmp_path / "m.tif"
    data = np.full((10, 10), 3.0, "float32")
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="float32",
                       crs="EPSG:6933", transform=Affine(1000, 0, 0, 0, -1000, 10_000)) as ds:
        ds.write(data, 1)
        mask = np.full((10, 10), 255, "uint8")
        mask[:2, :] = 0  # the top two rows masked out: 20 cells
        ds.write_mask(mask)
    r = cultivation.apportion(path, _zones([box(0, 0, 10_000, 10_000)], "EPSG:6933"), raster_unit="ha-per-km2", equal_area_crs=EA)
    assert r.nodata_cells == 20
    assert _value(r, "z0") == pytest.approx(3.0 * 80)  # 80 valid 1 km² cells at 3 ha/km²


# --------------------------------------------------------------------------- UTM raster


def test_utm_raster_uses_true_cell_areas(tmp_path: Path) -> None:
    # UTM 18S (EPSG:32718) is conformal, not equal-area: near Tingo María (x ≈ 390 km, 110 km
    # west of the central meridian) a "1 km²" cell is 0.99895 km² on the ground (areal scale ≈ k²).
    t = Affine(1000, 0, 350_000, 0, -1000, 9_000_000)
    path = _write(tmp_path / "u.tif", np.full((120, 120), 5.0, "float32"), "EPSG:32718", t)
    ring = shapely.segmentize(Polygon([(-76.2, -9.2), (-75.75, -9.3), (-75.9, -9.75), (-76.3, -9.7)]), 0.002)
    r = cultivation.apportion(path, _zones([ring], "EPSG:4326"), raster_unit="ha-per-km2")
    assert _value(r, "z0") == pytest.approx(5.0 * _geographiclib_area_km2(ring), rel=1e-6)


# --------------------------------------------------------------------------- the vector path


def test_agrees_with_the_vector_path_on_the_same_grid(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    data = rng.gamma(0.6, 4.0, size=(40, 50)).astype("float32")
    t = Affine(2000, 0, -500_000, 0, -2000, -1_000_000)
    path = _write(tmp_path / "v.tif", data, "EPSG:6933", t)
    rows, cols = np.indices(data.shape)
    x0, y0 = t.c + cols.ravel() * 2000.0, t.f - rows.ravel() * 2000.0
    cells = gpd.GeoDataFrame(
        {"ha": data.ravel().astype(float) * 4.0},  # ha/km² × 4 km² per cell
        geometry=shapely.box(x0, y0 - 2000, x0 + 2000, y0),
        crs="EPSG:6933",
    )
    zones = _zones(
        [Polygon([(-480_000, -1_010_000), (-410_000, -1_005_000), (-430_000, -1_070_000)]),
         box(-405_000, -1_075_000, -402_500, -1_003_300),
         shapely.Point(-470_000, -1_060_000).buffer(9_000)],
        "EPSG:6933",
    )
    raster = cultivation.apportion(path, zones, raster_unit="ha-per-km2", equal_area_crs=EA)
    vector = cultivation.apportion(cells, zones, value_col="ha", equal_area_crs="EPSG:6933")
    np.testing.assert_allclose(raster.zones["value"], vector.zones["value"], rtol=1e-8)  # exactextract: ~1e-9
    assert raster.total_input == pytest.approx(vector.total_input, rel=1e-9)
    assert raster.unassigned == pytest.approx(vector.unassigned, rel=1e-9)


# --------------------------------------------------------------------------- windows, dask, overlaps


def test_windows_and_dask_give_the_same_totals(tmp_path: Path) -> None:
    # The triangle's vertices sit on cell corners: exactextract alone misplaces a cell here.
    rng = np.random.default_rng(3)
    path = _write(tmp_path / "w.tif", rng.uniform(0, 30, (300, 200)).astype("float32"), "EPSG:4326",
                  Affine(0.01, 0, -77.0, 0, -0.01, -8.0))
    zones = _zones([shapely.segmentize(Polygon([(-76.9, -8.2), (-75.3, -8.9), (-76.2, -10.9)]), 0.01),
                    box(-75.25, -10.5, -75.05, -8.1)], "EPSG:4326")
    from geo_huallaga.cultivation_raster import raster_sums

    one = raster_sums(path, zones, raster_unit="ha-per-km2", window_cells=10**9)
    many = raster_sums(path, zones, raster_unit="ha-per-km2", window_cells=777)  # 3 rows + a ragged end
    par = raster_sums(path, zones, raster_unit="ha-per-km2", window_cells=5000, engine="dask")
    for other in (many, par):
        np.testing.assert_allclose(other.zone_ha, one.zone_ha, rtol=1e-12)
        assert other.total_ha == pytest.approx(one.total_ha, rel=1e-12)
        assert other.cells == 300 * 200


def test_overlap_first_counts_shared_area_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "o.tif", np.full((10, 10), 1.0, "float32"), "EPSG:6933",
                  Affine(1000, 0, 0, 0, -1000, 10_000))
    zones = _zones([box(0, 0, 6000, 10_000), box(4000, 0, 10_000, 10_000)], "EPSG:6933", ["a", "b"])
    with pytest.raises(OverlayError, match="zones overlap"):
        cultivation.apportion(path, zones, raster_unit="ha-per-km2", equal_area_crs=EA)
    r = cultivation.apportion(path, zones, raster_unit="ha-per-km2", overlap="first", equal_area_crs=EA)
    assert (_value(r, "a"), _value(r, "b")) == pytest.approx((60.0, 40.0))  # km² × 1 ha/km²
    assert r.unassigned == 0.0


def test_zones_by_ubigeo_from_a_users_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.tif", np.full((100, 100), 4.0, "float32"), "EPSG:4326",
                  Affine(0.01, 0, -76.5, 0, -0.01, -9.0))
    districts = gpd.GeoDataFrame(
        {"ubigeo": ["100601", "100602"], "distrito": ["Rupa-Rupa", "Daniel Alomía Robles"]},
        geometry=[box(-76.5, -9.5, -76.0, -9.0), box(-76.0, -9.5, -75.5, -9.0)],
        crs="EPSG:4326",
    )
    zones_path = tmp_path / "districts.gpkg"
    districts.to_file(zones_path)
    r = cultivation.apportion(path, zones_path, raster_unit="ha-per-km2", zone_id_col="ubigeo", name_col="distrito")
    assert list(r.zones["id"]) == ["100601", "100602"]
    assert _value(r, "100601") == pytest.approx(4 * _band_area_km2(-9.5, -9.0, 0.5), rel=1e-9)
    assert r.unassigned == pytest.approx(4 * _band_area_km2(-10.0, -9.5, 1.0), rel=1e-9)


# --------------------------------------------------------------------------- bad input


def test_a_raster_needs_its_unit(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.tif", np.ones((3, 3), "float32"), "EPSG:4326", Affine(0.1, 0, -76, 0, -0.1, -9))
    with pytest.raises(ParameterError, match="raster_unit"):
        cultivation.apportion(path, "coca_zones")


def test_impossible_density_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.tif", np.full((3, 3), 250.0, "float32"), "EPSG:4326", Affine(0.1, 0, -76, 0, -0.1, -9))
    with pytest.raises(OverlayError, match="cannot be ha-per-km2"):
        cultivation.apportion(path, "coca_zones", raster_unit="ha-per-km2")


def test_negative_values_and_missing_crs_and_missing_file(tmp_path: Path) -> None:
    neg = _write(tmp_path / "neg.tif", np.full((3, 3), -1.0, "float32"), "EPSG:4326",
                 Affine(0.1, 0, -76, 0, -0.1, -9), nodata=None)
    with pytest.raises(OverlayError, match="negative values"):
        cultivation.apportion(neg, "coca_zones", raster_unit="ha-per-km2")
    nocrs = _write(tmp_path / "nocrs.tif", np.ones((3, 3), "float32"), None, Affine(0.1, 0, -76, 0, -0.1, -9))
    with pytest.raises(OverlayError, match="no CRS"):
        cultivation.apportion(nocrs, "coca_zones", raster_unit="ha-per-km2")
    with pytest.raises(DataFileNotFoundError, match="no such file"):
        cultivation.apportion(tmp_path / "absent.tif", "coca_zones", raster_unit="ha-per-km2")


# --------------------------------------------------------------------------- the shipped fixture and the CLI


def test_fixture_is_labelled_synthetic_and_matches_its_script() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_demo_density
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    with rasterio.open(FIXTURE) as ds:
        assert ds.tags()["SYNTHETIC"].startswith("yes")
        assert str(ds.crs) == "EPSG:4326"
        np.testing.assert_array_equal(ds.read(1), build_demo_density.density())


def test_cli_overlay_on_the_shipped_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["overlay", str(FIXTURE), "--raster-unit", "ha-per-km2", "--zones", "builtin", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    assert [z["id"] for z in doc["zones"]][:2] == ["alto-huallaga", "vraem"]
    assert doc["raster_unit"] == "ha-per-km2"
    assert doc["nodata_cells"] == 6 * 8  # the script's invented cloud block: rows 30–35, cols 10–17
    # Total input by hand: Σ density × the ellipsoidal area of each 0.05° cell's row band.
    with rasterio.open(FIXTURE) as ds:
        data = ds.read(1).astype(float)
    row_area = np.array([_band_area_km2(-7.5 - 0.05 * (i + 1), -7.5 - 0.05 * i, 0.05) for i in range(data.shape[0])])
    valid = data != -9999.0
    assert doc["total_input"] == pytest.approx(float((np.where(valid, data, 0) * row_area[:, None]).sum()), rel=1e-9)
    assert doc["total_assigned"] + doc["unassigned"] == pytest.approx(doc["total_input"], rel=1e-12)


def test_cli_raster_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (  # usage errors: exit 2
        ["overlay", str(FIXTURE), "--zones", "builtin"],  # neither --value-col nor --raster-unit
        ["overlay", str(FIXTURE), "--raster-unit", "ha-per-km2", "--value-col", "ha"],
    ):
        assert main(argv) == 2
        _, err = capsys.readouterr()
        assert "--raster-unit" in err and len(err.strip().splitlines()) == 1, err
    for argv in (
        ["overlay", str(FIXTURE), "--value-col", "ha"],  # a raster read as a vector: says --raster-unit
        ["overlay", str(FIXTURE), "--raster-unit", "ha-per-km2", "--band", "2"],
        ["overlay", str(tmp_path / "absent.tif"), "--raster-unit", "fraction"],
    ):
        assert main(argv) == 1
        _, err = capsys.readouterr()
        assert len(err.strip().splitlines()) == 1 and err.startswith("geo-huallaga: error: "), err


def test_missing_extra_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "exactextract", None)  # as if not installed
    assert main(["overlay", str(FIXTURE), "--raster-unit", "ha-per-km2"]) == 1
    _, err = capsys.readouterr()
    assert err.strip() == (
        "geo-huallaga: error: raster cultivation layers need rasterio and exactextract: "
        "pip install 'geo-huallaga[raster]'"
    )
