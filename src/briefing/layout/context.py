"""What the block builders of the layout share: the :class:`Context` (brief, theme tokens, fonts,
styles, widths, the world), the named :class:`Block` and the :class:`Story` they make, and the
tinted box that bottom line, claims and analysis are set in (one row per flowable, so that it
splits between rows and spans the column it lands in).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from briefing.layout.bidiparagraph import BidiParagraph
from briefing.layout.grid import GridTable
from briefing.layout.measure import Paragraph
from briefing.layout.styles import Styles, colour
from briefing.layout.tagging import GROUP, Node, untagged
from briefing.materials.bidi import has_rtl
from briefing.materials.citations import CITATION, link_markup, with_citations
from briefing.materials.fonts import FontSet
from briefing.materials.text import keep_together, to_markup, weigh_fallbacks
from briefing.model import (
    Brief,
    Chart,
)
from briefing.theme import Theme
from briefing.world import World

if (
    TYPE_CHECKING
):  # annotations only: making Change costs ~1.5 ms, and a brief that is no edition has none
    from briefing.editions.changes import Change

#: Draws one chart as flowables ``ctx.main_width`` wide (the charts stage plugs in here).
ChartMaker = Callable[["Context", Chart], list[Flowable]]


@dataclass
class Block:
    """A part of the main flow, named by the field it comes from (for fit reports)."""

    path: tuple[str | int, ...]
    label: str
    flowables: list[Flowable]

    @property
    def name(self) -> str:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path)
        where = where.lstrip(".")
        return f"{where} ({self.label})" if self.label else where


@dataclass
class Story:
    """What goes where: header band (page 1), main flow in named blocks, sidebar flow."""

    header: list[Flowable]
    blocks: list[Block]
    sidebar: list[list[Flowable]]  # groups, each kept together on one page
    # tagging: the logical structure, in reading order; the flowables name its nodes
    structure: Node = field(default_factory=lambda: Node("Document"))

    @property
    def sidebar_flat(self) -> list[Flowable]:
        return [flowable for group in self.sidebar for flowable in group]

    @property
    def main(self) -> list[Flowable]:
        return [flowable for block in self.blocks for flowable in block.flowables]


class FlexTable(GridTable):
    """A Table that spans the frame it is placed in, before and after a split (:mod:`grid`)."""


class Context:
    """Styles, fonts and tokens the block builders share."""

    def __init__(
        self,
        brief: Brief,
        theme: Theme,
        fonts: FontSet,
        styles: Styles,
        main_width: float,
        chart_maker: ChartMaker | None,
        world: World,
        images: Mapping[str, Flowable] | None = None,
    ) -> None:
        self.brief, self.theme, self.fonts, self.styles = brief, theme, fonts, styles
        self.main_width = main_width
        self.chart_maker = chart_maker
        self.world = world  # charts keep their drawings in its cache
        self.images = images or {}
        #: source id -> its number in the sources list (version 2 citations)
        self.numbers = brief.source_numbers
        self.structure = Node(GROUP)  # tagging: where the builders add the nodes they make
        #: what changed since the previous edition (numbered ``previous``; None without one)
        #: and the paths of the parts that carry a change bar (:mod:`briefing.layout.edition`)
        self.changes: tuple[Change, ...] = ()
        self.previous: int | None = None
        #: the most lines the box of what changed lists (None: the theme's editions.limit)
        self.box_limit: int | None = None
        self.marks: frozenset[tuple[str | int, ...]] = frozenset()

    def markup(self, text: str) -> str:
        """Markup for one paragraph of brief text: our inline marks, and citations printed as
        the cited sources' numbers, each a link to its entry in the sources list."""
        if self.numbers and CITATION.search(text):
            return with_citations(
                text, self.numbers, self.theme.colours.accent, lambda t: to_markup(t, self.fonts)
            )
        return to_markup(text, self.fonts)

    def cite(self, ids: list[str] | None) -> str:
        """Markup for a ``cite:`` list: ' [1, 3]' with links (empty when there is none)."""
        if not ids:
            return ""
        return " " + link_markup(ids, self.numbers, self.theme.colours.accent)

    def para(self, text: str, style: ParagraphStyle, bullet: str | None = None) -> Flowable:
        """A paragraph of brief text: escaped, with only our inline marks as markup, and
        citations printed as links; right-to-left text set by :mod:`bidiparagraph`."""
        return self.words(self.markup(text), style, bullet)

    def words(self, markup: str, style: ParagraphStyle, bullet: str | None = None) -> Flowable:
        """A paragraph of our own words (already safe markup); one holding right-to-left text
        is set by the bidi algorithm (:mod:`briefing.layout.bidiparagraph`). Dates and numbers with
        their units do not break across lines (:func:`keep_together`)."""
        markup = keep_together(markup)
        heavy = style.fontName in (self.fonts.bold, self.fonts.bold_italic)
        markup = weigh_fallbacks(markup, self.fonts, heavy)  # bold Armenian stays bold
        if has_rtl(markup):
            return BidiParagraph(markup, style, self.fonts, bullet)
        return Paragraph(markup, style, bulletText=bullet)

    def c(self, name: str) -> Color:
        return colour(getattr(self.theme.colours, name))

    def table(
        self,
        data: list[list[object]],
        widths: list[float | str | None],
        commands: list[tuple[object, ...]],
        **kwargs: object,
    ) -> Table:
        """A platypus Table in the theme's font (its default cell font is Helvetica)."""
        table = FlexTable(data, colWidths=widths, **kwargs)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands]))
        return table


