"""Reading a pack: a pack file's world -> :class:`~briefing.packs.model.LoadedPack`.

Takes the pack file's :class:`~briefing.world.World` and a way to make each brief's own world
(``world_for``: the shell makes a :class:`~briefing.world.disk.DiskWorld` per brief, which
ranks above this module); returns the pack validated, with every brief it names read and
validated through the same stages a single brief goes through (:func:`briefing.read.read_brief`
then :func:`briefing.validate.checks.validate`), and its roll-up: the highest marking and the
most restrictive TLP label inside (:mod:`briefing.markings`).

Every problem is collected and raised together in one :class:`BriefError`: each brief's at its
own file and line, the pack's own at the pack file's line (an unknown key, a brief that is not
a file inside the pack file's folder, a brief listed twice, a brief that is itself a pack, two
markings that cannot be ranked, briefs on different paper sizes).

Paper sizes: a pack prints on one paper. Briefs on A4 and on Letter in one pack are refused,
naming both briefs and their paper, rather than printed on a mixture that no printer's duplex
run or stapled stack handles well; the author sets ``layout.paper`` in the odd brief out.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pydantic import ValidationError

from briefing.errors import BriefError, BriefingError, Diagnostic
from briefing.markings import Unranked, highest_marking, most_restrictive_tlp
from briefing.packs.detect import is_pack
from briefing.packs.model import LoadedPack, Member, Pack, PackFile
from briefing.read import Document, Path_, read_brief
from briefing.validate.checks import validate
from briefing.world import World

PAPER_NAMES = {"a4": "A4", "letter": "Letter"}


@dataclass
class ReadPack:
    """A pack file as far as it could be read: the members that loaded, and every problem."""

    doc: Document
    pack_file: PackFile | None
    members: list[Member] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    #: the briefs' files that exist (read or not), for ``watch`` to look at
    files: list[str] = field(default_factory=list)
    #: each of those briefs as its diagnostics name it, in the pack's order
    shown: list[str] = field(default_factory=list)


def read_pack(world: World, world_for: Callable[[str], World]) -> ReadPack:
    """Read the pack file and every brief it names; nothing is raised for a problem of the
    pack or of a brief (see :func:`load_pack`), only for a pack file that cannot be read."""
    doc = read_brief(world)
    found = ReadPack(doc, None, problems=list(doc.problems))
    try:
        found.pack_file = PackFile.model_validate(doc.data)
    except ValidationError as exc:
        from briefing.validate.diagnose import diagnose_errors

        found.problems.extend(_indent_hint(d) for d in diagnose_errors(exc, doc, root=PackFile))
    names = _brief_names(doc)
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name is None:
            continue  # not text: the model's error says so
        where = doc.position(("pack", "briefs", index))
        if not name.strip():
            found.problems.append(
                _at(
                    doc, where, index, f"briefs[{index}] is blank", f"give its file name; {_INSIDE}"
                )
            )
            continue
        why = world.locate(name)
        if why is not None:
            why = why.replace("the brief's folder", "the pack file's folder")
            if why == "no such file":
                why = "is not there (no such file)"
            found.problems.append(_at(doc, where, index, f"brief '{name}' {why}", _INSIDE))
            continue
        # the file itself: a second name for it (a link, 'a/../x.yaml') is the same brief
        key = os.path.normcase(os.path.realpath(os.path.join(world.place, name)))
        if key in seen:
            found.problems.append(
                _at(
                    doc,
                    where,
                    index,
                    f"'{name}' is listed twice (as briefs[{seen[key]}] too)",
                    "list each brief once; a pack prints every brief once",
                )
            )
            continue
        seen[key] = index
        member_world = world_for(name)
        found.files.append(name)
        found.shown.append(member_world.name)
        _read_member(found, member_world, name, index, where)
    return found


def _indent_hint(found: Diagnostic) -> Diagnostic:
    """An unknown top-level key that is one of the pack's: say to indent it under ``pack:``."""
    key = found.message.removeprefix("unknown key '").removesuffix("'")
    if found.field == "" and key != found.message and key in Pack.model_fields:
        return replace(found, hint=f"indent '{key}' under 'pack:', as the pack's other keys are")
    return found


_INSIDE = "name a brief file inside the pack file's folder, relative to it (e.g. quake.yaml)"


def _brief_names(doc: Document) -> list[str | None]:
    raw = doc.raw(("pack", "briefs"))
    if not isinstance(raw, list):
        return []
    return [item if isinstance(item, str) else None for item in raw]


def _at(doc: Document, where: tuple[int, int], index: int, message: str, hint: str) -> Diagnostic:
    return Diagnostic(doc.name, *where, f"pack.briefs[{index}]", message, hint)


