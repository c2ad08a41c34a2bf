"""Measuring a flow without rendering it: where would platypus put these flowables?

Takes flowables and a list of frame sizes (width, height), and places the flowables in them the
way platypus frames and its document template do, step by step, so that the fit can trust it:
the space between two flowables is the larger of one's space after and the next one's space
before (platypus overlaps them), dropped at the top of a frame; keep-with-next flowables are
grouped as the template groups them, a heading keeping the first lines of its paragraph
(:class:`~briefing.layout.flow.KeepWithLead`); a KeepTogether stays, moves on or flows as its
``split`` decides; paragraphs and tables split between frames, the first part placed at once.
Returns the height used in each frame and what did not fit, per top-level flowable. It draws
nothing, so a fit search can afford one measurement per step.
"""

from __future__ import annotations

import copy
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus import Paragraph as _Paragraph

from briefing.internals.reportlab import (
    broken_lines,
    kept_flowables,
    kept_heights,
    paragraph_lines,
    set_broken_lines,
)
from briefing.layout import breaks
from briefing.layout.bidiparagraph import BidiParagraph
from briefing.layout.flow import KeepWithLead

FUZZ = 1e-6
LINE_FUZZ = 0.01  # added to a whole number of lines, so that they surely fit


class Paragraph(_Paragraph):  # type: ignore[misc]
    """A ReportLab paragraph that keeps its line breaks per width.

    The fit measures each paragraph several times at the same widths (stacked in the sidebar,
    placed in the column, again when a gap is closed, then rendered), and ReportLab breaks the
    lines afresh every time. The breaks depend on the width alone (text and style are fixed
    once made), so the result of each width is kept and put back when that width comes again.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        kept: dict[float, tuple[Any, ...]] = self.__dict__.setdefault("_by_width", {})
        found = kept.get(availWidth)
        if found is not None:
            self.width, lines, self.height, widths, self.frags = found
            set_broken_lines(self, lines, widths)
            return self.width, self.height
        self.frags = self._broken(availWidth)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if availWidth > FUZZ:  # below that ReportLab breaks nothing and keeps no lines
            lines, widths = broken_lines(self)
            kept[availWidth] = (self.width, lines, self.height, widths, self.frags)
        return size

    def _broken(self, width: float) -> list[Any]:
        """The fragments with every word too long for a line cut where it may break (after a
        ``/`` or a ``.`` of a web address: :mod:`briefing.layout.breaks`)."""
        unbroken: list[Any] = self.__dict__.setdefault("_unbroken", breaks.joined(self.frags))
        style = self.style
        full = float(width - style.leftIndent - style.rightIndent - max(style.firstLineIndent, 0))
        if full <= 0 or not breaks.too_long(unbroken, full):
            return unbroken

        def room_after(frags: list[Any]) -> float:
            if not frags:
                return full
            probe = _Paragraph("", style, bulletText=self.bulletText, frags=list(frags))
            probe.wrap(width, 1e9)
            broken = paragraph_lines(probe)
            lines = broken.lines
            if not lines:
                return full
            last = lines[-1]
            return float(last.extraSpace if broken.kind else last[0])

        return breaks.broken(unbroken, full, room_after)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:
            breaks.unspaced(getattr(part, "frags", None) or [])
        return parts

    def drawPara(self, debug: int = 0) -> Any:
        """Draw as ReportLab does, with a space after the last word of every line but the last.

        ReportLab writes no character where it breaks a line, so text extraction and screen
        readers join the last word of one line to the first of the next ("start" +
        "withdrawing"). The space is drawn after the line's last word, where nothing shows:
        lines are placed from their measured widths, so nothing moves. Justified lines, whose
        spaces are stretched, are drawn as they are.
        """
        para = paragraph_lines(self)
        lines = para.lines
        if len(lines) < 2 or self.style.alignment == TA_JUSTIFY:
            return super().drawPara(debug)
        para.lines = [*map(_with_break, lines[:-1], [para.kind] * (len(lines) - 1)), lines[-1]]
        try:
            return super().drawPara(debug)
        finally:
            para.lines = lines  # the measured lines stay as measured (and kept per width)


def _with_break(line: Any, kind: int) -> Any:
    """A copy of one line with a space after its last word (kind 0: words as text; kind 1:
    fragments, the space a copy of the last text fragment, in no link and no underline)."""
    if kind == 0:
        extra, words = line
        return (extra, [*words, ""])
    texts = [frag for frag in line.words if not hasattr(frag, "cbDefn")]
    if not texts or getattr(texts[-1], "word_break", False):
        return line  # no text, or a line that ends inside a word cut where it may break
    space = copy.copy(texts[-1])
    space.text, space.link, space.us_lines = " ", [], []
    made = copy.copy(line)
    made.words = [*line.words, space]
    return made


@dataclass
class Placement:
    """Height used per frame, and the height each top-level flowable could not place."""

    used: list[float]
    overflow: dict[int, float] = field(default_factory=dict)
    first: list[int | None] = field(default_factory=list)  # first top-level flowable per frame
    last: list[int | None] = field(default_factory=list)  # last top-level flowable per frame
    after: list[float] = field(default_factory=list)  # the space after the last one (in used)

    @property
    def fits(self) -> bool:
        return not self.overflow


def _flat(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables as a frame places them: a KeepTogether's content one by one."""
    out: list[Flowable] = []
    for f in flowables:
        out += _flat(kept_flowables(f)) if isinstance(f, KeepTogether) else [f]
    return out


