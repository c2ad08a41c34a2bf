"""Stage 2, validate: a read :class:`Document` -> a typed, frozen :class:`Brief`.

Runs the model over the plain data, then the checks that span several fields (a chart drawn
from claims needs claims, ...). Every problem becomes a :class:`Diagnostic` with the file, line,
column, field path and a hint; all of them are raised together in one :class:`BriefError`.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from briefing.errors import BriefError, BriefingError, Diagnostic
from briefing.model import BLOCK_KEYS, MANY, ONE, Brief, Claims
from briefing.model import describe as _kind
from briefing.read import Document, Path_, format_path
from briefing.theme import BUILTIN_THEMES, Theme
from briefing.validate.citations import citations_in
from briefing.world import World

# --------------------------------------------------------------------------- model walking


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated, Optional and list down to the model class (or the plain type)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def model_at(path: Path_, root: type[BaseModel] = Brief) -> type[BaseModel] | None:
    """The model class whose mapping stands at ``path`` below ``root``, if any."""
    current: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field(current, part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info
    return None


def keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


#: Words authors write for a choice, by the key they stand under: "approximately" is "about".
_SYNONYMS = {
    "qualifier": {
        "approximately": "about",
        "approx.": "about",
        "approx": "about",
        "around": "about",
        "roughly": "about",
        "circa": "about",
        "some": "about",
        "over": "more than",
        "above": "more than",
        "in excess of": "more than",
        "minimum": "at least",
        "no fewer than": "at least",
        "no less than": "at least",
        "maximum": "up to",
        "at most": "up to",
        "under": "fewer than",
        "below": "fewer than",
        "less than": "fewer than",
    },
}

_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?")


def _url_hint(value: Any) -> str:
    """For an address written without its scheme (www.x.org/a), the corrected address."""
    if isinstance(value, str):
        text = value.strip().removeprefix("//")
        if _DOMAIN.fullmatch(text) and not text.lower().startswith(("javascript", "data")):
            return f"write https://{text}"
    return ""


def _did_you_mean(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else ""


# --------------------------------------------------------------------------- pydantic errors


def _number_hint(value: Any) -> str:
    if not isinstance(value, str):
        return "write the figure in digits, e.g. 9000"
    percent = re.fullmatch(
        r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:%|per\s*cent|percent)\s*", value
    )
    if percent:
        return f'write value: {percent.group(1)} with unit: "%"'
    digits = re.sub(r"[,\s_']", "", value)
    if digits != value and re.fullmatch(r"[+-]?\d+(\.\d+)?", digits):
        return f"write {digits} (no thousands separators)"
    return (
        "write the figure in digits, e.g. 9000; words such as 'more than' go in "
        "'qualifier', the unit in 'unit'"
    )


def diagnose_errors(
    exc: ValidationError, doc: Document, root: type[BaseModel] = Brief
) -> tuple[Diagnostic, ...]:
    """Turn pydantic's errors into positioned diagnostics."""
    errors = [_untagged(e) for e in exc.errors(include_url=False)]
    unknown = {
        (tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"
    }
    found = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and any(
            parent == loc[:-1] and difflib.get_close_matches(str(loc[-1]), [key], 1, 0.6)
            for parent, key in unknown
        ):
            continue  # reported as "unknown key 'summmary'; did you mean 'summary'?"
        found.append(_diagnose(error, doc, root))
    return tuple(found)


def _untagged(error: Any) -> Any:
    """The error with the tags of one-or-many keys (``claims``, ``analysis``) left out of its
    path: the author wrote ``claims.items[1]`` or ``claims[0].items[1]``, never a tag."""
    return {**error, "loc": tuple(p for p in error["loc"] if p not in (ONE, MANY))}


def _diagnose(error: Any, doc: Document, root: type[BaseModel]) -> Diagnostic:
    loc: Path_ = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    field = format_path(loc)
    hint = ""
    if kind == "missing":
        key = loc[-1]
        line, col = doc.position(loc[:-1])
        return Diagnostic(
            doc.name,
            line,
            col,
            field,
            f"missing required key '{key}'",
            f"add '{key}: ...'" + (" here" if loc[:-1] else " at the top level"),
        )
    if kind == "extra_forbidden":
        key = str(loc[-1])
        line, col = doc.position(loc, key=True)
        model = model_at(loc[:-1], root)
        hint = _did_you_mean(key, keys_of(model)) if model else ""
        if not hint and model is not None:
            hint = "valid keys here: " + ", ".join(keys_of(model))
        return Diagnostic(doc.name, line, col, format_path(loc[:-1]), f"unknown key '{key}'", hint)
    line, col = doc.position(loc)
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        value = doc.raw(loc) if doc.raw(loc) is not None else value
        message = f"expected one of {', '.join(expected)}; got {_kind(value)}"
        word = str(value).strip().lower()
        synonym = _SYNONYMS.get(str(loc[-1]), {}).get(word) if isinstance(value, str) else None
        if synonym in expected:
            hint = f"did you mean '{synonym}'?"
        else:
            hint = _did_you_mean(word, expected) if isinstance(value, str) else ""
        hint = hint or f"write one of: {', '.join(expected)}"
        if loc == ("tlp",) and str(value).strip().lower() == "white":
            hint = "TLP 2.0 renamed TLP:WHITE to TLP:CLEAR: write 'clear'"
    elif kind == "string_too_long":
        limit = error["ctx"]["max_length"]
        message = f"text is {len(value)} characters long; at most {limit} are allowed"
        hint = {
            "title": "shorten it; put detail in the subtitle or summary",
            "value": "key facts are short; put detail in a section",
        }.get(str(loc[-1]), "shorten it")
    elif kind == "string_too_short":
        message = "must not be empty"
        hint = "write the text after the key"
    elif kind == "list_type":
        message = f"expected a list, got {_kind(value)}"
        hint = "write each item on its own line starting with '- '"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"expected a mapping of keys, got {_kind(value)}"
        hint = "indent the keys under this one, e.g. 'label: ...' on the next line"
    elif kind == "number_type":
        message = error["msg"]
        hint = _number_hint(value)
    elif kind == "date_type":
        message = error["msg"]
        hint = "write the date as YYYY-MM-DD, e.g. 2016-03-14"
    elif kind == "date_value":
        message = error["msg"]
        hint = "check the day and the month"
    elif kind == "forbidden_char":
        message = error["msg"].split(" at offset")[0]
        hint = "delete the invisible character (often pasted with the text)"
        line, col = _offset_position(doc, loc, error["ctx"]["offset"])
    elif kind == "text_type":
        message = error["msg"]
        hint = "quote the text, or write it on one line after the key"
    elif kind == "label_too_long":
        message = error["msg"]
        hint = "shorten the label; explain in the chart's source or the text"
    elif kind == "one_line":
        message = error["msg"]
        hint = "keep this on one line"
    elif kind == "url":
        message = error["msg"]
        hint = _url_hint(doc.raw(loc) if doc.raw(loc) is not None else value)
    elif kind == "range_reversed":
        message = error["msg"]
        hint = f"write [{error['ctx']['high']}, {error['ctx']['low']}]"
    elif kind == "range_length":
        message = error["msg"]
        hint = "write one number, or a range of two: value: [2, 3]"
    elif kind == "id_format":
        message = error["msg"]
        hint = "write an id such as 'ifrc-appeal'"
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = f"expected a number from 0.3 to 1, got {_kind(doc.raw(loc))}"
        hint = "give the share of the column's width, e.g. 0.6"
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
        if message.startswith("value error, "):
            message = message[len("value error, ") :]
    return Diagnostic(doc.name, line, col, field, message, hint)


def _offset_position(doc: Document, loc: Path_, offset: int) -> tuple[int, int]:
    """Line and column of character ``offset`` inside the text value at ``loc`` (best effort)."""
    line, col = doc.position(loc)
    value = doc.raw(loc)
    if not isinstance(value, str):
        return line, col
    before = value[:offset]
    if "\n" not in before:
        return line, col + offset + (1 if loc in doc.quoted else 0)
    return line, col  # inside a block scalar the line is the scalar's start


# --------------------------------------------------------------------------- cross-field checks


class AtKey(tuple[str | int, ...]):
    """A field path whose problem is the key itself (reported at the key, not its value)."""

    __slots__ = ()


def claims_path(brief: Brief, index: int) -> Path_:
    """Where claims block ``index`` stands: ``claims`` (version 1) or ``claims[index]``."""
    return ("claims", index) if isinstance(brief.claims, list) else ("claims",)


def analysis_path(brief: Brief, index: int) -> Path_:
    return ("analysis", index) if isinstance(brief.analysis, list) else ("analysis",)


def _checks(brief: Brief, doc: Document) -> Iterator[tuple[Path_, str, str]]:
    for i in range(len(brief.sections or ())):
        yield from _section_checks(brief, doc, i)
    for i, block in enumerate(brief.claim_blocks):
        if not block.items:
            yield (
                (*claims_path(brief, i), "items"),
                "the claims block has no items",
                "add at least one item with label and value, or remove 'claims'",
            )
    for i, analysis in enumerate(brief.analyses):
        if not analysis.points:
            yield (
                (*analysis_path(brief, i), "points"),
                "the analysis has no points",
                "add at least one point",
            )
    yield from _measure_checks(brief)
    for i in range(len(brief.charts or ())):
        yield from _chart_checks(brief, i)
    yield from _cite_checks(brief)


def _section_checks(brief: Brief, doc: Document, i: int) -> Iterator[tuple[Path_, str, str]]:
    section = (brief.sections or [])[i]
    here: Path_ = ("sections", i)
    old = [key for key in ("text", "bullets", "quote") if getattr(section, key) is not None]
    if section.blocks is not None:
        if old:
            yield (
                AtKey((*here, old[0])),
                f"a section has either 'blocks' or text, bullets and quote, not both "
                f"(this one has 'blocks' and '{old[0]}')",
                f"move '{old[0]}' into the blocks: '- {old[0]}: ...'",
            )
        if not section.blocks:
            yield ((*here, "blocks"), "the section has no blocks", "add '- text: ...'")
        for j, block in enumerate(section.blocks):
            yield from _block_checks(doc, (*here, "blocks", j), block)
        return
    if not old:
        yield (
            here,
            "a section needs at least one of text, bullets or quote",
            "add 'text: ...' under the heading",
        )


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
    for i, block in enumerate(brief.claim_blocks):
        for j, item in enumerate(block.items):
            if item.measure is None:
                continue
            here: Path_ = (*claims_path(brief, i), "items", j)
            unit = item.unit or ""
            if item.measure not in first:
                first[item.measure] = (unit, here)
                continue
            unit0, there = first[item.measure]
            if unit != unit0:
                yield (
                    (*here, "unit"),
                    f"measure '{item.measure}' is claimed in {_unit_words(unit0)} at "
                    f"{format_path(there)} and in {_unit_words(unit)} here",
                    "one measure is one quantity: give its items the same unit, or "
                    "different measures",
                )


def _unit_words(unit: str) -> str:
    return f"'{unit}'" if unit else "no unit"


def _cite_checks(brief: Brief) -> Iterator[tuple[Path_, str, str]]:
    """Every id in a ``cite:`` list names a source; every source id is declared once."""
    known: dict[str, int] = {}
    for n, source in enumerate(brief.sources or ()):
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
                yield ((*path, k), f"unknown source id '{name}'", _id_hint(name, known))


def _id_hint(name: str, known: dict[str, int]) -> str:
    """The closest declared id, whatever the distance; or how to declare one."""
    if not known:
        return f"add 'id: {name}' to the source's entry under 'sources'"
    closest = max(known, key=lambda k: difflib.SequenceMatcher(None, name, k).ratio())
    return f"did you mean '{closest}'?"


def _cite_lists(brief: Brief) -> Iterator[tuple[Path_, list[str]]]:
    for i, block in enumerate(brief.claim_blocks):
        here = claims_path(brief, i)
        if block.cite:
            yield (*here, "cite"), block.cite
        for j, item in enumerate(block.items):
            if item.cite:
                yield (*here, "items", j, "cite"), item.cite
    for i, fact in enumerate(brief.key_facts or ()):
        if fact.cite:
            yield ("key_facts", i, "cite"), fact.cite
    for i, section in enumerate(brief.sections or ()):
        for j, content in enumerate(section.blocks or ()):
            for key in ("table", "figure"):
                part = getattr(content, key)
                if part is not None and part.cite:
                    yield ("sections", i, "blocks", j, key, "cite"), part.cite


#: Keys whose strings are never prose (no citations are looked for in them).
_NOT_PROSE = {"layout", "distribution"}


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


def citation_problems(doc: Document) -> list[Diagnostic]:
    """An error for each ``[@id]`` in the brief's text that no source declares, at the line
    and column of the id inside the text."""
    known = _declared_ids(doc)
    found = []
    for path, text in _strings(doc.data, ()):
        for cited in citations_in(text):
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
                    _id_hint(cited.id, known),
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
        items = [item for block in brief.claim_blocks for item in block.items]
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
        item.measure for block in brief.claim_blocks for item in block.items if item.measure
    }
    if chart.measure not in measures:
        hint = _did_you_mean(chart.measure, sorted(measures))
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


