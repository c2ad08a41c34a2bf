"""Images a brief or theme names (logo, figures): sniffed by content, bounded, opened safely.

Takes the bytes the world read (inside the brief's or the theme's folder); returns a ReportLab
flowable of at most the given size. Only PNG, JPEG and SVG are accepted, by their first bytes
(never by the file name); EPS and everything else are refused, a decompression bomb is refused
before it is decoded, and an SVG may not carry a DOCTYPE, entities or references to other files.

For a brief in ``layout.colour: grayscale`` every picture is turned to greys of the same
lightness as the theme's colours are (:data:`LUMA`): a bitmap becomes a grey image, every colour
of an SVG an RGB grey (r = g = b), so nothing on the page prints in colour.
"""

from __future__ import annotations

import io
import re
from typing import Any, TypeVar

from reportlab.platypus import Flowable, Image

from briefing.errors import BriefError, Diagnostic
from briefing.materials.fonts import FontSet

MAX_PIXELS = 25_000_000  # far below Pillow's default bomb limit (~89 M pixels)

#: The weights of red, green and blue in a colour's lightness (ITU-R BT.709, as the theme's
#: own greys: :meth:`briefing.theme.Theme.greyed`).
LUMA = (0.2126, 0.7152, 0.0722)


def sniff(data: bytes) -> str | None:
    """'png', 'jpeg', 'svg' or None, from the content."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:65536].lower():
        return "svg"
    return None


def _refuse(name: str, field: str, message: str, hint: str) -> BriefError:
    return BriefError(message, (Diagnostic(name, 0, 0, field, message, hint),))


def load_image(
    data: bytes,
    name: str,
    field: str,
    max_w: float,
    max_h: float,
    font: str,
    fonts: FontSet | None = None,
    grey: bool = False,
) -> Flowable:
    """The image in ``data`` (file ``name``) as a flowable that fits ``max_w`` x ``max_h`` points.

    Text in an SVG is set in ``font`` (a registered TrueType font), never a standard-14 font;
    with ``fonts``, what ``font`` lacks is set in the fallback faces. With ``grey``, the picture
    is in greys (see the module's docstring).
    """
    kind = sniff(data)
    if kind is None:
        raise _refuse(
            name, field, "is not a PNG, JPEG or SVG image", "convert it to PNG, JPEG or SVG"
        )
    if kind == "svg":
        drawing = _svg(data, name, field, max_w, max_h, font, fonts)
        if grey:
            make_grey(drawing)
        return drawing
    return _bitmap(data, kind, name, field, max_w, max_h, grey)


def _bitmap(
    data: bytes, kind: str, name: str, field: str, max_w: float, max_h: float, grey: bool
) -> Image:
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data), formats=[kind.upper()]) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _refuse(
                    name,
                    field,
                    f"the image is {width} x {height} pixels; at most "
                    f"{MAX_PIXELS:,} pixels are allowed",
                    "scale the image down",
                )
            probe.verify()
    except BriefError:
        raise
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise _refuse(name, field, f"cannot read the image: {exc}", "re-export the image") from None
    scale = min(max_w / width, max_h / height)
    data = _opaque_rgb(data)  # PDF/A-1: no soft masks (alpha), no device CMYK next to sRGB
    if grey:
        data = _grey(data)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _opaque_rgb(data: bytes) -> bytes:
    """The image as it is when it is opaque RGB or grey; else flattened on white, as PNG.

    PDF/A-1 forbids transparency, so an alpha channel would become a soft mask the archive
    refuses; the logo sits on the white page, so white is what shows through anyway. CMYK
    and other modes become RGB, the colour space of the file's output intent.
    """
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as image:
        if image.mode in ("RGB", "L") and "transparency" not in image.info:
            return data
        rgba = image.convert("RGBA")
    flat = PILImage.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, format="PNG")
    return out.getvalue()


def _grey(data: bytes) -> bytes:
    """An opaque RGB or grey image in greys of the same lightness (:data:`LUMA`), as PNG (a
    grey image is returned as it is)."""
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as image:
        if image.mode == "L":
            return data
        grey = image.convert("RGB").convert("L", matrix=(*LUMA, 0.0))
    out = io.BytesIO()
    grey.save(out, format="PNG")
    return out.getvalue()


_SVG_FORBIDDEN = re.compile(
    rb"<!DOCTYPE|<!ENTITY|xlink:href\s*=\s*[\"'](?!#)|"
    rb"\shref\s*=\s*[\"'](?!#)|<\?xml-stylesheet|@import",
    re.I,
)


def _svg(
    data: bytes,
    name: str,
    field: str,
    max_w: float,
    max_h: float,
    font: str,
    fonts: FontSet | None = None,
) -> Flowable:
    bad = _SVG_FORBIDDEN.search(data)
    if bad is not None:
        found = bad.group(0).decode("ascii", "replace").strip()
        raise _refuse(
            name,
            field,
            f"the SVG contains '{found}' (a DOCTYPE, entity or reference "
            "to another file), which is not allowed",
            "save a plain SVG without external references",
        )
    try:
        from lxml import etree
        from svglib.svglib import SvgRenderer

        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        )
        root = etree.fromstring(data, parser=parser)
        drawing = SvgRenderer(name).render(root)
    except Exception as exc:  # lxml / svglib raise many kinds for a broken file
        raise _refuse(name, field, f"cannot read the SVG: {exc}", "re-export the image") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise _refuse(name, field, "the SVG has no size", "give the SVG a width and height")
    set_drawing_font(drawing, font, fonts)
    make_opaque(drawing)
    scale = min(max_w / drawing.width, max_h / drawing.height)
    drawing.scale(scale, scale)
    drawing.width *= scale
    drawing.height *= scale
    return drawing


def set_drawing_font(node: object, font: str, fonts: FontSet | None = None) -> None:
    """Set every text of a ReportLab drawing in ``font``, and its initial font too.

    svglib falls back to Helvetica for fonts it does not know, and the drawing renderer starts
    from Helvetica unless the drawing says otherwise; either would put a standard-14 font in
    the PDF. With ``fonts``, a text the main font cannot set (a '≥', Arabic) is set in the
    first fallback font that covers all of it, and a text no one face covers ("Şuşa (Շուշի)")
    is drawn as runs, each in the first face that covers it (:func:`fit_faces`).
    """
    _set_font(node, font, fonts)
    if fonts is not None:
        fit_faces(node, fonts)


def _set_font(node: object, font: str, fonts: FontSet | None) -> None:
    from reportlab.graphics.shapes import String

    if hasattr(node, "initialFontName") or node.__class__.__name__ == "Drawing":
        node.initialFontName = font  # type: ignore[attr-defined]
    if isinstance(node, String):
        node.fontName = font
        if fonts is not None and not all(fonts.covers(ch) for ch in node.text):
            for name in fonts.fallbacks:
                if all(fonts.font_covers(name, ch) or ch.isspace() for ch in node.text):
                    node.fontName = name
                    break
    for child in getattr(node, "contents", ()) or ():
        _set_font(child, font, fonts)


_Node = TypeVar("_Node")


def fit_faces(node: _Node, fonts: FontSet) -> _Node:
    """Replace each text of a drawing that its face cannot set in full by a group of runs, each
    in the first face that covers it (its own, else the fallbacks of its weight), placed one
    after the other where the text stood (its anchor kept). Returns ``node``."""
    from reportlab.graphics.shapes import String

    contents = getattr(node, "contents", None)
    for i, child in enumerate(contents or ()):
        if isinstance(child, String):
            contents[i] = _in_runs(child, fonts)  # type: ignore[index]
        else:
            fit_faces(child, fonts)
    return node


def _in_runs(text: Any, fonts: FontSet) -> Any:
    from reportlab.graphics.shapes import Group
    from reportlab.pdfbase.pdfmetrics import stringWidth

    base = str(text.fontName)
    if all(ch.isspace() or fonts.font_covers(base, ch) for ch in text.text):
        return text
    runs = fonts.runs(str(text.text), base)
    size = float(text.fontSize)
    widths = [stringWidth(chunk, face, size) for face, chunk in runs]
    anchor = getattr(text, "textAnchor", "start")
    x = float(text.x) - {"middle": sum(widths) / 2, "end": sum(widths)}.get(anchor, 0.0)
    group = Group()
    for (face, chunk), width in zip(runs, widths, strict=True):
        part = text.copy()
        part.x, part.text, part.fontName, part.textAnchor = x, chunk, face, "start"
        group.add(part)
        x += width
    return group


def make_opaque(node: object) -> None:
    """Blend every translucent colour of a drawing with the white page; CMYK becomes RGB.

    PDF/A-1 forbids transparency (an SVG's opacity would become a graphics state with an alpha
    below 1) and device CMYK beside the sRGB output intent. Over white, which is what is under
    a logo or a chart, the blended colour is what a reader sees anyway.
    """
    from reportlab.lib.colors import CMYKColor, Color

    for paint, opacity in (("fillColor", "fillOpacity"), ("strokeColor", "strokeOpacity")):
        colour = getattr(node, paint, None)
        level = getattr(node, opacity, None)
        if isinstance(colour, Color):
            # svglib sets both from one SVG opacity; ReportLab applies one of them, not both
            alpha = float(level if level is not None else (colour.alpha or 1.0))
            if alpha < 1.0 or isinstance(colour, CMYKColor):
                red, green, blue = colour.rgb()
                setattr(node, paint, Color(*(alpha * c + 1.0 - alpha for c in (red, green, blue))))
        if level is not None:
            setattr(node, opacity, None)
    for child in getattr(node, "contents", ()) or ():
        make_opaque(child)


def make_grey(node: object) -> None:
    """Turn every colour of a drawing into the grey of its lightness (:data:`LUMA`), as RGB
    with r = g = b. Run after :func:`make_opaque`, so no colour is translucent or CMYK."""
    from reportlab.lib.colors import Color

    for paint in ("fillColor", "strokeColor"):
        colour = getattr(node, paint, None)
        if isinstance(colour, Color):
            red, green, blue = colour.rgb()
            level = LUMA[0] * red + LUMA[1] * green + LUMA[2] * blue
            setattr(node, paint, Color(level, level, level))
    for child in getattr(node, "contents", ()) or ():
        make_grey(child)


def clip_to(canvas: Any, width: float, height: float) -> None:
    """Clip all that is drawn on ``canvas`` until its state is restored to the box from (0, 0)
    to (``width``, ``height``): a picture's own box, which for an SVG is its viewport (its
    viewBox, scaled)."""
    path = canvas.beginPath()
    path.rect(0, 0, width, height)
    canvas.clipPath(path, stroke=0, fill=0)


class Clipped(Flowable):  # type: ignore[misc]
    """``inner`` (a picture: the logo) drawn through a clipping path of the box it takes."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        clip_to(self.canv, self.width, self.height)
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.restoreState()
