"""Themes: built-in and brief-local theme files, refused paths, paper sizes, a visible change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.errors import BriefError
from tests.conftest import ROOT, build_file, fonts_of, reader
from tests.pixels import difference, rasterise

EXAMPLE = (ROOT / "briefs" / "syria-withdrawal.yaml").read_text(encoding="utf-8")


def build(folder: Path, text: str) -> bytes:
    path = folder / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    return build_file(path).pdf


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))


def test_print_theme_looks_different_and_uses_serif(tmp_path: Path) -> None:
    default = build(tmp_path, EXAMPLE)
    printed = build(tmp_path, EXAMPLE.replace("theme: default", "theme: print"))
    assert any("NotoSerif" in name for name in fonts_of(printed))
    score = difference(rasterise(default, dpi=30), rasterise(printed, dpi=30))
    assert score > 3.0, score


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_example_fits_one_page_on_both_papers(
    tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    pdf = reader(build(tmp_path, EXAMPLE.replace("paper: a4", f"paper: {paper}")))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_theme_file_next_to_the_brief(tmp_path: Path) -> None:
    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "house.yaml").write_text(
        theme.replace('accent: "#1f3a5f"', 'accent: "#aa0000"'), encoding="utf-8"
    )
    pdf = build(tmp_path, EXAMPLE.replace("theme: default", "theme: house.yaml"))
    page = rasterise(pdf, dpi=30)
    reds = sum(1 for r, g, b in page.get_flattened_data() if r > 140 and g < 60 and b < 60)
    assert reds > 50  # the headline is now red


@pytest.mark.parametrize(
    "theme", ["../house.yaml", "/etc/passwd", "~/house.yaml", "https://example.org/t.yaml"]
)
def test_theme_outside_the_folder_is_refused(tmp_path: Path, theme: str) -> None:
    with pytest.raises(BriefError) as info:
        build(tmp_path, EXAMPLE.replace("theme: default", f"theme: '{theme}'"))
    assert info.value.diagnostics[0].field == "layout.theme"


def test_invalid_theme_file_is_a_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: bad\ncolours: {ink: red}\n", encoding="utf-8")
    with pytest.raises(BriefError) as info:
        build(tmp_path, EXAMPLE.replace("theme: default", "theme: bad.yaml"))
    found = [d.headline() for d in info.value.diagnostics]
    assert any(
        "bad.yaml:2:" in line and "colours.ink" in line and "#rrggbb" in line for line in found
    ), found


def test_theme_sets_the_sidebar_side_unless_the_brief_does(tmp_path: Path) -> None:
    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "left.yaml").write_text(
        theme.replace("sidebar_side: right", "sidebar_side: left"), encoding="utf-8"
    )
    text = EXAMPLE.replace("theme: default", "theme: left.yaml")
    path = tmp_path / "brief.yaml"
    for layout, expect_left in (("  sidebar: right\n", True), ("  sidebar: right\n", False)):
        body = text.replace(layout, "") if expect_left else text
        path.write_text(body, encoding="utf-8")
        built = build_file(path)
        sidebar_x = built.frames["sidebar-1"][0]
        assert (sidebar_x < 100) is expect_left


def _theme_with(folder: Path, old: str, new: str) -> None:
    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    assert old in theme
    (folder / "house.yaml").write_text(
        theme.replace("name: default", "name: house").replace(old, new), encoding="utf-8"
    )
    (folder / "Broken-Regular.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(range(256)) * 8)


def test_a_damaged_font_file_is_an_error_naming_it(tmp_path: Path) -> None:
    _theme_with(tmp_path, "regular: NotoSans-Regular.ttf", "regular: Broken-Regular.ttf")
    with pytest.raises(BriefError) as info:
        build(tmp_path, EXAMPLE.replace("theme: default", "theme: house.yaml"))
    (found,) = info.value.diagnostics
    assert found.file.endswith("Broken-Regular.ttf")
    assert found.field == "fonts.regular"
    assert "theme 'house'" in found.message and "TrueType" in found.message
    assert ".ttf" in found.hint


ARABIC = "title: Arabic test\ndate: 2016-03-14\nsummary: الانسحاب الروسي من سوريا\n"


def test_a_damaged_fallback_font_fails_only_the_briefs_that_need_it(tmp_path: Path) -> None:
    _theme_with(
        tmp_path,
        "    - NotoSansRTL-Regular.ttf\n",
        "    - Broken-Regular.ttf\n",
    )
    latin = "title: Latin test\ndate: 2016-03-14\nsummary: Latin only.\n"
    assert build(tmp_path, latin + "layout: {theme: house.yaml}\n").startswith(b"%PDF")
    with pytest.raises(BriefError) as info:
        build(tmp_path, ARABIC + "layout: {theme: house.yaml}\n")
    assert info.value.diagnostics[0].field == "fonts.fallbacks"
    assert info.value.diagnostics[0].file.endswith("Broken-Regular.ttf")


@pytest.mark.parametrize(("text", "loaded"), [("Latin only.", False), ("الانسحاب", True)])
def test_fallback_fonts_are_read_only_when_a_brief_needs_them(
    tmp_path: Path, text: str, loaded: bool
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(f"title: Test\ndate: 2016-03-14\nsummary: {text}\n", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from datetime import datetime, UTC\n"
        "from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames\n"
        "from briefing.world.disk import DiskWorld\n"
        "from briefing.pipeline import build_pdf, load_brief\n"
        "world = DiskWorld(Path(sys.argv[1]))\n"
        "doc, brief = load_brief(world)\n"
        "built = build_pdf(brief, world, doc)\n"
        "print(sorted(getRegisteredFontNames()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert "NotoSans-Regular" in result.stdout
    assert ("NotoSansRTL-Regular" in result.stdout) is loaded, result.stdout


@pytest.mark.timeout(300)
def test_a_batch_gives_the_same_bytes_in_any_order(tmp_path: Path) -> None:
    """Fonts are registered by content: a theme that ships its own ``NotoSans-Regular.ttf``
    (here a serif face under that name) prints in its own font whether it is built alone or
    after a brief in the built-in font, and every brief's bytes are those it has alone."""
    import os
    import shutil
    import subprocess
    import sys

    fonts = ROOT / "assets" / "fonts"
    for own, real in (
        ("NotoSans-Regular.ttf", "NotoSerif-Regular.ttf"),
        ("NotoSans-Bold.ttf", "NotoSerif-Bold.ttf"),
    ):
        shutil.copy(fonts / real, tmp_path / own)
    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "own.yaml").write_text(theme.replace("name: default", "name: own"))
    example = (ROOT / "briefs" / "syria-withdrawal.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(example, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        example.replace("theme: default", "theme: own.yaml"), encoding="utf-8"
    )
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1458000000",
        "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
    }

    def build(*names: str, out: str) -> dict[str, bytes]:
        folder = tmp_path / out
        folder.mkdir()
        target = folder / names[0].replace(".yaml", ".pdf") if len(names) == 1 else folder
        subprocess.run(
            [sys.executable, "-m", "briefing", "-q", "build", *names, "-o", str(target)],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
            timeout=200,
        )
        return {p.name: p.read_bytes() for p in folder.glob("*.pdf")}

    alone = {**build("a.yaml", out="alone-a"), **build("b.yaml", out="alone-b")}
    forwards = build("a.yaml", "b.yaml", out="forwards")
    backwards = build("b.yaml", "a.yaml", out="backwards")
    assert forwards == alone == backwards
    assert alone["a.pdf"] != alone["b.pdf"]
    assert "NotoSerif" in str(fonts_of(alone["b.pdf"]))  # the face the theme's file holds


