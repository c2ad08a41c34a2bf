"""``bar``, ``barh`` and ``line`` charts drawn by matplotlib's object API (never pyplot's global
state) into SVG with its text kept as text, in the theme's font files, with matplotlib's own
defaults (never a matplotlibrc from the working folder) and the caller's settings given back.

A line over dates stands on a date axis (points in proportion to time, date ticks in the
brief's day-month order, each year named); other labels are categories, wrapped by
:mod:`.plots`. Every value is labelled; grid lines are drawn after the layout, broken where a
value label stands, and a line chart's value label takes the first place around its point that
nothing crosses.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import warnings
from typing import Any

from briefing.numbers import (
    QUALIFIER_SYMBOLS,
    format_number,
    format_value,
)
from briefing.theme import ChartTokens


def render_svg(spec: dict[str, Any], font_files: list[str]) -> str:
    """The chart of ``spec`` as SVG text; matplotlib's font logger quiet for it, then put back."""
    quiet = logging.getLogger("matplotlib.font_manager")  # warns of each font not found
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        return _render_svg(spec, font_files)
    finally:
        quiet.setLevel(level)


def _render_svg(spec: dict[str, Any], font_files: list[str]) -> str:
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    spec = {**spec, "tokens": {**dict(ChartTokens()), **spec.get("tokens", {})}}
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
        grid, values = draw(axes, spec)
        figure.tight_layout(pad=spec["tokens"]["pad"])
        if spec.get("days") and spec["type"] == "line":  # the scale at the plot's own width
            date_axis(axes, spec, axes.get_window_extent().width)
            figure.tight_layout(pad=spec["tokens"]["pad"])
        if spec["type"] == "line":
            _clear_values(axes, values, spec)
        _gapped_grid(axes, spec, grid, [v for v in values if v.get_visible()])
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


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


def _tidy(axes: Any) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_axisbelow(True)


def _bar(axes: Any, spec: dict[str, Any]) -> tuple[str, list[Any]]:
    return _bars(axes, spec, horizontal=False)


def _barh(axes: Any, spec: dict[str, Any]) -> tuple[str, list[Any]]:
    return _bars(axes, spec, horizontal=True)


def _bars(axes: Any, spec: dict[str, Any], horizontal: bool) -> tuple[str, list[Any]]:
    """Bars from zero (negatives go the other way), each labelled with its value."""
    values = spec["values"]
    count = len(values)
    positions = list(range(count))[::-1] if horizontal else list(range(count))
    style = {
        "color": spec["colours"]["accent"],
        "edgecolor": spec["colours"]["ink"],
        "linewidth": spec["rule"] * spec["tokens"]["bar_edge"],
    }
    if horizontal:
        bars = axes.barh(positions, values, height=spec["tokens"]["bar_width"], **style)
        axes.set_yticks(positions, spec["labels"])  # wrapped to their width by plots
    else:
        bars = axes.bar(positions, values, width=spec["tokens"]["bar_width"], **style)
        axes.set_xticks(positions, spec["labels"])
    highs = spec.get("highs") or [None] * count
    _range_extensions(axes, spec, positions, values, highs, horizontal)
    ends = [h if h is not None else v for v, h in zip(values, highs, strict=True)]
    value_axis = axes.xaxis if horizontal else axes.yaxis
    _number_axis(value_axis)
    low, high = min(0.0, *values), max(0.0, *ends)
    span = (high - low) or 1.0
    kind = "barh" if horizontal else "bar"  # the room left beyond the bars
    foot, head = spec["tokens"][f"{kind}_footroom"], spec["tokens"][f"{kind}_headroom"]
    if horizontal:
        axes.set_xlim(low - (span * foot if low < 0 else 0), high + span * head)
        axes.axvline(0, color=spec["colours"]["ink"], linewidth=spec["rule"])
    else:
        axes.set_ylim(low - (span * foot if low < 0 else 0), high + span * head)
        axes.axhline(0, color=spec["colours"]["ink"], linewidth=spec["rule"])
    texts = []
    offset = spec["font"] * spec["tokens"]["value_offset"]
    for i, bar in enumerate(bars):
        value = ends[i]
        outward = offset if value >= 0 else -offset
        if horizontal:
            anchor = (value, bar.get_y() + bar.get_height() / 2)
            shift, align = (outward, 0), {"va": "center", "ha": "left" if value >= 0 else "right"}
        else:
            anchor = (bar.get_x() + bar.get_width() / 2, value)
            shift, align = (0, outward), {"ha": "center", "va": "bottom" if value >= 0 else "top"}
        text = axes.annotate(
            _value_text(spec, i),
            anchor,
            xytext=shift,
            textcoords="offset points",
            fontweight="bold",
            color=spec["colours"]["ink"],
            **align,
        )
        texts.append(text)
    if spec["unit"]:
        value_axis.set_label_text(spec["unit"])
    _tidy(axes)
    return ("x" if horizontal else "y"), texts


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
        "linewidth": spec["rule"] * spec["tokens"]["bar_edge"],
        "linestyle": "--",
    }
    width = spec["tokens"]["bar_width"]
    for position, low, high in zip(positions, values, highs, strict=True):
        if high is None:
            continue
        if horizontal:
            axes.barh([position], [high - low], left=[low], height=width, **style)
        else:
            axes.bar([position], [high - low], bottom=[low], width=width, **style)


