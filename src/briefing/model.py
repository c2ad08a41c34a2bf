"""The typed brief: what a brief says, independent of how it is laid out.

Takes plain data (mappings, lists and *strings*: the reader hands every scalar over exactly as the
author typed it) and returns frozen pydantic models. Text stays text (``no``, ``3.10``,
``2016-03-14`` in a text field are those characters); numbers and dates are parsed here, with
messages that say what was expected. Nothing in this module knows about ReportLab or matplotlib.

Why one module: it is the format's contract. Every key a brief may hold, its type, its limits
and its messages are read here in one place, as docs/brief-format.md reads; split by key, the
contract would be scattered over files that each show a part of a brief.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

# --------------------------------------------------------------------------- scalar types

#: Characters that are never allowed in text: C0/C1 controls other than tab and newline, and the
#: invisible bidi embedding/override/isolate controls that can make text read differently from
#: how it is stored ("Trojan Source"). Refused with the code point rather than stripped, so the
#: author sees exactly what was pasted.
_BIDI_CONTROLS = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}
_ALLOWED_CONTROLS = {0x09, 0x0A}


def describe(value: Any) -> str:
    """How a wrong value is named in a message: 'a list', 'nothing', or its repr."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{value!r}"


def find_forbidden_char(text: str) -> tuple[int, str] | None:
    """Return (index, description) of the first character that may not appear in text."""
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp in _ALLOWED_CONTROLS:
            continue
        if cp < 0x20 or 0x7F <= cp < 0xA0 or cp in _BIDI_CONTROLS or cp in (0xFFFE, 0xFFFF):
            name = unicodedata.name(ch, "control character")
            return i, f"U+{cp:04X} ({name})"
        if 0xD800 <= cp <= 0xDFFF:
            return i, f"U+{cp:04X} (lone surrogate)"
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool | int | float):  # only from Python callers; the reader gives str
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError(
            "text_type", "expected text, got {kind}", {"kind": describe(value)}
        )
    bad = find_forbidden_char(value)
    if bad is not None:
        raise PydanticCustomError(
            "forbidden_char",
            "contains the invisible character {char} at offset {offset}",
            {"char": bad[1], "offset": bad[0]},
        )
    return value.strip()


def _line(value: Any) -> str:
    text = _text(value)
    if "\n" in text:
        raise PydanticCustomError("one_line", "expected one line of text, got several lines", {})
    return text


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


#: What each attribution-like key names, for the message and the hint when it is blank.
_NAMED = {
    "speaker": ("the quote's speaker", "speaker: Vladimir Putin"),
    "role": ("the speaker's role", "role: President of Russia, or remove 'role'"),
    "claims_source": (
        "the claims' source (the party that claims them)",
        "source: Ministry of Defence of Russia",
    ),
    "analysis_source": (
        "the analysis' source (whose opinion it is)",
        "source: Desk analyst J. Smith",
    ),
    "analysis_label": (
        "the analysis label",
        "label: Opinion of the desk — not verified fact",
    ),
    "fact_source": ("the fact's source", "source: UN OCHA, or remove 'source'"),
    "chart_source": ("the chart's source", "source: UNHCR data, or remove 'source'"),
    "credit": ("the picture's credit", "credit: Reuters, or remove 'credit'"),
    "title": ("the source's title", "title: Statement by the Ministry of Defence"),
    "publisher": ("the source's publisher", "publisher: Reuters, or remove 'publisher'"),
    "name": ("the recipient's name", "name: Duty desk"),
}


def _visible(ch: str) -> bool:
    """Whether a character leaves a mark: not a space and not a format character such as a
    zero-width space or joiner (U+200B, U+2060, U+FEFF)."""
    return not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs", "Zl", "Zp")


