"""Every command speaks Spanish with --lang es: no English word of the catalogue left in what it prints.

The check reads the compiled catalogue (the shipped .mo), not a list kept here: a msgid whose
Spanish differs from it must not appear in the command's human-readable stdout or stderr.
A msgid of several words (or with placeholders) is searched everywhere, its placeholders
matching any text; a one-word msgid ("mode", "from") is searched where the command puts its
own single words, so that the same word inside data (a source text, a place name) does not
count: a whole table cell (headers included) or a label before a colon.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from geo_huallaga import i18n
from geo_huallaga.cli import main
from geo_huallaga.cli._lang import ARGPARSE_WORDS

DATA = Path(__file__).parent / "data"
MO = Path(i18n.__file__).with_name("locale") / "es/LC_MESSAGES/geo_huallaga.mo"
def _nothing() -> tuple[str, ...]:
    return ()


_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%(?:\([a-z_]+\))?[sdrgf]")


def _english_templates() -> tuple[list[tuple[str, list[re.Pattern[str]]]], dict[str, str], set[str]]:
    """Return (msgid, regex) of the several-word msgids, the one-word msgids, and every translated msgid."""
    with MO.open("rb") as f:
        catalog = read_mo(f)
    phrases: list[tuple[str, list[re.Pattern[str]]]] = []
    words: dict[str, str] = {}
    translated: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)
        for msgid in ids:
            if msgid in strings:  # "error", "total": the same word in both languages
                continue
            translated.add(msgid)
            literal = [part.strip() for part in _PLACEHOLDER.split(msgid)]
            if " " not in msgid.strip() and len(literal) == 1:
                words[msgid.strip().rstrip(":")] = msgid
                continue
            # the literal parts, whole words at their ends, in order on one line; a placeholder is any text
            parts = [re.compile((r"\b" if p[0].isalnum() else "") + re.escape(p) + (r"\b" if p[-1].isalnum() else ""))
                     for p in literal if p]
            if len(re.sub(r"\W", "", "".join(literal))) < 4:  # nothing English left once the placeholders go
                continue
            phrases.append((msgid, parts))
    return phrases, words, translated


PHRASES, WORDS, TRANSLATED = _english_templates()


def _in_order(parts: list[re.Pattern[str]], line: str) -> bool:
    """Whether every part matches *line*, each after the previous one (no backtracking)."""
    pos = 0
    for part in parts:
        m = part.search(line, pos)
        if m is None:
            return False
        pos = m.end()
    return True


def _english_left(text: str, library: tuple[str, ...] = ()) -> list[str]:
    """Return the catalogue's English msgids found in *text* (see the module's docstring).

    The *library* strings are taken out first: text the library or the data gives in English
    by design (a layer's description, a flight plan's reason, a source), each listed where the
    command is run below.
    """
    for part in sorted((p for p in library if p.strip()), key=len, reverse=True):
        text = text.replace(part, "  ")
    found = []
    for line in text.splitlines():
        found += [msgid for msgid, parts in PHRASES if _in_order(parts, line)]
        cells = [c.strip() for c in re.split(r"\s{2,}", line.strip()) if c.strip()]
        labels = re.findall(r"(?:^|:\s)([A-Za-z]+):", line)
        found += [WORDS[w] for w in (*cells, *labels) if w in WORDS]
    return sorted(set(found))


def test_the_check_finds_english() -> None:
    """The detector itself: it catches the English of each kind of msgid and passes Spanish."""
    assert _english_left("wrote out.kml (1,234 bytes)") == ["wrote {path}", "wrote {path} ({n} bytes)"]
    assert _english_left("argumentos posicionales:\n  A  origen") == []  # "argument %(x)s: ..." needs the word
    assert _english_left("mode  from\n----  ----\nair   Lima") == ["air", "from", "mode"]
    assert _english_left("usage: geo-huallaga [-h]") == ["usage: "]
    assert _english_left("geo-huallaga: note: x") == ["note"]
    assert _english_left("modo  desde\n----  -----\naire  Lima (mode of transport: air)") == []


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["--lang", "es", *argv])
    cap = capsys.readouterr()
    return code, cap.out + cap.err


# English by design, taken out before the check (see _english_left): what the library or the data says.


def _command_names() -> tuple[str, ...]:
    """The subcommands' names: what the user types, in no language."""
    import argparse

    from geo_huallaga.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return tuple(sub.choices)


