"""Alternative text: what a chart shows, in words, for readers who cannot see it.

Takes a brief and one of its charts; returns its title and every value it draws as a sentence
("What the Ministry of Defence claims: Sorties flown, more than 9,000 sorties; ...").
Plain text, built from the same data the chart is drawn from (no matplotlib involved).
"""

from __future__ import annotations

from datetime import date

from briefing.model import Brief, Chart
from briefing.numbers import format_date, format_figure
from briefing.text import plain


def describe_chart(brief: Brief, chart: Chart) -> str:
    """The chart's title (or its kind) and its values in words."""
    from briefing.plots import resolve  # plots imports matplotlib only when it draws

    series = resolve(brief, chart)
    claims = brief.claims if chart.from_ == "claims" else None
    items: list[str] = []
    for i, (label, value) in enumerate(zip(series.labels, series.values, strict=True)):
        if chart.type == "timeline":
            items.append(f"{format_date(date.fromordinal(int(value)))}, {plain(label)}")
            continue
        unit = series.unit
        if unit is None and claims is not None and i < len(claims.items):
            unit = claims.items[i].unit
        items.append(f"{plain(label)}, {format_figure(value, series.qualifiers[i], unit)}")
    kind = {"figures": "Figures", "timeline": "Timeline"}.get(chart.type, f"{chart.type} chart")
    title = plain(chart.title) if chart.title else kind
    return f"{title}: {'; '.join(items)}."
