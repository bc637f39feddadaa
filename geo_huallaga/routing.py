"""Routes by land, air and sea, made of legs that each carry a geometry, a length and a time.

A :class:`Route` is an ordered tuple of :class:`Leg` objects. Every leg's ``length_km`` is
the geodesic length of its own geometry (:func:`geo_huallaga.geodesy.line_length_km`), and
a route's length and time are the sums over its legs, so the figures always add up.

Three engines make the legs:

- **land**: the shortest path on a road layer turned into a :mod:`networkx` graph (nodes at
  line ends and at vertices shared by two lines; edge weight = geodesic length). The graph is
  built once per road layer (cached on the layer's content). Each end snaps to the nearest
  point *on a road line* (not merely the nearest junction) and reaches it by an explicit,
  straight **access leg** labelled ``access=True``. Two points the roads cannot connect raise
  :class:`~geo_huallaga.errors.RoutingError`: never a silent straight line.
- **sea**: the maritime network shipped by ``searoute`` 1.6 (Eurostat SeaRoute / ORNL lanes),
  loaded once per process. Each end snaps to its nearest UN/LOCODE port (reported with its
  distance), the ports to the network, and the shortest path may avoid closed passages
  (Panama, Suez, ...). The passages crossed are reported in the order they are crossed.
- **air**: a great circle (:func:`geo_huallaga.geodesy.great_circle`), timed by the aircraft
  model (:mod:`geo_huallaga.aircraft`).

:func:`route` computes one mode between two places; :func:`multimodal` chains several, as in
the article's corridors (Tingo María →land→ Iscozacín →air→ Cobija).

Examples
--------
>>> from geo_huallaga import routing
>>> r = routing.route("Paita", "Rotterdam", mode="sea")
>>> r.passages
('panama',)
>>> [p.code for p in r.ports]
['PEPAI', 'NLRTM']
>>> round(r.length_km, -2)
10800.0
>>> abs(r.length_km - sum(leg.length_km for leg in r.legs)) < 1e-9
True
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString

from geo_huallaga import geodesy
from geo_huallaga.errors import LayerValidationError, ParameterError, RoutingError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import networkx as nx

    from geo_huallaga.economics import Range


__all__ = [
    "DEFAULT_SPEEDS",
    "MODES",
    "Leg",
    "Port",
    "RoadNetwork",
    "Route",
    "Speeds",
    "multimodal",
    "passage_names",
    "road_network",
    "route",
]

#: The modes a leg can have.
MODES: Final[tuple[str, ...]] = ("land", "air", "sea")

#: Passages closed unless the caller says otherwise: searoute's own default (the Northwest
#: Passage is ice-bound most of the year).
DEFAULT_CLOSED_PASSAGES: Final[tuple[str, ...]] = ("northwest",)


@dataclass(frozen=True)
class Speeds:
    """Travel speeds by land and sea; every default is sourced or stated as an assumption.

    Flights are timed by the aircraft model (:mod:`geo_huallaga.aircraft`), not by a speed here.

    Parameters
    ----------
    road_kmh : float, default 40.0
        Trucks and cars on Peru's Andean trunk roads. Sourced, approximate: Lima → Tingo María
        is 537 km and "at least thirteen hours" by car (automas.com, *Perú Descubre*,
        "Retornar a lo natural", K. Valcárcel), i.e. about 41 km/h; a loaded truck is no faster.
    access_kmh : float, default 3.0
        Access legs between a place and the road or port it snaps to: people on foot with a
        load ("cargachos", backpackers) and mules on mountain and jungle paths. **Assumption**
        (about Naismith's 5 km/h on the flat, slowed by load, slope and mud); not sourced.
    sea_kn : float, default 13.8
        Container ships. Sourced: BIMCO, average speed of liner container ships in Q1 2023,
        13.8 knots (Clarksons Research gives 13.72 kn for February 2023, TradeWinds,
        6 March 2023).

    Examples
    --------
    >>> Speeds().sea_kn
    13.8
    >>> Speeds(road_kmh=25.0).road_kmh
    25.0
    >>> Speeds(road_kmh=0)
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: road_kmh must be a positive number of km/h, got 0
    """

    road_kmh: float = 40.0
    access_kmh: float = 3.0
    sea_kn: float = 13.8

    def __post_init__(self) -> None:
        units = {"road_kmh": "km/h", "access_kmh": "km/h", "sea_kn": "knots"}
        for name, unit in units.items():
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
                raise ParameterError(f"{name} must be a positive number of {unit}, got {value!r}")


#: The default speeds (see :class:`Speeds` for their sources).
DEFAULT_SPEEDS: Final[Speeds] = Speeds()


@dataclass(frozen=True)
class Port:
    """A port a sea route starts or ends at.

    Attributes
    ----------
    code : str
        UN/LOCODE, e.g. ``PEPAI``.
    name, country : str
        As searoute's port list gives them.
    lon, lat : float
        The port's position.
    distance_km : float
        Geodesic distance from the route's end point to this port.
    """

    code: str
    name: str
    country: str
    lon: float
    lat: float
    distance_km: float

    def as_dict(self) -> dict[str, Any]:
        """Return the port as a JSON-ready dict.

        Examples
        --------
        >>> Port("PEPAI", "Paita", "Peru", -81.1176, -5.0957, 2.04).as_dict()["code"]
        'PEPAI'
        """
        return {
            "code": self.code,
            "name": self.name,
            "country": self.country,
            "lon": self.lon,
            "lat": self.lat,
            "distance_km": round(self.distance_km, 3),
        }


@dataclass(frozen=True)
class Leg:
    """One leg of a route: a single mode between two named points.

    Attributes
    ----------
    mode : str
        ``land``, ``air`` or ``sea``.
    origin, destination : str
        Names of the leg's ends (a place name, a port, or "LAT,LON").
    geometry : LineString or MultiLineString
        In lon/lat (EPSG:4326); a MultiLineString only where a line crosses the antimeridian.
    length_km : float
        ``geodesy.line_length_km(geometry)``.
    time_h : float
        Travel time of the leg.
    means : str
        How the leg is travelled ("truck", "on foot or mule", "container ship", an aircraft).
    access : bool
        True for the straight legs from a place to the road or port it snapped to.
    passages : tuple of str
        Sea passages crossed, in order (sea legs only).
    ports : tuple of Port
        The departure and arrival ports (sea legs only).
    precision : str
        Road legs only: ``approximate`` (the built-in network, traced from its source),
        ``schematic`` (a straight line standing for a road the source lacks) or ``user``
        (a road file you gave, counted as drawn).
    terrain_km : tuple of (str, float)
        Road legs only: the leg's length per terrain class (``flat``, ``rugged``; ``""`` for
        roads counted as drawn), in km.
    driving_km : Range or None
        Road legs only: the estimated driving distance, the length per terrain class times
        that class's circuity factor (low, central, high; see :func:`circuity_factors`).
    """

    mode: str
    origin: str
    destination: str
    geometry: LineString | MultiLineString = field(repr=False)
    length_km: float
    time_h: float
    means: str
    access: bool = False
    passages: tuple[str, ...] = ()
    ports: tuple[Port, ...] = ()
    precision: str = ""
    terrain_km: tuple[tuple[str, float], ...] = ()
    driving_km: Range | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the leg without its geometry, as a JSON-ready dict (stable key order).

        Examples
        --------
        >>> leg = Leg("air", "A", "B", LineString([(0, 0), (1, 0)]), 111.32, 0.36, "Cessna 210")
        >>> leg.as_dict()
        {'mode': 'air', 'from': 'A', 'to': 'B', 'length_km': 111.32, 'time_h': 0.36, 'means': 'Cessna 210', 'access': False}
        """  # noqa: E501
        out = _summary(self)
        out["means"] = self.means
        out["access"] = self.access
        if self.precision:
            out["precision"] = self.precision
            out["terrain_km"] = {k or "as drawn": round(v, 3) for k, v in self.terrain_km}
        if self.driving_km is not None:
            out["driving_km"] = _range_dict(self.driving_km)
        if self.mode == "sea" and not self.access:
            out["passages"] = list(self.passages)
            out["ports"] = [p.as_dict() for p in self.ports]
        return out


