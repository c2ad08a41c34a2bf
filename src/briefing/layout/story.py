"""Stage 3, layout: a :class:`Brief` and a :class:`Theme` -> flowables for each page region.

Takes the typed brief, the theme's styles and the page geometry and returns a :class:`Story`:
the header band, the main flow (bottom line, sections, claims, charts, analysis, sources) and the
sidebar (key facts, timeline, distribution). Rendering places them on page templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from briefing.fonts import FontSet
from briefing.layout.bidi import has_rtl
from briefing.layout.bidiparagraph import BidiParagraph
from briefing.layout.grid import GridTable
from briefing.layout.measure import Paragraph
from briefing.layout.styles import Styles, colour
from briefing.layout.tagging import GROUP, Node, tag, untagged
from briefing.model import (
    CONFIDENCE_WORDS,
    Analysis,
    Brief,
    Chart,
    Claim,
    Claims,
    Quote,
    Section,
    attribution,
)
from briefing.model import (
    Block as SectionBlock,
)
from briefing.numbers import format_date, format_figure
from briefing.text import escape, keep_together, paragraphs, plain, to_markup
from briefing.theme import Theme
from briefing.validate.citations import ANCHOR, CITATION, link_markup, with_citations
from briefing.world import World

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


def _pieces(flowable: Flowable, width: float) -> list[Flowable]:
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


def _box(
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
    pad = ctx.theme.spacing.block_padding
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), rule_width or ctx.theme.spacing.accent_rule, rule),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.3),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.35),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if len(rows) > 1:  # the label never stands alone at the foot of a page
        commands.append(("NOSPLIT", (0, 0), (0, min(2, len(rows) - 1))))
        commands.append(("NOSPLIT", (0, max(len(rows) - 2, 0)), (0, len(rows) - 1)))
    if top_fill is not None:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), top_fill),
            ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.6),
            ("TOPPADDING", (0, 1), (-1, 1), pad * 0.6),
        ]
    # the table takes the frame's width ("100%"); ``width`` only sizes the cut of long rows
    rows = [piece for row in rows for piece in _pieces(row, width - pad * 2.3)]
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


# --------------------------------------------------------------------------- header


def build_header(ctx: Context, logo: Flowable | None) -> list[Flowable]:
    b, st, node = ctx.brief, ctx.styles, ctx.structure
    out: list[Flowable] = []
    if b.organisation:
        out.append(tag(ctx.para(b.organisation, st.org), node.add("P")))
    out.append(tag(ctx.para(b.title, st.title), node.add("H1", bookmark=plain(b.title))))
    if b.subtitle:
        out.append(tag(ctx.para(b.subtitle, st.subtitle), node.add("P")))
    meta = [f"<b>As of {format_date(b.date)}</b>"]
    if b.reference:
        meta.append(f"Ref. {to_markup(b.reference, ctx.fonts)}")
    if b.author:
        meta.append(f"Prepared by {to_markup(b.author, ctx.fonts)}")
    out.append(tag(ctx.words("  ·  ".join(meta), st.meta), node.add("P")))
    if logo is not None:  # the logo is left untagged: page furniture (the text names the body)
        return [_with_logo(out, logo, ctx)]
    return out


def _with_logo(rows: list[Flowable], logo: Flowable, ctx: Context) -> Table:
    """The header text at the left, the logo at the top right."""
    logo_width, _ = logo.wrap(1e6, 1e6)
    return ctx.table(
        [[rows, logo]],
        [None, logo_width + ctx.theme.spacing.block_padding],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ],
    )


# --------------------------------------------------------------------------- main flow


def build_main(ctx: Context) -> list[Block]:
    """The main flow as blocks named by their field (used in fit reports)."""
    b = ctx.brief
    blocks = [Block(("summary",), "", [_bottom_line(ctx)])]
    for i, section in enumerate(b.sections or ()):
        blocks.append(Block(("sections", i), section.heading, _section(ctx, section)))
    tiles = _claim_tiles_chart(b)
    many = isinstance(b.claims, list)
    for i, claims in enumerate(b.claim_blocks):
        path: tuple[str | int, ...] = ("claims", i) if many else ("claims",)
        blocks.append(
            Block(path, claims.source if many else "", [_claims(ctx, claims, tiles is not None)])
        )
    for i, chart in enumerate(b.charts or ()):
        if chart is not tiles:
            blocks.append(Block(("charts", i), chart.title or "", [_chart(ctx, chart)]))
    many = isinstance(b.analysis, list)
    for i, analysis in enumerate(b.analyses):
        path = ("analysis", i) if many else ("analysis",)
        blocks.append(Block(path, analysis.source if many else "", _analysis_box(ctx, analysis)))
    if b.sources:
        blocks.append(Block(("sources",), "", _sources(ctx)))
    return blocks


def _bottom_line(ctx: Context) -> Flowable:
    st = ctx.styles
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark="Bottom line")
    rows: list[Flowable] = [tag(ctx.words("BOTTOM LINE", st.bluf_label), heading)]
    rows += [tag(ctx.para(p, st.bluf), sect.add("P")) for p in paragraphs(ctx.brief.summary)]
    return _box(rows, ctx.main_width, ctx.c("bluf_fill"), ctx.c("bluf_rule"), ctx)


def _heading(ctx: Context, text: str) -> Flowable:
    return ctx.para(text, ctx.styles.heading)


def _section(ctx: Context, section: Section) -> list[Flowable]:
    st = ctx.styles
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark=plain(section.heading))
    out: list[Flowable] = [tag(_heading(ctx, section.heading), heading)]
    if section.blocks is not None:
        for block in section.blocks:
            out += _section_block(ctx, block, sect)
        return out
    for p in paragraphs(section.text or ""):
        out.append(tag(ctx.para(p, st.body), sect.add("P")))
    if section.bullets:
        items = sect.add("L")
        out += [_bullet(ctx, items, item) for item in section.bullets]
    if section.quote is not None:
        out.append(_quote(ctx, section, sect.add("BlockQuote")))
    return out


def _bullet(ctx: Context, items: Node, text: str) -> Flowable:
    """A bulleted paragraph, tagged as an item of list ``items``: bullet Lbl, text LBody."""
    entry = items.add("LI")
    label, body = entry.add("Lbl"), entry.add("LBody")
    return tag(ctx.para(text, ctx.styles.bullet, bullet="•"), body, label)


def _section_block(ctx: Context, block: SectionBlock, sect: Node) -> list[Flowable]:
    """One block of a version-2 section: text, bullets, a quote, a table or a figure, each
    tagged as what it is under the section's node ``sect``."""
    st = ctx.styles
    if block.text is not None:
        return [tag(ctx.para(p, st.body), sect.add("P")) for p in paragraphs(block.text)]
    if block.bullets is not None:
        items = sect.add("L")
        return [_bullet(ctx, items, item) for item in block.bullets]
    if block.quote is not None:  # a short quote is never cut from its speaker
        quote = _quote_of(ctx, block.quote, sect.add("BlockQuote"))
        return [KeepTogether([quote]) if len(paragraphs(block.quote.text)) <= 2 else quote]
    if block.table is not None:
        from briefing.layout.tables import build_table

        return build_table(ctx, block.table, sect)
    if block.figure is not None:
        from briefing.layout.figures import build_figure

        return build_figure(ctx, block.figure, sect)
    return []


