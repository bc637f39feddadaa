"""Apportion a coca cultivation layer to zones by area, and turn hectares into potential HCl.

Cultivation usually arrives as a density grid (1 km cells or hexagons carrying hectares) or as
polygons carrying hectares. :func:`apportion` gives each zone (a valley, a district, a ring
around an airstrip) the share of every cell that lies inside it, weighted by intersected area
in an equal-area CRS (South America Albers Equal Area, ``ESRI:102033``, by default). What lies
outside every zone is reported as ``unassigned``, so ``total_assigned + unassigned`` always
equals ``total_input``. Overlapping zones are detected: they raise an error unless the caller
picks an explicit policy, so nothing is ever counted twice.

The fast path: a spatial index over the cells finds, for each zone, the cells it touches;
cells wholly inside a zone (``contains_properly``) take their whole value without an
intersection, and only the cells on a zone's boundary are reprojected and intersected (the
cells are classified in their own CRS against the zones brought into it, with a safety band;
see :func:`_zone_bands`). With
``engine="dask"`` (extra ``geo-huallaga[dask]``) the same per-partition function runs through
dask-geopandas ``map_partitions`` over a partitioned cultivation layer (read straight from
GeoParquet when given a ``.parquet`` file or folder, each task reading the row groups it
apportions), the small zones layer sent once to every worker as one graph node; pass a
``distributed.Client`` to run it on your own cluster.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> cells = gpd.GeoDataFrame(
...     {"ha": [10.0, 4.0]}, geometry=[box(0, 0, 2, 2), box(5, 5, 6, 6)], crs="EPSG:6933"
... )
>>> zones = gpd.GeoDataFrame({"id": ["west"]}, geometry=[box(-1, -1, 1, 3)], crs="EPSG:6933")
>>> result = apportion(cells, zones, value_col="ha", equal_area_crs="EPSG:6933")
>>> result.zones[["id", "value"]].to_dict("records")
[{'id': 'west', 'value': 5.0}]
>>> (result.total_input, result.total_assigned, result.unassigned)
(14.0, 5.0, 9.0)
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.transformer import AreaOfInterest, TransformerGroup

from geo_huallaga.errors import OverlayError, ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DEFAULT_EQUAL_AREA_CRS",
    "DEMO_GRID",
    "EQUAL_AREA_PROJECTIONS",
    "LEAF_KG_PER_KG_HCL",
    "LEAF_T_PER_HA",
    "Apportionment",
    "ZoneOverlap",
    "apportion",
    "demo_grid_path",
    "potential_hcl_kg",
    "share_of_total",
]

#: South America Albers Equal Area Conic: areas in m², preserved across the continent.
DEFAULT_EQUAL_AREA_CRS = "ESRI:102033"

#: PROJ names of equal-area projections (``+proj=...``): areas measured in them are true areas.
#: A CRS on any other projection (Mercator, Web Mercator, UTM, ...) is refused as ``equal_area_crs``.
EQUAL_AREA_PROJECTIONS = frozenset(
    {
        "aea",  # Albers Equal Area
        "laea",  # Lambert Azimuthal Equal Area
        "cea",  # Lambert Cylindrical Equal Area (EASE-Grid 2.0, Behrmann, ...)
        "moll",  # Mollweide
        "eqearth",  # Equal Earth
        "sinu",  # Sinusoidal
        "eck2",  # Eckert II
        "eck4",  # Eckert IV
        "eck6",  # Eckert VI
        "igh",  # Interrupted Goode Homolosine
        "goode",  # Goode Homolosine
        "hammer",  # Hammer-Aitoff
        "bonne",  # Bonne
        "boggs",  # Boggs Eumorphic
        "qsc",  # Quadrilateralized Spherical Cube
    }
)

#: National average coca leaf yield in Peru, metric tons of dried leaf per hectare per year.
#: Source: UNODC, as quoted in IDL-Reporteros / InSight Crime, "The Cocaine Heartland" (c. 2012).
LEAF_T_PER_HA = 2.2

#: Kilograms of dried coca leaf needed for one kilogram of cocaine hydrochloride (2009).
#: Source: UNODC, as quoted in IDL-Reporteros / InSight Crime, "The Cocaine Heartland" (c. 2012).
LEAF_KG_PER_KG_HCL = 375.0

#: Cells per chunk in the geopandas engine (bounds memory, paces the progress callback).
DEFAULT_CHUNK_CELLS = 250_000

#: Name that stands for the shipped synthetic demo grid wherever a cultivation layer is asked.
DEMO_GRID = "demo"

_POLYGONAL = (3, 6)  # shapely type ids: Polygon, MultiPolygon
# Shared area below this fraction of the smaller zone is a common edge, not an overlap.
_OVERLAP_REL_TOL = 1e-9
_DASK_HINT = "engine='dask' needs dask-geopandas: pip install 'geo-huallaga[dask]'"

Engine = Literal["geopandas", "dask"]
OverlapPolicy = Literal["error", "first"]
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ZoneOverlap:
    """Two zones that share area (in the equal-area CRS).

    Attributes
    ----------
    first_id, second_id : str
        The zone ids, in the zones layer's order.
    area_km2 : float
        The area they share, in km².
    """

    first_id: str
    second_id: str
    area_km2: float


@dataclass(frozen=True)
class Apportionment:
    """The result of :func:`apportion`.

    Attributes
    ----------
    zones : geopandas.GeoDataFrame
        One row per zone, in the zones layer's order: ``id``, ``name``, ``value`` (the
        apportioned value, in the unit of the cultivation column) and the zone's geometry
        (EPSG:4326).
    total_input : float
        Sum of the value column over every cultivation feature.
    total_assigned : float
        Sum of ``zones["value"]``.
    unassigned : float
        What lies outside every zone: ``total_input - total_assigned`` (0 when the difference
        is rounding noise below 1e-12 of the total, and ``total_assigned`` is then
        ``total_input``).
    value_col : str
        The cultivation column that was apportioned.
    overlaps : tuple of ZoneOverlap
        Pairs of zones found to overlap (empty unless ``overlap="first"`` was chosen).
    raster_unit : str or None
        For a raster cultivation layer, the unit its cells were read in (values are then
        hectares); None for a vector layer.
    nodata_cells, nodata_km2 : int, float or None
        For a raster: the cells skipped as nodata and their true area in km² (None for vectors).
    """

    zones: gpd.GeoDataFrame
    total_input: float
    total_assigned: float
    unassigned: float
    value_col: str
    overlaps: tuple[ZoneOverlap, ...] = ()
    raster_unit: str | None = None
    nodata_cells: int | None = None
    nodata_km2: float | None = None

    def table(self, *, total: float | None = None) -> pd.DataFrame:
        """Return the zones as a plain table with each zone's share of a total.

        Parameters
        ----------
        total : float, optional
            The total to divide by (e.g. the national figure in hectares); ``total_input``
            when omitted.

        Returns
        -------
        pandas.DataFrame
            Columns ``id``, ``name``, ``value``, ``share_of_total`` (a fraction, 0–1).

        Examples
        --------
        >>> import geopandas as gpd
        >>> r = Apportionment(
        ...     gpd.GeoDataFrame({"id": ["a"], "name": ["A"], "value": [13025.0]}, geometry=[None]),
        ...     13025.0, 13025.0, 0.0, "ha_2010",
        ... )
        >>> round(float(100 * r.table(total=61200)["share_of_total"].iloc[0]), 1)
        21.3
        """
        denominator = self.total_input if total is None else total
        out = pd.DataFrame(self.zones[["id", "name", "value"]]).reset_index(drop=True)
        out["share_of_total"] = share_of_total(out["value"].to_numpy(), denominator)
        return out


def share_of_total(value: ArrayLike, total: float) -> NDArray[np.float64]:
    """Return ``value / total`` as a fraction (multiply by 100 for percent).

    Parameters
    ----------
    value : array_like
        The part(s), e.g. a zone's hectares.
    total : float
        The whole, e.g. the national hectares; must be positive.

    Returns
    -------
    numpy.ndarray
        The fractions (a 0-d array for a scalar input).

    Raises
    ------
    ParameterError
        If *total* is not a positive finite number.

    Examples
    --------
    The article: Alto Huallaga's 13,025 ha are 21.3 % of Peru's 61,200 ha (2010).

    >>> round(float(100 * share_of_total(13025, 61200)), 1)
    21.3
    """
    if not (math.isfinite(total) and total > 0):
        raise ParameterError(f"the total to share against must be positive, got {total!r}")
    return np.asarray(value, dtype=float) / float(total)


@overload
def potential_hcl_kg(
    hectares: float, *, leaf_t_per_ha: float = ..., leaf_kg_per_kg_hcl: float = ...
) -> float: ...
@overload
def potential_hcl_kg(
    hectares: pd.DataFrame | pd.Series[Any],
    *,
    leaf_t_per_ha: float = ...,
    leaf_kg_per_kg_hcl: float = ...,
) -> pd.Series[Any]: ...
@overload
def potential_hcl_kg(
    hectares: Sequence[float] | NDArray[Any],
    *,
    leaf_t_per_ha: float = ...,
    leaf_kg_per_kg_hcl: float = ...,
) -> NDArray[np.float64]: ...
def potential_hcl_kg(
    hectares: Any,
    *,
    leaf_t_per_ha: float = LEAF_T_PER_HA,
    leaf_kg_per_kg_hcl: float = LEAF_KG_PER_KG_HCL,
) -> Any:
    """Potential cocaine hydrochloride from coca hectares: ha × leaf yield ÷ leaf per kg HCl.

    Parameters
    ----------
    hectares : float, array_like, pandas.Series or pandas.DataFrame
        Hectares of coca. A DataFrame is a zone table (from :func:`apportion` or
        :meth:`Apportionment.table`): its ``value`` column is read as hectares.
    leaf_t_per_ha : float, default 2.2
        Dried leaf per hectare per year, metric tons (UNODC national average, quoted in the
        article).
    leaf_kg_per_kg_hcl : float, default 375
        Dried leaf per kilogram of cocaine HCl (UNODC, 2009, quoted in the article).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Kilograms of HCl per year, in the shape of the input (a Series named
        ``potential_hcl_kg`` for a Series or a zone table).

    Raises
    ------
    ParameterError
        Negative or missing hectares, non-positive factors, or a table without ``value``.

    Examples
    --------
    The article's 13,025 ha in Alto Huallaga: 13,025 × 2,200 kg ÷ 375 = 76,413 kg a year.

    >>> round(potential_hcl_kg(13025))
    76413
    >>> potential_hcl_kg([1.0, 375.0], leaf_t_per_ha=1.0).tolist()
    [2.666..., 1000.0]
    """
    for name, factor in (
        ("leaf_t_per_ha", leaf_t_per_ha),
        ("leaf_kg_per_kg_hcl", leaf_kg_per_kg_hcl),
    ):
        if not (math.isfinite(factor) and factor > 0):
            raise ParameterError(f"{name} must be a positive number, got {factor!r}")
    kg_per_ha = leaf_t_per_ha * 1000.0 / leaf_kg_per_kg_hcl
    if isinstance(hectares, pd.DataFrame):
        if "value" not in hectares.columns:
            raise ParameterError(
                "a zone table needs a 'value' column of hectares; columns: "
                + ", ".join(map(str, hectares.columns))
            )
        hectares = hectares["value"]
    if isinstance(hectares, pd.Series):
        ha = pd.to_numeric(hectares, errors="coerce").astype(float)
        _check_hectares(ha.to_numpy(dtype=float))
        return (ha * kg_per_ha).rename("potential_hcl_kg")
    arr = np.asarray(hectares, dtype=float)
    _check_hectares(arr)
    if arr.ndim == 0:
        return float(arr) * kg_per_ha
    return arr * kg_per_ha


def _check_hectares(arr: NDArray[Any]) -> None:
    if np.isnan(arr).any() or (arr < 0).any():
        raise ParameterError(
            "hectares must be non-negative numbers (found a negative or missing value)"
        )


# --------------------------------------------------------------------------- inputs


def _read_layer(source: Any, what: str) -> gpd.GeoDataFrame:
    """Return a GeoDataFrame given one, a built-in layer name or a path in any vector format."""
    if isinstance(source, gpd.GeoDataFrame):
        return source
    if isinstance(source, str | os.PathLike):
        return _load(source)
    raise OverlayError(
        f"the {what} layer must be a GeoDataFrame or a path, got {type(source).__name__}"
    )


def _load(source: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    from geo_huallaga import layers

    if os.fspath(source) == DEMO_GRID:
        return layers.load(demo_grid_path())
    return layers.load(source)


def demo_grid_path() -> Path:
    """Return the path of the shipped SYNTHETIC demo cultivation grid.

    Its cells carry invented spatial patterns whose sums inside each built-in ``coca_zones``
    polygon equal that zone's sourced ``ha_YYYY`` figure (``scripts/build_demo_grid.py``).
    Pass ``"demo"`` as the cultivation layer to use it.

    Examples
    --------
    >>> demo_grid_path().name
    'demo_coca_grid.geojson'
    """
    from geo_huallaga import layers

    return layers.data_dir() / "demo_coca_grid.geojson"


def _looks_lon_lat(bounds: NDArray[np.float64]) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(-180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0)


def _with_crs(gdf: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Return *gdf* with a CRS: lon/lat coordinates with none are taken as EPSG:4326."""
    if gdf.crs is not None:
        return gdf
    bounds = np.asarray(gdf.total_bounds, dtype=float)
    if np.isfinite(bounds).all() and _looks_lon_lat(bounds):
        return gdf.set_crs("EPSG:4326")
    raise OverlayError(
        f"the {what} layer has no CRS and its coordinates (x {bounds[0]:.6g}..{bounds[2]:.6g}, "
        f"y {bounds[1]:.6g}..{bounds[3]:.6g}) are not longitude/latitude: "
        "save it with its CRS, or set one (e.g. gdf.set_crs('EPSG:32718'))"
    )


