"""Tests for geo_huallaga.cultivation: area-weighted apportionment and potential HCl.

Expected values come from an independent geopandas.overlay computation written here, from
areas worked out by hand, or from the article / UNODC / DEVIDA figures (FACTS.md section 4).
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from geo_huallaga import cultivation, layers
from geo_huallaga.cultivation import apportion, potential_hcl_kg, share_of_total
from geo_huallaga.errors import OverlayError, ParameterError

ALBERS = "ESRI:102033"
EQ = "EPSG:6933"  # a projected equal-area CRS, so hand-made cases need no reprojection
REL = 1e-9


# --------------------------------------------------------------------------- fixtures


def _grid(n: int = 20, size_deg: float = 0.1, origin: tuple[float, float] = (-77.0, -10.0)) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(3)
    i, j = np.meshgrid(np.arange(n), np.arange(n))
    x0 = origin[0] + i.ravel() * size_deg
    y0 = origin[1] + j.ravel() * size_deg
    return gpd.GeoDataFrame(
        {"ha": rng.uniform(0, 50, n * n)}, geometry=shapely.box(x0, y0, x0 + size_deg, y0 + size_deg), crs=4326
    )


def _zones() -> gpd.GeoDataFrame:
    """Three disjoint zones over the grid: a triangle, a 40-gon and a concave L, partly outside it."""
    angles = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    circle = Polygon(np.column_stack([-75.6 + 0.33 * np.cos(angles), -8.6 + 0.25 * np.sin(angles)]))
    triangle = Polygon([(-77.3, -10.3), (-76.2, -10.05), (-76.9, -9.1)])
    ell = Polygon([(-76.0, -10.2), (-75.05, -10.2), (-75.05, -9.9), (-75.7, -9.9), (-75.7, -9.2), (-76.0, -9.2)])
    return gpd.GeoDataFrame(
        {"id": ["tri", "circle", "ell"], "name": ["Triangle", "Circle", "L"]},
        geometry=[triangle, circle, ell],
        crs=4326,
    )


def _overlay_reference(cells: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, crs: str = ALBERS) -> pd.Series:
    """Independent computation: geopandas.overlay in the equal-area CRS, value × piece/cell area."""
    c = cells.to_crs(crs)
    c["cell_area"] = c.area
    pieces = gpd.overlay(c, zones.to_crs(crs)[["id", "geometry"]], how="intersection", keep_geom_type=True)
    pieces["part"] = pieces["ha"] * pieces.area / pieces["cell_area"]
    return pieces.groupby("id")["part"].sum().reindex(zones["id"], fill_value=0.0)


def _by_id(result: cultivation.Apportionment) -> dict[str, float]:
    return dict(zip(result.zones["id"], result.zones["value"], strict=True))


# --------------------------------------------------------------------------- against geopandas.overlay


def test_small_grid_matches_independent_overlay() -> None:
    cells, zones = _grid(), _zones()
    expected = _overlay_reference(cells, zones)
    result = apportion(cells, zones, value_col="ha", chunk_cells=150)  # several chunks
    got = _by_id(result)
    for zone_id, value in expected.items():
        assert got[zone_id] == pytest.approx(value, rel=REL)
        assert value > 0
    assert result.total_input == pytest.approx(cells["ha"].sum(), rel=1e-12)
    assert result.unassigned == pytest.approx(cells["ha"].sum() - expected.sum(), rel=REL)
    assert result.total_assigned + result.unassigned == pytest.approx(result.total_input, rel=1e-12)


def test_large_cells_and_long_zone_edges_match_overlay() -> None:
    # 0.5° cells (~55 km) and zone edges 2-3° long: the edges' curvature between lon/lat and
    # Albers is largest here, so this checks the boundary band used to classify cells.
    cells = _grid(n=8, size_deg=0.5, origin=(-79.0, -14.0))
    zones = gpd.GeoDataFrame(
        {"id": ["long"]},
        geometry=[Polygon([(-78.77, -13.9), (-75.3, -13.21), (-75.9, -10.4), (-78.1, -10.93)])],
        crs=4326,
    )
    expected = _overlay_reference(cells, zones)
    got = _by_id(apportion(cells, zones, value_col="ha"))
    assert got["long"] == pytest.approx(expected["long"], rel=REL)


def test_cells_in_a_projected_crs_match_overlay() -> None:
    cells = _grid().to_crs("EPSG:32718")  # UTM 18S, metres
    zones = _zones()
    expected = _overlay_reference(cells, zones)
    got = _by_id(apportion(cells, zones, value_col="ha"))
    for zone_id, value in expected.items():
        assert got[zone_id] == pytest.approx(value, rel=REL)


def test_progress_reports_every_chunk() -> None:
    calls: list[tuple[int, int]] = []
    apportion(_grid(n=10), _zones(), value_col="ha", chunk_cells=40, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(40, 100), (80, 100), (100, 100)]


# --------------------------------------------------------------------------- hand-made cases


def _cells(*items: tuple[Polygon, float]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"ha": [v for _, v in items]}, geometry=[g for g, _ in items], crs=EQ)


def _zone_frame(**geoms: Polygon) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": list(geoms)}, geometry=list(geoms.values()), crs=EQ)


def test_cell_half_inside_gives_half() -> None:
    # Cell 2 m × 2 m = 4 m²; the zone covers x in [1, 2] of it: 1 m × 2 m = 2 m², half.
    r = apportion(_cells((box(0, 0, 2, 2), 8.0)), _zone_frame(z=box(1, -5, 9, 5)), value_col="ha", equal_area_crs=EQ)
    assert _by_id(r) == {"z": pytest.approx(4.0, rel=REL)}
    assert r.unassigned == pytest.approx(4.0, rel=REL)


def test_cell_split_between_two_zones_by_area() -> None:
    # Cell 4 m × 1 m; zone a holds x in [0, 1] (1 m², 1/4), zone b x in [1, 4] (3 m², 3/4).
    zones = _zone_frame(a=box(-1, -1, 1, 2), b=box(1, -1, 5, 2))  # they touch along x = 1
    r = apportion(_cells((box(0, 0, 4, 1), 12.0)), zones, value_col="ha", equal_area_crs=EQ)
    assert _by_id(r) == {"a": pytest.approx(3.0, rel=REL), "b": pytest.approx(9.0, rel=REL)}
    assert r.unassigned == 0.0
    assert r.overlaps == ()


def test_triangle_takes_its_area_share() -> None:
    # Zone: the triangle (0,0)-(2,0)-(0,2), area 2 m², inside the 4 m² cell: half of 10 ha.
    zone = _zone_frame(t=Polygon([(0, 0), (2, 0), (0, 2)]))
    r = apportion(_cells((box(0, 0, 2, 2), 10.0)), zone, value_col="ha", equal_area_crs=EQ)
    assert _by_id(r)["t"] == pytest.approx(5.0, rel=REL)


def test_cell_outside_every_zone_is_unassigned_and_inside_counts_whole() -> None:
    cells = _cells((box(10, 10, 11, 11), 5.0), (box(1, 1, 2, 2), 7.0))
    r = apportion(cells, _zone_frame(z=box(0, 0, 3, 3)), value_col="ha", equal_area_crs=EQ)
    assert _by_id(r)["z"] == 7.0
    assert (r.total_input, r.total_assigned, r.unassigned) == (12.0, 7.0, 5.0)


def test_overlapping_zones_are_an_error_by_default() -> None:
    zones = _zone_frame(a=box(0, 0, 2, 1), b=box(1, 0, 4, 1))  # share x in [1, 2]: 1 m²
    with pytest.raises(OverlayError, match=r"zones overlap: 'a' and 'b' share 1e-06 km²"):
        apportion(_cells((box(0, 0, 4, 1), 4.0)), zones, value_col="ha", equal_area_crs=EQ)


def test_overlap_first_gives_shared_area_to_the_first_zone_once() -> None:
    # a = [0, 2] keeps its 2 m²; b = [1, 4] loses [1, 2] to a and keeps [2, 4]: 2 m². 4 m² cell.
    zones = _zone_frame(a=box(0, 0, 2, 1), b=box(1, 0, 4, 1))
    r = apportion(_cells((box(0, 0, 4, 1), 4.0)), zones, value_col="ha", equal_area_crs=EQ, overlap="first")
    assert _by_id(r) == {"a": pytest.approx(2.0, rel=REL), "b": pytest.approx(2.0, rel=REL)}
    assert r.total_assigned == pytest.approx(4.0, rel=REL)
    assert [(o.first_id, o.second_id) for o in r.overlaps] == [("a", "b")]
    assert r.overlaps[0].area_km2 == pytest.approx(1e-6)


# --------------------------------------------------------------------------- the equal-area CRS


def _forty_degree_cell() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """A 100 ha cell from 40°S to the equator (lon -70..-69), zones split at 20°S.

    Edges are densified to 0.01° so the parallels stay parallels (curves) once projected.
    """
    cell = gpd.GeoDataFrame({"ha": [100.0]}, geometry=[shapely.segmentize(box(-70, -40, -69, 0), 0.01)], crs=4326)
    halves = [box(-71, -20, -68, 1), box(-71, -41, -68, -20)]
    zones = gpd.GeoDataFrame(
        {"id": ["north", "south"]}, geometry=[shapely.segmentize(g, 0.01) for g in halves], crs=4326
    )
    return cell, zones


# On a sphere the area between the equator and latitude φ, over a fixed span of longitude, is
# proportional to sin φ (Archimedes' hat-box theorem). So the part of the cell south of 20°S is
# (sin 40° − sin 20°) / sin 40° = (0.642788 − 0.342020) / 0.642788 = 0.467911: 46.8 % of 100 ha.
SOUTH_SHARE_SPHERE = (math.sin(math.radians(40)) - math.sin(math.radians(20))) / math.sin(math.radians(40))


def _authalic_q(lat_deg: float, e2: float) -> float:
    """Snyder (1987), Map Projections — A Working Manual, eq. 3-12: q(φ), proportional to the
    ellipsoid's area between the equator and φ (it replaces sin φ on an ellipsoid)."""
    e = math.sqrt(e2)
    s = math.sin(math.radians(lat_deg))
    return (1 - e2) * (s / (1 - e2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e))


