"""Tests for geo_huallaga.routing.

Expected values come from GeographicLib (independent of pyproj), from hand arithmetic written
out here, or from published distances cited beside each test.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import searoute
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, MultiLineString

from geo_huallaga import geodesy, layers, routing
from geo_huallaga.errors import (
    LayerValidationError,
    ParameterError,
    PlaceNotFoundError,
    RoutingError,
)

GEOD = Geodesic.WGS84
KM_PER_NM = 1.852  # international nautical mile, by definition
DATA = Path(__file__).parent / "data"
SPLIT_ROADS = f"{DATA}/routing_roads_split.geojson"


def _gl_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance from GeographicLib (Karney), km."""
    return GEOD.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def _assert_legs_add_up(r: routing.Route) -> None:
    """Route length = sum of legs; each leg = line_length_km of its own geometry; legs chain."""
    assert r.length_km == pytest.approx(sum(leg.length_km for leg in r.legs), rel=1e-12)
    assert r.time_h == pytest.approx(sum(leg.time_h for leg in r.legs), rel=1e-12)
    for leg in r.legs:
        assert leg.mode in routing.MODES
        assert leg.length_km == pytest.approx(float(geodesy.line_length_km(leg.geometry)[0]), rel=1e-12)
    for prev, nxt in zip(r.legs[:-1], r.legs[1:], strict=True):
        assert prev.destination == nxt.origin
        end = shapely.get_coordinates(prev.geometry)[-1]
        start = shapely.get_coordinates(nxt.geometry)[0]
        assert _gl_km(*end, *start) < 1e-6  # continuous to the millimetre


# --------------------------------------------------------------------------------------------
# Land, on a fixture whose answer is worked out by hand on the equator


def test_land_route_on_fixture_follows_roads_and_matches_geographiclib() -> None:
    # Grid south (y=0) / north (y=0.1) joined at x=0 and x=0.1. From (0.05, -0.01) to
    # (0.15, 0.11): access north 0.01° to (0.05, 0); east along y=0 to the junction (0.1, 0);
    # north to (0.1, 0.1); east to (0.15, 0.1); access north 0.01° to (0.15, 0.11).
    r = routing.route((0.05, -0.01), (0.15, 0.11), mode="land", roads=SPLIT_ROADS)
    assert [leg.access for leg in r.legs] == [True, False, True]
    road = r.legs[1]
    assert shapely.get_coordinates(road.geometry).tolist() == [
        [0.05, 0.0], [0.1, 0.0], [0.1, 0.1], [0.15, 0.1]
    ]
    expected_road = _gl_km(0.05, 0, 0.1, 0) + _gl_km(0.1, 0, 0.1, 0.1) + _gl_km(0.1, 0.1, 0.15, 0.1)
    assert road.length_km == pytest.approx(expected_road, rel=1e-9)
    assert r.legs[0].length_km == pytest.approx(_gl_km(0.05, -0.01, 0.05, 0.0), rel=1e-9)
    assert r.legs[2].length_km == pytest.approx(_gl_km(0.15, 0.1, 0.15, 0.11), rel=1e-9)
    # Hand check: 0.05° of longitude on the equator is a·π/180·0.05 = 5.5660 km (a = 6378.137).
    assert _gl_km(0.05, 0, 0.1, 0) == pytest.approx(6378.137 * math.pi / 180 * 0.05, rel=1e-9)
    _assert_legs_add_up(r)
    # The default speeds, written here rather than read from the code under test:
    # road 40 km/h (Lima -> Tingo María, 537 km in "at least thirteen hours" by car, automas.com
    # "Perú Descubre": 537 / 13 = 41.3 km/h, rounded down for loaded trucks); access legs
    # 3 km/h on foot with a load (an assumption: Naismith's 5 km/h on the flat, slowed by load
    # and mud). Road: 5.5660 + 11.0574 + 5.5660 km on the equator = 22.189 km -> 0.5547 h;
    # access: 2 x 0.01 deg of latitude = 2 x 1.1057 km -> 0.7371 h.
    road_kmh, access_kmh = 40.0, 3.0
    assert road.length_km == pytest.approx(22.189, abs=1e-3)
    assert r.legs[0].length_km + r.legs[2].length_km == pytest.approx(2.2115, abs=1e-3)
    assert r.time_h == pytest.approx(
        road.length_km / road_kmh + (r.legs[0].length_km + r.legs[2].length_km) / access_kmh, rel=1e-9
    )
    assert r.time_h == pytest.approx(22.189 / 40 + 2.2115 / 3, abs=1e-3)  # 1.2918 h