def _named(what: str) -> Any:
    """A line that names someone or something the reader relies on: never blank, so that
    nothing prints as if attributed when it is not."""
    words, example = _NAMED[what]

    def check(value: Any) -> str:
        text = _text(value) if what == "title" else _line(value)
        if not any(_visible(ch) for ch in text):
            raise PydanticCustomError(
                "blank",
                "{what} is blank; {why}",
                {
                    "what": words,
                    "why": "the distribution would list nobody"
                    if what == "name"
                    else "a blank attribution prints as if attributed",
                    "hint": f"write it, e.g. {example}",
                },
            )
        return text

    return BeforeValidator(check)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "expected a number, got {kind}", {"kind": value})
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        raise PydanticCustomError(
            "number_type", "expected a number, got {kind}", {"kind": describe(value)}
        )
    if number != number or number in (float("inf"), float("-inf")):
        raise PydanticCustomError(
            "number_type", "expected a finite number, got {kind}", {"kind": describe(value)}
        )
    if abs(number) >= 1e15:
        raise PydanticCustomError(
            "number_range", "number {kind} is too large (at most 1e15)", {"kind": describe(value)}
        )
    return number


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise PydanticCustomError(
            "date_type", "expected a date written YYYY-MM-DD, got {kind}", {"kind": describe(value)}
        )
    year, month, day = (int(part) for part in _DATE.fullmatch(value.strip()).groups())  # type: ignore[union-attr]
    try:
        return date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date_value", "{kind} is not a real date", {"kind": describe(value)}
        ) from None


_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)


