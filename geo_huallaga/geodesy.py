"""Geodesy on the WGS84 ellipsoid: distances, bearings, line lengths, great circles, rings.

Every figure comes from one implementation, :class:`pyproj.Geod` on WGS84 (Karney's
algorithms, accurate to a few nanometres), called once per array: nothing here loops in
Python over points. Functions take ``(lon, lat)`` in that order, in degrees, as scalars or
numpy arrays; a scalar in gives a ``float`` out, an array in gives an array of the same shape.
Coordinates are checked on the way in: a latitude outside [-90, 90] or a longitude outside
[-180, 180] raises :class:`~geo_huallaga.errors.InvalidCoordinateError`, with a
"lat/lon swapped?" hint when swapping the two would make them valid.

This module imports nothing of the project except its errors.

Examples
--------
>>> from geo_huallaga import geodesy
>>> round(geodesy.distance_km(-76.0006, -9.2981, -81.0994, -5.0931), 2)  # Tingo María → Paita
730.24
>>> geodesy.KM_PER_NM
1.852
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, Protocol, cast, overload

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon

from geo_huallaga.errors import InvalidCoordinateError, ParameterError

__all__ = [
    "FT_PER_M",
    "KM_PER_MI",
    "KM_PER_NM",
    "LENGTH_UNITS_KM",
    "M_PER_FT",
    "M_PER_KM",
    "WGS84",
    "distance_km",
    "distance_matrix_km",
    "geodesic_ring",
    "great_circle",
    "initial_bearing_deg",
    "line_length_km",
    "point_segment_distance_km",
    "validate_lon_lat",
]

#: The one ellipsoid every figure of the toolkit is computed on.
WGS84: Final[Geod] = Geod(ellps="WGS84")

# Exact unit conversions, each by definition (no rounding):
#: metres in a kilometre.
M_PER_KM: Final[float] = 1000.0
#: kilometres in an international nautical mile (1,852 m exactly, by definition, 1929).
KM_PER_NM: Final[float] = 1.852
#: kilometres in an international statute mile (1,609.344 m exactly, 1959 agreement).
KM_PER_MI: Final[float] = 1.609344
#: metres in an international foot (0.3048 m exactly, 1959 agreement).
M_PER_FT: Final[float] = 0.3048
#: feet in a metre (the reciprocal of :data:`M_PER_FT`).
FT_PER_M: Final[float] = 1.0 / M_PER_FT
#: kilometres per unit, for the length units the command line offers (read-only).
LENGTH_UNITS_KM: Final[Mapping[str, float]] = MappingProxyType(
    {"km": 1.0, "nm": KM_PER_NM, "mi": KM_PER_MI}
)

_FloatArray = NDArray[np.float64]


def _describe(lon: float, lat: float) -> str:
    return f"(lon={lon:g}, lat={lat:g})"


def validate_lon_lat(lon: ArrayLike, lat: ArrayLike) -> tuple[_FloatArray, _FloatArray]:
    """Check longitudes and latitudes and return them as float arrays.

    Parameters
    ----------
    lon, lat : float or array_like
        Longitudes in [-180, 180] and latitudes in [-90, 90], degrees; broadcast together.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)`` as float64 arrays of the broadcast shape.

    Raises
    ------
    InvalidCoordinateError
        When a value is not finite or out of range. The message names the first bad pair,
        how many are bad, and adds "lat/lon swapped?" when swapping them would be valid.

    Examples
    --------
    >>> validate_lon_lat(-75.1481, -10.1842)
    (array(-75.1481), array(-10.1842))
    >>> validate_lon_lat(-10.1842, -75.1481)[1]
    array(-75.1481)
    >>> validate_lon_lat(-120.0, 95.0)
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.InvalidCoordinateError: latitude 95 out of range [-90, 90] at ...
    >>> validate_lon_lat([-75.1, -10.2], [-10.2, -75.1])
    (array([-75.1, -10.2]), array([-10.2, -75.1]))
    >>> validate_lon_lat([-75.1, -10.2], [-10.2, -175.1])
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.InvalidCoordinateError: latitude -175.1 out of range [-90, 90] at ... \
    lat/lon swapped? (lon=-175.1, lat=-10.2) would be valid
    """
    try:
        lon_a, lat_a = np.broadcast_arrays(
            np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
        )
    except (TypeError, ValueError) as err:
        raise InvalidCoordinateError(
            f"coordinates must be numbers of matching shape: {err}"
        ) from err
    finite = np.isfinite(lon_a) & np.isfinite(lat_a)
    lat_ok = np.abs(lat_a) <= 90.0
    lon_ok = np.abs(lon_a) <= 180.0
    good = finite & lat_ok & lon_ok
    if good.all():
        return lon_a, lat_a
    bad = np.flatnonzero(~good.ravel())
    i = int(bad[0])
    x, y = float(lon_a.ravel()[i]), float(lat_a.ravel()[i])
    where = _describe(x, y)
    if lon_a.ndim:
        index = i if lon_a.ndim == 1 else tuple(int(k) for k in np.unravel_index(i, lon_a.shape))
        count = f", {bad.size} bad of {lon_a.size}" if bad.size > 1 else ""
        where += f" (index {index}{count})"
    if not finite.ravel()[i]:
        raise InvalidCoordinateError(f"coordinates must be finite numbers, got {where}")
    msg = (
        f"latitude {y:g} out of range [-90, 90] at {where}"
        if not lat_ok.ravel()[i]
        else f"longitude {x:g} out of range [-180, 180] at {where}"
    )
    if abs(x) <= 90.0 and abs(y) <= 180.0:
        msg += f"; lat/lon swapped? {_describe(y, x)} would be valid"
    raise InvalidCoordinateError(msg)


def _out(values: _FloatArray, scalar: bool) -> Any:
    return float(values) if scalar else values


def _inv(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> tuple[_FloatArray, _FloatArray, tuple[int, ...]]:
    """One ``Geod.inv`` on validated, broadcast arrays: (azimuth deg, distance m, shape)."""
    x1, y1 = validate_lon_lat(lon1, lat1)
    x2, y2 = validate_lon_lat(lon2, lat2)
    shape = np.broadcast_shapes(x1.shape, x2.shape)
    # Fresh C-ordered float copies (the copies pyproj would make anyway), which pyproj may
    # then overwrite in place: no second copy, and the caller's arrays are never touched.
    a1, b1, a2, b2 = (
        np.array(np.broadcast_to(a, shape), dtype=np.float64, order="C").ravel()
        for a in (x1, y1, x2, y2)
    )
    az, _, dist = WGS84.inv(a1, b1, a2, b2, return_back_azimuth=False, inplace=True)
    return np.asarray(az).reshape(shape), np.asarray(dist).reshape(shape), shape


class _PairFunction(Protocol):
    """A function of two points that gives a float for scalars and an array for arrays."""

    @overload
    def __call__(self, lon1: float, lat1: float, lon2: float, lat2: float) -> float: ...
    @overload
    def __call__(
        self, lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
    ) -> _FloatArray: ...


def _pair_function(func: Callable[..., Any]) -> _PairFunction:
    """Give *func* the scalar-in-float-out, array-in-array-out signature for type checkers."""
    return cast(_PairFunction, func)


@_pair_function
def distance_km(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> Any:
    """Geodesic distance on WGS84, in kilometres.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array_like
        Start and end points in degrees, ``(lon, lat)`` order; arrays broadcast together.

    Returns
    -------
    float or numpy.ndarray
        A float when every input is a scalar, else an array of the broadcast shape.

    Raises
    ------
    InvalidCoordinateError
        A coordinate out of range or not finite.

    Examples
    --------
    >>> round(distance_km(-75.1481, -10.1842, -72.6776, -7.6276), 3)  # Iscozacín → Cruzeiro do Sul
    392.14
    >>> distance_km([0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]).round(3)
    array([111.319, 110.574])
    """
    _, dist, shape = _inv(lon1, lat1, lon2, lat2)
    return _out(dist / M_PER_KM, shape == ())


def distance_matrix_km(
    lons_a: ArrayLike, lats_a: ArrayLike, lons_b: ArrayLike, lats_b: ArrayLike
) -> _FloatArray:
    """Distances in kilometres from every point of set A to every point of set B.

    Parameters
    ----------
    lons_a, lats_a : array_like
        The ``m`` points of A (1-D, degrees).
    lons_b, lats_b : array_like
        The ``n`` points of B (1-D, degrees).

    Returns
    -------
    numpy.ndarray
        Shape ``(m, n)``; element ``[i, j]`` is the distance from A[i] to B[j].

    Examples
    --------
    >>> distance_matrix_km([0.0, 10.0], [0.0, 0.0], [0.0, 1.0, 2.0], [0.0, 0.0, 0.0]).round(1)
    array([[   0. ,  111.3,  222.6],
           [1113.2, 1001.9,  890.6]])
    """
    xa, ya = (np.atleast_1d(a).ravel() for a in validate_lon_lat(lons_a, lats_a))
    xb, yb = (np.atleast_1d(b).ravel() for b in validate_lon_lat(lons_b, lats_b))
    m, n = xa.size, xb.size
    _, _, dist = WGS84.inv(
        np.repeat(xa, n), np.repeat(ya, n), np.tile(xb, m), np.tile(yb, m),
        return_back_azimuth=False,
    )
    return np.asarray(dist).reshape(m, n) / M_PER_KM


@_pair_function
def initial_bearing_deg(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> Any:
    """Compute the initial true bearing from point 1 to point 2, degrees in [0, 360).

    Takes the same arguments as :func:`distance_km` and returns a float or an array the
    same way. The bearing is clockwise from true north, the azimuth at which the geodesic
    leaves point 1. For two equal points it is undefined and pyproj's convention (0 or
    180) is returned.

    Examples
    --------
    >>> initial_bearing_deg(0.0, 0.0, 1.0, 0.0)
    90.0
    >>> round(initial_bearing_deg(-75.1481, -10.1842, -68.7692, -11.0267), 1)  # → Cobija
    98.2
    """
    az, _, shape = _inv(lon1, lat1, lon2, lat2)
    # the second modulo folds the 360.0 that np.mod gives for tiny negative azimuths
    return _out(np.mod(az, 360.0) % 360.0, shape == ())


def line_length_km(geoms: Any) -> _FloatArray:
    """Geodesic lengths of LineStrings and MultiLineStrings in one vectorized pass, km.

    All vertices are gathered with ``shapely.get_coordinates(return_index=True)``, every
    segment is measured by one ``Geod.inv`` call, and the segments are summed per geometry
    with ``np.bincount``. A MultiLineString is the sum of its parts: the gap between the end
    of one part and the start of the next is not counted (the same as
    ``Geod.geometry_length``).

    Parameters
    ----------
    geoms : GeoSeries, array_like of shapely geometries, or one geometry
        LineStrings, LinearRings or MultiLineStrings in lon/lat degrees (EPSG:4326).
        A GeoSeries in a projected CRS is refused.

    Returns
    -------
    numpy.ndarray
        One length per geometry (a 1-element array for a single geometry). An empty
        geometry has length 0.0; a missing one (``None``) gives ``nan``.

    Raises
    ------
    ParameterError
        A geometry that is not a line, or a GeoSeries not in geographic coordinates.
    InvalidCoordinateError
        A vertex out of range.

    Examples
    --------
    >>> from shapely.geometry import LineString, MultiLineString
    >>> lines = [LineString([(0, 0), (1, 0), (1, 1)]),
    ...          MultiLineString([[(0, 0), (1, 0)], [(50, 50), (51, 50)]]),
    ...          LineString(), None]
    >>> line_length_km(lines).round(3)
    array([221.894, 183.015,   0.   ,     nan])
    """
    crs = getattr(geoms, "crs", None)
    if crs is not None and not crs.is_geographic:
        raise ParameterError(
            f"line_length_km needs lon/lat coordinates (EPSG:4326), got {crs.to_string()}; "
            "reproject with .to_crs(4326) first"
        )
    arr = np.atleast_1d(np.asarray(getattr(geoms, "values", geoms), dtype=object)).ravel()
    type_ids = shapely.get_type_id(arr)
    # -1 missing; 1 LineString, 2 LinearRing, 5 MultiLineString.
    wrong = ~np.isin(type_ids, (-1, 1, 2, 5))
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        raise ParameterError(
            f"line_length_km measures LineStrings and MultiLineStrings; "
            f"got {arr[i].geom_type} at index {i}"
        )
    if (type_ids == 5).any():
        parts, part_owner = shapely.get_parts(arr, return_index=True)
    else:
        parts, part_owner = arr, np.arange(arr.size)
    coords, part_of_vertex = shapely.get_coordinates(parts, return_index=True)
    lengths_m: Any = np.zeros(arr.size)
    if len(coords) > 1:
        x, y = validate_lon_lat(coords[:, 0], coords[:, 1])
        same_part = part_of_vertex[1:] == part_of_vertex[:-1]
        start = np.flatnonzero(same_part)
        _, _, seg_m = WGS84.inv(  # the fancy-indexed arrays are fresh copies: overwrite them
            x[start], y[start], x[start + 1], y[start + 1], return_back_azimuth=False,
            inplace=True,
        )
        owner = part_owner[part_of_vertex[start]]
        lengths_m = np.bincount(owner, weights=np.asarray(seg_m), minlength=arr.size)
    lengths_km: _FloatArray = lengths_m / M_PER_KM
    lengths_km[type_ids == -1] = np.nan
    return lengths_km


def _check_distinct(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance in metres between two validated points, refusing equal points."""
    validate_lon_lat([lon1, lon2], [lat1, lat2])
    _, _, dist = WGS84.inv(lon1, lat1, lon2, lat2)
    if dist == 0.0:
        raise InvalidCoordinateError(
            f"the two points are the same {_describe(lon1, lat1)}: no line between them"
        )
    return float(dist)


