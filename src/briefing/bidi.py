"""Right-to-left text (Arabic, Hebrew) in a left-to-right layout engine.

ReportLab shapes each word with HarfBuzz (joining forms, glyphs in visual order) but has no
bidi reordering without the ``rlbidi`` extension, which is not available everywhere. This
module does the part that matters for briefs, at the level of words:

- in a left-to-right paragraph, a run of right-to-left words is put in visual order;
- a paragraph whose first strong character is right-to-left is broken into lines here, each line
  set right-aligned with its words in visual order (left-to-right runs inside keep their order).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

_RTL = {"R", "AL"}
_WORDS = re.compile(r"\S+")


def _strong(token: str) -> str | None:
    """'rtl', 'ltr' or None (no strong character) for a word."""
    for ch in token:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL:
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


@lru_cache(maxsize=4096)
def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left character (asked of every paragraph at every
    step of the fit, hence remembered)."""
    return any(unicodedata.bidirectional(ch) in _RTL for ch in text)


def is_rtl_paragraph(text: str) -> bool:
    """True when the first strong character is right-to-left (the Unicode base direction)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL:
            return True
        if kind == "L":
            return False
    return False


def _reverse_runs(words: list[str], direction: str) -> list[str]:
    """Reverse the order of each run of ``direction`` words (neutral words join a run)."""
    out: list[str] = []
    run: list[str] = []
    for word in words:
        kind = _strong(word)
        if kind == direction or (kind is None and run):
            run.append(word)
        else:
            out.extend(_close(run, direction))
            run = []
            if kind == direction:
                run.append(word)
            else:
                out.append(word)
    out.extend(_close(run, direction))
    return out


def _close(run: list[str], direction: str) -> list[str]:
    # trailing neutral words (numbers, punctuation) stay after the run
    end = len(run)
    while end and _strong(run[end - 1]) is None:
        end -= 1
    return run[:end][::-1] + run[end:]


def visual_ltr(text: str) -> str:
    """A left-to-right paragraph with its right-to-left runs in visual word order."""
    if not has_rtl(text):
        return text
    return " ".join(_reverse_runs(text.split(), "rtl"))


class RtlParagraph(Flowable):  # type: ignore[misc]
    """A right-to-left paragraph: broken into lines here, each line right-aligned."""

    def __init__(self, text: str, style: ParagraphStyle, markup: Any, fonts: Any) -> None:
        super().__init__()
        self.text = " ".join(text.split())
        self.style = ParagraphStyle(
            f"{style.name}-rtl", parent=style, alignment=TA_RIGHT, shaping=1
        )
        self.markup, self.fonts = markup, fonts
        self._lines: list[Paragraph] = []

    def _width(self, word: str) -> float:
        size = self.style.fontSize
        total = 0.0
        for ch in word:
            font = self.fonts.regular
            if not self.fonts.covers(ch):
                font = self.fonts.fallback_for(ch) or font
            total += stringWidth(ch, font, size)
        return total

    def _break(self, width: float) -> list[list[str]]:
        lines: list[list[str]] = [[]]
        used = 0.0
        space = stringWidth(" ", self.fonts.regular, self.style.fontSize)
        for word in _WORDS.findall(self.text):
            w = self._width(word)
            if lines[-1] and used + space + w > width:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0.0) + w
            lines[-1].append(word)
        return lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._lines = []
        for words in self._break(available_width):
            visual = _reverse_runs(words[::-1], "ltr")  # RTL base: whole line reversed
            self._lines.append(Paragraph(self.markup(" ".join(visual)), self.style))
        height = 0.0
        for line in self._lines:
            height += line.wrap(available_width, available_height)[1]
        self.width, self.height = available_width, height
        return available_width, height

    def draw(self) -> None:
        y = self.height
        for line in self._lines:
            y -= line.height
            line.drawOn(self.canv, 0, y)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fit, used = 0, 0.0
        for line in self._lines:
            if used + line.height > available_height:
                break
            used += line.height
            fit += 1
        if fit == 0 or fit == len(self._lines):
            return []
        return [_Lines(self._lines[:fit]), _Lines(self._lines[fit:])]

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)


class _Lines(Flowable):  # type: ignore[misc]
    """Lines already broken (the halves of a split right-to-left paragraph)."""

    def __init__(self, lines: list[Paragraph]) -> None:
        super().__init__()
        self._lines = lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = sum(line.wrap(available_width, available_height)[1] for line in self._lines)
        return available_width, self.height

    def draw(self) -> None:
        y = self.height
        for line in self._lines:
            y -= line.height
            line.drawOn(self.canv, 0, y)
