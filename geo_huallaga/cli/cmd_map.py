"""``geo-huallaga map``: the Huallaga map as one HTML file that opens with no network."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geo_huallaga.cli import PROG
from geo_huallaga.cli._lang import _, _n
from geo_huallaga.cli._output import clean, print_error, print_table
from geo_huallaga.errors import ParameterError

DEFAULT_OUT = Path("maps") / "huallaga.html"
#: Most features one ``--add`` layer may hold: every feature is inlined in the HTML, and a browser
#: stalls on a few hundred thousand (folium #787). Raise it with --max-features or the variable below.
MAX_ADD_FEATURES = 200_000
MAX_FEATURES_ENV = "GEO_HUALLAGA_MAX_FEATURES"


def register(sub: Any) -> None:
    """Add the ``map`` subcommand to *sub*."""
    p = sub.add_parser(
        "map",
        help=_("draw the Huallaga map as one offline HTML file"),
        description="Draw coca zones, airstrips, places and ports, land, air and sea corridors "
        "(and your own layers) on one HTML map. By default every script, stylesheet and font is "
        "inside the file, so it opens with no internet.",
    )
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help=f"the file to write: .html (default {DEFAULT_OUT}), or .png/.pdf for print "
                   "(rendered by headless Chromium, offline)")
    size = p.add_argument_group("print size (.png and .pdf)")
    size.add_argument("--width-px", type=int, metavar="PX", help="PNG width in pixels (default 1600)")
    size.add_argument("--height-px", type=int, metavar="PX", help="PNG height in pixels (default 1000)")
    size.add_argument("--dpi", type=float, metavar="DPI", help="dots per inch (default 150)")
    size.add_argument("--paper", choices=("a4", "a3", "letter"),
                      help="paper size, landscape; sets a PDF's page and a PNG's pixels from --dpi")
    size.add_argument("--portrait", action="store_true", help="with --paper: portrait")
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
                   help="draw the area an aircraft reaches from ORIGIN (a town, an airport's ICAO "
                   "or IATA code, a UN/LOCODE port, or a coordinate such as '-9.3,-76' or "
                   "'9.3S 76W') in HOURS; repeat for more")
    p.add_argument("--near", metavar="POINTS:AREAS[:DIST]",
                   help="colour POINTS (a layer name or file) by their distance to AREAS (inside, within "
                   "DIST, beyond; DIST default 10km), with the counts in the legend, as `near` computes "
                   "them; e.g. airstrips:coca_zones:5km")
    p.add_argument("--online", action="store_true",
                   help="add OpenStreetMap tiles as a base layer, shown when the reader is "
                   "online (the file still carries everything else)")
    p.add_argument("--max-features", type=int, metavar="N",
                   help=f"most features one --add layer may hold (default {MAX_ADD_FEATURES:,}, "
                   f"or ${MAX_FEATURES_ENV})")
    p.add_argument("--title", help="the title on the map (default: a title in the map's language)")
    p.add_argument("--subtitle", help="the subtitle under it (default: what the map shows)")
    p.set_defaults(func=run_map, out_parents=True)


def _parse_reach(text: str) -> tuple[str, str, float]:
    origin, sep, rest = text.rpartition(":")
    origin2, sep2, aircraft = origin.rpartition(":")
    if not sep or not sep2 or not origin2 or not aircraft:
        raise ParameterError(_("{option} {value}: expected {form}, e.g. {example}").format(
            option="--reach", value=repr(text), form="ORIGIN:AIRCRAFT:HOURS", example="Iscozacin:cessna-210:3"))
    try:
        hours = float(rest)
    except ValueError:
        raise ParameterError(_("{option} {value}: HOURS must be a number, got {got}").format(
            option="--reach", value=repr(text), got=repr(rest))) from None
    if not hours > 0:
        raise ParameterError(_("{option} {value}: HOURS must be more than 0").format(
            option="--reach", value=repr(text)))
    return origin2, aircraft, hours


def _parse_near(text: str) -> tuple[str, str, str | None]:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise ParameterError(_("{option} {value}: expected {form}, e.g. {example}").format(
            option="--near", value=repr(text), form="POINTS:AREAS[:DIST]", example="airstrips:coca_zones:5km"))
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def _add_near(m: Any, text: str, lang: str) -> list[str]:
    """Measure --near with proximity and draw it; return the inputs it read."""
    import geopandas as gpd

    from geo_huallaga import layers, maps, proximity
    from geo_huallaga.cli.cmd_near import parse_distance_km

    points_src, areas_src, dist = _parse_near(text)
    within = None if dist is None else parse_distance_km(dist)
    points = proximity.load_points(points_src)
    areas = proximity.load_targets(areas_src)
    result = proximity.near(points, areas, within_km=within)
    rows = result.rows
    low, high = rows["distance_km_min"].to_numpy(), rows["distance_km_max"].to_numpy()
    shown = gpd.GeoDataFrame(
        {
            **{c: points[c].to_numpy() for c in ("id", "name") if c in points.columns},
            "nearest": rows["nearest_name"].to_numpy(),
            "distance_km": [
                f"{lo:.2f}" if lo == hi else f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(low, high, strict=True)
            ],
            "class": rows["class"].to_numpy(),
            "uncertainty_radius_km": layers.uncertainty_radius_km(points).to_numpy(),
        },
        geometry=points.geometry.values,
        crs=4326,
    )
    points_name, areas_name = Path(points_src).name, Path(areas_src).name
    maps.add_proximity(m, shown, classes=result.classes, counts=result.counts(), areas=areas,
                       name=_("{points}: distance to {areas}").format(points=points_name,
                                                                      areas=areas_name),
                       areas_name=areas_name)
    return [points_src, areas_src]


def _feature_limit(option: int | None) -> int:
    """Return the --add feature limit: the option, else $GEO_HUALLAGA_MAX_FEATURES, else the default."""
    import os

    if option is not None:
        limit = option
    else:
        text = os.environ.get(MAX_FEATURES_ENV, "").strip()
        if not text:
            return MAX_ADD_FEATURES
        try:
            limit = int(text)
        except ValueError:
            raise ParameterError(_("{option} must be a whole number, got {value}").format(
                option=f"${MAX_FEATURES_ENV}", value=repr(text))) from None
    if limit < 1:
        raise ParameterError(_("the feature limit must be at least 1, got {n}").format(n=limit))
    return limit


def _check_add_sizes(paths: list[str], limit: int) -> None:
    """Refuse an --add layer over *limit* features, counting from the file's header before reading it."""
    from geo_huallaga import layers

    for path in paths:
        n = layers.feature_count(path)
        if n > limit:
            raise ParameterError(_(
                "{option} {path}: {n} features, over the limit of {limit} for one map layer (a browser "
                "stalls on more); raise it with {raise_option} or {variable}, or filter/simplify the "
                "layer first").format(option="--add", path=path, n=f"{n:,}", limit=f"{limit:,}",
                                      raise_option=f"--max-features {n}", variable=f"{MAX_FEATURES_ENV}={n}"))


