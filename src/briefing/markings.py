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
