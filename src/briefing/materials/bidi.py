"""The Unicode Bidirectional Algorithm (UAX #9) for text in a left-to-right layout engine.

Takes a paragraph's logical text and returns the embedding level of each character; then, per
line after the lines are broken in logical order, the visual order of the line's runs (rules L1
and L2). Shaping and mirroring belong to HarfBuzz, which sets each run of odd level right to left
(see :mod:`briefing.materials.shaping`). No ReportLab here.

The paragraph's base level (rules P2 and P3) comes from python-bidi's public ``get_base_level``
(a wrapper of the maintained Rust ``unicode-bidi`` crate). python-bidi's public API gives no
levels (only the reordered text), so :func:`levels` resolves them here, rules W1 to I2 with
bracket pairs (N0), for the text a brief can hold: the explicit embedding, override and isolate
controls (rules X1 to X8) are refused when a brief is read (:data:`briefing.model._BIDI_CONTROLS`),
so a paragraph is a single isolating run sequence at its base level. Boundary neutrals (BN,
rule X9) take the level of the character before them. The bracket pairs are the Unicode
``Ps``/``Pe`` characters with their mirror images, from python-bidi's ``bidi.mirror`` table.
The tests hold UAX #9 conformance cases (BidiCharacterTest.txt format) for what we rely on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bidi import get_base_level
from bidi.mirror import MIRRORED

_RTL = {"R", "AL"}
#: neutral and isolate types (rules N1 and N2); no isolates reach here (see above)
_NEUTRAL = {"B", "S", "WS", "ON"}
#: the two angle brackets whose canonical equivalents are the CJK ones (BidiBrackets.txt)
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}


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

    Even levels are left to right, odd ones right to left: rules W1 to I2 of UAX #9 over the
    paragraph as one isolating run sequence at its base level (see the module's docstring).
    """
    if not has_rtl(text):
        return (0,) * len(text)
    base = get_base_level(text)
    kept = [i for i, ch in enumerate(text) if unicodedata.bidirectional(ch) != "BN"]  # X9
    chars = [text[i] for i in kept]
    resolved = _resolve(chars, [unicodedata.bidirectional(ch) for ch in chars], base)
    out = [base] * len(text)
    for index, level in zip(kept, resolved, strict=True):
        out[index] = level
    for i, ch in enumerate(text):  # a boundary neutral takes the level before it
        if i and unicodedata.bidirectional(ch) == "BN":
            out[i] = out[i - 1]
    return tuple(out)


def _strong(kind: str) -> str:
    """A type as the neutral rules see it: numbers count as right to left (N1, N0)."""
    return "R" if kind in ("R", "AN", "EN") else kind


def _resolve(chars: list[str], types: list[str], base: int) -> list[int]:
    """Rules W1 to I2 for one isolating run sequence at level ``base``."""
    outer = "R" if base % 2 else "L"  # sos and eos
    n = len(types)
    original = list(types)
    for i in range(n):  # W1: a non-spacing mark takes the type before it
        if types[i] == "NSM":
            types[i] = types[i - 1] if i else outer
    last = outer
    for i in range(n):  # W2: a European number after Arabic letters is an Arabic number
        if types[i] in ("R", "L", "AL"):
            last = types[i]
        elif types[i] == "EN" and last == "AL":
            types[i] = "AN"
    types[:] = ["R" if t == "AL" else t for t in types]  # W3
    for i in range(1, n - 1):  # W4: one separator between two numbers of a kind
        before, after = types[i - 1], types[i + 1]
        if types[i] == "ES" and before == after == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    i = 0
    while i < n:  # W5: terminators next to a European number
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    types[:] = ["ON" if t in ("ES", "ET", "CS") else t for t in types]  # W6
    last = outer
    for i in range(n):  # W7: a European number after Latin letters is Latin
        if types[i] in ("R", "L"):
            last = types[i]
        elif types[i] == "EN" and last == "L":
            types[i] = "L"
    _brackets(chars, types, original, outer)  # N0
    i = 0
    while i < n:  # N1 and N2: neutrals between two of one direction take it, others the base
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = _strong(types[i - 1]) if i else outer
            after = _strong(types[j]) if j < n else outer
            types[i:j] = [before if before == after else outer] * (j - i)
            i = j
        else:
            i += 1
    out = []
    for kind in types:  # I1 and I2
        if base % 2 == 0:
            out.append(base + {"R": 1, "AN": 2, "EN": 2}.get(kind, 0))
        else:
            out.append(base + (1 if kind in ("L", "EN", "AN") else 0))
    return out


def _brackets(chars: list[str], types: list[str], original: list[str], outer: str) -> None:
    """Rule N0: a bracket pair takes the direction of what it encloses and its context."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(chars):
        if types[i] != "ON":
            continue
        ch = _CANONICAL.get(ch, ch)
        kind = unicodedata.category(ch)
        if kind == "Ps" and ch in MIRRORED:
            if len(stack) == 63:  # BD16: too deep, stop looking
                break
            stack.append((_CANONICAL.get(MIRRORED[ch], MIRRORED[ch]), i))
        elif kind == "Pe" and ch in MIRRORED:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for opening, closing in sorted(pairs):
        inside = {_strong(t) for t in types[opening + 1 : closing]} & {"L", "R"}
        if not inside:
            continue
        if outer in inside:
            direction = outer
        else:
            before = next(
                (_strong(t) for t in reversed(types[:opening]) if _strong(t) in ("L", "R")),
                outer,
            )
            direction = before  # the other direction only where the context has it too
        for index in (opening, closing):
            types[index] = direction
            k = index + 1
            while k < len(types) and original[k] == "NSM":  # marks on a bracket follow it
                types[k] = direction
                k += 1


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
