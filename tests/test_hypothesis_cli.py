"""Property-based hostile input for the command line (issue 10).

Hypothesis generates FeatureCollections (empty parts, NaN and infinities, 3D coordinates,
mixed geometry types, duplicate ids, huge and tiny values, control characters in names) and
command lines that use them, runs the CLI in-process and checks what must hold whatever the
input:

* the exit code is 0, 1 or 2 and nothing is an "internal error";
* an error is exactly one line on stderr;
* an overlay that exits 0 conserves the total: assigned + unassigned == input (within 1e-9
  relative), and the input total is the sum of the values written into the file.

CI runs the ``ci`` profile (few examples, no deadline). To search longer::

    HYPOTHESIS_PROFILE=long pytest tests/test_hypothesis_cli.py -p no:cacheprovider
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo_huallaga.cli import main

settings.register_profile(
    "ci", max_examples=20, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=2000, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# ---------------------------------------------------------------------------------- strategies

#: Around the Huallaga zones, so overlays have something to assign.
_LON = st.floats(-77.5, -74.5, allow_nan=False)
_LAT = st.floats(-10.5, -7.5, allow_nan=False)
_WEIRD = st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1e300, 1e-300, 5e-324, 0.0, 181.0, -91.0])
_SIZE = st.sampled_from([1e-9, 1e-6, 1e-3, 0.05, 0.3, 2.0, 60.0, 400.0])


@st.composite
def _coord(draw: st.DrawFn) -> list[float]:
    weird = draw(st.integers(0, 19)) == 0
    xy = [draw(_WEIRD), draw(st.one_of(_LAT, _WEIRD))] if weird else [draw(_LON), draw(_LAT)]
    if draw(st.booleans()):  # 3D
        xy.append(draw(st.one_of(st.floats(-500, 9000, allow_nan=False), _WEIRD)))
    return xy


@st.composite
def _ring(draw: st.DrawFn) -> list[list[float]]:
    (x, y, *z), size = draw(_coord()), draw(_SIZE)
    corners = [[x, y], [x + size, y], [x + size, y + size], [x, y + size]]
    if z:
        corners = [[*c, z[0]] for c in corners]
    if draw(st.integers(0, 9)) == 0:  # a bow-tie: invalid
        corners[1], corners[2] = corners[2], corners[1]
    return [*corners, corners[0]]


@st.composite
def _geometry(draw: st.DrawFn, empty: bool, depth: int = 0) -> dict[str, Any] | None:
    kind = draw(st.sampled_from(
        ["Polygon", "Polygon", "Polygon", "MultiPolygon", "Point", "LineString", "MultiLineString",
         "GeometryCollection", "null"] if depth == 0 else ["Polygon", "Point"]
    ))
    if kind == "null":
        return None
    if kind == "Point":
        return {"type": "Point", "coordinates": draw(_coord())}
    if kind == "LineString":
        return {"type": "LineString", "coordinates": draw(_ring())[:2]}
    if kind == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": [draw(_ring())[:3], *([[]] if empty and draw(st.booleans()) else [])]}
    if kind == "Polygon":
        rings = [draw(_ring())]
        if empty and draw(st.booleans()):
            rings.append([])  # an empty hole
        return {"type": "Polygon", "coordinates": rings}
    if kind == "MultiPolygon":
        parts = [[draw(_ring())] for _ in range(draw(st.integers(1, 3)))]
        if empty and draw(st.booleans()):
            parts.insert(draw(st.integers(0, len(parts))), [])  # an empty part
        return {"type": "MultiPolygon", "coordinates": parts}
    if not empty:
        return {"type": "Polygon", "coordinates": [draw(_ring())]}
    members = [draw(_geometry(empty, depth=1)) for _ in range(draw(st.integers(0, 2)))]
    return {"type": "GeometryCollection", "geometries": [m for m in members if m is not None]}


_VALUE = st.one_of(
    st.floats(0, 1e4, allow_nan=False),
    st.floats(0, 1e4, allow_nan=False),
    st.sampled_from([0.0, 1e-300, 5e-324, 1e300, -1.0, math.nan, math.inf]),
    st.integers(0, 10**6),
    st.sampled_from(["12", "", "n/a"]),
    st.none(),
)
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_ID = st.one_of(st.sampled_from(["a", "b", "c"]), st.integers(0, 3), _TEXT)


@st.composite
def _collection(draw: st.DrawFn, empty: bool) -> dict[str, Any]:
    features = []
    for _ in range(draw(st.integers(0, 6))):
        props: dict[str, Any] = {"id": draw(_ID), "name": draw(_TEXT), "ha": draw(_VALUE)}
        if draw(st.booleans()):
            del props["id"]
        features.append({"type": "Feature", "properties": props, "geometry": draw(_geometry(empty))})
    return {"type": "FeatureCollection", "features": features}


def _write(folder: Path, name: str, collection: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(collection), encoding="utf-8")  # NaN/Infinity as JavaScript writes them
    return path


# -------------------------------------------------------------------------------------- checks


def _check(code: int, out: str, err: str, *, validate: bool) -> None:
    assert code in (0, 1, 2), (code, err)
    assert "internal error" not in err, err
    assert "Traceback" not in err, err
    assert "\x1b" not in err and "\r" not in err, err
    if code != 0 and not validate:  # validate lists one problem a line, by design
        lines = [line for line in err.splitlines() if not line.startswith("geo-huallaga: note:")]
        assert len(lines) == 1, err


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    _check(code, out, err, validate=argv[:1] == ["validate"])
    return code, out, err


def _numeric_total(collection: dict[str, Any]) -> float | None:
    """The sum of the ``ha`` values written, or None when one is not a finite number."""
    total = 0.0
    for feature in collection["features"]:
        v = feature["properties"].get("ha")
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            return None
        total += v
    return total


# --------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("empty", [False, True])
@given(data=st.data(), repair=st.booleans(), kind=st.sampled_from([None, "coca_zones", "places"]),
       out=st.sampled_from([None, "out.geojson", "out.gpkg", "out.parquet", "out.fgb"]))
def test_validate_never_crashes(
    capsys: pytest.CaptureFixture[str], empty: bool, data: st.DataObject, repair: bool, kind: str | None,
    out: str | None,
) -> None:
    collection = data.draw(_collection(empty))
    with tempfile.TemporaryDirectory() as tmp:
        src = _write(Path(tmp), "in.geojson", collection)
        argv = ["validate", str(src), *(["--repair"] if repair else []), *(["--kind", kind] if kind else [])]
        if out:
            argv += ["--out", str(Path(tmp) / out)]
        code, _, _ = _run(capsys, argv)
        if code == 0 and out:  # what validate writes passes validate
            _run(capsys, ["validate", str(Path(tmp) / out)])


@pytest.mark.parametrize("empty", [False, True])
@given(data=st.data(), engine=st.sampled_from(["geopandas", "dask"]), overlap=st.sampled_from(["error", "first"]))
def test_overlay_conserves_the_total_or_refuses(
    capsys: pytest.CaptureFixture[str], empty: bool, data: st.DataObject, engine: str, overlap: str
) -> None:
    cells = data.draw(_collection(empty), label="cells")
    zones = data.draw(st.one_of(st.none(), _collection(empty)), label="zones")
    with tempfile.TemporaryDirectory() as tmp:
        cells_path = _write(Path(tmp), "cells.geojson", cells)
        if engine == "dask":  # the dask engine reads GeoParquet
            import warnings

            import geopandas as gpd

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # GDAL's notes on what it repaired while reading
                    frame = gpd.read_file(cells_path)
                cells_path = Path(tmp) / "cells.parquet"
                frame.to_parquet(cells_path)
            except Exception:  # GDAL itself cannot read it: the geopandas engine covers that case
                return
        zone_args = ["--zones", str(_write(Path(tmp), "zones.geojson", zones))] if zones is not None else []
        code, out, _ = _run(capsys, ["overlay", str(cells_path), "--value-col", "ha", *zone_args,
                                     "--engine", engine, "--overlap", overlap, "--json", "--quiet"])
        if code != 0:
            return
        doc = json.loads(out)
        total, assigned, unassigned = doc["total_input"], doc["total_assigned"], doc["unassigned"]
        scale = max(abs(total), 1.0)
        assert abs(assigned + unassigned - total) <= 1e-9 * scale + 2e-6, doc  # 6 decimals in the JSON
        written = _numeric_total(cells)
        if written is not None:
            assert abs(total - written) <= 1e-9 * max(abs(written), 1.0) + 1e-6, (total, written)


@pytest.mark.parametrize("empty", [False, True])
@given(data=st.data(), limit=st.sampled_from([None, "1", "5", "0", "-3", "x"]))
def test_map_add_never_crashes(
    capsys: pytest.CaptureFixture[str], empty: bool, data: st.DataObject, limit: str | None
) -> None:
    layer = data.draw(_collection(empty))
    with tempfile.TemporaryDirectory() as tmp:
        src = _write(Path(tmp), "layer.geojson", layer)
        argv = ["map", "--layers", "places", "--add", str(src), "--out", str(Path(tmp) / "m.html")]
        if limit is not None:
            argv += [f"--max-features={limit}"]
        _run(capsys, argv)


_RASTER_SIZE = st.integers(1, 6)
_RASTER_VALUE = st.one_of(st.floats(0, 1), st.floats(0, 1e4), st.sampled_from([0.0, 1e-300, 5e-324, 1e300, -1.0,
                                                                           math.nan, math.inf]))
_GT_VALUE = st.one_of(st.floats(-200, 200, allow_nan=False), _WEIRD)


@given(
    width=_RASTER_SIZE, height=_RASTER_SIZE, huge=st.integers(0, 9), data=st.data(),
    origin=st.tuples(st.one_of(st.floats(-78, -74), _GT_VALUE), st.one_of(st.floats(-11, -7), _GT_VALUE)),
    cell=st.tuples(st.one_of(st.sampled_from([0.1, 0.5, 1e-6]), _GT_VALUE),
                   st.one_of(st.sampled_from([-0.1, -0.5, -1e-6]), _GT_VALUE)),
    nodata=st.sampled_from([None, math.nan, -1.0, 0.0, 3.0e38]),
    crs=st.sampled_from(["EPSG:4326", "EPSG:32718", "EPSG:6933"]),
    unit=st.sampled_from(["ha-per-km2", "ha-per-cell", "fraction"]),
    engine=st.sampled_from(["geopandas", "dask"]),
)
def test_raster_overlay_conserves_the_total_or_refuses(
    capsys: pytest.CaptureFixture[str], width: int, height: int, huge: int, data: st.DataObject,
    origin: tuple[float, float], cell: tuple[float, float], nodata: float | None, crs: str, unit: str, engine: str,
) -> None:
    """A raster whose header or cells are hostile: exit 0 conserves the total, else one line."""
    rasterio = pytest.importorskip("rasterio")
    from affine import Affine

    small = huge != 0  # else a header claiming 2e9 x 2e9 cells (over the limit: refused before reading)
    if not small:
        width = height = 2_000_000_000
    values = data.draw(st.lists(_RASTER_VALUE, min_size=width * height if small else 0,
                                max_size=width * height if small else 0))
    if crs != "EPSG:4326":  # metres
        origin, cell = (origin[0] * 1e4, origin[1] * 1e5), (cell[0] * 1e5, cell[1] * 1e5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.vrt"
        if small:
            import numpy as np

            path = Path(tmp) / "r.tif"
            with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1, dtype="float64",
                               crs=crs, nodata=nodata, transform=Affine(cell[0], 0, origin[0], 0, cell[1], origin[1])) as ds:
                ds.write(np.array(values, dtype="float64").reshape(height, width), 1)
        else:  # a header only: GDAL reads the band as zeros
            path.write_text(
                f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}"><SRS>{crs}</SRS><GeoTransform>'
                f"{origin[0]!r},{cell[0]!r},0,{origin[1]!r},0,{cell[1]!r}</GeoTransform>"
                '<VRTRasterBand dataType="Float64" band="1"></VRTRasterBand></VRTDataset>'
            )
        code, out, _ = _run(capsys, ["overlay", str(path), "--raster-unit", unit, "--engine", engine,
                                     "--json", "--quiet"])
        if code != 0:
            return
        doc = json.loads(out)
        total, assigned, unassigned = doc["total_input"], doc["total_assigned"], doc["unassigned"]
        assert math.isfinite(total) and total >= 0, doc
        assert abs(assigned + unassigned - total) <= 1e-9 * max(abs(total), 1.0) + 2e-6, doc


_PROFILE_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**30), 10**30), _TEXT, st.booleans(),
    st.lists(st.integers(), max_size=2),
)


@given(values=st.fixed_dictionaries({
    "cruise_speed_kt": _PROFILE_VALUE, "fuel_flow_l_per_h": _PROFILE_VALUE, "usable_fuel_l": _PROFILE_VALUE,
    "useful_load_kg": _PROFILE_VALUE, "cruise_altitude_ft": _PROFILE_VALUE,
}), hours=st.sampled_from(["1", "0", "-1", "1e-300", "1e300", "nan", "inf"]))
def test_aircraft_profiles_never_crash(capsys: pytest.CaptureFixture[str], values: dict[str, Any], hours: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "plane.json"
        profile.write_text(json.dumps({"id": "p", "name": "P", **values}))
        _run(capsys, ["reach", "Iscozacin", "--aircraft", str(profile), "--hours", hours, "--json"])


@given(argv=st.lists(st.sampled_from([
    "validate", "overlay", "map", "reach", "route", "economics", "--out", "--json", "--zones", "demo",
    "--value-col", "ha_2010", "--set", "clans=1e400", "--scenario", "/dev/zero", "/dev/null", "--add", "-9.3,-76",
    "Iscozacin", "--aircraft", "cessna-210", "--hours", "nan", "--engine", "dask", "--mode", "air", "\x1b[31m",
]), max_size=8))
def test_any_command_line_exits_0_1_or_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)  # anything written lands here
        try:
            _run(capsys, argv)
        finally:
            os.chdir(cwd)
