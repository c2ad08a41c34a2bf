"""The ``timeline`` chart, drawn directly with ReportLab shapes: bold dates and real text.

Events stand on a line in proportion to time, with a date scale under it (:mod:`briefing.dates`:
ticks from a tick before the first event to one after the last, each year named). Events whose
dots would touch share one mark that spans their dates, with one label that says how many events
it marks and lists each with its date, so that no dot is drawn on another. A mark whose label
finds no place shares the label of the mark before it, keeping its own dot and stem. Each label
is set on the side of the line where it can stand nearest to it without touching another
label, its stem crossing no label and no other stem crossing it; a scale label that a stem
would cross is left out (its tick stays), unless it is the only one left to name its year: then
it is drawn over the stem, on a white ground.

Why one module: placing the labels, the stems and the scale's labels is one search whose parts
each constrain the others; split, each part would need the others' state.

:func:`timeline_layout` places everything (pure geometry, given a way to measure text);
:func:`timeline_drawing` draws it. It costs a millisecond, where matplotlib would cost its
import (half a second) on a first build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.platypus import Flowable

from briefing.dates import date_scale, year_text
from briefing.numbers import format_date
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
    events: int = 1  # how many events it marks (more than one: its first line says how many)
    #: its dots, each (start, end): one dot, or a run of dots too close to part; none: one
    #: run from ``start`` to ``end``. A label that lists events far apart has a dot and a stem
    #: at each, so that no event leaves its date.
    runs: tuple[tuple[float, float], ...] = ()

    @property
    def x(self) -> float:
        """The middle of its span (where its one stem meets the line)."""
        return (self.start + self.end) / 2

    @property
    def dots(self) -> tuple[tuple[float, float], ...]:
        return self.runs or ((self.start, self.end),)

    @property
    def stems(self) -> tuple[float, ...]:
        """Where its stems meet the line: one at each of its dots (or runs of dots)."""
        return tuple((a + b) / 2 for a, b in self.dots)


@dataclass(frozen=True)
class TimelineLayout:
    width: float
    height: float
    axis: float  # y of the line
    line: float  # a label line's height
    marks: tuple[Mark, ...]
    ticks: tuple[tuple[float, str | None], ...]  # x of each tick and its label, if it is set
    #: ticks whose label is the only one left to name its year although a stem crosses it: drawn
    #: last, on a white ground that interrupts the stem, so that every year spanned is named
    forced: tuple[int, ...] = ()


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
    scale = date_scale(min(days), max(days), width, _plain(measure), tokens.tick_room, inset)
    x_of = scale.x
    ticks = [(scale.x(day), text) for day, text in scale.ticks]
    marks = _marks(days, labels, x_of, width, font, tokens, measure)
    room = font * tokens.tick + line  # under the line: the ticks and their labels
    base = {1.0: font * tokens.stem, -1.0: room + font * tokens.stem}
    gap = font * tokens.timeline_gap
    shield = tuple(
        (x - measure(text, False) / 2 - gap / 2, x + measure(text, False) / 2 + gap / 2)
        for x, text in ticks
        if any(part.isdigit() and len(part) == 4 for part in text.split("\xa0"))
    )  # the scale labels that name a year: stems below the line keep clear of them
    placed = _place(marks, width, font, tokens, line, base, measure, shield)
    gap = font * tokens.timeline_gap
    crossings = [x for m in placed if m.side < 0 for x in m.stems]

    def clear(x: float, text: str) -> bool:
        half = measure(text, False) / 2
        crossed = any(abs(s - x) < half + gap / 2 for s in crossings)
        return not crossed and half - 0.01 <= x <= width - half + 0.01

    kept = [(x, text if clear(x, text) else None) for x, text in ticks]
    kept = _years_kept(kept, scale.ticks, clear, _plain(measure), tokens.tick_room)
    kept, forced = _years_forced(kept, scale.ticks, _plain(measure), tokens.tick_room)
    dot = font * tokens.dot

    def reach(side: float) -> float:
        ends = [m.offset + len(m.lines) * line for m in placed if m.side == side]
        return max(ends, default=dot)

    below = max(reach(-1.0), room if ticks else dot) + gap / 2
    above = reach(1.0) + gap / 2
    return TimelineLayout(
        width, below + above, below, line, tuple(placed), tuple(kept), tuple(forced)
    )


def _named_years(
    ticks: tuple[tuple[int, str], ...], out: list[tuple[float, str | None]]
) -> set[int]:
    return {
        date.fromordinal(day).year
        for (day, _), (_, text) in zip(ticks, out, strict=True)
        if text is not None and any(p.isdigit() and len(p) == 4 for p in text.split("\xa0"))
    }


def _years_forced(
    kept: list[tuple[float, str | None]], ticks: tuple[tuple[int, str], ...],
    measure: Callable[[str], float], room: float,
) -> tuple[list[tuple[float, str | None]], list[int]]:  # fmt: skip
    """Every year the axis's ticks span named at least once: a year whose labels stems hid,
    and that no other label could take (:func:`_years_kept`), is named at its first tick all
    the same, the label drawn over the stem (see ``TimelineLayout.forced``), and a label beside
    it that would touch it is left out."""
    out = list(kept)
    forced: list[int] = []
    named = _named_years(ticks, out)
    for i, (day, text) in enumerate(ticks):
        year = date.fromordinal(day).year
        if year in named or not any(c.isdigit() for c in text):
            continue
        label = text if year_text(year) in text.split("\xa0") else f"{text}\xa0{year_text(year)}"
        x = out[i][0]
        out[i] = (x, label)
        half = measure(label) / 2
        for k, (bx, b) in enumerate(out):
            if k != i and b is not None and abs(bx - x) < (half + measure(b) / 2) * room:
                out[k] = (bx, None)  # a neighbour it would touch gives way
        forced.append(i)
        named.add(year)
    return out, forced


def _years_kept(
    kept: list[tuple[float, str | None]], ticks: tuple[tuple[int, str], ...],
    clear: Callable[[float, str], bool], measure: Callable[[str], float], room: float,
) -> list[tuple[float, str | None]]:  # fmt: skip
    """The scale's labels with each year still named where a stem hid the label that named it:
    the next label of that year that is set takes the year ('Mar' becomes 'Mar 2015'), where
    it stays clear of stems and of the labels beside it."""
    out = list(kept)
    named = {date.fromordinal(day).year for (day, _), (_, text) in zip(ticks, out, strict=True)
             if text is not None and any(part.isdigit() and len(part) == 4
                                         for part in text.split("\xa0"))}  # fmt: skip
    for i, (day, text) in enumerate(ticks):
        year = date.fromordinal(day).year
        if out[i][1] is not None or year in named or not any(c.isdigit() for c in text):
            continue
        for j in range(i + 1, len(ticks)):
            x, shown = out[j]
            if date.fromordinal(ticks[j][0]).year != year:
                break
            if shown is None:
                continue
            longer = f"{shown}\xa0{year_text(year)}"
            width = measure(longer)
            beside = [(bx, b) for k, (bx, b) in enumerate(out) if b is not None and k != j]
            apart = all(abs(bx - x) >= (width + measure(b)) / 2 * room for bx, b in beside)
            if clear(x, longer) and apart:
                out[j] = (x, longer)
                named.add(year)
            break
    return out


def _marks(
    days: list[int], labels: list[str], x_of: Callable[[float], float], width: float, font: float,
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
        marks.append(_mark(x_of(group[0][0]), x_of(group[-1][0]), lines, len(group), measure))
    return marks


def _mark(start: float, end: float, lines: list[tuple[str, bool]], events: int,
          measure: Measure, runs: tuple[tuple[float, float], ...] = ()) -> Mark:  # fmt: skip
    """A mark of ``events`` events whose label is ``lines`` (each date in bold, then its
    event); a mark of several says first how many it marks. A label over several ``runs``
    of dots is at least as wide as they are apart, so that each stem falls under it."""
    if events > 1:
        lines = [(f"{events} events", False), *lines]
    widest = max(measure(text, bold) for text, bold in lines)
    stems = [(a + b) / 2 for a, b in runs]
    span = stems[-1] - stems[0] + 2 if len(stems) > 1 else 0.0
    return Mark(start, end, tuple(lines), max(widest, span), events=events, runs=runs)


def _entries(mark: Mark) -> tuple[tuple[str, bool], ...]:
    """A mark's dates and events, without the line that counts them."""
    return mark.lines[1:] if mark.events > 1 else mark.lines


