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

import briefing.plots as plots
from briefing import drawings
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


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json",
        "[2, {}]",
        '[1, {"k": "Group", "a": {}, "c": []}]',  # not a drawing at the top
        '[1, {"k": "Drawing", "a": {"_attrMap": 1}, "c": []}]',
        '[1, {"k": "Drawing", "a": {}, "c": {}}]',
        '[1, {"k": "Drawing", "a": {}, "c": [{"k": "os.system", "a": {}}]}]',
        '[1, {"k": "Drawing", "a": {"x": {"rgba": ["a", 0, 0, 1]}}, "c": []}]',
        '[1, {"k": "Drawing", "a": {"x": {"exec": "print(1)"}}, "c": []}]',
        '[1, {"k": "String", "a": {"contents": []}}]',
        json.dumps([1, {"k": "Drawing", "a": {}, "c": [[]] * 3}]),
    ],
)
def test_load_refuses_what_dump_never_writes(text: str | None) -> None:
    assert drawings.load(text) is None
