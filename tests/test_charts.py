"""Charts: every type renders as vector with real, literal text; honest captions; cached."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    ROOT,
    STANDARD_14,
    build_text,
    fonts_of,
    images_and_links,
    page_text,
    reader,
)
from tests.pixels import assert_matches, rasterise

BASE = """\
title: Chart test
date: 2016-03-14
summary: Charts.
layout: {sidebar: none}
charts:
"""

HEAD = """\
title: Chart test
date: 2016-03-14
summary: Charts.
claims:
  source: Russian Ministry of Defence
  items:
    - {label: Sorties flown, value: 9000, qualifier: more than, unit: sorties}
    - {label: Oil facilities destroyed, value: 209, unit: facilities}
timeline:
  - {date: 2015-09-30, event: Russian air campaign in Syria begins}
  - {date: 2016-03-14, event: Putin announces withdrawal}
  - {date: 2016-03-15, event: Withdrawal begins}
layout: {sidebar: none}
charts:
"""

CHARTS = {
    "bar": "  - {type: bar, title: Forces, unit: personnel, data: {labels: ['$5bn', '<b>x</b>', "
    "'Third'], values: [4000, 2000, 1200000]}, source: GLOBALO article}\n",
    "barh": "  - {type: barh, title: Horizontal, unit: t, data: {labels: [Alpha, Beta, Gamma], "
    "values: [3, -2, 0]}}\n",
    "line": "  - {type: line, title: Trend, unit: km, data: {labels: [Jan, Feb, Mar, Apr], "
    "values: [1, 4, 2, 8]}}\n",
    "timeline": "  - {type: timeline, title: Campaign, from: timeline}\n",
    "figures": "  - {type: figures, title: Inline figures, data: {labels: [Aircraft, Bases], "
    "values: [30, 2], unit: units}}\n",
}


TIMELINE = """\
timeline:
  - {date: 2015-09-30, event: Russian air campaign in Syria begins}
  - {date: 2016-03-14, event: Putin announces withdrawal}
  - {date: 2016-03-15, event: Withdrawal begins}
"""


def build(kind: str) -> bytes:
    head = TIMELINE + BASE if kind == "timeline" else BASE
    return build_text(head + CHARTS[kind]).pdf


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_every_type_is_vector_in_our_font(kind: str) -> None:
    pdf = build(kind)
    assert images_and_links(pdf)[0] == 0
    bare = {name.split("+")[-1] for name in fonts_of(pdf)}
    assert not bare & STANDARD_14, bare
    assert "CHART TEST" not in page_text(pdf)  # the title is in the header, not upper-cased
    assert kind == "figures" or re.search(
        rb" (re|l|c) ", reader(pdf).pages[0].get_contents().get_data()
    )


def test_labels_are_literal_text() -> None:
    text = page_text(build("bar"))
    for label in ("$5bn", "<b>x</b>", "Third", "4,000", "2,000", "1.2 million", "personnel"):
        assert label in text, label
    assert "Source: GLOBALO article" in text


def test_bar_negative_and_zero_values_render() -> None:
    text = page_text(build("barh"))
    assert "−2" in text and "Alpha" in text


def test_timeline_has_dates_and_events() -> None:
    text = " ".join(page_text(build("timeline")).split())
    for item in (
        "30 September 2015",
        "Russian air campaign in Syria begins",
        "14 March 2016",
        "15 March 2016",
        "Withdrawal begins",
    ):
        assert item in text, item


def test_figures_from_claims_carry_the_attribution_inside_the_claims_block() -> None:
    pdf = build_text(HEAD + "  - {type: figures, title: What is claimed, from: claims}\n").pdf
    text = " ".join(page_text(pdf).split())
    assert "> 9,000" in text and "more than 9,000 sorties" in text and "Sorties flown" in text
    assert "Claimed by Russian Ministry of Defence — not independently verified" in text
    assert text.count("> 9,000") == 1  # drawn once, inside the claims block


def test_bar_of_claims_with_one_unit_is_captioned_with_attribution() -> None:
    head = HEAD.replace("unit: facilities", "unit: sorties")
    text = " ".join(page_text(build_text(head + "  - {type: bar, from: claims}\n").pdf).split())
    assert "> 9,000" in text
    assert "Claimed by Russian Ministry of Defence — not independently verified" in text


@pytest.mark.parametrize("values", ["[5]", "[0, 0, 0]", "[100000000000000, 1]", "[-5, -10]"])
def test_edge_values_render(values: str) -> None:
    labels = ", ".join(f"L{i}" for i in range(values.count(",") + 1))
    chart = f"  - {{type: bar, title: Edge, data: {{labels: [{labels}], values: {values}}}}}\n"
    pdf = build_text(HEAD + chart).pdf
    assert "L0" in page_text(pdf)


def test_grayscale_draws_no_colour() -> None:
    text = (BASE + CHARTS["bar"]).replace(
        "layout: {sidebar: none}", "layout: {sidebar: none, colour: grayscale}"
    )
    image = rasterise(build_text(text).pdf, dpi=30)
    _, high = image.convert("HSV").getextrema()[1]  # saturation
    assert high <= 8, f"saturation up to {high}: not grey"
    colour = rasterise(build("bar"), dpi=30).convert("HSV").getextrema()[1][1]
    assert colour > 40  # the check can fail: the full-colour page is saturated


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_pixels_match_reviewed_reference(kind: str) -> None:
    image = rasterise(build(kind), dpi=40)
    assert_matches(image.crop((0, 60, image.width, 190)), f"charts/{kind}.png")


SCRIPT = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from briefing.world.disk import DiskWorld
from briefing.pipeline import build_pdf, load_brief
world = DiskWorld(Path(sys.argv[1]), clock=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
doc, brief = load_brief(world)
build_pdf(brief, world, doc)
print("matplotlib" in sys.modules)
"""