def test_a_cell_split_at_20s_gives_the_hand_computed_share() -> None:
    assert round(100 * SOUTH_SHARE_SPHERE, 1) == 46.8
    # ESRI:102033 is on the South American 1969 ellipsoid (a = 6378160 m, 1/f = 298.25):
    # e² = 2f − f² = 0.00669454; its share is (q(40) − q(20)) / q(40) = 0.46862, 0.07 points above
    # the sphere's. The cell is WGS84 lon/lat; the datum shift to SAD69 moves it by tens of metres.
    f = 1 / 298.25
    e2 = 2 * f - f * f
    south_ellipsoid = (_authalic_q(40, e2) - _authalic_q(20, e2)) / _authalic_q(40, e2)
    cell, zones = _forty_degree_cell()
    r = apportion(cell, zones, value_col="ha")  # the default CRS, ESRI:102033
    got = _by_id(r)
    assert got["south"] == pytest.approx(100 * south_ellipsoid, rel=1e-4)
    assert got["south"] == pytest.approx(100 * SOUTH_SHARE_SPHERE, abs=0.1)  # 46.8 ha, to 0.1 ha
    assert got["north"] == pytest.approx(100 * (1 - south_ellipsoid), rel=1e-4)
    assert r.unassigned == 0.0


@pytest.mark.parametrize(
    "crs",
    [
        "ESRI:54009",  # Mollweide
        "EPSG:8857",  # Equal Earth
    ],
)
def test_other_equal_area_crs_give_the_same_share(crs: str) -> None:
    cell, zones = _forty_degree_cell()
    got = _by_id(apportion(cell, zones, value_col="ha", equal_area_crs=crs))
    assert got["south"] == pytest.approx(100 * SOUTH_SHARE_SPHERE, abs=0.1)


