"""The tripwire for other libraries' internals (issue 20): every private attribute or method
that :mod:`briefing.internals` relies on exists and behaves as relied on. A new version of
ReportLab, svglib, uharfbuzz or python-bidi that changes one fails here, by name, before it
moves a line of a page.
"""

from __future__ import annotations

import inspect
import io
import tomllib
from datetime import UTC, datetime
from typing import Any

import pikepdf
import pytest
import uharfbuzz
from reportlab.graphics.shapes import Group, Path, Rect
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, KeepTogether, Paragraph, Spacer, Table

from briefing.internals import harfbuzz, svglib, ttfonts
from briefing.internals import reportlab as rl
from tests.conftest import ROOT
from tests.worlds import MemoryWorld

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
WORDS = "Words that wrap onto several lines in a narrow column. " * 4


def test_keep_together_keeps_its_list_and_the_heights_its_wrap_found() -> None:
    first, second = Spacer(10, 30), Spacer(10, 50)
    group = KeepTogether([first, second])
    assert rl.kept_flowables(group) == [first, second]
    group.canv = None  # as in a frame (briefing.layout.measure does the same)
    group.wrap(200, 1000)
    whole, head = rl.kept_heights(group)
    assert (whole, head) == (80, 30)  # _H: the whole; _H0: the first flowable's


def test_keep_in_frame_holds_its_content() -> None:
    inner = Spacer(10, 10)
    assert rl.contained(KeepInFrame(0, 0, [inner]), []) == [inner]
    assert rl.contained(inner, [inner]) == [inner]  # a flowable that holds nothing


def test_a_paragraph_keeps_its_broken_lines_per_wrap() -> None:
    paragraph = Paragraph(WORDS, STYLE)
    paragraph.wrap(120, 1000)
    lines, widths = rl.broken_lines(paragraph)
    assert len(lines.lines) > 2 and lines.kind in (0, 1) and set(widths) == {120}
    other = Paragraph(WORDS, STYLE)
    other.wrap(300, 1000)
    rl.set_broken_lines(other, lines, widths)  # put back: draws the 120-point lines
    assert rl.paragraph_lines(other) is lines


def test_a_table_keeps_the_widths_and_heights_it_was_asked_for() -> None:
    table = Table([["a", "bb"], ["c", "d"]], colWidths=[40, None], rowHeights=[None, 20])
    assert rl.column_widths(table) == [40, None]
    assert rl.row_heights(table) == [None, 20]
    assert rl.row_count(table) == 2
    rl.set_column_widths(table, [50, 60], fresh=True)
    assert (table._argW, table._colWidths, table._width_calculated_once) == ([50, 60], [50, 60], 0)
    table.wrap(300, 300)
    assert table._colWidths == [50, 60]  # the widths set are the widths used
    rl.free_row_heights(table)
    assert rl.row_heights(table) == [None, None]
    assert rl.column_minimum(Table([["longword"]]), 0) > 20  # cells, styles, _elementWidth
    assert list(inspect.signature(Table._elementWidth).parameters) == ["self", "v", "s"]


def test_a_table_subclass_amends_platypus_preliminary_widths() -> None:
    seen: list[Any] = []

    class Amended(rl.PreliminaryWidths):
        def preliminary_widths(self, availWidth: float, asked: list[Any], widths: Any) -> Any:
            seen.append((availWidth, asked, list(widths)))
            return [w + 1 for w in widths]

    cells = [[Paragraph("a", STYLE), Paragraph("b", STYLE)]]  # paragraphs: variable widths
    table = Amended(cells, colWidths=[40, None])
    table.wrap(200, 100)
    assert seen and seen[0][:2] == (200, [40, None])  # asked for: before platypus fills them
    assert seen[0][2][0] == 40 and seen[0][2][1] == pytest.approx(160)
    assert table._colWidths == [41, pytest.approx(161)]  # what the hook returned is used
    assert list(inspect.signature(Table._calcPreliminaryWidths).parameters) == [
        "self",
        "availWidth",
    ]