def _quote(ctx: Context, section: Section, node: Node) -> Flowable:
    assert section.quote is not None
    return _quote_of(ctx, section.quote, node)


def _quote_of(ctx: Context, q: Quote, node: Node) -> Flowable:
    """A quote and its speaker line, tagged as paragraphs of the block quote ``node``."""
    st = ctx.styles
    parts = paragraphs(q.text)
    rows: list[Flowable] = []
    for i, p in enumerate(parts):
        opening = "“" if i == 0 else ""
        closing = "”" if i == len(parts) - 1 else ""
        text = ctx.words(opening + ctx.markup(p) + closing, st.quote)
        rows.append(tag(text, node.add("P")))
    who = [f"— <b>{to_markup(q.speaker, ctx.fonts)}</b>"]
    if q.role:
        who.append(to_markup(q.role, ctx.fonts))
    if q.date:
        who.append(format_date(q.date))
    line = ", ".join(who)
    if q.context:
        line += f" ({ctx.markup(q.context)})"
    rows.append(tag(ctx.words(line, st.quote_by), node.add("P")))
    pad = ctx.theme.spacing.block_padding
    rows = [piece for row in rows for piece in _pieces(row, ctx.main_width - pad * 1.3)]
    table = ctx.table(
        [[r] for r in rows],
        ["100%"],
        [
            ("LINEBEFORE", (0, 0), (0, -1), ctx.theme.spacing.rule * 2, ctx.c("rule")),
            ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
        splitByRow=1,
    )
    table.spaceBefore = table.spaceAfter = pad * 0.5
    table.hAlign = "LEFT"  # measured in a narrower frame, it stays at the column's left edge
    return table


def _claim_tiles_chart(brief: Brief) -> Chart | None:
    """A ``figures`` chart of the claims is drawn inside the claims block, not a second time
    (one comparing a ``measure`` across parties is a chart of its own)."""
    for chart in brief.charts or ():
        if chart.type == "figures" and chart.from_ == "claims" and chart.measure is None:
            return chart
    return None


def _claims(ctx: Context, claims: Claims, as_tiles: bool = False) -> Flowable:
    """One party's claims: its own box under its own attribution line, never shared."""
    st = ctx.styles
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark=plain(claims.title))
    words = escape(attribution(claims.status, claims.source))
    rows: list[Flowable] = [
        tag(ctx.para(claims.title, st.claims_title), heading),
        tag(ctx.words(words + ctx.cite(claims.cite), st.attribution), sect.add("P")),
    ]
    if as_tiles:
        from briefing.charts.alt import describe_claims
        from briefing.charts.series import block_series
        from briefing.charts.tiles import figure_tiles

        series = block_series(claims)
        table = figure_tiles(ctx, series, claims.status, claims.source)
        chart = _claim_tiles_chart(ctx.brief)  # its title names the tiles of a single party
        title = chart.title if chart is not None and len(ctx.brief.claim_blocks) == 1 else None
        rows.append(tag(table, sect.add("Figure", alt=describe_claims(claims, title))))
    else:
        rows.append(_claims_table(ctx, claims, sect.add("Table")))
    if claims.note:
        rows.append(tag(ctx.para(claims.note, st.note), sect.add("P")))
    box = _box(rows, ctx.main_width, ctx.c("claims_fill"), ctx.c("claims_rule"), ctx, label_rows=2)
    box.spaceBefore = ctx.theme.spacing.section  # space before, dropped at the top of a frame
    return box


