"""Charts: every type renders as vector with real, literal text; honest captions; cached."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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
from briefing.disk import DiskWorld
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
