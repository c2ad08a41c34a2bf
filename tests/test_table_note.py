"""The text after a table's note keeps the space it keeps after any paragraph."""

from __future__ import annotations

import io

import pdfplumber

from tests.conftest import build_text

BRIEF = """\
title: Reservoir levels
date: 2024-08-30
summary: The three reservoirs held 41% of capacity on 28 August.
layout: {sidebar: none}
sections:
  - heading: Levels
    blocks:
      - text: A first paragraph, before the table.
      - text: A second paragraph, after the first.
      - table:
          columns: [Reservoir, August (%)]
          rows:
            - [North Fork, 44]
            - [Stillwater, 39]
          note: Share of capacity on the last Monday.
      - text: A paragraph after the table's note.
"""


def _gap(
    pdf: bytes, boxes: dict[int, dict[int, tuple[float, ...]]], upper: str, lower: str
) -> float:
    """The white between the boxes of the content holding ``upper`` and of that holding
    ``lower`` (the render's record of each block's box)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
        text = "".join(c["text"] for c in chars)
        first = chars[text.index(upper)]["mcid"]
        second = chars[text.index(lower)]["mcid"]
    return float(boxes[1][first][1] - boxes[1][second][3])


def test_a_paragraph_after_a_table_note_is_as_far_from_it_as_from_a_paragraph() -> None:
    built = build_text(BRIEF)
    between_paragraphs = _gap(built.pdf, built.boxes, "A first", "A second")
    after_note = _gap(built.pdf, built.boxes, "Share of", "A paragraph after")
    assert between_paragraphs > 2
    assert abs(after_note - between_paragraphs) < 0.5, (after_note, between_paragraphs)