def _claims_table(ctx: Context, claims: Claims, node: Node) -> Table:
    """The claimed figures as rows: label, then the figure with its qualifier and unit.

    Tagged as a table whose label cells head their rows.
    """
    st = ctx.styles
    data: list[list[object]] = []
    for item in claims.items:
        label = to_markup(item.label, ctx.fonts) + ctx.cite(item.cite)
        if item.status and item.status != claims.status:
            label += f' <font size="{st.note.fontSize}" color="{ctx.theme.colours.claims_rule}">'
            label += f"({escape(attribution(item.status, claims.source))})</font>"
        figure = _figure_text(ctx, item)
        row = node.add("TR")
        data.append(
            [
                tag(ctx.words(label, st.claim_label), row.add("TH", scope="Row")),
                tag(ctx.words(figure, st.claim_value), row.add("TD")),
            ]
        )
    table = ctx.table(
        data,
        ["62%", "38%"],
        [
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, ctx.c("rule")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
    )
    return table


def _figure_text(ctx: Context, item: Claim) -> str:
    """The claimed figure with its qualifier and unit, and when it was claimed if not as of
    the brief's date."""
    figure = escape(format_figure(item.value, item.qualifier, item.unit))
    if item.as_of is not None and item.as_of != ctx.brief.date:
        size = ctx.styles.note.fontSize
        figure += f'<br/><font size="{size}" color="{ctx.theme.colours.muted}">'
        figure += f"as of {escape(format_date(item.as_of))}</font>"
    return figure


def _chart(ctx: Context, chart: Chart) -> Flowable:
    if ctx.chart_maker is None:
        raise ValueError("charts need a chart maker (pipeline.chart_maker_for)")
    parts = ctx.chart_maker(ctx, chart)
    if parts and not isinstance(
        parts[0], Paragraph | BidiParagraph
    ):  # an untitled chart: the drawing leads
        parts[0].spaceBefore = ctx.theme.spacing.section * 0.6
    parts = _tag_chart(ctx, chart, parts, ctx.structure.add("Div"))
    return KeepTogether(parts)  # its space before (the title's) drops at the top of a frame


def _tag_chart(ctx: Context, chart: Chart, parts: list[Flowable], node: Node) -> list[Flowable]:
    """Title and caption as paragraphs, the drawing as a figure described in words."""
    from briefing.charts.alt import describe_chart

    out: list[Flowable] = []
    for part in parts:
        if isinstance(part, Paragraph | BidiParagraph):
            out.append(tag(part, node.add("P")))
        else:
            out.append(tag(part, node.add("Figure", alt=describe_chart(ctx.brief, chart))))
    return out


def _analysis(ctx: Context) -> list[Flowable]:
    return [box for a in ctx.brief.analyses for box in _analysis_box(ctx, a)]


def _analysis_bookmark(ctx: Context, a: Analysis) -> str:
    """An analysis in the outline: its title, and whose it is when another has that title."""
    same = [other for other in ctx.brief.analyses if other.title == a.title]
    return plain(a.title) if len(same) < 2 else f"{plain(a.title)}: {plain(a.source)}"


def _analysis_box(ctx: Context, a: Analysis) -> list[Flowable]:
    """One analysis: its own box, labelled with whose opinion it is and how confident."""
    st = ctx.styles
    title = a.title
    label = f"{to_markup(title, ctx.fonts)}  ·  {to_markup(a.label, ctx.fonts)}"
    if a.confidence:
        label += f"  ·  {CONFIDENCE_WORDS[a.confidence]}"
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark=_analysis_bookmark(ctx, a))
    rows: list[Flowable] = [tag(ctx.words(label, st.analysis_label), heading)]
    items = sect.add("L")
    rows += [_bullet(ctx, items, point) for point in a.points]
    source = f"Source of this opinion: {to_markup(a.source, ctx.fonts)}"
    rows.append(tag(ctx.words(source, st.note), sect.add("P")))
    box = _box(
        rows,
        ctx.main_width,
        ctx.c("analysis_fill"),
        ctx.c("analysis_rule"),
        ctx,
        repeat_label=True,
    )
    box.spaceBefore = ctx.theme.spacing.section
    return [box]


