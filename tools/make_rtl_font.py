"""Build assets/fonts/NotoSansRTL-Regular.ttf: Noto Sans Arabic + Noto Sans Hebrew + the ASCII
punctuation and digits of Noto Sans + a few signs from Noto Sans Math (− ≥ ≤ ...), in one font.

Why: ReportLab shapes a word with the HarfBuzz font of its first character, so a word such as
"(وزارة" or "נסיגה." that mixes a Latin bracket with Arabic or Hebrew letters must come from one
font that has all of them. Run once; the result is committed (OFL, like its sources, which
come from Debian's fonts-noto-core: apt-get install fonts-noto-core).

    python tools/make_rtl_font.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SOURCES = Path("/usr/share/fonts/truetype/noto")  # Debian's fonts-noto-core
PUNCTUATION = " !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_{|}~«»–—‘’“”…"
#: Signs Noto Sans 2020 lacks but briefs print (qualifier symbols, minus), from Noto Sans Math.
MATH = "−≥≤≈±×÷"


def _subset(source: Path, text: str | None, target: Path) -> Path:
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    if text is None:
        sub.populate(unicodes=font.getBestCmap().keys())
    else:
        sub.populate(text=text)
    sub.subset(font)
    font.save(target)
    return target


def main() -> None:
    tmp = FONTS / "_build"
    tmp.mkdir(exist_ok=True)
    for weight in ("Regular", "Bold"):
        parts = [
            _subset(SOURCES / f"NotoSansArabic-{weight}.ttf", None, tmp / f"ar-{weight}.ttf"),
            _subset(SOURCES / f"NotoSansHebrew-{weight}.ttf", None, tmp / f"he-{weight}.ttf"),
            _subset(FONTS / f"NotoSans-{weight}.ttf", PUNCTUATION, tmp / f"la-{weight}.ttf"),
            _subset(SOURCES / "NotoSansMath-Regular.ttf", MATH, tmp / f"ma-{weight}.ttf"),
        ]
        merged = Merger().merge([str(p) for p in parts])
        for record in merged["name"].names:
            if record.nameID in (1, 4, 6, 16):
                record.string = (
                    f"NotoSansRTL-{weight}"
                    if record.nameID == 6
                    else (f"Noto Sans RTL {weight}" if record.nameID == 4 else "Noto Sans RTL")
                )
        merged.save(FONTS / f"NotoSansRTL-{weight}.ttf")
    for leftover in tmp.iterdir():
        leftover.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
