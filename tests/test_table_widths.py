"""A table's columns are as wide as their cells ask (:mod:`briefing.layout.tables`): a short
column keeps to its words, a long one gets the rest, and no single long word starves the others.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.styles import ParagraphStyle

from briefing.layout.bidiparagraph import BidiParagraph
from briefing.layout.grid import NARROWEST
from briefing.layout.measure import Paragraph
from briefing.layout.tables import natural_widths, shares
from briefing.materials.fonts import FontSet
from tests.conftest import build_file, build_text
from tests.worlds import MemoryWorld

ROOT = Path(__file__).resolve().parent.parent


def test_columns_that_fit_on_one_line_share_the_rest_in_proportion_to_their_text() -> None:
    widths = shares([30, 40], [60, 180], 480)
    assert widths == pytest.approx([120, 360])
    assert sum(widths) == pytest.approx(480)


def test_a_short_column_gets_less_than_a_long_one_and_each_at_least_its_widest_word() -> None:
    mins, maxes = [50, 60, 40], [70, 900, 300]
    widths = shares(mins, maxes, 400)
    assert sum(widths) == pytest.approx(400)
    assert all(w >= low - 1e-9 for w, low in zip(widths, mins, strict=True))
    assert widths[0] < widths[2] < widths[1]
    # the room beyond the narrowest is shared as each column wants it beyond its narrowest
    beyond = [w - low for w, low in zip(widths, mins, strict=True)]
    assert beyond[1] / beyond[2] == pytest.approx((900 - 60) / (300 - 40))


def test_columns_whose_words_do_not_fit_are_scaled_down_to_the_width() -> None:
    widths = shares([200, 100, 300], [400, 100, 500], 300, floor=0)
    assert widths == pytest.approx([100, 50, 150])
    widths = shares([200, 100, 300], [400, 100, 500], 300, floor=18)
    assert sum(widths) == pytest.approx(300)
    assert widths[1] < widths[0] < widths[2]


def test_no_column_is_scaled_below_its_padding_and_a_couple_of_letters() -> None:
    mins = [12.0] + [200.0] * 9  # one short column beside nine of long words
    widths = shares(mins, [20.0] + [400.0] * 9, 500)
    assert sum(widths) == pytest.approx(500)
    assert min(widths) >= NARROWEST - 1e-9
    many = shares([30.0] * 40, [60.0] * 40, 500)  # too many columns for that: equal shares
    assert many == pytest.approx([12.5] * 40)


def test_empty_columns_share_the_width_equally() -> None:
    assert shares([0, 0], [0, 0], 100) == pytest.approx([50, 50])
    assert shares([], [], 100) == []


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    world = MemoryWorld(b"")
    return world.fonts(world.theme("default"))


def _style(font: str, size: float = 10) -> ParagraphStyle:
    return ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.2)


def test_a_cell_is_measured_as_printed_bold_and_joined_words_included(fonts: FontSet) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = _style(fonts.regular)
    low, high = natural_widths(Paragraph("one two threefold", style), 1e9)
    assert low == pytest.approx(stringWidth("threefold", fonts.regular, 10))
    assert high == pytest.approx(stringWidth("one two threefold", fonts.regular, 10))
    bold_low, _ = natural_widths(
        Paragraph(f"one two <font name='{fonts.bold}'>threefold</font>", style), 1e9
    )
    assert bold_low > low  # the bold run measured in bold
    joined, _ = natural_widths(Paragraph("14\u00a0February", style), 1e9)  # no break there
    assert joined == pytest.approx(stringWidth("14\u00a0February", fonts.regular, 10))
    see = stringWidth("see ", fonts.regular, 10)
    capped = natural_widths(Paragraph("see https://example.org/" + "a" * 200, style), 50)
    assert capped == pytest.approx((50, see + 50))  # a word broken anyway counts as ``cap``


def test_a_right_to_left_cell_is_measured_by_its_shaped_words(fonts: FontSet) -> None:
    flowable = BidiParagraph("فريق الطوارئ الوطني", _style(fonts.regular), fonts)
    low, high = natural_widths(flowable, 1e9)
    assert 0 < low < high
    assert flowable.wrap(high + 0.01, 1e9)[1] == pytest.approx(12)  # one line at its width
    assert flowable.wrap(high * 0.7, 1e9)[1] == pytest.approx(24)


def _cells(pdf: bytes) -> list[dict[str, object]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return list(document.pages[0].extract_words(keep_blank_chars=True, x_tolerance=1.5))


def test_the_day_column_of_the_texas_grid_table_is_narrower_than_its_text_column() -> None:
    built = build_file(ROOT / "briefs" / "pack" / "texas-grid.yaml")
    words = _cells(built.pdf)
    lines = {str(w["text"]).strip(): w for w in words}
    cells = [
        "14 February",
        "Demand sets a winter record as temperatures fall",
        "15 February",
        "ERCOT orders rolling outages in the small hours",
        "16 February",
        "Outages peak; most customers cut off for days",
        "19 February",
        "ERCOT ends emergency operations",
    ]
    for cell in cells:  # every cell printed, each on one line
        assert cell in lines, (cell, sorted(lines))
    day = lines["Day"]
    text = lines["What happened"]
    assert float(day["x0"]) < float(text["x0"])
    rule = max(float(lines[c]["x1"]) for c in cells)
    day_column = float(text["x0"]) - float(day["x0"])
    assert day_column < (rule - float(text["x0"])) / 2  # the Day column well under half
    for cell in cells[1::2]:  # the text starts where its header does
        assert float(lines[cell]["x0"]) == pytest.approx(float(text["x0"]), abs=0.5)


def test_one_long_web_address_does_not_starve_the_other_columns() -> None:
    url = "https://www.example.org/press-office/statements/2024/08/30/" + "x" * 60
    built = build_text(
        f"""\
