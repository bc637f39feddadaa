"""Regenerate ``layers/corridors.geojson`` from the routing computations (deterministic).

Each corridor is one of the article's routes, computed by :mod:`geo_huallaga.routing` on the
built-in layers (roads, the searoute maritime network, great circles timed by the aircraft
model) and written with its citation, mode, ends, means, length, time and precision.

Run from the repository root::

    PYTHONPATH=$PWD /work/venv/bin/python scripts/build_corridors.py [--out PATH]

The same inputs give the same bytes (``geo_huallaga.layers.write``).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo_huallaga import layers, routing

ARTICLE = "InSight Crime / IDL-Reporteros, 'The Cocaine Clans' (c. 2012)"
OUT = Path(__file__).resolve().parent.parent / "layers" / "corridors.geojson"


@dataclass(frozen=True)
class Corridor:
    """One of the article's corridors: where it runs, how, and what the article says."""

    id: str
    name: str
    stops: tuple[str, ...]
    mode: str
    means: str
    quote: str
    ends_note: str = ""


CORRIDORS: tuple[Corridor, ...] = (
    Corridor(
        "huallaga-palcazu-land", "Tingo María – Iscozacín", ("Tingo María", "Iscozacín"), "land",
        "trucks, backpackers ('cargachos'), mules",
        "from the Huallaga or the VRAE to Palcazu by land",
        "The source has no road into the Palcazu valley: the last stretch to Iscozacín is a "
        "schematic section through the district capitals, reported as such.",
    ),
    Corridor(
        "palcazu-cruzeiro-air", "Iscozacín aerodrome – Cruzeiro do Sul", ("SPEN", "Cruzeiro do Sul"), "air",
        "Cessna 210/206, Piper Seneca",
        "An aircraft's journey towards Palcazu lasts an hour and a half from Brazil",
        "Cruzeiro do Sul stands for Brazil: the article names no Brazilian town.",
    ),
    Corridor(
        "palcazu-cobija-air", "Iscozacín aerodrome – Cobija", ("SPEN", "Cobija"), "air",
        "Cessna 210/206",
        "two and a half hours on average from Bolivia",
        "Cobija stands for Bolivia: the article names no Bolivian town.",
    ),
    Corridor(
        "huallaga-coast-land", "Tingo María – Paita", ("Tingo María", "Paita"), "land",
        "backpackers ('cargachos'), mules, trucks with double cabins, heavy cargo trucks",
        "A large percentage of the Huallaga drugs are destined for Peru's northern coast",
        "Paita stands for the northern coast's ports.",
    ),
    Corridor(
        "coast-europe-sea", "Paita – Rotterdam", ("Paita", "Rotterdam"), "sea",
        "boats and containers",
        "hidden in boats or containers to travel by sea to the principal international markets, "
        "including Europe and Africa",
        "Rotterdam stands for Europe: the article names no port.",
    ),
    Corridor(
        "coast-africa-sea", "Paita – Lomé", ("Paita", "Lomé"), "sea",
        "boats and containers",
        "hidden in boats or containers to travel by sea to the principal international markets, "
        "including Europe and Africa",
        "Lomé stands for West Africa: the article names no port.",
    ),
)


def _how(r: routing.Route) -> str:
    """Say how the route was computed, naming anything a reader should weigh."""
    parts = []
    road = [leg for leg in r.legs if leg.mode == "land" and not leg.access]
    if road:
        schematic = sum(leg.length_km for leg in road if leg.precision == "schematic")
        driving = r.driving_km
        parts.append(f"road {sum(leg.length_km for leg in road):,.0f} km on the built-in road network"
                     + (f" (of which {schematic:,.0f} km schematic: straight sections where the "
                        "source has no road)" if schematic else "")
                     + (f"; estimated driving distance {driving.central:,.0f} km ({driving.low:,.0f}–"
                        f"{driving.high:,.0f}) with the terrain circuity factors, timed at "
                        f"{routing.DEFAULT_SPEEDS.road_kmh:g} km/h" if driving is not None else ""))
    long_access = [leg for leg in r.legs if leg.access and leg.length_km >= 1.0]
    for leg in long_access:
        parts.append(f"straight access leg {leg.origin} → {leg.destination} {leg.length_km:,.1f} km")
    for leg in r.legs:
        if leg.mode == "sea":
            ports = " → ".join(f"{p.name} ({p.code})" for p in leg.ports)
            parts.append(f"sea {leg.length_km:,.0f} km {ports} at {routing.DEFAULT_SPEEDS.sea_kn:g} kn, "
                         f"via {', '.join(leg.passages) or 'no passage'} (searoute network)")
        elif leg.mode == "air":
            parts.append(f"great circle {leg.length_km:,.0f} km, {leg.means} flight time")
    return "Computed by geo_huallaga.routing: " + "; ".join(parts) + "."


def build() -> gpd.GeoDataFrame:
    """Compute every corridor and return the layer."""
    rows, geoms = [], []
    for c in CORRIDORS:
        r = routing.route(c.stops[0], c.stops[1], mode=c.mode)
        rows.append({
            "id": c.id,
            "name": c.name,
            "mode": c.mode,
            "from": r.origin,
            "to": r.destination,
            "means": c.means,
            "length_km": round(r.length_km, 1),
            "driving_km": round(r.driving_km.central, 1) if r.driving_km is not None else None,
            "time_h": round(r.time_h, 2),
            "passages": ",".join(r.passages) or None,
            "article": c.quote,
            "note": f"{_how(r)} {c.ends_note}".strip(),
            "source": ARTICLE,
            "precision": "approximate",
        })
        geoms.append(r.geometry)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    args = parser.parse_args(argv)
    gdf = build()
    layers.write(gdf, args.out, builtin_ok=True)
    for row in gdf.itertuples(index=False):
        print(f"{row.id:24} {row.mode:4} {row.length_km:>9,.1f} km {row.time_h:>7,.2f} h  {row.means}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
