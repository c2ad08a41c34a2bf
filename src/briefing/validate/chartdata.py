"""The checks of a chart's data that concern what a reader can read off it: labels that look
like dates are read as dates (:mod:`briefing.dates`, the one place their rules live), and a bar
chart has no more bars than stand apart. Each check yields (field path, message, hint), as the
cross-field rules of :mod:`briefing.validate.rules` do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefing.dates import LabelError, read_label, read_series
from briefing.model import Brief
from briefing.read import Path_

#: The most bars a chart draws: each bar keeps room for its label and its value at the
#: smallest legible size across the narrowest column (beyond, the chart is refused).
MOST_VALUES = {"bar": 40, "barh": 40}


def most_values(kind: str, count: int, here: Path_) -> Iterator[tuple[Path_, str, str]]:
    """A bar chart of more values than stand apart legibly is refused at ``here``."""
    most = MOST_VALUES.get(kind)
    if most is not None and count > most:
        yield (
            here,
            f"a {kind} chart of {count} values cannot be read: at most {most} bars stand apart "
            "with their labels and values",
            f"chart at most {most} values (the largest, or totals by group), or draw a line",
        )


def label_time_checks(brief: Brief, chart: Any, here: Path_) -> Iterator[tuple[Path_, str, str]]:
    """A chart's labels that look like dates are read as dates (:mod:`briefing.dates`): a date
    that cannot be, or reads two ways, is refused in any chart; in a line, the labels are a
    time axis, so a word among dates, dates written two ways, or out of order are refused too,
    each at its label."""
    labels = [str(label) for label in chart.data.labels]
    try:
        if chart.type == "line":
            # the brief's own date may be what did not validate (a partial brief): a leap year
            # then stands in for the year of dates written without one, refusing no 29 February
            year = brief.date.year if brief.date is not None else 2000
            read_series(labels, year)
        else:
            for index, label in enumerate(labels):
                try:
                    read_label(label)
                except LabelError as error:
                    raise LabelError(index, error.message, error.hint) from None
    except LabelError as error:
        yield ((*here, "data", "labels", error.index), error.message, error.hint)
