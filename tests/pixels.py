"""Pixel comparison against small reference images, tile by tile.

References live in tests/reference/ and are regenerated only with BRIEFING_UPDATE_REFERENCES=1.
An image matches its reference when every tile (TILE x TILE pixels) differs from the same tile
of the reference by at most a tolerance, as a mean over the tile: a lost footer or a missing
label changes its tile a lot and the whole page very little, so the mean over the page cannot
be the measure. On a mismatch the actual image and a diff image are written to
tests/_failures/, and the message names the worst tiles.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageStat

HERE = Path(__file__).parent
REFERENCES = HERE / "reference"
FAILURES = HERE / "_failures"

#: Tile side in pixels: at the 36-60 dpi of the references, about 5-8 mm of the page.
TILE = 12
#: Mean absolute difference per channel (0-255) a tile may have: anti-aliasing and hinting
#: moves stay under it; a 6.5 pt word that appears or goes changes its tile by 8 or more.
TILE_TOLERANCE = 4.0


def rasterise(pdf: bytes, page: int = 0, dpi: float = 40) -> Image.Image:
    """One page as an RGB image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[page].render(scale=dpi / 72)
        return bitmap.to_pil().convert("RGB")
    finally:
        document.close()


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel over the whole image, 0 (same) to 255."""
    if a.size != b.size:
        return 255.0
    diff = ImageChops.difference(a, b)
    histogram = diff.histogram()
    total = sum(value * (i % 256) for i, value in enumerate(histogram))
    return total / (a.size[0] * a.size[1] * 3)


def tile_differences(
    a: Image.Image, b: Image.Image, tile: int = TILE
) -> list[tuple[float, tuple[int, int, int, int]]]:
    """(mean difference, box) of every tile, worst first; one full-size entry of 255 when the
    sizes differ."""
    if a.size != b.size:
        return [(255.0, (0, 0, *a.size))]
    diff = ImageChops.difference(a, b)
    found = []
    for top in range(0, a.height, tile):
        for left in range(0, a.width, tile):
            box = (left, top, min(left + tile, a.width), min(top + tile, a.height))
            mean = sum(ImageStat.Stat(diff.crop(box)).mean) / 3
            found.append((mean, box))
    return sorted(found, reverse=True)


def assert_matches(image: Image.Image, name: str, tolerance: float = TILE_TOLERANCE) -> None:
    """Compare ``image`` with reference ``name`` (e.g. 'pages/example.png'), tile by tile."""
    reference = REFERENCES / name
    if os.environ.get("BRIEFING_UPDATE_REFERENCES") == "1" or not reference.exists():
        if os.environ.get("BRIEFING_UPDATE_REFERENCES") != "1":
            raise AssertionError(
                f"no reference image {reference}; run with BRIEFING_UPDATE_REFERENCES=1, "
                "look at the image, and commit it"
            )
        reference.parent.mkdir(parents=True, exist_ok=True)
        image.save(reference, optimize=True)
        return
    expected = Image.open(reference).convert("RGB")
    worst = [t for t in tile_differences(image, expected) if t[0] > tolerance]
    if worst:
        FAILURES.mkdir(exist_ok=True)
        stem = name.replace("/", "-").removesuffix(".png")
        image.save(FAILURES / f"{stem}-actual.png")
        if image.size == expected.size:
            ImageChops.difference(image, expected).save(FAILURES / f"{stem}-diff.png")
        tiles = ", ".join(f"{score:.1f} at {box[:2]}" for score, box in worst[:5])
        raise AssertionError(
            f"{name}: {len(worst)} tiles differ by more than {tolerance} "
            f"(worst: {tiles}); see {FAILURES}/{stem}-*.png"
        )
