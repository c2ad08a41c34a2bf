"""Importing and using briefing leaves the process as it found it; no settings file is run.

Each check runs in a fresh interpreter, so that nothing another test imported hides a change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

STATE = r"""
import json, re, sys, types
def snapshot():
    import reportlab.pdfbase.ttfonts as ttfonts
    return {
        "re_cache": sorted({type(v).__name__ for v in getattr(re, "_cache", {}).values()}),
        "modules": sorted(
            name for name, m in sys.modules.items()
            if m is not None and not isinstance(m, types.ModuleType)
            and not name.startswith("typing.")  # Python's own typing.io and typing.re
        ),
        "odd_modules": sorted(
            name for name, m in sys.modules.items()
            if isinstance(m, types.ModuleType) and type(m) is not types.ModuleType
            and not name.startswith(("six.", "_distutils_hack"))
        ),
        "no_file": sorted(
            name for name, m in sys.modules.items()
            if isinstance(m, types.ModuleType) and getattr(m, "__spec__", None) is None
            and name not in sys.builtin_module_names and name not in ("__main__",)
        ),
        "shape_defaults": repr(getattr(ttfonts, "shapeFragWord").__defaults__),
    }
import reportlab.platypus  # the stack, imported first: its own state is the reference
before = snapshot()
from pathlib import Path
from datetime import datetime, UTC
from briefing.world.disk import DiskWorld
from briefing.pipeline import build_pdf, load_brief
world = DiskWorld(Path(sys.argv[1]), clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
doc, brief = load_brief(world)
build_pdf(brief, world, doc)
print(json.dumps({"before": before, "after": snapshot()}))
"""


@pytest.mark.timeout(120)
def test_importing_and_building_patches_nothing(tmp_path: Path) -> None:
    """``re``'s cache holds only compiled patterns, ``sys.modules`` only real modules (no lazy
    stand-ins, no stand-in for a private module), and ReportLab's functions keep their
    defaults, before and after a build through the library."""
    result = subprocess.run(
        [sys.executable, "-c", STATE, str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")},
        timeout=100,
    )
    state = json.loads(result.stdout)
    before, after = state["before"], state["after"]
    assert after["re_cache"] in (["Pattern"], []), after["re_cache"]
    assert after["modules"] == [] and after["odd_modules"] == [], after
    assert after["shape_defaults"] == before["shape_defaults"]
    assert "pydantic.plugin._loader" not in after["no_file"]
    assert "reportlab_settings" not in after["no_file"]  # the library never shields


SETTINGS = "import pathlib\npathlib.Path({marker!r}).write_text('ran')\n"


def _home_with_settings(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    home.mkdir()
    marker = tmp_path / "marker"
    (home / ".reportlab_settings").write_text(SETTINGS.format(marker=str(marker)))
    return home, marker


@pytest.mark.timeout(120)
def test_reportlab_still_runs_a_home_settings_file_without_the_shield(tmp_path: Path) -> None:
    """The hazard is real (and this check would see it): ReportLab, imported plainly,
    executes ``~/.reportlab_settings``. If ReportLab stops doing so, this test fails and
    :mod:`briefing.shell.isolation` can be simplified."""
    home, marker = _home_with_settings(tmp_path)
    subprocess.run(
        [sys.executable, "-c", "import reportlab.rl_config"],
        env={**os.environ, "HOME": str(home)},
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    assert marker.read_text() == "ran"


@pytest.mark.timeout(200)
@pytest.mark.parametrize("how", ["script", "module"])
def test_no_settings_file_is_run_by_the_command(tmp_path: Path, how: str) -> None:
    home, marker = _home_with_settings(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    (work / "reportlab_settings.py").write_text(SETTINGS.format(marker=str(marker)))
    shutil.copy(EXAMPLE, work / "brief.yaml")
    script = shutil.which("briefing")
    if how == "script" and script is None:
        pytest.skip("the briefing script is not installed on PATH")
    command = [script] if how == "script" else [sys.executable, "-m", "briefing"]
    result = subprocess.run(
        [*command, "build", "brief.yaml", "-o", "out.pdf"],  # type: ignore[list-item]
        env={
            **os.environ,
            "HOME": str(home),
            "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
            "PYTHONPATH": str(ROOT / "src"),
        },
        cwd=work,
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "out.pdf").read_bytes().startswith(b"%PDF")
    assert not marker.exists(), "a ReportLab settings file was executed"


def test_the_shield_changes_nothing_once_reportlab_is_imported() -> None:
    """In a process that imported ReportLab already (a program calling briefing.shell.cli.main), its
    settings were read by that program's choice: the shield leaves sys.modules alone."""
    import sys

    import reportlab  # noqa: F401  (imported: too late to shield)

    from briefing.shell.isolation import SETTINGS_MODULE, shield_reportlab_settings

    before = sys.modules.get(SETTINGS_MODULE)
    assert shield_reportlab_settings() is False
    assert sys.modules.get(SETTINGS_MODULE) is before
