"""Converted chart drawings kept between runs, so that a rebuild needs neither svglib nor lxml.

A matplotlib chart is cached as SVG (see :mod:`briefing.charts.plots`), but turning that SVG into a
ReportLab drawing costs ~90 ms of imports (svglib, lxml, cssselect2) and ~50 ms per chart. The
drawing svglib makes is a small tree of ReportLab shapes (``Drawing``, ``Group``, ``Path``,
``String``) with plain values (numbers, text, colours, point lists), so it is kept as JSON and
rebuilt from it exactly.

The format is strict both ways. :func:`dump` refuses (returns None) any node or value it does
not know, so a new svglib that draws something else is simply not kept; :func:`load` rebuilds
only the known node classes with known values and returns None for anything else, so a damaged
or foreign entry costs a conversion, never a wrong chart. Never ``pickle``: nothing in the
cache can run code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
from pathlib import Path as FilePath
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Path, String
from reportlab.lib.colors import Color

from briefing.internals.reportlab import attribute_map, bare_node, set_unchecked
from briefing.internals.svglib import SVGLIB_MODULE, ClippingPath, NoStrokePath
from briefing.world.cache import files_stamp

#: Bump when the JSON form changes.
FORMAT = 2
MAGIC = f"briefing-drawing {FORMAT}\n"


#: The node classes kept, by the name in the JSON.
KINDS: dict[str, Any] = {
    "Drawing": Drawing,
    "Group": Group,
    "Path": Path,
    "NoStrokePath": NoStrokePath,
    "ClippingPath": ClippingPath,
    "String": String,
}
_CONTAINERS = ("Drawing", "Group")
_SVGLIB_PATHS = ("NoStrokePath", "ClippingPath")


class _Unkept(Exception):
    """Something in the drawing this format does not keep."""


def _kind(node: object) -> str:
    cls = type(node)
    name = cls.__name__
    if name in KINDS and cls is KINDS[name]:
        return name
    if name in _SVGLIB_PATHS and cls.__module__ in (SVGLIB_MODULE, NoStrokePath.__module__):
        return name
    raise _Unkept(f"{cls.__module__}.{name}")


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value  # json writes the shortest repr: read back, the same float
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, tuple):
        return {"t": [_value(v) for v in value]}
    if type(value) is Color and set(vars(value)) == {"red", "green", "blue", "alpha"}:
        return {"rgba": [_value(value.red), _value(value.green), _value(value.blue),
                         _value(value.alpha)]}  # fmt: skip
    raise _Unkept(type(value).__name__)


def _node(node: Any) -> dict[str, Any]:
    kind = _kind(node)
    attrs = {}
    for key, value in vars(node).items():
        if key in ("_attrMap", "contents"):
            continue
        if key.startswith("_"):
            raise _Unkept(key)
        attrs[key] = _value(value)
    kept: dict[str, Any] = {"k": kind, "a": attrs}
    if kind in _CONTAINERS:
        if set(attribute_map(node).keys()) != set(attribute_map(type(node)).keys()):
            raise _Unkept("named children")  # Group.add(node, name) extends the map
        kept["c"] = [_node(child) for child in node.contents]
    elif "contents" in vars(node):
        raise _Unkept("contents")
    return kept


def dump(drawing: Drawing) -> str | None:
    """The kept form of ``drawing`` (a digest, then JSON), or None if it holds anything this
    format does not keep or :func:`load` would not take back."""
    try:
        kept = _node(drawing)
        _check(_build(kept))
        payload = json.dumps([FORMAT, kept], separators=(",", ":"), allow_nan=False)
    except (_Unkept, ValueError, TypeError, KeyError, RecursionError):
        return None
    return MAGIC + hashlib.sha256(payload.encode("utf-8")).hexdigest() + "\n" + payload


def _unvalue(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_unvalue(v) for v in value]
    if isinstance(value, dict) and set(value) == {"t"} and isinstance(value["t"], list):
        return tuple(_unvalue(v) for v in value["t"])
    if isinstance(value, dict) and set(value) == {"rgba"} and isinstance(value["rgba"], list):
        red, green, blue, alpha = value["rgba"]
        if not all(isinstance(c, int | float) for c in (red, green, blue, alpha)):
            raise ValueError("colour")
        return Color(red, green, blue, alpha)
    raise ValueError(f"value {value!r}")


def _build(kept: Any) -> Any:
    if not isinstance(kept, dict) or not isinstance(kept.get("a"), dict):
        raise ValueError("node")
    cls = KINDS[kept["k"]]
    node = cls() if kept["k"] in _CONTAINERS else bare_node(cls)
    for key, value in kept["a"].items():
        if not isinstance(key, str) or key.startswith("_") or key == "contents":
            raise ValueError(f"attribute {key!r}")
        set_unchecked(node, key, _unvalue(value))
    if kept["k"] in _CONTAINERS:
        children = kept.get("c")
        if not isinstance(children, list):
            raise ValueError("contents")
        set_unchecked(node, "contents", [_build(child) for child in children])
    return node


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a drawing holds")


def load(text: str | None) -> Drawing | None:
    """The drawing kept as ``text`` by :func:`dump`, or None if it is not exactly one.

    The digest refuses a damaged or edited entry; every node is then checked with ReportLab's
    own attribute validators, and paths and sizes for what drawing them needs.
    """
    if text is None or not text.startswith(MAGIC):
        return None
    digest, _, payload = text[len(MAGIC) :].partition("\n")
    try:
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
            return None
        data = json.loads(payload, parse_constant=_no_constant)
        if not (isinstance(data, list) and len(data) == 2 and data[0] == FORMAT):
            return None
        drawing = _build(data[1])
        _check(drawing)
    except (_Unkept, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return drawing


#: Attributes a node must have to be drawn.
_REQUIRED = {
    "Drawing": ("width", "height", "transform"),
    "Group": ("transform",),
    "Path": ("points", "operators"),
    "String": ("x", "y", "text", "fontName", "fontSize", "textAnchor"),
}


def _check(node: Any, top: bool = True) -> None:
    """``node`` is what ReportLab can draw: known attributes with valid values, throughout."""
    kind = _kind(node)
    if top != (kind == "Drawing"):
        raise _Unkept("a drawing at the top, and only there")
    attrs = vars(node)
    for key in _REQUIRED.get(kind, _REQUIRED["Path"]):
        if key not in attrs:
            raise _Unkept(f"{kind} without {key}")
    for key, value in attrs.items():
        if key in ("_attrMap", "contents"):
            continue
        if key == "svgid" and kind in _CONTAINERS:
            if not isinstance(value, str):
                raise _Unkept(key)
            continue
        validators = attribute_map(node)
        if key not in validators or not validators[key].validate(value):
            raise _Unkept(f"{kind}.{key}")
        for number in value if isinstance(value, list | tuple) else (value,):
            if isinstance(number, float) and not math.isfinite(number):
                raise _Unkept(f"{kind}.{key}")
    if kind == "Drawing" and not (node.width > 0 and node.height > 0):
        raise _Unkept("an empty drawing")
    if kind in ("Path", "NoStrokePath", "ClippingPath"):
        needed = 0
        for op in node.operators:
            if op not in (0, 1, 2, 3):
                raise _Unkept("path operator")
            needed += (2, 2, 6, 0)[int(op)]
        if needed != len(node.points):
            raise _Unkept("path points")
    for child in attrs.get("contents", ()):
        _check(child, top=False)


def converter_stamp() -> str:
    """What the conversion depends on besides our code: svglib's and lxml's installed files.

    Read from the files' sizes and times (no import: importing them is what is saved).
    """
    parts = []
    for name in ("svglib", "lxml"):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            parts.append(f"{name}:none")
            continue
        folder = FilePath(spec.origin).parent
        files = sorted(folder.glob("*.py")) + sorted(folder.glob("etree*.so"))
        parts.append(f"{name}/{files_stamp(files)}")
    return "|".join(parts)