def test_land_snaps_onto_the_line_not_the_nearest_node() -> None:
    # (0.05, 0.001) is 0.05° from every node but 0.001° from the south road's middle.
    r = routing.route((0.05, 0.001), (0.2, 0.1), mode="land", roads=SPLIT_ROADS)
    access = r.legs[0]
    assert access.access
    assert shapely.get_coordinates(access.geometry)[-1].tolist() == [0.05, 0.0]
    # 0.001° of latitude at the equator: the meridian arc, about 110.57 m.
    assert access.length_km == pytest.approx(_gl_km(0.05, 0.001, 0.05, 0.0), rel=1e-9)
    assert access.length_km == pytest.approx(0.11057, abs=1e-5)


def test_land_both_ends_on_the_same_road_segment() -> None:
    r = routing.route((0.12, 0.0005), (0.18, 0.0005), mode="land", roads=SPLIT_ROADS)
    road = next(leg for leg in r.legs if not leg.access)
    assert shapely.get_coordinates(road.geometry).tolist() == [[0.12, 0.0], [0.18, 0.0]]
    _assert_legs_add_up(r)


def test_land_two_places_snapping_to_the_same_road_point() -> None:
    # Both are due north of (0.15, 0.1): no road leg, two access legs that meet on the road.
    r = routing.route((0.15, 0.12), (0.15, 0.14), mode="land", roads=SPLIT_ROADS)
    assert [leg.access for leg in r.legs] == [True, True]
    assert r.length_km == pytest.approx(_gl_km(0.15, 0.12, 0.15, 0.1) + _gl_km(0.15, 0.1, 0.15, 0.14), rel=1e-9)
    _assert_legs_add_up(r)


def test_land_disconnected_pair_raises_never_a_straight_line() -> None:
    with pytest.raises(RoutingError, match=r"no road connects .* separate, unconnected parts"):
        routing.route((0.05, 0.0), (1.05, 0.0), mode="land", roads=SPLIT_ROADS)


def test_land_point_too_far_from_any_road() -> None:
    with pytest.raises(RoutingError, match=r"km from the nearest road .*max_access_km=100"):
        routing.route((0.05, 0.0), (0.05, 2.0), mode="land", roads=SPLIT_ROADS)


def test_road_layer_without_lines() -> None:
    with pytest.raises(LayerValidationError, match="no LineString features"):
        routing.route((0.0, 0.0), (0.1, 0.0), mode="land", roads=f"{DATA}/routing_points_only.geojson")


