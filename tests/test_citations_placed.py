"""A citation is printed as linked numbers, or refused where it would print as typed
(issue 19): every text field of the brief either cites or is reported by check."""

from __future__ import annotations

import re

import pytest

from briefing.errors import BriefError
from briefing.read import parse_brief
from briefing.validate.checks import validate
from tests.conftest import all_text, build_text

#: A brief with a citation in every text field the format has.
EVERYWHERE = """\
title: "Title [@a]"
subtitle: "Subtitle [@a]"
date: 2016-03-14
summary: "Summary [@a]."
marking: "MARKING [@a]"
organisation: "Org [@a]"
author: "Author [@a]"
reference: "Ref [@a]"
keywords: ["kw [@a]"]
sections:
  - heading: "Heading [@a]"
    blocks:
      - text: "Text [@a]."
      - bullets: ["Bullet [@a]"]
      - quote: {text: "Quote [@a]", speaker: "Speaker [@a]", role: "Role [@a]",
                context: "Context [@a]"}
      - table:
          title: "Table title [@a]"
          columns: ["Col [@a]", B]
          rows: [["Cell [@a]", "1"]]
          note: "Table note [@a]"
  - heading: Old form
    text: "Old text [@a]."
    bullets: ["Old bullet [@a]"]
    quote: {text: "Old quote [@a]", speaker: S, context: "Old context [@a]"}
claims:
  title: "Claims title [@a]"
  source: "Party [@a]"
  note: "Claims note [@a]"
  items:
    - {label: "Label [@a]", value: 3, unit: "unit [@a]", measure: m}
key_facts:
  - {label: "KF label [@a]", value: "KF value [@a]", source: "KF source [@a]"}
timeline:
  - {date: 2016-03-01, event: "Event [@a]"}
  - {date: 2016-03-05, event: "Event two"}
charts:
  - {type: bar, title: "Chart title [@a]", unit: "u [@a]",
     data: {labels: ["L1 [@a]", L2], values: [1, 2], unit: "u [@a]"},
     source: "Chart source [@a]"}
analysis:
  title: "Analysis title [@a]"
  label: "Label an [@a]"
  source: "Analyst [@a]"
  points: ["Point [@a]"]
sources:
  - {id: a, title: "Source title [@a]", publisher: "Pub [@a]", url: "https://example.org"}
distribution:
  - {name: "Desk [@a]"}
"""

REFUSED = {
    "title",
    "subtitle",
    "marking",
    "organisation",
    "author",
    "reference",
    "keywords[0]",
    "sections[0].heading",
    "sections[0].blocks[2].quote.speaker",
    "sections[0].blocks[2].quote.role",
    "sections[0].blocks[3].table.title",
    "sections[0].blocks[3].table.columns[0]",
    "claims.title",
    "claims.source",
    "claims.items[0].label",
    "claims.items[0].unit",
    "key_facts[0].label",
    "charts[0].title",
    "charts[0].unit",
    "charts[0].data.labels[0]",
    "charts[0].data.unit",
    "charts[0].source",
    "analysis.title",
    "analysis.label",
    "analysis.source",
    "sources[0].title",
    "sources[0].publisher",
    "distribution[0].name",
}


def _errors(text: str) -> list[tuple[str, str]]:
    doc = parse_brief(text.encode("utf-8"), "cites.yaml")
    with pytest.raises(BriefError) as info:
        validate(doc)
    return [(d.field, d.message) for d in info.value.diagnostics]


def test_check_refuses_a_citation_where_it_would_print_as_typed() -> None:
    found = _errors(EVERYWHERE)
    assert {field for field, _ in found} == REFUSED
    assert all("a citation does not belong in" in message for _, message in found)


def _without_refused(text: str) -> str:
    """The brief with the citations check refuses taken out (the same lines, the same
    fields)."""
    lines = text.splitlines(keepends=True)
    doc = parse_brief(text.encode("utf-8"), "cites.yaml")
    with pytest.raises(BriefError) as info:
        validate(doc)
    for d in reversed(info.value.diagnostics):  # right to left: columns stay true
        lines[d.line - 1] = (
            lines[d.line - 1][: d.column - 2]
            + "(x)"
            + re.sub(r"^@a\]", "", lines[d.line - 1][d.column - 1 :])
        )
    return "".join(lines)


def test_every_citation_check_accepts_prints_as_a_linked_number() -> None:
    text = _without_refused(EVERYWHERE)
    assert "[@a]" in text  # the citable fields keep theirs
    pdf = build_text(text).pdf
    printed = all_text(pdf)
    assert "[@" not in printed
    assert printed.count("[1]") >= 15
