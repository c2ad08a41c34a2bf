"""Citations in the brief's text, checked from the read document: an ``[@id]`` that no
source declares, or one written where it would print as typed (a heading, a label, a name,
a chart, the page's furniture), each at the line and column of its id.

Read from the document rather than the validated brief, so that citations are checked in the
same run as every other problem, even when another part of the brief is invalid.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefing.errors import Diagnostic
from briefing.materials.citations import CITATION, citations_in
from briefing.model import authored, normalise
from briefing.read import Document, Path_, format_path


def id_hint(name: str, known: dict[str, int]) -> str:
    """The closest declared id, whatever the distance; or how to declare one."""
    if not known:
        return f"add 'id: {name}' to the source's entry under 'sources'"
    import difflib  # only for an error: a valid brief's build does not import it

    closest = max(known, key=lambda k: difflib.SequenceMatcher(None, name, k).ratio())
    return f"did you mean '{closest}'?"


#: Keys whose strings are never prose (no citations are looked for in them).
_NOT_PROSE = {"layout"}


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not path and key in _NOT_PROSE:
                continue
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _declared_ids(doc: Document) -> dict[str, int]:
    """The source ids as written (read from the document, so that citations are checked even
    when another part of the brief is invalid)."""
    sources = doc.raw(("sources",))
    known: dict[str, int] = {}
    for n, source in enumerate(sources if isinstance(sources, list) else ()):
        value = source.get("id") if isinstance(source, dict) else None
        if isinstance(value, str) and value.strip() not in known:
            known[value.strip()] = n
    return known


#: The text fields where a citation is printed as the cited sources' numbers, each a link
#: (paths in the brief normalised to version 2, with every list index written ``*``).
CITABLE = {
    "summary",
    "sections.*.blocks.*.text",
    "sections.*.blocks.*.bullets.*",
    "sections.*.blocks.*.quote.text",
    "sections.*.blocks.*.quote.context",
    "sections.*.blocks.*.table.rows.*.*",
    "sections.*.blocks.*.table.note",
    "sections.*.blocks.*.figure.caption",
    "sections.*.blocks.*.figure.credit",
    "claims.*.note",
    "key_facts.*.value",
    "key_facts.*.source",
    "timeline.*.event",
    "analysis.*.points.*",
}


def _pattern(path: Path_) -> str:
    return ".".join("*" if isinstance(part, int) else part for part in path)


def _misplaced(path: Path_, token: str) -> tuple[str, str]:
    """The message and hint for a citation written where it would print as typed: where to
    put it instead."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    top = path[0] if path else ""
    if top == "charts":
        hint = "a chart prints no citations: cite its data in a section's text"
    elif top == "analysis":
        hint = "cite in the analysis points"
    elif top == "sources":
        hint = "a source does not cite another: remove the citation"
    elif top in ("marking", "organisation", "author", "reference"):
        hint = "the page's furniture prints no citations: cite in the summary or the text"
    elif top in ("keywords", "distribution"):
        hint = "remove the citation"
    elif top == "key_facts":
        hint = "list the source in the fact's 'cite: [id]', or cite in its value"
    elif top == "claims":
        hint = (
            "list the source in the item's 'cite: [id]'"
            if "items" in path
            else "list the source in the claims block's 'cite: [id]', or cite in its note"
        )
    elif "table" in path:
        hint = "list the source in the table's 'cite: [id]', or cite in its note"
    elif "figure" in path:
        hint = "list the source in the figure's 'cite: [id]', or cite in its caption"
    elif "quote" in path:
        hint = "cite after the quote's text or in its 'context'"
    elif key == "heading":
        hint = "cite in the section's text"
    else:
        hint = "cite in the summary or in a section's text"
    return f"a citation does not belong in '{key}': it would print as the text '{token}'", hint


def citation_problems(doc: Document) -> list[Diagnostic]:
    """An error for each ``[@id]`` in the brief's text that no source declares, or written in
    a field that prints citations as typed (a heading, a label, a name: see
    :data:`CITABLE`), at the line and column of the id inside the text."""
    known = _declared_ids(doc)
    found = []
    normal, written = normalise(doc.data)
    for here, text in _strings(normal, ()):
        citable = _pattern(here) in CITABLE
        path = authored(here, written)  # placed and named where the author wrote it
        for match in CITATION.finditer(text) if not citable else ():
            line, col = _text_position(doc, path, text, match.start() + 1)
            message, hint = _misplaced(path, match.group(0))
            found.append(Diagnostic(doc.name, line, col, format_path(path), message, hint))
        for cited in citations_in(text) if citable else ():
            if cited.id in known:
                continue
            line, col = _text_position(doc, path, text, cited.offset)
            found.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    format_path(path),
                    f"unknown source id '{cited.id}' in citation",
                    id_hint(cited.id, known),
                )
            )
    return found


def _text_position(doc: Document, path: Path_, text: str, offset: int) -> tuple[int, int]:
    """Line and column of ``text[offset:]`` (a citation's '@') in the source: searched on the
    line where the value's text at that offset stands."""
    line, col = doc.position(path)
    before = text[:offset]
    if "\n" not in before and path not in doc.block:
        guess = col + offset + (1 if path in doc.quoted else 0)
        source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
        token = text[offset : offset + 41].split("]")[0].split(";")[0]
        if source[guess - 1 : guess - 1 + len(token)] == token:
            return line, guess
        found = source.find(token, col - 1)
        return line, (found + 1 if found >= 0 else guess)
    target = line + before.count("\n") + (1 if path in doc.block else 0)
    token = text[offset:].split("]")[0].split(";")[0]
    for number in range(target, min(target + 50, len(doc.lines)) + 1):
        source = doc.lines[number - 1]
        if token in source:
            return number, source.find(token) + 1
    return line, col
