"""Stage 3, layout: a :class:`Brief` and a :class:`Theme` -> flowables for each page region.

Takes the typed brief, the theme's styles and the page geometry and returns a :class:`Story`:
the header band, the main flow (bottom line, sections, claims, charts, analysis, sources) and the
sidebar (key facts, timeline, distribution). Rendering places them on page templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, KeepTogether, Table

# --------------------------------------------------------------------------- header
from briefing.editions.words import edition_line
from briefing.layout.bidiparagraph import BidiParagraph
from briefing.layout.claims import claim_tiles_chart, claims_box
from briefing.layout.context import (
    ROW_LIMIT,
    Block,
    ChartMaker,
    Context,
    Story,
    pieces,
    tinted_box,
)
from briefing.layout.edition import BOX_PATH, bar, edition_block
from briefing.layout.measure import Paragraph
from briefing.layout.sidebar import build_sidebar
from briefing.layout.styles import Styles
from briefing.layout.tagging import GROUP, Node, tag, untagged
from briefing.materials.citations import ANCHOR
from briefing.materials.fonts import FontSet
from briefing.materials.text import escape, literal, paragraphs, plain, to_markup
from briefing.model import (
    CONFIDENCE_WORDS,
    Analysis,
    Brief,
    Chart,
    Quote,
    Section,
)
from briefing.model import (
    Block as SectionBlock,
)
from briefing.numbers import format_date
from briefing.theme import Theme
from briefing.world import World

if (
    TYPE_CHECKING
):  # annotations only: making Change costs ~1.5 ms, and a brief that is no edition has none
    from briefing.editions.changes import Change, Path


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
    if b.edition is not None:  # which edition of a series, issued when, the next when
        out.append(tag(ctx.words(escape(edition_line(b.edition)), st.meta), node.add("P")))
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
    box = edition_block(ctx)  # what changed since the previous edition, right after it
    if box is not None:
        blocks.append(box)
    for i, section in enumerate(b.sections or ()):
        blocks.append(Block(("sections", i), section.heading, _section(ctx, section, i)))
    tiles = claim_tiles_chart(b)
    tiles_at = next((i for i, c in enumerate(b.charts or ()) if c is tiles), 0)
    if tiles is not None and tiles.title:  # the tiles stand in the claims boxes: title first
        title = tag(ctx.para(tiles.title, ctx.styles.chart_title), ctx.structure.add("P"))
        blocks.append(Block(("charts", tiles_at), tiles.title, [title]))
    for i, claims in enumerate(b.claims):
        path = b.authored(("claims", i))  # a fit report names the part as the author wrote it
        label = claims.source if len(path) > 1 else ""
        blocks.append(Block(path, label, [claims_box(ctx, claims, tiles is not None, i)]))
    if tiles is not None and tiles.source:  # ... and the chart's source after them
        words = literal(f"Source: {tiles.source}", ctx.fonts)
        source = tag(ctx.words(words, ctx.styles.note), ctx.structure.add("P"))
        blocks.append(Block(("charts", tiles_at), "", [source]))
    for i, chart in enumerate(b.charts or ()):
        if chart is not tiles:
            blocks.append(Block(("charts", i), chart.title or "", [_chart(ctx, chart)]))
    for i, analysis in enumerate(b.analysis):
        path = b.authored(("analysis", i))
        label = analysis.source if len(path) > 1 else ""
        blocks.append(Block(path, label, _analysis_box(ctx, analysis, i)))
    if b.sources:
        blocks.append(Block(("sources",), "", _sources(ctx)))
    return blocks


def _bottom_line(ctx: Context) -> Flowable:
    st = ctx.styles
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark="Bottom line")
    rows: list[Flowable] = [tag(ctx.words("BOTTOM LINE", st.bluf_label), heading)]
    rows += [
        bar(ctx, tag(ctx.para(p, st.bluf), sect.add("P")), ("summary", "text", n))
        for n, p in enumerate(paragraphs(ctx.brief.summary))
    ]
    return tinted_box(rows, ctx.main_width, ctx.c("bluf_fill"), ctx.c("bluf_rule"), ctx)


def _heading(ctx: Context, text: str) -> Flowable:
    return ctx.para(text, ctx.styles.heading)


def _section(ctx: Context, section: Section, index: int) -> list[Flowable]:
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark=plain(section.heading))
    title = tag(_heading(ctx, section.heading), heading)
    out: list[Flowable] = [bar(ctx, title, ("sections", index, "heading"))]
    for j, block in enumerate(section.blocks):
        out += _section_block(ctx, block, sect, ("sections", index, "blocks", j))
    return out


def _bullet(ctx: Context, items: Node, text: str, path: Path) -> Flowable:
    """A bulleted paragraph, tagged as an item of list ``items``: bullet Lbl, text LBody;
    ``path`` is where the brief holds it (a changed one carries a change bar)."""
    entry = items.add("LI")
    label, body = entry.add("Lbl"), entry.add("LBody")
    return bar(ctx, tag(ctx.para(text, ctx.styles.bullet, bullet="•"), body, label), path)


def _section_block(ctx: Context, block: SectionBlock, sect: Node, path: Path) -> list[Flowable]:
    """One block of a section: text, bullets, a quote, a table or a figure, each
    tagged as what it is under the section's node ``sect``; ``path`` is where the brief
    holds the block (its paragraphs and bullets are ``(*path, "text", n)`` and
    ``(*path, "bullets", n)``, those a change marks carry a change bar)."""
    st = ctx.styles
    if block.text is not None:
        return [
            bar(ctx, tag(ctx.para(p, st.body), sect.add("P")), (*path, "text", n))
            for n, p in enumerate(paragraphs(block.text))
        ]
    if block.bullets is not None:
        items = sect.add("L")
        return [
            _bullet(ctx, items, item, (*path, "bullets", n)) for n, item in enumerate(block.bullets)
        ]
    if block.quote is not None:  # a short quote is never cut from its speaker
        short = len(paragraphs(block.quote.text)) <= 2
        return [_quote_of(ctx, block.quote, sect.add("BlockQuote"), whole=short)]
    if block.table is not None:
        from briefing.layout.tables import build_table

        return build_table(ctx, block.table, sect)
    if block.figure is not None:
        from briefing.layout.figures import build_figure

        return build_figure(ctx, block.figure, sect)
    return []


def _quote_of(ctx: Context, q: Quote, node: Node, whole: bool = False) -> Flowable:
    """A quote and its speaker line, tagged as paragraphs of the block quote ``node``.

    Its speaker line always stays with the quote's last lines; a ``whole`` quote (a short one)
    is kept in one piece, unless it is taller than :data:`ROW_LIMIT` twice over. The rows are
    kept together by the table itself, not by a KeepTogether around it: platypus keeps a
    heading with the flowable after it only when that is no container, and a heading left
    alone at a page's foot, its quote on the next page, is what the keep is for."""
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
    pad, b = ctx.theme.spacing.block_padding, ctx.theme.boxes
    first = untagged(rows[0])
    rtl = isinstance(first, BidiParagraph) and first.rtl  # the rule stands where lines begin
    rows = [piece for row in rows for piece in pieces(row, ctx.main_width - pad * b.inset)]
    tall = sum(row.wrap(ctx.main_width - pad * b.inset, 1e9)[1] for row in rows)
    first_kept = 0 if whole and tall <= 2 * ROW_LIMIT else max(len(rows) - 2, 0)
    table = ctx.table(
        [[r] for r in rows],
        ["100%"],
        [
            (
                "LINEAFTER" if rtl else "LINEBEFORE",
                (0, 0),
                (0, -1),
                ctx.theme.spacing.rule * b.quote_rule,
                ctx.c("rule"),
            ),
            ("LEFTPADDING", (0, 0), (-1, -1), 0 if rtl else pad * b.inset),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad * b.inset if rtl else 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("NOSPLIT", (0, first_kept), (0, -1)),
        ],
        splitByRow=1,
    )
    table.spaceBefore = table.spaceAfter = pad * b.quote_space
    table.hAlign = "LEFT"  # measured in a narrower frame, it stays at the column's left edge
    return table


