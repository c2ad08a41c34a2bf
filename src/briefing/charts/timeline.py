"""The ``timeline`` chart, drawn directly with ReportLab shapes: bold dates and real text.

Events stand on a line in proportion to time, with a date scale under it (ticks, and the labels
that fit). Events whose dots would touch share one mark that spans their dates, with one label
listing them, so that no dot is drawn on another. Each label is set on the side of the line
where it can stand nearest to it without touching another label, its stem crossing no label and
no other stem crossing it; a scale label that a stem would cross is left out (its tick stays).

:func:`timeline_layout` places everything (pure geometry, given a way to measure text);
:func:`timeline_drawing` draws it. It costs a millisecond, where matplotlib would cost its
import (half a second) on a first build.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.platypus import Flowable

from briefing.numbers import MONTHS, format_date
from briefing.theme import ChartTokens

#: The width of a text in points: (text, bold) -> width.
Measure = Callable[[str, bool], float]


@dataclass(frozen=True)
class Mark:
    """One mark on the line (an event, or events too close to part) and its label."""

    start: float  # x of its first date
    end: float  # x of its last date (the same for one date)
    lines: tuple[tuple[str, bool], ...]  # the label's lines: text, bold
    width: float  # the label's widest line
    side: float = 1.0  # +1 above the line, -1 below
    offset: float = 0.0  # from the line to the label's near edge
    left: float = 0.0  # the label's left edge
    align: str = "centre"  # its lines: centred, or flush with the stem it hangs from

    @property
    def x(self) -> float:
        """Where its stem meets the line."""
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class TimelineLayout:
    width: float
    height: float
    axis: float  # y of the line
    line: float  # a label line's height
    marks: tuple[Mark, ...]
    ticks: tuple[tuple[float, str | None], ...]  # x of each tick and its label, if it is set


def wrap_words(text: str, limit: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``limit`` points where a word allows."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


def timeline_layout(
    days: list[int], labels: list[str], width: float, font: float, tokens: ChartTokens,
    measure: Measure,
) -> TimelineLayout:  # fmt: skip
    """Where each mark, label, stem and tick of a timeline goes, and the height it takes."""
    line = font * tokens.label_leading
    inset = font * tokens.timeline_inset
    first, last = min(days), max(days)
    span = last - first

    def x_of(day: int) -> float:
        if span == 0:
            return width / 2
        return inset + (day - first) / span * (width - 2 * inset)

    marks = _marks(days, labels, x_of, width, font, tokens, measure)
    ticks = _ticks(first, last, x_of, width, font, tokens, measure)
    room = font * tokens.tick + line  # under the line: the ticks and their labels
    placed = _place(marks, width, font, tokens, line, {1.0: font * tokens.stem,
                                                      -1.0: room + font * tokens.stem})  # fmt: skip
    gap = font * tokens.timeline_gap
    crossings = [m.x for m in placed if m.side < 0]
    kept: list[tuple[float, str | None]] = []
    for x, text in ticks:
        half = measure(text, False) / 2
        crossed = any(abs(s - x) < half + gap / 2 for s in crossings)
        kept.append((x, None if crossed or not half <= x <= width - half else text))
    dot = font * tokens.dot

    def reach(side: float) -> float:
        ends = [m.offset + len(m.lines) * line for m in placed if m.side == side]
        return max(ends, default=dot)

    below = max(reach(-1.0), room if ticks else dot) + gap / 2
    above = reach(1.0) + gap / 2
    return TimelineLayout(width, below + above, below, line, tuple(placed), tuple(kept))


def _marks(
    days: list[int], labels: list[str], x_of: Callable[[int], float], width: float, font: float,
    tokens: ChartTokens, measure: Measure,
) -> list[Mark]:  # fmt: skip
    """Events grouped into marks: a new mark where the next dot would not touch the last."""
    groups: list[list[tuple[int, str]]] = []
    near = 2 * font * tokens.dot * tokens.merge
    for day, label in sorted(zip(days, labels, strict=True), key=lambda pair: pair[0]):
        if groups and x_of(day) - x_of(groups[-1][-1][0]) < near:
            groups[-1].append((day, label))
        else:
            groups.append([(day, label)])
    limit = width * tokens.timeline_label
    marks = []
    for group in groups:
        lines: list[tuple[str, bool]] = []
        for i, (day, label) in enumerate(group):
            if i == 0 or day != group[i - 1][0]:
                lines.append((format_date(date.fromordinal(day)), True))
            lines += [(text, False) for text in wrap_words(label, limit, _plain(measure))]
        widest = max(measure(text, bold) for text, bold in lines)
        marks.append(Mark(x_of(group[0][0]), x_of(group[-1][0]), tuple(lines), widest))
    return marks


def _plain(measure: Measure) -> Callable[[str], float]:
    return lambda text: measure(text, False)


def _place(
    marks: list[Mark], width: float, font: float, tokens: ChartTokens, line: float,
    base: dict[float, float],
) -> list[Mark]:  # fmt: skip
    """Each mark's label on the side, and as near the line, as it can go without touching a
    label placed before, crossing one with its stem, or being crossed by another's stem.

    A label is centred on its stem, or hangs to the left or the right of it (which lets labels
    step outwards as a staircase); a mark whose label finds no place at all joins the mark
    before it, so that the two are listed in one label.
    """
    gap = font * tokens.timeline_gap
    placed: list[Mark] = []
    waiting = list(marks)
    while waiting:
        mark = waiting.pop(0)
        after = waiting[0].x if waiting else None
        best = _best_place(mark, len(placed), placed, after, width, gap, line, base)
        if best is None:
            before = placed.pop()
            lines = before.lines + mark.lines
            widest = max(before.width, mark.width)
            waiting.insert(0, Mark(before.start, mark.end, lines, widest))
            continue
        placed.append(best)
    return placed


def _best_place(
    mark: Mark, index: int, placed: list[Mark], after: float | None, width: float, gap: float,
    line: float, base: dict[float, float],
) -> Mark | None:  # fmt: skip
    """The clear place for ``mark``'s label that keeps the chart lowest, or None; of places
    equally low, one that leaves the next mark's stem (at ``after``) free to pass."""
    room = max(width - mark.width, 0.0)
    lefts = [mark.x - mark.width / 2, mark.x - mark.width + gap / 4, mark.x - gap / 4]
    lefts = [min(max(left, 0.0), room) for left in lefts]
    height = len(mark.lines) * line

    def reach(side: float, more: float = 0.0) -> float:
        ends = [p.offset + len(p.lines) * line for p in placed if p.side == side]
        return max([base[side], more, *ends])

    best: tuple[float, bool, float, int, int, Mark] | None = None
    for rank, side in enumerate((1.0, -1.0) if index % 2 == 0 else (-1.0, 1.0)):
        mine = [p for p in placed if p.side == side]
        tries = sorted({base[side], *(p.offset + len(p.lines) * line + gap for p in mine)})
        for hang, left in enumerate(lefts):
            for offset in tries:
                box = (left - gap / 2, left + mark.width + gap / 2, offset, offset + height)
                if not any(_clash(box, mark.x, p, line, gap) for p in mine):
                    total = reach(side, offset + height) + reach(-side)  # the chart's height
                    blocks = after is not None and box[0] < after < box[1]
                    key = (round(total, 3), blocks, offset - base[side], rank, hang)
                    if best is None or key < best[:5]:
                        align = ("centre", "right", "left")[hang]
                        best = (*key, _with(mark, side, offset, left, align))
                    break
    return None if best is None else best[5]