def _imports_matplotlib(brief: Path, cache: Path) -> bool:
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(brief)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
        cwd=ROOT,
    )
    return result.stdout.strip() == "True"


@pytest.mark.timeout(200)
def test_matplotlib_only_when_drawing_and_not_again_for_an_unchanged_chart(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(HEAD.replace("charts:\n", ""), encoding="utf-8")
    charted = tmp_path / "charted.yaml"
    charted.write_text(HEAD + CHARTS["bar"], encoding="utf-8")
    cache = tmp_path / "cache"
    assert not _imports_matplotlib(plain, cache)
    assert _imports_matplotlib(charted, cache)
    assert list(cache.glob("*.svg")), "nothing cached"
    assert not _imports_matplotlib(charted, cache)  # served from the cache


def test_corrupt_cache_entry_is_redrawn(tmp_path: Path) -> None:
    first = build("line")
    for entry in (tmp_path / "cache").glob("*.svg"):
        entry.write_text("<svg garbage", encoding="utf-8")
    assert build("line") == first


@pytest.mark.timeout(200)
def test_the_example_needs_no_matplotlib(tmp_path: Path) -> None:
    # figures are tiles and the timeline is drawn natively: a first build stays light
    assert not _imports_matplotlib(ROOT / "briefs" / "syria-withdrawal.yaml", tmp_path / "c")


# ------------------------------------------------------------------ honest time, no collisions

UNEVEN = ["2022-08-01", "2022-08-02", "2022-08-03", "2022-08-20", "2022-08-29", "2022-09-04"]


def _line_over(labels: list[str]) -> bytes:
    values = ", ".join(str(3 + i % 3) for i in range(len(labels)))
    chart = (
        f"  - {{type: line, title: Level, unit: m, data: {{labels: [{', '.join(labels)}], "
        f"values: [{values}]}}}}\n"
    )
    return build_text(BASE + chart).pdf


def test_a_line_over_dates_places_them_in_proportion_to_time() -> None:
    from tests import pagecheck

    pdf = _line_over(UNEVEN)
    assert pagecheck.uneven_date_axis(pdf, UNEVEN) == []
    text = page_text(pdf)
    assert "1 Aug" in text and "2022" in text  # date ticks, day first, the year beside them
    assert "2022-08-02" not in text  # not a category per label


@pytest.mark.parametrize("labels", [["2022-08-01", "2022-08-01"], ["2022-08-01", "2022-08-02"]])
def test_dates_a_day_apart_or_less_are_ticked_in_days_never_hours(labels: list[str]) -> None:
    text = page_text(_line_over(labels))
    assert "1 Aug" in text and "2 Aug" in text and ":00" not in text


def test_a_line_over_categories_keeps_them_evenly_spaced_as_written() -> None:
    text = page_text(_line_over(["Q3 2022", "Q4 2022", "Q1 2023"]))
    assert "Q3 2022" in text and "Q1 2023" in text


@pytest.mark.parametrize(
    ("labels", "days"),
    [
        (["2022-08-01", "2022-08-03"], [738368, 738370]),
        (["2022-08-01"], None),  # one date is no time axis
        (["Jan", "Feb"], None),  # months without a year are labels as written
    ],
)
def test_which_labels_are_days(labels: list[str], days: list[int] | None) -> None:
    from briefing.charts.series import line_times

    times = line_times(labels, 2022)
    assert (times.at if times else None) == days


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_no_line_runs_through_a_label_and_no_label_overlaps_another(kind: str) -> None:
    from tests import pagecheck

    pdf = build(kind)
    assert pagecheck.lines_through_glyphs(pdf) == []
    assert pagecheck.overlapping_glyphs(pdf) == []
    assert pagecheck.small_glyphs(pdf) == []


def _measure(text: str, bold: bool) -> float:
    return len(text) * 7.5 * (0.58 if bold else 0.52)


def _timeline(days: list[int], labels: list[str], width: float = 480.0) -> Any:
    from briefing.charts.timeline import timeline_layout
    from briefing.theme import ChartTokens

    return timeline_layout(days, labels, width, 7.5, ChartTokens(), _measure)


def _clear(layout: Any, dot: float) -> None:
    """No mark on a mark, no label on a label, no stem through another's label."""
    dots = sorted(run for mark in layout.marks for run in mark.dots)
    for a, b in itertools.pairwise(dots):
        assert b[0] - a[1] >= 2 * dot, (a, b)
    for a, b in itertools.combinations(layout.marks, 2):
        if a.side != b.side:
            continue
        a_far = a.offset + len(a.lines) * layout.line
        b_far = b.offset + len(b.lines) * layout.line
        gap = 7.5 * 0.5 - 0.01  # labels never stack with no gap between them
        apart_x = a.left + a.width + gap <= b.left or b.left + b.width + gap <= a.left
        apart_y = a_far + gap <= b.offset or b_far + gap <= a.offset
        assert apart_x or apart_y, (a, b)
        for stem, other in ((a, b), (b, a)):
            inside = any(other.left < x < other.left + other.width for x in stem.stems)
            assert not (inside and other.offset < stem.offset), (stem, other)
    for mark in layout.marks:
        assert mark.left >= 0 and mark.left + mark.width <= layout.width + 0.01
        assert all(mark.left <= x <= mark.left + mark.width for x in mark.stems), mark


def test_a_crowded_timeline_draws_no_dot_on_a_dot_and_no_label_on_a_label() -> None:
    start = 738000
    one_day_apart = [start + i for i in range(8)]
    labels = [f"Event number {i} with a label long enough to wrap over lines" for i in range(8)]
    layout = _timeline([*one_day_apart, start + 60, start + 61], [*labels, "Late", "Later"])
    _clear(layout, 7.5 * 0.36)
    assert len(layout.marks) < 10  # dots that would touch share one mark, spanning their dates
    merged = next(m for m in layout.marks if m.end > m.start)
    assert sum(1 for _, bold in merged.lines if bold) > 1  # every merged date is still printed


@pytest.mark.parametrize("seed", range(12))
def test_any_timeline_is_clear(seed: int) -> None:
    import random

    rng = random.Random(seed)
    count = rng.randint(2, 24)
    days = sorted(738000 + rng.randint(0, rng.choice([3, 30, 400, 4000])) for _ in range(count))
    words = ["talks", "strike", "border", "closed", "reopened", "agreement", "mediator", "convoy"]
    labels = [" ".join(rng.choices(words, k=rng.randint(1, 14))) for _ in days]
    layout = _timeline(days, labels, width=rng.choice([300.0, 480.0, 540.0]))
    _clear(layout, 7.5 * 0.36)


@pytest.mark.parametrize("seed", range(40))
def test_a_timeline_never_joins_events_apart_into_one_mark(seed: int) -> None:
    """Only dots that would touch share a mark (a run across their dates); where labels
    must share, the label says how many events it lists, with each date, and each event keeps
    its own dot and stem at its date."""
    import random

    from briefing.dates import date_scale
    from briefing.theme import ChartTokens

    tokens = ChartTokens()
    rng = random.Random(seed)
    count = rng.randint(2, 24)
    span = rng.choice([30, 400, 4000, 40000])
    days = sorted(738000 + rng.randint(0, span) for _ in range(count))
    words = ["talks", "strike", "border", "closed", "reopened", "agreement", "mediator"]
    labels = [" ".join(rng.choices(words, k=rng.randint(1, 14))) for _ in days]
    width = rng.choice([300.0, 480.0])
    layout = _timeline(days, labels, width)
    inset = 7.5 * tokens.timeline_inset
    scale = date_scale(days[0], days[-1], width, lambda t: _measure(t, False), tokens.tick_room,
                       inset)  # fmt: skip
    xs = [scale.x(d) for d in days]
    touch = 2 * 7.5 * tokens.dot * tokens.merge
    for mark in layout.marks:
        for start, end in mark.dots:
            inside = sorted(x for x in xs if start - 1e-6 <= x <= end + 1e-6)
            assert inside and all(b - a < touch for a, b in itertools.pairwise(inside)), mark
        dates = sum(1 for _, bold in mark.lines if bold)
        if mark.events > 1:
            assert mark.lines[0] == (f"{mark.events} events", False)
        assert 1 <= dates <= mark.events
    assert sum(mark.events for mark in layout.marks) == len(days)
    runs = [run for mark in layout.marks for run in mark.dots]
    assert all(any(a - 1e-6 <= x <= b + 1e-6 for a, b in runs) for x in xs)  # each at its date


def test_a_timeline_marks_its_dates_on_the_axis() -> None:
    september, march = 735871, 736037  # 30 September 2015, 14 March 2016
    layout = _timeline([september, march], ["Campaign begins", "Withdrawal announced"])
    texts = [text for _, text in layout.ticks if text]
    assert texts[:3] == ["Sep\xa02015", "Oct", "Nov"] and "2016" in texts
    xs = [x for x, _ in layout.ticks]
    assert xs == sorted(xs) and len(xs) >= 5
    text = " ".join(page_text(build("timeline")).split())
    assert "2016" in text and "Oct" in text


def test_a_chart_is_as_tall_as_its_content() -> None:
    from briefing.charts.plots import _height
    from briefing.theme import ChartTokens

    tokens = ChartTokens()

    def height(kind: str, labels: list[str]) -> float:
        return _height({"type": kind, "labels": labels}, 9.0, 7.5, tokens)

    assert height("barh", ["a"] * 8) > height("barh", ["a"] * 3) * 2
    assert height("barh", ["a\nb\nc"] * 3) > height("barh", ["a"] * 3)
    assert height("bar", ["a\nb"] * 3) > height("bar", ["a"] * 3)
    taller = ChartTokens(height=20)
    assert _height({"type": "line", "labels": ["a"]}, 9.0, 7.5, taller) > height("line", ["a"])


def test_long_barh_labels_wrap_within_their_share_of_the_width() -> None:
    from briefing.charts.plots import _wrapped
    from briefing.theme import ChartTokens

    long = "Programme support, logistics, warehousing and transport of goods from the port"
    wrapped = _wrapped("barh", [long, "Schools"], 400.0, ChartTokens(), lambda t: len(t) * 4.0)
    assert wrapped[1] == "Schools"
    assert wrapped[0].replace("\n", " ") == long  # the words as written, broken at spaces
    assert all(len(line) * 4.0 <= 400 * ChartTokens().barh_label for line in wrapped[0].split("\n"))


def test_a_themes_chart_tokens_decide_the_chart_height(tmp_path: Path) -> None:
    from tests import pagecheck
    from tests.conftest import build_file

    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "tall.yaml").write_text(
        theme.replace("  height: 13 ", "  height: 20 "), encoding="utf-8"
    )
    brief = BASE.replace("sidebar: none}", "sidebar: none, fit: flow, theme: tall.yaml}")

    def caption_top(text: str) -> float:
        path = tmp_path / "brief.yaml"
        path.write_text(text + CHARTS["bar"], encoding="utf-8")
        chars = pagecheck.chars(build_file(path).pdf)
        return max(c.box[3] for c in chars if c.text == "S" and c.size < 8)  # 'Source: …'

    assert caption_top(BASE.replace("sidebar: none}", "sidebar: none, fit: flow}")) - caption_top(
        brief
    ) == pytest.approx(7 * 9.0, abs=2)  # 7 body sizes taller


