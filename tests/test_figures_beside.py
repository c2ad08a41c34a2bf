"""A figure at the foot of the sidebar never lengthens the column beside it (which left a hole
beside the figure, under the sidebar): the text after it moves up beside the sidebar, or the
figure is set a little smaller to end there, or it takes the full width below."""

from __future__ import annotations

from pathlib import Path

from tests import pagecheck
from tests.conftest import build_text

EXAMPLES = Path(__file__).resolve().parent.parent / "briefs"  # jcpoa-centrifuges.svg
MM = 72 / 25.4
SENTENCE = "The inspectors reported on the sites they visited this month."


def _brief(sentences: int, extra: str, after: bool) -> str:
    text = " ".join([SENTENCE] * sentences) + extra
    tail = (
        "      - text: The agency will report again in three months; the next visit is planned"
        " for November.\n"
        if after
        else ""
    )
    return f"""\
title: Inspectors report on the enrichment sites
date: 2015-08-06
summary: The agency's inspectors visited the two enrichment sites and found the limits kept.
sections:
  - heading: The sites
    blocks:
      - text: {text}
      - figure:
          image: jcpoa-centrifuges.svg
          alt: Two bars to scale.
          caption: Centrifuges before and under the deal, to scale.
          width: 1
{tail}key_facts:
  - {{label: Sites visited, value: Natanz and Fordow, source: IAEA}}
  - {{label: Centrifuges installed, value: "6,104", source: IAEA}}
  - {{label: Next report, value: November 2015, source: IAEA}}
"""


def _hole_mm(frames: dict[str, tuple[float, float, float, float]]) -> float:
    """How far the column beside the sidebar runs below the sidebar's foot."""
    return (frames["sidebar-1"][1] - frames["main-1"][1]) / MM


def _bars(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """The figure's filled shapes (tagged paths), left to right."""
    return [box for mcid, kind, box, _ in pagecheck.inked(pdf)[0] if kind == "path" and mcid >= 0]


def test_the_text_after_a_figure_moves_up_beside_the_sidebar() -> None:
    built = build_text(_brief(6, "", after=True), base=EXAMPLES)
    assert _hole_mm(built.frames) < 6.5  # the gutter under the sidebar, no more
    beside_right = built.frames["main-1"][0] + built.frames["main-1"][2]
    widest = max(_bars(built.pdf), key=lambda box: box[2] - box[0])
    assert widest[2] > beside_right + 20  # the figure is in the full width below
    words = "".join(c.text for c in pagecheck.chars(built.pdf))
    assert words.index("planned") < words.index("Beforethedeal")  # the text came up
    assert not pagecheck.ink_outside_boxes(built.pdf, built.boxes)


def test_a_figure_with_no_text_after_it_is_set_smaller_to_end_beside_the_sidebar() -> None:
    built = build_text(_brief(1, " Natanz" * 6, after=False), base=EXAMPLES)
    assert _hole_mm(built.frames) < 6.5
    beside_right = built.frames["main-1"][0] + built.frames["main-1"][2]
    bars = _bars(built.pdf)
    assert max(box[2] for box in bars) < beside_right  # beside the sidebar ...
    assert min(box[1] for box in bars) > built.frames["main-1"][1]  # ... and ending there
    assert not pagecheck.small_glyphs(built.pdf)  # its text still legible
    assert not pagecheck.ink_outside_boxes(built.pdf, built.boxes)


def test_a_figure_that_neither_text_nor_a_smaller_size_can_help_leaves_the_least_white() -> None:
    """Text too short to fill the column beside the sidebar, a figure too tall to shrink into
    it: the figure goes beside the sidebar rather than leave a larger band above itself."""
    built = build_text(_brief(4, "", after=True), base=EXAMPLES)
    x, y, w, h = built.frames["main-1"]
    regions = [(x, x + w, y + h, y)]
    if "main-1b" in built.frames:
        x2, y2, w2, _ = built.frames["main-1b"]
        regions.append((x2, x2 + w2, y, y2))
    assert not pagecheck.empty_bands(built.pdf, regions, pages=[0])
    hole = _hole_mm(built.frames) * MM * (built.frames["sidebar-1"][2])
    band_instead = 10.0 * MM * w  # what the full width below left: a 10 mm band
    assert hole < band_instead
