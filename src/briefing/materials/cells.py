"""A table cell as printed: numbers with thousands separators and a true minus sign, each
column's alignment. Shared by the page's tables (:mod:`briefing.layout.tables`) and the e-mail's
plain-text tables (:mod:`briefing.deliver.body`), so that both print a cell alike.
"""

from __future__ import annotations

import re

from briefing.model import YAML_NUMBER, Table

_NUMBER = re.compile(r"([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)")


def is_number(cell: str) -> bool:
    """Whether a cell holds a number (with or without thousands separators, a sign, a %)."""
    return bool(cell) and _NUMBER.fullmatch(cell.strip()) is not None


def format_cell(cell: str) -> str:
    """A cell written as a YAML number, with thousands separators and a true minus sign
    (``450000`` -> ``450,000``, ``-3`` -> ``−3``; the decimals as written); anything else as
    typed (``02139``, ``١٢٣٤``, ``45%``)."""
    if YAML_NUMBER.fullmatch(cell) is None:
        return cell
    sign, number = (cell[0], cell[1:]) if cell[0] in "+-" else ("", cell)
    whole, dot, fraction = number.partition(".")
    return f"{'−' if sign == '-' else sign}{int(whole):,}{dot}{fraction}"


def _is_number_cell(table: Table, r: int, c: int) -> bool:
    """Whether the author wrote cell (r, c) as a YAML number (see ``Table.number_cells``)."""
    if table.number_cells is not None:
        return (r, c) in table.number_cells
    return YAML_NUMBER.fullmatch(table.rows[r][c]) is not None


def _is_year_column(header: str) -> bool:
    return "year" in header.lower()


def alignments(table: Table) -> list[str]:
    """Each column's alignment: as given, else right for a column of numbers, else left."""
    if table.align is not None:
        return list(table.align)
    found = []
    for c in range(len(table.columns)):
        cells = [row[c] for row in table.rows if c < len(row) and row[c]]
        found.append("right" if cells and all(is_number(x) for x in cells) else "left")
    return found


def plain_rows(table: Table) -> list[list[str]]:
    """The header and the rows as printed (numbers with separators), for e-mail bodies."""
    rows = [list(table.columns)]
    for r, row in enumerate(table.rows):
        rows.append(
            [
                format_cell(cell)
                if _is_number_cell(table, r, c) and not _is_year_column(table.columns[c])
                else cell
                for c, cell in enumerate(row)
            ]
        )
    return rows
