"""Tests for geo_huallaga.economics.

Expected numbers are the article's own (InSight Crime's translation of IDL-Reporteros, "The
Cocaine Clans") or hand calculations written out beside each assertion.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from geo_huallaga import economics as ec
from geo_huallaga.errors import DataFileNotFoundError, ParameterError

DATA = Path(__file__).parent / "data"

# Alto Huallaga's potential HCl by hand: 13,025 ha * 2,200 kg of leaf / 375 kg of leaf per kg
POTENTIAL_KG = 13_025 * 2_200 / 375  # = 28,655,000 / 375 = 76,413.33


@pytest.fixture(scope="module")
def report() -> ec.Report:
    return ec.evaluate()


# --- Range arithmetic, worked by hand ---------------------------------------------------------


def bounds(r: ec.Range) -> tuple[float, float, float]:
    return (r.low, r.central, r.high)


def test_range_addition_adds_like_bounds() -> None:
    # (1, 2, 3) + (10, 20, 30) = (1 + 10, 2 + 20, 3 + 30)
    assert bounds(ec.Range(1, 2, 3, "kg") + ec.Range(10, 20, 30, "kg")) == (11, 22, 33)


def test_range_subtraction_crosses_bounds() -> None:
    # low = 10 - 3 = 7; central = 20 - 2 = 18; high = 30 - 1 = 29
    assert bounds(ec.Range(10, 20, 30, "kg") - ec.Range(1, 2, 3, "kg")) == (7, 18, 29)


def test_range_multiplication_of_positive_ranges() -> None:
    # low = 2 * 5 = 10; central = 3 * 6 = 18; high = 4 * 7 = 28
    assert bounds(ec.Range(2, 3, 4) * ec.Range(5, 6, 7)) == (10, 18, 28)


def test_range_division_crosses_bounds() -> None:
    # low = 10 / 5 = 2; central = 20 / 4 = 5; high = 30 / 2 = 15
    assert bounds(ec.Range(10, 20, 30) / ec.Range(2, 4, 5)) == (2, 5, 15)


def test_range_with_signed_operand_takes_corner_extremes() -> None:
    # corners of (-2..3) * (4..6): -8, -12, 12, 18 -> low -12, high 18; central 1 * 5 = 5
    assert bounds(ec.Range(-2, 1, 3) * ec.Range(4, 5, 6)) == (-12, 5, 18)


def test_range_with_scalars() -> None:
    r = ec.Range(1, 2, 4, "kg")
    assert bounds(r * 2) == (2, 4, 8)
    assert bounds(2 * r) == (2, 4, 8)
    assert bounds(r / 2) == (0.5, 1, 2)
    assert bounds(2 / ec.Range(1, 2, 4)) == (0.5, 1, 2)  # 2/4, 2/2, 2/1
    assert bounds(r + 1) == (2, 3, 5)
    assert bounds(10 - r) == (6, 8, 9)  # 10-4, 10-2, 10-1
    assert (r * 2).unit == "kg"
    assert (10 - r).unit == "kg"


def test_range_units_combine_and_cancel() -> None:
    kg = ec.Range.point(500, "kg/clan/month")
    clans = ec.Range.point(16, "clan")
    months = ec.Range.point(12, "month/year")
    assert (clans * kg * months).unit == "kg/year"
    leaf = ec.Range.point(13025, "ha") * ec.Range.point(2.2, "t leaf/ha/year")
    hcl = leaf * ec.Range.point(1000, "kg leaf/t leaf") / ec.Range.point(375, "kg leaf/kg")
    assert hcl.unit == "kg/year"
    # 13,025 * 2.2 * 1,000 / 375 = 28,655,000 / 375 = 76,413.33...
    assert hcl.central == pytest.approx(76413.3333, rel=1e-9)


def test_range_refuses_adding_different_units() -> None:
    with pytest.raises(ParameterError, match="cannot add USD and kg"):
        ec.Range.point(1, "kg") + ec.Range.point(1, "USD")


def test_range_refuses_divisor_including_zero() -> None:
    with pytest.raises(ParameterError, match="includes zero"):
        ec.Range(1, 2, 3) / ec.Range(-1, 1, 2)


@pytest.mark.parametrize(
    ("low", "central", "high", "message"),
    [
        (500, 400, 200, "low 500 is above high 200"),
        (200, 600, 500, "central 600 is outside low 200 to high 500"),
        (math.nan, 1, 2, "finite"),
        (1, math.inf, 2, "finite"),
    ],
)
def test_range_validation(low: float, central: float, high: float, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        ec.Range(low, central, high)


def test_range_refuses_non_numbers() -> None:
    with pytest.raises(ParameterError, match="must be a number"):
        ec.Range(True, 1, 2)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ec.Range(1, 2, 3) * "x"  # type: ignore[operator]


def test_range_to_unit_respells_only_the_same_unit() -> None:
    r = ec.Range.point(6e6, "USD/year") / ec.Range.point(1, "clan")
    assert r.to_unit("USD/clan/year").unit == "USD/clan/year"
    with pytest.raises(ParameterError, match="is not"):
        r.to_unit("USD/year")


# --- Each figure against the article ----------------------------------------------------------

# id -> the article's number (or a hand calculation where the article gives none)
ARTICLE_FIGURES = {
    "clans_hcl_kg_per_year": 96_000,  # "a total of 96,000 kilos"
    "clans_income_usd_per_year": 96_000_000,  # "$96 million per year"
    "income_usd_per_clan": 6_000_000,  # "an income of $6 million a year"
    "flight_value_hcl_usd": 450_000,  # "$450,000 dollars worth of cargo"
    "flight_value_paste_usd": 360_000,  # "the value of each cargo would be $360,000"
    "palcazu_hcl_kg_per_year": 86_400,  # "exported 86,400 kilos"
    "palcazu_sales_usd_per_year": 86_400_000,  # "sales of up to $86.4 million"
    "huallaga_share_of_national": 13_025 / 61_200,  # "21.3 percent" = 0.2128...
    "potential_hcl_kg": 13_025 * 2_200 / 375,  # 28,655,000 kg leaf / 375 = 76,413.3
    "palcazu_hcl_kg_per_year_52_weeks": 4 * 1 * 450 * 52,  # 93,600
    "palcazu_sales_usd_per_year_52_weeks": 93_600 * 1_000,  # 93,600,000
    "implied_leaf_kg_per_kg_hcl": 28_655_000 / 96_000,  # 298.49
    "implied_leaf_yield_t_per_ha": 96_000 * 375 / 1_000 / 13_025,  # 2.764 t a hectare
    "huallaga_leaf_t_per_year": 13_025 * 2.2,  # 28,655 t
    "palcazu_flights_per_week": 4,
    "air_hcl_kg_per_year_every_10_days": 0.7 * 450 * 48,  # 15,120
    "air_hcl_kg_per_year_every_3_days": 7 / 3 * 450 * 48,  # 50,400
    "air_hcl_kg_per_year_3_flights_a_day": 21 * 450 * 48,  # 453,600
    "clans_output_minus_potential_hcl_kg": 96_000 - POTENTIAL_KG,  # 19,586.7
    "palcazu_share_of_clans_output": 86_400 / 96_000,  # 0.9
    "palcazu_exports_vs_potential": 86_400 / POTENTIAL_KG,  # 1.1307
    "alto_huallaga_area_2010_vs_2005": 13_025 / 16_000,  # 0.8141
    "clans_income_share_of_mexican_dtos": 96e6 / 6.6e9,  # 0.01455
}


@pytest.mark.parametrize(("figure_id", "expected"), list(ARTICLE_FIGURES.items()))
def test_figure_central_value(report: ec.Report, figure_id: str, expected: float) -> None:
    assert report.figure(figure_id).value.central == pytest.approx(expected, rel=1e-6)


def test_article_numbers_quoted_in_the_issue(report: ec.Report) -> None:
    assert report.figure("huallaga_share_of_national").value.central == pytest.approx(
        0.2128, abs=5e-5
    )
    assert round(report.figure("potential_hcl_kg").value.central) == 76_413
    assert round(report.figure("implied_leaf_kg_per_kg_hcl").value.central) == 298


def test_every_figure_is_listed_here(report: ec.Report) -> None:
    assert {f.id for f in report.figures} == set(ARTICLE_FIGURES)


def test_figure_ranges_worked_by_hand(report: ec.Report) -> None:
    # clans: 16 * 200 * 12 = 38,400 low; 16 * 500 * 12 = 96,000 high
    assert bounds(report.figure("clans_hcl_kg_per_year").value) == (38_400, 96_000, 96_000)
    # income: 38,400 * 950 = 36,480,000; 96,000 * 1,100 = 105,600,000
    assert bounds(report.figure("clans_income_usd_per_year").value) == (
        36_480_000,
        96_000_000,
        105_600_000,
    )
    # per clan: 200 * 12 * 950 = 2,280,000; 500 * 12 * 1,100 = 6,600,000
    assert bounds(report.figure("income_usd_per_clan").value) == (2_280_000, 6_000_000, 6_600_000)
    # flight: 450 * 950 = 427,500; 450 * 1,100 = 495,000; paste 450 * 600 = 270,000
    assert bounds(report.figure("flight_value_hcl_usd").value) == (427_500, 450_000, 495_000)
    assert bounds(report.figure("flight_value_paste_usd").value) == (270_000, 360_000, 360_000)
    # Palcazu sales: 86,400 * 950 = 82,080,000; 86,400 * 1,100 = 95,040,000
    assert bounds(report.figure("palcazu_sales_usd_per_year").value) == (
        82_080_000,
        86_400_000,
        95_040_000,
    )
    # subtraction crosses: low 38,400 - 76,413.33 = -38,013.33
    gap = report.figure("clans_output_minus_potential_hcl_kg").value
    assert gap.low == pytest.approx(38_400 - POTENTIAL_KG, rel=1e-9)
    assert gap.high == pytest.approx(96_000 - POTENTIAL_KG, rel=1e-9)
    # division crosses: the most leaf per kg when the clans make least, 28,655,000 / 38,400
    implied = report.figure("implied_leaf_kg_per_kg_hcl").value
    assert implied.high == pytest.approx(746.224, rel=1e-6)


def test_figure_fields_and_units(report: ec.Report) -> None:
    f = report.figure("clans_hcl_kg_per_year").to_dict()
    assert list(f) == [
        "id", "label", "value", "low", "high", "unit", "formula", "source", "article_value",
        "inputs",
    ]
    assert f["unit"] == "kg/year"
    assert "96,000 kilos" in f["source"]
    assert report.figure("income_usd_per_clan").value.unit == "USD/clan/year"
    assert report.figure("flight_value_hcl_usd").value.unit == "USD/flight"
    assert report.figure("huallaga_share_of_national").value.unit == "ratio"


def test_formulas_show_words_and_numbers(report: ec.Report) -> None:
    assert report.figure("clans_hcl_kg_per_year").formula.startswith(
        "clans × kg per clan per month × months per year = 16 × 500 × 12 = 96,000 kg/year"
    )
    assert "low: 16 × 200 × 12 = 38,400" in report.figure("clans_hcl_kg_per_year").formula
    assert "4 × 1 × 450 × 48 = 86,400" in report.figure("palcazu_hcl_kg_per_year").formula
    assert "13,025 × 2.2 × 1,000 ÷ 375 = 76,413.3" in report.figure("potential_hcl_kg").formula
    assert "low: 38,400 − 76,413.3" in report.figure(
        "clans_output_minus_potential_hcl_kg"
    ).formula


def test_article_values_recorded(report: ec.Report) -> None:
    assert report.figure("palcazu_hcl_kg_per_year").article_value == 86_400
    assert report.figure("huallaga_share_of_national").article_value == 0.213
    assert report.figure("potential_hcl_kg").article_value is None


# --- Overriding one parameter changes exactly its dependants -----------------------------------

CLANS_OUTPUT = {
    "clans_hcl_kg_per_year", "clans_income_usd_per_year", "clans_income_share_of_mexican_dtos",
    "implied_leaf_kg_per_kg_hcl", "implied_leaf_yield_t_per_ha",
    "clans_output_minus_potential_hcl_kg", "palcazu_share_of_clans_output",
}
PALCAZU = {
    "palcazu_hcl_kg_per_year", "palcazu_sales_usd_per_year", "palcazu_hcl_kg_per_year_52_weeks",
    "palcazu_sales_usd_per_year_52_weeks", "palcazu_share_of_clans_output",
    "palcazu_exports_vs_potential",
}
AIR = {
    "air_hcl_kg_per_year_every_10_days", "air_hcl_kg_per_year_every_3_days",
    "air_hcl_kg_per_year_3_flights_a_day",
}
POTENTIAL = {
    "potential_hcl_kg", "clans_output_minus_potential_hcl_kg", "palcazu_exports_vs_potential",
}

DEPENDANTS = {
    "clans": CLANS_OUTPUT,
    "hcl_kg_per_clan_per_month": CLANS_OUTPUT | {"income_usd_per_clan"},
    "hcl_price_usd_per_kg": {
        "clans_income_usd_per_year", "income_usd_per_clan", "clans_income_share_of_mexican_dtos",
        "flight_value_hcl_usd", "palcazu_sales_usd_per_year",
        "palcazu_sales_usd_per_year_52_weeks",
    },
    "paste_price_usd_per_kg": {"flight_value_paste_usd"},
    "payload_kg_per_flight": PALCAZU | AIR | {"flight_value_hcl_usd", "flight_value_paste_usd"},
    "airstrips": PALCAZU | {"palcazu_flights_per_week"},
    "flights_per_strip_per_week": PALCAZU | {"palcazu_flights_per_week"},
    "weeks_per_year": AIR | {
        "palcazu_hcl_kg_per_year", "palcazu_sales_usd_per_year",
        "palcazu_share_of_clans_output", "palcazu_exports_vs_potential",
    },
    "calendar_weeks_per_year": {
        "palcazu_hcl_kg_per_year_52_weeks", "palcazu_sales_usd_per_year_52_weeks",
    },
    "flight_interval_days_earlier": {"air_hcl_kg_per_year_every_10_days"},
    "flight_interval_days_recent": {"air_hcl_kg_per_year_every_3_days"},
    "flights_per_day_peak": {"air_hcl_kg_per_year_3_flights_a_day"},
    "leaf_yield_t_per_ha": POTENTIAL | {"huallaga_leaf_t_per_year", "implied_leaf_kg_per_kg_hcl"},
    "leaf_kg_per_kg_hcl": POTENTIAL | {"implied_leaf_yield_t_per_ha"},
    "alto_huallaga_coca_ha": POTENTIAL | {
        "huallaga_leaf_t_per_year", "implied_leaf_kg_per_kg_hcl", "implied_leaf_yield_t_per_ha",
        "huallaga_share_of_national", "alto_huallaga_area_2010_vs_2005",
    },
    "national_coca_ha": {"huallaga_share_of_national"},
    "alto_huallaga_coca_ha_2005": {"alto_huallaga_area_2010_vs_2005"},
    "mexican_dto_income_usd_per_year": {"clans_income_share_of_mexican_dtos"},
}


def test_every_parameter_has_its_dependants_listed() -> None:
    assert set(ec.default_scenario().names()) == set(DEPENDANTS)


@pytest.mark.parametrize("name", sorted(DEPENDANTS))
def test_override_changes_exactly_the_dependent_figures(report: ec.Report, name: str) -> None:
    old = ec.default_scenario().value(name)
    new = ec.evaluate(ec.default_scenario().override({name: old * 1.5}))
    changed = {
        f.id
        for f, g in zip(report.figures, new.figures, strict=True)
        if bounds(f.value) != bounds(g.value)
    }
    assert changed == DEPENDANTS[name]
    recorded = {f.id for f in report.figures if name in f.inputs}
    assert recorded == DEPENDANTS[name]


def test_override_one_figure_by_hand() -> None:
    r = ec.evaluate(ec.default_scenario().override({"clans": 20}))
    assert r.figure("clans_hcl_kg_per_year").value.central == 20 * 500 * 12  # 120,000
    assert r.figure("income_usd_per_clan").value.central == 6_000_000  # per clan: unchanged


def test_findings_under_the_article_assumptions(report: ec.Report) -> None:
    texts = {f.id: f.text for f in report.findings}
    # 96,000 - 76,413.3 = 19,586.7 kg, which is 25.6 % of 76,413.3
    assert "96,000 kg a year) is 19,587 kg (25.6 %) above" in texts["clans_output_vs_potential"]
    # 16 * 200 * 12 = 38,400 kg; 76,413.3 - 38,400 = 38,013 kg (49.7 %)
    assert "38,400 kg, 38,013 kg (49.7 %) below" in texts["clans_output_vs_potential"]
    assert "298.5 kg of leaf instead of 375 kg" in texts["implied_leaf_conversion"]
    assert "2.764 t of leaf instead of 2.2 t" in texts["implied_leaf_conversion"]
    # 4 * 1 * 450 = 1,800 kg a week; 86,400 / 1,800 = 48 weeks; * 52 = 93,600
    assert "1,800 kg a week for 48 weeks" in texts["palcazu_weeks"]
    assert "93,600 kg and US$93.6 million" in texts["palcazu_weeks"]
    # 86,400 / 96,000 = 90 %; 86,400 / 76,413.3 = 113 %
    assert "are 90 % of the Huallaga clans' output" in texts["palcazu_vs_huallaga_output"]
    assert "113 % of the potential" in texts["palcazu_vs_huallaga_output"]
    assert "0.7 a week: 15,120 kg" in texts["flight_frequencies"]
    assert "21 a week: 453,600 kg" in texts["flight_frequencies"]
    # (600 + 800) / 2 = 700; 700 * 450 = 315,000
    assert "US$700, a flight of 450 kg is worth US$315,000" in texts["paste_price_average"]
    # 13,025 / 16,000 = 81.4 %
    assert "81.4 % of that (18.6 % less)" in texts["area_since_2005"]


def test_findings_follow_the_scenario() -> None:
    r = ec.evaluate(ec.default_scenario().override({"hcl_kg_per_clan_per_month": 300}))
    # 16 * 300 * 12 = 57,600 kg, below 76,413.3 by 18,813 kg (24.6 %)
    assert "57,600 kg a year) is 18,813 kg (24.6 %) below" in r.finding(
        "clans_output_vs_potential"
    ).text


def test_findings_name_existing_figures(report: ec.Report) -> None:
    ids = {f.id for f in report.figures}
    for finding in report.findings:
        assert set(finding.figures) <= ids


# --- Scenarios from Python, TOML and JSON -----------------------------------------------------


def test_default_scenario_parameters_carry_sources() -> None:
    s = ec.default_scenario()
    assert bounds(s.value("hcl_kg_per_clan_per_month")) == (200, 500, 500)
    assert "highest average" in s.value("hcl_kg_per_clan_per_month").source
    assert bounds(s.value("hcl_price_usd_per_kg")) == (950, 1000, 1100)
    assert bounds(s.value("paste_price_usd_per_kg")) == (600, 800, 800)
    assert s.value("weeks_per_year").central == 48
    assert s.value("calendar_weeks_per_year").central == 52
    for p in s.parameters:
        assert p.value.source, p.name
        assert p.value.unit, p.name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (20, (20, 20, 20)),
        ("20", (20, 20, 20)),
        ("10:15:20", (10, 15, 20)),
        ([10, 15, 20], (10, 15, 20)),
        ({"low": 10, "central": 15, "high": 20}, (10, 15, 20)),
        (ec.Range(10, 15, 20), (10, 15, 20)),
    ],
)
def test_override_value_forms(value: ec.ParameterValue, expected: tuple[float, ...]) -> None:
    s = ec.default_scenario().override({"clans": value})
    assert bounds(s.value("clans")) == expected
    assert s.value("clans").unit == "clan"


def test_override_leaves_the_original_alone() -> None:
    base = ec.default_scenario()
    base.override({"clans": 20})
    assert base.value("clans").central == 16


def test_load_toml_scenario() -> None:
    s = ec.load_scenario(DATA / "economics_low_payload.toml")
    assert s.name == "later reporting payload"
    r = ec.evaluate(s)
    # 4 * 1 * 350 * 52 = 72,800 central; 4 * 1 * 300 * 52 = 62,400 low; 4 * 450 * 52 = 93,600 high
    assert bounds(r.figure("palcazu_hcl_kg_per_year").value) == (62_400, 72_800, 93_600)
    assert "economics_low_payload.toml" in s.value("payload_kg_per_flight").source


def test_load_json_scenario() -> None:
    s = ec.load_scenario(DATA / "economics_mid_rate.json")
    assert s.name == "economics_mid_rate"
    r = ec.evaluate(s)
    assert r.figure("clans_hcl_kg_per_year").value.central == 16 * 350 * 12  # 67,200
    assert r.figure("flight_value_paste_usd").value.central == 450 * 700  # 315,000


# --- Bad input --------------------------------------------------------------------------------


def test_unknown_parameter_lists_the_known_ones() -> None:
    known = "known: clans, hcl_kg_per_clan_per_month, hcl_price_usd_per_kg"
    hint = r"unknown parameter 'clan' \(did you mean 'clans'\?\)"
    with pytest.raises(ParameterError, match=hint):
        ec.default_scenario().override({"clan": 3})
    with pytest.raises(ParameterError, match=known):
        ec.default_scenario().override({"clan": 3})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, r"parameter 'clans' is a quantity and cannot be negative \(low -1\)"),
        ("-2:1:3", "cannot be negative"),
        ("20:10:5", "parameter 'clans': low 20 is above high 5"),
        ("1:5:3", "central 5 is outside low 1 to high 3"),
        ("1:2", "expected a number or LOW:CENTRAL:HIGH"),
        ("1,000", "without thousands commas"),
        ("many", "'many' is not a number"),
        ("nan", "finite"),
        ([1, 2], "give one number or three"),
        ({"low": 1, "high": 2}, "exactly the keys low, central, high"),
        (True, "must be a number"),
        (ec.Range.point(3, "USD"), "unit USD is not clan"),
    ],
)
def test_bad_values(value: ec.ParameterValue, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        ec.default_scenario().override({"clans": value})


def test_zero_divisor_is_refused_when_evaluating() -> None:
    s = ec.default_scenario().override({"leaf_kg_per_kg_hcl": 0})
    with pytest.raises(ParameterError, match=r"cannot compute .* includes zero"):
        ec.evaluate(s)


def test_parse_assignments() -> None:
    assert ec.parse_assignments(["clans=20", "clans=21"]) == {"clans": "21"}
    for bad in ["clans", "=3", "clans="]:
        with pytest.raises(ParameterError, match="expected NAME=VALUE"):
            ec.parse_assignments([bad])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.toml", "clans = [1, 2", "not valid TOML"),
        ("bad.json", '{"clans": 1,}', "not valid JSON"),
        ("list.json", "[1, 2, 3]", "expected a table at the top level of the scenario file"),
        ("bad.yaml", "clans: 1", "must end in .toml or .json"),
        ("unknown.toml", "clan = 3", "unknown parameter 'clan'"),
        ("extra.toml", "colour = 1\n[parameters]\nclans = 3\n", "unexpected top-level keys colour"),
        ("notable.json", '{"parameters": 3}', "'parameters' must be a table"),
        ("neg.json", '{"clans": -3}', "cannot be negative"),
    ],
)
def test_bad_scenario_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=message):
        ec.load_scenario(path)
    assert path.read_text(encoding="utf-8") == text  # input files are never modified


def test_missing_scenario_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileNotFoundError, match="no such scenario file"):
        ec.load_scenario(tmp_path / "nope.toml")


# --- Formatting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (96_000_000.0, "96,000,000"),
        (POTENTIAL_KG, "76,413"),
        (298.4896, "298.5"),
        (2.76392, "2.764"),
        (0.7, "0.7"),
        (0.0145454, "0.01455"),
        (0.0, "0"),
        (-38_013.3, "-38,013"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert ec.format_number(value) == text


def test_markdown_table(report: ec.Report) -> None:
    md = report.to_markdown()
    lines = md.splitlines()
    assert lines[0] == "| Figure | Value | Low – high | Unit | Article | Arithmetic |"
    assert lines[1] == "|---|---:|---:|---|---:|---|"
    first = "| Clans' HCl output | 96,000 | 38,400 – 96,000 | kg/year | 96,000 | clans × "
    assert lines[2].startswith(first)
    assert "| Alto Huallaga share of national coca | 21.28 |  | % | 21.3 |" in md
    assert "**Findings**" in md
    # every figure row has the same number of cells as the header
    for line in lines[2 : 2 + len(report.figures)]:
        assert line.count(" | ") == 5


def test_unknown_figure_and_finding(report: ec.Report) -> None:
    with pytest.raises(ParameterError, match=r"unknown figure 'potential_hcl' \(did you mean"):
        report.figure("potential_hcl")
    with pytest.raises(ParameterError, match="unknown finding 'x'; known: clans_output_vs"):
        report.finding("x")
