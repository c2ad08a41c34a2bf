"""Process-global settings a build changes are put back after it, also when the build fails."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from reportlab import rl_config

import briefing.render.pages as pages
from briefing.read import parse_brief
from briefing.world.cache import Cache
from tests.conftest import EXAMPLE, ROOT, build_doc
from tests.worlds import MemoryWorld


class _Failing(pages.Recorder):
    """A recorder that fails when the first page is closed, in the middle of ReportLab's build."""

    def close_artifact(self, canvas: object) -> None:
        raise RuntimeError("boom while drawing")


def test_a85_setting_is_put_back_when_the_render_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    monkeypatch.setattr(pages, "Recorder", _Failing)
    monkeypatch.setattr(rl_config, "useA85", 7)  # a value only this test sets
    with pytest.raises(RuntimeError, match="boom while drawing"):
        build_doc(parse_brief(text.encode(), "example.yaml"), MemoryWorld(text, "example.yaml"))
    assert rl_config.useA85 == 7


def test_the_font_managers_log_level_is_put_back_after_a_chart(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "corpus" / "charts.yaml").read_text(encoding="utf-8")
    world = MemoryWorld(text, "charts.yaml", cache=Cache(tmp_path))  # charts drawn, not cached
    quiet = logging.getLogger("matplotlib.font_manager")
    before = quiet.level
    quiet.setLevel(logging.DEBUG)
    try:
        build_doc(parse_brief(text.encode(), "charts.yaml"), world)
        assert quiet.level == logging.DEBUG
    finally:
        quiet.setLevel(before)
