"""The grid: a box spans the frame it is placed in, whatever width it was measured at first."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from briefing.layout.grid import GridTable
from briefing.layout.measure import Paragraph

STYLE = ParagraphStyle("t", fontSize=9, leading=11)


def _box(rows: int = 1, widths: list[float | str | None] | None = None) -> GridTable:
    text = "A claim that wraps onto several lines in a narrow column beside the sidebar. " * 2
    return GridTable([[Paragraph(text, STYLE)] for _ in range(rows)], widths or ["100%"])


def test_a_box_measured_beside_the_sidebar_spans_the_full_width_below_it() -> None:
    box = _box()
    narrow, wide = box.wrap(300, 1000), box.wrap(500, 1000)
    assert (narrow[0], wide[0]) == (300, 500)
    assert wide[1] < narrow[1]  # the rows are measured again at the new width
    assert box.wrap(300, 1000) == narrow


def test_a_nested_table_draws_its_cells_at_the_width_it_measured_them() -> None:
    inner = GridTable([[Paragraph("One", STYLE), Paragraph("Two", STYLE)]], ["50%", "50%"])
    inner.wrap(300, 1000)
    inner.wrap(500, 1000)
    assert inner._colWidths == [250, 250]


def test_a_split_box_continues_on_the_grid_of_its_next_frame() -> None:
    box = _box(rows=6)
    _, height = box.wrap(300, 1000)
    first, rest = box.split(300, height / 2)
    assert first.wrap(300, 1000)[0] == 300
    assert rest.wrap(500, 1000)[0] == 500
    assert rest.hAlign == "LEFT"


def test_with_nothing_for_the_sidebar_the_column_takes_the_full_width() -> None:
    """A brief with no key facts, timeline or distribution reserves no empty sidebar: its
    bottom line and its text span the whole text width."""
    from tests.conftest import MINIMAL, build_text

    bare = build_text(MINIMAL + "sections:\n  - heading: H\n    text: Words.\n")
    x, _, width, _ = bare.frames["main-1"]
    with_facts = build_text(MINIMAL + "key_facts:\n  - {label: L, value: V}\n")
    assert width > with_facts.frames["main-1"][2] + 100
    assert "main-1b" not in bare.frames and x == with_facts.frames["main-1"][0]
