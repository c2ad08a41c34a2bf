"""Tables in a section: a :class:`~briefing.model.Table` -> flowables for the main column.

A caption, a header row that repeats on every page the table continues on, body rows split
between pages (inside a row only where that row alone is taller than the room: platypus tries
between rows first), numbers right-aligned with thousands separators, then the
note and the citations. Type comes from the (possibly scaled) theme's styles, so the one-page
fit shrinks a table with everything else, within the same floors.

Columns are as wide as their cells ask, as a browser's automatic table layout makes them
(:func:`shares`): each column needs at least its widest word and at most its longest cell set on
one line (:func:`natural_widths`, measured in the cell's own fonts, markup and citations as
printed); a short column (a day, a number) keeps to its words and a long one gets the rest.
The widths are worked out once per table at the main column's width and given in shares of it,
so a table placed in a wider frame keeps their proportions.

Tagged as a Table (its title the Caption, the header row's cells TH, the others TD) under the
section's node; the note after it is a paragraph of the section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.layout import breaks
from briefing.layout.bidiparagraph import BidiParagraph
from briefing.layout.grid import NARROWEST
from briefing.layout.tagging import Node, tag, untagged
from briefing.materials.cells import alignments, plain_rows
from briefing.materials.text import NBSP
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
    width = float(ctx.main_width)
    needs = [
        [natural_widths(untagged(cell), width * WORD_CAP) for cell in column]
        for column in zip(*data, strict=True)
    ]
    mins = [max(low for low, _ in column) + 2 * pad for column in needs]
    maxes = [max(high for _, high in column) + 2 * pad + FUZZ for column in needs]
    flow = ctx.table(
        data,
        [f"{100 * w / width:.6f}%" for w in shares(mins, maxes, width)],
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
        written.follows_block = True  # stays in its table's column (layout.beside.settle)
        out.append(tag(written, sect.add("P")))
    return out


#: The most a single word asks of its column, as a share of the table's width: a longer word (a
#: web address) is broken by its paragraph anyway, and must not starve the other columns.
WORD_CAP = 1 / 3

#: What a line breaks at: white space, but a no-break space (which joins a date or a number
#: to its unit, :func:`briefing.materials.text.keep_together`).
_GAPS = re.compile(f"([^\\S{NBSP}]+)")

FUZZ = 0.01  # added to a cell's one-line width, so that it surely stays on one line


def shares(
    mins: Sequence[float], maxes: Sequence[float], width: float, floor: float = NARROWEST
) -> list[float]:
    """Column widths (points, summing to ``width``) from each column's narrowest and widest
    wish, as a browser lays out a table automatically: when every column gets its widest, the
    rest is shared in proportion to it; when even the narrowest do not fit, they are scaled
    down to ``width``, none below ``floor`` (its padding and a couple of letters, or an equal
    share when the columns are too many for that: below its padding a cell would have a negative
    width); otherwise each gets its narrowest and the room left is shared in proportion to what
    each column wants beyond it."""
    n = len(mins)
    if n == 0:
        return []
    floor = min(floor, width / n)
    mins = [max(low, floor) for low in mins]
    maxes = [max(high, low) for low, high in zip(mins, maxes, strict=True)]
    most, least = sum(maxes), sum(mins)
    if most <= 0:  # no width at all
        return [0.0] * n
    if most <= width:
        return [high * width / most for high in maxes]
    if least >= width:
        spare = least - n * floor
        if spare <= 0:
            return [width / n] * n
        return [floor + (width - n * floor) * (low - floor) / spare for low in mins]
    spread = most - least
    return [
        low + (width - least) * (high - low) / spread for low, high in zip(mins, maxes, strict=True)
    ]


def natural_widths(flowable: Any, cap: float) -> tuple[float, float]:
    """The widest word of a cell's paragraph and its text set on one line, in points, a word
    counted at most ``cap`` wide (a longer one is broken anyway, and must not take the table);
    as printed: each run in its own font and size (bold, italic, a fallback face,
    a citation's number); words are what the paragraph breaks lines between (a no-break
    space joins). Anything else than a paragraph asks for nothing."""
    if isinstance(flowable, BidiParagraph):
        return flowable.natural_widths(cap)
    frags = getattr(flowable, "frags", None)
    if frags is None:
        return 0.0, 0.0
    widest, longest = 0.0, 0.0
    line, word, spaces = 0.0, 0.0, 0.0  # the line so far, the word being read, the gap before
    for frag in breaks.joined(frags):
        if getattr(frag, "lineBreak", False):
            longest = max(longest, line + (spaces if line else 0.0) + min(word, cap))
            widest = max(widest, word)
            line, word, spaces = 0.0, 0.0, 0.0
            continue
        font, size = frag.fontName, frag.fontSize
        for piece in _GAPS.split(getattr(frag, "text", "") or ""):
            if piece and not _GAPS.fullmatch(piece):
                word += float(stringWidth(piece, font, size))
                continue
            if not piece:
                continue
            if word:
                line += (spaces if line else 0.0) + min(word, cap)
                widest = max(widest, word)
                word = 0.0
            spaces = float(stringWidth(" ", font, size))  # several spaces print as one
    if word:
        line += (spaces if line else 0.0) + min(word, cap)
        widest = max(widest, word)
    longest = max(longest, line)
    style = flowable.style
    indents = float(style.leftIndent) + float(style.rightIndent)
    return min(widest, cap) + indents, longest + indents + max(float(style.firstLineIndent), 0)
