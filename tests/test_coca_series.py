"""Tests for the shipped coca series, ``geo-huallaga series`` and ``economics --year``.

Expected values are the published figures, quoted here with their source, never read back from
the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from _cli import run as _run

from geo_huallaga import coca_series, layers
from geo_huallaga.cli import main
from geo_huallaga.errors import ParameterError

ROOT = Path(__file__).resolve().parent.parent


def test_published_figures() -> None:
    # UNODC, Monitoreo de cultivos de coca 2010, as the article quotes it: 13,025 ha, 21.3 % of 61,200 ha.
    assert coca_series.national_ha(2010) == 61200
    assert coca_series.zone_ha("alto-huallaga", 2010) == 13025
    assert round(100 * 13025 / coca_series.national_ha(2010), 1) == 21.3
    # Inforegión quoting UNODC 2010: VRAE 17,486 ha (2009) → 19,723 ha (2010); Alto Huallaga 17,497 ha (2009).
    assert coca_series.zone_ha("vraem", 2009) == 17486
    assert coca_series.zone_ha("vraem", 2010) == 19723
    assert coca_series.zone_ha("alto-huallaga", 2009) == 17497
    # UN Information Service, 15 May 2003: 46,700 ha on 31 December 2002.
    assert coca_series.national_ha(2002) == 46700
    # UNODC press release, 21 December 2018: 49,900 ha in 2017, VRAEM 20,304 ha.
    assert coca_series.national_ha(2017) == 49900
    assert coca_series.zone_ha("vraem", 2017) == 20304


def test_disagreeing_sources_are_both_kept_and_the_map_one_is_marked() -> None:
    vraem_2022 = [(f.ha, f.map) for f in coca_series.figures("vraem") if f.year == 2022]
    assert sorted(vraem_2022) == [(35106.0, True), (35709.0, False)]
    assert coca_series.zone_ha("vraem", 2022) == 35106


def test_the_coca_zones_layer_uses_the_series_figures() -> None:
    zones = layers.load("coca_zones").set_index("id")
    checked = 0
    for column in [c for c in zones.columns if c.startswith("ha_")]:
        year = int(column[3:])
        for zone_id, value in zones[column].items():
            if value is not None and value == value:  # not null / NaN
                assert coca_series.zone_ha(str(zone_id), year) == float(value), (zone_id, year)
                checked += 1
    assert checked >= 8


def test_hectares_only_no_growth_rates_no_estimates() -> None:
    text = (ROOT / "layers" / "coca_series.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        assert r["ha"].isdigit() and int(r["ha"]) > 0, r  # whole hectares, never "-3.8 %"
        assert r["report"] and r["where"], r
    # Years with no national figure found stay empty (never interpolated).
    assert 2000 not in coca_series.years_with_values("national")
    with pytest.raises(ParameterError, match="no published national figure for 2000"):
        coca_series.national_ha(2000)
    # 2011: UNODC press release of 27 September 2012 ("producing a lower estimate at 62,500 hectares").
    assert coca_series.national_ha(2011) == 62500


def test_csv_is_what_its_script_writes() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_coca_series
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert (ROOT / "layers" / "coca_series.csv").read_text(encoding="utf-8") == build_coca_series.render()


def test_cli_series_prints_every_year_from_2000_to_the_latest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "series", "--zone", "national", "--json")
    assert code == 0, err
    doc = json.loads(out)
    years = [r["year"] for r in doc["rows"]]
    assert years == list(range(2000, coca_series.latest_year() + 1))
    assert coca_series.latest_year() >= 2024  # DEVIDA's 2024 report: 89,755 ha
    by_year = {r["year"]: r for r in doc["rows"]}
    assert by_year[2024]["ha"] == 89755
    assert by_year[2000]["ha"] is None and "not estimated here" in by_year[2000]["note"]


def test_cli_series_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "series")
    assert code == 0
    assert "35,709 (not used)" in out
    # Aguaytía now has its 2008-2009 figures (UNODC 2009 via Inforegión): "un paso de 1,677 a 2,913 hectáreas".
    assert any(line.startswith("aguaytia") and "2,913" in line for line in out.splitlines())
    assert not any("no published figure found for any year" in line for line in out.splitlines())
    code, out, _ = _run(capsys, "series", "--zone", "vraem", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["year"] for r in rows} == {str(y) for y in range(2000, coca_series.latest_year() + 1)}


def test_cli_series_unknown_zone_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "series", "--zone", "huallaga")
    assert code == 1
    assert err.count("\n") == 1 and "zones: national, alto-huallaga" in err


def test_economics_national_total_follows_the_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "economics", "--year", "2009", "--json")
    assert code == 0, err
    share = next(f for f in json.loads(out)["figures"] if f["id"] == "huallaga_share_of_national")
    assert share["value"] == pytest.approx(17497 / 59900)  # UNODC 2009: Alto Huallaga ÷ national
    code, _, err = _run(capsys, "economics", "--year", "2000")
    assert code == 1 and "no published national figure for 2000" in err
    code, out, err = _run(capsys, "economics", "--year", "2022", "--json")
    assert code == 0
    assert "no published Alto Huallaga figure for 2022" in err  # said, not hidden
    share = next(f for f in json.loads(out)["figures"] if f["id"] == "huallaga_share_of_national")
    assert share["value"] == pytest.approx(13025 / 95008)


def test_map_year_selector_offers_every_zone_year_with_a_figure(tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out), "--year", "2017", "--layers", "coca_zones"]) == 0
    html = out.read_text(encoding="utf-8")
    zone_years = sorted({f.year for f in coca_series.figures() if f.kind == "zone"})
    # VRAEM 2017 (20,304 ha, UNODC press release 2018) is not in the layer's own columns.
    assert 2017 in zone_years
    assert json.dumps([str(y) for y in zone_years], separators=(",", ":")) in html


def test_zone_figures_from_the_2009_report() -> None:
    # Inforegión, "Aguaytía es la zona con mayor crecimiento de cultivos de hoja de coca", quoting UNODC's
    # Monitoreo de Cultivos de Coca 2009: "Aguaytía con 73.7%, lo que representa un paso de 1,677 a 2,913
    # hectáreas" and "Pichis – Pachitea – Palcazú, donde se ha pasado de 1,378 hectáreas en 2008 a 2,091 en 2009"
    # (51.7 %).
    assert (coca_series.zone_ha("aguaytia", 2008), coca_series.zone_ha("aguaytia", 2009)) == (1677, 2913)
    assert (coca_series.zone_ha("pichis-palcazu-pachitea", 2008),
            coca_series.zone_ha("pichis-palcazu-pachitea", 2009)) == (1378, 2091)
    # The growth rates printed beside them follow from the pairs (hand calculation): 2913/1677 = 1.737;
    # 2091/1378 = 1.517.
    assert round(100 * (2913 / 1677 - 1), 1) == 73.7
    assert round(100 * (2091 / 1378 - 1), 1) == 51.7
    # Inforegión, "Producción de cultivos de coca ilegal se incrementó en 6.8% en el 2009 en el país":
    # "La Convención y Lares, con 13,174 hectáreas registradas"; the same article repeats 17,497 (Alto
    # Huallaga) and 17,486 (VRAE) for 2009, and 59,900 vs 56,100 national (6.8 %).
    assert coca_series.zone_ha("la-convencion-lares", 2009) == 13174
    assert round(100 * (59900 / 56100 - 1), 1) == 6.8
    assert (coca_series.national_ha(2008), coca_series.national_ha(2009)) == (56100, 59900)
    # The 2010 change for Aguaytía (-3.8 %) is a rate without a 2010 base: no 2010 row.
    assert 2010 not in coca_series.years_with_values("aguaytia")


def test_devida_national_totals_and_their_stated_differences() -> None:
    # Andina: "al registrarse 54,134 y 54,655 hectáreas, respectivamente" (2018, 2019).
    # El Comercio, 30 June 2023: "En 2020 ... 61.777 hectáreas. Para el 2021 ... 80.681"; "95.008 hectáreas".
    # Inforegión (2023 report): "95 008 hectáreas. Un año después ... 92 784"; "la reducción de 2224 hectáreas".
    # Inforegión / DEVIDA press note (2024 report): "89 755 hectáreas ... una disminución de 3029 hectáreas".
    published = {2018: 54134, 2019: 54655, 2020: 61777, 2021: 80681, 2022: 95008, 2023: 92784, 2024: 89755}
    for year, ha in published.items():
        assert coca_series.national_ha(year) == ha, year
    assert 95008 - 92784 == 2224 and 92784 - 89755 == 3029  # the differences the articles state
    for f in coca_series.figures("national"):
        if f.year >= 2018:
            assert "page not recorded" not in f.where, f  # each now names where it was read


def test_devida_departments_sum_to_the_national_totals() -> None:
    # El Comercio's table "Información Devida" (13 departments, 2018-2022) against the national totals
    # quoted in other sentences (above): the departments are rounded, so sums may differ by a few hectares.
    # By hand for 2022: 14,531 + 13,844 + 18,469 + 11,347 + 8,063 + 3,887 + 2,117 + 2,524 + 1,642 + 1,013
    # + 432 + 1,128 + 16,009 = 95,006 (national 95,008).
    national = {2018: 54134, 2019: 54655, 2020: 61777, 2021: 80681, 2022: 95008}
    deps = [f for f in coca_series.figures() if f.kind == "department"]
    assert len({f.zone_id for f in deps}) == 13
    for year, total in national.items():
        summed = sum(f.ha for f in deps if f.year == year)
        assert abs(summed - total) <= 2, (year, summed, total)
    assert sum(f.ha for f in deps if f.year == 2022) == 95006
    # Spot values from the table: Ucayali 2,565 -> 14,531; Ayacucho 2022 18,469 (the largest).
    assert [f.ha for f in coca_series.figures("dep-ucayali")] == [2565, 1735, 3822, 10151, 14531]
    assert max(deps, key=lambda f: (f.year == 2022, f.ha)).zone_id == "dep-ayacucho"


def test_vraem_2022_disagreement_is_explained() -> None:
    # El Comercio prints "37,6% (35.106 hectáreas)": the share matches 35,709 of 95,008, not 35,106.
    assert round(100 * 35709 / 95008, 1) == 37.6
    assert round(100 * 35106 / 95008, 1) == 37.0
    used = next(f for f in coca_series.figures("vraem") if f.year == 2022 and f.map)
    assert used.ha == 35106 and "37.6 %" in used.note
