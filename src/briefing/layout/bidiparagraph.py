"""A paragraph holding right-to-left text: broken in logical order, each line set in visual order.

Takes paragraph markup (the ``<b>``, ``<i>``, ``<font>`` and ``<a>`` tags
:mod:`briefing.materials.text` writes, parsed by ReportLab's own parser), a style and the
theme's fonts; returns a flowable.
Each character is set in the first face of its weight and slant that covers it
(:meth:`FontSet.face_for`: italic Arabic falls back to the upright Arabic face of its weight).
The paragraph's embedding levels come from the bidi algorithm (:mod:`.bidi`); lines are
broken at spaces in logical order, so a right-to-left run that wraps reads on from the right of
the next line; each line's runs are then put in visual order and shaped by HarfBuzz in their
direction (:mod:`briefing.materials.shaping`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Parser

from briefing.materials.bidi import has_rtl, is_rtl_paragraph, levels, visual_order
from briefing.materials.fonts import FontSet
from briefing.materials.shaping import shape, width
from briefing.materials.text import NBSP, weigh_fallbacks

FUZZ = 1e-6


@dataclass(frozen=True)
class _Char:
    ch: str
    frag: Any  # ReportLab's parsed fragment: font size, colour, bold, italic, link
    face: str
    level: int


@dataclass(frozen=True)
class _Run:
    """Characters of one line that share a level, a face and a fragment."""

    text: str
    frag: Any
    face: str
    level: int

    def shaped(self) -> Any:
        return shape(self.text, self.face, float(self.frag.fontSize), self.level % 2 == 1)

    @property
    def width(self) -> float:
        return width(self.shaped(), float(self.frag.fontSize))


def _runs(chars: list[_Char]) -> list[_Run]:
    out: list[_Run] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or _key(chars[i]) != _key(chars[start]):
            first = chars[start]
            text = "".join(c.ch for c in chars[start:i])
            out.append(_Run(text, first.frag, first.face, first.level))
            start = i
    return out


def _key(c: _Char) -> tuple[int, int, str]:
    return (id(c.frag), c.level, c.face)


class BidiParagraph(Flowable):  # type: ignore[misc]
    """A paragraph set by the Unicode bidirectional algorithm (see the module docstring)."""

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        fonts: FontSet,
        bullet: str | None = None,
        _chars: list[_Char] | None = None,
        _rtl: bool | None = None,
        _anchors: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__()
        self.style, self.fonts, self.bullet = style, fonts, bullet
        self.keepWithNext = bool(getattr(style, "keepWithNext", False))
        #: the places ``<a name="..."/>`` marks (what citations link to), by character offset
        self.anchors: list[tuple[int, str]] = list(_anchors or ())
        if _chars is None:
            _chars, _rtl = self._parse(markup)
        self.chars, self.rtl = _chars, bool(_rtl)
        self.text = "".join(c.ch for c in self.chars)
        self.lines: list[list[_Char]] = []
        self.starts: list[int] = []  # the offset of each line's first character
        self._space_before = float(style.spaceBefore)
        self._space_after = float(style.spaceAfter)

    # -- reading the markup

    def _parse(self, markup: str) -> tuple[list[_Char], bool]:
        frags = _Parser(markup, self.style).frags
        pairs: list[tuple[str, Any]] = []
        for frag in frags:
            anchor: Any = getattr(frag, "cbDefn", None)
            if getattr(anchor, "kind", None) == "anchor":
                self.anchors.append((len(pairs), str(anchor.name)))
            pairs += [(ch, frag) for ch in getattr(frag, "text", "")]
        while pairs and pairs[0][0] in " \t\n":
            pairs.pop(0)
            self.anchors = [(max(at - 1, 0), name) for at, name in self.anchors]
        while pairs and pairs[-1][0] in " \t\n":
            pairs.pop()
        text = "".join(ch for ch, _ in pairs)
        found = levels(text)
        chars = []
        for (ch, frag), level in zip(pairs, found, strict=True):
            bold, italic = bool(getattr(frag, "bold", 0)), bool(getattr(frag, "italic", 0))
            face = self.fonts.face_for(ch, bold, italic) or frag.fontName
            space = ch.isspace() and ch != NBSP  # a no-break space stays one
            chars.append(_Char(" " if space else ch, frag, face, level))
        return chars, is_rtl_paragraph(text)

    # -- breaking lines (logical order)

    def _words(self) -> list[tuple[int, int]]:
        words, start = [], None
        for i, c in enumerate(self.chars):
            if c.ch == " ":
                if start is not None:
                    words.append((start, i))
                    start = None
            elif start is None:
                start = i
        if start is not None:
            words.append((start, len(self.chars)))
        return words

    def natural_widths(self, cap: float) -> tuple[float, float]:
        """The widest word and the whole text set on one line (points, indents included), a
        word counted at most ``cap`` wide (a longer one is broken anyway): what a table's column
        needs at least and at most (:mod:`briefing.layout.tables`)."""
        st = self.style
        indents = float(st.leftIndent) + float(st.rightIndent) + max(float(st.firstLineIndent), 0)
        words = [self._measure(start, end) for start, end in self._words()]
        line = self._measure(0, len(self.chars)) if self.chars else 0.0
        line -= sum(max(word - cap, 0.0) for word in words)
        return min(max(words, default=0.0), cap) + indents, line + indents

    def _measure(self, start: int, end: int) -> float:
        return sum(run.width for run in _runs(self.chars[start:end]))

    def _break(self, available: float) -> list[list[_Char]]:
        st = self.style
        lines: list[list[_Char]] = []
        self.starts = []
        line_start: int | None = None
        line_end = 0
        for start, end in self._words():
            room = available - st.leftIndent - st.rightIndent
            if not lines:
                room -= st.firstLineIndent
            if line_start is None:
                line_start, line_end = start, end
                continue
            if self._measure(line_start, end) > room + FUZZ:
                lines.append(self.chars[line_start:line_end])
                self.starts.append(line_start)
                line_start = start
            line_end = end
        if line_start is not None:
            lines.append(self.chars[line_start:line_end])
            self.starts.append(line_start)
        return lines

    # -- the Flowable protocol

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.lines = self._break(available_width)
        self.width = available_width
        self.height = len(self.lines) * float(self.style.leading)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self._space_before

    def getSpaceAfter(self) -> float:
        return self._space_after

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        total = len(self.lines)
        fit = int((available_height + FUZZ) // float(self.style.leading))
        if total - fit == 1:  # no widow: carry two lines or none
            fit -= 1
        if fit < 2 or fit >= total:  # no orphan: leave two lines or none
            return []
        cut = sum(len(line) for line in self.lines[:fit])
        while cut < len(self.chars) and self.chars[cut].ch == " ":
            cut += 1
        before = [(at, name) for at, name in self.anchors if at < cut]
        after = [(at - cut, name) for at, name in self.anchors if at >= cut]
        head = BidiParagraph(
            "", self.style, self.fonts, self.bullet, self.chars[:cut], self.rtl, before
        )
        tail = BidiParagraph("", self.style, self.fonts, None, self.chars[cut:], self.rtl, after)
        head._space_after = 0.0
        tail._space_before = 0.0
        return [head, tail]

    @property
    def logical_text(self) -> str:
        """The text in logical (reading) order, as drawn in visual order: tagging gives it as
        the content's ActualText (:func:`briefing.layout.tagging.tag`)."""
        return self.text

    def draw(self) -> None:
        st, canvas = self.style, self.canv
        leading = float(st.leading)
        if self.bullet and self.lines:  # first, as ReportLab does: tagging reads it as a label
            self._draw_bullet()
        for i, line in enumerate(self.lines):
            y = self.height - float(st.fontSize) - i * leading
            runs = _runs(line)
            ordered = [runs[k] for k in visual_order([run.level for run in runs])]
            line_width = sum(run.width for run in ordered)
            x = self._start(i, line_width)
            for name in self._anchors_on(i):  # where a citation's link lands
                canvas.bookmarkHorizontal(name, x, y + leading)
            for run in ordered:
                size = float(run.frag.fontSize)
                canvas.setFont(run.face, size)
                canvas.setFillColor(run.frag.textColor)
                canvas.drawString(x, y + float(getattr(run.frag, "rise", 0) or 0), run.shaped())
                advance = run.width
                for link in getattr(run.frag, "link", None) or ():
                    url = str(link[1] if isinstance(link, tuple) else link)
                    rect = (x, y - size * 0.2, x + advance, y + size)
                    if url.startswith("#"):  # a place in this document, as ReportLab links it
                        canvas.linkRect("", url[1:], rect, relative=1)
                    else:
                        canvas.linkURL(url, rect, relative=1)
                x += advance

    def _anchors_on(self, index: int) -> list[str]:
        """The anchors that fall on line ``index`` (those past the last line on the last)."""
        if not self.starts:
            return []
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.chars) + 1
        begin = self.starts[index] if index else -1
        return [name for at, name in self.anchors if begin <= at < end]

    def _start(self, index: int, line_width: float) -> float:
        st = self.style
        start = float(st.leftIndent) + (float(st.firstLineIndent) if index == 0 else 0.0)
        end = float(st.rightIndent)
        if self.rtl:  # the indents are at the start and the end of the line: mirrored
            start, end = end, start
        left, right = start, self.width - end
        if st.alignment == TA_CENTER:
            return left + (right - left - line_width) / 2
        if st.alignment == TA_RIGHT or self.rtl:
            return right - line_width
        return left

    def _draw_bullet(self) -> None:
        st, canvas = self.style, self.canv
        font = st.bulletFontName or st.fontName
        size = float(st.bulletFontSize or st.fontSize)
        y = self.height - float(st.fontSize)
        canvas.setFont(font, size)
        canvas.setFillColor(st.textColor)
        if self.rtl:
            bullet_width = canvas.stringWidth(self.bullet, font, size)
            canvas.drawString(self.width - float(st.bulletIndent) - bullet_width, y, self.bullet)
        else:
            canvas.drawString(float(st.bulletIndent), y, self.bullet)


def any_paragraph(markup: str, style: ParagraphStyle, fonts: FontSet) -> Flowable:
    """A ReportLab paragraph, or a :class:`BidiParagraph` when the markup holds right-to-left
    text (page furniture: banners, running header, footer)."""
    markup = weigh_fallbacks(markup, fonts, style.fontName in (fonts.bold, fonts.bold_italic))
    if has_rtl(markup):
        return BidiParagraph(markup, style, fonts)
    return _Parser(markup, style)
