"""Alternative text: what a chart shows, in words, for readers who cannot see it.

Takes a brief and one of its charts (or one party's claims, drawn as tiles); returns its title
and every value it draws as a sentence ("What the Ministry of Defence claims: Sorties flown,
more than 9,000 sorties; ..."). Plain text, built from the same :class:`Series` the chart is
drawn from (no matplotlib involved).
"""

from __future__ import annotations

from datetime import date

from briefing.charts.series import Series, block_series, resolve
from briefing.materials.text import plain
from briefing.model import Brief, Chart, Claims
from briefing.numbers import format_date, format_figure


def _values(series: Series, timeline: bool) -> list[str]:
    items: list[str] = []
    for i, (label, value) in enumerate(zip(series.labels, series.values, strict=True)):
        if timeline:
            items.append(f"{format_date(date.fromordinal(int(value)))}, {plain(label)}")
            continue
        unit = series.units[i] if series.units else series.unit
        high = series.highs[i] if series.highs else None
        figure: float | tuple[float, float] = value if high is None else (value, high)
        named = plain(label)
        if series.days:  # a day written without its year is said with the year it was read as
            when = date.fromordinal(series.days[i])
            named = named if str(when.year) in named else f"{named} ({format_date(when)})"
        items.append(f"{named}, {format_figure(figure, series.qualifiers[i], unit)}")
    return items


def describe_chart(brief: Brief, chart: Chart) -> str:
    """The chart's title (or its kind) and its values in words."""
    items = _values(resolve(brief, chart), chart.type == "timeline")
    kind = {"figures": "Figures", "timeline": "Timeline"}.get(chart.type, f"{chart.type} chart")
    title = plain(chart.title) if chart.title else kind
    return f"{title}: {'; '.join(items)}."


def describe_claims(claims: Claims, title: str | None = None) -> str:
    """One party's claimed figures (drawn as tiles in its claims block) in words, under the
    tiles chart's ``title`` when it has one of its own, else the block's."""
    heading = plain(title or claims.title)
    return f"{heading}: {'; '.join(_values(block_series(claims), False))}."
