"""Stage 1, read: bytes of a YAML brief -> plain data + a map of where every value stands.

Takes the file's bytes and returns :class:`Document`: mappings, lists and strings exactly as the
author typed them (no YAML 1.1 booleans, dates, sexagesimals or floats: the model decides what a
value means), with the line and column of every key and value. The YAML is strict: no anchors,
aliases, merge keys or tags, one document, UTF-8, within size and depth limits. Problems of
the text itself are raised as :class:`BriefError`; duplicate keys are collected and reported with
the validation problems.

Why one module: it is the trust boundary. The one parser, what it refuses and how each of its
errors is put into the author's words stay together, so that nothing reads a brief another way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefing.errors import BriefError, Diagnostic
from briefing.world import World
from briefing.world.cache import Cache, code_version, key_of

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile brief cheap to refuse."""

    max_bytes: int = 1_000_000
    max_depth: int = 20
    max_scalar: int = 20_000
    max_items: int = 500


LIMITS = Limits()

_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class Document:
    """A read brief: ``data`` plus positions (1-based line, column) by field path."""

    name: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    quoted: set[Path_] = field(default_factory=set)
    block: set[Path_] = field(default_factory=set)  # literal (|) and folded (>) scalars
    lines: list[str] = field(default_factory=list)  # the source, for positions inside text
    problems: list[Diagnostic] = field(default_factory=list)

    def raw(self, path: Path_) -> Any:
        """The value at ``path`` as the author typed it (None where there is none)."""
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` stands; falls back to the nearest enclosing value that exists."""
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


def format_path(path: Path_) -> str:
    """``('claims', 'items', 1, 'value')`` -> ``claims.items[1].value``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _Strict(Composer):
    """Composes nodes only; refuses aliases, anchors, explicit tags and deep nesting."""

    _limits: Limits
    _depth: int

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        parser: Any = self  # the PyYAML parser it is mixed with
        event = parser.peek_event()
        if parser.check_event(AliasEvent):
            raise _Refused(
                event.start_mark,
                f"YAML alias '*{event.anchor}' is not allowed",
                "write the value out in full; briefs do not use anchors or aliases",
            )
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                event.start_mark,
                f"YAML anchor '&{event.anchor}' is not allowed",
                "remove the anchor; briefs do not use anchors or aliases",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _Refused(
                event.start_mark,
                f"YAML tag '{tag}' is not allowed",
                "remove the tag; values are plain text, numbers and dates",
            )
        self._depth += 1
        if self._depth > self._limits.max_depth:
            raise _Refused(
                event.start_mark,
                f"nesting deeper than {self._limits.max_depth} levels",
                "a brief is at most a few levels deep; check the indentation",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _StrictLoader(_Strict, yaml.SafeLoader):
    """PyYAML's own scanner and parser, in Python: one parser, so one reading of every text.

    libyaml (``yaml.CSafeLoader``) would scan ~10x faster, but it parts ways with the Python
    parser on tabs, line breaks, complex keys, flow mappings and error positions; a brief is
    read once per build (~3 ms), so one parser at the trust boundary is worth more.
    """

    def __init__(self, stream: str, limits: Limits) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._limits, self._depth = limits, 0


def _style(node: Node) -> str | None:
    """A scalar's style: None for plain, else one of ``'"|>``."""
    return getattr(node, "style", None) or None


def _decode(name: str, raw: bytes, limits: Limits) -> str:
    if len(raw) > limits.max_bytes:
        raise BriefError(
            "brief too large",
            (
                Diagnostic(
                    name,
                    0,
                    0,
                    "",
                    f"the file is {len(raw):,} bytes; a brief may be at most "
                    f"{limits.max_bytes:,} bytes",
                    "split it, or move long material into sources",
                ),
            ),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefError(
            "brief is not UTF-8",
            (
                Diagnostic(
                    name,
                    line,
                    column,
                    "",
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X})",
                    "save the file as UTF-8 in your editor",
                ),
            ),
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise BriefError(
            "brief contains NUL",
            (
                Diagnostic(
                    name,
                    line,
                    offset - text.rfind("\n", 0, offset),
                    "",
                    "the file contains a NUL character",
                    "is this a text file saved as UTF-8?",
                ),
            ),
        )
    return text.replace("\r\n", "\n")


def _yaml_error(name: str, exc: yaml.MarkedYAMLError, text: str) -> BriefError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    hint = "check the indentation and the quoting on this line"
    if (mark is not None and "\t" in problem) or "'\\t'" in problem:
        problem = "a tab character is used for indentation"
        hint = "indent with spaces, not tabs"
    elif "expected a single document" in problem or "but found another document" in problem:
        problem = "the file holds more than one YAML document ('---')"
        hint = "keep one brief per file"
    elif "mapping values are not allowed" in problem:
        hint = "a text containing ': ' must be quoted, e.g. title: \"Syria: the withdrawal\""
    elif "found character '%' that cannot start" in problem or "'@'" in problem or "'`'" in problem:
        hint = "quote the text"
    return BriefError(
        "invalid YAML", (Diagnostic(name, line, column, "", f"invalid YAML: {problem}", hint),)
    )


