"""The example briefs: valid against the printed schema, one page, every block, as reviewed."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefing.validate.schema import brief_schema
from tests.conftest import ROOT, build_file, page_text, reader
from tests.pixels import assert_matches, rasterise

EXAMPLES = sorted((ROOT / "briefs").glob("*.yaml"))
STARTER = ROOT / "src" / "briefing" / "starter.yaml"


def _as_json(value: object) -> object:
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("path", [*EXAMPLES, STARTER], ids=lambda p: p.name)
def test_validates_against_the_printed_schema(path: Path) -> None:
    data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.validate(data, brief_schema())


def test_examples_start_with_the_schema_line() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/brief.schema.json"


@pytest.fixture(scope="module")
def example() -> bytes:
    path = ROOT / "briefs" / "syria-withdrawal.yaml"
    built = build_file(path)
    assert built.pages == 1
    return built.pdf


def test_example_is_one_a4_page_small_enough_to_mail(example: bytes) -> None:
    pdf = reader(example)
    assert len(pdf.pages) == 1
    assert round(float(pdf.pages[0].mediabox.width)) == 595
    assert len(example) < 100_000


def test_example_says_who_claims_and_whose_opinion(example: bytes) -> None:
    text = " ".join(page_text(example).split())
    for needle in (
        "UNCLASSIFIED // OPEN SOURCE // FOR DISCUSSION",
        "BOTTOM LINE",
        "Claimed by Russian Ministry of Defence — not independently verified",
        "> 9,000",
        "209",
        "400",
        "> 10,000",
        "Vladimir Putin, President of Russia, 14 March 2016",
        "KEY FACTS",
        "Hmeimim air base; Tartus naval base",
        "Opinion of GLOBALO — not verified fact",
        "the sentence is unclear",
        "[1] Putin orders withdrawal of main part of Russian forces from Syria. GLOBALO.",
        "Page 1 of 1",
    ):
        assert needle.lower() in text.lower(), needle


def test_example_page_matches_reviewed_reference(example: bytes) -> None:
    assert_matches(rasterise(example, dpi=36), "pages/syria-withdrawal.png")
