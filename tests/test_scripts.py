"""Scripts: coverage warnings with positions, right-to-left text shaped and ordered."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.materials.bidi import is_rtl_paragraph, levels, visual_order
from briefing.materials.fonts import FontSet
from briefing.shell.cli import cli
from tests.conftest import build_text, fonts_of, page_text
from tests.pagecheck import chars
from tests.pixels import assert_matches, rasterise

UNICODE = """\
title: Unicode test — Привет, Ελλάδα
date: 2016-03-14
summary: Mixed scripts in one brief.
key_facts:
  - label: Russian
    value: Министерство обороны
  - label: Ethiopic
    value: ሰላም ለዓለም ሁሉ
  - label: Japanese
    value: 日本の防衛省
sections:
  - heading: Block
    text: |
      Line one is fine.
      Line two has ሀገር inside.
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


def test_uncovered_characters_are_errors_with_position(tmp_path: Path) -> None:
    brief = tmp_path / "unicode.yaml"
    brief.write_text(UNICODE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(brief)])
    assert result.exit_code == 1
    assert (
        f"{brief}:8:12: error: key_facts[1].value: no font covers "
        "'ሰ' (U+1230 ETHIOPIC SYLLABLE SA), 'ላ' (U+120B ETHIOPIC SYLLABLE LAA), "
        "'ም' (U+121D ETHIOPIC SYLLABLE ME), 'ለ' (U+1208 ETHIOPIC SYLLABLE LA), "
        "'ዓ' (U+12D3 ETHIOPIC SYLLABLE PHARYNGEAL AA) and 2 more" in result.stderr
    )
    assert (
        f"{brief}:15:20: error: sections[0].text: no font covers 'ሀ' (U+1200 ETHIOPIC "
        "SYLLABLE HA), 'ገ' (U+1308 ETHIOPIC SYLLABLE GA), 'ር' (U+122D ETHIOPIC SYLLABLE RE)"
        in result.stderr
    )
    assert "Министерство" not in result.stderr  # Cyrillic and Greek are covered
    assert "日" not in result.stderr  # Chinese, Japanese, Korean: the CJK fallback face


