"""Stage 4, render: a laid-out :class:`Story` -> PDF bytes.

Places the main flow in the main frame of a page template, draws the header band and the sidebar
as static frames, and the banners, running header and footer (page X of Y) once the page count is
known. Touches no disk and no clock: the generation time is passed in.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
)

from briefing import __version__
from briefing.internals.reportlab import (
    page_state,
    restore_page_state,
    set_creation_time,
    start_page,
)
from briefing.layout.beside import take_sidebar
from briefing.layout.edition import ChangeBars, draw_bars
from briefing.layout.fit import Layout
from briefing.layout.flow import KeepWithLead
from briefing.layout.measure import stack_height
from briefing.layout.styles import colour
from briefing.layout.tagging import Recorder
from briefing.materials.citations import CITATION
from briefing.materials.text import plain
from briefing.model import Brief
from briefing.provenance import Provenance
from briefing.render.archive import finish_pdf
from briefing.render.furniture import Furniture
from briefing.render.metadata import Metadata
from briefing.render.placing import PlacingDocument, Unplaceable


@dataclass
class Rendered:
    """The PDF and what the layout did."""

    pdf: bytes
    pages: int
    sidebar_overflow: bool = False
    sidebar_left: float = 0.0  # height of the sidebar still to place, when it overflowed
    frames: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    unplaced: list[Unplaceable] = field(default_factory=list)  # drawn shrunk (drafts only)
    #: page (from 1) -> MCID -> the rectangle layout gave that content (see tagging.Recorder)
    boxes: dict[int, dict[int, tuple[float, float, float, float]]] = field(default_factory=dict)


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

    def __init__(self, layout: Layout, generated: datetime) -> None:
        self.brief, self.theme, self.fonts = layout.brief, layout.theme, layout.fonts
        self.styles, self.geo, self.story = layout.styles, layout.geo, layout.story
        self.generated = generated
        self.sidebar_left: list[list[Flowable]] = [list(group) for group in layout.story.sidebar]
        self.edges = Furniture(layout, generated)
        self.change_bars = ChangeBars()  # the changed parts drawn on this page (edition.py)

    # -- drawn as each page is laid out. Content-stream order is reading order: banner and
    # header first (onPage), then the main flow, then the sidebar (onPageEnd), and the footer
    # once the page count is known (at save).

    def first_page(self, canvas: Canvas, doc: Any) -> None:
        g = self.geo
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

    def furniture(self, canvas: Canvas, page: int, total: int) -> None:
        self.edges.draw(canvas, page, total)


def _canvas_class(page: _Page, generated: datetime, recorder: Recorder) -> Callable[..., Canvas]:
    class PagedCanvas(Canvas):  # type: ignore[misc]
        """Keeps each page until the end, then draws 'page X of Y' and the furniture.

        Tagging (see :mod:`briefing.layout.tagging`): ``recorder`` is what Tagged flowables find on
        the canvas. Each page is drawn inside an ``/Artifact`` bracket, which Tagged content
        leaves and re-enters, so whatever no flowable declares is page furniture.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            set_creation_time(self, _timestamp(generated))
            self._kept: list[dict[str, Any]] = []
            self.recorder = recorder
            self.change_bars = page.change_bars  # what Tagged flowables with a bar report to
            recorder.open_artifact(self)  # tagging: page 1 starts as furniture

        def showPage(self) -> None:
            self.recorder.close_artifact(self)  # tagging
            self._kept.append(page_state(self))
            start_page(self)
            self.recorder.open_artifact(self)  # tagging: the next page starts as furniture

        def drawText(self, text: Any) -> None:
            super().drawText(text)
            self.recorder.text_drawn(self)  # tagging: a list item's bullet ends its label

        # tagging: a link belongs to the content being drawn, named by the key the recorder
        # gives it; one drawn in an artifact (a repeated label row) is not added at all
        def linkURL(self, url: str, rect: Any, *args: Any, **kwargs: Any) -> None:
            key = self.recorder.link(self, url)
            if key is not None:
                super().linkURL(url, rect, *args, Contents=PDFString(key), **kwargs)

        def linkRect(self, contents: str, destination: str, *args: Any, **kwargs: Any) -> Any:
            key = self.recorder.link(self, "#" + destination)  # a citation's link
            if key is None:
                return None
            return super().linkRect(key, destination, *args, **kwargs)

        def save(self) -> None:
            total = len(self._kept)
            for number, state in enumerate(self._kept, start=1):
                restore_page_state(self, state)
                self.recorder.open_artifact(self)  # tagging
                page.furniture(self, number, total)
                self.recorder.close_artifact(self)  # tagging
                Canvas.showPage(self)
            Canvas.save(self)

    return PagedCanvas