TOKENS = """\
title: Tokens
date: 2016-03-14
summary: A short summary of the matter.
sections:
  - heading: Points
    bullets: [First point made here., Second point made here.]
claims:
  source: Ministry of Defence
  status: claimed
  items:
    - label: Settlements retaken by the troops with the support of their allies
      value: 400
      unit: settlements
    - {label: Sorties flown, value: 9000}
key_facts:
  - {label: Bases, value: Two bases kept}
layout: {theme: house.yaml}
"""


def _placed(folder: Path, changes: list[tuple[str, str]]) -> dict[str, object]:
    """What the tokens under test place: the claims table's label column and figure edge, the
    sidebar's accent bar, a bullet's text and its size, read back from the page."""
    from tests.pagecheck import hex_fill, read_pages

    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    theme = theme.replace("name: default", "name: house")
    for old, new in changes:
        assert old in theme
        theme = theme.replace(old, new)
    (folder / "house.yaml").write_text(theme, encoding="utf-8")
    page = read_pages(build(folder, TOKENS))[0]
    accent = hex_fill("#1f3a5f")
    bars = [
        r.y1 - r.y0
        for r in page.rects
        if r.fill and all(abs(a - b) < 0.01 for a, b in zip(r.fill, accent, strict=True))
    ]
    words = {w[0].strip(): w for w in page.words}
    label = next(w for w in page.words if w[0].startswith("Settlements"))
    first = [c for c in page.chars if abs(c.box[3] - label[4]) < 0.5]  # the label's first line
    bullet = next(c for c in page.chars if c.text == "F")
    return {
        "bars": bars,
        "left": words["Sorties flown"][1],
        "right": words["9,000"][3],
        "label_end": max(c.box[2] for c in first if label[1] <= c.box[0] < label[3]),
        "label_lines": "their allies" in words,
        "bullet_x": bullet.box[0],
        "margin": words["Points"][1],
    }


def test_a_theme_overriding_new_tokens_changes_the_page_accordingly(tmp_path: Path) -> None:
    """The claims box's split, the sidebar's accent bar and a bullet's indent are tokens."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = _placed(tmp_path / "a", [])
    after = _placed(
        tmp_path / "b",
        [
            ("label_share: 0.62", "label_share: 0.45"),
            ("sidebar_rule: 1.6", "sidebar_rule: 5.0"),
            ("bullet_indent: 1.1", "bullet_indent: 3.0"),
        ],
    )
    assert before["bars"] == pytest.approx([1.6]) and after["bars"] == pytest.approx([5.0])
    left, right = float(after["left"]), float(after["right"])  # type: ignore[arg-type]
    assert float(before["label_end"]) > left + 0.45 * (right - left)  # type: ignore[arg-type]
    assert not before["label_lines"] and after["label_lines"]  # the label wraps at 45 %
    assert float(after["label_end"]) <= left + 0.45 * (right - left)  # type: ignore[arg-type]
    # a bullet's text stands 3 body sizes (9 pt) in from the margin; before, at the bullet's end
    indent = float(after["bullet_x"]) - float(after["margin"])  # type: ignore[arg-type]
    assert indent == pytest.approx(3.0 * 9.0, abs=0.3)
    assert float(before["bullet_x"]) - float(before["margin"]) < 1.5 * 9.0  # type: ignore[arg-type]
