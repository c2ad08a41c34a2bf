"""Measuring a flow without rendering it: where would platypus put these flowables?

Takes flowables and a list of frame sizes (width, height), and places the flowables in them the
way platypus frames do (space before dropped at the top of a frame, paragraphs and tables split
between frames, KeepTogether and keep-with-next groups moved whole when they fit an empty
frame). Returns the height used in each frame and what did not fit, per top-level flowable.
It draws nothing, so a fit search can afford one measurement per step.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus import Paragraph as _Paragraph

FUZZ = 1e-6


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
            self.width, self.blPara, self.height, self._wrapWidths = found
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if availWidth > FUZZ:  # below that ReportLab breaks nothing and keeps no lines
            kept[availWidth] = (self.width, self.blPara, self.height, self._wrapWidths)
        return size


@dataclass
class Placement:
    """Height used per frame, and the height each top-level flowable could not place."""

    used: list[float]
    overflow: dict[int, float] = field(default_factory=dict)
    first: list[int | None] = field(default_factory=list)  # first top-level flowable per frame

    @property
    def fits(self) -> bool:
        return not self.overflow


def stack_height(flowables: list[Flowable], width: float) -> float:
    """Height of flowables stacked in a frame of ``width`` (space before/after included)."""
    total = 0.0
    for i, f in enumerate(flowables):
        if isinstance(f, KeepTogether):
            h = stack_height(f._content, width)
        else:
            h = f.wrap(width, 1e9)[1]
        total += h + (f.getSpaceBefore() if i else 0.0) + f.getSpaceAfter()
    return total


def _group_keep_with_next(flowables: list[Flowable]) -> list[tuple[int, Flowable]]:
    """Pair each keep-with-next flowable (a heading) with what follows, as platypus does."""
    out: list[tuple[int, Flowable]] = []
    pending: list[Flowable] = []
    start = 0
    for i, f in enumerate(flowables):
        if not pending:
            start = i
        pending.append(f)
        keep = bool(getattr(f, "getKeepWithNext", lambda: False)())
        if keep and i < len(flowables) - 1:
            continue
        out.append((start, pending[0] if len(pending) == 1 else KeepTogether(pending)))
        pending = []
    return out


def place(flowables: list[Flowable], frames: list[tuple[float, float]]) -> Placement:
    """Place ``flowables`` in ``frames`` (width, height); see the module docstring."""
    sizes = [*frames, (frames[-1][0], 1e9)]  # the last entry catches the overflow
    used = [0.0] * len(sizes)
    result = Placement(used=used[: len(frames)], first=[None] * len(frames))
    queue = deque(_group_keep_with_next(flowables))
    index, y, at_top = 0, 0.0, True

    def put(origin: int, height: float) -> None:
        nonlocal y, at_top
        y += height
        at_top = False
        if index == len(frames):
            result.overflow[origin] = result.overflow.get(origin, 0.0) + height
        else:
            result.used[index] = y
            if result.first[index] is None:
                result.first[index] = origin

    while queue:
        origin, f = queue.popleft()
        width, room = sizes[index]
        before = 0.0 if at_top else f.getSpaceBefore()
        available = room - y - before
        if isinstance(f, KeepTogether):
            height = stack_height(f._content, width)
            if height <= available + FUZZ:
                put(origin, before + height + f.getSpaceAfter())
                continue
            if at_top:  # taller than an empty frame: its parts flow on their own
                queue.extendleft(reversed([(origin, part) for part in f._content]))
                continue
            queue.appendleft((origin, f))
        else:
            height = f.wrap(width, max(available, 0.0))[1]
            if height <= available + FUZZ:
                put(origin, before + height + f.getSpaceAfter())
                continue
            parts = f.split(width, available) if available > 0 else []
            if len(parts) > 1:
                put(origin, before + parts[0].wrap(width, available)[1])
                queue.extendleft(reversed([(origin, part) for part in parts[1:]]))
            elif at_top:  # taller than an empty frame and cannot split: it cannot fit
                result.overflow[origin] = result.overflow.get(origin, 0.0) + height - available
                put(origin, available)
                continue
            else:
                queue.appendleft((origin, f))
        if index < len(frames):
            index, y, at_top = index + 1, 0.0, True
    return result


def group_height(flowables: list[Flowable], start: int, width: float) -> float:
    """Height at ``width`` of the flowable at ``start`` with those kept with it (a heading)."""
    _, group = _group_keep_with_next(flowables[start:])[0]
    if isinstance(group, KeepTogether):
        return stack_height(group._content, width)
    return float(group.wrap(width, 1e9)[1])