@pytest.mark.parametrize(
    ("crs", "name"),
    [
        ("EPSG:3857", "WGS 84 / Pseudo-Mercator"),  # would give the south 53.3 ha
        ("EPSG:32719", "WGS 84 / UTM zone 19S"),
        ("EPSG:3395", "WGS 84 / World Mercator"),
        ("EPSG:5530", "SAD69(96) / Brazil Polyconic"),
    ],
)
def test_a_crs_that_is_not_equal_area_is_refused(crs: str, name: str) -> None:
    cell, zones = _forty_degree_cell()
    message = rf"^equal-area CRS '{crs}' \({re.escape(name)}, .* projection\) is not equal-area: .* such as ESRI:102033"
    with pytest.raises(OverlayError, match=message):
        apportion(cell, zones, value_col="ha", equal_area_crs=crs)


# --------------------------------------------------------------------------- the dask engine


def test_dask_engine_on_a_two_worker_cluster_matches_overlay(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    cells, zones = _grid(), _zones()
    expected = _overlay_reference(cells, zones)  # independent: geopandas.overlay
    same_engine = _by_id(apportion(cells, zones, value_col="ha"))
    parquet = tmp_path / "overlay_cells.parquet"
    cells.to_parquet(parquet)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as lc,
        distributed.Client(lc) as client,
    ):
        from_frame = apportion(cells, zones, value_col="ha", engine="dask", client=client, npartitions=3)
        from_parquet = apportion(parquet, zones, value_col="ha", engine="dask", client=client)
    for result in (from_frame, from_parquet):
        for zone_id, value in _by_id(result).items():
            assert value == pytest.approx(expected[zone_id], rel=REL)
            assert value > 0
        assert _by_id(result) == pytest.approx(same_engine, rel=1e-12)  # and the two engines agree
        assert result.total_input == pytest.approx(cells["ha"].sum(), rel=1e-12)