def _check_polygonal(geoms: NDArray[Any], what: str, labels: Sequence[Any] | None = None) -> None:
    if len(geoms) == 0:
        raise OverlayError(f"the {what} layer is empty")
    type_ids = shapely.get_type_id(geoms)
    bad = np.flatnonzero(~np.isin(type_ids, _POLYGONAL) | shapely.is_empty(geoms))
    if len(bad):
        i = int(bad[0])
        kind = "empty" if type_ids[i] in _POLYGONAL else _TYPE_NAMES.get(int(type_ids[i]), "other")
        where = f"'{labels[i]}'" if labels is not None else f"row {i}"
        raise OverlayError(
            f"the {what} layer must hold polygons: {len(bad)} feature(s) are not, "
            f"first {where} ({kind} geometry)"
        )
    from geo_huallaga.layers import empty_parts

    hollow = np.flatnonzero(empty_parts(geoms))
    if len(hollow):
        i = int(hollow[0])
        where = f"'{labels[i]}'" if labels is not None else f"row {i}"
        raise OverlayError(
            f"the {what} layer has {len(hollow)} polygon(s) holding an empty ring or part, first {where}; "
            "drop them (geo-huallaga validate FILE --repair --out FIXED, or layers.drop_empty_parts)"
        )


_TYPE_NAMES = {
    -1: "missing",
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    4: "MultiPoint",
    5: "MultiLineString",
    7: "GeometryCollection",
}


