"""The checks that span several fields, run once the model has validated (or on the parts of
an invalid brief that did, see :mod:`briefing.validate.partial`): claims and their measures,
``cite:`` lists and the sources they name, section blocks, tables, charts and their data.

Each check yields (field path, message, hint); :func:`briefing.validate.checks.validate` places
them in the brief. Citations in prose are checked from the read document
(:mod:`briefing.validate.cited`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from briefing.model import BLOCK_KEYS, Brief
from briefing.read import Document, Path_, format_path
from briefing.validate.chartdata import label_time_checks, most_values
from briefing.validate.cited import id_hint

# --------------------------------------------------------------------------- cross-field checks

T = TypeVar("T")


class AtKey(tuple[str | int, ...]):
    """A field path whose problem is the key itself (reported at the key, not its value)."""

    __slots__ = ()


def _each(parts: Iterable[T | None] | None) -> Iterator[tuple[int, T]]:
    """Each part with its index, leaving out the parts of an invalid brief that did not
    validate (None in :func:`briefing.validate.partial.partial_brief`)."""
    for i, part in enumerate(parts or ()):
        if part is not None:
            yield i, part


def cross_checks(brief: Brief, doc: Document) -> Iterator[tuple[Path_, str, str]]:
    """The checks across fields; ``brief`` may be the valid parts of an invalid brief."""
    for i, _section in _each(brief.sections):
        yield from _section_checks(brief, doc, i)
    for i, block in _each(brief.claims):
        if not block.items:
            yield (
                ("claims", i, "items"),
                "the claims block has no items",
                "add at least one item with label and value, or remove 'claims'",
            )
    for i, analysis in _each(brief.analysis):
        if not analysis.points:
            yield (
                ("analysis", i, "points"),
                "the analysis has no points",
                "add at least one point",
            )
    yield from _measure_checks(brief)
    for i, _chart in _each(brief.charts):
        yield from _chart_checks(brief, i)
    yield from _cite_checks(brief)
    yield from _id_checks(brief)


#: The lists whose parts may carry an ``id`` that matches them across editions.
_ID_LISTS = ("claims", "analysis", "sections", "key_facts", "timeline")


def _id_checks(brief: Brief) -> Iterator[tuple[Path_, str, str]]:
    """An ``id`` names one part of its list (a claims block's items are a list of their own):
    a second part with the same id would make editions match the wrong part."""
    lists: list[tuple[Path_, Iterable[Any]]] = [((k,), getattr(brief, k) or ()) for k in _ID_LISTS]
    lists += [(("claims", i, "items"), block.items) for i, block in _each(brief.claims)]
    for here, parts in lists:
        first: dict[str, int] = {}
        for j, part in _each(parts):
            ident = getattr(part, "id", None)
            if ident is None:
                continue
            if ident in first:
                other = format_path(brief.authored((*here, first[ident])))
                yield (
                    (*here, j, "id"),
                    f"the id '{ident}' is already used by {other}",
                    "give each part of a list its own id: an id matches a part across editions",
                )
            else:
                first[ident] = j


def _section_checks(brief: Brief, doc: Document, i: int) -> Iterator[tuple[Path_, str, str]]:
    section = (brief.sections or [])[i]
    here: Path_ = ("sections", i)
    written = doc.raw(here)
    if not isinstance(written, dict) or "blocks" not in written:  # nothing, as in version 1
        if not section.blocks:
            yield (
                here,
                "a section needs at least one of text, bullets or quote",
                "add 'text: ...' under the heading",
            )
        return
    if not section.blocks:
        yield ((*here, "blocks"), "the section has no blocks", "add '- text: ...'")
    for j, block in _each(section.blocks):
        yield from _block_checks(doc, (*here, "blocks", j), block)


def _block_checks(doc: Document, here: Path_, block: Any) -> Iterator[tuple[Path_, str, str]]:
    keys = [key for key in BLOCK_KEYS if getattr(block, key) is not None]
    if not keys:
        yield (
            here,
            "a block needs one of text, bullets, quote, table or figure",
            "write e.g. '- text: ...'",
        )
        return
    if len(keys) > 1:
        raw = doc.raw(here)
        written = [k for k in raw if k in keys] if isinstance(raw, dict) else keys
        yield (
            AtKey((*here, written[1])),
            f"a block has exactly one key; this one has '{written[0]}' and '{written[1]}'",
            f"start a new block for '{written[1]}' with '- {written[1]}: ...'",
        )
    if block.table is not None:
        yield from _table_checks((*here, "table"), block.table)


def _table_checks(here: Path_, table: Any) -> Iterator[tuple[Path_, str, str]]:
    width = len(table.columns)
    if not width:
        yield ((*here, "columns"), "the table has no columns", "list the header cells")
        return
    if not table.rows:
        yield ((*here, "rows"), "the table has no rows", "add rows, each a list of cells")
    for r, row in enumerate(table.rows):
        if len(row) != width:
            yield (
                (*here, "rows", r),
                f"row {r + 1} has {len(row)} cell{'s' if len(row) != 1 else ''} but the "
                f"table has {width} columns",
                f"give every row {width} cells, one per column; write '' for an empty cell",
            )
    if table.align is not None and len(table.align) != width:
        yield (
            (*here, "align"),
            f"{len(table.align)} alignments for {width} columns",
            "give one alignment (left, right or center) per column",
        )


def _measure_checks(brief: Brief) -> Iterator[tuple[Path_, str, str]]:
    """Items of several parties with the same ``measure`` must share one unit."""
    first: dict[str, tuple[str, Path_]] = {}
    for i, block in _each(brief.claims):
        for j, item in _each(block.items):
            if item.measure is None:
                continue
            here: Path_ = ("claims", i, "items", j)
            unit = item.unit or ""
            if item.measure not in first:
                first[item.measure] = (unit, here)
                continue
            unit0, there = first[item.measure]
            if unit != unit0:
                yield (
                    (*here, "unit"),
                    f"measure '{item.measure}' is claimed in {_unit_words(unit0)} at "
                    f"{format_path(brief.authored(there))} and in {_unit_words(unit)} here",
                    "one measure is one quantity: give its items the same unit, or "
                    "different measures",
                )


def _unit_words(unit: str) -> str:
    return f"'{unit}'" if unit else "no unit"


def _cite_checks(brief: Brief) -> Iterator[tuple[Path_, str, str]]:
    """Every id in a ``cite:`` list names a source; every source id is declared once."""
    known: dict[str, int] = {}
    for n, source in _each(brief.sources):
        if source.id is None:
            continue
        if source.id in known:
            yield (
                ("sources", n, "id"),
                f"source id '{source.id}' is already given to sources[{known[source.id]}]",
                "give each source its own id",
            )
        else:
            known[source.id] = n
    for path, ids in _cite_lists(brief):
        for k, name in enumerate(ids):
            if name not in known:
                yield ((*path, k), f"unknown source id '{name}'", id_hint(name, known))


def _cite_lists(brief: Brief) -> Iterator[tuple[Path_, list[str]]]:
    for i, block in _each(brief.claims):
        here: Path_ = ("claims", i)
        if block.cite:
            yield (*here, "cite"), block.cite
        for j, item in _each(block.items):
            if item.cite:
                yield (*here, "items", j, "cite"), item.cite
    for i, fact in _each(brief.key_facts):
        if fact.cite:
            yield ("key_facts", i, "cite"), fact.cite
    for i, section in _each(brief.sections):
        for j, content in _each(section.blocks):
            for key in ("table", "figure"):
                part = getattr(content, key)
                if part is not None and part.cite:
                    yield ("sections", i, "blocks", j, key, "cite"), part.cite


def _chart_checks(brief: Brief, i: int) -> Iterator[tuple[Path_, str, str]]:
    chart = (brief.charts or [])[i]
    here: Path_ = ("charts", i)
    if chart.from_ is None and chart.data is None:
        yield (
            here,
            "a chart needs its data: 'from: claims', 'from: timeline' or 'data:'",
            "add 'from: claims' to chart the claimed figures",
        )
        return
    if chart.from_ is not None and chart.data is not None:
        yield (
            (*here, "data"),
            "a chart takes either 'from' or 'data', not both",
            "remove one of them",
        )
        return
    if chart.type == "timeline" and chart.from_ != "timeline":
        yield (
            (*here, "type"),
            "a timeline chart is drawn from the brief's timeline",
            "write 'from: timeline' and list the events under 'timeline:'",
        )
        return
    if chart.from_ == "timeline":
        if chart.type != "timeline":
            yield (
                (*here, "from"),
                f"a {chart.type} chart cannot be drawn from the timeline",
                "use 'type: timeline'",
            )
        elif not brief.timeline:
            yield (
                (*here, "from"),
                "the brief has no timeline to draw",
                "add a 'timeline:' list of dated events",
            )
        return
    if chart.measure is not None and chart.from_ != "claims":
        yield (
            (*here, "measure"),
            "'measure' picks claimed figures: it needs 'from: claims'",
            "write 'from: claims', or remove 'measure'",
        )
        return
    if chart.from_ == "claims":
        items = [item for _, block in _each(brief.claims) for _, item in _each(block.items)]
        if not items:
            yield (
                (*here, "from"),
                "the brief has no claims to draw",
                "add a 'claims:' block, or give the chart inline 'data:'",
            )
            return
        if chart.measure is not None:
            yield from _measure_chart_checks(brief, chart, here)
            return
        yield from most_values(chart.type, len(items), (*here, "from"))
        units = {item.unit or "" for item in items}
        if chart.type in ("bar", "barh", "line") and len(units) > 1:
            listed = ", ".join(sorted(f"'{u}'" if u else "no unit" for u in units))
            yield (
                (*here, "type"),
                f"a {chart.type} chart cannot put values with different units ({listed}) on "
                "one axis",
                "use 'type: figures', which shows each figure with its own unit",
            )
        return
    data = chart.data
    assert data is not None
    if len(data.labels) != len(data.values):
        yield (
            (*here, "data"),
            f"{len(data.labels)} labels but {len(data.values)} values",
            "give one label for each value",
        )
    elif not data.values:
        yield (
            (*here, "data", "values"),
            "the chart has no values",
            "add values, or remove the chart",
        )
    yield from label_time_checks(brief, chart, here)
    yield from most_values(chart.type, len(data.values), (*here, "data", "values"))
    if data.unit and chart.unit and data.unit != chart.unit:
        yield (
            (*here, "unit"),
            f"unit '{chart.unit}' differs from data.unit '{data.unit}'",
            "give the unit once",
        )


def _measure_chart_checks(
    brief: Brief, chart: Any, here: Path_
) -> Iterator[tuple[Path_, str, str]]:
    measures = {
        item.measure
        for _, block in _each(brief.claims)
        for _, item in _each(block.items)
        if item.measure
    }
    if chart.measure not in measures:
        from briefing.validate.diagnose import did_you_mean  # only for an error

        hint = did_you_mean(chart.measure, sorted(measures))
        yield (
            (*here, "measure"),
            f"no claimed item has measure '{chart.measure}'",
            hint or "give the items to compare 'measure: ...' under claims",
        )
    elif chart.type not in ("bar", "barh", "figures"):
        yield (
            (*here, "type"),
            f"a {chart.type} chart cannot compare parties on one measure",
            "use 'type: barh', 'type: bar' or 'type: figures'",
        )
