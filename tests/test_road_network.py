"""Tests for the built-in road network, its circuity correction, user roads and the sea check.

Expected values come from published figures written out here (driving distances in
``geo_huallaga/data/driving_distances.csv`` with their sources; port-to-port distances from
E. R. Johnson's report), from GeographicLib, or from hand arithmetic.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString

from geo_huallaga import circuity, layers, routing
from geo_huallaga.cli import main
from geo_huallaga.errors import ParameterError, RoutingError

GEOD = Geodesic.WGS84
KM_PER_NM = 1.852  # international nautical mile, by definition
ROOT = Path(__file__).resolve().parent.parent


def _gl_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


# --------------------------------------------------------------------------------------------
# The built-in network


def test_network_covers_peru_and_its_neighbours_with_thousands_of_nodes() -> None:
    net = routing.road_network()
    assert net.node_count > 2000
    lon, lat = np.array(net.node_lon), np.array(net.node_lat)
    # Nodes reach Ecuador (north of 0°), Bolivia (east of 69°W) and Chile (south of 18.5°S).
    assert lat.max() > 0.5 and lon.max() > -68 and lat.min() < -19


def test_lima_routes_to_tingo_maria_on_the_road_with_short_access_legs() -> None:
    # Lima (GeoNames cities1000) was refused before: the nearest road was 148 km away.
    r = routing.route((-77.02824, -12.04318), "Tingo María")
    assert sum(leg.length_km for leg in r.legs if leg.access) < 1.0
    assert r.shares["road"] > 0.99
    # Published: 537 km (automas.com, Perú Descubre). The estimate's range must hold it.
    assert r.driving_km is not None
    assert r.driving_km.low <= 537 <= r.driving_km.high


def test_every_reference_pair_routes_and_meets_the_error_targets() -> None:
    pairs = circuity.reference_pairs()
    assert len(pairs) >= 20
    assert all(p.source for p in pairs)
    measured = [circuity.measure(p) for p in pairs]  # raises if any pair is refused
    assert all(m.fixed_km < 10 for m in measured)  # every town sits on the network
    published = np.array([p.published_km for p in pairs])
    fit = circuity.fit(measured, published)
    abs_err = np.abs(fit.loo_error)
    # The targets, on leave-one-out predictions: median |error| <= 10 %, none > 25 %.
    assert np.median(abs_err) <= 0.10
    assert abs_err.max() <= 0.25
    # The shipped factors are this fit.
    stored = json.loads((ROOT / "geo_huallaga" / "data" / "circuity.json").read_text(encoding="utf-8"))
    for k, cls in enumerate(circuity.CLASSES):
        assert stored["factors"][cls]["central"] == pytest.approx(fit.central[k], abs=5e-4)
        assert stored["factors"][cls]["low"] == pytest.approx(fit.low[k], abs=5e-4)
        assert stored["factors"][cls]["high"] == pytest.approx(fit.high[k], abs=5e-4)
    assert stored["pairs"] == len(pairs)


def test_driving_estimate_is_length_per_class_times_its_factor() -> None:
    r = routing.route((-76.24223, -9.93062), (-75.99831, -9.29616))  # Huánuco – Tingo María
    factors = routing.circuity_factors()
    expected_central = 0.0
    for leg in r.legs:
        if leg.access:
            expected_central += leg.length_km
        else:
            assert sum(km for _, km in leg.terrain_km) == pytest.approx(leg.length_km, rel=1e-9)
            expected_central += sum(km * factors[t].central for t, km in leg.terrain_km)
    assert r.driving_km is not None
    assert r.driving_km.central == pytest.approx(expected_central, rel=1e-12)
    assert r.driving_km.low < r.driving_km.central < r.driving_km.high
    # Published 120 km (Zegarra Marín 2019); the chord length alone is a third short.
    assert r.length_km < 0.75 * 120
    assert abs(r.driving_km.central / 120 - 1) < 0.10


def test_palcazu_is_reached_by_schematic_sections_reported_as_such() -> None:
    r = routing.route("Tingo María", "Iscozacín")
    schematic = [leg for leg in r.legs if leg.precision == "schematic"]
    assert schematic and all("schematic" in leg.means for leg in schematic)
    # Drawn as such too: the legs written with --out carry their precision.
    assert "schematic" in set(r.to_geodataframe()["precision"])
    share = r.shares
    assert share["schematic"] == pytest.approx(sum(leg.length_km for leg in schematic) / r.length_km, rel=1e-12)
    assert share["road"] + share["schematic"] + share["access"] == pytest.approx(1.0, rel=1e-12)
    # The schematic sections run through the ubigeo capitals: Puerto Bermúdez, Ciudad
    # Constitución, Iscozacín are vertices of the built-in network's schematic lines.
    gdf = gpd.read_file(layers.data_dir() / "road_network.geojson")
    sch = gdf[gdf["precision"] == "schematic"]
    verts = {tuple(c) for g in sch.geometry for c in shapely.get_coordinates(g).tolist()}
    assert {(-74.9372, -10.2992), (-75.0169, -9.8564), (-75.1481, -10.1842), (-75.4047, -10.575)} <= verts


def test_vraem_now_connects_to_palcazu_on_the_full_network() -> None:
    r = routing.route("Pichari", "Iscozacín")
    assert r.shares["access"] < 0.05


def test_max_access_km_refuses_far_places_and_is_validated() -> None:
    # A point 0.2° of latitude (about 22 km) south of Lima's network node.
    with pytest.raises(RoutingError, match=r"max_access_km=5\)"):
        routing.route((-77.02824, -12.24318), "Tingo María", max_access_km=5)
    with pytest.raises(ParameterError, match="max_access_km"):
        routing.route("Tingo María", "Tocache", max_access_km=-1)


# --------------------------------------------------------------------------------------------
# User roads: added to the network, ends snapped within a geodesic tolerance


def _gap_roads(north_deg: float) -> gpd.GeoSeries:
    return gpd.GeoSeries(
        [LineString([(0, 0), (0.2, 0)]), LineString([(0.1, north_deg), (0.1, 0.2)])], crs=4326
    )


def test_snapping_joins_ends_within_the_tolerance_measured_geodesically() -> None:
    # 0.00036° of latitude on the equator: 39.8 m (GeographicLib); 0.00054°: 59.7 m.
    assert _gl_km(0.1, 0, 0.1, 0.00036) * 1000 == pytest.approx(39.81, abs=0.01)
    assert _gl_km(0.1, 0, 0.1, 0.00054) * 1000 == pytest.approx(59.71, abs=0.01)
    near, far = _gap_roads(0.00036), _gap_roads(0.00054)
    assert routing.road_network(near).edge_count == 3      # joined at (0.1, 0): split in two
    assert routing.road_network(far).edge_count == 2       # 59.7 m > 50 m: left apart
    assert routing.road_network(far, snap_m=60).edge_count == 3
    r = routing.route((0.0, 0.0), (0.1, 0.2), roads=near)
    road = [leg for leg in r.legs if not leg.access]
    expected = _gl_km(0, 0, 0.1, 0) + _gl_km(0.1, 0, 0.1, 0.2)
    assert sum(leg.length_km for leg in road) == pytest.approx(expected, rel=1e-9)
    assert all(leg.precision == "user" for leg in road)
    # Your own roads count as drawn: no circuity factor.
    assert r.driving_km is not None and r.driving_km.central == pytest.approx(r.length_km, rel=1e-12)
    with pytest.raises(RoutingError, match="no road connects"):
        routing.route((0.0, 0.0), (0.1, 0.2), roads=far)
    with pytest.raises(ParameterError, match="snap_m"):
        routing.road_network(near, snap_m=-5)


def test_user_roads_are_added_to_the_built_in_network(tmp_path: Path) -> None:
    # A private track from Iscozacín (ubigeo) to a point 30 m east of Ciudad Constitución's
    # vertex on the schematic network: 30 m < 50 m, so it joins the network there.
    track = tmp_path / "track.geojson"
    gpd.GeoDataFrame(geometry=[LineString([(-75.30, -10.30), (-75.0169 + 0.000274, -9.8564)])],
                     crs=4326).to_file(track)
    assert _gl_km(-75.0169, -9.8564, -75.0169 + 0.000274, -9.8564) * 1000 == pytest.approx(30.1, abs=0.1)
    start = (-75.30, -10.30)
    r = routing.route(start, "Tingo María", roads=[routing.BUILTIN_ROADS, str(track)])
    kinds = [leg.precision for leg in r.legs if not leg.access]
    assert kinds[0] == "user" and "schematic" in kinds
    with pytest.raises(RoutingError, match="no road connects"):
        routing.route(start, "Tingo María", roads=[routing.BUILTIN_ROADS, str(track)], snap_m=0)


def test_cli_roads_adds_and_roads_only_restricts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    track = tmp_path / "track.geojson"
    gpd.GeoDataFrame(geometry=[LineString([(-75.30, -10.30), (-75.0169 + 0.000274, -9.8564)])],
                     crs=4326).to_file(track)
    assert main(["route", "-10.30,-75.30", "Tingo María", "--roads", str(track), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert next(leg["precision"] for leg in out["legs"] if not leg["access"]) == "user"
    assert set(out["shares"]) == {"road", "schematic", "access"}
    assert out["driving_km"]["low"] <= out["driving_km"]["central"] <= out["driving_km"]["high"]
    # On the track alone, Tingo María is 124 km from any road: refused, not drawn straight.
    assert main(["route", "-10.30,-75.30", "Tingo María", "--roads", str(track), "--roads-only"]) == 1
    assert "km from the nearest road of " + str(track) in capsys.readouterr().err
    assert main(["route", "Paita", "Rotterdam", "--mode", "sea", "--max-access-km", "5"]) == 1
    assert "--max-access-km applies to --mode land only" in capsys.readouterr().err
    assert main(["route", "Tingo María", "Tocache", "--roads-only"]) == 1
    assert "--roads-only needs --roads FILE" in capsys.readouterr().err


def test_cli_prints_the_estimate_the_shares_and_the_licence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Tingo María", "Iscozacín", "--max-access-km", "20"]) == 0
    out = capsys.readouterr().out
    assert "driving distance, estimated:" in out
    assert "schematic" in out and "of the length: road" in out
    assert "© OpenStreetMap contributors (ODbL)" in out


# --------------------------------------------------------------------------------------------
# Sea: searoute's lanes against published port-to-port distances


@pytest.mark.parametrize(
    ("a", "b", "closed", "published_nm"),
    [
        # E. R. Johnson, Special Commissioner on Panama Canal Traffic and Tolls, report to the
        # Secretary of War, quoted in J. B. Bishop, "Panama Past and Present" (1913), p. 237:
        # "The distance from New York to San Francisco, by way of the Straits of Magellan, is
        # 13,135 nautical miles, by way of Panama, 5,262 miles ... It is only 1,395 miles from
        # New Orleans to Colon, while from New York to Colon it is 1,974 miles."
        ((-74.0110, 40.7000), (-122.4194, 37.7749), (), 5262),
        ((-74.0110, 40.7000), (-122.4194, 37.7749), ("panama",), 13135),
        ((-74.0110, 40.7000), (-79.9014, 9.3592), (), 1974),
        ((-90.0715, 29.9511), (-79.9014, 9.3592), (), 1395),
    ],
)
def test_sea_routes_are_within_5_percent_of_published_port_distances(
    a: tuple[float, float], b: tuple[float, float], closed: tuple[str, ...], published_nm: float
) -> None:
    r = routing.route(a, b, mode="sea", close_passages=list(closed))
    assert abs(r.length_km / KM_PER_NM / published_nm - 1) < 0.05


def test_map_roads_draws_the_file_and_routes_land_corridors_with_it(tmp_path: Path) -> None:
    # A track from Iscozacín's ubigeo point due east 0.01° (1.09 km): the map draws it as a layer.
    track = tmp_path / "palcazu_track.geojson"
    gpd.GeoDataFrame({"name": ["Trocha Palcazu"]},
                     geometry=[LineString([(-75.1481, -10.1842), (-75.1381, -10.1842)])],
                     crs=4326).to_file(track)
    out = tmp_path / "map.html"
    assert main(["map", "--roads", str(track), "--layers", "corridors,roads", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "palcazu_track" in page and "Trocha Palcazu" in page
    assert track.exists()
    # The roads given reach the corridor routing: on the track alone, Tingo María is far from
    # any road, and the corridor says so instead of being drawn straight.
    from geo_huallaga import maps

    corridor = gpd.GeoDataFrame({"mode": ["land"], "from": ["Tingo María"], "to": ["Iscozacín"]},
                                geometry=[LineString([(-76.0006, -9.2981), (-75.1481, -10.1842)])], crs=4326)
    traced = maps.routed_corridors(corridor, roads=str(track))
    assert traced["routed_as"].iloc[0].startswith("not routed (Tingo María is ")
    assert str(track) in traced["routed_as"].iloc[0]
    assert maps.routed_corridors(corridor, roads=[routing.BUILTIN_ROADS, str(track)])["length_km"].iloc[0] > 200
