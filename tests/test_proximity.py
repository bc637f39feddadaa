"""Tests for proximity (``geo-huallaga near``): distances against GeographicLib, classes by construction.

Every expected distance comes from GeographicLib (an independent implementation of Karney's
geodesics): either a point placed with ``Direct`` at a known distance along the normal of a
geodesic edge (so its distance to the edge is that distance, by construction), or a golden-
section minimisation of ``Inverse`` along ``InverseLine`` (brute force, no shared code).
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from _cli import one_line_error as _one_line_error
from _cli import run as _run
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geo_huallaga import layers, maps, proximity
from geo_huallaga.cli import main
from geo_huallaga.geodesy import point_segment_distance_km

G = Geodesic.WGS84
DATA = Path(__file__).parent / "data"
STRIPS = DATA / "proximity_strips_synthetic.gpkg"
TERRITORIES = DATA / "proximity_territories_synthetic.gpkg"
ONE_M_KM = 1e-3


def _direct(lon: float, lat: float, azimuth: float, km: float) -> tuple[float, float]:
    d = G.Direct(lat, lon, azimuth, km * 1000.0)
    return d["lon2"], d["lat2"]


def _truth_segment_km(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance from p to the geodesic segment ab, by golden-section search with GeographicLib."""
    line = G.InverseLine(a[1], a[0], b[1], b[0])

    def f(s: float) -> float:
        q = line.Position(s)
        return G.Inverse(p[1], p[0], q["lat2"], q["lon2"])["s12"]

    lo, hi = 0.0, line.s13
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fc, fd = f(c), f(d)
    while hi - lo > 1e-4:
        if fc < fd:
            hi, d, fd = d, c, fc
            c = hi - ratio * (hi - lo)
            fc = f(c)
        else:
            lo, c, fc = c, d, fd
            d = lo + ratio * (hi - lo)
            fd = f(d)
    return min(f(0.0), f(line.s13), f(0.5 * (lo + hi))) / 1000.0


def _truth_nearest_km(p: tuple[float, float], polygons: list[Polygon]) -> float:
    best = math.inf
    for poly in polygons:
        ring = list(poly.exterior.coords)
        for a, b in itertools.pairwise(ring):
            best = min(best, _truth_segment_km(p, a, b))
    return best


