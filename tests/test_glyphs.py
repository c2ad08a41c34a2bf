"""No letter is lost: Armenian, Georgian, arrows and signs print wherever text reaches the page
(paragraphs, table cells, captions, chart labels, SVG figures, the timeline, tiles), in faces
that are embedded; a character no face covers is an error at its line, unless the brief says
``layout.missing_glyphs: warn``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from briefing.shell.cli import cli
from tests import pagecheck
from tests.conftest import all_text, fonts_of, reader

#: One place name per place the text reaches: each must be found in the PDF's text.
PLACES = {
    "paragraph": ("Գորիս", "ბათუმი"),
    "table cell": ("Կապան", "ქუთაისი"),
    "chart label": ("Մեղրի", "გორი"),
    "caption": ("Սիսիան", "ზუგდიდი"),
    "svg label": ("Ջերմուկ", "თელავი"),
    "timeline": ("Վայք", "ფოთი"),
    "key fact": ("Դիլիջան", "რუსთავი"),
    "source": ("Ալավերդի", "მცხეთა"),
}

SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="500" height="80" viewBox="0 0 500 80">
  <text x="0" y="14" font-size="13" fill="#1b1f24">Road → Ջերմուկ</text>
  <text x="250" y="40" font-size="13" text-anchor="middle" fill="#1b1f24">Wine (თელავი) ✓</text>
  <text x="500" y="66" font-size="13" text-anchor="end" fill="#1b1f24">← west · east →</text>
</svg>
"""

BRIEF = """\
title: Şuşa (Շուշի) and Tbilisi (თბილისի) → talks
date: 2020-11-10
summary: The town of Şuşa (Շուշի) changed hands → talks in Tbilisi (თბილისი) ✓.
sections:
  - heading: Names → **Շուշի**
    blocks:
      - text: Towns Գորիս and ბათუმი, ✓ and ✗, ≈ 5 km, ⇒ €, № 3.
      - table:
          columns: [Town, Armenian, Georgian]
          rows:
            - [Kapan, Կապան, "—"]
            - [Kutaisi, "—", ქუთაისი → west]
      - figure:
          image: labels.svg
          alt: Three place names.
          caption: Names → Սիսիան, ზუგდიდი.
key_facts:
  - label: Town → Շուշի
    value: Դիլիջան and რუსთავი
timeline:
  - {date: 2020-11-08, event: Taken → Վայք}
  - {date: 2020-11-10, event: Port of ფოთი ✓}
charts:
  - type: bar
    title: Bars → Շուշի
    unit: people
    data: {labels: [Մեղրի, გორი, "Up ↑"], values: [6000, 11000, 14000]}
  - {type: timeline, title: Timeline, from: timeline}
sources:
  - title: Report on Ալավերդի
    url: https://ka.example.org/მცხეთა
layout: {fit: flow}
"""


def _build(tmp_path: Path, text: str, *extra: str) -> tuple[int, str, Path]:
    brief = tmp_path / "brief.yaml"
    brief.write_text(text, encoding="utf-8")
    (tmp_path / "labels.svg").write_text(SVG, encoding="utf-8")
    out = tmp_path / "brief.pdf"
    result = CliRunner().invoke(cli, ["build", str(brief), "-o", str(out), *extra])
    return result.exit_code, result.stderr, out


def test_armenian_georgian_and_signs_print_everywhere_in_embedded_faces(tmp_path: Path) -> None:
    code, stderr, out = _build(tmp_path, BRIEF.replace("თბილისի", "თბილისი"))
    assert code == 0, stderr
    assert "no font covers" not in stderr
    pdf = out.read_bytes()
    text = all_text(pdf)
    for place, words in PLACES.items():
        for word in words:
            assert word in text, f"{place}: {word} is missing"
    for sign in "→←↑✓✗≈⇒€№":
        assert sign in text, sign
    used = fonts_of(pdf)
    for face in ("NotoSansArmenian-Regular", "NotoSansGeorgian-Regular", "NotoSansSymbols"):
        assert any(face in name for name in used), (face, used)
    assert all(used.values()), used  # every face embedded
    assert not pagecheck.missing_glyphs(pdf)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    assert "NotoSansArmenian-Regular" in fonts.stdout and "NotoSansGeorgian" in fonts.stdout
    # the metadata needs no glyphs, but keeps the title as written
    info = reader(pdf).metadata
    assert info.title == "Şuşa (Շուշի) and Tbilisi (თბილისი) → talks"
    assert info.subject is not None and "Tbilisi (თბილისი) ✓" in info.subject
    with pikepdf.open(out) as document:
        xmp = document.open_metadata()
        assert xmp.get("dc:title") == info.title
        assert "Şuşa (Շուշի) changed hands →" in str(xmp.get("dc:description"))


