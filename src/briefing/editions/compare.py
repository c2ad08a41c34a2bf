"""What changed between two editions of a brief: :func:`compare` (the change list) and
:func:`summary` (the lines the box, ``briefing diff`` and the e-mail print).

A pure function of two validated briefs (normalised, version 2): no ReportLab, no world. The
one place for the matching rules and for what counts as a change (the ICD 203 scale's order is
:mod:`briefing.editions.scale`).

Why one module: the matching rules, the kinds of change and the words each kind is printed in
are one contract (part 3 of the format) that the box, ``briefing diff``, the lint and the e-mail
must read alike; split, a kind could be found in one file and worded or counted in another.

**Matching.** A part of the new brief is the same part as one of the old when both carry the
same ``id``. Parts that do not match by id match by the documented rule, provided they do not
both carry ids (two different ids are two different parts):

=================  ==========================================
claims blocks      by ``source``
claim items        by ``measure``, else ``label`` (within matched blocks)
analyses           by ``source``
sections           by ``heading``
key facts          by ``label``
timeline events    by ``date``
sources            by ``id``, else ``url``, else ``title``
=================  ==========================================

Names are compared with their case and spacing folded. So a part renamed under the same id is
one revised part (kind ``renamed`` when nothing else of it changed), never a withdrawal and an
addition.

**Kinds**, most important first (:data:`KINDS`, the order of the list :func:`compare` returns;
within a kind, the order of the new brief): ``marking``, ``tlp`` (always first); ``figure`` (a
claim's value, range, qualifier, unit or as-of date revised); ``status`` (a claim's status, its
own or its block's); ``claims-added``, ``claim-added``, ``claims-withdrawn``,
``claim-withdrawn``, ``fact-added``, ``fact-withdrawn``; ``judgement`` (an analysis's
confidence, or an estimative term of one of its points, moved along its scale: ``direction``
up or down, ``because`` the analysis's reason); ``fact`` (a key fact's value); ``renamed``;
``section-added``, ``section-removed``, ``section-changed`` (any paragraph, bullet, quote,
table or figure of it, or its heading), ``analysis-added``, ``analysis-withdrawn``,
``analysis-changed`` (its points' words, without a judgement moving); ``event-added``,
``event-changed``, ``event-removed``; ``source-added``, ``source-removed``.

**Marks** (the change bars): a revised, new or re-statused claim item; a new or revised key
fact; every paragraph and bullet of a new section, and exactly the changed ones of a changed
section; the changed points of an analysis (``("analysis", i, "points", n)``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from briefing.editions.changes import Change, Direction, Path
from briefing.editions.scale import confidence_rank, estimative_terms, without_terms
from briefing.markings import marking_rank, tlp_rank
from briefing.materials.citations import CITATION
from briefing.materials.text import paragraphs, plain
from briefing.model import TLP_LABELS, Analysis, Block, Brief, Claim, Claims, Section
from briefing.numbers import format_date, format_figure, format_number

#: Every kind of change, most important first: the order of :func:`compare`'s list.
KINDS = (
    "marking",
    "tlp",
    "figure",
    "status",
    "claims-added",
    "claim-added",
    "claims-withdrawn",
    "claim-withdrawn",
    "fact-added",
    "fact-withdrawn",
    "judgement",
    "fact",
    "renamed",
    "section-added",
    "section-removed",
    "section-changed",
    "analysis-added",
    "analysis-withdrawn",
    "analysis-changed",
    "event-added",
    "event-changed",
    "event-removed",
    "source-added",
    "source-removed",
)
_ORDER = {kind: n for n, kind in enumerate(KINDS)}

#: The title a claims block and an analysis have when the author gives none.
_DEFAULT_CLAIMS_TITLE = "Claimed results"
_DEFAULT_ANALYSIS_TITLE = "Analysis"

#: How similar two points' words must be (difflib's ratio, estimative terms blanked) to be one
#: point revised rather than one withdrawn and another added.
_SAME_POINT = 0.6

T = TypeVar("T")


def compare(old: Brief, new: Brief) -> list[Change]:
    """Every change from ``old`` to ``new``, most important first (see the module's
    docstring). ``compare(b, b)`` is empty."""
    found: list[Change] = []
    found += _markings(old, new)
    found += _claims(old, new)
    found += _facts(old, new)
    found += _analyses(old, new)
    found += _sections(old, new)
    found += _events(old, new)
    found += _sources(old, new)
    return sorted(found, key=lambda change: _ORDER[change.kind])


# --------------------------------------------------------------------------- matching


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def match(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]
) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) of the same part: by ``id`` first, then by ``key`` for
    parts that do not both carry an id; an unmatched part is paired with None. New parts come
    in their order, each followed by nothing; withdrawn old parts come last, in theirs."""
    pairs: dict[int, int] = {}  # new -> old
    by_id = {getattr(part, "id", None): i for i, part in enumerate(old)}
    for j, part in enumerate(new):
        ident = getattr(part, "id", None)
        if ident is not None and ident in by_id:
            pairs[j] = by_id[ident]
    taken = set(pairs.values())
    for j, part in enumerate(new):
        if j in pairs:
            continue
        ident = getattr(part, "id", None)
        for i, candidate in enumerate(old):
            if i in taken or (ident is not None and getattr(candidate, "id", None) is not None):
                continue
            if key(candidate) == key(part):
                pairs[j] = i
                taken.add(i)
                break
    result: list[tuple[int | None, int | None]] = [(pairs.get(j), j) for j in range(len(new))]
    result += [(i, None) for i in range(len(old)) if i not in taken]
    return result


