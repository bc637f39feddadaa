"""Drivable roads from OpenStreetMap with osmnx, written as a layer ``--roads`` reads.

Needs the optional extra: ``pip install 'geo-huallaga[osm]'`` (osmnx). Three ways in, one
code path out (:func:`graph_to_layer`):

- :func:`fetch_bbox` and :func:`fetch_place` download the drivable network from the Overpass
  API (``network_type="drive"``) and keep osmnx's response cache, so a second run of the same
  query does not download again. **This machine has no internet: the download itself is not
  tested here.**
- :func:`from_osm_xml` reads an ``.osm`` XML extract you already have
  (``osmnx.graph_from_xml``): tested on ``tests/data/osm_roads.osm``.

Every line carries ``source`` "© OpenStreetMap contributors (ODbL), via osmnx": OpenStreetMap
data is under the Open Database License, and maps made from it must say so.

Examples
--------
>>> parse_bbox("-75.2,-10.3,-75.1,-10.1")   # west, south, east, north
(-75.2, -10.3, -75.1, -10.1)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from geo_huallaga.errors import DataFileNotFoundError, MissingDependencyError, ParameterError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Credit written on every line of a fetched layer.
OSM_SOURCE: Final[str] = "© OpenStreetMap contributors (ODbL), via osmnx"

#: Where osmnx keeps its download cache unless told otherwise.
DEFAULT_CACHE_DIR: Final[Path] = Path.home() / ".cache" / "geo-huallaga" / "osmnx"


def _osmnx(cache_dir: str | os.PathLike[str] | None = None) -> Any:
    """Import osmnx (the ``osm`` extra), with its download cache switched on."""
    try:
        import osmnx
    except ImportError:
        raise MissingDependencyError(
            "osmnx is not installed: pip install 'geo-huallaga[osm]'"
        ) from None
    osmnx.settings.use_cache = True
    osmnx.settings.cache_folder = str(cache_dir if cache_dir is not None else DEFAULT_CACHE_DIR)
    osmnx.settings.log_console = False
    return osmnx


def graph_to_layer(graph: Any) -> gpd.GeoDataFrame:
    """Turn an osmnx graph into road lines: one feature per edge, in EPSG:4326.

    Columns: ``id`` (``u-v-key``), ``name``, ``highway``, ``ref``, ``osmid``, ``source``,
    ``precision`` (``approximate``). Two-way streets appear once (the graph is made
    undirected first); lists osmnx keeps for merged ways are joined with ``;``.

    Raises
    ------
    ParameterError
        The graph has no edges (nothing drivable in the area).
    """
    import geopandas as gpd

    ox = _osmnx()
    if graph.number_of_edges() == 0:
        raise ParameterError("no drivable road in the area asked for")
    undirected = ox.convert.to_undirected(graph)
    edges = ox.convert.graph_to_gdfs(undirected, nodes=False, fill_edge_geometry=True).reset_index()

    def text(value: Any) -> str | None:
        if isinstance(value, list):
            return ";".join(str(v) for v in value)
        if value is None or (isinstance(value, float) and value != value):
            return None
        return str(value)

    rows = [
        {
            "id": f"{int(r.u)}-{int(r.v)}-{int(r.key)}",
            "name": text(getattr(r, "name", None)),
            "highway": text(getattr(r, "highway", None)),
            "ref": text(getattr(r, "ref", None)),
            "osmid": text(getattr(r, "osmid", None)),
            "source": OSM_SOURCE,
            "precision": "approximate",
        }
        for r in edges.itertuples(index=False)
    ]
    out = gpd.GeoDataFrame(rows, geometry=list(edges.geometry), crs=edges.crs).to_crs(4326)
    return out.sort_values("id", kind="stable").reset_index(drop=True)


def from_osm_xml(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read the drivable roads of an ``.osm`` XML file (``osmnx.graph_from_xml``).

    Raises
    ------
    DataFileNotFoundError
        No such file.
    MissingDependencyError
        osmnx is not installed.
    """
    from geo_huallaga import _files

    _files.check_input(path, what=".osm file")  # missing, unreadable, or a FIFO/device that never ends
    if not Path(path).is_file():
        raise DataFileNotFoundError(f"{path}: is a folder, not an .osm file")
    ox = _osmnx()
    graph = ox.graph_from_xml(path, simplify=False, retain_all=True)
    # The file holds every way; keep what osmnx's "drive" network keeps, then simplify.
    drop = [(u, v, k) for u, v, k, hw in graph.edges(keys=True, data="highway")
            if not _drivable(hw)]
    graph.remove_edges_from(drop)
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    if graph.number_of_edges():
        graph = ox.simplify_graph(graph)
    return graph_to_layer(graph)


#: Highway values osmnx's ``network_type="drive"`` filter leaves out (osmnx 2.x
#: ``_overpass._get_network_filter``), applied to ``.osm`` files, which are read unfiltered.
NOT_DRIVABLE: Final[frozenset[str]] = frozenset({
    "abandoned", "bridleway", "bus_guideway", "construction", "corridor", "cycleway",
    "elevator", "escalator", "footway", "no", "path", "pedestrian", "planned", "platform",
    "proposed", "raceway", "razed", "rest_area", "service", "services", "steps", "track",
})


def _drivable(highway: Any) -> bool:
    """Return True for a way osmnx's "drive" network would keep (judged on its ``highway`` tag)."""
    return isinstance(highway, str) and highway not in NOT_DRIVABLE


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """Parse ``W,S,E,N`` (degrees) into (west, south, east, north).

    Examples
    --------
    >>> parse_bbox("-75.2,-10.3,-75.1,-10.1")
    (-75.2, -10.3, -75.1, -10.1)
    >>> parse_bbox("1,2,3")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: --bbox wants W,S,E,N in degrees, got '1,2,3'
    """
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ParameterError(f"--bbox wants W,S,E,N in degrees, got {text!r}") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ParameterError(f"--bbox {text!r}: need west < east and south < north, in degrees")
    return west, south, east, north


def fetch_bbox(bbox: tuple[float, float, float, float], *, cache_dir: str | None = None) -> gpd.GeoDataFrame:
    """Download the drivable roads inside (west, south, east, north) — untested here (no internet)."""
    ox = _osmnx(cache_dir)
    return graph_to_layer(ox.graph_from_bbox(bbox, network_type="drive", simplify=True, retain_all=True))


def fetch_place(place: str, *, cache_dir: str | None = None) -> gpd.GeoDataFrame:
    """Download the drivable roads of a named place (geocoded by Nominatim) — untested here."""
    ox = _osmnx(cache_dir)
    return graph_to_layer(ox.graph_from_place(place, network_type="drive", simplify=True, retain_all=True))