@pytest.mark.parametrize("origin", [(-76.0, -9.0), (10.0, 60.0)])
def test_land_search_finds_the_shortest_path(origin: tuple[float, float]) -> None:
    # A jittered 25 x 25 grid with 15 % of its links removed, near the equator and at 60°N.
    # Between nodes, the route's road length must equal networkx's plain Dijkstra distance on
    # the same graph (the A* search must never be misled by its lower bound).
    rng = np.random.default_rng(5)
    side = 25
    xs, ys = np.meshgrid(np.arange(side) * 0.02, np.arange(side) * 0.02)
    pts = np.column_stack([xs.ravel(), ys.ravel()]) + rng.uniform(-0.006, 0.006, (side * side, 2))
    pts += np.array(origin)
    idx = np.arange(side * side).reshape(side, side)
    pairs = np.vstack([
        np.column_stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()]),
        np.column_stack([idx[:-1, :].ravel(), idx[1:, :].ravel()]),
    ])
    pairs = pairs[rng.random(len(pairs)) >= 0.15]
    roads = gpd.GeoSeries(shapely.linestrings(np.stack([pts[pairs[:, 0]], pts[pairs[:, 1]]], axis=1)), crs=4326)
    net = routing.road_network(roads)
    import networkx as nx

    for i, j in rng.integers(0, side * side, (12, 2)):
        a, b = tuple(pts[i]), tuple(pts[j])
        if i == j:
            continue
        u = min(net.graph.nodes, key=lambda n: (net.node_lon[n] - a[0]) ** 2 + (net.node_lat[n] - a[1]) ** 2)
        v = min(net.graph.nodes, key=lambda n: (net.node_lon[n] - b[0]) ** 2 + (net.node_lat[n] - b[1]) ** 2)
        try:
            expected = nx.dijkstra_path_length(net.graph, u, v, weight="length_km")
        except nx.NetworkXNoPath:
            with pytest.raises(RoutingError, match="no road connects"):
                routing.route(a, b, mode="land", roads=roads)
            continue
        r = routing.route(a, b, mode="land", roads=roads)
        assert not any(leg.access for leg in r.legs)
        assert r.length_km == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("suffix", [".gpkg", ".fgb", ".parquet"])
def test_user_road_layer_in_any_vector_format_gives_the_same_route(tmp_path, suffix: str) -> None:
    gdf = gpd.read_file(SPLIT_ROADS)
    path = tmp_path / f"roads{suffix}"
    if suffix == ".parquet":
        gdf.to_parquet(path)
    else:
        gdf.to_file(path)
    a, b = (0.05, -0.01), (0.15, 0.11)
    assert routing.route(a, b, mode="land", roads=path).as_dict() == routing.route(
        a, b, mode="land", roads=SPLIT_ROADS
    ).as_dict()


def test_road_graph_nodes_at_ends_and_shared_vertices_and_cached() -> None:
    net = routing.road_network(SPLIT_ROADS)
    # Main grid: (0,0) (0.1,0) (0.2,0) (0,0.1) (0.1,0.1) (0.2,0.1); island: 3 nodes.
    assert net.node_count == 9
    # south and north split at x=0.1: 4 edges, plus west, middle, island's 2 parts.
    assert net.edge_count == 8
    assert routing.road_network(SPLIT_ROADS) is net
    assert routing.road_network(gpd.read_file(SPLIT_ROADS)) is net  # same lines, same graph


def test_road_layer_in_a_projected_crs_is_reprojected() -> None:
    gdf = gpd.read_file(SPLIT_ROADS).to_crs(3857)
    r = routing.route((0.05, -0.01), (0.15, 0.11), mode="land", roads=gdf)
    road = next(leg for leg in r.legs if not leg.access)
    assert road.length_km == pytest.approx(
        _gl_km(0.05, 0, 0.1, 0) + _gl_km(0.1, 0, 0.1, 0.1) + _gl_km(0.1, 0.1, 0.15, 0.1), rel=1e-6
    )


# --------------------------------------------------------------------------------------------
# Land, on the built-in roads layer


