"""The Unicode Bidirectional Algorithm (UAX #9) for text in a left-to-right layout engine.

Takes a paragraph's logical text and returns the embedding level of each character (rules P2 to
I2, resolved once per paragraph by python-bidi, a wrapper of the Rust ``unicode-bidi`` crate,
bracket pairs included); then, per line after the lines are broken in logical order, the visual
order of the line's runs (rules L1 and L2). Shaping and mirroring belong to HarfBuzz, which sets
each run of odd level right to left (see :mod:`briefing.layout.shaping`). No ReportLab here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bidi import get_base_level

from briefing.internals.bidi import levels as debug_levels

_RTL = {"R", "AL"}


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
    its Rust implementation only with ``debug=True`` (see :mod:`briefing.internals.bidi`).
    """
    if not has_rtl(text):
        return (0,) * len(text)
    return debug_levels(text)  # python-bidi gives them only in its debug report


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
