"""Font coverage: every character of a brief must be printable in the theme's fonts.

Takes the read document (text as typed, with positions) and the registered fonts; returns one
warning per character no font covers, naming the character, its code point and where it
stands, so that nothing is ever printed as a silent box.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefing.errors import Diagnostic
from briefing.fonts import FontSet
from briefing.read import Document, Path_, format_path
from briefing.text import uncovered

#: Keys whose text is never printed (layout values, addresses used only for mail).
_NOT_PRINTED = {"layout", "distribution"}


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not path and key in _NOT_PRINTED:
                continue
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def check_coverage(doc: Document, fonts: FontSet) -> list[Diagnostic]:
    """One warning per text field with characters no font of the theme covers.

    The warning stands at the first such character and names up to five of them with their
    code points: ``no font covers '日' (U+65E5), '本' (U+672C) and 4 more``.
    """
    found: list[Diagnostic] = []
    for path, text in _strings(doc.data, ()):
        missing = uncovered(text, fonts)
        if not missing:
            continue
        line, column = _where(doc, path, text, missing[0])
        listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        found.append(
            Diagnostic(
                doc.name,
                line,
                column,
                format_path(path),
                f"no font covers {listed}{more}",
                "use a theme whose fonts cover this script, or replace the characters",
                severity="warning",
            )
        )
    return found


def _where(doc: Document, path: Path_, text: str, ch: str) -> tuple[int, int]:
    """Line and column of the first ``ch`` in the value at ``path`` (searched in the source)."""
    line, column = doc.position(path)
    offset = text.index(ch)
    if "\n" not in text[:offset] and path not in doc.block:
        return line, column + offset + (1 if path in doc.quoted else 0)
    target = line + text[:offset].count("\n") + (1 if path in doc.block else 0)
    source = doc.lines[target - 1] if 0 < target <= len(doc.lines) else ""
    return target, source.find(ch) + 1 if ch in source else 1
