"""``geo-huallaga distance``, ``flight``, ``reach`` and ``aircraft``: the air leg, computed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from geo_huallaga.cli._lang import N_, _, num
from geo_huallaga.cli._output import print_json, print_line, print_table

if TYPE_CHECKING:
    from geo_huallaga.aircraft import FlightPlan
    from geo_huallaga.layers import Place

_PLACE_HELP = ('a town (GeoNames, offline), an airport (ICAO or IATA code), a UN/LOCODE port, an id, '
               'or a coordinate ("-9.3,-76", "9.3S 76W", "9°18\'S 76°00\'W")')
#: Words of the flight plan the library returns as codes (geo_huallaga.aircraft), for the catalogue.
_PLAN_WORDS = (N_("taxi"), N_("climb"), N_("cruise"), N_("descent"), N_("reserve"), N_("weight"),
               N_("tanks"))
_AIRCRAFT_HELP = "a built-in aircraft id (see `geo-huallaga aircraft`) or a .toml/.json profile"

def register(sub: Any) -> None:
    """Add the ``distance``, ``flight``, ``reach`` and ``aircraft`` subcommands to *sub*."""
    p = sub.add_parser(
        "distance",
        help=_("geodesic distance and bearing between two places"),
        description="Geodesic (WGS84) distance and initial bearing between two places.",
    )
    p.add_argument("a", metavar="A", help=_PLACE_HELP)
    p.add_argument("b", metavar="B", help=_PLACE_HELP)
    p.add_argument("--units", choices=("km", "nm", "mi"), default="km", help="units of the text output")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_distance)

    p = sub.add_parser(
        "flight",
        help=_("plan a light-aircraft flight: time, fuel, payload–range"),
        description="Plan a straight flight: taxi, climb, cruise, descent, reserve; whether the "
        "payload allows it, the largest payload for the distance and the range for the payload. "
        "A plan that is NOT feasible is still printed (JSON: feasible false, with the reason); "
        "the reason is then also one line on stderr and the exit code is 1.",
    )
    p.add_argument("origin", metavar="ORIGIN", help=_PLACE_HELP)
    p.add_argument("destination", metavar="DEST", help=_PLACE_HELP)
    _add_aircraft_options(p)
    p.add_argument("--payload-kg", type=float, default=0.0, help="pilot and cargo, kg (default 0)")
    p.add_argument("--wind-kt", type=float, default=0.0, help="tailwind (+) or headwind (-), knots")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_flight)

    p = sub.add_parser(
        "reach",
        help=_("area a flight of given hours or payload can reach from (or come from) a place"),
        description="The geodesic ring a flight can reach from, or start from to reach, a place, "
        "optionally clipped to a country.",
    )
    p.add_argument("origin", metavar="ORIGIN", help=_PLACE_HELP)
    _add_aircraft_options(p)
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--hours", type=float, help="airborne time, hours")
    size.add_argument("--payload-kg", type=float, help="payload (pilot and cargo): its range, kg")
    p.add_argument("--country", metavar="ISO3", help="clip to this country (e.g. BOL)")
    p.add_argument("--out", metavar="PATH.geojson", help="write the area as GeoJSON")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_reach)

    p = sub.add_parser(
        "aircraft",
        help=_("the aircraft profiles and their sources"),
        description="The built-in aircraft profiles, every figure with its source.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_aircraft)


def _add_aircraft_options(p: argparse.ArgumentParser) -> None:
    from geo_huallaga.aircraft import DEFAULT_RESERVE_MIN

    p.add_argument("--aircraft", required=True, metavar="ID", help=_AIRCRAFT_HELP)
    p.add_argument(
        "--reserve-min", type=float, default=DEFAULT_RESERVE_MIN,
        help=f"fuel reserve, minutes (default {DEFAULT_RESERVE_MIN:g})",
    )


def _where(place: Any) -> dict[str, Any]:
    return {"name": place.name, "lat": place.lat, "lon": place.lon}


def _two_places(a: str, b: str) -> tuple[Any, Any]:
    from geo_huallaga import layers
    from geo_huallaga.errors import InvalidCoordinateError

    first, second = layers.place(a), layers.place(b)
    if (first.lon, first.lat) == (second.lon, second.lat):
        raise InvalidCoordinateError(
            _("{a} and {b} are the same point ({lat},{lon}): give two places").format(
                a=repr(a), b=repr(b), lat=f"{first.lat:g}", lon=f"{first.lon:g}")
        )
    return first, second


def run_distance(args: argparse.Namespace) -> int:
    """Print the geodesic distance and initial bearing between two places."""
    from geo_huallaga import geodesy

    a, b = _two_places(args.a, args.b)
    km = geodesy.distance_km(a.lon, a.lat, b.lon, b.lat)
    bearing = geodesy.initial_bearing_deg(a.lon, a.lat, b.lon, b.lat)
    if args.json:
        print_json({
            "from": _where(a),
            "to": _where(b),
            "distance_km": round(km, 3),
            "distance_nm": round(km / geodesy.KM_PER_NM, 3),
            "initial_bearing_deg": round(bearing, 2),
        })
    else:
        value = km / geodesy.LENGTH_UNITS_KM[args.units]
        print_line(f"{a.name} → {b.name}: {num(value, 1)} {args.units}, "
                   + _("initial bearing {deg}°").format(deg=num(bearing, 1)))
    return 0


def run_flight(args: argparse.Namespace) -> int:
    """Plan a flight and print its times, fuel and feasibility; exit 1 when it is not feasible.

    The plan is printed either way, so the numbers that make it infeasible are there; the
    reason is then raised (one line on stderr, exit code 1, as ``route --mode air`` does).
    """
    from geo_huallaga import aircraft
    from geo_huallaga.errors import FlightPlanError

    a, b = _two_places(args.origin, args.destination)
    plan = aircraft.plan_flight(
        a, b, aircraft=args.aircraft, payload_kg=args.payload_kg, wind_kt=args.wind_kt,
        reserve_min=args.reserve_min,
    )
    if args.json:
        print_json(plan.as_dict())
    else:
        _print_plan(a, b, plan)
    if not plan.feasible:
        name = aircraft.resolve(args.aircraft).name
        raise FlightPlanError(_("{aircraft} cannot fly {a} → {b} nonstop: {reason}").format(
            aircraft=name, a=a.name, b=b.name, reason=plan.reason))
    return 0


def _print_plan(a: Place, b: Place, plan: FlightPlan) -> None:
    print_line(
        f"{a.name} → {b.name}, {plan.aircraft}: {num(plan.distance_km, 1)} km "
        f"({num(plan.distance_nm, 1)} nm), "
        + _("payload {kg} kg, wind {kt} kt").format(kg=num(plan.payload_kg), kt=f"{plan.wind_kt:+g}")
    )
    print_table(
        [_("phase"), _("time h"), _("distance km"), _("fuel l")],
        [[_(p.name), num(p.time_h, 2), num(p.distance_km, 1), num(p.fuel_l, 1)] for p in plan.phases]
        + [[_("reserve"), num(plan.reserve_min / 60, 2), "", num(plan.reserve_fuel_l, 1)]],
    )
    max_payload = _("none") if plan.max_payload_kg is None else f"{num(plan.max_payload_kg)} kg"
    print_line(_(
        "flight {flight_h} h, block {block_h} h; fuel required {fuel_l} l ({fuel_kg} kg), available "
        "{available_l} l (limited by {limit}); max payload for this distance {max_payload}; range "
        "with this payload {range_km} km").format(
        flight_h=num(plan.flight_time_h, 2), block_h=num(plan.block_time_h, 2),
        fuel_l=num(plan.fuel_required_l), fuel_kg=num(plan.fuel_required_kg),
        available_l=num(plan.fuel_available_l), limit=_(plan.fuel_limited_by),
        max_payload=max_payload, range_km=num(plan.max_range_km)))
    print_line(_("feasible") if plan.feasible else _("NOT feasible: {reason}").format(reason=plan.reason))


def run_reach(args: argparse.Namespace) -> int:
    """Compute a reach area; print its summary and optionally write it as GeoJSON."""
    import geopandas as gpd

    from geo_huallaga import aircraft, geodesy, layers

    origin = layers.place(args.origin)
    reach = aircraft.reach_area(
        origin, aircraft=args.aircraft, hours=args.hours, payload_kg=args.payload_kg,
        country=args.country, reserve_min=args.reserve_min,
    )
    summary = {
        "origin": _where(origin),
        "aircraft": reach.aircraft,
        "hours": reach.hours,
        "payload_kg": reach.payload_kg,
        "radius_km": round(reach.radius_km, 3),
        "radius_nm": round(reach.radius_km / geodesy.KM_PER_NM, 3),
        "limited_by": reach.limited_by,
        "country": reach.country,
        "area_km2": round(reach.area_km2, 1),
        "out": args.out,
    }
    if args.out:
        props = {k: v for k, v in summary.items() if k not in ("origin", "out")}
        gdf = gpd.GeoDataFrame(
            [{"id": f"reach-{origin.id}-{reach.aircraft}", "origin": origin.name, **props}],
            geometry=[reach.geometry], crs="EPSG:4326",
        )
        layers.write(gdf, args.out, protect=[args.aircraft])
    if args.json:
        print_json(summary)
    else:
        asked = (f"{reach.hours:g} h" if reach.hours is not None
                 else _("{kg} kg payload").format(kg=f"{reach.payload_kg:g}"))
        area = (_("area within {country}").format(country=reach.country) if reach.country
                else _("area"))
        print_line(
            f"{origin.name}, {reach.aircraft}, {asked}: "
            + _("radius {km} km (limited by {limit})").format(km=num(reach.radius_km),
                                                             limit=_(reach.limited_by))
            + f"; {area} {num(reach.area_km2)} km²"
            + ("; " + _("wrote {path}").format(path=args.out) if args.out else "")
        )
    return 0


def run_aircraft(args: argparse.Namespace) -> int:
    """Print the built-in aircraft profiles with the source of every figure."""
    from geo_huallaga import aircraft

    profiles = [aircraft.get(i).as_dict() for i in aircraft.available()]
    if args.json:
        print_json(profiles)
        return 0
    for n, prof in enumerate(profiles):
        if n:
            print()
        print(f"{prof['id']}: {prof['name']}")
        print_table(
            [_("figure"), _("value"), _("source")],
            [
                [name, f"{fig['value']:g}", ("~ " if fig["approximate"] else "") + fig["source"]]
                for name, fig in prof["figures"].items()
            ],
        )
    print("\n~ " + _("approximate, derived, or an assumption of the model"))
    return 0