def _date_time(value: Any) -> datetime:
    """An ISO date-time with its zone: ``2022-09-03T14:00:00Z`` or ``...+02:00``."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise PydanticCustomError(
                "date_time_zone",
                "the time has no zone",
                {"hint": "add its zone, e.g. 2022-09-03T14:00:00Z (UTC) or +02:00"},
            )
        return value
    found = _DATE_TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is None:
        raise PydanticCustomError(
            "date_time_type",
            "expected a date and time written YYYY-MM-DDTHH:MM:SSZ, got {kind}",
            {"kind": describe(value), "hint": "e.g. 2022-09-03T14:00:00Z, or +02:00 for its zone"},
        )
    year, month, day, hour, minute, second, z, sign, zh, zm = found.groups()
    if not z and not sign:
        raise PydanticCustomError(
            "date_time_zone",
            "the time {kind} has no zone; an edition is read the world over",
            {
                "kind": describe(value),
                "hint": f"add its zone: {value.strip()}Z for UTC, or {value.strip()}+02:00",
            },
        )
    try:
        zone: timezone = UTC
        if sign:
            offset = timedelta(hours=int(zh), minutes=int(zm))
            zone = timezone(-offset if sign == "-" else offset)
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone
        )
    except ValueError:
        raise PydanticCustomError(
            "date_time_value", "{kind} is not a real date and time", {"kind": describe(value)}
        ) from None


def _whole(value: Any) -> int:
    """A whole number (an edition's number)."""
    wrong = PydanticCustomError(
        "whole_number",
        "expected a whole number, got {kind}",
        {"kind": describe(value), "hint": "write the edition's number in digits, e.g. 3"},
    )
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise wrong
    if isinstance(value, str):
        if not re.fullmatch(r"\s*[+-]?\d{1,9}\s*", value):
            raise wrong
        value = int(value)
    number: int = value
    if number < 1:
        raise PydanticCustomError(
            "whole_number",
            "expected a whole number from 1, got {kind}",
            {"kind": describe(value), "hint": "number the first edition 1"},
        )
    return number


def _choice(value: Any) -> Any:
    """Enumerations are matched without regard to case and surrounding space."""
    return value.strip().lower() if isinstance(value, str) else value


def _chart_label(value: Any) -> str:
    text = _line(value)
    if len(text) > 120:
        raise PydanticCustomError(
            "label_too_long",
            "text is {length} characters long; at most 120 are allowed in a chart label",
            {"length": len(text)},
        )
    return text


def _value(value: Any) -> float | tuple[float, float]:
    """A claimed figure: one number, or a range written ``[low, high]``."""
    if not isinstance(value, list | tuple):
        return _number(value)
    if len(value) != 2:
        raise PydanticCustomError(
            "range_length",
            "a range is written [low, high]; got a list of {count}",
            {"count": len(value)},
        )
    low, high = _number(value[0]), _number(value[1])
    if low > high:
        raise PydanticCustomError(
            "range_reversed",
            "the range [{low}, {high}] is reversed: its low end is above its high end",
            {"low": _plain_number(low), "high": _plain_number(high)},
        )
    return (low, high)


def _plain_number(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


#: An id: what a citation or a measure names.
ID_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,39}")


def _id(value: Any) -> str:
    text = _line(value)
    if not ID_PATTERN.fullmatch(text):
        raise PydanticCustomError(
            "id_format",
            "expected an id (1-40 lower-case letters, digits, '-' and '_', starting with a "
            "letter), got {kind}",
            {"kind": describe(value)},
        )
    return text


Text = Annotated[str, BeforeValidator(_text)]
ChartLabel = Annotated[str, BeforeValidator(_chart_label)]
Line = Annotated[str, BeforeValidator(_line)]
Number = Annotated[float, BeforeValidator(_number)]
Date = Annotated[date, BeforeValidator(_date)]
DateTime = Annotated[
    datetime,
    BeforeValidator(_date_time),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
            r"\s*([Zz]|[+-]\d{2}:?\d{2})$",
        }
    ),
]
Whole = Annotated[int, BeforeValidator(_whole), WithJsonSchema({"type": "integer", "minimum": 1})]
Value = Annotated[float | tuple[float, float], BeforeValidator(_value)]
Id = Annotated[
    str,
    BeforeValidator(_id),
    WithJsonSchema({"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}),
]
Confidence = Annotated[Literal["low", "moderate", "high"], BeforeValidator(_choice)]
Tlp = Annotated[Literal["clear", "green", "amber", "amber+strict", "red"], BeforeValidator(_choice)]
Align = Annotated[Literal["left", "right", "center"], BeforeValidator(_choice)]

Status = Annotated[
    Literal["claimed", "reported", "disputed", "corroborated", "confirmed"],
    BeforeValidator(_choice),
]
Qualifier = Annotated[
    Literal["more than", "at least", "about", "up to", "fewer than"], BeforeValidator(_choice)
]
ChartType = Annotated[
    Literal["figures", "bar", "barh", "line", "timeline"], BeforeValidator(_choice)
]
Paper = Annotated[Literal["a4", "letter"], BeforeValidator(_choice)]
Fit = Annotated[Literal["one-page", "flow"], BeforeValidator(_choice)]
Side = Annotated[Literal["right", "left", "none"], BeforeValidator(_choice)]
#: What a character no font of the theme covers is: an error (the default), or a warning.
MissingGlyphs = Annotated[Literal["error", "warn"], BeforeValidator(_choice)]


def _colour(value: Any) -> Any:
    value = _choice(value)
    return "grayscale" if value == "greyscale" else value


Colour = Annotated[Literal["full", "grayscale"], BeforeValidator(_colour)]

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _language(value: Any) -> str:
    text = _line(value)
    if not _LANGUAGE.fullmatch(text):
        raise PydanticCustomError(
            "language",
            "expected a BCP 47 language tag such as 'en' or 'en-GB', got {kind}",
            {"kind": describe(value)},
        )
    return text


Language = Annotated[str, BeforeValidator(_language)]

_SCHEMES = ("http://", "https://", "mailto:")


def _url(value: Any) -> str:
    text = _line(value)
    if not text.lower().startswith(_SCHEMES) or any(ch.isspace() for ch in text):
        raise PydanticCustomError(
            "url",
            "expected an http, https or mailto address without spaces, got {kind}",
            {"kind": describe(value)},
        )
    return text


Url = Annotated[str, BeforeValidator(_url)]

_EMAIL = re.compile(
    r"[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
#: What ``check`` accepts as an e-mail address; ``send`` accepts the same (deliver/mail.py).
EMAIL_ADDRESS = _EMAIL


def _email(value: Any) -> str:
    text = _line(value)
    if not _EMAIL.fullmatch(text):
        raise PydanticCustomError(
            "email",
            "expected an e-mail address like name@example.org, got {kind}",
            {"kind": describe(value)},
        )
    return text


Email = Annotated[str, BeforeValidator(_email)]

# --------------------------------------------------------------------------- the brief


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Quote(Model):
    """A statement set as a quote, always with its speaker."""

    text: Text = Field(description="the words quoted, without quotation marks")
    speaker: Annotated[str, _named("speaker")] = Field(description="who said it")
    role: Annotated[str, _named("role")] | None = Field(
        None, description="the speaker's role, e.g. President of Russia"
    )
    date: Date | None = Field(None, description="when it was said, YYYY-MM-DD")
    context: Text | None = Field(None, description="where or to whom it was said")


class Table(Model):
    """A table in a section: a header row and rows of cells, each row as long as the header."""

    title: Line | None = Field(None, description="caption printed above the table")
    columns: list[Line] = Field(description="the header cells")
    rows: list[list[Text]] = Field(description="the rows, each as long as 'columns'")
    align: list[Align] | None = Field(
        None, description="left, right or center per column (numbers: right by default)"
    )
    note: Text | None = Field(None, description="a note printed under the table")
    cite: list[Id] | None = Field(None, description="ids of the sources the table rests on")
    #: the cells (row, column) the author wrote as YAML numbers: the only ones printed with
    #: thousands separators. Set by the validator from how each cell was written (a quoted
    #: "02139" is text); None, for a table made in Python, takes every cell that reads as a
    #: YAML number for one.
    number_cells: SkipJsonSchema[frozenset[tuple[int, int]] | None] = None


class Figure(Model):
    """A picture in a section: PNG, JPEG or SVG inside the brief's folder."""

    image: Line = Field(description="PNG, JPEG or SVG file, relative to the brief's folder")
    alt: Line = Field(
        min_length=1,
        max_length=300,
        description="what the picture shows, for readers who can't see it",
    )
    caption: Text | None = Field(None, description="printed under the picture")
    credit: Annotated[str, _named("credit")] | None = Field(
        None, description="who made the picture"
    )
    width: Annotated[float, BeforeValidator(_number)] = Field(
        1.0, ge=0.3, le=1.0, description="share of the column's width, 0.3 to 1"
    )
    cite: list[Id] | None = Field(None, description="ids of the sources the figure rests on")


#: A cell that YAML reads as a number when it is written without quotes: ASCII digits, no
#: leading zero (PyYAML reads ``02139`` as text), no separators, no exponent.
YAML_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")

#: The keys of a section's block, one of which each block has.
BLOCK_KEYS = ("text", "bullets", "quote", "table", "figure")


class Block(Model):
    """One element of a section's content, with exactly one key."""

    text: Text | None = Field(None, description="paragraphs, separated by a blank line")
    bullets: list[Text] | None = Field(None, description="a list of points")
    quote: Quote | None = Field(None, description="a statement set as a quote")
    table: Table | None = Field(None, description="a table")
    figure: Figure | None = Field(None, description="a picture with its alt text")

    @property
    def kind(self) -> str:
        """The one key this block has (validation checks there is exactly one)."""
        return next((key for key in BLOCK_KEYS if getattr(self, key) is not None), "text")


def _no_parts() -> list[Any]:
    """None of a list's parts (see :func:`_no_blocks`)."""
    return []


def _no_blocks() -> list[Block]:
    """No blocks (a function, not ``list``: pydantic reads ``list``'s text signature with
    tokenize on every cold start; tests/test_speed.py)."""
    return []


class Section(Model):
    """A part of the narrative: a heading and either blocks in order, or at least one of text,
    bullets and quote."""

    # A version-1 section's text, bullets and quote arrive here as blocks, in that order
    # (:func:`normalise`); the schema still offers them (briefing.validate.schema).

    id: Id | None = Field(None, description="a stable name that matches this part across editions")
    heading: Line = Field(max_length=200, description="the section heading")
    blocks: list[Block] = Field(
        default_factory=_no_blocks,
        description="the content in the author's order (instead of text, bullets, quote)",
    )


class Claim(Model):
    """One figure claimed by the party named in the claims block."""

    id: Id | None = Field(None, description="a stable name that matches this part across editions")
    label: Line = Field(max_length=200, description="what is counted, e.g. Sorties flown")
    value: Value = Field(description="the number claimed, or a range [low, high]")
    qualifier: Qualifier | None = Field(
        None, description="more than, at least, about, up to or fewer than"
    )
    unit: Line | None = Field(None, max_length=60, description="unit of the value, e.g. sorties")
    status: Status | None = Field(None, description="overrides the block's status for this item")
    measure: Id | None = Field(
        None, description="the quantity measured; ties the same quantity across parties"
    )
    as_of: Date | None = Field(None, description="when the figure was claimed, YYYY-MM-DD")
    cite: list[Id] | None = Field(None, description="ids of the sources the figure rests on")

    @property
    def low(self) -> float:
        return self.value[0] if isinstance(self.value, tuple) else self.value

    @property
    def high(self) -> float:
        return self.value[1] if isinstance(self.value, tuple) else self.value


class Claims(Model):
    """Results or figures claimed by one named party; printed with the attribution in words."""

    id: Id | None = Field(None, description="a stable name that matches this part across editions")
    title: Line = Field("Claimed results", description="heading of the claims block")
    source: Annotated[str, _named("claims_source")] = Field(description="who claims it")
    aliases: list[Line] | None = Field(
        None,
        description="other names the text uses for the party (its country, 'the Kremlin'); "
        "the lint counts them as naming it",
    )
    status: Status = Field(
        "claimed", description="claimed, reported, disputed, corroborated or confirmed"
    )
    note: Text | None = Field(None, description="a note printed under the claims")
    cite: list[Id] | None = Field(None, description="ids of the sources the claims rest on")
    items: list[Claim] = Field(description="the claimed figures")


class Fact(Model):
    """A key fact for the sidebar."""

    id: Id | None = Field(None, description="a stable name that matches this part across editions")
    label: Line = Field(max_length=100, description="what the fact is about")
    value: Text = Field(max_length=1000, description="the fact")
    source: Annotated[str, _named("fact_source")] | None = Field(
        None, description="where it comes from"
    )
    cite: list[Id] | None = Field(None, description="ids of the sources the fact rests on")


class Event(Model):
    """A dated event."""

    id: Id | None = Field(None, description="a stable name that matches this part across editions")
    date: Date = Field(description="when, YYYY-MM-DD")
    event: Text = Field(max_length=300, description="what happened")


class ChartData(Model):
    """Inline data for a chart: labels and values of the same length."""

    labels: list[ChartLabel] = Field(description="one label per value, at most 120 characters")
    values: list[Number] = Field(description="the numbers")
    unit: Line | None = Field(None, description="unit of every value")


class Chart(Model):
    """A chart in the main column, drawn from claims, the timeline, or inline data."""

    type: ChartType = Field(description="figures, bar, barh, line or timeline")
    title: Line | None = Field(None, description="chart title")
    from_: Annotated[Literal["claims", "timeline"], BeforeValidator(_choice)] | None = Field(
        None, alias="from", description="take the data from 'claims' or 'timeline'"
    )
    data: ChartData | None = Field(None, description="inline data (instead of 'from')")
    unit: Line | None = Field(None, description="unit of the values (inline data)")
    source: Annotated[str, _named("chart_source")] | None = Field(
        None, description="caption naming the data's source"
    )
    measure: Id | None = Field(
        None, description="with 'from: claims': one bar or tile per party claiming this measure"
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Analysis(Model):
    """Commentary or assessment: always labelled with whose opinion it is."""

    id: Id | None = Field(None, description="a stable name that matches this part across editions")
    title: Line = Field("Analysis", description="heading of the analysis section")
    label: Annotated[str, _named("analysis_label")] = Field(
        description="printed prominently, e.g. Opinion of X — not verified fact"
    )
    source: Annotated[str, _named("analysis_source")] = Field(description="whose opinion it is")
    points: list[Text] = Field(description="the points of the analysis")
    confidence: Confidence | None = Field(
        None, description="the author's confidence: low, moderate or high"
    )
    because: Text | None = Field(
        None, description="why this judgement changed since the previous edition"
    )


class Source(Model):
    """A numbered reference."""

    id: Id | None = Field(None, description="a short name that text cites with [@id]")
    title: Annotated[str, _named("title")] = Field(description="title of the source")
    publisher: Annotated[str, _named("publisher")] | None = Field(
        None, description="who published it"
    )
    url: Url | None = Field(None, description="http, https or mailto address")
    date: Date | None = Field(None, description="publication date, YYYY-MM-DD")


class Edition(Model):
    """Which edition of a series this brief is (part 3 of the format)."""

    number: Whole = Field(description="the edition's number, a whole number from 1")
    issued: DateTime = Field(description="when it was issued: a date-time with its zone")
    previous: Line | None = Field(
        None, description="the previous edition's brief, a file inside this brief's folder"
    )
    next: DateTime | None = Field(
        None, description="when the next edition is due, on or around: a date-time with its zone"
    )


class Recipient(Model):
    """Someone who receives the briefing."""

    name: Annotated[str, _named("name")] = Field(description="person or team")
    email: Email | None = Field(None, description="e-mail address, used by 'briefing send'")


class Layout(Model):
    """How the brief is laid out; content keys never carry layout."""

    paper: Paper = Field("a4", description="a4 or letter")
    fit: Fit = Field("one-page", description="one-page (shrink to fit or fail) or flow")
    sidebar: Side | None = Field(
        None, description="right, left or none (default: the theme's side, right)"
    )
    theme: Line = Field(
        "default", description="built-in theme name or a theme file next to the brief"
    )
    colour: Colour = Field("full", description="full or grayscale")
    logo: Line | None = Field(None, description="PNG, JPEG or SVG inside the brief's folder")
    missing_glyphs: MissingGlyphs = Field(
        "error",
        description="a character no font covers: error (build fails) or warn (printed without it)",
    )


#: The keys of a version-1 section, in the order its content is printed.
VERSION_1_KEYS = ("text", "bullets", "quote")

#: A field path: keys and list indexes from the brief's top.
Path = tuple[str | int, ...]


def normalise(data: Any) -> tuple[Any, dict[Path, Path]]:
    """Version 1 of the format -> version 2, once, before the model: a section's ``text``,
    ``bullets`` and ``quote`` become its blocks (in that order); one ``claims`` or ``analysis``
    mapping becomes a list of one.

    Returns the new data and, for each part that moved, its path in the new data -> its path in
    the author's file (``sections[0].blocks[1]`` -> ``sections[0].bullets``, ``claims[0]`` ->
    ``claims``), which diagnostics use to point at the author's lines. Data that is not of the
    expected shape is left as it is, for the model to refuse. A section that has both ``blocks``
    and a version-1 key keeps both, and the model refuses the version-1 key."""
    if not isinstance(data, dict):
        return data, {}
    written: dict[Path, Path] = {}
    out = dict(data)
    for key in ("claims", "analysis"):
        if isinstance(out.get(key), dict):
            out[key] = [out[key]]
            written[(key, 0)] = (key,)
    sections = out.get("sections")
    if isinstance(sections, list):
        new_sections = []
        for i, section in enumerate(sections):
            if isinstance(section, dict) and "blocks" not in section:
                old = [k for k in VERSION_1_KEYS if k in section]
                if old:
                    blocks: list[dict[str, Any]] = []
                    for k in old:
                        written[("sections", i, "blocks", len(blocks))] = ("sections", i, k)
                        written[("sections", i, "blocks", len(blocks), k)] = ("sections", i, k)
                        blocks.append({k: section[k]})
                    section = {k: v for k, v in section.items() if k not in old}
                    section["blocks"] = blocks
            new_sections.append(section)
        out["sections"] = new_sections
    return out, written


def authored(path: Path, written: dict[Path, Path]) -> Path:
    """Where the part at ``path`` (a path in normalised data) stands in the author's file."""
    for n in range(len(path), 0, -1):
        origin = written.get(path[:n])
        if origin is not None:
            return (*origin, *path[n:])
    return path


class Brief(Model):
    """A whole brief, version 2 of the format (a strict superset of version 1)."""

    # version 1 is rewritten into version 2 before the fields are validated (normalise)

    title: Line = Field(
        min_length=1, max_length=140, description="the headline, at most 140 characters"
    )
    subtitle: Line | None = Field(None, max_length=300, description="one line under the headline")
    date: Date = Field(description="the date the information is current as of")
    summary: Text = Field(min_length=1, description="bottom line up front: 1-4 sentences")
    marking: Line | None = Field(None, max_length=200, description="handling banner on every page")
    organisation: Line | None = Field(None, description="shown in the header")
    author: Line | None = Field(None, description="shown in the header and PDF metadata")
    reference: Line | None = Field(None, description="document id, shown in header and footer")
    language: Language = Field("en", description="BCP 47 language tag")
    keywords: list[Line] | None = Field(None, description="PDF keywords (added by briefing)")
    sections: list[Section] | None = Field(None, description="the main narrative, in order")
    claims: list[Claims] = Field(
        default_factory=_no_parts,
        description="figures claimed by a named party, or a list: one block per party",
    )
    key_facts: list[Fact] | None = Field(None, description="the sidebar")
    timeline: list[Event] | None = Field(None, description="dated events")
    charts: list[Chart] | None = Field(None, description="charts in the main column")
    analysis: list[Analysis] = Field(
        default_factory=_no_parts,
        description="labelled commentary or assessment, or a list of them",
    )
    sources: list[Source] | None = Field(None, description="numbered references")
    distribution: list[Recipient] | None = Field(None, description="who receives it")
    tlp: Tlp | None = Field(
        None, description="Traffic Light Protocol 2.0: clear, green, amber, amber+strict or red"
    )
    edition: Edition | None = Field(
        None, description="number, issued, previous and next edition of a series"
    )
    layout: Layout = Field(default_factory=Layout, description="paper, fitting, sidebar, theme")

    #: normalised path -> the author's path, for the parts :func:`normalise` moved
    _written: dict[Path, Path] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _version_2(cls, data: Any, handler: ModelWrapValidatorHandler[Brief]) -> Brief:
        """Every brief is validated as version 2: version 1 is rewritten first."""
        data, written = normalise(data)
        brief = handler(data)
        if written:
            brief._written = {**brief._written, **written}
        return brief

    def with_written(self, written: dict[Path, Path]) -> Brief:
        """This brief, knowing where its parts stand in the author's file (``written``, from
        :func:`normalise` of the data it was validated from)."""
        if written:
            self._written = {**self._written, **written}
        return self

    def authored(self, path: Path) -> Path:
        """Where the part at ``path`` stands in the author's file (``claims[0]`` -> ``claims``
        for a version-1 brief)."""
        return authored(path, self._written)

    @property
    def source_numbers(self) -> dict[str, int]:
        """Each source id -> its number in the printed sources list."""
        return {s.id: n for n, s in enumerate(self.sources or (), start=1) if s.id}


# --------------------------------------------------------------------------- wording

STATUS_WORDS = {
    "claimed": "Claimed by {source} — not independently verified",
    "reported": "Reported by {source} — not independently verified",
    "disputed": "Claimed by {source} — disputed",
    "corroborated": "Claimed by {source} — corroborated by other sources",
    "confirmed": "Confirmed ({source})",
}


def attribution(status: str, source: str) -> str:
    """The words printed next to claims wherever they appear (text and charts)."""
    return STATUS_WORDS[status].format(source=source)


def item_attribution(status: str, source: str) -> str:
    """An item's own status, in the brackets after its label (page and e-mail): the words of
    :func:`attribution`, without brackets inside the brackets ('Confirmed by X', not
    '(Confirmed (X))')."""
    if status == "confirmed":
        return f"Confirmed by {source}"
    return attribution(status, source)


CONFIDENCE_WORDS = {
    "low": "Low confidence",
    "moderate": "Moderate confidence",
    "high": "High confidence",
}

TLP_LABELS = {
    "clear": "TLP:CLEAR",
    "green": "TLP:GREEN",
    "amber": "TLP:AMBER",
    "amber+strict": "TLP:AMBER+STRICT",
    "red": "TLP:RED",
}
