"""Fitting: one page guaranteed or explained; flow across pages with running headers."""

from __future__ import annotations

import re

import pytest

from briefing.errors import LayoutError
from briefing.read import parse_brief
from tests.conftest import build_doc, page_text, reader, text_boxes

BASE = """\
title: Fitting test
date: 2016-03-14
summary: The bottom line.
marking: INTERNAL
key_facts:
  - {label: Fact one, value: First fact value}
  - {label: Fact two, value: Second fact value}
sections:
{sections}
analysis:
  label: Opinion of X — not verified fact
  source: X
  points: [One point., Another point.]
layout: {fit: FIT}
"""
PARA = "This paragraph adds length to the narrative so that the brief needs more room. " * 4


def brief_text(sections: int, fit: str = "one-page") -> str:
    body = "".join(f"  - heading: Part {i}\n    text: {PARA}\n" for i in range(sections))
    return BASE.replace("{sections}\n", body).replace("FIT", fit)


def with_facts(count: int, words: int) -> str:
    """A flowing brief whose sidebar holds ``count`` facts of ``words`` words each."""
    facts = "".join(
        f"  - {{label: Fact {i}, value: {'Fact text ' * words}}}\n" for i in range(count)
    )
    return brief_text(1, "flow").replace(
        "key_facts:\n  - {label: Fact one, value: First fact value}\n"
        "  - {label: Fact two, value: Second fact value}\n",
        "key_facts:\n" + facts,
    )


def build(text: str) -> object:
    doc = parse_brief(text.encode(), "fit.yaml")
    return build_doc(doc)


def test_short_brief_is_not_scaled() -> None:
    built = build(brief_text(1))
    assert built.pages == 1  # type: ignore[attr-defined]
    assert built.scale == 1.0  # type: ignore[attr-defined]
    assert 0.1 < built.fill < 0.6  # type: ignore[attr-defined]


def test_longer_brief_is_shrunk_to_one_page() -> None:
    # eleven parts: nine fit at full size once no band is left beside the sidebar (issue 14)
    built = build(brief_text(11))
    assert built.pages == 1  # type: ignore[attr-defined]
    assert 0.7 <= built.scale < 1.0  # type: ignore[attr-defined]
    assert built.fill > 0.9  # type: ignore[attr-defined]
    text = page_text(built.pdf)  # type: ignore[attr-defined]
    assert "Part 10" in text and "Another point." in text  # nothing cut


