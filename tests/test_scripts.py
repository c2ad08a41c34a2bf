"""Scripts: coverage warnings with positions, right-to-left text shaped and ordered."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefing.bidi import is_rtl_paragraph, visual_ltr
from briefing.cli import cli
from tests.conftest import build_text, fonts_of, page_text
from tests.pixels import assert_matches, rasterise

UNICODE = """\
title: Unicode test — Привет, Ελλάδα
date: 2016-03-14
summary: Mixed scripts in one brief.
key_facts:
  - label: Russian
    value: Министерство обороны
  - label: Japanese
    value: 日本の防衛省
sections:
  - heading: Block
    text: |
      Line one is fine.
      Line two has 中文 inside.
"""

ARABIC = """\
title: Arabic line
date: 2016-03-14
summary: وزارة الدفاع الروسية أعلنت الانسحاب.
sections:
  - heading: Mixed
    text: The ministry (وزارة الدفاع) said so.
key_facts:
  - label: Hebrew
    value: משרד הביטחון
layout: {sidebar: none}
"""


def test_uncovered_characters_are_warned_with_position(tmp_path: Path) -> None:
    brief = tmp_path / "unicode.yaml"
    brief.write_text(UNICODE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(brief)])
    assert result.exit_code == 0
    assert (
        f"{brief}:8:12: warning: key_facts[1].value: no font covers '日' (U+65E5), "
        "'本' (U+672C), 'の' (U+306E), '防' (U+9632), '衛' (U+885B) and 1 more" in result.stderr
    )
    assert (
        f"{brief}:13:20: warning: sections[0].text: no font covers '中' (U+4E2D), "
        "'文' (U+6587)" in result.stderr
    )
    assert "Министерство" not in result.stderr  # Cyrillic and Greek are covered


def test_build_prints_the_warning_and_still_builds(tmp_path: Path) -> None:
    brief = tmp_path / "unicode.yaml"
    brief.write_text(UNICODE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(brief), "-o", str(tmp_path / "u.pdf")])
    assert result.exit_code == 0
    assert "no font covers '日'" in result.stderr
    assert (tmp_path / "u.pdf").exists()


def test_direction_detection() -> None:
    assert is_rtl_paragraph("وزارة الدفاع said")
    assert not is_rtl_paragraph("The ministry (وزارة الدفاع) said")
    assert not is_rtl_paragraph("2016 only digits")


def test_rtl_run_inside_ltr_text_is_put_in_visual_order() -> None:
    assert visual_ltr("The ministry وزارة الدفاع said") == "The ministry الدفاع وزارة said"
    assert visual_ltr("plain latin text") == "plain latin text"


def test_arabic_and_hebrew_use_the_rtl_font_and_render_as_reviewed() -> None:
    pdf = build_text(ARABIC).pdf
    assert any("NotoSansRTL" in name for name in fonts_of(pdf))
    assert "The ministry" in page_text(pdf)
    # reference inspected by eye: joined Arabic letters, words right to left, right-aligned
    assert_matches(rasterise(pdf, dpi=60).crop((0, 0, 500, 230)), "scripts/arabic.png")
