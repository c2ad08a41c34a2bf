"""What stays together at a page's foot (issue 19, found on the way): a heading with its quote,
a box's label and attribution with its content; and the words a split or a fit report prints."""

from __future__ import annotations

import dataclasses
import re

from briefing.layout.fit import prepare, space_report
from briefing.layout.measure import Placement
from briefing.pipeline import materials_for
from tests.conftest import brief_from, build_text, page_text
from tests.test_flow_split import FILES, LEAD, slid
from tests.worlds import MemoryWorld


def _heading_then_quote(n: int, paper: str, sentences: int) -> str:
    filler = "      - bullets: [" + ", ".join(f"Filler {i}" for i in range(n)) + "]\n" if n else ""
    quote = " ".join(f"Quoted{i} words run across the lines." for i in range(sentences))
    return (
        "title: A heading and its quote\ndate: 2024-01-01\nsummary: One sentence.\n"
        f"sections:\n  - heading: Lead\n    blocks:\n      - text: {LEAD}\n{filler}"
        "  - heading: Heading Under Test\n    blocks:\n"
        f'      - quote: {{text: "{quote}", speaker: Anna Speaker}}\n'
        "      - text: After the quote.\n"
        f"layout: {{fit: flow, paper: {paper}, sidebar: none}}\n"
    )


def test_a_heading_never_stays_alone_at_a_pages_foot_with_its_quote_on_the_next() -> None:
    """A short quote was kept whole by a KeepTogether, which platypus never groups with the
    heading before it: the heading stayed at the foot, the quote went over."""
    for paper, offsets in (("a4", range(24, 36)), ("letter", range(20, 32))):
        for sentences in (4, 30):
            for n in offsets:
                built = build_text(_heading_then_quote(n, paper, sentences))
                first = page_text(built.pdf)
                if "Heading Under Test" in first:
                    assert "Quoted0" in first, f"{paper}, {n} filler lines, {sentences}"
                text = "".join(page_text(built.pdf, p) for p in range(built.pages))
                assert f"Quoted{sentences - 1}" in text and "Anna Speaker" in text


def test_a_split_analysis_box_carries_content_with_its_label_and_its_attribution() -> None:
    """A box of two points split with only its label and 'Source of this opinion' on page 2."""
    label, last = "Opinion of the Desk", "Source of this opinion"
    split = 0
    for paper, offsets in (("a4", range(20, 34)), ("letter", range(18, 30))):
        for n in offsets:
            text = slid("analysis", n, paper)
            text = "\n".join(
                line for line in text.split("\n") if not re.match(r" +- Point[3-9]", line)
            )
            built = build_text(text, base=FILES)
            if built.pages < 2:
                continue
            first, second = page_text(built.pdf, 0), page_text(built.pdf, 1)
            if label in first and label in second:  # split, its label repeated
                split += 1
                assert re.search(r"Point\d", first[first.index(label) :]), (paper, n)
                continued = second[second.index(label) : second.index(last)]
                assert re.search(r"\w{4,}", continued.split("\n", 1)[1]), (paper, n)
    assert split  # the offsets split the box


def test_an_items_own_confirmed_status_is_not_brackets_in_brackets() -> None:
    brief = (
        "title: Claims\ndate: 2024-01-01\nsummary: One sentence.\n"
        "claims:\n  source: President Vladimir Putin\n  items:\n"
        "    - {label: Troops withdrawn, value: 3000, status: confirmed}\n"
        "    - {label: Aircraft flown home, value: 20}\n"
    )
    built = build_text(brief)
    text = " ".join(page_text(built.pdf).split())
    assert "(Confirmed by President Vladimir Putin)" in text
    assert "(Confirmed (" not in text
    from briefing.deliver.body import plain_body

    mail = plain_body(brief_from(brief))  # the e-mail says it in the same words
    assert "(Confirmed by President Vladimir Putin)" in mail and "(Confirmed (" not in mail


def test_the_one_page_fit_report_always_says_how_much_must_go() -> None:
    """It printed 'does not fit one page at the smallest legible size:  must go' where the
    column added up to less than its room (a block kept whole moved past the white it left,
    or the render ran over the measure)."""
    text = "title: T\ndate: 2024-01-01\nsummary: One sentence.\n"
    layout = prepare(materials_for(brief_from(text), MemoryWorld(text)), 1.0)
    for placement in (Placement(used=[10.0], overflow={0: 30.0}), Placement(used=[10.0])):
        odd = dataclasses.replace(layout, placement=placement)
        message = space_report(odd, None, "t.yaml")[0].message
        assert re.search(r": \d+ mm of the main column \(\d+% of its room\) must go$", message)
