"""The previous edition of a brief, read and checked (part 3 of the format).

:func:`read_previous` reads the brief ``edition.previous`` names through the brief's world (so
it is confined to the brief's folder, size-limited and a regular file), parses and validates it
(without following its own ``previous``: one edition is compared with the one before it);
:func:`previous_problems` turns what is wrong with it into diagnostics at the ``previous`` line
and, for an invalid previous brief, at its own lines too. :func:`edition_errors` are the
edition's errors (a number not greater than the previous one's, an ``issued`` not later) and
:func:`edition_warnings` what ``briefing check`` warns of (a judgement that moved without
``because``; a marking or TLP label made less restrictive), each with its rule name.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from briefing.errors import BriefError, BriefingError, Diagnostic, Rule
from briefing.markings import less_restrictive, tlp_rank
from briefing.model import TLP_LABELS, Brief
from briefing.read import LIMITS, Document, Path_, format_path, parse_kept
from briefing.world import World

#: The edition rules, with their names as ``check`` (text, JSON, SARIF) prints them.
JUDGEMENT_WITHOUT_BECAUSE = Rule(
    "judgement-without-because",
    "A judgement moved since the previous edition without 'because' saying why",
    "say why in the analysis's 'because:' (ICD 203 asks a recurrent product to explain a "
    "changed judgement)",
)
LESS_RESTRICTIVE = Rule(
    "less-restrictive",
    "The marking or the TLP label is less restrictive than the previous edition's",
    "make sure the information may now be shared more widely; if not, keep the previous "
    "edition's marking and TLP label",
)
EDITION_NUMBER = Rule(
    "edition-number",
    "The edition's number is not greater than the previous edition's",
    "number each edition one more than the edition it supersedes",
)
EDITION_ISSUED = Rule(
    "edition-issued",
    "The edition is not issued later than the previous edition",
    "give 'issued' the time this edition is issued, later than the previous edition's",
)
EDITION_RULES = (JUDGEMENT_WITHOUT_BECAUSE, LESS_RESTRICTIVE, EDITION_NUMBER, EDITION_ISSUED)
#: The edition rules whose findings are errors.
ERROR_RULES = frozenset({EDITION_NUMBER.id, EDITION_ISSUED.id})

_PREVIOUS: Path_ = ("edition", "previous")


@dataclass(frozen=True)
class Previous:
    """The previous edition: its file (relative to the brief's folder), its bytes, the name
    messages give it, its read document and its validated brief."""

    relative: str
    data: bytes
    name: str
    doc: Document
    brief: Brief


def _name_of(world: World, relative: str) -> str:
    """How messages name the previous brief: next to the brief as the user named it."""
    folder = posixpath.dirname(world.name.replace("\\", "/"))
    return posixpath.join(folder, relative) if folder else relative


#: How a previous brief is validated (:func:`briefing.validate.checks.validate`, without a
#: world: its own previous edition is not followed).
Check = Callable[[Document], Brief]


def read_previous(relative: str, world: World, check: Check) -> Previous:
    """The previous edition ``relative`` names, read through ``world`` and validated by
    ``check``; a :class:`BriefError` says what is wrong (the previous brief's own problems at
    its lines)."""
    reason = world.locate(relative)
    if reason is not None:
        message = f"the previous edition '{relative}' {reason}"
        raise BriefError(message, (Diagnostic("", 0, 0, "", message, ""),))
    data = world.read(relative, LIMITS.max_bytes)
    name = _name_of(world, relative)
    doc = parse_kept(data, name, world.cache)
    return Previous(relative, data, name, doc, check(doc))


def previous_problems(
    doc: Document, world: World, check: Check
) -> tuple[Previous | None, list[Diagnostic]]:
    """The previous edition the brief ``doc`` names, and what is wrong with it: a missing or
    unreadable file at the ``previous`` line with a fix; an invalid previous brief at that line
    and at the previous brief's own lines."""
    relative = doc.raw(_PREVIOUS)
    if not isinstance(relative, str) or not relative.strip():
        return None, []
    relative = relative.strip()
    line, column = doc.position(_PREVIOUS)
    field = format_path(_PREVIOUS)
    if relative == posixpath.basename(doc.name.replace("\\", "/")):
        message = "an edition cannot be its own previous edition"
        hint = "name the brief of the edition this one supersedes, e.g. previous: quake-ed2.yaml"
        return None, [Diagnostic(doc.name, line, column, field, message, hint)]
    try:
        return read_previous(relative, world, check), []
    except BriefError as exc:
        own = [d for d in exc.diagnostics if d.file and d.line]
        if own:  # the previous brief is there, and invalid: its problems, and where it is named
            count = f"{len(own)} problem{'s' if len(own) != 1 else ''}"
            message = f"the previous edition '{relative}' is invalid ({count}, listed with it)"
            hint = f"fix {_name_of(world, relative)} (briefing check {_name_of(world, relative)})"
            return None, [Diagnostic(doc.name, line, column, field, message, hint), *own]
        reason = exc.diagnostics[0].message if exc.diagnostics else str(exc)
        if not reason.startswith("the previous edition"):
            reason = f"the previous edition '{relative}': {reason}"
        hint = (
            "name the previous edition's brief relative to this brief's folder, e.g. "
            "previous: quake-ed2.yaml, or remove 'previous' for a first edition"
        )
        return None, [Diagnostic(doc.name, line, column, field, reason, hint)]
    except BriefingError as exc:
        message = f"the previous edition '{relative}' cannot be read: {exc}"
        return None, [Diagnostic(doc.name, line, column, field, message, "")]


def _at(doc: Document, path: Path_, rule: Rule, message: str, severity: str) -> Diagnostic:
    line, column = doc.position(path)
    return Diagnostic(
        doc.name,
        line,
        column,
        format_path(path),
        message,
        rule.help,
        severity=severity,
        rule=rule.id,
    )


def edition_errors(doc: Document, brief: Brief, previous: Previous) -> list[Diagnostic]:
    """An edition number not greater than the previous one's, an ``issued`` not later than
    its ``issued`` (errors, at their lines)."""
    found: list[Diagnostic] = []
    edition, before = brief.edition, previous.brief.edition
    if edition is None or before is None:
        return found
    if edition.number <= before.number:
        message = (
            f"edition {edition.number} is not greater than the previous edition's number, "
            f"{before.number} ({previous.name})"
        )
        found.append(_at(doc, ("edition", "number"), EDITION_NUMBER, message, "error"))
    if edition.issued <= before.issued:
        message = (
            f"issued {edition.issued.isoformat()} is not later than the previous edition, "
            f"issued {before.issued.isoformat()} ({previous.name})"
        )
        found.append(_at(doc, ("edition", "issued"), EDITION_ISSUED, message, "error"))
    return found


def edition_warnings(doc: Document, brief: Brief, previous: Previous | None) -> list[Diagnostic]:
    """What ``briefing check`` warns of against the previous edition: a judgement that moved
    without ``because``, a marking or TLP label made less restrictive."""
    if previous is None:
        return []
    from briefing.editions.compare import compare  # only ``check`` of an edition needs it

    found: list[Diagnostic] = []
    old = previous.brief
    for change in compare(old, brief):
        if change.kind == "judgement" and not change.because:
            path = brief.authored(change.path)
            what = f"{change.detail} " if change.detail else ""
            message = (
                f"{change.label}: the judgement moved ({what}{change.old} → {change.new}) "
                "since the previous edition without 'because' saying why"
            )
            found.append(_at(doc, path, JUDGEMENT_WITHOUT_BECAUSE, message, "warning"))
    if less_restrictive(old.marking, brief.marking):
        message = (
            f"the marking '{brief.marking or 'none'}' is less restrictive than the previous "
            f"edition's '{old.marking}'"
        )
        found.append(_at(doc, ("marking",), LESS_RESTRICTIVE, message, "warning"))
    if tlp_rank(brief.tlp) < tlp_rank(old.tlp):
        was = TLP_LABELS[old.tlp] if old.tlp else "none"
        now = TLP_LABELS[brief.tlp] if brief.tlp else "none"
        message = f"the TLP label {now} is less restrictive than the previous edition's {was}"
        path = ("tlp",) if brief.tlp else ()
        found.append(_at(doc, path, LESS_RESTRICTIVE, message, "warning"))
    found.sort(key=lambda d: (d.line, d.column))
    return found