def _sources(ctx: Context) -> list[Flowable]:
    st = ctx.styles
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark="Sources")
    out: list[Flowable] = [tag(ctx.words("Sources", ctx.styles.heading), heading)]
    items = sect.add("L")
    for n, source in enumerate(ctx.brief.sources or (), start=1):
        parts = [to_markup(source.title, ctx.fonts)]
        if source.publisher:
            parts.append(to_markup(source.publisher, ctx.fonts))
        if source.date:
            parts.append(format_date(source.date))
        text = f"[{n}]\u2002" + ". ".join(p.rstrip(".") for p in parts) + "."
        if ctx.numbers:  # the place citations link to
            text = f'<a name="{ANCHOR.format(number=n)}"/>' + text
        if source.url:
            href = escape(source.url, attribute=True)
            text += f' <a href="{href}" color="{ctx.theme.colours.accent}">{escape(source.url)}</a>'
        out.append(tag(ctx.words(text, st.source), items.add("LI").add("LBody")))
    return out


# --------------------------------------------------------------------------- sidebar


def build_sidebar(ctx: Context, timeline_drawn: bool) -> list[list[Flowable]]:
    """Key facts, the timeline (when no chart draws it) and the distribution, in groups that
    are kept together; a heading travels with the first group under it."""
    b, st = ctx.brief, ctx.styles
    groups: list[list[Flowable]] = []
    if b.key_facts:
        sect = ctx.structure.add("Sect")  # tagging: label and value as a list item each
        heading: list[Flowable] = [
            tag(ctx.words("KEY FACTS", st.side_heading), sect.add("H2", bookmark="Key facts"))
        ]
        items = sect.add("L")
        for fact in b.key_facts:
            item = items.add("LI")
            label, body = item.add("Lbl"), item.add("LBody")
            parts: list[Flowable] = [*heading, tag(ctx.para(fact.label, st.side_label), label)]
            parts += [tag(ctx.para(p, st.side_value), body) for p in paragraphs(fact.value)]
            note = f"Source: {ctx.markup(fact.source)}" if fact.source else ""
            if fact.cite:
                note = (note + ctx.cite(fact.cite)).strip()
            spacer = ctx.words(note, st.side_note)  # kept when empty: it spaces the facts
            parts.append(tag(spacer, body) if note else spacer)
            groups.append(parts)
            heading = []
    if b.timeline and not timeline_drawn:
        sect = ctx.structure.add("Sect")
        heading = [tag(ctx.words("TIMELINE", st.side_heading), sect.add("H2"))]
        items = sect.add("L")
        for event in sorted(b.timeline, key=lambda e: e.date):
            item = items.add("LI")
            when = ctx.words(escape(format_date(event.date)).upper(), st.side_label)
            groups.append(
                [
                    *heading,
                    tag(when, item.add("Lbl")),
                    tag(ctx.para(event.event, st.side_value), item.add("LBody")),
                    Spacer(1, st.side_note.spaceAfter),
                ]
            )
            heading = []
    if b.distribution:
        sect = ctx.structure.add("Sect")
        names = ", ".join(to_markup(r.name, ctx.fonts) for r in b.distribution)
        groups.append(
            [
                tag(ctx.words("DISTRIBUTION", st.side_label), sect.add("H2")),
                tag(ctx.words(names, st.side_note), sect.add("P")),
            ]
        )
    return groups