def test_tingo_maria_to_paita_by_land_follows_the_roads() -> None:
    # Expected ratio to the geodesic: between 1.25 and 1.6. Why: no road crosses the Andes
    # between the Huallaga and Piura; the trunk road runs north down the Huallaga to Tocache
    # and Tarapoto, west over Moyobamba and the Olmos pass (Abra Porculla), then south-west to
    # Piura and Paita. The geodesics through those towns alone (GeographicLib, below) already
    # sum to 1.23 times the direct geodesic; the road layer follows the road between them
    # with some straight chords (layers/SOURCES.md), so a little more, while real driving
    # distances would be longer still.
    # On the trunk-road layer of the corridors (layers/roads.geojson), which this reasoning
    # is about; the full network has a shorter crossing of the Andes via Cajamarca.
    r = routing.route("Tingo María", "Paita", mode="land", roads="roads")
    tm, paita = layers.place("Tingo María"), layers.place("Paita")
    direct = _gl_km(tm.lon, tm.lat, paita.lon, paita.lat)
    assert direct == pytest.approx(730.24, abs=0.01)
    assert 1.25 < r.length_km / direct < 1.6
    towns = ["Tingo María", "Tocache", "Tarapoto", "Moyobamba", "Olmos", "Piura", "Paita"]
    pts = [(layers.place(t).lon, layers.place(t).lat) for t in towns]
    through_towns = sum(_gl_km(*a, *b) for a, b in itertools.pairwise(pts))
    assert through_towns / direct == pytest.approx(1.23, abs=0.01)
    road = next(leg for leg in r.legs if not leg.access)
    assert road.length_km > 0.97 * through_towns
    # Follows the roads: every vertex lies on a line of the roads layer ...
    roads = shapely.union_all(layers.load("roads").geometry.values)
    vertices = shapely.points(shapely.get_coordinates(road.geometry))
    assert float(shapely.distance(vertices, roads).max()) < 1e-9
    # ... and it passes by Tarapoto and Olmos.
    coords = shapely.get_coordinates(road.geometry)
    for town in ("Tarapoto", "Olmos"):
        p = layers.place(town)
        assert min(_gl_km(p.lon, p.lat, x, y) for x, y in coords) < 10
    _assert_legs_add_up(r)


def test_vraem_is_not_connected_to_palcazu_on_the_corridor_trunk_roads() -> None:
    # The trunk-road layer's VRAEM sections (Kimbiri–Huanta–Ayacucho) join nothing else; the
    # full network connects them (tests/test_road_network.py).
    with pytest.raises(RoutingError, match="no road connects Pichari and Iscozacín in roads"):
        routing.route("Pichari", "Iscozacín", mode="land", roads="roads")


def test_article_chain_huallaga_land_palcazu_air_bolivia() -> None:
    r = routing.multimodal(["Tingo María", "Iscozacín", "Cobija"], ["land", "air"])
    assert r.mode == "land+air"
    assert [leg.mode for leg in r.legs] == ["land", "land", "land", "air"]
    # The source has no road to Iscozacín: the last land leg is the schematic Palcazu section,
    # labelled as such, whose last stretch is the straight line from Ciudad Constitución
    # (-75.0169, -9.8564) to Iscozacín (-75.1481, -10.1842), ubigeo district capitals.
    last = r.legs[2]
    assert not last.access and last.precision == "schematic"
    assert "schematic" in last.means
    assert last.destination == "Iscozacín"
    assert shapely.get_coordinates(last.geometry)[-2:].tolist() == [[-75.0169, -9.8564], [-75.1481, -10.1842]]
    assert last.length_km > _gl_km(-75.0169, -9.8564, -75.1481, -10.1842)
    _assert_legs_add_up(r)


def test_article_chain_huallaga_land_coast_sea_europe() -> None:
    r = routing.multimodal(["Tocache", "Paita", "Rotterdam"], ["land", "sea"])
    assert r.mode == "land+sea"
    assert [leg.mode for leg in r.legs if not leg.access] == ["land", "sea"]
    assert r.passages == ("panama",)
    _assert_legs_add_up(r)


# --------------------------------------------------------------------------------------------
# Sea


def test_sea_paita_rotterdam_goes_through_panama_and_reports_ports() -> None:
    r = routing.route("Paita", "Rotterdam", mode="sea")
    assert r.passages == ("panama",)
    assert [p.code for p in r.ports] == ["PEPAI", "NLRTM"]
    paita, rotterdam = layers.place("Paita"), layers.place("Rotterdam")
    for place, port in zip((paita, rotterdam), r.ports, strict=True):
        assert port.distance_km == pytest.approx(_gl_km(place.lon, place.lat, port.lon, port.lat), rel=1e-9)
        assert port.distance_km < 5
    # searoute's own passage report (return_passages works without include_ports) agrees.
    own = searoute.searoute((paita.lon, paita.lat), (rotterdam.lon, rotterdam.lat), return_passages=True)
    assert set(own.properties["traversed_passages"]) == set(r.passages)
    # Far longer than the geodesic (the Americas are in the way), but not absurdly so.
    direct = _gl_km(paita.lon, paita.lat, rotterdam.lon, rotterdam.lat)
    assert 1.05 < r.length_km / direct < 1.35
    _assert_legs_add_up(r)


