"""Pydantic's errors -> positioned diagnostics in the brief's words, each with a hint.

Walks the typed model to name what a field expects, places every error at the line and column
of the value the author wrote (or of its key), and adds the hint that fixes it: the closest key
or value, a number written in digits, a URL with its scheme, ``about`` for ``approximately``.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from briefing.errors import Diagnostic
from briefing.model import VERSION_1_KEYS, Brief, Path, Section, authored
from briefing.model import describe as _kind
from briefing.read import Document, Path_, format_path

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
    """The keys an author may write in ``model``'s mapping (a section's include version 1's)."""
    if model is Section:
        return ["heading", *VERSION_1_KEYS, "blocks"]
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


def did_you_mean(word: str, choices: list[str]) -> str:
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
    exc: ValidationError,
    doc: Document,
    root: type[BaseModel] = Brief,
    written: dict[Path, Path] | None = None,
) -> tuple[Diagnostic, ...]:
    """Turn pydantic's errors into positioned diagnostics. ``written`` maps the paths of the
    parts :func:`briefing.model.normalise` moved to where the author wrote them."""
    errors = [_authored(e, written or {}) for e in exc.errors(include_url=False)]
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


def _authored(error: Any, written: dict[Path, Path]) -> Any:
    """The error at the path where the author wrote it (``claims.items[1]`` for a version-1
    brief's ``claims[0].items[1]``), keeping the model's path as ``model_loc``."""
    loc = tuple(error["loc"])
    return {**error, "loc": authored(loc, written), "model_loc": loc}


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
        if len(loc) == 3 and loc[0] == "sections" and key in VERSION_1_KEYS:
            return Diagnostic(
                doc.name,
                line,
                col,
                field,
                f"a section has either 'blocks' or text, bullets and quote, not both "
                f"(this one has 'blocks' and '{key}')",
                f"move '{key}' into the blocks: '- {key}: ...'",
            )
        model = model_at(tuple(error["model_loc"])[:-1], root)
        hint = did_you_mean(key, keys_of(model)) if model else ""
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
            hint = did_you_mean(word, expected) if isinstance(value, str) else ""
        hint = hint or f"write one of: {', '.join(expected)}"
        if loc == ("tlp",) and str(value).strip().lower() == "white":
            hint = "TLP 2.0 renamed TLP:WHITE to TLP:CLEAR: write 'clear'"
    elif kind in ("string_too_long", "too_long"):
        # "too_long" is pydantic's check of an optional text's length ("value should have at
        # most 300 items after validation"): the same problem, said the same way
        limit = error["ctx"]["max_length"]
        length = error["ctx"].get("actual_length") or len(value)
        if isinstance(value, str):
            message = f"text is {length} characters long; at most {limit} are allowed"
        else:
            message = f"{length} items; at most {limit} are allowed"
        hint = {
            "title": "shorten it; put detail in the subtitle or summary",
            "value": "key facts are short; put detail in a section",
            "subtitle": "shorten it; put detail in the summary",
            "unit": "write the unit in a word or two, e.g. people",
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
    elif kind in ("date_time_type", "date_time_zone", "date_time_value", "whole_number"):
        message = error["msg"]
        hint = error["ctx"].get("hint", "check the day, the month and the time")
    elif kind == "blank":
        message = error["msg"]
        hint = error["ctx"]["hint"]
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