def test_each_letter_is_drawn_in_a_face_of_its_script(tmp_path: Path) -> None:
    code, stderr, out = _build(tmp_path, BRIEF.replace("თბილისի", "თბილისი"))
    assert code == 0, stderr
    pdf = out.read_bytes()
    seen = {"armenian": 0, "georgian": 0, "signs": 0}
    for page in pagecheck.read_pages(pdf):
        for c in page.chars:
            if "\u0531" <= c.text <= "\u058f":
                assert "NotoSansArmenian" in c.font, (c.text, c.font)
                seen["armenian"] += 1
            if "\u10a0" <= c.text <= "\u10ff":
                assert "NotoSansGeorgian" in c.font, (c.text, c.font)
                seen["georgian"] += 1
            if c.text in "→✓":
                assert "Symbols" in c.font or "Math" in c.font, (c.text, c.font)
                seen["signs"] += 1
    # every letter of the brief's Armenian and Georgian words, and its arrows and ticks
    assert seen["armenian"] >= 40 and seen["georgian"] >= 35 and seen["signs"] >= 10, seen


def test_bold_armenian_is_set_in_the_bold_face_and_italic_in_the_upright(tmp_path: Path) -> None:
    brief = (
        "title: Շուշի heading\ndate: 2020-11-10\n"
        "summary: Plain Գորիս, **bold Կապան →**, *italic Մեղրի*.\nlayout: {sidebar: none}\n"
    )
    code, stderr, out = _build(tmp_path, brief)
    assert code == 0, stderr
    found = pagecheck.chars(out.read_bytes())
    faces = {c.text: c.font.split("+")[-1] for c in found}
    text = "".join(c.text for c in found)

    def face_of(word: str) -> set[str]:
        at = text.index(word)
        return {found[i].font.split("+")[-1] for i in range(at, at + len(word))}

    assert face_of("Շուշի") == {"NotoSansArmenian-Bold"}  # the title is bold
    assert face_of("Գորիս") == {"NotoSansArmenian-Regular"}
    assert face_of("Կապան") == {"NotoSansArmenian-Bold"}
    assert face_of("Մեղրի") == {"NotoSansArmenian-Regular"}  # no italic Armenian: upright
    assert faces["→"] == "NotoSansSymbols-Bold"


def test_a_tile_prints_its_qualifier_sign(tmp_path: Path) -> None:
    brief = (
        "title: Tiles\ndate: 2020-11-10\nsummary: One.\n"
        "claims:\n  source: Ministry\n  items:\n"
        "    - {label: Shells, value: 300, qualifier: at least}\n"
        "charts:\n  - {type: figures, from: claims}\n"
    )
    code, stderr, out = _build(tmp_path, brief)
    assert code == 0, stderr
    text = all_text(out.read_bytes())
    assert "≥\xa0300" in text or "≥ 300" in text, text
    assert not pagecheck.missing_glyphs(out.read_bytes())


def test_a_character_no_face_covers_is_an_error_at_its_line(tmp_path: Path) -> None:
    brief = (
        "title: Scripts\ndate: 2020-11-10\n"
        "summary: Linear B 𐀀 is not printable.\n"
        "sections:\n  - heading: Table\n    blocks:\n      - table:\n"
        '          columns: [A, B]\n          rows:\n            - [x, "private \ue000 use"]\n'
    )
    code, stderr, out = _build(tmp_path, brief)
    assert code == 1
    where = tmp_path / "brief.yaml"
    assert (
        f"{where}:3:19: error: summary: no font covers '𐀀' (U+10000 LINEAR B SYLLABLE B008 A)"
        in stderr
    )
    assert (
        f"{where}:10:28: error: sections[0].blocks[0].table.rows[0][1]: no font covers "
        "U+E000 (a private-use character)" in stderr
    )
    assert "layout.missing_glyphs: warn" in stderr  # the hint says how to accept the loss
    assert not out.exists()  # no page with letters missing
    for args in (["check"], ["check", "--fit"]):
        result = CliRunner().invoke(cli, [*args, str(where)])
        assert result.exit_code == 1, (args, result.stderr)
        assert "U+10000 LINEAR B SYLLABLE B008 A" in result.stderr


def test_the_brief_may_accept_the_loss(tmp_path: Path) -> None:
    brief = "title: Scripts\ndate: 2020-11-10\nsummary: Linear B 𐀀.\n"
    code, stderr, out = _build(tmp_path, brief + "layout: {missing_glyphs: warn}\n")
    assert code == 0, stderr
    assert ":3:19: warning: summary: no font covers '𐀀' (U+10000" in stderr
    assert out.exists()
    code, stderr, _ = _build(tmp_path, "title: T\ndate: 2020-11-10\nsummary: ✔\ufe0f.\n")
    assert code == 1  # an emoji's invisible selector is named, not shown
    assert "no font covers U+FE0F (VARIATION SELECTOR-16)" in stderr
    code, stderr, _ = _build(tmp_path, brief + "layout: {missing_glyphs: never}\n")
    assert code == 1 and "layout.missing_glyphs" in stderr