def _range_dict(r: Range) -> dict[str, float]:
    return {"low": round(r.low, 1), "central": round(r.central, 1), "high": round(r.high, 1)}


def _summary(item: Leg | Route) -> dict[str, Any]:
    """Return the keys a leg and a route share, in their JSON order."""
    return {
        "mode": item.mode,
        "from": item.origin,
        "to": item.destination,
        "length_km": round(item.length_km, 3),
        "time_h": round(item.time_h, 3),
    }


@dataclass(frozen=True)
class Route:
    """An ordered chain of legs, with totals and conversions.

    Attributes
    ----------
    mode : str
        ``land``, ``air``, ``sea``, or the chain's modes joined by ``+`` (``land+air``).
    legs : tuple of Leg
        In travel order; each leg starts where the previous one ends.

    Examples
    --------
    >>> a = Leg("land", "A", "B", LineString([(0, 0), (1, 0)]), 111.32, 2.0, "truck")
    >>> b = Leg("air", "B", "C", LineString([(1, 0), (2, 0)]), 111.32, 0.5, "Cessna 210")
    >>> r = Route("land+air", (a, b))
    >>> r.origin, r.destination, r.length_km, r.time_h
    ('A', 'C', 222.64, 2.5)
    """

    mode: str
    legs: tuple[Leg, ...]

    def __post_init__(self) -> None:
        if not self.legs:
            raise RoutingError("a route needs at least one leg")

    @property
    def origin(self) -> str:
        """Name of the route's first point."""
        return self.legs[0].origin

    @property
    def destination(self) -> str:
        """Name of the route's last point."""
        return self.legs[-1].destination

    @property
    def length_km(self) -> float:
        """Total length: the sum of the legs' lengths."""
        return math.fsum(leg.length_km for leg in self.legs)

    @property
    def time_h(self) -> float:
        """Total travel time: the sum of the legs' times (no waiting or transshipment)."""
        return math.fsum(leg.time_h for leg in self.legs)

    @property
    def geometry(self) -> LineString | MultiLineString:
        """The whole route as one line (a MultiLineString only where it is not continuous).

        Examples
        --------
        >>> a = Leg("land", "A", "B", LineString([(0, 0), (1, 0)]), 111.32, 2.0, "truck")
        >>> b = Leg("air", "B", "C", LineString([(1, 0), (2, 0)]), 111.32, 0.5, "Cessna 210")
        >>> Route("land+air", (a, b)).geometry.wkt
        'LINESTRING (0 0, 1 0, 2 0)'
        """
        merged: list[np.ndarray] = []
        for leg in self.legs:
            for part in shapely.get_parts(leg.geometry):
                coords = shapely.get_coordinates(part)
                if merged and np.array_equal(merged[-1][-1], coords[0]):
                    merged[-1] = np.vstack([merged[-1], coords[1:]])
                else:
                    merged.append(coords)
        return LineString(merged[0]) if len(merged) == 1 else MultiLineString(merged)

    @property
    def driving_km(self) -> Range | None:
        """Estimated driving distance of the land legs (None for a route without road legs).

        Road legs count with their circuity-corrected estimate (:attr:`Leg.driving_km`),
        access legs as their straight length; sea and air legs are left out.
        """
        from geo_huallaga.economics import Range

        land = [leg for leg in self.legs if leg.mode == "land"]
        if not any(leg.driving_km is not None for leg in land):
            return None
        total = Range(0.0, 0.0, 0.0, "km")
        for leg in land:
            total = total + (leg.driving_km if leg.driving_km is not None
                             else Range(leg.length_km, leg.length_km, leg.length_km, "km"))
        return total

    @property
    def shares(self) -> dict[str, float]:
        """Share of the route's length by kind: ``road``, ``schematic``, ``access``, ``sea``, ``air``.

        ``road`` is road traced from a source (the built-in network or your own file),
        ``schematic`` the straight sections standing for roads the source lacks, ``access``
        the straight legs from a place to the road or port. Kinds absent from the route are
        left out, except that a route with a land leg always lists the three land kinds.

        Examples
        --------
        >>> a = Leg("land", "A", "B", LineString([(0, 0), (1, 0)]), 30.0, 10.0, "on foot", access=True)
        >>> b = Leg("land", "B", "C", LineString([(1, 0), (2, 0)]), 90.0, 2.0, "truck", precision="user")
        >>> Route("land", (a, b)).shares
        {'road': 0.75, 'schematic': 0.0, 'access': 0.25}
        """
        km: dict[str, float] = {}
        if any(leg.mode == "land" for leg in self.legs):
            km = {"road": 0.0, "schematic": 0.0, "access": 0.0}
        for leg in self.legs:
            kind = ("access" if leg.access else "schematic" if leg.precision == "schematic"
                    else "road" if leg.mode == "land" else leg.mode)
            km[kind] = km.get(kind, 0.0) + leg.length_km
        total = self.length_km
        return {k: (v / total if total > 0 else 0.0) for k, v in km.items()}

    @property
    def passages(self) -> tuple[str, ...]:
        """Sea passages crossed along the whole route, in order, each once."""
        return tuple(dict.fromkeys(p for leg in self.legs for p in leg.passages))

    @property
    def ports(self) -> tuple[Port, ...]:
        """Ports the sea legs start and end at, in order."""
        return tuple(p for leg in self.legs for p in leg.ports)

    def as_dict(self) -> dict[str, Any]:
        """Return the route (without geometry) as a JSON-ready dict.

        Keys: ``mode``, ``from``, ``to``, ``length_km``, ``time_h``; with a road leg,
        ``driving_km`` (low, central, high: the circuity-corrected estimate); with a land leg,
        ``shares`` (see :attr:`shares`); then ``legs``; and, when a leg goes by sea,
        ``passages`` and ``ports``.

        Examples
        --------
        >>> a = Leg("land", "A", "B", LineString([(0, 0), (1, 0)]), 111.32, 2.0, "truck")
        >>> list(Route("land", (a,)).as_dict())
        ['mode', 'from', 'to', 'length_km', 'time_h', 'shares', 'legs']
        """
        out = _summary(self)
        driving = self.driving_km
        if driving is not None:
            out["driving_km"] = _range_dict(driving)
        if any(leg.mode == "land" for leg in self.legs):
            out["shares"] = {k: round(v, 4) for k, v in self.shares.items()}
        out["legs"] = [leg.as_dict() for leg in self.legs]
        if any(leg.mode == "sea" for leg in self.legs):
            out["passages"] = list(self.passages)
            out["ports"] = [p.as_dict() for p in self.ports]
        return out

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """Return one row per leg, in EPSG:4326.

        Columns: ``leg`` (1-based), ``mode``, ``from``, ``to``, ``access``, ``means``,
        ``length_km``, ``time_h``, ``passages`` (comma-separated), ``port_from``, ``port_to``,
        and for road legs ``precision`` (``approximate``, ``schematic``, ``user``) and
        ``driving_km`` (the central estimate).

        Examples
        --------
        >>> a = Leg("land", "A", "B", LineString([(0, 0), (1, 0)]), 111.32, 2.0, "truck")
        >>> gdf = Route("land", (a,)).to_geodataframe()
        >>> list(gdf.columns)
        ['leg', 'mode', 'from', 'to', 'access', 'means', 'length_km', 'time_h', 'passages', 'port_from', 'port_to', 'precision', 'driving_km', 'geometry']
        >>> gdf.crs.to_epsg()
        4326
        """  # noqa: E501
        import geopandas as gpd

        rows = [
            {
                "leg": i,
                "mode": leg.mode,
                "from": leg.origin,
                "to": leg.destination,
                "access": leg.access,
                "means": leg.means,
                "length_km": round(leg.length_km, 3),
                "time_h": round(leg.time_h, 3),
                "passages": ",".join(leg.passages) or None,
                "port_from": leg.ports[0].code if leg.ports else None,
                "port_to": leg.ports[-1].code if leg.ports else None,
                "precision": leg.precision or None,
                "driving_km": round(leg.driving_km.central, 3) if leg.driving_km is not None else None,
            }
            for i, leg in enumerate(self.legs, start=1)
        ]
        return gpd.GeoDataFrame(rows, geometry=[leg.geometry for leg in self.legs], crs=4326)

    def to_geojson(self) -> str:
        """Return the legs as deterministic GeoJSON text (same route, same bytes).

        Examples
        --------
        >>> a = Leg("land", "A", "B", LineString([(0, 0), (1, 0)]), 111.32, 2.0, "truck")
        >>> Route("land", (a,)).to_geojson().splitlines()[0]
        '{"type": "FeatureCollection", "features": ['
        """
        from geo_huallaga import layers

        return layers.to_geojson(self.to_geodataframe())


