"""The ``timeline`` chart, drawn directly with ReportLab shapes: bold dates and real text, the
events' stems placed above and below the axis so that labels do not collide.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from reportlab.platypus import Flowable

from briefing.numbers import (
    format_date,
)


def timeline_wrap(width: float, events: int, font: float) -> int:
    """Characters per timeline label line: what a fair share of the width holds."""
    share = width / max(events, 1) * 1.6  # labels alternate above and below
    return max(14, min(40, int(share / (font * 0.52))))


def timeline_layout(spec: dict[str, Any]) -> tuple[list[float], float, float]:
    """Stem lengths (points, + above / - below) and the room needed above and below the axis.

    Labels alternate above and below the axis; a label that would reach a neighbour on the
    same side within a quarter of the time span is pushed further out, past that label.
    """
    days = [int(v) for v in spec["values"]]
    line = spec["font"] * 1.45  # matplotlib: size x linespacing 1.15 x ~1.2
    span = max(max(days) - min(days), 1)
    heights = [(1 + len(textwrap.wrap(label, spec["wrap"]))) * line for label in spec["labels"]]
    stems: list[float] = []
    for i, day in enumerate(days):
        sign = 1.0 if i % 2 == 0 else -1.0
        stem = line * 0.8
        for j in range(i - 1, -1, -1):
            if (stems[j] > 0) == (sign > 0) and day - days[j] < span * 0.25:
                stem = max(stem, abs(stems[j]) + heights[j] + line * 0.4)
        stems.append(sign * stem)
    above = max([s + heights[i] for i, s in enumerate(stems) if s > 0], default=line)
    below = max([-s + heights[i] for i, s in enumerate(stems) if s < 0], default=line)
    return stems, above + line * 0.3, below + line * 0.3


def timeline_drawing(spec: dict[str, Any], fonts: Any) -> Flowable:
    """The timeline drawn directly as ReportLab vector shapes and real text.

    It is only a line, dots, stems and labels: drawing it here costs a millisecond, where
    matplotlib would cost its import (half a second) on a first build.
    """
    from reportlab.graphics.shapes import Circle, Drawing, Line, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    colours = {k: HexColor(v) for k, v in spec["colours"].items()}
    width, height = spec["size"]
    font, rule = spec["font"], spec["rule"]
    days = [int(v) for v in spec["values"]]
    first, last = min(days), max(days)
    margin = max(last - first, 1) * 0.18
    stems, _, below = timeline_layout(spec)
    line = font * 1.45
    drawing = Drawing(width, height)
    drawing.add(Line(0, below, width, below, strokeColor=colours["muted"], strokeWidth=rule * 2))

    def x_of(day: int) -> float:
        return float((day - first + margin) / (last - first + 2 * margin) * width)

    for day, label, stem in zip(days, spec["labels"], stems, strict=True):
        x = x_of(day)
        drawing.add(
            Line(x, below, x, below + stem, strokeColor=colours["rule"], strokeWidth=rule * 1.3)
        )
        texts = [format_date(date.fromordinal(day)), *textwrap.wrap(label, spec["wrap"])]
        for i, text in enumerate(texts):
            name = _font_for(text, fonts, bold=i == 0)
            size = stringWidth(text, name, font)
            if stem > 0:
                y = below + stem + (len(texts) - 1 - i) * line + font * 0.35
            else:
                y = below + stem - (i + 1) * line + font * 0.35
            left = min(max(x - size / 2, 0.0), width - size)
            drawing.add(
                String(left, y, text, fontName=name, fontSize=font, fillColor=colours["ink"])
            )
        drawing.add(
            Circle(
                x,
                below,
                font * 0.36,
                fillColor=colours["accent"],
                strokeColor=HexColor("#ffffff"),
                strokeWidth=rule * 1.3,
            )
        )
    drawing.initialFontName = fonts.regular
    return drawing


def _font_for(text: str, fonts: Any, bold: bool) -> str:
    """The theme font for a text, or the fallback that covers all of it."""
    main: str = fonts.bold if bold else fonts.regular
    if all(fonts.covers(ch) for ch in text):
        return main
    for name in fonts.fallbacks:
        if all(fonts.font_covers(name, ch) or ch.isspace() for ch in text):
            return str(name)
    return main
