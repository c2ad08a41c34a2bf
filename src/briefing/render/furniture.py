"""The page furniture: what every page carries around the flow, drawn once the page count is
known (marking banners, TLP labels, running header, footer with "page X of Y").

Every length comes from the theme (``theme.page``, ``theme.spacing``, ``theme.furniture``).
Tagging marks all of it as artifacts, out of the reading order (:mod:`briefing.layout.tagging`).
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefing import __version__
from briefing.editions.words import edition_words
from briefing.layout.bidiparagraph import any_paragraph
from briefing.layout.fit import Layout
from briefing.layout.styles import colour
from briefing.markings import TLP_BACKGROUND, TLP_COLOURS, TLP_MIN_SIZE, banner_colours
from briefing.materials.text import escape, plain, to_markup
from briefing.model import TLP_LABELS


class Furniture:
    """Draws the furniture of the pages of one brief."""

    def __init__(self, layout: Layout, generated: datetime) -> None:
        self.brief, self.theme, self.fonts = layout.brief, layout.theme, layout.fonts
        self.styles, self.geo, self.generated = layout.styles, layout.geo, generated

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        """Everything page ``page`` of ``total`` carries at its edges."""
        g = self.geo
        if page > 1:
            self._running_page_number(canvas, page, total)
        self._footer(canvas, page, total)
        if self.brief.marking:
            self._banner(canvas, g.margin)
        if self.brief.tlp:
            self._tlp_labels(canvas)

    def pack_page(self, canvas: Canvas, number: int, total: int) -> None:
        """Where the page stands in a pack ("Pack page N of M"), in the footer, left of the
        bottom TLP label: nothing a brief prints alone moves for it."""
        g, f = self.geo, self.theme.furniture
        height = TLP_MIN_SIZE * f.tlp_height  # the row of the bottom TLP label
        gap = min(g.margin * f.tlp_gap, f.tlp_gap_mm * mm)
        words = Paragraph(f"Pack page {number} of {total}", self.styles.footer)
        _, h = words.wrap(g.text_width * self.theme.furniture.running_split, 100)
        words.drawOn(canvas, g.margin, g.margin - gap - (height + h) / 2)

    def blank(self, canvas: Canvas, words: str) -> None:
        """A page left blank: the banners and TLP labels, and ``words`` in its middle."""
        g = self.geo
        self.top_banner(canvas)
        if self.brief.marking:
            self._banner(canvas, g.margin)
        if self.brief.tlp:
            self._tlp_labels(canvas)
        style = ParagraphStyle("blank", parent=self.styles.meta, alignment=TA_CENTER)
        text = Paragraph(escape(words), style)
        _, h = text.wrap(g.text_width, g.height)
        text.drawOn(canvas, g.margin, (g.height - h) / 2)

    def _tlp_labels(self, canvas: Canvas) -> None:
        """The TLP label, right-aligned above the page's header and below its footer: at least
        12 pt, in its TLP 2.0 colour on black, whatever the fit's scale."""
        g = self.geo
        assert self.brief.tlp is not None
        label = TLP_LABELS[self.brief.tlp]
        size = TLP_MIN_SIZE
        font = self.fonts.bold
        f = self.theme.furniture
        width = canvas.stringWidth(label, font, size) + size * 2 * f.tlp_padding
        height = size * f.tlp_height
        right = g.margin + g.text_width
        gap = min(g.margin * f.tlp_gap, f.tlp_gap_mm * mm)
        for y in (g.height - g.margin + gap, g.margin - gap - height):
            canvas.saveState()
            canvas.setFillColor(colour(TLP_BACKGROUND))
            canvas.rect(right - width, y, width, height, stroke=0, fill=1)
            canvas.setFillColor(colour(TLP_COLOURS[self.brief.tlp]))
            canvas.setFont(font, size)
            canvas.drawRightString(right - size * f.tlp_padding, y + size * f.tlp_baseline, label)
            canvas.restoreState()

    def top_banner(self, canvas: Canvas) -> None:
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
        inset = self.theme.furniture.banner_inset
        _, h = text.wrap(g.text_width - 2 * inset, height)
        lift = style.fontSize * self.theme.furniture.banner_lift  # optical centre of capitals
        text.drawOn(canvas, g.margin + inset, y + (height - h) / 2 + lift)

    def running_header(self, canvas: Canvas) -> None:
        g, st = self.geo, self.styles
        top = g.height - g.margin - g.banner
        title = plain(self.brief.title)
        if len(title) > 90:
            title = title[:88].rstrip() + "…"
        text = f"<b>{to_markup(title, self.fonts)}</b>"
        if self.brief.edition is not None:  # which edition a loose page belongs to
            text += f"  ·  {escape(edition_words(self.brief.edition).capitalize())}"
        left = any_paragraph(text, st.footer, self.fonts)
        f = self.theme.furniture
        _, h = left.wrap(g.text_width * f.running_split, 100)
        left.drawOn(canvas, g.margin, top - h)
        canvas.saveState()
        canvas.setStrokeColor(colour(self.theme.colours.rule))
        canvas.setLineWidth(self.theme.spacing.rule)
        rule_y = top - h - f.running_rule_gap
        canvas.line(g.margin, rule_y, g.margin + g.text_width, rule_y)
        canvas.restoreState()

    def _running_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        g, st = self.geo, self.styles
        top = g.height - g.margin - g.banner
        right = Paragraph(f"Page {page} of {total}", st.footer_right)
        split = self.theme.furniture.running_split
        _, h = right.wrap(g.text_width * (1 - split), 100)
        right.drawOn(canvas, g.margin + g.text_width * split, top - h)

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
        f = self.theme.furniture
        _, h = left.wrap(g.text_width * f.running_split, 100)
        base = y + (g.footer - h) / 2 - f.footer_drop
        left.drawOn(canvas, g.margin, base)
        right.wrap(g.text_width * (1 - f.running_split), 100)
        right.drawOn(canvas, g.margin + g.text_width * f.running_split, base)
        canvas.saveState()
        canvas.setStrokeColor(colour(self.theme.colours.rule))
        canvas.setLineWidth(self.theme.spacing.rule)
        rule_y = y + g.footer - f.footer_rule_gap
        canvas.line(g.margin, rule_y, g.margin + g.text_width, rule_y)
        canvas.restoreState()


def _grey(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    level = round(0.2126 * r + 0.7152 * g + 0.0722 * b)
    return f"#{level:02x}{level:02x}{level:02x}"