def test_build_prints_the_warning_and_still_builds_when_the_brief_accepts_it(
    tmp_path: Path,
) -> None:
    brief = tmp_path / "unicode.yaml"
    brief.write_text(UNICODE + "layout: {missing_glyphs: warn}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(brief), "-o", str(tmp_path / "u.pdf")])
    assert result.exit_code == 0
    assert "warning: key_facts[1].value: no font covers 'ሰ'" in result.stderr
    assert (tmp_path / "u.pdf").exists()


def test_direction_detection() -> None:
    assert is_rtl_paragraph("وزارة الدفاع said")
    assert not is_rtl_paragraph("The ministry (وزارة الدفاع) said")
    assert not is_rtl_paragraph("2016 only digits")


def test_levels_follow_the_bidi_algorithm_brackets_included() -> None:
    text = "Tripoli (طرابلس), Lebanon"
    found = dict(zip(range(len(text)), levels(text), strict=True))
    assert {found[text.index(c)] for c in "طرابلس"} == {1}
    # the brackets pair around the Arabic and take the paragraph's direction; the comma too
    assert found[text.index("(")] == found[text.index(")")] == found[text.index(",")] == 0
    assert levels("plain latin text") == (0,) * 16
    rtl = "وزارة 2016"
    assert levels(rtl)[-4:] == (2, 2, 2, 2)  # digits in right-to-left text: level 2


#: UAX #9 conformance cases for what briefs rely on, in the format of Unicode's
#: BidiCharacterTest.txt (code points; paragraph direction, 2 = auto; resolved paragraph level;
#: resolved levels): Hebrew and Arabic with Latin, European and Arabic numbers, a terminator,
#: a separator between numbers, bracket pairs (N0) in both directions, a mark, a lone bracket,
#: a boundary neutral (ZWNJ, X9: the level before it).
CONFORMANCE = """\
05D0 0020 0028 0061 0029;2;1;1 1 1 2 1
0061 0020 0028 05D0 0029 0020 0062;2;0;0 0 0 1 0 0 0
0061 0020 05D0 0020 0028 05D1 0029;2;0;0 0 1 1 1 1 1
05D0 0020 0061 0028 0062;2;1;1 1 2 2 2
05D0 0020 0031 0032 0033;2;1;1 1 2 2 2
0627 0020 0031 0032;2;1;1 1 2 2
0627 0020 0031 002C 0035;2;1;1 1 2 2 2
05D0 0020 0031 0030 0025;2;1;1 1 2 2 2
0061 0020 05D0 0020 0031;2;0;0 0 1 1 2
0628 064E 0020 0061;2;1;1 1 1 2
0628 200C 0020 0061 0020 0031;2;1;1 1 1 2 2 2
"""


def test_levels_pass_the_uax9_conformance_cases_briefs_rely_on() -> None:
    for line in CONFORMANCE.splitlines():
        points, _direction, paragraph, expected = line.split(";")
        text = "".join(chr(int(p, 16)) for p in points.split())
        assert is_rtl_paragraph(text) == (paragraph == "1"), line
        assert levels(text) == tuple(int(n) for n in expected.split()), line


def test_levels_are_resolved_without_pythonbidis_reordering() -> None:
    """The levels come from our rules W1 to I2, not from a report of ``get_display``."""
    import briefing.materials.bidi as bidi

    assert not hasattr(bidi, "get_display")
    text = "وزارة (Tripoli) 2015"
    assert levels(text) == (1,) * 6 + (1,) + (2,) * 7 + (1,) + (1,) + (2,) * 4


def test_visual_order_reverses_from_the_highest_level_down() -> None:
    assert visual_order([0, 1, 0]) == [0, 1, 2]
    assert visual_order([1, 2, 1]) == [2, 1, 0]
    assert visual_order([1, 2, 1, 2]) == [3, 2, 1, 0]
    assert visual_order([0, 0]) == [0, 1]


TRIPOLI = """\
title: Tripoli
date: 2016-03-14
summary: The office in Tripoli (طرابلس), Lebanon, reported.
sections:
  - heading: ملخص الوضع
    text: وزارة (الدفاع) أعلنت.
    quote:
      text: أعلن المتحدث باسم الوزارة أن العملية انتهت
      speaker: أحمد الخطيب
  - heading: Bold and italic
    text: The name **طرابلس** in bold and *بيروت* in italic.
layout: {sidebar: none}
"""


def _line_of(found: list, word: str) -> list:
    """The characters of the text line that holds ``word`` (extracted), left to right."""
    text = "".join(c.text for c in found)
    at = text.index(word)
    y = found[at].baseline
    line = [c for c in found if abs(c.baseline - y) < 1.0]
    return sorted(line, key=lambda c: c.box[0])


def test_brackets_and_comma_stay_where_they_belong_in_left_to_right_text() -> None:
    pdf = build_text(TRIPOLI).pdf
    line = _line_of(chars(pdf), "office")
    x: dict[str, float] = {}
    for c in line:  # the first of each, left to right
        x.setdefault(c.text, c.box[0])
    arabic = [c.box[0] for c in line if "NotoSansRTL" in c.font]
    assert arabic, "the Arabic name is on the line"
    # Tripoli (طرابلس), Lebanon: '(' then the Arabic, then ')' and the comma, then Lebanon
    assert x["("] < min(arabic) and max(arabic) < x[")"] < x[","] < x["L"]


def test_brackets_are_mirrored_in_right_to_left_text() -> None:
    pdf = build_text(TRIPOLI).pdf
    line = _line_of(chars(pdf), "(")
    brackets = [c.text for c in line if c.text in "()"]
    # وزارة (الدفاع): drawn right to left, the bracket on the left looks like '('
    assert brackets == ["(", ")"]


def test_bold_and_italic_arabic_are_set_in_the_rtl_faces() -> None:
    pdf = build_text(TRIPOLI).pdf
    used = fonts_of(pdf)
    assert any("NotoSansRTL-Bold" in name for name in used)  # heading, speaker, **name**
    assert any("NotoSansRTL-Regular" in name for name in used)  # *italic*: upright face
    assert all(embedded for embedded in used.values())
    # each line's Arabic in the face of its weight: the heading bold, the italic upright
    summary = _line_of(chars(pdf), "office")
    assert {c.font.split("+")[-1] for c in summary if "RTL" in c.font} == {"NotoSansRTL-Regular"}
    faces = {c.font.split("+")[-1] for c in chars(pdf)}
    assert "NotoSansRTL-Bold" in faces and "NotoSansRTL-Regular" in faces


def test_arabic_and_hebrew_use_the_rtl_font_and_render_as_reviewed() -> None:
    pdf = build_text(ARABIC).pdf
    assert any("NotoSansRTL" in name for name in fonts_of(pdf))
    assert "The ministry" in page_text(pdf)
    # reference inspected by eye: joined Arabic letters, words right to left, right-aligned
    assert_matches(rasterise(pdf, dpi=60).crop((0, 0, 500, 230)), "scripts/arabic.png")


def test_every_face_is_asked_for_coverage() -> None:
    from briefing.materials.text import uncovered
    from tests.worlds import MemoryWorld

    world = MemoryWorld(b"")
    fonts = world.fonts(world.theme("default"))
    # Arabic: bold and italic text fall back to the RTL face of the weight, so it is covered
    # faces are registered under their file's name and a digest of their content
    assert str(fonts.face_for("ط", bold=True)).startswith("NotoSansRTL-Bold-")
    assert str(fonts.face_for("ط", italic=True)).startswith("NotoSansRTL-Regular-")
    assert str(fonts.face_for("日", bold=True, italic=True)).startswith("DroidSansFallback-")
    assert uncovered("طرابلس 日本", fonts) == []
    # a theme whose bold face lacks a script is reported, though the regular face has it
    rtl_bold = str(fonts.face_for("ط", bold=True))
    thin = type(fonts)(fonts.regular, rtl_bold, fonts.italic, fonts.bold_italic, ())
    assert uncovered("Ж", thin) == ["Ж"]


def _uncovered_per_character(text: str, fonts: FontSet) -> list[str]:
    """The definition :func:`briefing.materials.text.uncovered` keeps: each distinct character,
    in the order it first stands, that is no space and that some weight and slant's chain of
    faces cannot set."""
    styles = ((False, False), (True, False), (False, True), (True, True))
    return [
        ch
        for ch in dict.fromkeys(text)
        if not ch.isspace() and any(fonts.face_for(ch, b, i) is None for b, i in styles)
    ]


@cache
def _font_sets() -> tuple[FontSet, ...]:
    from tests.worlds import MemoryWorld

    world = MemoryWorld(b"")
    fonts = world.fonts(world.theme("default"))
    rtl, rtl_bold = str(fonts.face_for("ط")), str(fonts.face_for("ط", bold=True))
    armenian = str(fonts.face_for("Ա"))
    return (
        fonts,
        # main faces that differ in what they cover, with fewer or other fallbacks
        FontSet(fonts.regular, rtl_bold, fonts.italic, fonts.bold_italic, ()),
        FontSet(fonts.regular, fonts.bold, armenian, fonts.bold_italic, fonts.fallbacks[:1]),
        FontSet(rtl, fonts.bold, fonts.italic, armenian, tuple(reversed(fonts.fallbacks))),
    )


_SCRIPTS = (
    "aZ09 .,;—’“€\u00a0\u2003\t\n\r\u3000"  # Latin, punctuation and spaces
    "ЖжΩλطرابلسשלוםԱբգ日本の防衛省한국어ሰላም"  # Cyrillic, Greek, Arabic, Hebrew, Armenian, CJK...
    "\u0301\u200d\u0378\ue000\U000e0001\U0010fffd\ufffd"  # combining, unassigned, private use
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(st.one_of(st.sampled_from(_SCRIPTS), st.characters()), max_size=60),
    which=st.integers(0, 3),
)
def test_uncovered_is_the_per_character_definition(text: str, which: int) -> None:
    from briefing.materials.text import _uncovered, uncovered

    fonts = _font_sets()[which]
    _uncovered.cache_clear()  # each example computed afresh, not remembered
    assert uncovered(text, fonts) == _uncovered_per_character(text, fonts)


def test_cjk_prints_in_the_embedded_fallback_face() -> None:
    pdf = build_text(
        "title: 日本の防衛省 and **中文**\ndate: 2016-03-14\nsummary: 한국어 and *日本語*.\n"
    ).pdf
    used = fonts_of(pdf)
    assert any("DroidSansFallback" in name for name in used) and all(used.values())
    text = page_text(pdf)
    assert "日本の防衛省" in text and "한국어" in text


_LETTERS = "אבגדהוזחטיכלמנסעפצקרשת"


def _hebrew(ch: str) -> bool:
    return "\u0590" <= ch <= "\u05ff"


HEBREW_WORDS = [a + b + c for a in _LETTERS[:6] for b in _LETTERS[6:12] for c in "לם"][:60]


def _lines(pdf: bytes) -> list[list]:
    found = chars(pdf)
    lines: dict[int, list] = {}
    for c in found:
        lines.setdefault(round(c.baseline), []).append(c)
    return [lines[y] for y in sorted(lines, reverse=True)]


def test_a_right_to_left_paragraph_wraps_in_logical_order_and_reads_from_the_right() -> None:
    text = " ".join(HEBREW_WORDS)
    pdf = build_text(
        f"title: T\ndate: 2016-03-14\nsummary: S.\nsections:\n  - heading: H\n    text: {text}\n"
        "layout: {sidebar: none}\n"
    ).pdf
    hebrew = [line for line in _lines(pdf) if any(_hebrew(c.text) for c in line)]
    assert len(hebrew) >= 2, "the paragraph wraps"
    # each line, read from the right, continues the text where the line above stopped
    read = ["".join(c.text for c in sorted(line, key=lambda c: -c.box[0])) for line in hebrew]
    assert "".join(read) == text.replace(" ", "")
    assert all(HEBREW_WORDS[0] not in line for line in read[1:])


def test_a_right_to_left_run_that_wraps_in_left_to_right_text_reads_on_across_lines() -> None:
    run = " ".join(HEBREW_WORDS[:40])
    pdf = build_text(
        "title: T\ndate: 2016-03-14\nsummary: S.\nsections:\n  - heading: H\n"
        f"    text: The mayor said {run} and left.\nlayout: {{sidebar: none}}\n"
    ).pdf
    lines = [line for line in _lines(pdf) if any(_hebrew(c.text) for c in line)]
    assert len(lines) >= 2
    first = sorted(lines[0], key=lambda c: c.box[0])
    latin = [c for c in first if c.text.isascii()]
    assert "".join(c.text for c in latin).startswith("Themayorsaid")
    # on each line the Hebrew part, read from the right, continues the run
    read = [
        "".join(c.text for c in sorted(line, key=lambda c: -c.box[0]) if _hebrew(c.text))
        for line in lines
    ]
    assert "".join(read) == run.replace(" ", "")
    # and on the first line the run starts at its right end, after the Latin words
    hebrew_first = [c for c in first if _hebrew(c.text)]
    assert min(c.box[0] for c in hebrew_first) > max(c.box[0] for c in latin)


def test_a_right_to_left_quote_has_its_rule_where_its_lines_begin() -> None:
    import io

    import pdfplumber

    text = (
        "title: T\ndate: 2016-03-14\nsummary: S\nsections:\n  - heading: H\n    text: Words.\n"
        "    quote: {text: أعلن المتحدث باسم الوزارة أن العملية انتهت بنجاح., speaker: أحمد}\n"
    )
    built = build_text(text)
    x, _, width, _ = built.frames["main-1"]
    with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
        rules = [line for line in pdf.pages[0].lines if abs(line["x0"] - line["x1"]) < 0.5]
    quote = max(rules, key=lambda line: line["top"])  # the first is the bottom line's accent
    assert abs(quote["x0"] - (x + width)) < 1  # at the right edge of the column