def _gdf(geoms: list, **cols: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(cols, geometry=geoms, crs=4326)


# --------------------------------------------------------------------------------------------
# The point-to-segment distance


@pytest.mark.parametrize(
    ("a", "b", "p"),
    [
        ((-75.0, -10.0), (-74.6, -9.7), (-74.7, -9.95)),  # a diagonal edge in the Palcazu, point off its middle
        ((-75.0, -10.0), (-74.6, -9.7), (-75.2, -10.3)),  # beyond end A
        ((10.0, 60.0), (14.0, 61.0), (12.0, 61.5)),  # a 240 km edge at 60°N, point north of its bulge
        ((-179.8, -16.0), (179.7, -16.4), (179.9, -16.0)),  # an edge across the antimeridian
        ((0.0, 0.0), (0.0, 0.0), (0.1, 0.1)),  # a degenerate segment is its point
        ((-60.0, -30.0), (-50.0, -20.0), (-52.0, -28.0)),  # a 1,500 km edge
    ],
)
def test_point_segment_distance_matches_geographiclib_to_1_m(a, b, p) -> None:
    got = point_segment_distance_km(p[0], p[1], a[0], a[1], b[0], b[1])[0]
    assert got == pytest.approx(_truth_segment_km(p, a, b), abs=ONE_M_KM)


def test_point_segment_distance_is_the_offset_along_the_normal() -> None:
    # X one third along a 50 km edge, P 7.25 km off it along the normal: |PX| = 7.25 km by construction
    a, b = (-75.3, -9.1), (-74.95, -8.8)
    line = G.InverseLine(a[1], a[0], b[1], b[0])
    x = line.Position(line.s13 / 3)
    p = _direct(x["lon2"], x["lat2"], x["azi2"] + 90.0, 7.25)
    assert point_segment_distance_km(p[0], p[1], a[0], a[1], b[0], b[1])[0] == pytest.approx(7.25, abs=ONE_M_KM)


# --------------------------------------------------------------------------------------------
# Hand-built cases: inside, on the edge, 9.99 and 10.01 km, across the antimeridian

# A zone whose east and west edges are meridians (geodesics), so a point due east of the east edge
# lies at a known distance from it.
ZONE = Polygon([(-75.5, -10.5), (-75.0, -10.5), (-75.0, -10.0), (-75.5, -10.0)])


def _east_of_zone(km: float, lat: float = -10.25) -> tuple[float, float]:
    return _direct(-75.0, lat, 90.0, km)


@pytest.mark.parametrize(
    ("point", "distance_km", "klass"),
    [
        ((-75.25, -10.25), 0.0, "inside"),
        ((-75.0, -10.25), 0.0, "inside"),  # on the edge
        (_east_of_zone(9.99), 9.99, "within 10 km"),
        (_east_of_zone(10.01), 10.01, "beyond"),
        (_east_of_zone(10.0), 10.0, "within 10 km"),  # at the limit, to floating precision
        (_east_of_zone(123.4), 123.4, "beyond"),
    ],
)
def test_hand_built_cases(point, distance_km, klass) -> None:
    result = proximity.near(_gdf([Point(point)]), _gdf([ZONE], id=["z"], name=["Zone"]), within_km=10.0)
    row = result.rows.iloc[0]
    assert row["distance_km"] == pytest.approx(distance_km, abs=ONE_M_KM)
    assert row["class"] == klass
    assert row["nearest_id"] == "z"


def test_across_the_antimeridian() -> None:
    # A territory split at the antimeridian as RFC 7946 asks, and one wholly east of it.
    split = MultiPolygon([
        Polygon([(179.8, -1.0), (180.0, -1.0), (180.0, 1.0), (179.8, 1.0)]),
        Polygon([(-180.0, -1.0), (-179.8, -1.0), (-179.8, 1.0), (-180.0, 1.0)]),
    ])
    west = Polygon([(179.0, -17.0), (179.5, -17.0), (179.5, -16.0), (179.0, -16.0)])
    areas = _gdf([split, west], id=["split", "west"])
    cases = [
        ((179.95, 0.0), "split", 0.0),  # inside the western part
        ((-179.95, 0.5), "split", 0.0),  # inside the eastern part
        (_direct(-179.8, 0.2, 90.0, 4.0), "split", 4.0),  # east of the eastern part
        (_direct(179.8, -0.3, 270.0, 6.5), "split", 6.5),  # west of the western part
        (_direct(179.5, -16.5, 90.0, 60.0), "west", 60.0),  # 60 km east of 'west': lies at lon < -180 + ...
    ]
    assert cases[-1][0][0] < 0  # the last point is across the antimeridian from its territory
    pts = _gdf([Point(p) for p, _, _ in cases])
    result = proximity.near(pts, areas, within_km=10.0)
    assert list(result.rows["nearest_id"]) == [c[1] for c in cases]
    np.testing.assert_allclose(result.rows["distance_km"], [c[2] for c in cases], atol=ONE_M_KM)


def test_nearest_matches_brute_force_geographiclib_on_random_points() -> None:
    rng = np.random.default_rng(7)
    polygons = [
        Polygon([(-75.4, -9.6), (-74.9, -9.4), (-74.7, -9.9), (-75.1, -10.2), (-75.5, -10.0)]),
        Polygon([(-74.2, -10.6), (-73.6, -10.5), (-73.9, -11.1)]),
        Polygon([(-76.3, -11.0), (-75.8, -11.0), (-75.8, -10.7), (-76.3, -10.7)]),
    ]
    lon = rng.uniform(-77.0, -73.0, 12)
    lat = rng.uniform(-11.8, -9.0, 12)
    _, got, inside = proximity.nearest(lon, lat, polygons)
    for x, y, d, ins in zip(lon, lat, got, inside, strict=True):
        if ins:
            assert d == 0.0
            assert any(poly.covers(Point(x, y)) for poly in polygons)
        else:
            assert d == pytest.approx(_truth_nearest_km((x, y), polygons), abs=ONE_M_KM)


@pytest.mark.parametrize("lat0", [-10.0, 45.0, -75.0, 86.0])
def test_pruning_never_changes_the_answer(lat0: float) -> None:
    # many small polygons and long lines at several latitudes: the pruned search must give what
    # measuring every boxed candidate exactly gives
    rng = np.random.default_rng(int(abs(lat0)))
    cx = rng.uniform(-20, 20, 150)
    cy = np.clip(lat0 + rng.uniform(-3, 3, 150), -89.5, 89.5)
    polys = [Polygon([(x, y), (x + 0.3, y), (x + 0.3, min(y + 0.2, 89.9)), (x, min(y + 0.2, 89.9))])
             for x, y in zip(cx, cy, strict=True)]
    lines = [LineString([(-25.0, float(np.clip(lat0 - 2, -89, 89))), (25.0, float(np.clip(lat0 + 1, -89, 89)))])]
    lon = rng.uniform(-25, 25, 400)
    lat = np.clip(lat0 + rng.uniform(-5, 5, 400), -89.9, 89.9)
    pruned = proximity.nearest(lon, lat, polys + lines)
    full = proximity.nearest(lon, lat, polys + lines, prune=False)
    np.testing.assert_array_equal(pruned[1], full[1])
    np.testing.assert_array_equal(pruned[0], full[0])


# --------------------------------------------------------------------------------------------
# The synthetic 67-strip inventory (built with GeographicLib by scripts/build_proximity_samples.py)


def test_synthetic_inventory_reproduces_the_published_breakdown() -> None:
    strips = proximity.load_points(STRIPS)
    territories = proximity.load_targets(TERRITORIES)
    assert (strips["source"].str.startswith("SYNTHETIC")).all()
    result = proximity.near(strips, territories, buffer_km=5.0)
    assert result.counts() == {"inside": 30, "in buffer": 26, "beyond": 11}
    expected_class = strips["construction_class"].replace({"within 5 km": "in buffer"})
    assert list(result.rows["class"]) == list(expected_class)
    np.testing.assert_allclose(
        result.rows["distance_km"], np.clip(strips["construction_offset_km"], 0.0, None), atol=ONE_M_KM
    )
    assert list(result.rows["nearest_id"]) == list(strips["construction_territory"])
    by_area = result.by_area()
    assert int(by_area["total"].sum()) == 67
    assert list(by_area.columns) == ["id", "name", "inside", "in buffer", "beyond", "total"]


def test_synthetic_points_lie_where_geographiclib_puts_them() -> None:
    # Independent of the file: re-derive strip distances from the territory vertices by brute force.
    strips = proximity.load_points(STRIPS).iloc[:6]
    territories = layers.load(TERRITORIES)
    polys = list(territories.geometry)
    for geom, offset in zip(strips.geometry, strips["construction_offset_km"], strict=True):
        if offset > 0:
            assert _truth_nearest_km((geom.x, geom.y), polys) == pytest.approx(offset, abs=ONE_M_KM)


# --------------------------------------------------------------------------------------------
# Uncertain points (district precision): a range, never one figure


def test_district_points_get_a_range_and_may_be_uncertain() -> None:
    r = layers.PRECISION_RADIUS_KM["district"]
    assert r == 15.0
    points = [
        Point(_east_of_zone(30.0)),  # 30 ± 15 km: 15..45, beyond 10 km for sure
        Point(_east_of_zone(20.0)),  # 5..35: straddles 10 km
        Point(_east_of_zone(5.0)),  # 0..20: may be inside, within or beyond
        Point(-75.25, -10.25),  # 27 km from the nearest edge (0.25° of longitude at 10°S): surely inside
        Point(_direct(-75.0, -10.25, 270.0, 6.0)),  # 6 km inside the east edge: 0..15
    ]
    pts = _gdf(points, id=list("abcde"), precision=["district"] * 5)
    result = proximity.near(pts, _gdf([ZONE], id=["z"]), within_km=10.0)
    rows = result.rows.set_index("id")
    assert rows["distance_km"].isna().all()  # never a single exact figure
    np.testing.assert_allclose(rows["distance_km_min"], [15.0, 5.0, 0.0, 0.0, 0.0], atol=ONE_M_KM)
    np.testing.assert_allclose(rows["distance_km_max"], [45.0, 35.0, 20.0, 0.0, 15.0], atol=ONE_M_KM)
    assert list(rows["class"]) == ["beyond", "uncertain", "uncertain", "inside", "uncertain"]
    assert rows.loc["b", "possible_classes"] == "within 10 km|beyond"
    assert rows.loc["c", "possible_classes"] == "inside|within 10 km|beyond"
    assert rows.loc["e", "possible_classes"] == "inside|within 10 km|beyond"
    assert result.counts() == {"inside": 1, "within 10 km": 0, "beyond": 1, "uncertain": 3}


def test_maps_and_proximity_share_the_uncertainty_radius() -> None:
    assert maps.PRECISION_RADIUS_KM is layers.PRECISION_RADIUS_KM


def test_shipped_clandestine_strips_have_no_exact_distance(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["near", "airstrips", "--to", "countries", "--json"])  # borders: > 15 km away
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    assert any("Natural Earth" in s for s in doc["sources"]["areas"])
    rows = {r["id"]: r for r in doc["rows"]}
    for ident, row in rows.items():
        if ident.startswith("clandestine"):
            assert row["distance_km"] is None
            assert row["distance_km_max"] - row["distance_km_min"] == pytest.approx(30.0, abs=ONE_M_KM)
        else:
            assert row["distance_km"] == row["distance_km_min"] == row["distance_km_max"]


# --------------------------------------------------------------------------------------------
# Lines and borders


def test_lines_have_no_inside_class() -> None:
    road = LineString([(-76.0, -9.0), (-76.0, -10.0)])
    pts = _gdf([Point(-76.0, -9.5), Point(_direct(-76.0, -9.5, 90.0, 3.0))])
    result = proximity.near(pts, _gdf([road], id=["r"]), buffer_km=2.0)
    assert result.classes == ("in buffer", "beyond")
    np.testing.assert_allclose(result.rows["distance_km"], [0.0, 3.0], atol=ONE_M_KM)
    assert list(result.rows["class"]) == ["in buffer", "beyond"]


def test_a_distance_equal_to_the_limit_is_within() -> None:
    road = LineString([(-76.0, -9.0), (-76.0, -10.0)])
    result = proximity.near(_gdf([Point(-76.0, -9.5)]), _gdf([road]), within_km=0.0)
    assert result.rows["distance_km"].iloc[0] == 0.0
    assert result.rows["class"].iloc[0] == "within 0 km"


def test_countries_become_land_borders_without_coasts() -> None:
    borders = proximity.load_targets("countries")
    assert "Brazil – Peru border" in set(borders["name"])
    # Lima is on the coast: its nearest border is far, not the coastline at 0 km
    result = proximity.near(_gdf([Point(-77.04, -12.05)]), borders)
    assert result.rows["distance_km"].iloc[0] > 300.0
    # a point on a shared vertex of the Brazil-Peru border is at 0 km from it
    line = borders.set_index("id").geometry["bra-per"]
    vertex = Point(line.geoms[0].coords[1] if line.geom_type == "MultiLineString" else line.coords[1])
    on = proximity.near(_gdf([vertex]), borders).rows.iloc[0]
    assert on["distance_km"] == 0.0
    assert on["nearest_id"] == "bra-per"


def test_schematic_lines_are_flagged() -> None:
    # two parallel meridians: one drawn as the source has it, one schematic (a straight line
    # between towns); a point 1 km east of each is nearest to that one
    surveyed = LineString([(-76.0, -9.0), (-76.0, -10.0)])
    straight = LineString([(-75.0, -9.0), (-75.0, -10.0)])
    lines = gpd.GeoDataFrame({"id": ["s", "x"], "schematic": [False, True]},
                             geometry=[surveyed, straight], crs=4326)
    pts = _gdf([Point(_direct(-76.0, -9.5, 90.0, 1.0)), Point(_direct(-75.0, -9.5, 90.0, 1.0))])
    rows = proximity.near(pts, lines).rows
    assert list(rows["nearest_id"]) == ["s", "x"]
    assert list(rows["nearest_schematic"]) == [False, True]
    # the road network marks its schematic sections with precision "schematic" instead
    roads = lines.drop(columns="schematic").assign(precision=["approximate", "schematic"])
    assert list(proximity.near(pts, roads).rows["nearest_schematic"]) == [False, True]


def test_cli_says_when_the_nearest_river_is_schematic(capsys: pytest.CaptureFixture[str]) -> None:
    # the rivers layer's Palcazu is straight lines through Iscozacín and Ciudad Constitución
    # (layers/SOURCES.md): the aerodromes beside those towns are "near the river" only by that
    code, out, err = _run(capsys, "near", "airstrips", "--to", "rivers", "--csv")
    assert code == 0, err
    rows = {line.split(",")[0]: line.split(",") for line in out.splitlines()[1:]}
    assert rows["spen"][4] == "Palcazu" and rows["spen"][-1] == "True"
    assert rows["spez"][4] == "Pichis" and rows["spez"][-1] == "False"
    assert "nearest to a schematic line (Palcazu)" in err


def test_roads_are_the_network_routes_run_on() -> None:
    # `--to roads` measures to the network the map draws and routes run on, whose schematic
    # Palcazu road (Puerto Bermúdez – Ciudad Constitución – Iscozacín, straight between the
    # district capitals) passes the aerodromes there; the 12-section `roads` layer has no road
    # within 59 km of Iscozacín
    targets = proximity.load_targets("roads")
    assert len(targets) == len(layers.load(layers.data_dir() / "road_network.geojson"))
    assert "schematic-ciudad-constitucion-iscozacin" in set(targets["id"])
    strips = proximity.load_points("airstrips")
    rows = proximity.near(strips, targets, within_km=5).rows.set_index("id")
    section = targets.set_index("id").geometry["schematic-ciudad-constitucion-iscozacin"]
    (lon1, lat1), (lon2, lat2) = section.coords
    spen = strips.set_index("id").geometry["spen"]
    # GeographicLib: the aerodrome's distance to the section is at most its distance to
    # the section's Iscozacín end
    end_km = min(Geodesic.WGS84.Inverse(spen.y, spen.x, lat, lon)["s12"] for lon, lat in
                 ((lon1, lat1), (lon2, lat2))) / 1000
    assert rows.loc["spen", "nearest_id"] == "schematic-ciudad-constitucion-iscozacin"
    assert rows.loc["spen", "distance_km"] <= end_km + ONE_M_KM
    assert bool(rows.loc["spen", "nearest_schematic"])


# --------------------------------------------------------------------------------------------
# The command line


def test_cli_table_shows_the_breakdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "near", str(STRIPS), "--to", str(TERRITORIES), "--within", "5km")
    assert code == 0, err
    assert "inside       30      44.8 %" in out
    assert "within 5 km  26      38.8 %" in out
    assert "beyond       11      16.4 %" in out
    assert "t-e      Territory E (synthetic)" in out
    assert "sources: points: SYNTHETIC: invented" in out