def _wrap180(lon: _FloatArray) -> _FloatArray:
    wrapped: _FloatArray = (np.asarray(lon) + 180.0) % 360.0 - 180.0
    return wrapped


def great_circle(
    lon1: float, lat1: float, lon2: float, lat2: float, *, spacing_km: float = 20.0
) -> LineString | MultiLineString:
    """Trace the geodesic (the ellipsoid's "great circle") between two points as a line.

    Points are placed along the geodesic at most ``spacing_km`` apart, so that the line
    still follows the geodesic when drawn on a flat map. Where the geodesic crosses the
    antimeridian the line is split there into a MultiLineString (RFC 7946 §3.1.9), with both
    pieces ending exactly on ±180° at the latitude where the geodesic crosses it.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float
        Start and end in degrees.
    spacing_km : float, default 20.0
        Largest distance between consecutive vertices.

    Returns
    -------
    LineString or MultiLineString
        From point 1 to point 2; a MultiLineString only when it crosses the antimeridian.
        An end given on -180 or 180 is written on the side its line lies on (the same
        meridian). Between antipodal points the geodesic is not unique and pyproj's is
        returned.

    Raises
    ------
    InvalidCoordinateError
        A coordinate out of range, or the two points equal.
    ParameterError
        ``spacing_km`` not positive.

    Examples
    --------
    >>> line = great_circle(-75.1481, -10.1842, -68.7692, -11.0267, spacing_km=100)
    >>> line.geom_type, len(line.coords), line.coords[0], line.coords[-1]
    ('LineString', 9, (-75.1481, -10.1842), (-68.7692, -11.0267))
    >>> pacific = great_circle(170.0, -10.0, -170.0, -12.0)
    >>> pacific.geom_type, [round(p.coords[-1][0]) for p in pacific.geoms]
    ('MultiLineString', [180, -170])
    """
    if not (np.isfinite(spacing_km) and spacing_km > 0):
        raise ParameterError(f"spacing_km must be a positive number, got {spacing_km}")
    dist_m = _check_distinct(lon1, lat1, lon2, lat2)
    segments = max(1, int(np.ceil(dist_m / (spacing_km * M_PER_KM))))
    line = WGS84.inv_intermediate(
        lon1, lat1, lon2, lat2, npts=segments + 1, initial_idx=0, terminus_idx=0,
        return_back_azimuth=True,
    )
    lons = np.array(line.lons, dtype=np.float64)
    lats = np.array(line.lats, dtype=np.float64)
    lons[0], lats[0], lons[-1], lats[-1] = lon1, lat1, lon2, lat2
    for end, neighbour in ((0, 1), (-1, -2)):  # an end on ±180 takes the side of its line
        # (within 1e-9°, 0.1 mm: 179.99999999999997 is the antimeridian too, not a point beside it)
        if abs(abs(lons[end]) - 180.0) <= 1e-9 and abs(lons[neighbour]) > 90.0:
            lons[end] = np.copysign(180.0, lons[neighbour])
    step = _wrap180(np.diff(lons))
    # A geodesic along a meridian over a pole flips longitude by 180° there: cut at the pole.
    over_pole = np.isclose(np.abs(step), 180.0, rtol=0.0, atol=1e-6)
    cuts: dict[int, tuple[tuple[float, float], tuple[float, float]]] = {}
    for i in np.flatnonzero(over_pole):
        pole_lat = float(np.copysign(90.0, lats[i] + lats[i + 1]))
        cuts[int(i)] = ((float(lons[i]), pole_lat), (float(lons[i + 1]), pole_lat))
    crossing = np.flatnonzero((np.abs(lons[:-1] + step) > 180.0) & ~over_pole)
    if crossing.size == 0 and not cuts:
        return LineString(np.column_stack([lons, lats]))
    if crossing.size == 0:
        return _cut_line(lons, lats, cuts)
    az12, _, _ = WGS84.inv(lon1, lat1, lon2, lat2, return_back_azimuth=False)
    seg_m = dist_m / segments
    bound = np.sign(lons[crossing] + step[crossing]) * 180.0

    def unwrapped_lon(s_m: _FloatArray) -> _FloatArray:
        lon_s, _, _ = WGS84.fwd(
            np.full(s_m.size, lon1), np.full(s_m.size, lat1), np.full(s_m.size, az12), s_m,
            return_back_azimuth=False,
        )
        base = lons[crossing]
        return base + _wrap180(np.asarray(lon_s) - base)

    s_cross = _bisect(unwrapped_lon, crossing * seg_m, (crossing + 1) * seg_m, bound)
    _, lat_cross, _ = WGS84.fwd(
        np.full(s_cross.size, lon1), np.full(s_cross.size, lat1), np.full(s_cross.size, az12),
        s_cross, return_back_azimuth=False,
    )
    for i, b, lc in zip(crossing, bound, np.asarray(lat_cross), strict=True):
        cuts[int(i)] = ((float(b), float(lc)), (float(-b), float(lc)))
    return _cut_line(lons, lats, cuts)