def _matched(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]
) -> Iterator[tuple[int | None, T | None, int | None, T | None]]:
    for i, j in match(old, new, key):
        yield (
            i,
            old[i] if i is not None else None,
            j,
            new[j] if j is not None else None,
        )


def _item_key(item: Claim) -> Hashable:
    return ("measure", item.measure) if item.measure else ("label", _fold(item.label))


def _source_key(source: Any) -> Hashable:
    if source.id:
        return ("id", source.id)
    if source.url:
        return ("url", source.url)
    return ("title", _fold(source.title))


# --------------------------------------------------------------------------- words


def _words(text: str) -> str:
    """Text as the change list prints it: inline marks and citations left out."""
    return plain(CITATION.sub("", text)).replace(" .", ".").replace(" ,", ",").strip()


def figure_text(item: Claim) -> str:
    """A claimed figure as printed: '150,000–200,000', 'more than 9,000 sorties' (its date
    apart: :attr:`Change.as_of`)."""
    return format_figure(item.value, item.qualifier, item.unit)


def _status(block: Claims, item: Claim) -> str:
    return item.status or block.status


def _block_name(block: Claims) -> str:
    return block.title if block.title != _DEFAULT_CLAIMS_TITLE else f"Claims of {block.source}"


def _figures(count: int) -> str:
    return f"{format_number(count)} figure{'s' if count != 1 else ''}"


def analysis_name(analysis: Analysis) -> str:
    """How the change list names an analysis: its title, else '<source> assessment'."""
    if analysis.title != _DEFAULT_ANALYSIS_TITLE:
        return analysis.title
    return f"{analysis.source} assessment"


def tlp_text(tlp: str | None) -> str | None:
    return TLP_LABELS[tlp].removeprefix("TLP:") if tlp else None


# --------------------------------------------------------------------------- parts


def _markings(old: Brief, new: Brief) -> Iterator[Change]:
    if (old.marking or "") != (new.marking or ""):
        was, now = marking_rank(old.marking), marking_rank(new.marking)
        way: Direction | None = None
        if was is not None and now is not None and was != now:
            way = "up" if now > was else "down"
        yield Change("marking", ("marking",), "Marking", old.marking, new.marking, direction=way)
    if old.tlp != new.tlp:
        direction: Direction | None = None
        if old.tlp and new.tlp:
            direction = "up" if tlp_rank(new.tlp) > tlp_rank(old.tlp) else "down"
        yield Change(
            "tlp",
            ("tlp",),
            "TLP label",
            tlp_text(old.tlp),
            tlp_text(new.tlp),
            direction=direction,
        )


