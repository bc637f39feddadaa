"""``geo-huallaga series``: published coca hectares by zone and year, 2000 to the latest report, with sources.

Examples
--------
>>> from geo_huallaga.cli import main
>>> main(["series", "--zone", "alto-huallaga", "--csv"])  # doctest: +ELLIPSIS
zone_id,zone_name,kind,year,ha,map,report,where,note
alto-huallaga,Alto Huallaga,zone,2000,,,,,no published figure found (left empty; not estimated here)
...
alto-huallaga,Alto Huallaga,zone,2010,13025,yes,"UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2010 ...
...
0
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from geo_huallaga.cli._lang import _, num
from geo_huallaga.cli._output import print_json, print_table

_NO_FIGURE = "no published figure found (left empty; not estimated here)"


def register(sub: Any) -> None:
    """Add the ``series`` subcommand to *sub*."""
    p = sub.add_parser(
        "series",
        help=_("published coca hectares by zone and year (UNODC, DEVIDA), with sources"),
        description="Print Peru's coca cultivation as published by UNODC and DEVIDA: the national total and "
        "each built-in coca zone, every year from 2000 to the latest report, with the report and where each "
        "figure was read. Years with no published figure are shown empty, never estimated. Without --zone: "
        "every year of the national total, and the years that have a figure for the other zones.",
    )
    p.add_argument("--zone", metavar="ID", help="one zone: national, alto-huallaga, vraem, ... (default: all)")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV")
    p.set_defaults(func=run_series)


def _rows(zone: str | None) -> list[dict[str, Any]]:
    """Rows to print: every year FIRST_YEAR..latest for the national total or the chosen zone."""
    from geo_huallaga import coca_series

    latest = coca_series.latest_year()
    rows: list[dict[str, Any]] = []
    selected = [z for z in coca_series.zones() if zone is None or z[0] == zone]
    if zone is not None and not selected:
        coca_series.figures(zone)  # raises, listing the known zones
    for zone_id, name, kind in selected:
        found = coca_series.figures(zone_id)
        every_year = zone is not None or zone_id == coca_series.NATIONAL
        years = range(coca_series.FIRST_YEAR, latest + 1) if every_year else sorted({f.year for f in found})
        if not years:  # a built-in zone with no yearly figure at all: say so once
            rows.append({"zone_id": zone_id, "zone_name": name, "kind": kind, "year": None, "ha": None,
                         "map": None, "report": "", "where": "", "note": f"{_NO_FIGURE} for any year"})
        for year in years:
            these = [f for f in found if f.year == year]
            if not these:
                rows.append({"zone_id": zone_id, "zone_name": name, "kind": kind, "year": year, "ha": None,
                             "map": None, "report": "", "where": "", "note": _NO_FIGURE})
            for f in these:
                rows.append({"zone_id": zone_id, "zone_name": name, "kind": kind, "year": year, "ha": f.ha,
                             "map": f.map, "report": f.report, "where": f.where, "note": f.note})
    return rows


def _note(note: str) -> str:
    """Return a row's note, the command's own "no published figure" words translated."""
    if note == _NO_FIGURE:
        return _("no published figure found (left empty; not estimated here)")
    if note == f"{_NO_FIGURE} for any year":
        return _("no published figure found (left empty; not estimated here) for any year")
    return note


def run_series(args: argparse.Namespace) -> int:
    """Print the series as a table, JSON or CSV."""
    rows = _rows(args.zone)
    if args.json:
        print_json({"unit": "ha", "zone": args.zone, "rows": rows})
        return 0
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["zone_id", "zone_name", "kind", "year", "ha", "map", "report", "where", "note"])
        for r in rows:
            ha = "" if r["ha"] is None else f"{r['ha']:.0f}"
            used = "" if r["map"] is None else ("yes" if r["map"] else "no")
            writer.writerow([r["zone_id"], r["zone_name"], r["kind"], r["year"], ha, used,
                             r["report"], r["where"], r["note"]])
        return 0
    not_used = _("(not used)")
    print_table(
        [_("zone"), _("year"), "ha", _("source")],
        [
            [
                r["zone_id"],
                "—" if r["year"] is None else r["year"],
                "—" if r["ha"] is None else num(r["ha"]) + ("" if r["map"] else f" {not_used}"),
                "; ".join(t for t in (r["report"], _note(r["note"])) if t),
            ]
            for r in rows
        ],
    )
    print("\n" + _("ha = hectares of coca on 31 December of the year. Where sources disagree, {not_used} "
                   "marks the figure the map does not use. Full sources: --csv, or layers/coca_series.csv."
                   ).format(not_used=repr(not_used)))
    return 0
