"""Diagnostics as SARIF 2.1.0, the format code-scanning tools read.

Takes the diagnostics of a ``briefing check`` run and returns one SARIF log (a JSON-ready
mapping): the tool with its rules (the lint's rules, plus one for validation errors and one for
other warnings), and one result per diagnostic with its level, message and region. Paths are
given relative to the current folder where they are inside it, so that a code-scanning service
can place the results in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from briefing import __version__
from briefing.errors import Diagnostic, Rule
from briefing.validate.editions import EDITION_RULES, ERROR_RULES
from briefing.validate.lint import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

#: Rules for diagnostics that no lint rule found.
INVALID = Rule(
    "invalid-brief",
    "The brief is invalid: it cannot be built until this is fixed",
    "fix the value as the message and its hint say; 'briefing check' lists every problem",
)
OTHER_WARNING = Rule(
    "brief-warning",
    "A warning about the brief (e.g. a character no font of the theme covers)",
    "read the message and its hint",
)
DOES_NOT_FIT = Rule(
    "does-not-fit",
    "The brief does not fit its page at the smallest legible size (briefing check --fit)",
    "shorten the largest parts (the 'space' notes say which), or set layout.fit: flow",
)
SPACE = Rule(
    "space",
    "Where the page's space goes: one part of a brief that does not fit, with its height",
    "shorten the largest parts first",
)
ALL_RULES = (*RULES, *EDITION_RULES, INVALID, OTHER_WARNING, DOES_NOT_FIT, SPACE)
#: The rules whose findings are errors.
_ERRORS = {INVALID.id, *ERROR_RULES}


def _rule_of(diagnostic: Diagnostic) -> str:
    if diagnostic.rule:
        return diagnostic.rule
    return INVALID.id if diagnostic.severity == "error" else OTHER_WARNING.id


def artifact_uri(name: str, cwd: Path | None = None) -> str:
    """A file's URI reference for SARIF: relative (``briefs/x.yaml``) where it can be."""
    path = Path(name)
    base = cwd or Path.cwd()
    if path.is_absolute():
        try:
            path = path.relative_to(base)
        except ValueError:
            return path.as_uri()
    posix = PurePosixPath(*path.parts) if path.parts else PurePosixPath(".")
    return quote(str(posix).replace(os.sep, "/"), safe="/")


def _result(diagnostic: Diagnostic, index: dict[str, int], cwd: Path | None) -> dict[str, Any]:
    rule = _rule_of(diagnostic)
    text = f"{diagnostic.field}: {diagnostic.message}" if diagnostic.field else diagnostic.message
    if diagnostic.hint:
        text += f" (hint: {diagnostic.hint})"
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(diagnostic.file, cwd)}}
    if diagnostic.line > 0:
        region = {"startLine": diagnostic.line}
        if diagnostic.column > 0:
            region["startColumn"] = diagnostic.column
        location["region"] = region
    return {
        "ruleId": rule,
        "ruleIndex": index[rule],
        "level": {"error": "error", "note": "note"}.get(diagnostic.severity, "warning"),
        "message": {"text": text},
        "locations": [{"physicalLocation": location}],
    }


def to_sarif(diagnostics: list[Diagnostic], cwd: Path | None = None) -> dict[str, Any]:
    """One SARIF 2.1.0 log with one run of briefing holding ``diagnostics``."""
    index = {rule.id: i for i, rule in enumerate(ALL_RULES)}
    rules = [
        {
            "id": rule.id,
            "name": "".join(part.title() for part in rule.id.split("-")),
            "shortDescription": {"text": rule.summary},
            "help": {"text": rule.help},
            "defaultConfiguration": {"level": "error" if rule.id in _ERRORS else "warning"},
        }
        for rule in ALL_RULES
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "briefing",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index, cwd) for d in diagnostics],
            }
        ],
    }
