"""Plain text with two inline marks (``**bold**``, ``*italic*``) -> safe ReportLab markup.

Every character of the brief is escaped; the only tags in the result are the ``<b>``, ``<i>`` and
``<font>`` tags this module writes. Runs of characters the main font does not cover are set in
the first fallback font that covers them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.bidi import has_rtl
from briefing.fonts import FontSet

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


@lru_cache(maxsize=8192)
def to_markup(text: str, fonts: FontSet | None = None) -> str:
    """Markup for one paragraph of brief text (line breaks inside it become spaces), in
    logical order: a paragraph holding right-to-left text is ordered when it is set, line by
    line (see :mod:`briefing.bidiparagraph`), which also picks each character's face: such
    text gets no ``<font>`` tags here."""
    text = " ".join(text.split())
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
    """Characters of ``text`` that neither the main font nor a fallback covers."""
    return list(_uncovered(text, fonts))


@lru_cache(maxsize=4096)
def _uncovered(text: str, fonts: FontSet) -> tuple[str, ...]:
    seen: list[str] = []
    for ch in dict.fromkeys(text):
        if ch.isspace():
            continue
        if not fonts.covers(ch) and fonts.fallback_for(ch) is None:
            seen.append(ch)
    return tuple(seen)
