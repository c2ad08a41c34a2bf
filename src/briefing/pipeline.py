"""The whole pipeline, stage by stage: read -> validate -> layout -> render.

``load_brief`` reads and validates a file; ``build_pdf`` lays out and renders a valid brief and
returns the bytes with a report of how the page was fitted. Writing and delivery are the
caller's (the command line's) business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from briefing.errors import Diagnostic
from briefing.fonts import register_fonts
from briefing.layout import ChartMaker, build_story
from briefing.model import Brief
from briefing.reader import Document, read_brief
from briefing.render import Rendered, render_pdf, stack_height
from briefing.styles import geometry, make_styles
from briefing.theme import Theme, load_theme
from briefing.validate import check_assets, validate


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


def theme_for(brief: Brief, base: Path) -> Theme:
    theme = load_theme(brief.layout.theme, base)
    if brief.layout.colour == "grayscale":
        theme = theme.greyed()
    return theme


def build_pdf(
    brief: Brief, base: Path, generated: datetime, chart_maker: ChartMaker | None = None
) -> Built:
    """Lay out and render ``brief`` (assets relative to folder ``base``)."""
    theme = theme_for(brief, base)
    rendered, fill = _render_at(brief, theme, 1.0, generated, chart_maker)
    return Built(
        pdf=rendered.pdf, pages=rendered.pages, scale=1.0, fill=fill, frames=rendered.frames
    )


def _render_at(
    brief: Brief, theme: Theme, scale: float, generated: datetime, chart_maker: ChartMaker | None
) -> tuple[Rendered, float]:
    scaled = theme.scaled(scale) if scale != 1.0 else theme
    fonts = register_fonts(scaled)
    styles = make_styles(scaled, fonts)
    side = brief.layout.sidebar
    geo = geometry(scaled, brief.layout.paper, side, bool(brief.marking))
    story = build_story(
        brief,
        scaled,
        fonts,
        styles,
        geo.main_width,
        geo.sidebar_width - 2 * scaled.spacing.block_padding if side != "none" else 0.0,
        chart_maker=chart_maker,
    )
    header = stack_height(story.header, geo.text_width) + scaled.spacing.section * 1.2
    running = styles.footer.leading + scaled.spacing.section
    from dataclasses import replace

    geo = replace(geo, header_height=header, running_height=running)
    used = stack_height(story.main, geo.main_width)
    rendered = render_pdf(brief, scaled, fonts, styles, geo, story, generated)
    fill = used / (geo.body_height(True) + (rendered.pages - 1) * geo.body_height(False))
    return rendered, min(fill, 1.0)
