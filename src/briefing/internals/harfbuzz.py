"""ReportLab's bridge to HarfBuzz that the shaping relies on (ReportLab 4.2 to 5.1, pinned
``<5.2``; uharfbuzz 0.40 to 0.57, pinned ``<0.58``).

uharfbuzz's own API (``Buffer``, ``shape``, ``Font.glyph_to_string``) is public and used as is
in :mod:`briefing.materials.shaping`. What ReportLab gives of its side is not documented:

- ``reportlab.pdfbase.ttfonts.TTFont.hbFont(size)``: the uharfbuzz ``Font`` of a registered
  TrueType font (ReportLab's cached HarfBuzz face);
- ``TTFont.hbAddPrivate(name, glyph, advance)``: a private-use code point ReportLab assigns a
  glyph with no code point of its own (a contextual Arabic form), so its PDF text maps it;
- ``TTFont.face.glyphToChar`` (glyph id to code points), ``TTFont.face.charWidths`` and
  ``TTFont.face.defaultWidth`` (advances in 1/1000 em);
- ``reportlab.pdfbase.ttfonts.ShapedStr.__shapeData__``: the per-glyph ``ShapeData`` a shaped
  string carries, which ReportLab's text object draws.

Each is checked by ``tests/test_internals.py``.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import ShapedStr


def hb_font(font: Any, size: float) -> Any:
    """The uharfbuzz font of the registered TrueType ``font`` at ``size``."""
    return font.hbFont(size)


def code_point(font: Any, harfbuzz_font: Any, glyph: int, advance: float) -> int:
    """The code point ``glyph`` of ``font`` prints as: its own, or (a contextual form with none)
    the private-use one ReportLab assigns it under its glyph name."""
    found = font.face.glyphToChar.get(glyph)
    if found:
        return int(found[0])
    return int(font.hbAddPrivate(harfbuzz_font.glyph_to_string(glyph), glyph, advance))


def char_width(font: Any, code: int) -> float:
    """The advance of ``code`` in ``font`` in 1/1000 em (the face's default if unknown)."""
    face = font.face
    return float(face.charWidths.get(code, face.defaultWidth))


def shape_data(shaped: ShapedStr) -> list[Any]:
    """The per-glyph shaping data of a shaped string."""
    return list(shaped.__shapeData__)
