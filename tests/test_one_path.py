"""Version 1 of the format is rewritten into version 2 once, at validation (issue 20): a
version-1 brief and its version-2 translation print the same pages, and a version-1 brief's
diagnostics still point at the author's lines."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from briefing.errors import BriefError, BriefingError
from briefing.model import VERSION_1_KEYS
from briefing.read import parse_brief
from briefing.validate.checks import validate
from briefing.validate.lint import lint_brief
from tests.conftest import all_text, build_text, page_text

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = sorted([*ROOT.glob("briefs/*.yaml"), *ROOT.glob("tests/corpus/*.yaml")])


def _is_version_1(data: Any) -> bool:
    sections = data.get("sections") or []
    return (
        isinstance(data.get("claims"), dict)
        or isinstance(data.get("analysis"), dict)
        or any(isinstance(s, dict) and any(k in s for k in VERSION_1_KEYS) for s in sections)
    )


def _translate(data: dict[str, Any]) -> dict[str, Any]:
    """A version-1 brief written in version 2, by hand's rules (docs/brief-format.md): a
    section's text, bullets and quote become blocks in that order; one claims or analysis
    mapping becomes a list of one."""
    out = dict(data)
    for key in ("claims", "analysis"):
        if isinstance(out.get(key), dict):
            out[key] = [out[key]]
    sections = []
    for section in out.get("sections") or []:
        blocks = [{k: section[k]} for k in VERSION_1_KEYS if k in section]
        rest = {k: v for k, v in section.items() if k not in VERSION_1_KEYS}
        sections.append({**rest, "blocks": blocks} if blocks else section)
    if sections:
        out["sections"] = sections
    return out


def _text(data: dict[str, Any]) -> str:
    # the reader hands every scalar over as typed: dumped as strings, they read back the same
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _pages(pdf: bytes) -> list[bytes]:
    """Each page's content stream, decoded (the files differ: the provenance records the
    brief's own bytes)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = []
        for page in doc.pages:
            contents = page.obj.Contents
            parts = contents if isinstance(contents, pikepdf.Array) else [contents]
            out.append(b"".join(part.read_bytes() for part in parts))
        return out


def _print(text: str, base: Path) -> tuple[list[bytes], str] | int:
    try:
        built = build_text(text, base=base)
    except BriefingError as exc:
        # one page that does not fit fails in both, each report naming the parts as their
        # author wrote them (analysis, analysis[0] (Desk)): the same parts, by count
        return len(exc.diagnostics)
    return _pages(built.pdf), all_text(built.pdf)


VERSION_1 = [p for p in BRIEFS if _is_version_1(parse_brief(p.read_bytes(), p.name).data)]


def test_the_corpus_has_version_1_briefs() -> None:
    assert len(VERSION_1) >= 5, VERSION_1


@pytest.mark.parametrize("fit", ["one-page", "flow"])
@pytest.mark.parametrize("path", VERSION_1, ids=lambda p: p.name)
def test_a_version_1_brief_prints_as_its_version_2_translation(path: Path, fit: str) -> None:
    data = parse_brief(path.read_bytes(), path.name).data
    data = {**data, "layout": {**(data.get("layout") or {}), "fit": fit}}
    translated = _translate(data)
    assert not _is_version_1(translated)
    assert _print(_text(data), path.parent) == _print(_text(translated), path.parent)


def _long_section(version: int) -> str:
    # twelve paragraphs, the last one long enough that the quote's first paragraph is the
    # last thing that fits on page 1 (version 1 split the quote there before issue 20)
    paragraphs = [
        f"Paragraph {n}: "
        + "more " * (176 if n == 11 else 0)
        + "the talks went on through the night. " * 9
        for n in range(12)
    ]
    quote = {
        "text": "First part of the quote, " * 10 + "\n\n" + "second part, " * 20,
        "speaker": "A. Speaker",
    }
    section: dict[str, Any] = {"heading": "Talks"}
    if version == 1:
        section |= {"text": "\n\n".join(paragraphs), "quote": quote}
    else:
        section["blocks"] = [{"text": "\n\n".join(paragraphs)}, {"quote": quote}]
    brief = {
        "title": "A long section",
        "date": "2024-05-01",
        "summary": "The talks ended.",
        "sections": [section],
        "layout": {"fit": "flow"},
    }
    return _text(brief)


def test_a_two_paragraph_quote_at_a_page_break_stays_whole_in_both_versions() -> None:
    """The disagreement of issue 20 (version 1 set a short quote without KeepTogether, so it
    could split across pages): both versions now take the one block path and print the same
    pages, with the quote on one page."""
    one, two = _print(_long_section(1), ROOT), _print(_long_section(2), ROOT)
    assert isinstance(one, tuple) and isinstance(two, tuple)
    assert len(one[0]) >= 2
    assert one == two
    built = build_text(_long_section(1), base=ROOT)
    pages = [page_text(built.pdf, n) for n in range(built.pages)]
    holding = [n for n, text in enumerate(pages) if "First part" in text or "second part" in text]
    assert len(holding) == 1, f"the quote is split over pages {holding}"


VERSION_1_ERRORS = """\
title: T
date: 2024-01-01
summary: S
sections:
  - heading: H
    text: Troops moved [@nowhere].
    quote:
      text: Q
      speaker: " "
claims:
  source: Ministry
  items:
    - label: Sorties
      value: many
    - label: Strikes
      value: 3
      measure: strikes
    - label: More strikes
      value: 4
      unit: sorties
      measure: strikes
"""


def test_a_version_1_briefs_diagnostics_name_and_point_at_the_authors_fields() -> None:
    """Model errors, checks across fields and citations of the normalised brief are placed
    and named where the version-1 author wrote them (not blocks[1] or claims[0])."""
    with pytest.raises(BriefError) as caught:
        validate(parse_brief(VERSION_1_ERRORS.encode(), "v1.yaml"))
    found = {(d.field, d.line, d.column) for d in caught.value.diagnostics}
    assert found == {
        ("sections[0].text", 6, 25),
        ("sections[0].quote.speaker", 9, 16),
        ("claims.items[0].value", 14, 14),
        ("claims.items[2].unit", 20, 13),
    }
    messages = " ".join(d.message for d in caught.value.diagnostics)
    assert "at claims.items[1]" in messages and "blocks" not in messages


def test_the_lint_places_a_version_1_warning_at_the_authors_words() -> None:
    text = """\
title: T
date: 2024-01-01
summary: S
sections:
  - heading: H
    bullets:
      - The army flew 450 sorties.
claims:
  source: Ministry of Defence
  items:
    - label: Sorties flown
      value: 450
"""
    found = lint_brief(parse_brief(text.encode(), "v1.yaml"))
    assert [(d.rule, d.field, d.line) for d in found] == [
        ("unattributed-claim", "sections[0].bullets[0]", 7)
    ]
    assert "(claims.items[0])" in found[0].message
