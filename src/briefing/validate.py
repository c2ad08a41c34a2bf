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
from briefing.model import Brief
from briefing.model import describe as _kind
from briefing.reader import Document, Path_, format_path
from briefing.theme import BUILTIN_THEMES, Theme
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
    errors = exc.errors(include_url=False)
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


def _checks(brief: Brief) -> Iterator[tuple[Path_, str, str]]:
    for i, section in enumerate(brief.sections or ()):
        if not (section.text or section.bullets or section.quote):
            yield (
                ("sections", i),
                "a section needs at least one of text, bullets or quote",
                "add 'text: ...' under the heading",
            )
    if brief.claims is not None and not brief.claims.items:
        yield (
            ("claims", "items"),
            "the claims block has no items",
            "add at least one item with label and value, or remove 'claims'",
        )
    if brief.analysis is not None and not brief.analysis.points:
        yield (("analysis", "points"), "the analysis has no points", "add at least one point")
    for i in range(len(brief.charts or ())):
        yield from _chart_checks(brief, i)


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
    if chart.from_ == "claims":
        if brief.claims is None or not brief.claims.items:
            yield (
                (*here, "from"),
                "the brief has no claims to draw",
                "add a 'claims:' block, or give the chart inline 'data:'",
            )
            return
        units = {item.unit or "" for item in brief.claims.items}
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
        for path, message, hint in _checks(brief):
            line, col = doc.position(path)
            problems.append(Diagnostic(doc.name, line, col, format_path(path), message, hint))
    if world is not None:
        problems.extend(_file_problems(doc, world))
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


def _file_problems(doc: Document, world: World) -> list[Diagnostic]:
    """The theme and logo the brief names, each checked where the author wrote it."""
    problems = []
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
    from briefing.images import load_image

    try:
        load_image(world.read(relative), relative, format_path(path), 100.0, 100.0, "Helvetica")
    except BriefingError as exc:
        return _at(doc, path, exc, f"'{relative}'")
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