def _with(mark: Mark, side: float, offset: float, left: float, align: str) -> Mark:
    return Mark(mark.start, mark.end, mark.lines, mark.width, side, offset, left, align)


def _clash(box: tuple[float, float, float, float], x: float, p: Mark, line: float,
           gap: float) -> bool:  # fmt: skip
    """Whether a label at ``box`` (x0, x1, near, far) with its stem at ``x`` touches label
    ``p``, crosses it with its stem, or is crossed by ``p``'s stem (all on one side)."""
    x0, x1, near, far = box
    p0, p1 = p.left - gap / 2, p.left + p.width + gap / 2
    p_far = p.offset + len(p.lines) * line
    if x0 < p1 and p0 < x1 and near < p_far + gap and p.offset < far + gap:
        return True  # label on label
    if p0 < x < p1 and p.offset < near:
        return True  # its stem runs through p
    return x0 < p.x < x1 and near < p.offset  # p's stem runs through it


#: Steps of a date scale: (unit, count), finest first.
_STEPS = (
    ("day", 1), ("day", 2), ("day", 7), ("day", 14), ("month", 1), ("month", 2), ("month", 3),
    ("month", 6), ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 20),
    ("year", 50), ("year", 100),
)  # fmt: skip


def _ticks(
    first: int, last: int, x_of: Callable[[int], float], width: float, font: float,
    tokens: ChartTokens, measure: Measure,
) -> list[tuple[float, str]]:  # fmt: skip
    """The finest date scale whose labels stand apart on the line: days ('14 Mar'), months
    ('Mar', and the year at January) or years."""
    scale = (x_of(last) - x_of(first)) / max(last - first, 1)  # points per day
    low = first - int(x_of(first) / scale) if last > first else first
    high = last + int((width - x_of(last)) / scale) if last > first else last
    for unit, count in _STEPS:
        days = _scale_days(low, high, unit, count)
        if last == first:
            days = [d for d in days if d == first]
        ticks = [(x_of(d), _tick_text(d, unit)) for d in days]
        ticks = [(x, text) for x, text in ticks if 0 <= x <= width]
        widest = max((measure(text, False) for _, text in ticks), default=0.0)
        apart = min((b[0] - a[0] for a, b in itertools.pairwise(ticks)), default=width)
        if apart >= widest * tokens.tick_room:
            return ticks
    return []


