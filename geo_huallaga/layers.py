"""Built-in layers, reading and validating any vector file, place look-up, atomic writes.

Every layer leaves this module as a GeoDataFrame in EPSG:4326 (lon/lat) that has passed
validation, or not at all: problems are raised as :class:`~geo_huallaga.errors.LayerValidationError`
naming the file, the feature and the problem.

Examples
--------
>>> from geo_huallaga import layers
>>> layers.available()
['airstrips', 'coca_zones', 'corridors', 'countries', 'places', 'roads']
>>> places = layers.load("places")
>>> places.crs.to_epsg()
4326
>>> p = layers.place("tingo maria")
>>> (p.name, p.lat, p.lon)
('Tingo María', -9.2981, -76.0006)
"""

from __future__ import annotations

import contextlib
import difflib
import json
import math
import os
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geo_huallaga.errors import (
    DataFileNotFoundError,
    InvalidCoordinateError,
    LayerNotFoundError,
    LayerValidationError,
    PlaceNotFoundError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = [
    "CATALOG",
    "PRECISIONS",
    "LayerSpec",
    "Place",
    "ReprojectedWarning",
    "atomic_write",
    "available",
    "check_lon_lat",
    "data_dir",
    "load",
    "parse_lat_lon",
    "path_of",
    "place",
    "places_table",
    "problems",
    "read",
    "split_layer",
    "to_geojson",
    "write",
]

#: Allowed values of the ``precision`` property, from best to worst (``schematic``: a straight
#: line standing for a road the source lacks, drawn and reported as such).
PRECISIONS: tuple[str, ...] = ("surveyed", "locality", "district", "approximate", "schematic")

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
        LayerSpec("places", "point", ("kind", "country"), "towns, ports and foreign destinations"),
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


def _on_land(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Return, per point, whether it lies inside a polygon of the ``countries`` layer."""
    import shapely

    tree, _ = _countries_index()
    points = shapely.points(lons, lats)
    hits = tree.query(points, predicate="intersects")
    inside = np.zeros(len(lons), dtype=bool)
    inside[hits[0]] = True
    return inside


@lru_cache(maxsize=1)
def _countries_index() -> tuple[Any, Any]:
    import shapely

    countries = _read_builtin("countries")
    geoms = np.asarray(countries.geometry.values)
    return shapely.STRtree(geoms), countries


def _looks_swapped(lons: np.ndarray, lats: np.ndarray) -> bool:
    """Tell whether every point lies off land but would lie on land with lat and lon swapped."""
    ok = np.isfinite(lons) & np.isfinite(lats) & (np.abs(lons) <= 90)
    if len(lons) == 0 or not ok.all():
        return False
    try:
        as_given = _on_land(lons, lats)
        swapped = _on_land(lats, lons)
    except DataFileNotFoundError:  # pragma: no cover - only in a broken install
        return False
    return bool((~as_given).all() and swapped.all())


_LAT_LON_RE = re.compile(r"^\s*\(?\s*([-+]?\d+(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d+(?:\.\d+)?)\s*\)?\s*$")


def parse_lat_lon(text: str) -> tuple[float, float] | None:
    """Parse ``"LAT,LON"`` as people copy it from a map; return ``(lon, lat)`` or None.

    Returns None when *text* is not a pair of numbers. Raises when it is one but is out of
    range, or when it lies at sea while the swapped pair lies on land (a swapped copy).

    Examples
    --------
    >>> parse_lat_lon("-10.1842, -75.1481")
    (-75.1481, -10.1842)
    >>> parse_lat_lon("Tingo María") is None
    True
    >>> parse_lat_lon("-75.1481,-10.1842")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.InvalidCoordinateError: "-75.1481,-10.1842" ... "-10.1842,-75.1481"? lat/lon swapped?
    """
    m = _LAT_LON_RE.match(text)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    check_lon_lat(lon, lat, what=f'"{text.strip()}" read as LAT,LON')
    if _looks_swapped(np.array([lon]), np.array([lat])):
        raise InvalidCoordinateError(
            f'"{text.strip()}" read as LAT,LON lies off land (lat {lat:g}, lon {lon:g}), but swapped '
            f'it lies on land: did you mean "{lon:g},{lat:g}"? lat/lon swapped?'
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
    if not path.exists():
        raise DataFileNotFoundError(f"{path}: no such file")
    if path.is_dir() and path.suffix.lower() not in {".parquet", ".gdb"}:
        raise LayerValidationError(f"{path}: is a folder, not a vector file")
    try:
        if path.suffix.lower() in {".parquet", ".geoparquet"}:
            gdf = gpd.read_parquet(path)
        else:
            if layer is None:
                names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
                if len(names) > 1:
                    raise LayerValidationError(
                        f"{path}: holds {len(names)} layers ({', '.join(names)}); name one as "
                        f'"{path}|layername={names[0]}"'
                    )
            kwargs: dict[str, Any] = {"engine": "pyogrio"}
            if layer is not None:
                kwargs["layer"] = layer
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # GDAL's own chatter; problems are raised below
                gdf = gpd.read_file(path, **kwargs)
    except (DataFileNotFoundError, LayerValidationError):
        raise
    except Exception as exc:  # pyogrio/GDAL/arrow raise many types for unreadable files
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise LayerValidationError(f"{path}: cannot read as a vector layer: {reason}") from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf._geometry_column_name not in gdf.columns:
        raise LayerValidationError(
            f"{path}: has no geometry column (a plain table?); give a vector file with geometries"
        )
    return gdf


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
    found: list[str] = []
    geoms = np.asarray(gdf.geometry.values)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    for i in np.flatnonzero(missing)[:20]:
        found.append(f"{source}: {_label(gdf, int(i))}: has no geometry")
    if missing.all():
        return gdf, found
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
            points = shapely.point_on_surface(geoms[~missing])
            px, py = shapely.get_x(points), shapely.get_y(points)
            if _looks_swapped(px, py):
                found.append(
                    f"{source}: every feature lies off land but would lie on land with lat and lon "
                    f"swapped (e.g. {_label(gdf, 0)} at lon {px[0]:g}, lat {py[0]:g}); lat/lon swapped?"
                )
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
    if "id" in gdf.columns:
        ids = gdf["id"]
        dup = ids.duplicated(keep="first") & ids.notna()
        for i in np.flatnonzero(dup.to_numpy())[:20]:
            first = int(np.flatnonzero((ids == ids.iloc[i]).to_numpy())[0])
            found.append(
                f"{source}: {_label(gdf, int(i))}: duplicate id {_json_value(ids.iloc[i])!r} (also feature {first})"
            )
    return gdf, found


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
        Stable slug and display name.
    lon, lat : float
        WGS84 degrees.
    kind : str
        ``town``, ``port``, ``destination``, ``airstrip`` or ``coordinate``.
    country : str or None
        ISO 3166 alpha-3.
    source, precision : str
        Citation and precision class (see :data:`PRECISIONS`).
    """

    id: str
    name: str
    lon: float
    lat: float
    kind: str
    country: str | None
    source: str
    precision: str

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
        }


def _fold(text: str) -> str:
    """Fold case and accents, and collapse punctuation, for name matching.

    Examples
    --------
    >>> _fold("  Tingo-María ")
    'tingo maria'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


@lru_cache(maxsize=1)
def places_table() -> tuple[Place, ...]:
    """Return every named point the toolkit knows: the ``places`` and ``airstrips`` layers.

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


@lru_cache(maxsize=1)
def _place_keys() -> dict[str, Place]:
    keys: dict[str, Place] = {}
    for p in places_table():
        for key in (p.id, p.name):
            keys.setdefault(_fold(key), p)
    airstrips = _read_builtin("airstrips")
    for row in airstrips.itertuples(index=False):
        if isinstance(row.icao, str) and row.icao:
            keys[_fold(row.icao)] = next(p for p in places_table() if p.id == row.id)
    return keys


def place(text: str) -> Place:
    """Resolve a place name, an id, an ICAO code or ``"LAT,LON"`` to a :class:`Place`.

    Names match with case and accents folded ("tingo maria" finds "Tingo María").

    Raises
    ------
    PlaceNotFoundError
        Nothing matches; the message suggests the closest names.
    InvalidCoordinateError
        A ``"LAT,LON"`` out of range or evidently swapped.

    Examples
    --------
    >>> place("Iscozacin").name
    'Iscozacín'
    >>> place("SPEN").id
    'spen'
    >>> place("-9.2981,-76.0006").kind
    'coordinate'
    >>> place("Tingo Mara")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.PlaceNotFoundError: unknown place 'Tingo Mara'; did you mean 'Tingo María'?
    """
    lon_lat = parse_lat_lon(text)
    if lon_lat is not None:
        lon, lat = lon_lat
        return Place(
            id=f"{lat:g},{lon:g}", name=f"{lat:g},{lon:g}", lon=lon, lat=lat, kind="coordinate",
            country=None, source="given by the user", precision="surveyed",
        )
    keys = _place_keys()
    hit = keys.get(_fold(text))
    if hit is not None:
        return hit
    names = {_fold(p.name): p.name for p in places_table()}
    close = difflib.get_close_matches(_fold(text), list(names), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(names[c]) for c in close)}?" if close else (
        "give a built-in place name, an ICAO code such as SPEN, or \"LAT,LON\""
    )
    raise PlaceNotFoundError(f"unknown place {text!r}; {hint}")