def _wanted_layers(text: str | None) -> list[str] | None:
    """Return the layer names of ``--layers`` (None: all); refuse an empty list, never draw an empty map."""
    from geo_huallaga import maps

    if text is None:
        return None
    wanted = [w.strip() for w in text.split(",") if w.strip()]
    if not wanted:
        raise ParameterError(_("{option} {value} names no layer; give one or more of: {names}").format(
            option="--layers", value=repr(text), names=", ".join((*maps.BUILTIN_LAYERS, "corridors"))))
    return wanted


def run_map(args: argparse.Namespace) -> int:
    """Build the map, write it and print what was drawn.

    Only the summary (where it wrote, features per layer) goes to stdout; notes go to stderr.
    The map's input files (``--add``, ``--cultivation``) are never overwritten.
    """
    from geo_huallaga import cultivation, i18n, layers, maps
    from geo_huallaga.maps import printing

    lang = i18n.resolve_lang(args.lang)
    if (args.cultivation is None) != (args.value_col is None):
        raise ParameterError(_("{a} and {b} go together").format(a="--cultivation", b="--value-col"))
    out: Path = args.out
    kind = out.suffix.lower()
    print_options = [o for o, v in (("--width-px", args.width_px), ("--height-px", args.height_px),
                                    ("--dpi", args.dpi), ("--paper", args.paper),
                                    ("--portrait", args.portrait or None)) if v is not None]
    if kind in printing.PRINT_FORMATS:
        size = printing.print_size(width_px=args.width_px, height_px=args.height_px,
                                   dpi=args.dpi or 150.0, paper=args.paper, portrait=args.portrait)
        printing.chromium_path()  # fail before the work when Chromium is missing
    elif kind in (".html", ".htm"):
        if print_options:
            raise ParameterError(_n("{options} applies to .png and .pdf output only",
                                    "{options} apply to .png and .pdf output only",
                                    len(print_options)).format(options=", ".join(print_options)))
    else:
        wrong = ParameterError(_("{path}: the map is written as .html, .png or .pdf, not {kind}").format(
            path=out, kind=kind or _("a file with no extension")))
        if out.parent.is_dir():  # an input given as --out is refused first, as such
            inputs = [*args.add, *([args.cultivation] if args.cultivation else []),
                      *(_parse_near(args.near)[:2] if args.near else [])]
            with layers.atomic_write(out, protect=inputs):
                raise wrong
        raise wrong
    wanted = _wanted_layers(args.layers)
    grid: Path | None = args.cultivation
    if grid is not None and str(grid) == cultivation.DEMO_GRID:
        grid = cultivation.demo_grid_path()
    reach_specs = [_parse_reach(r) for r in args.reach]
    _check_add_sizes(args.add, _feature_limit(args.max_features))
    data: dict[str, Any] = {}
    if reach_specs:
        data["reach"] = maps.reach_layer(reach_specs)
        if wanted is not None and "reach" not in wanted:
            wanted.append("reach")
    from geo_huallaga import routing

    add = [*args.add, *([args.roads] if args.roads else [])]
    roads = [routing.BUILTIN_ROADS, args.roads] if args.roads else None
    m = maps.build_map(data, layers=wanted, year=args.year, add=add, online=args.online,
                       lang=lang, title=args.title, subtitle=args.subtitle, roads=roads)
    near_inputs = _add_near(m, args.near, lang) if args.near else []
    notes = []
    if grid is not None:
        n_cells = len(layers.load(grid))
        maps.add_cultivation(m, grid, value_col=args.value_col)
        if n_cells > maps.MAX_CULTIVATION_CELLS:
            notes.append(_("{path} has {n} cells: drawn as zone totals only").format(
                path=args.cultivation, n=i18n.format_number(n_cells, lang)))
    notes += [_("skipped {name}: its built-in file is not installed").format(name=name)
              for name in maps.skipped_layers(m)]
    if args.online and kind in printing.PRINT_FORMATS:
        notes.append(_("--online: the print is rendered offline, so it has no OpenStreetMap tiles"))
    out.parent.mkdir(parents=True, exist_ok=True)
    profiles = [aircraft for _origin, aircraft, _hours in reach_specs]
    protect = [*add, *near_inputs, *([grid] if grid is not None else []), *profiles]
    if kind in printing.PRINT_FORMATS:
        printing.save_print(m, out, size=size, protect=protect)
        what = (_("{w} × {h} mm page").format(w=f"{size.width_mm:g}", h=f"{size.height_mm:g}")
                if kind == ".pdf" else f"{size.width_px} × {size.height_px} px")
        print(clean(_("wrote {path} ({size} KiB, {what} at {dpi} dpi, offline)").format(
            path=out, size=i18n.format_number(out.stat().st_size / 1024, lang), what=what,
            dpi=f"{size.dpi:g}")))
    else:
        maps.save_map(m, out, protect=protect)
        size_kib = out.stat().st_size / 1024
        mode = _("offline, plus OpenStreetMap tiles when online") if args.online else _("offline")
        print(clean(_("wrote {path} ({size} KiB, {mode})").format(
            path=out, size=i18n.format_number(size_kib, lang), mode=mode)))
    names = maps.layer_names(m)
    rows = sorted(maps.drawn_counts(m).items(), key=lambda kv: maps.layer_order(kv[0]))
    print_table([_("layer"), _("features"), _("name")], [[k, n, names.get(k, "")] for k, n in rows])
    word = _("note")
    for note in notes:
        print_error(f"{PROG}: {word}: {note}")
    return 0