def stack_height(flowables: list[Flowable], width: float) -> float:
    """Height of flowables stacked in a frame of ``width``, the last one's space after
    included. As in a platypus frame, the space between two flowables is the larger of the
    first's space after and the second's space before, not their sum."""
    total, after = 0.0, 0.0
    for i, f in enumerate(_flat(flowables)):
        total += f.wrap(width, 1e9)[1] + f.getSpaceAfter()
        total += max(f.getSpaceBefore() - after, 0.0) if i else 0.0
        after = f.getSpaceAfter()
    return total


def _keeps(f: Flowable) -> bool:
    return bool(getattr(f, "getKeepWithNext", lambda: False)())


def _containable(f: Flowable) -> bool:
    """What platypus lets into a keep-with-next group: no container (doctemplate._ktAllow
    refuses every container; KeepTogether is the only kind the story makes)."""
    return not isinstance(f, KeepTogether)


def _group_keep_with_next(flowables: list[Flowable]) -> list[tuple[int, Flowable]]:
    """Group the flowables as :meth:`BaseDocTemplate.handle_keepWithNext` does, by index."""
    queue: deque[tuple[int, Flowable]] = deque(enumerate(flowables))
    out: list[tuple[int, Flowable]] = []
    while queue:
        out.append(_next(queue, set()))
    return out


def _next(
    queue: deque[tuple[int, Flowable]], cleared: set[int], direct: set[int] | None = None
) -> tuple[int, Flowable]:
    """Take the next flowable, grouped with those kept with it (platypus's handle_keepWithNext,
    which clears the keep-with-next of all but the group's last: ``cleared``). The first part
    of a split is placed at once, never grouped (``direct``)."""
    origin, f = queue.popleft()
    if direct is not None and id(f) in direct:
        direct.discard(id(f))
        return origin, f
    group: list[Flowable] = []
    at = origin
    while _keeps(f) and _containable(f) and id(f) not in cleared:
        group.append(f)
        if not queue:
            break
        at, f = queue.popleft()
    else:
        if group and _containable(f):
            group.append(f)
        elif group:
            queue.appendleft((at, f))  # not kept with it (a container): placed after the group
    if not group:
        return origin, f
    cleared.update(id(g) for g in group[:-1])
    return origin, KeepWithLead(group)