def _claims(old: Brief, new: Brief) -> Iterator[Change]:
    for i, before, j, after in _matched(old.claims, new.claims, lambda b: _fold(b.source)):
        if after is None:
            assert before is not None and i is not None
            yield Change(
                "claims-withdrawn",
                ("claims", i),
                _block_name(before),
                detail=_figures(len(before.items)),
            )
        elif before is None:
            assert j is not None
            marks = tuple(("claims", j, "items", k) for k in range(len(after.items)))
            yield Change(
                "claims-added",
                ("claims", j),
                _block_name(after),
                detail=_figures(len(after.items)),
                marks=marks,
            )
        else:
            assert j is not None
            if _fold(before.source) != _fold(after.source):
                yield Change(
                    "renamed", ("claims", j, "source"), "Party", before.source, after.source
                )
            if before.status != after.status:  # once for the block, for the items it governs
                inherit = tuple(
                    ("claims", j, "items", n)
                    for n, item in enumerate(after.items)
                    if not item.status
                )
                yield Change(
                    "status",
                    ("claims", j),
                    _block_name(after),
                    before.status,
                    after.status,
                    marks=inherit,
                )
            yield from _items(before, after, j)


def _items(before: Claims, after: Claims, j: int) -> Iterator[Change]:
    for k, old, n, item in _matched(before.items, after.items, _item_key):
        if item is None:
            assert old is not None and k is not None
            yield Change(
                "claim-withdrawn", ("claims", j, "items", k), old.label, detail=after.source
            )
            continue
        path: Path = ("claims", j, "items", n) if n is not None else ()
        if old is None:
            yield Change("claim-added", path, item.label, detail=after.source, marks=(path,))
            continue
        label = f"{item.label}, {after.source}"
        changed = False
        figure_of = (old.value, old.qualifier, old.unit, old.as_of)
        if figure_of != (item.value, item.qualifier, item.unit, item.as_of):
            dated = old.as_of is not None or item.as_of is not None
            yield Change(
                "figure",
                path,
                label,
                figure_text(old),
                figure_text(item),
                marks=(path,),
                as_of=(old.as_of, item.as_of) if dated else None,
            )
            changed = True
        block_moved = before.status != after.status and not old.status and not item.status
        if _status(before, old) != _status(after, item) and not block_moved:
            yield Change(
                "status", path, label, _status(before, old), _status(after, item), marks=(path,)
            )
            changed = True
        if not changed and _fold(old.label) != _fold(item.label):
            yield Change("renamed", path, item.label, old.label, item.label, marks=(path,))


def _facts(old: Brief, new: Brief) -> Iterator[Change]:
    facts = _matched(old.key_facts or [], new.key_facts or [], lambda f: _fold(f.label))
    for i, before, j, after in facts:
        if after is None:
            assert before is not None and i is not None
            yield Change("fact-withdrawn", ("key_facts", i), before.label)
            continue
        path: Path = ("key_facts", j) if j is not None else ()
        if before is None:
            yield Change("fact-added", path, after.label, new=_words(after.value), marks=(path,))
        elif _words(before.value) != _words(after.value):
            yield Change(
                "fact", path, after.label, _words(before.value), _words(after.value), marks=(path,)
            )
        elif _fold(before.label) != _fold(after.label):
            yield Change("renamed", path, after.label, before.label, after.label, marks=(path,))


