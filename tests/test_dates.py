"""Honest time: which chart labels are dates and what each names, the date scale's ticks (each
year named, chosen from the span), and the charts that stand on them (line and timeline), from
the model to the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from briefing.dates import (
    LabelError,
    date_scale,
    read_label,
    read_series,
    scale_days,
)
from tests.conftest import build_text, page_text


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


# ------------------------------------------------------------------------ reading the labels


@pytest.mark.parametrize(
    ("label", "form", "parts"),
    [
        ("2014-03-23", "YYYY-MM-DD", (2014, 3, 23, None)),
        ("23 Mar 2014", "day month year", (2014, 3, 23, None)),
        ("23 March 2014", "day month year", (2014, 3, 23, None)),
        ("3 Mar", "day month", (None, 3, 3, None)),
        ("26 Apr", "day month", (None, 4, 26, None)),
        ("March 23, 2014", "month day year", (2014, 3, 23, None)),
        ("Sept 3", "month day", (None, 9, 3, None)),
        ("March 2014", "month year", (2014, 3, None, None)),
        ("Mar 2014", "month year", (2014, 3, None, None)),
        ("Q1 2014", "quarter year", (2014, None, None, 1)),
        ("2014 Q3", "year quarter", (2014, None, None, 3)),
        ("2014", "year", (2014, None, None, None)),
        ("0022-05-01", "YYYY-MM-DD", (22, 5, 1, None)),
    ],
)
def test_a_label_written_as_a_date_is_read_as_one(label: str, form: str, parts: tuple) -> None:
    reading = read_label(label)
    assert reading is not None
    assert reading.form == form
    assert (reading.year, reading.month, reading.day, reading.quarter) == parts


@pytest.mark.parametrize("label", ["Aleppo", "Q1", "Jan", "Week 2", "Mayor 2014", "2014-15", ""])
def test_a_label_that_is_not_a_date_stays_a_category(label: str) -> None:
    assert read_label(label) is None


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2019-02-30", "'2019-02-30' is not a real date"),
        ("31 Apr 2014", "'31 Apr 2014' is not a real date"),
        ("0000-05-01", "there is no year 0"),
        ("Q5 2014", "'Q5 2014' is not a quarter"),
        ("03/04/2014", "could be read as two different dates"),
    ],
)
def test_a_date_that_cannot_be_is_refused(label: str, message: str) -> None:
    with pytest.raises(LabelError) as info:
        read_label(label)
    assert message in info.value.message and info.value.hint


def test_a_line_over_days_reads_each_day_and_the_missing_year_is_the_briefs() -> None:
    times = read_series(["3 Mar", "26 Apr"], 2014)
    assert times is not None and times.kind == "days"
    assert times.at == [day("2014-03-03"), day("2014-04-26")]
    assert times.year_supplied == 2014
    written = read_series(["23 Mar 2014", "26 Apr 2014"], 2020)
    assert written is not None and written.year_supplied is None
    assert written.at == [day("2014-03-23"), day("2014-04-26")]


def test_months_are_days_and_quarters_and_years_are_periods() -> None:
    months = read_series(["Mar 2014", "Jun 2014"], 2020)
    assert months is not None and months.kind == "days"
    assert months.at == [day("2014-03-01"), day("2014-06-01")]
    quarters = read_series(["Q1 2014", "Q2 2014", "Q4 2014"], 2020)
    assert quarters is not None and quarters.kind == "periods"
    assert [b - a for a, b in zip(quarters.at, quarters.at[1:], strict=False)] == [1, 2]
    years = read_series(["2010", "2015", "2016"], 2020)
    assert years is not None and years.at == [2010, 2015, 2016]


@pytest.mark.parametrize(
    ("labels", "index", "message"),
    [
        (["2019-02-28", "2019-02-30"], 1, "is not a real date"),
        (["3 Mar", "23 Mar 2014", "26 Apr"], 1, "written day month year, but '3 Mar' day month"),
        (["2014-04-01", "2014-03-01"], 1, "comes before '2014-04-01'"),
        (["Aleppo", "3 Mar"], 0, "'Aleppo' is not a date, but '3 Mar' is"),
        (["Mar 2014", "Q2 2014"], 1, "written quarter year"),
        (["1 Feb", "29 Feb"], 1, "'29 Feb' is not a real date in 2015"),
    ],
)
def test_a_line_that_cannot_stand_on_time_is_refused_at_its_label(
    labels: list[str], index: int, message: str
) -> None:
    with pytest.raises(LabelError) as info:
        read_series(labels, 2015)
    assert info.value.index == index
    assert message in info.value.message, info.value.message


def test_categories_stay_categories() -> None:
    assert read_series(["Aleppo", "Idlib", "Q1"], 2015) is None
    assert read_series(["2022-08-01"], 2015) is None  # one date is no time axis


# ------------------------------------------------------------------------------ the date scale


def measure(text: str) -> float:
    return len(text) * 4.0


def years_named(first: str, last: str, length: float = 420.0) -> tuple[set[int], set[int]]:
    scale = date_scale(day(first), day(last), length, measure, 1.3, 4.0)
    named = {int(word) for _, text in scale.ticks for word in text.split("\xa0") if len(word) == 4}
    low, high = date.fromordinal(scale.low).year, date.fromordinal(scale.high - 1).year
    assert scale.low <= day(first) and scale.high >= day(last)  # ticks bracket the data
    return named, set(range(low, high + 1))


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("2014-09-01", "2016-02-20"),  # 18 months: 'Sep 2014' … '2015' … '2016'
        ("2014-12-25", "2015-01-03"),  # days across New Year
        ("2014-03-03", "2014-04-26"),  # weeks
        ("2013-11-01", "2014-06-01"),
        ("2014-02-01", "2014-02-01"),  # one day
    ],
)
def test_a_date_axis_under_a_few_years_names_every_year_it_spans(first: str, last: str) -> None:
    named, spanned = years_named(first, last)
    assert spanned <= named, (named, spanned)


def test_the_september_to_february_axis_names_2014() -> None:
    scale = date_scale(day("2014-09-01"), day("2016-02-20"), 420.0, measure, 1.3)
    texts = [text.replace("\xa0", " ") for _, text in scale.ticks]
    assert texts[0] == "Sep 2014" and "2015" in texts and "2016" in texts


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        ("2014-03-01", "2014-03-09", "day"),
        ("2014-01-01", "2014-07-01", "month"),
        ("1990-01-01", "2014-07-01", "year"),
        ("0022-05-01", "2016-03-14", "year"),
        ("0001-01-01", "9999-12-31", "year"),
    ],
)
def test_steps_are_chosen_by_span_and_ticks_stay_few(first: str, last: str, unit: str) -> None:
    scale = date_scale(day(first), day(last), 420.0, measure, 1.3)
    assert scale.step[0] == unit
    assert 2 <= len(scale.ticks) <= 420 / (measure("0000") * 1.3) + 1


def test_a_century_scale_never_lays_out_a_step_of_days(monkeypatch: pytest.MonkeyPatch) -> None:
    # the finest steps are judged from the span: a scale of days over centuries would hold
    # some 300,000 ticks, and is never made
    import briefing.dates as dates

    made: list[tuple[str, int]] = []
    original = dates.scale_days

    def counted(first: int, last: int, unit: str, count: int) -> list[int]:
        made.append((unit, count))
        return original(first, last, unit, count)

    monkeypatch.setattr(dates, "scale_days", counted)
    date_scale(day("1200-01-01"), day("2014-01-01"), 420.0, measure, 1.3)
    assert made and all(unit == "year" and count >= 50 for unit, count in made), made


def test_scale_days_bracket_the_span() -> None:
    assert scale_days(day("2014-09-10"), day("2016-02-20"), "month", 6) == [
        day("2014-07-01"), day("2015-01-01"), day("2015-07-01"), day("2016-01-01"),
        day("2016-07-01"),
    ]  # fmt: skip
    assert scale_days(day("0022-05-01"), day("0023-01-01"), "year", 1) == [
        day("0022-01-01"), day("0023-01-01"),
    ]  # fmt: skip


# ------------------------------------------------------------------------------- on the page

BASE = """\
title: Time test
date: 2016-03-14
summary: Dates on axes.
layout: {sidebar: none}
"""


def _line(labels: list[str]) -> bytes:
    values = ", ".join(str(3 + i % 4) for i in range(len(labels)))
    quoted = ", ".join(f"'{label}'" for label in labels)
    return build_text(
        BASE + f"charts:\n  - {{type: line, title: Level, data: {{labels: [{quoted}], "
        f"values: [{values}]}}}}\n"
    ).pdf


def _timeline(days: list[str]) -> bytes:
    events = "".join(f"  - {{date: {d}, event: Event on {d}}}\n" for d in days)
    return build_text(
        BASE + "timeline:\n" + events + "charts:\n  - {type: timeline, from: timeline}\n"
    ).pdf


SPANS = {
    "days": ["2015-12-28", "2015-12-30", "2016-01-02", "2016-01-04"],
    "months": ["2014-03-03", "2014-04-10", "2014-05-26"],
    "18 months": ["2014-09-01", "2014-11-15", "2015-03-01", "2015-08-01", "2016-02-20"],
    "decades": ["1991-06-01", "2003-03-20", "2014-09-01"],
}


@pytest.mark.parametrize("span", sorted(SPANS))
def test_a_line_chart_axis_names_each_year_it_spans(span: str) -> None:
    from tests import pagecheck

    labels = SPANS[span]
    pdf = _line(labels)
    assert pagecheck.uneven_date_axis(pdf, labels) == []
    first, last = (date.fromisoformat(d).year for d in (labels[0], labels[-1]))
    named = set().union(*pagecheck.axis_years(pdf))
    assert named and min(named) <= first and max(named) >= last, named  # the ticks bracket
    if last - first < 3:
        assert set(range(first, last + 1)) <= named, named


@pytest.mark.parametrize("span", ["days", "months", "18 months"])
def test_a_timeline_axis_names_each_year_it_spans(span: str) -> None:
    from tests import pagecheck

    days = SPANS[span]
    pdf = _timeline(days)
    first, last = (date.fromisoformat(d).year for d in (days[0], days[-1]))
    named = set().union(*pagecheck.axis_years(pdf))
    assert set(range(first, last + 1)) <= named, named


def test_a_line_over_days_without_a_year_says_which_year_it_read() -> None:
    pdf = _line(["3 Mar", "26 Apr", "2 May"])
    text = " ".join(page_text(pdf).split())
    assert "read as 2016, the year of the brief's date" in text
    from tests import pagecheck

    assert 2016 in set().union(*pagecheck.axis_years(pdf))


def test_a_line_in_the_year_22_is_drawn_and_its_axis_names_the_year() -> None:
    text = " ".join(page_text(_line(["0022-05-01", "0022-05-03", "0022-06-10"])).split())
    assert "0022" in text


def test_a_timeline_from_the_year_22_is_drawn() -> None:
    text = " ".join(page_text(_timeline(["0022-05-01", "0022-05-03", "2016-03-14"])).split())
    assert "1 May 22" in text and "14 March 2016" in text


def test_a_timeline_over_centuries_is_drawn_with_a_few_ticks() -> None:
    from tests import pagecheck

    pdf = _timeline(["1204-04-12", "1453-05-29", "1923-10-29", "2016-03-14"])
    axes = pagecheck.axis_years(pdf)
    assert axes and max(len(years) for years in axes) >= 3


def test_a_timeline_year_label_hidden_by_a_stem_passes_its_year_to_the_next_label() -> None:
    from briefing.charts.timeline import _years_kept

    ticks = ((day("2014-11-01"), "Nov"), (day("2015-01-01"), "2015"), (day("2015-03-01"), "Mar"))
    kept = [(10.0, "Nov\xa02014"), (60.0, None), (110.0, "Mar")]  # '2015' crossed by a stem
    out = _years_kept(kept, ticks, lambda x, text: True, measure, 1.3)
    assert out == [(10.0, "Nov\xa02014"), (60.0, None), (110.0, "Mar\xa02015")]
    crowded = [(10.0, "Nov\xa02014"), (30.0, None), (40.0, "Mar")]  # no room: left as it was
    assert _years_kept(crowded, ticks, lambda x, text: True, measure, 1.3) == crowded


def test_the_alternative_text_says_the_year_a_date_without_one_was_read_as() -> None:
    from briefing.charts.alt import describe_chart
    from briefing.model import Brief

    brief = Brief.model_validate(
        {
            "title": "T",
            "date": "2016-03-14",
            "summary": "S",
            "charts": [{"type": "line", "data": {"labels": ["3 Mar", "26 Apr"], "values": [1, 2]}}],
        }
    )
    text = describe_chart(brief, brief.charts[0])  # type: ignore[index]
    assert "3 Mar (3 March 2016), 1" in text and "26 Apr (26 April 2016), 2" in text
