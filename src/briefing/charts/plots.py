"""Stage 3b, charts: a :class:`Chart` of a brief -> vector flowables for the main column.

Takes the layout context (brief, theme tokens, fonts, width) and one chart; returns a title, the
chart and a caption that carries the attribution of claimed data in words. ``figures`` are tiles
set in ReportLab (real text, no matplotlib); ``bar``, ``barh``, ``line`` and ``timeline`` are drawn
with matplotlib's object API into SVG (text kept as text), converted to ReportLab drawings by
svglib, and cached by content so an unchanged chart is not redrawn (nor matplotlib imported).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import textwrap
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.platypus import Flowable

from briefing import __version__
from briefing.cache import code_version, key_of
from briefing.layout.measure import Paragraph
from briefing.model import Brief, Chart, Claims, attribution
from briefing.numbers import (
    QUALIFIER_SYMBOLS,
    format_date,
    format_figure,
    format_number,
    format_value,
)
from briefing.text import escape


@dataclass(frozen=True)
class Series:
    """What a chart draws, resolved from claims, the timeline or inline data."""

    labels: list[str]
    values: list[float]
    qualifiers: list[str | None]
    unit: str | None
    statuses: list[str | None]
    caption: str  # our own words, plain text
    #: the high end of each value that is a range (None for a single value)
    highs: list[float | None] | None = None
    #: each value's unit, where the values do not share one
    units: list[str | None] | None = None


def _claims_words(claims: Claims) -> str:
    words = attribution(claims.status, claims.source)
    overrides = [
        f"{item.label}: {attribution(item.status, claims.source)}"
        for item in claims.items
        if item.status and item.status != claims.status
    ]
    return "; ".join([words, *overrides])


def block_series(claims: Claims, source: str = "") -> Series:
    """One party's claimed figures as a series (its tiles, or its part of a chart)."""
    units = {item.unit for item in claims.items}
    ranged = any(isinstance(item.value, tuple) for item in claims.items)
    return Series(
        labels=[item.label for item in claims.items],
        values=[item.low for item in claims.items],
        qualifiers=[item.qualifier for item in claims.items],
        unit=units.pop() if len(units) == 1 else None,
        statuses=[item.status if item.status != claims.status else None for item in claims.items],
        caption=" · ".join(part for part in (_claims_words(claims), source) if part),
        highs=[item.high if isinstance(item.value, tuple) else None for item in claims.items]
        if ranged
        else None,
        units=[item.unit for item in claims.items] if len(units) > 1 else None,
    )


def measure_series(brief: Brief, chart: Chart, source: str = "") -> Series:
    """One bar (or tile) per party claiming ``chart.measure``, labelled with the party and its
    status in words; ranges keep both ends."""
    pairs = [
        (block, item)
        for block in brief.claim_blocks
        for item in block.items
        if item.measure == chart.measure
    ]
    labels: list[str] = []
    statuses: list[str | None] = []
    for block, item in pairs:
        status = item.status or block.status
        labels.append(f"{block.source} ({_STATUS_SHORT[status]})")
        statuses.append(None)
    units = {item.unit for _, item in pairs}
    words = "; ".join(
        attribution(item.status or block.status, block.source)
        + (f" (as of {format_date(item.as_of)})" if item.as_of else "")
        for block, item in pairs
    )
    ranged = any(isinstance(item.value, tuple) for _, item in pairs)
    return Series(
        labels=labels,
        values=[item.low for _, item in pairs],
        qualifiers=[item.qualifier for _, item in pairs],
        unit=units.pop() if len(units) == 1 else None,
        statuses=statuses,
        caption=" · ".join(part for part in (words, source) if part),
        highs=[item.high if isinstance(item.value, tuple) else None for _, item in pairs]
        if ranged
        else None,
    )


#: A party's status in a word or two, for a bar's label (the caption has the full words).
_STATUS_SHORT = {
    "claimed": "claimed, unverified",
    "reported": "reported, unverified",
    "disputed": "claimed, disputed",
    "corroborated": "claimed, corroborated",
    "confirmed": "confirmed",
}


