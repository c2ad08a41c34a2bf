"""Pixel comparison against small reference images.

References live in tests/reference/ and are regenerated only with BRIEFING_UPDATE_REFERENCES=1.
On a mismatch the actual image and a diff image are written to tests/_failures/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops

HERE = Path(__file__).parent
REFERENCES = HERE / "reference"
FAILURES = HERE / "_failures"


def rasterise(pdf: bytes, page: int = 0, dpi: float = 40) -> Image.Image:
    """One page as an RGB image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[page].render(scale=dpi / 72)
        return bitmap.to_pil().convert("RGB")
    finally:
        document.close()


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0 (same) to 255."""
    if a.size != b.size:
        return 255.0
    diff = ImageChops.difference(a, b)
    histogram = diff.histogram()
    total = sum(value * (i % 256) for i, value in enumerate(histogram))
    return total / (a.size[0] * a.size[1] * 3)


def assert_matches(image: Image.Image, name: str, tolerance: float = 1.5) -> None:
    """Compare ``image`` with reference ``name`` (e.g. 'pages/example.png')."""
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
    score = difference(image, expected)
    if score > tolerance:
        FAILURES.mkdir(exist_ok=True)
        stem = name.replace("/", "-").removesuffix(".png")
        image.save(FAILURES / f"{stem}-actual.png")
        if image.size == expected.size:
            ImageChops.difference(image, expected).save(FAILURES / f"{stem}-diff.png")
        raise AssertionError(
            f"{name}: mean difference {score:.2f} > {tolerance}; see {FAILURES}/{stem}-*.png"
        )
