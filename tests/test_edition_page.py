"""The page of issue 21: the "What changed since edition N" box right after the bottom line, and
a change bar beside every changed paragraph, bullet, claim item and key fact (in the margin, on
the side where its lines begin; an artifact, not content). Placement read back from the PDF,
the structure tree, and pixels.

The change lists here are made by hand (``Change`` values placed into the materials): the page
shows whatever list it is given; which changes two editions make is tested with the diff.
"""

from __future__ import annotations

import io

import pikepdf
import pytest

from briefing.editions.changes import Change
from briefing.layout.edition import ChangeBars, box_lines, marked
from briefing.layout.fit import Layout
from briefing.render.pages import Rendered
from briefing.theme import Theme
from tests.editions_page import build_with_changes
from tests.pagecheck import Page, hex_fill, read_pages
from tests.pixels import assert_matches, rasterise
from tests.test_archive import _all, _elements, _marked_text

WORDS = " ".join

BRIEF = """\
title: Flooding in the river valley
date: 2024-05-02
summary: >-
  Water levels fell for a second day; two districts remain cut off and the count of people
  displaced rose.
sections:
  - heading: Situation
    blocks:
      - text: |
          {possum}

          {quokka}
      - bullets:
          - bilby bilby bilby bilby
          - numbat numbat numbat numbat
claims:
  - title: What the government reports
    source: Ministry of Interior
    status: claimed
    items:
      - {{label: Emu count, value: 40}}
      - {{label: Wombat figures, value: 1200}}
analysis:
  - title: Assessment
    source: Desk
    label: assessment, not established fact
    confidence: high
    points:
      - tapir tapir tapir
key_facts:
  - {{label: Koala, value: koala koala}}
  - {{label: Dingo, value: dingo dingo}}
layout: {{paper: {paper}, sidebar: {side}, fit: {fit}}}
"""

CHANGES = (
    Change("tlp", ("tlp",), "TLP label", "AMBER", "GREEN", direction="down"),
    Change(
        "section-changed",
        ("sections", 0),
        "Situation",
        marks=(
            ("sections", 0, "blocks", 0, "text", 1),
            ("sections", 0, "blocks", 1, "bullets", 1),
        ),
    ),
    Change(
        "figure",
        ("claims", 0, "items", 1),
        "Second figure, Ministry of Interior",
        "900",
        "1,200",
        marks=(("claims", 0, "items", 1),),
    ),
    Change(
        "judgement",
        ("analysis", 0),
        "Assessment",
        "moderate",
        "high",
        because="the gauges were read again",
        direction="up",
    ),
    Change("fact", ("key_facts", 1), "Second fact", "one", "two", marks=(("key_facts", 1),)),
)

#: the changed items (a word on every one of their lines) and the unchanged ones
CHANGED = ("quokka", "numbat", "Wombat", "Dingo")
UNCHANGED = ("possum", "bilby", "Emu", "Koala", "tapir")


def _brief(paper: str = "a4", side: str = "right", fit: str = "one-page", long: int = 3) -> str:
    return BRIEF.format(
        possum=WORDS(["possum"] * 30),
        quokka=WORDS(["quokka"] * 30 * long),
        paper=paper,
        side=side,
        fit=fit,
    )


def _bars(page: Page, theme: Theme) -> list[tuple[float, float, float, float]]:
    """The change bars drawn on ``page``: rectangles filled in the change colour."""
    fill = hex_fill(theme.colours.change_rule)
    width = theme.editions.bar_width
    return [
        (r.x0, r.y0, r.x1, r.y1)
        for r in page.rects
        if r.fill is not None
        and all(abs(a - b) < 0.01 for a, b in zip(r.fill, fill, strict=True))
        and abs(r.x1 - r.x0 - width) < 0.05
    ]


def _lines(page: Page, word: str) -> list[tuple[float, float, float, float]]:
    return [(x0, y0, x1, y1) for text, x0, y0, x1, y1 in page.words if word in text]


