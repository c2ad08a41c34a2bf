"""Build the fallback faces for the scripts and signs a desk meets, into assets/fonts.

- Noto Sans Armenian and Noto Sans Georgian (Regular and Bold): copied whole, every glyph.
- Noto Sans Symbols (Regular and Bold), Noto Sans Symbols2 and Noto Sans Math: cut down to
  whole Unicode blocks of signs (arrows, mathematical operators, currency, letterlike signs,
  technical signs, geometric shapes, dingbats such as ✓ ✗, ...), a fifth of their size. Their
  Latin letters and digits are left out on purpose, so a word such as "↑5%" takes its digits
  from the theme's own face and only the arrow from the fallback.

Why: a brief that names Şuşa (Շուշի) or Tbilisi (თბილისი), or writes "→" or "✓", must print
every letter (see materials/fonts.py and layout/coverage.py). Run once; the results are
committed (OFL, like their sources, from Debian's fonts-noto-core: apt-get install fonts-noto-core).

    python tools/make_fallback_fonts.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SOURCES = Path("/usr/share/fonts/truetype/noto")  # Debian's fonts-noto-core

#: Copied whole: every glyph of the script.
WHOLE = [
    "NotoSansArmenian-Regular",
    "NotoSansArmenian-Bold",
    "NotoSansGeorgian-Regular",
    "NotoSansGeorgian-Bold",
]

#: The blocks of signs kept from the symbol and mathematical faces (first, last code point).
BLOCKS = [
    (0x2000, 0x206F),  # General Punctuation (‰ • ′ ※)
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols (№ ℃ ™)
    (0x2150, 0x218F),  # Number Forms (⅓ Ⅻ)
    (0x2190, 0x21FF),  # Arrows (→ ⇒)
    (0x2200, 0x22FF),  # Mathematical Operators (≈ ≠ ∞)
    (0x2300, 0x23FF),  # Miscellaneous Technical (⌀ ⌚)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (①)
    (0x2500, 0x257F),  # Box Drawing
    (0x2580, 0x259F),  # Block Elements
    (0x25A0, 0x25FF),  # Geometric Shapes (■ ▲ ●)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (★ ☎ ⚠)
    (0x2700, 0x27BF),  # Dingbats (✓ ✗ ➜)
    (0x27C0, 0x27EF),  # Miscellaneous Mathematical Symbols-A
    (0x27F0, 0x27FF),  # Supplemental Arrows-A (⟶)
    (0x2900, 0x297F),  # Supplemental Arrows-B
    (0x2980, 0x29FF),  # Miscellaneous Mathematical Symbols-B
    (0x2A00, 0x2AFF),  # Supplemental Mathematical Operators
    (0x2B00, 0x2BFF),  # Miscellaneous Symbols and Arrows (⬆ ⭐)
    (0x1F800, 0x1F8FF),  # Supplemental Arrows-C
]

#: Cut down to :data:`BLOCKS`.
SIGNS = [
    "NotoSansSymbols-Regular",
    "NotoSansSymbols-Bold",
    "NotoSansSymbols2-Regular",
    "NotoSansMath-Regular",
]


def _signs(source: Path, target: Path) -> None:
    font = TTFont(source)
    keep = [cp for cp in font.getBestCmap() if any(a <= cp <= b for a, b in BLOCKS)]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[*keep, 0x20, 0xA0])
    subsetter.subset(font)
    font.recalcTimestamp = False  # the same bytes on every run
    font.save(target)


def main() -> None:
    for name in WHOLE:
        shutil.copyfile(SOURCES / f"{name}.ttf", FONTS / f"{name}.ttf")
    for name in SIGNS:
        _signs(SOURCES / f"{name}.ttf", FONTS / f"{name}.ttf")


if __name__ == "__main__":
    main()
