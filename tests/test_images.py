"""Logos: PNG, JPEG and SVG by content, bounded, inside the brief's folder, never Helvetica."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from briefing.errors import BriefError
from tests.conftest import STANDARD_14, build_file, fonts_of, images_and_links, reader

BRIEF = "title: Logo test\ndate: 2016-03-14\nsummary: S\nlayout: {logo: LOGO}\n"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
    '<rect width="200" height="60" fill="#b5651d"/>'
    '<text x="10" y="40" font-size="28" fill="white">OSBU</text></svg>'
)


def build(folder: Path, logo: str) -> bytes:
    path = folder / "brief.yaml"
    path.write_text(BRIEF.replace("LOGO", logo), encoding="utf-8")
    return build_file(path).pdf


def test_png_logo(tmp_path: Path) -> None:
    Image.new("RGB", (300, 90), "navy").save(tmp_path / "logo.png")
    assert images_and_links(build(tmp_path, "logo.png"))[0] == 1


def test_jpeg_logo_named_png_is_sniffed_by_content(tmp_path: Path) -> None:
    Image.new("RGB", (300, 90), "navy").save(tmp_path / "logo.png", format="JPEG")
    assert images_and_links(build(tmp_path, "logo.png"))[0] == 1


def test_svg_logo_is_vector_and_uses_our_font(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    pdf = build(tmp_path, "logo.svg")
    assert images_and_links(pdf)[0] == 0
    assert not {name.split("+")[-1] for name in fonts_of(pdf)} & STANDARD_14
    assert "OSBU" in reader(pdf).pages[0].extract_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%!PS-Adobe-3.0 EPSF-3.0\n", "is not a PNG, JPEG or SVG image"),
        (b"GIF89a....", "is not a PNG, JPEG or SVG image"),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">&x;</svg>',
            "the SVG contains '<!DOCTYPE'",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            b' width="10" height="10"><image xlink:href="/etc/hosts" width="5" height="5"/></svg>',
            "reference to another file",
        ),
    ],
)
def test_refused_images(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "logo.png").write_bytes(content)
    with pytest.raises(BriefError) as info:
        build(tmp_path, "logo.png")
    assert message in info.value.diagnostics[0].message
    assert info.value.diagnostics[0].field == "layout.logo"


def test_decompression_bomb_refused_before_decoding(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 200_000
    (tmp_path / "logo.png").write_bytes(buffer.getvalue())
    with pytest.raises(BriefError) as info:
        build(tmp_path, "logo.png")
    assert "8000 x 8000 pixels" in info.value.diagnostics[0].message


@pytest.mark.parametrize(
    "logo", ["/etc/hosts", "../logo.png", "~/logo.png", "https://example.org/logo.png"]
)
def test_paths_outside_the_folder_refused(tmp_path: Path, logo: str) -> None:
    with pytest.raises(BriefError) as info:
        build(tmp_path, logo)
    assert info.value.diagnostics[0].field == "layout.logo"


def test_symlink_leaving_the_folder_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    Image.new("RGB", (10, 10)).save(outside)
    inner = tmp_path / "brief"
    inner.mkdir()
    os.symlink(outside, inner / "logo.png")
    with pytest.raises(BriefError) as info:
        build(inner, "logo.png")
    assert "symbolic link" in info.value.diagnostics[0].message


@pytest.mark.timeout(10)
def test_named_pipe_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "logo.png")
    with pytest.raises(BriefError) as info:
        build(tmp_path, "logo.png")
    assert "not a regular file" in info.value.diagnostics[0].message


def test_an_svg_figure_prints_nothing_outside_its_viewbox() -> None:
    """tests/corpus/svg-overflow.svg draws shapes in four colours only outside its viewBox
    (over where the table, the caption and the margins are): none may reach the page."""
    from tests.pixels import rasterise

    root = Path(__file__).parent / "corpus"
    page = rasterise(build_file(root / "svg-overflow.yaml").pdf, dpi=50)
    outside = [(214, 39, 40), (31, 119, 180), (44, 160, 44), (148, 103, 189)]
    colours = {colour for _, colour in page.getcolors(maxcolors=1 << 20) or []}
    found = {
        colour
        for colour in colours
        if any(sum(abs(a - b) for a, b in zip(colour, c, strict=True)) < 40 for c in outside)
    }
    assert not found, f"{len(found)} colours of shapes outside the viewBox printed: {found}"
    # the shape inside the viewBox does print
    assert (200, 200, 200) in colours


def test_an_svg_logo_prints_nothing_outside_its_viewbox(tmp_path: Path) -> None:
    from tests.pixels import rasterise

    (tmp_path / "logo.svg").write_text(
        SVG.replace(
            "</svg>", '<rect x="-300" y="70" width="800" height="200" fill="#d62728"/></svg>'
        ),
        encoding="utf-8",
    )
    page = rasterise(build(tmp_path, "logo.svg"), dpi=50)
    colours = {colour for _, colour in page.getcolors(maxcolors=1 << 20) or []}
    assert not {c for c in colours if c[0] > 150 and c[1] < 80 and c[2] < 80}
    assert (181, 101, 29) in colours  # the logo itself prints


GREY_BRIEF = """\
title: Colour pictures on a grey page
date: 2024-05-01
summary: Three colour figures and a colour logo, printed for a black-and-white printer.
layout: {colour: COLOUR, logo: logo.png}
sections:
  - heading: Figures
    blocks:
      - figure: {image: photo.jpg, alt: A colour photograph, width: 0.3}
      - figure: {image: chart.png, alt: A colour chart with transparency, width: 0.3}
      - figure: {image: drawing.svg, alt: A colour drawing, width: 0.3}