def build_story(
    brief: Brief,
    theme: Theme,
    fonts: FontSet,
    styles: Styles,
    main_width: float,
    sidebar_width: float,
    world: World,
    logo: Flowable | None = None,
    chart_maker: ChartMaker | None = None,
    images: Mapping[str, Flowable] | None = None,
) -> Story:
    """Build the flowables of every page region for ``brief`` (``images``: the figures'
    pictures by their file name in the brief, loaded by the pipeline)."""
    ctx = Context(brief, theme, fonts, styles, main_width, chart_maker, world, images)
    timeline_drawn = (
        any(c.type == "timeline" for c in brief.charts or ()) and chart_maker is not None
    )
    # tagging: each region's builders add their nodes to a group of their own
    head, main, side = ctx.structure, Node(GROUP), Node(GROUP)
    ctx.structure = side
    sidebar = build_sidebar(ctx, timeline_drawn) if sidebar_width else []
    ctx.structure = main
    blocks = build_main(ctx)
    if not sidebar_width:
        # no sidebar: the key facts lead the main flow, after the bottom line
        ctx.structure = side
        groups = build_sidebar(ctx, timeline_drawn)
        if groups:
            facts: list[Flowable] = [KeepTogether(group) for group in groups]
            blocks.insert(1, Block(("key_facts",), "", facts))
    ctx.structure = head
    header = build_header(ctx, logo)
    # reading order: the header, the bottom line, then the key facts (the sidebar sits beside
    # the top of the narrative, and without a sidebar they follow the bottom line on the
    # page too), then the rest of the main flow
    structure = Node("Document", kids=[head, *main.kids[:1], side, *main.kids[1:]])
    return Story(header=header, blocks=blocks, sidebar=sidebar, structure=structure)
