"""Tables in a section: a :class:`~briefing.model.Table` -> flowables for the main column.

A caption, a header row that repeats on every page the table continues on, body rows split
between pages (inside a row only where that row alone is taller than the room: platypus tries
between rows first), numbers right-aligned with thousands separators, then the
note and the citations. Type comes from the (possibly scaled) theme's styles, so the one-page
fit shrinks a table with everything else, within the same floors.

Tagged as a Table (its title the Caption, the header row's cells TH, the others TD) under the
section's node; the note after it is a paragraph of the section.
"""

from __future__ import annotations

from typing import Any

from briefing.layout.tagging import Node, tag
from briefing.materials.cells import alignments, plain_rows
from briefing.model import Table


def build_table(ctx: Any, table: Table, sect: Node) -> list[Any]:
    """Caption, table and note for one table (``ctx`` is :class:`briefing.layout.context.Context`),
    tagged under ``sect``."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    align_of = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
    st = ctx.styles
    out: list[Any] = []
    node = sect.add("Table")
    if table.title:
        out.append(tag(ctx.para(table.title, st.chart_title), node.add("Caption")))
    aligns = alignments(table)
    size, tt = st.note.fontSize, ctx.theme.tables
    cell = ParagraphStyle(
        "table-cell", parent=st.body, fontSize=size, leading=size * tt.leading, spaceAfter=0
    )
    head = ParagraphStyle("table-head", parent=cell, fontName=ctx.fonts.bold)
    styles = [ParagraphStyle(f"cell-{a}", parent=cell, alignment=align_of[a]) for a in aligns]
    heads = [ParagraphStyle(f"head-{a}", parent=head, alignment=align_of[a]) for a in aligns]
    rows = plain_rows(table)
    head_row = node.add("TR")
    data: list[list[object]] = [
        [
            tag(ctx.para(text, heads[c]), head_row.add("TH", scope="Column"))
            for c, text in enumerate(rows[0])
        ]
    ]
    for row in rows[1:]:
        body_row = node.add("TR")
        data.append(
            [tag(ctx.para(text, styles[c]), body_row.add("TD")) for c, text in enumerate(row)]
        )
    pad = ctx.theme.spacing.block_padding * tt.padding
    rule = ctx.theme.spacing.rule
    flow = ctx.table(
        data,
        [None] * len(table.columns),
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * tt.top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * tt.bottom),
            ("LINEBELOW", (0, 0), (-1, 0), rule * tt.head_rule, ctx.c("accent")),
            ("LINEBELOW", (0, 1), (-1, -1), rule * tt.row_rule, ctx.c("rule")),
            ("BACKGROUND", (0, 0), (-1, 0), ctx.c("bluf_fill")),
        ],
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,  # between rows first; a row taller than the room left splits inside
    )
    flow.hAlign = "LEFT"
    flow.spaceBefore = 0 if table.title else ctx.theme.spacing.paragraph
    flow.spaceAfter = ctx.theme.spacing.paragraph * tt.space_after
    out.append(flow)
    note = ctx.markup(table.note) if table.note else ""
    note = (note + ctx.cite(table.cite)).strip()
    if note:
        written = ctx.words(note, st.note)
        written.spaceAfter = ctx.theme.spacing.paragraph * tt.note_after  # as after a paragraph
        out.append(tag(written, sect.add("P")))
    return out