def _values(frame: pd.DataFrame, value_col: str) -> NDArray[np.float64]:
    """Return the value column as float64, refusing text, booleans, missing and negative values."""
    col = frame[value_col]
    if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        sample = col.iloc[0] if len(col) else None
        raise OverlayError(
            f"the value column '{value_col}' must be numeric, not {col.dtype} (e.g. {sample!r})"
        )
    arr = col.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(arr).any():
        raise OverlayError(
            f"the value column '{value_col}' has {int(np.isnan(arr).sum())} missing value(s)"
        )
    if not np.isfinite(arr).all():
        raise OverlayError(f"the value column '{value_col}' has infinite value(s)")
    if (arr < 0).any():
        raise OverlayError(
            f"the value column '{value_col}' has {int((arr < 0).sum())} negative value(s), "
            f"e.g. {float(arr[arr < 0][0])}"
        )
    with np.errstate(over="ignore"):
        _check_total(float(arr.sum()), value_col)
    return arr


def _check_total(total: float, value_col: str) -> None:
    """Refuse a value total that overflowed float64 (so no sum or share downstream is infinite)."""
    if not math.isfinite(total):
        raise OverlayError(
            f"the value column '{value_col}' adds up to more than {sys.float_info.max:.4g}, "
            "the largest number that can be summed; check its unit (e.g. hectares, not m²)"
        )


def _check_value_col(columns: Sequence[Any], value_col: str, geometry_name: str) -> None:
    if value_col not in columns:
        listed = ", ".join(str(c) for c in columns if c != geometry_name) or "(none)"
        raise OverlayError(f"the cultivation layer has no column '{value_col}'; columns: {listed}")


def _check_equal_area(equal_area_crs: str) -> None:
    """Refuse an ``equal_area_crs`` that is unknown, geographic, or not on an equal-area projection."""
    hint = "use an equal-area CRS such as ESRI:102033 (South America Albers Equal Area, the default)"
    try:
        crs = CRS.from_user_input(equal_area_crs)
    except Exception as err:  # pyproj raises CRSError; one clear line instead
        raise ParameterError(f"unknown equal-area CRS {equal_area_crs!r}; {hint}") from err
    if crs.is_bound and crs.source_crs is not None:  # a PROJ string with +towgs84
        crs = crs.source_crs
    if crs.is_compound and crs.sub_crs_list:  # horizontal + vertical: the horizontal part
        crs = crs.sub_crs_list[0]
    if crs.is_geographic:
        raise ParameterError(f"{equal_area_crs!r} is geographic (degrees), not equal-area; {hint}")
    method = _projection_method(crs)
    if method not in EQUAL_AREA_PROJECTIONS:
        operation = crs.coordinate_operation
        kind = f"{operation.method_name} projection" if operation is not None else crs.type_name
        raise OverlayError(
            f"equal-area CRS {equal_area_crs!r} ({crs.name}, {kind}) is not equal-area: "
            f"areas measured in it are distorted and the shares would be wrong; {hint}"
        )


def _projection_method(crs: CRS) -> str | None:
    """Return the PROJ name (``+proj=``) of a projected CRS's map projection, else None.

    Examples
    --------
    >>> _projection_method(CRS("ESRI:102033")), _projection_method(CRS("EPSG:3857"))
    ('aea', 'webmerc')
    """
    operation = crs.coordinate_operation
    if operation is None:
        return None
    try:
        text = operation.to_proj4()
    except Exception:  # pragma: no cover - an operation PROJ cannot write as a string
        return None
    steps = [t.split("=", 1)[1] for t in text.split() if t.startswith("+proj=")]
    methods = [m for m in steps if m not in ("pipeline", "axisswap", "unitconvert")]
    return methods[0] if len(methods) == 1 else None


# --------------------------------------------------------------------------- zones


@dataclass(frozen=True)
class _ZonePayload:
    """What every partition needs to know about the zones: small, picklable, sent once."""

    wkb: tuple[bytes, ...]  # zone geometries in the equal-area CRS (overlaps already resolved)
    equal_area_crs: str
    area_of_interest: tuple[float, float, float, float]  # zones' lon/lat bounds: picks one datum operation


def _transformer(src: Any, dst: Any, area_of_interest: tuple[float, float, float, float]) -> Transformer:
    """Return ONE coordinate operation from *src* to *dst*, the best for the zones' area.

    ``to_crs`` picks a datum operation point by point: ESRI:102033 is on SAD69, and WGS84 →
    SAD69 has regional variants (Peru, Brazil, the rest of South America) that differ by tens of
    metres, so cells straddling their borders get distorted and a forward-then-inverse round
    trip misses by ~20 m. One operation for the whole job is smooth and exactly invertible.
    """
    group = TransformerGroup(src, dst, always_xy=True, area_of_interest=AreaOfInterest(*area_of_interest))
    if group.transformers:
        return group.transformers[0]
    return Transformer.from_crs(src, dst, always_xy=True)  # pragma: no cover - no candidate at all


