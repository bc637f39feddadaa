"""The article's economics as reproducible scenarios, every figure a low/central/high range.

IDL-Reporteros' series on the Huallaga clans (translated by InSight Crime) does its sums in the
open: 16 clans × 500 kg a month × 12 months = 96,000 kg a year; a 450 kg flight is worth
US$450,000; four strips with one flight a week each export 86,400 kg a year. This module
reproduces each sum from named parameters that carry the article's ranges and sources, shows the
arithmetic in words and numbers, and states where the figures disagree with each other or with
the potential production of the hectares the article cites.

How ranges propagate (:class:`Range`)
-------------------------------------
A range is three numbers, ``low <= central <= high``. Arithmetic treats the operands as
**independent**: each may sit anywhere in its range whatever the others do, and the result's
bounds are the extremes over every combination (interval arithmetic). For the positive quantities
used here that means

- ``a + b``: ``(a.low + b.low, a.high + b.high)``;
- ``a − b``: ``(a.low − b.high, a.high − b.low)``: the bounds cross;
- ``a × b``: ``(a.low × b.low, a.high × b.high)``;
- ``a ÷ b``: ``(a.low ÷ b.high, a.high ÷ b.low)``: the bounds cross; a divisor whose range
  includes zero is refused.

Signed ranges get the minimum and maximum of the four corner results. The central value is the
same operation on the centrals: the article's own scenario, not a mean or a probability. The
bounds are worst cases, not a confidence interval. A parameter that entered one figure twice
would count its uncertainty twice, so no figure here uses a parameter more than once (the
module checks). Nothing is rounded until a number is printed.

Examples
--------
>>> from geo_huallaga import economics as ec
>>> report = ec.evaluate()
>>> report.figure("clans_hcl_kg_per_year").value.central
96000.0
>>> print(report.figure("flight_value_hcl_usd").formula)  # doctest: +NORMALIZE_WHITESPACE
payload per flight × HCl price = 450 × 1,000 = 450,000 USD/flight;
low: 450 × 950 = 427,500; high: 450 × 1,100 = 495,000
>>> ec.evaluate(ec.default_scenario().override({"clans": 20})).figure(
...     "clans_hcl_kg_per_year").value.central
120000.0
"""

from __future__ import annotations

import difflib
import math
import numbers
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo_huallaga._tables import read_table
from geo_huallaga.errors import ParameterError
from geo_huallaga.i18n import N_

__all__ = [
    "ARTICLE",
    "PROPAGATION",
    "TABLE_HEADERS",
    "Figure",
    "Finding",
    "Parameter",
    "ParameterValue",
    "Range",
    "Report",
    "Scenario",
    "default_scenario",
    "evaluate",
    "format_number",
    "load_scenario",
    "parse_assignments",
]

ARTICLE = (
    "InSight Crime, \"The Evolution of the Drug Trade in Peru's Cocaine Heartland\", "
    'translating IDL-Reporteros, "The Cocaine Clans" (parts 5-7)'
)

PROPAGATION = (
    "Ranges are low/central/high. Operands are treated as independent quantities and the bounds "
    "are the extremes over every combination (interval arithmetic): for positive quantities "
    "a+b = (low+low, high+high), a-b = (low-high, high-low), a*b = (low*low, high*high), "
    "a/b = (low/high, high/low). The central value is the same operation on the centrals (the "
    "article's own scenario), not a mean; the bounds are worst cases, not a confidence interval. "
    "No figure uses a parameter twice. Nothing is rounded before printing."
)

#: Columns of :meth:`Report.table_rows`, shared by the text table and the Markdown table.
TABLE_HEADERS: tuple[str, ...] = (N_("figure"), N_("value"), N_("low – high"), N_("unit"), N_("article"))

# ---------------------------------------------------------------------------------------------
# Units: tokens separated by "*" (or "·") above the line and "/" below it, e.g. "kg/clan/month",
# "t leaf/ha/year". Multiplication and division combine and cancel them, so a figure whose
# arithmetic ends in the wrong unit fails loudly instead of printing a wrong label.
# ---------------------------------------------------------------------------------------------

_DIMENSIONLESS = frozenset({"", "1", "ratio"})


def _parse_unit(unit: str) -> dict[str, int]:
    """Powers of each unit token: ``"kg/clan/month"`` → ``{"kg": 1, "clan": -1, "month": -1}``."""
    if unit.strip() in _DIMENSIONLESS:
        return {}
    powers: dict[str, int] = {}
    for position, part in enumerate(unit.replace("·", "*").split("/")):
        for raw in part.split("*"):
            token, _, exponent = raw.strip().partition("^")
            token = token.strip()
            if token in ("", "1"):
                continue
            try:
                power = int(exponent) if exponent else 1
            except ValueError:
                raise ParameterError(f"malformed unit {unit!r}") from None
            sign = 1 if position == 0 else -1
            powers[token] = powers.get(token, 0) + sign * power
    return {token: power for token, power in powers.items() if power}


def _format_unit(powers: Mapping[str, int]) -> str:
    above = [t if p == 1 else f"{t}^{p}" for t, p in powers.items() if p > 0]
    below = [t if p == -1 else f"{t}^{-p}" for t, p in powers.items() if p < 0]
    return "/".join(["·".join(above) or "1", *below])


def _combine_units(left: str, right: str, sign: int) -> str:
    powers = _parse_unit(left)
    for token, power in _parse_unit(right).items():
        powers[token] = powers.get(token, 0) + sign * power
    return _format_unit({t: p for t, p in powers.items() if p})


def _same_unit(left: str, right: str) -> bool:
    return _parse_unit(left) == _parse_unit(right)


# ---------------------------------------------------------------------------------------------
# Numbers as people read them
# ---------------------------------------------------------------------------------------------


def format_number(value: float, *, significant: int = 4) -> str:
    """Format a number for reading: thousands separators, a few significant digits.

    Whole digits are never dropped (96,000,000 stays 96,000,000); below ``10**significant``
    the number keeps ``significant`` significant digits, without trailing zeros.

    Parameters
    ----------
    value : float
        The number.
    significant : int, optional
        Significant digits kept for numbers below ``10**significant``.

    Returns
    -------
    str
        The formatted number.

    Examples
    --------
    >>> format_number(76413.333)
    '76,413'
    >>> format_number(298.4896)
    '298.5'
    >>> format_number(0.2128268, significant=3)
    '0.213'
    >>> format_number(96_000_000.0)
    '96,000,000'
    >>> format_number(-38013.33)
    '-38,013'
    """
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, significant - 1 - magnitude)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fmt_exact(value: float) -> str:
    """Format a number for a formula: six significant digits, enough to follow the arithmetic."""
    return format_number(value, significant=6)


