"""``geo-huallaga overlay``: apportion a cultivation layer (grid or polygons) to zones by area."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geo_huallaga.cli._output import check_out_format, dumps_json, print_json, print_table

_BUILTIN_ZONES = "coca_zones"
_TABLE_SUFFIXES = (".json", ".csv")
#: Zone layers go through layers.write, which picks the format from these extensions.
_LAYER_SUFFIXES = (".geojson", ".gpkg", ".fgb", ".parquet", ".geoparquet")


def register(sub: Any) -> None:
    """Add the ``overlay`` subcommand to *sub*."""
    p = sub.add_parser(
        "overlay",
        help="apportion a cultivation layer (hectares per cell or polygon) to zones by area",
        description="Give each zone the share of every cultivation cell or polygon that lies inside it, "
        "weighted by area in South America Albers Equal Area (ESRI:102033); what lies outside every "
        "zone is reported as unassigned. CULTIVATION is a vector file (GeoJSON, GeoPackage, Shapefile, "
        "FlatGeobuf, GeoParquet) or 'demo' for the shipped SYNTHETIC demo grid.",
    )
    p.add_argument("cultivation", metavar="CULTIVATION", help="cultivation layer file, or 'demo'")
    p.add_argument("--value-col", required=True, metavar="COL", help="the column to apportion, e.g. ha_2010")
    p.add_argument(
        "--zones",
        default="builtin",
        metavar="PATH|builtin",
        help="zones file, or 'builtin' for the built-in coca_zones layer (default)",
    )
    p.add_argument("--zone-id-col", default="id", metavar="COL", help="zones' id column (default: id)")
    p.add_argument(
        "--zone-name-col",
        metavar="COL",
        help="zones' name column (default: name when the zones have it, else the id)",
    )
    p.add_argument("--engine", choices=["geopandas", "dask"], default="geopandas", help="default: geopandas")
    p.add_argument(
        "--overlap",
        choices=["error", "first"],
        default="error",
        help="overlapping zones: stop with an error (default) or give shared area to the zone listed first",
    )
    p.add_argument(
        "--national-total",
        type=float,
        metavar="HA",
        help="divide by this total for share_of_total (default: the layer's own total)",
    )
    p.add_argument("--equal-area-crs", default="ESRI:102033", metavar="CRS", help="default: ESRI:102033")
    p.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="also write the result: .json (as --json), .csv (table), or .geojson/.gpkg/.fgb/.parquet "
        "(zones with their values)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run_overlay)


def _document(result: Any, national_total: float | None) -> dict[str, Any]:
    table = result.table(total=national_total)
    return {
        "value_col": result.value_col,
        "zones": [
            {
                "id": row.id,
                "name": row.name,
                "value": round(float(row.value), 6),
                "share_of_total": round(float(row.share_of_total), 9),
            }
            for row in table.itertuples(index=False)
        ],
        "total_input": round(result.total_input, 6),
        "total_assigned": round(result.total_assigned, 6),
        "unassigned": round(result.unassigned, 6),
        "national_total": national_total,
        "overlaps": [
            {"first_id": o.first_id, "second_id": o.second_id, "area_km2": round(o.area_km2, 6)}
            for o in result.overlaps
        ],
    }


def _write(path: Path, result: Any, document: dict[str, Any], inputs: list[str]) -> None:
    """Write --out; layers.atomic_write refuses the inputs and the built-in layers folder."""
    from geo_huallaga import layers

    suffix = path.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        with layers.atomic_write(path, protect=inputs) as tmp:
            if suffix == ".json":
                tmp.write_text(dumps_json(document) + "\n", encoding="utf-8")
            else:
                import pandas as pd

                pd.DataFrame(document["zones"]).to_csv(tmp, index=False, lineterminator="\n")
        return
    zones = result.zones.copy()
    zones["share_of_total"] = [z["share_of_total"] for z in document["zones"]]
    layers.write(zones[["id", "name", "value", "share_of_total", "geometry"]], path, protect=inputs)


def _check_out_format(path: Path) -> None:
    """Refuse an --out extension we cannot write, before any work is done."""
    check_out_format(
        path, _TABLE_SUFFIXES + _LAYER_SUFFIXES,
        ".json (the --json document), .csv (the zone table), or .geojson, .gpkg, .fgb or .parquet "
        "(the zones with their values)",
    )


def run_overlay(args: argparse.Namespace) -> int:
    """Apportion, print a table or JSON, and write --out if asked."""
    from geo_huallaga.cli._progress import ProgressBar
    from geo_huallaga.cultivation import apportion
    from geo_huallaga.errors import ParameterError

    if args.national_total is not None and not args.national_total > 0:
        raise ParameterError(f"--national-total must be positive, got {args.national_total:g}")
    if args.out is not None:
        _check_out_format(args.out)
    zones = _BUILTIN_ZONES if args.zones == "builtin" else args.zones
    bar = ProgressBar("overlay", enabled=not args.quiet)
    try:
        result = apportion(
            args.cultivation,
            zones,
            value_col=args.value_col,
            zone_id_col=args.zone_id_col,
            name_col=args.zone_name_col,
            engine=args.engine,
            equal_area_crs=args.equal_area_crs,
            overlap=args.overlap,
            progress=bar,
        )
    finally:
        bar.close()
    document = _document(result, args.national_total)
    if args.out is not None:
        _write(args.out, result, document, [args.cultivation, str(zones)])
    if args.json:
        print_json(document)
        return 0
    denominator = "national total" if args.national_total else "input total"
    print_table(
        ["id", "name", args.value_col, f"% of {denominator}"],
        [[z["id"], z["name"], f"{z['value']:,.2f}", f"{100 * z['share_of_total']:.1f}"] for z in document["zones"]],
    )
    print(
        f"\ntotal input {result.total_input:,.2f}; assigned {result.total_assigned:,.2f}; "
        f"unassigned {result.unassigned:,.2f}"
    )
    for o in result.overlaps:
        print(f"overlap: {o.first_id} and {o.second_id} share {o.area_km2:,.3f} km² (given to {o.first_id})")
    return 0

