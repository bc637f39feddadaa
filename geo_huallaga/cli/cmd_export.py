"""``geo-huallaga export``: a layer or a computed route as KML, KMZ or GeoPackage, styled as on the map."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geo_huallaga.cli._lang import _, num
from geo_huallaga.cli._output import print_line


def register(sub: Any) -> None:
    """Add the ``export`` subcommand to *sub*."""
    p = sub.add_parser(
        "export",
        help=_("write a layer or a route as KML/KMZ (Google Earth) or GeoPackage (QGIS), styled as on the map"),
        description=(
            "Write LAYER (a built-in layer name, or any vector file: the GeoJSON that route/reach/overlay "
            "--out write included) as .kml or .kmz for Google Earth (names, descriptions, the map's colours) "
            "or .gpkg for QGIS (with a default style in the layer_styles table). "
            "'export route A B --out x.kml' computes the route first (see 'route --help')."
        ),
    )
    p.add_argument("layer", metavar="LAYER",
                   help="built-in layer name, a vector file (file.gpkg|layername=NAME), or 'route'")
    p.add_argument("ends", nargs="*", metavar="A B", help="with 'route': where from and where to")
    p.add_argument("--mode", choices=("land", "sea", "air"), default="land", help="route: how to travel (default land)")
    p.add_argument("--out", type=Path, required=True, metavar="PATH", help="x.kml, x.kmz or x.gpkg")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Export the layer, or compute and export the route."""
    from geo_huallaga import export, routing
    from geo_huallaga.errors import ParameterError

    if args.layer == "route" and not Path("route").exists():
        if len(args.ends) != 2:
            raise ParameterError(_("export route needs two places: export route A B --out x.kml"))
        result = routing.route(args.ends[0], args.ends[1], mode=args.mode)
        gdf = result.to_geodataframe()
        name = f"{args.ends[0]} → {args.ends[1]} ({args.mode})"
        out = export.export(gdf, args.out, name=name, key="corridors")
    else:
        if args.ends:
            raise ParameterError(_("unexpected arguments after {layer}: {args}").format(
                layer=repr(args.layer), args=" ".join(args.ends)))
        out = export.export_layer(args.layer, args.out)
    print_line(_("wrote {path} ({n} bytes)").format(path=out, n=num(out.stat().st_size)))
    return 0
