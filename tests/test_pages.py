"""The page checks of tests/pagecheck.py over every brief of tests/corpus/.

A check that fails on a brief because of a layout defect this project has not fixed yet is
marked ``xfail(strict=True)`` with the defect named: when the defect is fixed, the xfail fails
and the mark must go. Each check also gets a page made to have its defect, so that a check that
cannot fail is caught.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.model import Brief
from briefing.pipeline import Built
from briefing.world.disk import DiskWorld
from tests import pagecheck
from tests.conftest import build_file
from tests.worlds import MemoryWorld

CORPUS = Path(__file__).parent / "corpus"
EXAMPLES = Path(__file__).parent.parent / "briefs"
BRIEFS = sorted(path.stem for path in CORPUS.glob("*.yaml"))

#: (brief, check) -> the defect that still makes the check fail there (issue 14).
KNOWN: dict[tuple[str, str], str] = {}


@cache
def built(name: str) -> tuple[Brief, Built]:
    from briefing.pipeline import load_brief

    path = CORPUS / f"{name}.yaml"
    _, brief = load_brief(DiskWorld(path))
    return brief, build_file(path)


def _columns(result: Built) -> list[tuple[float, float]]:
    frames = result.frames
    out = []
    for key in ("main-1", "main-1b", "main-n", "header", "sidebar-1"):
        if key in frames:
            x, _, w, _ = frames[key]
            out.append((x, x + w))
    return out


def _fills(brief: Brief) -> list[tuple[float, float, float]]:
    theme = DiskWorld(CORPUS / "any.yaml").theme(brief.layout.theme)
    if brief.layout and brief.layout.colour == "grayscale":
        theme = theme.greyed()
    c = theme.colours
    return [pagecheck.hex_fill(v) for v in (c.bluf_fill, c.claims_fill, c.analysis_fill)]


def check_small(name: str) -> list[str]:
    return pagecheck.small_glyphs(built(name)[1].pdf)


def check_missing(name: str) -> list[str]:
    return pagecheck.missing_glyphs(built(name)[1].pdf)


def check_overlaps(name: str) -> list[str]:
    return pagecheck.overlapping_glyphs(built(name)[1].pdf)


def check_lines(name: str) -> list[str]:
    return pagecheck.lines_through_glyphs(built(name)[1].pdf)


def check_bands(name: str) -> list[str]:
    _, result = built(name)
    problems = []
    for key, pages in (("main-1", [0]), ("main-n", range(1, result.pages))):
        x, y, w, h = result.frames[key]
        regions = [(x, x + w, y + h, y)]
        if key == "main-1" and "main-1b" in result.frames:  # then the full width below
            x, y, w, h = result.frames["main-1b"]
            regions.append((x, x + w, regions[0][3], y))
        problems += pagecheck.empty_bands(result.pdf, regions, pages=pages)
    return problems + _white_at_page_ends(result)


def _white_at_page_ends(result: Built) -> list[str]:
    """A flowed page must not end with 25 mm of white above a block that jumped."""
    last = result.frames["main-1b"] if "main-1b" in result.frames else result.frames["main-1"]
    later = result.frames["main-n"]
    columns = {0: (last[0], last[0] + last[2], last[1])}
    columns.update({n: (later[0], later[0] + later[2], later[1]) for n in range(1, result.pages)})
    return pagecheck.white_at_page_end(result.pdf, columns)


def check_grid(name: str) -> list[str]:
    brief, result = built(name)
    return pagecheck.boxes_off_grid(result.pdf, _columns(result), _fills(brief))


def check_dates(name: str) -> list[str]:
    brief, result = built(name)
    problems = []
    for chart in brief.charts or ():
        if chart.type == "line" and chart.data is not None:
            labels = [str(label) for label in chart.data.labels]
            problems += pagecheck.uneven_date_axis(result.pdf, labels)
    return problems


def check_ink(name: str) -> list[str]:
    _, result = built(name)
    return pagecheck.ink_outside_boxes(result.pdf, result.boxes) + _boxes_recorded(result)


def _boxes_recorded(result: Built) -> list[str]:
    """The ink check sees something: every page with tagged content has its boxes."""
    return [
        f"page {page}: no box recorded"
        for page in range(1, result.pages + 1)
        if not result.boxes.get(page)
    ]


CHECKS: dict[str, Callable[[str], list[str]]] = {
    "small_glyphs": check_small,
    "missing_glyphs": check_missing,
    "overlapping_glyphs": check_overlaps,
    "lines_through_glyphs": check_lines,
    "empty_bands": check_bands,
    "boxes_on_grid": check_grid,
    "date_axis": check_dates,
    "ink_in_boxes": check_ink,
}


def _cases() -> list[object]:
    cases: list[object] = []
    for name in BRIEFS:
        for check in CHECKS:
            defect = KNOWN.get((name, check))
            marks = [pytest.mark.xfail(strict=True, reason=f"issue 14: {defect}")] if defect else []
            cases.append(pytest.param(name, check, marks=marks, id=f"{name}-{check}"))
    return cases


@pytest.mark.parametrize(("name", "check"), _cases())
def test_page_check(name: str, check: str) -> None:
    problems = CHECKS[check](name)
    assert not problems, "\n".join(problems[:10])


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_no_ink_outside_its_box_in_the_examples(path: Path) -> None:
    result = build_file(path)
    problems = pagecheck.ink_outside_boxes(result.pdf, result.boxes) + _boxes_recorded(result)
    assert not problems, "\n".join(problems[:10])


def test_the_corpus_covers_the_shapes_it_promises() -> None:
    layouts = [built(name)[0].layout for name in BRIEFS]
    assert {layout.sidebar for layout in layouts if layout} >= {"left", "right", "none"}
    assert {layout.paper for layout in layouts if layout} == {"a4", "letter"}
    assert any(layout and layout.fit == "flow" for layout in layouts)
    types = {c.type for name in BRIEFS for c in built(name)[0].charts or ()}
    assert types == {"figures", "bar", "barh", "line", "timeline"}
    assert any(built(name)[1].pages > 1 for name in BRIEFS)


# --------------------------------------------------------------------------- the checks fail


def _page(draw: Callable[[Canvas], None]) -> bytes:
    """A one-page A4 PDF drawn by ``draw`` in the theme's regular font."""
    world = MemoryWorld(b"")
    fonts = world.fonts(world.theme("default"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.27, 841.89))
    canvas.setFont(fonts.regular, 9)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_small_glyphs_are_caught() -> None:
    def draw(c: Canvas) -> None:
        c.drawString(50, 700, "Nine points")
        c.setFont(c._fontname, 6.2)
        c.drawString(50, 680, "Six point two")

    assert pagecheck.small_glyphs(_page(draw)) == [
        "page 1: 11 glyphs at 6.2 pt < 6.5 pt: 'Sixpointtwo'"
    ]


