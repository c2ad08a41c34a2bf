"""The grid: every box spans the column it is placed in, whichever column that is.

A box (bottom line, claims, analysis, a quote, a table) is a platypus ``Table`` whose columns
are given in shares of the frame ("100%", "62%", or ``None`` for a share worked out from the
cells). platypus turns those shares into points at the first ``wrap`` and keeps them: a box
measured beside the sidebar and then placed in the full width below it stayed as narrow as the
column beside the sidebar, centred, and a table nested in it computed its row heights at one
width and drew its cells at another (a note ran through the rule between two figure tiles).

:class:`GridTable` works its column widths out again whenever it is wrapped at another width,
and the parts of a split table keep the shares, not the points of the frame they were split in.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Table


class GridTable(Table):  # type: ignore[misc]
    """A Table whose widths follow the frame it is wrapped in (see the module docstring)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._widths_for(availWidth)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._widths_for(availWidth)
        parts: list[Flowable] = super().split(availWidth, availHeight)
        shares = self.__dict__["_grid_shares"]
        free_rows = all(h is None for h in self.__dict__["_grid_heights"])
        for part in parts:
            part.hAlign = "LEFT"  # a continuation on a wider frame starts at its left edge
            if len(part._argW) == len(shares):
                part.__dict__["_grid_shares"] = list(shares)
                part.__dict__.pop("_grid_width", None)
            if free_rows:  # row heights found at one width are wrong at another
                part._argH = [None] * len(part._argH)
                part.__dict__["_grid_heights"] = list(part._argH)
        return parts

    def _widths_for(self, width: float) -> None:
        """Put the column shares back when the width differs from the last wrap's."""
        kept: dict[str, Any] = self.__dict__
        shares = kept.setdefault("_grid_shares", list(kept["_argW"]))
        kept.setdefault("_grid_heights", list(kept["_argH"]))
        if kept.get("_grid_width") != width:
            kept["_argW"] = kept["_colWidths"] = list(shares)
            kept["_width_calculated_once"] = 0
            kept["_grid_width"] = width
