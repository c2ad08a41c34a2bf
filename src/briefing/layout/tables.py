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

import re
from typing import Any

from briefing.layout.tagging import Node, tag
from briefing.model import YAML_NUMBER, Table

_NUMBER = re.compile(r"([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)")


def is_number(cell: str) -> bool:
    """Whether a cell holds a number (with or without thousands separators, a sign, a %)."""
    return bool(cell) and _NUMBER.fullmatch(cell.strip()) is not None


def format_cell(cell: str) -> str:
    """A cell written as a YAML number, with thousands separators and a true minus sign
    (``450000`` -> ``450,000``, ``-3`` -> ``−3``; the decimals as written); anything else as
    typed (``02139``, ``١٢٣٤``, ``45%``)."""
    if YAML_NUMBER.fullmatch(cell) is None:
        return cell
    sign, number = (cell[0], cell[1:]) if cell[0] in "+-" else ("", cell)
    whole, dot, fraction = number.partition(".")
    return f"{'−' if sign == '-' else sign}{int(whole):,}{dot}{fraction}"


def _is_number_cell(table: Table, r: int, c: int) -> bool:
    """Whether the author wrote cell (r, c) as a YAML number (see ``Table.number_cells``)."""
    if table.number_cells is not None:
        return (r, c) in table.number_cells
    return YAML_NUMBER.fullmatch(table.rows[r][c]) is not None


def _is_year_column(header: str) -> bool:
    return "year" in header.lower()


def alignments(table: Table) -> list[str]:
    """Each column's alignment: as given, else right for a column of numbers, else left."""
    if table.align is not None:
        return list(table.align)
    found = []
    for c in range(len(table.columns)):
        cells = [row[c] for row in table.rows if c < len(row) and row[c]]
        found.append("right" if cells and all(is_number(x) for x in cells) else "left")
    return found


def plain_rows(table: Table) -> list[list[str]]:
    """The header and the rows as printed (numbers with separators), for e-mail bodies."""
    rows = [list(table.columns)]
    for r, row in enumerate(table.rows):
        rows.append(
            [
                format_cell(cell)
                if _is_number_cell(table, r, c) and not _is_year_column(table.columns[c])
                else cell
                for c, cell in enumerate(row)
            ]
        )
    return rows


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
        out.append(tag(ctx.words(note, st.note), sect.add("P")))
    return out
