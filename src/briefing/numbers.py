"""Numbers and dates formatted for people (shared by the text layout and the charts)."""

from __future__ import annotations

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


def format_number(value: float) -> str:
    """9000 -> '9,000'; 1200000 -> '1.2 million'; 2.5 -> '2.5'; -3 -> '−3'."""
    sign = "−" if value < 0 else ""
    magnitude = abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= size:
            scaled = magnitude / size
            text = f"{scaled:,.1f}".rstrip("0").rstrip(".") if scaled < 100 else f"{scaled:,.0f}"
            return f"{sign}{text} {word}"
    if magnitude == int(magnitude):
        return f"{sign}{int(magnitude):,}"
    text = f"{magnitude:,.3f}".rstrip("0").rstrip(".")
    return f"{sign}{text}"


def format_value(value: float | tuple[float, float]) -> str:
    """A number, or a range with an en dash: (2, 3) -> '2–3'."""
    if isinstance(value, tuple):
        return f"{format_number(value[0])}–{format_number(value[1])}"
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