title: Sources of the statement
date: 2024-08-30
summary: One statement, one address.
layout: {{sidebar: none}}
sections:
  - heading: Where
    blocks:
      - table:
          columns: [Office, Address, Note]
          rows:
            - [Press office, "{url}", Published at noon the same day]
"""
    )
    words = _cells(built.pdf)
    lines = {str(w["text"]).strip(): w for w in words}
    assert "Press office" in lines and "Published at noon the same day" in lines, sorted(lines)
    assert url[:20] in "".join(lines)  # the address printed (broken over lines)
    office, address, note = (lines[k] for k in ("Office", "Address", "Note"))
    assert float(address["x0"]) - float(office["x0"]) > float(lines["Press office"]["x1"]) - 40
    assert float(note["x0"]) - float(address["x0"]) > 150  # a third of the width, about


def test_the_pack_cover_sets_each_brief_title_on_one_line_and_the_page_column_narrow() -> None:
    from briefing.packs.build import build_pack
    from tests.test_packs_build import MORNING, load

    loaded = load(MORNING)
    built = build_pack(loaded)
    lines = {str(w["text"]).strip(): w for w in _cells(built.pdf)}
    titles = [member.brief.title for member in loaded.members]
    for title in titles:
        assert title in lines, (title, sorted(lines))
    brief, page = lines["Brief"], lines["Page"]
    title_end = max(float(lines[t]["x1"]) for t in titles)
    marking = lines["Marking"]
    assert title_end < float(marking["x0"])  # the titles end before the next column
    assert float(page["x1"]) - float(lines["TLP"]["x0"]) < float(marking["x0"]) - float(brief["x0"])


def test_a_right_to_left_table_prints_every_cell_on_its_line() -> None:
    built = build_text(
        """\
title: Crossings
date: 2024-03-04
summary: Deliveries rose in February.
layout: {sidebar: none}
sections:
  - heading: عن المعابر
    blocks:
      - table:
          columns: [المعبر, الشاحنات, ملاحظة]
          rows:
            - [رفح, 4120, تقارير يومية من هيئة المعابر]
            - [كرم أبو سالم, 2315, أرقام الأمم المتحدة]
"""
    )
    words = [w for w in _cells(built.pdf) if str(w["text"]).strip()]
    numbers = [w for w in words if w["text"] in ("4,120", "2,315")]
    assert len(numbers) == 2
    assert float(numbers[0]["x1"]) == pytest.approx(float(numbers[1]["x1"]), abs=0.5)  # right
    head = min(float(w["top"]) for w in numbers) - 5  # below the header row
    cells = [w for w in words if head < float(w["top"]) < 700 and w not in numbers]
    assert len(cells) == 12  # the words of the four text cells, all printed
    # each cell on one line: the words of the body sit on two lines, one per row
    assert len({round(float(w["top"])) for w in cells}) == 2


def test_a_table_s_note_stays_under_its_table_beside_the_sidebar() -> None:
    """The Texas table ends at the sidebar's foot: its note stays in the table's column rather
    than start the full width alone, at the page's margin."""
    built = build_file(ROOT / "briefs" / "pack" / "texas-grid.yaml")
    lines = {str(w["text"]).strip(): w for w in _cells(built.pdf)}
    day, note = lines["14 February"], lines["From ERCOT's account to its board. [1]"]
    assert float(note["x0"]) == pytest.approx(float(day["x0"]), abs=6)  # in the column
    assert float(note["top"]) > float(lines["19 February"]["top"])  # under the last row
    assert float(note["top"]) - float(lines["19 February"]["bottom"]) < 30  # right under it