# --------------------------------------------------------------------------------------------
# End points


@dataclass(frozen=True)
class _Point:
    name: str
    lon: float
    lat: float


def _resolve(where: Any) -> _Point:
    """Resolve a place name, ICAO code, "LAT,LON" text, Place or ``(lon, lat)`` tuple."""
    from geo_huallaga import layers

    if isinstance(where, str):
        p = layers.place(where)
        return _Point(p.name, float(p.lon), float(p.lat))
    if isinstance(where, layers.Place):
        return _Point(where.name, float(where.lon), float(where.lat))
    if isinstance(where, tuple | list) and len(where) == 2:
        lon, lat = float(where[0]), float(where[1])
        layers.check_lon_lat(lon, lat)
        return _Point(f"{lat:g},{lon:g}", lon, lat)
    raise ParameterError(
        f"cannot route from or to {where!r}: give a place name, a Place, or a (lon, lat) tuple"
    )


def _length_km(geom: LineString | MultiLineString) -> float:
    return float(geodesy.line_length_km(geom)[0])


def _access_leg(start: _Point, end: _Point, *, speed_kmh: float, means: str) -> Leg | None:
    """Make a straight land access leg, or None when the two points coincide (< 1 m)."""
    if geodesy.distance_km(start.lon, start.lat, end.lon, end.lat) < 1e-3:
        return None
    geom = LineString([(start.lon, start.lat), (end.lon, end.lat)])
    length_km = _length_km(geom)
    return Leg(
        mode="land",
        origin=start.name,
        destination=end.name,
        geometry=geom,
        length_km=length_km,
        time_h=length_km / speed_kmh,
        means=means,
        access=True,
    )


_ROAD_ACCESS: Final[str] = "on foot or mule (access to the road)"

#: The longest straight access leg from a place to the nearest road, unless told otherwise.
DEFAULT_MAX_ACCESS_KM: Final[float] = 100.0

_CIRCUITY_FILE: Final[Path] = Path(__file__).resolve().parent / "data" / "circuity.json"


@functools.cache
def circuity_factors() -> dict[str, Range]:
    """Circuity factor per terrain class: driving distance over the built-in network's length.

    The built-in network's long straight edges are chords of the real, winding roads. Each
    terrain class (``flat``, ``rugged``; see ``scripts/build_road_network.py``) has a factor
    fitted by ``scripts/fit_circuity.py`` on published driving distances
    (``geo_huallaga/data/driving_distances.csv``, sources in docs/routing.md). ``central`` is
    the least-squares fit; ``low`` and ``high`` scale it by the 10th and 90th percentiles of
    published / estimated over the leave-one-out predictions. Roads you bring yourself are
    counted as drawn (factor 1).

    Returns
    -------
    dict of str to Range
        Dimensionless factors, keyed by terrain class.

    Examples
    --------
    >>> f = circuity_factors()
    >>> sorted(f)
    ['flat', 'rugged']
    >>> 1.0 < f["flat"].central < f["rugged"].central < 2.0
    True
    """
    import json

    from geo_huallaga.economics import Range

    data = json.loads(_CIRCUITY_FILE.read_text(encoding="utf-8"))
    return {
        cls: Range(v["low"], v["central"], v["high"], "", data["source"])
        for cls, v in sorted(data["factors"].items())
    }
_PORT_ACCESS: Final[str] = "truck (access to the port)"


# --------------------------------------------------------------------------------------------
# Land: the road graph