def _analyses(old: Brief, new: Brief) -> Iterator[Change]:
    for i, before, j, after in _matched(old.analysis, new.analysis, lambda a: _fold(a.source)):
        if after is None:
            assert before is not None and i is not None
            yield Change("analysis-withdrawn", ("analysis", i), analysis_name(before))
            continue
        assert j is not None
        here: Path = ("analysis", j)
        name = analysis_name(after)
        if before is None:
            marks = tuple((*here, "points", n) for n in range(len(after.points)))
            yield Change("analysis-added", here, name, marks=marks)
            continue
        was, now = confidence_rank(before.confidence), confidence_rank(after.confidence)
        if before.confidence != after.confidence:
            direction: Direction | None = None
            if was is not None and now is not None:
                direction = "up" if now > was else "down"
            yield Change(
                "judgement",
                (*here, "confidence"),
                name,
                before.confidence or "not stated",
                after.confidence or "not stated",
                because=after.because,
                direction=direction,
                detail="confidence",
            )
        yield from _points(before, after, here, name)


def _point_pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Points of an analysis paired across editions: the same words (estimative terms
    blanked), else the most similar unpaired point at least :data:`_SAME_POINT` alike."""
    masked_old = [without_terms(_words(p)) for p in old]
    masked_new = [without_terms(_words(p)) for p in new]
    pairs: dict[int, int] = {}
    for n, text in enumerate(masked_new):
        for k, candidate in enumerate(masked_old):
            if k not in pairs.values() and candidate == text:
                pairs[n] = k
                break
    for n, text in enumerate(masked_new):
        if n in pairs:
            continue
        best, score = None, _SAME_POINT
        for k, candidate in enumerate(masked_old):
            if k in pairs.values():
                continue
            ratio = difflib.SequenceMatcher(None, candidate, text, autojunk=False).ratio()
            if ratio >= score:
                best, score = k, ratio
        if best is not None:
            pairs[n] = best
    result: list[tuple[int | None, int | None]] = [(pairs.get(n), n) for n in range(len(new))]
    result += [(k, None) for k in range(len(old)) if k not in pairs.values()]
    return result


def _points(before: Analysis, after: Analysis, here: Path, name: str) -> Iterator[Change]:
    reworded: list[Path] = []
    withdrawn = False
    for k, n in _point_pairs(before.points, after.points):
        if n is None:
            withdrawn = True
            continue
        path: Path = (*here, "points", n)
        if k is None:
            reworded.append(path)
            continue
        old, new = _words(before.points[k]), _words(after.points[n])
        if old == new:
            continue
        terms_old, terms_new = estimative_terms(old), estimative_terms(new)
        moved = [(a, b) for a, b in zip(terms_old, terms_new, strict=False) if a.rank != b.rank]
        if moved and len(terms_old) == len(terms_new):
            a, b = moved[0]
            yield Change(
                "judgement",
                path,
                name,
                a.text.lower(),
                b.text.lower(),
                because=after.because,
                direction="up" if b.rank > a.rank else "down",
                marks=(path,),
            )
        else:
            reworded.append(path)
    if reworded or withdrawn:
        yield Change("analysis-changed", here, name, marks=tuple(reworded))


def _units(section: Section, here: Path) -> list[tuple[Hashable, Path | None]]:
    """A section's content as the parts a change bar may stand beside: each paragraph and
    bullet (with its path), each quote, table and figure (without one)."""
    units: list[tuple[Hashable, Path | None]] = []
    for b, block in enumerate(section.blocks):
        at: Path = (*here, "blocks", b)
        units += _block_units(block, at)
    return units


def _block_units(block: Block, at: Path) -> list[tuple[Hashable, Path | None]]:
    if block.text is not None:
        return [(("p", _words(p)), (*at, "text", n)) for n, p in enumerate(paragraphs(block.text))]
    if block.bullets is not None:
        return [(("b", _words(p)), (*at, "bullets", n)) for n, p in enumerate(block.bullets)]
    part = block.quote or block.table or block.figure
    dumped = part.model_dump_json(exclude={"number_cells"}) if part is not None else ""
    return [((block.kind, dumped), None)]


def _sections(old: Brief, new: Brief) -> Iterator[Change]:
    sections = _matched(old.sections or [], new.sections or [], lambda s: _fold(s.heading))
    for i, before, j, after in sections:
        if after is None:
            assert before is not None and i is not None
            yield Change("section-removed", ("sections", i), before.heading)
            continue
        assert j is not None
        here: Path = ("sections", j)
        units = _units(after, here)
        if before is None:
            marks = tuple(path for _, path in units if path is not None)
            yield Change("section-added", here, after.heading, marks=marks)
            continue
        was = [key for key, _ in _units(before, ("sections", i or 0))]
        now = [key for key, _ in units]
        matcher = difflib.SequenceMatcher(None, was, now, autojunk=False)
        marks_list: list[Path] = []
        changed = _fold(before.heading) != _fold(after.heading)
        for tag, _a1, _a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            changed = True
            marks_list += [path for _, path in units[b1:b2] if path is not None]
        if changed:
            renamed = before.heading if _fold(before.heading) != _fold(after.heading) else None
            yield Change(
                "section-changed", here, after.heading, renamed, None, marks=tuple(marks_list)
            )


def _events(old: Brief, new: Brief) -> Iterator[Change]:
    for i, before, j, after in _matched(old.timeline or [], new.timeline or [], lambda e: e.date):
        if after is None:
            assert before is not None and i is not None
            yield Change("event-removed", ("timeline", i), _words(before.event))
        elif before is None:
            yield Change("event-added", ("timeline", j or 0), _words(after.event))
        elif (before.date, _words(before.event)) != (after.date, _words(after.event)):
            yield Change(
                "event-changed",
                ("timeline", j or 0),
                _words(after.event),
                f"{format_date(before.date)}: {_words(before.event)}",
                f"{format_date(after.date)}: {_words(after.event)}",
            )


def _sources(old: Brief, new: Brief) -> Iterator[Change]:
    for i, before, j, after in _matched(old.sources or [], new.sources or [], _source_key):
        if after is None:
            assert before is not None and i is not None
            yield Change("source-removed", ("sources", i), _words(before.title))
        elif before is None:
            yield Change("source-added", ("sources", j or 0), _words(after.title))


# --------------------------------------------------------------------------- summary

#: What a kind of change is counted as when a long list is summarised (one, many).
_COUNTED = {
    "marking": ("marking changed", "markings changed"),
    "tlp": ("TLP label changed", "TLP labels changed"),
    "figure": ("figure revised", "figures revised"),
    "status": ("status changed", "statuses changed"),
    "claims-added": ("new claims block", "new claims blocks"),
    "claim-added": ("new figure", "new figures"),
    "claims-withdrawn": ("claims block withdrawn", "claims blocks withdrawn"),
    "claim-withdrawn": ("figure withdrawn", "figures withdrawn"),
    "fact-added": ("new key fact", "new key facts"),
    "fact-withdrawn": ("key fact withdrawn", "key facts withdrawn"),
    "judgement": ("judgement moved", "judgements moved"),
    "fact": ("key fact changed", "key facts changed"),
    "renamed": ("renamed", "renamed"),
    "section-added": ("new section", "new sections"),
    "section-removed": ("section removed", "sections removed"),
    "section-changed": ("section changed", "sections changed"),
    "analysis-added": ("new analysis", "new analyses"),
    "analysis-withdrawn": ("analysis withdrawn", "analyses withdrawn"),
    "analysis-changed": ("analysis changed", "analyses changed"),
    "event-added": ("new timeline event", "new timeline events"),
    "event-changed": ("timeline event changed", "timeline events changed"),
    "event-removed": ("timeline event removed", "timeline events removed"),
    "source-added": ("new source", "new sources"),
    "source-removed": ("source removed", "sources removed"),
}

#: The kinds printed together on one line each: sections and analyses; the timeline; sources.
_PARTS = (
    "section-changed",
    "section-added",
    "section-removed",
    "analysis-changed",
    "analysis-added",
    "analysis-withdrawn",
)
_PART_WORDS = {
    "section-changed": "Changed",
    "analysis-changed": "Changed",
    "section-added": "New",
    "analysis-added": "New",
    "section-removed": "Removed",
    "analysis-withdrawn": "Withdrawn",
}


def line(change: Change) -> str:
    """One change as one line of the box, ``briefing diff`` and the e-mail."""
    kind = change.kind
    if kind in ("marking", "tlp"):
        way = {"up": " (more restrictive)", "down": " (less restrictive)"}.get(
            change.direction or "", ""
        )
        return f"{change.label}: {change.old or 'none'} → {change.new or 'none'}{way}"
    if kind in ("claims-added", "claim-added", "fact-added", "section-added", "analysis-added"):
        return f"New: {change.label}" + (f" ({change.detail})" if change.detail else "")
    if kind in ("claims-withdrawn", "claim-withdrawn", "fact-withdrawn", "analysis-withdrawn"):
        return f"Withdrawn: {change.label}" + (f" ({change.detail})" if change.detail else "")
    if kind == "section-removed":
        return f"Removed: {change.label}"
    if kind == "section-changed":
        return f"Changed: {change.label}" + (f" (was {change.old})" if change.old else "")
    if kind == "analysis-changed":
        return f"Changed: {change.label}"
    if kind == "renamed":
        return f"Renamed: {change.old} → {change.new}"
    if kind == "judgement":
        return _judgements([change])
    if kind == "figure":
        return f"{change.label}: {_revised(change)}"
    if kind == "fact":
        return f"{change.label}: {_fact_revised(change.old, change.new)}"
    if kind in ("event-added", "event-removed", "event-changed"):
        word = {"event-added": "New", "event-removed": "Removed", "event-changed": "Changed"}
        return f"Timeline: {word[kind].lower()}: {change.label}"
    if kind in ("source-added", "source-removed"):
        return f"Source {'new' if kind == 'source-added' else 'removed'}: {change.label}"
    return f"{change.label}: {_short(change.old)} → {_short(change.new)}"


def _judgements(changes: Sequence[Change]) -> str:
    """Judgements of one analysis that moved for one reason, on one line, the reason said
    once: 'Desk assessment: confidence low → moderate (raised); likely → very likely (raised),
    because …'."""
    moves = []
    for change in changes:
        what = f"{change.detail} " if change.detail else ""
        way = {"up": " (raised)", "down": " (lowered)"}.get(change.direction or "", "")
        moves.append(f"{what}{change.old} → {change.new}{way}")
    reason = changes[0].because
    because = f", because {_words(reason)}" if reason else ""
    return f"{changes[0].label}: {'; '.join(moves)}{because}"


