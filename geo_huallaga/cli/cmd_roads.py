"""``geo-huallaga roads fetch``: drivable roads from OpenStreetMap, as a layer ``--roads`` reads."""

from __future__ import annotations

import argparse
from typing import Any

from geo_huallaga.cli._lang import _, num
from geo_huallaga.cli._output import print_line


def register(sub: Any) -> None:
    """Add the ``roads`` command group to *sub*."""
    p = sub.add_parser(
        "roads",
        help=_("get drivable roads from OpenStreetMap (needs the osm extra)"),
        description="Road layers for --roads. Needs: pip install 'geo-huallaga[osm]'.",
    )
    actions = p.add_subparsers(dest="roads_action", metavar="ACTION", required=True)
    f = actions.add_parser(
        "fetch",
        help=_("download (or read from an .osm file) the drivable roads of an area"),
        description=(
            "Write the drivable road network of an area as a line layer (GeoPackage, GeoJSON, "
            "...) that `route --roads` reads. --bbox and --place download from OpenStreetMap "
            "with osmnx (cached); --osm-file reads an .osm XML extract offline. "
            "Data © OpenStreetMap contributors, ODbL."
        ),
    )
    where = f.add_mutually_exclusive_group(required=True)
    where.add_argument("--bbox", metavar="W,S,E,N", help="area in degrees: west,south,east,north")
    where.add_argument("--place", metavar="NAME", help='a place OpenStreetMap knows, e.g. "Palcazu, Peru"')
    where.add_argument("--osm-file", metavar="PATH.osm", help="an .osm XML file you already have (offline)")
    f.add_argument("--out", metavar="PATH", required=True, help="the layer to write (.gpkg, .geojson, ...)")
    f.add_argument("--cache-dir", metavar="DIR", help="osmnx download cache (default ~/.cache/geo-huallaga/osmnx)")
    f.set_defaults(func=run_fetch)


def run_fetch(args: argparse.Namespace) -> int:
    """Fetch or read the roads and write them."""
    from geo_huallaga import layers, osm

    if args.osm_file:
        gdf = osm.from_osm_xml(args.osm_file)
    elif args.bbox:
        gdf = osm.fetch_bbox(osm.parse_bbox(args.bbox), cache_dir=args.cache_dir)
    else:
        gdf = osm.fetch_place(args.place, cache_dir=args.cache_dir)
    protect = [args.osm_file] if args.osm_file else []
    layers.write(gdf, args.out, protect=protect)
    print_line(_("wrote {path}: {n} road lines ({source})").format(
        path=args.out, n=num(len(gdf)), source=osm.OSM_SOURCE))
    print_line(_("use it with: {command}").format(command=f"geo-huallaga route A B --roads {args.out}"))
    return 0
