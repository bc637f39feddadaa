"""Built-in layers, reading and validating any vector file, place look-up, atomic writes.

Every layer leaves this module as a GeoDataFrame in EPSG:4326 (lon/lat) that has passed
validation, or not at all: problems are raised as :class:`~geo_huallaga.errors.LayerValidationError`
naming the file, the feature and the problem.

Examples
--------
>>> from geo_huallaga import layers
>>> layers.available()
['airstrips', 'coca_zones', 'corridors', 'countries', 'departments', 'places', 'rivers', 'roads']
>>> places = layers.load("places")
>>> places.crs.to_epsg()
4326
>>> p = layers.place("tingo maria")
>>> (p.name, p.lat, p.lon)
('Tingo María', -9.2981, -76.0006)
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import json
import math
import os
import re
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geo_huallaga import _files
from geo_huallaga.errors import (
    DataFileNotFoundError,
    FileAccessError,
    GeoHuallagaError,
    InvalidCoordinateError,
    LayerNotFoundError,
    LayerValidationError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "CATALOG",
    "PRECISIONS",
    "PRECISION_RADIUS_KM",
    "LayerSpec",
    "Place",
    "RepairedWarning",
    "ReprojectedWarning",
    "SwappedWarning",
    "atomic_write",
    "available",
    "check_lon_lat",
    "data_dir",
    "drop_empty_parts",
    "duplicate_ids",
    "empty_parts",
    "feature_count",
    "geoparquet_metadata",
    "load",
    "parse_lat_lon",
    "path_of",
    "place",
    "places_table",
    "problems",
    "read",
    "split_layer",
    "to_geojson",
    "uncertainty_radius_km",
    "write",
]

#: Allowed values of the ``precision`` property, from best to worst (``schematic``: a straight
#: line standing for a road the source lacks, drawn and reported as such).
PRECISIONS: tuple[str, ...] = ("surveyed", "locality", "district", "approximate", "schematic")

#: Radius of the uncertainty circle of a point whose ``precision`` is coarse, km. A district in
#: the Huallaga and Palcazu valleys covers roughly 300-1,500 km², i.e. the radius of a circle of
#: equal area is about 10-22 km; 15 km is stated in every tooltip (maps) and distance range
#: (proximity).
PRECISION_RADIUS_KM: dict[str, float] = {"district": 15.0, "province": 40.0, "region": 100.0}

#: Properties every feature of a built-in layer carries.
BASE_PROPERTIES: tuple[str, ...] = ("id", "name", "source", "precision")

_GEOMETRY_FAMILIES: dict[str, tuple[str, ...]] = {
    "point": ("Point", "MultiPoint"),
    "line": ("LineString", "MultiLineString"),
    "polygon": ("Polygon", "MultiPolygon"),
}


class ReprojectedWarning(UserWarning):
    """A layer arrived in another CRS and was reprojected to EPSG:4326."""


@dataclass(frozen=True)
class LayerSpec:
    """What a kind of layer must hold.

    Parameters
    ----------
    name : str
        The kind's name, also the built-in layer's name.
    geometry : str
        ``"point"``, ``"line"`` or ``"polygon"`` (multi-part geometries included).
    properties : tuple of str
        Required properties beyond :data:`BASE_PROPERTIES`.
    description : str
        One line for ``geo-huallaga layers``.
    """

    name: str
    geometry: str
    properties: tuple[str, ...]
    description: str

    @property
    def geometry_types(self) -> tuple[str, ...]:
        """Geometry types this kind accepts."""
        return _GEOMETRY_FAMILIES[self.geometry]


#: The built-in layers, which are also the kinds ``validate --kind`` knows.
CATALOG: dict[str, LayerSpec] = {
    spec.name: spec
    for spec in (
        LayerSpec("airstrips", "point", ("status", "icao"), "Palcazu aerodrome, airfields and clandestine strips"),
        LayerSpec("coca_zones", "polygon", (), "coca-growing zones with hectares per year (approximate outlines)"),
        LayerSpec("corridors", "line", ("mode", "from", "to", "means"), "the article's land, air and sea routes"),
        LayerSpec("countries", "polygon", ("iso_a3",), "Natural Earth 1:110m countries (offline basemap)"),
        LayerSpec("departments", "polygon", ("fips",), "Peru's departments (Natural Earth admin-1, approximate)"),
        LayerSpec("places", "point", ("kind", "country"), "towns, ports and foreign destinations"),
        LayerSpec("rivers", "line", ("schematic",), "named rivers: GSHHG WDBII lines named by their bank towns"),
        LayerSpec("roads", "line", ("ref",), "trunk roads of the land corridors"),
    )
}


def data_dir() -> Path:
    """Return the folder that holds the built-in layers.

    An installed wheel carries them as ``geo_huallaga/_layers``; a checkout keeps them in
    ``layers/`` at its top. The wheel's copy wins when both exist.

    Examples
    --------
    >>> (data_dir() / "places.geojson").is_file()
    True
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_layers", here.parent / "layers"):
        if (candidate / "places.geojson").is_file():
            return candidate
    raise DataFileNotFoundError(
        f"built-in layers not found in {here / '_layers'} or {here.parent / 'layers'}; "
        "reinstall geo-huallaga"
    )


def available() -> list[str]:
    """Return the names of the built-in layers, sorted.

    Examples
    --------
    >>> "airstrips" in available()
    True
    """
    return sorted(CATALOG)


def path_of(name: str) -> Path:
    """Return the file of built-in layer *name*.

    Raises
    ------
    LayerNotFoundError
        When *name* is not a built-in layer; the message lists the ones there are.

    Examples
    --------
    >>> path_of("roads").name
    'roads.geojson'
    """
    if name not in CATALOG:
        hint = difflib.get_close_matches(name, available(), n=1)
        did_you_mean = f"did you mean {hint[0]!r}? " if hint else ""
        raise LayerNotFoundError(
            f"unknown layer {name!r}; {did_you_mean}built-in layers: {', '.join(available())}"
        )
    return data_dir() / f"{name}.geojson"


# --------------------------------------------------------------------------------------------
# Coordinates


