"""What a chart draws: a :class:`Series` resolved from the brief's claims (one party's block,
or one measure across parties), its timeline, or the chart's inline data.

Pure values: no ReportLab, no matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.dates import LabelError, TimeLabels, read_series
from briefing.model import Brief, Chart, Claims, attribution
from briefing.numbers import (
    format_date,
)


@dataclass(frozen=True)
class Series:
    """What a chart draws, resolved from claims, the timeline or inline data."""

    labels: list[str]
    values: list[float]
    qualifiers: list[str | None]
    unit: str | None
    statuses: list[str | None]
    caption: str  # our own words, plain text
    #: the high end of each value that is a range (None for a single value)
    highs: list[float | None] | None = None
    #: each value's unit, where the values do not share one
    units: list[str | None] | None = None
    #: each label's day (``date.toordinal``) when every label is a day or a month: a line
    #: chart then places its points in proportion to time, on a date axis
    days: list[int] | None = None
    #: each label's period (a quarter or a year, numbered in its unit) when every label is one:
    #: a line chart places its points in proportion to time, labelled as written
    periods: list[int] | None = None


def _claims_words(claims: Claims) -> str:
    words = attribution(claims.status, claims.source)
    overrides = [
        f"{item.label}: {attribution(item.status, claims.source)}"
        for item in claims.items
        if item.status and item.status != claims.status
    ]
    return "; ".join([words, *overrides])


def block_series(claims: Claims, source: str = "") -> Series:
    """One party's claimed figures as a series (its tiles, or its part of a chart)."""
    units = {item.unit for item in claims.items}
    ranged = any(isinstance(item.value, tuple) for item in claims.items)
    return Series(
        labels=[item.label for item in claims.items],
        values=[item.low for item in claims.items],
        qualifiers=[item.qualifier for item in claims.items],
        unit=units.pop() if len(units) == 1 else None,
        statuses=[item.status if item.status != claims.status else None for item in claims.items],
        caption=" · ".join(part for part in (_claims_words(claims), source) if part),
        highs=[item.high if isinstance(item.value, tuple) else None for item in claims.items]
        if ranged
        else None,
        units=[item.unit for item in claims.items] if len(units) > 1 else None,
    )


def measure_series(brief: Brief, chart: Chart, source: str = "") -> Series:
    """One bar (or tile) per party claiming ``chart.measure``, labelled with the party and its
    status in words; ranges keep both ends."""
    pairs = [
        (block, item)
        for block in brief.claims
        for item in block.items
        if item.measure == chart.measure
    ]
    labels: list[str] = []
    statuses: list[str | None] = []
    for block, item in pairs:
        status = item.status or block.status
        labels.append(f"{block.source} ({_STATUS_SHORT[status]})")
        statuses.append(None)
    units = {item.unit for _, item in pairs}
    words = "; ".join(
        attribution(item.status or block.status, block.source)
        + (f" (as of {format_date(item.as_of)})" if item.as_of else "")
        for block, item in pairs
    )
    ranged = any(isinstance(item.value, tuple) for _, item in pairs)
    return Series(
        labels=labels,
        values=[item.low for _, item in pairs],
        qualifiers=[item.qualifier for _, item in pairs],
        unit=units.pop() if len(units) == 1 else None,
        statuses=statuses,
        caption=" · ".join(part for part in (words, source) if part),
        highs=[item.high if isinstance(item.value, tuple) else None for _, item in pairs]
        if ranged
        else None,
    )


#: A party's status in a word or two, for a bar's label (the caption has the full words).
_STATUS_SHORT = {
    "claimed": "claimed, unverified",
    "reported": "reported, unverified",
    "disputed": "claimed, disputed",
    "corroborated": "claimed, corroborated",
    "confirmed": "confirmed",
}


def resolve(brief: Brief, chart: Chart) -> Series:
    """The labels, values and caption of a chart (validation already checked consistency)."""
    source = f"Source: {chart.source}" if chart.source else ""
    if chart.from_ == "claims" and chart.measure is not None:
        return measure_series(brief, chart, source)
    if chart.from_ == "claims" and len(brief.claims) == 1:
        return block_series(brief.claims[0], source)
    if chart.from_ == "claims" and brief.claims:
        parts = [block_series(block) for block in brief.claims]
        ranged = any(p.highs for p in parts)
        units = {u for block in brief.claims for u in (i.unit for i in block.items)}
        return Series(
            labels=[
                f"{label} ({block.source})"
                for p, block in zip(parts, brief.claims, strict=True)
                for label in p.labels
            ],
            values=[v for p in parts for v in p.values],
            qualifiers=[q for p in parts for q in p.qualifiers],
            unit=units.pop() if len(units) == 1 else None,
            statuses=[st for p in parts for st in p.statuses],
            caption=" · ".join(
                part for part in ("; ".join(p.caption for p in parts), source) if part
            ),
            highs=[h for p in parts for h in (p.highs or [None] * len(p.values))]
            if ranged
            else None,
            units=[i.unit for block in brief.claims for i in block.items]
            if len(units) > 1
            else None,
        )
    if chart.from_ == "timeline":
        events = sorted(brief.timeline or (), key=lambda e: e.date)
        return Series(
            [e.event for e in events],
            [float(e.date.toordinal()) for e in events],
            [None] * len(events),
            None,
            [None] * len(events),
            source,
        )
    data = chart.data
    assert data is not None
    count = len(data.values)
    labels = [str(label) for label in data.labels]
    times = line_times(labels, brief.date.year) if chart.type == "line" else None
    if times is not None and times.year_supplied is not None:
        note = (
            f"Dates written without a year are read as {times.year_supplied}, the year of "
            "the brief's date."
        )
        source = " · ".join(part for part in (source, note) if part)
    return Series(
        list(data.labels),
        list(data.values),
        [None] * count,
        data.unit or chart.unit,
        [None] * count,
        source,
        days=times.at if times is not None and times.kind == "days" else None,
        periods=times.at if times is not None and times.kind == "periods" else None,
    )


def line_times(labels: list[str], year: int) -> TimeLabels | None:
    """The labels of a line read as times (see :mod:`briefing.dates`), or None: categories.
    Labels that cannot be read were refused by validation; here they are None too."""
    try:
        return read_series(labels, year)
    except LabelError:
        return None
