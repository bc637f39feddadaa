"""``geo-huallaga economics``: the article's sums as a table, Markdown or JSON.

Examples
--------
>>> from geo_huallaga.cli import main
>>> main(["economics", "--set", "clans=20", "--json"])  # doctest: +ELLIPSIS
{
  "scenario": {
    "name": "article",
...
0
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any

from geo_huallaga import economics
from geo_huallaga.cli._lang import _, num
from geo_huallaga.cli._output import print_json, print_line, print_table


def register(subparsers: Any) -> None:
    """Add the ``economics`` subcommand to *subparsers*.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> register(parser.add_subparsers())
    >>> parser.parse_args(["economics", "--set", "clans=20"]).set
    ['clans=20']
    """
    parser = subparsers.add_parser(
        "economics",
        help=_("the article's sums (clans, flights, Palcazu, potential HCl) with ranges"),
        description=(
            "Reproduce the article's economics from named parameters with low/central/high "
            "ranges, show the arithmetic, and say where the figures disagree. "
            + economics.PROPAGATION
        ),
    )
    parser.add_argument(
        "--scenario",
        metavar="FILE",
        help="a TOML or JSON file of parameter values (applied before --set)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=None,
        metavar="NAME=VALUE",
        help="set a parameter: a number or LOW:CENTRAL:HIGH (repeatable)",
    )
    parser.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help="take the national coca area (and Alto Huallaga's, when published) of YEAR from the coca "
        "series (geo-huallaga series); applied after --scenario, before --set",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate the scenario the arguments describe and print it.

    Examples
    --------
    >>> ns = argparse.Namespace(scenario=None, set=["airstrips=5"], json=False, markdown=False)
    >>> run(ns)  # doctest: +ELLIPSIS
    figure ...
    Palcazu air exports ... 108,000 ...
    0
    """
    scenario = economics.default_scenario()
    if args.scenario:
        scenario = economics.load_scenario(args.scenario, base=scenario)
    if getattr(args, "year", None) is not None:
        scenario = _for_year(scenario, args.year)
    if args.set:
        scenario = scenario.override(
            economics.parse_assignments(args.set), source="command line --set"
        )
    report = economics.evaluate(scenario)
    if args.json:
        print_json(report.to_dict())
    elif args.markdown:
        print_line(report.to_markdown().rstrip("\n"), lines=True)
    else:
        print_table([_(h) for h in economics.TABLE_HEADERS], report.table_rows())
        sys.stdout.write("\n" + _("Findings:") + "\n")
        for finding in report.findings:
            print_line(f"- {finding.text}")
    return 0


def _for_year(scenario: economics.Scenario, year: int) -> economics.Scenario:
    """Return *scenario* with the national (and, when published, Alto Huallaga) coca area of *year*.

    Examples
    --------
    >>> s = _for_year(economics.default_scenario(), 2009)
    >>> s.value("national_coca_ha").central, s.value("alto_huallaga_coca_ha").central
    (59900.0, 17497.0)
    """
    from geo_huallaga import coca_series
    from geo_huallaga.errors import ParameterError

    values = {"national_coca_ha": coca_series.national_ha(year)}
    try:
        values["alto_huallaga_coca_ha"] = coca_series.zone_ha("alto-huallaga", year)
    except ParameterError:
        kept = scenario.value("alto_huallaga_coca_ha").central
        warnings.warn(
            _("no published Alto Huallaga figure for {year}; its share of the national total still uses "
              "{ha} ha from the scenario (another year)").format(year=year, ha=num(kept)),
            UserWarning,
            stacklevel=2,
        )
    return scenario.override(values, source=f"UNODC/DEVIDA coca series, {year} (geo-huallaga series)")