def test_body_never_below_floor() -> None:
    built = build(brief_text(9))
    sizes = set()
    pdf = reader(built.pdf)  # type: ignore[attr-defined]

    def visitor(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if "This paragraph adds" in text:
            sizes.add(round(size * tm[0], 2))

    pdf.pages[0].extract_text(visitor_text=visitor)
    assert sizes and min(sizes) >= 8.0


def test_too_long_fails_naming_blocks_and_amounts() -> None:
    with pytest.raises(LayoutError) as info:
        build(brief_text(16))
    found = [d.headline() for d in info.value.diagnostics]
    assert found, "no report"
    assert re.fullmatch(
        r"fit\.yaml:1:1: does not fit one page at the smallest legible size: \d+ mm of the "
        r"main column \(\d+% of its room\) must go",
        found[0],
    ), found[0]
    notes = [d for d in info.value.diagnostics if d.severity == "note"]
    falling = [d.headline() for d in info.value.diagnostics if d.severity == "error"][1:]
    assert falling and all(
        re.search(r": \d+ lines? \(\d+ mm\) over the page at the smallest legible size$", line)
        for line in falling
    ), falling
    # where the space goes: every part, largest first, with its height and share
    heights = [float(re.search(r"takes (\d+) mm", d.message).group(1)) for d in notes]  # type: ignore[union-attr]
    assert heights == sorted(heights, reverse=True) and len(notes) >= 18
    assert {d.field for d in notes} >= {"summary", "analysis", "sections[0]", "title"}
    assert any("analysis" in line for line in found)
    assert info.value.diagnostics[-1].hint == "shorten it, or set layout.fit: flow"
    assert info.value.exit_code == 3


def test_flow_paginates_with_running_headers() -> None:
    built = build(brief_text(16, "flow"))
    assert built.pages >= 2  # type: ignore[attr-defined]
    pdf = built.pdf  # type: ignore[attr-defined]
    for n in range(1, built.pages):  # type: ignore[attr-defined]
        text = page_text(pdf, n)
        assert "Fitting test" in text
        assert f"Page {n + 1} of {built.pages}" in text  # type: ignore[attr-defined]
        assert text.count("INTERNAL") >= 2


def test_flow_never_ends_a_page_with_a_heading() -> None:
    built = build(brief_text(16, "flow"))
    pdf = built.pdf  # type: ignore[attr-defined]
    bottom = built.frames["main-n"][1]  # type: ignore[attr-defined]
    for n in range(built.pages):  # type: ignore[attr-defined]
        runs = [(y, t) for x, y, t in text_boxes(pdf, n) if y > bottom + 1 and x < 380]
        lowest = min(runs)[1]
        assert not re.fullmatch(r"Part \d+", lowest.strip()), f"page {n + 1} ends with {lowest}"


def test_flow_continues_long_sidebar_on_next_page() -> None:
    built = build(with_facts(16, 12))
    assert built.pages == 2  # type: ignore[attr-defined]
    assert "Fact 15" in page_text(built.pdf, 1)  # type: ignore[attr-defined]
    assert "Fact 0" in page_text(built.pdf, 0)  # type: ignore[attr-defined]


def test_split_analysis_repeats_its_opinion_label_on_the_next_page() -> None:
    points = "".join(
        f"    - Opinion point number {i} with enough words to fill a line.\n" for i in range(60)
    )
    text = brief_text(2, "flow").replace(
        "  points: [One point., Another point.]\n", "  points:\n" + points
    )
    built = build(text)
    assert built.pages >= 2  # type: ignore[attr-defined]
    pdf = built.pdf  # type: ignore[attr-defined]
    pages_with_points = [
        n
        for n in range(built.pages)  # type: ignore[attr-defined]
        if "Opinion point number" in page_text(pdf, n)
    ]
    assert len(pages_with_points) >= 2
    for n in pages_with_points:
        assert "Opinion of X — not verified fact" in page_text(pdf, n), f"page {n + 1}"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("where", ["summary", "quote", "analysis"])
def test_a_paragraph_longer_than_a_page_flows_on(where: str) -> None:
    long = " ".join(f"word{i % 97}" for i in range(3000))[:19000]
    text = {
        "summary": brief_text(1, "flow").replace("summary: The bottom line.", f"summary: {long}"),
        "quote": brief_text(1, "flow").replace(
            "sections:\n", f"sections:\n  - heading: Q\n    quote: {{text: {long}, speaker: X}}\n"
        ),
        "analysis": brief_text(1, "flow").replace(
            "points: [One point., Another point.]", f"points: [{long}]"
        ),
    }[where]
    built = build(text)
    assert built.pages >= 4  # type: ignore[attr-defined]
    assert "word96" in page_text(built.pdf, built.pages - 1)  # type: ignore[attr-defined]


@pytest.mark.parametrize("room_lines", [1, 2, 5, 9])
def test_body_paragraphs_leave_no_widow_or_orphan(room_lines: int) -> None:
    from reportlab.platypus import Paragraph

    from briefing.layout.styles import make_styles
    from tests.worlds import MemoryWorld

    world = MemoryWorld(b"")
    theme = world.theme("default")
    style = make_styles(theme, world.fonts(theme)).body
    paragraph = Paragraph("Words that fill a narrow column line after line. " * 12, style)
    _, height = paragraph.wrap(200, 10_000)
    lines = round(height / style.leading)
    assert lines >= 10
    parts = paragraph.split(200, room_lines * style.leading + 0.5)
    if not parts:  # nothing of it may stand alone at the foot of the page
        assert room_lines < 2
        return
    first, second = parts
    counts = [round(p.wrap(200, 10_000)[1] / style.leading) for p in (first, second)]
    assert min(counts) >= 2, counts


@pytest.mark.timeout(60)
def test_a_sidebar_several_pages_long_is_placed_in_full() -> None:
    built = build(with_facts(45, 20))
    assert built.pages >= 3  # type: ignore[attr-defined]
    pdf = built.pdf  # type: ignore[attr-defined]
    everything = " ".join(page_text(pdf, n) for n in range(built.pages))  # type: ignore[attr-defined]
    for i in range(45):
        assert f"Fact {i}\n" in everything or f"Fact {i} " in everything, i
    assert "Fact 44" in page_text(pdf, built.pages - 1)  # type: ignore[attr-defined]
