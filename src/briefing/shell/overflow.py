"""What ``preview`` shows of a brief too long for its one page: the brief laid out in flow,
every page drawn, and the pages past the first framed in red and marked as overflow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.errors import Diagnostic
from briefing.shell.console import generation_time


def flowed(path: Path) -> tuple[bytes, list[Diagnostic]]:
    """The brief laid out in flow (as many pages as it needs), to show what overflows; a part
    no page can hold is drawn shrunk to its page, and named in the list returned."""
    from briefing.pipeline import build_pdf, load_brief
    from briefing.world.disk import DiskWorld

    world = DiskWorld(path, clock=generation_time)
    doc, brief = load_brief(world)
    flowing = brief.model_copy(update={"layout": brief.layout.model_copy(update={"fit": "flow"})})
    built = build_pdf(flowing, world, doc, draft=True)
    return built.pdf, built.unplaced


def mark_overflow(image: Any) -> None:
    """Frame an overflow page in red and say so at its top, in words (greyscale-safe)."""
    from PIL import ImageDraw, ImageFont

    draw = ImageDraw.Draw(image)
    width, height = image.size
    border = max(4, width // 120)
    red = (200, 30, 30)
    draw.rectangle((0, 0, width - 1, height - 1), outline=red, width=border)
    band = max(24, height // 30)
    draw.rectangle((0, 0, width, band), fill=red)
    font = ImageFont.load_default(size=int(band * 0.6))
    text = "OVERFLOW - this page does not fit on page 1 (briefing check --fit says why)"
    draw.text((border * 2, band * 0.18), text, fill=(255, 255, 255), font=font)