def _project(geoms: NDArray[Any], transformer: Transformer, *, inverse: bool = False) -> NDArray[Any]:
    """Transform every vertex of *geoms* with *transformer* (forward, or inverse)."""
    direction = "INVERSE" if inverse else "FORWARD"

    def _xy(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(coords[:, 0], coords[:, 1], direction=direction)
        return np.column_stack([x, y])

    return np.asarray(shapely.transform(geoms, _xy), dtype=object)


#: Edges longer than this (degrees) in a lon/lat layer are densified before projecting: projected
#: vertex by vertex, a whole-world or polar-cap box would otherwise collapse (its corners meet at
#: the pole). Shorter edges stay as they are: they are straight in the equal-area CRS.
_LONG_EDGE_DEG = 10.0
#: Step of that densification, degrees.
_DENSIFY_DEG = 0.01

#: Equal-area CRSs offered when the chosen one's area of use does not cover the data, in order.
_COVERING_CRS = (
    ("ESRI:102033", "South America Albers Equal Area"),
    ("ESRI:102008", "North America Albers Equal Area"),
    ("ESRI:102013", "Europe Albers Equal Area"),
    ("ESRI:102022", "Africa Albers Equal Area"),
    ("EPSG:6931", "EASE-Grid 2.0 North, Lambert azimuthal equal-area"),
    ("EPSG:6932", "EASE-Grid 2.0 South, Lambert azimuthal equal-area"),
    ("EPSG:6933", "EASE-Grid 2.0 Global, cylindrical equal-area"),
    ("ESRI:54009", "World Mollweide"),
)


def _ring_edges(geoms: NDArray[Any]) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.intp]]:
    """Return every ring edge's start and end (x, y) and the index of the geometry it belongs to."""
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    coords, vertex_of = shapely.get_coordinates(rings, return_index=True)
    same_ring = vertex_of[1:] == vertex_of[:-1]
    return coords[:-1][same_ring], coords[1:][same_ring], part_of[ring_of[vertex_of[1:][same_ring]]]


def _check_antimeridian(
    geoms: NDArray[Any], what: str, labels: Sequence[Any] | None = None, *, bounds: Sequence[float] | None = None
) -> None:
    """Refuse lon/lat polygons with an edge jumping across the antimeridian (|Δlon| > 180°)."""
    west, _, east, _ = shapely.total_bounds(geoms) if bounds is None else bounds
    if not east - west > 180:  # no jump is possible: the cheap common case
        return
    start, end, owner = _ring_edges(geoms)
    # An edge from one side to the other is a jump unless it runs along the map's edge itself
    # (a whole-world box's edge from (-180, -90) to (180, -90) is a true planar edge).
    along_edge = (np.abs(start[:, 0]) == 180) & (np.abs(end[:, 0]) == 180)
    jumps = owner[(np.abs(end[:, 0] - start[:, 0]) > 180) & ~along_edge]
    if len(jumps):
        i = int(jumps[0])
        where = f"'{labels[i]}'" if labels is not None else f"row {i}"
        raise OverlayError(
            f"the {what} layer has polygons crossing the antimeridian in one piece (an edge jumps "
            f"more than 180° of longitude), first {where}: split them at ±180° as RFC 7946 asks "
            "(e.g. with the 'antimeridian' package), one part on each side"
        )


def _densify_long_edges(geoms: NDArray[Any]) -> NDArray[Any]:
    """Densify (to :data:`_DENSIFY_DEG`) the lon/lat geometries that have an edge over :data:`_LONG_EDGE_DEG`."""
    if len(geoms) == 0:
        return geoms
    minx, miny, maxx, maxy = shapely.bounds(geoms).T
    if not (np.hypot(maxx - minx, maxy - miny) > _LONG_EDGE_DEG).any():  # no edge can be that long
        return geoms
    start, end, owner = _ring_edges(geoms)
    delta = end - start
    long_edge = np.unique(owner[np.hypot(delta[:, 0], delta[:, 1]) > _LONG_EDGE_DEG])
    if len(long_edge) == 0:
        return geoms
    out = np.array(geoms, dtype=object)
    out[long_edge] = shapely.segmentize(out[long_edge], _DENSIFY_DEG)
    return out


def _lon_lat_bounds(bounds: Sequence[float], crs: Any) -> tuple[float, float, float, float]:
    """Return the lon/lat bounds of the box *bounds* given in *crs*."""
    west, south, east, north = (float(v) for v in bounds)
    source = CRS.from_user_input(crs)
    if source.is_geographic:
        return west, south, east, north
    to_lon_lat = Transformer.from_crs(source, "EPSG:4326", always_xy=True)
    w, s, e, n = to_lon_lat.transform_bounds(west, south, east, north, densify_pts=21)
    return float(w), float(s), float(e), float(n)


def _check_area_of_use(bounds: tuple[float, float, float, float], equal_area_crs: str, what: str) -> None:
    """Refuse data outside the equal-area CRS's area of use, naming a CRS that covers it."""
    crs = CRS.from_user_input(equal_area_crs)
    area = crs.area_of_use
    if area is None:  # a PROJ string: no declared area of use to check against
        return
    west, south, east, north = bounds
    tol = 1e-9
    lat_ok = south >= area.south - tol and north <= area.north + tol
    lon_ok = area.west > area.east or (west >= area.west - tol and east <= area.east + tol)  # wraps: lat only
    if lat_ok and lon_ok:
        return
    fix = next(
        (
            f"use one that does, e.g. --equal-area-crs {code} ({name})"
            for code, name in _COVERING_CRS
            if (a := CRS.from_user_input(code).area_of_use) is not None
            and a.west <= west and east <= a.east and a.south <= south and north <= a.north
        ),
        "split the data by region",
    )
    raise OverlayError(
        f"the {what} layer (lon {west:.6g}..{east:.6g}, lat {south:.6g}..{north:.6g}) lies outside the "
        f"area of use of the equal-area CRS {equal_area_crs} ({crs.name}: lon {area.west:g}..{area.east:g}, "
        f"lat {area.south:g}..{area.north:g}), where its areas are not to be trusted; {fix}"
    )