# ---------------------------------------------------------------------------------------------
# Range
# ---------------------------------------------------------------------------------------------

_OPS: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_Corner = tuple[int, int]  # which bound of each operand (0 low, 1 high) gave a result bound


_Binary = Callable[["Range", object], "Range"]


def _operator_pair(op: str) -> tuple[_Binary, _Binary]:
    """Build the forward and reflected methods of *op* for :class:`Range`."""

    def forward(self: Range, other: object) -> Range:
        return self._arith(op, other)

    def reflected(self: Range, other: object) -> Range:
        return self._arith(op, other, reflected=True)

    return forward, reflected


@dataclass(frozen=True)
class Range:
    """A quantity known as a low, central and high value, with its unit and source.

    Arithmetic (``+ - * /``, with another Range or a plain number) propagates the bounds as
    described in the module docstring: independent operands, worst-case bounds (for positive
    quantities ``low × low``, ``high × high``; for subtraction and division the bounds cross,
    ``low − high``, ``low ÷ high``), central from the centrals. Units combine and cancel:
    ``kg/clan/month × clan`` is ``kg/month``; adding different units is refused. A plain number
    is exact: dimensionless in ``*`` and ``/``, in the Range's own unit in ``+`` and ``-``.
    The result of arithmetic has an empty source; name it where you report it.

    Parameters
    ----------
    low, central, high : float
        Finite numbers with ``low <= central <= high``.
    unit : str, optional
        Tokens separated by ``*`` above the line and ``/`` below it, e.g. ``"USD/kg"``.
    source : str, optional
        Where the numbers come from: a quote and its document.

    Raises
    ------
    ParameterError
        A bound that is not a finite number, or bounds out of order.

    Examples
    --------
    >>> kg = Range(200, 500, 500, "kg/clan/month")
    >>> price = Range(950, 1000, 1100, "USD/kg")
    >>> kg * price
    Range(low=190000.0, central=500000.0, high=550000.0, unit='USD/clan/month', source='')
    >>> Range(10, 20, 30, "kg") - Range(1, 2, 3, "kg")  # bounds cross: 10 − 3, 30 − 1
    Range(low=7.0, central=18.0, high=29.0, unit='kg', source='')
    >>> Range(10, 20, 30) / Range(2, 4, 5)  # 10 ÷ 5, 30 ÷ 2
    Range(low=2.0, central=5.0, high=15.0, unit='1', source='')
    >>> print(Range(200, 500, 500, "kg") * 12)
    6,000 kg (2,400 – 6,000)
    >>> Range(500, 400, 200)
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: low 500 is above high 200
    """

    low: float
    central: float
    high: float
    unit: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        for name in ("low", "central", "high"):
            number = getattr(self, name)
            if isinstance(number, bool) or not isinstance(number, numbers.Real):
                raise ParameterError(f"{name} must be a number, not {number!r}")
            if not math.isfinite(number):
                raise ParameterError(f"{name} must be a finite number, not {number!r}")
            object.__setattr__(self, name, float(number))
        low, central, high = (_fmt_exact(v) for v in (self.low, self.central, self.high))
        if self.low > self.high:
            raise ParameterError(f"low {low} is above high {high}")
        if not self.low <= self.central <= self.high:
            raise ParameterError(f"central {central} is outside low {low} to high {high}")

    @classmethod
    def point(cls, value: float, unit: str = "", source: str = "") -> Range:
        """Make a range with no spread: ``low = central = high = value``.

        Examples
        --------
        >>> Range.point(16, "clan")
        Range(low=16.0, central=16.0, high=16.0, unit='clan', source='')
        """
        return cls(value, value, value, unit, source)

    @property
    def is_point(self) -> bool:
        """True when the range has no spread (``low == high``).

        Examples
        --------
        >>> Range.point(4).is_point, Range(1, 2, 3).is_point
        (True, False)
        """
        return self.low == self.high

    def to_unit(self, unit: str) -> Range:
        """Return the same range with its unit spelt as *unit*, which must be the same unit.

        Raises
        ------
        ParameterError
            *unit* is a different unit.

        Examples
        --------
        >>> (Range.point(6e6, "USD/year") / Range.point(1, "clan")).unit
        'USD/year/clan'
        >>> (Range.point(6e6, "USD/year") / Range.point(1, "clan")).to_unit("USD/clan/year").unit
        'USD/clan/year'
        >>> Range.point(1, "kg").to_unit("USD")
        Traceback (most recent call last):
        ...
        geo_huallaga.errors.ParameterError: unit kg is not USD
        """
        if not _same_unit(self.unit, unit):
            raise ParameterError(f"unit {self.unit or '1'} is not {unit or '1'}")
        return Range(self.low, self.central, self.high, unit, self.source)

    def __str__(self) -> str:
        unit = "" if self.unit == "1" else self.unit
        text = f"{format_number(self.central)} {unit}".rstrip()
        if self.is_point:
            return text
        return f"{text} ({format_number(self.low)} – {format_number(self.high)})"

    def _arith(self, op: str, other: object, *, reflected: bool = False) -> Range:
        if isinstance(other, Range):
            operand = other
        elif isinstance(other, numbers.Real) and not isinstance(other, bool):
            operand = Range.point(float(other), self.unit if op in "+-" else "")
        else:
            return NotImplemented
        left, right = (operand, self) if reflected else (self, operand)
        return _combine(op, left, right)[0]

    __add__, __radd__ = _operator_pair("+")
    __sub__, __rsub__ = _operator_pair("-")
    __mul__, __rmul__ = _operator_pair("*")
    __truediv__, __rtruediv__ = _operator_pair("/")


def _combine(op: str, left: Range, right: Range) -> tuple[Range, _Corner, _Corner]:
    """Apply *op* to two ranges; also say which bounds of the operands gave the result's bounds."""
    if op in "+-":
        if not _same_unit(left.unit, right.unit):
            verb = "add" if op == "+" else "subtract"
            raise ParameterError(f"cannot {verb} {right.unit or '1'} and {left.unit or '1'}")
        unit = left.unit
    else:
        unit = _combine_units(left.unit, right.unit, 1 if op == "*" else -1)
    if op == "/" and right.low <= 0 <= right.high:
        raise ParameterError(
            f"the divisor's range ({_fmt_exact(right.low)} to {_fmt_exact(right.high)}) "
            "includes zero"
        )
    fn = _OPS[op]
    corners = [
        (fn(a, b), (i, j))
        for i, a in enumerate((left.low, left.high))
        for j, b in enumerate((right.low, right.high))
    ]
    low = min(corners, key=lambda c: c[0])
    high = max(corners, key=lambda c: c[0])
    central = fn(left.central, right.central)
    # Rounding in the last bit must not push the central value out of its bounds.
    central = min(max(central, low[0]), high[0])
    return Range(low[0], central, high[0], unit), low[1], high[1]


