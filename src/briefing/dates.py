"""Time, written and drawn: which chart labels are dates and what day each names, and the scale
of a date axis (its ends, its ticks and their words). One place for both, below the stages:
``validate`` reports a label that cannot be read; ``charts`` places the points and ticks.

A label is a date when it is written as one of the forms below, else a category ('Aleppo',
'Q1', 'Jan', 'Week 2' stay as written):

- a day: ``2014-03-23``, ``23 Mar 2014``, ``23 March 2014``, ``March 23, 2014``, and without its
  year ``3 Mar``, ``Mar 3`` (the year is then the brief's, and the chart's caption says so);
- a month: ``Mar 2014``, ``March 2014`` (placed on its first day);
- a period: a quarter ``Q1 2014`` (or ``2014 Q1``), a year ``2014``; periods stand in proportion to
  time, each at its own place, labelled as written.

A date that cannot be (``2019-02-30``), a date that could be read two ways (``03/04/2014``),
labels written in different forms, a series that mixes dates and words, and dates out of order
are refused (:class:`LabelError`), never charted as categories.

The scale (:func:`date_scale`) runs from a tick at or before the first date to a tick at or after
the last, with the finest step (days, weeks, months, quarters, years, decades, centuries) whose
labels stand apart at the drawn length; steps are chosen from the span, never by walking its days.
Its labels name every year the axis spans: a day or month tick names its year at the first tick
and at the first tick of each year ('Sep 2014', 'Nov', '2015', 'Mar', '2016').
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_OF = {
    **{name: i + 1 for i, name in enumerate(_NAMES)},
    **{name[:3]: i + 1 for i, name in enumerate(_NAMES)},
    "sept": 9,
}
_MONTH = "(" + "|".join(sorted(_MONTH_OF, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"

#: The forms a date label is written in: (its name, pattern, groups: year, month, day, quarter).
_FORMS = (
    ("YYYY-MM-DD", r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
    ("day month year", rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}", "dmy"),
    ("day month", rf"{_DAY}\s+{_MONTH}", "dm"),
    ("month day year", rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", "mdy"),
    ("month day", rf"{_MONTH}\s+{_DAY}", "md"),
    ("month year", rf"{_MONTH},?\s+{_YEAR}", "my"),
    ("quarter year", r"Q(\d)\s*[-/]?\s*(\d{4})", "qy"),
    ("year quarter", r"(\d{4})\s*[-/]?\s*Q(\d)", "yq"),
    ("year", r"(\d{4})", "y"),
)
#: Written with slashes or dots, a date reads as day-month to some readers and month-day to others.
_AMBIGUOUS = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")


@cache
def _compiled_forms() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """:data:`_FORMS` compiled, on first use: their case-insensitive alternations of month
    names cost ~5 ms to compile, and a rebuild whose chart labels are kept reads none."""
    return tuple(
        (name, re.compile(pattern, re.IGNORECASE), groups) for name, pattern, groups in _FORMS
    )


class LabelError(ValueError):
    """A label that looks like a date but cannot be read as one (or a series of them that
    cannot be charted in time): ``index`` is the label's place in its list."""

    def __init__(self, index: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.index, self.message, self.hint = index, message, hint


@dataclass(frozen=True)
class LabelDate:
    """A label read as a date: the form it is written in ('day month year') and its parts."""

    form: str
    year: int | None  # None: written without its year
    month: int | None = None
    day: int | None = None
    quarter: int | None = None

    @property
    def precision(self) -> str:
        if self.quarter is not None:
            return "quarter"
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"


def read_label(text: str) -> LabelDate | None:
    """``text`` as a date, or None when it is not written as one. Raises :class:`LabelError`
    (index -1) for a date that cannot be or that reads two ways."""
    words = " ".join(text.split())
    if _AMBIGUOUS.fullmatch(words):
        raise LabelError(
            -1,
            f"'{words}' could be read as two different dates (day first or month first)",
            "write the date as YYYY-MM-DD, e.g. 2014-03-23",
        )
    for form, pattern, groups in _compiled_forms():
        found = pattern.fullmatch(words)
        if found is None:
            continue
        parts = dict(zip(groups, found.groups(), strict=True))
        month = parts.get("m")
        number = (
            None if month is None else int(month) if month.isdigit() else _MONTH_OF[month.lower()]
        )
        reading = LabelDate(
            form,
            int(parts["y"]) if "y" in parts else None,
            number,
            int(parts["d"]) if "d" in parts else None,
            int(parts["q"]) if "q" in parts else None,
        )
        _check(words, reading, 2000 if reading.year is None else reading.year)  # 29 Feb: later
        return reading
    return None


def _check(words: str, reading: LabelDate, year: int) -> None:
    if reading.quarter is not None and not 1 <= reading.quarter <= 4:
        raise LabelError(-1, f"'{words}' is not a quarter", "a quarter is Q1, Q2, Q3 or Q4")
    if year < 1:
        raise LabelError(-1, f"'{words}' is not a real date: there is no year 0", _REAL_HINT)
    try:
        date(year, reading.month or 1, reading.day or 1)
    except ValueError:
        raise LabelError(-1, f"'{words}' is not a real date", _REAL_HINT) from None


_REAL_HINT = "check the day and the month"


@dataclass(frozen=True)
class TimeLabels:
    """Labels read as times: days (``ordinal`` days, on a date axis) or periods (quarters or
    years, each numbered in its own unit, set as written at their places)."""

    kind: str  # "days" or "periods"
    at: list[int]
    #: the year given to dates written without one (the brief's), else None
    year_supplied: int | None = None


def read_series(labels: list[str], year: int) -> TimeLabels | None:
    """The labels of a line as times, or None when none is a date (or there is only one).

    ``year`` is the brief's, given to dates written without a year. Raises :class:`LabelError`
    at the first label that cannot be read: an impossible date, a word among dates, a date
    written in another form than the first, a date earlier than the one before it.
    """
    readings: list[LabelDate | None] = []
    for i, label in enumerate(labels):
        try:
            readings.append(read_label(label))
        except LabelError as error:
            raise LabelError(i, error.message, error.hint) from None
    first = next((r for r in readings if r is not None), None)
    if first is None or len(labels) < 2:
        return None
    shown = labels[readings.index(first)]
    for i, reading in enumerate(readings):
        if reading is None:
            raise LabelError(
                i,
                f"'{labels[i]}' is not a date, but '{shown}' is: a line over time needs a date "
                "for every point",
                f"write '{labels[i]}' as a date, as '{shown}' is written ({first.form}), or draw "
                "a bar chart",
            )
        if reading.form != first.form:
            raise LabelError(
                i,
                f"'{labels[i]}' is written {reading.form}, but '{shown}' {first.form}: the "
                "dates of one line are written one way",
                f"write every label as '{shown}' is written ({first.form})",
            )
    supplied = year if first.year is None else None
    at: list[int] = []
    for i, reading in enumerate(readings):
        assert reading is not None
        at.append(_place(labels[i], i, reading, year))
    for i in range(1, len(at)):
        if at[i] < at[i - 1]:
            missing = f", or give the year ('{labels[i - 1]} {year - 1}')" if supplied else ""
            raise LabelError(
                i,
                f"'{labels[i]}' comes before '{labels[i - 1]}', the label before it: the "
                "dates of a line are in time order",
                f"put the labels and their values in time order{missing}",
            )
    kind = "periods" if first.precision in ("quarter", "year") else "days"
    return TimeLabels(kind, at, supplied)


def _place(label: str, index: int, reading: LabelDate, year: int) -> int:
    """The day of a date or month (a month's first day), or the number of a period."""
    when = reading.year if reading.year is not None else year
    if reading.precision == "year":
        return when
    if reading.precision == "quarter":
        return when * 4 + (reading.quarter or 1) - 1
    try:
        _check(label, reading, when)
    except LabelError as error:
        hint = f"the year is the brief's ({when}); write the year if it is another"
        raise LabelError(index, f"{error.message} in {when}", hint) from None
    return date(when, reading.month or 1, reading.day or 1).toordinal()


# ----------------------------------------------------------------------------- the date scale

#: Steps of a date scale, finest first: (unit, count).
STEPS = (
    ("day", 1), ("day", 2), ("day", 7), ("day", 14), ("month", 1), ("month", 2), ("month", 3),
    ("month", 6), ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 20),
    ("year", 25), ("year", 50), ("year", 100), ("year", 200), ("year", 250), ("year", 500),
    ("year", 1000), ("year", 2000),
)  # fmt: skip
_UNIT_DAYS = {"day": 1.0, "month": 30.44, "year": 365.25}
_FIRST, _LAST = date.min.toordinal(), date.max.toordinal()
#: The fewest days a date axis spans: the data are days, its ticks never hours.
FEWEST_DAYS = 4


