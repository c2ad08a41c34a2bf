"""Stage 4, render: laid-out stories -> PDF bytes.

Places each part's main flow in the main frame of its page templates, draws the header band
and the sidebar as static frames, and the banners, running header and footer (page X of Y)
once the page count is known. A single brief is a document of one part; a pack
(:mod:`briefing.packs.build`) is several, rendered in one pass into one document: each part
keeps its own page templates, furniture and page count, and the pages say where they stand in
the whole ("pack page N of M"). Touches no disk and no clock: the generation time is passed in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from briefing import __version__
from briefing.layout.edition import ChangeBars
from briefing.layout.fit import Layout
from briefing.layout.flow import KeepWithLead
from briefing.layout.measure import stack_height
from briefing.layout.tagging import Node, Recorder
from briefing.materials.citations import CITATION
from briefing.materials.text import plain
from briefing.model import Brief
from briefing.provenance import Provenance
from briefing.render.archive import finish_pdf
from briefing.render.canvas import canvas_class
from briefing.render.metadata import Metadata
from briefing.render.page import PartPainter
from briefing.render.placing import PlacingDocument, Unplaceable


@dataclass(frozen=True)
class Part:
    """One part of a document as the render places it: a laid-out brief (or a pack's cover),
    the pages added after its flow for a sidebar longer than its main column, or, with
    ``blank``, one page left blank (a two-sided pack's left-hand page before a brief), which
    carries only ``layout``'s banners and TLP label and :data:`BLANK_WORDS`."""

    layout: Layout
    extra_pages: int = 0
    blank: bool = False


@dataclass(frozen=True)
class PartPages:
    """Where a part landed: its first page in the document (from 1), its page count, and
    the sidebar it could not place (its height)."""

    first: int
    pages: int
    sidebar_overflow: bool = False
    sidebar_left: float = 0.0


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
    parts: list[PartPages] = field(default_factory=list)  # each part's pages, in order


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
    finish: bool = True,
) -> Rendered:
    """Render a laid-out brief into PDF bytes, stamped with the time ``generated`` and
    recording what it was built from (``provenance``, in its XMP): a document of one part
    (:func:`render_parts`).

    ``extra_pages`` adds pages after the flow, for a sidebar longer than the main column.
    A part no page can hold raises :class:`Unplaceable`; in a ``draft`` it is drawn shrunk to
    its frame and listed in ``Rendered.unplaced``. Without ``finish``, the bytes are left
    untagged (see :func:`render_parts`).
    """
    meta = metadata(layout.brief, generated, provenance)
    return render_parts([Part(layout, extra_pages)], generated, meta, draft, finish=finish)


def render_parts(
    parts: Sequence[Part],
    generated: datetime,
    meta: Metadata,
    draft: bool = False,
    numbered: bool = False,
    finish: bool = True,
) -> Rendered:
    """Render ``parts`` in order into one document, in one pass: each part on its own page
    templates (a part begins on a new page), with its own furniture and "page X of Y" counted
    within the part. ``numbered`` adds "pack page N of M" (counted in the whole) to every page.

    The document is tagged as one structure: a single part is the brief's own; several are one
    ``Part`` element each (with the brief's language) under the ``Document``, and each part's
    bookmarks are one entry with the part's own outline under it. ``meta`` is what the document
    says about itself. Without ``finish`` the bytes are ReportLab's, untagged (enough to count
    pages, when a layout asks whether it fits).
    """
    content = [part for part in parts if not part.blank]
    if not parts or parts[0].blank:
        raise ValueError("a document begins with a part that has content")
    for part in content:
        if part.layout.geo.header_height == 0.0:
            raise ValueError("measure the header before rendering")
    bars = ChangeBars()  # one record for the document: it is kept by page number
    pages = [
        PartPainter(part.layout, generated, bars, f"part-{i}-" if i else "", part.blank)
        for i, part in enumerate(parts)
    ]
    first = parts[0].layout
    buffer = io.BytesIO()
    doc = PlacingDocument(
        buffer,
        blocks=[block for part in content for block in part.layout.story.blocks],
        draft=draft,
        pagesize=(first.geo.width, first.geo.height),
        leftMargin=first.geo.margin,
        rightMargin=first.geo.margin,
        topMargin=first.geo.margin,
        bottomMargin=first.geo.margin,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator=meta.creator,
        lang=meta.language,
        invariant=1,
        initialFontName=first.fonts.regular,
        keepTogetherClass=KeepWithLead,  # a heading flows on with its first lines (flow.py)
    )
    templates: list[PageTemplate] = []
    flow: list[Flowable] = []
    frames: dict[str, tuple[float, float, float, float]] = {}
    for i, (part, page) in enumerate(zip(parts, pages, strict=True)):
        prefix = f"{i}:" if i else ""
        geo = part.layout.geo
        size = (geo.width, geo.height)
        pagesize = size if size != (first.geo.width, first.geo.height) else None  # its paper
        if i:  # a part begins on a page of its own, on its own templates
            flow += [NextPageTemplate(prefix + ("blank" if part.blank else "first")), PageBreak()]
        if part.blank:
            frame = Frame(*geo.main_frame(False), id="blank")
            templates.append(
                PageTemplate(prefix + "blank", [frame], onPage=page.blank_page, pagesize=pagesize)
            )
            continue
        made, placed = _templates(part.layout, page, prefix, pagesize)
        templates += made
        frames = frames or placed  # the first part's, for the checks of a single brief
        flow += list(part.layout.story.main) + [PageBreak() for _ in range(part.extra_pages)]
    doc.addPageTemplates(templates)
    recorder = Recorder()  # tagging: what was drawn of the structure, page by page
    owners: dict[int, tuple[PartPainter, int, int]] = {}

    def furnish(canvas: Canvas, number: int, total: int) -> None:
        if not owners:  # every page is drawn by now: which part's, and its place there
            for page in pages:
                for local, at in enumerate(page.numbers, start=1):
                    owners[at] = (page, local, len(page.numbers))
        owner, local, count = owners[number]
        owner.furniture(canvas, local, count)
        if numbered:
            owner.edges.pack_page(canvas, number, total)

    with _binary_streams():
        doc.build(flow, canvasmaker=canvas_class(furnish, bars, generated, recorder))
    pdf = buffer.getvalue()
    if finish:
        # tagging and PDF/A: structure tree, bookmarks, XMP, output intent (archive.py)
        root, heads = _structure(content)
        pdf = finish_pdf(pdf, root, recorder, meta, heads)
    placed_parts = [_part_pages(page) for page in pages]
    return Rendered(
        pdf=pdf,
        pages=doc.page,
        sidebar_overflow=any(p.sidebar_overflow for p in placed_parts),
        sidebar_left=max(p.sidebar_left for p in placed_parts),
        frames=frames,
        unplaced=doc.unplaced,
        boxes=recorder.boxes,
        parts=placed_parts,
    )


def _templates(
    layout: Layout, page: PartPainter, prefix: str, pagesize: tuple[float, float] | None
) -> tuple[list[PageTemplate], dict[str, tuple[float, float, float, float]]]:
    """A part's page templates (its first page, its later pages) and their frames."""
    geo = layout.geo
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

    templates = [
        PageTemplate(
            prefix + "first",
            [frame(key, key) for key in ("main-1", "main-1b") if key in frames],
            onPage=page.first_page,
            onPageEnd=page.first_page_end,
            autoNextPageTemplate=prefix + "later",
            pagesize=pagesize,
        ),
        PageTemplate(
            prefix + "later",
            [frame("main-n", "main")],
            onPage=page.later_page,
            onPageEnd=page.later_page_end,
            pagesize=pagesize,
        ),
    ]
    return templates, frames


def _structure(content: Sequence[Part]) -> tuple[Node, list[Node]]:
    """The document's structure, and the roots whose bookmarks are one outline entry each:
    a single brief's own, or one ``Part`` per part, in its own language."""
    if len(content) == 1:
        root = content[0].layout.story.structure
        return root, [root]
    heads = [
        Node("Part", kids=list(part.layout.story.structure.kids), lang=part.layout.brief.language)
        for part in content
    ]
    return Node("Document", kids=list(heads)), heads


def _part_pages(page: PartPainter) -> PartPages:
    left = [f for group in page.sidebar_left for f in group]
    inner = page.geo.sidebar_width - 2 * page.theme.spacing.block_padding
    return PartPages(
        first=page.numbers[0] if page.numbers else 0,
        pages=len(page.numbers),
        sidebar_overflow=bool(page.sidebar_left),
        sidebar_left=stack_height(left, inner) if left else 0.0,
    )