def test_dask_engine_without_a_client_uses_local_threads() -> None:
    pytest.importorskip("dask_geopandas")
    cells, zones = _grid(n=10), _zones()
    calls: list[tuple[int, int]] = []
    r = apportion(
        cells, zones, value_col="ha", engine="dask", npartitions=2, progress=lambda d, t: calls.append((d, t))
    )
    expected = _overlay_reference(cells, zones).to_dict()  # independent: geopandas.overlay
    assert _by_id(r) == pytest.approx(expected, rel=REL)
    assert sum(expected.values()) > 0
    assert calls[-1] == (2, 2)


def test_dask_partitions_whose_total_overflows_are_refused_without_warnings() -> None:
    pytest.importorskip("dask_geopandas")
    cells = _grid(n=2).assign(ha=[1e308, 1.0, 1e308, 1.0])  # 2 partitions, each total finite
    with pytest.raises(OverlayError, match=r"^the value column 'ha' adds up to more than 1\.798e\+308"):
        apportion(cells, _zones(), value_col="ha", engine="dask", npartitions=2)  # warnings are errors


def test_dask_engine_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask_geopandas", None)  # import now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'geo-huallaga\[dask\]'"):
        apportion(_grid(n=2), _zones(), value_col="ha", engine="dask")


# --------------------------------------------------------------------------- the article's figures


def test_share_of_national_total_is_21_3_percent() -> None:
    # The article: 13,025 ha in Alto Huallaga = 21.3 % of the national 61,200 ha (UNODC 2010).
    assert round(float(100 * share_of_total(13025, 61200)), 1) == 21.3
    r = apportion("demo", "coca_zones", value_col="ha_2010")
    table = r.table(total=61200).set_index("id")
    assert table.loc["alto-huallaga", "value"] == pytest.approx(13025, rel=REL)
    assert round(100 * table.loc["alto-huallaga", "share_of_total"], 1) == 21.3