# --------------------------------------------------------------------------------------------
# Writing


def _check_writable(target: Path, protect: Sequence[str | os.PathLike[str]], *, builtin_ok: bool) -> None:
    """Refuse a target that is an input of the same job or one of the built-in layers."""
    resolved = target.resolve()
    for p in protect:
        given = Path(split_layer(p)[0])
        if given.exists() and resolved == given.resolve():
            raise LayerValidationError(f"{target}: refusing to overwrite an input file; choose another --out")
    if builtin_ok:
        return
    try:
        builtin = data_dir().resolve()
    except DataFileNotFoundError:  # pragma: no cover - only in a broken install
        return
    if resolved.parent == builtin:
        raise LayerValidationError(
            f"{target}: refusing to write into the built-in layers folder ({builtin}); choose another --out"
        )


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, protect: Sequence[str | os.PathLike[str]] = (), builtin_ok: bool = False
) -> Iterator[Path]:
    """Yield a temporary path next to *path*; on success rename it into place, else remove it.

    Nothing half-written is ever left at *path*: a reader sees the old file or the new one.
    The target may not be one of *protect* (the job's inputs) nor a built-in layer's file,
    unless *builtin_ok* (the build scripts that regenerate the built-in layers).

    Raises
    ------
    DataFileNotFoundError
        The folder does not exist (or is a file).
    LayerValidationError
        The target is a protected input or lies in the built-in layers folder.

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
    target = Path(path)
    if not os.fspath(path):
        raise DataFileNotFoundError("the output path is empty")
    if target.is_dir():
        raise DataFileNotFoundError(f"{target}: is a folder, not a file path")
    if not target.parent.is_dir():
        what = "is a file, not a folder" if target.parent.exists() else "no such folder"
        raise DataFileNotFoundError(f"{target.parent}: {what}")
    _check_writable(target, protect, builtin_ok=builtin_ok)
    # keep the real extension last: some drivers (GPKG) check it
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _round_coords(obj: Any, ndigits: int) -> Any:
    if isinstance(obj, float):
        r = round(obj, ndigits)
        return 0.0 if r == 0 else r
    if isinstance(obj, list | tuple):
        return [_round_coords(v, ndigits) for v in obj]
    return obj


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
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


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
    lines = []
    for values, geom in zip(gdf[cols].itertuples(index=False, name=None), gdf.geometry.values, strict=True):
        geometry = None
        if geom is not None and not geom.is_empty:
            geometry = json.loads(shapely.to_geojson(geom))
            geometry["coordinates"] = _round_coords(geometry["coordinates"], precision)
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


def _write_ogr(gdf: gpd.GeoDataFrame, tmp: Path, *, driver: str, layer: str) -> None:
    """Write through GDAL with the options that make the bytes depend on the data alone."""
    import pyogrio

    options = {"SPATIAL_INDEX": "NO"} if driver == "FlatGeobuf" else {}  # an index would reorder features
    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_GPKG_DATE})
    try:
        gdf.to_file(tmp, driver=driver, engine="pyogrio", layer=layer, layer_options=options)
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

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "places.geojson"
    >>> write(load("places"), out).name
    'places.geojson'
    """
    target = Path(path)
    suffix = target.suffix.lower()
    with atomic_write(target, protect=protect, builtin_ok=builtin_ok) as tmp:
        if suffix in {".geojson", ".json"}:
            tmp.write_text(to_geojson(gdf, precision=precision), encoding="utf-8")
        elif suffix in {".parquet", ".geoparquet"}:
            gdf.to_parquet(tmp)
        elif suffix in _DRIVERS:
            tmp.unlink()
            _write_ogr(gdf, tmp, driver=_DRIVERS[suffix], layer=target.stem)
        else:
            raise LayerValidationError(
                f"{target}: unsupported output format {suffix or '(none)'}; "
                "use .geojson, .gpkg, .fgb or .parquet"
            )
    return target
