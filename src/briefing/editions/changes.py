"""One change between two editions of a brief, as every consumer of the change list reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

#: A path into a brief, as validation and layout give them: ("claims", 0, "items", 2).
Path = tuple[str | int, ...]

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class Change:
    """One thing an edition changed.

    ``kind`` says what (see :mod:`briefing.editions.compare` for every kind and its order of
    importance); ``path`` where, in the new brief (in the old one for what was withdrawn);
    ``old``/``new`` the values as printed (None for an addition or a withdrawal); ``because``
    the author's reason (an analysis's ``because``); ``direction`` whether a judgement moved up
    or down. ``label`` names the part ("People displaced, IFRC"); ``marks`` are the paths, in
    the new brief, of the paragraphs, bullets, claim items and key facts that carry a change bar
    (a paragraph of a text block is ``(*block_path, "text", n)``, a bullet
    ``(*block_path, "bullets", n)``, counted from 0; a claim item ``("claims", i, "items", j)``,
    a key fact ``("key_facts", k)``, a point of an analysis ``("analysis", i, "points", n)``).
    ``detail`` is what the line adds in brackets or before the values: a new claims block's
    count ("2 figures"), a withdrawn item's party, "confidence" for a judgement's confidence.
    ``as_of`` is a revised figure's date in each edition (old, new; None where it has none): a
    figure's ``old``/``new`` are its values alone, so that the box can say a date once.
    """

    kind: str
    path: Path
    label: str
    old: str | None = None
    new: str | None = None
    because: str | None = None
    direction: Direction | None = None
    marks: tuple[Path, ...] = ()
    detail: str | None = None
    as_of: tuple[date | None, date | None] | None = None
