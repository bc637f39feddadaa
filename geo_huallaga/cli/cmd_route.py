"""``geo-huallaga route`` and ``corridors``: compute a route, list the article's corridors."""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from typing import Any

from geo_huallaga.cli._lang import N_, _, num
from geo_huallaga.cli._output import clean, print_json, print_table

#: Columns of ``geo-huallaga corridors``, in order.
CORRIDOR_COLUMNS: tuple[str, ...] = (
    "id", "mode", "from", "to", "length_km", "time_h", "means", "precision", "source",
)
#: Words geo_huallaga.routing puts in a leg, for the catalogue (translated when printed).
_LEG_WORDS = (N_("schematic"), N_("user"), N_("truck (schematic section: road not in the source)"),
              N_("start of schematic section"), N_("end of schematic section"))
_ROAD_NEAR = re.compile(r"road near (.+)")


def leg_end(name: str) -> str:
    """Return the name of a leg's end in the run's language ("road near X" and the like).

    Examples
    --------
    >>> from geo_huallaga.cli._lang import speaking
    >>> with speaking("es"):
    ...     leg_end("road near Tingo María"), leg_end("start of schematic section"), leg_end("Lima")
    ('carretera cerca de Tingo María', 'inicio del tramo esquemático', 'Lima')
    """
    near = _ROAD_NEAR.fullmatch(name)
    return _("road near {place}").format(place=near.group(1)) if near else _(name)


def register(sub: Any) -> None:
    """Add the ``route`` and ``corridors`` subcommands to *sub*."""
    p = sub.add_parser(
        "route",
        help=_("compute a land, sea or air route between two places"),
        description=(
            "Compute a route between two places: any town (GeoNames, offline), airport (ICAO or IATA "
            'code), UN/LOCODE port, or coordinate ("-9.3,-76", "9.3S 76W", "9°18\'S 76°00\'W"). Land routes '
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
        help=_("list the article's corridors with their computed lengths and times"),
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
        raise ParameterError(_("{option} applies to --mode {mode} only").format(
            option="--close-passage", mode="sea"))
    if (args.aircraft or args.payload_kg is not None) and args.mode != "air":
        raise ParameterError(_("{options} apply to --mode {mode} only").format(
            options="--aircraft, --payload-kg", mode="air"))
    land_only = [name for name, given in (
        ("--roads", args.roads), ("--roads-only", args.roads_only), ("--snap-m", args.snap_m is not None),
        ("--max-access-km", args.max_access_km is not None)) if given]
    if land_only and args.mode != "land":
        raise ParameterError(_("{option} applies to --mode {mode} only").format(
            option=land_only[0], mode="land"))
    if args.roads_only and not args.roads:
        raise ParameterError(_("{option} needs {other}").format(option="--roads-only", other="--roads FILE"))
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
        [_("mode"), _("from"), _("to"), _("length_km"), _("time_h"), _("means")],
        [
            [_(leg.mode), leg_end(leg.origin), leg_end(leg.destination), num(leg.length_km, 1),
             num(leg.time_h, 2),
             _(leg.means) + (f" [{_(leg.precision)}]" if leg.precision and leg.precision != "approximate"
                             else "")]
            for leg in result.legs
        ],
    )
    lines = [_("total: {km} km, {h} h ({mode})").format(
        km=num(result.length_km, 1), h=num(result.time_h, 2), mode=_(result.mode))]
    lines.extend(land_summary(result))
    if result.ports:
        lines.append(_("ports: {ports}").format(ports=", ".join(
            _("{name} ({code}, {km} km away)").format(name=p.name, code=p.code, km=num(p.distance_km, 1))
            for p in result.ports)))
    if args.mode == "sea":
        lines.append(_("passages: {names}").format(
            names=", ".join(_(p) for p in result.passages) or _("none")))
    if args.out:
        lines.append(_("wrote {path}").format(path=args.out))
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
        lines.append(_(
            "driving distance, estimated: {km} km ({low} – {high}); the road length times a circuity "
            "factor per terrain class, fitted on published driving distances (docs/routing.md)").format(
            km=num(driving.central), low=num(driving.low), high=num(driving.high)))
    if any(leg.mode == "land" for leg in result.legs):
        shares = result.shares
        lines.append(_("of the length: road {road}%, schematic {schematic}%, access {access}%").format(
            **{k: num(100 * shares[k]) for k in ("road", "schematic", "access")}))
        if any(leg.precision == "approximate" for leg in result.legs):
            lines.append(_("roads: {credit}").format(
                credit="© OpenStreetMap contributors (ODbL), via scgraph-data world_highways"))
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


def _num_or_blank(value: Any, decimals: int) -> str:
    """Return *value* with the language's separators, or "" for a missing number."""
    return "" if value is None else num(value, decimals)


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
            ["id", _("mode"), _("from"), _("to"), _("length_km"), _("time_h"), _("means")],
            [[r["id"], _(r["mode"]), r["from"], r["to"], _num_or_blank(r["length_km"], 1),
              _num_or_blank(r["time_h"], 2), _(r["means"]) if r["means"] else r["means"]] for r in rows],
        )
    return 0
