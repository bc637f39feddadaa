"""CLI tests for ``distance``, ``flight``, ``reach`` and ``aircraft``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from geographiclib.geodesic import Geodesic

from geo_huallaga.cli import main

FLIGHT_KEYS = [
    "aircraft", "distance_km", "distance_nm", "flight_time_h", "block_time_h",
    "fuel_required_l", "fuel_available_l", "payload_kg", "feasible", "reason", "max_payload_kg",
]


def _run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 1) -> str:
    assert main(argv) == code
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_distance_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _run_json(capsys, ["distance", "Iscozacín", "-11.0267,-68.7692", "--json"])
    assert isinstance(data, dict)
    assert list(data) == ["from", "to", "distance_km", "distance_nm", "initial_bearing_deg"]
    assert data["from"] == {"name": "Iscozacín", "lat": -10.1842, "lon": -75.1481}
    assert data["to"] == {"name": "-11.0267,-68.7692", "lat": -11.0267, "lon": -68.7692}
    inv = Geodesic.WGS84.Inverse(-10.1842, -75.1481, -11.0267, -68.7692)
    assert data["distance_km"] == pytest.approx(inv["s12"] / 1000, abs=1e-3)
    assert data["distance_nm"] == pytest.approx(inv["s12"] / 1852, abs=1e-3)
    assert data["initial_bearing_deg"] == pytest.approx(inv["azi1"] % 360, abs=0.01)


@pytest.mark.parametrize(("units", "expected"), [("km", "704.2 km"), ("nm", "380.2 nm"), ("mi", "437.6 mi")])
def test_distance_text_in_units(capsys: pytest.CaptureFixture[str], units: str, expected: str) -> None:
    # 704.219 km / 1.852 = 380.248 nm; / 1.609344 = 437.58 mi
    assert main(["distance", "iscozacin", "cobija", "--units", units]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Iscozacín → Cobija: {expected}, initial bearing 98.2°")


def test_flight_json_keys_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    data = _run_json(capsys, ["flight", "iscozacin", "cobija", "--aircraft", "cessna-210", "--json"])
    assert isinstance(data, dict)
    assert list(data) == FLIGHT_KEYS
    assert data["aircraft"] == "cessna-210"
    # hand arithmetic in tests/test_aircraft.py: 2.42271 h flight, 2.58938 h block
    assert data["flight_time_h"] == pytest.approx(2.423, abs=1e-3)
    assert data["block_time_h"] == pytest.approx(2.589, abs=1e-3)
    assert data["feasible"] is True
    assert data["reason"] is None


def test_flight_with_cargo_wind_and_reserve(capsys: pytest.CaptureFixture[str]) -> None:
    # not feasible: the JSON plan is still printed (feasible false), the reason goes to stderr, exit 1
    assert main([
        "flight", "SPEN", "-5.0,-66.0", "--aircraft", "cessna-206", "--payload-kg", "450",
        "--wind-kt", "-10", "--reserve-min", "30", "--json",
    ]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert err.count("\n") == 1
    assert err.startswith("geo-huallaga: error: Cessna 206H Stationair cannot fly ")
    assert "only 268 l can be carried" in err
    assert isinstance(data, dict)
    assert data["feasible"] is False
    assert data["payload_kg"] == 450
    assert data["fuel_available_l"] == pytest.approx((1417 * 0.45359237 - 450) / 0.72, abs=0.05)
    assert "only 268 l can be carried" in data["reason"]


def test_flight_text_says_not_feasible(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flight", "spen", "-5.0,-50.0", "--aircraft", "cessna-206", "--payload-kg", "450"]) == 1
    out, err = capsys.readouterr()
    assert "NOT feasible: needs" in out
    assert "taxi" in out
    assert err.count("\n") == 1
    assert err.startswith("geo-huallaga: error: Cessna 206H Stationair cannot fly ")


def test_flight_not_feasible_exits_1_like_route_air(capsys: pytest.CaptureFixture[str]) -> None:
    # The 206 with 450 kg cargo + 80 kg pilot, Iscozacín -> Cobija (704 km). By hand: useful load
    # 1,417 lb = 642.74 kg (Plane & Pilot); fuel it can carry (642.74 - 530) / 0.72 kg/l = 156.6 l,
    # less than the 329 l usable: limited by weight, and short of trip + 45 min reserve.
    argv = ["Iscozacín", "Cobija", "--aircraft", "cessna-206", "--payload-kg", "530"]
    assert main(["flight", *argv, "--json"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["feasible"] is False
    assert data["fuel_available_l"] == pytest.approx((1417 * 0.45359237 - 530) / 0.72, abs=0.05)
    assert data["reason"] in err
    assert err.count("\n") == 1
    assert main(["route", *argv, "--mode", "air"]) == 1
    assert capsys.readouterr().err == err  # the same one line from both commands
    # a feasible plan still exits 0: the 210 carries the same payload that far
    assert main(["flight", "Iscozacín", "Cobija", "--aircraft", "cessna-210", "--payload-kg", "530"]) == 0
    assert capsys.readouterr().err == ""


def test_reach_json_and_deterministic_geojson(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_a, out_b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    argv = ["reach", "iscozacin", "--aircraft", "cessna-210", "--hours", "2.5", "--country", "bol", "--json"]
    data = _run_json(capsys, [*argv, "--out", str(out_a)])
    _run_json(capsys, [*argv, "--out", str(out_b)])
    assert isinstance(data, dict)
    assert data["radius_km"] == pytest.approx(393.0 * 1.852, abs=1e-3)  # see test_aircraft.py
    assert data["limited_by"] == "hours"
    assert data["country"] == "BOL"
    assert out_a.read_bytes() == out_b.read_bytes()
    feature = json.loads(out_a.read_text())["features"][0]
    assert feature["properties"]["country"] == "BOL"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_reach_by_payload_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reach", "spen", "--aircraft", "cessna-206", "--payload-kg", "450"]) == 0
    out = capsys.readouterr().out
    assert "450 kg payload: radius 929 km (limited by fuel)" in out


def test_aircraft_lists_profiles_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    data = _run_json(capsys, ["aircraft", "--json"])
    assert isinstance(data, list)
    assert [p["id"] for p in data] == ["cessna-206", "cessna-210", "piper-seneca"]
    for profile in data:
        for figure in profile["figures"].values():
            assert figure["source"]
    assert main(["aircraft"]) == 0
    text = capsys.readouterr().out
    assert "Plane & Pilot" in text
    assert "~ approximate" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["flight", "spen", "cobija", "--aircraft", "cessna-172"],
         "unknown aircraft 'cessna-172'; known: cessna-206, cessna-210, piper-seneca"),
        (["reach", "spen", "--aircraft", "cessna-210", "--hours", "0"], "hours must be positive, got 0"),
        (["reach", "spen", "--aircraft", "cessna-210", "--hours", "-2"], "hours must be positive, got -2"),
        (["flight", "spen", "cobija", "--aircraft", "cessna-206", "--payload-kg", "700"],
         "payload 700 kg is above the useful load of cessna-206"),
        (["reach", "spen", "--aircraft", "cessna-206", "--payload-kg", "700"], "above the useful load"),
        (["distance", "-100.5,-75.1", "cobija"], "out of range [-90, 90]"),
        (["flight", "-10.18,-275.1", "cobija", "--aircraft", "cessna-210"], "out of range [-180, 180]"),
        (["flight", "iscozacin", "Iscozacín", "--aircraft", "cessna-210"], "are the same point"),
        (["distance", "cobija", "-11.0267,-68.7692"], "are the same point"),
        (["reach", "spen", "--aircraft", "cessna-210", "--hours", "2", "--country", "XYZ"],
         "unknown country 'XYZ'"),
        (["flight", "Lost Atlantis", "cobija", "--aircraft", "cessna-210"], "unknown place 'Lost Atlantis'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    line = _one_line_error(capsys, argv)
    assert line.startswith("geo-huallaga: error: ")
    assert message in line


def test_swapped_coordinates_get_the_hint(capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_line_error(capsys, ["distance", "13.40,52.52", "cobija"])  # Berlin swapped: at sea
    assert "lat/lon swapped?" in line


def test_reach_needs_hours_or_payload(capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_line_error(capsys, ["reach", "spen", "--aircraft", "cessna-210"], code=2)
    assert "one of the arguments --hours --payload-kg is required" in line


def test_flight_with_a_user_profile_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = tmp_path / "slow.toml"
    profile.write_text(
        'id = "slow-206"\nname = "A slow 206"\ncruise_speed_kt = 120\nfuel_flow_l_per_h = 60\n'
        "usable_fuel_l = 329\nuseful_load_kg = 640\ncruise_altitude_ft = 1000\n"
    )
    # cruise at field elevation: no climb or descent; 704.219 km = 380.248 nm / 120 kt = 3.169 h
    data = _run_json(capsys, ["flight", "iscozacin", "cobija", "--aircraft", str(profile), "--json"])
    assert isinstance(data, dict)
    assert data["aircraft"] == "slow-206"
    assert data["flight_time_h"] == pytest.approx(380.248 / 120, abs=1e-3)
