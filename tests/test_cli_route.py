"""Tests for ``geo-huallaga route`` and ``geo-huallaga corridors``."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
from geographiclib.geodesic import Geodesic

from geo_huallaga.cli import main

DATA = Path(__file__).parent / "data"
SPLIT_ROADS = str(DATA / "routing_roads_split.geojson")
POINTS_ONLY = str(DATA / "routing_points_only.geojson")


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_route_sea_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Paita", "Rotterdam", "--mode", "sea", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out)[:5] == ["mode", "from", "to", "length_km", "time_h"]
    assert out["mode"] == "sea"
    assert out["passages"] == ["panama"]
    assert [p["code"] for p in out["ports"]] == ["PEPAI", "NLRTM"]
    for leg in out["legs"]:
        assert {"mode", "from", "to", "length_km", "time_h"} <= set(leg)
    assert out["length_km"] == pytest.approx(sum(leg["length_km"] for leg in out["legs"]), abs=2e-3)


def test_route_close_passage_changes_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Paita", "Rotterdam", "--mode", "sea", "--close-passage", "panama", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "panama" not in out["passages"]
    # With Panama closed the ship must go round South America. Lower bound: the chain of
    # GeographicLib geodesics Paita -> Strait of Magellan (west mouth ~52.7 S 74.7 W, east mouth
    # ~52.4 S 68.4 W) -> Rotterdam, or via Cape Horn (55.98 S 67.27 W), whichever is shorter;
    # no sea route can be shorter than that. Upper bound: shipping lanes follow coasts and
    # traffic separation schemes, a few per cent over the geodesics: allow 10 %.
    geod = Geodesic.WGS84

    def chain_km(*lat_lon: tuple[float, float]) -> float:
        return sum(geod.Inverse(*a, *b)["s12"] for a, b in itertools.pairwise(lat_lon)) / 1000

    paita, rotterdam = (-5.0931, -81.0994), (51.9225, 4.4792)
    magellan = chain_km(paita, (-52.7, -74.7), (-52.4, -68.4), rotterdam)  # 19,135 km
    horn = chain_km(paita, (-55.98, -67.27), rotterdam)  # 19,409 km
    lower = min(magellan, horn)
    assert lower <= out["length_km"] <= 1.10 * lower
    # and it is much longer than the Panama route: at least Paita -> Rotterdam direct, 10,118 km, x 1.8
    assert out["length_km"] > 1.8 * chain_km(paita, rotterdam)


def test_route_land_with_own_roads_and_out_file_is_deterministic(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    out1, out2 = tmp_path / "a.geojson", tmp_path / "b.geojson"
    args = ["route", "0.001,0.05", "0.11,0.15", "--roads", SPLIT_ROADS]
    assert main([*args, "--out", str(out1)]) == 0
    text = capsys.readouterr().out
    assert "total:" in text
    assert "truck" in text
    assert main([*args, "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    fc = json.loads(out1.read_text())
    assert [f["properties"]["mode"] for f in fc["features"]] == ["land", "land", "land"]


# SPEN (Iscozacín aerodrome, 10.183 S 75.15 W) and Cobija (11.0267 S 68.7692 W), as the layers hold them.
SPEN_COBIJA_KM = Geodesic.WGS84.Inverse(-10.183, -75.15, -11.0267, -68.7692)["s12"] / 1000  # 704.444
# Cessna T210L by hand (aircraft profile: 165 KTAS cruise at 10,000 ft; the model's climb from
# 1,000 ft at 500 ft/min and 100 kt, descent at 500 ft/min and cruise speed):
# climb 9,000 ft / 500 = 0.3 h (30 nm); descent 0.3 h (49.5 nm);
# cruise (704.444 / 1.852 - 79.5) nm / 165 kt = 300.869 / 165 = 1.8235 h; total 2.4235 h.
SPEN_COBIJA_T210_H = 0.3 + 0.3 + (704.444 / 1.852 - 30 - 49.5) / 165


def test_route_air_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "SPEN", "Cobija", "--mode", "air"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["mode", "from", "to", "length_km", "time_h", "means"]
    assert lines[2].split() == [
        "air", "Iscozacín", "aerodrome", "Cobija", f"{SPEN_COBIJA_KM:.1f}", f"{SPEN_COBIJA_T210_H:.2f}",
        "Cessna", "T210L", "Centurion",
    ]
    assert lines[-1] == f"total: {SPEN_COBIJA_KM:.1f} km, {SPEN_COBIJA_T210_H:.2f} h (air)"


def test_route_air_json_leg_is_the_geodesic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "SPEN", "Cobija", "--mode", "air", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (leg,) = out["legs"]
    assert leg["mode"] == "air"
    assert leg["length_km"] == pytest.approx(SPEN_COBIJA_KM, abs=1e-3)  # GeographicLib to 1 m
    assert out["length_km"] == pytest.approx(SPEN_COBIJA_KM, abs=1e-3)
    assert leg["time_h"] == pytest.approx(SPEN_COBIJA_T210_H, abs=1e-3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "Lost Atlantis", "Paita", "--mode", "sea"], "unknown place 'Lost Atlantis'"),
        (["route", "0.0,0.05", "0.0,1.05", "--roads", SPLIT_ROADS], "no road connects"),
        (["route", "Tingo María", "Rotterdam", "--mode", "sea"], "far inland"),
        (["route", "Paita", "Rotterdam", "--mode", "sea", "--close-passage", "kiel"], "unknown passage 'kiel'"),
        (["route", "0,0", "0,0.1", "--roads", POINTS_ONLY], "no LineString features"),
        (["route", "Paita", "Rotterdam", "--mode", "air", "--close-passage", "panama"], "--mode sea only"),
        (
            ["route", "Iscozacín", "Trinidad", "--mode", "air", "--aircraft", "cessna-206", "--payload-kg", "450"],
            "cannot fly Iscozacín → Trinidad nonstop",
        ),
        (["route", "Paita", "Rotterdam", "--mode", "sea", "--payload-kg", "450"], "--mode air only"),
    ],
)
def test_route_bad_input_is_one_line_exit_1(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 1
    line = _error_line(capsys)
    assert line.startswith("geo-huallaga: error: ")
    assert message in line


def test_route_bad_mode_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Paita", "Rotterdam", "--mode", "rail"]) == 2
    assert "usage error" in _error_line(capsys)


def test_corridors_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corridors", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert {"mode", "from", "to", "length_km", "time_h", "means", "source"} <= set(rows[0])
    assert {r["mode"] for r in rows} <= {"land", "air", "sea"}
    assert main(["corridors", "--csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    assert main(["corridors"]) == 0
    assert "mode" in capsys.readouterr().out.splitlines()[0]