# ---------------------------------------------------------------------------------------------
# Terms: a Range together with the words and numbers that produced it (private)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    value: Range
    words: str
    numbers: tuple[str, str, str]  # the arithmetic in numbers for the low, central, high value
    inputs: frozenset[str] = frozenset()
    precedence: int = 3  # 1: + −; 2: × ÷; 3: a single name

    def _apply(self, op: str, other: _Term) -> _Term:
        shared = self.inputs & other.inputs
        if shared:
            raise ParameterError(
                f"{', '.join(sorted(shared))} would enter one figure twice and count its "
                "uncertainty twice"
            )
        try:
            value, low, high = _combine(op, self.value, other.value)
        except ParameterError as exc:
            what = f"{self.words} {_SYMBOLS[op]} {other.words}"
            check = f" (check {', '.join(sorted(other.inputs))})" if other.inputs else ""
            raise ParameterError(f"cannot compute {what}: {exc}{check}") from None
        precedence = 1 if op in "+-" else 2
        wrap_left = self.precedence < precedence
        wrap_right = other.precedence < precedence or (
            other.precedence == precedence and op in "-/"
        )

        def join(left: str, right: str) -> str:
            left = f"({left})" if wrap_left else left
            right = f"({right})" if wrap_right else right
            return f"{left} {_SYMBOLS[op]} {right}"

        bound = (0, 2)  # index into ``numbers`` of an operand's low and high
        texts = (
            join(self.numbers[bound[low[0]]], other.numbers[bound[low[1]]]),
            join(self.numbers[1], other.numbers[1]),
            join(self.numbers[bound[high[0]]], other.numbers[bound[high[1]]]),
        )
        inputs = self.inputs | other.inputs
        return _Term(value, join(self.words, other.words), texts, inputs, precedence)

    def __add__(self, other: _Term) -> _Term:
        return self._apply("+", other)

    def __sub__(self, other: _Term) -> _Term:
        return self._apply("-", other)

    def __mul__(self, other: _Term) -> _Term:
        return self._apply("*", other)

    def __truediv__(self, other: _Term) -> _Term:
        return self._apply("/", other)


def _numbers(value: Range) -> tuple[str, str, str]:
    return (_fmt_exact(value.low), _fmt_exact(value.central), _fmt_exact(value.high))


def _constant(value: float, unit: str, words: str) -> _Term:
    return _Term(Range.point(value, unit, "definition"), words, _numbers(Range.point(value)))


_MONTHS_PER_YEAR = _constant(12, "month/year", "months per year")
_DAYS_PER_WEEK = _constant(7, "day/week", "days per week")
_KG_PER_T = _constant(1000, "kg leaf/t leaf", "kg per t")


