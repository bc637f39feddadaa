"""What the reader reads: column labels with units, words for coded values, source credits.

Every word goes through gettext (:mod:`geo_huallaga.i18n`), so the Spanish map has no English
left. ``N_`` marks a msgid for extraction (``pybabel extract -k N_``) without translating it:
the translation happens when the page is built, in the map's language.

Examples
--------
>>> from geo_huallaga.i18n import translator
>>> column_label("ha_2010", translator("en").gettext)
('Hectares 2010', ' ha', 0)
>>> column_label("length_km", translator("es").gettext)
('Longitud', ' km', 0)
>>> credits_for(["OpenStreetMap via scgraph-data (© OpenStreetMap contributors, ODbL)"])
['© OpenStreetMap contributors (ODbL)']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = ["CREDITS", "N_", "column_label", "credits_for", "value_words"]

Gettext = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark *message* for the catalogue; translated later, in the map's language."""
    return message


#: Column → (label, unit, decimals). A column that is not here shows under its own name;
#: one mapped to None is not shown in pop-ups (internal ids, codes the reader cannot use).
_COLUMNS: dict[str, tuple[str, str, int] | None] = {
    "id": None,
    "iso_a3": None,
    "iso_n3": None,
    "vertices": None,
    "uncertainty_km": None,
    "gn_name": None,
    "fips": None,
    "towns_checked": (N_("Bank towns checked (distance to the line)"), "", 0),
    "schematic": (N_("Schematic course"), "", 0),
    "name": (N_("Name"), "", 0),
    "kind": (N_("Kind"), "", 0),
    "country": (N_("Country"), "", 0),
    "continent": (N_("Continent"), "", 0),
    "status": (N_("Status"), "", 0),
    "icao": (N_("ICAO code"), "", 0),
    "clans": (N_("Family clans"), "", 0),
    "mode": (N_("Mode"), "", 0),
    "from": (N_("From"), "", 0),
    "to": (N_("To"), "", 0),
    "means": (N_("Means"), "", 0),
    "length_km": (N_("Length"), " km", 0),
    "distance_km": (N_("Distance"), " km", 0),
    "time_h": (N_("Travel time"), " h", 1),
    "passages": (N_("Passes through"), "", 0),
    "article": (N_("In the article"), "", 0),
    "routed_as": (N_("Traced as"), "", 0),
    "ref": (N_("Road number"), "", 0),
    "median_spacing_km": (N_("Median gap between vertices"), " km", 1),
    "max_spacing_km": (N_("Largest gap between vertices"), " km", 1),
    "origin": (N_("Origin"), "", 0),
    "aircraft": (N_("Aircraft"), "", 0),
    "hours": (N_("Hours in the air"), " h", 1),
    "radius_km": (N_("Radius"), " km", 0),
    "limited_by": (N_("Limited by"), "", 0),
    "uncertainty_radius_km": (N_("Uncertainty radius"), " km", 0),
    "precision": (N_("Location precision"), "", 0),
    "strips": (N_("Strips"), "", 0),
    "nearest": (N_("Nearest"), "", 0),
    "class": (N_("Class"), "", 0),
    "note": (N_("Note"), "", 0),
    "source": (N_("Sources"), "", 0),
}

#: Coded values shown as words ("clandestine" → "clandestina").
_VALUES: tuple[str, ...] = (
    N_("town"), N_("port"), N_("destination"), N_("authorized"), N_("clandestine"),
    N_("land"), N_("air"), N_("sea"), N_("approximate"), N_("district"), N_("surveyed"),
    N_("locality"), N_("model"), N_("area-weighted"), N_("hours"), N_("fuel"), N_("range"),
    N_("panama"), N_("suez"), N_("gibraltar"),
    # how routing says a leg is travelled (geo_huallaga.routing)
    N_("truck"), N_("container ship"), N_("on foot or mule (access to the road)"),
    N_("truck (access to the port)"),
    # proximity classes (geo_huallaga.proximity)
    N_("inside"), N_("in buffer"), N_("beyond"), N_("uncertain"),
)

#: Credits shown in the attribution control for a layer whose ``source`` names the key.
CREDITS: tuple[tuple[str, str], ...] = (
    ("OpenStreetMap", "© OpenStreetMap contributors (ODbL)"),
    ("Natural Earth", "Natural Earth"),
    ("UNODC", "UNODC/DEVIDA"),
    ("DEVIDA", "UNODC/DEVIDA"),
    ("GeoNames", "GeoNames (CC-BY 4.0)"),
    ("INEI", "INEI/CEPLAN"),
    ("GSHHG", "GSHHG/WDBII (LGPL-3)"),
    ("WDBII", "GSHHG/WDBII (LGPL-3)"),
    ("airportsdata", "airportsdata"),
    ("InSight Crime", "InSight Crime / IDL-Reporteros"),
)


def column_label(column: str, gettext: Gettext) -> tuple[str, str, int] | None:
    """Return the pop-up label, unit and decimals of *column*, or None to hide it.

    ``ha_YYYY`` columns are "Hectares YYYY"; an unknown column keeps its own name.
    """
    if (year := re.fullmatch(r"ha_(\d{4})", column)) is not None:
        return gettext("Hectares {year}").format(year=year.group(1)), " ha", 0
    if column.startswith("_"):
        return None
    if column not in _COLUMNS:
        return column, "", -1
    entry = _COLUMNS[column]
    if entry is None:
        return None
    label, unit, decimals = entry
    return gettext(label), unit, decimals


def value_words(gettext: Gettext) -> dict[str, str]:
    """Return the coded values and their words in the map's language (only those that differ).

    Examples
    --------
    >>> from geo_huallaga.i18n import translator
    >>> value_words(translator("es").gettext)["clandestine"]
    'clandestina'
    """
    return {v: gettext(v) for v in _VALUES if gettext(v) != v}


def credits_for(sources: Iterable[object]) -> list[str]:
    """Return the credits the ``source`` texts of a layer call for, once each, in order."""
    text = " ".join(str(s) for s in sources if s is not None)
    out: list[str] = []
    for key, credit in CREDITS:
        if key in text and credit not in out:
            out.append(credit)
    return out