def _line(axes: Any, spec: dict[str, Any]) -> tuple[str, list[Any]]:
    """A line through the values: over days in proportion to time (a date scale from
    :mod:`briefing.dates`, placed by :func:`date_axis` once the plot's width is known), over
    periods in proportion to time labelled as written, else over categories evenly spaced;
    each point labelled. Days are plain numbers to matplotlib (its own dates are not used), so
    any day from year 1 to 9999 is drawn."""
    values = spec["values"]
    days, periods = spec.get("days"), spec.get("periods")
    xs: list[float] = [float(x) for x in (days or periods or range(len(values)))]
    t = spec["tokens"]
    axes.plot(
        xs,
        values,
        color=spec["colours"]["accent"],
        linewidth=spec["rule"] * t["line_width"],
        marker="o",
        markersize=t["marker"],
        markerfacecolor="white",
        markeredgewidth=t["marker_edge"],
    )
    if days:
        date_axis(axes, spec, axes.get_window_extent().width)
    else:
        axes.set_xticks(xs, spec["labels"])
        if len(values) == 1:
            axes.set_xlim(-1, 1)
    _number_axis(axes.yaxis)
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    foot = low - span * t["line_footroom" if low >= 0 else "line_footroom_negative"]
    axes.set_ylim(min(0.0, foot) if low >= 0 else foot, high + span * t["line_headroom"])
    offset = spec["font"] * spec["tokens"]["value_offset"]
    texts = []
    for i, (x, y) in enumerate(zip(xs, values, strict=True)):
        text = axes.annotate(
            _value_text(spec, i),
            (x, y),
            xytext=(0, offset),
            textcoords="offset points",
            ha="center",
            va="bottom",
            color=spec["colours"]["ink"],
        )
        texts.append(text)
    if spec["unit"]:
        axes.set_ylabel(spec["unit"])
    _tidy(axes)
    return "y", texts


def date_axis(axes: Any, spec: dict[str, Any], length: float) -> tuple[tuple[int, str], ...]:
    """The x axis as a date scale ``length`` points long (:func:`briefing.dates.date_scale`):
    its limits at the scale's end ticks, its ticks and their labels, each year named. Returns
    the ticks."""
    from briefing.dates import date_scale

    days = spec["days"]
    probe = axes.figure.text(0, 0, "")

    def measure(text: str) -> float:
        probe.set_text(text)
        return float(probe.get_window_extent().width)

    scale = date_scale(min(days), max(days), length, measure, spec["tokens"]["tick_room"])
    probe.remove()
    axes.set_xlim(scale.low, scale.high)
    axes.set_xticks([day for day, _ in scale.ticks], [text for _, text in scale.ticks])
    return scale.ticks


def _boxes(axes: Any, texts: list[Any]) -> list[Any]:
    return [text.get_window_extent() for text in texts]


