"""Paragraph styles and page geometry derived from a theme (ReportLab units: points)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from briefing.materials.fonts import FontSet
from briefing.theme import Theme

PAPER = {"a4": A4, "letter": LETTER}

#: The smallest full-width frame below the sidebar worth opening (about three lines of text).
MIN_WIDE_FRAME = 36.0


@dataclass(frozen=True)
class Geometry:
    """Where everything goes on a page. ``side`` is the sidebar side ('none' for no sidebar)."""

    width: float
    height: float
    margin: float
    banner: float
    footer: float
    gutter: float
    side: str
    sidebar_fraction: float
    header_height: float = 0.0  # page 1 header band, measured from the brief
    running_height: float = 0.0  # continuation pages' running header
    later_sidebar: bool = True  # False: the sidebar ends on page 1, later pages use full width
    sidebar_region: float = 0.0  # height of the sidebar on page 1 (0: the full body height)
    beside: float = 0.0  # height of the main column beside it (0: the sidebar's and a gutter)

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def sidebar_width(self) -> float:
        return 0.0 if self.side == "none" else self.text_width * self.sidebar_fraction

    @property
    def main_width(self) -> float:
        if self.side == "none":
            return self.text_width
        return self.text_width - self.sidebar_width - self.gutter

    @property
    def main_x(self) -> float:
        if self.side == "left":
            return self.margin + self.sidebar_width + self.gutter
        return self.margin

    @property
    def sidebar_x(self) -> float:
        if self.side == "left":
            return self.margin
        return self.margin + self.main_width + self.gutter

    def sidebar_frame(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the sidebar on page 1."""
        height = self.sidebar_region or self.body_height(True)
        return (self.sidebar_x, self.body_top(True) - height, self.sidebar_width, height)

    @property
    def beside_height(self) -> float:
        """How far the main column runs beside the sidebar before the full width starts: to
        the gutter below the sidebar, or further when a block that stays whole ends lower
        (:func:`briefing.layout.fit.prepare` sets :attr:`beside`)."""
        return max(self.beside, self.sidebar_region + self.gutter)

    def first_frames(self) -> list[tuple[float, float, float, float]]:
        """The main flow's frames on page 1: beside the sidebar, then full width from where
        the column beside it ends, with no gap between the two (the text runs on)."""
        if self.side == "none":
            return [(self.margin, self.body_bottom, self.text_width, self.body_height(True))]
        region = self.beside_height
        below = self.body_height(True) - region
        if not self.sidebar_region or below < MIN_WIDE_FRAME:
            return [self.main_frame(True)]
        top = self.body_top(True)
        return [
            (self.main_x, top - region, self.main_width, region),
            (self.margin, self.body_bottom, self.text_width, below),
        ]

    def main_frame(self, first: bool) -> tuple[float, float, float, float]:
        """x, y, width, height of the main column on page 1 or a continuation page."""
        if first or self.later_sidebar:
            return (self.main_x, self.body_bottom, self.main_width, self.body_height(first))
        return (self.margin, self.body_bottom, self.text_width, self.body_height(first))

    @property
    def body_bottom(self) -> float:
        return self.margin + self.banner + self.footer

    def body_top(self, first: bool) -> float:
        top = self.height - self.margin - self.banner
        return top - (self.header_height if first else self.running_height)

    def body_height(self, first: bool) -> float:
        return self.body_top(first) - self.body_bottom


def geometry(theme: Theme, paper: str, side: str, has_marking: bool) -> Geometry:
    width, height = PAPER[paper]
    p = theme.page
    return Geometry(
        width=width,
        height=height,
        margin=p.margin_mm * mm,
        banner=(p.banner_height_mm * mm + 2 * mm) if has_marking else 0.0,
        footer=p.footer_height_mm * mm,
        gutter=p.gutter_mm * mm,
        side=side,
        sidebar_fraction=p.sidebar_fraction,
    )