def _layer_descriptions() -> tuple[str, ...]:
    from geo_huallaga import layers

    return tuple(layers.CATALOG[n].description for n in layers.available())


def _problems() -> tuple[str, ...]:
    from geo_huallaga import layers

    path = DATA / "layers_invalid_polygon.geojson"
    return tuple(layers.problems(layers.read(path), source=str(path))[1])


def _economics() -> tuple[str, ...]:
    from geo_huallaga import economics
    from geo_huallaga.cli.cmd_economics import _for_year

    with warnings.catch_warnings():  # the command prints this warning as a note: checked there
        warnings.simplefilter("ignore")
        report = economics.evaluate(_for_year(economics.default_scenario(), 2023))
    return (*(f.text for f in report.findings), *(str(c) for row in report.table_rows() for c in row))


def _infeasible_reason() -> tuple[str, ...]:
    from geo_huallaga import aircraft, layers

    plan = aircraft.plan_flight(layers.place("SPEN"), layers.place("Lima"), aircraft="cessna-210", payload_kg=700)
    return (plan.reason,)


def _near_sources() -> tuple[str, ...]:
    from geo_huallaga import proximity

    return (*proximity.sources(proximity.load_points("airstrips")),
            *proximity.sources(proximity.load_targets("coca_zones")))


_COMMANDS = [
    pytest.param(["--help"], 0, _command_names, id="help"),
    pytest.param(["route", "--help"], 0, _nothing, id="route-help"),
    pytest.param(["route"], 2, _nothing, id="usage-error"),
    pytest.param([], 2, _nothing, id="no-command"),
    pytest.param(["layers"], 0, _layer_descriptions, id="layers"),
    pytest.param(["validate", str(DATA / "layers_invalid_polygon.geojson")], 1, _problems, id="validate"),
    pytest.param(["validate", str(DATA / "layers_utm18s.geojson")], 0, _nothing, id="validate-ok"),
    pytest.param(["validate", "no-such-file.geojson"], 1, _nothing, id="error"),
    pytest.param(["place", "Lima"], 0, _nothing, id="place"),
    pytest.param(["place", "9°18'S 76°00'W"], 0, _nothing, id="place-coordinate"),
    pytest.param(["economics", "--year", "2023"], 0, _economics, id="economics"),
    pytest.param(["distance", "SPEN", "Tingo María"], 0, _nothing, id="distance"),
    pytest.param(["distance", "Lima", "Lima"], 1, _nothing, id="same-point"),
    pytest.param(["flight", "SPEN", "Cobija", "--aircraft", "cessna-210", "--payload-kg", "450"], 0, _nothing, id="flight"),
    pytest.param(["flight", "SPEN", "Lima", "--aircraft", "cessna-210", "--payload-kg", "700"], 1,
                 _infeasible_reason, id="flight-infeasible"),
    pytest.param(["reach", "SPEN", "--aircraft", "cessna-210", "--hours", "2"], 0, _nothing, id="reach"),
    pytest.param(["aircraft"], 0, _nothing, id="aircraft"),
    pytest.param(["route", "Tingo María", "Iscozacín"], 0, _nothing, id="route-land"),
    pytest.param(["route", "Paita", "Rotterdam", "--mode", "sea"], 0, _nothing, id="route-sea"),
    pytest.param(["route", "SPEN", "Cobija", "--mode", "air", "--aircraft", "cessna-210"], 0, _nothing, id="route-air"),
    pytest.param(["route", "Lima", "Cusco", "--mode", "sea", "--roads-only"], 1, _nothing, id="route-option-error"),
    pytest.param(["corridors"], 0, _nothing, id="corridors"),
    pytest.param(["near", "airstrips", "--to", "coca_zones"], 0, _near_sources, id="near"),
    pytest.param(["near", "airstrips", "--to", "coca_zones", "--within", "ten"], 1, _nothing, id="near-error"),
    pytest.param(["overlay", "demo", "--value-col", "ha_2010", "--national-total", "61200"], 0, _nothing, id="overlay"),
    pytest.param(["series", "--zone", "alto-huallaga"], 0, _nothing, id="series"),
    pytest.param(["map", "--layers", ""], 1, _nothing, id="map-error"),
]


