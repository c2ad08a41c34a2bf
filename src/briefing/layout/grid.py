"""The grid: every box spans the column it is placed in, whichever column that is.

A box (bottom line, claims, analysis, a quote, a table) is a platypus ``Table`` whose columns
are given in shares of the frame ("100%", "62%", or ``None`` for a share worked out from the
cells). platypus turns those shares into points at the first ``wrap`` and keeps them: a box
measured beside the sidebar and then placed in the full width below it stayed as narrow as the
column beside the sidebar, centred, and a table nested in it computed its row heights at one
width and drew its cells at another (a note ran through the rule between two figure tiles).

:class:`GridTable` works its column widths out again whenever it is wrapped at another width,
and the parts of a split table keep the shares, not the points of the frame they were split in.

A box that stays whole (its rows kept together) and does not fit the rest of a page moves to the
next page. When that would leave more white at the page's foot than the theme allows, the box
splits there instead, anywhere between its rows or inside them, its label repeated at the top
of the next page (:meth:`GridTable.loosen`). Only at a page's foot: a frame that ends a page
says so (``ends_page``, set by the render), so a box never splits beside the sidebar.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

from briefing.internals.reportlab import (
    PreliminaryWidths,
    column_minimum,
    column_widths,
    free_row_heights,
    placing_frame,
    row_count,
    row_heights,
    set_column_widths,
    set_placing_frame,
)

MOVED = type(FrameBreak())  # what a split puts first to move its content on


#: The narrowest a column sized from its cells is made (pt): its padding and about two letters.
NARROWEST = 18.0


class GridTable(PreliminaryWidths):
    """A Table whose widths follow the frame it is wrapped in (see the module docstring)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._widths_for(availWidth)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size

    def loosen(
        self, data: list[list[Any]], commands: list[tuple[Any, ...]], label: int, hole: float
    ) -> None:
        """Split this box as the table of ``data`` styled by ``commands`` (no rows kept
        together) when kept whole it would leave more than ``hole`` points at a page's foot;
        its first ``label`` rows are repeated on the next page."""
        self.__dict__["_grid_loose"] = (data, commands, label, hole)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """platypus's split, held to its promise: the first part fits ``availHeight``.

        A row split inside (``splitInRow``, a nested table or paragraph cut at a height) can
        come out a point taller than asked; platypus then stops with a splitting error. The
        split is asked again with that much less room, or refused (the box moves on whole).
        """
        room = availHeight
        for _ in range(4):
            parts = self._split_once(availWidth, room)
            if len(parts) < 2 or isinstance(parts[0], MOVED):
                return parts
            height = float(parts[0].wrap(availWidth, availHeight)[1])
            if height <= availHeight + 1e-6:
                return parts
            room -= height - availHeight + 0.5
            if room <= 0:
                break
        return []

    def _split_once(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._widths_for(availWidth)
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if not parts:
            parts = self._split_loose(availWidth, availHeight)
        shares = self.__dict__["_grid_shares"]
        free_rows = all(h is None for h in self.__dict__["_grid_heights"])
        for part in parts:
            part.hAlign = "LEFT"  # a continuation on a wider frame starts at its left edge
            if len(column_widths(part)) == len(shares):
                part.__dict__["_grid_shares"] = list(shares)
                part.__dict__.pop("_grid_width", None)
            if free_rows:  # row heights found at one width are wrong at another
                free_row_heights(part)
                part.__dict__["_grid_heights"] = row_heights(part)
        return parts

    def _split_loose(self, width: float, height: float) -> list[Flowable]:
        loose = self.__dict__.get("_grid_loose")
        frame = placing_frame(self)  # platypus's frame sets it before asking to split
        if loose is None or not getattr(frame, "ends_page", False) or height < loose[3]:
            return []
        data, commands, label, _ = loose
        table = GridTable(
            data,
            list(self.__dict__["_grid_shares"]),
            splitByRow=1,
            splitInRow=1,
            repeatRows=label if len(data) > label else 0,
        )
        table.setStyle(TableStyle(commands))
        table.spaceBefore, table.spaceAfter = self.getSpaceBefore(), self.getSpaceAfter()
        set_placing_frame(table, frame)
        try:
            room = height
            for _ in range(40):  # the label and the last row never go alone: split higher
                parts: list[Flowable] = table.split(width, room)
                if len(parts) != 2 or _balanced(parts, label, len(data)):
                    return parts
                room -= 4.0
                if room <= 0:
                    break
            return []
        finally:
            set_placing_frame(table, None)

    def preliminary_widths(self, availWidth: float, asked: list[Any], widths: Any) -> Any:
        """platypus's widths for columns sized from their cells, except where the cells'
        narrowest widths do not fit: platypus then shrinks every column by the same factor, so
        a long unbreakable word gave a column of one digit less than its padding (a negative
        width, and an error). Here each column keeps what its cells need, narrowest first, as
        far as it gets an equal share of what is left; the columns of long words share the rest
        and their paragraphs break the words (``splitLongWords``)."""
        free = [c for c, w in enumerate(asked) if w is None]
        if not free or widths is None:
            return widths
        # a column never narrower than its padding and a couple of letters: at no width a
        # paragraph breaks nothing and reports an endless height
        need = {c: max(column_minimum(self, c), NARROWEST) for c in free}
        room = availWidth - sum(float(w) for c, w in enumerate(widths) if c not in need)
        if sum(need.values()) <= room + 1e-6:
            return widths
        left = sorted(free, key=lambda c: need[c])
        while left:
            column = left.pop(0)
            widths[column] = min(need[column], room / (len(left) + 1))
            room -= widths[column]
        set_column_widths(self, widths)
        return widths

    def _widths_for(self, width: float) -> None:
        """Put the column shares back when the width differs from the last wrap's."""
        kept: dict[str, Any] = self.__dict__
        shares = kept.setdefault("_grid_shares", column_widths(self))
        kept.setdefault("_grid_heights", row_heights(self))
        if kept.get("_grid_width") != width:
            set_column_widths(self, list(shares), fresh=True)
            kept["_grid_width"] = width


def _balanced(parts: list[Flowable], label: int, rows: int) -> bool:
    """Whether a box split into ``parts`` keeps its first ``label`` rows with at least the
    first lines of what they label, and its last row (an attribution, a source, a note) with
    at least the last lines before it: no part is only a label, none only a label and the
    last row."""
    first, rest = (row_count(part) for part in parts)
    carried = rest - (label if rows > label else 0)  # the continuation repeats the label
    return first > label and (carried >= 2 or rows - label < 2)
