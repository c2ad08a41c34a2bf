"""The pixel comparison itself: sharp enough to notice a lost footer or a missing label."""

from __future__ import annotations

from functools import cache

import pytest
from PIL import Image, ImageDraw

from tests.conftest import EXAMPLE, build_file
from tests.pagecheck import chars
from tests.pixels import TILE_TOLERANCE, difference, rasterise, tile_differences

DPI = 36  # as the page reference


@cache
def _example() -> bytes:
    return build_file(EXAMPLE).pdf


def _without(words: str) -> tuple[Image.Image, Image.Image]:
    """The example page, and the same page with the line holding ``words`` painted out."""
    pdf = _example()
    page = rasterise(pdf, dpi=DPI)
    found = chars(pdf)
    text = "".join(c.text for c in found)
    start = text.index(words.replace(" ", ""))
    boxes = [c.box for c in found[start : start + len(words.replace(" ", ""))]]
    scale, height = DPI / 72, page.height
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    edited = page.copy()
    ImageDraw.Draw(edited).rectangle(
        (x0 * scale, height - y1 * scale, x1 * scale, height - y0 * scale), fill="white"
    )
    return page, edited


@pytest.mark.parametrize(
    "words",
    [
        "Page 1 of 1",  # the footer's page number
        "30 September 2015",  # a timeline label
        "Source: GLOBALO",  # a sidebar source line
    ],
)
def test_a_lost_word_is_noticed_though_the_page_mean_hardly_moves(words: str) -> None:
    page, edited = _without(words)
    assert difference(page, edited) < 0.5  # the old measure, the mean over the page, is blind
    worst, _ = tile_differences(page, edited)[0]
    assert worst > TILE_TOLERANCE


def test_the_same_page_matches_itself() -> None:
    page = rasterise(_example(), dpi=DPI)
    assert tile_differences(page, page.copy())[0][0] == 0.0
