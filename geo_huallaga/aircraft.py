"""Aircraft profiles, the flight model, the payload–range trade and reachable areas.

The article's air leg ("Cessna 210 and 206 ... up to 450 kilos", "an hour and a half from
Brazil, and two and a half hours on average from Bolivia") as a computation that can be
rerun under other assumptions.

Profiles are data: frozen dataclasses built from published handbook-style figures, each
field with its source and a flag when the figure is approximate or an assumption of this
model. Users can load their own from a TOML or JSON file (:func:`load_profile`).

The flight model (:func:`plan_distance`, :func:`plan_flight`) and its assumptions:

* **Taxi**: a fixed time and fuel per flight (out and in together), counted in the block
  time but not in the flight time.
* **Climb** from the field elevation (default 1,000 ft: lowland Amazon strips lie at
  150–300 m) to the cruise altitude at a constant average rate and true airspeed, at a
  higher fuel flow than cruise.
* **Cruise** at the profile's true airspeed and fuel flow (the handbook's cruise power).
* **Descent** to a field at the same elevation, at a constant rate, at cruise true airspeed,
  at a reduced fuel flow.
* **Wind**: one along-track component in knots for every phase, positive for a tailwind,
  negative for a headwind (ground speed = true airspeed + wind).
* **Short legs**: when climb and descent together would cover more than the whole distance,
  both are cut in the same proportion (a lower top of climb) and there is no cruise.
* **Reserve**: ``reserve_min`` minutes at the cruise fuel flow, carried but not burnt
  (default 45: the US rule for night VFR and IFR flights, 14 CFR 91.151 and 91.167; day VFR
  asks for 30).
* **Fuel** in litres and kilograms (avgas 0.72 kg/l). The distance is the geodesic
  (:func:`geo_huallaga.geodesy.distance_km`): a straight flight, no detours.
* **Payload–range**: payload is everything on board except fuel (pilot included). The fuel
  that can be carried is ``min(usable tanks, useful load − payload)``; a flight is feasible
  when trip fuel + reserve fits in it.

Examples
--------
>>> from geo_huallaga import aircraft
>>> aircraft.available()
['cessna-206', 'cessna-210', 'piper-seneca']
>>> plan = aircraft.plan_distance(704.2, aircraft="cessna-210")
>>> round(plan.flight_time_h, 2), plan.feasible
(2.42, True)
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Protocol, cast

from geo_huallaga import geodesy
from geo_huallaga._tables import read_table
from geo_huallaga.errors import (
    FlightPlanError,
    ParameterError,
    UnknownAircraftError,
)

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry import MultiPolygon, Polygon

__all__ = [
    "AVGAS_KG_PER_L",
    "DEFAULT_FIELD_ELEVATION_FT",
    "DEFAULT_RESERVE_MIN",
    "KG_PER_LB",
    "L_PER_US_GAL",
    "AircraftProfile",
    "FieldSource",
    "FlightPlan",
    "Phase",
    "Reach",
    "available",
    "get",
    "load_profile",
    "plan_distance",
    "plan_flight",
    "reach_area",
    "resolve",
]

#: litres in a US liquid gallon (231 cubic inches, exact).
L_PER_US_GAL: Final[float] = 3.785411784
#: kilograms in an international avoirdupois pound (exact, 1959 agreement).
KG_PER_LB: Final[float] = 0.45359237
#: density of avgas 100LL used throughout, kg per litre ("about 6 lb per US gallon").
AVGAS_KG_PER_L: Final[float] = 0.72
#: fuel reserve kept at landing, minutes at cruise fuel flow.
DEFAULT_RESERVE_MIN: Final[float] = 45.0
#: elevation of both airstrips, feet (Amazon lowland strips lie at about 150–300 m).
DEFAULT_FIELD_ELEVATION_FT: Final[float] = 1000.0

_MIN_PER_H = 60.0


@dataclass(frozen=True)
class FieldSource:
    """Where one figure of a profile comes from.

    Attributes
    ----------
    text : str
        The citation, with the published figure as printed.
    approximate : bool
        True when the figure is approximate, derived, or an assumption of this model.
    """

    text: str
    approximate: bool = False


# Fields of a profile that are numbers, each needing a FieldSource.
_NUMBER_FIELDS: Final[tuple[str, ...]] = (
    "cruise_speed_kt",
    "fuel_flow_l_per_h",
    "usable_fuel_l",
    "useful_load_kg",
    "cruise_altitude_ft",
    "climb_rate_fpm",
    "climb_speed_kt",
    "climb_fuel_flow_l_per_h",
    "descent_rate_fpm",
    "descent_fuel_flow_l_per_h",
    "taxi_time_min",
    "taxi_fuel_l",
)


@dataclass(frozen=True)
class AircraftProfile:
    """An aircraft type as the flight model sees it; every figure with its source.

    Attributes
    ----------
    id, name : str
        Identifier (``cessna-210``) and display name.
    cruise_speed_kt : float
        True airspeed in cruise, knots.
    fuel_flow_l_per_h : float
        Fuel flow in cruise, litres per hour.
    usable_fuel_l : float
        Usable fuel in full tanks, litres.
    useful_load_kg : float
        Maximum take-off weight minus empty weight: pilot, cargo and fuel together, kg.
    cruise_altitude_ft : float
        Cruise altitude the speed and fuel flow refer to, feet.
    climb_rate_fpm, climb_speed_kt, climb_fuel_flow_l_per_h : float
        Average climb rate (ft/min), true airspeed (kt) and fuel flow (l/h) in the climb.
    descent_rate_fpm, descent_fuel_flow_l_per_h : float
        Average descent rate (ft/min) and fuel flow (l/h); the descent is flown at cruise
        true airspeed.
    taxi_time_min, taxi_fuel_l : float
        Taxi and run-up per flight, out and in together: minutes and litres.
    published_range_nm : float or None
        The range the source publishes (for comparison only; the model does not use it).
    sources : mapping of str to FieldSource
        One entry per number field (and ``published_range_nm`` when given).
    """

    id: str
    name: str
    cruise_speed_kt: float
    fuel_flow_l_per_h: float
    usable_fuel_l: float
    useful_load_kg: float
    cruise_altitude_ft: float
    climb_rate_fpm: float
    climb_speed_kt: float
    climb_fuel_flow_l_per_h: float
    descent_rate_fpm: float
    descent_fuel_flow_l_per_h: float
    taxi_time_min: float
    taxi_fuel_l: float
    published_range_nm: float | None = None
    sources: Mapping[str, FieldSource] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        for name in _NUMBER_FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ParameterError(f"aircraft {self.id!r}: {name} must be a number, got {value!r}")
            lower_ok = value >= 0 if name in ("taxi_time_min", "taxi_fuel_l") else value > 0
            if not (math.isfinite(value) and lower_ok):
                raise ParameterError(f"aircraft {self.id!r}: {name} must be positive, got {value!r}")
        missing = [n for n in _NUMBER_FIELDS if n not in self.sources]
        if missing:
            raise ParameterError(f"aircraft {self.id!r}: no source for {', '.join(missing)}")
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    @property
    def usable_fuel_kg(self) -> float:
        """Mass of full usable tanks, kg."""
        return self.usable_fuel_l * AVGAS_KG_PER_L

    def as_dict(self) -> dict[str, Any]:
        """Return the profile as JSON-ready data: every figure with its source.

        Examples
        --------
        >>> d = get("cessna-206").as_dict()
        >>> d["figures"]["usable_fuel_l"]["value"], d["figures"]["usable_fuel_l"]["approximate"]
        (329.331, False)
        """
        figures: dict[str, Any] = {}
        for name in (*_NUMBER_FIELDS, "published_range_nm"):
            value = getattr(self, name)
            if value is None:
                continue
            src = self.sources.get(name, FieldSource("not given"))
            figures[name] = {
                "value": round(float(value), 3),
                "source": src.text,
                "approximate": src.approximate,
            }
        return {"id": self.id, "name": self.name, "figures": figures}


# --------------------------------------------------------------------------------------------
# Built-in profiles (figures from ../shared/sources/FACTS.md §3, carried here with sources)

_PP_206 = 'Plane & Pilot, "Cessna\'s All-New Stationair" (2005)'
_PP_210 = "Plane & Pilot, \"The 'New' Old Centurion\" (2007)"
_GENESIS = "Genesis Flight Academy, Piper Seneca (PA-34-200) page"
_ASSUMED = "assumption of this model: a typical light-aircraft figure, not from a handbook"


def _assumed_phases(
    cruise_speed_kt: float, fuel_flow_l_per_h: float
) -> dict[str, tuple[float, FieldSource]]:
    """Climb, descent and taxi figures no source gives, the same rule for every type.

    Climb at 500 ft/min average (loaded, in tropical heat) at 100 KTAS and 125 % of cruise
    fuel flow; descent at 500 ft/min at cruise speed and 70 % of cruise fuel flow; taxi and
    run-up 10 minutes and 1.5 US gal per flight.
    """
    assumed = {
        "climb_rate_fpm": (500.0, "500 ft/min average to cruise altitude"),
        "climb_speed_kt": (min(100.0, cruise_speed_kt), "100 KTAS in the climb"),
        "climb_fuel_flow_l_per_h": (
            1.25 * fuel_flow_l_per_h, "125 % of cruise fuel flow (climb power, rich mixture)"
        ),
        "descent_rate_fpm": (500.0, "500 ft/min, at cruise true airspeed"),
        "descent_fuel_flow_l_per_h": (0.70 * fuel_flow_l_per_h, "70 % of cruise fuel flow"),
        "taxi_time_min": (10.0, "10 min taxi and run-up per flight, out and in"),
        "taxi_fuel_l": (1.5 * L_PER_US_GAL, "1.5 US gal taxi and run-up per flight"),
    }
    return {
        k: (value, FieldSource(f"{_ASSUMED} ({note})", approximate=True))
        for k, (value, note) in assumed.items()
    }


def _profile(
    aircraft_id: str, name: str, figures: Mapping[str, tuple[float, FieldSource]]
) -> AircraftProfile:
    """Build a profile from sourced figures, the model's assumptions filling the rest."""
    merged = {
        **_assumed_phases(figures["cruise_speed_kt"][0], figures["fuel_flow_l_per_h"][0]),
        **figures,
    }
    return AircraftProfile(
        id=aircraft_id,
        name=name,
        **{k: value for k, (value, _) in merged.items()},
        sources={k: source for k, (_, source) in merged.items()},
    )