#: The tallest row a box keeps whole (points); longer paragraphs become several rows.
ROW_LIMIT = 240.0


def pieces(flowable: Flowable, width: float) -> list[Flowable]:
    if not isinstance(untagged(flowable), Paragraph | BidiParagraph):  # parts stay tagged
        return [flowable]
    pieces: list[Flowable] = []
    rest: Flowable = flowable
    while rest.wrap(width, 1e9)[1] > ROW_LIMIT:
        parts = rest.split(width, ROW_LIMIT)
        if len(parts) < 2:
            break
        pieces.append(parts[0])
        rest = parts[1]
    return [*pieces, rest]


def tinted_box(
    rows: list[Flowable],
    width: float,
    fill: Color,
    rule: Color,
    ctx: Context,
    rule_width: float | None = None,
    top_fill: Color | None = None,
    repeat_label: bool = False,
    label_rows: int = 1,
) -> Table:
    """A tinted block with an accent rule at its left, one row per flowable (so it can split).

    A paragraph taller than :data:`ROW_LIMIT` is cut into several rows first: platypus can
    split a table only between rows, and a row taller than a page could never be placed.

    With ``repeat_label`` the first row (the label saying whose words these are) is repeated
    at the top of the part that continues on the next page. A box kept whole that would leave
    more white than the theme's ``page_hole_mm`` at a page's foot splits there instead, its
    first ``label_rows`` rows repeated (:meth:`~briefing.layout.grid.GridTable.loosen`).
    """
    pad, b = ctx.theme.spacing.block_padding, ctx.theme.boxes
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), rule_width or ctx.theme.spacing.accent_rule, rule),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * b.inset),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * b.row_gap),
        ("TOPPADDING", (0, 0), (-1, 0), pad * b.top),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * b.bottom),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if len(rows) > 1:  # the label never stands alone at the foot of a page
        commands.append(("NOSPLIT", (0, 0), (0, min(2, len(rows) - 1))))
        commands.append(("NOSPLIT", (0, max(len(rows) - 2, 0)), (0, len(rows) - 1)))
    if top_fill is not None:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), top_fill),
            ("BOTTOMPADDING", (0, 0), (-1, 0), pad * b.label_gap),
            ("TOPPADDING", (0, 1), (-1, 1), pad * b.label_gap),
        ]
    # the table takes the frame's width ("100%"); ``width`` only sizes the cut of long rows
    rows = [piece for row in rows for piece in pieces(row, width - pad * (b.inset + 1))]
    keeps = [command for command in commands if command[0] == "NOSPLIT"]
    table = ctx.table(
        [[row] for row in rows],
        ["100%"],
        commands,
        splitByRow=1,
        repeatRows=1 if repeat_label and len(rows) > 2 else 0,
    )
    # the split-at-the-foot table is made afresh: it needs the theme's font as well (a cell's
    # default is Helvetica, which would put an unembedded standard font in the PDF)
    font = ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.regular)
    loose = [font, *(command for command in commands if command not in keeps)]
    table.loosen([[row] for row in rows], loose, label_rows, ctx.theme.spacing.page_hole_mm * mm)
    return table