@pytest.mark.parametrize(("argv", "code", "library"), _COMMANDS)
def test_no_english_left_in_spanish(argv: list[str], code: int, library: Callable[[], tuple[str, ...]],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    got, text = _run(capsys, *argv)
    assert got == code, text
    assert text.strip()
    assert _english_left(text, library()) == []


def test_commands_that_write_speak_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pistas.kml"
    code, text = _run(capsys, "export", "airstrips", "--out", str(out))
    size = out.stat().st_size
    assert code == 0 and text == f"se escribió {out} ({size:,} bytes)\n"  # es_PE: comma for thousands
    roads = tmp_path / "vias.geojson"
    code, text = _run(capsys, "roads", "fetch", "--osm-file", str(DATA / "osm_roads.osm"), "--out", str(roads))
    assert code == 0 and text.startswith(f"se escribió {roads}: ") and _english_left(text) == []
    html = tmp_path / "m.html"
    code, text = _run(capsys, "map", "--layers", "airstrips", "--out", str(html))
    assert code == 0 and _english_left(text) == []


def test_spanish_words_and_separators(capsys: pytest.CaptureFixture[str]) -> None:
    """A few lines in full: the translation, and numbers as written in Peru (es_PE)."""
    _code, text = _run(capsys, "route", "Lima", "Cusco", "--mode", "sea", "--roads-only")
    assert text == "geo-huallaga: error: --roads-only solo se aplica con --mode land\n"
    _code, text = _run(capsys, "route")
    assert text == ("geo-huallaga route: error de uso: se requieren los siguientes argumentos: A, B "
                    "(vea --help)\n")
    _code, text = _run(capsys, "--help")
    assert text.startswith("uso: geo-huallaga [-h]") and "muestra esta ayuda y termina" in text
    # the same option after the command, and Spanish plurals (three CLDR forms)
    assert main(["validate", str(DATA / "layers_utm18s.geojson"), "--lang", "es"]) == 0
    assert re.search(r": válido \(\d+ elementos?\)\n$", capsys.readouterr().out)


def test_language_from_the_locale_and_english_by_default(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert main(["route"]) == 2
    assert capsys.readouterr().err.startswith("geo-huallaga route: usage error: the following arguments")
    monkeypatch.setenv("LANG", "es_PE.UTF-8")
    assert main(["route"]) == 2
    assert capsys.readouterr().err.startswith("geo-huallaga route: error de uso: ")
    assert main(["--lang", "en", "route"]) == 2  # --lang wins over the locale
    assert capsys.readouterr().err.startswith("geo-huallaga route: usage error: ")
    assert main(["--lang", "fr", "layers"]) == 2  # refused, in English
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_json_and_csv_keep_english_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "es", "corridors", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("id,mode,from,to,length_km,time_h,means,precision,source\n")
    assert main(["--lang", "es", "distance", "SPEN", "Tingo María", "--json"]) == 0
    assert '"distance_km":' in capsys.readouterr().out


def test_argparse_words_are_restored_after_a_run() -> None:
    """A program that imports the library keeps argparse in English after main() ran in Spanish."""
    import argparse

    assert main(["--lang", "es", "aircraft", "--json"]) == 0
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert set(ARGPARSE_WORDS) <= TRANSLATED