def colour(hex_colour: str) -> Color:
    return HexColor(hex_colour)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one (possibly scaled) theme."""

    body: ParagraphStyle
    bullet: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta: ParagraphStyle
    org: ParagraphStyle
    bluf_label: ParagraphStyle
    bluf: ParagraphStyle
    quote: ParagraphStyle
    quote_by: ParagraphStyle
    claims_title: ParagraphStyle
    chart_title: ParagraphStyle
    attribution: ParagraphStyle
    claim_label: ParagraphStyle
    claim_value: ParagraphStyle
    note: ParagraphStyle
    analysis_label: ParagraphStyle
    side_heading: ParagraphStyle
    side_label: ParagraphStyle
    side_value: ParagraphStyle
    side_note: ParagraphStyle
    source: ParagraphStyle
    banner: ParagraphStyle
    footer: ParagraphStyle
    footer_right: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    placeholder: ParagraphStyle


def make_styles(theme: Theme, fonts: FontSet) -> Styles:
    t, c, s = theme.type, theme.colours, theme.spacing
    ink, muted, accent = colour(c.ink), colour(c.muted), colour(c.accent)

    def style(name: str, size: float, font: str = fonts.regular, **kw: object) -> ParagraphStyle:
        kw.setdefault("leading", size * t.leading)
        kw.setdefault("textColor", ink)
        return ParagraphStyle(
            name, fontName=font, fontSize=size, allowWidows=0, allowOrphans=0, **kw
        )

    body = style("body", t.body, spaceAfter=s.paragraph)
    small = t.small
    # footers and sidebar source lines are set a little under the note size, never below the floor
    smaller = max(small * 0.95, t.floor_small)
    return Styles(
        body=body,
        bullet=style(
            "bullet",
            t.body,
            leftIndent=t.body * 1.1,
            bulletIndent=t.body * 0.15,
            spaceAfter=s.paragraph * 0.5,
            bulletFontName=fonts.regular,
        ),
        heading=style(
            "heading",
            t.heading,
            fonts.bold,
            textColor=accent,
            spaceBefore=s.section,
            spaceAfter=s.paragraph * 0.6,
            keepWithNext=1,
            leading=t.heading * 1.2,
        ),
        title=style("title", t.title, fonts.bold, textColor=accent, leading=t.title * 1.12),
        subtitle=style("subtitle", t.subtitle, textColor=muted, spaceBefore=t.subtitle * 0.2),
        meta=style("meta", small, textColor=muted, spaceBefore=small * 0.5),
        org=style("org", small, fonts.bold, textColor=accent, spaceAfter=small * 0.3),
        bluf_label=style(
            "bluf_label", small, fonts.bold, textColor=colour(c.bluf_rule), spaceAfter=1
        ),
        bluf=style("bluf", t.bluf, leading=t.bluf * t.leading),
        quote=style("quote", t.body * 1.02, fonts.italic, spaceAfter=s.paragraph * 0.5),
        quote_by=style("quote_by", small, textColor=muted),
        claims_title=style(
            "claims_title", t.heading, fonts.bold, textColor=accent, leading=t.heading * 1.2
        ),
        chart_title=style(
            "chart_title",
            t.heading,
            fonts.bold,
            textColor=accent,
            leading=t.heading * 1.2,
            spaceBefore=s.section * 0.6,
            spaceAfter=s.paragraph * 0.5,
            keepWithNext=1,
        ),
        attribution=style("attribution", small * 1.05, fonts.bold, textColor=colour(c.claims_rule)),
        claim_label=style("claim_label", t.body),
        claim_value=style("claim_value", t.body, fonts.bold, alignment=TA_RIGHT),
        note=style("note", small, textColor=muted),
        analysis_label=style(
            "analysis_label", small * 1.05, fonts.bold, textColor=colour(c.analysis_ink)
        ),
        side_heading=style(
            "side_heading",
            t.heading,
            fonts.bold,
            textColor=accent,
            spaceAfter=s.paragraph,
            keepWithNext=1,
            leading=t.heading * 1.2,
        ),
        side_label=style(
            "side_label", small, fonts.bold, textColor=muted, keepWithNext=1, leading=small * 1.25
        ),
        side_value=style("side_value", t.body * 0.96, leading=t.body * 0.96 * 1.25),
        side_note=style(
            "side_note",
            smaller,
            textColor=muted,
            spaceAfter=s.paragraph * 1.4,
            leading=small * 1.2,
        ),
        source=style(
            "source",
            small,
            leftIndent=small * 2.2,
            firstLineIndent=-small * 2.2,
            spaceAfter=small * 0.25,
            leading=small * 1.3,
        ),
        banner=style(
            "banner",
            t.banner,
            fonts.bold,
            textColor=colour(c.banner_ink),
            alignment=TA_CENTER,
            leading=t.banner * 1.1,
        ),
        footer=style("footer", smaller, textColor=muted, alignment=TA_LEFT, leading=small * 1.2),
        footer_right=style(
            "footer_right",
            smaller,
            textColor=muted,
            alignment=TA_RIGHT,
            leading=small * 1.2,
        ),
        figure=style("figure", t.figure, fonts.bold, textColor=accent, leading=t.figure * 1.1),
        figure_label=style("figure_label", small, leading=small * 1.25),
        placeholder=style("placeholder", small, textColor=muted, alignment=TA_CENTER),
    )
