"""The pack file's typed model: ``pack:`` and nothing else at the top."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from briefing.model import Brief, Date, Line, Model, Recipient
from briefing.read import Document
from briefing.world import World


class Pack(Model):
    """Several briefs for one meeting, in the order they are printed."""

    title: Line = Field(min_length=1, max_length=140, description="the pack's title")
    date: Date = Field(description="the meeting's date, YYYY-MM-DD")
    time: Line | None = Field(None, max_length=20, description="the meeting's time, e.g. 08:30")
    organisation: Line | None = Field(None, description="shown on the cover")
    duplex: bool = Field(False, description="every brief starts on a right-hand page")
    briefs: list[Line] = Field(
        min_length=1, description="briefs inside the pack file's folder, in order"
    )
    marking_order: list[Line] | None = Field(
        None, description="ranks markings the tool does not know, lowest first"
    )
    distribution: list[Recipient] | None = Field(None, description="who receives the pack")


class PackFile(Model):
    """A pack file: a YAML mapping whose only key is ``pack``."""

    pack: Pack


@dataclass(frozen=True)
class Member:
    """One brief of a pack, read and validated: ``path`` as the pack file names it."""

    path: str
    world: World
    doc: Document
    brief: Brief


@dataclass(frozen=True)
class LoadedPack:
    """A pack file read and validated with every brief it names, and its roll-up: the
    highest marking and the most restrictive TLP label inside (see :mod:`briefing.markings`)."""

    pack: Pack
    world: World  # the pack file's own world (its folder)
    doc: Document  # the pack file, for positions of the pack's own diagnostics
    members: tuple[Member, ...]
    marking: str | None
    tlp: str | None