def _revised(change: Change) -> str:
    """A revised figure, its date said once: '31,643 → 40,689 (as of 19 February 2023)'; on
    both sides only when the value stayed and only its date moved ('31,643 as of 13 February
    2023 → 31,643 as of 19 February 2023')."""
    was, now = change.as_of or (None, None)
    if was == now:  # the date did not move (or there is none): the values say it all
        return f"{_short(change.old)} → {_short(change.new)}"
    if change.old == change.new or now is None:
        return f"{change.old}{_dated(was)} → {change.new}{_dated(now)}"
    return f"{_short(change.old)} → {_short(change.new)} ({_dated(now).strip()})"


def _dated(day: date | None) -> str:
    return f" as of {format_date(day)}" if day is not None else ""


def _fact_revised(old: str | None, new: str | None) -> str:
    """A key fact's new value; a list that gained or lost entries says only those: 'Provinces
    affected: added Hatay, Osmaniye' rather than both lists in full."""
    was, now = _entries(old), _entries(new)
    kept = [entry for entry in now if entry in was]
    if len(was) < 2 or len(now) < 2 or not kept:
        return f"{_short(old)} → {_short(new)}"
    added = [entry for entry in now if entry not in was]
    gone = [entry for entry in was if entry not in now]
    if [entry for entry in was if entry in now] != kept or len(added) + len(gone) > len(kept):
        return f"{_short(old)} → {_short(new)}"  # reordered, or more changed than stayed
    words = []
    if added:
        words.append(f"added {', '.join(added)}")
    if gone:
        words.append(f"removed {', '.join(gone)}")
    return "; ".join(words)


