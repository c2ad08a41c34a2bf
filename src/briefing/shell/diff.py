"""``briefing diff OLD NEW``: what an edition changes, before it is issued.

Reads and validates both briefs as ``check`` does (an error in either is printed as ``check``
prints it, exit 1) and prints the change list of :func:`briefing.editions.compare.compare`:
as text, the lines the "What changed" box and the e-mail print (every change, none left out);
as JSON, one object per change with its ``kind``, ``path`` (as ``check`` prints a field, in the
file that holds the part: the new brief, or the old one for what was withdrawn), ``old``,
``new``, ``because``, and its ``label``, ``direction`` and ``as_of`` (a revised figure's
dates, ``{"old": "2023-02-13", "new": "2023-02-19"}``: its ``old`` and ``new`` are its values
alone, as the box prints them). OLD and NEW are any two briefs: NEW
need not name OLD as its ``previous``. Exit 0 whether anything changed or not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefing.errors import BriefError, BriefingError, Diagnostic
from briefing.shell.console import _reporter, generation_time, handled

if TYPE_CHECKING:  # the build imports this module for its command: Change costs ~2 ms to make
    from briefing.deliver.body import Changed
    from briefing.editions.changes import Change
    from briefing.model import Brief

#: The kinds whose path is in the old brief (the part is no longer in the new one).
_IN_OLD = frozenset(
    {
        "claims-withdrawn",
        "claim-withdrawn",
        "fact-withdrawn",
        "section-removed",
        "analysis-withdrawn",
        "event-removed",
        "source-removed",
    }
)


def change_json(change: Change, old: Brief, new: Brief) -> dict[str, Any]:
    """One change as ``diff --format json`` prints it."""
    from briefing.read import format_path

    where = old if change.kind in _IN_OLD else new
    return {
        "kind": change.kind,
        "path": format_path(where.authored(change.path)),
        "label": change.label,
        "old": change.old,
        "new": change.new,
        "because": change.because,
        "direction": change.direction,
        "as_of": _as_of(change),
    }


def _as_of(change: Change) -> dict[str, str | None] | None:
    """A revised figure's dates (ISO), old and new; None for a figure without one and for
    every other kind. A figure's ``old`` and ``new`` are its values alone."""
    if change.as_of is None:
        return None
    was, now = change.as_of
    return {
        "old": was.isoformat() if was is not None else None,
        "new": now.isoformat() if now is not None else None,
    }


@click.command(
    epilog="\b\nExamples:\n  briefing diff briefs/quake-ed2.yaml briefs/quake-ed3.yaml\n"
    "  briefing diff --format json old.yaml new.yaml"
)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="The lines the 'What changed' box prints, or one JSON object per change.",
)
@handled
def diff(old: Path, new: Path, fmt: str) -> None:
    """Print what changed from the brief OLD to the brief NEW (exit 0; 1 if either is invalid)."""
    from briefing.editions.compare import compare, summary
    from briefing.pipeline import load_brief
    from briefing.world.disk import DiskWorld

    loaded: list[Brief] = []
    problems: list[Diagnostic] = []
    for path in (old, new):
        try:
            loaded.append(load_brief(DiskWorld(path, clock=generation_time))[1])
        except BriefingError as exc:
            problems.extend(exc.diagnostics)
            if not exc.diagnostics:
                raise
    if problems:
        count = len(problems)
        raise BriefError(f"{count} problem{'s' if count != 1 else ''}", tuple(problems))
    before, after = loaded
    changes = compare(before, after)
    if fmt == "json":
        found = [change_json(change, before, after) for change in changes]
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    lines = summary(changes, limit=len(changes) + 1)
    _reporter().result("\n".join(lines) if lines else f"{new}: nothing changed since {old}")


def changed_since_previous(path: Path, brief: Brief) -> Changed | None:
    """What changed since the previous edition the brief names, as the e-mail says it."""
    from briefing.deliver.body import Changed
    from briefing.editions.compare import compare, summary
    from briefing.validate.checks import previous_of
    from briefing.world.disk import DiskWorld

    previous = previous_of(brief, DiskWorld(path, clock=generation_time))
    if previous is None:
        return None
    number = previous.brief.edition.number if previous.brief.edition is not None else None
    changes = compare(previous.brief, brief)
    return Changed(number, tuple(summary(changes, limit=len(changes) + 1)))