def test_an_svg_character_no_face_covers_is_an_error_at_the_figure(tmp_path: Path) -> None:
    brief = (
        "title: Figure\ndate: 2020-11-10\nsummary: One.\n"
        "sections:\n  - heading: Figure\n    blocks:\n      - figure:\n"
        "          image: labels.svg\n          alt: Labels.\n"
    )
    code, stderr, _ = _build(tmp_path, brief)
    assert code == 0, stderr  # arrows, Armenian and Georgian in the SVG are covered
    (tmp_path / "bad.svg").write_text(SVG.replace("Road", "Road \ue000 𐀀"), encoding="utf-8")
    bad = brief.replace("labels.svg", "bad.svg")
    path = tmp_path / "brief.yaml"
    path.write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "bad.pdf")])
    assert result.exit_code == 1
    assert (
        f"{path}:8:18: error: sections[0].blocks[0].figure.image: the text of bad.svg holds "
        "characters no font covers: U+E000 (a private-use character), "
        "'𐀀' (U+10000 LINEAR B SYLLABLE B008 A)" in result.stderr
    )
    assert not (tmp_path / "bad.pdf").exists()
    # the brief's own SVG logo likewise, at its line
    path.write_text(brief + "layout: {logo: bad.svg}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:10:16: error: layout.logo: the text of bad.svg holds" in result.stderr


def test_a_mixed_svg_label_is_drawn_in_runs_that_keep_its_anchor() -> None:
    from reportlab.graphics.shapes import Drawing, Group, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefing.materials.images import fit_faces
    from tests.worlds import MemoryWorld

    world = MemoryWorld(b"")
    fonts = world.fonts(world.theme("default"))
    drawing = Drawing(200, 50)
    drawing.add(String(100, 10, "Şuşa (Շուշի) →", fontName=fonts.regular, textAnchor="middle"))
    fit_faces(drawing, fonts)
    (group,) = drawing.contents
    assert isinstance(group, Group)
    runs = [(s.text, s.fontName.split("-")[0], s.x) for s in group.contents]
    assert [text for text, _, _ in runs] == ["Şuşa (", "Շուշի", ") ", "→"]
    assert [face for _, face, _ in runs] == [
        "NotoSans",
        "NotoSansArmenian",
        "NotoSans",
        "NotoSansSymbols",
    ]
    widths = [stringWidth(s.text, s.fontName, s.fontSize) for s in group.contents]
    left = group.contents[0].x
    assert left + sum(widths) / 2 == pytest.approx(100)  # still centred on its anchor
    for part, width in zip(group.contents[:-1], widths, strict=False):
        assert group.contents[group.contents.index(part) + 1].x == pytest.approx(part.x + width)


def test_a_timeline_label_in_georgian_stays_inside_the_column(tmp_path: Path) -> None:
    """Labels are measured as they are drawn (in runs of the faces that set them), so a
    right-aligned Georgian label at the axis's end ends at the column's edge, not beyond."""
    brief = (
        "title: Timeline\ndate: 2020-11-10\nsummary: One.\n"
        "timeline:\n  - {date: 2020-11-01, event: Start}\n"
        "  - {date: 2020-11-10, event: Talks in Tbilisi → თბილისი საქართველო ბათუმი ქუთაისი}\n"
        "charts:\n  - {type: timeline, from: timeline}\nlayout: {sidebar: none}\n"
    )
    code, stderr, out = _build(tmp_path, brief)
    assert code == 0, stderr
    pages = pagecheck.read_pages(out.read_bytes())
    right = pages[0].width - 13 * 72 / 25.4  # the right margin
    georgian = [c for c in pages[0].chars if "\u10a0" <= c.text <= "\u10ff"]
    assert len(georgian) >= 30
    assert max(c.box[2] for c in georgian) <= right + 0.5


def test_a_drawn_text_is_measured_in_the_faces_that_set_it() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from tests.worlds import MemoryWorld

    world = MemoryWorld(b"")
    fonts = world.fonts(world.theme("default"))
    text = "Ceasefire ✓ in თბილისი"
    runs = fonts.runs(text, fonts.regular)
    assert [face.split("-")[0] for face, _ in runs] == [
        "NotoSans",
        "NotoSansSymbols2",
        "NotoSans",
        "NotoSansGeorgian",
    ]
    drawn = sum(stringWidth(chunk, face, 10) for face, chunk in runs)
    assert fonts.width(text, 10) == pytest.approx(drawn)
    assert abs(drawn - stringWidth(text, fonts.regular, 10)) > 3  # not the main face's width