def _read_member(
    found: ReadPack, member_world: World, name: str, index: int, where: tuple[int, int]
) -> None:
    """Read and validate one brief as a single brief is: its problems at its own lines."""
    try:
        member_doc = read_brief(member_world)
        if is_pack(member_doc):
            found.problems.append(
                _at(
                    found.doc,
                    where,
                    index,
                    f"'{name}' is a pack, not a brief",
                    "list the briefs of that pack here instead; a pack holds briefs only",
                )
            )
            return
        brief = validate(member_doc, member_world)
    except BriefingError as exc:
        found.problems.extend(exc.diagnostics)
        return
    found.members.append(Member(name, member_world, member_doc, brief))


def roll_up(found: ReadPack) -> tuple[str | None, str | None]:
    """The pack's marking and TLP label, from the briefs that loaded; a problem when two
    markings cannot be ranked or the briefs' paper sizes differ (added to ``found``)."""
    order = (found.pack_file.pack.marking_order or []) if found.pack_file else []
    members = found.members
    marking: str | None = None
    try:
        marking = highest_marking([m.brief.marking for m in members], order)
    except Unranked as exc:
        found.problems.append(_unranked(found, exc, bool(order)))
    tlp = most_restrictive_tlp([m.brief.tlp for m in members])
    first = members[0] if members else None
    for member in members[1:]:
        assert first is not None
        if member.brief.layout.paper != first.brief.layout.paper:
            found.problems.append(_mixed_paper(found, first, member))
            break
    return marking, tlp


def _index_of(found: ReadPack, member: Member) -> int:
    names = _brief_names(found.doc)
    return names.index(member.path) if member.path in names else 0


def _unranked(found: ReadPack, exc: Unranked, has_order: bool) -> Diagnostic:
    def holder(marking: str) -> Member:
        return next(
            m
            for m in found.members
            if " ".join((m.brief.marking or "").upper().split())
            == " ".join(marking.upper().split())
        )

    first, second = holder(exc.first), holder(exc.second)
    index = _index_of(found, first)
    if has_order:
        path: Path_ = ("pack", "marking_order")
        field_name = "pack.marking_order"
    else:
        path, field_name = ("pack", "briefs", index), f"pack.briefs[{index}]"
    return Diagnostic(
        found.doc.name,
        *found.doc.position(path),
        field_name,
        f"cannot rank the markings '{exc.first}' ({first.path}) and '{exc.second}' "
        f"({second.path}): the pack's banner must be the higher of them",
        "say which is higher in the pack's marking_order, lowest first: "
        f"{_example_order(exc.first, exc.second)} (UNCLASSIFIED, CUI, CONFIDENTIAL, SECRET and "
        "TOP SECRET keep their own order)",
    )


def _example_order(first: str, second: str) -> str:
    """'marking_order: [SECRET, EXERCISE] if 'EXERCISE' is the higher' (a known level first)."""
    from briefing.markings import level_of

    low, high = (second, first) if level_of(second) is not None else (first, second)
    return f"e.g. marking_order: [{low}, {high}] if '{high}' is the higher"


def _mixed_paper(found: ReadPack, first: Member, other: Member) -> Diagnostic:
    index = _index_of(found, other)
    a = PAPER_NAMES[first.brief.layout.paper]
    b = PAPER_NAMES[other.brief.layout.paper]
    return Diagnostic(
        found.doc.name,
        *found.doc.position(("pack", "briefs", index)),
        f"pack.briefs[{index}]",
        f"'{other.path}' is on {b} paper and '{first.path}' on {a}: a pack prints on one "
        "paper size",
        f"set 'layout: {{paper: {first.brief.layout.paper}}}' in {other.path} (or take it out "
        "of the pack and print it on its own)",
    )


def load_pack(world: World, world_for: Callable[[str], World]) -> LoadedPack:
    """The pack of ``world`` with every brief it names, read and validated, and its roll-up;
    raises :class:`BriefError` with every problem of the pack and of its briefs at once."""
    return loaded_pack(read_pack(world, world_for), world)


def loaded_pack(found: ReadPack, world: World) -> LoadedPack:
    """The pack ``found`` by :func:`read_pack` in ``world``, rolled up, or a
    :class:`BriefError` with every problem of the pack and of its briefs."""
    marking, tlp = roll_up(found)
    if found.problems or found.pack_file is None:
        count = len(found.problems)
        raise BriefError(
            f"{count} problem{'s' if count != 1 else ''} in the pack {found.doc.name}",
            tuple(_ordered(found)),
        )
    return LoadedPack(
        pack=found.pack_file.pack,
        world=world,
        doc=found.doc,
        members=tuple(found.members),
        marking=marking,
        tlp=tlp,
    )


def _ordered(found: ReadPack) -> list[Diagnostic]:
    """The pack's own problems first (by line), then each brief's, in the pack's order."""
    order = {name: i for i, name in enumerate(found.shown)}
    return sorted(
        found.problems,
        key=lambda d: (d.file != found.doc.name, order.get(d.file, len(order)), d.line, d.column),
    )
