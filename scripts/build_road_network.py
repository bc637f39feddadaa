"""Regenerate ``layers/road_network.geojson``: the routing network of Peru and its neighbours.

Source: the PyPI package ``scgraph-data==2.0.0`` (Connor Makowski, MIT licence for the
package), module ``scgraph_data/world_highways.py``: a world highway graph derived from
OpenStreetMap, so the data is under the ODbL: "© OpenStreetMap contributors". The wheel is
read as text, without importing it (see ``build_roads.py``, whose reader this script uses).

Usage (from the repository root)::

    /work/venv/bin/python scripts/build_road_network.py
    # or, with the wheel already downloaded:
    /work/venv/bin/python scripts/build_road_network.py --wheel dl/scgraph_data-2.0.0-py3-none-any.whl

What it writes, byte for byte the same on every run:

- ``osm-highways``: every edge of the source's largest connected component inside the box
  lat -21..2, lon -82.5..-66 (Peru, Ecuador, south-western Colombia, Acre, western Bolivia,
  northern Chile), as one MultiLineString whose parts are trails through the source's own
  vertices (each source edge exactly once; nothing densified or smoothed), ``precision:
  approximate``.
- every line is split into runs of one ``terrain`` class, ``flat`` or ``rugged``: a source
  edge is ``rugged`` when the airfields within 80 km of its midpoint span 500 m of elevation
  or more (elevations from the ICAO register as shipped in the PyPI package ``airportsdata``,
  MIT; the only elevation data available offline), else ``flat``. The classes carry the
  circuity factors fitted by ``scripts/fit_circuity.py`` (see docs/routing.md).
- one ``schematic`` LineString per known hole of the source (the Palcazu road and the road
  on to Pucallpa): straight lines between sourced town coordinates (ubigeo district
  capitals, CEPLAN/INEI) and the source's nearest vertex, ``precision: schematic``. Routes
  that use them say so; they are never a silent straight line.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import airportsdata
import numpy as np
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_roads
from _geojson_out import DECIMALS, run_build, write_layer

OUT = Path(__file__).resolve().parent.parent / "layers" / "road_network.geojson"
SOURCE = build_roads.SOURCE
BOX = (-21.0, 2.0, -82.5, -66.0)  # lat min, lat max, lon min, lon max
GEOD = Geod(ellps="WGS84")
#: Terrain rule: airfields within RUGGED_RADIUS_KM of an edge's midpoint spanning at least
#: RUGGED_SPAN_M of elevation make the edge "rugged". Chosen with scripts/fit_circuity.py
#: among radii 30-120 km and spans 500-1500 m (docs/routing.md gives the comparison).
RUGGED_RADIUS_KM = 80.0
RUGGED_SPAN_M = 500.0
FEET_TO_M = 0.3048  # international foot, by definition
AIRFIELD_COUNTRIES = ("PE", "EC", "CO", "BR", "BO", "CL")

# Town coordinates (lat, lon): ubigeo-peru-aumentado district capitals (CEPLAN/INEI), as in
# layers/places.geojson.
UBIGEO = "ubigeo-peru-aumentado, ubigeo_distrito.csv (CEPLAN/INEI district capitals)"
TOWNS: dict[str, tuple[str, float, float]] = {
    "oxapampa": ("Oxapampa", -10.575, -75.4047),
    "puerto-bermudez": ("Puerto Bermúdez", -10.2992, -74.9372),
    "ciudad-constitucion": ("Ciudad Constitución", -9.8564, -75.0169),
    "iscozacin": ("Iscozacín", -10.1842, -75.1481),
}


@dataclass(frozen=True)
class Schematic:
    """A schematic section: a straight line from ``start`` to ``end``.

    An end that is not a key of ``TOWNS`` is joined to the source vertex nearest to the
    town named by ``anchor`` (so the section connects to the network).
    """

    id: str
    name: str
    start: str
    end: str
    note: str


SCHEMATIC: tuple[Schematic, ...] = (
    Schematic("schematic-villa-rica-oxapampa", "Villa Rica road end – Oxapampa",
              "@oxapampa", "oxapampa",
              "The source has no road to Oxapampa: joined straight from its nearest vertex "
              "(the end of its Villa Rica road)."),
    Schematic("schematic-oxapampa-puerto-bermudez", "Oxapampa – Puerto Bermúdez",
              "oxapampa", "puerto-bermudez",
              "Palcazu road: not in the source; straight between the district capitals."),
    Schematic("schematic-puerto-bermudez-ciudad-constitucion", "Puerto Bermúdez – Ciudad Constitución",
              "puerto-bermudez", "ciudad-constitucion",
              "Palcazu road: not in the source; straight between the district capitals."),
    Schematic("schematic-ciudad-constitucion-iscozacin", "Ciudad Constitución – Iscozacín",
              "ciudad-constitucion", "iscozacin",
              "Palcazu road: not in the source; straight between the district capitals."),
    Schematic("schematic-ciudad-constitucion-pucallpa-road", "Ciudad Constitución – Puerto Inca road",
              "ciudad-constitucion", "@ciudad-constitucion",
              "The road on to Pucallpa: the source's Puerto Inca road ends about 38 km north "
              "of Ciudad Constitución; joined straight to its nearest vertex."),
)


def trails(adjacency: dict[int, dict[int, float]], keep: set[int]) -> list[list[int]]:
    """Cover every edge among ``keep`` exactly once with walks (deterministic).

    Walks start at odd-degree nodes first (lowest id first) and always take the unused
    edge to the lowest neighbour id, so the output depends only on the graph.
    """
    unused = {i: sorted(j for j in adjacency[i] if j in keep and j != i) for i in sorted(keep)}
    used: set[tuple[int, int]] = set()
    starts = [i for i in sorted(keep) if len(unused[i]) % 2] + sorted(keep)
    out: list[list[int]] = []
    for s in starts:
        while any((min(s, j), max(s, j)) not in used for j in unused[s]):
            walk = [s]
            here = s
            while True:
                nxt = next((j for j in unused[here] if (min(here, j), max(here, j)) not in used), None)
                if nxt is None:
                    break
                used.add((min(here, nxt), max(here, nxt)))
                walk.append(nxt)
                here = nxt
            out.append(walk)
    return out


def airfields() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return lon, lat and elevation (m) of the airfields of Peru and its neighbours."""
    rows = sorted(
        (a["icao"], a["lon"], a["lat"], a["elevation"])
        for a in airportsdata.load().values()
        if a["country"] in AIRFIELD_COUNTRIES and a["elevation"] is not None
    )
    data = np.array([r[1:] for r in rows], dtype=float)
    return data[:, 0], data[:, 1], data[:, 2] * FEET_TO_M