def place(flowables: list[Flowable], frames: list[tuple[float, float]]) -> Placement:
    """Place ``flowables`` in ``frames`` (width, height); see the module docstring."""
    sizes = [*frames, (frames[-1][0], 1e9)]  # the last entry catches the overflow
    used = [0.0] * len(sizes)
    result = Placement(used=used[: len(frames)], first=[None] * len(frames))
    result.last = [None] * len(frames)
    result.after = [0.0] * len(frames)
    queue: deque[tuple[int, Flowable]] = deque(enumerate(flowables))
    cleared: set[int] = set()
    direct: set[int] = set()
    index, y, after, at_top = 0, 0.0, 0.0, True

    def put(origin: int, f: Flowable, height: float, before: float) -> None:
        nonlocal y, after, at_top
        after = f.getSpaceAfter()
        y += before + height + after
        at_top = at_top and height <= 0
        if index == len(frames):
            result.overflow[origin] = result.overflow.get(origin, 0.0) + height
        else:
            result.used[index] = y
            result.last[index] = origin
            result.after[index] = after
            if result.first[index] is None:
                result.first[index] = origin

    def next_frame() -> None:
        nonlocal index, y, after, at_top
        if index < len(frames):
            index, y, after, at_top = index + 1, 0.0, 0.0, True

    while queue:
        origin, f = _next(queue, cleared, direct)
        width, room = sizes[index]
        before = 0.0 if at_top else max(f.getSpaceBefore() - after, 0.0)
        available = room - y - before
        if isinstance(f, KeepTogether):
            following = sizes[min(index + 1, len(frames))]
            action, parts = _together(f, width, available, at_top, room, following)
            if action == "moves":  # to the next frame, its content one by one
                next_frame()
                parts = parts if available > 0 else [f]
            elif action == "fits":  # platypus places the first part at once
                direct.add(id(parts[0]))
            queue.extendleft(reversed([(origin, part) for part in parts]))
            continue
        height = f.wrap(width, max(available, 0.0))[1] if available > 0 else 1e9
        if height <= available + FUZZ:
            put(origin, f, height, before)
            continue
        split = f.split(width, available) if available > 0 else []
        if split:  # platypus places the first part at once, the rest goes back in the queue
            first = split[0]
            put(origin, first, first.wrap(width, available)[1], before)
            queue.extendleft(reversed([(origin, part) for part in split[1:]]))
        elif at_top or index == len(frames):
            # taller than an empty frame (or past the last one) and cannot split: it cannot fit
            height = f.wrap(width, max(available, 0.0))[1]
            result.overflow[origin] = result.overflow.get(origin, 0.0) + height - available
            put(origin, f, available, 0.0)
            next_frame()
        else:
            queue.appendleft((origin, f))
            next_frame()
    return result


def _together(
    f: KeepTogether,
    width: float,
    available: float,
    at_top: bool,
    room: float,
    following: tuple[float, float],
) -> tuple[str, list[Flowable]]:
    """What :meth:`KeepTogether.split` does in ``available``, as (action, flowables):
    ``fits`` (its content, placed here), ``flows`` (its content, placed one by one from
    here: it is taller than a frame) or ``moves`` (its content, placed from the next frame).
    A :class:`KeepWithLead` that would move keeps its headings and its paragraph's first
    lines here instead (``fits``)."""
    content = list(kept_flowables(f))
    if available <= 0:
        return "moves", content
    f.canv = None  # platypus measures the content as it does in a frame
    try:
        f.wrap(width, available)
    finally:
        del f.canv
    whole, first = kept_heights(f)
    too_tall = whole > available
    if not (too_tall or first > available or (too_tall and at_top)):
        return "fits", content
    if too_tall:
        moves = not (at_top and width >= following[0] and room >= following[1])
    else:
        moves = following[0] >= width and following[1] >= whole
    if not moves:
        return "flows", content
    lead = f.lead(width, available) if isinstance(f, KeepWithLead) else []
    return ("fits", lead) if lead else ("moves", content)


def group_height(flowables: list[Flowable], start: int, width: float) -> float:
    """Height at ``width`` of the flowable at ``start`` with those kept with it (a heading)."""
    _, group = _group_keep_with_next(flowables[start:])[0]
    if isinstance(group, KeepTogether):
        return stack_height(kept_flowables(group), width)
    return float(group.wrap(width, 1e9)[1])


def text_leading(flowables: list[Flowable], start: int) -> float | None:
    """The leading of the paragraph that the group at ``start`` ends with (a paragraph, or a
    heading kept with one), or None when it is not text (a box, a chart, a quote)."""
    _, group = _group_keep_with_next(flowables[start:])[0]
    last = kept_flowables(group)[-1] if isinstance(group, KeepWithLead) else group
    if not isinstance(last, _Paragraph | BidiParagraph):
        return None
    return float(last.style.leading)


def lead_height(flowables: list[Flowable], start: int, width: float) -> float:
    """The least height at ``width`` in which the flowable at ``start`` can begin: the first
    lines of a paragraph (its orphan control), a heading with the first lines of its
    paragraph (:class:`KeepWithLead`), else the whole group (a box, a chart: kept whole)."""
    _, group = _group_keep_with_next(flowables[start:])[0]
    whole = group_height(flowables, start, width)
    line = text_leading(flowables, start)
    if line is None:
        return whole
    room = line + LINE_FUZZ
    while room < whole:
        if isinstance(group, KeepWithLead):
            _, taken = group.lead_taking(width, room)
        else:
            parts: list[Flowable] = group.split(width, room)
            taken = float(parts[0].wrap(width, room)[1]) if len(parts) > 1 else 0.0
        if taken:
            return taken + LINE_FUZZ
        room += line
    return whole
