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
        banner=(p.banner_height_mm * mm + p.banner_gap_mm * mm) if has_marking else 0.0,
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
    change_label: ParagraphStyle
    change: ParagraphStyle
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
    t, c, s, y = theme.type, theme.colours, theme.spacing, theme.styles
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
    smaller = max(small * y.smaller, t.floor_small)
    return Styles(
        body=body,
        bullet=style(
            "bullet",
            t.body,
            leftIndent=t.body * y.bullet_indent,
            bulletIndent=t.body * y.bullet_hang,
            spaceAfter=s.paragraph * y.bullet_after,
            bulletFontName=fonts.regular,
        ),
        heading=style(
            "heading",
            t.heading,
            fonts.bold,
            textColor=accent,
            spaceBefore=s.section,
            spaceAfter=s.paragraph * y.heading_after,
            keepWithNext=1,
            leading=t.heading * y.heading_leading,
        ),
        title=style(
            "title", t.title, fonts.bold, textColor=accent, leading=t.title * y.title_leading
        ),
        subtitle=style(
            "subtitle", t.subtitle, textColor=muted, spaceBefore=t.subtitle * y.subtitle_before
        ),
        meta=style("meta", small, textColor=muted, spaceBefore=small * y.meta_before),
        org=style("org", small, fonts.bold, textColor=accent, spaceAfter=small * y.org_after),
        bluf_label=style(
            "bluf_label",
            small,
            fonts.bold,
            textColor=colour(c.bluf_rule),
            spaceAfter=y.bluf_label_after,
        ),
        bluf=style("bluf", t.bluf, leading=t.bluf * t.leading),
        change_label=style(
            "change_label",
            small,
            fonts.bold,
            textColor=colour(c.change_rule),
            spaceAfter=y.bluf_label_after,
        ),
        change=style(
            "change",
            max(t.body * theme.editions.line_size, small),
            leftIndent=t.body * y.bullet_indent,
            bulletIndent=t.body * y.bullet_hang,
            spaceAfter=s.paragraph * y.bullet_after,
            bulletFontName=fonts.regular,
        ),
        quote=style(
            "quote", t.body * y.quote_size, fonts.italic, spaceAfter=s.paragraph * y.quote_after
        ),
        quote_by=style("quote_by", small, textColor=muted),
        claims_title=style(
            "claims_title",
            t.heading,
            fonts.bold,
            textColor=accent,
            leading=t.heading * y.heading_leading,
        ),
        chart_title=style(
            "chart_title",
            t.heading,
            fonts.bold,
            textColor=accent,
            leading=t.heading * y.heading_leading,
            spaceBefore=s.section * y.chart_title_before,
            spaceAfter=s.paragraph * y.chart_title_after,
            keepWithNext=1,
        ),
        attribution=style(
            "attribution", small * y.label_size, fonts.bold, textColor=colour(c.claims_rule)
        ),
        claim_label=style("claim_label", t.body),
        claim_value=style("claim_value", t.body, fonts.bold, alignment=TA_RIGHT),
        note=style("note", small, textColor=muted),
        analysis_label=style(
            "analysis_label", small * y.label_size, fonts.bold, textColor=colour(c.analysis_ink)
        ),
        side_heading=style(
            "side_heading",
            t.heading,
            fonts.bold,
            textColor=accent,
            spaceAfter=s.paragraph,
            keepWithNext=1,
            leading=t.heading * y.heading_leading,
        ),
        side_label=style(
            "side_label",
            small,
            fonts.bold,
            textColor=muted,
            keepWithNext=1,
            leading=small * y.label_leading,
        ),
        side_value=style(
            "side_value",
            t.body * y.side_value_size,
            leading=t.body * y.side_value_size * y.side_value_leading,
        ),
        side_note=style(
            "side_note",
            smaller,
            textColor=muted,
            spaceAfter=s.paragraph * y.side_note_after,
            leading=small * y.note_leading,
        ),
        source=style(
            "source",
            small,
            leftIndent=small * y.source_indent,
            firstLineIndent=-small * y.source_indent,
            spaceAfter=small * y.source_after,
            leading=small * y.source_leading,
        ),
        banner=style(
            "banner",
            t.banner,
            fonts.bold,
            textColor=colour(c.banner_ink),
            alignment=TA_CENTER,
            leading=t.banner * y.banner_leading,
        ),
        footer=style(
            "footer", smaller, textColor=muted, alignment=TA_LEFT, leading=small * y.note_leading
        ),
        footer_right=style(
            "footer_right",
            smaller,
            textColor=muted,
            alignment=TA_RIGHT,
            leading=small * y.note_leading,
        ),
        figure=style(
            "figure", t.figure, fonts.bold, textColor=accent, leading=t.figure * y.figure_leading
        ),
        figure_label=style("figure_label", small, leading=small * y.label_leading),
        placeholder=style("placeholder", small, textColor=muted, alignment=TA_CENTER),
    )
