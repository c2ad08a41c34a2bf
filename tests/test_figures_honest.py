"""A figure never prints as another figure (issue 19): small values keep their significant
digits, the magnitude word is the one the rounded figure needs, and the ends of a range stay
distinct and ordered. Example cases, then properties over any value and range."""

from __future__ import annotations

import os
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.numbers import format_figure, format_number, format_value

SIZES = {"": Decimal(1), "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9}
SIZES["trillion"] = Decimal(10) ** 12
PRINTED = re.compile(r"(−?)([0-9,]+(?:\.([0-9]+))?)(?: (million|billion|trillion))?")


def parsed(text: str) -> tuple[Decimal, Decimal, Decimal]:
    """A printed figure -> (its value, the rounding it states: half a unit of its last
    digit, its number before the magnitude word)."""
    match = PRINTED.fullmatch(text)
    assert match, f"not a printed figure: {text!r}"
    sign, digits, fraction, word = match.groups()
    size = SIZES[word or ""]
    number = Decimal(digits.replace(",", ""))
    rounding = Decimal(5) * Decimal(10) ** -(len(fraction or "") + 1) * size
    return (-number if sign else number) * size, rounding, number


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (0.0004, "0.0004"),
        (0.000123456, "0.000123"),
        (-0.05, "−0.05"),
        (999_999_999, "1 billion"),
        (999_949_999, "999.9 million"),
        (999_999_999_999, "1 trillion"),
        (1_249_999, "1.2 million"),
        (9000, "9,000"),
        (2.5, "2.5"),
    ],
)
def test_a_value_prints_as_itself(value: float, printed: str) -> None:
    assert format_number(value) == printed


def test_a_small_percentage_is_not_zero() -> None:
    assert format_figure(0.0004, unit="%") == "0.0004%"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ((1_200_000, 1_249_999), "1.2 million–1.25 million"),
        ((1_000_000, 1_000_001), "1,000,000–1,000,001"),
        ((1_230_000, 1_234_000), "1.23 million–1.234 million"),
        ((0.12341, 0.12342), "0.12341–0.12342"),
        ((900_000, 1_200_000), "900,000–1.2 million"),
        ((2, 3), "2–3"),
    ],
)
def test_the_ends_of_a_range_print_distinct(value: tuple[float, float], printed: str) -> None:
    assert format_value(value) == printed


def test_a_range_in_a_claim_prints_distinct_ends() -> None:
    text = format_figure((1_200_000, 1_249_999), "about", "people")
    assert text == "about 1.2 million–1.25 million people"


EXAMPLES = settings(max_examples=int(os.environ.get("BRIEFING_EXAMPLES", "30")) * 5)
figures = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_subnormal=False)
figures = figures.filter(lambda v: abs(v) < 1e15)


def _honest(value: float, text: str) -> Decimal:
    number, rounding, shown = parsed(text)
    exact = Decimal(value)
    assert abs(number - exact) <= rounding, (value, text)
    if value != 0:
        assert number != 0, (value, text)  # a value never prints as nothing
    if text.endswith(("million", "billion")):
        assert 1 <= shown < 1000, (value, text)  # the magnitude word fits the rounded figure
    return number


@EXAMPLES
@given(figures)
def test_any_value_parsed_back_is_within_its_stated_rounding(value: float) -> None:
    _honest(value, format_number(value))


@EXAMPLES
@given(st.tuples(figures, figures).map(sorted))
def test_any_range_keeps_its_ends_distinct_ordered_and_honest(ends: list[float]) -> None:
    low, high = ends
    text = format_value((low, high))
    # the en dash joins the two ends; a negative end is written with the minus sign
    first, second = text.split("–")
    printed_low, printed_high = _honest(low, first), _honest(high, second)
    assert printed_low <= printed_high, text
    if low != high:
        assert first != second, text