def resolve(brief: Brief, chart: Chart) -> Series:
    """The labels, values and caption of a chart (validation already checked consistency)."""
    source = f"Source: {chart.source}" if chart.source else ""
    if chart.from_ == "claims" and chart.measure is not None:
        return measure_series(brief, chart, source)
    if chart.from_ == "claims" and len(brief.claim_blocks) == 1:
        return block_series(brief.claim_blocks[0], source)
    if chart.from_ == "claims" and brief.claim_blocks:
        parts = [block_series(block) for block in brief.claim_blocks]
        ranged = any(p.highs for p in parts)
        units = {u for block in brief.claim_blocks for u in (i.unit for i in block.items)}
        return Series(
            labels=[
                f"{label} ({block.source})"
                for p, block in zip(parts, brief.claim_blocks, strict=True)
                for label in p.labels
            ],
            values=[v for p in parts for v in p.values],
            qualifiers=[q for p in parts for q in p.qualifiers],
            unit=units.pop() if len(units) == 1 else None,
            statuses=[st for p in parts for st in p.statuses],
            caption=" · ".join(
                part for part in ("; ".join(p.caption for p in parts), source) if part
            ),
            highs=[h for p in parts for h in (p.highs or [None] * len(p.values))]
            if ranged
            else None,
            units=[i.unit for block in brief.claim_blocks for i in block.items]
            if len(units) > 1
            else None,
        )
    if chart.from_ == "timeline":
        events = sorted(brief.timeline or (), key=lambda e: e.date)
        return Series(
            [e.event for e in events],
            [float(e.date.toordinal()) for e in events],
            [None] * len(events),
            None,
            [None] * len(events),
            source,
        )
    data = chart.data
    assert data is not None
    count = len(data.values)
    return Series(
        list(data.labels),
        list(data.values),
        [None] * count,
        data.unit or chart.unit,
        [None] * count,
        source,
    )


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
        style = ctx.styles.attribution if chart.from_ == "claims" else ctx.styles.note
        out.append(Paragraph(escape(series.caption), style))
    return out


# --------------------------------------------------------------------------- figures (tiles)


def figure_tiles(
    ctx: Any, series: Series, claims_status: str | None, source: str | None = None
) -> Flowable:
    """Large-number tiles: '> 9,000' with the unit and the label underneath, 2-4 per row."""
    st = ctx.styles
    count = len(series.values)
    per_row = count if count <= 4 else (3 if count % 3 == 0 else 4)
    cells: list[list[Flowable]] = []
    for i, low in enumerate(series.values):
        qualifier = series.qualifiers[i]
        high = series.highs[i] if series.highs else None
        value: float | tuple[float, float] = (low, high) if high is not None else low
        number = format_value(value)
        item_unit = _unit_of(ctx, series, i)
        if item_unit == "%":
            number += "%"
        if qualifier:
            number = f"{QUALIFIER_SYMBOLS[qualifier]}\xa0{number}"
        parts = [Paragraph(escape(number), st.figure)]
        if qualifier or (item_unit and item_unit != "%"):  # '>' is easy to miss: say it
            detail = format_figure(value, qualifier, item_unit) if qualifier else item_unit
            parts.append(Paragraph(escape(detail or ""), st.note))
        parts.append(ctx.para(series.labels[i], st.figure_label))
        status = series.statuses[i]
        if status and status != claims_status and source:
            parts.append(Paragraph(escape(attribution(status, source)), st.attribution))
        cells.append(parts)
    rows = [cells[r : r + per_row] for r in range(0, count, per_row)]
    for row in rows:
        row.extend([[]] * (per_row - len(row)))
    gap = ctx.theme.spacing.block_padding
    fill = ctx.c("claims_fill") if source else ctx.c("bluf_fill")
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), gap),
        ("RIGHTPADDING", (0, 0), (-1, -1), gap),
        ("TOPPADDING", (0, 0), (-1, -1), gap * 0.7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), gap * 0.9),
        ("LINEBEFORE", (1, 0), (-1, -1), ctx.theme.spacing.rule, ctx.c("rule")),
    ]
    if not source:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    if len(rows) > 1:
        commands.append(("LINEABOVE", (0, 1), (-1, -1), ctx.theme.spacing.rule, ctx.c("rule")))
    width = f"{100 / per_row:.4f}%"
    return ctx.table(rows, [width] * per_row, commands)


def _unit_of(ctx: Any, series: Series, index: int) -> str | None:
    if series.units is not None:
        return series.units[index]
    return series.unit