def _scale_days(low: int, high: int, unit: str, count: int) -> list[int]:
    if unit == "day":
        return [d for d in range(low, high + 1) if d % count == 1 % count]
    start, end = date.fromordinal(low), date.fromordinal(high)
    out = []
    if unit == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            day = date(year, month, 1).toordinal()
            if (month - 1) % count == 0 and low <= day <= high:
                out.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    for year in range(start.year, end.year + 1):
        day = date(year, 1, 1).toordinal()
        if year % count == 0 and low <= day <= high:
            out.append(day)
    return out


def _tick_text(day: int, unit: str) -> str:
    when = date.fromordinal(day)
    if unit == "day":
        return f"{when.day}\xa0{MONTHS[when.month - 1][:3]}"
    if unit == "month" and when.month != 1:
        return MONTHS[when.month - 1][:3]
    return str(when.year)


def timeline_drawing(spec: dict[str, Any], fonts: Any) -> Flowable:
    """The timeline drawn as ReportLab vector shapes and real text, as tall as it needs."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib.colors import HexColor

    tokens = ChartTokens(**spec["tokens"])
    font, rule = spec["font"], spec["rule"]

    def measure(text: str, bold: bool) -> float:  # as drawn: in runs of the faces that set it
        return float(fonts.width(text, font, bold))

    days = [int(v) for v in spec["values"]]
    width = spec["size"][0]
    layout = timeline_layout(days, spec["labels"], width, font, tokens, measure)
    colours = {k: HexColor(v) for k, v in spec["colours"].items()}
    axis, line = layout.axis, layout.line
    drawing = Drawing(width, layout.height)
    drawing.add(Line(0, axis, width, axis, strokeColor=colours["muted"], strokeWidth=rule * 2))
    tick = font * tokens.tick
    for x, text in layout.ticks:
        drawing.add(Line(x, axis, x, axis - tick, strokeColor=colours["muted"], strokeWidth=rule))
        if text is not None:
            y = axis - tick - line + (line - font) / 2 + font * 0.22
            drawing.add(
                String(x, y, text, fontName=fonts.regular, fontSize=font,
                       fillColor=colours["muted"], textAnchor="middle")
            )  # fmt: skip
    dot = font * tokens.dot
    gap = font * tokens.timeline_gap
    for mark in layout.marks:
        near = axis + mark.side * max(mark.offset - gap / 3, dot)
        drawing.add(
            Line(mark.x, axis, mark.x, near, strokeColor=colours["rule"], strokeWidth=rule * 1.3)
        )
        height = len(mark.lines) * line
        top = axis + mark.offset + height if mark.side > 0 else axis - mark.offset
        for i, (text, bold) in enumerate(mark.lines):
            name = font_for(text, fonts, bold)
            y = top - (i + 1) * line + (line - font) / 2 + font * 0.22
            room = mark.width - float(fonts.width(text, font, bold))
            left = mark.left + {"left": 0.0, "right": room}.get(mark.align, room / 2)
            drawing.add(String(left, y, text, fontName=name, fontSize=font,
                               fillColor=colours["ink"]))  # fmt: skip
        style = {
            "fillColor": colours["accent"],
            "strokeColor": HexColor("#ffffff"),
            "strokeWidth": rule * 1.3,
        }
        if mark.end > mark.start:  # events too close to part: one mark across their dates
            length = mark.end - mark.start + 2 * dot
            drawing.add(Rect(mark.start - dot, axis - dot, length, 2 * dot, rx=dot, ry=dot,
                             **style))  # fmt: skip
        else:
            drawing.add(Circle(mark.x, axis, dot, **style))
    drawing.initialFontName = fonts.regular
    return drawing


def font_for(text: str, fonts: Any, bold: bool) -> str:
    """The theme font for a text, or the fallback that covers all of it."""
    main: str = fonts.bold if bold else fonts.regular
    if all(fonts.covers(ch) for ch in text):
        return main
    for name in fonts.fallbacks:
        if all(fonts.font_covers(name, ch) or ch.isspace() for ch in text):
            return str(name)
    return main