def _cut_line(
    lons: _FloatArray, lats: _FloatArray, cuts: dict[int, tuple[tuple[float, float], tuple[float, float]]]
) -> MultiLineString:
    """Split a vertex sequence into parts: after vertex ``i`` end at ``cuts[i][0]``, restart at ``cuts[i][1]``."""
    pieces: list[list[tuple[float, float]]] = [[]]
    for i, vertex in enumerate(zip(lons.tolist(), lats.tolist(), strict=True)):
        pieces[-1].append(vertex)
        if i in cuts:
            end, start = cuts[i]
            if pieces[-1][-1] != end:
                pieces[-1].append(end)
            pieces.append([start])
    return MultiLineString([p for p in pieces if len(set(p)) > 1])


def _bisect(
    func: Any, lo: ArrayLike, hi: ArrayLike, target: ArrayLike, *, iterations: int = 60
) -> _FloatArray:
    """Solve ``func(t) == target`` by vectorised bisection between ``lo`` and ``hi``.

    ``func`` must be monotonic on each interval with the target inside it.
    """
    low = np.array(lo, dtype=np.float64)
    high = np.array(hi, dtype=np.float64)
    rising = func(low) < target
    for _ in range(iterations):
        mid = 0.5 * (low + high)
        go_right = (func(mid) < target) == rising
        low = np.where(go_right, mid, low)
        high = np.where(go_right, high, mid)
    result: _FloatArray = 0.5 * (low + high)
    return result