# --------------------------------------------------------------------------- drawn charts


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
        self._drawing.drawOn(self.canv, 0, 0)


def _drawing(ctx: Any, chart: Chart, series: Series, width: float) -> Flowable:
    theme = ctx.theme
    body = _quantise(theme.type.body, 0.5)  # few sizes: few drawings while the fit searches
    small = _quantise(theme.type.small, 0.5)
    height = _quantise(body * 13.5, 6.0)
    if chart.type == "timeline":
        wrap = timeline_wrap(width, len(series.values), small)
        _, above, below = timeline_layout(
            {
                "values": series.values,
                "labels": series.labels,
                "font": small,
                "wrap": wrap,
            }
        )
        height = above + below
    if chart.type == "barh":
        height = max(body * 3.2 * len(series.values) + body * 3, body * 8)
    spec = {
        "type": chart.type,
        "labels": series.labels,
        "values": series.values,
        "qualifiers": series.qualifiers,
        "statuses": series.statuses,
        "unit": series.unit,
        **({"highs": series.highs} if series.highs else {}),
        "size": [round(width, 2), round(height, 2)],
        "font": small,
        "wrap": timeline_wrap(width, len(series.values), small),
        "colours": theme.colours.model_dump(),
        "rule": theme.spacing.rule,
        "fonts": [face.digest for face in _faces(ctx)],
        "versions": [__version__, 2],
    }
    key = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    drawing = _DRAWINGS.get(key)
    if drawing is None and chart.type == "timeline":
        drawing = _DRAWINGS[key] = timeline_drawing(spec, ctx.fonts)
    if drawing is None:
        drawing = _DRAWINGS[key] = _fitted(_converted(key, spec, ctx), ctx, width)
    return drawing


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
        svg = _render_svg(spec, [face.path for face in _faces(ctx)])
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
    from briefing.layout.images import set_drawing_font

    set_drawing_font(drawing, ctx.fonts.regular, ctx.fonts)
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    return drawing


# --------------------------------------------------------------------------- matplotlib


def _render_svg(spec: dict[str, Any], font_files: list[str]) -> str:
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    families = []
    for path in font_files:
        font_manager.fontManager.addfont(path)
        family = font_manager.FontProperties(fname=path).get_name()
        if family not in families:
            families.append(family)
    rc = {
        "svg.fonttype": "none",
        "svg.hashsalt": "briefing",
        "font.family": families,
        "font.size": spec["font"],
        "text.parse_math": False,
        "text.usetex": False,
        "axes.unicode_minus": True,
        "axes.edgecolor": spec["colours"]["muted"],
        "axes.labelcolor": spec["colours"]["ink"],
        "xtick.color": spec["colours"]["muted"],
        "ytick.color": spec["colours"]["muted"],
        "axes.linewidth": spec["rule"],
        "path.simplify": True,
    }
    width, height = spec["size"]
    # the defaults, never a matplotlibrc from the working directory, and the caller's own
    # settings given back afterwards (rc_context restores them)
    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(rc)  # type: ignore[arg-type]
        warnings.simplefilter("ignore")  # e.g. "tight layout not applied": the chart still draws
        figure = Figure(figsize=(width / 72, height / 72), dpi=72)
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        draw = {"bar": _bar, "barh": _barh, "line": _line}[spec["type"]]
        draw(axes, spec)
        figure.tight_layout(pad=0.3)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _labels(spec: dict[str, Any], width: int) -> list[str]:
    return ["\n".join(textwrap.wrap(label, width)) or label for label in spec["labels"]]


def _value_text(spec: dict[str, Any], i: int) -> str:
    qualifier = spec["qualifiers"][i]
    high = (spec.get("highs") or [None] * (i + 1))[i]
    text = format_value((spec["values"][i], high) if high is not None else spec["values"][i])
    if spec["unit"] == "%":
        text += "%"
    text = f"{QUALIFIER_SYMBOLS[qualifier]} {text}" if qualifier else text
    status = spec["statuses"][i]
    return f"{text} ({status})" if status else text


def _number_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v)))
    axis.set_major_locator(MaxNLocator(5))


def _tidy(axes: Any, spec: dict[str, Any], grid: str) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis=grid, color=spec["colours"]["rule"], linewidth=spec["rule"] * 0.8)
    axes.set_axisbelow(True)