def _chart(ctx: Context, chart: Chart) -> Flowable:
    if ctx.chart_maker is None:
        raise ValueError("charts need a chart maker (pipeline.chart_maker_for)")
    parts = ctx.chart_maker(ctx, chart)
    if parts and not isinstance(
        parts[0], Paragraph | BidiParagraph
    ):  # an untitled chart: the drawing leads
        parts[0].spaceBefore = ctx.theme.spacing.section * ctx.theme.boxes.chart_space
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


def _analysis_bookmark(ctx: Context, a: Analysis) -> str:
    """An analysis in the outline: its title, and whose it is when another has that title."""
    same = [other for other in ctx.brief.analysis if other.title == a.title]
    return plain(a.title) if len(same) < 2 else f"{plain(a.title)}: {plain(a.source)}"


def _analysis_box(ctx: Context, a: Analysis, index: int) -> list[Flowable]:
    """One analysis: its own box, labelled with whose opinion it is and how confident."""
    st = ctx.styles
    title = a.title
    label = f"{to_markup(title, ctx.fonts)}  ·  {to_markup(a.label, ctx.fonts)}"
    if a.confidence:
        label += f"  ·  {CONFIDENCE_WORDS[a.confidence]}"
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark=_analysis_bookmark(ctx, a))
    first = tag(ctx.words(label, st.analysis_label), heading)  # with the confidence it states
    rows: list[Flowable] = [bar(ctx, first, ("analysis", index, "confidence"))]
    items = sect.add("L")
    rows += [
        _bullet(ctx, items, point, ("analysis", index, "points", n))
        for n, point in enumerate(a.points)
    ]
    source = f"Source of this opinion: {to_markup(a.source, ctx.fonts)}"
    rows.append(tag(ctx.words(source, st.note), sect.add("P")))
    box = tinted_box(
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
            shown = literal(source.url, ctx.fonts)  # an address may hold any script
            text += f' <a href="{href}" color="{ctx.theme.colours.accent}">{shown}</a>'
        out.append(tag(ctx.words(text, st.source), items.add("LI").add("LBody")))
    return out


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
    changes: tuple[Change, ...] = (),
    previous: int | None = None,
    box_limit: int | None = None,
) -> Story:
    """Build the flowables of every page region for ``brief`` (``images``: the figures'
    pictures by their file name in the brief, loaded by the pipeline; ``changes``: what
    changed since edition ``previous``, for the box and the change bars; ``box_limit``: the
    most lines the box lists, None for the theme's ``editions.limit``)."""
    ctx = Context(brief, theme, fonts, styles, main_width, chart_maker, world, images)
    ctx.changes, ctx.previous, ctx.box_limit = changes, previous, box_limit
    ctx.marks = frozenset(mark for change in changes for mark in change.marks)
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
            # a block of the main flow now: the space above it that the others have
            groups[0][0].spaceBefore = ctx.theme.spacing.section
            facts: list[Flowable] = [KeepTogether(group) for group in groups]
            # after the box of what changed, when there is one
            lead = 2 if len(blocks) > 1 and blocks[1].path == BOX_PATH else 1
            blocks.insert(lead, Block(("key_facts",), "", facts))
    ctx.structure = head
    header = build_header(ctx, logo)
    # reading order: the header, the bottom line, then the key facts (the sidebar sits beside
    # the top of the narrative, and without a sidebar they follow the bottom line on the
    # page too), then the rest of the main flow
    # (and what changed since the previous edition, right after the bottom line)
    lead = 2 if ctx.previous is not None else 1
    structure = Node("Document", kids=[head, *main.kids[:lead], side, *main.kids[lead:]])
    return Story(header=header, blocks=blocks, sidebar=sidebar, structure=structure)
