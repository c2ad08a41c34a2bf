"""Layout has one owner (issue 20): the fit loop is layout's, with the render as a callback, and
the sidebar's pages are decided once, in layout, and followed by the render."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.platypus import Flowable

from briefing.errors import LayoutError
from briefing.layout import beside
from briefing.layout.fit import GRID, Layout, fit_one_page, scale_at, step_of
from briefing.layout.paging import fit_page, flow_pages
from briefing.layout.tagging import untagged
from briefing.pipeline import materials_for
from briefing.read import parse_brief
from briefing.validate.checks import validate
from tests.conftest import ROOT, page_text
from tests.test_fit import brief_text, build, with_facts
from tests.worlds import MemoryWorld


@dataclass
class Fake:
    """What the loop reads of a render."""

    pages: int
    sidebar_overflow: bool = False
    sidebar_left: float = 0.0


def _materials(text: str) -> object:
    world = MemoryWorld(text)
    brief = validate(parse_brief(text.encode(), "fit.yaml"), world)
    return materials_for(brief, world)


def test_the_one_page_loop_steps_down_when_the_render_disagrees() -> None:
    materials = _materials(brief_text(10))
    chosen = step_of(fit_one_page(materials))  # type: ignore[arg-type]
    assert chosen is not None and 0 < chosen < GRID
    seen: list[float] = []

    def render(layout: Layout, breaks: int) -> Fake:
        seen.append(layout.scale)
        assert breaks == 0
        return Fake(pages=2 if len(seen) == 1 else 1)  # the render disagrees once

    layout, rendered = fit_page(materials, render, None, "fit.yaml")  # type: ignore[arg-type]
    assert rendered.pages == 1
    assert seen == [scale_at(chosen), scale_at(chosen - 1)]
    assert layout.scale == scale_at(chosen - 1)


def test_the_one_page_loop_names_what_does_not_fit_when_no_step_renders_one_page() -> None:
    materials = _materials(brief_text(2))

    def render(layout: Layout, breaks: int) -> Fake:
        return Fake(pages=1, sidebar_overflow=True)

    with pytest.raises(LayoutError) as raised:
        fit_page(materials, render, None, "fit.yaml")  # type: ignore[arg-type]
    assert "does not fit on one page" in str(raised.value)
    assert raised.value.diagnostics


def test_the_flow_loop_adds_pages_until_the_sidebar_is_placed() -> None:
    materials = _materials(with_facts(4, 3))
    calls: list[int] = []

    def render(layout: Layout, breaks: int) -> Fake:
        calls.append(breaks)
        left = 1000.0 if len(calls) == 1 else 0.0
        return Fake(pages=1 + breaks, sidebar_overflow=bool(left), sidebar_left=left)

    _, rendered = flow_pages(materials, render)  # type: ignore[arg-type]
    assert calls[0] == 0 and len(calls) == 2 and calls[1] >= 2  # 1000 pt is two sidebars
    assert not rendered.sidebar_overflow


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_pipeline_only_wires_the_stages() -> None:
    """No loop over scales or pages in pipeline.py: it passes the render to layout's loop."""
    tree = ast.parse((ROOT / "src/briefing/pipeline.py").read_text(encoding="utf-8"))
    loops = [n for n in ast.walk(tree) if isinstance(n, ast.While)]
    assert not loops
    layout = ROOT / "src" / "briefing" / "layout"
    for path in layout.glob("*.py"):
        assert not any(m.startswith("briefing.render") for m in _imports(path)), path.name


def test_the_render_places_the_sidebar_pages_layout_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every sidebar page the render draws is the groups layout's take_sidebar chose."""
    from briefing.render import page as pages  # the painter of a part's pages

    decided: list[list[str]] = []

    def recording(
        groups: list[list[Flowable]], room: float, width: float
    ) -> tuple[list[list[Flowable]], float]:
        take, used = beside.take_sidebar(groups, room, width)
        decided.append([label for group in take if (label := _text(group))])
        return take, used

    monkeypatch.setattr(pages, "take_sidebar", recording)
    built = build(with_facts(16, 12))
    assert built.pages == 2  # type: ignore[attr-defined]
    last = [decision for decision in decided if decision][-2:]  # the accepted render's pages
    assert len(last) == 2
    for number, groups in enumerate(last):
        text = page_text(built.pdf, number)  # type: ignore[attr-defined]
        for label in groups:
            assert re.search(label + r"\b", text), (number, label)
    assert last[0][0] == "Fact 0" and last[1][-1] == "Fact 15"
    assert not set(last[0]) & set(last[1])  # each group on the one page layout chose


def test_the_sidebar_height_is_the_decision_on_an_endless_sidebar() -> None:
    materials = _materials(with_facts(6, 5))
    layout = fit_one_page(materials)  # type: ignore[arg-type]
    groups = layout.story.sidebar
    width = layout.geo.sidebar_width - 2 * layout.theme.spacing.block_padding
    take, used = beside.take_sidebar(groups, float("inf"), width)
    assert take == groups and used == beside.sidebar_height(groups, width) > 0
    few, part = beside.take_sidebar(groups, used / 2, width)
    assert 0 < len(few) < len(groups) and part <= used / 2


def _text(group: list[Flowable]) -> str:
    """The fact labels (``Fact 3``) a sidebar group holds."""
    words = []
    for flowable in group:
        inner = untagged(flowable)
        plain = getattr(inner, "getPlainText", None)
        if callable(plain):
            words.append(plain())
    labels = re.findall(r"Fact \d+", " ".join(words))
    return labels[0] if labels else ""
