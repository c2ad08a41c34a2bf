"""Error messages in the project's words, at the line the author wrote (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import BriefError
from briefing.pipeline import load_brief
from briefing.world.disk import DiskWorld, load_theme_file, theme_fonts
from tests.conftest import ROOT

EXAMPLE = (ROOT / "briefs" / "syria-withdrawal.yaml").read_text(encoding="utf-8")
DEFAULT_THEME = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))


def _house(folder: Path, old: str, new: str) -> None:
    assert old in DEFAULT_THEME
    (folder / "house.yaml").write_text(
        DEFAULT_THEME.replace("name: default", "name: house").replace(old, new), encoding="utf-8"
    )


def _check(folder: Path, text: str) -> list[str]:
    path = folder / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BriefError) as info:
        load_brief(DiskWorld(path, "brief.yaml"))
    return [d.headline() for d in info.value.diagnostics]


def test_a_bad_theme_colour_names_the_value_written(tmp_path: Path) -> None:
    _house(tmp_path, 'accent: "#1f3a5f"', "accent: crimson")
    found = _check(tmp_path, EXAMPLE.replace("theme: default", "theme: house.yaml"))
    assert len(found) == 1, found
    assert "colours.accent: expected a colour written #rrggbb, got 'crimson'" in found[0]
    assert "{" not in found[0] and "!r" not in found[0]


def test_a_missing_theme_font_is_reported_at_the_font_key(tmp_path: Path) -> None:
    _house(tmp_path, "bold: NotoSans-Bold.ttf", "bold: Missing-Bold.ttf")
    line = 1 + DEFAULT_THEME.split("bold: NotoSans-Bold.ttf")[0].count("\n")
    theme = load_theme_file(tmp_path / "house.yaml", "house.yaml")
    with pytest.raises(BriefError) as info:
        theme_fonts(theme)
    (found,) = info.value.diagnostics
    assert (found.file, found.line, found.field) == ("house.yaml", line, "fonts.bold")
    assert found.column == 9
    assert "'Missing-Bold.ttf' not found" in found.message


def test_a_missing_fallback_font_is_reported_at_its_item(tmp_path: Path) -> None:
    _house(tmp_path, "    - NotoSansArmenian-Regular.ttf\n", "    - Gone.ttf\n")
    line = 1 + DEFAULT_THEME.split("    - NotoSansArmenian-Regular.ttf")[0].count("\n")
    with pytest.raises(BriefError) as info:
        theme_fonts(load_theme_file(tmp_path / "house.yaml", "house.yaml"))
    (found,) = info.value.diagnostics
    assert (found.file, found.line, found.field) == ("house.yaml", line, "fonts.fallbacks[1]")
    assert "'Gone.ttf' not found" in found.message


def test_check_reports_a_missing_theme_font_at_the_briefs_theme_line(tmp_path: Path) -> None:
    _house(tmp_path, "bold: NotoSans-Bold.ttf", "bold: Missing-Bold.ttf")
    text = EXAMPLE.replace("theme: default", "theme: house.yaml")
    line = 1 + text.split("theme: house.yaml")[0].count("\n")
    found = _check(tmp_path, text)
    assert len(found) == 1, found
    assert found[0].startswith(f"brief.yaml:{line}:"), found
    assert "layout.theme" in found[0] and "fonts.bold" in found[0]
    assert "house.yaml:" in found[0] and "'Missing-Bold.ttf' not found" in found[0]
