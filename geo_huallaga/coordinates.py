"""Reading a coordinate in the forms people paste: decimal pairs, hemisphere letters, degrees-minutes-seconds.

One parser for every command that takes a place (``place``, ``distance``, ``flight``, ``route``,
``reach``, ``map --reach``): :func:`geo_huallaga.layers.place` calls :func:`parse` first and falls
back to the gazetteer when the text is not a coordinate. Range and lat/lon-swap checks are
:func:`geo_huallaga.layers.parse_lat_lon`'s; this module only reads the numbers.

Accepted, with or without spaces, commas or semicolons between the two halves:

- ``"-9.2981,-76.0006"``, ``"-9.2981 -76.0006"``, ``"(-9.2981; -76.0006)"`` — latitude first;
- ``"9.3S 76W"``, ``"S 9.3, W 76"`` — hemisphere letters before or after (``O``, *oeste*, is west);
  with letters the order is free;
- ``9°18'S 76°00'W``, ``9°18′30″S 76°0′0″W``, ``9 18 0 S, 76 0 0 W``, ``-9°18' -76°0'`` —
  degrees, minutes and seconds with ``° ' "``, ``′ ″``, ``º`` or spaces.

Examples
--------
>>> parse("-9.2981, -76.0006")
(-76.0006, -9.2981)
>>> parse("9°18'S 76°00'W")
(-76.0, -9.3)
>>> parse("9 18 0 S, 76 0 0 W")
(-76.0, -9.3)
>>> parse("76W 9.3S")
(-76.0, -9.3)
>>> parse("Tingo María") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo_huallaga.errors import InvalidCoordinateError

__all__ = ["parse"]

# Symbols people paste for degrees, minutes and seconds, mapped to ° ' ".
_SYMBOLS = str.maketrans({
    "º": "°", "˚": "°", "′": "'", "’": "'", "‘": "'", "´": "'", "`": "'", "″": '"', "”": '"', "“": '"',
})
_TOKEN = re.compile(
    r"""\s*(?:(?P<letter>[NSEWO])|(?P<number>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>°|''|'|")?|(?P<sep>[,;]))"""
)
_UNITS = {"°": 0, "'": 1, "''": 2, '"': 2}
_HEMISPHERES = {"N": ("lat", 1), "S": ("lat", -1), "E": ("lon", 1), "W": ("lon", -1), "O": ("lon", -1)}


@dataclass
class _Part:
    numbers: list[tuple[str, int | None]] = field(default_factory=list)
    lead: str | None = None
    trail: str | None = None


def _tokens(text: str) -> list[tuple[str, str, str | None]] | None:
    """Split *text* into (kind, value, unit) tokens; None when anything else is in it."""
    s = text.strip().upper().translate(_SYMBOLS)
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    out: list[tuple[str, str, str | None]] = []
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if m is None or m.end() == pos:
            if s[pos:].strip() == "":
                break
            return None
        pos = m.end()
        if m.group("letter"):
            out.append(("letter", m.group("letter"), None))
        elif m.group("number"):
            out.append(("number", m.group("number"), m.group("unit")))
        else:
            out.append(("sep", m.group("sep"), None))
    return out


def _split(tokens: list[tuple[str, str, str | None]], text: str) -> list[_Part]:
    """Group tokens into the two halves of a coordinate."""
    parts = [_Part()]
    for kind, value, unit in tokens:
        cur = parts[-1]
        if kind == "sep":
            if cur.numbers:
                parts.append(_Part())
            continue
        if kind == "letter":
            if not cur.numbers and cur.lead is None:
                cur.lead = value
            elif cur.numbers and cur.lead is None and cur.trail is None:
                cur.trail = value
                parts.append(_Part())
            else:  # a leading letter of the next half
                parts.append(_Part(lead=value))
            continue
        level = _UNITS.get(unit) if unit else None
        new_half = cur.numbers and (
            value[0] in "+-"
            or (level is not None and (cur.numbers[-1][1] is None or level <= (cur.numbers[-1][1] or 0)))
        )
        if new_half:
            cur = _Part()
            parts.append(cur)
        cur.numbers.append((value, level))
    parts = [p for p in parts if p.numbers or p.lead]
    plain = all(lvl is None for p in parts for _, lvl in p.numbers)
    letters = any(p.lead or p.trail for p in parts)
    if len(parts) == 1 and plain and not letters and len(parts[0].numbers) == 2:
        only = parts[0].numbers  # "LAT LON": two bare numbers
        parts = [_Part(numbers=[only[0]]), _Part(numbers=[only[1]])]
    if len(parts) != 2 or any(not p.numbers for p in parts):
        raise InvalidCoordinateError(
            f"cannot read {text.strip()!r} as a coordinate: expected two halves such as "
            "\"-9.3,-76.0\", \"9.3S 76W\" or \"9°18'S 76°00'W\""
        )
    return parts


def _degrees(part: _Part, text: str) -> tuple[float, str | None]:
    """Return the signed decimal degrees of one half and its axis ("lat", "lon" or None)."""
    if len(part.numbers) > 3:
        raise InvalidCoordinateError(f"cannot read {text.strip()!r}: more than degrees, minutes and seconds")
    levels = [lvl if lvl is not None else i for i, (_, lvl) in enumerate(part.numbers)]
    if levels != sorted(set(levels)) or levels[0] != 0:
        raise InvalidCoordinateError(f"cannot read {text.strip()!r}: degrees, minutes and seconds out of order")
    values = [float(v) for v, _ in part.numbers]
    sign = -1.0 if part.numbers[0][0].startswith("-") else 1.0
    if any(v.startswith(("-", "+")) for v, _ in part.numbers[1:]):
        raise InvalidCoordinateError(f"cannot read {text.strip()!r}: a sign inside minutes or seconds")
    if any("." in v for v, _ in part.numbers[:-1]):
        raise InvalidCoordinateError(f"cannot read {text.strip()!r}: only the last of degrees/minutes/seconds "
                                     "may have decimals")
    for lvl, v in zip(levels[1:], values[1:], strict=True):
        if v >= 60:
            what = "minutes" if lvl == 1 else "seconds"
            raise InvalidCoordinateError(f"cannot read {text.strip()!r}: {what} {v:g} must be below 60")
    degrees = abs(values[0]) + sum(v / 60.0**lvl for lvl, v in zip(levels[1:], values[1:], strict=True))
    letter = part.lead or part.trail
    axis = None
    if letter is not None:
        if part.lead and part.trail:
            raise InvalidCoordinateError(f"cannot read {text.strip()!r}: two hemisphere letters on one half")
        axis, hemi_sign = _HEMISPHERES[letter]
        if sign < 0:
            raise InvalidCoordinateError(
                f"cannot read {text.strip()!r}: both a minus sign and {letter}; give one of them"
            )
        sign = float(hemi_sign)
    return round(sign * degrees, 10), axis


def parse(text: str) -> tuple[float, float] | None:
    """Read a coordinate typed or pasted as text; return ``(lon, lat)`` in degrees, or None.

    None means the text is not a coordinate at all (a place name). Numbers are not range-checked
    here (see :func:`geo_huallaga.layers.parse_lat_lon`).

    Parameters
    ----------
    text : str
        ``"LAT,LON"``, ``"LAT LON"``, decimal degrees with hemisphere letters, or degrees,
        minutes and seconds.

    Returns
    -------
    tuple of float or None
        ``(lon, lat)``, GeoJSON order.

    Raises
    ------
    InvalidCoordinateError
        The text is made of numbers and hemisphere letters but cannot be one coordinate
        (minutes of 60 or more, three halves, N and N, a sign and S together ...).

    Examples
    --------
    >>> parse("9.3S 76W")
    (-76.0, -9.3)
    >>> parse("S 9 18 30, W 76 0 0")
    (-76.0, -9.308333333)
    >>> parse('9°18′30″S 76°00′00″O')
    (-76.0, -9.308333333)
    >>> parse("9°75'S 76°W")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.InvalidCoordinateError: cannot read "9°75'S 76°W": minutes 75 must be below 60
    """
    tokens = _tokens(text)
    if not tokens or not any(kind == "number" for kind, _, _ in tokens):
        return None
    first, second = _split(tokens, text)
    (a, axis_a), (b, axis_b) = _degrees(first, text), _degrees(second, text)
    if axis_a is not None and axis_a == axis_b:
        both = "latitudes" if axis_a == "lat" else "longitudes"
        raise InvalidCoordinateError(f"cannot read {text.strip()!r}: two {both}")
    if axis_a == "lon" or axis_b == "lat":
        return a, b
    return b, a