def _beside(
    bars: list[tuple[float, float, float, float]], lines: list[tuple[float, float, float, float]]
) -> list[tuple[float, float, float, float]]:
    """The bars whose height spans ``lines`` (every line's middle is within the bar)."""
    return [
        bar
        for bar in bars
        if all(bar[1] - 0.5 <= (y0 + y1) / 2 <= bar[3] + 0.5 for _, y0, _, y1 in lines)
    ]


def _touching(
    bars: list[tuple[float, float, float, float]], lines: list[tuple[float, float, float, float]]
) -> list[tuple[float, float, float, float]]:
    """The bars beside any of ``lines`` (their heights overlap) in the lines' column."""
    return [
        bar
        for bar in bars
        for x0, y0, x1, y1 in lines
        if bar[1] < (y0 + y1) / 2 < bar[3] and -20 < x0 - bar[2] < 20
    ]


def _build(text: str, changes: tuple[Change, ...] = CHANGES) -> tuple[Layout, Rendered]:
    return build_with_changes(text, changes)


# --------------------------------------------------------------------------- the box's lines


def test_the_box_lists_the_marking_first_and_judgements_with_their_reason() -> None:
    lines = box_lines(CHANGES, 8)
    assert lines[0] == "TLP label: AMBER → GREEN (less restrictive)"
    assert "Assessment: moderate → high (raised), because the gauges were read again" in lines
    assert "Changed: Situation" in lines
    assert "Second figure, Ministry of Interior: 900 → 1,200" in lines


def test_a_long_list_is_summarised_with_its_count() -> None:
    many = tuple(Change("fact", ("key_facts", i), f"Fact {i}", "1", "2") for i in range(12))
    lines = box_lines(many, 8)
    assert len(lines) == 8
    assert lines[-1].startswith("… and 5 more")


def test_a_mark_covers_what_it_holds_and_the_tiles_of_its_items() -> None:
    assert marked({("claims", 1)}, ("claims", 1, "items", 3))
    assert marked({("claims", 1, "items", 0)}, ("claims", 1, "items"))
    assert not marked({("claims", 1, "items", 0)}, ("claims", 1, "items", 1))
    assert not marked({("claims", 1)}, ("claims", 0, "items", 1))


def test_bars_of_one_part_in_one_column_are_one_bar_on_its_first_lines_side() -> None:
    bars = ChangeBars()
    bars.add(1, ("key_facts", 0), (400, 500, 480, 510), True)  # its label, right to left
    bars.add(1, ("key_facts", 0), (400, 480, 480, 495), False)  # its source line
    bars.add(1, ("sections", 0), (40, 600, 300, 640), False)
    columns = [(40.0, 100.0, 300.0, 600.0, 4.0), (400.0, 100.0, 80.0, 600.0, 2.0)]
    assert bars.bars(1, columns, 2.0) == [(34.0, 600, 2.0, 40), (482.0, 480, 2.0, 30)]
    assert bars.bars(1, columns, 2.0) == []  # drawn once


# --------------------------------------------------------------------------- placement


