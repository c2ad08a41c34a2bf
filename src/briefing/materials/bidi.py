"""The Unicode Bidirectional Algorithm (UAX #9) for text in a left-to-right layout engine.

Takes a paragraph's logical text and returns the embedding level of each character (rules P2 to
I2, resolved once per paragraph by python-bidi, a wrapper of the Rust ``unicode-bidi`` crate,
bracket pairs included); then, per line after the lines are broken in logical order, the visual
order of the line's runs (rules L1 and L2). Shaping and mirroring belong to HarfBuzz, which sets
each run of odd level right to left (see :mod:`briefing.materials.shaping`). No ReportLab here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bidi import get_base_level, get_display

_RTL = {"R", "AL"}
#: python-bidi returns the resolved levels only in its ``debug`` report (one per UTF-8 byte).
_LEVELS = re.compile(r"levels:\s*\[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


@lru_cache(maxsize=4096)
def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left character (asked of every paragraph at every
    step of the fit, hence remembered)."""
    return any(unicodedata.bidirectional(ch) in _RTL for ch in text)


def is_rtl_paragraph(text: str) -> bool:
    """True when the paragraph's base direction is right to left (rules P2 and P3: the first
    strong character decides; none means left to right)."""
    return bool(text) and get_base_level(text) == 1


@lru_cache(maxsize=1024)
def levels(text: str) -> tuple[int, ...]:
    """The resolved embedding level of each character of one paragraph (no line breaks in it).

    Even levels are left to right, odd ones right to left. python-bidi reports the levels of
    its Rust implementation with ``debug=True``, one per byte of the UTF-8 text; each
    character takes the level of its first byte.
    """
    if not has_rtl(text):
        return (0,) * len(text)
    report = str(get_display(text, debug=True))
    found = _LEVELS.search(report)
    per_byte = [int(n) for n in _LEVEL.findall(found.group(1))] if found else []
    encoded = text.encode("utf-8")
    if len(per_byte) != len(encoded):
        raise RuntimeError(
            "python-bidi's debug report no longer lists one level per byte; "
            "pin the python-bidi version briefing was tested with"
        )
    out: list[int] = []
    offset = 0
    for ch in text:
        out.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return tuple(out)


def visual_order(run_levels: Sequence[int]) -> list[int]:
    """Rule L2 for one line: the indexes of its runs (each of one level) in visual order.

    ``run_levels`` are the runs' levels in logical order; trailing white space should already
    be at the paragraph's level (rule L1). From the highest level down to the lowest odd level,
    every maximal sequence of runs at that level or higher is reversed. A run at an odd level
    is then set right to left inside itself, which the shaper does.
    """
    order = list(range(len(run_levels)))
    if not run_levels:
        return order
    highest = max(run_levels)
    odd = [level for level in run_levels if level % 2]
    for level in range(highest, min(odd, default=highest + 1) - 1, -1):
        i = 0
        while i < len(order):
            if run_levels[order[i]] >= level:
                j = i
                while j < len(order) and run_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order
