"""The whole pipeline, stage by stage: read -> validate -> layout -> render.

``load_brief`` reads and validates a file; ``build_pdf`` lays out and renders a valid brief and
returns the bytes with a report of how the page was fitted. Writing and delivery are the
caller's (the command line's) business.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from briefing import cache
from briefing.coverage import check_coverage
from briefing.errors import BriefError, Diagnostic, LayoutError
from briefing.figures import READ_SIZE
from briefing.files import resolve_inside
from briefing.fit import (
    GRID,
    Prepared,
    fit_key,
    fit_one_page,
    overflow_report,
    prepare,
    read_step,
    scale_at,
    seal_step,
    step_of,
)
from briefing.fonts import register_fonts
from briefing.images import load_image
from briefing.layout import ChartMaker
from briefing.model import Brief
from briefing.reader import Document, read_brief
from briefing.render import Rendered, render_pdf
from briefing.theme import Theme, load_theme
from briefing.validate import check_assets, figure_paths, validate

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


def load_brief(path: Path, display: str | None = None) -> tuple[Document, Brief]:
    """Read and validate the brief at ``path``; raises :class:`BriefError` with all problems."""
    doc = read_brief(path, display)
    brief = validate(doc)
    check_assets(brief, doc, path.parent)
    return doc, brief


def chart_maker_for(brief: Brief) -> ChartMaker | None:
    """The charts stage, imported only when a brief has charts (it may bring in matplotlib)."""
    if not brief.charts:
        return None
    from briefing.plots import make_chart

    return make_chart


def inputs_of(brief: Brief, path: Path) -> list[Path]:
    """Every file a build of the brief at ``path`` reads (the output may be none of them)."""
    found = [path]
    base = path.parent
    for relative in (brief.layout.logo, brief.layout.theme, *(f for _, f in figure_paths(brief))):
        if relative:
            resolved = resolve_inside(base, relative)
            if isinstance(resolved, Path):
                found.append(resolved)
    return found


def coverage_warnings(doc: Document, brief: Brief, base: Path) -> list[Diagnostic]:
    """Characters of the brief that the theme's fonts cannot print (see :mod:`coverage`)."""
    return check_coverage(doc, register_fonts(theme_for(brief, base)))


def theme_for(brief: Brief, base: Path) -> Theme:
    theme = load_theme(brief.layout.theme, base)
    if brief.layout.colour == "grayscale":
        theme = theme.greyed()
    return theme


def build_pdf(
    brief: Brief,
    base: Path,
    generated: datetime,
    chart_maker: ChartMaker | None = None,
    doc: Document | None = None,
) -> Built:
    """Lay out and render ``brief`` (assets relative to folder ``base``).

    With ``layout.fit: one-page`` the brief is scaled down within legible limits until it fits,
    or a :class:`LayoutError` names what does not fit; with ``flow`` it takes as many pages as
    it needs, the sidebar continuing on the next page's sidebar.
    """
    theme = theme_for(brief, base)
    chart_maker = chart_maker or chart_maker_for(brief)
    name = doc.name if doc is not None else "brief"
    logo = _logo(brief, theme, base)
    images = _figure_images(brief, theme, base, doc)
    if brief.layout.fit == "flow":
        prepared = prepare(brief, theme, 1.0, chart_maker, logo, images)
        rendered = _render_flow(brief, theme, prepared, generated, name, chart_maker, logo, images)
    else:
        key = fit_key(brief, theme, logo)
        place = cache.key_of("near", str(base.resolve()), name) if doc is not None else None
        known = read_step(cache.read(key, "fit"), key)
        near = read_step(cache.read(place, "near"), place) if place else None
        prepared = fit_one_page(brief, theme, chart_maker, logo, known, near, images)
        if not prepared.fits:
            problems = overflow_report(prepared, doc, name)
            raise LayoutError(f"{name} does not fit on one page", tuple(problems))
        rendered = _render(brief, prepared, generated, name=name)
        step = step_of(prepared)
        while (rendered.pages > 1 or rendered.sidebar_overflow) and step:
            # the measurement and the frame disagreed by a hair: step down and render again
            step -= 1
            prepared = prepare(brief, theme, scale_at(step), chart_maker, logo, images)
            rendered = _render(brief, prepared, generated, name=name)
        if rendered.pages > 1 or rendered.sidebar_overflow:
            problems = overflow_report(prepared, doc, name)
            raise LayoutError(f"{name} does not fit on one page", tuple(problems))
        if step is not None and step < GRID and step != known:
            cache.write(key, "fit", seal_step(key, step))
        if step is not None and place and step != near:
            cache.write(place, "near", seal_step(place, step))
    fill = min(prepared.fill, 1.0) if rendered.pages == 1 else _flow_fill(prepared, rendered)
    warnings = check_coverage(doc, prepared.fonts) if doc is not None else []
    return Built(
        pdf=rendered.pdf,
        pages=rendered.pages,
        scale=prepared.scale,
        fill=fill,
        warnings=warnings,
        frames=rendered.frames,
    )