def _reader_error(name: str, exc: yaml.reader.ReaderError, text: str) -> BriefError:
    """A character YAML does not allow in a file (a control character), with its position."""
    offset = exc.position
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return BriefError(
        "invalid character",
        (
            Diagnostic(
                name,
                line,
                column,
                "",
                f"the file contains the control character {code}, which a brief may not contain",
                "delete it (it is often pasted in invisibly)",
            ),
        ),
    )


def read_brief(world: World) -> Document:
    """Stage 1: the brief of ``world``, read (its bytes come from the world)."""
    return parse_kept(world.source(), world.name, world.cache)


def parse_kept(raw: bytes, name: str, store: Cache) -> Document:
    """:func:`parse_brief`, its result kept in ``store`` for the same bytes, name and code.

    PyYAML's Python parser takes ~10 ms for the example brief and as long for the default
    theme: a rebuild of an unchanged file reads the document it made before instead (a result
    of our own, like the fitted scale). Only a document that parsed is kept; an entry is used
    only if it is sealed to its key and holds nothing a parse cannot give (plain strings,
    lists and mappings, integer positions), else the file is parsed again. A file that does
    not parse is parsed, and its error raised, every time.
    """
    key = key_of("parsed", hashlib.sha256(raw).hexdigest(), name, repr(LIMITS), code_version())
    kept = store.read_own(key, "json")  # only what no one else could have written
    if kept is not None:
        seal, _, text = kept.partition("\n")
        if seal == key_of(key, text)[:16]:
            doc = _document_from(text, name)
            if doc is not None:
                return doc
    doc = parse_brief(raw, name)
    text = _document_text(doc)
    store.write(key, "json", f"{key_of(key, text)[:16]}\n{text}")
    return doc


def _document_text(doc: Document) -> str:
    def where(found: dict[Path_, tuple[int, int]]) -> list[list[Any]]:
        return [[list(path), line, col] for path, (line, col) in found.items()]

    return json.dumps(
        {
            "data": doc.data,
            "values": where(doc.values),
            "keys": where(doc.keys),
            "quoted": [list(path) for path in doc.quoted],
            "block": [list(path) for path in doc.block],
            "lines": doc.lines,
            "problems": [
                [d.file, d.line, d.column, d.field, d.message, d.hint, d.severity, d.rule]
                for d in doc.problems
            ],
        }
    )


def _document_from(text: str, name: str) -> Document | None:
    """The document kept as ``text``, or None if it holds anything a parse cannot give."""
    try:
        kept = json.loads(text)
        doc = Document(name=name, data=kept["data"], lines=kept["lines"])
        if not _plain(doc.data) or not all(isinstance(line, str) for line in doc.lines):
            return None
        for found, entries in ((doc.values, kept["values"]), (doc.keys, kept["keys"])):
            for path, line, col in entries:
                if not (_is_path(path) and type(line) is int and type(col) is int):
                    return None
                found[tuple(path)] = (line, col)
        for paths, entries in ((doc.quoted, kept["quoted"]), (doc.block, kept["block"])):
            for path in entries:
                if not _is_path(path):
                    return None
                paths.add(tuple(path))
        for entry in kept["problems"]:
            file, line, col, where, message, hint, severity, rule = entry
            texts = (file, where, message, hint, severity, rule)
            if not (all(isinstance(t, str) for t in texts) and type(line) is type(col) is int):
                return None
            doc.problems.append(Diagnostic(file, line, col, where, message, hint, severity, rule))
    except (ValueError, KeyError, TypeError):
        return None
    return doc


