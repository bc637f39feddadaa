"""Languages: the locale decides, the Spanish catalogue is complete and compiled, numbers as in Peru."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from geo_huallaga import i18n, layers, maps
from geo_huallaga.cli import main
from geo_huallaga.errors import ParameterError

LOCALE = Path(i18n.__file__).with_name("locale")
PO = LOCALE / "es/LC_MESSAGES/geo_huallaga.po"
MO = LOCALE / "es/LC_MESSAGES/geo_huallaga.mo"


@pytest.mark.parametrize(("env", "lang"), [
    ({"LANG": "es_PE.UTF-8"}, "es"),
    ({"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}, "es"),  # LANGUAGE wins, as in gettext
    ({"LC_ALL": "C.UTF-8", "LANG": "es_PE.UTF-8"}, "en"),  # LC_ALL before LANG; C is English
    ({"LANG": "fr_FR.UTF-8"}, "en"),  # no French catalogue: English
    ({}, "en"),
])
def test_language_comes_from_the_locale_else_english(env: dict[str, str], lang: str) -> None:
    assert i18n.resolve_lang(None, environ=env) == lang


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ParameterError, match="language 'fr' is not available; choose one of: en, es"):
        i18n.resolve_lang("fr")


def test_numbers_use_perus_separators() -> None:
    # CLDR es_PE: decimal point, comma for thousands (generic es would give 22.412,5)
    assert i18n.format_number(22412.5, "es", decimals=1) == "22,412.5"
    assert i18n.number_symbols("es") == {"group": ",", "decimal": "."}
    assert i18n.format_number(35106, "en") == "35,106"


def test_spanish_catalogue_is_complete_and_compiled() -> None:
    with PO.open("rb") as f:
        po = read_po(f)
    with (LOCALE / "geo_huallaga.pot").open("rb") as f:
        pot = read_po(f)
    ids = {m.id for m in pot if m.id}
    assert ids and ids <= {m.id for m in po if m.id}  # every word of the code is in the .po
    untranslated = [m.id for m in po if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
    # the shipped .mo is the compiled .po: nothing edited in one and not the other
    with MO.open("rb") as f:
        mo = read_mo(f)
    def flat(x: object) -> object:  # read_mo gives a plural's forms as lists, read_po as tuples
        return tuple(x) if isinstance(x, list) else x

    assert ({flat(m.id): flat(m.string) for m in mo if m.id}
            == {flat(m.id): flat(m.string) for m in po if m.id})
    assert any(isinstance(m.id, tuple) and len(m.string) == 3 for m in po)  # Spanish: 3 plural forms
    buf = io.BytesIO()
    write_mo(buf, po)
    assert len(buf.getvalue()) > 1000


def test_every_msgid_in_the_code_is_in_the_template() -> None:
    """A word added to the code without re-running scripts/update_catalogues.sh is caught here."""
    with (LOCALE / "geo_huallaga.pot").open("rb") as f:
        ids = {m.id for m in read_po(f) if m.id}
    pattern = re.compile(r"""(?:\b_|\bN_|\.gettext)\(\s*"((?:[^"\\]|\\.)*)"\s*\)""")
    found = set()
    for path in Path(i18n.__file__).parent.rglob("*.py"):
        found |= {m.group(1) for m in pattern.finditer(path.read_text(encoding="utf-8"))}
    assert found, "no msgid found: the pattern is wrong"
    assert found - ids == set()


def test_spanish_map_words_and_numbers() -> None:
    m = maps.build_map(layers=["coca_zones", "airstrips"], lang="es")
    assert maps.layer_names(m) == {"coca_zones": "Zonas cocaleras (ha)", "airstrips": "Pistas de aterrizaje"}
    page = maps.render_html(m)
    assert "Leyenda" in page and ">Legend<" not in page
    assert '"Hectáreas 2010"," ha",0' in page  # pop-up label, unit and decimals of ha_2010


def test_default_year_is_stated_on_the_map() -> None:
    # The map's years are the layer's columns plus the published series (layers/coca_series.csv). 2009 is
    # the only year with a figure for all five zones: UNODC's 2009 report gives Alto Huallaga 17,497, VRAE
    # 17,486, La Convención y Lares 13,174, Aguaytía 2,913 and Pichis-Palcazú-Pachitea 2,091 ha (Inforegión).
    assert len(layers.load("coca_zones")) == 5
    page = maps.render_html(maps.build_map(layers=["coca_zones"], lang="en"))
    assert "2009: the latest year with figures for the most zones (5 of 5)" in page


def test_cli_speaks_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maps, "MAX_CULTIVATION_CELLS", 100)
    monkeypatch.setattr(maps.draw, "MAX_CULTIVATION_CELLS", 100)
    out = tmp_path / "m.html"
    assert main(["map", "--lang", "es", "--out", str(out), "--layers", "coca_zones",
                 "--cultivation", "demo", "--value-col", "ha_2005"]) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith(f"se escribió {out} (")
    assert cap.out.splitlines()[1].split() == ["capa", "elementos", "nombre"]
    from geo_huallaga.cultivation import demo_grid_path

    n_cells = len(layers.load(demo_grid_path()))  # 463: a comma would show from 1,000 on
    assert cap.err == (f"geo-huallaga: nota: demo tiene {n_cells} celdas: solo se dibujan los "
                       "totales por zona\n")
    assert main(["map", "--lang", "es", "--out", str(out), "--year", "1999"]) == 1
    assert capsys.readouterr().err.startswith("geo-huallaga: error: no coca hectares for 1999")