"""

COLOUR_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80">'
    '<rect width="100" height="80" fill="#d62728"/>'
    '<rect x="100" width="100" height="80" fill="#1f77b4" fill-opacity="0.6"/>'
    '<circle cx="100" cy="40" r="30" fill="none" stroke="#2ca02c" stroke-width="6"/>'
    '<text x="10" y="70" font-size="16" fill="#ff7f0e">Label</text></svg>'
)


def _colour_pictures(folder: Path) -> None:
    gradient = Image.new("RGB", (120, 60))
    gradient.putdata([(x * 2, 255 - x * 2, y * 4) for y in range(60) for x in range(120)])
    gradient.save(folder / "photo.jpg", format="JPEG")
    translucent = Image.new("RGBA", (120, 60), (214, 39, 40, 160))
    translucent.save(folder / "chart.png")
    (folder / "drawing.svg").write_text(COLOUR_SVG, encoding="utf-8")
    Image.new("P", (90, 30), 0).save(folder / "logo.png")  # a palette image (navy below)
    with Image.open(folder / "logo.png") as logo:
        paletted = logo.copy()
    paletted.putpalette([0, 0, 128] * 256)
    paletted.save(folder / "logo.png")


def _saturation(folder: Path, colour: str) -> int:
    from tests.pixels import rasterise

    path = folder / f"{colour}.yaml"
    path.write_text(GREY_BRIEF.replace("COLOUR", colour), encoding="utf-8")
    page = rasterise(build_file(path).pdf, dpi=40)
    return int(page.convert("HSV").getextrema()[1][1])


def test_grayscale_prints_png_jpeg_and_svg_figures_and_the_logo_in_greys(tmp_path: Path) -> None:
    _colour_pictures(tmp_path)
    assert _saturation(tmp_path, "full") > 100  # the pictures are in colour
    high = _saturation(tmp_path, "grayscale")
    assert high <= 8, f"saturation up to {high} on a grayscale page: a picture kept its colour"


GREY_CORPUS = sorted(
    path
    for path in (Path(__file__).parent / "corpus").glob("*.yaml")
    if "colour: grayscale" in path.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("path", GREY_CORPUS, ids=lambda path: path.stem)
def test_grayscale_corpus_briefs_print_no_colour_on_any_page(path: Path) -> None:
    from tests.pixels import rasterise

    result = build_file(path)
    for page in range(result.pages):
        image = rasterise(result.pdf, page, dpi=30)
        high = int(image.convert("HSV").getextrema()[1][1])
        assert high <= 8, f"page {page + 1}: saturation up to {high}"