def geodesic_ring(
    lon: float, lat: float, radius_km: float, *, n: int = 256
) -> Polygon | MultiPolygon:
    """Draw the true geodesic circle of a given radius around a point as a polygon.

    The ``n`` vertices are the points at exactly ``radius_km`` along the geodesics leaving
    the centre at ``n`` evenly spaced azimuths (``Geod.fwd``): not a buffer in degrees, so
    the ring keeps its true size at any latitude (at 60°S it spans twice as many degrees of
    longitude as of latitude). Three cases:

    * the circle lies within [-180, 180]: a Polygon of the ``n`` vertices;
    * it crosses the antimeridian: the exact crossing points on the circle are added and the
      circle is cut there into a MultiPolygon of two pieces, one each side (RFC 7946 §3.1.9);
    * it encloses a pole: the circle then crosses the antimeridian once; the crossing point
      is added on both sides (lon -180 and 180) and the polygon is closed through the pole
      along the map's edge, i.e. the ring gains two corners at (±180, ±90) that are not on
      the circle. A circle enclosing both poles is refused.

    Every vertex other than those two pole corners lies on the circle. Rings are oriented
    counter-clockwise (exterior of RFC 7946) and valid.

    Parameters
    ----------
    lon, lat : float
        Centre in degrees.
    radius_km : float
        Geodesic radius, > 0.
    n : int, default 256
        Number of evenly spaced vertices on the circle (at least 8).

    Returns
    -------
    Polygon or MultiPolygon
        A MultiPolygon only when the circle crosses the antimeridian without enclosing a pole.

    Raises
    ------
    InvalidCoordinateError
        Centre out of range.
    ParameterError
        Radius not positive, ``n`` below 8, or a circle that would enclose both poles.

    Examples
    --------
    >>> ring = geodesic_ring(-75.1481, -10.1842, 700.0)
    >>> ring.geom_type, ring.is_valid, len(ring.exterior.coords)
    ('Polygon', True, 257)
    >>> geodesic_ring(179.0, -60.0, 300.0).geom_type
    'MultiPolygon'
    >>> polar = geodesic_ring(0.0, 85.0, 1000.0)
    >>> polar.geom_type, polar.is_valid, polar.bounds[3]
    ('Polygon', True, 90.0)
    """
    if not (np.isfinite(radius_km) and radius_km > 0):
        raise ParameterError(f"radius_km must be a positive number, got {radius_km}")
    if int(n) != n or n < 8:
        raise ParameterError(f"n must be an integer of at least 8, got {n}")
    validate_lon_lat(lon, lat)
    radius_m = radius_km * M_PER_KM
    _, _, to_poles = WGS84.inv([lon, lon], [lat, lat], [0.0, 0.0], [90.0, -90.0])
    inside_pole = np.asarray(to_poles) < radius_m
    if inside_pole.all():
        raise ParameterError(
            f"a ring of {radius_km:g} km around {_describe(lon, lat)} would enclose both poles; "
            "use a smaller radius"
        )
    step = 360.0 / n
    azimuths = np.arange(n) * step

    def circle(azimuths_deg: ArrayLike) -> tuple[_FloatArray, _FloatArray]:
        az = np.asarray(azimuths_deg, dtype=np.float64)
        lo, la, _ = WGS84.fwd(
            np.full(az.size, float(lon)), np.full(az.size, float(lat)), az,
            np.full(az.size, radius_m), return_back_azimuth=False,
        )
        return np.asarray(lo), np.asarray(la)

    lons, lats = circle(azimuths)
    if np.any(np.abs(lons) == 180.0):  # a vertex exactly on the cut: shift the grid a little
        azimuths = azimuths + step / 2
        lons, lats = circle(azimuths)
    jump = _wrap180(np.roll(lons, -1) - lons)
    crossing = np.flatnonzero(np.abs(lons + jump) > 180.0)
    if crossing.size == 0:
        return shapely.orient_polygons(Polygon(np.column_stack([lons, lats])))
    bound = np.sign(lons[crossing] + jump[crossing]) * 180.0
    base = lons[crossing]
    az_cross = _bisect(
        lambda az: base + _wrap180(circle(az)[0] - base),
        azimuths[crossing], azimuths[crossing] + step, bound,
    )
    _, lat_cross = circle(az_cross)
    # Walk the circle once, starting just after the first crossing, cutting at each crossing.
    first = int(crossing[0])
    order = [(first + 1 + k) % n for k in range(n)]
    cuts = {
        int(i): (float(b), float(lc))
        for i, b, lc in zip(crossing, bound, lat_cross, strict=True)
    }
    b0, lc0 = cuts[first]
    arcs: list[list[tuple[float, float]]] = [[(-b0, lc0)]]
    for i in order:
        arcs[-1].append((float(lons[i]), float(lats[i])))
        if i in cuts:
            b, lc = cuts[i]
            arcs[-1].append((b, lc))
            if i != first:
                arcs.append([(-b, lc)])
    if crossing.size == 1:  # one pole inside: close the single arc along the map edge
        pole_lat = 90.0 if to_poles[0] < to_poles[1] else -90.0
        arc = arcs[0]
        ring = [*arc, (arc[-1][0], pole_lat), (arc[0][0], pole_lat)]
        return shapely.orient_polygons(Polygon(ring))
    return shapely.orient_polygons(MultiPolygon([Polygon(arc) for arc in arcs]))