def _bar(axes: Any, spec: dict[str, Any]) -> None:
    _bars(axes, spec, horizontal=False)


def _barh(axes: Any, spec: dict[str, Any]) -> None:
    _bars(axes, spec, horizontal=True)


def _bars(axes: Any, spec: dict[str, Any], horizontal: bool) -> None:
    """Bars from zero (negatives go the other way), each labelled with its value."""
    values = spec["values"]
    count = len(values)
    positions = list(range(count))[::-1] if horizontal else list(range(count))
    style = {
        "color": spec["colours"]["accent"],
        "edgecolor": spec["colours"]["ink"],
        "linewidth": spec["rule"] * 0.7,
    }
    if horizontal:
        bars = axes.barh(positions, values, height=0.6, **style)
        axes.set_yticks(positions, _labels(spec, 26))
    else:
        bars = axes.bar(positions, values, width=0.6, **style)
        axes.set_xticks(positions, _labels(spec, 18))
    highs = spec.get("highs") or [None] * count
    _range_extensions(axes, spec, positions, values, highs, horizontal)
    ends = [h if h is not None else v for v, h in zip(values, highs, strict=True)]
    value_axis = axes.xaxis if horizontal else axes.yaxis
    _number_axis(value_axis)
    low, high = min(0.0, *values), max(0.0, *ends)
    span = (high - low) or 1.0
    if horizontal:
        axes.set_xlim(low - (span * 0.2 if low < 0 else 0), high + span * 0.22)
        axes.axvline(0, color=spec["colours"]["ink"], linewidth=spec["rule"])
    else:
        axes.set_ylim(low - (span * 0.12 if low < 0 else 0), high + span * 0.15)
        axes.axhline(0, color=spec["colours"]["ink"], linewidth=spec["rule"])
    for i, bar in enumerate(bars):
        value = ends[i]
        outward = 3 if value >= 0 else -3
        if horizontal:
            anchor = (value, bar.get_y() + bar.get_height() / 2)
            offset, align = (outward, 0), {"va": "center", "ha": "left" if value >= 0 else "right"}
        else:
            anchor = (bar.get_x() + bar.get_width() / 2, value)
            offset, align = (0, outward), {"ha": "center", "va": "bottom" if value >= 0 else "top"}
        axes.annotate(
            _value_text(spec, i),
            anchor,
            xytext=offset,
            textcoords="offset points",
            fontweight="bold",
            color=spec["colours"]["ink"],
            **align,
        )
    if spec["unit"]:
        value_axis.set_label_text(spec["unit"])
    _tidy(axes, spec, "x" if horizontal else "y")


def _range_extensions(
    axes: Any,
    spec: dict[str, Any],
    positions: list[int],
    values: list[float],
    highs: list[float | None],
    horizontal: bool,
) -> None:
    """A range is drawn as a range: the bar to its low end, a lighter extension to its high
    end, so it never reads as a single value."""
    style = {
        "color": spec["colours"]["rule"],
        "edgecolor": spec["colours"]["accent"],
        "linewidth": spec["rule"] * 0.7,
        "linestyle": "--",
    }
    for position, low, high in zip(positions, values, highs, strict=True):
        if high is None:
            continue
        if horizontal:
            axes.barh([position], [high - low], left=[low], height=0.6, **style)
        else:
            axes.bar([position], [high - low], bottom=[low], width=0.6, **style)


def _line(axes: Any, spec: dict[str, Any]) -> None:
    values = spec["values"]
    positions = list(range(len(values)))
    axes.plot(
        positions,
        values,
        color=spec["colours"]["accent"],
        linewidth=spec["rule"] * 2.7,
        marker="o",
        markersize=4,
        markerfacecolor="white",
        markeredgewidth=1.2,
    )
    axes.set_xticks(positions, _labels(spec, 14))
    _number_axis(axes.yaxis)
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    axes.set_ylim(min(0.0, low - span * 0.1) if low >= 0 else low - span * 0.15, high + span * 0.2)
    for i, value in enumerate(values):
        axes.annotate(
            _value_text(spec, i),
            (i, value),
            xytext=(0, 5),
            textcoords="offset points",
            ha="center",
            va="bottom",
            color=spec["colours"]["ink"],
        )
    if len(values) == 1:
        axes.set_xlim(-1, 1)
    if spec["unit"]:
        axes.set_ylabel(spec["unit"])
    _tidy(axes, spec, "y")


