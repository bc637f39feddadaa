"""``geo-huallaga overlay``: apportion a cultivation layer (grid, polygons or raster) to zones by area."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geo_huallaga.cli._lang import _, num
from geo_huallaga.cli._output import check_out_format, clean, dumps_json, print_json, print_table

_BUILTIN_ZONES = "coca_zones"
_TABLE_SUFFIXES = (".json", ".csv")
#: Zone layers go through layers.write, which picks the format from these extensions.
_LAYER_SUFFIXES = (".geojson", ".gpkg", ".fgb", ".parquet", ".geoparquet")


def register(sub: Any) -> None:
    """Add the ``overlay`` subcommand to *sub*."""
    p = sub.add_parser(
        "overlay",
        help=_("apportion a cultivation layer (hectares per cell or polygon) to zones by area"),
        description="Give each zone the share of every cultivation cell or polygon that lies inside it, "
        "weighted by area in South America Albers Equal Area (ESRI:102033); what lies outside every "
        "zone is reported as unassigned. CULTIVATION is a vector file (GeoJSON, GeoPackage, Shapefile, "
        "FlatGeobuf, GeoParquet), 'demo' for the shipped SYNTHETIC demo grid, or a raster (GeoTIFF or any "
        "GDAL raster, with --raster-unit; exact partial-cell coverage, cells at their true area).",
    )
    p.add_argument("cultivation", metavar="CULTIVATION", help="cultivation layer file (vector or raster), or 'demo'")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--value-col", metavar="COL", help="vector layers: the column to apportion, e.g. ha_2010")
    what.add_argument(
        "--raster-unit",
        choices=["ha-per-km2", "ha-per-cell", "fraction"],
        help="CULTIVATION is a raster whose cells hold hectares per km², hectares per cell, or the fraction "
        "of the cell under coca (needs: pip install 'geo-huallaga[raster]')",
    )
    p.add_argument("--band", type=int, default=1, metavar="N", help="raster band to read (default: 1)")
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
        **(
            {}
            if result.raster_unit is None
            else {
                "raster_unit": result.raster_unit,
                "nodata_cells": result.nodata_cells,
                "nodata_km2": round(float(result.nodata_km2 or 0.0), 6),
            }
        ),
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
        raise ParameterError(_("{option} must be positive, got {value}").format(
            option="--national-total", value=f"{args.national_total:g}"))
    if args.out is not None:
        _check_out_format(args.out)
    zones = _BUILTIN_ZONES if args.zones == "builtin" else args.zones
    bar = ProgressBar(_("overlay"), enabled=not args.quiet)
    try:
        result = apportion(
            args.cultivation,
            zones,
            value_col=args.value_col,
            raster_unit=args.raster_unit,
            band=args.band,
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
    share = (_("{percent} of national total") if args.national_total else _("{percent} of input total")
             ).format(percent="%")
    print_table(
        ["id", _("name"), result.value_col, share],
        [[z["id"], z["name"], num(z["value"], 2), num(100 * z["share_of_total"], 1)] for z in document["zones"]],
    )
    print("\n" + _("total input {total}; assigned {assigned}; unassigned {unassigned}").format(
        total=num(result.total_input, 2), assigned=num(result.total_assigned, 2),
        unassigned=num(result.unassigned, 2)))
    if result.raster_unit is not None:
        print(_("nodata: {n} cells ({km2} km²), not counted").format(
            n=num(result.nodata_cells or 0), km2=num(result.nodata_km2 or 0.0, 2)))
    for o in result.overlaps:
        print(clean(_("overlap: {first} and {second} share {km2} km² (given to {first})").format(
            first=o.first_id, second=o.second_id, km2=num(o.area_km2, 3))))
    return 0