# Sourced regional totals (UNODC Peru Coca Survey 2005; UNODC Monitoreo 2010; DEVIDA 2022).
SOURCED_HA = {
    "ha_2004": {"alto-huallaga": 16900, "vraem": 14700, "la-convencion-lares": 12700},
    "ha_2005": {"alto-huallaga": 16000, "vraem": 15500, "la-convencion-lares": 12500},
    "ha_2010": {"alto-huallaga": 13025},
    "ha_2022": {"vraem": 35106},
}


@pytest.mark.parametrize("year", sorted(SOURCED_HA))
def test_demo_grid_gives_the_sourced_zone_totals_back(year: str) -> None:
    r = apportion("demo", "coca_zones", value_col=year)
    got = _by_id(r)
    for zone_id, value in got.items():
        assert value == pytest.approx(SOURCED_HA[year].get(zone_id, 0.0), rel=REL, abs=1e-9)
    assert r.unassigned == 0.0
    assert r.total_input == pytest.approx(sum(SOURCED_HA[year].values()), rel=REL)


def test_demo_grid_is_labelled_synthetic_small_and_reproducible() -> None:
    path = cultivation.demo_grid_path()
    assert path.stat().st_size < 300_000
    grid = layers.load(path)
    assert grid["synthetic"].eq(True).all()
    assert grid["source"].str.startswith("SYNTHETIC").all()
    script = Path(__file__).resolve().parent.parent / "scripts" / "build_demo_grid.py"
    spec = importlib.util.spec_from_file_location("build_demo_grid", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert layers.to_geojson(module.build(), precision=6) == path.read_text(encoding="utf-8")


def test_potential_hcl_from_the_article_defaults() -> None:
    # 13,025 ha × 2.2 t/ha = 28,655 t of leaf = 28,655,000 kg; ÷ 375 kg per kg = 76,413.33 kg.
    assert potential_hcl_kg(13025) == pytest.approx(28_655_000 / 375, rel=1e-12)
    assert potential_hcl_kg(np.array([0.0, 375.0]), leaf_t_per_ha=1.0).tolist() == [0.0, 1000.0]
    r = apportion("demo", "coca_zones", value_col="ha_2010")
    by_zone = potential_hcl_kg(r.table())
    assert by_zone.name == "potential_hcl_kg"
    assert by_zone.iloc[0] == pytest.approx(28_655_000 / 375, rel=REL)
    assert potential_hcl_kg(pd.Series([1.0, 2.0]), leaf_kg_per_kg_hcl=220).tolist() == pytest.approx([10.0, 20.0])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"hectares": -1.0}, "non-negative"),
        ({"hectares": [1.0, float("nan")]}, "non-negative"),
        ({"hectares": 1.0, "leaf_t_per_ha": 0.0}, "leaf_t_per_ha must be a positive"),
        ({"hectares": pd.DataFrame({"ha": [1.0]})}, "needs a 'value' column"),
    ],
)
def test_potential_hcl_refuses_bad_input(kwargs: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        potential_hcl_kg(**kwargs)


# --------------------------------------------------------------------------- bad input


def test_missing_value_column_lists_the_columns() -> None:
    cells = _grid(n=2).assign(zone="x")
    with pytest.raises(OverlayError, match=r"no column 'hectares'; columns: ha, zone$"):
        apportion(cells, _zones(), value_col="hectares")


@pytest.mark.parametrize(
    ("values", "match"),
    [
        (["1", "2", "3", "4"], "must be numeric, not object"),
        ([True, False, True, True], "must be numeric, not bool"),
        ([1.0, -2.0, 3.0, 4.0], "1 negative value"),
        ([1.0, np.nan, 3.0, 4.0], "1 missing value"),
        ([1.0, np.inf, 3.0, 4.0], "infinite"),
        # Each value is finite, but 1e308 + 1e308 exceeds the largest float64, 1.7977e308.
        ([1e308, 1e308, 3.0, 4.0], r"adds up to more than 1\.798e\+308"),
    ],
)
def test_bad_values_are_refused(values: list, match: str) -> None:
    cells = _grid(n=2)
    cells["ha"] = pd.Series(values, dtype=object if isinstance(values[0], str) else None)
    with pytest.raises(OverlayError, match=match):
        apportion(cells, _zones(), value_col="ha")


def test_zones_must_be_polygons() -> None:
    points = gpd.GeoDataFrame({"id": ["p"]}, geometry=[shapely.Point(-76, -9)], crs=4326)
    message = r"zones layer must hold polygons: 1 feature\(s\) are not, first 'p' \(Point"
    with pytest.raises(OverlayError, match=message):
        apportion(_grid(n=2), points, value_col="ha")


def test_cells_must_be_polygons() -> None:
    cells = gpd.GeoDataFrame({"ha": [1.0]}, geometry=[shapely.Point(-76, -9)], crs=4326)
    with pytest.raises(OverlayError, match=r"cultivation layer must hold polygons"):
        apportion(cells, _zones(), value_col="ha")


def test_empty_layers_are_refused() -> None:
    empty = _grid(n=2).iloc[0:0]
    with pytest.raises(OverlayError, match="the cultivation layer is empty"):
        apportion(empty, _zones(), value_col="ha")
    with pytest.raises(OverlayError, match="the zones layer is empty"):
        apportion(_grid(n=2), _zones().iloc[0:0], value_col="ha")


def test_projected_grid_without_crs_is_refused() -> None:
    cells = _grid(n=2).to_crs("EPSG:32718").set_crs(None, allow_override=True)
    message = r"cultivation layer has no CRS and its coordinates .* are not longitude/latitude"
    with pytest.raises(OverlayError, match=message):
        apportion(cells, _zones(), value_col="ha")


def test_lon_lat_grid_without_crs_is_read_as_wgs84() -> None:
    cells, zones = _grid(), _zones()
    expected = _overlay_reference(cells, zones).to_dict()  # independent: geopandas.overlay, cells in WGS84
    got = _by_id(apportion(cells.set_crs(None, allow_override=True), zones, value_col="ha"))
    assert got == pytest.approx(expected, rel=REL)
    assert min(expected.values()) > 0


def test_zone_problems() -> None:
    zones = _zones()
    with pytest.raises(OverlayError, match="no id column 'zone'; columns: id, name"):
        apportion(_grid(n=2), zones, value_col="ha", zone_id_col="zone")
    with pytest.raises(OverlayError, match=r"no name column 'label'; columns: id, name$"):
        apportion(_grid(n=2), zones, value_col="ha", name_col="label")
    with pytest.raises(OverlayError, match="zone ids must be unique; repeated: tri"):
        apportion(_grid(n=2), zones.assign(id=["tri", "tri", "ell"]), value_col="ha")
    bowtie = Polygon([(-76, -9), (-75, -8), (-75, -9), (-76, -8)])
    with pytest.raises(OverlayError, match=r"invalid zone geometry .* in: bad"):
        apportion(_grid(n=2), gpd.GeoDataFrame({"id": ["bad"]}, geometry=[bowtie], crs=4326), value_col="ha")


def test_zone_names_default_to_name_else_id() -> None:
    zones = _zones()
    assert apportion(_grid(n=2), zones, value_col="ha").zones["name"].tolist() == ["Triangle", "Circle", "L"]
    no_names = zones.drop(columns="name")
    assert apportion(_grid(n=2), no_names, value_col="ha").zones["name"].tolist() == ["tri", "circle", "ell"]
    ids_as_names = apportion(_grid(n=2), zones, value_col="ha", name_col="id").zones["name"].tolist()
    assert ids_as_names == ["tri", "circle", "ell"]


def test_parameters_are_checked() -> None:
    with pytest.raises(ParameterError, match="engine must be"):
        apportion(_grid(n=2), _zones(), value_col="ha", engine="spark")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="is geographic"):
        apportion(_grid(n=2), _zones(), value_col="ha", equal_area_crs="EPSG:4326")
    with pytest.raises(ParameterError, match="overlap must be"):
        apportion(_grid(n=2), _zones(), value_col="ha", overlap="sum")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="must be positive"):
        share_of_total(1.0, 0.0)
    with pytest.raises(ParameterError, match="runs only engine='dask'"):
        apportion(_grid(n=2), _zones(), value_col="ha", client=object())