def timeline_wrap(width: float, events: int, font: float) -> int:
    """Characters per timeline label line: what a fair share of the width holds."""
    share = width / max(events, 1) * 1.6  # labels alternate above and below
    return max(14, min(40, int(share / (font * 0.52))))


def timeline_layout(spec: dict[str, Any]) -> tuple[list[float], float, float]:
    """Stem lengths (points, + above / - below) and the room needed above and below the axis.

    Labels alternate above and below the axis; a label that would reach a neighbour on the
    same side within a quarter of the time span is pushed further out, past that label.
    """
    days = [int(v) for v in spec["values"]]
    line = spec["font"] * 1.45  # matplotlib: size x linespacing 1.15 x ~1.2
    span = max(max(days) - min(days), 1)
    heights = [(1 + len(textwrap.wrap(label, spec["wrap"]))) * line for label in spec["labels"]]
    stems: list[float] = []
    for i, day in enumerate(days):
        sign = 1.0 if i % 2 == 0 else -1.0
        stem = line * 0.8
        for j in range(i - 1, -1, -1):
            if (stems[j] > 0) == (sign > 0) and day - days[j] < span * 0.25:
                stem = max(stem, abs(stems[j]) + heights[j] + line * 0.4)
        stems.append(sign * stem)
    above = max([s + heights[i] for i, s in enumerate(stems) if s > 0], default=line)
    below = max([-s + heights[i] for i, s in enumerate(stems) if s < 0], default=line)
    return stems, above + line * 0.3, below + line * 0.3


def timeline_drawing(spec: dict[str, Any], fonts: Any) -> Flowable:
    """The timeline drawn directly as ReportLab vector shapes and real text.

    It is only a line, dots, stems and labels: drawing it here costs a millisecond, where
    matplotlib would cost its import (half a second) on a first build.
    """
    from reportlab.graphics.shapes import Circle, Drawing, Line, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    colours = {k: HexColor(v) for k, v in spec["colours"].items()}
    width, height = spec["size"]
    font, rule = spec["font"], spec["rule"]
    days = [int(v) for v in spec["values"]]
    first, last = min(days), max(days)
    margin = max(last - first, 1) * 0.18
    stems, _, below = timeline_layout(spec)
    line = font * 1.45
    drawing = Drawing(width, height)
    drawing.add(Line(0, below, width, below, strokeColor=colours["muted"], strokeWidth=rule * 2))

    def x_of(day: int) -> float:
        return float((day - first + margin) / (last - first + 2 * margin) * width)

    for day, label, stem in zip(days, spec["labels"], stems, strict=True):
        x = x_of(day)
        drawing.add(
            Line(x, below, x, below + stem, strokeColor=colours["rule"], strokeWidth=rule * 1.3)
        )
        texts = [format_date(date.fromordinal(day)), *textwrap.wrap(label, spec["wrap"])]
        for i, text in enumerate(texts):
            name = _font_for(text, fonts, bold=i == 0)
            size = stringWidth(text, name, font)
            if stem > 0:
                y = below + stem + (len(texts) - 1 - i) * line + font * 0.35
            else:
                y = below + stem - (i + 1) * line + font * 0.35
            left = min(max(x - size / 2, 0.0), width - size)
            drawing.add(
                String(left, y, text, fontName=name, fontSize=font, fillColor=colours["ink"])
            )
        drawing.add(
            Circle(
                x,
                below,
                font * 0.36,
                fillColor=colours["accent"],
                strokeColor=HexColor("#ffffff"),
                strokeWidth=rule * 1.3,
            )
        )
    drawing.initialFontName = fonts.regular
    return drawing


def _font_for(text: str, fonts: Any, bold: bool) -> str:
    """The theme font for a text, or the fallback that covers all of it."""
    main: str = fonts.bold if bold else fonts.regular
    if all(fonts.covers(ch) for ch in text):
        return main
    for name in fonts.fallbacks:
        if all(fonts.font_covers(name, ch) or ch.isspace() for ch in text):
            return str(name)
    return main
