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


def test_the_collectors_thresholds_are_raised_for_a_command_and_put_back_after(
    tmp_path: Path,
) -> None:
    """``main`` collects cyclic garbage less often while its command runs (a build allocates
    millions of short-lived objects) and gives a calling program its thresholds back, also
    when the command fails."""
    import gc

    from briefing.shell import cli
    from briefing.shell.isolation import YOUNGEST

    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []

    @cli.cli.command("probe-thresholds", hidden=True)
    def probe() -> None:
        seen.append(gc.get_threshold())
        raise RuntimeError("the command fails")

    try:
        gc.set_threshold(1234, 5, 6)
        with pytest.raises((SystemExit, RuntimeError)):
            cli.main(["probe-thresholds"])
        assert seen == [(YOUNGEST, 5, 6)]
        assert gc.get_threshold() == (1234, 5, 6)
        with pytest.raises(SystemExit) as ended:
            cli.main(["check", str(tmp_path / "missing.yaml")])
        assert ended.value.code == 1
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)
        cli.cli.commands.pop("probe-thresholds", None)


RUN = r"""
import gc, sys
from briefing.shell.entry import run
try:
    run()
finally:
    print("frozen", gc.get_freeze_count() > 1000, file=sys.stderr)
"""


@pytest.mark.parametrize(("args", "code"), [(["--version"], 0), (["check", "missing.yaml"], 1)])
def test_the_command_ends_its_own_process_without_a_last_collection(
    tmp_path: Path, args: list[str], code: int
) -> None:
    """``run`` (the ``briefing`` script and ``python -m briefing``) freezes the heap after the
    command, so Python's shutdown does not walk it once more (~30 ms a pass after a build); its
    exit status and output are the command's, and exit handlers still run."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert result.returncode == code, result.stderr
    assert "frozen True" in result.stderr
    if code == 0:
        assert "briefing, version" in result.stdout
    else:
        assert "missing.yaml" in result.stderr