# ---------------------------------------------------------------------------------------------
# Parameters and scenarios
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A named input of the economics, with the words formulas use for it.

    Every parameter is a quantity and cannot be negative. ``value`` carries the unit and the
    source (the article's quote, or the document the number comes from).

    Examples
    --------
    >>> p = default_scenario().parameter("clans")
    >>> p.name, p.label, p.value.central, p.value.unit
    ('clans', 'clans', 16.0, 'clan')
    """

    name: str
    label: str
    value: Range


def _q(text: str) -> str:
    return f'{ARTICLE}: "{text}"'


_DEFAULT_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("clans", "clans", Range.point(16, "clan", _q(
        "the 16 medium-sized to large drug trafficking organizations in the Huallaga [...] are "
        "family clans"))),
    Parameter("hcl_kg_per_clan_per_month", "kg per clan per month", Range(
        200, 500, 500, "kg/clan/month", _q(
        "Each clan processes between 200 to 500 kilos of cocaine per month. [...] Let's suppose "
        "that each of the 16 clans sells at the highest average (that is, each clan would sell "
        "500 kilos of cocaine per month)") + "; central 500 kg is the top of the range because "
        "the article's sums assume the highest average")),
    Parameter("hcl_price_usd_per_kg", "HCl price", Range(950, 1000, 1100, "USD/kg", _q(
        "cocaine hydrochloride varies from $950 to $1,100 [...] ($1,000 Huallaga price)"))),
    Parameter("paste_price_usd_per_kg", "washed-paste price", Range(600, 800, 800, "USD/kg", _q(
        "the price of a kilo of washed paste is between $600 and $800 [...] washed coca paste, "
        "which on average is worth $800 per kilo"))),
    Parameter("payload_kg_per_flight", "payload per flight", Range.point(450, "kg/flight", _q(
        "every trip made by a single-engine aircraft (the Cessna 210 and 206 [...]) can "
        "transport up to 450 kilos of drugs") + "; the article's maximum, later reporting "
        "gives about 300-350 kg a flight")),
    Parameter("airstrips", "airstrips", Range.point(4, "strip", _q(
        "if the calculation is based only on aircraft taking off from four landing strips"))),
    Parameter("flights_per_strip_per_week", "flights per strip per week",
              Range.point(1, "flight/strip/week", _q(
                  "with each one registering one flight per week"))),
    Parameter("weeks_per_year", "flight weeks per year", Range.point(48, "week/year", (
        "implied by the article: 86,400 kg / (4 strips x 1 flight a week x 450 kg) = 48 weeks; "
        "the article does not state it"))),
    Parameter("calendar_weeks_per_year", "weeks per year", Range.point(52, "week/year", (
        "calendar: 365 days / 7 = 52.14 weeks, whole weeks"))),
    Parameter("flight_interval_days_earlier", "days between flights (earlier)",
              Range.point(10, "day/flight", _q(
                  "an average of one flight every 10 days landed on clandestine airstrips"))),
    Parameter("flight_interval_days_recent", "days between flights (recent)",
              Range.point(3, "day/flight", _q(
                  "There have been cases in which flights have left every three days"))),
    Parameter("flights_per_day_peak", "flights per day (peak)", Range.point(3, "flight/day", _q(
        'there have been days in which there are "up to three flights a day"'))),
    Parameter("leaf_yield_t_per_ha", "leaf yield", Range.point(2.2, "t leaf/ha/year", _q(
        "the national production average of coca leaf per hectare is 2.2 metric tons") + " "
        "(UNODC; a yearly yield)")),
    Parameter("leaf_kg_per_kg_hcl", "leaf per kg HCl", Range.point(375, "kg leaf/kg", _q(
        "The UNODC says that in 2009, 375 kilograms of dried leaf were needed to produce a kilo "
        "of cocaine hydrochloride"))),
    Parameter("alto_huallaga_coca_ha", "Alto Huallaga coca area", Range.point(13025, "ha", _q(
        "Huallaga has 13,025 hectares of coca, which represents 21.3 percent of the the "
        "national total") + " (UNODC, Monitoreo de cultivos de coca 2010)")),
    Parameter("national_coca_ha", "national coca area", Range.point(61200, "ha", (
        "UNODC, Monitoreo de cultivos de coca 2010: Peru's national total; the article: "
        '"61,200 hectares [...] the total amount of coca now thought to be cultivated in the '
        'entire country"'))),
    Parameter("alto_huallaga_coca_ha_2005", "Alto Huallaga coca area in 2005",
              Range.point(16000, "ha", "UNODC, Peru Coca Survey 2005: Alto Huallaga, 2005")),
    Parameter("mexican_dto_income_usd_per_year", "Mexican DTOs' income",
              Range.point(6.6e9, "USD/year", _q(
                  "what the Mexican drug trafficking organizations earn, according to the most "
                  "conservative estimates of the Rand Corporation. They receive $6.6 billion a "
                  "year"))),
)

#: What a parameter may be set to: a Range, a number, ``(low, central, high)``, a mapping with
#: those keys, or text ``"N"`` / ``"LOW:CENTRAL:HIGH"``.
ParameterValue = Range | float | str | Sequence[float] | Mapping[str, float]


@dataclass(frozen=True)
class Scenario:
    """Named parameters: the article's defaults, or the defaults with some overridden.

    Build one with :func:`default_scenario`, :meth:`override` or :func:`load_scenario`.

    Examples
    --------
    >>> s = default_scenario().override({"hcl_price_usd_per_kg": "900:1000:1200"})
    >>> s.value("hcl_price_usd_per_kg")
    Range(low=900.0, central=1000.0, high=1200.0, unit='USD/kg', source='override')
    >>> s.names()[:3]
    ['clans', 'hcl_kg_per_clan_per_month', 'hcl_price_usd_per_kg']
    """

    name: str = "article"
    parameters: tuple[Parameter, ...] = _DEFAULT_PARAMETERS
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {p.name: i for i, p in enumerate(self.parameters)})

    def names(self) -> list[str]:
        """Return the parameter names, in the order they are listed.

        Examples
        --------
        >>> "weeks_per_year" in default_scenario().names()
        True
        """
        return [p.name for p in self.parameters]

    def parameter(self, name: str) -> Parameter:
        """Return the parameter called *name*.

        Raises
        ------
        ParameterError
            An unknown name; the message lists the known ones.

        Examples
        --------
        >>> default_scenario().parameter("clan")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        geo_huallaga.errors.ParameterError: unknown parameter 'clan' (did you mean 'clans'?);
        known: clans, ...
        """
        if name not in self._index:
            raise _unknown("parameter", name, self.names())
        return self.parameters[self._index[name]]

    def value(self, name: str) -> Range:
        """Return the range of the parameter called *name*.

        Examples
        --------
        >>> print(default_scenario().value("hcl_kg_per_clan_per_month"))
        500 kg/clan/month (200 – 500)
        """
        return self.parameter(name).value

    def override(
        self,
        values: Mapping[str, ParameterValue],
        *,
        source: str = "override",
        name: str | None = None,
    ) -> Scenario:
        """Return a new scenario with some parameters set to new values.

        Parameters
        ----------
        values : mapping of str to ParameterValue
            Parameter name → a :class:`Range`, a number, ``(low, central, high)``, a mapping with
            keys ``low``, ``central``, ``high``, or text ``"N"`` or ``"LOW:CENTRAL:HIGH"``.
            The unit is the parameter's; a Range in another unit is refused.
        source : str, optional
            Recorded as the new values' source (a Range keeps its own if it has one).
        name : str, optional
            The new scenario's name; by default this one's.

        Returns
        -------
        Scenario
            The new scenario; this one is unchanged.

        Raises
        ------
        ParameterError
            An unknown name, a negative quantity, bounds out of order, or a value that is not a
            number.

        Examples
        --------
        >>> s = default_scenario().override({"clans": 20, "payload_kg_per_flight": [300, 350, 450]})
        >>> s.value("clans").central, s.value("payload_kg_per_flight").low
        (20.0, 300.0)
        >>> default_scenario().override({"clans": -1})
        Traceback (most recent call last):
        ...
        geo_huallaga.errors.ParameterError: parameter 'clans' is a quantity and cannot be
        negative (low -1)
        """
        replaced = list(self.parameters)
        for key, raw in values.items():
            old = self.parameter(key)
            replaced[self._index[key]] = Parameter(old.name, old.label, _coerce(old, raw, source))
        return Scenario(self.name if name is None else name, tuple(replaced))

    def _term(self, name: str) -> _Term:
        p = self.parameter(name)
        return _Term(p.value, p.label, _numbers(p.value), frozenset({name}))


def _unknown(kind: str, name: str, known: Sequence[str]) -> ParameterError:
    """Build the error for an unknown name: a close match if any, then every known name."""
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return ParameterError(f"unknown {kind} {name!r}{hint}; known: {', '.join(known)}")


def default_scenario() -> Scenario:
    """Return the article's scenario: every parameter at the article's value and range.

    Examples
    --------
    >>> default_scenario().value("weeks_per_year").central
    48.0
    """
    return Scenario()


def _coerce(param: Parameter, raw: ParameterValue, source: str) -> Range:
    """Turn what a user gave for *param* into a checked Range in the parameter's unit."""
    unit = param.value.unit
    where = f"parameter {param.name!r}"
    try:
        if isinstance(raw, Range):
            if raw.unit and not _same_unit(raw.unit, unit):
                raise ParameterError(f"unit {raw.unit} is not {unit}")
            value = Range(raw.low, raw.central, raw.high, unit, raw.source or source)
        elif isinstance(raw, str):
            value = _parse_range_text(raw, unit, source)
        elif isinstance(raw, Mapping):
            keys = set(raw)
            if keys != {"low", "central", "high"}:
                raise ParameterError("a table needs exactly the keys low, central, high")
            value = Range(raw["low"], raw["central"], raw["high"], unit, source)
        elif isinstance(raw, Sequence):
            if len(raw) != 3:
                raise ParameterError(
                    f"give one number or three (low, central, high), not {len(raw)}"
                )
            items: Sequence[Any] = raw
            value = Range(items[0], items[1], items[2], unit, source)
        else:
            value = Range(raw, raw, raw, unit, source)
    except ParameterError as exc:
        raise ParameterError(f"{where}: {exc}") from None
    if value.low < 0:
        raise ParameterError(
            f"{where} is a quantity and cannot be negative (low {_fmt_exact(value.low)})"
        )
    return value


def _parse_range_text(text: str, unit: str, source: str) -> Range:
    parts = text.split(":")
    if len(parts) not in (1, 3):
        raise ParameterError(f"expected a number or LOW:CENTRAL:HIGH, got {text!r}")
    numbers_: list[float] = []
    for part in parts:
        part = part.strip()
        if "," in part:
            raise ParameterError(f"write numbers without thousands commas: {text!r}")
        try:
            numbers_.append(float(part))
        except ValueError:
            raise ParameterError(f"{part!r} is not a number") from None
    if len(numbers_) == 1:
        numbers_ *= 3
    return Range(numbers_[0], numbers_[1], numbers_[2], unit, source)


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """Parse ``NAME=VALUE`` texts (as given to ``--set``) into overrides for a Scenario.

    Later assignments to the same name win.

    Raises
    ------
    ParameterError
        A text without ``=`` or without a name.

    Examples
    --------
    >>> parse_assignments(["clans=20", "hcl_price_usd_per_kg = 900:1000:1200"])
    {'clans': '20', 'hcl_price_usd_per_kg': '900:1000:1200'}
    >>> parse_assignments(["clans"])
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: expected NAME=VALUE, got 'clans'
    """
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ParameterError(f"expected NAME=VALUE, got {item!r}")
        out[name.strip()] = value.strip()
    return out


def load_scenario(path: str | Path, *, base: Scenario | None = None) -> Scenario:
    r"""Read parameter values from a TOML or JSON file and apply them to *base*.

    The file holds either a table ``parameters`` (with optional ``name`` and ``description``
    beside it) or the parameters at the top level. Each value is a number, a list
    ``[low, central, high]``, a table with keys ``low``, ``central``, ``high``, or a text
    ``"LOW:CENTRAL:HIGH"``.

    Parameters
    ----------
    path : str or Path
        A ``.toml`` or ``.json`` file; it is only read.
    base : Scenario, optional
        The scenario to override; the article's by default.

    Returns
    -------
    Scenario
        Named after the file's ``name``, or the file name without its extension.

    Raises
    ------
    DataFileNotFoundError
        No such file.
    ParameterError
        Another extension, a file that does not parse, or a bad parameter or value.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d) / "low.toml"
    ...     _ = f.write_text('name = "low payload"\n[parameters]\npayload_kg_per_flight = 300\n')
    ...     s = load_scenario(f)
    >>> s.name, s.value("payload_kg_per_flight").central
    ('low payload', 300.0)
    """
    path = Path(path)
    data = read_table(path, what="scenario")
    name = path.stem
    if "parameters" in data:
        extra = sorted(set(data) - {"parameters", "name", "description"})
        if extra:
            raise ParameterError(
                f"{path}: unexpected top-level keys {', '.join(extra)} "
                "(put parameters under [parameters])"
            )
        name = str(data.get("name", name))
        data = data["parameters"]
        if not isinstance(data, dict):
            raise ParameterError(f"{path}: 'parameters' must be a table")
    scenario = default_scenario() if base is None else base
    try:
        return scenario.override(data, source=f"scenario file {path.name}", name=name)
    except ParameterError as exc:
        raise ParameterError(f"{path}: {exc}") from None


# ---------------------------------------------------------------------------------------------
# Figures and findings
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One computed figure: its range, its arithmetic and where it comes from.

    ``article_value`` is the number the article prints for it (``None`` when the article has
    none); ``inputs`` are the parameters it depends on.

    Examples
    --------
    >>> f = evaluate().figure("palcazu_hcl_kg_per_year")
    >>> f.value.central, f.article_value
    (86400.0, 86400.0)
    >>> f.inputs  # doctest: +NORMALIZE_WHITESPACE
    ('airstrips', 'flights_per_strip_per_week', 'payload_kg_per_flight',
     'weeks_per_year')
    """

    id: str
    label: str
    value: Range
    formula: str
    source: str
    inputs: tuple[str, ...]
    article_value: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the figure as a JSON-ready mapping.

        Examples
        --------
        >>> evaluate().figure("income_usd_per_clan").to_dict()["value"]
        6000000.0
        """
        return {
            "id": self.id,
            "label": self.label,
            "value": self.value.central,
            "low": self.value.low,
            "high": self.value.high,
            "unit": self.value.unit,
            "formula": self.formula,
            "source": self.source,
            "article_value": self.article_value,
            "inputs": list(self.inputs),
        }


@dataclass(frozen=True)
class Finding:
    """A place where the article's figures disagree with each other or with the arithmetic.

    Examples
    --------
    >>> f = evaluate().finding("clans_output_vs_potential")
    >>> f.figures
    ('clans_hcl_kg_per_year', 'potential_hcl_kg', 'clans_output_minus_potential_hcl_kg')
    """

    id: str
    text: str
    figures: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready mapping.

        Examples
        --------
        >>> sorted(evaluate().findings[0].to_dict())
        ['figures', 'id', 'text']
        """
        return {"id": self.id, "text": self.text, "figures": list(self.figures)}


_COMPUTED = "computed from the scenario's parameters; the article does not give it"


def _display(value: float, unit: str) -> str:
    """Format a value as the tables show it: ratios as percentages."""
    return format_number(value * 100 if unit == "ratio" else value)


def _pct(ratio: float) -> str:
    return f"{format_number(ratio * 100, significant=3)} %"


def _usd(value: float) -> str:
    if abs(value) >= 1e6:
        return f"US${format_number(value / 1e6)} million"
    return f"US${format_number(value)}"


def _kg(value: float) -> str:
    return f"{format_number(value)} kg"


def _versus(value: float, reference: float) -> str:
    """``"19,587 kg (25.6 %) above"`` style comparison of two kg figures."""
    if value == reference:
        return "equal to"
    side = "above" if value > reference else "below"
    gap = abs(value - reference)
    return f"{_kg(gap)} ({_pct(gap / reference)}) {side}"


@dataclass(frozen=True)
class Report:
    """The figures and findings of one scenario.

    Examples
    --------
    >>> r = evaluate()
    >>> [f.id for f in r.figures][:3]
    ['clans_hcl_kg_per_year', 'clans_income_usd_per_year', 'income_usd_per_clan']
    >>> r.table_rows()[0]
    ["Clans' HCl output", '96,000', '38,400 – 96,000', 'kg/year', '96,000']
    """

    scenario: Scenario
    figures: tuple[Figure, ...]
    findings: tuple[Finding, ...]

    def figure(self, figure_id: str) -> Figure:
        """Return the figure called *figure_id*; an unknown id raises ParameterError.

        Examples
        --------
        >>> evaluate().figure("potential_hcl_kg").value.unit
        'kg/year'
        """
        by_id = {f.id: f for f in self.figures}
        if figure_id not in by_id:
            raise _unknown("figure", figure_id, list(by_id))
        return by_id[figure_id]

    def finding(self, finding_id: str) -> Finding:
        """Return the finding called *finding_id*; an unknown id raises ParameterError.

        Examples
        --------
        >>> "48" in evaluate().finding("palcazu_weeks").text
        True
        """
        by_id = {f.id: f for f in self.findings}
        if finding_id not in by_id:
            raise _unknown("finding", finding_id, list(by_id))
        return by_id[finding_id]

    def to_dict(self) -> dict[str, Any]:
        """Everything as a JSON-ready mapping: scenario, propagation rules, figures, findings.

        Examples
        --------
        >>> list(evaluate().to_dict())
        ['scenario', 'propagation', 'figures', 'findings']
        """
        return {
            "scenario": {
                "name": self.scenario.name,
                "parameters": [
                    {
                        "name": p.name,
                        "label": p.label,
                        "low": p.value.low,
                        "central": p.value.central,
                        "high": p.value.high,
                        "unit": p.value.unit,
                        "source": p.value.source,
                    }
                    for p in self.scenario.parameters
                ],
            },
            "propagation": PROPAGATION,
            "figures": [f.to_dict() for f in self.figures],
            "findings": [f.to_dict() for f in self.findings],
        }

    def table_rows(self) -> list[list[str]]:
        """One row per figure under :data:`TABLE_HEADERS`, numbers formatted for reading.

        Ratios are shown as percentages (unit ``%``); ``—`` where the article has no number.

        Examples
        --------
        >>> evaluate().table_rows()[-2]
        ['Alto Huallaga share of national coca', '21.28', '', '%', '21.3']
        """
        rows = []
        for f in self.figures:
            v, unit = f.value, f.value.unit
            spread = "" if v.is_point else f"{_display(v.low, unit)} – {_display(v.high, unit)}"
            article = "—" if f.article_value is None else _display(f.article_value, unit)
            shown_unit = "%" if unit == "ratio" else unit
            rows.append([f.label, _display(v.central, unit), spread, shown_unit, article])
        return rows

    def to_markdown(self) -> str:
        """Render the figures (with their arithmetic), findings and parameters as Markdown.

        Examples
        --------
        >>> print(evaluate().to_markdown().splitlines()[2])  # doctest: +ELLIPSIS
        | Clans' HCl output | 96,000 | 38,400 – 96,000 | kg/year | 96,000 | clans × ... |
        """

        def row(cells: Sequence[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        lines = [
            row([h.capitalize() for h in (*TABLE_HEADERS, "arithmetic")]),
            "|---|---:|---:|---|---:|---|",
        ]
        for cells, f in zip(self.table_rows(), self.figures, strict=True):
            lines.append(row([*cells, f.formula]))
        lines += ["", "**Findings**", ""]
        lines += [f"- {f.text}" for f in self.findings]
        lines += [
            "",
            f"**Parameters** (scenario: {self.scenario.name})",
            "",
            row(["Parameter", "Central", "Low – high", "Unit", "Source"]),
            "|---|---:|---:|---|---|",
        ]
        for p in self.scenario.parameters:
            v = p.value
            spread = "" if v.is_point else f"{format_number(v.low)} – {format_number(v.high)}"
            lines.append(row([p.name, format_number(v.central), spread, v.unit, v.source]))
        lines += ["", f"_{PROPAGATION}_"]
        return "\n".join(lines) + "\n"


class _Builder:
    """Collects figures in order; each ``add`` returns the figure as a name for later formulas."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def add(
        self,
        figure_id: str,
        label: str,
        term: _Term,
        unit: str,
        source: str,
        article_value: float | None = None,
    ) -> _Term:
        value = term.value.to_unit(unit)
        v = value
        formula = (
            f"{term.words} = {term.numbers[1]} = {_fmt_exact(v.central)} {unit}".rstrip()
        )
        if not v.is_point:
            formula += (
                f"; low: {term.numbers[0]} = {_fmt_exact(v.low)}"
                f"; high: {term.numbers[2]} = {_fmt_exact(v.high)}"
            )
        self.figures.append(
            Figure(
                figure_id,
                label,
                Range(v.low, v.central, v.high, unit, source),
                formula,
                source,
                tuple(sorted(term.inputs)),
                None if article_value is None else float(article_value),
            )
        )
        return _Term(value, label, _numbers(value), term.inputs)