def measure_items(brief: Brief, measure: str) -> list[tuple[Claims, Any]]:
    """The (claims block, item) pairs that claim ``measure``, in the author's order."""
    return [
        (block, item)
        for block in brief.claim_blocks
        for item in block.items
        if item.measure == measure
    ]


# --------------------------------------------------------------------------- the stage


def validate(doc: Document, world: World | None = None) -> Brief:
    """Validate a read document; raise :class:`BriefError` with every problem found.

    With ``world``, the files the brief names (its theme and logo) are checked in the same
    run, so that every problem is reported at once, each at the line where the author wrote it.
    """
    problems = list(doc.problems)
    brief: Brief | None = None
    try:
        brief = Brief.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(diagnose_errors(exc, doc))
    if brief is not None:
        for path, message, hint in _checks(brief, doc):
            line, col = doc.position(path, key=isinstance(path, AtKey))
            problems.append(Diagnostic(doc.name, line, col, format_path(path), message, hint))
    if world is not None:
        problems.extend(_file_problems(doc, world))
    problems.extend(citation_problems(doc))
    if problems:
        problems.sort(key=lambda d: (d.line, d.column))
        count = len(problems)
        raise BriefError(
            f"{count} problem{'s' if count > 1 else ''} in {doc.name}", tuple(problems)
        )
    assert brief is not None
    return brief


