"""Handling markings and the Traffic Light Protocol: which colours a banner and a label take.

Takes the brief's ``marking`` text and ``tlp`` level and the theme; returns colours as hex
strings. A marking that begins with a recognised classification level takes that level's
conventional colour (a theme may override it, but never with the colour of a lower level); any
other marking takes the theme's banner colour. TLP labels are printed exactly as FIRST's TLP 2.0
specifies them: the label's own colour on black.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Recognised levels, lowest first, with their conventional banner colours and ink.
#: UNCLASSIFIED keeps the default theme's green, so version-1 briefs print as before.
LEVELS: tuple[tuple[str, str, str], ...] = (
    ("UNCLASSIFIED", "#2e6b3a", "#ffffff"),
    ("CUI", "#502b85", "#ffffff"),
    ("CONFIDENTIAL", "#0033a0", "#ffffff"),
    ("SECRET", "#c8102e", "#ffffff"),
    ("TOP SECRET", "#ff8c00", "#000000"),
)

#: TLP 2.0 (FIRST): the label as printed, and its colour on a black background.
TLP_COLOURS = {
    "clear": "#FFFFFF",
    "green": "#33FF00",
    "amber": "#FFC000",
    "amber+strict": "#FFC000",
    "red": "#FF2B2B",
}
TLP_BACKGROUND = "#000000"

#: The smallest size a TLP label is printed at (points), whatever the fit's scale.
TLP_MIN_SIZE = 12.0


@dataclass(frozen=True)
class BannerColours:
    fill: str
    ink: str


def level_of(marking: str) -> str | None:
    """The classification level ``marking`` begins with, if one is recognised."""
    text = " ".join(marking.upper().split())
    best: str | None = None
    for name, _, _ in LEVELS:
        matched = re.match(rf"{re.escape(name)}(?![A-Z0-9])", text) is not None
        if matched and (best is None or len(name) > len(best)):
            best = name  # TOP SECRET, not SECRET
    return best


def banner_colours(
    marking: str, fill: str, ink: str, overrides: dict[str, str] | None = None
) -> BannerColours:
    """The banner's fill and ink for ``marking``.

    ``fill``/``ink`` are the theme's banner colours (used for a marking of no recognised level);
    ``overrides`` maps a level to a theme's own colour for it. An override equal to the colour
    of a lower level is not used: a marking never looks like a lower one.
    """
    level = level_of(marking)
    if level is None:
        return BannerColours(fill, ink)
    overrides = {k.upper(): v.lower() for k, v in (overrides or {}).items()}
    lower: set[str] = set()
    for name, conventional, level_ink in LEVELS:
        chosen = overrides.get(name, conventional)
        if name == level:
            if chosen.lower() in lower:
                chosen = conventional
            return BannerColours(chosen, level_ink)
        lower.add(conventional.lower())
        lower.add(chosen.lower())
    return BannerColours(fill, ink)  # not reached: level is one of LEVELS


# --------------------------------------------------------------------------- ranking
# One place says which marking and which TLP label is the more restrictive: the banner colours
# above, a pack's roll-up and an edition's "made less restrictive" warning all read it.

#: TLP 2.0 labels, least restrictive first.
TLP_ORDER: tuple[str, ...] = ("clear", "green", "amber", "amber+strict", "red")


class Unranked(ValueError):
    """Two markings no known level and no ``marking_order`` can put in order."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"cannot rank the markings '{first}' and '{second}'")
        self.first = first
        self.second = second


def tlp_rank(tlp: str | None) -> int:
    """0 for no label, then 1 (CLEAR) to 5 (RED)."""
    return 0 if tlp is None else TLP_ORDER.index(tlp) + 1


def most_restrictive_tlp(labels: list[str | None]) -> str | None:
    """The most restrictive of ``labels`` (None when none has one)."""
    best: str | None = None
    for label in labels:
        if tlp_rank(label) > tlp_rank(best):
            best = label
    return best


def _normal(marking: str) -> str:
    return " ".join(marking.upper().split())


def marking_rank(marking: str | None, order: list[str] | tuple[str, ...] = ()) -> float | None:
    """Where ``marking`` stands: None when it cannot be ranked.

    No marking ranks lowest (0). A marking that is exactly one of ``order`` (a pack's
    ``marking_order``, lowest first; compared without regard to case and spacing) ranks there;
    else one that begins with a recognised level ranks at that level. ``order`` and the
    recognised levels share one scale only where ``order`` names recognised levels: a name of
    ``order`` ranks just above the recognised level listed before it in ``order``.
    """
    if marking is None or not marking.strip():
        return 0.0
    text = _normal(marking)
    names = [_normal(m) for m in order]
    levels = [name for name, _, _ in LEVELS]
    if text in names:
        # a recognised level named in the order keeps its own rank; others sit just above
        # the nearest recognised level before them in the order (or below every level)
        index = names.index(text)
        base, steps = 0.0, 0
        for name in names[: index + 1]:
            known = level_of(name)
            if known is not None and _normal(name) == known:
                base, steps = float(levels.index(known) + 1), 0
            else:
                steps += 1
        return base + steps / (len(names) + 1)
    level = level_of(marking)
    if level is not None:
        return float(levels.index(level) + 1)
    return None


def highest_marking(
    markings: list[str | None], order: list[str] | tuple[str, ...] = ()
) -> str | None:
    """The highest of ``markings`` (None when none has one); :class:`Unranked` names two
    markings that cannot be put in order (one that is not ranked, with any other marking; or
    two different markings of the highest rank, whose caveats one marking cannot carry)."""
    present = [m for m in markings if m is not None and m.strip()]
    if not present:
        return None
    unranked = [m for m in present if marking_rank(m, order) is None]
    if unranked:
        others = [m for m in present if _normal(m) != _normal(unranked[0])]
        if others:
            raise Unranked(unranked[0], others[0])
        return unranked[0]  # one marking, however often: nothing to rank it against
    best = present[0]
    for marking in present[1:]:
        if (marking_rank(marking, order) or 0.0) > (marking_rank(best, order) or 0.0):
            best = marking
    # two different markings at the top rank ('SECRET//NOFORN' and 'SECRET//REL TO USA, GBR',
    # or 'SECRET' and 'SECRET//NOFORN'): taking either would drop the other's caveats
    top = marking_rank(best, order)
    for marking in present:
        if marking_rank(marking, order) == top and _normal(marking) != _normal(best):
            raise Unranked(best, marking)
    return best


def less_restrictive(
    old: str | None, new: str | None, order: list[str] | tuple[str, ...] = ()
) -> bool | None:
    """Whether the marking ``new`` is less restrictive than ``old`` (None when the two
    cannot be ranked)."""
    a, b = marking_rank(old, order), marking_rank(new, order)
    if a is None or b is None:
        return None if _normal(old or "") != _normal(new or "") else False
    return b < a