def _clear_values(axes: Any, texts: list[Any], spec: dict[str, Any]) -> None:
    """Each point's value label above the point, else below, beside or across from it, where the
    line, an axis or an earlier label is not in the way; left out where it fits nowhere (the
    point and the axis still say it)."""
    from matplotlib.transforms import Bbox

    line = axes.get_lines()[0]
    points = line.get_transform().transform(line.get_xydata())
    frame = axes.get_window_extent()
    segments = [
        *itertools.pairwise(points),
        ((frame.x0, frame.y0), (frame.x1, frame.y0)),  # the axes
        ((frame.x0, frame.y0), (frame.x0, frame.y1)),
    ]
    offset = spec["font"] * spec["tokens"]["value_offset"]
    places = (
        ((0, offset), "center", "bottom"),
        ((0, -offset), "center", "top"),
        ((offset, 0), "left", "center"),
        ((-offset, 0), "right", "center"),
        ((-offset, offset), "right", "bottom"),
        ((offset, -offset), "left", "top"),
        ((offset, offset), "left", "bottom"),
        ((-offset, -offset), "right", "top"),
    )
    # the points run left to right, so the segments that can cross a box are found by bisection
    # (a label is checked against its neighbours, never against the whole line)
    lows = [min(a[0], b[0]) for a, b in segments[:-2]]
    highs = [max(a[0], b[0]) for a, b in segments[:-2]]
    ordered = all(x <= y for x, y in itertools.pairwise(lows))
    across_of = {"left": 0.0, "center": 0.5, "right": 1.0}
    up_of = {"bottom": 0.0, "center": 0.5, "top": 1.0}
    kept: list[tuple[float, float, float, float]] = []
    font = texts[0].get_fontproperties() if texts else None
    probe = axes.figure.text(0, 0, "", fontproperties=font) if texts else None
    sizes: dict[str, tuple[float, float]] = {}
    anchors = axes.transData.transform([text.xy for text in texts]) if texts else []
    for text, (x, y) in zip(texts, anchors, strict=True):
        words = text.get_text()
        if words not in sizes:  # one measure per distinct value, not one per point and place
            assert probe is not None
            probe.set_text(words)
            extent = probe.get_window_extent()
            sizes[words] = (extent.width, extent.height)
        width, height = sizes[words]
        for shift, across, up in places:
            x0 = x + shift[0] - across_of[across] * width
            y0 = y + shift[1] - up_of[up] * height
            x1, y1 = x0 + width, y0 + height
            if frame.x0 > x0 or any(
                x0 < k[2] and k[0] < x1 and y0 < k[3] and k[1] < y1 for k in kept
            ):
                continue
            box = Bbox.from_extents(x0, y0, x1, y1)
            if ordered:
                near = range(bisect.bisect_left(highs, x0), bisect.bisect_right(lows, x1))
                near_segments = [segments[i] for i in near] + segments[-2:]
            else:
                near_segments = segments
            if not any(_through(box, a, b) for a, b in near_segments):
                text.set_position(shift)
                text.set_horizontalalignment(across)
                text.set_verticalalignment(up)
                kept.append((x0, y0, x1, y1))
                break
        else:
            text.set_visible(False)
    if probe is not None:
        probe.remove()


def _through(box: Any, a: Any, b: Any) -> bool:
    """Whether the segment from ``a`` to ``b`` (display points) crosses ``box``."""
    from matplotlib.path import Path

    return bool(Path([a, b]).intersects_bbox(box, filled=False))


def _gapped_grid(axes: Any, spec: dict[str, Any], axis: str, texts: list[Any]) -> None:
    """Grid lines at the value axis's ticks, broken where a value label stands, so that no grid
    line runs through a number."""
    import numpy as np
    from matplotlib.lines import Line2D

    pad = spec["font"] * spec["tokens"]["grid_gap"]
    boxes = _boxes(axes, texts)
    frame = axes.get_window_extent()
    to_axes = axes.transAxes.inverted()
    scale = axes.xaxis if axis == "x" else axes.yaxis
    low, high = sorted(axes.get_xlim() if axis == "x" else axes.get_ylim())
    xs: list[float] = []
    ys: list[float] = []
    for tick in scale.get_majorticklocs():
        if not low <= tick <= high:
            continue
        point = axes.transData.transform((tick, 0) if axis == "x" else (0, tick))
        at = point[0] if axis == "x" else point[1]
        start, end = (frame.y0, frame.y1) if axis == "x" else (frame.x0, frame.x1)
        cuts = sorted(
            (b.y0 - pad, b.y1 + pad) if axis == "x" else (b.x0 - pad, b.x1 + pad)
            for b in boxes
            if (b.x0 - pad < at < b.x1 + pad if axis == "x" else b.y0 - pad < at < b.y1 + pad)
        )
        pieces, cursor = [], start
        for cut_start, cut_end in cuts:
            if cut_start > cursor:
                pieces.append((cursor, min(cut_start, end)))
            cursor = max(cursor, cut_end)
        if cursor < end:
            pieces.append((cursor, end))
        for a, b in pieces:
            ends = [(at, a), (at, b)] if axis == "x" else [(a, at), (b, at)]
            (x0, y0), (x1, y1) = to_axes.transform(ends)
            xs += [x0, x1, np.nan]
            ys += [y0, y1, np.nan]
    axes.add_line(
        Line2D(xs, ys, transform=axes.transAxes, color=spec["colours"]["rule"],
               linewidth=spec["rule"] * spec["tokens"]["grid_width"], zorder=0.5)
    )  # fmt: skip
