"""Each party's claims as its own box, under its own attribution line in words: items as a
table of labels and figures, or as figure tiles when the brief draws them from its claims.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Table

from briefing.layout.context import Context, tinted_box
from briefing.layout.edition import bar
from briefing.layout.tagging import Node, tag
from briefing.materials.text import escape, literal, plain, to_markup
from briefing.model import (
    Brief,
    Chart,
    Claim,
    Claims,
    attribution,
    item_attribution,
)
from briefing.numbers import format_date, format_figure


def claim_tiles_chart(brief: Brief) -> Chart | None:
    """A ``figures`` chart of the claims is drawn inside the claims block, not a second time
    (one comparing a ``measure`` across parties is a chart of its own)."""
    for chart in brief.charts or ():
        if chart.type == "figures" and chart.from_ == "claims" and chart.measure is None:
            return chart
    return None


def claims_box(
    ctx: Context, claims: Claims, as_tiles: bool = False, index: int | None = None
) -> Flowable:
    """One party's claims: its own box under its own attribution line, never shared.
    ``index`` is the block's place in the brief's ``claims``: a changed item (and a block
    that is new) carries a change bar beside its row."""
    st = ctx.styles
    path: tuple[str | int, ...] = ("claims", index) if index is not None else ("",)
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark=plain(claims.title))
    words = literal(attribution(claims.status, claims.source), ctx.fonts)
    rows: list[Flowable] = [
        bar(ctx, tag(ctx.para(claims.title, st.claims_title), heading), (*path, "title")),
        bar(
            ctx,
            tag(ctx.words(words + ctx.cite(claims.cite), st.attribution), sect.add("P")),
            (*path, "source"),
        ),
    ]
    if as_tiles:
        from briefing.charts.alt import describe_claims
        from briefing.charts.series import block_series
        from briefing.charts.tiles import figure_tiles

        series = block_series(claims)
        table = figure_tiles(ctx, series, claims.status, claims.source)
        chart = claim_tiles_chart(ctx.brief)  # its title names the tiles of a single party
        title = chart.title if chart is not None and len(ctx.brief.claims) == 1 else None
        tiles = tag(table, sect.add("Figure", alt=describe_claims(claims, title)))
        rows.append(bar(ctx, tiles, (*path, "items")))  # a changed item: beside its tiles
    else:
        rows.append(_claims_table(ctx, claims, sect.add("Table"), path))
    if claims.note:
        rows.append(tag(ctx.para(claims.note, st.note), sect.add("P")))
    box = tinted_box(
        rows, ctx.main_width, ctx.c("claims_fill"), ctx.c("claims_rule"), ctx, label_rows=2
    )
    box.spaceBefore = ctx.theme.spacing.section  # space before, dropped at the top of a frame
    return box


def _claims_table(ctx: Context, claims: Claims, node: Node, path: tuple[str | int, ...]) -> Table:
    """The claimed figures as rows: label, then the figure with its qualifier and unit.

    Tagged as a table whose label cells head their rows; a changed item's two cells carry a
    change bar (``(*path, "items", j)``).
    """
    st = ctx.styles
    data: list[list[object]] = []
    for j, item in enumerate(claims.items):
        where = (*path, "items", j)
        label = to_markup(item.label, ctx.fonts) + ctx.cite(item.cite)
        if item.status and item.status != claims.status:
            label += f' <font size="{st.note.fontSize}" color="{ctx.theme.colours.claims_rule}">'
            label += f"({literal(item_attribution(item.status, claims.source), ctx.fonts)})</font>"
        figure = _figure_text(ctx, item)
        row = node.add("TR")
        data.append(
            [
                bar(ctx, tag(ctx.words(label, st.claim_label), row.add("TH", scope="Row")), where),
                bar(ctx, tag(ctx.words(figure, st.claim_value), row.add("TD")), where),
            ]
        )
    tokens = ctx.theme.claims
    share = tokens.label_share
    table = ctx.table(
        data,
        [f"{share * 100:g}%", f"{(1 - share) * 100:g}%"],
        [
            ("LINEBELOW", (0, 0), (-1, -2), tokens.rule, ctx.c("rule")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), tokens.top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), tokens.bottom),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
    )
    return table


def _figure_text(ctx: Context, item: Claim) -> str:
    """The claimed figure with its qualifier and unit, and when it was claimed if not as of
    the brief's date."""
    figure = literal(format_figure(item.value, item.qualifier, item.unit), ctx.fonts)
    if item.as_of is not None and item.as_of != ctx.brief.date:
        size = ctx.styles.note.fontSize
        figure += f'<br/><font size="{size}" color="{ctx.theme.colours.muted}">'
        figure += f"as of {escape(format_date(item.as_of))}</font>"
    return figure
