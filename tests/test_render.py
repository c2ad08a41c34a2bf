"""Rendered output, checked cheapest first: structure, then placement."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from briefing.model import attribution
from tests.conftest import (
    STANDARD_14,
    all_text,
    build_text,
    fonts_of,
    page_text,
    reader,
    text_boxes,
)

FULL = """\
title: Russia orders withdrawal of main forces from Syria
subtitle: Kremlin says the mission is accomplished
date: 2016-03-15
summary: The **bottom** line comes first. R&D <b>cost</b> $5 and $10 & 50%.
marking: UNCLASSIFIED // FOR DISCUSSION
organisation: Briefing Unit
author: Analysis Desk
reference: REF-001
keywords: [Syria, Russia]
sections:
  - heading: What happened
    text: |
      First paragraph of the narrative.

      Second paragraph of the narrative.
    bullets: [First bullet, Second bullet]
    quote:
      text: I consider the mission accomplished.
      speaker: Vladimir Putin
      role: President of Russia
      date: 2016-03-14
claims:
  title: Claimed results
  source: Russian Ministry of Defence
  note: Figures have not been independently verified.
  items:
    - {label: Sorties flown, value: 9000, qualifier: more than, unit: sorties}
    - {label: Oil facilities destroyed, value: 209, unit: facilities, status: disputed}
key_facts:
  - label: Bases retained
    value: Hmeimim air base; Tartus naval facility
    source: Kremlin statement
  - label: Aircraft returning
    value: 30 combat aircraft
analysis:
  label: Opinion of GLOBALO — not verified fact
  source: GLOBALO
  points: [Russia needed an exit strategy., Putin avoided the mistake of Afghanistan.]
sources:
  - title: Putin orders withdrawal
    publisher: GLOBALO
    date: 2016-03-15
    url: https://example.org/article?a=1&b=2
distribution:
  - {name: Policy team, email: policy@example.org}
