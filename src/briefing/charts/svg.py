"""``bar``, ``barh`` and ``line`` charts drawn by matplotlib's object API (never pyplot's global
state) into SVG with its text kept as text, in the theme's font files, with matplotlib's own
defaults (never a matplotlibrc from the working folder) and the caller's settings given back.
"""

from __future__ import annotations

import io
import logging
import textwrap
import warnings
from typing import Any

from briefing.numbers import (
    QUALIFIER_SYMBOLS,
    format_number,
    format_value,
)


def render_svg(spec: dict[str, Any], font_files: list[str]) -> str:
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
