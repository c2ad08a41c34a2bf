"""Benchmark: how long our own work on time axes and crowded charts takes.

Run from the repository root:

    python bench/charts.py [--runs 5]

Prints medians (in milliseconds) of:

- the date scale (:func:`briefing.dates.date_scale`) and the whole timeline layout for spans of
  days, 18 months, decades and eight centuries, with the number of ticks each scale has;
- a line chart's SVG (matplotlib, :func:`briefing.charts.svg.render_svg`) over 12, 120 and 300
  points, and a bar chart's over 12 and 40 bars (the most a chart takes);
- refusing a brief whose bar chart has 500 bars (validation, before anything is drawn).

Nothing here is a test: targets are read off the output, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    from briefing.charts.timeline import timeline_layout
    from briefing.dates import date_scale
    from briefing.theme import ChartTokens

    tokens = ChartTokens()

    def measure(text: str, bold: bool = False) -> float:
        return len(text) * 7.5 * (0.58 if bold else 0.52)

    spans = {
        "days": ("2016-03-01", "2016-03-09"),
        "18 months": ("2014-09-01", "2016-02-20"),
        "decades": ("1979-12-24", "2016-03-14"),
        "centuries": ("1204-04-12", "2016-03-14"),
        "years 22 to 9999": ("0022-05-01", "9999-12-31"),
    }
    print("date scale and timeline layout (480 pt wide)")
    for name, (first, last) in spans.items():
        a, b = date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal()
        scale = date_scale(a, b, 480.0, measure, tokens.tick_room, 7.5)
        scale_ms = median_ms(
            lambda a=a, b=b: date_scale(a, b, 480.0, measure, tokens.tick_room), runs
        )
        days = [a + (b - a) * i // 7 for i in range(8)]
        labels = [f"Event {i} with a few words" for i in range(8)]
        layout_ms = median_ms(
            lambda days=days, labels=labels: timeline_layout(
                days, labels, 480.0, 7.5, tokens, measure
            ),
            runs,
        )
        print(
            f"  {name:18} scale {scale_ms:7.2f} ms ({len(scale.ticks)} ticks, step "
            f"{scale.step[1]} {scale.step[0]})   timeline layout {layout_ms:7.2f} ms"
        )

    from briefing.charts.svg import render_svg

    colours = {"muted": "#5a6570", "ink": "#1b1f24", "accent": "#1f3a5f", "rule": "#c8ced6"}
    fonts = [str(ROOT / "assets" / "fonts" / "NotoSans-Regular.ttf")]

    def spec(kind: str, count: int, dated: bool) -> dict[str, object]:
        start = date(2014, 9, 1).toordinal()
        out: dict[str, object] = {
            "type": kind,
            "labels": [f"L{i}" for i in range(count)],
            "values": [float(i % 7 + 1) for i in range(count)],
            "qualifiers": [None] * count,
            "statuses": [None] * count,
            "unit": None,
            "size": [480.0, 200.0],
            "font": 7.5,
            "tokens": tokens.model_dump(),
            "colours": colours,
            "rule": 0.5,
        }
        if dated:
            out["days"] = [start + 7 * i for i in range(count)]
        return out

    render_svg(spec("bar", 3, False), fonts)  # matplotlib imported once, outside the timings
    print("charts drawn by matplotlib (SVG, 480 pt wide)")
    for kind, count, dated in (
        ("line", 12, True),
        ("line", 120, True),
        ("line", 300, True),
        ("bar", 12, False),
        ("bar", 40, False),
        ("barh", 40, False),
    ):
        chart = spec(kind, count, dated)
        if kind == "barh":
            chart["size"] = [480.0, 40 * 12.0]
        ms = median_ms(lambda chart=chart: render_svg(chart, fonts), max(1, runs // 2))
        print(f"  {kind:5} {count:4} {'dated ' if dated else '      '}{ms:9.1f} ms")

    from briefing.errors import BriefError
    from briefing.pipeline import load_brief
    from briefing.world.disk import DiskWorld

    labels = ", ".join(f"R{i}" for i in range(500))
    values = ", ".join(str(i) for i in range(500))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bars.yaml"
        path.write_text(
            "title: T\ndate: 2016-03-14\nsummary: S\ncharts:\n  - type: bar\n"
            f"    data: {{labels: [{labels}], values: [{values}]}}\n",
            encoding="utf-8",
        )

        def refuse() -> None:
            try:
                load_brief(DiskWorld(path, path.name))
            except BriefError:
                return
            raise AssertionError("a 500-bar chart was accepted")

        print(f"refusing a 500-bar chart (validation): {median_ms(refuse, runs):.1f} ms")


if __name__ == "__main__":
    main()