def test_cli_outputs_are_byte_identical_and_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["near", str(STRIPS), "--to", str(TERRITORIES), "--buffer-km", "5"]
    _, first, _ = _run(capsys, *args, "--json")
    _, second, _ = _run(capsys, *args, "--json")
    assert first == second
    doc = json.loads(first)
    assert doc["counts"] == {"inside": 30, "in buffer": 26, "beyond": 11}
    code, _, err = _run(capsys, *args, "--out", str(tmp_path / "near.json"))
    assert code == 0, err
    assert (tmp_path / "near.json").read_text(encoding="utf-8") == first
    code, csv_out, _ = _run(capsys, *args, "--csv")
    assert csv_out.splitlines()[0].startswith("id,name,precision,nearest_id")
    assert len(csv_out.splitlines()) == 68
    code, _, err = _run(capsys, *args, "--out", str(tmp_path / "near.geojson"))
    assert code == 0, err
    written = gpd.read_file(tmp_path / "near.geojson")
    assert len(written) == 67
    assert (written["class"] == "inside").sum() == 30


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["near", str(DATA / "layers_empty.geojson"), "--to", str(TERRITORIES)], "empty"),
        (["near", str(STRIPS), "--to", str(DATA / "layers_empty.geojson")], "empty"),
        (["near", str(STRIPS), "--to", str(STRIPS)], "holds points"),
        (["near", str(TERRITORIES), "--to", str(TERRITORIES)], "not a point"),
        (["near", str(DATA / "layers_swapped_at_sea.geojson"), "--to", "coca_zones"], "swapped"),
        (["near", str(STRIPS), "--to", str(TERRITORIES), "--within", "ten"], "expected a distance"),
        (["near", str(STRIPS), "--to", str(TERRITORIES), "--buffer-km", "-1"], "0 or more"),
        (["near", str(STRIPS), "--to", str(TERRITORIES), "--out", "x.txt"], "unsupported --out"),
        (["near", str(STRIPS), "--to", str(TERRITORIES), "--area-name-col", "nom"], "no column 'nom'"),
        (["near", str(DATA / "no_such.gpkg"), "--to", "roads"], "no such file"),
    ],
)
def test_cli_bad_input_is_one_line_exit_1(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 1
    assert message in _one_line_error(err)
    assert out == ""


def test_cli_out_never_overwrites_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strips = tmp_path / "strips.gpkg"
    strips.write_bytes(STRIPS.read_bytes())
    code, _, err = _run(capsys, "near", str(strips), "--to", str(TERRITORIES), "--out", str(strips))
    assert code == 1
    assert "refusing to overwrite an input" in _one_line_error(err)
    assert strips.read_bytes() == STRIPS.read_bytes()


def test_cli_within_and_buffer_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "near", "airstrips", "--to", "roads", "--within", "5km", "--buffer-km", "5")
    assert code == 2
    assert "not allowed with argument" in err


