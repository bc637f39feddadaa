"""``geo-huallaga route`` and ``corridors``: compute a route, list the article's corridors."""

from __future__ import annotations

import argparse
import csv
import math
import sys
from typing import Any

from geo_huallaga.cli._output import clean, print_json, print_table

#: Columns of ``geo-huallaga corridors``, in order.
CORRIDOR_COLUMNS: tuple[str, ...] = (
    "id", "mode", "from", "to", "length_km", "time_h", "means", "precision", "source",
)


def register(sub: Any) -> None:
    """Add the ``route`` and ``corridors`` subcommands to *sub*."""
    p = sub.add_parser(
        "route",
        help="compute a land, sea or air route between two places",
        description=(
            'Compute a route between two places (names, ICAO codes or "LAT,LON"). Land routes '
            "follow the road layer, sea routes the maritime network between the nearest ports, "
            "air routes the great circle. Access legs from a place to the road or port are "
            "straight and reported separately."
        ),
    )
    p.add_argument("origin", metavar="A", help='where from, e.g. "Tingo María" or "-9.2981,-76.0006"')
    p.add_argument("destination", metavar="B", help="where to")
    p.add_argument("--mode", choices=("land", "sea", "air"), default="land", help="how to travel (default: land)")
    p.add_argument("--aircraft", metavar="ID", help="air: the aircraft profile that times the flight")
    p.add_argument("--payload-kg", type=float, metavar="KG", help="air: pilot and cargo on board (default 0)")
    p.add_argument(
        "--close-passage", metavar="NAME", action="append", default=[],
        help="sea: avoid this passage (panama, suez, gibraltar, ...); repeat for several",
    )
    p.add_argument(
        "--roads", metavar="PATH",
        help="land: add your own roads (any vector line file) to the built-in network",
    )
    p.add_argument(
        "--roads-only", action="store_true",
        help="land: route on the --roads file alone, without the built-in network",
    )
    p.add_argument(
        "--snap-m", type=float, metavar="M",
        help="land: join ends of your --roads lines to any line within M metres (geodesic; default 50)",
    )
    p.add_argument(
        "--max-access-km", type=float, metavar="KM",
        help="land: longest straight access leg from a place to the nearest road (default 100)",
    )
    p.add_argument("--out", metavar="PATH.geojson", help="write the legs as GeoJSON (or .gpkg, .fgb, .parquet)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_route)

    p = sub.add_parser(
        "corridors",
        help="list the article's corridors with their computed lengths and times",
        description="One row per built-in corridor: mode, from, to, length_km, time_h, means, source.",
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--csv", action="store_true", help="print CSV")
    p.set_defaults(func=run_corridors)


def run_route(args: argparse.Namespace) -> int:
    """Compute the route and print it (and write it with ``--out``)."""
    from geo_huallaga import layers, routing
    from geo_huallaga.errors import ParameterError

    if args.close_passage and args.mode != "sea":
        raise ParameterError("--close-passage applies to --mode sea only")
    if (args.aircraft or args.payload_kg is not None) and args.mode != "air":
        raise ParameterError("--aircraft and --payload-kg apply to --mode air only")
    land_only = [name for name, given in (
        ("--roads", args.roads), ("--roads-only", args.roads_only), ("--snap-m", args.snap_m is not None),
        ("--max-access-km", args.max_access_km is not None)) if given]
    if land_only and args.mode != "land":
        raise ParameterError(f"{land_only[0]} applies to --mode land only")
    if args.roads_only and not args.roads:
        raise ParameterError("--roads-only needs --roads FILE")
    options: dict[str, Any] = {"mode": args.mode}
    if args.mode == "sea":
        options["close_passages"] = args.close_passage
    elif args.mode == "air":
        if args.aircraft:
            options["aircraft"] = args.aircraft
        if args.payload_kg is not None:
            options["payload_kg"] = args.payload_kg
    else:
        options.update(land_options(args))
    result = routing.route(args.origin, args.destination, **options)
    if args.out:
        protect = [p for p in (args.roads, args.aircraft) if p]
        layers.write(result.to_geodataframe(), args.out, protect=protect)
    if args.json:
        print_json(result.as_dict())
        return 0
    print_table(
        ["mode", "from", "to", "length_km", "time_h", "means"],
        [
            [leg.mode, leg.origin, leg.destination, f"{leg.length_km:,.1f}", f"{leg.time_h:,.2f}",
             leg.means + (f" [{leg.precision}]" if leg.precision and leg.precision != "approximate" else "")]
            for leg in result.legs
        ],
    )
    lines = [f"total: {result.length_km:,.1f} km, {result.time_h:,.2f} h ({result.mode})"]
    lines.extend(land_summary(result))
    if result.ports:
        lines.append(
            "ports: " + ", ".join(f"{p.name} ({p.code}, {p.distance_km:.1f} km away)" for p in result.ports)
        )
    if args.mode == "sea":
        lines.append("passages: " + (", ".join(result.passages) or "none"))
    if args.out:
        lines.append(f"wrote {args.out}")
    sys.stdout.write("\n".join(clean(line) for line in lines) + "\n")
    return 0


def land_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the ``routing.route`` options of the land flags (``--roads`` and friends)."""
    from geo_huallaga import routing

    options: dict[str, Any] = {}
    if args.roads:
        options["roads"] = args.roads if args.roads_only else [routing.BUILTIN_ROADS, args.roads]
    if args.snap_m is not None:
        options["snap_m"] = args.snap_m
    if args.max_access_km is not None:
        options["max_access_km"] = args.max_access_km
    return options


def land_summary(result: Any) -> list[str]:
    """Lines on a land route's driving estimate and its road / schematic / access shares."""
    lines = []
    driving = result.driving_km
    if driving is not None:
        lines.append(
            f"driving distance, estimated: {driving.central:,.0f} km ({driving.low:,.0f} – "
            f"{driving.high:,.0f}); the road length times a circuity factor per terrain class, "
            "fitted on published driving distances (docs/routing.md)"
        )
    if any(leg.mode == "land" for leg in result.legs):
        shares = result.shares
        lines.append(
            f"of the length: road {shares['road']:.0%}, schematic {shares['schematic']:.0%}, "
            f"access {shares['access']:.0%}"
        )
        if any(leg.precision == "approximate" for leg in result.legs):
            lines.append("roads: © OpenStreetMap contributors (ODbL), via scgraph-data world_highways")
    return lines


def corridor_rows() -> list[dict[str, Any]]:
    """Return the built-in corridors as rows with the :data:`CORRIDOR_COLUMNS` keys."""
    from geo_huallaga import layers

    gdf = layers.load("corridors")
    records = gdf.drop(columns=gdf.geometry.name).to_dict(orient="records")
    return [{key: _plain(record.get(key)) for key in CORRIDOR_COLUMNS} for record in records]


def _plain(value: Any) -> Any:
    """Return a JSON-ready scalar: numpy scalars unwrapped, NaN (a missing number) as None."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value


def run_corridors(args: argparse.Namespace) -> int:
    """Print the built-in corridors as a table, JSON or CSV."""
    rows = corridor_rows()
    if args.json:
        print_json(rows)
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(CORRIDOR_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        print_table(
            ["id", "mode", "from", "to", "length_km", "time_h", "means"],
            [[r["id"], r["mode"], r["from"], r["to"], r["length_km"], r["time_h"], r["means"]] for r in rows],
        )
    return 0