def _build_figures(s: Scenario) -> list[Figure]:
    p = s._term
    b = _Builder()

    clans_kg = b.add(
        "clans_hcl_kg_per_year", "Clans' HCl output",
        p("clans") * p("hcl_kg_per_clan_per_month") * _MONTHS_PER_YEAR, "kg/year",
        _q("in a single year the principle clans of Huallaga would have exported a "
                      "total of 96,000 kilos of cocaine"), 96_000)
    clans_usd = b.add(
        "clans_income_usd_per_year", "Clans' income",
        clans_kg * p("hcl_price_usd_per_kg"), "USD/year",
        _q("the Huallaga drug traffickers would have received $96 million per year"),
        96_000_000)
    b.add(
        "income_usd_per_clan", "Income per clan",
        p("hcl_kg_per_clan_per_month") * _MONTHS_PER_YEAR * p("hcl_price_usd_per_kg"),
        "USD/clan/year",
        _q("Each clan on average would have an income of $6 million a year")
        + "; computed per clan rather than as income ÷ clans, so the clans' count is not used "
        "twice", 6_000_000)
    b.add(
        "clans_income_share_of_mexican_dtos", "Clans' income as a share of Mexican DTOs'",
        clans_usd / p("mexican_dto_income_usd_per_year"), "ratio",
        _COMPUTED + ' (the article: "frankly peanuts")')
    b.add(
        "flight_value_hcl_usd", "Value of one flight (HCl)",
        p("payload_kg_per_flight") * p("hcl_price_usd_per_kg"), "USD/flight",
        _q("each aircraft that leaves the valley transports $450,000 dollars worth "
                      "of cargo"), 450_000)
    b.add(
        "flight_value_paste_usd", "Value of one flight (washed paste)",
        p("payload_kg_per_flight") * p("paste_price_usd_per_kg"), "USD/flight",
        _q("the value of each cargo would be $360,000"), 360_000)
    b.add(
        "palcazu_flights_per_week", "Flights a week from Palcazu",
        p("airstrips") * p("flights_per_strip_per_week"), "flight/week",
        _q("four landing strips with each one registering one flight per week"))
    palcazu_kg = b.add(
        "palcazu_hcl_kg_per_year", "Palcazu air exports",
        p("airstrips") * p("flights_per_strip_per_week") * p("payload_kg_per_flight")
        * p("weeks_per_year"), "kg/year",
        _q("this year the drug trafficking organizations have exported 86,400 kilos "
                      "of cocaine hydrochloride from Palcazu"), 86_400)
    b.add(
        "palcazu_sales_usd_per_year", "Palcazu sales",
        palcazu_kg * p("hcl_price_usd_per_kg"), "USD/year",
        _q("This means sales of up to $86.4 million"), 86_400_000)
    palcazu_52 = b.add(
        "palcazu_hcl_kg_per_year_52_weeks", "Palcazu air exports, 52-week year",
        p("airstrips") * p("flights_per_strip_per_week") * p("payload_kg_per_flight")
        * p("calendar_weeks_per_year"), "kg/year", _COMPUTED)
    b.add(
        "palcazu_sales_usd_per_year_52_weeks", "Palcazu sales, 52-week year",
        palcazu_52 * p("hcl_price_usd_per_kg"), "USD/year", _COMPUTED)
    zone = (" (the zone as a whole: the article's quote does not say per strip); "
            + _COMPUTED)
    b.add(
        "air_hcl_kg_per_year_every_10_days", "Air exports at one flight every 10 days",
        _DAYS_PER_WEEK / p("flight_interval_days_earlier") * p("payload_kg_per_flight")
        * p("weeks_per_year"), "kg/year", _q(
            "an average of one flight every 10 days landed on clandestine airstrips") + zone)
    b.add(
        "air_hcl_kg_per_year_every_3_days", "Air exports at one flight every 3 days",
        _DAYS_PER_WEEK / p("flight_interval_days_recent") * p("payload_kg_per_flight")
        * p("weeks_per_year"), "kg/year", _q(
            "There have been cases in which flights have left every three days") + zone)
    b.add(
        "air_hcl_kg_per_year_3_flights_a_day", "Air exports at 3 flights a day",
        p("flights_per_day_peak") * _DAYS_PER_WEEK * p("payload_kg_per_flight")
        * p("weeks_per_year"), "kg/year", _q(
            'there have been days in which there are "up to three flights a day"') + zone)
    leaf_t = b.add(
        "huallaga_leaf_t_per_year", "Alto Huallaga coca leaf",
        p("alto_huallaga_coca_ha") * p("leaf_yield_t_per_ha"), "t leaf/year", _COMPUTED)
    potential = b.add(
        "potential_hcl_kg", "Potential HCl from Alto Huallaga",
        p("alto_huallaga_coca_ha") * p("leaf_yield_t_per_ha") * _KG_PER_T
        / p("leaf_kg_per_kg_hcl"), "kg/year",
        "computed from the article's UNODC figures (13,025 ha, 2.2 t a hectare, 375 kg of leaf "
        "per kg); the article does not do this sum")
    b.add(
        "implied_leaf_kg_per_kg_hcl", "Leaf per kg HCl the clans' output implies",
        leaf_t * _KG_PER_T / clans_kg, "kg leaf/kg", _COMPUTED)
    b.add(
        "implied_leaf_yield_t_per_ha", "Leaf yield the clans' output implies",
        clans_kg * p("leaf_kg_per_kg_hcl") / _KG_PER_T / p("alto_huallaga_coca_ha"),
        "t leaf/ha/year", _COMPUTED)
    b.add(
        "clans_output_minus_potential_hcl_kg", "Clans' output minus potential HCl",
        clans_kg - potential, "kg/year", _COMPUTED)
    b.add(
        "palcazu_share_of_clans_output", "Palcazu exports as a share of clans' output",
        palcazu_kg / clans_kg, "ratio", _COMPUTED)
    b.add(
        "palcazu_exports_vs_potential", "Palcazu exports relative to potential HCl",
        palcazu_kg / potential, "ratio", _COMPUTED)
    b.add(
        "huallaga_share_of_national", "Alto Huallaga share of national coca",
        p("alto_huallaga_coca_ha") / p("national_coca_ha"), "ratio",
        _q("13,025 hectares of coca, which represents 21.3 percent of the the "
                      "national total"), 0.213)
    b.add(
        "alto_huallaga_area_2010_vs_2005", "Alto Huallaga coca area, 2010 relative to 2005",
        p("alto_huallaga_coca_ha") / p("alto_huallaga_coca_ha_2005"), "ratio", _COMPUTED)
    return b.figures