@dataclass(frozen=True, eq=False)
class RoadNetwork:
    """A road layer as a graph, with a spatial index to snap points onto its lines.

    Built by :func:`road_network`; treat it as read-only.

    Attributes
    ----------
    graph : networkx.Graph
        Nodes are integers (line ends and vertices shared by two lines); each edge
        has ``length_km`` (geodesic) and ``seg``, the index of its geometry in ``segments``.
        Between two nodes only the shortest of parallel segments is kept.
    segments : numpy.ndarray
        The road lines split at the nodes (shapely LineStrings).
    seg_u, seg_v : numpy.ndarray
        Node at the start and at the end of each segment.
    lengths_km : numpy.ndarray
        Geodesic length of each segment.
    label : str
        Where the layer came from, for messages.
    node_lon, node_lat : list of float
        Position of each node (indexed by node id), for the A* search's lower bound.
    seg_precision, seg_terrain : numpy.ndarray
        Per segment: ``approximate``, ``schematic`` or ``user``; and ``flat``, ``rugged`` or
        ``""`` (counted as drawn), from the line it belongs to.
    """

    graph: nx.Graph
    segments: np.ndarray
    seg_u: np.ndarray
    seg_v: np.ndarray
    lengths_km: np.ndarray
    label: str
    tree: shapely.STRtree = field(repr=False)
    seg_precision: np.ndarray = field(repr=False, default_factory=lambda: np.array([], dtype=object))
    seg_terrain: np.ndarray = field(repr=False, default_factory=lambda: np.array([], dtype=object))
    node_lon: list[float] = field(repr=False, default_factory=list)
    node_lat: list[float] = field(repr=False, default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def node_count(self) -> int:
        """Number of graph nodes."""
        return int(self.graph.number_of_nodes())

    @property
    def edge_count(self) -> int:
        """Number of graph edges."""
        return int(self.graph.number_of_edges())


RoadsLike = Any  # str | os.PathLike[str] | GeoDataFrame | GeoSeries, or a list of them

#: The built-in road network (``layers/road_network.geojson``, built by
#: ``scripts/build_road_network.py``): the default of every land route.
BUILTIN_ROADS: Final[str] = "road_network"

#: Its file in the package's layers folder (:func:`geo_huallaga.layers.data_dir`).
BUILTIN_ROADS_FILE: Final[str] = "road_network.geojson"

#: Line ends of your own roads closer than this to another line are joined to it (metres,
#: geodesic), so that lines whose vertices do not coincide still connect.
DEFAULT_SNAP_M: Final[float] = 50.0

_NETWORKS: OrderedDict[str, RoadNetwork] = OrderedDict()
_NETWORK_KEYS: dict[tuple[Any, ...], str] = {}
_NETWORKS_MAX: Final[int] = 4
_NETWORKS_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Lines:
    """Road lines (LineStrings) with, per line, their precision and terrain class."""

    geoms: np.ndarray
    precision: np.ndarray
    terrain: np.ndarray
    label: str


def _builtin_path(roads: Any) -> Path | None:
    """Return the file behind a built-in name or an existing path, else None."""
    from geo_huallaga import layers

    if isinstance(roads, str) and roads == BUILTIN_ROADS:
        return layers.data_dir() / BUILTIN_ROADS_FILE
    if isinstance(roads, str) and roads in layers.CATALOG:
        return layers.path_of(roads)
    if isinstance(roads, str | os.PathLike) and Path(roads).is_file():
        return Path(roads)
    return None


def _road_lines(roads: RoadsLike) -> _Lines:
    """Load one road source; return its LineStrings (multi-parts exploded) and attributes.

    The built-in network and layers keep their ``precision`` and ``terrain`` properties;
    anything else is the user's: precision ``user``, terrain ``""`` (counted as drawn).
    """
    from geo_huallaga import layers

    builtin = isinstance(roads, str) and (roads == BUILTIN_ROADS or roads in layers.CATALOG)
    if isinstance(roads, str | os.PathLike):
        path = _builtin_path(roads) if builtin else None
        label = "the built-in road network" if roads == BUILTIN_ROADS else os.fspath(roads)
        gdf = layers.load(path if path is not None else roads)
        geoms = np.asarray(gdf.geometry.values, dtype=object)
        props = gdf
    else:
        label = "the road layer given"
        crs = getattr(roads, "crs", None)
        if crs is not None and crs.to_epsg() != 4326:
            roads = roads.to_crs(4326)
        series = getattr(roads, "geometry", roads)
        geoms = np.asarray(getattr(series, "values", series), dtype=object)
        props = None
    n = len(geoms)
    if builtin and props is not None:
        precision = np.asarray(props.get("precision", ["approximate"] * n), dtype=object)
        terrain = np.asarray(props["terrain"] if "terrain" in props else [""] * n, dtype=object)
    else:
        precision = np.full(n, "user", dtype=object)
        terrain = np.full(n, "", dtype=object)
    types = shapely.get_type_id(geoms)
    if (types == 5).any():  # MultiLineStrings: explode (get_parts is slow, so only when needed)
        geoms, index = shapely.get_parts(geoms, return_index=True)
        precision, terrain = precision[index], terrain[index]
        types = shapely.get_type_id(geoms)
    keep = (types == 1) & ~shapely.is_empty(geoms)
    if not keep.any():
        raise LayerValidationError(
            f"{label}: no LineString features; a road layer needs lines to route on"
        )
    return _Lines(geoms[keep], precision[keep], terrain[keep], label)


def _insert_vertex(line: LineString, point: np.ndarray, c: float) -> LineString:
    """Return *line* with *point* (which lies on it) inserted as a vertex where it belongs."""
    coords = shapely.get_coordinates(line)
    if (np.all(coords == point, axis=1)).any():
        return line
    scale = np.array([c, 1.0])
    along = shapely.line_locate_point(LineString(coords * scale), shapely.Point(point * scale))
    step = np.hypot((coords[1:, 0] - coords[:-1, 0]) * c, coords[1:, 1] - coords[:-1, 1])
    cum = np.r_[0.0, np.cumsum(step)]
    i = int(np.clip(np.searchsorted(cum, along, side="right") - 1, 0, len(coords) - 2))
    return LineString(np.vstack([coords[: i + 1], point, coords[i + 1 :]]))


def _snap_line_ends(lines: _Lines, snap_m: float) -> _Lines:
    """Join each end of the user's lines to the nearest other line within *snap_m* metres.

    The end moves onto the nearest point of that line (geodesically nearest among the lines
    found in the plane), and that point becomes a vertex of the line too, so the graph
    connects them. Ends already on a vertex of another line are left as they are.
    """
    user = np.flatnonzero(lines.precision == "user")
    if snap_m <= 0 or user.size == 0:
        return lines
    geoms = lines.geoms.copy()
    tol_km = snap_m / 1000.0
    # Ends that already coincide with a vertex of another line are connected: skip them
    # (in a well-formed network that is nearly every end), without a Python loop.
    coords_all, line_of = shapely.get_coordinates(geoms, return_index=True)
    as_complex = np.ascontiguousarray(coords_all).view(np.complex128).ravel()
    _, vertex_id, counts = np.unique(as_complex, return_inverse=True, return_counts=True)
    first_idx = np.searchsorted(line_of, user)
    last_idx = np.searchsorted(line_of, user, side="right") - 1
    ends = np.concatenate([first_idx, last_idx])
    end_line = np.concatenate([user, user])
    end_kind = np.concatenate([np.zeros(len(user), dtype=int), np.full(len(user), -1)])
    # A closed line's end meets its own start: that one repeat does not make it connected.
    closed = (as_complex[first_idx] == as_complex[last_idx]) & (first_idx != last_idx)
    own = 1 + np.concatenate([closed, closed]).astype(np.int64)
    shared = counts[vertex_id[ends]] > own
    todo = np.flatnonzero(~shared)
    if todo.size == 0:
        return lines
    pts = shapely.points(coords_all[ends[todo]])
    lat = coords_all[ends[todo], 1]
    c_all = np.maximum(np.cos(np.radians(lat)), 0.05)
    # Degrees to search: snap_m at 110 km per degree of latitude (a little more than the
    # true minimum, 110.57), widened by 1/cos(lat) for longitude and doubled because ends
    # move by up to snap_m while snapping.
    tree = shapely.STRtree(geoms)
    which, cand = tree.query(pts, predicate="dwithin", distance=float((2 * tol_km / 110.0 / c_all).max()))
    for k in np.unique(which):
        e = int(todo[k])
        i, end = int(end_line[e]), int(end_kind[e])
        coords = shapely.get_coordinates(geoms[i])
        lon, lat_k = coords[end]
        c = max(math.cos(math.radians(lat_k)), 0.05)
        scale = np.array([c, 1.0])
        best: tuple[float, int, np.ndarray] | None = None
        for j in sorted(int(x) for x in cand[which == k] if x != i):
            verts = shapely.get_coordinates(geoms[j])
            scaled = LineString(verts * scale)
            q = shapely.get_coordinates(scaled.interpolate(scaled.project(shapely.Point(lon * c, lat_k))))[0] / scale
            dv = np.asarray(geodesy.distance_km(lon, lat_k, verts[:, 0], verts[:, 1]))
            if dv.min() <= geodesy.distance_km(lon, lat_k, q[0], q[1]) + 1e-9:
                q = verts[int(np.argmin(dv))]  # a vertex as near as the projection: use it
            d = float(geodesy.distance_km(lon, lat_k, q[0], q[1]))
            if d <= tol_km and (best is None or d < best[0]):
                best = (d, j, q)
        if best is None:
            continue
        _, j, q = best
        geoms[j] = _insert_vertex(geoms[j], q, c)
        coords[end] = q
        geoms[i] = LineString(coords)
    return _Lines(geoms, lines.precision, lines.terrain, lines.label)


def _build_network(source: _Lines) -> RoadNetwork:
    """Split the lines at their ends and shared vertices and build the graph (vectorized)."""
    import networkx as nx

    lines, label = source.geoms, source.label

    coords, line_of = shapely.get_coordinates(lines, return_index=True)
    # One id per distinct vertex; sorting complex numbers is much faster than unique(axis=0).
    as_complex = np.ascontiguousarray(coords).view(np.complex128).ravel()
    uniq_c, vertex_id = np.unique(as_complex, return_inverse=True)
    uniq = np.column_stack([uniq_c.real, uniq_c.imag])
    vertex_id = vertex_id.ravel()
    n = len(coords)
    first = np.ones(n, dtype=bool)
    first[1:] = line_of[1:] != line_of[:-1]
    last = np.ones(n, dtype=bool)
    last[:-1] = line_of[1:] != line_of[:-1]
    shared = np.bincount(vertex_id, minlength=len(uniq))[vertex_id] > 1
    is_node = first | last | shared
    # Interior nodes end one segment and start the next: repeat them once.
    interior = is_node & ~first & ~last
    repeat = 1 + interior.astype(np.int64)
    src = np.repeat(np.arange(n), repeat)
    copy_no = np.arange(len(src)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    starts = (first[src] & (copy_no == 0)) | (copy_no == 1)
    seg_of = np.cumsum(starts) - 1
    segments = np.asarray(shapely.linestrings(coords[src], indices=seg_of), dtype=object)
    seg_first = np.flatnonzero(starts)
    seg_last = np.r_[seg_first[1:] - 1, len(src) - 1]
    seg_u = vertex_id[src[seg_first]]
    seg_v = vertex_id[src[seg_last]]
    seg_line = line_of[src[seg_first]]
    keep = seg_u != seg_v  # a loop back to its own node never shortens a path
    segments, seg_u, seg_v, seg_line = segments[keep], seg_u[keep], seg_v[keep], seg_line[keep]
    if segments.size == 0:
        raise LayerValidationError(f"{label}: the road lines form no usable segment")
    lengths = geodesy.line_length_km(segments)

    graph = nx.Graph(label=label)
    # Longest first, so that the shortest of parallel segments is the one kept.
    order = np.lexsort((np.arange(len(lengths)), -lengths))
    graph.add_edges_from(
        (int(seg_u[k]), int(seg_v[k]), {"length_km": float(lengths[k]), "seg": int(k)})
        for k in order
    )
    return RoadNetwork(
        graph=graph,
        segments=segments,
        seg_u=seg_u,
        seg_v=seg_v,
        lengths_km=lengths,
        label=label,
        tree=shapely.STRtree(segments),
        node_lon=uniq[:, 0].tolist(),
        node_lat=uniq[:, 1].tolist(),
        seg_precision=source.precision[seg_line],
        seg_terrain=source.terrain[seg_line],
    )


def road_network(roads: RoadsLike = BUILTIN_ROADS, *, snap_m: float = DEFAULT_SNAP_M) -> RoadNetwork:
    """Return the graph of one or several road layers, building it only the first time.

    The cache is keyed on the lines themselves (a hash of their coordinates and classes), so
    the same roads give the same graph whether they come from the built-in layer, a file or
    a GeoDataFrame; a file is not even re-read while its size and modification time are
    unchanged. The last few networks are kept.

    Parameters
    ----------
    roads : str, path, GeoDataFrame, GeoSeries, or a list of them; default "road_network"
        :data:`BUILTIN_ROADS` (the built-in network), a built-in layer name, any vector file
        ``layers.load`` reads (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, GeoParquet), or
        line geometries in EPSG:4326 (another CRS is reprojected). A list combines them:
        ``[BUILTIN_ROADS, "my_roads.gpkg"]`` adds your roads to the built-in network.
    snap_m : float, default 50
        Ends of your own lines (anything not built in) within this many metres (geodesic)
        of another line are joined to it; 0 turns snapping off.

    Returns
    -------
    RoadNetwork

    Raises
    ------
    LayerValidationError
        The layer holds no lines.
    LayerNotFoundError
        No such layer or file.
    ParameterError
        A negative or non-finite ``snap_m``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import LineString
    >>> roads = gpd.GeoSeries([LineString([(0, 0), (1, 0), (2, 0)]),
    ...                        LineString([(1, 0), (1, 1)])], crs=4326)
    >>> net = road_network(roads)
    >>> net.node_count, net.edge_count   # (1, 0) is shared: it splits the first line
    (4, 3)
    >>> road_network(roads) is net
    True
    >>> gap = gpd.GeoSeries([LineString([(0, 0), (2, 0)]),      # the second line stops
    ...                      LineString([(1, 0.0003), (1, 1)])], crs=4326)  # 33 m short
    >>> road_network(gap).edge_count, road_network(gap, snap_m=0).edge_count
    (3, 2)
    """
    if not isinstance(snap_m, int | float) or not math.isfinite(snap_m) or snap_m < 0:
        raise ParameterError(f"snap_m must be a number of metres >= 0, got {snap_m!r}")
    sources = list(roads) if isinstance(roads, list | tuple) else [roads]
    if not sources:
        raise ParameterError("no road layer given")
    file_keys: list[tuple[str, int, int]] = []
    for item in sources:
        path = _builtin_path(item) if isinstance(item, str | os.PathLike) else None
        if path is None:
            break
        st = path.stat()
        file_keys.append((f"{item}:{path.resolve()}", st.st_mtime_ns, st.st_size))
    key: tuple[Any, ...] | None = (*file_keys, float(snap_m)) if len(file_keys) == len(sources) else None
    if key is not None:
        with _NETWORKS_LOCK:
            digest = _NETWORK_KEYS.get(key)
            if digest is not None and digest in _NETWORKS:
                _NETWORKS.move_to_end(digest)
                return _NETWORKS[digest]
    parts = [_road_lines(item) for item in sources]
    lines = _Lines(
        np.concatenate([p.geoms for p in parts]),
        np.concatenate([p.precision for p in parts]),
        np.concatenate([p.terrain for p in parts]),
        " + ".join(p.label for p in parts),
    )
    lines = _snap_line_ends(lines, float(snap_m))
    coords, line_of = shapely.get_coordinates(lines.geoms, return_index=True)
    classes = "\n".join(f"{p}|{t}" for p, t in zip(lines.precision, lines.terrain, strict=True))
    digest = hashlib.sha256(coords.tobytes() + line_of.tobytes() + classes.encode()).hexdigest()
    with _NETWORKS_LOCK:
        net = _NETWORKS.get(digest)
        if net is not None:
            _NETWORKS.move_to_end(digest)
    if net is None:
        net = _build_network(lines)
        with _NETWORKS_LOCK:
            _NETWORKS[digest] = net
            while len(_NETWORKS) > _NETWORKS_MAX:
                _NETWORKS.popitem(last=False)
    if key is not None:
        with _NETWORKS_LOCK:
            _NETWORK_KEYS[key] = digest
    return net


@dataclass(frozen=True)
class _Snap:
    seg: int
    lon: float
    lat: float
    distance_km: float
    to_u: np.ndarray  # coordinates from the segment's start node to the snapped point
    to_v: np.ndarray  # coordinates from the snapped point to the segment's end node
    along: float  # position along the segment (scaled-plane units), to order two snaps
    index: int  # the segment vertex just before the snapped point


def _dedupe(coords: np.ndarray) -> np.ndarray:
    keep = np.ones(len(coords), dtype=bool)
    keep[1:] = np.any(coords[1:] != coords[:-1], axis=1)
    return coords[keep]


def _snap(net: RoadNetwork, lon: float, lat: float) -> _Snap:
    """Project a point onto the nearest road line (geodesically nearest among candidates)."""
    point = shapely.Point(lon, lat)
    _, d = net.tree.query_nearest(point, return_distance=True)
    c = max(math.cos(math.radians(lat)), 0.05)
    # Any line nearer in the locally scaled plane lies within d / cos(lat) in plain degrees.
    cand = np.sort(net.tree.query(point, predicate="dwithin", distance=float(d.min()) / c * 1.0001 + 1e-12))
    scale = np.array([c, 1.0])
    scaled = shapely.transform(net.segments[cand], lambda xy: xy * scale)
    spoint = shapely.Point(lon * c, lat)
    along = shapely.line_locate_point(scaled, spoint)
    snapped = shapely.get_coordinates(shapely.line_interpolate_point(scaled, along)) / scale
    dist = np.atleast_1d(geodesy.distance_km(lon, lat, snapped[:, 0], snapped[:, 1]))
    best = int(np.argmin(dist))  # first minimum: lowest segment index, deterministic
    seg = int(cand[best])
    q = snapped[best]
    coords = shapely.get_coordinates(net.segments[seg])
    step = np.hypot((coords[1:, 0] - coords[:-1, 0]) * c, coords[1:, 1] - coords[:-1, 1])
    cum = np.r_[0.0, np.cumsum(step)]
    i = int(np.clip(np.searchsorted(cum, along[best], side="right") - 1, 0, len(coords) - 2))
    to_u = _dedupe(np.vstack([coords[: i + 1], q]))
    to_v = _dedupe(np.vstack([q, coords[i + 1 :]]))
    return _Snap(seg, float(q[0]), float(q[1]), float(dist[best]), to_u, to_v, float(along[best]), i)


def _coords_length_km(coords: np.ndarray) -> float:
    return _length_km(LineString(coords)) if len(coords) > 1 else 0.0


_ORIGIN: Final[int] = -1
_DESTINATION: Final[int] = -2
#: Mean Earth radius (IUGG), km. searoute's edge weights are great-circle lengths on it.
_MEAN_RADIUS_KM: Final[float] = 6371.0088
#: Radius for the land A* lower bound: 1 % under the mean radius, so that the spherical
#: distance never exceeds the WGS84 geodesic (they differ by at most about 0.6 %), and a road
#: between two nodes is never shorter than the geodesic between them.
_LOWER_BOUND_RADIUS_KM: Final[float] = _MEAN_RADIUS_KM * 0.99


def _sphere_km(u: tuple[float, float], v: tuple[float, float], radius_km: float = _MEAN_RADIUS_KM) -> float:
    """Great-circle distance between two (lon, lat) points on a sphere: search bounds only."""
    p1, p2 = math.radians(u[1]), math.radians(v[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(v[0] - u[0]) / 2) ** 2
    return 2.0 * radius_km * math.asin(min(1.0, math.sqrt(h)))


def _lower_bound_km(net: RoadNetwork, a: _Snap, b: _Snap) -> Callable[[int, int], float]:
    """Return the A* heuristic: a spherical distance that never overestimates the road distance."""
    lon, lat = net.node_lon, net.node_lat
    extra = {_ORIGIN: (a.lon, a.lat), _DESTINATION: (b.lon, b.lat)}

    def bound(u: int, v: int) -> float:
        pu = extra[u] if u < 0 else (lon[u], lat[u])
        pv = extra[v] if v < 0 else (lon[v], lat[v])
        return _sphere_km(pu, pv, _LOWER_BOUND_RADIUS_KM)

    return bound


def _road_path(
    net: RoadNetwork, a: _Snap, b: _Snap, names: tuple[str, str]
) -> list[tuple[np.ndarray, int]]:
    """Return the shortest road path between two snapped points: (coordinates, segment) per piece."""
    import networkx as nx

    virtual: list[tuple[int, int, dict[str, Any]]] = []
    for node, snap in ((_ORIGIN, a), (_DESTINATION, b)):
        u, v = int(net.seg_u[snap.seg]), int(net.seg_v[snap.seg])
        # "coords" run from the edge's "start" node to its other end.
        to_u, to_v = snap.to_u[::-1], snap.to_v
        virtual.append((node, u, {"length_km": _coords_length_km(to_u), "coords": to_u, "start": node,
                                  "seg": snap.seg}))
        virtual.append((node, v, {"length_km": _coords_length_km(to_v), "coords": to_v, "start": node,
                                  "seg": snap.seg}))
    if a.seg == b.seg:
        lo, hi = (a, b) if a.along <= b.along else (b, a)
        full = shapely.get_coordinates(net.segments[a.seg])
        between = _dedupe(np.vstack([[lo.lon, lo.lat], full[lo.index + 1 : hi.index + 1], [hi.lon, hi.lat]]))
        start = _ORIGIN if lo is a else _DESTINATION
        data = {"length_km": _coords_length_km(between), "coords": between, "start": start, "seg": a.seg}
        virtual.append((_ORIGIN, _DESTINATION, data))
    g = net.graph
    with net.lock:  # the two virtual nodes live in the shared graph only for this query
        try:
            g.add_edges_from(virtual)
            try:
                path = nx.astar_path(g, _ORIGIN, _DESTINATION, heuristic=_lower_bound_km(net, a, b),
                                     weight="length_km")
            except nx.NetworkXNoPath:
                raise RoutingError(
                    f"no road connects {names[0]} and {names[1]} in {net.label}: they lie on "
                    "separate, unconnected parts of the road network"
                ) from None
            pieces = []
            for x, y in itertools.pairwise(path):
                data = g.edges[x, y]
                if "coords" in data:
                    piece, start = data["coords"], data["start"]
                else:
                    piece, start = shapely.get_coordinates(net.segments[data["seg"]]), int(net.seg_u[data["seg"]])
                piece = _dedupe(piece if start == x else piece[::-1])
                if len(piece) > 1:
                    pieces.append((piece, int(data["seg"])))
        finally:
            g.remove_nodes_from((_ORIGIN, _DESTINATION))
    return pieces


def _junction(before: str, after: str) -> str:
    """Name the point where a road of one precision meets another."""
    if after == "schematic":
        return "start of schematic section"
    if before == "schematic":
        return "end of schematic section"
    return f"junction of {before} and {after} roads"


def _road_legs(
    net: RoadNetwork, pieces: list[tuple[np.ndarray, int]], origin: str, destination: str, speeds: Speeds
) -> list[Leg]:
    """Group consecutive pieces of one precision into road legs, with their driving estimate."""
    from geo_huallaga.economics import Range

    factors = circuity_factors()
    groups: list[tuple[str, list[tuple[np.ndarray, str]]]] = []
    for coords, seg in pieces:
        precision, terrain = str(net.seg_precision[seg]), str(net.seg_terrain[seg])
        if groups and groups[-1][0] == precision:
            groups[-1][1].append((coords, terrain))
        else:
            groups.append((precision, [(coords, terrain)]))
    legs: list[Leg] = []
    for k, (precision, items) in enumerate(groups):
        geom = LineString(_dedupe(np.vstack([c for c, _ in items])))
        length_km = _length_km(geom)
        by_terrain: dict[str, float] = {}
        for coords, terrain in items:
            by_terrain[terrain] = by_terrain.get(terrain, 0.0) + _coords_length_km(coords)
        driving = Range(0.0, 0.0, 0.0, "km")
        for terrain, km in by_terrain.items():
            f = factors.get(terrain) if precision != "user" else None
            driving = driving + (Range(km * f.low, km * f.central, km * f.high, "km") if f is not None
                                 else Range(km, km, km, "km"))
        start = origin if k == 0 else _junction(groups[k - 1][0], precision)
        end = destination if k == len(groups) - 1 else _junction(precision, groups[k + 1][0])
        legs.append(Leg(
            mode="land", origin=start, destination=end, geometry=geom, length_km=length_km,
            time_h=driving.central / speeds.road_kmh,
            means="truck (schematic section: road not in the source)" if precision == "schematic" else "truck",
            precision=precision, terrain_km=tuple(sorted(by_terrain.items())), driving_km=driving,
        ))
    return legs


def _land_route(
    a: _Point, b: _Point, *, roads: RoadsLike, speeds: Speeds, max_access_km: float, snap_m: float
) -> list[Leg]:
    if not isinstance(max_access_km, int | float) or not math.isfinite(max_access_km) or max_access_km < 0:
        raise ParameterError(f"max_access_km must be a number of km >= 0, got {max_access_km!r}")
    net = road_network(roads, snap_m=snap_m)
    snaps = []
    for p in (a, b):
        s = _snap(net, p.lon, p.lat)
        if s.distance_km > max_access_km:
            raise RoutingError(
                f"{p.name} is {s.distance_km:.1f} km from the nearest road of {net.label} "
                f"(max_access_km={max_access_km:g}); no land route without a straight line "
                "across country"
            )
        snaps.append(s)
    sa, sb = snaps
    pieces = _road_path(net, sa, sb, (a.name, b.name))
    road_a = _Point(f"road near {a.name}", sa.lon, sa.lat)
    road_b = _Point(f"road near {b.name}", sb.lon, sb.lat) if pieces else road_a
    legs: list[Leg] = []
    first = _access_leg(a, road_a, speed_kmh=speeds.access_kmh, means=_ROAD_ACCESS)
    if first is not None:
        legs.append(first)
    if pieces:
        legs.extend(_road_legs(net, pieces, road_a.name if first is not None else a.name,
                               road_b.name, speeds))
    last = _access_leg(road_b, b, speed_kmh=speeds.access_kmh, means=_ROAD_ACCESS)
    if last is not None:
        legs.append(last)
    else:
        legs[-1] = _rename_end(legs[-1], b.name)
    return legs


def _rename_end(leg: Leg, name: str) -> Leg:
    from dataclasses import replace

    return replace(leg, destination=name)


# --------------------------------------------------------------------------------------------
# Sea: searoute's maritime network


@dataclass(frozen=True, eq=False)
class _SeaNetwork:
    marnet: Any
    port_lon: np.ndarray
    port_lat: np.ndarray
    port_props: tuple[Mapping[str, Any], ...]
    passages: frozenset[str]


@functools.cache
def _sea_network() -> _SeaNetwork:
    """Load searoute's marine network and port list, once per process (~0.1 s)."""
    import searoute
    from searoute.classes.passages import Passage

    marnet, ports = searoute.get_graphs()  # lru-cached inside searoute as well
    nodes = list(ports.nodes(data=True))
    return _SeaNetwork(
        marnet=marnet,
        port_lon=np.array([float(d["x"]) for _, d in nodes]),
        port_lat=np.array([float(d["y"]) for _, d in nodes]),
        port_props=tuple(dict(d) for _, d in nodes),
        # valid_passages() also returns the class's own classmethods: keep the names only.
        passages=frozenset(p for p in Passage.valid_passages() if isinstance(p, str)),
    )


def passage_names() -> tuple[str, ...]:
    """Names of the sea passages that can be closed (as searoute names them).

    Examples
    --------
    >>> "panama" in passage_names() and "suez" in passage_names()
    True
    """
    return tuple(sorted(_sea_network().passages))


def _closed_set(close_passages: Iterable[str]) -> frozenset[str]:
    if isinstance(close_passages, str):
        close_passages = (close_passages,)
    valid = _sea_network().passages
    names = [str(p).strip().lower() for p in close_passages]
    unknown = [p for p in names if p not in valid]
    if unknown:
        raise ParameterError(
            f"unknown passage {unknown[0]!r}; passages that can be closed: {', '.join(sorted(valid))}"
        )
    return frozenset((*DEFAULT_CLOSED_PASSAGES, *names))


def _nearest_port(lon: float, lat: float) -> Port:
    """Nearest port by geodesic distance (one vectorized pass over every port)."""
    sea = _sea_network()
    dist = np.atleast_1d(geodesy.distance_km(lon, lat, sea.port_lon, sea.port_lat))
    i = int(np.argmin(dist))
    props = sea.port_props[i]
    return Port(
        code=str(props.get("port")),
        name=str(props.get("name")),
        country=str(props.get("cty")),
        lon=float(sea.port_lon[i]),
        lat=float(sea.port_lat[i]),
        distance_km=float(dist[i]),
    )


@functools.lru_cache(maxsize=4096)
def _marnet_node(lon: float, lat: float) -> tuple[float, float]:
    node: tuple[float, float] = _sea_network().marnet.kdtree.query((lon, lat))
    return node


@functools.lru_cache(maxsize=1024)
def _sea_path(
    start: tuple[float, float], end: tuple[float, float], closed: frozenset[str]
) -> tuple[tuple[tuple[float, float], ...], tuple[str, ...]] | None:
    """Shortest marnet path avoiding closed passages, and the passages it crosses (cached).

    searoute's edge weights are great-circle lengths on the mean sphere rounded to 0.1 km; the
    search uses the same lengths unrounded, so that the great circle to the destination is an
    exact lower bound and A* finds the same shortest path as Dijkstra, several times faster.
    """
    import networkx as nx

    sea = _sea_network()
    marnet = sea.marnet

    def weight(u: tuple[float, float], v: tuple[float, float], data: Mapping[str, Any]) -> float | None:
        return None if data.get("passage") in closed else _sphere_km(u, v)

    try:
        path = nx.astar_path(marnet, start, end, heuristic=_sphere_km, weight=weight)
    except nx.NetworkXNoPath:
        return None
    crossed = (marnet.edges[u, v].get("passage") for u, v in itertools.pairwise(path))
    passages = tuple(dict.fromkeys(p for p in crossed if p in sea.passages))
    return tuple(path), passages


def _antimeridian_split(coords: np.ndarray) -> LineString | MultiLineString:
    """Wrap a line into [-180, 180], split into parts where it crosses the antimeridian."""
    lon = (coords[:, 0] + 180.0) % 360.0 - 180.0
    lon[coords[:, 0] == 180.0] = 180.0
    pts = np.column_stack([lon, coords[:, 1]])
    parts: list[list[tuple[float, float]]] = [[tuple(pts[0])]]
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if abs(x1 - x0) > 180.0:
            edge = 180.0 if x0 > 0 else -180.0
            x1u = x1 + 360.0 if x0 > 0 else x1 - 360.0
            t = (edge - x0) / (x1u - x0)
            y = y0 + t * (y1 - y0)
            parts[-1].append((edge, y))
            parts.append([(-edge, y)])
        parts[-1].append((float(x1), float(y1)))
    clean = [_dedupe(np.asarray(p)) for p in parts]
    clean = [p for p in clean if len(p) > 1]
    return LineString(clean[0]) if len(clean) == 1 else MultiLineString(clean)


#: The longest straight stretch allowed between a port and the maritime network's nearest node.
#: Peru's coastal ports lie up to 184 km from it (Chimbote; the network is coarse along that
#: coast); river ports such as Iquitos (758 km, across the Andes) are refused.
_MAX_NETWORK_GAP_KM: Final[float] = 250.0


def _sea_route(
    a: _Point, b: _Point, *, speeds: Speeds, closed: frozenset[str], max_port_km: float
) -> list[Leg]:
    ports = []
    for p in (a, b):
        port = _nearest_port(p.lon, p.lat)
        if port.distance_km > max_port_km:
            raise RoutingError(
                f"{p.name} is {port.distance_km:.0f} km from the nearest port "
                f"({port.name}, {port.code}); a sea route must start and end within "
                f"{max_port_km:g} km of a port (max_port_km) — is it far inland?"
            )
        ports.append(port)
    pa, pb = ports
    if (pa.lon, pa.lat) == (pb.lon, pb.lat):
        raise RoutingError(f"{a.name} and {b.name} snap to the same port ({pa.name}, {pa.code})")
    nodes = []
    for port in ports:
        node = _marnet_node(port.lon, port.lat)
        gap_km = float(geodesy.distance_km(port.lon, port.lat, node[0], node[1]))
        if gap_km > _MAX_NETWORK_GAP_KM:
            raise RoutingError(
                f"{port.name} ({port.code}) is {gap_km:.0f} km from the maritime network: an inland "
                "or river port the network does not reach; a straight line to the sea would cross land"
            )
        nodes.append(node)
    found = _sea_path(nodes[0], nodes[1], closed)
    if found is None:
        raise RoutingError(
            f"no sea route from {pa.name} to {pb.name} with these passages closed: "
            f"{', '.join(sorted(closed))}"
        )
    path, passages = found
    coords = np.array([(pa.lon, pa.lat), *path, (pb.lon, pb.lat)], dtype=float)
    geom = _antimeridian_split(_dedupe(coords))
    length_km = _length_km(geom)
    port_a = _Point(f"{pa.name} port ({pa.code})", pa.lon, pa.lat)
    port_b = _Point(f"{pb.name} port ({pb.code})", pb.lon, pb.lat)
    legs = [
        _access_leg(a, port_a, speed_kmh=speeds.road_kmh, means=_PORT_ACCESS),
        Leg(
            mode="sea",
            origin=port_a.name,
            destination=port_b.name,
            geometry=geom,
            length_km=length_km,
            time_h=length_km / (speeds.sea_kn * geodesy.KM_PER_NM),
            means="container ship",
            passages=passages,
            ports=(pa, pb),
        ),
        _access_leg(port_b, b, speed_kmh=speeds.road_kmh, means=_PORT_ACCESS),
    ]
    return [leg for leg in legs if leg is not None]


# --------------------------------------------------------------------------------------------
# Air


#: The aircraft that times air legs unless told otherwise: the article names the Cessna 210
#: and 206 as the predominant aircraft on the Palcazu strips.
DEFAULT_AIRCRAFT: Final[str] = "cessna-210"


def _air_route(a: _Point, b: _Point, *, aircraft: Any, payload_kg: float) -> list[Leg]:
    """Make a great-circle leg timed by the aircraft model (airborne: climb, cruise, descent)."""
    from geo_huallaga import aircraft as aircraft_model

    geom = geodesy.great_circle(a.lon, a.lat, b.lon, b.lat)
    length_km = _length_km(geom)
    profile = aircraft_model.resolve(aircraft)
    plan = aircraft_model.plan_distance(length_km, aircraft=profile, payload_kg=payload_kg)
    if not plan.feasible:
        raise RoutingError(f"{profile.name} cannot fly {a.name} → {b.name} nonstop: {plan.reason}")
    return [
        Leg(mode="air", origin=a.name, destination=b.name, geometry=geom,
            length_km=length_km, time_h=plan.flight_time_h, means=profile.name)
    ]


# --------------------------------------------------------------------------------------------
# Public entry points


def route(
    a: Any,
    b: Any,
    *,
    mode: str = "land",
    roads: RoadsLike = BUILTIN_ROADS,
    speeds: Speeds = DEFAULT_SPEEDS,
    aircraft: Any = DEFAULT_AIRCRAFT,
    payload_kg: float = 0.0,
    close_passages: Sequence[str] = (),
    max_access_km: float = DEFAULT_MAX_ACCESS_KM,
    max_port_km: float = 50.0,
    snap_m: float = DEFAULT_SNAP_M,
) -> Route:
    """Compute a route between two places by one mode.

    Parameters
    ----------
    a, b : str, Place or tuple of float
        A place name, id, ICAO code or "LAT,LON" text (resolved by
        :func:`geo_huallaga.layers.place`), a :class:`~geo_huallaga.layers.Place`, or a
        ``(lon, lat)`` tuple.
    mode : {"land", "air", "sea"}
        How to travel.
    roads : str, path, GeoDataFrame or a list of them, default "road_network"
        Land only: the roads to route on (see :func:`road_network`): the built-in network by
        default; ``[BUILTIN_ROADS, "my_roads.gpkg"]`` adds your roads to it; your file alone
        routes on your roads only.
    speeds : Speeds
        Speeds per mode (defaults and their sources in :class:`Speeds`).
    aircraft : str or AircraftProfile, default "cessna-210"
        Air only: the aircraft that times the flight (an id from
        :func:`geo_huallaga.aircraft.available`, a profile file, or a profile).
    payload_kg : float, default 0
        Air only: pilot and cargo on board; a flight the aircraft cannot make nonstop with
        this payload raises :class:`~geo_huallaga.errors.RoutingError`.
    close_passages : sequence of str
        Sea only: passages to avoid (``panama``, ``suez``, ...; see :func:`passage_names`).
        The Northwest Passage is always closed, as in searoute.
    max_access_km : float, default 100
        Land only: the longest straight access leg from a place to the nearest road.
    max_port_km : float, default 50
        Sea only: the farthest an end may be from its nearest port.
    snap_m : float, default 50
        Land only: ends of your own road lines within this many metres of another line are
        joined to it (see :func:`road_network`).

    Returns
    -------
    Route

    Raises
    ------
    PlaceNotFoundError
        An unknown place name.
    RoutingError
        No road connects the two places, a place is too far from the roads or from a port, or
        closed passages leave no sea route.
    ParameterError
        An unknown mode or passage name.
    LayerValidationError
        A road layer without lines.
    UnknownAircraftError
        An unknown aircraft id.

    Examples
    --------
    >>> r = route((-81.0994, -5.0931), (-0.3774, 39.4698), mode="sea")   # Paita → Valencia
    >>> r.mode, r.passages, [leg.access for leg in r.legs]
    ('sea', ('panama', 'gibraltar'), [True, False, True])
    >>> route("Paita", "Rotterdam", mode="sea", close_passages=["panama"]).passages
    ('chili',)
    >>> route("Tingo María", "Paita", mode="sea")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.RoutingError: Tingo María is 251 km from the nearest port (Supe, PESUP); ...
    """
    if mode not in MODES:
        raise ParameterError(f"unknown mode {mode!r}; modes: {', '.join(MODES)}")
    pa, pb = _resolve(a), _resolve(b)
    if geodesy.distance_km(pa.lon, pa.lat, pb.lon, pb.lat) < 1e-3:
        raise RoutingError(f"{pa.name} and {pb.name} are the same point: nothing to route")
    if mode == "land":
        legs = _land_route(pa, pb, roads=roads, speeds=speeds, max_access_km=max_access_km, snap_m=snap_m)
    elif mode == "sea":
        closed = _closed_set(close_passages)
        legs = _sea_route(pa, pb, speeds=speeds, closed=closed, max_port_km=max_port_km)
    else:
        legs = _air_route(pa, pb, aircraft=aircraft, payload_kg=payload_kg)
    return Route(mode=mode, legs=tuple(legs))


def multimodal(stops: Sequence[Any], modes: Sequence[str], **options: Any) -> Route:
    """Chain routes through several stops, one mode per hop.

    Parameters
    ----------
    stops : sequence
        Two or more places (anything :func:`route` accepts).
    modes : sequence of str
        One mode per hop: ``len(modes) == len(stops) - 1``.
    **options
        Passed on to :func:`route` for every hop (``roads``, ``speeds``, ``aircraft``, ...).

    Returns
    -------
    Route
        Its ``mode`` is the hops' modes joined by ``+``; its legs are the hops' legs in order.

    Examples
    --------
    >>> r = multimodal([(-81.0994, -5.0931), (4.4792, 51.9225), (4.4035, 51.2199)],
    ...                ["sea", "air"])
    >>> r.mode, [leg.mode for leg in r.legs if not leg.access]
    ('sea+air', ['sea', 'air'])
    >>> multimodal(["Paita"], [])
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: a multimodal route needs at least two stops, got 1
    """
    stops, modes = list(stops), list(modes)
    if len(stops) < 2:
        raise ParameterError(f"a multimodal route needs at least two stops, got {len(stops)}")
    if len(modes) != len(stops) - 1:
        raise ParameterError(
            f"{len(stops)} stops need {len(stops) - 1} modes, got {len(modes)}"
        )
    legs: list[Leg] = []
    for a, b, mode in zip(stops[:-1], stops[1:], modes, strict=True):
        legs.extend(route(a, b, mode=mode, **options).legs)
    return Route(mode="+".join(modes), legs=tuple(legs))