def test_dask_engine_reads_geoparquet_folders_row_groups_and_geoarrow(tmp_path: Path) -> None:
    pytest.importorskip("dask_geopandas")
    cells, zones = _grid(), _zones()
    expected = _overlay_reference(cells, zones).to_dict()  # independent: geopandas.overlay
    folder = tmp_path / "overlay_parts.parquet"
    folder.mkdir()
    cells.iloc[:150].to_parquet(folder / "part.0.parquet", row_group_size=50)  # 3 row groups
    cells.iloc[150:].to_crs("EPSG:32718").to_parquet(folder / "part.1.parquet")
    with pytest.raises(OverlayError, match="no column 'hectares'; columns: ha"):
        apportion(folder, zones, value_col="hectares", engine="dask")
    with pytest.raises(OverlayError, match=r"part.1.parquet: its CRS differs from part.0.parquet's"):
        apportion(folder, zones, value_col="ha", engine="dask")
    (folder / "part.1.parquet").unlink()
    cells.iloc[150:].to_parquet(folder / "part.1.parquet")
    got = apportion(folder, zones, value_col="ha", engine="dask", chunk_cells=100)
    assert _by_id(got) == pytest.approx(expected, rel=REL)
    geoarrow = tmp_path / "overlay_geoarrow.parquet"
    cells.to_parquet(geoarrow, geometry_encoding="geoarrow")  # not WKB: read by dask_geopandas
    assert _by_id(apportion(geoarrow, zones, value_col="ha", engine="dask")) == pytest.approx(expected, rel=REL)
    plain = tmp_path / "overlay_plain.parquet"
    pd.DataFrame({"ha": [1.0]}).to_parquet(plain)
    with pytest.raises(OverlayError, match="not a GeoParquet file"):
        apportion(plain, zones, value_col="ha", engine="dask")


