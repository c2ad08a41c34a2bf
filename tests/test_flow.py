"""The flow past the sidebar: the measurement places blocks where the render does, text runs
from beside the sidebar into the full width line by line, and a block that stays whole
lengthens the column beside the sidebar instead of leaving a band (issue 14, dead bands)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Frame, KeepTogether, Spacer

from briefing.layout.fit import fit_one_page
from briefing.layout.measure import Paragraph, place
from briefing.pipeline import load_brief, materials_for
from briefing.render.pages import render_pdf
from briefing.world.disk import DiskWorld
from tests.conftest import build_file, page_text

ROOT = Path(__file__).resolve().parent.parent
ONE_PAGE = sorted(
    path
    for path in [*(ROOT / "tests" / "corpus").glob("*.yaml"), *(ROOT / "briefs").glob("*.yaml")]
    if "fit: flow" not in path.read_text(encoding="utf-8")
)
BODY = ParagraphStyle("body", fontSize=9, leading=11, spaceAfter=4, allowWidows=0, allowOrphans=0)
HEADING = ParagraphStyle("heading", fontSize=11, leading=13, spaceBefore=9, keepWithNext=1)
TEXT = "Text that runs on for a while, line after line, as a paragraph of a briefing does. " * 8


@pytest.mark.parametrize("path", ONE_PAGE, ids=lambda path: path.stem)
def test_the_fitted_layout_renders_as_it_was_measured(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fit measures; the render must agree to the point: one page at the first try (or
    the pipeline steps the scale down), each of page 1's frames filled as far as measured."""
    world = DiskWorld(path)
    _, brief = load_brief(world)
    layout = fit_one_page(materials_for(brief, world))
    assert layout.fits
    filled: dict[str, float] = {}
    add = Frame.add

    def recording(frame: Frame, flowable: object, canvas: object, trySplit: int = 0) -> int:
        done = int(add(frame, flowable, canvas, trySplit))
        if frame.id in ("main-1", "main-1b"):
            filled[frame.id] = frame._y1 + frame._height - frame._y
        return done

    monkeypatch.setattr(Frame, "add", recording)
    rendered = render_pdf(layout, datetime(2026, 1, 1, tzinfo=UTC))
    assert (rendered.pages, rendered.sidebar_overflow) == (1, False)
    measured = dict(zip(("main-1", "main-1b"), layout.placement.used, strict=False))
    assert filled == pytest.approx({k: v for k, v in measured.items() if v}, abs=0.01)


def test_a_heading_stays_with_the_first_lines_of_its_paragraph_at_a_frames_foot() -> None:
    story = [Spacer(1, 40), Paragraph("Heading", HEADING), Paragraph(TEXT, BODY)]
    room = 40 + 9 + 13 + 2 * 11 + 1  # the heading and two lines of its paragraph
    placed = place(story, [(300, room), (500, 400)])
    # the heading's group (its origin is the heading's index) begins beside and runs on
    assert (placed.first, placed.last[0]) == ([0, 1], 1)
    one_line = place(story, [(300, room - 11), (500, 400)])
    assert (one_line.first, one_line.last[0]) == ([0, 1], 0)  # room for one line: it moves


def test_a_block_kept_whole_moves_on_and_its_space_before_merges_with_the_last() -> None:
    quote = KeepTogether([Paragraph("A short quote.", BODY)])
    story = [Paragraph(TEXT, BODY), quote]
    text = place(story[:1], [(300, 1000)]).used[0]
    placed = place(story, [(300, text + 5), (500, 400)])
    assert placed.first == [0, 1]
    assert placed.used[0] == pytest.approx(text)


def test_in_flow_a_box_at_a_pages_foot_splits_and_repeats_its_label() -> None:
    """tests/corpus/flow-box.yaml: kept whole, its claims box left 40 mm at page 1's foot."""
    pdf = build_file(ROOT / "tests" / "corpus" / "flow-box.yaml").pdf
    first, second = page_text(pdf, 0), page_text(pdf, 1)
    for page in (first, second):
        assert "What the operator reports" in page
        assert "Reported by Northern Water Company" in page
    assert "Gates out of service" in first and "Gates out of service" not in second
    assert "Households served" in second and "Households served" not in first


def test_a_box_never_splits_beside_the_sidebar() -> None:
    """Only a frame that ends a page lets a box split loose; beside the sidebar it moves."""
    pdf = build_file(ROOT / "tests" / "corpus" / "starter.yaml").pdf
    assert page_text(pdf).count("What the union claims") == 1
