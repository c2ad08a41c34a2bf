"""A web address too long for its line breaks after a '/' or a '.', never inside a word, and
reads back whole (no space where it was cut), in the sources, in text, in the sidebar and
across a page break."""

from __future__ import annotations

import io
import re

import pdfplumber
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.layout.breaks import cut
from tests.conftest import build_text

STATEMENT = (
    "https://www.example-ministry.gov.example/press-office/statements/2024/05/01/"
    "statement-on-the-ceasefire-agreement-and-its-implementation-schedule.html"
)
SHORT = "https://www.example-ministry.gov.example/press-office/statements/2024/05/01/statement.html"

BRIEF = f"""\
title: Long addresses
date: 2024-05-01
summary: The ministry's statement is online [@statement].
sections:
  - heading: Where to read it
    text: >-
      The full text is at {STATEMENT} and the annex at https://data.example.org/annexes/a.pdf
      lists the lines.
sources:
  - id: statement
    title: Statement on the ceasefire agreement
    publisher: Ministry of Foreign Affairs
    url: {STATEMENT}?section=annexes-and-maps&lang=en
key_facts:
  - label: Source
    value: {SHORT}
    source: Ministry
"""


def _lines_of(pdf: bytes, address: str) -> list[list[str]]:
    """Each time ``address`` is drawn: its text line by line as drawn (characters in content
    order; a space drawn inside it stays in the text, where it reads as two words)."""
    found: list[list[str]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            chars = page.chars
            text = "".join(c["text"] for c in chars)
            pattern = r"\s?".join(re.escape(ch) for ch in address)
            for match in re.finditer(pattern, text):
                lines: list[str] = [""]
                for i in range(match.start(), match.end()):
                    if i > match.start() and abs(chars[i]["top"] - chars[i - 1]["top"]) > 1:
                        lines.append("")
                    lines[-1] += chars[i]["text"]
                found.append(lines)
    return found


def _breaks_well(lines: list[list[str]]) -> list[str]:
    problems = []
    for drawn in lines:
        if any(" " in line for line in drawn):
            problems.append(f"a space inside the address: {drawn}")
        for line in drawn[:-1]:
            if line[-1] not in "/.-_?&=#,":
                problems.append(f"cut inside a word: {line!r} | ... in {drawn}")
    return problems


def test_long_addresses_break_after_a_slash_or_a_dot() -> None:
    pdf = build_text(BRIEF).pdf
    text_and_source = _lines_of(pdf, STATEMENT)
    assert len(text_and_source) == 2  # in the text, and in the sources
    sidebar = _lines_of(pdf, SHORT)
    assert len(sidebar) == 1 and len(sidebar[0]) >= 3  # narrow: three lines or more
    every = text_and_source + sidebar
    assert all(len(drawn) > 1 for drawn in every)  # each was too long for one line
    assert not _breaks_well(every), "\n".join(_breaks_well(every))


def test_a_long_address_in_a_paragraph_split_across_pages_still_breaks_well() -> None:
    """The first part of a split paragraph is rebuilt from its lines, each ended with a space
    by ReportLab; the rest is set again at its own width. Neither may cut inside a word."""
    sentence = "Words before the address fill the page, line after line."
    text = " ".join(f"{sentence} {sentence} {STATEMENT}" for _ in range(40))
    flow = BRIEF.replace("summary: The", "layout: {fit: flow}\nsummary: The").replace(
        f"The full text is at {STATEMENT}", text
    )
    built = build_text(flow)
    assert built.pages >= 2
    drawn = _lines_of(built.pdf, STATEMENT)
    assert len(drawn) >= 30  # most of the 41 (one may straddle the page break)
    assert not _breaks_well(drawn), "\n".join(_breaks_well(drawn))


def test_cut_fills_the_line_it_begins_on_then_whole_lines() -> None:
    def measure(text: str) -> float:
        return float(stringWidth(text, "Helvetica", 10))

    full = measure("https://www.example-ministry.gov.example/")
    pieces = cut(STATEMENT, measure, measure("https://www."), full)
    assert "".join(pieces) == STATEMENT
    assert pieces[0] == "https://www."
    assert all(measure(piece) <= full for piece in pieces[:-1])
    assert all(piece[-1] in "/.-" for piece in pieces[:-1])
    # no room left on the line: the first piece takes a whole line
    assert cut(STATEMENT, measure, 5.0, full)[0] == "https://www.example-ministry.gov.example/"