#: Largest number of refinement steps :func:`point_segment_distance_km` takes; it stops
#: earlier once every foot point moves by less than a millimetre (usually 2-3 steps).
_FOOT_MAX_STEPS: Final[int] = 12
_FOOT_TOLERANCE_M: Final[float] = 1e-3
#: Mean Earth radius (IUGG R1 = (2a + b) / 3 for WGS84), metres: only scales the step of the
#: foot-point iteration, never a reported distance.
_MEAN_RADIUS_M: Final[float] = 6_371_008.8


def point_segment_distance_km(
    lon: ArrayLike,
    lat: ArrayLike,
    lon_a: ArrayLike,
    lat_a: ArrayLike,
    lon_b: ArrayLike,
    lat_b: ArrayLike,
) -> _FloatArray:
    """Geodesic distance from points P to geodesic segments AB on WGS84, in kilometres.

    The segment is the geodesic from A to B (the shortest path on the ellipsoid), as a GIS
    that measures on the ellipsoid treats a polygon edge or a road segment. The closest point
    X on AB is found by iterating on the segment: from the current X, the geodesic to P makes
    an angle θ with the segment; on a sphere the foot of the perpendicular lies at
    ``atan2(sin(d/R)·cos θ, cos(d/R))·R`` further along (a right spherical triangle), and the
    ellipsoid's flattening only makes that step slightly off, so the iteration converges to the
    point where the geodesic XP meets AB at a right angle (a millimetre in two or three
    steps). X is kept between A and B; ``Geod.inv`` then gives the distance |PX|. Every point
    and segment is processed in one vectorized ``Geod.fwd``/``Geod.inv`` call per step.

    Parameters
    ----------
    lon, lat : array_like
        The points P, degrees.
    lon_a, lat_a, lon_b, lat_b : array_like
        The segment ends A and B, degrees; broadcast with P (one segment per point, or one
        point against many segments). A segment with A == B is the point A.

    Returns
    -------
    numpy.ndarray
        Distances in km, of the broadcast shape (1-D at least).

    Raises
    ------
    InvalidCoordinateError
        A coordinate out of range.

    Notes
    -----
    Exact to well under a millimetre against GeographicLib for segments up to a few thousand
    kilometres (``tests/test_proximity.py`` checks to 1 m). The distance from a point to a
    geodesic is unimodal along it while P is nearer than a quarter meridian, which is what
    makes keeping X between A and B give the closest point of the segment.

    Examples
    --------
    A point 10 km east of the meridian segment from 10°S to 9°S, at 9.5°S, is 10 km from it:

    >>> lon, lat, _ = WGS84.fwd(-75.0, -9.5, 90.0, 10_000.0)
    >>> point_segment_distance_km(lon, lat, -75.0, -10.0, -75.0, -9.0).round(6)
    array([10.])

    Beyond an end the distance is to that end:

    >>> point_segment_distance_km(-75.0, -8.0, -75.0, -10.0, -75.0, -9.0).round(3)
    array([110.599])
    """
    px, py = validate_lon_lat(lon, lat)
    ax, ay = validate_lon_lat(lon_a, lat_a)
    bx, by = validate_lon_lat(lon_b, lat_b)
    px, py, ax, ay, bx, by = (
        np.array(np.atleast_1d(v), dtype=np.float64).ravel() for v in np.broadcast_arrays(px, py, ax, ay, bx, by)
    )
    az_ab, _, len_ab = WGS84.inv(ax, ay, bx, by, return_back_azimuth=False)
    az_ab, len_ab = np.asarray(az_ab), np.asarray(len_ab)
    az_ap, _, d_ap = WGS84.inv(ax, ay, px, py, return_back_azimuth=False)
    # first guess: the planar foot point seen from A
    s = np.clip(np.asarray(d_ap) * np.cos(np.radians(np.asarray(az_ap) - az_ab)), 0.0, len_ab)
    dist = np.asarray(d_ap, dtype=np.float64).copy()  # a segment with A == B is the point A
    active = np.flatnonzero(len_ab > 0.0)
    for _ in range(_FOOT_MAX_STEPS):
        if active.size == 0:
            break
        xl, yl, back = WGS84.fwd(ax[active], ay[active], az_ab[active], s[active], return_back_azimuth=True)
        az_xp, _, d_xp = WGS84.inv(xl, yl, px[active], py[active], return_back_azimuth=False)
        dist[active] = d_xp
        theta = np.radians(np.asarray(az_xp) - (np.asarray(back) + 180.0))
        angle = np.asarray(d_xp) / _MEAN_RADIUS_M
        step = np.arctan2(np.sin(angle) * np.cos(theta), np.cos(angle)) * _MEAN_RADIUS_M
        new = np.clip(s[active] + step, 0.0, len_ab[active])
        moved = np.abs(new - s[active])
        s[active] = new
        # a foot point that moves less than a millimetre changes the distance by less than that
        active = active[moved > _FOOT_TOLERANCE_M]
    if active.size:  # not settled after the last step: measure at the last foot point
        xl, yl, _ = WGS84.fwd(ax[active], ay[active], az_ab[active], s[active], return_back_azimuth=False)
        _, _, d_xp = WGS84.inv(np.asarray(xl), np.asarray(yl), px[active], py[active], return_back_azimuth=False)
        dist[active] = d_xp
    result: _FloatArray = np.asarray(dist, dtype=np.float64) / M_PER_KM
    return result