def _prepare_zones(
    zones: gpd.GeoDataFrame,
    *,
    zone_id_col: str,
    name_col: str | None,
    equal_area_crs: str,
    overlap: OverlapPolicy,
) -> tuple[gpd.GeoDataFrame, _ZonePayload, tuple[ZoneOverlap, ...]]:
    if zone_id_col not in zones.columns:
        listed = ", ".join(str(c) for c in zones.columns if c != zones.geometry.name)
        raise OverlayError(f"the zones layer has no id column '{zone_id_col}'; columns: {listed}")
    ids = [str(v) for v in zones[zone_id_col]]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise OverlayError(f"zone ids must be unique; repeated: {', '.join(dup)}")
    geoms = np.asarray(zones.geometry.array, dtype=object)
    _check_polygonal(geoms, "zones", ids)
    zones = _with_crs(zones, "zones")
    invalid = [ids[i] for i in np.flatnonzero(~shapely.is_valid(geoms))]
    if invalid:
        raise OverlayError(
            f"invalid zone geometry (e.g. self-intersecting) in: {', '.join(invalid)}; "
            "repair it (layers.load(..., repair=True) or shapely.make_valid)"
        )
    if name_col is None:
        names = [str(v) for v in zones["name"]] if "name" in zones.columns else ids
    elif name_col in zones.columns:
        names = [str(v) for v in zones[name_col]]
    else:
        listed = ", ".join(str(c) for c in zones.columns if c != zones.geometry.name)
        raise OverlayError(f"the zones layer has no name column '{name_col}'; columns: {listed}")
    lon_lat = zones.geometry.to_crs("EPSG:4326")
    _check_antimeridian(np.asarray(lon_lat.array, dtype=object), "zones", ids)
    west, south, east, north = (float(v) for v in lon_lat.total_bounds)
    _check_area_of_use((west, south, east, north), equal_area_crs, "zones")
    area_of_interest = (max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0))
    projected = geoms
    if CRS.from_user_input(zones.crs) != CRS.from_user_input(equal_area_crs):
        if CRS.from_user_input(zones.crs).is_geographic:
            geoms = _densify_long_edges(geoms)
        projected = _project(geoms, _transformer(zones.crs, equal_area_crs, area_of_interest))
        # A polar cap's two edges along the 180th meridian meet in a slit once projected: repair it.
        bad = ~shapely.is_valid(projected)
        if bad.any():
            projected[bad] = [_polygonal(g) for g in shapely.make_valid(projected[bad])]
    found = _find_overlaps(projected, ids)
    if found and overlap == "error":
        first = found[0]
        more = f" (and {len(found) - 1} more pair(s))" if len(found) > 1 else ""
        raise OverlayError(
            f"zones overlap: '{first.first_id}' and '{first.second_id}' share "
            f"{first.area_km2:.6g} km²{more}; fix the zones, or choose overlap='first' "
            "(CLI: --overlap first) to give shared area to the zone listed first"
        )
    if found:  # overlap == "first": each zone loses what earlier zones already hold
        projected = _give_shared_area_to_first(projected)
    out = gpd.GeoDataFrame(
        {"id": ids, "name": names},
        geometry=lon_lat.to_numpy(),
        crs="EPSG:4326",
    )
    payload = _ZonePayload(tuple(shapely.to_wkb(projected)), equal_area_crs, area_of_interest)
    return out, payload, found


def _give_shared_area_to_first(geoms: NDArray[Any]) -> NDArray[Any]:
    """Return the zones with each one minus what the zones listed before it already hold."""
    out = np.array(geoms, dtype=object)
    for i in range(1, len(out)):
        earlier = [g for g in out[:i] if shapely.intersects(g, out[i])]
        if earlier:
            out[i] = shapely.difference(out[i], shapely.union_all(earlier))
    return out


def _polygonal(geom: Any) -> Any:
    """Keep the polygonal parts of a geometry (``make_valid`` may add lines or points)."""
    if shapely.get_type_id(geom) in _POLYGONAL:
        return geom
    return shapely.union_all([g for g in shapely.get_parts(geom) if shapely.get_type_id(g) in _POLYGONAL])


def _find_overlaps(geoms: NDArray[Any], ids: Sequence[str]) -> tuple[ZoneOverlap, ...]:
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return ()
    shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right]))
    real = shared > _OVERLAP_REL_TOL * smaller
    order = np.lexsort((right[real], left[real]))
    return tuple(
        ZoneOverlap(ids[int(a)], ids[int(b)], float(s) / 1e6)
        for a, b, s in zip(left[real][order], right[real][order], shared[real][order], strict=True)
    )


# ------------------------------------------------------------------- the per-partition kernel


def _apportion_part(
    cells: gpd.GeoDataFrame, zones: _ZonePayload, value_col: str, *, checked: bool = False
) -> pd.DataFrame:
    """Apportion one partition of cells: one row per zone, then total input, then cell count.

    The same function runs on each chunk (geopandas engine) and on each dask partition.
    Cells are classified in their own CRS against the zones brought into it; only boundary
    cells are reprojected to the equal-area CRS and intersected there.
    """
    n_zones = len(zones.wkb)
    out = np.zeros(n_zones + 2)
    out[n_zones + 1] = len(cells)
    if len(cells) == 0:
        return pd.DataFrame({"value": out})
    values = _values(cells, value_col)
    geoms = np.asarray(cells.geometry.array, dtype=object)
    if not checked:  # the geopandas engine checks the whole layer once, before its chunks
        _check_polygonal(geoms, "cultivation")
    cells = _with_crs(cells, "cultivation")
    geographic = CRS.from_user_input(cells.crs).is_geographic
    cell_bounds = shapely.bounds(geoms)
    total_bounds = (*cell_bounds[:, :2].min(axis=0), *cell_bounds[:, 2:].max(axis=0))
    if geographic:
        _check_antimeridian(geoms, "cultivation", bounds=total_bounds)
    _check_area_of_use(_lon_lat_bounds(total_bounds, cells.crs), zones.equal_area_crs, "cultivation")
    with np.errstate(over="ignore"):  # checked by _values
        out[n_zones] = values.sum()
    # Fresh geometries per task: threads never share a prepared geometry.
    zones_ea = shapely.from_wkb(np.array(zones.wkb, dtype=object))
    same_crs = CRS.from_user_input(cells.crs) == CRS.from_user_input(zones.equal_area_crs)
    to_ea = None if same_crs else _transformer(cells.crs, zones.equal_area_crs, zones.area_of_interest)
    inner, outer = (zones_ea, zones_ea) if to_ea is None else _zone_bands(zones_ea, to_ea, cell_bounds)
    tree = shapely.STRtree(geoms)
    in_zone, in_cell = tree.query(inner, predicate="contains_properly")
    near_zone, near_cell = tree.query(outer, predicate="intersects")
    n_cells = len(geoms)
    edge = ~np.isin(near_zone * n_cells + near_cell, in_zone * n_cells + in_cell)
    edge_zone, edge_cell = near_zone[edge], near_cell[edge]
    sums = np.bincount(in_zone, weights=values[in_cell], minlength=n_zones).astype(float)
    if len(edge_cell):
        unique_cells, position = np.unique(edge_cell, return_inverse=True)
        edge_geoms = geoms[unique_cells]
        if to_ea is not None:
            edge_geoms = _project(_densify_long_edges(edge_geoms) if geographic else edge_geoms, to_ea)
        cell_area = shapely.area(edge_geoms)
        if (cell_area <= 0).any():
            raise OverlayError("the cultivation layer has cells of zero area; they cannot be apportioned")
        try:
            shared = shapely.area(shapely.intersection(edge_geoms[position], zones_ea[edge_zone]))
        except shapely.errors.GEOSException as err:
            raise OverlayError(f"a cultivation cell's geometry is invalid ({err}); repair the layer") from err
        weights = values[edge_cell] * (shared / cell_area[position])
        sums += np.bincount(edge_zone, weights=weights, minlength=n_zones)
    out[:n_zones] = sums
    return pd.DataFrame({"value": out})