@pytest.mark.parametrize(
    ("paper", "side"), [("a4", "right"), ("letter", "left"), ("a4", "none"), ("letter", "right")]
)
def test_the_box_stands_under_the_bottom_line_and_bars_beside_each_changed_item(
    paper: str, side: str
) -> None:
    layout, rendered = _build(_brief(paper, side))
    assert rendered.pages == 1
    (page,) = read_pages(rendered.pdf)
    theme = layout.theme
    (label,) = _lines(page, "WHAT CHANGED SINCE EDITION 2")
    (bottom,) = _lines(page, "BOTTOM LINE")
    heading = min(_lines(page, "Situation"), key=lambda line: -line[3])
    assert heading[3] < label[1] < bottom[1]  # under the bottom line, above the narrative
    assert _lines(page, "TLP label: AMBER → GREEN")[0][3] > _lines(page, "Second figure,")[0][3]
    bars = _bars(page, theme)
    # where a bar may stand: the theme's gap outside a main column's edge
    edges = [x - theme.editions.bar_gap for x, _, _, _ in layout.geo.first_frames()]
    for word in CHANGED:
        lines = _lines(page, word)
        beside = _beside(bars, lines)
        assert len(beside) == 1, f"not one bar beside {word}"
        x0, _, x1, _ = beside[0]
        assert x1 < min(line[0] for line in lines), f"the bar beside {word} is not at its left"
        if word == "Dingo" and side != "none":  # in the sidebar's padding, inside its tint
            sidebar = layout.geo.sidebar_x
            assert sidebar <= x0 and x1 <= sidebar + theme.spacing.block_padding
        else:  # in the margin, outside the column
            assert any(x1 == pytest.approx(edge, abs=0.05) for edge in edges), word
    for word in UNCHANGED:
        assert not _touching(bars, _lines(page, word)), f"a bar beside unchanged {word}"
    assert len(bars) == 4  # the paragraph, the bullet, the claim's row, the fact


def test_no_box_and_no_bars_without_a_previous_edition() -> None:
    _, rendered = build_with_changes(_brief(), (), None)
    (page,) = read_pages(rendered.pdf)
    assert not _lines(page, "WHAT CHANGED")
    assert not [r for r in page.rects if r.x1 - r.x0 == pytest.approx(2.0)]


def test_a_previous_edition_with_nothing_changed_says_so_in_one_line() -> None:
    layout, rendered = build_with_changes(_brief(), (), 4)
    (page,) = read_pages(rendered.pdf)
    assert _lines(page, "WHAT CHANGED SINCE EDITION 4")
    assert _lines(page, "No changes since edition 4.")
    assert not _bars(page, layout.theme)


def test_the_box_takes_room_in_the_fit_and_the_space_report() -> None:
    from briefing.layout.fit import space_report

    without, _ = build_with_changes(_brief(long=8), (), None)
    layout, rendered = _build(_brief(long=8))
    assert rendered.pages == 1
    assert layout.scale <= without.scale
    report = [d.message for d in space_report(layout, None, "brief.yaml") if d.field == "edition"]
    assert len(report) == 1 and "takes" in report[0]
    assert layout.story.blocks[1].path == ("edition",)
    assert layout.story.blocks[1].name == "edition (What changed since edition 2)"


def test_a_changed_paragraph_split_across_pages_has_a_bar_on_each_page() -> None:
    layout, rendered = _build(_brief(fit="flow", long=40))
    pages = read_pages(rendered.pdf)
    assert rendered.pages >= 2
    on = [page for page in pages if _lines(page, "quokka")]
    assert len(on) >= 2, "the changed paragraph is not split across pages"
    for page in on:
        lines = [line for line in _lines(page, "quokka") if "possum" not in line]
        assert _beside(_bars(page, layout.theme), lines), f"page {page.number + 1}: no bar"


def test_right_to_left_lines_have_their_bar_at_the_right() -> None:
    arabic = WORDS(["أعلن المتحدث باسم الوزارة أن العملية انتهت بنجاح"] * 6)
    text = _brief().replace(WORDS(["quokka"] * 90), arabic)
    layout, rendered = _build(text)
    (page,) = read_pages(rendered.pdf)
    bars = _bars(page, layout.theme)
    gap = layout.theme.editions.bar_gap
    edges = [x + width + gap for x, _, width, _ in layout.geo.first_frames()]
    right = [bar for bar in bars if any(bar[0] == pytest.approx(e, abs=0.05) for e in edges)]
    assert len(right) == 1  # the Arabic paragraph's, at its column's right edge
    left = [x - gap for x, _, _, _ in layout.geo.first_frames()]
    assert len([bar for bar in bars if any(bar[2] == pytest.approx(e) for e in left)]) == 2
    assert not _touching(bars, _lines(page, "possum"))