def check_lon_lat(lon: Any, lat: Any, *, what: str = "coordinate") -> None:
    """Raise when longitudes or latitudes are out of range, suggesting a swap when it would fix it.

    A thin wrapper of :func:`geo_huallaga.geodesy.validate_lon_lat` that names the value.

    Parameters
    ----------
    lon, lat : float or array_like
        Longitudes and latitudes in degrees.
    what : str
        How to name the value in the message.

    Raises
    ------
    InvalidCoordinateError
        On a value that is not finite, a latitude outside [-90, 90] or a longitude outside
        [-180, 180].

    Examples
    --------
    >>> check_lon_lat(-75.1481, -10.1842)
    >>> check_lon_lat(-10.1842, -175.1481)
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.InvalidCoordinateError: coordinate: latitude -175.148 out of range ...; lat/lon swapped? ...
    """
    from geo_huallaga.geodesy import validate_lon_lat

    try:
        validate_lon_lat(lon, lat)
    except InvalidCoordinateError as exc:
        raise InvalidCoordinateError(f"{what}: {exc}") from None


#: How far (degrees, planar: an approximate pre-filter, never a reported figure) a point must
#: lie off the land mask to count as "at sea" for the swap hint. Natural Earth 1:110m coasts are
#: generalised by tens of kilometres, and ports and coastal towns lie on them.
SEA_MARGIN_DEG = 0.5

#: South of this latitude lies Antarctica: a point there that would lie on another continent
#: swapped is valid but suspicious (a Peruvian "LAT,LON" swapped lands on the Antarctic ice).
_ANTARCTIC_LAT = -60.0


class SwappedWarning(UserWarning):
    """Valid coordinates that look swapped (they lie in Antarctica; swapped, on another continent)."""


@lru_cache(maxsize=1)
def _land() -> Any:
    """Return the world land mask (Natural Earth 1:110m land, ``land.geojson``), prepared for fast tests."""
    import pyogrio
    import shapely

    path = data_dir() / "land.geojson"
    if not path.is_file():
        raise DataFileNotFoundError(f"built-in land mask missing: {path}; reinstall geo-huallaga")
    land = shapely.union_all(pyogrio.read_dataframe(path).geometry.values)
    shapely.prepare(land)
    return land


def _on_land(lons: np.ndarray, lats: np.ndarray, *, within_deg: float = 0.0) -> np.ndarray:
    """Return, per point, whether it lies on land (or within *within_deg* degrees of it).

    Examples
    --------
    >>> _on_land(np.array([15.0557, 18.5582, 0.0]), np.array([12.1348, 4.3947, 0.0])).tolist()
    [True, True, False]
    """
    import shapely

    land = _land()
    if within_deg > 0:
        return np.asarray(shapely.dwithin(land, shapely.points(lons, lats), within_deg), dtype=bool)
    return np.asarray(shapely.intersects_xy(land, lons, lats), dtype=bool)


