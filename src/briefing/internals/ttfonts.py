"""ReportLab's TrueType faces: what the fonts rely on (ReportLab 4.2 to 5.1; pinned ``<5.2``).

Kept apart from :mod:`briefing.internals.reportlab` so that reading fonts does not import
platypus. ``reportlab.pdfbase.ttfonts.TTFont.face`` (a ``TTFontFace``) is not documented; the
fonts read its ``charWidths`` (code point to advance, in 1/1000 em) and ``defaultWidth`` (to
measure strings as ReportLab's ``stringWidth`` does, cached), ``charToGlyph`` (the code points
it covers) and set ``filename`` (the name ReportLab gives the face in its messages, for a face
read from memory). Each is checked by ``tests/test_internals.py``.
"""

from __future__ import annotations

from typing import Any


def face_widths(font: Any) -> tuple[Any, Any]:
    """A TrueType font's advances: the lookup of a code point's and the default (in 1/1000 em;
    ``TTFont.face.charWidths``, ``TTFont.face.defaultWidth``)."""
    return font.face.charWidths.get, font.face.defaultWidth


def face_code_points(font: Any) -> frozenset[int]:
    """The code points a TrueType font has glyphs for (``TTFont.face.charToGlyph``)."""
    return frozenset(font.face.charToGlyph)


def name_face_file(font: Any, path: str) -> None:
    """Name the file a TrueType font read from memory came from (``TTFont.face.filename``,
    which ReportLab prints in its messages about the face)."""
    font.face.filename = path