@pytest.mark.parametrize("seed", range(200))
def test_every_year_a_timeline_axis_spans_is_named(seed: int) -> None:
    """Crowded timelines too: where stems hide every label of a year and no other label can
    take it, the year is named at its first tick all the same, over the stem (issue 19)."""
    import random
    from datetime import date

    rng = random.Random(seed)
    count = rng.randint(2, 24)
    days = sorted(738000 + rng.randint(0, rng.choice([200, 400, 700, 1000])) for _ in range(count))
    words = ["talks", "strike", "border", "closed", "reopened", "agreement", "mediator", "convoy"]
    labels = [" ".join(rng.choices(words, k=rng.randint(1, 14))) for _ in days]
    layout = _timeline(days, labels, width=rng.choice([300.0, 480.0, 540.0]))
    from briefing.dates import date_scale
    from briefing.theme import ChartTokens

    tokens = ChartTokens()
    scale = date_scale(days[0], days[-1], layout.width, lambda t: _measure(t, False),
                       tokens.tick_room, 7.5 * tokens.timeline_inset)  # fmt: skip
    spanned = {date.fromordinal(day).year for day, _ in scale.ticks}
    named = {
        int(part)
        for _, text in layout.ticks
        if text is not None
        for part in text.split("\xa0")
        if part.isdigit() and len(part) == 4
    }
    assert spanned <= named, (sorted(spanned - named), layout.ticks)
