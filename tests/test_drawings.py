"""Kept chart drawings: rebuilt from JSON, they are what svglib makes, to the byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Group, String
from reportlab.graphics.shapes import Path as RLPath
from reportlab.lib.colors import CMYKColor, Color

import briefing.charts.plots as plots
from briefing.charts import drawings
from tests.conftest import EXAMPLE, build_text
from tests.test_charts import BASE, CHARTS

TYPES = ["bar", "barh", "line"]


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(folder))
    monkeypatch.setattr(plots, "_DRAWINGS", {})  # nothing remembered in this process
    return folder


def _tree(node: Any) -> Any:
    """A node as comparable data: its class name and every attribute but the attribute map."""
    attrs = {k: v for k, v in vars(node).items() if k not in ("_attrMap", "contents")}
    for key, value in attrs.items():
        if isinstance(value, Color):
            attrs[key] = (type(value).__name__, vars(value))
    children = [_tree(child) for child in getattr(node, "contents", [])]
    return type(node).__name__, attrs, children


def _svgs(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.svg"))]


@pytest.mark.parametrize("kind", TYPES)
def test_a_kept_drawing_is_the_drawing_svglib_makes(
    kind: str, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the PDFs
    build_text(BASE + CHARTS[kind])
    svgs = _svgs(own_cache)
    assert svgs, "no chart was drawn"
    for svg in svgs:
        converted = plots._to_drawing(svg)
        text = drawings.dump(converted)
        assert text is not None
        kept = drawings.load(text)
        assert kept is not None
        assert _tree(kept) == _tree(converted)
        # drawn into a PDF on their own, they give the same bytes
        again = plots._to_drawing(svg)
        assert renderPDF.drawToString(kept) == renderPDF.drawToString(again)


def test_svglibs_own_path_classes_keep_their_properties() -> None:
    from svglib.svglib import ClippingPath, NoStrokePath

    for theirs, ours in (
        (NoStrokePath, drawings.NoStrokePath),
        (ClippingPath, drawings.ClippingPath),
    ):
        kwargs = {"fillColor": Color(1, 0, 0), "strokeColor": Color(0, 0, 1), "strokeWidth": 2}
        a, b = theirs([0, 0, 10, 10], [0, 1], **kwargs), ours([0, 0, 10, 10], [0, 1], **kwargs)
        if theirs is ClippingPath:
            b.isClipPath = 1
        assert a.getProperties() == b.getProperties()


def test_a_rebuild_with_kept_drawings_writes_the_same_page(own_cache: Path) -> None:
    text = BASE + CHARTS["bar"] + CHARTS["line"]
    converted = build_text(text).pdf
    assert len(list(own_cache.glob("*.drawing"))) == 2
    plots._DRAWINGS.clear()
    for svg in own_cache.glob("*.svg"):
        svg.unlink()  # so a kept drawing is the only way to the chart
    assert build_text(text).pdf == converted


def test_a_damaged_kept_drawing_is_converted_again(own_cache: Path) -> None:
    text = BASE + CHARTS["bar"]
    first = build_text(text).pdf
    (entry,) = own_cache.glob("*.drawing")
    entry.write_text('[1, {"k": "Drawing", "a": {}, "c": [{"k": "Circle", "a": {}}]}]')
    plots._DRAWINGS.clear()
    assert build_text(text).pdf == first
    assert drawings.load(entry.read_text()) is not None  # kept whole again


def test_a_chart_rebuild_imports_neither_svglib_nor_lxml(tmp_path: Path) -> None:
    brief = tmp_path / "charts.yaml"
    brief.write_text(
        EXAMPLE.read_text(encoding="utf-8")
        .replace("charts:\n", "charts:\n" + CHARTS["bar"] + CHARTS["line"], 1)
        .replace("fit: one-page", "fit: flow"),
        encoding="utf-8",
    )
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['briefing', 'build', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n    runpy.run_module('briefing', run_name='__main__')\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print('svglib' in sys.modules, 'lxml' in sys.modules, 'matplotlib' in sys.modules,"
        " file=sys.stderr)\n"
    )
    results, outputs = [], []
    for run in ("first", "rebuild"):
        out = tmp_path / f"{run}.pdf"
        done = subprocess.run(
            [sys.executable, "-c", probe, str(brief), str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        results.append(done.stderr.split()[-3:])
        outputs.append(out.read_bytes())
    assert results == [["True", "True", "True"], ["False", "False", "False"]]
    assert outputs[0] == outputs[1]


def test_dump_keeps_only_what_it_knows() -> None:
    plain = Drawing(100, 50)
    plain.add(String(10, 10, "text", fillColor=Color(0.1, 0.2, 0.3)))
    plain.add(RLPath([0, 0, 5, 5], [0, 1], strokeDashArray=[2, 1]))
    assert drawings.load(drawings.dump(plain)) is not None
    circle = Drawing(100, 50)
    circle.add(Circle(5, 5, 2))
    cmyk = Drawing(100, 50)
    cmyk.add(String(1, 1, "x", fillColor=CMYKColor(0, 0, 0, 1)))
    nan = Drawing(100, 50)
    nan.add(String(float("nan"), 1, "x"))
    named = Drawing(100, 50)
    named.add(Group(), name="legend")
    for drawing in (circle, cmyk, nan, named):
        assert drawings.dump(drawing) is None


def _seal(kept: object) -> str:
    """An entry around ``kept`` (the JSON tree) with a digest that matches."""
    import hashlib

    payload = json.dumps([drawings.FORMAT, kept], separators=(",", ":"))
    return drawings.MAGIC + hashlib.sha256(payload.encode()).hexdigest() + "\n" + payload


def _first(tree: dict[str, Any], kind: str) -> dict[str, Any]:
    if tree["k"] == kind:
        return tree
    for child in tree.get("c", []):
        try:
            return _first(child, kind)
        except LookupError:
            continue
    raise LookupError(kind)


def _kept_bar(own_cache: Path) -> tuple[str, dict[str, Any]]:
    build_text(BASE + CHARTS["bar"])
    (entry,) = own_cache.glob("*.drawing")
    text = entry.read_text(encoding="utf-8")
    payload = text.split("\n", 2)[2]
    return text, json.loads(payload)[1]


EDITS = {
    "a string width": lambda t: t["a"].update(width="wide"),
    "a width of 0": lambda t: t["a"].update(width=0),
    "an infinite height": lambda t: t["a"].update(height=1e400),
    "a path without its points": lambda t: _first(t, "Path")["a"].update(points=[]),
    "a path with an odd point": lambda t: _first(t, "Path")["a"]["points"].append(1.0),
    "a path operator 7": lambda t: _first(t, "Path")["a"]["operators"].append(7),
    "a text's size as text": lambda t: _first(t, "String")["a"].update(fontSize="big"),
    "a number as the text": lambda t: _first(t, "String")["a"].update(text=5),
    "a string without its text": lambda t: _first(t, "String")["a"].pop("text"),
    "a short transform": lambda t: _first(t, "Group")["a"].update(transform={"t": [1, 2]}),
    "an unknown attribute": lambda t: _first(t, "Group")["a"].update(onclick="x"),
    "a private attribute": lambda t: t["a"].update(_attrMap=None),
    "an unknown node": lambda t: t["c"].append({"k": "Circle", "a": {}}),
    "a class name from elsewhere": lambda t: t["c"].append({"k": "os.system", "a": {}}),
    "a drawing inside": lambda t: t["c"].append({"k": "Drawing", "a": {}, "c": []}),
    "a group at the top": lambda t: t.update(k="Group"),
    "a colour of text": lambda t: _first(t, "String")["a"].update(
        fillColor={"rgba": ["a", 0, 0, 1]}
    ),
    "an unknown value": lambda t: _first(t, "String")["a"].update(fillColor={"exec": "print(1)"}),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_resealed_entry_that_cannot_be_drawn_is_refused(edit: str, own_cache: Path) -> None:
    _, tree = _kept_bar(own_cache)
    assert drawings.load(_seal(tree)) is not None  # resealing alone changes nothing
    EDITS[edit](tree)
    assert drawings.load(_seal(tree)) is None


def test_an_edited_entry_is_refused_by_its_digest(own_cache: Path) -> None:
    text, tree = _kept_bar(own_cache)
    assert drawings.load(text) is not None
    points = _first(tree, "Path")["a"]["points"]
    points[0] += 10  # a chart that would draw, wrongly
    payload = json.dumps([drawings.FORMAT, tree], separators=(",", ":"))
    digest = text.split("\n", 2)[1]
    assert drawings.load(drawings.MAGIC + digest + "\n" + payload) is None


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json",
        "[2, {}]",
        _seal({"k": "Drawing", "a": {}, "c": {}}),
        _seal({"k": "String", "a": {"contents": []}}),
        drawings.MAGIC + "0" * 64 + "\n" + "[2, {}]",
    ],
)
def test_load_refuses_what_dump_never_writes(text: str | None) -> None:
    assert drawings.load(text) is None


def test_load_refuses_nan_and_infinity() -> None:
    tree = {
        "k": "Drawing",
        "a": {"width": 10.0, "height": 10.0, "transform": {"t": [1, 0, 0, 1, 0, 0]}},
        "c": [],
    }
    assert drawings.load(_seal(tree)) is not None
    for constant in ("NaN", "Infinity", "-Infinity"):
        text = _seal(tree).replace('"width":10.0', f'"width":{constant}')
        assert drawings.load(text) is None