#: Zone edges are densified to this length (equal-area CRS units, metres) before they are
#: brought into the cells' CRS, so straight edges there follow the equal-area edges closely.
_DENSIFY_M = 250.0

#: Width of the band around each zone's edge, as a fraction of the largest cell's extent.
_BAND_OF_CELL = 0.01


def _zone_bands(
    zones_ea: NDArray[Any], to_ea: Transformer, cell_bounds: NDArray[np.float64]
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Zones shrunk and grown by a safety band, in the cells' CRS, to classify cells there.

    A cell inside the shrunk zone is inside the zone in the equal-area CRS too; a cell that
    misses the grown zone misses it there too; every other cell is a boundary cell, measured
    exactly in the equal-area CRS. Why a band: a straight edge in one CRS is slightly curved in
    another. For a 1 km edge between lon/lat and South America Albers the gap is about a
    centimetre, and it grows with the square of the length (relative gap ~ 1e-5 per km), so a
    band of 1 % of the largest cell's extent is orders of magnitude wider than the gap, while
    adding only a sliver of cells to the exact path.
    """
    dense = shapely.segmentize(zones_ea, _DENSIFY_M)
    zones_src = _project(dense, to_ea, inverse=True)  # the same operation the cells go through
    minx, miny, maxx, maxy = cell_bounds.T
    band = _BAND_OF_CELL * float(np.max(np.maximum(maxx - minx, maxy - miny)))
    return shapely.buffer(zones_src, -band), shapely.buffer(zones_src, band)


def _meta() -> pd.DataFrame:
    return pd.DataFrame({"value": pd.Series(dtype=float)})


# --------------------------------------------------------------------------- engines


def _run_geopandas(
    cultivation: Any,
    payload: _ZonePayload,
    value_col: str,
    chunk_cells: int,
    progress: ProgressCallback | None,
) -> NDArray[np.float64]:
    cells = _read_layer(cultivation, "cultivation")
    _check_value_col(list(cells.columns), value_col, cells.geometry.name)
    if len(cells) == 0:
        raise OverlayError("the cultivation layer is empty")
    cells = _with_crs(cells, "cultivation")
    # Check the whole layer first, so counts and row numbers in errors are the layer's own.
    _values(cells, value_col)
    _check_polygonal(np.asarray(cells.geometry.array, dtype=object), "cultivation")
    n = len(cells)
    n_chunks = max(1, math.ceil(n / chunk_cells))
    total = np.zeros(len(payload.wkb) + 2)
    for k in range(n_chunks):
        part = cells.iloc[k * chunk_cells : (k + 1) * chunk_cells]
        total += _apportion_part(part, payload, value_col, checked=True)["value"].to_numpy()
        if progress is not None:
            progress(min(n, (k + 1) * chunk_cells), n)
    return total


def _run_dask(
    cultivation: Any,
    payload: _ZonePayload,
    value_col: str,
    chunk_cells: int,
    npartitions: int | None,
    client: Any,
    progress: ProgressCallback | None,
) -> NDArray[np.float64]:
    try:
        import dask
        import dask_geopandas
    except ImportError as err:
        raise ImportError(_DASK_HINT) from err
    # pyogrio installs GDAL's error handler in the thread that first imports it: import it here,
    # in the caller's thread, not in a dask worker thread validating a partition (GDAL warnings
    # would then go raw to stderr instead of through Python's warnings).
    import pyogrio  # noqa: F401
    if isinstance(cultivation, dask_geopandas.GeoDataFrame):
        ddf = cultivation
    elif isinstance(cultivation, str | os.PathLike) and Path(cultivation).suffix.lower() in (
        ".parquet",
        ".geoparquet",
    ):
        if not Path(cultivation).exists():
            from geo_huallaga.errors import DataFileNotFoundError

            raise DataFileNotFoundError(f"no such file: {cultivation}")
        ddf = _read_geoparquet(Path(cultivation), value_col, chunk_cells)
    else:
        gdf = _with_crs(_read_layer(cultivation, "cultivation"), "cultivation")
        if len(gdf) == 0:
            raise OverlayError("the cultivation layer is empty")
        parts = npartitions or max(1, math.ceil(len(gdf) / chunk_cells))
        ddf = dask_geopandas.from_geopandas(gdf, npartitions=parts)
    geometry_name = ddf.geometry.name
    _check_value_col(list(ddf.columns), value_col, geometry_name)
    if len(ddf.columns) > 2:
        ddf = ddf[[value_col, geometry_name]]
    if npartitions is not None and npartitions != ddf.npartitions:
        ddf = ddf.repartition(npartitions=npartitions)
    zones_once = dask.delayed(payload, pure=True)  # one graph node: shipped once to each worker
    results = ddf.map_partitions(_apportion_part, zones_once, value_col, meta=_meta())
    pieces = results.to_delayed()
    n = len(pieces)
    width = len(payload.wkb) + 2
    total = np.zeros(width)
    if client is None:
        client = _default_client()
    if client is not None:
        from distributed import as_completed

        futures = client.compute(pieces)
        for done, future in enumerate(as_completed(futures), start=1):
            total += future.result()["value"].to_numpy()
            if progress is not None:
                progress(done, n)
        return total
    callback = _DaskProgress(n, progress) if progress is not None else None
    if callback is not None:
        with callback:
            computed = dask.compute(*pieces)
    else:
        computed = dask.compute(*pieces)
    for frame in computed:
        total += frame["value"].to_numpy()
    return total


def _read_geoparquet(path: Path, value_col: str, chunk_cells: int) -> Any:
    """Partition a GeoParquet file or folder by row groups, reading only two columns.

    Each partition is read by the task that apportions it (``dd.from_map`` fuses with
    ``map_partitions``), so a worker never ships a partition of geometries to another.
    Files that are not WKB-encoded GeoParquet go through ``dask_geopandas.read_parquet``.
    """
    import dask.dataframe as dd
    import dask_geopandas
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    from geo_huallaga import _files, layers

    _files.check_input(path, what="file")  # a FIFO or device would never end
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    if not files:
        raise OverlayError(f"{path}: no .parquet files in this folder")
    try:
        schema = pq.read_schema(files[0])
    except Exception as err:  # pyarrow raises several types for files that are not Parquet
        raise OverlayError(f"{path}: cannot read as GeoParquet: {err}") from err
    geo = layers.geoparquet_metadata(files[0], schema=schema)  # malformed metadata: one clear line
    geometry_col = geo.get("primary_column")
    if geometry_col is None:
        raise OverlayError(f"{path}: not a GeoParquet file (no 'geo' metadata)")
    _check_value_col(schema.names, value_col, geometry_col)
    column_meta = geo.get("columns", {}).get(geometry_col, {})
    if column_meta.get("encoding", "WKB").upper() != "WKB":
        ddf = dask_geopandas.read_parquet(path, columns=[value_col, geometry_col])
        return ddf.map_partitions(_checked_partition, str(path), meta=ddf._meta)
    id_col = "id" if "id" in schema.names else None
    if id_col is not None:  # ids repeated across row groups: checked once, over the whole layer
        _check_ids(files, path)
    crs = _geoparquet_crs(schema, geometry_col)
    crs_text = None if crs is None else (json.dumps(crs) if isinstance(crs, dict) else str(crs))
    fragments: list[tuple[str, tuple[int, ...]]] = []
    for file in files:
        parquet = pq.ParquetFile(file)
        if _geoparquet_crs(parquet.schema_arrow, geometry_col) != crs:
            raise OverlayError(f"{file}: its CRS differs from {files[0].name}'s; use one CRS for every file")
        meta = parquet.metadata
        group: list[int] = []
        rows = 0
        for i in range(meta.num_row_groups):
            group.append(i)
            rows += meta.row_group(i).num_rows
            if rows >= chunk_cells:
                fragments.append((str(file), tuple(group)))
                group, rows = [], 0
        if group:
            fragments.append((str(file), tuple(group)))
    empty = gpd.GeoDataFrame(
        {value_col: pd.Series(dtype=float)}, geometry=gpd.GeoSeries([], crs=crs_text), crs=crs_text
    )
    return dd.from_map(
        _GeoParquetFragment(value_col, geometry_col, crs_text, id_col), fragments, meta=empty, label="read-geoparquet"
    )


def _check_ids(files: Sequence[Path], path: Path) -> None:
    """Refuse ids repeated anywhere in a GeoParquet layer, as the default engine does."""
    import pyarrow.parquet as pq

    from geo_huallaga.errors import LayerValidationError
    from geo_huallaga.layers import duplicate_ids

    ids = pd.concat([pq.read_table(f, columns=["id"]).to_pandas() for f in files], ignore_index=True)
    found = duplicate_ids(ids, str(path))
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise LayerValidationError(found[0] + more, found)


def _checked_partition(cells: gpd.GeoDataFrame, source: str) -> gpd.GeoDataFrame:
    """Validate a partition read by dask-geopandas (GeoArrow-encoded GeoParquet) and return it."""
    _validate_part(cells, source)
    return cells


def _validate_part(cells: gpd.GeoDataFrame, source: str) -> None:
    """Run the default engine's validation (:func:`geo_huallaga.layers.problems`) on one partition."""
    import warnings

    from geo_huallaga.errors import LayerValidationError
    from geo_huallaga.layers import problems

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # notes (a reprojection) are said once by the caller, not per partition
        _, found = problems(cells, source=source)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise LayerValidationError(found[0] + more, found)


def _geoparquet_crs(schema: Any, geometry_col: str) -> Any:
    """Return the CRS a GeoParquet schema declares for *geometry_col* (absent: OGC:CRS84, per the spec)."""
    from geo_huallaga import layers

    geo = layers.geoparquet_metadata("a GeoParquet file", schema=schema)  # malformed: one clear line
    return geo.get("columns", {}).get(geometry_col, {}).get("crs", "OGC:CRS84")


@dataclass(frozen=True)
class _GeoParquetFragment:
    """Read some row groups of one GeoParquet file: the value column and the WKB geometry."""

    value_col: str
    geometry_col: str
    crs: str | None
    id_col: str | None = None

    def __call__(self, fragment: tuple[str, tuple[int, ...]]) -> gpd.GeoDataFrame:
        import pyarrow.parquet as pq

        file, groups = fragment
        columns = [self.value_col, self.geometry_col] + ([self.id_col] if self.id_col else [])
        table = pq.ParquetFile(file).read_row_groups(list(groups), columns=list(dict.fromkeys(columns)))
        geoms = shapely.from_wkb(table.column(self.geometry_col).to_numpy(zero_copy_only=False))
        data = {self.value_col: table.column(self.value_col).to_pandas()}
        if self.id_col and self.id_col != self.value_col:
            data[self.id_col] = table.column(self.id_col).to_pandas()
        cells = gpd.GeoDataFrame(data, geometry=geoms, crs=self.crs)
        where = f"row group {groups[0]}" if len(groups) == 1 else f"row groups {groups[0]}-{groups[-1]}"
        _validate_part(cells, f"{file} {where}")
        return cells[[self.value_col, "geometry"]]


def _default_client() -> Any:
    """Return the active distributed client, if the caller has one (else None: local threads)."""
    try:
        from distributed import get_client
    except ImportError:
        return None
    try:
        return get_client()
    except ValueError:
        return None


class _DaskProgress:
    """Forward a local dask scheduler's finished-partition count to a progress callback."""

    def __init__(self, n: int, progress: ProgressCallback) -> None:
        from dask.callbacks import Callback

        self._n = n
        self._done = 0
        self._progress = progress
        outer = self

        class _Cb(Callback):
            def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, id: Any) -> None:
                if isinstance(result, pd.DataFrame) and list(result.columns) == ["value"]:
                    outer._done = min(outer._n, outer._done + 1)
                    outer._progress(outer._done, outer._n)

        self._cb = _Cb()

    def __enter__(self) -> _DaskProgress:
        self._cb.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._cb.__exit__(*exc)


