"""The whole pipeline, stage by stage, for one brief and its world::

    world ─read_brief─► Document ─validate─► Brief            (load_brief)
    Brief + theme + fonts ─lay_out─► Layout ─render_pdf─► PDF bytes   (build_pdf)
    PDF bytes ─write_pdf─► file (briefing.write)   ─send─► e-mail (briefing.deliver.mail)

Every stage is a function of values and the :class:`~briefing.world.World`, which alone reaches
the disk, the cache and the clock. Writing and delivery are the caller's
(``briefing.shell.jobs`` and the command line).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from briefing.errors import BriefError, Diagnostic, LayoutError
from briefing.internals.reportlab import contained
from briefing.layout.context import ChartMaker
from briefing.layout.coverage import box_coverage, check_coverage, drawing_coverage
from briefing.layout.edition import box_limits, box_texts
from briefing.layout.figures import READ_SIZE
from briefing.layout.fit import Layout, Materials
from briefing.layout.paging import fit_page, flow_pages, measured_page
from briefing.materials.fonts import FontSet
from briefing.materials.images import Clipped, load_image
from briefing.model import Brief
from briefing.provenance import Provenance, provenance_of
from briefing.read import Document, format_path, read_brief
from briefing.render.pages import Rendered, render_pdf
from briefing.render.placing import Unplaceable
from briefing.theme import Theme
from briefing.validate.checks import figure_paths, previous_of, validate
from briefing.world import World

if (
    TYPE_CHECKING
):  # annotations only: making Change costs ~1.5 ms, and a brief that is no edition has none
    from briefing.editions.changes import Change

LOGO_WIDTH = 45 * mm
LOGO_HEIGHT = 14 * mm


@dataclass
class Built:
    """A rendered briefing and how it was fitted."""

    pdf: bytes
    pages: int
    scale: float
    fill: float
    warnings: list[Diagnostic] = field(default_factory=list)
    frames: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    unplaced: list[Diagnostic] = field(default_factory=list)  # drawn shrunk, in a draft
    #: page (from 1) -> MCID -> the rectangle layout gave that marked content: a record of the
    #: render for checks (nothing of it may be drawn outside), not written into the PDF
    boxes: dict[int, dict[int, tuple[float, float, float, float]]] = field(default_factory=dict)
    #: when the box of what changed gave way to fit one page: the lines it lists, and the lines
    #: it lists in full (None when it lists them all, or there is no box)
    box: tuple[int, int] | None = None


def load_brief(world: World) -> tuple[Document, Brief]:
    """Stages 1 and 2: read and validate the brief (and the files it names); raises
    :class:`BriefError` with every problem at once."""
    doc = read_brief(world)
    return doc, validate(doc, world)


def chart_maker_for(brief: Brief) -> ChartMaker | None:
    """The charts stage, imported only when a brief has charts (it may bring in matplotlib)."""
    if not brief.charts:
        return None
    from briefing.charts.plots import make_chart

    return make_chart


def theme_for(brief: Brief, world: World) -> Theme:
    theme = world.theme(brief.layout.theme)
    if brief.layout.colour == "grayscale":
        theme = theme.greyed()
    return theme


def coverage_warnings(doc: Document, brief: Brief, world: World) -> list[Diagnostic]:
    """Characters of the brief and of its SVG figures that the theme's fonts cannot print
    (see :mod:`coverage`): raises a :class:`BriefError` naming them, or, under
    ``layout.missing_glyphs: warn``, returns them as warnings."""
    theme = theme_for(brief, world)
    fonts = world.fonts(theme)
    grey = brief.layout.colour == "grayscale"
    images = _figure_images(brief, world, fonts, grey)
    return missing_glyphs(doc, brief, fonts, images, _logo(brief, theme, world, fonts, grey))


def missing_glyphs(
    doc: Document,
    brief: Brief,
    fonts: FontSet,
    images: Mapping[str, Flowable],
    logo: Flowable | None = None,
    box: Sequence[str] = (),
) -> list[Diagnostic]:
    """The coverage diagnostics of the brief's text, of the text of its figures (drawn
    from ``images``) and logo, and of the ``box`` of what changed since the previous edition;
    raises them when they are errors, returns them when they are warnings."""
    figures = [(path, name, images[name]) for path, name in figure_paths(brief) if name in images]
    if brief.layout.logo and logo is not None:  # the brief's own logo (a theme's is its own)
        picture = logo.inner if isinstance(logo, Clipped) else logo  # the drawing it clips
        figures.append((("layout", "logo"), brief.layout.logo, picture))
    found = check_coverage(doc, fonts) + drawing_coverage(doc, fonts, figures)
    found += box_coverage(doc, fonts, box)
    errors = tuple(d for d in found if d.severity == "error")
    if errors:
        count = f"{len(errors)} text{'s' if len(errors) != 1 else ''}"
        raise BriefError(f"{doc.name}: {count} with characters no font covers", errors)
    return found


def materials_for(brief: Brief, world: World, charts: ChartMaker | None = None) -> Materials:
    """What stage 3 lays the brief out from: its theme, fonts, logo, figures and chart maker."""
    theme = theme_for(brief, world)
    fonts = world.fonts(theme)
    grey = brief.layout.colour == "grayscale"  # the pictures too, not only the theme
    logo = _logo(brief, theme, world, fonts, grey)
    images = _figure_images(brief, world, fonts, grey)
    # what changed since the previous edition (validation has read and checked it)
    previous = previous_of(brief, world)
    changes: tuple[Change, ...] = ()
    if previous is not None:
        # imported here: a brief that is not an edition (the common case) never loads it
        from briefing.editions.compare import compare

        changes = tuple(compare(previous.brief, brief))
    number = previous.brief.edition.number if previous and previous.brief.edition else None
    return Materials(
        brief,
        theme,
        fonts,
        world,
        logo,
        charts or chart_maker_for(brief),
        images,
        changes=changes,
        previous=number,
    )


@dataclass
class LaidOut:
    """A brief laid out: its materials, the layout, the pages added after its flow for a long
    sidebar, its page count, and the render that confirmed it (None when it was not asked
    for and not needed: see :func:`lay_out`)."""

    materials: Materials
    layout: Layout
    extra_pages: int
    pages: int
    rendered: Rendered | None
    warnings: list[Diagnostic]
    record: Provenance


def lay_out(
    brief: Brief,
    world: World,
    doc: Document | None = None,
    chart_maker: ChartMaker | None = None,
    draft: bool = False,
    finish: bool = True,
    confirm: bool = True,
) -> LaidOut:
    """Stage 3, confirmed by stage 4: lay out a valid brief (see :func:`build_pdf`). Without
    ``finish`` the confirming render is not tagged nor archived: its pages only count (a pack
    renders its briefs again, together). Without ``confirm``, a one-page brief is measured and
    not rendered: the caller's render must confirm it is one page, and keep its step
    (:func:`~briefing.layout.paging.measured_page`)."""
    materials = materials_for(brief, world, chart_maker)
    # a character no font covers fails the build before anything is laid out (unless the brief
    # accepts the loss: then it is a warning)
    warnings = (
        missing_glyphs(
            doc, brief, materials.fonts, materials.images, materials.logo, _box_texts(materials)
        )
        if doc is not None
        else []
    )
    name = world.name
    record = provenance_of(brief, world)  # what the PDF records it was built from
    flow = brief.layout.fit == "flow"  # a draft draws what cannot be placed only in a flow
    added = [0]  # the pages the accepted render added after the flow

    def render(layout: Layout, breaks: int) -> Rendered:  # the render stage, as layout calls it
        added[0] = breaks
        return _render(layout, world, breaks, name, record, doc, draft and flow, finish)

    if not confirm and not flow:
        measured = measured_page(materials, doc, name)
        if measured is not None:
            return LaidOut(materials, measured, 0, 1, None, warnings, record)
    if flow:
        layout, rendered = flow_pages(materials, render)
    else:
        layout, rendered = fit_page(materials, render, doc, name)
    return LaidOut(materials, layout, added[0], rendered.pages, rendered, warnings, record)


def build_pdf(
    brief: Brief,
    world: World,
    doc: Document | None = None,
    chart_maker: ChartMaker | None = None,
    draft: bool = False,
) -> Built:
    """Stages 3 and 4: lay out and render a valid brief.

    With ``layout.fit: one-page`` the brief is scaled down within legible limits until it fits,
    or a :class:`LayoutError` names what does not fit; with ``flow`` it takes as many pages as
    it needs, the sidebar continuing on the next page's sidebar. A part of a block that no page
    can hold is a :class:`LayoutError` naming the block, or, in a ``draft`` (a preview), drawn
    shrunk to its page and listed in ``Built.unplaced``.
    """
    laid = lay_out(brief, world, doc, chart_maker, draft)
    layout, rendered = laid.layout, laid.rendered
    assert rendered is not None  # confirmed: that render is the PDF
    if brief.layout.fit == "flow":
        fill = flow_fill(layout, rendered.pages)
    else:
        fill = min(layout.fill, 1.0)
    return Built(
        pdf=rendered.pdf,
        pages=rendered.pages,
        scale=layout.scale,
        fill=fill,
        warnings=laid.warnings,
        frames=rendered.frames,
        unplaced=[unplaceable(problem, layout, doc, world.name) for problem in rendered.unplaced],
        boxes=rendered.boxes,
        box=_box_cut(laid.materials, layout.box_limit),
    )


def _box_texts(materials: Materials) -> list[str]:
    """What the box of what changed since the previous edition prints, in full and given way
    to its fewest lines (its count line)."""
    limit = materials.theme.editions.limit
    texts = box_texts(materials.changes, materials.previous, limit)
    return texts + box_texts(materials.changes, materials.previous, 1)[1:]


def _box_cut(materials: Materials, lines: int | None) -> tuple[int, int] | None:
    """The lines the box lists when it gave way, and the lines it lists in full."""
    limits = box_limits(materials.changes, materials.theme.editions.limit)
    if lines is None or limits is None:
        return None
    return lines, limits[1]


def _logo(brief: Brief, theme: Theme, world: World, fonts: FontSet, grey: bool) -> Flowable | None:
    """The brief's logo (inside its folder), else the theme's (inside the theme's folder)."""
    if brief.layout.logo:
        relative, field = brief.layout.logo, "layout.logo"
        data = world.read(relative)
    elif theme.logo:
        relative, field = theme.logo, "logo"
        data = world.theme_file(theme, relative)
    else:
        return None
    return Clipped(
        load_image(data, relative, field, LOGO_WIDTH, LOGO_HEIGHT, fonts.regular, fonts, grey)
    )


def _figure_images(brief: Brief, world: World, fonts: FontSet, grey: bool) -> dict[str, Flowable]:
    """The pictures of the brief's figures, read through the world with the limits of a logo
    (see :mod:`images`), by their file name as the brief gives it. Validation has opened each
    once already and placed its problems at the brief's line."""
    found: dict[str, Flowable] = {}
    for path, relative in figure_paths(brief):
        if relative not in found:
            data = world.read(relative)
            found[relative] = load_image(
                data, relative, format_path(path), READ_SIZE, READ_SIZE, fonts.regular, fonts, grey
            )
    return found


def _render(
    layout: Layout,
    world: World,
    breaks: int = 0,
    name: str = "brief",
    record: Provenance | None = None,
    doc: Document | None = None,
    draft: bool = False,
    finish: bool = True,
) -> Rendered:
    try:
        return render_pdf(layout, world.now(), breaks, record, draft, finish)
    except Unplaceable as problem:  # a part of a block no page can hold, and it cannot split
        diagnostic = unplaceable(problem, layout, doc, name)
        raise LayoutError(f"{name}: {diagnostic.message}", (diagnostic,)) from None


def unplaceable(
    problem: Unplaceable, layout: Layout, doc: Document | None, name: str
) -> Diagnostic:
    """What cannot be placed, where the brief says it, why, and what to do."""
    from briefing.layout.figures import ScaledPicture
    from briefing.layout.tagging import untagged

    block = problem.block
    path = block.path if block is not None else ()
    line, column = doc.position(path) if doc is not None else (0, 0)
    what = f"'{block.label}'" if block is not None and block.label else "this block"
    part, inner = problem.part, untagged(problem.part) if problem.part is not None else None
    pictures = [f for f in contained(part, [inner]) if isinstance(untagged(f), ScaledPicture)]
    if pictures:
        kind = "a figure"
        hint = (
            "a figure is set large enough for its text to stay legible: make the picture less "
            "tall, or its text larger, so that it fits a page"
        )
    else:
        kind = "a part"
        hint = (
            "shorten that part: cut long text into paragraphs (a blank line between them) or "
            "bullets, or a long table row into several rows"
        )
    return Diagnostic(
        name,
        line,
        column,
        format_path(path),
        f"{what} cannot be placed: {kind} of it is {problem.height / mm:.0f} mm tall and cannot "
        f"be split, and a page holds {problem.room / mm:.0f} mm",
        hint,
        rule="does-not-fit",
    )


def flow_fill(layout: Layout, pages: int) -> float:
    """How much of its pages' room a flowing brief's main column uses."""
    room = layout.geo.body_height(True) + (pages - 1) * layout.geo.body_height(False)
    return min(layout.main_height / room, 1.0)
