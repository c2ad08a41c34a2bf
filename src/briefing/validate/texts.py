"""The brief's text as the lint reads it: every text value, where it is, and what it is.

:func:`prose` walks the read brief's plain data, normalised to version 2
(:func:`briefing.model.normalise`; each path is given back as the author wrote it), and yields each
text value with its path, its role (summary, narrative, analysis, quote, heading, key fact,
timeline event, table cell, caption, or other) and the words printed with it that may say whose
figure it gives (a key fact's label and source, a table cell's row, column and title, an
analysis's author), with the sources its ``cite:`` key names. Anything of an unexpected shape is
yielded as ``other`` text or skipped, never an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from briefing.model import authored, normalise
from briefing.read import Path_

#: The roles of text in which a claimed figure must carry its party: everything that reaches
#: the page as the brief's own words. Quotes are someone's words by construction, and the
#: claims boxes print their attribution; sources, markings and metadata are not prose.
CLAIM_ROLES = ("summary", "narrative", "analysis", "heading", "fact", "event", "cell", "caption")


@dataclass(frozen=True)
class Prose:
    """One text value of the brief, where it is, and what kind of text it is.

    ``context`` holds the words printed with it that may say whose figure it gives (a key
    fact's label and source, a table cell's row, column and title, an analysis's author);
    ``cites`` the source ids of the ``cite:`` key of the thing it belongs to.
    """

    path: Path_
    text: str
    role: str  # summary | narrative | analysis | quote | heading | fact | event | cell | caption
    #          | other
    context: str = ""
    cites: tuple[str, ...] = ()


def _texts(value: Any, path: Path_, role: str, context: str = "") -> Iterator[Prose]:
    if isinstance(value, str):
        yield Prose(path, value, role, context)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i), role, context)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key), role, context)


def blocks_of(value: Any, path: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """Each mapping of a list (claims, analysis: a list once normalised)."""
    for i, item in enumerate(value if isinstance(value, list) else ()):
        if isinstance(item, dict):
            yield (*path, i), item


def cited_ids(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(i.strip() for i in items if isinstance(i, str))


def _line(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _table_prose(table: Any, here: Path_) -> Iterator[Prose]:
    if not isinstance(table, dict):
        yield from _texts(table, here, "other")
        return
    cites = cited_ids(table.get("cite"))
    title, note = _line(table.get("title")), _line(table.get("note"))
    columns = table.get("columns")
    heads = [_line(c) for c in columns] if isinstance(columns, list) else []
    for key, value in table.items():
        if key == "rows" and isinstance(value, list):
            for r, row in enumerate(value):
                cells = [_line(c) for c in row] if isinstance(row, list) else []
                for c, cell in enumerate(cells):
                    header = heads[c] if c < len(heads) else ""
                    around = " | ".join([*cells[:c], *cells[c + 1 :], header, title, note])
                    path: Path_ = (*here, "rows", r, c)
                    yield Prose(path, cell, "cell", around, cites)
        elif key in ("title", "columns"):
            for item in _texts(value, (*here, key), "heading", f"{note} | {' | '.join(heads)}"):
                yield replace(item, cites=cites)
        elif key == "note":
            yield from (replace(i, cites=cites) for i in _texts(value, (*here, key), "caption"))
        else:
            yield from _texts(value, (*here, key), "other")


def _figure_prose(figure: Any, here: Path_) -> Iterator[Prose]:
    if not isinstance(figure, dict):
        yield from _texts(figure, here, "other")
        return
    cites = cited_ids(figure.get("cite"))
    for key, value in figure.items():
        role = "caption" if key == "caption" else "other"
        for item in _texts(value, (*here, key), role, _line(figure.get("credit"))):
            yield replace(item, cites=cites)


def _section_prose(section: dict[str, Any], here: Path_) -> Iterator[Prose]:
    blocks = section.get("blocks")
    parts = [
        ((*here, "blocks", k), b)
        for k, b in enumerate(blocks if isinstance(blocks, list) else ())
        if isinstance(b, dict)
    ]
    if "heading" in section:
        yield from _texts(section["heading"], (*here, "heading"), "heading")
    for where, part in parts:
        for key in ("text", "bullets"):
            if key in part:
                yield from _texts(part[key], (*where, key), "narrative")
        quote = part.get("quote")
        if isinstance(quote, dict):
            speaker = f"{_line(quote.get('speaker'))} {_line(quote.get('role'))}"
            for key, item in quote.items():
                role = {"text": "quote", "context": "caption"}.get(key, "other")
                yield from _texts(item, (*where, "quote", key), role, speaker)
        if "table" in part:
            yield from _table_prose(part["table"], (*where, "table"))
        if "figure" in part:
            yield from _figure_prose(part["figure"], (*where, "figure"))


def _fact_prose(facts: list[Any], here: Path_) -> Iterator[Prose]:
    for i, fact in enumerate(facts):
        if not isinstance(fact, dict):
            yield from _texts(fact, (*here, i), "other")
            continue
        cites = cited_ids(fact.get("cite"))
        label, value, source = (_line(fact.get(k)) for k in ("label", "value", "source"))
        for key, item in fact.items():
            role = "fact" if key in ("label", "value") else "other"
            context = f"{value if key == 'label' else label} | {source}"
            for text in _texts(item, (*here, i, key), role, context):
                yield replace(text, cites=cites)


def prose(data: Any) -> Iterator[Prose]:
    """Every text of the brief with its role, at the path where the author wrote it; layout
    and distribution are not prose."""
    normal, written = normalise(data)
    for item in _prose(normal):
        yield replace(item, path=authored(item.path, written))


def _prose(data: Any) -> Iterator[Prose]:
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        here: Path_ = (key,)
        if key in ("layout", "distribution", "cite"):
            continue
        if key == "summary":
            yield from _texts(value, here, "summary")
        elif key in ("title", "subtitle"):
            yield from _texts(value, here, "heading")
        elif key == "sections" and isinstance(value, list):
            for i, section in enumerate(value):
                if isinstance(section, dict):
                    yield from _section_prose(section, (key, i))
                else:
                    yield from _texts(section, (key, i), "other")
        elif key == "key_facts" and isinstance(value, list):
            yield from _fact_prose(value, here)
        elif key == "timeline" and isinstance(value, list):
            for i, event in enumerate(value):
                if isinstance(event, dict):
                    for name, item in event.items():
                        role = "event" if name == "event" else "other"
                        yield from _texts(item, (key, i, name), role)
        elif key == "charts" and isinstance(value, list):
            for i, chart in enumerate(value):
                if isinstance(chart, dict):
                    around = f"{_line(chart.get('source'))} {_line(chart.get('unit'))}"
                    for name, item in chart.items():
                        role = "heading" if name == "title" else "other"
                        yield from _texts(item, (key, i, name), role, around)
        elif key == "analysis":
            for where, block in blocks_of(value, here):
                author = f"{_line(block.get('source'))} | {_line(block.get('label'))}"
                roles = {"points": "analysis", "title": "heading", "label": "heading"}
                for name, item in block.items():
                    yield from _texts(item, (*where, name), roles.get(name, "other"), author)
        else:
            yield from _texts(value, here, "other")
