"""Building a pack: a :class:`~briefing.packs.model.LoadedPack` -> one PDF (part 4 of the format).

Composition, not a second renderer. Each brief is laid out by the same layout stage as when it
is built alone (:func:`briefing.pipeline.lay_out`: the same fit, reusing the cached fit step
and charts), so its layout, pages and page count are the ones it has alone. A one-page brief
is measured, not rendered alone: the pack's render confirms it is one page, as a single
build's render does (and where it does not, the brief is laid out as alone, the render
deciding, and the pack rendered again); a flowing brief is rendered alone first, since its
page count is the render's.

The cover is a brief made from the pack's own model (:func:`cover_brief`: the pack's title,
date, time and organisation, its roll-up marking and TLP label, and a table of the briefs with
the page each starts on), laid out the same way. Then the cover, the blank
left-hand pages of a two-sided pack and every brief are rendered into one document in one pass
by the render stage (:func:`briefing.render.pages.render_parts`): one tagged structure with a
part per brief in its own language, bookmarks with an entry per brief, PDF/A-1b as a single
brief is, and "pack page N of M" added to every page's footer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from briefing import __version__
from briefing.errors import Diagnostic
from briefing.layout.fit import Layout, prepare
from briefing.layout.paging import remember_page
from briefing.materials.text import plain
from briefing.model import TLP_LABELS, Brief
from briefing.numbers import format_date
from briefing.packs.model import LoadedPack, Member
from briefing.pipeline import LaidOut, flow_fill, lay_out, unplaceable
from briefing.provenance import Provenance, provenance_of, sha256
from briefing.render.metadata import Metadata
from briefing.render.pages import Part, keywords, meta_text, render_parts

#: The cover's section that lists the briefs, and its table's header cells.
CONTENTS = "Briefs in this pack"
COLUMNS = ("Brief", "Marking", "TLP", "Page")
#: Attempts at the cover before its page count settles (the page numbers it prints move the
#: briefs only when the cover itself takes another page: two attempts in practice).
COVER_ATTEMPTS = 4


@dataclass
class PackBuilt:
    """A built pack: the PDF, its page count, the page each brief starts on (from 1, in the
    pack's order), the cover's page count, the pages left blank (two-sided), each brief's
    page count, and the briefs' warnings (each at its own file and line)."""

    pdf: bytes
    pages: int
    starts: list[int]
    cover_pages: int
    blanks: list[int] = field(default_factory=list)
    member_pages: list[int] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    unplaced: list[Diagnostic] = field(default_factory=list)  # drawn shrunk, in a draft
    fills: list[float] = field(default_factory=list)  # how full each brief's pages are
    #: page (from 1) -> MCID -> the rectangle layout gave that content (``Built.boxes``)
    boxes: dict[int, dict[int, tuple[float, float, float, float]]] = field(default_factory=dict)


def build_pack(loaded: LoadedPack, draft: bool = False, grey: bool = False) -> PackBuilt:
    """Lay out every brief of ``loaded`` as alone, make its cover, and render them all into
    one PDF in one pass (see the module docstring).

    ``draft`` is a preview's: a part of a flowing brief that no page can hold is drawn shrunk
    and listed in ``PackBuilt.unplaced`` instead of stopping the build. ``grey`` prints the
    whole pack in greys, cover and briefs (as if every brief said ``layout.colour:
    grayscale``); otherwise each brief keeps its own colour setting and the cover is in greys
    only when every brief is. A brief's layout problems raise its own :class:`LayoutError`,
    named by its file.
    """
    members = [_greyed(member, grey) for member in loaded.members]
    laid = [
        lay_out(m.brief, m.world, m.doc, draft=draft, finish=False, confirm=False) for m in members
    ]
    cover_grey = grey or all(m.brief.layout.colour == "grayscale" for m in members)
    meta = pack_metadata(loaded, provenance=pack_provenance(loaded))
    for attempt in range(2):
        parts, at, blank = _parts(loaded, laid, cover_grey, again=attempt > 0)
        rendered = render_parts(parts, meta.moment, meta, draft=draft, numbered=True)
        wrong = [
            n
            for n, (one, index) in enumerate(zip(laid, at, strict=True))
            if rendered.parts[index].pages != one.pages or rendered.parts[index].sidebar_overflow
        ]
        if not wrong:
            for member, one in zip(members, laid, strict=True):
                if one.rendered is None:  # the pack's render confirmed it: keep its step
                    remember_page(one.materials, one.layout, member.doc, member.world.name)
            break
        if attempt or any(laid[n].rendered is not None for n in wrong):  # a bug, not input
            names = ", ".join(members[n].path for n in wrong)
            raise RuntimeError(f"{names}: not as many pages in the pack as alone")
        for n in wrong:  # the measurement was a hair off: lay it out as alone, rendered
            member = members[n]
            laid[n] = lay_out(member.brief, member.world, member.doc, draft=draft, finish=False)
    owners = {
        id(block): n for n, index in enumerate(at) for block in parts[index].layout.story.blocks
    }
    unplaced = []
    for problem in rendered.unplaced:  # a draft's: each at its own brief's file and line
        n = owners.get(id(problem.block), 0) if problem.block is not None else 0
        layout, member = parts[at[n]].layout, members[n]
        unplaced.append(unplaceable(problem, layout, member.doc, member.world.name))
    return PackBuilt(
        pdf=rendered.pdf,
        pages=rendered.pages,
        starts=[rendered.parts[index].first for index in at],
        cover_pages=rendered.parts[0].pages,
        blanks=[rendered.parts[index].first for index in blank],
        member_pages=[one.pages for one in laid],
        warnings=[w for one in laid for w in one.warnings],
        unplaced=unplaced,
        fills=[_fill(one) for one in laid],
        boxes=rendered.boxes,
    )


def _parts(
    loaded: LoadedPack, laid: list[LaidOut], grey: bool, again: bool
) -> tuple[list[Part], list[int], list[int]]:
    """The pack's parts in order (the cover, a blank page where a brief of a two-sided pack
    would start on a left-hand page, each brief), which part each brief is, and which parts
    are blank. A layout a render has placed is laid out again (platypus consumes what it
    places): a confirmed brief's, and, ``again``, every one."""
    cover, plan = _cover(loaded, [one.pages for one in laid], grey)
    parts: list[Part] = [Part(_again(cover))]
    at: list[int] = []
    blank: list[int] = []
    for one, start in zip(laid, plan.starts, strict=True):
        if start - 1 in plan.blanks:
            blank.append(len(parts))
            parts.append(Part(cover.layout, blank=True))
        at.append(len(parts))
        fresh = one.rendered is None and not again
        parts.append(Part(one.layout if fresh else _again(one), one.extra_pages))
    return parts, at, blank


# --------------------------------------------------------------------------- the cover


@dataclass(frozen=True)
class Plan:
    """Where each brief starts (pack pages, from 1) and which pages are left blank, for a
    cover of ``cover_pages`` pages."""

    cover_pages: int
    starts: list[int]
    blanks: list[int]


def plan_pages(cover_pages: int, counts: list[int], duplex: bool) -> Plan:
    """The pack's pages: the cover, then each brief of ``counts`` pages; with ``duplex``,
    a blank page before a brief that would start on a left-hand (even) page."""
    starts: list[int] = []
    blanks: list[int] = []
    page = cover_pages + 1
    for count in counts:
        if duplex and page % 2 == 0:
            blanks.append(page)
            page += 1
        starts.append(page)
        page += count
    return Plan(cover_pages, starts, blanks)


def cover_brief(loaded: LoadedPack, starts: list[int], grey: bool = False) -> Brief:
    """The cover as a brief, made from the pack's own model: its title, date, time and
    organisation in the header; the pack's marking and TLP label on every edge; a bottom line
    saying what the pack holds and why it is marked as it is; a table of the briefs with their
    marking, TLP label and the page each starts on. Printed on the first brief's paper."""
    pack = loaded.pack
    briefs = [member.brief for member in loaded.members]
    rows = [
        [
            plain(brief.title),
            brief.marking or "none",
            TLP_LABELS[brief.tlp] if brief.tlp else "none",
            str(start),
        ]
        for brief, start in zip(briefs, starts, strict=True)
    ]
    meeting = f"Meeting of {format_date(pack.date)}" + (f" at {pack.time}" if pack.time else "")
    data: dict[str, Any] = {
        "title": pack.title,
        "subtitle": meeting,
        "date": pack.date,
        "summary": _bottom_line(loaded),
        "marking": loaded.marking,
        "tlp": loaded.tlp,
        "organisation": pack.organisation,
        "language": "en",  # the cover's own words
        "sections": [
            {
                "heading": CONTENTS,
                "blocks": [
                    {
                        "table": {
                            "columns": list(COLUMNS),
                            "rows": rows,
                            "align": ["left", "left", "left", "right"],
                            "number_cells": frozenset((r, 3) for r in range(len(rows))),
                        }
                    }
                ],
            }
        ],
        "layout": {
            "fit": "flow",
            "paper": briefs[0].layout.paper,
            "sidebar": "none",
            "colour": "grayscale" if grey else "full",
        },
    }
    return Brief.model_validate(data)


def _bottom_line(loaded: LoadedPack) -> str:
    """What the pack holds, and why it is marked and labelled as it is."""
    count = len(loaded.members)
    said = [f"This pack holds {count} brief{'s' if count != 1 else ''}, each as it prints alone."]
    marked = next((m for m in loaded.members if _same(m.brief.marking, loaded.marking)), None)
    labelled = next((m for m in loaded.members if m.brief.tlp == loaded.tlp), None)
    label = TLP_LABELS[loaded.tlp] if loaded.tlp else ""
    if loaded.marking and loaded.tlp and marked is labelled and marked is not None:
        said.append(
            f"It is marked {loaded.marking} and {label} because {_quoted(marked)} is: the "
            "highest marking and the most restrictive label inside."
        )
    else:
        if loaded.marking and marked is not None:
            said.append(
                f"It is marked {loaded.marking} because {_quoted(marked)} is: the highest "
                "marking inside."
            )
        if loaded.tlp and labelled is not None:
            said.append(
                f"It is {label} because {_quoted(labelled)} is: the most restrictive label inside."
            )
    if loaded.marking or loaded.tlp:
        said.append("Handle every page of the pack as its banner and label say.")
    return " ".join(said)


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").upper().split()) == " ".join((b or "").upper().split())


def _quoted(member: Member | None) -> str:
    return f"“{plain(member.brief.title)}”" if member is not None else ""


def _cover(loaded: LoadedPack, counts: list[int], grey: bool) -> tuple[LaidOut, Plan]:
    """The cover laid out, with the pages it says the briefs start on: the page numbers
    depend on the cover's own page count, so it is laid out until that settles."""
    guess = 1
    for _ in range(COVER_ATTEMPTS):
        plan = plan_pages(guess, counts, loaded.pack.duplex)
        brief = cover_brief(loaded, plan.starts, grey)
        cover = lay_out(brief, loaded.world, finish=False)
        if cover.pages == guess:
            return cover, plan
        guess = cover.pages
    raise RuntimeError(f"{loaded.world.name}: the cover's page count does not settle")


# --------------------------------------------------------------------------- the record


def pack_metadata(loaded: LoadedPack, provenance: Provenance | None = None) -> Metadata:
    """What the pack's PDF says about itself: the pack's title, organisation and date (the
    generation time), its briefs' titles as its subject and their keywords as its own. The
    clock is read here, once: the pack's render takes its time (``moment``) from it, so the
    footers' "Generated" and the metadata's dates agree."""
    pack = loaded.pack
    titles = "; ".join(meta_text(m.brief.title) for m in loaded.members)
    found: dict[str, str] = {}
    for member in loaded.members:
        for word in keywords(member.brief):
            found.setdefault(word.casefold(), word)
    return Metadata(
        title=meta_text(pack.title),
        author=meta_text(pack.organisation or ""),
        subject=f"Meeting pack of {format_date(pack.date)}: {titles}",
        keywords=tuple(found.values()),
        creator=f"briefing {__version__}",
        language="en",
        moment=loaded.world.now(),
        provenance=provenance,
    )


def pack_provenance(loaded: LoadedPack) -> Provenance:
    """What a pack's PDF was built from: the pack file (its SHA-256 is the record's), and for
    each brief a ``brief:PATH`` entry with its SHA-256 followed by every file its build read
    (theme, logo, figures, fonts, previous edition), each once. ``send`` and ``print`` can
    compare it with :func:`briefing.provenance.read_provenance` of a PDF, as for a brief."""
    files: list[tuple[str, str]] = []
    for member in loaded.members:
        record = provenance_of(member.brief, member.world)
        for entry in ((f"brief:{member.path}", record.brief_sha256), *record.files):
            if entry not in files:
                files.append(entry)
    return Provenance(
        brief=loaded.world.name,
        title=plain(loaded.pack.title),
        brief_sha256=sha256(loaded.world.source()),
        files=tuple(files),
        version=__version__,
    )


# --------------------------------------------------------------------------- helpers


def _greyed(member: Member, grey: bool) -> Member:
    """``member`` printed in greys (its theme and pictures), when the pack is."""
    brief = member.brief
    if not grey or brief.layout.colour == "grayscale":
        return member
    layout = brief.layout.model_copy(update={"colour": "grayscale"})
    greyed = brief.model_copy(update={"layout": layout})
    return Member(member.path, member.world, member.doc, greyed)


def _again(one: LaidOut) -> Layout:
    """A fresh layout equal to ``one``'s (same materials, with as many lines of the box of
    what changed as the fit gave it, at the same scale): the render consumes the flowables it
    places."""
    materials = replace(one.materials, box_limit=one.layout.box_limit)
    return prepare(materials, one.layout.scale)


def _fill(one: LaidOut) -> float:
    if one.layout.brief.layout.fit == "flow":
        return flow_fill(one.layout, one.pages)
    return min(one.layout.fill, 1.0)
