"""Where a word too long for a whole line breaks: a web address after a ``/`` or a ``.``.

ReportLab breaks lines at spaces only; a word wider than the line it is set in is cut at the
character that reaches the edge ("press-office/state" | "ments"). A web address or a path has
better places: after each ``/`` and ``.``, and, where a part between them is still too wide,
after ``-``, ``_``, ``?``, ``&``, ``=``, ``#`` or ``,``. Takes a paragraph's fragments (as
ReportLab parsed them) and the width it is set at; returns fragments in which each such word is
cut into pieces that fit, each piece but the last ended by a line break, the first piece
as long as the room left on the line where the word begins. A word with none of those
characters is left to ReportLab.

The line break after a piece carries ``word_break = True``: the line it ends is the middle of
a word, so no space is written there for text extraction (see
:class:`briefing.layout.measure.Paragraph`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

#: Where a long word may break, first choice first: after these characters.
PLACES = ("/.", "-_?&=#,")

_WORD = re.compile(r"\S+")


def _pieces(word: str, places: str) -> list[str]:
    """``word`` cut after each character of ``places`` (the pieces join back to it)."""
    return [piece for piece in re.split(f"(?<=[{re.escape(places)}])", word) if piece]


def _atoms(word: str, measure: Callable[[str], float], full: float) -> list[str]:
    """``word`` cut after ``/`` and ``.``; a piece still wider than ``full``, after the second
    choice of characters too."""
    out: list[str] = []
    for piece in _pieces(word, PLACES[0]):
        out += _pieces(piece, PLACES[1]) if measure(piece) > full else [piece]
    return out


def cut(word: str, measure: Callable[[str], float], room: float, full: float) -> list[str]:
    """``word`` in pieces: the first fits ``room`` (what is left of the line where it begins)
    if any piece does, each other ``full`` (a whole line), packing as many cuts as fit. A
    single cut wider than ``full`` stays whole (ReportLab then cuts it)."""
    atoms = _atoms(word, measure, full)
    lines: list[str] = []
    current = ""
    limit = room if measure(atoms[0]) <= room else full
    for atom in atoms:
        if current and measure(current + atom) > limit:
            lines.append(current)
            current, limit = "", full
        current += atom
    lines.append(current)
    return lines


def too_long(frags: list[Any], full: float) -> bool:
    """Whether any word with a place to break is wider than a whole line."""
    for frag in frags:
        text = getattr(frag, "text", "") or ""
        for found in _WORD.finditer(text):
            word = found.group(0)
            if any(ch in word for ch in PLACES[0] + PLACES[1]) and _width(frag)(word) > full:
                return True
    return False


def _width(frag: Any) -> Callable[[str], float]:
    return lambda text: float(stringWidth(text, frag.fontName, frag.fontSize))


def broken(frags: list[Any], full: float, room_after: Callable[[list[Any]], float]) -> list[Any]:
    """``frags`` with every long word cut (see :func:`cut`), ``full`` being a whole line's
    width; ``room_after(frags)`` says how much room is left on the last line of a paragraph
    of those fragments (a whole first line when there are none)."""
    out: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", "") or ""
        measure = _width(frag)
        start = 0
        for found in _WORD.finditer(text):
            word = found.group(0)
            if not any(ch in word for ch in PLACES[0] + PLACES[1]) or measure(word) <= full:
                continue
            before = text[start : found.start()]
            if before:
                out.append(frag.clone(text=before))
            space = measure(" ") if (before and before[-1].isspace()) or out else 0.0
            pieces = cut(word, measure, room_after(out) - space, full)
            for piece in pieces[:-1]:
                out.append(frag.clone(text=piece))
                out.append(
                    frag.clone(text="", lineBreak=True, word_break=True, link=[], us_lines=[])
                )
            out.append(frag.clone(text=pieces[-1]))
            start = found.end()
        if start == 0:
            out.append(frag)
        elif text[start:]:
            out.append(frag.clone(text=text[start:]))
    return out


def joined(frags: list[Any]) -> list[Any]:
    """``frags`` with the cuts of :func:`broken` undone: each piece joined to what follows its
    line break (a part of a split paragraph carries the cuts made for its first width)."""
    out: list[Any] = []
    glue = False  # the last of ``out`` is a piece whose word goes on in the next fragment
    for frag in frags:
        if getattr(frag, "lineBreak", False) and getattr(frag, "word_break", False):
            glue = bool(out)
            continue
        if glue and _same_style(out[-1], frag):
            out[-1] = out[-1].clone(text=out[-1].text + frag.text)
        else:
            out.append(frag)
        glue = False
    return out


def _same_style(a: Any, b: Any) -> bool:
    keys = ("fontName", "fontSize", "textColor", "link", "rise", "us_lines")
    return all(getattr(a, k, None) == getattr(b, k, None) for k in keys)


def unspaced(frags: list[Any]) -> None:
    """Take back the space ReportLab writes into the line break after a piece when it splits a
    paragraph (it ends every line of the first part with one): the word goes on."""
    for frag in frags:
        if getattr(frag, "lineBreak", False) and getattr(frag, "word_break", False):
            frag.text = ""
