"""``geo-huallaga map``: the Huallaga map as one HTML file that opens with no network."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geo_huallaga.cli import PROG
from geo_huallaga.cli._output import print_table
from geo_huallaga.errors import ParameterError

DEFAULT_OUT = Path("maps") / "huallaga.html"


def register(sub: Any) -> None:
    """Add the ``map`` subcommand to *sub*."""
    p = sub.add_parser(
        "map",
        help="draw the Huallaga map as one offline HTML file",
        description="Draw coca zones, airstrips, places and ports, land, air and sea corridors "
        "(and your own layers) on one HTML map. By default every script, stylesheet and font is "
        "inside the file, so it opens with no internet.",
    )
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help=f"the HTML file to write (default {DEFAULT_OUT})")
    p.add_argument("--year", type=int, help="year of the coca hectares to colour by "
                   "(default: the latest year with figures for most zones)")
    p.add_argument("--layers", help="comma-separated layers to draw (default all): countries, "
                   "coca_zones, roads, land_corridors, sea_corridors, air_corridors, corridors, "
                   "places, airstrips")
    p.add_argument("--add", action="append", default=[], metavar="PATH",
                   help="a vector file (GeoJSON, GPKG, SHP, FGB, Parquet) to draw as its own "
                   "layer; repeat for more")
    p.add_argument("--roads", metavar="PATH",
                   help="your own roads: drawn as a layer and added to the built-in network the "
                        "land corridors are traced on (ends within 50 m snapped)")
    p.add_argument("--cultivation", type=Path, metavar="PATH",
                   help="a cultivation layer (grid cells or polygons), or 'demo' for the shipped "
                   "SYNTHETIC demo grid: drawn coloured by --value-col, with its totals per coca "
                   "zone (area-weighted)")
    p.add_argument("--value-col", metavar="COL", help="the numeric column of --cultivation")
    p.add_argument("--reach", action="append", default=[], metavar="ORIGIN:AIRCRAFT:HOURS",
                   help="draw the area an aircraft reaches from ORIGIN (place, ICAO or "
                   "'LAT,LON') in HOURS; repeat for more")
    p.add_argument("--online", action="store_true",
                   help="add OpenStreetMap tiles as a base layer, shown when the reader is "
                   "online (the file still carries everything else)")
    p.set_defaults(func=run_map)


def _parse_reach(text: str) -> tuple[str, str, float]:
    origin, sep, rest = text.rpartition(":")
    origin2, sep2, aircraft = origin.rpartition(":")
    if not sep or not sep2 or not origin2 or not aircraft:
        raise ParameterError(f"--reach {text!r}: expected ORIGIN:AIRCRAFT:HOURS, "
                             "e.g. Iscozacin:cessna-210:3")
    try:
        hours = float(rest)
    except ValueError:
        raise ParameterError(f"--reach {text!r}: HOURS must be a number, got {rest!r}") from None
    if not hours > 0:
        raise ParameterError(f"--reach {text!r}: HOURS must be more than 0")
    return origin2, aircraft, hours


def _wanted_layers(text: str | None) -> list[str] | None:
    """Return the layer names of ``--layers`` (None: all); refuse an empty list, never draw an empty map."""
    from geo_huallaga import maps

    if text is None:
        return None
    wanted = [w.strip() for w in text.split(",") if w.strip()]
    if not wanted:
        raise ParameterError(f"--layers {text!r} names no layer; give one or more of: "
                             + ", ".join((*maps.BUILTIN_LAYERS, "corridors")))
    return wanted


def run_map(args: argparse.Namespace) -> int:
    """Build the map, write it and print what was drawn.

    Only the summary (where it wrote, features per layer) goes to stdout; notes go to stderr.
    The map's input files (``--add``, ``--cultivation``) are never overwritten.
    """
    from geo_huallaga import cultivation, layers, maps

    if (args.cultivation is None) != (args.value_col is None):
        raise ParameterError("--cultivation and --value-col go together")
    wanted = _wanted_layers(args.layers)
    grid: Path | None = args.cultivation
    if grid is not None and str(grid) == cultivation.DEMO_GRID:
        grid = cultivation.demo_grid_path()
    reach_specs = [_parse_reach(r) for r in args.reach]
    data: dict[str, Any] = {}
    if reach_specs:
        data["reach"] = maps.reach_layer(reach_specs)
        if wanted is not None and "reach" not in wanted:
            wanted.append("reach")
    from geo_huallaga import routing

    add = [*args.add, *([args.roads] if args.roads else [])]
    roads = [routing.BUILTIN_ROADS, args.roads] if args.roads else None
    m = maps.build_map(data, layers=wanted, year=args.year, add=add, online=args.online, roads=roads)
    notes = []
    if grid is not None:
        n_cells = len(layers.load(grid))
        maps.add_cultivation(m, grid, value_col=args.value_col)
        if n_cells > maps.MAX_CULTIVATION_CELLS:
            notes.append(f"{args.cultivation} has {n_cells:,} cells: drawn as zone totals only")
    notes += [f"skipped {name}: its built-in file is not installed" for name in maps.skipped_layers(m)]
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    maps.save_map(m, out, protect=[*add, *([grid] if grid is not None else [])])
    size_kib = out.stat().st_size / 1024
    mode = "offline, plus OpenStreetMap tiles when online" if args.online else "offline"
    print(f"wrote {out} ({size_kib:,.0f} KiB, {mode})")
    names = maps.layer_names(m)
    rows = sorted(maps.drawn_counts(m).items(), key=lambda kv: maps.layer_order(kv[0]))
    print_table(["layer", "features", "name"], [[k, n, names.get(k, "")] for k, n in rows])
    for note in notes:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    return 0