def test_sea_distance_through_panama_matches_a_published_port_to_port_distance() -> None:
    # Published: E. R. Johnson, Special Commissioner on Panama Canal Traffic and Tolls, report
    # to the Secretary of War (1912), quoted in J. B. Bishop, "Panama, Past and Present" (1913),
    # p. 237 (en.wikisource.org/wiki/Page:Panama-past-present-Bishop.djvu/257): New York to San
    # Francisco is 5,262 nautical miles by way of Panama and 13,135 by the Straits of Magellan.
    new_york, san_francisco = (-74.0, 40.7), (-122.42, 37.77)
    via_panama = routing.route(new_york, san_francisco, mode="sea")
    assert via_panama.passages == ("panama",)
    assert via_panama.length_km / KM_PER_NM == pytest.approx(5262, rel=0.04)
    via_magellan = routing.route(new_york, san_francisco, mode="sea", close_passages=["panama"])
    assert "chili" in via_magellan.passages  # searoute's name for the Strait of Magellan
    assert via_magellan.length_km / KM_PER_NM == pytest.approx(13135, rel=0.04)


@pytest.mark.parametrize(("a", "b"), [("Paita", "Rotterdam"), ("Callao", "Valencia"), ("Puerto Etén", "Dakar")])
def test_sea_leg_agrees_with_searoute_include_ports(a: str, b: str) -> None:
    # searoute's own port-to-port answer (include_ports=True): the same ports, and a length
    # within 0.5 % (it measures on a sphere of radius 6,371.0088 km, we on the WGS84 ellipsoid).
    pa, pb = layers.place(a), layers.place(b)
    theirs = searoute.searoute((pa.lon, pa.lat), (pb.lon, pb.lat), include_ports=True)
    ours = next(leg for leg in routing.route(a, b, mode="sea").legs if leg.mode == "sea")
    assert [p.code for p in ours.ports] == [theirs.properties["port_origin"]["port"], theirs.properties["port_dest"]["port"]]
    assert ours.length_km == pytest.approx(theirs.properties["length"], rel=0.005)


@pytest.mark.parametrize(
    ("a", "b", "closed"),
    [("Paita", "Rotterdam", ()), ("Paita", "Rotterdam", ("panama",)), ("Callao", "Lomé", ()), ("Chimbote", "Antwerp", ())],
)
def test_sea_path_is_searoutes_own_shortest_path(a: str, b: str, closed: tuple[str, ...]) -> None:
    # Between the two ports, the route's vertices are exactly the network nodes of searoute's
    # own Dijkstra answer (its default restriction, northwest, plus the closed passages).
    r = routing.route(a, b, mode="sea", close_passages=closed)
    sea_leg = next(leg for leg in r.legs if leg.mode == "sea")
    pa, pb = sea_leg.ports
    theirs = searoute.searoute((pa.lon, pa.lat), (pb.lon, pb.lat), restrictions=["northwest", *closed])
    ours = shapely.get_coordinates(sea_leg.geometry)[1:-1]
    expected = np.array(theirs.geometry.coordinates)
    expected[:, 0] = (expected[:, 0] + 180.0) % 360.0 - 180.0
    assert ours.shape == expected.shape
    assert np.allclose(ours, expected, atol=1e-9)


def test_searoute_trap_ports_with_passages_is_worked_around() -> None:
    # searoute 1.6 raises TypeError ("unhashable type: 'list'") when asked for ports and
    # passages together; routing snaps to ports and reads the passages from the path itself.
    with pytest.raises(TypeError, match="unhashable"):
        searoute.searoute((-81.0994, -5.0931), (4.4792, 51.9225), include_ports=True, return_passages=True)
    r = routing.route((-81.0994, -5.0931), (4.4792, 51.9225), mode="sea")
    assert r.ports
    assert r.passages == ("panama",)