def test_small_glyphs_are_caught_through_a_scaled_drawing() -> None:
    def draw(c: Canvas) -> None:
        c.saveState()
        c.scale(0.7, 0.7)  # a chart drawn at 9 pt and scaled down to 6.3 pt
        c.drawString(80, 900, "Axis label")
        c.restoreState()

    assert pagecheck.small_glyphs(_page(draw))


def test_characters_printed_as_boxes_are_caught() -> None:
    from tests.conftest import build_text

    ethiopic = "title: T\ndate: 2016-03-14\nsummary: No face of the theme sets ሰላም.\n"
    found = pagecheck.missing_glyphs(build_text(ethiopic).pdf)
    assert found == ["page 1: 3 characters drawn as boxes in AAAAAA+NotoSans-Regular"]
    # Arabic in italic and bold, and CJK: each in a face that has it
    covered = "title: T\ndate: 2016-03-14\nsummary: In *طرابلس* **طرابلس** 日本.\n"
    assert not pagecheck.missing_glyphs(build_text(covered).pdf)


def test_overlapping_glyphs_are_caught() -> None:
    def draw(c: Canvas) -> None:
        c.drawString(50, 700, "Label over")
        c.drawString(52, 703, "another label")  # a second line 3 pt higher

    assert pagecheck.overlapping_glyphs(_page(draw))
    assert not pagecheck.overlapping_glyphs(_page(lambda c: c.drawString(50, 700, "One line")))


def test_a_line_through_glyphs_is_caught_and_a_rule_under_them_is_not() -> None:
    def through(c: Canvas) -> None:
        c.drawString(50, 700, "Struck")
        c.line(40, 702.5, 120, 702.5)

    def under(c: Canvas) -> None:
        c.drawString(50, 700, "Ruled")
        c.line(40, 696, 120, 696)

    def thin_bar(c: Canvas) -> None:
        c.drawString(50, 700, "Barred")
        c.rect(40, 702, 80, 0.8, stroke=0, fill=1)

    assert pagecheck.lines_through_glyphs(_page(through))
    assert pagecheck.lines_through_glyphs(_page(thin_bar))
    assert not pagecheck.lines_through_glyphs(_page(under))


def test_an_empty_band_in_a_column_is_caught() -> None:
    def draw(c: Canvas) -> None:
        c.drawString(50, 700, "Before the band")
        c.drawString(50, 640, "After a band of 20 mm")  # 60 pt lower

    column = [(40.0, 300.0, 720.0, 100.0)]
    assert pagecheck.empty_bands(_page(draw), column)
    tight = _page(lambda c: (c.drawString(50, 700, "One"), c.drawString(50, 688, "Two")))
    assert not pagecheck.empty_bands(tight, column)
    # beside the sidebar, then full width: a band across the change of frame is caught
    beside = [(40.0, 300.0, 720.0, 650.0), (40.0, 500.0, 650.0, 100.0)]

    def across(c: Canvas) -> None:
        c.drawString(50, 700, "Beside the sidebar")
        c.drawString(50, 600, "Below it, 30 mm lower")

    assert pagecheck.empty_bands(_page(across), beside)