def _cited(value: float, text: str, *, approximate: bool = False) -> tuple[float, FieldSource]:
    return value, FieldSource(text, approximate)


def _builtin_profiles() -> dict[str, AircraftProfile]:
    profiles = [
        _profile("cessna-206", "Cessna 206H Stationair", {
            "cruise_speed_kt": _cited(142.0, f"{_PP_206}: 142 KTAS at 75 % power, 6,200 ft"),
            "fuel_flow_l_per_h": _cited(
                16.0 * L_PER_US_GAL,
                "15–17 US gal/h, a well-known approximation tied to no document: 16 used",
                approximate=True,
            ),
            "usable_fuel_l": _cited(87.0 * L_PER_US_GAL, f"{_PP_206}: 92 US gal total, 87 usable"),
            "useful_load_kg": _cited(
                1417.0 * KG_PER_LB,
                f"{_PP_206}: useful load 1,417 lb (643 kg) max; ~1,200 lb typically equipped",
            ),
            "cruise_altitude_ft": _cited(6200.0, f"{_PP_206}: 6,200 ft"),
            "published_range_nm": _cited(594.0, f"{_PP_206}: 594 nm at 75 %; 721 nm max"),
        }),
        _profile("cessna-210", "Cessna T210L Centurion", {
            "cruise_speed_kt": _cited(
                165.0, f"{_PP_210}: ~165 KTAS at 62 % on just under 16 gph", approximate=True
            ),
            "fuel_flow_l_per_h": _cited(
                16.0 * L_PER_US_GAL,
                f"{_PP_210}: just under 16 US gal/h at 62 %: 16 gal/h used",
                approximate=True,
            ),
            "usable_fuel_l": _cited(
                89.0 * L_PER_US_GAL, f"{_PP_210}: 89 US gal (taken as usable)", approximate=True
            ),
            "useful_load_kg": _cited(
                1550.0 * KG_PER_LB,
                f"~1,500–1,600 lb (approx, derived from MTOW 3,800 lb in {_PP_210}): 1,550 lb used",
                approximate=True,
            ),
            "cruise_altitude_ft": _cited(
                10000.0,
                f"{_ASSUMED} (10,000 ft; the source gives no altitude for 165 KTAS)",
                approximate=True,
            ),
            "published_range_nm": _cited(
                675.0, f"{_PP_210}: 650–700 nm (~4 h); ~1,000 nm at 50 % power", approximate=True
            ),
        }),
        _profile("piper-seneca", "Piper PA-34-200 Seneca I", {
            "cruise_speed_kt": _cited(162.0, f"{_GENESIS}: 162 KTAS at 75 %, 6,000 ft"),
            "fuel_flow_l_per_h": _cited(
                18.0 * L_PER_US_GAL,
                f"~18 US gal/h at 55 %, derived from {_GENESIS}: 93 gal usable / 5.1 h; "
                "the page's 820 nm in 5.1 h implies ~161 kt at that flow",
                approximate=True,
            ),
            "usable_fuel_l": _cited(93.0 * L_PER_US_GAL, f"{_GENESIS}: 98 US gal total, 93 usable"),
            "useful_load_kg": _cited(1422.0 * KG_PER_LB, f"{_GENESIS}: useful load 1,422 lb (645 kg)"),
            "cruise_altitude_ft": _cited(6000.0, f"{_GENESIS}: 6,000 ft"),
            "published_range_nm": _cited(820.0, f"{_GENESIS}: 820 nm / 5.1 h at 55 %"),
        }),
    ]
    return {p.id: p for p in profiles}


