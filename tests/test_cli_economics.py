"""Tests for ``geo-huallaga economics``: numbers from the article or worked by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo_huallaga.cli import main

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["economics", *args])
    out, err = capsys.readouterr()
    return code, out, err


def figures(out: str) -> dict[str, dict[str, object]]:
    return {f["id"]: f for f in json.loads(out)["figures"]}


def test_default_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["figure", "value", "low", "–", "high", "unit", "article"]
    assert any(line.startswith("Clans' HCl output") and "96,000" in line for line in lines)
    assert any(line.startswith("Palcazu air exports ") and "86,400" in line for line in lines)
    assert "Findings:" in out


def test_json_has_the_issue_ids_with_the_article_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json")
    assert code == 0
    figs = figures(out)
    article = {  # the article's numbers
        "clans_hcl_kg_per_year": 96_000,
        "clans_income_usd_per_year": 96_000_000,
        "income_usd_per_clan": 6_000_000,
        "flight_value_hcl_usd": 450_000,
        "flight_value_paste_usd": 360_000,
        "palcazu_hcl_kg_per_year": 86_400,
        "palcazu_sales_usd_per_year": 86_400_000,
    }
    for figure_id, value in article.items():
        assert figs[figure_id]["value"] == value
    assert figs["huallaga_share_of_national"]["value"] == pytest.approx(13_025 / 61_200)
    assert figs["potential_hcl_kg"]["value"] == pytest.approx(13_025 * 2_200 / 375)  # 76,413.3
    for f in figs.values():
        assert set(f) >= {"id", "label", "value", "low", "high", "unit", "formula", "source"}
    assert json.loads(out)["findings"]


def _economics_in_a_new_process(args: list[str], hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "geo_huallaga", "economics", *args],
        env=env, cwd=ROOT, capture_output=True, check=False, timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    return done.stdout


def test_json_is_byte_identical_across_processes() -> None:
    # Two interpreters with different string-hash seeds: any set/dict ordering that leaks into
    # the output would differ between them (one process would hide it: the seed is fixed per run).
    args = ["--scenario", str(DATA / "economics_low_payload.toml"), "--set", "clans=18", "--json"]
    first = _economics_in_a_new_process(args, "1")
    second = _economics_in_a_new_process(args, "2718281")
    assert first == second
    assert json.loads(first)["figures"]


def test_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| Figure | Value | Low – high | Unit | Article | Arithmetic |"
    assert lines[2].startswith("| Clans' HCl output | 96,000 | 38,400 – 96,000 | kg/year |")
    assert "**Findings**" in out


def test_set_a_number_and_a_range(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--set", "clans=20", "--set", "hcl_price_usd_per_kg=900:1000:1200",
                       "--json")
    assert code == 0
    figs = figures(out)
    c = figs["clans_hcl_kg_per_year"]
    assert (c["low"], c["value"], c["high"]) == (20 * 200 * 12, 20 * 500 * 12, 20 * 500 * 12)
    v = figs["flight_value_hcl_usd"]
    assert (v["low"], v["value"], v["high"]) == (450 * 900, 450 * 1000, 450 * 1200)


def test_set_overrides_the_scenario_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenario", str(DATA / "economics_low_payload.toml"),
                       "--set", "weeks_per_year=48", "--json")
    assert code == 0
    p = figures(out)["palcazu_hcl_kg_per_year"]
    # file: payload 300/350/450; --set: 48 weeks -> 4 * 350 * 48 = 67,200 central
    assert (p["low"], p["value"], p["high"]) == (4 * 300 * 48, 4 * 350 * 48, 4 * 450 * 48)


def test_json_scenario_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenario", str(DATA / "economics_mid_rate.json"), "--json")
    assert code == 0
    assert figures(out)["clans_hcl_kg_per_year"]["value"] == 16 * 350 * 12
    assert json.loads(out)["scenario"]["name"] == "economics_mid_rate"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "clan=3"], "unknown parameter 'clan' (did you mean 'clans'?); known: clans, "),
        (["--set", "clans=-1"], "parameter 'clans' is a quantity and cannot be negative"),
        (["--set", "clans=20:10:5"], "parameter 'clans': low 20 is above high 5"),
        (["--set", "clans"], "expected NAME=VALUE, got 'clans'"),
        (["--set", "clans=lots"], "'lots' is not a number"),
        (["--set", "leaf_kg_per_kg_hcl=0"], "includes zero (check leaf_kg_per_kg_hcl)"),
        (["--scenario", "no-such-file.toml"], "no such scenario file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("geo-huallaga: error: ")
    assert message in err


def test_malformed_scenario_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[parameters\nclans = 3\n", encoding="utf-8")
    code, out, err = run(capsys, "--scenario", str(path))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "not valid TOML" in err


def test_json_and_markdown_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--json", "--markdown")
    assert code == 2
    assert "usage error" in err