def test_white_at_the_end_of_a_page_above_a_block_that_jumped_is_caught() -> None:
    def pages(first_ends_at: float) -> bytes:
        world = MemoryWorld(b"")
        fonts = world.fonts(world.theme("default"))
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(595.27, 841.89))
        for y in range(780, int(first_ends_at), -12):  # page 1: lines down to first_ends_at
            canvas.setFont(fonts.regular, 9)
            canvas.drawString(50, y, "A line of the column")
        canvas.drawString(50, 40, "Footer")  # below the column: not counted
        canvas.showPage()
        canvas.setFillColor(HexColor("#fdf6ee"))
        canvas.rect(40, 600, 500, 180, stroke=0, fill=1)  # page 2: the box that jumped
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    column = {0: (40.0, 550.0, 100.0), 1: (40.0, 550.0, 100.0)}
    found = pagecheck.white_at_page_end(pages(first_ends_at=300), column)  # 200 pt of white
    assert len(found) == 1 and found[0].startswith("page 1 ends with 7")
    assert not pagecheck.white_at_page_end(pages(first_ends_at=150), column)  # 14 mm: fine


def test_a_box_off_the_grid_is_caught() -> None:
    fill = "#fdf6ee"

    def draw(c: Canvas) -> None:
        c.setFillColor(HexColor(fill))
        c.rect(40, 600, 300, 50, stroke=0, fill=1)  # the column is 40-350
        c.rect(40, 500, 310.2, 50, stroke=0, fill=1)

    found = pagecheck.boxes_off_grid(_page(draw), [(40, 350.2)], [pagecheck.hex_fill(fill)])
    assert len(found) == 1 and "x=40.0 to x=340.0" in found[0]


def test_dates_spaced_evenly_are_caught() -> None:
    labels = ["2022-08-01", "2022-08-05", "2022-08-10", "2022-09-04"]

    def even(c: Canvas) -> None:
        for i, label in enumerate(labels):
            c.drawCentredString(80 + i * 120, 400, label)

    def in_proportion(c: Canvas) -> None:
        for label in labels:
            day = (int(label[5:7]) - 8) * 31 + int(label[8:])
            c.drawCentredString(80 + (day - 1) * 14, 400, label)

    assert pagecheck.uneven_date_axis(_page(even), labels)
    assert not pagecheck.uneven_date_axis(_page(in_proportion), labels)


def test_ink_outside_its_box_is_caught_unless_clipped() -> None:
    box = (50.0, 690.0, 250.0, 720.0)

    def marked(c: Canvas, draw: Callable[[Canvas], None]) -> None:
        c.addLiteral("/P <</MCID 0>> BDC")
        draw(c)
        c.addLiteral("EMC")

    def inside(c: Canvas) -> None:
        c.drawString(55, 700, "A line in its box")
        c.rect(60, 695, 100, 20, stroke=1, fill=0)

    def spilling(c: Canvas) -> None:
        inside(c)
        c.rect(60, 600, 100, 20, stroke=0, fill=1)  # below the box

    def text_too_wide(c: Canvas) -> None:
        c.drawString(55, 700, "A line far too long for the box it was given by layout")

    def clipped(c: Canvas) -> None:
        c.saveState()
        path = c.beginPath()
        path.rect(*box[:2], box[2] - box[0], box[3] - box[1])
        c.clipPath(path, stroke=0, fill=0)
        c.rect(0, 600, 400, 200, stroke=0, fill=1)  # much larger, but clipped to the box
        c.restoreState()

    def furniture(c: Canvas) -> None:
        c.addLiteral("/Artifact BMC")
        c.rect(0, 0, 500, 40, stroke=0, fill=1)  # not tagged: not checked
        c.addLiteral("EMC")
        marked(c, inside)

    boxes = {1: {0: box}}
    assert not pagecheck.ink_outside_boxes(_page(lambda c: marked(c, inside)), boxes)
    found = pagecheck.ink_outside_boxes(_page(lambda c: marked(c, spilling)), boxes)
    assert len(found) == 1 and found[0].startswith("page 1: path of MCID 0 at (60.0, 600.0")
    assert pagecheck.ink_outside_boxes(_page(lambda c: marked(c, text_too_wide)), boxes)
    assert not pagecheck.ink_outside_boxes(_page(lambda c: marked(c, clipped)), boxes)
    assert not pagecheck.ink_outside_boxes(_page(furniture), boxes)
    assert (
        pagecheck.ink_outside_boxes(_page(lambda c: marked(c, inside)), {})
        == ["page 1: MCID 0 has no box recorded"] * 2
    )


def test_a_rule_ending_at_its_box_is_inside_it() -> None:
    """A thick rule with butt ends inks up to its ends, not half its width beyond them."""

    def rule(c: Canvas) -> None:
        c.addLiteral("/P <</MCID 0>> BDC")
        c.setLineWidth(4)
        c.line(50, 700, 250, 700)
        c.addLiteral("EMC")

    assert not pagecheck.ink_outside_boxes(_page(rule), {1: {0: (50.0, 690.0, 250.0, 710.0)}})
    assert pagecheck.ink_outside_boxes(_page(rule), {1: {0: (50.0, 700.0, 250.0, 700.0)}})
