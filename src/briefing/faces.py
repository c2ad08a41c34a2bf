"""Parsed TrueType faces kept between runs: ReportLab's tables, in a format that cannot hurt.

ReportLab parses a face's character map, widths and glyph locations in Python (~8 ms per file,
four files per theme, on every run). :func:`dump` keeps what the parse produced; :func:`load`
gives it back, or None for anything that is not exactly what :func:`dump` wrote. An entry is::

    b"briefing-face 2\\n" + SHA-256 of the rest (64 hex digits) + b"\\n" + header length
    + b"\\n" + header (JSON: the small attributes, and each table's type and length)
    + the tables, as machine integers or doubles (:mod:`array`)

so that reading it never runs code and never trusts it: JSON and arrays cannot crash the
interpreter (unlike ``marshal``, whose loader is not safe against damaged data), the digest
catches a damaged or edited entry, and the tables are checked against each other and against
the font file before use. A refused entry costs a parse, never a wrong page.
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from itertools import accumulate
from typing import Any

from reportlab.pdfbase.ttfonts import TTFNameBytes

MAGIC = b"briefing-face 2\n"
#: Parts of a parsed face that are not kept: the file itself, its name, a function.
NOT_KEPT = frozenset({"_ttf_data", "filename", "_pdfScale"})
#: The large tables, kept as arrays: integer-keyed maps and integer lists.
MAPS = ("charToGlyph", "charWidths", "glyphToChar")
LISTS = ("glyphPos", "hmetrics")


class _Refused(Exception):
    pass


# --------------------------------------------------------------------------- small values


def _small(value: Any) -> Any:
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, TTFNameBytes):
        return {"n": value.ustr}
    if type(value) is bytes:
        return {"b": value.decode("latin-1")}
    if type(value) is tuple:
        return {"t": [_small(v) for v in value]}
    if type(value) is list:
        return [_small(v) for v in value]
    if type(value) is dict and all(type(k) is str for k in value):
        return {"s": {k: _small(v) for k, v in value.items()}}
    raise _Refused(type(value).__name__)


def _unsmall(value: Any) -> Any:
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [_unsmall(v) for v in value]
    if type(value) is dict and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "n" and type(inner) is str:
            return TTFNameBytes(inner.encode("utf-8"))
        if tag == "b" and type(inner) is str:
            return inner.encode("latin-1")
        if tag == "t" and type(inner) is list:
            return tuple(_unsmall(v) for v in inner)
        if tag == "s" and type(inner) is dict:
            return {k: _unsmall(v) for k, v in inner.items()}
    raise _Refused("value")


# --------------------------------------------------------------------------- tables


def _column(name: str, values: list[Any]) -> list[tuple[str, array[Any]]]:
    """A list of numbers as arrays: integers, doubles, or doubles with a mask of the integers
    (ReportLab scales some widths to floats and leaves others integers)."""
    kinds = {type(v) for v in values}
    if kinds <= {int}:
        return [(name, array("q", values))]
    if kinds == {float}:
        return [(name, array("d", values))]
    if kinds == {int, float}:
        mask = array("b", [type(v) is int for v in values])
        return [(name, array("d", values)), (f"{name}.int", mask)]
    raise _Refused(name)


def _uncolumn(tables: dict[str, list[Any]], name: str) -> list[Any]:
    values = tables[name]
    mask = tables.get(f"{name}.int")
    if mask is None:
        return values
    if len(mask) != len(values):
        raise _Refused(name)
    return [int(v) if m else v for v, m in zip(values, mask, strict=True)]


def _tables(state: dict[str, Any]) -> list[tuple[str, array[Any]]]:
    out: list[tuple[str, array[Any]]] = []
    for name in MAPS:
        table = state[name]
        if type(table) is not dict:
            raise _Refused(name)
        out += _column(f"{name}.keys", list(table))
        if name == "glyphToChar":
            chars = list(table.values())
            if not all(type(c) is list for c in chars):
                raise _Refused(name)
            out += _column(f"{name}.lengths", [len(c) for c in chars])
            out += _column(f"{name}.values", [u for c in chars for u in c])
        else:
            out += _column(f"{name}.values", list(table.values()))
    positions, metrics = state["glyphPos"], state["hmetrics"]
    if type(positions) is not list or type(metrics) is not list:
        raise _Refused("lists")
    if not all(type(m) is tuple and len(m) == 2 for m in metrics):
        raise _Refused("hmetrics")
    out += _column("glyphPos", positions)
    out += _column("hmetrics.advances", [m[0] for m in metrics])
    out += _column("hmetrics.bearings", [m[1] for m in metrics])
    if any(t.typecode == "d" for name, t in out if name.endswith(".keys") or "Pos" in name):
        raise _Refused("keys and positions are integers")
    return out


def dump(face: Any) -> bytes | None:
    """A kept form of ReportLab's parse of a face, or None if it holds what cannot be kept."""
    state = {k: v for k, v in vars(face).items() if k not in NOT_KEPT}
    try:
        tables = _tables(state)
        small = {k: _small(v) for k, v in state.items() if k not in MAPS + LISTS}
    except (_Refused, KeyError, OverflowError):
        return None
    layout = [[name, table.typecode, len(table)] for name, table in tables]
    header = json.dumps({"small": small, "tables": layout}, separators=(",", ":")).encode()
    body = str(len(header)).encode() + b"\n" + header + b"".join(t.tobytes() for _, t in tables)
    return MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def load(data: bytes | None, font: bytes) -> dict[str, Any] | None:
    """The face state kept as ``data`` for the font file ``font``, or None if it is not one."""
    if data is None or not data.startswith(MAGIC):
        return None
    try:
        return _load(memoryview(data)[len(MAGIC) :], font)
    except (_Refused, ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        return None


def _load(data: memoryview, font: bytes) -> dict[str, Any]:
    digest, body = data[:64], data[65:]
    if bytes(data[64:65]) != b"\n" or hashlib.sha256(body).hexdigest().encode() != digest:
        raise _Refused("digest")
    newline = bytes(body[:12]).find(b"\n")
    size = bytes(body[:newline]) if newline > 0 else b""
    if not size.isdigit():
        raise _Refused("header")
    start = newline + 1
    header = json.loads(bytes(body[start : start + int(size)]))
    blob = body[start + int(size) :]
    tables: dict[str, list[Any]] = {}
    offset = 0
    for name, typecode, count in header["tables"]:
        if typecode not in ("q", "d", "b") or type(count) is not int or count < 0:
            raise _Refused("table")
        table = array(typecode)
        end = offset + count * table.itemsize
        if end > len(blob):
            raise _Refused("short")
        table.frombytes(blob[offset:end])
        tables[name] = table.tolist()
        offset = end
    if offset != len(blob):
        raise _Refused("long")
    state = {k: _unsmall(v) for k, v in header["small"].items()}
    for name in MAPS:
        keys, values = _uncolumn(tables, f"{name}.keys"), _uncolumn(tables, f"{name}.values")
        if name == "glyphToChar":
            lengths = _uncolumn(tables, f"{name}.lengths")
            if sum(lengths) != len(values) or min(lengths, default=1) < 1:
                raise _Refused(name)
            ends = list(accumulate(lengths))
            values = [values[e - n : e] for n, e in zip(lengths, ends, strict=True)]
        state[name] = dict(zip(keys, values, strict=True))
    state["glyphPos"] = _uncolumn(tables, "glyphPos")
    advances, bearings = _uncolumn(tables, "hmetrics.advances"), tables["hmetrics.bearings"]
    state["hmetrics"] = list(zip(advances, bearings, strict=True))
    _check(state, font)
    return state


def _check(state: dict[str, Any], font: bytes) -> None:
    """The tables agree with each other and with the font file, as a parse of it would."""
    glyphs = state["numGlyphs"]
    if type(glyphs) is not int or not 0 < glyphs <= 65536:
        raise _Refused("numGlyphs")
    if type(state["unitsPerEm"]) is not int or not 16 <= state["unitsPerEm"] <= 16384:
        raise _Refused("unitsPerEm")
    if len(state["glyphPos"]) != glyphs + 1 or len(state["hmetrics"]) != glyphs:
        raise _Refused("lengths")
    ids = state["charToGlyph"].values()
    if ids and not (min(ids) >= 0 and max(ids) < glyphs):
        raise _Refused("glyph ids")
    if state["charWidths"].keys() != state["charToGlyph"].keys():
        raise _Refused("widths")
    for record in state["table"].values():
        if not 0 <= record["offset"] <= record["offset"] + record["length"] <= len(font):
            raise _Refused("table outside the file")
    if not isinstance(state["name"], TTFNameBytes) or not isinstance(state["_pos"], int):
        raise _Refused("name")


def stamp() -> str:
    """What the format depends on besides ReportLab: byte order, and the format itself."""
    return f"{MAGIC!r}:{sys.byteorder}"