def _swap_suspects(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per point: (at sea but on land swapped, in Antarctica but on another continent swapped).

    A point is only *suspect* when it lies at sea, more than :data:`SEA_MARGIN_DEG` off the
    land mask, and the swapped pair lies on land. A point on land is never suspect; one in
    Antarctica whose swap lands on another continent is only *ambiguous* (a note, not an error).

    Examples
    --------
    Berlin given as (lon 52.52, lat 13.40) lies in the Arabian Sea; N'Djamena is on land.

    >>> suspect, ambiguous = _swap_suspects(np.array([52.52, 15.0557]), np.array([13.40, 12.1348]))
    >>> suspect.tolist(), ambiguous.tolist()
    ([True, False], [False, False])
    """
    suspect = np.zeros(len(lons), dtype=bool)
    ambiguous = np.zeros(len(lons), dtype=bool)
    ok = np.flatnonzero(np.isfinite(lons) & np.isfinite(lats) & (np.abs(lons) <= 90) & (np.abs(lats) <= 180))
    if len(ok) == 0:
        return suspect, ambiguous
    try:
        on_land = _on_land(lons[ok], lats[ok])
        off = ok[~on_land]
        at_sea = off[~_on_land(lons[off], lats[off], within_deg=SEA_MARGIN_DEG)]
        suspect[at_sea] = _on_land(lats[at_sea], lons[at_sea])
        south = ok[on_land & (lats[ok] < _ANTARCTIC_LAT) & (lons[ok] >= _ANTARCTIC_LAT)]
        ambiguous[south] = _on_land(lats[south], lons[south])
    except DataFileNotFoundError:  # pragma: no cover - only in a broken install
        pass
    return suspect, ambiguous


def parse_lat_lon(text: str) -> tuple[float, float] | None:
    r"""Parse a coordinate as people paste it; return ``(lon, lat)`` or None when it is not one.

    Reads ``"LAT,LON"``, ``"LAT LON"``, hemisphere letters and degrees-minutes-seconds (see
    :mod:`geo_huallaga.coordinates`). Raises when the text is a coordinate but out of range, or
    when a bare ``"LAT,LON"`` lies at sea while the swapped pair lies on land (a swapped copy).
    A point on land is never refused (the land mask is Natural Earth's 1:110m land); one in
    Antarctica that would lie on another continent swapped passes with a :class:`SwappedWarning`.

    Examples
    --------
    >>> parse_lat_lon("-10.1842, -75.1481")
    (-75.1481, -10.1842)
    >>> parse_lat_lon("10°11'03\"S 75°08'53\"W")
    (-75.148055556, -10.184166667)
    >>> parse_lat_lon("Tingo María") is None
    True
    >>> parse_lat_lon("13.40,52.52")  # Berlin swapped: the Arabian Sea
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.InvalidCoordinateError: "13.40,52.52" ... did you mean "52.52,13.4"? lat/lon swapped?
    """
    from geo_huallaga.coordinates import parse

    lon_lat = parse(text)
    if lon_lat is None:
        return None
    lon, lat = lon_lat
    check_lon_lat(lon, lat, what=f'"{text.strip()}" read as LAT,LON')
    explicit = any(c in text.upper() for c in "NSEWO")  # hemisphere letters say which is which
    suspect, ambiguous = _swap_suspects(np.array([lon]), np.array([lat]))
    if not explicit and suspect[0]:
        raise InvalidCoordinateError(
            f'"{text.strip()}" read as LAT,LON lies at sea (lat {lat:g}, lon {lon:g}), but swapped '
            f'it lies on land: did you mean "{lon:g},{lat:g}"? lat/lon swapped?'
        )
    if not explicit and ambiguous[0]:
        warnings.warn(
            f'"{text.strip()}" read as LAT,LON lies in Antarctica (lat {lat:g}, lon {lon:g}); '
            f'if you meant "{lon:g},{lat:g}", lat/lon are swapped',
            SwappedWarning,
            stacklevel=2,
        )
    return lon, lat


# --------------------------------------------------------------------------------------------
# Reading and validation


def _read_builtin(name: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = path_of(name)
    if not path.is_file():
        raise DataFileNotFoundError(f"built-in layer file missing: {path}; reinstall geo-huallaga")
    return gpd.read_file(path, engine="pyogrio")


def split_layer(text: str | os.PathLike[str]) -> tuple[Path, str | None]:
    """Split QGIS's ``"file.gpkg|layername=roads"`` into the path and the layer name.

    Examples
    --------
    >>> split_layer("data/two.gpkg|layername=polys")
    (PosixPath('data/two.gpkg'), 'polys')
    >>> split_layer("roads.geojson")
    (PosixPath('roads.geojson'), None)
    """
    raw = os.fspath(text)
    path, sep, rest = raw.partition("|")
    if sep and rest.startswith("layername="):
        return Path(path), rest[len("layername="):]
    return Path(raw), None


def geoparquet_metadata(path: str | os.PathLike[str], *, schema: Any = None) -> dict[str, Any]:
    """Return the ``geo`` metadata of a GeoParquet file (or of the first file of a folder), checked.

    Checks what a reader relies on: the metadata is a JSON object naming a ``primary_column``
    that is among its ``columns``, and each column's ``encoding`` and ``crs`` have usable
    types. Returns ``{}`` when the file has no ``geo`` metadata (a plain Parquet table).
    With *schema* (a ``pyarrow.Schema`` already read), *path* only names the file in messages.

    Raises
    ------
    LayerValidationError
        The file is not Parquet, or its ``geo`` metadata is malformed (the message says how).

    Examples
    --------
    >>> import tempfile, pathlib, geopandas as gpd
    >>> from shapely.geometry import Point
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "p.parquet"
    >>> gpd.GeoDataFrame({"id": [1]}, geometry=[Point(-75, -10)], crs=4326).to_parquet(f)
    >>> geoparquet_metadata(f)["primary_column"]
    'geometry'
    """
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    file = Path(path)
    if schema is None:
        if file.is_dir():
            parts = sorted(file.rglob("*.parquet"))
            if not parts:
                raise LayerValidationError(f"{file}: no .parquet files in this folder")
            file = parts[0]
        try:
            schema = pq.read_schema(file)
        except Exception as exc:  # pyarrow raises several types for files that are not Parquet
            reason = " ".join(str(exc).split())
            raise LayerValidationError(f"{file}: cannot read as GeoParquet: {reason}") from None
    raw = (schema.metadata or {}).get(b"geo")
    if raw is None:
        return {}
    bad = f"{file}: malformed GeoParquet 'geo' metadata"
    try:
        geo = json.loads(raw)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise LayerValidationError(f"{bad}: not JSON; rewrite the file with geopandas or GDAL") from None
    if not isinstance(geo, dict):
        raise LayerValidationError(f"{bad}: expected a JSON object, got {type(geo).__name__}")
    primary, columns = geo.get("primary_column"), geo.get("columns")
    if not isinstance(columns, dict) or not all(isinstance(v, dict) for v in columns.values()):
        raise LayerValidationError(f"{bad}: 'columns' must map column names to objects")
    if not isinstance(primary, str) or primary not in columns:
        raise LayerValidationError(f"{bad}: 'primary_column' {primary!r} is not one of its 'columns'")
    if primary not in schema.names:
        raise LayerValidationError(f"{bad}: the geometry column {primary!r} is not in the table")
    for name, meta in columns.items():
        if not isinstance(meta.get("encoding", "WKB"), str):
            raise LayerValidationError(f"{bad}: column {name!r}: 'encoding' must be text")
        crs = meta.get("crs")
        if crs is not None and not isinstance(crs, str | dict):
            raise LayerValidationError(f"{bad}: column {name!r}: 'crs' must be PROJJSON or text")
    return geo


def read(path: str | os.PathLike[str], *, layer: str | int | None = None) -> gpd.GeoDataFrame:
    """Read any vector file as it is, without validation (see :func:`load` for that).

    A file holding several layers (a GeoPackage, say) needs the layer named, as *layer* or
    as QGIS writes it: ``"file.gpkg|layername=roads"``.

    Raises
    ------
    DataFileNotFoundError
        No such file.
    LayerValidationError
        The file is not a readable vector layer (the message gives GDAL's reason), holds no
        geometry column, or holds several layers and none was named.

    Examples
    --------
    >>> len(read(path_of("places"))) > 30
    True
    """
    import geopandas as gpd
    import pyogrio

    path, named = split_layer(path)
    layer = named if layer is None else layer
    st = _files.check_input(path, what="file")
    if path.is_dir() and path.suffix.lower() not in {".parquet", ".gdb"}:
        raise LayerValidationError(f"{path}: is a folder, not a vector file")
    _files.check_memory(path, st)
    repeated: list[str] = []
    try:
        if path.suffix.lower() in {".parquet", ".geoparquet"}:
            geoparquet_metadata(path)
            with np.errstate(invalid="ignore"):  # NaN coordinates are reported by problems(), in one line
                gdf = gpd.read_parquet(path)
        else:
            if layer is None:
                found = pyogrio.list_layers(path)
                # plain tables (QGIS's layer_styles in a GeoPackage) are not layers to read
                spatial = [str(n) for n, geom_type in found if geom_type is not None]
                names = spatial or [str(n) for n in found[:, 0]]
                if len(names) > 1:
                    raise LayerValidationError(
                        f"{path}: holds {len(names)} layers ({', '.join(names)}); name one as "
                        f'"{path}|layername={names[0]}"'
                    )
                if len(found) > 1 and spatial:
                    layer = spatial[0]
            kwargs: dict[str, Any] = {"engine": "pyogrio"}
            if layer is not None:
                kwargs["layer"] = layer
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")  # GDAL's own chatter, kept out of sight; problems are raised below
                gdf = gpd.read_file(path, **kwargs)
            repeated = [m.group(1) for w in caught if (m := _REPEATED_FID.search(str(w.message)))]
    except GeoHuallagaError:
        raise
    except MemoryError:
        raise FileAccessError(f"{path}: ran out of memory reading it; split or filter it first") from None
    except Exception as exc:  # pyogrio/GDAL/arrow raise many types for unreadable files
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise LayerValidationError(f"{path}: cannot read as a vector layer: {reason}") from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf._geometry_column_name not in gdf.columns:
        raise LayerValidationError(
            f"{path}: has no geometry column (a plain table?); give a vector file with geometries"
        )
    _check_declared_crs(path, gdf)
    if repeated:
        gdf.attrs["repeated_feature_ids"] = repeated
    return gdf


def feature_count(path: str | os.PathLike[str], *, layer: str | int | None = None) -> int:
    """Count the features of a vector file from its header, without reading the geometries.

    Raises
    ------
    DataFileNotFoundError, FileAccessError, LayerValidationError
        As :func:`read`.

    Examples
    --------
    >>> feature_count(path_of("airstrips")) == len(load("airstrips"))
    True
    """
    import pyogrio

    file, named = split_layer(path)
    layer = named if layer is None else layer
    _files.check_input(file, what="file")
    try:
        if file.suffix.lower() in {".parquet", ".geoparquet"}:
            import pyarrow.parquet as pq

            parts = sorted(file.rglob("*.parquet")) if file.is_dir() else [file]
            return sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
        info = pyogrio.read_info(file, layer=layer, force_feature_count=True)
    except Exception as exc:  # GDAL/arrow raise many types for unreadable files
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise LayerValidationError(f"{file}: cannot read as a vector layer: {reason}") from None
    return int(info["features"])


#: GDAL's warning when GeoJSON Features repeat a top-level integer "id" (it renumbers them).
_REPEATED_FID = re.compile(r"Several features with id = (\S+) have been found")
#: A GeoJSON top-level "crs" member (GeoJSON 2008), read before GDAL, which ignores names it cannot resolve.
_GEOJSON_CRS = re.compile(
    r'"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"(?:name|code)"\s*:\s*"?([^",}]+)"?', re.DOTALL
)


def _check_declared_crs(path: Path, gdf: gpd.GeoDataFrame) -> None:
    """Refuse a CRS the file declares but that cannot be read, instead of taking it as EPSG:4326.

    GDAL reads a Shapefile whose ``.prj`` it cannot parse as having no CRS, and a GeoJSON whose
    ``crs`` member names an unknown code as WGS84; both would then be taken as lon/lat.
    """
    from pyproj import CRS

    suffix = path.suffix.lower()
    if suffix == ".shp" and gdf.crs is None:
        prj = next((p for p in (path.with_suffix(".prj"), path.with_suffix(".PRJ")) if p.exists()), None)
        if prj is not None:
            raise LayerValidationError(
                f"{path}: its {prj.name} cannot be read as a CRS; fix it (or delete it and set the CRS), "
                "rather than letting the data be taken as EPSG:4326"
            )
    if suffix in {".geojson", ".json"}:
        try:
            with path.open("rb") as fh:
                head = fh.read(1 << 20).decode("utf-8", errors="replace")
        except OSError as exc:
            raise LayerValidationError(f"{path}: cannot read: {exc.strerror}") from exc
        head = head.split('"features"', 1)[0]
        m = _GEOJSON_CRS.search(head)
        if m is None:
            return
        declared = m.group(1).strip()
        if declared.isdigit():
            declared = f"EPSG:{declared}"
        try:
            CRS.from_user_input(declared)
        except Exception:  # pyproj's CRSError: one line instead
            raise LayerValidationError(
                f"{path}: declares the CRS {declared!r}, which PROJ does not know; fix or remove its \"crs\" "
                "member (RFC 7946 GeoJSON is always WGS84 lon/lat and has none)"
            ) from None


def _label(gdf: gpd.GeoDataFrame, i: int) -> str:
    fid = gdf["id"].iloc[i] if "id" in gdf.columns else None
    if fid is not None and not (isinstance(fid, float) and math.isnan(fid)):
        return f"feature {i} (id {_json_value(fid)!r})"
    return f"feature {i}"


def _crs_problems(gdf: gpd.GeoDataFrame, source: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Bring *gdf* to EPSG:4326 or say why it cannot be."""
    minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
    in_degrees = minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90
    looks_metric = max(abs(minx), abs(maxx), abs(miny), abs(maxy)) > 360
    if gdf.crs is None:
        if looks_metric:
            return gdf, [
                f"{source}: has no CRS and its coordinates are not degrees "
                f"(x {minx:.0f}..{maxx:.0f}, y {miny:.0f}..{maxy:.0f}); set its CRS before using it"
            ]
        return gdf.set_crs(4326), []
    if gdf.crs.is_geographic:
        if looks_metric:
            return gdf, [
                f"{source}: declares {gdf.crs.to_string()} (degrees) but its coordinates look like "
                f"metres (x {minx:.0f}..{maxx:.0f}, y {miny:.0f}..{maxy:.0f}); fix the declared CRS"
            ]
        if gdf.crs.to_epsg() == 4326:
            return gdf, []
        if in_degrees and (gdf.crs.equals("OGC:CRS84") or gdf.crs.to_epsg() == 4979):
            # the same WGS84 lon/lat (GDAL reports 3D GeoJSON as EPSG:4979): a relabel, not a reprojection
            return gdf.set_crs(4326, allow_override=True), []
    if gdf.crs.is_projected and in_degrees and not looks_metric and max(abs(maxx), abs(maxy)) < 1000:
        return gdf, [
            f"{source}: declares {gdf.crs.to_string()} (metres) but its coordinates look like degrees; "
            "fix the declared CRS"
        ]
    old = gdf.crs.to_string()
    try:
        out = gdf.to_crs(4326)
    except Exception as exc:
        return gdf, [f"{source}: cannot reproject from {old} to EPSG:4326: {exc}"]
    warnings.warn(f"{source}: reprojected from {old} to EPSG:4326", ReprojectedWarning, stacklevel=3)
    return out, []


def problems(
    gdf: gpd.GeoDataFrame,
    *,
    kind: str | None = None,
    source: str = "layer",
    repair: bool = False,
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Validate *gdf*; return it in EPSG:4326 (repaired if asked) with every problem found.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer.
    kind : str, optional
        A name from :data:`CATALOG`; checks its geometry type and required properties.
    source : str
        How to name the layer in messages (usually its path).
    repair : bool
        Repair invalid polygons with ``shapely.make_valid`` instead of refusing them.

    Returns
    -------
    (GeoDataFrame, list of str)
        The layer in EPSG:4326 and the problems, one line each (empty when valid).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> bad = gpd.GeoDataFrame({"id": ["a", "a"]}, geometry=[Point(-75, -10), Point(-76, -9)], crs=4326)
    >>> problems(bad, source="bad.geojson")[1]
    ["bad.geojson: feature 1 (id 'a'): duplicate id 'a' (also feature 0)"]
    """
    import shapely

    if kind is not None and kind not in CATALOG:
        raise LayerNotFoundError(f"unknown kind {kind!r}; kinds: {', '.join(available())}")
    if len(gdf) == 0:
        return gdf, [f"{source}: layer is empty (no features)"]
    repeated_fids = list(gdf.attrs.get("repeated_feature_ids", []))
    found: list[str] = []
    geoms = np.asarray(gdf.geometry.values)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    for i in np.flatnonzero(missing)[:20]:
        found.append(f"{source}: {_label(gdf, int(i))}: has no geometry")
    if missing.all():
        return gdf, found
    gdf, hollow_found = _empty_part_problems(gdf, geoms, source, repair=repair)
    if hollow_found:
        return gdf, found + hollow_found
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    nonfinite = np.unique(index[~np.isfinite(coords).all(axis=1)])
    if len(nonfinite):  # before the CRS checks: one inf makes the bounds look like metres
        return gdf, found + [
            f"{source}: {_label(gdf, int(i))}: coordinates must be finite numbers (NaN or infinity found)"
            for i in nonfinite[:20]
        ]
    gdf, crs_found = _crs_problems(gdf, source)
    if crs_found:
        return gdf, found + crs_found
    geoms = np.asarray(gdf.geometry.values)
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    if len(coords):
        x, y = coords[:, 0], coords[:, 1]
        bad = ~np.isfinite(x) | ~np.isfinite(y) | (np.abs(y) > 90) | (np.abs(x) > 180)
        reported: set[int] = set()
        for j in np.flatnonzero(bad):
            i = int(index[j])
            if i in reported:
                continue
            reported.add(i)
            try:
                check_lon_lat(x[j], y[j], what="coordinate")
            except InvalidCoordinateError as exc:
                found.append(f"{source}: {_label(gdf, i)}: {exc}")
            if len(reported) >= 20:
                break
        if not reported:
            found += _swap_problems(gdf, geoms, missing, source)
    spec = CATALOG[kind] if kind else None
    types = np.asarray(shapely.get_type_id(geoms))
    type_names = np.array(["Point", "LineString", "LinearRing", "Polygon", "MultiPoint",
                           "MultiLineString", "MultiPolygon", "GeometryCollection"])
    if spec is not None:
        for i in np.flatnonzero(~missing):
            tname = str(type_names[types[i]])
            if tname not in spec.geometry_types:
                found.append(
                    f"{source}: {_label(gdf, int(i))}: geometry is {tname}, "
                    f"but a {kind} layer holds {' or '.join(spec.geometry_types)}"
                )
                break
    polygonal = np.isin(types, [3, 6]) & ~missing
    invalid = polygonal & ~shapely.is_valid(geoms)
    if invalid.any():
        if repair:
            fixed = shapely.make_valid(geoms[invalid])
            fixed = np.array([_polygonal_part(g) for g in fixed], dtype=object)
            gdf = gdf.copy()
            gdf.loc[gdf.index[invalid], gdf.geometry.name] = fixed
        else:
            for i in np.flatnonzero(invalid)[:20]:
                reason = shapely.is_valid_reason(geoms[i])
                found.append(
                    f"{source}: {_label(gdf, int(i))}: invalid polygon: {reason} "
                    "(geo-huallaga validate FILE --repair --out FIXED writes a repaired copy)"
                )
    if spec is not None:
        for col in (*BASE_PROPERTIES, *spec.properties):
            if col not in gdf.columns:
                found.append(f"{source}: missing required property {col!r} for a {kind} layer")
            elif col in ("id", "name", "source", "precision") and gdf[col].isna().any():
                i = int(np.flatnonzero(gdf[col].isna().to_numpy())[0])
                found.append(f"{source}: {_label(gdf, i)}: property {col!r} is empty")
        if "precision" in gdf.columns:
            wrong = ~gdf["precision"].isin(PRECISIONS) & gdf["precision"].notna()
            for i in np.flatnonzero(wrong.to_numpy())[:5]:
                found.append(
                    f"{source}: {_label(gdf, int(i))}: precision {gdf['precision'].iloc[i]!r} "
                    f"is not one of {', '.join(PRECISIONS)}"
                )
    found += duplicate_ids(gdf, source)
    found += [
        f"{source}: several Features share the top-level id {fid} (GDAL renumbers the repeats); "
        "give each Feature its own id"
        for fid in repeated_fids
    ]
    return gdf, found


def uncertainty_radius_km(gdf: gpd.GeoDataFrame) -> pd.Series:
    """Radius (km) of the circle each feature is only known to lie in; NaN for exact ones.

    An ``uncertainty_km`` column wins where it has a value; otherwise the ``precision`` is
    looked up in :data:`PRECISION_RADIUS_KM` (``district`` is 15 km). The maps draw this
    circle; proximity turns it into a distance range.

    Examples
    --------
    >>> airstrips = load("airstrips")
    >>> radius = uncertainty_radius_km(airstrips)
    >>> sorted(set(radius[airstrips["precision"] == "district"]))
    [15.0]
    >>> bool(radius[airstrips["precision"] == "surveyed"].isna().all())
    True
    """
    import pandas as pd

    precision = gdf["precision"] if "precision" in gdf.columns else pd.Series("", index=gdf.index)
    radius_km = precision.map(PRECISION_RADIUS_KM).astype(float)
    if "uncertainty_km" in gdf.columns:
        radius_km = pd.to_numeric(gdf["uncertainty_km"], errors="coerce").astype(float).fillna(radius_km)
    return radius_km


def duplicate_ids(frame: Any, source: str) -> list[str]:
    """Return one line per repeated value of *frame*'s ``id`` column (none without the column).

    Examples
    --------
    >>> import pandas as pd
    >>> duplicate_ids(pd.DataFrame({"id": ["a", "b", "a"]}), "x.parquet")
    ["x.parquet: feature 2 (id 'a'): duplicate id 'a' (also feature 0)"]
    """
    if "id" not in frame.columns:
        return []
    ids = frame["id"]
    dup = ids.duplicated(keep="first") & ids.notna()
    found = []
    for i in np.flatnonzero(dup.to_numpy())[:20]:
        first = int(np.flatnonzero((ids == ids.iloc[i]).to_numpy())[0])
        found.append(
            f"{source}: {_label(frame, int(i))}: duplicate id {_json_value(ids.iloc[i])!r} (also feature {first})"
        )
    return found


class RepairedWarning(UserWarning):
    """A layer was repaired on the way in (``--repair``): what was changed, one line."""


def empty_parts(geoms: Any) -> np.ndarray:
    """Return, per geometry, whether it holds an empty part: ring, hole, or collection member.

    Such geometries are valid to GEOS yet crash some of its operations (``segmentize`` on a
    polygon with an empty hole segfaults in GEOS 3.13) and mean nothing: they are malformed.
    A missing or wholly empty geometry is not flagged here (it "has no geometry").

    Examples
    --------
    >>> import shapely
    >>> g = shapely.from_wkt(["POLYGON ((0 0, 1 0, 1 1, 0 0), EMPTY)", "MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))",
    ...                       "POINT (1 2)", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING EMPTY)"])
    >>> empty_parts(g).tolist()
    [True, True, False, True]
    """
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    flags = np.zeros(len(geoms), dtype=bool)
    owner = np.flatnonzero(~shapely.is_missing(geoms) & ~shapely.is_empty(geoms))
    todo = geoms[owner]
    while len(todo):
        types = shapely.get_type_id(todo)
        holed = np.flatnonzero(types == 3)  # an empty shell makes the polygon empty: only holes to look at
        holed = holed[shapely.get_num_interior_rings(todo[holed]) > 0]
        if len(holed):
            rings, where = shapely.get_rings(todo[holed], return_index=True)
            flags[owner[holed][where[shapely.is_empty(rings)]]] = True
        collections = np.isin(types, [4, 5, 6, 7])
        if not collections.any():
            break
        parts, where = shapely.get_parts(todo[collections], return_index=True)
        hollow = shapely.is_empty(parts)
        flags[owner[collections][where[hollow]]] = True
        owner, todo = owner[collections][where[~hollow]], parts[~hollow]
    return flags


def drop_empty_parts(geom: Any) -> Any:
    """Return *geom* without its empty rings, holes and collection members (same type).

    Examples
    --------
    >>> import shapely
    >>> drop_empty_parts(shapely.from_wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0), EMPTY), EMPTY)")).wkt
    'MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))'
    """
    from shapely.geometry import Polygon

    if geom is None or geom.is_empty:
        return geom
    if isinstance(geom, Polygon):
        return Polygon(geom.exterior, [r for r in geom.interiors if not r.is_empty])
    if hasattr(geom, "geoms"):  # Multi* and GeometryCollection
        return type(geom)([drop_empty_parts(g) for g in geom.geoms if not g.is_empty])
    return geom


def _empty_part_problems(
    gdf: gpd.GeoDataFrame, geoms: np.ndarray, source: str, *, repair: bool
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Refuse geometries with empty parts naming the feature, or drop the parts when repairing."""
    hollow = empty_parts(geoms)
    if not hollow.any():
        return gdf, []
    rows = np.flatnonzero(hollow)
    if repair:
        gdf = gdf.copy()
        fixed = np.array([drop_empty_parts(g) for g in geoms[rows]], dtype=object)
        gdf.loc[gdf.index[rows], gdf.geometry.name] = fixed
        warnings.warn(
            f"{source}: dropped empty rings or parts from {len(rows)} feature(s), first {_label(gdf, int(rows[0]))}",
            RepairedWarning,
            stacklevel=4,
        )
        return gdf, []
    return gdf, [
        f"{source}: {_label(gdf, int(i))}: geometry holds an empty ring or part "
        "(geo-huallaga validate FILE --repair --out FIXED drops them)"
        for i in rows[:20]
    ]


def _swap_problems(gdf: gpd.GeoDataFrame, geoms: np.ndarray, missing: np.ndarray, source: str) -> list[str]:
    """Points at sea that lie on land swapped, one by one; other features only when all of them are."""
    import shapely

    rows = np.flatnonzero(~missing)
    is_point = np.isin(shapely.get_type_id(geoms[rows]), [0, 4])
    if not is_point.any():  # the "every feature" rule: one feature on land in a sample settles it
        with np.errstate(invalid="ignore"):
            sample = shapely.point_on_surface(geoms[rows[:100]])
        if not _swap_suspects(shapely.get_x(sample), shapely.get_y(sample))[0].all() and not (
            shapely.get_y(sample) < _ANTARCTIC_LAT
        ).all():
            return []
    with np.errstate(invalid="ignore"):
        points = shapely.point_on_surface(geoms[rows])
    px, py = shapely.get_x(points), shapely.get_y(points)
    suspect, ambiguous = _swap_suspects(px, py)
    flagged = suspect & is_point
    if not flagged.any() and not is_point.all() and suspect.all():
        flagged = suspect
    if flagged.any():
        j = int(np.flatnonzero(flagged)[0])
        i = int(rows[j])
        return [
            f"{source}: {_label(gdf, i)}: lies at sea (lon {px[j]:g}, lat {py[j]:g}) but would lie on "
            f"land with lat and lon swapped ({int(flagged.sum())} of {len(rows)} features); lat/lon swapped?"
        ]
    if ambiguous.all():
        warnings.warn(
            f"{source}: every feature lies in Antarctica but would lie on another continent with lat "
            f"and lon swapped (e.g. {_label(gdf, int(rows[0]))} at lon {px[0]:g}, lat {py[0]:g}); "
            "if so, lat/lon are swapped",
            SwappedWarning,
            stacklevel=4,
        )
    return []


def _polygonal_part(geom: Any) -> Any:
    """Keep the polygonal part of what ``make_valid`` returns (it may add stray lines)."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon | MultiPolygon)]
    return shapely.unary_union(parts) if parts else geom


def load(
    name_or_path: str | os.PathLike[str],
    *,
    kind: str | None = None,
    repair: bool = False,
    layer: str | int | None = None,
) -> gpd.GeoDataFrame:
    """Load a built-in layer by name, or any vector file, validated and in EPSG:4326.

    Parameters
    ----------
    name_or_path : str or path
        A name from :func:`available`, or a file pyogrio reads (GeoJSON, GeoPackage, Shapefile,
        FlatGeobuf, ...) or a GeoParquet file.
    kind : str, optional
        Validate the file as this kind of layer (geometry type, required properties). A
        built-in layer is always validated as its own kind.
    repair : bool
        Repair invalid polygons with ``make_valid`` instead of refusing them.
    layer : str or int, optional
        The layer inside a multi-layer file (GeoPackage).

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326. A layer in another CRS is reprojected, with a :class:`ReprojectedWarning`.

    Raises
    ------
    LayerNotFoundError
        *name_or_path* is neither a built-in layer nor an existing file.
    LayerValidationError
        The file cannot be read or fails validation; ``problems`` lists every problem.

    Examples
    --------
    >>> airstrips = load("airstrips")
    >>> sorted(airstrips["status"].unique())
    ['authorized', 'clandestine']
    >>> load("airstrip")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.LayerNotFoundError: unknown layer 'airstrip'; did you mean 'airstrips'? built-in layers: ...
    """
    text = os.fspath(name_or_path)
    if text in CATALOG:
        gdf = _read_builtin(text)
        kind, source = text, f"built-in layer {text!r}"
    else:
        path, named = split_layer(text)
        if not path.exists() and path.suffix == "" and os.sep not in text:
            path_of(text)  # raises LayerNotFoundError with the known names
        gdf = read(path, layer=named if layer is None else layer)
        source = str(path)
    gdf, found = problems(gdf, kind=kind, source=source, repair=repair)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise LayerValidationError(found[0] + more, found)
    return gdf


# --------------------------------------------------------------------------------------------
# Places


@dataclass(frozen=True)
class Place:
    """A resolved place: a point with its provenance.

    Attributes
    ----------
    id, name : str
        Stable slug (or ``geonames:ID``, ``ubigeo:CODE``, an ICAO code, a UN/LOCODE) and display name.
    lon, lat : float
        WGS84 degrees.
    kind : str
        ``town``, ``port``, ``destination``, ``airstrip``, ``airport`` or ``coordinate``.
    country : str or None
        ISO 3166 alpha-3.
    source, precision : str
        Citation and precision class (see :data:`PRECISIONS`; a typed coordinate is ``user``).
    population : int or None
        Inhabitants, from GeoNames, where known.
    region : str or None
        First-level region (state, department), where known.
    alternatives : tuple of Place
        Other places of the same name, best first (see :func:`geo_huallaga.gazetteer.resolve`).
    """

    id: str
    name: str
    lon: float
    lat: float
    kind: str
    country: str | None
    source: str
    precision: str
    population: int | None = None
    region: str | None = None
    alternatives: tuple[Place, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the place as a JSON-ready dict (keys in a stable order)."""
        return {
            "id": self.id,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "kind": self.kind,
            "country": self.country,
            "source": self.source,
            "precision": self.precision,
            "population": self.population,
            "alternatives": [
                {"id": a.id, "name": a.name, "region": a.region, "country": a.country, "lat": a.lat,
                 "lon": a.lon, "kind": a.kind, "population": a.population}
                for a in self.alternatives
            ],
        }


@lru_cache(maxsize=1)
def places_table() -> tuple[Place, ...]:
    """Return every named point the toolkit ships as a layer: the ``places`` and ``airstrips`` layers.

    Examples
    --------
    >>> any(p.id == "spen" for p in places_table())
    True
    """
    out: list[Place] = []
    for name in ("places", "airstrips"):
        gdf = _read_builtin(name)
        for row in gdf.itertuples(index=False):
            geom = row.geometry
            kind = getattr(row, "kind", None) or "airstrip"
            country = getattr(row, "country", None) or ("PER" if name == "airstrips" else None)
            out.append(
                Place(
                    id=str(row.id),
                    name=str(row.name),
                    lon=float(geom.x),
                    lat=float(geom.y),
                    kind=str(kind),
                    country=country,
                    source=str(row.source),
                    precision=str(row.precision),
                )
            )
    return tuple(out)


def place(text: str, *, country: str | None = None, detail: bool = False) -> Place:
    """Resolve a place name or code, or a coordinate typed in any common form, to a :class:`Place`.

    Coordinates are read by :func:`parse_lat_lon` (``"LAT,LON"``, ``"LAT LON"``, ``9.3S 76W``,
    ``9°18'S 76°00'W`` ...); anything else goes to :func:`geo_huallaga.gazetteer.resolve`:
    built-in places, GeoNames towns, Peru's district capitals, airports by ICAO/IATA code and
    ports by UN/LOCODE, with case and accents folded ("tingo maria" finds "Tingo María").

    Parameters
    ----------
    text : str
        The place, optionally ``"NAME, COUNTRY"``.
    country : str, optional
        Keep only places in this country (ISO code or name).
    detail : bool
        Fill ``population`` and ``alternatives`` for a built-in place too (reads the gazetteer's
        table, about a second the first time in a process). Without it, a built-in place named
        exactly comes back at once with its point; any other name reads the table either way.

    Raises
    ------
    PlaceNotFoundError
        Nothing matches; the message suggests the closest names.
    InvalidCoordinateError
        A coordinate out of range, evidently swapped, or unreadable.

    Examples
    --------
    >>> place("Iscozacin").name
    'Iscozacín'
    >>> place("SPEN").id
    'spen'
    >>> p = place("-9.2981,-76.0006")
    >>> (p.kind, p.precision)
    ('coordinate', 'user')
    >>> place("Tingo Mara")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.PlaceNotFoundError: unknown place 'Tingo Mara'; did you mean 'Tingo María'?
    """
    from geo_huallaga import gazetteer

    lon_lat = parse_lat_lon(text)
    if lon_lat is not None:
        lon, lat = lon_lat
        return Place(
            id=f"{lat:g},{lon:g}", name=f"{lat:g},{lon:g}", lon=lon, lat=lat, kind="coordinate",
            country=None, source="typed by the user", precision="user",
        )
    return gazetteer.resolve(text, country=country, detail=detail)


# --------------------------------------------------------------------------------------------
# Writing


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, protect: Sequence[str | os.PathLike[str]] = (), builtin_ok: bool = False
) -> Iterator[Path]:
    """Yield a temporary path next to *path*; on success rename it into place, else remove it.

    Nothing half-written is ever left at *path*: a reader sees the old file or the new one.
    Every write of the toolkit goes through here, so the guards of
    :func:`geo_huallaga._files.check_output` hold for all of them: the target may not be one
    of *protect* (the job's inputs, plus those of ``_files.protected``), a file of the
    installed package or its built-in layers (unless *builtin_ok*, for the build scripts), a
    device, FIFO or socket, or lie under /dev, /proc or /sys. A symbolic link is followed (the
    file it names is replaced). The new file keeps the permission bits of the file it
    replaces, or gets 0666 minus the umask. The temporary file is removed on failure and on
    SIGTERM/SIGHUP; stale ones of killed runs are removed first.

    Raises
    ------
    DataFileNotFoundError
        The folder does not exist (or is a file), or the path is a folder.
    LayerValidationError
        The target is refused (see above); nothing is written.
    FileAccessError
        The system refuses the write: permission denied, read-only folder, disk full,
        file-size limit. The target is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_write(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    >>> with atomic_write(path_of("roads")) as tmp:
    ...     pass
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.LayerValidationError: ...: refusing to write into the built-in layers folder ...
    """
    target = _files.check_output(path, protect=protect, builtin_ok=builtin_ok)
    _files.remove_stale_temps(target)
    mode = _files.output_mode(target)
    try:
        # keep the real extension last: some drivers (GPKG) check it
        fd, tmp_name = tempfile.mkstemp(
            prefix=_files.temp_prefix(target), suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write: {_files.describe_os_error(exc)}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    with _files.tracked_temp(tmp):
        try:
            yield tmp
            os.chmod(tmp, mode)
            with contextlib.suppress(OSError):
                _keep_owner(tmp, target)
            os.replace(tmp, target)
        except GeoHuallagaError:
            raise
        except OSError as exc:
            raise FileAccessError(f"{path}: cannot write: {_files.describe_os_error(exc)}") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _keep_owner(tmp: Path, target: Path) -> None:
    """Give *tmp* the owner of the file it replaces (only root can, and only root needs to)."""
    if os.geteuid() == 0 and target.exists():
        st = target.stat()
        os.chown(tmp, st.st_uid, st.st_gid)


def _round_coords(obj: Any, ndigits: int) -> Any:
    if isinstance(obj, float):
        r = round(obj, ndigits)
        return 0.0 if r == 0 else r
    if isinstance(obj, list | tuple):
        return [_round_coords(v, ndigits) for v in obj]
    return obj


def _round_geojson_geometry(geometry: dict[str, Any], ndigits: int) -> dict[str, Any]:
    """Round a GeoJSON geometry's coordinates, members of a GeometryCollection included."""
    if "geometries" in geometry:
        geometry["geometries"] = [_round_geojson_geometry(g, ndigits) for g in geometry["geometries"]]
    else:
        geometry["coordinates"] = _round_coords(geometry["coordinates"], ndigits)
    return geometry


def _json_value(value: Any) -> Any:
    """Turn numpy/pandas scalars into plain JSON values (NaN and NA become null)."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _check_json_columns(gdf: gpd.GeoDataFrame, cols: Sequence[Any]) -> None:
    """Refuse binary (BLOB) columns, which GeoJSON cannot carry; note times written as text."""
    for col in cols:
        if gdf[col].dtype != object:
            continue
        kinds = {type(v) for v in gdf[col].dropna()}
        if any(issubclass(k, bytes | bytearray | memoryview) for k in kinds):
            raise LayerValidationError(
                f"column {str(col)!r} holds binary (BLOB) values, which GeoJSON cannot carry; "
                "drop the column or write .gpkg or .parquet"
            )
        if any(issubclass(k, datetime.time) for k in kinds):
            warnings.warn(f"column {str(col)!r}: time-of-day values written as ISO 8601 text", RepairedWarning,
                          stacklevel=4)


def to_geojson(gdf: gpd.GeoDataFrame, *, precision: int = 6, name: str | None = None) -> str:
    """Serialise *gdf* as deterministic RFC 7946 GeoJSON text, one feature per line.

    Coordinates are rounded to *precision* decimals (6 is about 0.1 m); properties keep the
    column order; no per-feature bbox. The same layer always gives the same bytes.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> g = gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(-75.1234567, -10.1)], crs=4326)
    >>> print(to_geojson(g))
    {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "a"}, "geometry": {"type": "Point", "coordinates": [-75.123457, -10.1]}}
    ]}
    """
    import shapely

    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    _check_json_columns(gdf, cols)
    lines = []
    for values, geom in zip(gdf[cols].itertuples(index=False, name=None), gdf.geometry.values, strict=True):
        geometry = None
        if geom is not None and not geom.is_empty:
            geometry = _round_geojson_geometry(json.loads(shapely.to_geojson(geom)), precision)
        props = {str(c): _json_value(v) for c, v in zip(cols, values, strict=True)}
        feature = {"type": "Feature", "properties": props, "geometry": geometry}
        lines.append(json.dumps(feature, ensure_ascii=False, allow_nan=False))
    head = {"type": "FeatureCollection"}
    if name:
        head["name"] = name
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    return opening + "\n" + ",\n".join(lines) + ("\n" if lines else "") + "]}\n"


_DRIVERS = {".gpkg": "GPKG", ".fgb": "FlatGeobuf"}
#: GeoPackage stamps the write time into gpkg_contents; a fixed stamp keeps outputs byte-identical.
_FIXED_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def _write_ogr(
    gdf: gpd.GeoDataFrame, tmp: Path, *, driver: str, layer: str, dataset_options: dict[str, str] | None = None
) -> None:
    """Write through GDAL with the options that make the bytes depend on the data alone."""
    import pyogrio

    options = {"SPATIAL_INDEX": "NO"} if driver == "FlatGeobuf" else {}  # an index would reorder features
    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_GPKG_DATE})
    try:
        gdf.to_file(tmp, driver=driver, engine="pyogrio", layer=layer, layer_options=options,
                    dataset_options=dataset_options or {})
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})


def write(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    precision: int = 6,
    protect: Sequence[str | os.PathLike[str]] = (),
    builtin_ok: bool = False,
) -> Path:
    """Write *gdf* atomically; the format follows the extension.

    ``.geojson``/``.json`` use :func:`to_geojson` (deterministic); ``.gpkg``, ``.fgb`` and
    ``.parquet`` use pyogrio / pyarrow.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer.
    path : path
        Where to write.
    precision : int
        Decimals kept in GeoJSON coordinates.
    protect : sequence of paths
        Input files that must not be overwritten (refused with an error).
    builtin_ok : bool
        Allow writing into the built-in layers folder (for the scripts that regenerate it).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    LayerValidationError
        *gdf* would not pass :func:`problems` (e.g. an empty or degenerate area): nothing is
        written, so every file the tool writes passes its own ``validate``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "places.geojson"
    >>> write(load("places"), out).name
    'places.geojson'
    """
    target = Path(path)
    suffix = target.suffix.lower()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a reprojection note is not news to the writer
        _, found = problems(gdf, source=str(target))
    if found:  # what we write must pass our own validate
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise LayerValidationError(f"not written, it would not pass validation: {found[0]}{more}", found)
    with atomic_write(target, protect=protect, builtin_ok=builtin_ok) as tmp:
        if suffix in {".geojson", ".json"}:
            tmp.write_text(to_geojson(gdf, precision=precision), encoding="utf-8")
        elif suffix in {".parquet", ".geoparquet"}:
            gdf.to_parquet(tmp)
        elif suffix in _DRIVERS:
            tmp.unlink()
            try:
                _write_ogr(gdf, tmp, driver=_DRIVERS[suffix], layer=target.stem)
            except OSError:
                raise
            except Exception as exc:  # pyogrio raises its own types, with GDAL's reason
                reason = " ".join(str(exc).split()) or type(exc).__name__
                raise LayerValidationError(f"{target}: cannot write as {_DRIVERS[suffix]}: {reason}") from None
        else:
            raise LayerValidationError(
                f"{target}: unsupported output format {suffix or '(none)'}; "
                "use .geojson, .gpkg, .fgb or .parquet"
            )
    return target
