"""Tests for ``geo_huallaga.osm`` and ``geo-huallaga roads fetch`` on a hand-made .osm fixture.

The download itself (``--bbox``, ``--place``) needs the internet and is not tested here; the
fixture goes through the same conversion (``osm.graph_to_layer``) via ``osmnx.graph_from_xml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from geographiclib.geodesic import Geodesic

from geo_huallaga import osm, routing
from geo_huallaga.cli import main
from geo_huallaga.errors import MissingDependencyError

FIXTURE = Path(__file__).parent / "data" / "osm_roads.osm"
GEOD = Geodesic.WGS84


def _gl_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def test_osm_xml_keeps_the_drivable_ways_only() -> None:
    gdf = osm.from_osm_xml(FIXTURE)
    # The fixture: a primary road 1-2-3-4 and a residential street 3-5-6 (drivable), a footway
    # 2-7 and a track 6-8 (not). Junction at node 3: three lines (1-3, 3-4, 3-6).
    assert len(gdf) == 3
    assert set(gdf["highway"]) == {"primary", "residential"}
    assert set(gdf["source"]) == {"© OpenStreetMap contributors (ODbL), via osmnx"}
    assert gdf.crs.to_epsg() == 4326
    coords = {tuple(c) for g in gdf.geometry for c in shapely.get_coordinates(g).tolist()}
    assert (-75.155, -10.195) not in coords and (-75.15, -10.17) not in coords  # nodes 7 and 8
    assert {(-75.16, -10.19), (-75.14, -10.19), (-75.15, -10.18)} <= coords


def test_cli_fetch_from_an_osm_file_writes_a_layer_route_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "roads.gpkg"
    assert main(["roads", "fetch", "--osm-file", str(FIXTURE), "--out", str(out)]) == 0
    assert "© OpenStreetMap contributors" in capsys.readouterr().out
    assert len(gpd.read_file(out)) == 3
    r = routing.route((-75.16, -10.19), (-75.15, -10.18), roads=str(out))
    road = [leg for leg in r.legs if not leg.access]
    # West end of the primary road east to the junction (node 3), then north up the street.
    expected = _gl_km(-75.16, -10.19, -75.15, -10.19) + _gl_km(-75.15, -10.19, -75.15, -10.18)
    assert sum(leg.length_km for leg in road) == pytest.approx(expected, rel=1e-9)
    # Same file, same bytes.
    again = tmp_path / "again.gpkg"
    assert main(["roads", "fetch", "--osm-file", str(FIXTURE), "--out", str(again)]) == 0
    assert gpd.read_file(again).to_json() == gpd.read_file(out).to_json()


def test_missing_osmnx_is_one_line_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "osmnx", None)  # import osmnx now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"pip install 'geo-huallaga\[osm\]'"):
        osm.from_osm_xml(FIXTURE)
    assert main(["roads", "fetch", "--bbox", "-75.2,-10.3,-75.1,-10.1", "--out", str(tmp_path / "r.gpkg")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "geo-huallaga[osm]" in err and "Traceback" not in err


def test_fetch_arguments_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["roads", "fetch", "--bbox", "-75.1,-10.3,-75.2,-10.1", "--out", str(tmp_path / "r.gpkg")]) == 1
    assert "west < east" in capsys.readouterr().err
    assert main(["roads", "fetch", "--osm-file", str(tmp_path / "none.osm"), "--out", str(tmp_path / "r.gpkg")]) == 1
    assert "no such .osm file" in capsys.readouterr().err
