"""Tests for geo_huallaga.aircraft.

Expected values are worked out by hand below from the published figures (FACTS.md §3, carried
into the profiles with their sources) and the model's stated assumptions; distances come from
GeographicLib. Unit factors used in the arithmetic: 1 US gal = 3.785411784 l, 1 lb =
0.45359237 kg, 1 nm = 1.852 km, avgas 0.72 kg/l.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point, box

from geo_huallaga import aircraft
from geo_huallaga.errors import (
    DataFileNotFoundError,
    FlightPlanError,
    ParameterError,
    UnknownAircraftError,
)

GAL = 3.785411784  # l per US gal
LB = 0.45359237  # kg per lb
NM = 1.852  # km per nm
ISCOZACIN = (-75.1481, -10.1842)
CRUZEIRO = (-72.6776, -7.6276)
COBIJA = (-68.7692, -11.0267)
ARTICLE_FROM_BRAZIL_H = 1.5
ARTICLE_FROM_BOLIVIA_H = 2.5


def _geographiclib_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0])["s12"] / 1000.0


# --------------------------------------------------------------------------------------------
# The article's flight times with the Cessna 210


def test_iscozacin_to_cruzeiro_do_sul_and_cobija_come_close_to_the_article() -> None:
    # Distances (GeographicLib): 392.140 km = 211.739 nm; 704.219 km = 380.248 nm.
    to_brazil_nm = _geographiclib_km(ISCOZACIN, CRUZEIRO) / NM
    to_bolivia_nm = _geographiclib_km(ISCOZACIN, COBIJA) / NM
    assert to_brazil_nm == pytest.approx(211.739, abs=1e-3)
    assert to_bolivia_nm == pytest.approx(380.248, abs=1e-3)
    # Cessna T210L: 165 KTAS cruise at 10,000 ft (assumed), strips at 1,000 ft.
    # Climb 9,000 ft at 500 ft/min = 18 min = 0.3 h, at 100 KTAS: 30 nm.
    # Descent 9,000 ft at 500 ft/min = 0.3 h, at 165 KTAS: 49.5 nm.
    # Brazil: cruise (211.739 - 79.5) nm / 165 kt = 0.80145 h -> flight 1.40145 h
    # Bolivia: cruise (380.248 - 79.5) nm / 165 kt = 1.82271 h -> flight 2.42271 h
    # Block time adds 10 min of taxi: 1.5681 h and 2.5894 h.
    brazil_h = 0.3 + (to_brazil_nm - 30 - 49.5) / 165 + 0.3
    bolivia_h = 0.3 + (to_bolivia_nm - 30 - 49.5) / 165 + 0.3
    to_brazil = aircraft.plan_flight(ISCOZACIN, CRUZEIRO, aircraft="cessna-210")
    to_bolivia = aircraft.plan_flight(ISCOZACIN, COBIJA, aircraft="cessna-210")
    assert to_brazil.flight_time_h == pytest.approx(brazil_h, abs=1e-9)
    assert to_bolivia.flight_time_h == pytest.approx(bolivia_h, abs=1e-9)
    assert to_brazil.block_time_h == pytest.approx(brazil_h + 10 / 60, abs=1e-9)
    assert to_bolivia.block_time_h == pytest.approx(bolivia_h + 10 / 60, abs=1e-9)
    # "An hour and a half from Brazil, two and a half hours on average from Bolivia":
    # the model is within 10 minutes of both (1.40 h vs 1.5 h; 2.42 h vs 2.5 h).
    assert abs(to_brazil.flight_time_h - ARTICLE_FROM_BRAZIL_H) < 10 / 60
    assert abs(to_bolivia.flight_time_h - ARTICLE_FROM_BOLIVIA_H) < 10 / 60
    assert to_brazil.feasible
    assert to_bolivia.feasible


def test_fuel_for_cobija_by_hand() -> None:
    # 16 US gal/h cruise; climb 125 % = 20 gal/h; descent 70 % = 11.2 gal/h; taxi 1.5 gal.
    # climb 0.3 h * 20 = 6 gal; descent 0.3 h * 11.2 = 3.36 gal;
    # cruise 1.82271 h * 16 = 29.1634 gal; reserve 0.75 h * 16 = 12 gal.
    cruise_h = (_geographiclib_km(ISCOZACIN, COBIJA) / NM - 79.5) / 165
    required_gal = 1.5 + 6 + cruise_h * 16 + 3.36 + 12
    plan = aircraft.plan_flight(ISCOZACIN, COBIJA, aircraft="cessna-210")
    assert required_gal == pytest.approx(52.0234, abs=1e-4)
    assert plan.fuel_required_l == pytest.approx(required_gal * GAL, abs=1e-6)
    assert plan.fuel_required_kg == pytest.approx(required_gal * GAL * 0.72, abs=1e-6)
    assert plan.reserve_fuel_l == pytest.approx(12 * GAL, abs=1e-9)
    # empty, the 210 fills its 89 gal tanks: the tanks, not the weight, limit the fuel
    assert plan.fuel_limited_by == "tanks"
    assert plan.fuel_available_l == pytest.approx(89 * GAL, abs=1e-9)
    # max payload: useful load 1,550 lb minus the fuel required
    assert plan.max_payload_kg == pytest.approx(1550 * LB - required_gal * GAL * 0.72, abs=1e-6)


# --------------------------------------------------------------------------------------------
# Payload–range: 450 kg in a Cessna 206


# Cessna 206H: useful load 1,417 lb = 642.740 kg; tanks 87 gal usable = 329.331 l = 237.118 kg.
# With 450 kg of payload: fuel by weight = (642.740 - 450) / 0.72 = 267.695 l < 329.331 l.
# Reserve 45 min * 16 gal/h = 12 gal = 45.425 l; taxi 1.5 gal = 5.678 l.
# Airborne fuel = 267.695 - 45.425 - 5.678 = 216.592 l.
# Climb 6,200 - 1,000 = 5,200 ft at 500 ft/min = 10.4 min = 0.17333 h at 100 kt = 17.333 nm,
#   fuel 0.17333 h * 20 gal/h = 3.4667 gal = 13.123 l.
# Descent 0.17333 h at 142 kt = 24.613 nm, fuel 0.17333 h * 11.2 gal/h = 1.9413 gal = 7.349 l.
# Cruise fuel 216.592 - 13.123 - 7.349 = 196.120 l = 51.809 gal / 16 gal/h = 3.2381 h
#   * 142 kt = 459.81 nm.
# Range with 450 kg = 17.333 + 24.613 + 459.81 = 501.76 nm = 929.3 km.
# With full tanks (payload up to 642.740 - 237.118 = 405.6 kg): airborne fuel
#   329.331 - 45.425 - 5.678 = 278.228 l; cruise 278.228 - 20.472 = 257.756 l = 68.092 gal
#   / 16 = 4.2557 h * 142 = 604.31 nm; range 646.26 nm = 1,196.9 km.
C206_USEFUL_KG = 1417 * LB
C206_TANKS_L = 87 * GAL
C206_CLIMB_H = 5200 / 500 / 60


def _c206_range_nm(fuel_l: float) -> float:
    airborne_gal = fuel_l / GAL - 12 - 1.5
    cruise_gal = airborne_gal - C206_CLIMB_H * 20 - C206_CLIMB_H * 11.2
    return C206_CLIMB_H * 100 + C206_CLIMB_H * 142 + cruise_gal / 16 * 142


def test_450_kg_in_a_cessna_206_cannot_fill_the_tanks() -> None:
    fuel_by_weight_l = (C206_USEFUL_KG - 450) / 0.72
    assert fuel_by_weight_l == pytest.approx(267.695, abs=1e-3)
    assert fuel_by_weight_l < C206_TANKS_L
    full_range_km = _c206_range_nm(C206_TANKS_L) * NM
    reduced_range_km = _c206_range_nm(fuel_by_weight_l) * NM
    assert full_range_km == pytest.approx(1196.9, abs=0.1)
    assert reduced_range_km == pytest.approx(929.3, abs=0.1)

    empty = aircraft.plan_flight(ISCOZACIN, COBIJA, aircraft="cessna-206")
    loaded = aircraft.plan_flight(ISCOZACIN, COBIJA, aircraft="cessna-206", payload_kg=450)
    assert empty.fuel_limited_by == "tanks"
    assert empty.max_range_km == pytest.approx(full_range_km, abs=1e-6)
    assert loaded.fuel_limited_by == "weight"
    assert loaded.fuel_available_l == pytest.approx(fuel_by_weight_l, abs=1e-9)
    assert loaded.max_range_km == pytest.approx(reduced_range_km, abs=1e-6)
    assert loaded.feasible  # Cobija, 704 km, is still within 929 km


def test_a_flight_beyond_the_reduced_range_says_why_and_the_max_payload() -> None:
    # 1,000 km = 539.957 nm: cruise (539.957 - 41.946) nm / 142 kt = 3.50712 h * 16 gal/h
    # = 56.114 gal; required = 1.5 + 3.4667 + 56.114 + 1.9413 + 12 = 75.022 gal = 283.99 l
    # = 204.47 kg; max payload 642.74 - 204.47 = 438.27 kg.
    cruise_h = (1000 / NM - C206_CLIMB_H * 100 - C206_CLIMB_H * 142) / 142
    required_l = (1.5 + C206_CLIMB_H * 20 + cruise_h * 16 + C206_CLIMB_H * 11.2 + 12) * GAL
    assert required_l == pytest.approx(283.99, abs=0.01)
    plan = aircraft.plan_distance(1000.0, aircraft="cessna-206", payload_kg=450)
    assert not plan.feasible
    assert plan.fuel_required_l == pytest.approx(required_l, abs=1e-6)
    assert plan.max_payload_kg == pytest.approx(C206_USEFUL_KG - required_l * 0.72, abs=1e-6)
    assert plan.reason is not None
    assert "with 450 kg of payload only 268 l can be carried" in plan.reason
    assert "at most 438 kg for this distance, or 929 km with this payload" in plan.reason
    lighter = aircraft.plan_distance(1000.0, aircraft="cessna-206", payload_kg=438)
    assert lighter.feasible
    assert lighter.reason is None


def test_beyond_full_tank_range_no_payload_helps() -> None:
    plan = aircraft.plan_distance(1500.0, aircraft="cessna-206")
    assert not plan.feasible
    assert plan.max_payload_kg is None
    assert plan.reason is not None
    assert "but the tanks hold 329 l usable" in plan.reason
    assert "beyond the aircraft's range even empty (1197 km with 0 kg of payload)" in plan.reason


# --------------------------------------------------------------------------------------------
# Wind, reserve, short legs


def test_tailwind_and_headwind_change_ground_speed_in_every_phase() -> None:
    # +20 kt: climb 0.3 h at 120 kt = 36 nm; descent 0.3 h at 185 kt = 55.5 nm;
    # cruise (380.248 - 91.5) / 185 = 1.56080 h -> 2.16080 h.
    distance_nm = _geographiclib_km(ISCOZACIN, COBIJA) / NM
    tail = aircraft.plan_flight(ISCOZACIN, COBIJA, aircraft="cessna-210", wind_kt=20)
    head = aircraft.plan_flight(ISCOZACIN, COBIJA, aircraft="cessna-210", wind_kt=-20)
    assert tail.flight_time_h == pytest.approx(0.6 + (distance_nm - 36 - 55.5) / 185, abs=1e-9)
    assert head.flight_time_h == pytest.approx(0.6 + (distance_nm - 24 - 43.5) / 145, abs=1e-9)
    with pytest.raises(FlightPlanError, match="no ground speed in the climb"):
        aircraft.plan_distance(500, aircraft="cessna-210", wind_kt=-100)


def test_reserve_is_configurable() -> None:
    with_reserve = aircraft.plan_distance(500, aircraft="cessna-210")
    without = aircraft.plan_distance(500, aircraft="cessna-210", reserve_min=0)
    assert with_reserve.fuel_required_l - without.fuel_required_l == pytest.approx(12 * GAL)
    hour = aircraft.plan_distance(500, aircraft="cessna-210", reserve_min=60)
    assert hour.reserve_fuel_l == pytest.approx(16 * GAL)


def test_short_leg_cuts_climb_and_descent_in_proportion() -> None:
    # Full climb + descent of the 210 cover 30 + 49.5 = 79.5 nm; a 39.75 nm leg is half of it.
    plan = aircraft.plan_distance(39.75 * NM, aircraft="cessna-210")
    phases = {p.name: p for p in plan.phases}
    assert phases["cruise"].time_h == 0.0
    assert phases["climb"].time_h == pytest.approx(0.15)
    assert phases["descent"].time_h == pytest.approx(0.15)
    assert plan.flight_time_h == pytest.approx(0.3)


# --------------------------------------------------------------------------------------------
# Profiles


def test_builtin_profiles_carry_the_published_figures_with_sources() -> None:
    c206, c210, seneca = (aircraft.get(i) for i in aircraft.available())
    assert (c206.cruise_speed_kt, c210.cruise_speed_kt, seneca.cruise_speed_kt) == (142, 165, 162)
    assert c206.usable_fuel_l == pytest.approx(87 * GAL)
    assert seneca.usable_fuel_l == pytest.approx(93 * GAL)
    assert c206.useful_load_kg == pytest.approx(642.74, abs=0.01)  # 1,417 lb
    assert seneca.useful_load_kg == pytest.approx(645.0, abs=0.1)  # 1,422 lb
    assert "Plane & Pilot" in c206.sources["usable_fuel_l"].text
    assert "Genesis" in seneca.sources["useful_load_kg"].text
    # approximations are marked: the 210's useful load and the 206's fuel flow
    assert c210.sources["useful_load_kg"].approximate
    assert c206.sources["fuel_flow_l_per_h"].approximate
    assert not c206.sources["cruise_speed_kt"].approximate
    with pytest.raises(AttributeError):
        c206.cruise_speed_kt = 200  # type: ignore[misc]


def test_unknown_aircraft_lists_the_known_ones() -> None:
    with pytest.raises(
        UnknownAircraftError, match="unknown aircraft 'cessna-172'; known: cessna-206, cessna-210, piper-seneca"
    ):
        aircraft.get("cessna-172")


def test_user_profiles_from_toml_and_json(tmp_path: Path) -> None:
    figures = {
        "id": "my-206", "name": "Our 206", "cruise_speed_kt": 140, "fuel_flow_l_per_h": 60,
        "usable_fuel_l": 300, "useful_load_kg": 600, "cruise_altitude_ft": 5000,
    }
    as_json = tmp_path / "my.json"
    as_json.write_text(json.dumps({**figures, "sources": {"useful_load_kg": "weighing 2024"}}))
    as_toml = tmp_path / "my.toml"
    as_toml.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in figures.items()))
    from_json = aircraft.load_profile(as_json)
    from_toml = aircraft.resolve(str(as_toml))
    assert from_json.useful_load_kg == from_toml.useful_load_kg == 600
    assert from_json.sources["useful_load_kg"].text == "weighing 2024"
    assert from_toml.sources["useful_load_kg"].text == "user profile my.toml"
    assert from_toml.sources["climb_rate_fpm"].approximate  # the model's default assumption
    # a user's profile flies like a built-in one: 300 l * 0.72 = 216 kg; 600 - 500 = 100 kg
    plan = aircraft.plan_distance(300, aircraft=from_toml, payload_kg=500)
    assert plan.fuel_available_l == pytest.approx(100 / 0.72)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('id = "x"\nname = "x"', "missing field"),
        ('id = "x"\nwingspan_m = 11', r"unknown field\(s\) wingspan_m"),
        ("id = ", "not valid TOML"),
        ('id = "x"\nname = "x"\ncruise_speed_kt = "fast"\nfuel_flow_l_per_h = 60\n'
         'usable_fuel_l = 300\nuseful_load_kg = 600\ncruise_altitude_ft = 5000',
         "cruise_speed_kt must be a number, got 'fast'"),
    ],
)
def test_bad_user_profiles(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(ParameterError, match=message):
        aircraft.load_profile(path)


def test_bad_profile_values_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "neg.json"
    path.write_text(json.dumps({
        "id": "neg", "name": "n", "cruise_speed_kt": -1, "fuel_flow_l_per_h": 60,
        "usable_fuel_l": 300, "useful_load_kg": 600, "cruise_altitude_ft": 5000,
    }))
    with pytest.raises(ParameterError, match="cruise_speed_kt must be positive"):
        aircraft.load_profile(path)
    with pytest.raises(DataFileNotFoundError, match="no such aircraft profile"):
        aircraft.load_profile(tmp_path / "none.toml")


# --------------------------------------------------------------------------------------------
# Bad flight input


def test_payload_above_useful_load_and_other_bad_input() -> None:
    with pytest.raises(FlightPlanError, match=r"payload 700 kg is above the useful load of cessna-206 \(643 kg"):
        aircraft.plan_distance(300, aircraft="cessna-206", payload_kg=700)
    with pytest.raises(FlightPlanError, match="payload_kg must not be negative"):
        aircraft.plan_distance(300, aircraft="cessna-206", payload_kg=-5)
    with pytest.raises(FlightPlanError, match="distance_km must be positive"):
        aircraft.plan_distance(0, aircraft="cessna-206")
    with pytest.raises(FlightPlanError, match="origin and destination are the same point"):
        aircraft.plan_flight(ISCOZACIN, ISCOZACIN, aircraft="cessna-206")


# --------------------------------------------------------------------------------------------
# Reach


def test_reach_in_hours_is_a_geodesic_ring_of_the_hand_computed_radius() -> None:
    # 2.5 h in a 210: 30 + 49.5 nm in 0.6 h of climb and descent, then 1.9 h * 165 kt
    # = 313.5 nm; radius 393.0 nm = 727.836 km.
    reach = aircraft.reach_area(ISCOZACIN, aircraft="cessna-210", hours=2.5, n=64)
    assert reach.radius_km == pytest.approx(393.0 * NM, abs=1e-9)
    assert reach.limited_by == "hours"
    vertices = shapely.get_coordinates(reach.geometry)
    dist = [_geographiclib_km(ISCOZACIN, (x, y)) for x, y in vertices]
    np.testing.assert_allclose(dist, 393.0 * NM, atol=1e-3)
    assert reach.geometry.contains(Point(*COBIJA))  # 704 km < 728 km


def test_reach_with_a_payload_is_the_reduced_range() -> None:
    reach = aircraft.reach_area(ISCOZACIN, aircraft="cessna-206", payload_kg=450)
    assert reach.radius_km == pytest.approx(_c206_range_nm((C206_USEFUL_KG - 450) / 0.72) * NM)
    assert reach.limited_by == "fuel"
    # 8 hours is beyond what the 206's fuel allows: the fuel sets the radius
    long = aircraft.reach_area(ISCOZACIN, aircraft="cessna-206", hours=8)
    assert long.limited_by == "fuel"
    assert long.radius_km == pytest.approx(_c206_range_nm(C206_TANKS_L) * NM)


def test_reach_clipped_to_a_fixture_country(data_dir: Path) -> None:
    layer = data_dir / "flight_countries.geojson"
    reach = aircraft.reach_area(
        ISCOZACIN, aircraft="cessna-210", hours=2.5, country="aaa", countries_layer=layer
    )
    square = box(-70.0, -12.0, -66.0, -9.0)
    ring = aircraft.reach_area(ISCOZACIN, aircraft="cessna-210", hours=2.5).geometry
    assert reach.country == "AAA"
    assert reach.geometry.within(square.buffer(1e-9))
    assert reach.geometry.symmetric_difference(ring.intersection(square)).area < 1e-12
    assert reach.geometry.contains(Point(*COBIJA))
    far = aircraft.reach_area(
        ISCOZACIN, aircraft="cessna-210", hours=2.5, country="BBB", countries_layer=layer
    )
    assert far.geometry.is_empty
    assert far.area_km2 == 0.0
    with pytest.raises(ParameterError, match="unknown country 'ZZZ'; ISO3 codes in the layer: AAA, BBB"):
        aircraft.reach_area(ISCOZACIN, aircraft="cessna-210", hours=2.5, country="ZZZ",
                            countries_layer=layer)


def test_reach_clipped_to_bolivia_from_the_builtin_layer() -> None:
    reach = aircraft.reach_area("spen", aircraft="cessna-210", hours=2.5, country="BOL")
    # Natural Earth 1:110m draws the border south of Cobija (on the Acre river): a point in
    # Pando 688 km from SPEN stands in for it.
    assert _geographiclib_km((-75.150, -10.183), (-69.0, -11.5)) == pytest.approx(688.0, abs=0.1)
    assert reach.geometry.contains(Point(-69.0, -11.5))
    assert not reach.geometry.contains(Point(-66.0631, -11.0065))  # Riberalta, ~1,000 km
    assert 0 < reach.area_km2 < 50_000  # only Pando's north-west corner


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give hours or payload_kg"),
        ({"hours": 0}, "hours must be positive, got 0"),
        ({"hours": -1.5}, "hours must be positive, got -1.5"),
        ({"payload_kg": 1000}, "above the useful load"),
    ],
)
def test_reach_bad_input(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(FlightPlanError, match=message):
        aircraft.reach_area(ISCOZACIN, aircraft="cessna-210", **kwargs)