def test_bars_are_grey_in_grayscale() -> None:
    _, rendered = _build(_brief().replace("fit: one-page", "fit: one-page, colour: grayscale"))
    (page,) = read_pages(rendered.pdf)
    bars = [r for r in page.rects if r.x1 - r.x0 == pytest.approx(2.0, abs=0.05)]
    assert len(bars) == 4
    assert all(r.fill is not None and max(r.fill) - min(r.fill) < 0.01 for r in bars)


# --------------------------------------------------------------------------- structure


def _bars_are_artifacts(pdf: bytes, fill: tuple[float, float, float]) -> tuple[int, int]:
    """(bars drawn inside an /Artifact, bars drawn inside content) on page 1."""
    inside = outside = 0
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        stack: list[str] = []
        colour: tuple[float, ...] = ()
        pending = False
        for operands, operator in pikepdf.parse_content_stream(doc.pages[0]):
            op = str(operator)
            if op in ("BDC", "BMC"):
                stack.append(str(operands[0]))
            elif op == "EMC":
                stack.pop()
            elif op == "rg":
                colour = tuple(float(v) for v in operands)
            elif op == "re":
                pending = abs(float(operands[2]) - 2.0) < 0.05
            elif op in ("f", "f*", "B") and pending:
                if all(abs(a - b) < 0.01 for a, b in zip(colour, fill, strict=False)):
                    if stack and all(s == "/Artifact" for s in stack[:1]):
                        inside += 1
                    else:
                        outside += 1
                pending = False
    return inside, outside


def test_the_box_is_a_heading_and_a_list_and_the_bars_are_artifacts() -> None:
    layout, rendered = _build(_brief())
    tree = _elements(rendered.pdf)
    sections = _all(tree, "Sect")
    (box,) = [s for s in sections if s["kids"][0].get("T") == "What changed since edition 2"]
    assert [kid["S"] for kid in box["kids"]] == ["H2", "L"]
    items = box["kids"][1]["kids"]
    assert len(items) == len(box_lines(CHANGES, 8))
    assert all([kid["S"] for kid in item["kids"]] == ["Lbl", "LBody"] for item in items)
    # in reading order, right after the bottom line
    titles = [s["kids"][0].get("T") for s in sections if s["kids"] and s["kids"][0]["S"] == "H2"]
    assert titles[:2] == ["Bottom line", "What changed since edition 2"]
    inside, outside = _bars_are_artifacts(rendered.pdf, hex_fill(layout.theme.colours.change_rule))
    assert (inside, outside) == (4, 0)
    runs = _marked_text(rendered.pdf, 0)
    box_text = "".join(text for where, text in runs if where != "/Artifact")
    assert "WHAT CHANGED SINCE EDITION 2" in box_text and "AMBER → GREEN" in box_text


def test_the_box_texts_are_checked_for_glyphs() -> None:
    from briefing.layout.coverage import box_coverage
    from briefing.pipeline import materials_for
    from briefing.read import parse_brief
    from briefing.validate.checks import validate
    from tests.worlds import MemoryWorld

    text = _brief()
    world = MemoryWorld(text)
    doc = parse_brief(text.encode(), "brief.yaml")
    fonts = materials_for(validate(doc, world), world).fonts
    assert box_coverage(doc, fonts, box_lines(CHANGES, 8)) == []  # arrows and all
    (found,) = box_coverage(doc, fonts, ["Deaths: ሰ → 4"])
    assert "U+1230" in found.message and found.severity == "error"
    assert (found.line, found.field) == (1, "edition")  # no edition key: the brief's top


# --------------------------------------------------------------------------- pixels


def test_the_page_with_its_box_and_bars_looks_as_designed() -> None:
    _, rendered = _build(_brief())
    assert_matches(rasterise(rendered.pdf, dpi=50), "pages/edition-changes.png")