def _plain(value: Any) -> bool:
    """Whether ``value`` is what :func:`_convert` makes: strings, None, lists, str-keyed maps."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _is_path(path: Any) -> bool:
    return isinstance(path, list) and all(
        isinstance(part, str) or type(part) is int for part in path
    )


def _compose(name: str, text: str, limits: Limits) -> Node | None:
    """The document's node by PyYAML's Python parser, its problems as :class:`BriefError`."""
    try:
        loader = _StrictLoader(text, limits)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, exc, text) from None
    try:
        return loader.get_single_node()
    except _Refused as exc:
        raise BriefError(
            exc.message,
            (Diagnostic(name, exc.mark.line + 1, exc.mark.column + 1, "", exc.message, exc.hint),),
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(name, exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text
        raise BriefError(
            "invalid YAML", (Diagnostic(name, 0, 0, "", f"invalid YAML: {exc}"),)
        ) from None
    except ValueError:  # PyYAML's chr() on an escape past U+10FFFF, unmarked
        raise _escape_error(name, loader.get_mark()) from None
    finally:
        loader.dispose()


def _escape_error(name: str, mark: Any) -> BriefError:
    """A \\U escape that names no character: PyYAML stops at its digits (``mark``) and says
    only 'chr() arg not in range'."""
    digits = mark.buffer[mark.pointer : mark.pointer + 8] if mark.buffer else ""
    problem = f"invalid YAML: the escape \\U{digits} names no character (the last is \\U0010FFFF)"
    return BriefError(
        "invalid YAML",
        (
            Diagnostic(
                name,
                mark.line + 1,
                max(mark.column - 1, 1),
                "",
                problem,
                "write the character itself",
            ),
        ),
    )


def parse_brief(raw: bytes, name: str, limits: Limits = LIMITS) -> Document:
    """Parse the bytes of a brief; see the module docstring."""
    text = _decode(name, raw, limits)
    node = _compose(name, text, limits)
    if node is None:
        raise BriefError(
            "empty brief",
            (
                Diagnostic(
                    name,
                    1,
                    1,
                    "",
                    "the brief is empty",
                    "start from a template: briefing new my-brief.yaml",
                ),
            ),
        )
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a single value"
        raise BriefError(
            "brief is not a mapping",
            (
                Diagnostic(
                    name,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    "",
                    f"the brief must be a mapping of keys (title:, date:, ...), not {kind}",
                    "start from a template: briefing new my-brief.yaml",
                ),
            ),
        )
    doc = Document(name=name, data=None, lines=text.split("\n"))
    doc.data = _convert(node, (), doc, limits)
    return doc


def _convert(node: Node, path: Path_, doc: Document, limits: Limits) -> Any:
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        value: str = node.value
        style = _style(node)
        if style in ("'", '"'):
            doc.quoted.add(path)
        elif style in ("|", ">"):
            doc.block.add(path)
        if style is None and value in _NULLS:
            return None
        if len(value) > limits.max_scalar:
            doc.problems.append(
                Diagnostic(
                    doc.name,
                    *doc.values[path],
                    format_path(path),
                    f"text of {len(value):,} characters is longer than the limit of "
                    f"{limits.max_scalar:,}",
                    "shorten it or split it into several paragraphs",
                )
            )
            return value[: limits.max_scalar]
        return value
    if isinstance(node, SequenceNode):
        if len(node.value) > limits.max_items:
            doc.problems.append(
                Diagnostic(
                    doc.name,
                    *doc.values[path],
                    format_path(path),
                    f"list of {len(node.value):,} items is longer than the limit of "
                    f"{limits.max_items:,}",
                    "shorten the list",
                )
            )
        return [
            _convert(item, (*path, i), doc, limits)
            for i, item in enumerate(node.value[: limits.max_items])
        ]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    first_seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, ScalarNode):
            doc.problems.append(
                Diagnostic(
                    doc.name,
                    *key_pos,
                    format_path(path),
                    "a key must be a plain name",
                    "write keys as simple words, e.g. title:",
                )
            )
            continue
        key = key_node.value
        if key == "<<" and _style(key_node) is None:
            doc.problems.append(
                Diagnostic(
                    doc.name,
                    *key_pos,
                    format_path(path),
                    "YAML merge keys ('<<') are not allowed",
                    "write the keys out in full",
                )
            )
            continue
        if key in first_seen:
            doc.problems.append(
                Diagnostic(
                    doc.name,
                    *key_pos,
                    format_path((*path, key)),
                    f"key '{key}' is written twice (first at line {first_seen[key]})",
                    "remove one of them",
                )
            )
            continue
        first_seen[key] = key_pos[0]
        doc.keys[(*path, key)] = key_pos
        result[key] = _convert(value_node, (*path, key), doc, limits)
    return result
