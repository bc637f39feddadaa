"""Tests for ``geo-huallaga route`` and ``geo-huallaga corridors``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

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
    assert out["length_km"] > 15000


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


def test_route_air_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "SPEN", "Cobija", "--mode", "air"]) == 0
    assert "air" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "Atlantis", "Paita", "--mode", "sea"], "unknown place 'Atlantis'"),
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
