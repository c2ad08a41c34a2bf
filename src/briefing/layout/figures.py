"""Figures in a section: a :class:`~briefing.model.Figure` -> flowables for the main column.

The picture was read by the pipeline (inside the brief's folder, with the same limits as a logo:
see :mod:`.images`); an SVG stays a vector drawing with its text as text. Here it is set
at its share of the column's width (never taller than half the page's body), with its caption,
credit and citations under it. The alt text travels with the drawing for readers and tagging:
the picture is tagged as a Figure whose /Alt is the brief's ``alt``, its caption as the Figure's
Caption.

A picture is drawn through a clipping path of its own box (``materials.images.clip_to``): an
SVG's shapes outside its viewBox would otherwise print over whatever is next to the figure, as
they would not in a browser. Charts and the logo are drawn the same way.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether

from briefing.layout.tagging import Node, tag
from briefing.materials.images import clip_to
from briefing.model import Figure

#: The size a picture is read at before it is set (points); it is scaled down to its place.
READ_SIZE = 2000.0

#: The tallest a figure may be, as a share of the main frame's width.
MAX_HEIGHT_SHARE = 0.75


class ScaledPicture(Flowable):  # type: ignore[misc]
    """A picture (a ReportLab Image or Drawing) set at ``share`` of the width it lands in.

    A vector picture's text is never set below ``floor`` points: where its share would make
    its smallest text smaller, the picture is set larger, up to the whole width it lands in.
    """

    def __init__(self, picture: Flowable, share: float, alt: str, floor: float = 0.0) -> None:
        super().__init__()
        self.picture, self.share, self.alt, self.floor = picture, share, alt, floor
        self.natural = picture.wrap(READ_SIZE, READ_SIZE)
        self.smallest = smallest_text(picture)
        self.scale = 1.0
        self.tallest: float | None = None  # set by layout.beside to fit it beside the sidebar

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        natural_w, natural_h = self.natural
        width = available_width * self.share
        self.scale = min(width / natural_w, available_width * MAX_HEIGHT_SHARE / natural_h)
        if self.smallest and self.smallest * self.scale < self.floor:
            legible = self.floor / self.smallest
            self.scale = max(self.scale, min(legible, available_width / natural_w))
        if self.tallest is not None:
            lowest = self.floor / self.smallest if self.smallest else 0.0
            self.scale = min(self.scale, max(self.tallest / natural_h, lowest))
        self.width, self.height = natural_w * self.scale, natural_h * self.scale
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        clip_to(self.canv, self.width, self.height)
        self.canv.scale(self.scale, self.scale)
        self.picture.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


def smallest_text(node: Any, scale: float = 1.0) -> float:
    """The smallest size of text in a drawing as it is drawn unscaled (0: it has none)."""
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        return float(node.fontSize) * scale
    transform = getattr(node, "transform", None)
    if transform is not None and len(transform) == 6:
        scale *= max(abs(transform[0]), abs(transform[3]))
    sizes = [smallest_text(child, scale) for child in getattr(node, "contents", ()) or ()]
    sizes = [size for size in sizes if size > 0]
    return min(sizes) if sizes else 0.0


def build_figure(ctx: Any, figure: Figure, sect: Node) -> list[Flowable]:
    """Picture, caption, credit and citations (``ctx``: :class:`.context.Context`), tagged
    under ``sect``."""
    st = ctx.styles
    node = sect.add("Figure", alt=figure.alt)
    picture = ctx.images.get(figure.image)
    parts: list[Flowable] = []
    if picture is not None:
        scaled = ScaledPicture(picture, figure.width, figure.alt, ctx.theme.type.floor_small)
        scaled.hAlign = "LEFT"
        parts.append(tag(scaled, node))
    else:  # no picture loaded (a layout without the pipeline): say what would be there
        parts.append(tag(ctx.para(f"[{figure.alt}]", st.placeholder), node))
    caption = ctx.markup(figure.caption) if figure.caption else ""
    if figure.credit:
        credit = f"{ctx.markup(figure.credit)}"
        caption = f"{caption} <i>Credit: {credit}</i>" if caption else f"<i>Credit: {credit}</i>"
    caption = (caption + ctx.cite(figure.cite)).strip()
    if caption:
        parts.append(tag(ctx.words(caption, st.note), node.add("Caption")))
    parts[0].spaceBefore = ctx.theme.spacing.paragraph
    parts[-1].spaceAfter = ctx.theme.spacing.paragraph
    return [FigureGroup(parts)]


class FigureGroup(KeepTogether):  # type: ignore[misc]
    """A figure with its caption, kept together. At the sidebar's foot it does not lengthen
    the column beside the sidebar (which would leave a hole beside the figure, under the
    sidebar): the text after it in its section moves up instead, or the figure is set a
    little smaller to end beside the sidebar, or it goes to the full width below
    (:func:`briefing.layout.beside.settle`)."""

    def picture(self) -> ScaledPicture | None:
        first = self._content[0]
        inner = getattr(first, "_flowable", first)  # tagged
        return inner if isinstance(inner, ScaledPicture) else None
