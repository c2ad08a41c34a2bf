"""Shaping one run of text with HarfBuzz, in the direction the bidi algorithm gave it.

Takes a run (logical order, one font, one size, one direction) and returns a ReportLab
``ShapedStr``: the font's glyphs in visual order with their advances and offsets, which
ReportLab's text object draws as it draws the runs it shapes itself. A right-to-left run comes
back reversed, Arabic letters joined and mirrored characters (brackets) mirrored. Unlike
ReportLab's own word shaper, the direction is given, not guessed from the first letter, so a
bracket or an Arabic-Indic digit lands where the bidi algorithm put it.
"""

from __future__ import annotations

from functools import lru_cache

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from briefing.internals.harfbuzz import char_width, code_point, hb_font, shape_data

#: Kerning, required ligatures and Arabic joining forms; no standard or discretionary Latin
#: ligatures ('fi' as one glyph would not map back to two letters when the text is extracted).
FEATURES = {"kern": True, "liga": False, "dlig": False}


@lru_cache(maxsize=8192)
def shape(text: str, font_name: str, size: float, rtl: bool) -> ShapedStr:
    """``text`` shaped with the registered TrueType font ``font_name`` at ``size`` points."""
    font = pdfmetrics.getFont(font_name)
    harfbuzz_font = hb_font(font, size)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.add_str(text)
    buffer.guess_segment_properties()  # script and language; the direction is already set
    uharfbuzz.shape(harfbuzz_font, buffer, FEATURES)
    chars: list[str] = []
    data: list[ShapeData] = []
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyph = info.codepoint
        # a contextual form with no code point of its own: ReportLab names it
        code = code_point(font, harfbuzz_font, glyph, pos.x_advance)
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                font.pdfScale(pos.x_advance),
                font.pdfScale(pos.y_advance),
                font.pdfScale(pos.x_offset),
                font.pdfScale(pos.y_offset),
                char_width(font, code),
            )
        )
    return ShapedStr("".join(chars), shapeData=data)


def width(shaped: ShapedStr, size: float) -> float:
    """The advance of a shaped run in points."""
    return float(sum(d.x_advance for d in shape_data(shaped))) * size / 1000