# --------------------------------------------------------------------------- the public entry point


def apportion(
    cultivation: Any,
    zones: Any,
    *,
    value_col: str | None = None,
    raster_unit: str | None = None,
    band: int = 1,
    zone_id_col: str = "id",
    name_col: str | None = None,
    engine: Engine = "geopandas",
    client: Any = None,
    equal_area_crs: str = DEFAULT_EQUAL_AREA_CRS,
    overlap: OverlapPolicy = "error",
    chunk_cells: int = DEFAULT_CHUNK_CELLS,
    npartitions: int | None = None,
    progress: ProgressCallback | None = None,
) -> Apportionment:
    """Apportion a cultivation layer's values to zones by intersected area.

    Each cultivation feature (grid cell, hexagon or polygon carrying, e.g., hectares) gives each
    zone the fraction of its value equal to the fraction of its area inside the zone, measured
    in an equal-area CRS. Cells wholly inside a zone skip the intersection (spatial index +
    ``contains_properly``); only boundary cells are intersected.

    Parameters
    ----------
    cultivation : GeoDataFrame, dask_geopandas.GeoDataFrame, str or path
        The cultivation layer: a GeoDataFrame, or a file in any vector format (GeoJSON,
        GeoPackage, Shapefile, FlatGeobuf, GeoParquet) holding polygons; or, with
        ``raster_unit``, a raster GDAL reads (GeoTIFF, VRT, ...; extra ``geo-huallaga[raster]``),
        apportioned with exact partial-cell coverage (see :mod:`geo_huallaga.cultivation_raster`).
    zones : GeoDataFrame, str or path
        The zones: a GeoDataFrame, a path, or a built-in layer name such as ``"coca_zones"``.
    value_col : str
        The cultivation column to apportion (numeric, non-negative); vector layers only.
    raster_unit : {"ha-per-km2", "ha-per-cell", "fraction"}, optional
        The cultivation layer is a raster whose cells hold hectares per km², hectares per cell,
        or the fraction of the cell under coca. Values are then hectares (``value_col`` "ha").
    band : int, default 1
        The raster band to read.
    zone_id_col : str, default "id"
        The zones' identifier column (unique values).
    name_col : str, optional
        The zones' display-name column (an error if the layer lacks it). Default: ``name``
        when the layer has it, else the id.
    engine : {"geopandas", "dask"}, default "geopandas"
        ``"dask"`` partitions the cultivation layer with dask-geopandas (extra
        ``geo-huallaga[dask]``); a ``.parquet`` path is read straight into partitions.
    client : distributed.Client, optional
        With ``engine="dask"``: run on this cluster (else the active client, else local threads).
    equal_area_crs : str, default "ESRI:102033"
        The CRS in which areas are measured (South America Albers Equal Area). Its projection
        must be equal-area (one of :data:`EQUAL_AREA_PROJECTIONS`, e.g. Albers, Lambert
        azimuthal or cylindrical equal-area, Mollweide, Equal Earth).
    overlap : {"error", "first"}, default "error"
        What to do when zones overlap: raise, or give shared area to the zone listed first.
    chunk_cells : int, default 250000
        Cells per chunk (geopandas engine) or per partition (dask engine, when it partitions).
    npartitions : int, optional
        With ``engine="dask"``: repartition the cultivation layer into this many partitions.
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk or partition.

    Returns
    -------
    Apportionment
        Per-zone values, ``total_input``, ``total_assigned`` and ``unassigned``.

    Raises
    ------
    OverlayError
        Missing value column or explicit name column (the columns are listed), non-numeric,
        missing, negative or infinite values or a total too large to sum, zones that are not
        polygons or overlap, empty layers, coordinates that are not lon/lat in a layer with no
        CRS, an ``equal_area_crs`` whose projection is not equal-area.
    ParameterError
        Unknown engine or overlap policy, an unknown or geographic ``equal_area_crs``.
    ImportError
        ``engine="dask"`` without dask-geopandas installed.

    Examples
    --------
    A 2 × 2 cell with 8 ha, half inside a zone: the zone gets 4 ha, 4 ha stay unassigned.

    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> cell = gpd.GeoDataFrame({"ha": [8.0]}, geometry=[box(0, 0, 2, 2)], crs="EPSG:6933")
    >>> zone = gpd.GeoDataFrame({"id": ["z"]}, geometry=[box(1, -5, 9, 5)], crs="EPSG:6933")
    >>> r = apportion(cell, zone, value_col="ha", equal_area_crs="EPSG:6933")
    >>> float(r.zones["value"].iloc[0]), r.unassigned
    (4.0, 4.0)
    """
    if engine not in ("geopandas", "dask"):
        raise ParameterError(f"engine must be 'geopandas' or 'dask', got {engine!r}")
    if client is not None and engine != "dask":
        raise ParameterError("a dask client runs only engine='dask'; pass engine='dask' with it")
    if overlap not in ("error", "first"):
        raise ParameterError(f"overlap must be 'error' or 'first', got {overlap!r}")
    if chunk_cells < 1:
        raise ParameterError(f"chunk_cells must be positive, got {chunk_cells}")
    _check_equal_area(equal_area_crs)
    if raster_unit is None and _is_raster(cultivation):
        raise ParameterError(
            f"{cultivation} is a raster: say what its cells hold with raster_unit "
            "(CLI: --raster-unit ha-per-km2|ha-per-cell|fraction)"
        )
    if raster_unit is None and value_col is None:
        raise ParameterError("value_col is required for a vector cultivation layer (CLI: --value-col)")
    zone_frame = _read_layer(zones, "zones")
    zone_out, payload, overlaps = _prepare_zones(
        zone_frame,
        zone_id_col=zone_id_col,
        name_col=name_col,
        equal_area_crs=equal_area_crs,
        overlap=overlap,
    )
    if raster_unit is not None:
        return _apportion_raster(
            cultivation, zone_frame, zone_out, overlaps,
            raster_unit=raster_unit, band=band, engine=engine, client=client, progress=progress,
        )
    if value_col is None:  # pragma: no cover - refused above; this narrows the type
        raise ParameterError("value_col is required for a vector cultivation layer")
    with np.errstate(over="ignore"):  # an overflowing total is refused just below, in one line
        if engine == "dask":
            sums = _run_dask(cultivation, payload, value_col, chunk_cells, npartitions, client, progress)
        else:
            sums = _run_geopandas(cultivation, payload, value_col, chunk_cells, progress)
    n_zones = len(zone_out)
    if sums[n_zones + 1] == 0:
        raise OverlayError("the cultivation layer is empty")
    _check_total(float(sums[n_zones]), value_col)  # partitions each below the limit may add up past it
    total_input = float(sums[n_zones])
    return _result(zone_out, sums[:n_zones], total_input, value_col=value_col, overlaps=overlaps)