def _logo(brief: Brief, theme: Theme, base: Path) -> Flowable | None:
    """The brief's logo (inside its folder), else the theme's (inside the theme's folder)."""
    if brief.layout.logo:
        folder, relative, field = base, brief.layout.logo, "layout.logo"
    elif theme.logo:
        folder, relative, field = Path(theme.folder), theme.logo, "logo"
    else:
        return None
    found = resolve_inside(folder, relative)
    if isinstance(found, str):
        raise BriefError(
            f"logo {relative} {found}",
            (
                Diagnostic(
                    relative,
                    0,
                    0,
                    field,
                    f"logo '{relative}' {found}",
                    "name a PNG, JPEG or SVG file inside the folder",
                ),
            ),
        )
    font = register_fonts(theme).regular
    return load_image(found, relative, field, LOGO_WIDTH, LOGO_HEIGHT, font)


def _figure_images(
    brief: Brief, theme: Theme, base: Path, doc: Document | None
) -> dict[str, Flowable]:
    """The pictures of the brief's figures, read from inside its folder with the limits of a
    logo (see :mod:`images`), by their file name as the brief gives it."""
    from briefing.reader import format_path

    found: dict[str, Flowable] = {}
    for path, relative in figure_paths(brief):
        if relative in found:
            continue
        name = doc.name if doc is not None else "brief"
        line, col = doc.position(path) if doc is not None else (0, 0)
        where = format_path(path)
        resolved = resolve_inside(base, relative)
        if isinstance(resolved, str):
            message = f"image '{relative}' {resolved}"
            hint = "put the picture in the brief's folder and name it relative to it"
            raise BriefError(message, (Diagnostic(name, line, col, where, message, hint),))
        font = register_fonts(theme).regular
        try:
            found[relative] = load_image(resolved, relative, where, READ_SIZE, READ_SIZE, font)
        except BriefError as exc:  # the image's own problem, placed at the figure's line
            raise BriefError(
                exc.message,
                tuple(
                    Diagnostic(name, line, col, where, f"image '{relative}': {d.message}", d.hint)
                    for d in exc.diagnostics
                ),
            ) from None
    return found


def _render(
    brief: Brief, p: Prepared, generated: datetime, breaks: int = 0, name: str = "brief"
) -> Rendered:
    try:
        return render_pdf(brief, p.theme, p.fonts, p.styles, p.geo, p.story, generated, breaks)
    except PlatypusLayoutError:  # a block no page can hold; validation limits should prevent it
        raise LayoutError(
            f"{name}: a block is taller than a page",
            (
                Diagnostic(
                    name,
                    0,
                    0,
                    "",
                    "a block is taller than a whole page and cannot be split",
                    "split long text into paragraphs separated by a blank line",
                ),
            ),
        ) from None


def _render_flow(
    brief: Brief,
    theme: Theme,
    prepared: Prepared,
    generated: datetime,
    name: str,
    chart_maker: ChartMaker | None,
    logo: Flowable | None,
    images: Mapping[str, Flowable] | None = None,
) -> Rendered:
    """Render across pages; add pages until the sidebar has been placed in full.

    platypus consumes flowables as it places them, so each new attempt lays the story out
    afresh; the number of pages to add is estimated from the sidebar height still to place.
    """
    rendered = _render(brief, prepared, generated, name=name)
    extra = 0
    room = prepared.geo.body_height(False) - 2 * prepared.theme.spacing.block_padding
    while rendered.sidebar_overflow and extra < 60:
        extra += max(1, math.ceil(rendered.sidebar_left / max(room, 1.0)))
        prepared = prepare(brief, theme, 1.0, chart_maker, logo, images)
        rendered = _render(brief, prepared, generated, breaks=extra, name=name)
    return rendered


def _flow_fill(prepared: Prepared, rendered: Rendered) -> float:
    room = prepared.geo.body_height(True) + (rendered.pages - 1) * prepared.geo.body_height(False)
    return min(prepared.main_height / room, 1.0)
