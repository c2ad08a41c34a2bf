"""Diagnostics and the exception tree.

Every user-facing problem is a :class:`Diagnostic` (where, what, and how to fix it). Exceptions
carry diagnostics and know their exit code; only the command line turns them into messages and
an exit status. A traceback means a bug in the tool, never a mistake in the brief.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    """One problem, positioned in a file. ``line`` and ``column`` are 1-based (0 = unknown).

    ``severity`` is ``error`` or ``warning``; ``rule`` is the stable id of the check that found
    it (the tradecraft lint's rules, e.g. ``estimative-language``), empty for validation errors.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"
    rule: str = ""

    def location(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def headline(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.location()}: {where}{self.message}"

    def to_json(self) -> dict[str, Any]:
        """The diagnostic as a JSON object; ``rule`` only where a rule found it."""
        found = asdict(self)
        if not self.rule:
            del found["rule"]
        return found


@dataclass(frozen=True)
class Rule:
    """A rule whose warnings carry a stable id (lint's and the edition checks'; the public
    contract of ``check --format sarif``): its id, what it finds (one line) and how to fix it."""

    id: str
    summary: str
    help: str


class BriefingError(Exception):
    """Base of every error the tool reports to the user. ``exit_code`` is its exit status."""

    exit_code = 1

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics


class BriefError(BriefingError):
    """The brief (or a theme or asset it names) is invalid: exit status 1."""

    exit_code = 1


class MismatchError(BriefingError):
    """Refused before anything is sent: a PDF that is not this brief's as it is now, or
    TLP:AMBER recipients outside the distribution without ``--yes``: exit status 1."""

    exit_code = 1


class LayoutError(BriefingError):
    """The brief is valid but cannot be laid out as asked (e.g. too long for one page): exit 3."""

    exit_code = 3


class OutputError(BriefingError):
    """The PDF could not be written where asked: exit status 4."""

    exit_code = 4


class DeliveryError(BriefingError):
    """Sending, printing or previewing failed: exit status 5."""

    exit_code = 5


#: Documented exit statuses (README, ``briefing --help``).
EXIT_CODES = {
    0: "success",
    1: "the brief is invalid (or a theme or file it names), or a delivery was refused: "
    "a --pdf not built from the brief as it is now, TLP:AMBER recipients outside the "
    "distribution without --yes",
    2: "usage error (bad command or options)",
    3: "the brief cannot be laid out as asked",
    4: "the output could not be written",
    5: "delivery failed",
    70: "internal error (a bug in briefing; rerun with --debug for a traceback)",
    130: "interrupted (Ctrl-C)",
}