def validate_theme(doc: Document, folder: str) -> Theme:
    """A read theme file -> a :class:`Theme` whose files are looked up in ``folder``."""
    data = doc.data
    if isinstance(data, dict):
        data = {**data, "folder": folder}
    try:
        theme = Theme.model_validate(data)
    except ValidationError as exc:
        raise BriefError(f"invalid theme {doc.name}", diagnose_errors(exc, doc, Theme)) from None
    if doc.problems:
        raise BriefError(f"invalid theme {doc.name}", tuple(doc.problems))
    return theme


def figure_paths(brief: Brief) -> Iterator[tuple[Path_, str]]:
    """Each figure's field path and image file, in the author's order."""
    for i, section in enumerate(brief.sections or ()):
        for j, block in enumerate(section.blocks or ()):
            if block.figure is not None:
                yield ("sections", i, "blocks", j, "figure", "image"), block.figure.image


def _raw_figures(doc: Document) -> Iterator[tuple[Path_, str]]:
    """Each figure's image as the author wrote it (the brief need not be valid yet)."""
    sections = doc.raw(("sections",))
    for i, section in enumerate(sections if isinstance(sections, list) else ()):
        blocks = section.get("blocks") if isinstance(section, dict) else None
        for j, block in enumerate(blocks if isinstance(blocks, list) else ()):
            figure = block.get("figure") if isinstance(block, dict) else None
            image = figure.get("image") if isinstance(figure, dict) else None
            if isinstance(image, str):
                yield ("sections", i, "blocks", j, "figure", "image"), image


