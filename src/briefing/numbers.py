"""Numbers and dates formatted for people (shared by the text layout and the charts)."""

from __future__ import annotations

import math
from datetime import date

QUALIFIER_SYMBOLS = {
    "more than": ">",
    "at least": "≥",
    "about": "~",
    "up to": "≤",
    "fewer than": "<",
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


#: The words for large figures, largest first: a figure of a million or more is printed as a
#: number of these with one decimal ("1.2 million"), more where a range needs them.
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))

#: The most decimals a scaled figure gets; a range whose ends differ by less is printed in
#: full ("1,000,000–1,000,001").
_MOST_SCALED_DECIMALS = 3

#: Significant digits a value below 1 keeps ("0.0004", "0.000123"): never rounded to 0.
_SMALL_DIGITS = 3


def _scale_of(magnitude: float, decimals: int) -> tuple[float, str] | None:
    """The size and word a magnitude is printed with: the largest word it reaches, or the
    next one up where rounding reaches a thousand (999,999,999 is "1 billion", never "1,000
    million"; 999,949,999 is "999.9 million")."""
    for k, (size, word) in enumerate(_SCALES):
        if magnitude >= size:
            if k > 0 and round(magnitude / size, decimals) >= 1000:
                return _SCALES[k - 1]
            return (size, word)
    return None


def _decimals(magnitude: float) -> int:
    """The decimals a number below a million keeps: 3, or 3 significant digits below 1."""
    if magnitude == 0 or magnitude >= 1:
        return 3
    return max(3, _SMALL_DIGITS - 1 - math.floor(math.log10(magnitude)))


def _fixed(magnitude: float, decimals: int) -> str:
    text = f"{magnitude:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number(value: float, scaled: int | None, plain: int | None = None) -> str:
    """``value`` with ``scaled`` decimals when it takes a magnitude word (None: print it in
    full), and ``plain`` decimals otherwise (None: as :func:`_decimals` says)."""
    sign = "−" if value < 0 else ""
    magnitude = abs(value)
    if scaled is not None:
        scale = _scale_of(magnitude, scaled)
        if scale is not None:
            size, word = scale
            return f"{sign}{_fixed(magnitude / size, scaled)} {word}"
    if magnitude == int(magnitude) and magnitude < 1e15:
        return f"{sign}{int(magnitude):,}"
    text = _fixed(magnitude, _decimals(magnitude) if plain is None else plain)
    return f"{sign}{text}" if text != "0" else "0"


def format_number(value: float) -> str:
    """9000 -> '9,000'; 1200000 -> '1.2 million'; 2.5 -> '2.5'; -3 -> '−3'; 0.0004 ->
    '0.0004' (a value below 1 keeps three significant digits, so it never prints as 0)."""
    return _number(value, 1)


def format_range(low: float, high: float) -> tuple[str, str]:
    """The two ends of a range, printed with the precision that keeps them apart: 1,200,000
    to 1,249,999 is '1.2 million' and '1.25 million', never the same figure twice."""
    scaled: int | None = 1
    while True:
        ends = (_number(low, scaled), _number(high, scaled))
        if ends[0] != ends[1] or low == high:
            return ends
        if scaled is None:
            break
        scaled = scaled + 1 if scaled < _MOST_SCALED_DECIMALS else None
    for plain in range(4, 40):  # ends below a million that round alike: more decimals
        ends = (_number(low, None, plain), _number(high, None, plain))
        if ends[0] != ends[1]:
            return ends
    return (repr(low), repr(high))


def format_value(value: float | tuple[float, float]) -> str:
    """A number, or a range with an en dash: (2, 3) -> '2–3'."""
    if isinstance(value, tuple):
        return "–".join(format_range(*value))
    return format_number(value)


def format_figure(
    value: float | tuple[float, float],
    qualifier: str | None = None,
    unit: str | None = None,
    *,
    symbol: bool = False,
) -> str:
    """A figure with its qualifier and unit: 'more than 9,000 sorties' (or '> 9,000 sorties');
    a range '2–3 months'; a percentage '3.67%' (no space before the sign)."""
    parts = []
    if qualifier:
        parts.append(QUALIFIER_SYMBOLS[qualifier] if symbol else qualifier)
    number = format_value(value)
    if unit == "%":
        number += "%"
    parts.append(number)
    if unit and unit != "%":
        parts.append(unit)
    return " ".join(parts)


def format_date(day: date) -> str:
    """2016-03-14 -> '14 March 2016'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