@dataclass(frozen=True)
class DateScale:
    """A date axis: it runs from day ``low`` to day ``high`` (ticks at both ends where the
    calendar allows), drawn from ``x0`` to ``x1``; ``ticks`` are (day, label)."""

    low: int
    high: int
    x0: float
    x1: float
    ticks: tuple[tuple[int, str], ...]
    step: tuple[str, int]

    def x(self, day: float) -> float:
        return self.x0 + (day - self.low) / max(self.high - self.low, 1) * (self.x1 - self.x0)


def year_text(year: int) -> str:
    """A year as an axis writes it: four digits, so that year 22 never reads as a day."""
    return f"{year:04d}"


def date_scale(
    first: int, last: int, length: float, measure: Callable[[str], float], room: float,
    inset: float = 0.0,
) -> DateScale:  # fmt: skip
    """The finest scale whose tick labels stand apart (``room`` times their half widths on each
    side) on an axis ``length`` points long, from a tick at or before ``first`` to one at or
    after ``last``. Each step is judged from the span first: a step that would need more ticks
    than the length can hold is never laid out."""
    if last - first < FEWEST_DAYS:
        pad = (FEWEST_DAYS - (last - first) + 1) // 2
        first, last = max(first - pad, _FIRST), min(last + pad, _LAST)
    narrowest = max(measure("0000"), 1.0) * room
    fallback: DateScale | None = None
    for unit, count in STEPS:
        if (last - first) / (_UNIT_DAYS[unit] * count) + 1 > length / narrowest + 1:
            continue  # more ticks than the length holds: never laid out
        days = scale_days(first, last, unit, count)
        if len(days) < 2:
            continue
        texts = tick_texts(days, unit)
        widths = [measure(text) for text in texts]
        x0 = max(inset, widths[0] / 2)
        x1 = length - max(inset, widths[-1] / 2)
        scale = DateScale(days[0], days[-1], x0, x1, tuple(zip(days, texts, strict=True)),
                          (unit, count))  # fmt: skip
        fallback = fallback or scale
        xs = [scale.x(day) for day in days]
        if all(
            xs[i + 1] - xs[i] >= (widths[i] + widths[i + 1]) / 2 * room
            for i in range(len(days) - 1)
        ):
            return scale
    if fallback is not None:
        return fallback  # none stands apart: the coarsest that was laid out
    return DateScale(first, last, inset, length - inset, (), ("year", 2000))