_PROFILES: Final[Mapping[str, AircraftProfile]] = MappingProxyType(_builtin_profiles())


def available() -> list[str]:
    """List the ids of the built-in aircraft profiles.

    Examples
    --------
    >>> available()
    ['cessna-206', 'cessna-210', 'piper-seneca']
    """
    return sorted(_PROFILES)


def get(aircraft_id: str) -> AircraftProfile:
    """Return the built-in profile with this id.

    Raises
    ------
    UnknownAircraftError
        For an unknown id; the message lists the known ones.

    Examples
    --------
    >>> get("cessna-210").cruise_speed_kt
    165.0
    >>> get("cessna-310")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.UnknownAircraftError: unknown aircraft 'cessna-310'; known: cessna-206, \
cessna-210, piper-seneca (or a .toml/.json profile file)
    """
    try:
        return _PROFILES[aircraft_id.strip().lower()]
    except KeyError:
        raise UnknownAircraftError(
            f"unknown aircraft {aircraft_id!r}; known: {', '.join(available())} "
            "(or a .toml/.json profile file)"
        ) from None


def load_profile(path: str | os.PathLike[str]) -> AircraftProfile:
    """Load a user's aircraft profile from a TOML or JSON file.

    The file holds the fields of :class:`AircraftProfile` at top level (metric units, as
    the names say). Required: ``id``, ``name``, ``cruise_speed_kt``, ``fuel_flow_l_per_h``,
    ``usable_fuel_l``, ``useful_load_kg``, ``cruise_altitude_ft``. The climb, descent and
    taxi figures default to this model's generic assumptions. An optional ``sources`` table
    maps a field to its citation and an optional ``approximate`` list names approximate
    fields; a figure with no citation is credited to the file itself.

    Raises
    ------
    DataFileNotFoundError
        No such file.
    ParameterError
        Unreadable file, unknown or missing field, or a figure that is not a positive number.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "my182.toml"
    >>> _ = p.write_text('''
    ... id = "cessna-182"
    ... name = "Cessna 182 (my club's)"
    ... cruise_speed_kt = 140
    ... fuel_flow_l_per_h = 49
    ... usable_fuel_l = 329
    ... useful_load_kg = 420
    ... cruise_altitude_ft = 7000
    ... approximate = ["fuel_flow_l_per_h"]
    ... [sources]
    ... cruise_speed_kt = "club POH, p. 5-20"
    ... ''')
    >>> prof = load_profile(p)
    >>> prof.sources["cruise_speed_kt"].text, prof.sources["fuel_flow_l_per_h"].approximate
    ('club POH, p. 5-20', True)
    """
    file = Path(path)
    data = read_table(file, what="aircraft profile")
    data = dict(data)
    cited = data.pop("sources", {}) or {}
    approximate = set(data.pop("approximate", []) or [])
    known = {f.name for f in fields(AircraftProfile)} - {"sources"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ParameterError(
            f"{file}: unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    required = ("id", "name", "cruise_speed_kt", "fuel_flow_l_per_h", "usable_fuel_l",
                "useful_load_kg", "cruise_altitude_ft")
    missing = [k for k in required if k not in data]
    if missing:
        raise ParameterError(f"{file}: missing field(s) {', '.join(missing)}")
    for name in (*_NUMBER_FIELDS, "published_range_nm"):
        value = data.get(name, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(f"{file}: {name} must be a number, got {value!r}")
    figures = {
        name: _cited(
            float(data[name]),
            str(cited.get(name, f"user profile {file.name}")),
            approximate=name in approximate,
        )
        for name in (*_NUMBER_FIELDS, "published_range_nm")
        if name in data
    }
    return _profile(str(data["id"]), str(data["name"]), figures)


def resolve(aircraft: str | AircraftProfile) -> AircraftProfile:
    """Return a profile given a profile, a built-in id, or a path to a .toml/.json profile.

    Examples
    --------
    >>> resolve("Cessna-206").id
    'cessna-206'
    """
    if isinstance(aircraft, AircraftProfile):
        return aircraft
    if aircraft.lower().endswith((".toml", ".json")):
        return load_profile(aircraft)
    return get(aircraft)


# --------------------------------------------------------------------------------------------
# The flight model


@dataclass(frozen=True)
class Phase:
    """One phase of a flight: its name, time, distance over the ground and fuel burnt."""

    name: str
    time_h: float
    distance_km: float
    fuel_l: float


@dataclass(frozen=True)
class FlightPlan:
    """A planned flight: phases, times, fuel, and whether the payload allows it.

    Attributes
    ----------
    aircraft : str
        The profile id.
    distance_km, distance_nm : float
        Geodesic distance.
    payload_kg, wind_kt, reserve_min, field_elevation_ft : float
        The assumptions asked for.
    phases : tuple of Phase
        taxi, climb, cruise, descent.
    flight_time_h : float
        Climb + cruise + descent (airborne).
    block_time_h : float
        Flight time + taxi.
    trip_fuel_l, reserve_fuel_l, fuel_required_l : float
        Fuel burnt (all phases), reserve kept, and their sum.
    fuel_available_l : float
        ``min(usable tanks, (useful load − payload) / 0.72)``.
    fuel_limited_by : str
        ``"tanks"`` or ``"weight"``: what sets the fuel available.
    usable_fuel_l : float
        Usable fuel in full tanks.
    feasible : bool
        True when the fuel required fits in the fuel available.
    reason : str or None
        Why the flight is not feasible (None when it is).
    max_payload_kg : float or None
        The largest payload that still allows this flight; None when even an empty aircraft
        cannot make it (the tanks are too small).
    max_range_km : float
        The longest flight, with this payload, wind and reserve.
    """

    aircraft: str
    distance_km: float
    payload_kg: float
    wind_kt: float
    reserve_min: float
    field_elevation_ft: float
    phases: tuple[Phase, ...]
    reserve_fuel_l: float
    fuel_available_l: float
    fuel_limited_by: str
    usable_fuel_l: float
    max_payload_kg: float | None
    max_range_km: float

    @property
    def distance_nm(self) -> float:
        """Distance in nautical miles."""
        return self.distance_km / geodesy.KM_PER_NM

    @property
    def flight_time_h(self) -> float:
        """Airborne time: climb, cruise and descent, hours."""
        return sum(p.time_h for p in self.phases if p.name != "taxi")

    @property
    def block_time_h(self) -> float:
        """Flight time plus taxi, hours."""
        return sum(p.time_h for p in self.phases)

    @property
    def trip_fuel_l(self) -> float:
        """Fuel burnt in all phases, litres."""
        return sum(p.fuel_l for p in self.phases)

    @property
    def fuel_required_l(self) -> float:
        """Trip fuel plus reserve, litres."""
        return self.trip_fuel_l + self.reserve_fuel_l

    @property
    def fuel_required_kg(self) -> float:
        """Trip fuel plus reserve, kg of avgas."""
        return self.fuel_required_l * AVGAS_KG_PER_L

    @property
    def fuel_available_kg(self) -> float:
        """Fuel that can be carried with this payload, kg of avgas."""
        return self.fuel_available_l * AVGAS_KG_PER_L

    @property
    def feasible(self) -> bool:
        """Whether trip fuel and reserve fit in the fuel that can be carried."""
        return self.fuel_required_l <= self.fuel_available_l

    @property
    def reason(self) -> str | None:
        """Why the flight is not feasible, in one line; None when it is."""
        if self.feasible:
            return None
        need = (
            f"needs {self.fuel_required_l:.0f} l of fuel (trip {self.trip_fuel_l:.0f} l + "
            f"reserve {self.reserve_fuel_l:.0f} l)"
        )
        if self.max_payload_kg is None:
            return (
                f"{need} but the tanks hold {self.usable_fuel_l:.0f} l usable: the distance is "
                f"beyond the aircraft's range even empty ({self.max_range_km:.0f} km with "
                f"{self.payload_kg:.0f} kg of payload)"
            )
        return (
            f"{need} but with {self.payload_kg:.0f} kg of payload only "
            f"{self.fuel_available_l:.0f} l can be carried; at most {self.max_payload_kg:.0f} kg "
            f"for this distance, or {self.max_range_km:.0f} km with this payload"
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the keys of the ``flight --json`` output, in order.

        Examples
        --------
        >>> list(plan_distance(400.0, aircraft="cessna-206").as_dict())[:4]
        ['aircraft', 'distance_km', 'distance_nm', 'flight_time_h']
        """
        return {
            "aircraft": self.aircraft,
            "distance_km": round(self.distance_km, 3),
            "distance_nm": round(self.distance_nm, 3),
            "flight_time_h": round(self.flight_time_h, 3),
            "block_time_h": round(self.block_time_h, 3),
            "fuel_required_l": round(self.fuel_required_l, 1),
            "fuel_available_l": round(self.fuel_available_l, 1),
            "payload_kg": round(self.payload_kg, 1),
            "feasible": self.feasible,
            "reason": self.reason,
            "max_payload_kg": None if self.max_payload_kg is None else round(self.max_payload_kg, 1),
        }


def _check_number(name: str, value: float, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FlightPlanError(f"{name} must be a finite number, got {value!r}")
    if positive and value <= 0:
        raise FlightPlanError(f"{name} must be positive, got {value:g}")
    if not positive and name != "wind_kt" and value < 0:
        raise FlightPlanError(f"{name} must not be negative, got {value:g}")
    return float(value)


def _fuel_available_l(profile: AircraftProfile, payload_kg: float) -> tuple[float, str]:
    if payload_kg > profile.useful_load_kg:
        raise FlightPlanError(
            f"payload {payload_kg:.0f} kg is above the useful load of {profile.id} "
            f"({profile.useful_load_kg:.0f} kg, pilot, cargo and fuel together)"
        )
    by_weight = (profile.useful_load_kg - payload_kg) / AVGAS_KG_PER_L
    if by_weight < profile.usable_fuel_l:
        return by_weight, "weight"
    return profile.usable_fuel_l, "tanks"


@dataclass(frozen=True)
class _Legs:
    """Climb and descent of a full-height flight, and the cruise ground speed (kt)."""

    climb: Phase
    descent: Phase
    cruise_gs_kt: float
    cruise_flow_l_per_h: float

    @property
    def climb_descent_km(self) -> float:
        return self.climb.distance_km + self.descent.distance_km

    @property
    def climb_descent_h(self) -> float:
        return self.climb.time_h + self.descent.time_h

    @property
    def climb_descent_l(self) -> float:
        return self.climb.fuel_l + self.descent.fuel_l


def _legs(profile: AircraftProfile, wind_kt: float, field_elevation_ft: float) -> _Legs:
    speeds = {
        "climb": profile.climb_speed_kt + wind_kt,
        "cruise": profile.cruise_speed_kt + wind_kt,
    }
    for phase, gs in speeds.items():
        if gs <= 0:
            raise FlightPlanError(
                f"a wind of {wind_kt:g} kt leaves no ground speed in the {phase} "
                f"({profile.id} flies it at {gs - wind_kt:g} KTAS); positive is a tailwind"
            )
    height_ft = max(profile.cruise_altitude_ft - field_elevation_ft, 0.0)
    climb_h = height_ft / profile.climb_rate_fpm / _MIN_PER_H
    descent_h = height_ft / profile.descent_rate_fpm / _MIN_PER_H
    return _Legs(
        climb=Phase(
            "climb", climb_h, speeds["climb"] * climb_h * geodesy.KM_PER_NM,
            climb_h * profile.climb_fuel_flow_l_per_h,
        ),
        descent=Phase(
            "descent", descent_h, speeds["cruise"] * descent_h * geodesy.KM_PER_NM,
            descent_h * profile.descent_fuel_flow_l_per_h,
        ),
        cruise_gs_kt=speeds["cruise"],
        cruise_flow_l_per_h=profile.fuel_flow_l_per_h,
    )


def _airborne_phases(legs: _Legs, distance_km: float) -> tuple[Phase, Phase, Phase]:
    """Climb, cruise and descent for a distance; climb and descent cut on a short leg."""
    if distance_km < legs.climb_descent_km:
        k = distance_km / legs.climb_descent_km
        scaled = [Phase(p.name, p.time_h * k, p.distance_km * k, p.fuel_l * k)
                  for p in (legs.climb, legs.descent)]
        return scaled[0], Phase("cruise", 0.0, 0.0, 0.0), scaled[1]
    cruise_km = distance_km - legs.climb_descent_km
    cruise_h = cruise_km / geodesy.KM_PER_NM / legs.cruise_gs_kt
    cruise = Phase("cruise", cruise_h, cruise_km, cruise_h * legs.cruise_flow_l_per_h)
    return legs.climb, cruise, legs.descent


def _distance_for_airborne_fuel_km(legs: _Legs, fuel_l: float) -> float:
    """Inverse of the airborne fuel as a function of distance (piecewise linear)."""
    if fuel_l <= 0:
        return 0.0
    if fuel_l <= legs.climb_descent_l:
        return legs.climb_descent_km * fuel_l / legs.climb_descent_l
    cruise_h = (fuel_l - legs.climb_descent_l) / legs.cruise_flow_l_per_h
    return legs.climb_descent_km + cruise_h * legs.cruise_gs_kt * geodesy.KM_PER_NM


def _distance_for_flight_time_km(legs: _Legs, hours: float) -> float:
    """Inverse of the airborne time as a function of distance (piecewise linear)."""
    if hours <= legs.climb_descent_h:
        return legs.climb_descent_km * hours / legs.climb_descent_h
    return legs.climb_descent_km + (hours - legs.climb_descent_h) * legs.cruise_gs_kt * (
        geodesy.KM_PER_NM
    )


def plan_distance(
    distance_km: float,
    *,
    aircraft: str | AircraftProfile,
    payload_kg: float = 0.0,
    wind_kt: float = 0.0,
    reserve_min: float = DEFAULT_RESERVE_MIN,
    field_elevation_ft: float = DEFAULT_FIELD_ELEVATION_FT,
) -> FlightPlan:
    """Plan a flight of a given distance: phases, times, fuel and the payload–range trade.

    The model and its assumptions are in the module docstring.

    Parameters
    ----------
    distance_km : float
        Distance flown (the geodesic between the two strips), > 0.
    aircraft : str or AircraftProfile
        A built-in id, a path to a .toml/.json profile, or a profile.
    payload_kg : float, default 0
        Everything on board but fuel: pilot and cargo.
    wind_kt : float, default 0
        Along-track wind component: positive tailwind, negative headwind.
    reserve_min : float, default 45
        Fuel reserve at landing, minutes at cruise fuel flow.
    field_elevation_ft : float, default 1000
        Elevation of both strips.

    Returns
    -------
    FlightPlan
        Feasible or not; when not, ``reason`` says why.

    Raises
    ------
    FlightPlanError
        A distance that is not positive, a negative payload or reserve, a payload above the
        useful load, or a headwind at least as strong as the aircraft's speed.
    UnknownAircraftError
        An unknown aircraft id.

    Examples
    --------
    >>> plan = plan_distance(1000.0, aircraft="cessna-206", payload_kg=450)
    >>> plan.feasible, plan.fuel_limited_by, round(plan.max_range_km)
    (False, 'weight', 929)
    >>> print(plan.reason)
    needs 284 l of fuel (trip 239 l + reserve 45 l) but with 450 kg of payload only 268 l can \
be carried; at most 438 kg for this distance, or 929 km with this payload
    """
    profile = resolve(aircraft)
    distance_km = _check_number("distance_km", distance_km, positive=True)
    payload_kg = _check_number("payload_kg", payload_kg)
    wind_kt = _check_number("wind_kt", wind_kt)
    reserve_min = _check_number("reserve_min", reserve_min)
    field_elevation_ft = _check_number("field_elevation_ft", field_elevation_ft)
    fuel_available_l, limited_by = _fuel_available_l(profile, payload_kg)
    legs = _legs(profile, wind_kt, field_elevation_ft)
    taxi = Phase("taxi", profile.taxi_time_min / _MIN_PER_H, 0.0, profile.taxi_fuel_l)
    reserve_l = reserve_min / _MIN_PER_H * profile.fuel_flow_l_per_h
    phases = (taxi, *_airborne_phases(legs, distance_km))
    required_l = sum(p.fuel_l for p in phases) + reserve_l
    required_kg = required_l * AVGAS_KG_PER_L
    max_payload_kg: float | None = None
    if required_l <= profile.usable_fuel_l and required_kg <= profile.useful_load_kg:
        max_payload_kg = profile.useful_load_kg - required_kg
    max_range_km = _distance_for_airborne_fuel_km(
        legs, fuel_available_l - taxi.fuel_l - reserve_l
    )
    return FlightPlan(
        aircraft=profile.id,
        distance_km=distance_km,
        payload_kg=payload_kg,
        wind_kt=wind_kt,
        reserve_min=reserve_min,
        field_elevation_ft=field_elevation_ft,
        phases=phases,
        reserve_fuel_l=reserve_l,
        fuel_available_l=fuel_available_l,
        fuel_limited_by=limited_by,
        usable_fuel_l=profile.usable_fuel_l,
        max_payload_kg=max_payload_kg,
        max_range_km=max_range_km,
    )


class _LonLat(Protocol):
    @property
    def lon(self) -> float: ...
    @property
    def lat(self) -> float: ...


PointLike = str | tuple[float, float] | _LonLat
"""A place: a name/id/ICAO/"LAT,LON" text, a ``(lon, lat)`` tuple, or an object with
``lon`` and ``lat`` (such as :class:`geo_huallaga.layers.Place`)."""


def _lon_lat(point: PointLike) -> tuple[float, float]:
    if isinstance(point, str):
        from geo_huallaga import layers

        found = layers.place(point)
        return found.lon, found.lat
    if isinstance(point, tuple):
        lon, lat = (float(v) for v in point)
    else:
        lon, lat = float(point.lon), float(point.lat)
    geodesy.validate_lon_lat(lon, lat)
    return lon, lat


def plan_flight(
    origin: PointLike,
    destination: PointLike,
    *,
    aircraft: str | AircraftProfile,
    payload_kg: float = 0.0,
    wind_kt: float = 0.0,
    reserve_min: float = DEFAULT_RESERVE_MIN,
    field_elevation_ft: float = DEFAULT_FIELD_ELEVATION_FT,
) -> FlightPlan:
    """Plan a straight (geodesic) flight between two places.

    Parameters
    ----------
    origin, destination : str, (lon, lat) tuple or Place
        Places; text is resolved with :func:`geo_huallaga.layers.place`.
    aircraft, payload_kg, wind_kt, reserve_min, field_elevation_ft
        As for :func:`plan_distance`.

    Returns
    -------
    FlightPlan

    Raises
    ------
    FlightPlanError
        Origin equal to destination, and as for :func:`plan_distance`.

    Examples
    --------
    >>> plan = plan_flight("Iscozacín", "Cruzeiro do Sul", aircraft="cessna-210")
    >>> round(plan.distance_km, 1), round(plan.flight_time_h, 2), round(plan.block_time_h, 2)
    (392.1, 1.4, 1.57)
    >>> plan_flight("SPEN", "SPEN", aircraft="cessna-210")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.FlightPlanError: origin and destination are the same point \
(lon=-75.15, lat=-10.183)
    """
    lon1, lat1 = _lon_lat(origin)
    lon2, lat2 = _lon_lat(destination)
    distance_km = geodesy.distance_km(lon1, lat1, lon2, lat2)
    if distance_km == 0.0:
        raise FlightPlanError(
            f"origin and destination are the same point (lon={lon1:g}, lat={lat1:g})"
        )
    return plan_distance(
        distance_km, aircraft=aircraft, payload_kg=payload_kg, wind_kt=wind_kt,
        reserve_min=reserve_min, field_elevation_ft=field_elevation_ft,
    )


# --------------------------------------------------------------------------------------------
# Reach


@dataclass(frozen=True)
class Reach:
    """The area a flight can reach from a place, or come from (the ring is symmetric).

    Attributes
    ----------
    aircraft : str
        Profile id.
    lon, lat : float
        The place (centre of the ring).
    radius_km : float
        Still-air distance reachable: the smaller of the distance flown in ``hours`` and the
        range with ``payload_kg`` (full reserve kept).
    limited_by : str
        ``"hours"`` or ``"fuel"``: which of the two set the radius.
    hours, payload_kg : float or None
        What was asked.
    country : str or None
        ISO3 code the ring was clipped to.
    geometry : Polygon or MultiPolygon
        The geodesic ring (see :func:`geo_huallaga.geodesy.geodesic_ring`), clipped to the
        country when one was given; empty when the country lies out of reach.
    """

    aircraft: str
    lon: float
    lat: float
    radius_km: float
    limited_by: str
    hours: float | None
    payload_kg: float | None
    country: str | None
    geometry: Polygon | MultiPolygon

    @property
    def area_km2(self) -> float:
        """Geodesic area of the geometry on WGS84, km²."""
        area_m2, _ = geodesy.WGS84.geometry_area_perimeter(self.geometry)
        return abs(float(area_m2)) / 1e6


def _clip_to_country(
    ring: Polygon | MultiPolygon, iso3: str, countries_layer: str | os.PathLike[str]
) -> Polygon | MultiPolygon:
    import shapely

    from geo_huallaga import layers

    countries = layers.load(countries_layer)
    if "iso_a3" not in countries.columns:
        raise ParameterError(f"the countries layer {countries_layer!s} has no 'iso_a3' column")
    code = iso3.strip().upper()
    rows = countries[countries["iso_a3"] == code]
    if rows.empty:
        known = ", ".join(sorted(str(c) for c in countries["iso_a3"].dropna().unique()))
        raise ParameterError(f"unknown country {iso3!r}; ISO3 codes in the layer: {known}")
    clipped = shapely.intersection(ring, shapely.union_all(rows.geometry.values))
    polygonal = shapely.get_parts(clipped)
    polygonal = polygonal[shapely.get_type_id(polygonal) == 3]  # drop touching lines/points
    merged = shapely.union_all(polygonal)
    if merged.geom_type not in ("Polygon", "MultiPolygon"):  # nothing in reach
        from shapely.geometry import Polygon

        return Polygon()
    return cast("Polygon | MultiPolygon", shapely.orient_polygons(merged))


def reach_area(
    origin: PointLike,
    *,
    aircraft: str | AircraftProfile,
    hours: float | None = None,
    payload_kg: float | None = None,
    country: str | None = None,
    reserve_min: float = DEFAULT_RESERVE_MIN,
    field_elevation_ft: float = DEFAULT_FIELD_ELEVATION_FT,
    countries_layer: str | os.PathLike[str] = "countries",
    n: int = 256,
) -> Reach:
    """Find where a flight of given duration, or with a given payload, can reach or start.

    The radius is the still-air distance of the flight model (no wind: the ring is then the
    same for flights to and from the place): with ``hours``, the distance flown in that
    airborne time; with ``payload_kg``, the range with that payload keeping the reserve.
    With both, the smaller; with ``hours`` alone the aircraft flies empty (payload 0) and
    the radius is still capped by its fuel. The ring is a true geodesic circle, optionally
    clipped to a country of the ``countries`` layer (column ``iso_a3``).

    Parameters
    ----------
    origin : str, (lon, lat) tuple or Place
        The place (e.g. a Palcazu airstrip).
    aircraft : str or AircraftProfile
        A built-in id, a profile file, or a profile.
    hours : float, optional
        Airborne time, > 0.
    payload_kg : float, optional
        Payload carried (pilot and cargo).
    country : str, optional
        ISO 3166 alpha-3 code to clip to.
    reserve_min, field_elevation_ft : float
        As for :func:`plan_distance`.
    countries_layer : str or path, default "countries"
        The built-in layer or a user's file with an ``iso_a3`` column.
    n : int, default 256
        Vertices on the ring.

    Returns
    -------
    Reach

    Raises
    ------
    FlightPlanError
        Neither ``hours`` nor ``payload_kg`` given, hours not positive, or a payload above
        the useful load.
    ParameterError
        A country code absent from the layer.

    Examples
    --------
    >>> r = reach_area("Iscozacín", aircraft="cessna-210", hours=2.5, country="BOL")
    >>> round(r.radius_km), r.limited_by, r.geometry.geom_type, r.geometry.bounds[0] > -70
    (728, 'hours', 'Polygon', True)
    """
    if hours is None and payload_kg is None:
        raise FlightPlanError("give hours or payload_kg (or both) to size the reach")
    profile = resolve(aircraft)
    lon, lat = _lon_lat(origin)
    payload = 0.0 if payload_kg is None else _check_number("payload_kg", payload_kg)
    longest = plan_distance(
        1.0, aircraft=profile, payload_kg=payload, reserve_min=reserve_min,
        field_elevation_ft=field_elevation_ft,
    ).max_range_km
    radius_km, limited_by = longest, "fuel"
    if hours is not None:
        hours = _check_number("hours", hours, positive=True)
        by_time = _distance_for_flight_time_km(_legs(profile, 0.0, field_elevation_ft), hours)
        if by_time <= longest:
            radius_km, limited_by = by_time, "hours"
    if radius_km <= 0:
        raise FlightPlanError(
            f"with {payload:.0f} kg of payload {profile.id} cannot carry its taxi fuel and "
            f"{reserve_min:g} min reserve: no reach"
        )
    ring = geodesy.geodesic_ring(lon, lat, radius_km, n=n)
    geometry = ring if country is None else _clip_to_country(ring, country, countries_layer)
    return Reach(
        aircraft=profile.id,
        lon=lon,
        lat=lat,
        radius_km=radius_km,
        limited_by=limited_by,
        hours=hours,
        payload_kg=payload_kg,
        country=None if country is None else country.strip().upper(),
        geometry=geometry,
    )