# --------------------------------------------------------------------------------------------
# The map


def test_map_near_colours_points_and_counts_them_in_the_legend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    near = f"{STRIPS}:{TERRITORIES}:5km"
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    code, out, err = _run(capsys, "map", "--layers", "countries", "--near", near, "--out", str(first))
    assert code == 0, err
    assert "near_1     67        proximity_strips_synthetic.gpkg: distance to" in out
    html = first.read_text(encoding="utf-8")
    for entry in ("inside: 30", "within 5 km: 26", "beyond: 11"):
        assert entry in html
    for colour in maps.PROXIMITY_COLOURS.values():
        if colour != maps.PROXIMITY_COLOURS["uncertain"]:
            assert colour in html
    code, _, err = _run(capsys, "map", "--layers", "countries", "--near", near, "--out", str(second))
    assert code == 0, err
    assert first.read_bytes() == second.read_bytes()


def test_map_near_draws_district_points_as_circles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "m.html"
    code, _, err = _run(capsys, "map", "--layers", "countries", "--near", "airstrips:roads:5km", "--out", str(out_file))
    assert code == 0, err
    html = out_file.read_text(encoding="utf-8")
    assert "uncertain: 3" in html
    assert "± 15 km: somewhere in this circle" in html


@pytest.mark.parametrize(
    ("near", "message"),
    [("airstrips", "expected POINTS:AREAS"), ("roads:coca_zones", "not a point"), ("airstrips:roads:far", "expected a distance")],
)
def test_map_near_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], near: str, message: str) -> None:
    code, _, err = _run(capsys, "map", "--near", near, "--out", str(tmp_path / "m.html"))
    assert code == 1
    assert message in _one_line_error(err)
    assert not (tmp_path / "m.html").exists()


def test_map_near_never_overwrites_its_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strips = tmp_path / "strips.gpkg"
    strips.write_bytes(STRIPS.read_bytes())
    code, _, err = _run(capsys, "map", "--layers", "countries", "--near", f"{strips}:{TERRITORIES}", "--out", str(strips))
    assert code == 1
    assert "refusing to overwrite an input" in _one_line_error(err)
    assert strips.read_bytes() == STRIPS.read_bytes()
