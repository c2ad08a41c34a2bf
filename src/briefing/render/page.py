"""What every page of one part of a document carries as it is drawn (a brief's, or a pack
cover's): the header band on its first page, the running header on later ones, the sidebar and
the change bars at each page's end, and, once the page count is known, the furniture
(:mod:`briefing.render.furniture`). A page left blank before a brief of a two-sided pack
carries the banners, the TLP label and a sentence saying it is blank.

Used by :mod:`briefing.render.pages`, whose page templates call these methods.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from briefing.layout.beside import take_sidebar
from briefing.layout.edition import ChangeBars, draw_bars
from briefing.layout.fit import Layout
from briefing.layout.styles import colour
from briefing.render.furniture import Furniture

#: What a page left blank before a brief of a two-sided pack says.
BLANK_WORDS = "This page is intentionally left blank"


class PartPainter:
    """Draws what every page carries; holds the sidebar flowables still to place."""

    def __init__(
        self,
        layout: Layout,
        generated: datetime,
        change_bars: ChangeBars,
        destinations: str = "",
        blank: bool = False,
    ) -> None:
        self.brief, self.theme, self.fonts = layout.brief, layout.theme, layout.fonts
        self.styles, self.geo, self.story = layout.styles, layout.geo, layout.story
        self.generated = generated
        groups = () if blank else layout.story.sidebar
        self.sidebar_left: list[list[Flowable]] = [list(group) for group in groups]
        self.edges = Furniture(layout, generated)
        self.change_bars = change_bars  # the changed parts drawn on this page (edition.py)
        self.destinations = destinations  # this part's prefix of citations' destinations
        self.blank = blank
        self.numbers: list[int] = []  # the pages of the document this part drew (from 1)

    def _begin(self, canvas: Canvas) -> None:
        self.numbers.append(canvas.getPageNumber())
        canvas.destinations = self.destinations

    # -- drawn as each page is laid out. Content-stream order is reading order: banner and
    # header first (onPage), then the main flow, then the sidebar (onPageEnd), and the footer
    # once the page count is known (at save).

    def first_page(self, canvas: Canvas, doc: Any) -> None:
        g = self.geo
        self._begin(canvas)
        self.edges.top_banner(canvas)
        top = g.height - g.margin - g.banner
        frame = Frame(
            g.margin,
            top - g.header_height,
            g.text_width,
            g.header_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            showBoundary=0,
        )
        frame.addFromList(copy.deepcopy(self.story.header), canvas)
        rule_y = top - g.header_height + self._header_gap() * 0.5  # in the gap's middle
        canvas.saveState()
        canvas.setStrokeColor(colour(self.theme.colours.accent))
        canvas.setLineWidth(self.theme.spacing.rule * self.theme.furniture.header_rule)
        canvas.line(g.margin, rule_y, g.margin + g.text_width, rule_y)
        canvas.restoreState()

    def later_page(self, canvas: Canvas, doc: Any) -> None:
        self._begin(canvas)
        self.edges.top_banner(canvas)
        self.edges.running_header(canvas)

    def first_page_end(self, canvas: Canvas, doc: Any) -> None:
        self.sidebar(canvas, first=True)
        self.bars(canvas, first=True)

    def later_page_end(self, canvas: Canvas, doc: Any) -> None:
        self.sidebar(canvas, first=False)
        self.bars(canvas, first=False)

    def bars(self, canvas: Canvas, first: bool) -> None:
        """The change bars of this page, beside the changed parts drawn on it, in the
        margin of their column (the sidebar's: inside its tint, in its padding)."""
        g, tokens = self.geo, self.theme.editions
        width, gap = tokens.bar_width, tokens.bar_gap
        frames = g.first_frames() if first else [g.main_frame(False)]
        columns = [(x, y, w, h, gap) for x, y, w, h in frames]
        if g.side != "none" and (first or g.later_sidebar):
            pad = self.theme.spacing.block_padding
            inside = max((pad - width) / 2, 0.0)
            top, height = g.body_top(first), g.body_height(first)
            columns.append(
                (g.sidebar_x + pad, top - height, g.sidebar_width - 2 * pad, height, inside)
            )
        drawn = self.change_bars.bars(canvas.getPageNumber(), columns, width)
        draw_bars(canvas, drawn, colour(self.theme.colours.change_rule))

    def _header_gap(self) -> float:
        return self.theme.spacing.section * self.theme.furniture.header_gap

    def sidebar(self, canvas: Canvas, first: bool) -> None:
        """Place as many whole sidebar groups as fit; the rest waits for the next page."""
        g = self.geo
        if g.side == "none" or not self.sidebar_left:
            return
        pad = self.theme.spacing.block_padding
        height = g.sidebar_frame()[3] if first else g.body_height(False)
        inner = g.sidebar_width - 2 * pad
        take, used = take_sidebar(self.sidebar_left, height - 2 * pad, inner)  # layout decides
        del self.sidebar_left[: len(take)]
        top = g.body_top(first)
        canvas.saveState()
        canvas.setFillColor(colour(self.theme.colours.sidebar_fill))
        needed = min(used + 2 * pad, height)
        canvas.rect(g.sidebar_x, top - needed, g.sidebar_width, needed, stroke=0, fill=1)
        canvas.setFillColor(colour(self.theme.colours.accent))
        bar = self.theme.spacing.sidebar_rule
        canvas.rect(g.sidebar_x, top - bar, g.sidebar_width, bar, stroke=0, fill=1)
        canvas.restoreState()
        frame = Frame(
            g.sidebar_x,
            top - height,
            g.sidebar_width,
            height,
            leftPadding=pad,
            rightPadding=pad,
            topPadding=pad,
            bottomPadding=pad,
            showBoundary=0,
        )
        for group in take:
            left = list(group)
            frame.addFromList(left, canvas)
            if left:  # only a group taller than a whole sidebar gets here: it continues
                self.sidebar_left.insert(0, left)
                break

    # -- drawn when the page count is known

    def blank_page(self, canvas: Canvas, doc: Any) -> None:
        self._begin(canvas)  # all it carries is drawn with the furniture

    def furniture(self, canvas: Canvas, page: int, total: int) -> None:
        if self.blank:
            self.edges.blank(canvas, BLANK_WORDS)
        else:
            self.edges.draw(canvas, page, total)
