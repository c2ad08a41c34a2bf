"""The working directory and stray settings change nothing and run nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL

HOSTILE_SETTINGS = "import pathlib\npathlib.Path('{marker}').write_text('ran')\n"


def _briefing(
    args: list[str], cwd: Path, env: dict[str, str], python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """``python -m briefing ARGS`` in ``cwd`` with ``env`` (``python``: interpreter options)."""
    return subprocess.run(
        [sys.executable, *python, "-m", "briefing", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )


@pytest.mark.timeout(120)
def test_hostile_working_directory(tmp_path: Path) -> None:
    clean, hostile = tmp_path / "clean", tmp_path / "hostile"
    clean.mkdir()
    hostile.mkdir()
    marker = tmp_path / "marker"
    for folder in (clean, hostile):
        (folder / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    (hostile / "reportlab_settings.py").write_text(HOSTILE_SETTINGS.format(marker=marker))
    (hostile / "local_rl_settings.py").write_text(HOSTILE_SETTINGS.format(marker=marker))
    (hostile / "matplotlibrc").write_text("font.family: Comic Sans MS\naxes.facecolor: red\n")
    (hostile / "yaml.py").write_text(HOSTILE_SETTINGS.format(marker=marker))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RL_")}
    env["SOURCE_DATE_EPOCH"] = "1458000000"
    hostile_env = {
        **env,
        "RL_trustedHosts": "*",
        "RL_canvas_basefontname": "Courier",
        "RL_invariant": "0",
    }
    outputs = []
    for folder, run_env in ((clean, env), (hostile, hostile_env)):
        result = _briefing(["build", "brief.yaml", "-o", "out.pdf"], folder, run_env)
        assert result.returncode == 0, result.stderr
        outputs.append((folder / "out.pdf").read_bytes())
    assert not marker.exists(), "a file from the working directory was executed"
    assert outputs[0] == outputs[1]


RENDER = """
from pathlib import Path
from briefing.charts.svg import render_svg
from briefing.world.disk import DiskWorld, theme_fonts
theme = DiskWorld(Path("x.yaml")).theme("default")
files = theme_fonts(theme)
spec = {"type": "bar", "labels": ["A", "B"], "values": [3.0, 5.0], "qualifiers": [None, None],
        "statuses": [None, None], "unit": "t", "size": [300.0, 150.0], "font": 7.5, "wrap": 20,
        "colours": theme.colours.model_dump(), "rule": 0.6}
svg = render_svg(spec, [files.regular.path, files.bold.path])
print("#ff0000" in svg.lower(), "comic" in svg.lower())
"""


@pytest.mark.timeout(120)
def test_a_matplotlibrc_in_the_working_directory_changes_no_chart(tmp_path: Path) -> None:
    (tmp_path / "matplotlibrc").write_text(
        "font.family: Comic Sans MS\naxes.facecolor: red\nfigure.facecolor: red\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", RENDER],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=100,
        check=True,
    )
    assert result.stdout.split() == ["False", "False"], result.stdout


def _plugin_site(folder: Path, marker: Path) -> Path:
    """A folder holding an installed pydantic plugin that leaves ``marker`` when loaded."""
    site = folder / "site"
    info = site / "evilplug-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evilplug\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nevil = evilplug_mod:plugin\n")
    (site / "evilplug_mod.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('loaded')\nplugin = object()\n"
    )
    return site


@pytest.mark.timeout(120)
def test_an_installed_pydantic_plugin_never_sees_a_brief(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    site = _plugin_site(tmp_path, marker)
    (tmp_path / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "BRIEFING_CACHE_DIR": str(tmp_path / "c")}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    # the plugin is live: plain pydantic validation loads it
    probe = "from briefing.model import Brief\nBrief.model_validate({})"
    subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, check=False)
    assert marker.exists(), "the test plugin was not loaded by pydantic itself"
    marker.unlink()
    for command in (["build", "brief.yaml", "-o", "out.pdf"], ["check", "brief.yaml"]):
        result = _briefing(command, tmp_path, env)
        assert result.returncode == 0, result.stderr
        assert not marker.exists(), f"briefing {command[0]} loaded a pydantic plugin"
