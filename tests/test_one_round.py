"""Every error of a brief in one run (issue 19): the checks across fields run on the parts
that validated, never crash on the parts that did not, and never repeat an error."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import BriefError
from briefing.read import parse_brief
from briefing.validate.checks import validate

CORPUS = Path(__file__).parent / "corpus"
BRIEFS = sorted(CORPUS.glob("*.yaml")) + sorted((Path(__file__).parent / "v2").glob("*.yaml"))
TEXTS = [path.read_text(encoding="utf-8") for path in BRIEFS]

#: What a value is broken into: wrong kinds, bad numbers and dates, blank text.
BROKEN = st.sampled_from(
    [["a", "list"], {"a": "mapping"}, "lots", "2016/13/45", "", "  ", "[@nowhere]", "-1", None]
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@settings(
    max_examples=int(os.environ.get("BRIEFING_EXAMPLES", "30")) * 3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_a_broken_brief_reports_its_errors_without_crashing(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(TEXTS))
    brief = yaml.safe_load(text)
    paths = _paths(brief)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        try:
            _set(brief, path, copy.deepcopy(data.draw(BROKEN)))
        except (KeyError, IndexError, TypeError):
            continue  # a path under a value already broken
    doc = parse_brief(yaml.safe_dump(brief, allow_unicode=True).encode("utf-8"), "broken.yaml")
    try:
        validate(doc)
    except BriefError as error:
        found = [(d.line, d.column, d.field, d.message) for d in error.diagnostics]
        assert len(found) == len(set(found)), found  # no error twice
        assert all(d.message for d in error.diagnostics)
