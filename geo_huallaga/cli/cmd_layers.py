"""``geo-huallaga layers``, ``validate`` and ``place``: the built-in data and any user file."""

from __future__ import annotations

import argparse
from typing import Any

from geo_huallaga.cli._output import clean, print_error, print_json, print_table


def register(sub: Any) -> None:
    """Add the ``layers``, ``validate`` and ``place`` subcommands to *sub*."""
    p = sub.add_parser("layers", help="list the built-in layers", description="List the built-in layers.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_layers)

    p = sub.add_parser(
        "validate",
        help="check a vector file (GeoJSON, GPKG, SHP, FGB, Parquet)",
        description="Check a vector file: readable, non-empty, EPSG:4326 or reprojectable, coordinates "
        "in range, valid polygons, geometry type and properties of --kind, unique ids. "
        "Exit 0 when valid, 1 with one line per problem otherwise.",
    )
    p.add_argument("path", help="the file to check")
    p.add_argument("--kind", help="check it as this kind of layer (a built-in layer name)")
    p.add_argument("--layer", help="layer name inside a multi-layer file (GeoPackage)")
    p.add_argument("--repair", action="store_true", help="repair invalid polygons (make_valid) instead of refusing")
    p.add_argument("--out", help="with --repair: write the repaired, reprojected layer here (never over the input)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_validate)

    p = sub.add_parser(
        "place",
        help="resolve a place name, ICAO code or LAT,LON",
        description='Resolve a place name (accents and case ignored), an ICAO code or "LAT,LON".',
    )
    p.add_argument("text", help='e.g. "Tingo Maria", SPEN or "-9.2981,-76.0006"')
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_place)


def run_layers(args: argparse.Namespace) -> int:
    """Print the built-in layers with their geometry types and feature counts."""
    from geo_huallaga import layers

    rows = []
    for name in layers.available():
        gdf = layers.load(name)
        rows.append({
            "name": name,
            "geometry_type": "/".join(sorted(set(gdf.geom_type))),
            "features": len(gdf),
            "description": layers.CATALOG[name].description,
            "path": str(layers.path_of(name)),
        })
    if args.json:
        print_json(rows)
    else:
        print_table(
            ["name", "geometry", "features", "description"],
            [[r["name"], r["geometry_type"], r["features"], r["description"]] for r in rows],
        )
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Validate a file and print every problem, one per line."""
    from geo_huallaga import layers
    from geo_huallaga.errors import DataFileNotFoundError

    path, named = layers.split_layer(args.path)
    if not path.exists():
        raise DataFileNotFoundError(f"{path}: no such file")
    layer = int(args.layer) if args.layer and args.layer.isdigit() else (args.layer or named)
    gdf = layers.read(path, layer=layer)
    gdf, found = layers.problems(gdf, kind=args.kind, source=str(path), repair=args.repair)
    if args.out and not found:
        layers.write(gdf, args.out, protect=[path])
    if args.json:
        print_json({"path": str(path), "valid": not found, "features": len(gdf), "problems": found})
    elif not found:
        fixed = " after repair" if args.repair else ""
        wrote = f"; wrote {args.out}" if args.out else ""
        count = f"{len(gdf)} feature{'s' if len(gdf) != 1 else ''}"
        print(clean(f"{path}: valid{fixed} ({count}){wrote}"))
    for line in found:
        print_error(line)
    return 1 if found else 0


def run_place(args: argparse.Namespace) -> int:
    """Resolve and print one place."""
    from geo_huallaga import layers

    p = layers.place(args.text)
    if args.json:
        print_json(p.as_dict())
    else:
        country = f", {p.country}" if p.country else ""
        print(clean(f"{p.name} ({p.kind}{country}): {p.lat:.6g}, {p.lon:.6g}  [{p.precision}; {p.source}]"))
    return 0
