"""A table cell written as text prints exactly as written (issue 19): only a cell written as
a YAML number is formatted, and then without changing the figure."""

from __future__ import annotations

from briefing.materials.cells import plain_rows
from tests.conftest import brief_from, build_text, page_text

TABLE = """title: Cells
date: 2024-03-14
summary: S
sections:
  - heading: Offices
    blocks:
      - table:
          columns: [Office, Postcode, Staff, Share, Budget]
          rows:
            - [Cambridge, "02139", 450000, "12.50", "٣٤٥"]
            - [Boston, '02110', "1200", 2.50, -3]
            - [Other, 02139, ١٢٣٤, 45%, 1e6]
"""


def _rows() -> list[list[str]]:
    table = brief_from(TABLE).sections[0].blocks[0].table  # type: ignore[index,union-attr]
    assert table is not None
    return plain_rows(table)


def test_a_cell_written_as_text_prints_as_written() -> None:
    rows = _rows()
    assert rows[1] == ["Cambridge", "02139", "450,000", "12.50", "٣٤٥"]
    assert rows[2][:3] == ["Boston", "02110", "1200"]


def test_a_cell_written_as_a_number_keeps_its_figure() -> None:
    rows = _rows()
    assert rows[2][3:] == ["2.50", "−3"]  # the decimals as written; a true minus sign
    # not YAML numbers: a leading zero, Arabic-Indic digits, a percentage, an exponent
    assert rows[3] == ["Other", "02139", "١٢٣٤", "45%", "1e6"]


def test_the_pdf_prints_the_postcode_and_the_arabic_indic_digits() -> None:
    text = page_text(build_text(TABLE).pdf)
    assert "02139" in text and "2,139" not in text
    assert "450,000" in text
    assert "1,234" not in text