def test_closing_panama_changes_the_route() -> None:
    open_ = routing.route("Paita", "Rotterdam", mode="sea")
    closed = routing.route("Paita", "Rotterdam", mode="sea", close_passages=["Panama"])
    assert "panama" not in closed.passages
    assert "chili" in closed.passages
    assert closed.length_km > 1.5 * open_.length_km
    canal = (-79.68, 9.12)  # the canal, between Balboa and Colón
    sea_leg = next(leg for leg in closed.legs if leg.mode == "sea")
    coords = shapely.get_coordinates(sea_leg.geometry)
    nearest_km = min(_gl_km(*canal, x, y) for x, y in coords)
    assert nearest_km > 500


def test_unknown_passage_lists_the_valid_ones() -> None:
    with pytest.raises(ParameterError, match=r"unknown passage 'panamax'; passages that can be closed: .*panama.*suez"):
        routing.route("Paita", "Rotterdam", mode="sea", close_passages=["panamax"])


def test_sea_endpoint_far_inland() -> None:
    with pytest.raises(RoutingError, match=r"Tingo María is 2\d\d km from the nearest port .* far inland"):
        routing.route("Tingo María", "Rotterdam", mode="sea")


def test_river_port_far_from_the_maritime_network_is_refused() -> None:
    # Iquitos is a port on the Amazon; searoute's network does not reach it, and its nearest
    # node is on the Pacific, across the Andes: no straight "sea" line over land.
    iquitos = (-73.25, -3.75)
    with pytest.raises(RoutingError, match=r"Iquitos \(PEIQT\) is \d+ km from the maritime network"):
        routing.route(iquitos, "Rotterdam", mode="sea")


def test_sea_network_is_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    routing.route("Paita", "Rotterdam", mode="sea")  # loaded (or already loaded)

    def rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("the maritime network was rebuilt")

    monkeypatch.setattr(searoute, "get_graphs", rebuild)
    monkeypatch.setattr(searoute, "setup_M", rebuild)
    r = routing.route("Callao", "Valencia", mode="sea")  # a new query, other ports
    assert r.passages == ("panama", "gibraltar")


def _land_depth_km(piece: shapely.Geometry, land_boundary: shapely.Geometry) -> float:
    """How deep a piece of line goes into land: largest distance of its vertices to the coast."""
    metric = gpd.GeoSeries([piece, land_boundary], crs=4326).to_crs("ESRI:54034")  # equal-area, m
    pts = shapely.points(shapely.get_coordinates(shapely.segmentize(metric.iloc[0], 1000.0)))
    return float(shapely.distance(pts, metric.iloc[1]).max()) / 1000.0


@pytest.mark.parametrize(
    ("a", "b", "closed"),
    [
        ("Paita", "Rotterdam", ()),
        ("Paita", "Rotterdam", ("panama",)),
        ("Paita", "Lomé", ()),
        ("Callao", "Valencia", ()),
        ("Chimbote", "Rotterdam", ()),
        ("Salaverry", "Algeciras", ()),
        ("Puerto Etén", "Dakar", ()),
    ],
)
def test_sea_routes_do_not_cross_land(a: str, b: str, closed: tuple[str, ...]) -> None:
    # The route along the maritime network, from the node nearest the first port to the node
    # nearest the last: any piece inside a countries polygon must be (1) within 60 km of one of
    # the route's own ports (harbour approaches, rivers such as the Nieuwe Waterweg), (2)
    # within 60 km of the Panama Canal when the route uses it, or (3) no deeper than 12 km
    # into the polygon: Natural Earth 1:110m generalises coasts by several km (see the
    # countries layer's sources), e.g. at Punta Aguja, Cap Gris-Nez or in the Strait of
    # Magellan. A route cutting across a peninsula or a country fails.
    # Left out: the straight connector from each port to its nearest network node, which the
    # network's coarseness imposes (up to 184 km on Peru's coast) and which can cut a headland
    # near its own port; its length is bounded at the end of this test.
    countries = layers.load("countries")
    land = shapely.union_all(countries.geometry.values)
    r = routing.route(a, b, mode="sea", close_passages=closed)
    sea_leg = next(leg for leg in r.legs if leg.mode == "sea")
    network_part = LineString(shapely.get_coordinates(sea_leg.geometry)[1:-1])
    exempt = [(p.lon, p.lat) for p in r.ports]
    if "panama" in r.passages:
        exempt.append((-79.68, 9.12))
    pieces = shapely.get_parts(shapely.intersection(shapely.segmentize(network_part, 0.05), land))
    for piece in pieces:
        if piece.is_empty or piece.length == 0:
            continue
        coords = shapely.get_coordinates(piece)
        near_exempt = all(min(_gl_km(ex, ey, x, y) for ex, ey in exempt) <= 60 for x, y in coords)
        if near_exempt:
            continue
        depth = _land_depth_km(piece, land.boundary)
        assert depth <= 12, f"{a}→{b} crosses land at {coords[0].round(2)}: {depth:.1f} km deep"
    for connector in (shapely.get_coordinates(sea_leg.geometry)[:2], shapely.get_coordinates(sea_leg.geometry)[-2:]):
        assert _gl_km(*connector[0], *connector[1]) < 250