def _plain(measure: Measure) -> Callable[[str], float]:
    return lambda text: measure(text, False)


def _place(
    marks: list[Mark], width: float, font: float, tokens: ChartTokens, line: float,
    base: dict[float, float], measure: Measure, shield: tuple[tuple[float, float], ...] = (),
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
        best = _best_place(mark, len(placed), placed, after, width, gap, line, base, shield)
        if best is None:
            # no place: one label lists the two, each keeping its own dot and stem
            before = placed.pop()
            lines = [*_entries(before), *_entries(mark)]
            events = before.events + mark.events
            runs = before.dots + mark.dots
            waiting.insert(0, _mark(before.start, mark.end, lines, events, measure, runs))
            continue
        placed.append(best)
    return placed


def _best_place(
    mark: Mark, index: int, placed: list[Mark], after: float | None, width: float, gap: float,
    line: float, base: dict[float, float], shield: tuple[tuple[float, float], ...] = (),
) -> Mark | None:  # fmt: skip
    """The clear place for ``mark``'s label that keeps the chart lowest, or None; of places
    equally low, one that leaves the next mark's stem (at ``after``) free to pass. A place
    below the line whose stem would hide a scale label naming a year (``shield``: their
    extents) is taken only where no other is clear."""
    room = max(width - mark.width, 0.0)
    lefts = [mark.x - mark.width / 2, mark.x - mark.width + gap / 4, mark.x - gap / 4]
    lefts = [min(max(left, 0.0), room) for left in lefts[: 1 if len(mark.dots) > 1 else 3]]
    height = len(mark.lines) * line

    def reach(side: float, more: float = 0.0) -> float:
        ends = [p.offset + len(p.lines) * line for p in placed if p.side == side]
        return max([base[side], more, *ends])

    best: tuple[bool, float, bool, float, int, int, Mark] | None = None
    for rank, side in enumerate((1.0, -1.0) if index % 2 == 0 else (-1.0, 1.0)):
        hides = side < 0 and any(a < x < b for a, b in shield for x in mark.stems)
        mine = [p for p in placed if p.side == side]
        tries = sorted({base[side], *(p.offset + len(p.lines) * line + gap for p in mine)})
        for hang, left in enumerate(lefts):
            for offset in tries:
                box = (left - gap / 2, left + mark.width + gap / 2, offset, offset + height)
                if not any(_clash(box, mark.stems, p, line, gap) for p in mine):
                    total = reach(side, offset + height) + reach(-side)  # the chart's height
                    blocks = after is not None and box[0] < after < box[1]
                    # the next stem would find no side free: it would have to join this mark
                    traps = blocks and any(
                        p.left - gap / 2 < after < p.left + p.width + gap / 2  # type: ignore[operator]
                        for p in placed
                        if p.side == -side
                    )
                    key = (traps or hides, round(total, 3), blocks, offset - base[side], rank,
                           hang)  # fmt: skip
                    if best is None or key < best[:6]:
                        align = ("centre", "right", "left")[hang]
                        best = (*key, _with(mark, side, offset, left, align))
                    break
    return None if best is None else best[6]


def _with(mark: Mark, side: float, offset: float, left: float, align: str) -> Mark:
    return Mark(mark.start, mark.end, mark.lines, mark.width, side, offset, left, align,
                mark.events, mark.runs)  # fmt: skip


def _clash(box: tuple[float, float, float, float], stems: tuple[float, ...], p: Mark,
           line: float, gap: float) -> bool:  # fmt: skip
    """Whether a label at ``box`` (x0, x1, near, far) with its stems at ``stems`` touches label
    ``p``, crosses it with a stem, or is crossed by one of ``p``'s stems (all on one side)."""
    x0, x1, near, far = box
    p0, p1 = p.left - gap / 2, p.left + p.width + gap / 2
    p_far = p.offset + len(p.lines) * line
    if x0 < p1 and p0 < x1 and near < p_far + gap and p.offset < far + gap:
        return True  # label on label
    if p.offset < near and any(p0 < x < p1 for x in stems):
        return True  # its stem runs through p
    return near < p.offset and any(x0 < x < x1 for x in p.stems)  # p's stem runs through it


def timeline_drawing(spec: dict[str, Any], fonts: Any) -> Flowable:
    """The timeline drawn as ReportLab vector shapes and real text, as tall as it needs."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib.colors import HexColor

    # the values of the theme's validated ChartTokens (plots._drawing): not validated again,
    # which would build the model's validator on a rebuild that otherwise builds none
    tokens = ChartTokens.model_construct(**spec["tokens"])
    font, rule = spec["font"], spec["rule"]

    def measure(text: str, bold: bool) -> float:  # as drawn: in runs of the faces that set it
        return float(fonts.width(text, font, bold))

    days = [int(v) for v in spec["values"]]
    width = spec["size"][0]
    layout = timeline_layout(days, spec["labels"], width, font, tokens, measure)
    colours = {k: HexColor(v) for k, v in spec["colours"].items()}
    axis, line = layout.axis, layout.line
    drawing = Drawing(width, layout.height)
    drawing.add(
        Line(
            0,
            axis,
            width,
            axis,
            strokeColor=colours["muted"],
            strokeWidth=rule * tokens.timeline_axis,
        )
    )
    tick = font * tokens.tick
    label_y = axis - tick - line + (line - font) / 2 + font * tokens.timeline_baseline
    for i, (x, text) in enumerate(layout.ticks):
        drawing.add(Line(x, axis, x, axis - tick, strokeColor=colours["muted"], strokeWidth=rule))
        if text is not None and i not in layout.forced:
            drawing.add(
                String(x, label_y, text, fontName=fonts.regular, fontSize=font,
                       fillColor=colours["muted"], textAnchor="middle")
            )  # fmt: skip
    dot = font * tokens.dot
    gap = font * tokens.timeline_gap
    for mark in layout.marks:
        near = axis + mark.side * max(mark.offset - gap / 3, dot)
        for x in mark.stems:
            drawing.add(
                Line(
                    x,
                    axis,
                    x,
                    near,
                    strokeColor=colours["rule"],
                    strokeWidth=rule * tokens.timeline_stem,
                )
            )
        height = len(mark.lines) * line
        top = axis + mark.offset + height if mark.side > 0 else axis - mark.offset
        for i, (text, bold) in enumerate(mark.lines):
            name = font_for(text, fonts, bold)
            y = top - (i + 1) * line + (line - font) / 2 + font * tokens.timeline_baseline
            room = mark.width - float(fonts.width(text, font, bold))
            left = mark.left + {"left": 0.0, "right": room}.get(mark.align, room / 2)
            drawing.add(String(left, y, text, fontName=name, fontSize=font,
                               fillColor=colours["ink"]))  # fmt: skip
        style = {
            "fillColor": colours["accent"],
            "strokeColor": HexColor("#ffffff"),
            "strokeWidth": rule * tokens.timeline_stem,
        }
        for start, end in mark.dots:
            if end > start:  # events too close to part: one mark across their dates
                drawing.add(Rect(start - dot, axis - dot, end - start + 2 * dot, 2 * dot, rx=dot,
                                 ry=dot, **style))  # fmt: skip
            else:
                drawing.add(Circle(start, axis, dot, **style))
    for i in layout.forced:  # a year's only label, over the stem that crosses it
        x, text = layout.ticks[i]
        if text is None:
            continue
        half = float(fonts.width(text, font, False)) / 2 + font * 0.2
        drawing.add(Rect(x - half, label_y - font * 0.25, 2 * half, font * 1.2,
                         fillColor=HexColor("#ffffff"), strokeColor=None))  # fmt: skip
        drawing.add(
            String(x, label_y, text, fontName=fonts.regular, fontSize=font,
                   fillColor=colours["muted"], textAnchor="middle")
        )  # fmt: skip
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