def meta_text(text: str) -> str:
    """Brief text as the document's metadata carries it: plain words, without the marks of
    bold and italic and without citations (``[@id]``: metadata has no sources list)."""
    return plain(re.sub(rf"\s*{CITATION.pattern}", "", text))


def keywords(brief: Brief) -> list[str]:
    """PDF keywords: the brief's own, else the parties it attributes; each once, whole."""
    words = (
        brief.keywords
        if brief.keywords
        else (
            *(c.source for c in brief.claims),
            *(b.quote.speaker for s in brief.sections or () for b in s.blocks if b.quote),
            *(a.source for a in brief.analysis),
            brief.organisation,
        )
    )
    found: dict[str, str] = {}
    for word in words:
        text = meta_text(word or "")
        if text and text.casefold() not in found:
            found[text.casefold()] = text
    return list(found.values())


def metadata(brief: Brief, generated: datetime, provenance: Provenance | None = None) -> Metadata:
    """What the PDF says about itself (information dictionary and XMP), and what it was built
    from (``provenance``)."""
    return Metadata(
        title=meta_text(brief.title),
        author=meta_text(brief.author or brief.organisation or ""),
        subject=meta_text(brief.summary),
        keywords=tuple(keywords(brief)),
        creator=f"briefing {__version__}",
        language=brief.language,
        moment=generated,
        provenance=provenance,
    )


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


def render_pdf(
    layout: Layout,
    generated: datetime,
    extra_pages: int = 0,
    provenance: Provenance | None = None,
    draft: bool = False,
) -> Rendered:
    """Render a laid-out brief into PDF bytes, stamped with the time ``generated`` and
    recording what it was built from (``provenance``, in its XMP).

    ``extra_pages`` adds pages after the flow, for a sidebar longer than the main column.
    A part no page can hold raises :class:`Unplaceable`; in a ``draft`` it is drawn shrunk to
    its frame and listed in ``Rendered.unplaced``.
    """
    brief, theme, fonts, geo = layout.brief, layout.theme, layout.fonts, layout.geo
    story = layout.story
    if geo.header_height == 0.0:
        raise ValueError("measure the header before rendering")
    page = _Page(layout, generated)
    buffer = io.BytesIO()
    doc = PlacingDocument(
        buffer,
        blocks=story.blocks,
        draft=draft,
        pagesize=(geo.width, geo.height),
        leftMargin=geo.margin,
        rightMargin=geo.margin,
        topMargin=geo.margin,
        bottomMargin=geo.margin,
        title=meta_text(brief.title),
        author=meta_text(brief.author or brief.organisation or ""),
        subject=meta_text(brief.summary),
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
    recorder = Recorder()  # tagging: what was drawn of story.structure, page by page
    with _binary_streams():
        doc.build(flow, canvasmaker=_canvas_class(page, generated, recorder))
    # tagging and PDF/A: structure tree, bookmarks, XMP, output intent (see briefing.render.archive)
    pdf = finish_pdf(
        buffer.getvalue(), story.structure, recorder, metadata(brief, generated, provenance)
    )
    inner = geo.sidebar_width - 2 * theme.spacing.block_padding
    left = [f for group in page.sidebar_left for f in group]
    return Rendered(
        sidebar_left=stack_height(left, inner) if left else 0.0,
        pdf=pdf,
        pages=doc.page,
        sidebar_overflow=bool(page.sidebar_left),
        frames=frames,
        unplaced=doc.unplaced,
        boxes=recorder.boxes,
    )
