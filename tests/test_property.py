"""Property tests: arbitrary text stays literal and harmless; valid briefs always build."""

from __future__ import annotations

import io
import json
import os
import string
from datetime import UTC, date, datetime

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import BriefError, LayoutError
from briefing.read import parse_brief
from briefing.validate.checks import validate
from tests.conftest import build_doc, images_and_links, page_text, reader
from tests.worlds import MemoryWorld

SETTINGS = settings(
    max_examples=int(os.environ.get("BRIEFING_EXAMPLES", "30")),  # more: BRIEFING_EXAMPLES=500
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SPECIAL = "<>&\"'$\\%#;:()[]{}/!?.,-_=+@^`|~"
ALPHABET = string.ascii_letters + string.digits + " " + SPECIAL + "éüßЖжΩλ—“”"
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\u202e\u2066"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=40).filter(lambda s: s.strip())
hostile = st.text(alphabet=ALPHABET + CONTROL, min_size=1, max_size=40).filter(lambda s: s.strip())


def _build(text: str) -> bytes:
    doc = parse_brief(text.encode("utf-8"), "prop.yaml")
    return build_doc(doc, MemoryWorld(b"", doc.name, now=datetime(2026, 1, 1, tzinfo=UTC))).pdf


@pytest.mark.timeout(300)
@SETTINGS
@given(title=hostile, summary=hostile, heading=hostile, fact=hostile, point=hostile, source=hostile)
def test_any_text_is_literal_or_refused_by_field(
    title: str, summary: str, heading: str, fact: str, point: str, source: str
) -> None:
    fields = {
        "title": title,
        "summary": summary,
        "sections[0].heading": heading,
        "key_facts[0].value": fact,
        "analysis.points[0]": point,
        "sources[0].title": source,
    }
    text = (
        f"title: {json.dumps(title)}\ndate: 2016-03-14\nsummary: {json.dumps(summary)}\n"
        f"sections:\n  - {{heading: {json.dumps(heading)}, text: body}}\n"
        f"key_facts:\n  - {{label: L, value: {json.dumps(fact)}}}\n"
        f"analysis: {{label: L, source: S, points: [{json.dumps(point)}]}}\n"
        f"sources:\n  - {{title: {json.dumps(source)}, url: 'https://example.org/x'}}\n"
        "layout: {fit: flow}\n"
    )
    bad = {name for name, value in fields.items() if any(c in CONTROL for c in value)}
    try:
        pdf = _build(text)
    except BriefError as exc:
        assert bad, f"refused clean text: {exc.diagnostics}"
        assert {d.field for d in exc.diagnostics} <= bad
        return
    assert not bad
    assert images_and_links(pdf) == (0, ["https://example.org/x"])
    extracted = "".join("".join(page_text(pdf, n).split()) for n in range(len(reader(pdf).pages)))
    for value in fields.values():
        if "*" not in value:  # '**x**' and '*x*' are the format's two marks
            assert "".join(value.split()) in extracted


units = st.sampled_from(["sorties", "sq km", "facilities", None])
numbers = st.floats(min_value=-1e9, max_value=1e12, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def briefs(draw: st.DrawFn) -> str:
    lines = [
        f"title: {json.dumps(draw(words))}",
        f"date: {draw(dates).isoformat()}",
        f"summary: {json.dumps(draw(words))}",
    ]
    if draw(st.booleans()):
        lines.append(f"marking: {json.dumps(draw(words))}")
    sections = draw(st.lists(st.tuples(words, words, st.lists(words, max_size=3)), max_size=3))
    if sections:
        lines.append("sections:")
        for heading, body, bullets in sections:
            lines.append(
                f"  - {{heading: {json.dumps(heading)}, text: {json.dumps(body)}, "
                f"bullets: {json.dumps(bullets or [body])}}}"
            )
    items = draw(st.lists(st.tuples(words, numbers, units), min_size=1, max_size=5))
    lines += [
        "claims:",
        f"  source: {json.dumps(draw(words))}",
        f"  status: {draw(st.sampled_from(['claimed', 'reported', 'disputed']))}",
        "  items:",
    ]
    for label, value, unit in items:
        lines.append(
            f"    - {{label: {json.dumps(label)}, value: {value!r}"
            + (f", unit: {json.dumps(unit)}" if unit else "")
            + "}"
        )
    events = draw(st.lists(st.tuples(dates, words), min_size=1, max_size=4))
    lines.append("timeline:")
    lines += [f"  - {{date: {d.isoformat()}, event: {json.dumps(e)}}}" for d, e in events]
    charts = ["  - {type: figures, from: claims}", "  - {type: timeline, from: timeline}"]
    if len({unit for _, _, unit in items}) == 1:
        charts.append(
            f"  - {{type: {draw(st.sampled_from(['bar', 'barh', 'line']))}, from: claims}}"
        )
    lines.append("charts:")
    lines += draw(st.lists(st.sampled_from(charts), max_size=3, unique=True))
    facts = draw(st.lists(st.tuples(words, words), max_size=5))
    if facts:
        lines.append("key_facts:")
        lines += [f"  - {{label: {json.dumps(a)}, value: {json.dumps(b)}}}" for a, b in facts]
    points = json.dumps(draw(st.lists(words, min_size=1, max_size=4)))
    lines.append(f"analysis: {{label: L, source: S, points: {points}}}")
    lines.append(
        f"layout: {{paper: {draw(st.sampled_from(['a4', 'letter']))}, "
        f"fit: {draw(st.sampled_from(['one-page', 'flow']))}, "
        f"sidebar: {draw(st.sampled_from(['right', 'left', 'none']))}, "
        f"theme: {draw(st.sampled_from(['default', 'print']))}, "
        f"colour: {draw(st.sampled_from(['full', 'grayscale']))}}}"
    )
    return "\n".join(lines) + "\n"


@pytest.mark.timeout(600)
@SETTINGS
@given(text=briefs())
def test_any_valid_brief_builds_a_structurally_sound_pdf(text: str) -> None:
    try:
        pdf = _build(text)
    except LayoutError:
        return  # too long for one page: a legitimate, reported outcome
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.check_pdf_syntax() == []
        assert len(document.pages) >= 1


@pytest.mark.timeout(300)
@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_input_is_a_brief_or_a_brief_error(text: str) -> None:
    try:
        validate(parse_brief(text.encode("utf-8", "surrogatepass"), "fuzz.yaml"))
    except BriefError as exc:
        assert exc.diagnostics and all(d.file == "fuzz.yaml" for d in exc.diagnostics)


@pytest.mark.timeout(600)
@SETTINGS
@given(text=briefs())
def test_any_valid_brief_draws_nothing_outside_the_box_layout_gave_it(text: str) -> None:
    from tests import pagecheck

    doc = parse_brief(text.encode("utf-8"), "prop.yaml")
    try:
        built = build_doc(doc, MemoryWorld(b"", doc.name, now=datetime(2026, 1, 1, tzinfo=UTC)))
    except LayoutError:
        return  # too long for one page: a legitimate, reported outcome
    problems = pagecheck.ink_outside_boxes(built.pdf, built.boxes)
    assert not problems, "\n".join(problems[:10])
