"""Plain text with two inline marks (``**bold**``, ``*italic*``) -> safe ReportLab markup.

Every character of the brief is escaped; the only tags in the result are the ``<b>``, ``<i>`` and
``<font>`` tags this module writes. Runs of characters the main font does not cover are set in
the first fallback font that covers them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.materials.bidi import has_rtl
from briefing.materials.fonts import FontSet

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\*\w])", re.S)


_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str, attribute: bool = False) -> str:
    """``text`` as ReportLab paragraph markup that prints it literally (quotes too, in an
    attribute). Written here because ``xml.sax.saxutils`` imports ``urllib.request``, ``http``
    and ``ssl``: 15 ms of every cold start."""
    return text.translate(_ATTRIBUTE if attribute else _ENTITIES)


def _face(word: str, fonts: FontSet) -> str | None:
    """The fallback font for a whole word that the main font cannot set, if one covers it all.

    ReportLab shapes a word with the font of its first character, so a word that mixes a
    bracket with Arabic letters must be set in one font.
    """
    if all(fonts.covers(ch) for ch in word):
        return None
    for name in fonts.fallbacks:
        if all(fonts.font_covers(name, ch) for ch in word):
            return name
    return None


def _runs(text: str, fonts: FontSet | None) -> str:
    """Escape ``text`` and wrap the words that need a fallback font."""
    if fonts is None:
        return escape(text)
    out: list[str] = []
    for token in re.split(r"(\s+)", text):
        if not token or token.isspace():
            out.append(escape(token))
            continue
        face = _face(token, fonts)
        if face is not None:
            out.append(f'<font face="{face}">{escape(token)}</font>')
        else:
            out.append(_char_runs(token, fonts))
    return "".join(out)


def literal(text: str, fonts: FontSet | None) -> str:
    """Markup that prints ``text`` literally (no inline marks), its runs the main font lacks set
    in the fallback that covers them: for text that is not the brief's prose (a caption, a
    figure with its unit, a party's name in an attribution)."""
    return _runs(text, fonts)


_FACE = re.compile(r'<(/?)b>|<font face="([^"]+)">')


def weigh_fallbacks(markup: str, fonts: FontSet, bold: bool = False) -> str:
    """``markup`` with each fallback run in bold text (inside ``<b>``, or everywhere when the
    style is ``bold``) set in the bold face of its fallback.

    ReportLab's ``<font face>`` sets the face's own weight, its regular, so a run of Armenian
    in a bold heading would print regular; naming the bold face keeps it bold.
    """
    heavy = {
        light: strong
        for light, strong in zip(fonts.fallbacks, fonts.bold_fallbacks, strict=False)
        if strong != light
    }
    if not heavy or "<font face=" not in markup:
        return markup
    depth = int(bold)

    def swap(match: re.Match[str]) -> str:
        nonlocal depth
        closing, face = match.groups()
        if face is None:
            depth += -1 if closing else 1
            return match.group(0)
        if depth > 0 and face in heavy:
            return f'<font face="{heavy[face]}">'
        return match.group(0)

    return _FACE.sub(swap, markup)


def _char_runs(word: str, fonts: FontSet) -> str:
    out: list[str] = []
    current: str | None = None
    run: list[str] = []

    def flush() -> None:
        if run:
            chunk = escape("".join(run))
            out.append(f'<font face="{current}">{chunk}</font>' if current else chunk)
            run.clear()

    for ch in word:
        face = None if fonts.covers(ch) else fonts.fallback_for(ch)
        if face != current:
            flush()
            current = face
        run.append(ch)
    flush()
    return "".join(out)


def _italic(text: str, fonts: FontSet | None) -> str:
    out, last = [], 0
    for match in _ITALIC.finditer(text):
        out.append(_runs(text[last : match.start()], fonts))
        out.append(f"<i>{_runs(match.group(1), fonts)}</i>")
        last = match.end()
    out.append(_runs(text[last:], fonts))
    return "".join(out)


NBSP = "\u00a0"
_MONTH = (
    "(?:January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_DATES = (
    re.compile(rf"\b\d{{1,2}} {_MONTH}\b(?: \d{{4}}\b)?"),  # 20 July 2015, 20 July
    re.compile(rf"\b{_MONTH} \d{{1,2}},? \d{{4}}\b"),  # July 20, 2015
    re.compile(rf"\b{_MONTH} \d{{4}}\b"),  # July 2015
)
#: Words after a number that are not its unit: the space before them may break.
_NOT_UNITS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "to",
        "was",
        "were",
        "which",
        "when",
        "where",
        "while",
        "who",
        "with",
    }
)
_NUMBER_UNIT = re.compile(r"(?<![\w.,])([<>≤≥~−-]?\d[\d,.]*) (per cent|[^\W\d_]+|%)")
_SYMBOL_NUMBER = re.compile(r"(^|\s)([<>≤≥~]) (\d)")


def keep_together(text: str) -> str:
    """``text`` with no-break spaces where a line must not break: inside a date ("20 July
    2015", "July 20, 2015"), between a number and its unit ("4.1 per cent", "9,000 troops",
    "1.2 million") and after a qualifier symbol ("> 9,000")."""
    if not any(ch.isdigit() for ch in text):
        return text
    for pattern in _DATES:
        text = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), text)

    def unit(match: re.Match[str]) -> str:
        number, word = match.groups()
        if word.lower() in _NOT_UNITS:
            return match.group(0)
        return f"{number}{NBSP}{word.replace(' ', NBSP)}"

    text = _NUMBER_UNIT.sub(unit, text)
    return _SYMBOL_NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{NBSP}{m.group(3)}", text)


@lru_cache(maxsize=8192)
def to_markup(text: str, fonts: FontSet | None = None) -> str:
    """Markup for one paragraph of brief text (line breaks inside it become spaces), in
    logical order: a paragraph holding right-to-left text is ordered when it is set, line by
    line (see :mod:`briefing.layout.bidiparagraph`), which also picks each character's face: such
    text gets no ``<font>`` tags here."""
    text = keep_together(" ".join(text.split()))
    if has_rtl(text):
        fonts = None
    out, last = [], 0
    for match in _BOLD.finditer(text):
        out.append(_italic(text[last : match.start()], fonts))
        out.append(f"<b>{_italic(match.group(1), fonts)}</b>")
        last = match.end()
    out.append(_italic(text[last:], fonts))
    return "".join(out)


def plain(text: str) -> str:
    """The text a reader sees: inline marks removed, white space folded."""
    text = " ".join(text.split())
    text = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", text)


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def uncovered(text: str, fonts: FontSet) -> list[str]:
    """Characters of ``text`` that some face a text may use cannot set: the regular, bold,
    italic and bold italic face with their fallbacks (:meth:`FontSet.chain`). Any text may be
    bold (a heading, the title, a speaker) or italic (a quote), so every face is asked."""
    return list(_uncovered(text, fonts))


_STYLES = ((False, False), (True, False), (False, True), (True, True))


@lru_cache(maxsize=4096)
def _uncovered(text: str, fonts: FontSet) -> tuple[str, ...]:
    # the characters all four faces cover are taken out at once (a set difference); only the
    # rest, often none, walk the chain of each style, in the order they first stand in the text
    rest = [ch for ch in set(text).difference(fonts.everywhere()) if not ch.isspace()]
    if not rest:
        return ()
    rest.sort(key=text.index)
    return tuple(
        ch
        for ch in rest
        if any(fonts.face_for(ch, bold, italic) is None for bold, italic in _STYLES)
    )
