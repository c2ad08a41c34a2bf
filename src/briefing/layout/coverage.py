"""Font coverage: every character of a brief must be printable in the theme's fonts.

Takes the read document (text as typed, with positions) and the registered fonts; returns one
diagnostic per text field holding characters no font covers, naming each character, its code
point and Unicode name and where it stands, so that nothing is ever printed as a silent box or
dropped. It is an error unless the brief sets ``layout.missing_glyphs: warn``
(:func:`missing_glyphs_severity`). The text of SVG figures is checked by :func:`drawing_coverage`,
at the figure's line in the brief.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from briefing.errors import Diagnostic
from briefing.materials.fonts import FontSet
from briefing.materials.text import uncovered
from briefing.read import Document, Path_, format_path

#: Keys whose text is never printed (layout values, addresses used only for mail, keywords and
#: the language, which only the metadata carries, and they need no glyphs).
_NOT_PRINTED = {"layout", "distribution", "keywords", "language"}
#: Keys, at any depth, whose text is never printed: a figure's file and alt text (read by a
#: screen reader, not drawn), ids and citations of sources.
_NEVER_PRINTED = {"image", "alt", "id", "cite", "measure"}

HINT = (
    "use a theme whose fonts (or fonts.fallbacks) cover this script, or replace the "
    "characters; to print the page without them, set layout.missing_glyphs: warn"
)


def missing_glyphs_severity(data: object) -> str:
    """``error``, unless the brief's ``layout.missing_glyphs`` says ``warn``."""
    layout = data.get("layout") if isinstance(data, dict) else None
    mode = layout.get("missing_glyphs") if isinstance(layout, dict) else None
    return "warning" if isinstance(mode, str) and mode.strip().lower() == "warn" else "error"


def describe(ch: str) -> str:
    """A character as a diagnostic names it: ``'ሰ' (U+1230 ETHIOPIC SYLLABLE SE)``."""
    name = unicodedata.name(ch, "")
    if not name:
        category = unicodedata.category(ch)
        name = {"Co": "a private-use character", "Cn": "an unassigned code point"}.get(
            category, "a control or format character"
        )
    shown = ch if unicodedata.category(ch)[0] not in "CZM" else ""  # invisible or combining
    return f"'{shown}' (U+{ord(ch):04X} {name})" if shown else f"U+{ord(ch):04X} ({name})"


def listing(missing: list[str]) -> str:
    """Up to five characters described, and how many more there are."""
    listed = ", ".join(describe(ch) for ch in missing[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    return listed + more


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if (not path and key in _NOT_PRINTED) or key in _NEVER_PRINTED:
                continue
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def check_coverage(doc: Document, fonts: FontSet) -> list[Diagnostic]:
    """One diagnostic per text field with characters no font of the theme covers: an error,
    or a warning under ``layout.missing_glyphs: warn``.

    It stands at the first such character and names up to five of them with their code points
    and names: ``no font covers 'ሰ' (U+1230 ETHIOPIC SYLLABLE SE) and 4 more``.
    """
    found: list[Diagnostic] = []
    severity = missing_glyphs_severity(doc.data)
    for path, text in _strings(doc.data, ()):
        missing = uncovered(text, fonts)
        if not missing:
            continue
        line, column = _where(doc, path, text, missing[0])
        found.append(
            Diagnostic(
                doc.name,
                line,
                column,
                format_path(path),
                f"no font covers {listing(missing)}",
                HINT,
                severity=severity,
            )
        )
    return found


def drawing_texts(node: object) -> Iterator[str]:
    """Every text a ReportLab drawing (a converted SVG) draws."""
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        yield str(node.text)
    for child in getattr(node, "contents", ()) or ():
        yield from drawing_texts(child)


def drawing_coverage(
    doc: Document, fonts: FontSet, figures: Iterable[tuple[Path_, str, object]]
) -> list[Diagnostic]:
    """One diagnostic per SVG figure whose text holds characters no font covers, at the
    figure's ``image`` line in the brief, naming the SVG file. ``figures`` gives each figure's
    path in the brief, its file name and its converted drawing."""
    found: list[Diagnostic] = []
    severity = missing_glyphs_severity(doc.data)
    for path, name, drawing in figures:
        missing = uncovered("".join(drawing_texts(drawing)), fonts)
        if not missing:
            continue
        line, column = doc.position(path)
        found.append(
            Diagnostic(
                doc.name,
                line,
                column,
                format_path(path),
                f"the text of {name} holds characters no font covers: {listing(missing)}",
                HINT.replace("replace the characters", f"replace the characters in {name}"),
                severity=severity,
            )
        )
    return found


def box_coverage(doc: Document, fonts: FontSet, texts: Iterable[str]) -> list[Diagnostic]:
    """One diagnostic for the "What changed since edition N" box when its text (our words, its
    arrows, and the previous edition's values) holds characters no font covers, at the brief's
    ``edition`` key."""
    missing = uncovered("".join(texts), fonts)
    if not missing:
        return []
    line, column = doc.position(("edition",))
    return [
        Diagnostic(
            doc.name,
            line,
            column,
            "edition",
            f"the box of what changed since the previous edition prints {listing(missing)}, "
            "which no font covers",
            HINT,
            severity=missing_glyphs_severity(doc.data),
        )
    ]


def _where(doc: Document, path: Path_, text: str, ch: str) -> tuple[int, int]:
    """Line and column of the first ``ch`` in the value at ``path`` (searched in the source)."""
    line, column = doc.position(path)
    offset = text.index(ch)
    if "\n" not in text[:offset] and path not in doc.block:
        return line, column + offset + (1 if path in doc.quoted else 0)
    target = line + text[:offset].count("\n") + (1 if path in doc.block else 0)
    source = doc.lines[target - 1] if 0 < target <= len(doc.lines) else ""
    return target, source.find(ch) + 1 if ch in source else 1
