"""``geo-huallaga near``: which points lie inside, near or far from areas and lines."""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path
from typing import Any

from geo_huallaga.cli._lang import _, num
from geo_huallaga.cli._output import (
    check_out_format,
    clean,
    dumps_json,
    print_error,
    print_json,
    print_line,
    print_table,
)

_TABLE_SUFFIXES = (".json", ".csv")
_LAYER_SUFFIXES = (".geojson", ".gpkg", ".fgb", ".parquet", ".geoparquet")
_WITHIN_RE = re.compile(r"within (.+) km")
_DISTANCE_RE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$", re.IGNORECASE)
_ROW_COLUMNS = (
    "id", "name", "precision", "nearest_id", "nearest_name",
    "distance_km", "distance_km_min", "distance_km_max", "class", "possible_classes",
    "nearest_schematic",
)


def register(sub: Any) -> None:
    """Add the ``near`` subcommand to *sub*."""
    p = sub.add_parser(
        "near",
        help=_("which points (airstrips) lie inside, near or far from areas, roads or borders"),
        description="For every point, the nearest area (polygon) or line (road, river, border), the "
        "geodesic distance to it on the WGS84 ellipsoid in km (0 inside), and a class: inside, "
        "within X km, beyond (with --buffer-km: inside, in buffer, beyond); then the counts per class "
        "and per area. POINTS and AREAS are built-in layers (airstrips; coca_zones, roads, countries "
        "= land borders as lines) or vector files (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, "
        "GeoParquet). Points of district precision (the shipped clandestine strips) get a distance "
        "range from their uncertainty circle, never one figure; their class is 'uncertain' when the "
        "range spans two classes.",
    )
    p.add_argument("points", metavar="POINTS", help="points layer: a built-in name or a file")
    p.add_argument("--to", required=True, metavar="AREAS",
                   help="areas or lines: coca_zones, roads, countries (borders), or a file")
    limit = p.add_mutually_exclusive_group()
    limit.add_argument("--within", metavar="DIST", default=None,
                       help="the 'within' distance, e.g. 10km, 5 nm, 3mi (default 10km; a bare number is km)")
    limit.add_argument("--buffer-km", type=float, metavar="KM",
                       help="classes inside / in buffer / beyond, with a buffer this wide (km)")
    p.add_argument("--area-id-col", metavar="COL", help="the areas' id column (default: id, else the row number)")
    p.add_argument("--area-name-col", metavar="COL", help="the areas' name column (default: name, else the id)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the JSON document (points and counts)")
    out.add_argument("--csv", action="store_true", help="print one CSV row per point")
    p.add_argument("--out", type=Path, metavar="PATH",
                   help="also write: .json (as --json), .csv (one row per point), or .geojson/.gpkg/.fgb/"
                   ".parquet (the points with their nearest area, distance and class)")
    p.set_defaults(func=run_near)


def parse_distance_km(text: str) -> float:
    """Read a distance such as ``10km``, ``5 nm``, ``3mi`` or ``7.5`` (km) as kilometres.

    Examples
    --------
    >>> parse_distance_km("10km"), parse_distance_km("5 nm"), parse_distance_km("2.5")
    (10.0, 9.26, 2.5)
    >>> parse_distance_km("ten")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: --within 'ten': expected a distance like 10km, 5nm or 3mi
    """
    from geo_huallaga.errors import ParameterError
    from geo_huallaga.geodesy import LENGTH_UNITS_KM

    match = _DISTANCE_RE.match(text)
    unit = match.group(2).lower() if match else ""
    if match is None or (unit and unit not in LENGTH_UNITS_KM):
        raise ParameterError(_("{option} {value}: expected a distance like 10km, 5nm or 3mi").format(
            option="--within", value=repr(text)))
    return float(match.group(1)) * LENGTH_UNITS_KM[unit or "km"]


def _round(value: Any, ndigits: int = 3) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return round(value, ndigits)
    return value.item() if hasattr(value, "item") else value


def _records(result: Any) -> list[dict[str, Any]]:
    rows = result.rows[list(_ROW_COLUMNS)].astype(object)
    return [{k: _round(v) for k, v in row.items()} for row in rows.to_dict(orient="records")]


def _document(result: Any, points: str, areas: str, buffer: bool, credits: dict[str, list[str]]) -> dict[str, Any]:
    by_area = result.by_area()
    return {
        "points": points,
        "areas": areas,
        "sources": credits,
        "distance": "geodesic on the WGS84 ellipsoid, km; 0 inside an area",
        "mode": "buffer" if buffer else "within",
        "threshold_km": result.threshold_km,
        "classes": list(result.classes),
        "counts": result.counts(),
        "by_area": [{k: _round(v) for k, v in row.items()} for row in by_area.astype(object).to_dict(orient="records")],
        "rows": _records(result),
    }


def _csv_text(result: Any, *, terminal: bool = False) -> str:
    """Return the rows as CSV; for the *terminal*, text cells pass through :func:`clean` (a file keeps them)."""
    import pandas as pd

    records = _records(result)
    if terminal:
        records = [{k: clean(v) if isinstance(v, str) else v for k, v in r.items()} for r in records]
    return str(pd.DataFrame(records, columns=list(_ROW_COLUMNS)).to_csv(index=False, lineterminator="\n"))