def _file_problems(doc: Document, world: World) -> list[Diagnostic]:
    """The theme, logo and figure images the brief names, each checked where the author
    wrote it."""
    problems = []
    for path, image in _raw_figures(doc):
        reason = world.locate(image)
        if reason is None:
            problems.extend(_image_problems(doc, world, path, image))
        else:
            line, col = doc.position(path)
            problems.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    format_path(path),
                    f"image '{image}' {reason}",
                    "put the picture in the brief's folder and name it relative to it, "
                    "e.g. image: assets/map.svg",
                )
            )
    theme = doc.raw(("layout", "theme"))
    if isinstance(theme, str) and theme not in BUILTIN_THEMES:
        reason = world.locate(theme)
        if reason is not None:
            line, col = doc.position(("layout", "theme"))
            hint = _did_you_mean(theme, sorted(BUILTIN_THEMES))
            problems.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    "layout.theme",
                    f"theme '{theme}' is not a built-in theme and {reason}",
                    hint
                    or f"built-in themes: {', '.join(sorted(BUILTIN_THEMES))}; or a .yaml "
                    "theme file next to the brief",
                )
            )
        else:
            try:
                world.theme(theme)
            except BriefingError as exc:
                problems.extend(_at(doc, ("layout", "theme"), exc, f"theme '{theme}'"))
    logo = doc.raw(("layout", "logo"))
    if isinstance(logo, str):
        reason = world.locate(logo)
        if reason is None:
            problems.extend(_image_problems(doc, world, ("layout", "logo"), logo))
        else:
            line, col = doc.position(("layout", "logo"))
            problems.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    "layout.logo",
                    f"logo '{logo}' {reason}",
                    "put the logo file in the brief's folder and name it "
                    "relative to it, e.g. logo: assets/logo.png",
                )
            )
    return problems


def _image_problems(doc: Document, world: World, path: Path_, relative: str) -> list[Diagnostic]:
    """An image the brief names, opened as the layout will open it (too large, not an image,
    a forged JPEG, an SVG with a DOCTYPE ...): its problems placed where the brief names it."""
    from briefing.layout.images import load_image

    try:
        load_image(world.read(relative), relative, format_path(path), 100.0, 100.0, "Helvetica")
    except BriefingError as exc:
        return _at(doc, path, exc, f"image '{relative}'")
    return []


def _at(doc: Document, path: Path_, exc: BriefingError, what: str) -> list[Diagnostic]:
    """The problems of a file the brief names, placed where the brief names it."""
    line, col = doc.position(path)
    found = []
    for d in exc.diagnostics:
        where = f" ({d.file}:{d.line}:{d.column})" if d.line else ""
        field = f" {d.field}:" if d.field and d.field != format_path(path) else ""
        message = f"{what}{where}:{field} {d.message}"
        found.append(Diagnostic(doc.name, line, col, format_path(path), message, d.hint))
    return found