def test_one_datum_operation_where_forward_and_inverse_would_disagree() -> None:
    # ESRI:102033 is on SAD69. Near (-74.19, 2.80) (Colombia) pyproj's point-by-point choice of
    # WGS84 -> SAD69 operation differs between forward and inverse by ~20 m, which once made cells
    # touching a zone look outside it. Reference: geopandas.overlay after projecting both layers
    # with the single best operation for the zones' area, chosen here independently.
    from pyproj.transformer import AreaOfInterest, TransformerGroup

    cells = _grid(n=30, size_deg=0.01, origin=(-74.35, 2.65))
    angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    zone = Polygon(np.column_stack([-74.2 + 0.09 * np.cos(angles), 2.8 + 0.11 * np.sin(angles)]))
    zones = gpd.GeoDataFrame({"id": ["z"]}, geometry=[zone], crs=4326)
    op = TransformerGroup("EPSG:4326", ALBERS, always_xy=True, area_of_interest=AreaOfInterest(*zone.bounds)).transformers[0]

    def project(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        geoms = shapely.transform(frame.geometry.values, lambda xy: np.column_stack(op.transform(xy[:, 0], xy[:, 1])))
        return frame.set_geometry(geoms, crs=ALBERS)

    c = project(cells)
    c["cell_area"] = c.area
    pieces = gpd.overlay(c, project(zones), how="intersection", keep_geom_type=True)
    expected = float((pieces["ha"] * pieces.area / pieces["cell_area"]).sum())
    assert _by_id(apportion(cells, zones, value_col="ha"))["z"] == pytest.approx(expected, rel=REL)