def terrain_of(lon: float, lat: float, fields: tuple[np.ndarray, np.ndarray, np.ndarray]) -> str:
    """Return ``rugged`` or ``flat`` for a point (see RUGGED_RADIUS_KM, RUGGED_SPAN_M)."""
    alon, alat, elev = fields
    _, _, dist = GEOD.inv(np.full(len(alon), lon), np.full(len(alon), lat), alon, alat)
    near = elev[np.asarray(dist) / 1000.0 < RUGGED_RADIUS_KM]
    span = float(near.max() - near.min()) if near.size > 1 else 0.0
    return "rugged" if span >= RUGGED_SPAN_M else "flat"


def split_by_terrain(
    coords: list[tuple[float, float]], fields: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> list[tuple[str, list[tuple[float, float]]]]:
    """Split a polyline into runs of one terrain class (classed edge by edge at midpoints)."""
    runs: list[tuple[str, list[tuple[float, float]]]] = []
    for a, b in itertools.pairwise(coords):
        cls = terrain_of(*_midpoint(a, b), fields)
        if runs and runs[-1][0] == cls:
            runs[-1][1].append(b)
        else:
            runs.append((cls, [a, b]))
    return runs


def _midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Geodesic midpoint of two (lon, lat) points."""
    az, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    lon, lat, _ = GEOD.fwd(a[0], a[1], az, dist / 2.0)
    return float(lon), float(lat)


def build(wheel: Path) -> list[str]:
    """Build the network layer from the wheel; return report lines."""
    build_roads.LAT_MIN, build_roads.LAT_MAX, build_roads.LON_MIN, build_roads.LON_MAX = BOX
    nodes, adjacency = build_roads.read_graph(wheel)
    err_ll, err_sw = build_roads.check_lat_lon_order(nodes, adjacency)
    # The source's adjacency is not always symmetric: treat every listed edge as two-way.
    for i in list(adjacency):
        for j, w in list(adjacency[i].items()):
            adjacency[j].setdefault(i, w)
    component = build_roads.largest_component(adjacency)
    edge_count = sum(1 for i in component for j in adjacency[i] if i < j)
    walks = trails(adjacency, component)
    covered = sum(len(w) - 1 for w in walks)
    if covered != edge_count:
        raise SystemExit(f"trails cover {covered} edges of {edge_count}")

    def lonlat(i: int) -> tuple[float, float]:
        lat, lon = nodes[i]
        return (round(lon, DECIMALS), round(lat, DECIMALS))

    fields = airfields()
    by_class: dict[str, list[LineString]] = {"flat": [], "rugged": []}
    for w in walks:
        for cls, run in split_by_terrain([lonlat(i) for i in w], fields):
            by_class[cls].append(LineString(run))
    features: list[tuple[dict[str, object], object]] = [
        (
            {
                "id": f"osm-highways-{cls}",
                "name": f"Highways of Peru and its neighbours, {cls} terrain (scgraph-data world_highways)",
                "source": SOURCE,
                "precision": "approximate",
                "terrain": cls,
                "note": "Each part runs through the source's own vertices; long straight edges "
                        "are chords of the real road (see docs/routing.md, circuity).",
            },
            MultiLineString(parts),
        )
        for cls, parts in by_class.items()
    ]
    ordered = sorted(component)
    report = [
        f"graph in box {BOX}: {len(nodes)} nodes; largest component {len(component)} nodes, "
        f"{edge_count} edges, as {len(walks)} trails; median |weight - geodesic| "
        f"{err_ll * 1000:.1f} m as [lat, lon], {err_sw * 1000:.0f} m swapped",
    ]
    for sec in SCHEMATIC:
        ends = []
        for key in (sec.start, sec.end):
            if key.startswith("@"):
                _, lat, lon = TOWNS[key[1:]]
                node, gap_km = build_roads.nearest_node(nodes, ordered, lat, lon)
                ends.append(lonlat(node))
                report.append(f"{sec.id}: {key[1:]} joins source node {node}, {gap_km:.1f} km away")
            else:
                _, lat, lon = TOWNS[key]
                ends.append((lon, lat))
        features.append((
            {
                "id": sec.id,
                "name": sec.name,
                "source": f"schematic: straight line; town coordinates from {UBIGEO}",
                "precision": "schematic",
                "terrain": terrain_of(*_midpoint(ends[0], ends[1]), fields),
                "note": sec.note,
            },
            LineString(ends),
        ))
    size = write_layer(OUT, features)
    spacing = np.array([w for i in component for j, w in adjacency[i].items() if i < j and j in component])
    report.append(
        f"source edges: median {np.median(spacing):.2f} km, 90th percentile "
        f"{np.percentile(spacing, 90):.1f} km, max {spacing.max():.1f} km"
    )
    km = {cls: sum(GEOD.geometry_length(g) for g in parts) / 1000.0 for cls, parts in by_class.items()}
    report.append(f"terrain: {km['flat']:.0f} km flat, {km['rugged']:.0f} km rugged (straight-edge lengths)")
    report.append(f"wrote {OUT} ({len(features)} features, {size} bytes)")
    return report


def main() -> int:
    return run_build(
        __doc__.splitlines()[0],
        option="--wheel",
        help_text=f"an already downloaded {build_roads.WHEEL}",
        build=build,
        fetch=build_roads.download_wheel,
    )


if __name__ == "__main__":
    raise SystemExit(main())