def _entries(text: str | None) -> list[str]:
    """A value's entries, as a comma and a space part them ('Hatay, Osmaniye'; '1,200' is
    one)."""
    parts = re.split(r",\s+", text.strip()) if text else []
    return parts if all(parts) else []


def _short(text: str | None, most: int = 80) -> str:
    if text is None:
        return "none"
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _count(number: int, words: tuple[str, str]) -> str:
    return f"{format_number(number)} {words[0] if number == 1 else words[1]}"


def summary(changes: Sequence[Change], limit: int = 8) -> list[str]:
    """The lines that say what changed, most important first, at most ``limit`` of them: one
    per change, sections and analyses on one line ("Changed: Displacement; New: Access"),
    the timeline and sources counted ("Sources: 2 new, 1 removed"); when there are more, the
    marking and TLP lines stay, and the last line counts what is left ("… and 9 more changes:
    4 figures revised, 5 new figures"; with nothing before it, "9 changes: ..."); judgements
    of one analysis moved for one reason share a line. Empty when nothing changed."""
    lines: list[tuple[str, tuple[str, ...]]] = []  # (line, kinds it stands for)
    parts = [c for c in changes if c.kind in _PARTS]
    events = [c for c in changes if c.kind.startswith("event-")]
    sources = [c for c in changes if c.kind.startswith("source-")]
    moved: list[Change] = []  # judgements of one analysis for one reason: one line
    for change in changes:
        if change.kind in _PARTS or change.kind.startswith(("event-", "source-")):
            continue
        if change.kind == "judgement":
            if moved and (moved[0].path[:2], moved[0].because) != (change.path[:2], change.because):
                lines.append((_judgements(moved), ("judgement",) * len(moved)))
                moved = []
            moved.append(change)
            continue
        if moved:
            lines.append((_judgements(moved), ("judgement",) * len(moved)))
            moved = []
        lines.append((line(change), (change.kind,)))
    if moved:
        lines.append((_judgements(moved), ("judgement",) * len(moved)))
    if parts:
        groups: dict[str, list[str]] = {}
        for change in parts:
            text = change.label
            if change.kind == "section-changed" and change.old:
                text += f" (was {change.old})"
            groups.setdefault(_PART_WORDS[change.kind], []).append(text)
        lines.append(
            (
                "; ".join(f"{word}: {', '.join(names)}" for word, names in groups.items()),
                tuple(c.kind for c in parts),
            )
        )
    if events:
        lines.append((_counted("Timeline", events, "event-"), tuple(c.kind for c in events)))
    if sources:
        lines.append((_counted("Sources", sources, "source-"), tuple(c.kind for c in sources)))
    if len(lines) <= limit:
        return [text for text, _ in lines]
    first = [(t, k) for t, k in lines if k[0] in ("marking", "tlp")]
    rest = [(t, k) for t, k in lines if k[0] not in ("marking", "tlp")]
    room = max(limit - len(first) - 1, 0)
    kept, left = rest[:room], rest[room:]
    tally: dict[tuple[str, str], int] = {}
    for _, kinds in left:
        for kind in kinds:
            tally[_COUNTED[kind]] = tally.get(_COUNTED[kind], 0) + 1
    more = sum(tally.values())
    words = ", ".join(_count(n, w) for w, n in tally.items())
    changes_word = f"change{'s' if more != 1 else ''}"
    if first or kept:
        tail = f"… and {format_number(more)} more {changes_word}: {words}"
    else:  # the count alone
        tail = f"{format_number(more)} {changes_word}: {words}"
    return [t for t, _ in first] + [t for t, _ in kept] + [tail]


def _counted(what: str, changes: Sequence[Change], prefix: str) -> str:
    tally: dict[str, int] = {}
    for change in changes:
        word = change.kind.removeprefix(prefix)
        word = {"added": "new", "removed": "removed", "changed": "changed"}[word]
        tally[word] = tally.get(word, 0) + 1
    return f"{what}: " + ", ".join(f"{format_number(n)} {word}" for word, n in tally.items())