def test_the_land_check_above_can_fail() -> None:
    # A straight line Paita → Rotterdam crosses South America: the same check must catch it.
    countries = layers.load("countries")
    land = shapely.union_all(countries.geometry.values)
    straight = geodesy.great_circle(-81.0994, -5.0931, 4.4792, 51.9225)
    depths = [
        _land_depth_km(p, land.boundary)
        for p in shapely.get_parts(shapely.intersection(straight, land))
        if p.length > 0
    ]
    assert max(depths) > 12


# --------------------------------------------------------------------------------------------
# Air and chains


def test_air_leg_is_the_geodesic() -> None:
    r = routing.route("Iscozacín", "Cobija", mode="air")
    isc, cob = layers.place("Iscozacín"), layers.place("Cobija")
    (leg,) = r.legs
    assert leg.mode == "air"
    assert leg.length_km == pytest.approx(_gl_km(isc.lon, isc.lat, cob.lon, cob.lat), rel=1e-6)
    # FACTS: Iscozacín → Cobija ≈ 380 nm great circle.
    assert leg.length_km / KM_PER_NM == pytest.approx(380, abs=10)


def test_air_times_come_from_the_aircraft_model_and_match_the_article() -> None:
    # The article: "An aircraft's journey towards Palcazu lasts an hour and a half from
    # Brazil, and two and a half hours on average from Bolivia" (Cessna 210/206).
    brazil = routing.route("SPEN", "Cruzeiro do Sul", mode="air")
    bolivia = routing.route("SPEN", "Cobija", mode="air")
    assert brazil.legs[0].means == "Cessna T210L Centurion"  # the default aircraft
    assert brazil.time_h == pytest.approx(1.5, abs=0.25)
    assert bolivia.time_h == pytest.approx(2.5, abs=0.25)
    slower = routing.route("SPEN", "Cobija", mode="air", aircraft="cessna-206")
    assert slower.time_h > bolivia.time_h


def test_air_leg_beyond_reach_with_its_payload() -> None:
    # Iscozacín → Trinidad (Bolivia) is about 1,230 km; a Cessna 206 with 450 kg of cargo
    # can carry fuel for about 930 km (see the aircraft module's payload-range example).
    with pytest.raises(RoutingError, match="Cessna 206H Stationair cannot fly Iscozacín → Trinidad nonstop"):
        routing.route("Iscozacín", "Trinidad", mode="air", aircraft="cessna-206", payload_kg=450)


def test_multimodal_chain_sea_then_air() -> None:
    r = routing.multimodal(["Paita", "Rotterdam", "Antwerp"], ["sea", "air"])
    assert r.mode == "sea+air"
    assert (r.origin, r.destination) == ("Paita", "Antwerp")
    assert [leg.mode for leg in r.legs if not leg.access] == ["sea", "air"]
    assert r.passages == ("panama",)
    _assert_legs_add_up(r)