def scale_days(first: int, last: int, unit: str, count: int) -> list[int]:
    """The days of a scale's ticks, from the tick at or before ``first`` to the tick at or after
    ``last`` (within the calendar's years 1 to 9999)."""
    if unit == "day":
        low = first - (first - 1) % count
        high = last + (-(last - 1)) % count
        return list(range(max(low, _FIRST), min(high, _LAST) + 1, count))
    start, end = date.fromordinal(first), date.fromordinal(last)
    if unit == "month":
        months = []
        index = start.year * 12 + (start.month - 1) // count * count
        stop = end.year * 12 + end.month - 1
        stop = stop if end.day == 1 and (end.month - 1) % count == 0 else stop + 1
        while True:
            year, month = divmod(index, 12)
            if year > 9999:
                break
            months.append(date(year, month + 1, 1).toordinal())
            if index >= stop:
                break
            index += count
        return months
    low = start.year // count * count
    high = end.year if end == date(end.year, 1, 1) else end.year + 1
    high = -(-high // count) * count
    years = range(low, high + 1, count)
    return [date(max(y, 1), 1, 1).toordinal() for y in years if y <= 9999]


def tick_texts(days: list[int], unit: str) -> list[str]:
    """The labels of a scale's ticks, each year named: a day tick '14 Mar' ('14 Mar 2014' at the
    first tick and the first of each year), a month 'Mar' ('2015' in January, 'Sep 2014' at a
    first tick that is not January), a year '2015'."""
    out: list[str] = []
    seen: int | None = None
    for day in days:
        when = date.fromordinal(day)
        new_year = when.year != seen
        seen = when.year
        if unit == "day":
            text = f"{when.day}\xa0{SHORT[when.month - 1]}"
            out.append(f"{text}\xa0{year_text(when.year)}" if new_year else text)
        elif (unit == "month" and when.month == 1) or unit == "year":
            out.append(year_text(when.year))
        else:
            month = SHORT[when.month - 1]
            out.append(f"{month}\xa0{year_text(when.year)}" if new_year else month)
    return out
