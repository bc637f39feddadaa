"""``geo-huallaga layers``, ``validate`` and ``place``: the built-in data and any user file."""

from __future__ import annotations

import argparse
from typing import Any

from geo_huallaga.cli._lang import N_, _, _n, num
from geo_huallaga.cli._output import clean, print_error, print_json, print_table

#: Words geo_huallaga.layers.place gives a typed coordinate, for the catalogue.
_PLACE_WORDS = (N_("coordinate"), N_("user"))


def register(sub: Any) -> None:
    """Add the ``layers``, ``validate`` and ``place`` subcommands to *sub*."""
    p = sub.add_parser("layers", help=_("list the built-in layers"), description="List the built-in layers.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_layers)

    p = sub.add_parser(
        "validate",
        help=_("check a vector file (GeoJSON, GPKG, SHP, FGB, Parquet)"),
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
        help=_("resolve a place name, airport or port code, or a coordinate"),
        description="Resolve, offline, a place name (any GeoNames town of 500+ inhabitants, Peru's "
        "district capitals, the built-in places; Spanish or English, accents and case ignored; "
        '"Lima, PE" or --country to choose), an ICAO or IATA airport code (SBCZ, LIM), a UN/LOCODE '
        "port (PEPAI), or a coordinate (\"-9.3,-76\", \"9.3S 76W\", \"9°18'S 76°00'W\"). "
        "An ambiguous name gives the most populous place and lists the others.",
    )
    p.add_argument("text", help='e.g. "Tingo Maria", "Lima, PE", SBCZ, PEPAI or "-9.2981,-76.0006"')
    p.add_argument("--country", help="only places in this country (ISO code such as PER or PE, or name)")
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
            [_("name"), _("geometry"), _("features"), _("description")],
            [[r["name"], r["geometry_type"], r["features"], r["description"]] for r in rows],
        )
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Validate a file and print every problem, one per line."""
    from geo_huallaga import layers
    from geo_huallaga.errors import DataFileNotFoundError

    path, named = layers.split_layer(args.path)
    if not path.exists():
        raise DataFileNotFoundError(_("{path}: no such file").format(path=path))
    layer = int(args.layer) if args.layer and args.layer.isdigit() else (args.layer or named)
    gdf = layers.read(path, layer=layer)
    gdf, found = layers.problems(gdf, kind=args.kind, source=str(path), repair=args.repair)
    if args.out and not found:
        layers.write(gdf, args.out, protect=[path])
    if args.json:
        print_json({"path": str(path), "valid": not found, "features": len(gdf), "problems": found})
    elif not found:
        valid = _("valid after repair") if args.repair else _("valid")
        wrote = "; " + _("wrote {path}").format(path=args.out) if args.out else ""
        count = _n("{n} feature", "{n} features", len(gdf)).format(n=num(len(gdf)))
        print(clean(f"{path}: {valid} ({count}){wrote}"))
    for line in found:
        print_error(line)
    return 1 if found else 0


def _describe(p: Any) -> str:
    where = ", ".join(v for v in (p.region, p.country) if v)
    pop = ", " + _("pop. {n}").format(n=num(p.population)) if p.population is not None else ""
    return f"{p.name} ({_(p.kind)}{', ' + where if where else ''}{pop})"


def run_place(args: argparse.Namespace) -> int:
    """Resolve and print one place, its source and the other places of the same name."""
    from geo_huallaga import layers
    from geo_huallaga.gazetteer import GEONAMES_CREDIT

    p = layers.place(args.text, country=args.country, detail=True)
    if args.json:
        print_json(p.as_dict())
        return 0
    print(clean(f"{_describe(p)}: {p.lat:.6g}, {p.lon:.6g}  [{_(p.precision)}; {p.id}]"))
    print(clean("  " + _("source") + f": {p.source}"))
    if p.alternatives:
        credit = any(a.id.startswith("geonames:") for a in p.alternatives) and GEONAMES_CREDIT not in p.source
        print("  " + _('other places of that name (choose with "NAME, COUNTRY" or --country)')
              + (f"; {GEONAMES_CREDIT}:" if credit else ":"))
        for a in p.alternatives:
            print(clean(f"    {_describe(a)}: {a.lat:.6g}, {a.lon:.6g}"))
    return 0