def _build_findings(s: Scenario, figures: Mapping[str, Figure]) -> list[Finding]:
    def c(figure_id: str) -> float:
        return figures[figure_id].value.central

    def par(name: str) -> str:
        return format_number(s.value(name).central)

    out: list[Finding] = []

    clans, potential = c("clans_hcl_kg_per_year"), c("potential_hcl_kg")
    clans_low = figures["clans_hcl_kg_per_year"].value.low
    out.append(Finding(
        "clans_output_vs_potential",
        f"The clans' output at {par('hcl_kg_per_clan_per_month')} kg a clan a month "
        f"({_kg(clans)} a year) is {_versus(clans, potential)} the potential HCl of Alto "
        f"Huallaga's coca ({_kg(potential)} a year: {par('alto_huallaga_coca_ha')} ha × "
        f"{par('leaf_yield_t_per_ha')} t of leaf ÷ {par('leaf_kg_per_kg_hcl')} kg of leaf per "
        f"kg). At {format_number(s.value('hcl_kg_per_clan_per_month').low)} kg a clan a month, "
        f"the low end of the range, the output would be {_kg(clans_low)}, "
        f"{_versus(clans_low, potential)} it.",
        ("clans_hcl_kg_per_year", "potential_hcl_kg", "clans_output_minus_potential_hcl_kg"),
    ))
    out.append(Finding(
        "implied_leaf_conversion",
        f"For Alto Huallaga's leaf to give {_kg(clans)} a year, a kg of HCl would need "
        f"{format_number(c('implied_leaf_kg_per_kg_hcl'))} kg of leaf instead of "
        f"{par('leaf_kg_per_kg_hcl')} kg, or a hectare would need to yield "
        f"{format_number(c('implied_leaf_yield_t_per_ha'))} t of leaf instead of "
        f"{par('leaf_yield_t_per_ha')} t. The article says Huallaga leaf has a higher alkaloid "
        "concentration than other regions' and gives no figure for it.",
        ("clans_hcl_kg_per_year", "implied_leaf_kg_per_kg_hcl", "implied_leaf_yield_t_per_ha"),
    ))
    weekly = c("palcazu_flights_per_week") * s.value("payload_kg_per_flight").central
    out.append(Finding(
        "palcazu_weeks",
        f"Palcazu's {_kg(c('palcazu_hcl_kg_per_year'))} a year is {par('airstrips')} strips × "
        f"{par('flights_per_strip_per_week')} flight a week × {par('payload_kg_per_flight')} kg "
        f"= {_kg(weekly)} a week for {par('weeks_per_year')} weeks; the article does not state "
        f"the weeks. A {par('calendar_weeks_per_year')}-week year gives "
        f"{_kg(c('palcazu_hcl_kg_per_year_52_weeks'))} and "
        f"{_usd(c('palcazu_sales_usd_per_year_52_weeks'))} at "
        f"{_usd(s.value('hcl_price_usd_per_kg').central)} a kg.",
        ("palcazu_hcl_kg_per_year", "palcazu_hcl_kg_per_year_52_weeks",
         "palcazu_sales_usd_per_year_52_weeks"),
    ))
    out.append(Finding(
        "palcazu_vs_huallaga_output",
        f"Palcazu's air exports ({_kg(c('palcazu_hcl_kg_per_year'))} a year) are "
        f"{_pct(c('palcazu_share_of_clans_output'))} of the Huallaga clans' output ({_kg(clans)}) "
        f"and {_pct(c('palcazu_exports_vs_potential'))} of the potential HCl of Alto Huallaga's "
        f"coca ({_kg(potential)}). The article says that a high percentage of the Huallaga "
        "clans' paste and HCl leaves by air, that Palcazu also receives drugs from the VRAE, "
        "and that a large percentage of the Huallaga drugs are destined for Peru's northern "
        "coast.",
        ("palcazu_hcl_kg_per_year", "clans_hcl_kg_per_year", "potential_hcl_kg",
         "palcazu_share_of_clans_output", "palcazu_exports_vs_potential"),
    ))
    days = _DAYS_PER_WEEK.value.central
    out.append(Finding(
        "flight_frequencies",
        f"The {_kg(c('palcazu_hcl_kg_per_year'))} assumes "
        f"{format_number(c('palcazu_flights_per_week'))} flights a week "
        f"({par('flights_per_strip_per_week')} on each of {par('airstrips')} strips). The "
        f"frequencies the article quotes are one flight every "
        f"{par('flight_interval_days_earlier')} days "
        f"({format_number(days / s.value('flight_interval_days_earlier').central)} a week: "
        f"{_kg(c('air_hcl_kg_per_year_every_10_days'))} a year), every "
        f"{par('flight_interval_days_recent')} days "
        f"({format_number(days / s.value('flight_interval_days_recent').central)} a week: "
        f"{_kg(c('air_hcl_kg_per_year_every_3_days'))}) and up to "
        f"{par('flights_per_day_peak')} a day "
        f"({format_number(days * s.value('flights_per_day_peak').central)} a week: "
        f"{_kg(c('air_hcl_kg_per_year_3_flights_a_day'))}), each at "
        f"{par('payload_kg_per_flight')} kg and {par('weeks_per_year')} weeks; the quotes do "
        "not say whether they count flights per strip or for the whole zone.",
        ("palcazu_hcl_kg_per_year", "palcazu_flights_per_week",
         "air_hcl_kg_per_year_every_10_days", "air_hcl_kg_per_year_every_3_days",
         "air_hcl_kg_per_year_3_flights_a_day"),
    ))
    paste = s.value("paste_price_usd_per_kg")
    where = (
        "the top of that range" if paste.central == paste.high
        else "the bottom of that range" if paste.central == paste.low
        else "inside that range"
    )
    midpoint = (paste.low + paste.high) / 2
    out.append(Finding(
        "paste_price_average",
        f"The article gives washed paste as {_usd(paste.low)}–{format_number(paste.high)} a kg, "
        f"and values a flight of paste at {_usd(paste.central)} a kg, which it calls the "
        f"average: {where}. At the range's midpoint, {_usd(midpoint)}, a flight of "
        f"{par('payload_kg_per_flight')} kg is worth "
        f"{_usd(midpoint * s.value('payload_kg_per_flight').central)}, against "
        f"{_usd(c('flight_value_paste_usd'))}.",
        ("flight_value_paste_usd",),
    ))
    ratio = c("alto_huallaga_area_2010_vs_2005")
    out.append(Finding(
        "area_since_2005",
        f"The article describes Alto Huallaga's {par('alto_huallaga_coca_ha')} ha as \"nearly "
        "the same as in 2000\"; no figure for 2000 is carried here to check it. UNODC's survey "
        f"gave {par('alto_huallaga_coca_ha_2005')} ha in 2005: the later area is "
        f"{_pct(ratio)} of that ({_pct(abs(1 - ratio))} "
        f"{'less' if ratio < 1 else 'more'}).",
        ("alto_huallaga_area_2010_vs_2005",),
    ))
    return out


def evaluate(scenario: Scenario | None = None) -> Report:
    """Compute every figure and finding of *scenario* (the article's by default).

    Parameters
    ----------
    scenario : Scenario, optional
        The parameters; :func:`default_scenario` when omitted.

    Returns
    -------
    Report
        Figures in a fixed order, findings, and the scenario itself.

    Raises
    ------
    ParameterError
        A divisor whose range includes zero (e.g. ``leaf_kg_per_kg_hcl`` set to 0).

    Examples
    --------
    >>> r = evaluate()
    >>> round(r.figure("potential_hcl_kg").value.central, 2)
    76413.33
    >>> print(r.figure("palcazu_sales_usd_per_year").value)
    86,400,000 USD/year (82,080,000 – 95,040,000)
    """
    scenario = default_scenario() if scenario is None else scenario
    figures = _build_figures(scenario)
    by_id = {f.id: f for f in figures}
    return Report(scenario, tuple(figures), tuple(_build_findings(scenario, by_id)))
