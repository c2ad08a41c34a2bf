"""``figures`` charts: large-number tiles set in ReportLab (real text, no matplotlib), one per
item or per party of a measure, each with its qualifier, unit and label.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from briefing.charts.series import Series
from briefing.materials.text import literal
from briefing.model import attribution
from briefing.numbers import (
    QUALIFIER_SYMBOLS,
    format_figure,
    format_value,
)


def figure_tiles(
    ctx: Any, series: Series, claims_status: str | None, source: str | None = None
) -> Flowable:
    """Large-number tiles: '> 9,000' with the unit and the label underneath, 2-4 per row."""
    st = ctx.styles
    count = len(series.values)
    per_row = count if count <= 4 else (3 if count % 3 == 0 else 4)
    cells: list[list[Flowable]] = []
    for i, low in enumerate(series.values):
        qualifier = series.qualifiers[i]
        high = series.highs[i] if series.highs else None
        value: float | tuple[float, float] = (low, high) if high is not None else low
        number = format_value(value)
        item_unit = _unit_of(ctx, series, i)
        if item_unit == "%":
            number += "%"
        if qualifier:
            number = f"{QUALIFIER_SYMBOLS[qualifier]}\xa0{number}"
        parts = [ctx.words(literal(number, ctx.fonts), st.figure)]
        if qualifier or (item_unit and item_unit != "%"):  # '>' is easy to miss: say it
            detail = format_figure(value, qualifier, item_unit) if qualifier else item_unit
            parts.append(ctx.words(literal(detail or "", ctx.fonts), st.note))
        parts.append(ctx.para(series.labels[i], st.figure_label))
        status = series.statuses[i]
        if status and status != claims_status and source:
            words = literal(attribution(status, source), ctx.fonts)
            parts.append(ctx.words(words, st.attribution))
        cells.append(parts)
    rows = [cells[r : r + per_row] for r in range(0, count, per_row)]
    for row in rows:
        row.extend([[]] * (per_row - len(row)))
    gap = ctx.theme.spacing.block_padding
    fill = ctx.c("claims_fill") if source else ctx.c("bluf_fill")
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), gap),
        ("RIGHTPADDING", (0, 0), (-1, -1), gap),
        ("TOPPADDING", (0, 0), (-1, -1), gap * ctx.theme.charts.tile_top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), gap * ctx.theme.charts.tile_bottom),
        ("LINEBEFORE", (1, 0), (-1, -1), ctx.theme.spacing.rule, ctx.c("rule")),
    ]
    if not source:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    if len(rows) > 1:
        commands.append(("LINEABOVE", (0, 1), (-1, -1), ctx.theme.spacing.rule, ctx.c("rule")))
    width = f"{100 / per_row:.4f}%"
    return ctx.table(rows, [width] * per_row, commands)


def _unit_of(ctx: Any, series: Series, index: int) -> str | None:
    if series.units is not None:
        return series.units[index]
    return series.unit
