"""Stage 4, render: a laid-out :class:`Story` -> PDF bytes.

Places the main flow in the main frame of a page template, draws the header band and the sidebar
as static frames, and the banners, running header and footer (page X of Y) once the page count is
known. Touches no disk and no clock: the generation time is passed in.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from briefing import __version__
from briefing.fonts import FontSet
from briefing.layout.bidiparagraph import any_paragraph
from briefing.layout.fit import Layout
from briefing.layout.flow import KeepWithLead
from briefing.layout.measure import stack_height
from briefing.layout.story import Story
from briefing.layout.styles import Geometry, Styles, colour
from briefing.markings import TLP_BACKGROUND, TLP_COLOURS, TLP_MIN_SIZE, banner_colours
from briefing.model import TLP_LABELS, Brief
from briefing.text import plain, to_markup
from briefing.theme import Theme


@dataclass
class Rendered:
    """The PDF and what the layout did."""

    pdf: bytes
    pages: int
    sidebar_overflow: bool = False
    sidebar_left: float = 0.0  # height of the sidebar still to place, when it overflowed
    frames: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


def _timestamp(moment: datetime) -> TimeStamp:
    stamp = TimeStamp(invariant=True)
    stamp.t = moment.timestamp()
    stamp.lt = moment.utctimetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


class _Page:
    """Draws what every page carries; holds the sidebar flowables still to place."""

    def __init__(
        self,
        brief: Brief,
        theme: Theme,
        fonts: FontSet,
        styles: Styles,
        geo: Geometry,
        story: Story,
        generated: datetime,
    ) -> None:
        self.brief, self.theme, self.fonts, self.styles = brief, theme, fonts, styles
        self.geo, self.story, self.generated = geo, story, generated
        self.sidebar_left: list[list[Flowable]] = [list(group) for group in story.sidebar]

    # -- drawn as each page is laid out. Content-stream order is reading order: banner and
    # header first (onPage), then the main flow, then the sidebar (onPageEnd), and the footer
    # once the page count is known (at save).

    def first_page(self, canvas: Canvas, doc: Any) -> None:
        g = self.geo
        self._top_banner(canvas)
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
        rule_y = top - g.header_height + self._header_gap() * 0.5
        canvas.saveState()
        canvas.setStrokeColor(colour(self.theme.colours.accent))
        canvas.setLineWidth(self.theme.spacing.rule * 2)
        canvas.line(g.margin, rule_y, g.margin + g.text_width, rule_y)
        canvas.restoreState()

    def later_page(self, canvas: Canvas, doc: Any) -> None:
        self._top_banner(canvas)
        self._running_header(canvas)

    def first_page_end(self, canvas: Canvas, doc: Any) -> None:
        self.sidebar(canvas, first=True)

    def later_page_end(self, canvas: Canvas, doc: Any) -> None:
        self.sidebar(canvas, first=False)

    def _header_gap(self) -> float:
        return self.theme.spacing.section * 1.2

    def sidebar(self, canvas: Canvas, first: bool) -> None:
        """Place as many whole sidebar groups as fit; the rest waits for the next page."""
        g = self.geo
        if g.side == "none" or not self.sidebar_left:
            return
        pad = self.theme.spacing.block_padding
        height = g.sidebar_frame()[3] if first else g.body_height(False)
        inner = g.sidebar_width - 2 * pad
        take, used = self._take_groups(height - 2 * pad, inner)
        top = g.body_top(first)
        canvas.saveState()
        canvas.setFillColor(colour(self.theme.colours.sidebar_fill))
        needed = min(used + 2 * pad, height)
        canvas.rect(g.sidebar_x, top - needed, g.sidebar_width, needed, stroke=0, fill=1)
        canvas.setFillColor(colour(self.theme.colours.accent))
        canvas.rect(g.sidebar_x, top - 1.6, g.sidebar_width, 1.6, stroke=0, fill=1)
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

    def _take_groups(self, room: float, width: float) -> tuple[list[list[Flowable]], float]:
        take: list[list[Flowable]] = []
        used = 0.0
        while self.sidebar_left:
            group = self.sidebar_left[0]
            height = stack_height(group, width) + (group[0].getSpaceBefore() if take else 0.0)
            if used + height > room:
                if not take:  # taller than a whole sidebar: let it split across pages
                    take.append(self.sidebar_left.pop(0))
                    used = room
                break
            take.append(self.sidebar_left.pop(0))
            used += height
        return take, used

    # -- drawn when the page count is known

    def furniture(self, canvas: Canvas, page: int, total: int) -> None:
        g = self.geo
        if page > 1:
            self._running_page_number(canvas, page, total)
        self._footer(canvas, page, total)
        if self.brief.marking:
            self._banner(canvas, g.margin)
        if self.brief.tlp:
            self._tlp_labels(canvas)

    def _tlp_labels(self, canvas: Canvas) -> None:
        """The TLP label, right-aligned above the page's header and below its footer: at least
        12 pt, in its TLP 2.0 colour on black, whatever the fit's scale."""
        g = self.geo
        assert self.brief.tlp is not None
        label = TLP_LABELS[self.brief.tlp]
        size = TLP_MIN_SIZE
        font = self.fonts.bold
        width = canvas.stringWidth(label, font, size) + size * 0.8
        height = size * 1.3
        right = g.margin + g.text_width
        gap = min(g.margin * 0.15, 2 * mm)
        for y in (g.height - g.margin + gap, g.margin - gap - height):
            canvas.saveState()
            canvas.setFillColor(colour(TLP_BACKGROUND))
            canvas.rect(right - width, y, width, height, stroke=0, fill=1)
            canvas.setFillColor(colour(TLP_COLOURS[self.brief.tlp]))
            canvas.setFont(font, size)
            canvas.drawRightString(right - size * 0.4, y + size * 0.32, label)
            canvas.restoreState()

    def _top_banner(self, canvas: Canvas) -> None:
        g = self.geo
        if self.brief.marking:
            self._banner(canvas, g.height - g.margin - self.theme.page.banner_height_mm * mm)

    def _banner(self, canvas: Canvas, y: float) -> None:
        g, st = self.geo, self.styles
        height = self.theme.page.banner_height_mm * mm
        c = self.theme.colours
        marking = self.brief.marking or "" if self.theme.level_colours else ""
        banner = banner_colours(marking, c.banner_fill, c.banner_ink, self.theme.markings)
        fill, ink = banner.fill, banner.ink
        if self.brief.layout.colour == "grayscale" and fill != c.banner_fill:
            fill, ink = _grey(fill), _grey(ink)
        canvas.saveState()
        canvas.setFillColor(colour(fill))
        canvas.rect(g.margin, y, g.text_width, height, stroke=0, fill=1)
        canvas.restoreState()
        style = st.banner
        if ink != c.banner_ink:
            style = ParagraphStyle(f"{style.name}-{ink}", parent=style, textColor=colour(ink))
        text = any_paragraph(to_markup(self.brief.marking or "", self.fonts), style, self.fonts)
        _, h = text.wrap(g.text_width - 8, height)
        text.drawOn(canvas, g.margin + 4, y + (height - h) / 2 + style.fontSize * 0.08)

    def _running_header(self, canvas: Canvas) -> None:
        g, st = self.geo, self.styles
        top = g.height - g.margin - g.banner
        title = plain(self.brief.title)
        if len(title) > 90:
            title = title[:88].rstrip() + "…"
        left = any_paragraph(f"<b>{to_markup(title, self.fonts)}</b>", st.footer, self.fonts)
        _, h = left.wrap(g.text_width * 0.8, 100)
        left.drawOn(canvas, g.margin, top - h)
        canvas.saveState()
        canvas.setStrokeColor(colour(self.theme.colours.rule))
        canvas.setLineWidth(self.theme.spacing.rule)
        canvas.line(g.margin, top - h - 3, g.margin + g.text_width, top - h - 3)
        canvas.restoreState()

    def _running_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        g, st = self.geo, self.styles
        top = g.height - g.margin - g.banner
        right = Paragraph(f"Page {page} of {total}", st.footer_right)
        _, h = right.wrap(g.text_width * 0.2, 100)
        right.drawOn(canvas, g.margin + g.text_width * 0.8, top - h)

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        g, st = self.geo, self.styles
        y = g.margin + g.banner
        parts = []
        if self.brief.reference:
            parts.append(f"<b>{to_markup(self.brief.reference, self.fonts)}</b>")
        if self.brief.organisation:
            parts.append(to_markup(self.brief.organisation, self.fonts))
        parts.append(f"Generated {self.generated:%Y-%m-%d %H:%M} UTC by briefing {__version__}")
        left = any_paragraph("  ·  ".join(parts), st.footer, self.fonts)
        right = Paragraph(f"Page {page} of {total}", st.footer_right)
        _, h = left.wrap(g.text_width * 0.8, 100)
        base = y + (g.footer - h) / 2 - 1
        left.drawOn(canvas, g.margin, base)
        right.wrap(g.text_width * 0.2, 100)
        right.drawOn(canvas, g.margin + g.text_width * 0.8, base)
        canvas.saveState()
        canvas.setStrokeColor(colour(self.theme.colours.rule))
        canvas.setLineWidth(self.theme.spacing.rule)
        canvas.line(g.margin, y + g.footer - 2, g.margin + g.text_width, y + g.footer - 2)
        canvas.restoreState()


