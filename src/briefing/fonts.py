"""Fonts: register a theme's TrueType files with ReportLab and tell which characters they cover.

Every font is an embedded, subset Unicode TrueType font; no standard-14 font is ever used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.theme import Theme, font_path


@dataclass(frozen=True)
class FontSet:
    """ReportLab names of a theme's registered fonts."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallbacks: tuple[str, ...]

    def covers(self, ch: str) -> bool:
        return ord(ch) in _coverage(self.regular)

    def fallback_for(self, ch: str) -> str | None:
        cp = ord(ch)
        for name in self.fallbacks:
            if cp in _coverage(name):
                return name
        return None


@cache
def _register(path: str) -> str:
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    return name


@cache
def _coverage(name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


def register_fonts(theme: Theme) -> FontSet:
    """Register the theme's fonts (once per file) and return their names."""
    f = theme.fonts
    names = [
        _register(str(font_path(theme, file)))
        for file in (f.regular, f.bold, f.italic, f.bold_italic)
    ]
    regular, bold, italic, bold_italic = names
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bold_italic)
    fallbacks = tuple(_register(str(font_path(theme, file))) for file in f.fallbacks)
    for name in fallbacks:
        addMapping(name, 0, 0, name)
        addMapping(name, 1, 0, name)
        addMapping(name, 0, 1, name)
        addMapping(name, 1, 1, name)
    return FontSet(regular, bold, italic, bold_italic, fallbacks)