def test_a_frame_tells_the_flowable_it_places_where_it_is() -> None:
    seen: list[Any] = []

    class Probe(Flowable):  # type: ignore[misc]
        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            seen.append(rl.placing_frame(self))
            return availWidth, 30

        def draw(self) -> None:
            pass

    frame = Frame(0, 0, 200, 100, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    canvas = Canvas(io.BytesIO())
    assert frame.add(Probe(), canvas)
    assert seen == [frame]
    room, width, height = rl.frame_room(frame)
    assert (room, width, height) == (70, 200, 100)  # after one 30-point flowable
    made = Spacer(1, 1)
    rl.set_placing_frame(made, frame)
    assert rl.placing_frame(made) is frame
    rl.set_placing_frame(made, None)
    assert rl.placing_frame(made) is None


def test_a_canvas_takes_its_creation_time_and_starts_pages() -> None:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0)
    stamp = TimeStamp(invariant=True)
    stamp.t = datetime(2001, 2, 3, tzinfo=UTC).timestamp()
    stamp.lt = datetime(2001, 2, 3, tzinfo=UTC).utctimetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    rl.set_creation_time(canvas, stamp)
    canvas.drawString(10, 10, "one")
    state = rl.page_state(canvas)
    rl.start_page(canvas)  # a fresh page: the drawing so far is kept aside, not written
    canvas.drawString(10, 10, "two")
    rl.restore_page_state(canvas, state)
    Canvas.showPage(canvas)
    canvas.save()
    pdf = out.getvalue()
    assert b"20010203000000" in pdf  # the creation time given, not the clock's
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") == 1
    assert b"(one) Tj" in pdf and b"(two) Tj" not in pdf


def test_shapes_nodes_validate_through_their_attribute_maps() -> None:
    rect = Rect(0, 0, 10, 10)
    validators = rl.attribute_map(rect)
    assert "strokeWidth" in validators and validators["strokeWidth"].validate(1.5)
    assert not validators["strokeWidth"].validate("wide")
    assert set(rl.attribute_map(Group)) <= set(rl.attribute_map(Group()))
    bare = rl.bare_node(Rect)
    rl.set_unchecked(bare, "x", 3)
    assert bare.x == 3 and "width" not in vars(bare)  # no constructor ran


def _font() -> Any:
    world = MemoryWorld(b"")
    name = world.fonts(world.theme("default")).regular
    return pdfmetrics.getFont(name)


def test_a_true_type_face_exposes_its_widths_and_coverage() -> None:
    font = _font()
    widths, default = ttfonts.face_widths(font)
    assert widths(ord("m"), default) > widths(ord("i"), default) > 0
    assert ord("A") in ttfonts.face_code_points(font)
    ttfonts.name_face_file(font, "named.ttf")
    assert font.face.filename == "named.ttf"


def test_reportlab_hands_its_fonts_to_harfbuzz() -> None:
    font = _font()
    hb = harfbuzz.hb_font(font, 10)
    assert isinstance(hb, uharfbuzz.Font)
    assert callable(font.hbAddPrivate)  # set by hbFont
    buffer = uharfbuzz.Buffer()
    buffer.add_str("A")
    buffer.guess_segment_properties()
    uharfbuzz.shape(hb, buffer, {})
    glyph = buffer.glyph_infos[0].codepoint
    assert harfbuzz.code_point(font, hb, glyph, 500) == ord("A")
    assert harfbuzz.char_width(font, ord("A")) > 0
    from briefing.materials.shaping import shape

    shaped = shape("AB", font.fontName, 10, False)
    data = harfbuzz.shape_data(shaped)
    assert len(data) == 2 and data[0].x_advance > 0


@pytest.mark.parametrize("name", ["NoStrokePath", "ClippingPath"])
def test_the_copies_of_svglib_paths_draw_as_svglib_draws_them(name: str) -> None:
    import svglib.svglib as theirs
    from reportlab.lib.colors import red

    original, copy = getattr(theirs, name), getattr(svglib, name)
    assert original.__module__ == svglib.SVGLIB_MODULE and issubclass(original, Path)
    drawn = original(points=[0, 0, 10, 10], fillColor=red, strokeColor=red, strokeWidth=2)
    rebuilt = rl.bare_node(copy)  # as the chart cache rebuilds it: its attributes as kept
    for key, value in vars(drawn).items():
        rl.set_unchecked(rebuilt, key, value)
    assert rebuilt.getProperties() == drawn.getProperties()


def test_the_libraries_relied_on_are_pinned_from_above() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {
        dep.split(">")[0].split("<")[0].strip(): dep for dep in project["project"]["dependencies"]
    }
    for name in ("reportlab", "svglib", "uharfbuzz", "python-bidi"):
        assert "<" in pins[name], name
    for module in ("reportlab", "ttfonts", "harfbuzz", "svglib"):
        doc = __import__(f"briefing.internals.{module}", fromlist=["_"]).__doc__ or ""
        assert "pinned" in doc and "tests/test_internals.py" in doc, module


def test_a_destination_is_named_first_and_bound_to_its_page_when_written() -> None:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0)
    rl.name_destination(canvas, "place")  # named on page 1 ...
    canvas.linkRect("", "place", (0, 0, 10, 10))
    canvas.showPage()
    canvas.bookmarkHorizontalAbsolute("place", 100, left=20)  # ... bound on page 2
    canvas.drawString(10, 10, "two")
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as doc:
        (link,) = doc.pages[0].obj.Annots
        assert link.Dest[0].objgen == doc.pages[1].objgen