def _grey(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    level = round(0.2126 * r + 0.7152 * g + 0.0722 * b)
    return f"#{level:02x}{level:02x}{level:02x}"


def _canvas_class(page: _Page, generated: datetime) -> Callable[..., Canvas]:
    class PagedCanvas(Canvas):  # type: ignore[misc]
        """Keeps each page until the end, then draws 'page X of Y' and the furniture."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _timestamp(generated)
            self._kept: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            for number, state in enumerate(self._kept, start=1):
                self.__dict__.update(state)
                page.furniture(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return PagedCanvas


def keywords(brief: Brief) -> list[str]:
    """PDF keywords: the brief's own, else the parties it attributes."""
    if brief.keywords:
        return list(brief.keywords)
    found: list[str] = []
    for word in (
        *(c.source for c in brief.claim_blocks),
        *(s.quote.speaker for s in brief.sections or () if s.quote),
        *(b.quote.speaker for s in brief.sections or () for b in s.blocks or () if b.quote),
        *(a.source for a in brief.analyses),
        brief.organisation,
    ):
        if word and word not in found:
            found.append(word)
    return found


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Write compressed streams as binary, not ASCII85 on top (ReportLab's default).

    ASCII85 makes every stream a quarter larger and costs time to encode; it dates from mail
    systems that broke 8-bit files, and a PDF attachment is base64-encoded in the message
    anyway. Set for this build only and put back after.
    """
    from reportlab import rl_config

    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def render_pdf(layout: Layout, generated: datetime, extra_pages: int = 0) -> Rendered:
    """Render a laid-out brief into PDF bytes, stamped with the time ``generated``.

    ``extra_pages`` adds pages after the flow, for a sidebar longer than the main column.
    """
    brief, theme, fonts, geo = layout.brief, layout.theme, layout.fonts, layout.geo
    styles, story = layout.styles, layout.story
    if geo.header_height == 0.0:
        raise ValueError("measure the header before rendering")
    page = _Page(brief, theme, fonts, styles, geo, story, generated)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(geo.width, geo.height),
        leftMargin=geo.margin,
        rightMargin=geo.margin,
        topMargin=geo.margin,
        bottomMargin=geo.margin,
        title=plain(brief.title),
        author=plain(brief.author or brief.organisation or ""),
        subject=plain(brief.summary),
        keywords=keywords(brief),
        creator=f"briefing {__version__}",
        lang=brief.language,
        invariant=1,
        initialFontName=fonts.regular,
        keepTogetherClass=KeepWithLead,  # a heading flows on with its first lines (flow.py)
    )
    first = geo.first_frames()
    frames = {
        "main-1": first[0],
        "main-n": geo.main_frame(False),
        "sidebar-1": geo.sidebar_frame(),
        "header": (geo.margin, geo.body_top(True), geo.text_width, geo.header_height),
    }
    if len(first) > 1:
        frames["main-1b"] = first[1]

    def frame(key: str, ident: str) -> Frame:
        x, y, w, h = frames[key]
        made = Frame(
            x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=ident
        )
        made.ends_page = key != "main-1" or "main-1b" not in frames  # see layout/grid.py
        return made

    doc.addPageTemplates(
        [
            PageTemplate(
                "first",
                [frame(key, key) for key in ("main-1", "main-1b") if key in frames],
                onPage=page.first_page,
                onPageEnd=page.first_page_end,
                autoNextPageTemplate="later",
            ),
            PageTemplate(
                "later",
                [frame("main-n", "main")],
                onPage=page.later_page,
                onPageEnd=page.later_page_end,
            ),
        ]
    )
    flow = list(story.main) + [PageBreak() for _ in range(extra_pages)]
    with _binary_streams():
        doc.build(flow, canvasmaker=_canvas_class(page, generated))
    inner = geo.sidebar_width - 2 * theme.spacing.block_padding
    left = [f for group in page.sidebar_left for f in group]
    return Rendered(
        sidebar_left=stack_height(left, inner) if left else 0.0,
        pdf=buffer.getvalue(),
        pages=doc.page,
        sidebar_overflow=bool(page.sidebar_left),
        frames=frames,
    )