def _write(path: Path, result: Any, document: dict[str, Any], points: Any, inputs: list[str]) -> None:
    from geo_huallaga import layers

    suffix = path.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        text = dumps_json(document) + "\n" if suffix == ".json" else _csv_text(result)
        with layers.atomic_write(path, protect=inputs) as tmp:
            tmp.write_text(text, encoding="utf-8")
        return
    import geopandas as gpd

    records = _records(result)
    table = {c: [r[c] for r in records] for c in _ROW_COLUMNS}
    gdf = gpd.GeoDataFrame(table, geometry=list(points.geometry.values), crs=4326)
    layers.write(gdf, path, protect=inputs)


def _share(count: int, total: int) -> str:
    return f"{num(100 * count / total, 1)} %" if total else ""


def class_word(name: str) -> str:
    """Return a class of :func:`geo_huallaga.proximity.near` (or "total") in the run's language.

    Examples
    --------
    >>> from geo_huallaga.cli._lang import speaking
    >>> with speaking("es"):
    ...     class_word("within 2.5 km"), class_word("beyond")
    ('a menos de 2.5 km', 'más lejos')
    """
    within = _WITHIN_RE.fullmatch(name)
    return _("within {km} km").format(km=within.group(1)) if within else _(name)


def run_near(args: argparse.Namespace) -> int:
    """Measure, print the counts (or JSON/CSV), and write --out if asked."""
    from geo_huallaga import proximity
    from geo_huallaga.cli import PROG
    from geo_huallaga.errors import ParameterError

    within = None if args.within is None else parse_distance_km(args.within)
    if args.buffer_km is not None and not (math.isfinite(args.buffer_km) and args.buffer_km >= 0):
        raise ParameterError(_("{option} must be 0 or more, got {value}").format(
            option="--buffer-km", value=f"{args.buffer_km:g}"))
    if args.out is not None:
        check_out_format(args.out, _TABLE_SUFFIXES + _LAYER_SUFFIXES,
                         _(".json, .csv, or .geojson, .gpkg, .fgb or .parquet (the points with their class)"))
    points = proximity.load_points(args.points)
    areas = proximity.load_targets(args.to)
    result = proximity.near(
        points, areas, within_km=within, buffer_km=args.buffer_km,
        area_id_col=args.area_id_col, area_name_col=args.area_name_col,
    )
    buffer = args.buffer_km is not None
    credits = {"points": proximity.sources(points), "areas": proximity.sources(areas)}
    document = _document(result, str(args.points), str(args.to), buffer, credits)
    if args.out is not None:
        _write(args.out, result, document, points, [args.points, args.to])
    on_schematic = result.rows["nearest_schematic"].to_numpy(dtype=bool)
    if bool(on_schematic.any()):
        names = ", ".join(str(s) for s in dict.fromkeys(result.rows["nearest_name"][on_schematic]))
        print_error(PROG + ": " + _("note") + ": " + _(
            "{n} points are nearest to a schematic line ({names}): a straight line drawn through towns, not its "
            "surveyed course; their distances are to that line (nearest_schematic in --json and --csv)"
        ).format(n=num(int(on_schematic.sum())), names=names))
    if args.json:
        print_json(document)
        return 0
    if args.csv:
        sys.stdout.write(_csv_text(result, terminal=True))
        return 0
    counts = result.counts()
    total = len(result.rows)
    what = (_("{n} points of {points} against {m} land borders drawn from {areas}")
            if args.to in ("countries", "borders") else _("{n} points of {points} against {m} features of {areas}"))
    print_line(what.format(n=num(total), points=args.points, m=num(len(areas)), areas=args.to)
               + "; " + _("distances geodesic on WGS84"))
    print_table([_("class"), _("points"), _("share")],
                [[class_word(c), num(n), _share(n, total)] for c, n in counts.items()]
                + [[_("total"), num(total), ""]])
    print()
    by_area = result.by_area()
    columns = [c for c in by_area.columns if c not in ("id", "name")]
    print_table([_("nearest"), _("name"), *(class_word(str(c)) for c in columns)],
                by_area[["id", "name", *columns]].astype(object).values.tolist())
    not_stated = _("not stated")
    print()
    print_line(_("sources: points: {sources}").format(sources="; ".join(credits["points"]) or not_stated))
    print_line("         " + _("areas: {sources}").format(sources="; ".join(credits["areas"]) or not_stated))
    uncertain = result.rows["distance_km"].isna()
    if bool(uncertain.any()):
        straddle = int((result.rows["class"] == proximity.UNCERTAIN).sum())
        print(PROG + ": " + _("note") + ": " + _(
            "{n} points of coarse precision (e.g. district) are measured as distance ranges over their "
            "uncertainty circle; {m} of them span two classes ('uncertain'); --json or --csv lists the "
            "ranges").format(n=num(int(uncertain.sum())), m=num(straddle)), file=sys.stderr)
    return 0
