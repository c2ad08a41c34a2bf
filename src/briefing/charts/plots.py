"""Stage 3b, charts: a :class:`Chart` of a brief -> vector flowables for the main column.

Takes the layout context (brief, theme tokens, fonts, width) and one chart; returns a title, the
chart and a caption that carries the attribution of claimed data in words. What is drawn comes
from :mod:`.series`; ``figures`` are tiles (:mod:`.tiles`), ``timeline`` is drawn with ReportLab
shapes (:mod:`.timeline`), and ``bar``, ``barh`` and ``line`` are drawn by matplotlib into SVG
(:mod:`.svg`), converted to ReportLab drawings by svglib and kept by content (here and in
:mod:`.drawings`), so an unchanged chart is not redrawn, nor matplotlib imported. A chart is as
tall as its content needs (bars, label lines; the timeline its placed labels), in proportions
the theme gives (``theme.charts``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from briefing import __version__
from briefing.charts.series import Series, resolve
from briefing.charts.tiles import figure_tiles
from briefing.charts.timeline import timeline_drawing, wrap_words
from briefing.materials.images import clip_to
from briefing.materials.text import literal
from briefing.model import Chart
from briefing.theme import ChartTokens
from briefing.world.cache import code_version, key_of


def make_chart(ctx: Any, chart: Chart) -> list[Flowable]:
    """Title, chart and caption for one chart of the brief (``ctx`` is layout.Context)."""
    series = resolve(ctx.brief, chart)
    out: list[Flowable] = []
    if chart.title:
        out.append(
            ctx.para(
                chart.title,
                ctx.styles.chart_title,
            )
        )
    if chart.type == "figures":
        out.append(figure_tiles(ctx, series, claims_status=None))
    else:
        out.append(ChartFlowable(ctx, chart, series))
    if series.caption:
        out.append(ctx.words(literal(series.caption, ctx.fonts), _caption_style(ctx, chart)))
    return out


def _caption_style(ctx: Any, chart: Chart) -> ParagraphStyle:
    """The caption's style, nearer its own chart than the next block: its words read as this
    chart's, never the next one's."""
    style = ctx.styles.attribution if chart.from_ == "claims" else ctx.styles.note
    body, tokens = ctx.theme.type.body, ctx.theme.charts
    return ParagraphStyle(
        f"{style.name}-caption",
        parent=style,
        spaceBefore=body * tokens.caption_before,
        spaceAfter=body * tokens.caption_after,
    )


class ChartFlowable(Flowable):  # type: ignore[misc]
    """A drawn chart that takes the width of the frame it lands in (beside the sidebar, or the
    full width below it); each width is drawn once and cached."""

    def __init__(self, ctx: Any, chart: Chart, series: Series) -> None:
        super().__init__()
        self.ctx, self.chart, self.series = ctx, chart, series
        self._drawing: Flowable | None = None
        self._for_width = -1.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width = float(int(available_width))
        if width != self._for_width:
            self._drawing = _drawing(self.ctx, self.chart, self.series, width)
            self._for_width = width
        assert self._drawing is not None
        self.width, self.height = self._drawing.width, self._drawing.height
        return self.width, self.height

    def draw(self) -> None:
        assert self._drawing is not None
        self.canv.saveState()
        clip_to(self.canv, self.width, self.height)  # nothing of it prints outside its box
        self._drawing.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


def _drawing(ctx: Any, chart: Chart, series: Series, width: float) -> Flowable:
    theme = ctx.theme
    tokens = theme.charts
    body = _quantise(theme.type.body, 0.5)  # few sizes: few drawings while the fit searches
    small = _quantise(theme.type.small, 0.5)
    spec = {
        "type": chart.type,
        "labels": series.labels,
        "values": series.values,
        "qualifiers": series.qualifiers,
        "statuses": series.statuses,
        "unit": series.unit,
        **({"highs": series.highs} if series.highs else {}),
        **({"days": series.days} if series.days and chart.type == "line" else {}),
        **({"periods": series.periods} if series.periods and chart.type == "line" else {}),
        "size": [round(width, 2), 0.0],  # a timeline takes the height its labels need
        "font": small,
        "tokens": dict(tokens),  # (name, value) pairs: no serializer built
        "colours": dict(theme.colours),
        "rule": theme.spacing.rule,
        "fonts": [face.digest for face in _faces(ctx)],
        "versions": [__version__, 6],
    }
    if chart.type != "timeline":
        measure = _measure(ctx.fonts, small)
        spec["labels"] = _wrapped(chart.type, series.labels, width, tokens, measure)
        spec["size"][1] = _height(spec, body, small, tokens)
    key = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    drawing = _DRAWINGS.get(key)
    if drawing is None and chart.type == "timeline":
        from briefing.materials.images import fit_faces  # labels no one face covers: runs

        drawing = _DRAWINGS[key] = fit_faces(timeline_drawing(spec, ctx.fonts), ctx.fonts)
    if drawing is None:
        drawing = _DRAWINGS[key] = _fitted(_converted(key, spec, ctx), ctx, width)
    return drawing


def _measure(fonts: Any, size: float) -> Callable[[str], float]:

    return lambda text: float(fonts.width(text, size))  # as drawn: in runs of its faces


def _wrapped(
    kind: str, labels: list[str], width: float, tokens: ChartTokens,
    measure: Callable[[str], float],
) -> list[str]:  # fmt: skip
    """The category labels broken into lines ('\n') at the width each has: a share of the
    chart for a barh label, a share of its slot for a bar's or a line's."""
    if kind == "barh":
        limit = width * tokens.barh_label
    else:
        limit = width / max(len(labels), 1) * tokens.bar_label
    return ["\n".join(wrap_words(label, limit, measure)) for label in labels]


def _height(spec: dict[str, Any], body: float, small: float, tokens: ChartTokens) -> float:
    """The height a chart's content needs: a barh chart a row per bar (as tall as its longest
    label), the others their plot and the lines of their longest category label."""
    lines = max((label.count("\n") + 1 for label in spec["labels"]), default=1)
    label = small * tokens.label_leading
    if spec["type"] == "barh":
        row = max(body * tokens.bar_row, (lines + tokens.row_gap) * label)
        return _quantise(len(spec["labels"]) * row + body * tokens.axis, 1.0)
    extra = 0 if spec.get("days") else lines - 1  # dates are ticks on one line
    return _quantise(body * tokens.height + extra * label, 1.0)


def _faces(ctx: Any) -> list[Any]:
    """The font files a chart's text is set in: the theme's regular and bold faces, and its
    fallbacks (with their bold faces)."""
    files = ctx.world.font_files(ctx.theme)
    pairs = [face for pair in files.fallbacks for face in pair if face is not None]
    return [files.regular, files.bold, *pairs]


def _converted(key: str, spec: dict[str, Any], ctx: Any) -> Flowable:
    """The chart as svglib converts its SVG: kept converted (see :mod:`briefing.charts.drawings`),
    else converted from the kept SVG, else drawn by matplotlib first."""
    from briefing.charts import drawings

    store = ctx.world.cache
    kept = key_of("drawing", key, drawings.converter_stamp(), code_version())
    drawing = drawings.load(store.read(kept, "drawing"))
    if drawing is not None:
        return drawing
    svg = store.read(key, "svg")
    if svg is None or not svg.rstrip().endswith("</svg>"):
        from briefing.charts.svg import render_svg  # only to draw: a kept chart is not drawn

        svg = render_svg(spec, [face.path for face in _faces(ctx)])
        store.write(key, "svg", svg)
    drawing = _to_drawing(svg)
    text = drawings.dump(drawing)
    if text is not None:
        store.write(kept, "drawing", text)
    return drawing


#: Drawings converted in this process, by content key (a build tries several scales; a watch or
#: batch run builds again): svglib's conversion is the costly part of a cached chart.
_DRAWINGS: dict[str, Flowable] = {}


def _quantise(value: float, step: float) -> float:
    return round(value / step) * step


def _to_drawing(svg: str) -> Flowable:
    from lxml import etree
    from svglib.svglib import SvgRenderer

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(svg.encode("utf-8"), parser=parser)
    return SvgRenderer("chart.svg").render(root)


def _fitted(drawing: Any, ctx: Any, width: float) -> Flowable:
    """The converted drawing in the theme's fonts, scaled to ``width``."""
    from briefing.materials.images import make_opaque, set_drawing_font

    set_drawing_font(drawing, ctx.fonts.regular, ctx.fonts)
    make_opaque(drawing)  # PDF/A-1: no transparency, no device CMYK
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    return drawing