def test_multimodal_needs_one_mode_per_hop() -> None:
    with pytest.raises(ParameterError, match="3 stops need 2 modes, got 1"):
        routing.multimodal(["Paita", "Rotterdam", "Antwerp"], ["sea"])


def test_unknown_place_and_mode() -> None:
    with pytest.raises(PlaceNotFoundError, match="unknown place 'Lost Atlantis'"):
        routing.route("Lost Atlantis", "Paita", mode="sea")
    with pytest.raises(ParameterError, match="unknown mode 'rail'; modes: land, air, sea"):
        routing.route("Paita", "Callao", mode="rail")


def test_same_point_is_refused() -> None:
    with pytest.raises(RoutingError, match="same point"):
        routing.route("Paita", (-81.0994, -5.0931), mode="air")


# --------------------------------------------------------------------------------------------
# Outputs


def test_geojson_is_deterministic_and_carries_the_legs() -> None:
    a = routing.route("Paita", "Rotterdam", mode="sea").to_geojson()
    routing._sea_path.cache_clear()
    b = routing.route("Paita", "Rotterdam", mode="sea").to_geojson()
    assert a == b
    fc = json.loads(a)
    assert [f["properties"]["access"] for f in fc["features"]] == [True, False, True]
    assert fc["features"][1]["properties"]["passages"] == "panama"
    assert fc["features"][1]["properties"]["port_from"] == "PEPAI"


def test_geodataframe_in_epsg4326_one_row_per_leg() -> None:
    r = routing.route((0.05, -0.01), (0.15, 0.11), mode="land", roads=SPLIT_ROADS)
    gdf = r.to_geodataframe()
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["leg"]) == [1, 2, 3]
    assert gdf["length_km"].sum() == pytest.approx(r.length_km, abs=2e-3)


def test_antimeridian_crossing_is_split_and_measured_without_the_gap() -> None:
    line = routing._antimeridian_split(np.array([[179.0, 0.0], [181.0, 0.0]]))
    assert isinstance(line, MultiLineString)
    assert [list(g.coords) for g in line.geoms] == [[(179.0, 0.0), (180.0, 0.0)], [(-180.0, 0.0), (-179.0, 0.0)]]
    assert geodesy.line_length_km(line)[0] == pytest.approx(_gl_km(179, 0, -179, 0), rel=1e-12)
    plain = routing._antimeridian_split(np.array([[10.0, 0.0], [11.0, 1.0]]))
    assert isinstance(plain, LineString)


def test_speeds_are_validated() -> None:
    with pytest.raises(ParameterError, match="sea_kn must be a positive number of knots"):
        routing.Speeds(sea_kn=-1)
    slow = routing.Speeds(sea_kn=10.0)
    r = routing.route("Paita", "Rotterdam", mode="sea", speeds=slow)
    sea_leg = next(leg for leg in r.legs if leg.mode == "sea")
    assert sea_leg.time_h == pytest.approx(sea_leg.length_km / (10.0 * KM_PER_NM))


# --------------------------------------------------------------------------------------------
# The shipped corridors layer


def _build_corridors_module() -> Any:
    import importlib.util
    import sys

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_corridors.py"
    spec = importlib.util.spec_from_file_location("build_corridors", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_shipped_corridors_layer_is_what_the_routing_computes(tmp_path) -> None:
    out = tmp_path / "corridors.geojson"
    assert _build_corridors_module().main(["--out", str(out)]) == 0
    assert out.read_bytes() == layers.path_of("corridors").read_bytes()


def test_corridors_keep_the_article_citation_and_add_up() -> None:
    gdf = layers.load("corridors")
    assert set(gdf["mode"]) == {"land", "air", "sea"}
    assert (gdf["source"] == "InSight Crime / IDL-Reporteros, 'The Cocaine Clans' (c. 2012)").all()
    lengths = geodesy.line_length_km(gdf.geometry)
    # Rounded to 0.1 km; the layer's geometry is its route, access legs included.
    assert np.allclose(gdf["length_km"], lengths, atol=0.06)
    sea = gdf[gdf["mode"] == "sea"]
    assert (sea["passages"] == "panama").all()
