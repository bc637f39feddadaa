"""Tests for geo_huallaga.geodesy; expected values from GeographicLib or written-out arithmetic."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from geo_huallaga import geodesy
from geo_huallaga.errors import InvalidCoordinateError, ParameterError

GEOD = Geodesic.WGS84
MM_IN_KM = 1e-6


def _geographiclib_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def _random_pairs(seed: int = 20121) -> np.ndarray:
    """300 pairs: 150 global, 75 near-antipodal, 75 with an end within 0.1° of a pole."""
    rng = np.random.default_rng(seed)
    lon1 = rng.uniform(-180, 180, 300)
    lat1 = np.degrees(np.arcsin(rng.uniform(-1, 1, 300)))
    lon2 = rng.uniform(-180, 180, 300)
    lat2 = np.degrees(np.arcsin(rng.uniform(-1, 1, 300)))
    anti = slice(150, 225)
    lat2[anti] = np.clip(-lat1[anti] + rng.uniform(-0.5, 0.5, 75), -90, 90)
    lon2[anti] = (lon1[anti] + 180 + rng.uniform(-0.5, 0.5, 75) + 180) % 360 - 180
    polar = slice(225, 300)
    lat1[polar] = rng.choice([-1, 1], 75) * rng.uniform(89.9, 90.0, 75)
    return np.column_stack([lon1, lat1, lon2, lat2])


PAIRS = _random_pairs()


def test_distance_matches_geographiclib_to_1_mm_on_300_pairs() -> None:
    got = geodesy.distance_km(PAIRS[:, 0], PAIRS[:, 1], PAIRS[:, 2], PAIRS[:, 3])
    expected = np.array([_geographiclib_km(*row) for row in PAIRS])
    assert got.shape == (300,)
    np.testing.assert_allclose(got, expected, rtol=0, atol=MM_IN_KM)
    # the sample really holds near-antipodal pairs (> 19,900 km) and near-pole ends
    assert (expected[150:225] > 19_900).all()
    assert (np.abs(PAIRS[225:, 1]) >= 89.9).all()


def test_distance_scalar_gives_float_and_arrays_keep_shape() -> None:
    one = geodesy.distance_km(-75.1481, -10.1842, -68.7692, -11.0267)
    assert isinstance(one, float)
    expected = _geographiclib_km(-75.1481, -10.1842, -68.7692, -11.0267)
    assert one == pytest.approx(expected, abs=MM_IN_KM)
    grid = geodesy.distance_km(np.zeros((2, 3)), np.zeros((2, 3)), np.ones((2, 3)), 0.0)
    assert grid.shape == (2, 3)
    # 1° of longitude on the equator = a·π/180 with a = 6,378,137 m
    np.testing.assert_allclose(grid, 6378.137 * math.pi / 180, rtol=1e-12)


def test_inputs_are_never_modified() -> None:
    lon1, lat1 = PAIRS[:, 0].copy(), PAIRS[:, 1].copy()
    geodesy.distance_km(lon1, lat1, PAIRS[:, 2], PAIRS[:, 3])
    geodesy.initial_bearing_deg(lon1, lat1, PAIRS[:, 2], PAIRS[:, 3])
    np.testing.assert_array_equal(lon1, PAIRS[:, 0])
    np.testing.assert_array_equal(lat1, PAIRS[:, 1])
    line = LineString([(0, 0), (1, 1), (2, 0)])
    geodesy.line_length_km([line])
    assert line.coords[:] == [(0, 0), (1, 1), (2, 0)]


def test_distance_matrix_matches_geographiclib() -> None:
    a, b = PAIRS[:7, :2], PAIRS[7:12, 2:]
    got = geodesy.distance_matrix_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    expected = [[_geographiclib_km(*p, *q) for q in b] for p in a]
    assert got.shape == (7, 5)
    np.testing.assert_allclose(got, expected, rtol=0, atol=MM_IN_KM)


def test_initial_bearing_matches_geographiclib() -> None:
    got = geodesy.initial_bearing_deg(*PAIRS[:150].T)
    expected = np.array([GEOD.Inverse(r[1], r[0], r[3], r[2])["azi1"] % 360 for r in PAIRS[:150]])
    diff = (got - expected + 180) % 360 - 180
    np.testing.assert_allclose(diff, 0, atol=1e-9)
    assert ((got >= 0) & (got < 360)).all()
    assert geodesy.initial_bearing_deg(0.0, 0.0, 0.0, 1.0) == 0.0
    assert geodesy.initial_bearing_deg(0.0, 0.0, -1.0, 0.0) == 270.0


def test_unit_conversions_are_the_exact_definitions() -> None:
    assert geodesy.KM_PER_NM * 1000 == 1852  # international nautical mile, by definition
    assert abs(geodesy.KM_PER_MI * 1000 - 5280 * 0.3048) < 1e-12  # 5,280 international ft
    assert geodesy.M_PER_FT == 0.3048
    assert abs(geodesy.FT_PER_M * 0.3048 - 1.0) < 1e-15
    assert dict(geodesy.LENGTH_UNITS_KM) == {"km": 1.0, "nm": 1.852, "mi": 1.609344}
    with pytest.raises(TypeError):
        geodesy.LENGTH_UNITS_KM["km"] = 2.0  # type: ignore[index]


@pytest.mark.parametrize(
    ("lon", "lat", "message"),
    [
        (-75.1, 95.0, r"latitude 95 out of range .*lat/lon swapped\? \(lon=95, lat=-75.1\)"),
        (-120.0, 95.0, r"latitude 95 out of range \[-90, 90\] at \(lon=-120, lat=95\)$"),
        (200.0, 10.0, r"longitude 200 out of range \[-180, 180\]"),
        (float("nan"), 10.0, r"must be finite"),
    ],
)
def test_out_of_range_coordinates_raise(lon: float, lat: float, message: str) -> None:
    with pytest.raises(InvalidCoordinateError, match=message):
        geodesy.distance_km(lon, lat, 0.0, 0.0)


def test_out_of_range_in_an_array_names_index_and_count() -> None:
    with pytest.raises(InvalidCoordinateError, match=r"\(index 1, 2 bad of 3\)$") as info:
        geodesy.distance_km([0.0, -120.0, -120.0], [0.0, 91.0, 92.0], 0.0, 0.0)
    assert isinstance(info.value, ValueError)
    # (lon=0, lat=91) swapped is (lon=91, lat=0), valid: the hint appears
    with pytest.raises(InvalidCoordinateError, match=r"swapped\? \(lon=91, lat=0\) would be valid"):
        geodesy.distance_km([0.0], [91.0], 0.0, 0.0)


def _geographiclib_line_km(coords: list[tuple[float, float]]) -> float:
    return sum(
        _geographiclib_km(*coords[i], *coords[i + 1]) for i in range(len(coords) - 1)
    )


def test_line_length_matches_geographiclib_and_skips_the_gap_between_parts() -> None:
    part_a = [(-76.0006, -9.2981), (-75.1481, -10.1842), (-72.6776, -7.6276)]
    part_b = [(-68.7692, -11.0267), (-66.0631, -11.0065)]
    lines = gpd.GeoSeries(
        [LineString(part_a), MultiLineString([part_a, part_b]), LineString(), None,
         LineString([(179.5, 0), (-179.5, 0)])],
        crs="EPSG:4326",
    )
    got = geodesy.line_length_km(lines)
    expected_a = _geographiclib_line_km(part_a)
    expected_ab = expected_a + _geographiclib_line_km(part_b)  # no Cruzeiro → Cobija jump
    # 1° of equator across the antimeridian = a·π/180
    assert got[0] == pytest.approx(expected_a, abs=MM_IN_KM)
    assert got[1] == pytest.approx(expected_ab, abs=MM_IN_KM)
    assert got[2] == 0.0
    assert math.isnan(got[3])
    assert got[4] == pytest.approx(6378.137 * math.pi / 180, abs=MM_IN_KM)


def test_line_length_of_one_geometry_and_of_many_random_lines() -> None:
    one = geodesy.line_length_km(LineString([(0, 0), (0, 1)]))
    assert one.shape == (1,)
    rng = np.random.default_rng(7)
    coords = [
        list(zip(rng.uniform(-80, -60, k).tolist(), rng.uniform(-15, 0, k).tolist(), strict=True))
        for k in rng.integers(2, 9, 40)
    ]
    got = geodesy.line_length_km(np.array([LineString(c) for c in coords], dtype=object))
    expected = [_geographiclib_line_km(c) for c in coords]
    np.testing.assert_allclose(got, expected, rtol=0, atol=MM_IN_KM)


def test_line_length_refuses_polygons_and_projected_series() -> None:
    with pytest.raises(ParameterError, match="got Polygon at index 1"):
        geodesy.line_length_km([LineString([(0, 0), (1, 1)]), Polygon([(0, 0), (1, 0), (1, 1)])])
    projected = gpd.GeoSeries([LineString([(0, 0), (1000, 0)])], crs="EPSG:32718")
    with pytest.raises(ParameterError, match=r"needs lon/lat coordinates .*to_crs\(4326\)"):
        geodesy.line_length_km(projected)
    with pytest.raises(InvalidCoordinateError, match="latitude 100"):
        geodesy.line_length_km([LineString([(0, 0), (0, 100)])])


def _on_geodesic(lon1: float, lat1: float, lon2: float, lat2: float, points: np.ndarray) -> None:
    total = _geographiclib_km(lon1, lat1, lon2, lat2)
    via = [
        _geographiclib_km(lon1, lat1, x, y) + _geographiclib_km(x, y, lon2, lat2) for x, y in points
    ]
    np.testing.assert_allclose(via, total, rtol=0, atol=MM_IN_KM)


def test_great_circle_follows_the_geodesic_with_the_asked_spacing() -> None:
    line = geodesy.great_circle(-75.1481, -10.1842, -68.7692, -11.0267, spacing_km=50)
    assert isinstance(line, LineString)
    coords = np.asarray(line.coords)
    assert tuple(coords[0]) == (-75.1481, -10.1842)
    assert tuple(coords[-1]) == (-68.7692, -11.0267)
    _on_geodesic(-75.1481, -10.1842, -68.7692, -11.0267, coords[1:-1])
    steps = [_geographiclib_km(*coords[i], *coords[i + 1]) for i in range(len(coords) - 1)]
    assert max(steps) <= 50 + MM_IN_KM
    assert len(coords) == math.ceil(704.219 / 50) + 1  # 704.2 km in 15 equal steps


def test_great_circle_is_split_exactly_at_the_antimeridian() -> None:
    line = geodesy.great_circle(170.0, -60.0, -170.0, -58.0, spacing_km=100)
    assert isinstance(line, MultiLineString)
    west, east = (np.asarray(g.coords) for g in line.geoms)
    assert west[-1][0] == 180.0
    assert east[0][0] == -180.0
    assert west[-1][1] == east[0][1]
    _on_geodesic(170.0, -60.0, -170.0, -58.0, np.vstack([west[1:], east[:-1]]))
    assert (west[:, 0] >= 170).all()
    assert (east[:, 0] <= -170).all()
    # no piece jumps across the map: every step is short in longitude
    for part in (west, east):
        assert np.abs(np.diff(part[:, 0])).max() < 5


@pytest.mark.parametrize(
    ("lon1", "lon2", "ends"),
    [(170, -180, (170, 180)), (-180, -170, (-180, -170)), (180, -170, (-180, -170))],
)
def test_great_circle_ending_on_the_antimeridian_is_not_split(
    lon1: float, lon2: float, ends: tuple[float, float]
) -> None:
    line = geodesy.great_circle(lon1, 0.0, lon2, 0.0, spacing_km=400)
    assert isinstance(line, LineString)
    assert (line.coords[0][0], line.coords[-1][0]) == ends


def test_great_circle_over_a_pole_is_cut_at_the_pole() -> None:
    # (1°E, 0°) and (179°W, 10°N) lie on opposite meridians: the geodesic runs north along 1°E,
    # over the North Pole, and south along 179°W. Drawn in lon/lat it must be cut at the pole,
    # not joined by a segment that jumps 180° of longitude.
    line = geodesy.great_circle(1.0, 0.0, -179.0, 10.0, spacing_km=100)
    assert isinstance(line, MultiLineString)
    first, second = line.geoms
    assert first.coords[0] == (1.0, 0.0) and first.coords[-1] == (1.0, 90.0)
    assert second.coords[0] == (-179.0, 90.0) and second.coords[-1] == (-179.0, 10.0)
    for part in line.geoms:
        assert (np.abs(np.diff(np.asarray(part.coords)[:, 0])) < 1e-6).all()  # each part on one meridian
    # length along the meridians: 0°→90° plus 90°→10°, quarter meridian and 80° of it (GeographicLib)
    expected_km = (_geographiclib_km(1.0, 0.0, 1.0, 90.0) + _geographiclib_km(-179.0, 90.0, -179.0, 10.0))
    assert geodesy.line_length_km([line])[0] == pytest.approx(expected_km, abs=1e-3)


def test_great_circle_bad_input() -> None:
    with pytest.raises(InvalidCoordinateError, match="the two points are the same"):
        geodesy.great_circle(-75.1481, -10.1842, -75.1481, -10.1842)
    with pytest.raises(ParameterError, match="spacing_km must be a positive number"):
        geodesy.great_circle(0.0, 0.0, 1.0, 1.0, spacing_km=0)
    with pytest.raises(InvalidCoordinateError, match="swapped"):
        geodesy.great_circle(-10.1842, -75.1481, 0.0, 100.0)


def _ring_vertices(geom: shapely.Geometry) -> np.ndarray:
    return shapely.get_coordinates(geom)


def _cap_area_km2(radius_km: float) -> float:
    """Area of a spherical cap on the authalic sphere (R = 6371.007 km): 2πR²(1 − cos(r/R))."""
    r_earth = 6371.0072
    return 2 * math.pi * r_earth**2 * (1 - math.cos(radius_km / r_earth))


@pytest.mark.parametrize(
    ("lon", "lat", "radius_km", "geom_type"),
    [
        (-75.1481, -10.1842, 704.2, "Polygon"),  # Palcazu, Cobija's distance
        (-65.0, -60.0, 800.0, "Polygon"),  # 60°S
        (179.0, -60.0, 500.0, "MultiPolygon"),  # 60°S across the antimeridian
        (-179.9, 10.0, 50.0, "MultiPolygon"),  # small, across the antimeridian
    ],
)
def test_geodesic_ring_vertices_lie_at_the_radius(
    lon: float, lat: float, radius_km: float, geom_type: str
) -> None:
    ring = geodesy.geodesic_ring(lon, lat, radius_km, n=90)
    assert ring.geom_type == geom_type
    assert ring.is_valid
    assert ring.contains(Point(lon, lat))
    vertices = _ring_vertices(ring)
    assert (np.abs(vertices[:, 0]) <= 180).all()
    dist = np.array([_geographiclib_km(lon, lat, x, y) for x, y in vertices])
    np.testing.assert_allclose(dist, radius_km, rtol=0, atol=1e-3)  # 1 m
    area_km2 = abs(geodesy.WGS84.geometry_area_perimeter(ring)[0]) / 1e6
    assert area_km2 == pytest.approx(_cap_area_km2(radius_km), rel=0.01)
    assert shapely.is_ccw(ring.exterior if geom_type == "Polygon" else ring.geoms[0].exterior)


def test_geodesic_ring_at_60_south_spans_twice_the_degrees_of_longitude() -> None:
    ring = geodesy.geodesic_ring(-65.0, -60.0, 200.0, n=360)
    minx, miny, maxx, maxy = ring.bounds
    # 1° of latitude ≈ 111.4 km, 1° of longitude at 60° ≈ 55.8 km: twice as many degrees
    assert (maxx - minx) / (maxy - miny) == pytest.approx(2.0, rel=0.02)


@pytest.mark.parametrize(("lat", "pole"), [(85.0, 90.0), (-88.0, -90.0)])
def test_geodesic_ring_around_a_pole(lat: float, pole: float) -> None:
    ring = geodesy.geodesic_ring(30.0, lat, 1000.0, n=120)
    assert isinstance(ring, Polygon)
    assert ring.is_valid
    vertices = _ring_vertices(ring)
    corners = np.abs(vertices[:, 1]) == 90.0
    assert {tuple(v) for v in vertices[corners]} == {(-180.0, pole), (180.0, pole)}
    dist = np.array([_geographiclib_km(30.0, lat, x, y) for x, y in vertices[~corners]])
    np.testing.assert_allclose(dist, 1000.0, rtol=0, atol=1e-3)
    assert ring.contains(Point(30.0, lat))
    assert ring.bounds[0] == -180.0
    assert ring.bounds[2] == 180.0
    area_km2 = abs(geodesy.WGS84.geometry_area_perimeter(ring)[0]) / 1e6
    assert area_km2 == pytest.approx(_cap_area_km2(1000.0), rel=0.01)


def test_geodesic_ring_bad_input() -> None:
    with pytest.raises(ParameterError, match="radius_km must be a positive number"):
        geodesy.geodesic_ring(0.0, 0.0, -5.0)
    with pytest.raises(ParameterError, match="n must be an integer of at least 8"):
        geodesy.geodesic_ring(0.0, 0.0, 5.0, n=3)
    with pytest.raises(ParameterError, match="would enclose both poles"):
        geodesy.geodesic_ring(0.0, 0.0, 12_000.0)
    with pytest.raises(InvalidCoordinateError, match="swapped"):
        geodesy.geodesic_ring(-10.0, -175.0, 5.0)


# --------------------------------------------------------------------------------------------
# Property checks over random centres and pairs (any latitude, antimeridian, poles)

LONS = st.floats(-180, 180, allow_nan=False)
LATS = st.floats(-90, 90, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(lon=LONS, lat=LATS, radius_km=st.floats(1, 6000))
def test_any_geodesic_ring_is_valid_and_on_its_circle(lon: float, lat: float, radius_km: float) -> None:
    poles = [_geographiclib_km(lon, lat, 0.0, 90.0), _geographiclib_km(lon, lat, 0.0, -90.0)]
    assume(min(abs(d - radius_km) for d in poles) > 1.0)  # not grazing a pole
    ring = geodesy.geodesic_ring(lon, lat, radius_km, n=24)
    assert ring.is_valid
    vertices = _ring_vertices(ring)
    assert (np.abs(vertices[:, 0]) <= 180).all()
    on_circle = np.abs(vertices[:, 1]) != 90.0
    dist = [_geographiclib_km(lon, lat, x, y) for x, y in vertices[on_circle]]
    np.testing.assert_allclose(dist, radius_km, rtol=0, atol=1e-3)
    # the polygon covers the circle's inside, not its outside
    area_km2 = abs(geodesy.WGS84.geometry_area_perimeter(ring)[0]) / 1e6
    assert area_km2 == pytest.approx(_cap_area_km2(radius_km), rel=0.06)


@settings(max_examples=60, deadline=None)
@given(lon1=LONS, lat1=LATS, lon2=LONS, lat2=LATS)
@example(lon1=-9.5, lat1=0.0, lon2=179.99999999999997, lat2=0.0)  # an end a hair short of 180 (found by hypothesis)
def test_any_great_circle_stays_on_the_geodesic_without_jumps(
    lon1: float, lat1: float, lon2: float, lat2: float
) -> None:
    total = _geographiclib_km(lon1, lat1, lon2, lat2)
    assume(1.0 < total < 19_000)  # distinct points, geodesic unique (not near-antipodal)
    assume(max(abs(lat1), abs(lat2)) < 89.9)  # meridians through a pole jump by 180° there
    line = geodesy.great_circle(lon1, lat1, lon2, lat2, spacing_km=500)
    parts = list(line.geoms) if isinstance(line, MultiLineString) else [line]
    coords = np.vstack([np.asarray(p.coords) for p in parts])
    assert (np.abs(coords[:, 0]) <= 180).all()
    for part in parts:
        steps = np.abs(np.diff(np.asarray(part.coords)[:, 0]))
        assert (steps < 180).all()
    _on_geodesic(lon1, lat1, lon2, lat2, coords)