"""


@pytest.fixture(scope="module")
def full_pdf() -> bytes:
    return build_text(FULL).pdf


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_one_a4_page(full_pdf: bytes) -> None:
    pdf = reader(full_pdf)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_letter_paper() -> None:
    pdf = reader(build_text(FULL + "layout: {paper: letter}\n").pdf)
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_every_block_present_in_reading_order(full_pdf: bytes) -> None:
    text = normal(page_text(full_pdf))
    order = [
        "UNCLASSIFIED // FOR DISCUSSION",
        "Briefing Unit",
        "Russia orders withdrawal of main forces from Syria",
        "Kremlin says the mission is accomplished",
        "As of 15 March 2016",
        "REF-001",
        "BOTTOM LINE",
        "The bottom line comes first.",
        "What happened",
        "First paragraph of the narrative.",
        "Second paragraph",
        "First bullet",
        "I consider the mission accomplished.",
        "Vladimir Putin, President of Russia, 14 March 2016",
        "Claimed results",
        attribution("claimed", "Russian Ministry of Defence"),
        "Sorties flown",
        "more than 9,000 sorties",
        "Oil facilities destroyed",
        "209 facilities",
        "Figures have not been independently verified.",
        "Analysis",
        "Opinion of GLOBALO — not verified fact",
        "Russia needed an exit strategy.",
        "Sources",
        "[1]",
        "Putin orders withdrawal. GLOBALO. 15 March 2016.",
        "https://example.org/article?a=1&b=2",
    ]
    position = 0
    for item in order:
        found = text.find(item, position)
        assert found >= 0, (
            f"{item!r} missing or out of order after {text[position - 40 : position]!r}"
        )
        position = found + len(item)


def test_text_is_literal_not_markup(full_pdf: bytes) -> None:
    text = normal(page_text(full_pdf))
    assert "R&D <b>cost</b> $5 and $10 & 50%." in text
    assert "R&D;" not in text


def test_per_item_status_is_printed_in_words(full_pdf: bytes) -> None:
    assert attribution("disputed", "Russian Ministry of Defence") in normal(page_text(full_pdf))


def test_footer_has_page_reference_and_generation_date(full_pdf: bytes) -> None:
    text = normal(page_text(full_pdf))
    assert "Page 1 of 1" in text
    assert "Generated 2026-01-02 03:04 UTC" in text
    assert text.count("UNCLASSIFIED // FOR DISCUSSION") == 2  # top and bottom banner


def test_fonts_embedded_and_no_standard_14(full_pdf: bytes) -> None:
    fonts = fonts_of(full_pdf)
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"not embedded: {fonts}"
    bare = {name.split("+")[-1] for name in fonts}
    assert not bare & STANDARD_14
    assert any("NotoSans" in name for name in bare)


def test_metadata(full_pdf: bytes) -> None:
    pdf = reader(full_pdf)
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == "Russia orders withdrawal of main forces from Syria"
    assert meta.author == "Analysis Desk"
    assert meta.subject == "The bottom line comes first. R&D <b>cost</b> $5 and $10 & 50%."
    assert meta.get("/Keywords") == "Syria, Russia"
    assert pdf.trailer["/Root"].get("/Lang") == "en"


def test_only_source_urls_are_links(full_pdf: bytes) -> None:
    uris = []
    for page in reader(full_pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uris.append(action.get_object().get("/URI"))
    assert uris == ["https://example.org/article?a=1&b=2"]


def test_no_images(full_pdf: bytes) -> None:
    for page in reader(full_pdf).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())


# --------------------------------------------------------------------------- placement


def _sidebar_frame(built: object) -> tuple[float, float, float, float]:
    return built.frames["sidebar-1"]  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("side", ["right", "left"])
def test_key_facts_land_in_the_sidebar_frame(side: str) -> None:
    built = build_text(FULL + f"layout: {{sidebar: {side}}}\n")
    x, y, w, h = _sidebar_frame(built)
    runs = text_boxes(built.pdf)
    for needle in ("KEY FACTS", "Bases retained", "Hmeimim air base", "Kremlin statement"):
        hits = [(rx, ry) for rx, ry, t in runs if needle in t]
        assert hits, f"{needle!r} not on page 1"
        assert all(x - 1 <= rx <= x + w and y <= ry <= y + h for rx, ry in hits), needle
    main_x, _, main_w, _ = built.frames["main-1"]
    summary = [rx for rx, _, t in runs if "bottom line comes first" in t or "BOTTOM LINE" in t]
    assert summary and all(main_x - 1 <= rx <= main_x + main_w for rx in summary)
    if side == "left":
        assert x < main_x
    else:
        assert x > main_x


def test_no_sidebar_puts_key_facts_in_the_main_column() -> None:
    built = build_text(FULL + "layout: {sidebar: none}\n")
    _, _, main_w, _ = built.frames["main-1"]
    assert main_w > 450
    text = normal(page_text(built.pdf))
    assert text.index("BOTTOM LINE") < text.index("KEY FACTS") < text.index("What happened")


def test_analysis_label_is_on_the_page_in_words(full_pdf: bytes) -> None:
    runs = text_boxes(full_pdf)
    assert any("Opinion of GLOBALO — not verified fact" in t for _, _, t in runs)


def test_reproducible_bytes() -> None:
    assert build_text(FULL).pdf == build_text(FULL).pdf


def test_structurally_valid_for_another_reader(full_pdf: bytes) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(full_pdf)
    assert len(doc) == 1
    text = doc[0].get_textpage().get_text_range()
    assert "Opinion of GLOBALO" in text
    assert isinstance(PdfReader, type)


def test_minimal_brief_builds() -> None:
    from tests.conftest import MINIMAL

    built = build_text(MINIMAL)
    assert built.pages == 1
    assert "Minimal brief" in all_text(built.pdf)


def test_below_the_sidebar_the_flow_takes_the_full_width() -> None:
    built = build_text(FULL)
    side_x, side_y, side_w, _ = built.frames["sidebar-1"]
    x, _, width, _ = built.frames["main-1b"]
    assert width > 500 and x + width >= side_x + side_w - 1
    runs = text_boxes(built.pdf)
    label = [y for _, y, t in runs if "Opinion of GLOBALO" in t]
    assert label and label[0] < side_y  # the analysis sits below the sidebar
