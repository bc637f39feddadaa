"""Regenerate the SYNTHETIC proximity samples in tests/data/ (invented places, known answers).

Writes two GeoPackages:

* ``proximity_territories_synthetic.gpkg``: 5 invented "territories", hexagons of 20 km
  geodesic radius around invented centres in the Ucayali-Huánuco-Pasco lowlands, 150 km apart
  (each vertex from GeographicLib's ``Direct``; edges are the geodesics between vertices).
* ``proximity_strips_synthetic.gpkg``: 67 invented "strips" placed by construction at a known
  geodesic offset from a territory's edge: from a point X part-way along an edge (GeographicLib
  ``InverseLine``), ``Direct`` along the edge's normal, outwards by ``construction_offset_km``
  (negative: inwards). A geodesic leaving an edge at a right angle reaches P whose nearest point
  on that edge is X (Gauss's lemma); the hexagons are convex and X lies on the middle 60 % of the
  edge, so the distance from P to its territory is exactly the offset, and to any other
  territory more. The breakdown mirrors the published one for 67 verified strips (30 inside
  Indigenous territories, 26 within 5 km of one, 11 beyond) -- the places and offsets are
  invented, the counts are chosen to match it.

Every feature says it is synthetic (``source``). Run from the checkout's top with the test extra
installed (GeographicLib); the output is the same bytes every run::

    python scripts/build_proximity_samples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point, Polygon

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo_huallaga import layers

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TERRITORIES = DATA / "proximity_territories_synthetic.gpkg"
STRIPS = DATA / "proximity_strips_synthetic.gpkg"
SOURCE = "SYNTHETIC: invented by scripts/build_proximity_samples.py; not a real place"

G = Geodesic.WGS84
RADIUS_M = 20_000.0
#: Invented centres (lon, lat), each 150 km or more from the others.
CENTRES: tuple[tuple[str, float, float], ...] = (
    ("t-a", -75.60, -9.20),
    ("t-b", -74.20, -9.20),
    ("t-c", -75.60, -10.60),
    ("t-d", -74.20, -10.60),
    ("t-e", -74.90, -11.90),
)
#: How many strips of each class, as published for 67 verified strips.
BREAKDOWN = {"inside": 30, "within 5 km": 26, "beyond": 11}
#: Offsets (km) drawn per class; none closer than 100 m to a class limit.
OFFSET_RANGES_KM = {"inside": (-8.0, -0.3), "within 5 km": (0.2, 4.9), "beyond": (5.1, 30.0)}


def hexagon(lon: float, lat: float) -> list[tuple[float, float]]:
    """Vertices at azimuths 0, 60, ... 300 (clockwise seen from above), RADIUS_M from the centre."""
    out = []
    for az in range(0, 360, 60):
        d = G.Direct(lat, lon, az, RADIUS_M)
        out.append((d["lon2"], d["lat2"]))
    return out


def strip(vertices: list[tuple[float, float]], edge: int, along: float, offset_km: float) -> tuple[float, float]:
    """Place a point ``offset_km`` off the edge along its normal, from the point ``along`` (0-1) of the edge."""
    (lon1, lat1), (lon2, lat2) = vertices[edge], vertices[(edge + 1) % len(vertices)]
    line = G.InverseLine(lat1, lon1, lat2, lon2)
    x = line.Position(along * line.s13)
    # clockwise vertices: the inside is on the right of the direction of travel, outside on the left
    outward = x["azi2"] - 90.0
    d = G.Direct(x["lat2"], x["lon2"], outward, offset_km * 1000.0)
    return d["lon2"], d["lat2"]


def main() -> None:
    rng = np.random.default_rng(14)
    shapes = {tid: hexagon(lon, lat) for tid, lon, lat in CENTRES}
    territories = gpd.GeoDataFrame(
        {
            "id": [tid for tid, _, _ in CENTRES],
            "name": [f"Territory {tid[-1].upper()} (synthetic)" for tid, _, _ in CENTRES],
            "source": SOURCE,
            "precision": "surveyed",
        },
        geometry=[Polygon(shapes[tid][::-1]) for tid, _, _ in CENTRES],  # counter-clockwise rings
        crs=4326,
    )
    classes = [c for c, n in BREAKDOWN.items() for _ in range(n)]
    order = rng.permutation(len(classes))
    rows = []
    for k, i in enumerate(order, start=1):
        klass = classes[i]
        tid = CENTRES[int(rng.integers(len(CENTRES)))][0]
        lo, hi = OFFSET_RANGES_KM[klass]
        offset = round(float(rng.uniform(lo, hi)), 3)
        lon, lat = strip(shapes[tid], int(rng.integers(6)), float(rng.uniform(0.2, 0.8)), offset)
        rows.append({
            "id": f"s{k:02d}", "name": f"Synthetic strip {k:02d}", "source": SOURCE, "precision": "surveyed",
            "construction_territory": tid, "construction_offset_km": offset, "construction_class": klass,
            "geometry": Point(lon, lat),
        })
    strips = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    layers.write(territories, TERRITORIES)
    layers.write(strips, STRIPS)
    print(f"wrote {TERRITORIES.name} ({len(territories)} territories), {STRIPS.name} ({len(strips)} strips)")


if __name__ == "__main__":
    main()