def _result(
    zone_out: gpd.GeoDataFrame,
    zone_values: Any,
    total_input: float,
    *,
    value_col: str,
    overlaps: tuple[ZoneOverlap, ...],
    **extra: Any,
) -> Apportionment:
    """Put the zone sums on the zones and say what was assigned and what was not."""
    zone_out["value"] = zone_values
    total_assigned = float(np.sum(zone_values))
    unassigned = total_input - total_assigned
    if abs(unassigned) <= 1e-12 * max(total_input, 1.0):
        # Rounding noise of the sums (everything was assigned): report exact conservation.
        unassigned, total_assigned = 0.0, total_input
    return Apportionment(
        zones=zone_out[["id", "name", "value", "geometry"]],
        total_input=total_input,
        total_assigned=total_assigned,
        unassigned=float(unassigned),
        value_col=value_col,
        overlaps=overlaps,
        **extra,
    )


def _is_raster(source: Any) -> bool:
    from geo_huallaga.cultivation_raster import is_raster_path

    return is_raster_path(source) or type(source).__module__.startswith("rasterio")


def _apportion_raster(
    raster: Any,
    zone_frame: gpd.GeoDataFrame,
    zone_out: gpd.GeoDataFrame,
    overlaps: tuple[ZoneOverlap, ...],
    *,
    raster_unit: str,
    band: int,
    engine: Engine,
    client: Any,
    progress: ProgressCallback | None,
) -> Apportionment:
    """Run the raster branch of :func:`apportion` (zones already checked by ``_prepare_zones``)."""
    from geo_huallaga.cultivation_raster import raster_sums

    sums = raster_sums(
        raster,
        _with_crs(zone_frame, "zones"),
        raster_unit=raster_unit,
        band=band,
        engine=engine,
        client=client,
        first_wins=bool(overlaps),
        progress=progress,
    )
    return _result(
        zone_out, sums.zone_ha, sums.total_ha, value_col="ha", overlaps=overlaps,
        raster_unit=raster_unit, nodata_cells=sums.nodata_cells, nodata_km2=sums.nodata_km2,
    )
