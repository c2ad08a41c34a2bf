"""The tradecraft lint: a corpus of good and bad sentences and briefs, the rules' edges, positions.

``tests/lint/sentences.yaml`` holds sentences an analyst would write, grouped by event with the
claims of that event: good ones must get no warning, bad ones exactly their expected rule ids.
``tests/lint/briefs/`` holds whole briefs: ``good-*`` get no warning; ``bad-*`` carry their
expected warnings as ``# expect: LINE:COL: RULE`` lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing.read import parse_brief, read_brief
from briefing.validate.lint import RULE_IDS, lint_brief
from briefing.validate.prose import numbers_in, read_number, sentences
from briefing.world.disk import DiskWorld
from tests.conftest import EXAMPLE, ROOT

CORPUS = Path(__file__).parent / "lint"
GROUPS: dict[str, Any] = yaml.safe_load((CORPUS / "sentences.yaml").read_text(encoding="utf-8"))
ROLES = ("narrative", "analysis", "summary")


def _cases(kind: str) -> list[Any]:
    found = []
    for group, spec in GROUPS.items():
        for i, case in enumerate(spec[kind]):
            [role] = [r for r in ROLES if r in case]
            shapes = ["v2"] + (["v1"] if len(spec["claims"]) == 1 else [])
            for shape in shapes:
                found.append(
                    pytest.param(
                        group,
                        role,
                        case[role],
                        case.get("expect", []),
                        shape,
                        id=f"{group}-{kind}{i}-{role}-{shape}",
                    )
                )
    return found


def brief_text(group: str, role: str, sentence: str, shape: str) -> str:
    """A brief of ``group`` with ``sentence`` where ``role`` puts it, in format ``shape``."""
    spec = GROUPS[group]
    claims: Any = spec["claims"] if shape == "v2" else spec["claims"][0]
    brief: dict[str, Any] = {
        "title": f"The {group}",
        "date": "2023-03-08",
        "summary": sentence if role == "summary" else "The bottom line.",
        "claims": claims,
    }
    if role == "narrative":
        section: dict[str, Any] = (
            {"heading": "What happened", "blocks": [{"text": sentence}]}
            if shape == "v2"
            else {"heading": "What happened", "text": sentence}
        )
        brief["sections"] = [section]
    if role == "analysis":
        analysis = {
            "label": "Opinion of the Desk — not fact",
            "source": "Desk",
            "points": ["A first point.", sentence],
        }
        brief["analysis"] = [analysis] if shape == "v2" else analysis
    if "sources" in spec:
        brief["sources"] = spec["sources"]
        brief["key_facts"] = [
            {"label": "Sources", "value": "All", "cite": [s["id"] for s in spec["sources"]]}
        ]
    return yaml.safe_dump(brief, allow_unicode=True, sort_keys=False, width=1000)


def _lint(group: str, role: str, sentence: str, shape: str) -> list[str]:
    doc = parse_brief(brief_text(group, role, sentence, shape).encode(), "corpus.yaml")
    return [d.rule for d in lint_brief(doc)]


def test_corpus_is_large_enough() -> None:
    assert len(_cases("good")) >= 60 and len(_cases("bad")) >= 40
    expected = {rule for spec in GROUPS.values() for case in spec["bad"] for rule in case["expect"]}
    assert expected == set(RULE_IDS) - {"uncited-source"}  # that one is a whole-brief rule


@pytest.mark.parametrize(("group", "role", "sentence", "expect", "shape"), _cases("good"))
def test_good_sentence_gets_no_warning(
    group: str, role: str, sentence: str, expect: list[str], shape: str
) -> None:
    assert _lint(group, role, sentence, shape) == []


@pytest.mark.parametrize(("group", "role", "sentence", "expect", "shape"), _cases("bad"))
def test_bad_sentence_gets_its_rules(
    group: str, role: str, sentence: str, expect: list[str], shape: str
) -> None:
    assert _lint(group, role, sentence, shape) == expect


BRIEFS = sorted((CORPUS / "briefs").glob("*.yaml"))


def _expected(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("path", BRIEFS, ids=[p.stem for p in BRIEFS])
def test_corpus_brief(path: Path) -> None:
    found = lint_brief(read_brief(DiskWorld(path, path.name)))
    assert [f"{d.line}:{d.column}: {d.field}: {d.rule}" for d in found] == _expected(path)
    assert bool(found) == path.name.startswith("bad-")
    assert all(d.severity == "warning" and d.hint for d in found)


def test_corpus_briefs_are_valid() -> None:
    from briefing.pipeline import load_brief

    for path in BRIEFS:
        load_brief(DiskWorld(path, path.name))


def test_the_example_brief_gets_no_warning() -> None:
    assert lint_brief(read_brief(DiskWorld(EXAMPLE))) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Aid came from the U.S. and the U.N. by boat, e.g. to Dadu. Rain stopped.",
            ["Aid came from the U.S. and the U.N. by boat, e.g. to Dadu.", "Rain stopped."],
        ),
        ("Dr A. Expert said 3.67% was enough. Mr. Zarif agreed.", 2),
        ("J. R. Smith left at 4.30 pm. Nobody followed!", 2),
        ("He asked why? Then he left.\n\nA new paragraph", 3),
        ("Prices rose (about 8.5%). Wheat led.", 2),
        ("It ended. \u201cWe are leaving,\u201d he said.", 2),
        ("a list, i.e. three items, vs. four", 1),
    ],
)
def test_sentences_do_not_split_on_abbreviations_initials_or_decimals(
    text: str, expected: list[str] | int
) -> None:
    found = sentences(text)
    if isinstance(expected, int):
        assert len(found) == expected, found
    else:
        assert [s for _, s in found] == expected
    assert all(text[offset : offset + len(s)] == s for offset, s in found)


@pytest.mark.parametrize(
    ("written", "values"),
    [
        ("9000", {9000.0}),
        ("9,000", {9000.0, 9.0}),
        ("9.000", {9000.0, 9.0}),
        ("9 000", {9000.0}),
        ("9\u202f000", {9000.0}),
        ("1,234,567", {1234567.0}),
        ("1.234.567", {1234567.0}),
        ("1 234 567,5", {1234567.5}),
        ("3.67", {3.67}),
        ("3,67", {3.67}),
        ("12,50", {12.5}),
    ],
)
def test_numbers_are_read_without_regard_to_locale(written: str, values: set[float]) -> None:
    assert read_number(written) == values


def test_numbers_in_prose_skip_dates_times_codes_and_citations() -> None:
    text = (
        "On 14 March 2016 at 04:17, 2 F-16s and a M7.8 quake [@src-2] hit; "
        "150,000–200,000 fled and 3.4 million need aid, up 12%, since 2015."
    )
    found = {text[o : o + n]: v for o, n, v in numbers_in(text)}
    assert found == {
        "2": {2.0},
        "150,000": {150000.0, 150.0},
        "200,000": {200000.0, 200.0},
        "3.4": {3400000.0},
        "12": {12.0},
    }


@pytest.mark.parametrize(
    ("source", "sentence", "named"),
    [
        ("Russian Ministry of Defence", "The MoD says 9,000 sorties were flown.", True),
        ("Russian Ministry of Defence", "The defence ministry says so.", True),
        ("Russian Ministry of Defence", "Russia's Ministry of Defence says so.", True),
        ("Russian Ministry of Defence", "Russian aircraft flew 9,000 sorties.", False),
        ("Disaster and Emergency Management Authority (AFAD)", "AFAD reported it.", True),
        ("Disaster and Emergency Management Authority (AFAD)", "The authority said so.", True),
        (
            "International Federation of Red Cross and Red Crescent Societies",
            "The IFRC said.",
            True,
        ),
        ("Vladimir Putin", "Putin's figure is 9,000.", True),
        ("Ministry of Water Resources", "The government counts 120,000.", True),
        ("Ministry of Water Resources", "Local officials count 120,000.", False),
    ],
)
def test_a_sentence_names_a_party_in_full_short_or_by_acronym(
    source: str, sentence: str, named: bool
) -> None:
    from briefing.validate.prose import names, party

    assert names(sentence, party(source, set())) is named


def test_the_ministry_is_no_name_when_two_parties_are_ministries() -> None:
    from briefing.validate.prose import names, party

    ours = party("Ukrainian Ministry of Defence", {"ministry"})
    assert not names("The ministry says 400 tanks were destroyed.", ours)
    assert names("Ukraine's defence ministry says 400 tanks were destroyed.", ours)


def test_confirmed_figures_need_no_attribution() -> None:
    text = """\
title: T
date: 2016-03-14
summary: Nine thousand sorties were flown; 9,000 is confirmed.
claims:
  source: Russian Ministry of Defence
  status: confirmed
  items: [{label: Sorties, value: 9000}]
"""
    assert lint_brief(parse_brief(text.encode(), "t.yaml")) == []


def test_uncited_source_only_in_a_brief_that_cites() -> None:
    base = "title: T\ndate: 2016-03-14\nsummary: S{cite}\nsources:\n  - {{id: a, title: A}}\n"
    assert lint_brief(parse_brief(base.format(cite="").encode(), "t.yaml")) == []
    text = base.format(cite=" [@b]") + "  - {id: b, title: B}\n"
    [warning] = lint_brief(parse_brief(text.encode(), "t.yaml"))
    assert (warning.rule, warning.field, warning.line, warning.column) == (
        "uncited-source",
        "sources[0].id",
        5,
        10,
    )


def test_positions_inside_folded_and_quoted_text() -> None:
    text = (
        "title: T\ndate: 2016-03-14\nsummary: S\nanalysis:\n  label: L\n  source: S\n"
        "  points:\n    - >-\n      It is clear.\n      Russia might\n      return.\n"
        '    - "Russia may return."\n'
    )
    found = lint_brief(parse_brief(text.encode(), "t.yaml"))
    assert [(d.line, d.column) for d in found] == [(10, 14), (12, 15)]


def test_lint_ignores_data_of_unexpected_shape() -> None:
    text = (
        "title: T\ndate: 2016-03-14\nsummary: [a, b]\nclaims: 3\nanalysis: [x, {points: 4}]\n"
        "sections: [x, {blocks: [3, {text: [1]}]}]\nsources: 5\n"
    )
    assert lint_brief(parse_brief(text.encode(), "t.yaml")) == []


# --------------------------------------------------------------------------- unattributed-claim
# tests/lint/claims.yaml: claimed figures restated (or not) in every field that reaches the page.

CLAIMS: dict[str, Any] = yaml.safe_load((CORPUS / "claims.yaml").read_text(encoding="utf-8"))
FIELDS = (
    "narrative", "summary", "analysis", "title", "subtitle", "event", "caption", "quote", "fact",
    "table",
)  # fmt: skip
UNATTRIBUTED = "unattributed-claim"


def claims_brief(group: str, case: dict[str, Any]) -> str:
    """A version-2 brief of ``group`` with the case's text in the field its key names."""
    [field] = [f for f in FIELDS if f in case]
    text = case[field]
    brief: dict[str, Any] = {
        "title": text if field == "title" else f"The {group}",
        "date": "2024-05-01",
        "summary": text if field == "summary" else "The bottom line.",
    }
    if field == "subtitle":
        brief["subtitle"] = text
    blocks: list[dict[str, Any]] = [{"text": "What happened."}]
    if field == "narrative":
        blocks = [{"text": text}]
    elif field == "quote":
        blocks.append({"quote": text})
    elif field == "table":
        blocks.append({"table": text})
    elif field == "caption":
        blocks.append({"figure": {"image": "map.png", "alt": "A map", "caption": text}})
    brief["sections"] = [{"heading": "What happened", "blocks": blocks}]
    brief["claims"] = CLAIMS[group]["claims"]
    if field == "fact":
        brief["key_facts"] = [text]
    if field == "event":
        brief["timeline"] = [{"date": "2024-04-01", "event": text}]
    if field == "analysis":
        brief["analysis"] = [{"label": "Opinion of the Desk", "source": "Desk", "points": [text]}]
    return yaml.safe_dump(brief, allow_unicode=True, sort_keys=False, width=1000)


def _claim_cases() -> list[Any]:
    found = []
    for group, spec in CLAIMS.items():
        for i, case in enumerate(spec["cases"]):
            [field] = [f for f in FIELDS if f in case]
            known = case.get("known")
            marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
            found.append(pytest.param(group, case, id=f"{group}{i}-{field}", marks=marks))
    return found


def _unattributed_count(text: str) -> int:
    return [d.rule for d in lint_brief(parse_brief(text.encode(), "c.yaml"))].count(UNATTRIBUTED)


def test_claims_corpus_is_large_and_covers_every_field() -> None:
    cases = [case for spec in CLAIMS.values() for case in spec["cases"]]
    assert len(cases) >= 80
    assert {f for case in cases for f in FIELDS if f in case} == set(FIELDS)
    assert sum(1 for c in cases if c["warn"]) >= 30 and sum(1 for c in cases if not c["warn"]) >= 30


@pytest.mark.parametrize(("group", "case"), _claim_cases())
def test_claims_corpus_case(group: str, case: dict[str, Any]) -> None:
    assert _unattributed_count(claims_brief(group, case)) == case["warn"]


def test_claims_corpus_briefs_are_valid() -> None:
    """Every brief the corpus makes is a valid brief (the lint judges only valid ones)."""
    from briefing.model import Brief

    for group, spec in CLAIMS.items():
        for case in spec["cases"]:
            Brief.model_validate(yaml.safe_load(claims_brief(group, case)))


# --------------------------------------------------------------------------- precision, recall


def _outcomes() -> dict[str, list[int]]:
    """Per rule: [true positives, false positives, false negatives] over the whole corpus."""
    counts: dict[str, list[int]] = {rule: [0, 0, 0] for rule in RULE_IDS}

    def add(expected: list[str], found: list[str]) -> None:
        for rule in RULE_IDS:
            e, f = expected.count(rule), found.count(rule)
            counts[rule][0] += min(e, f)
            counts[rule][1] += max(0, f - e)
            counts[rule][2] += max(0, e - f)

    for kind in ("good", "bad"):
        for param in _cases(kind):
            group, role, sentence, expect, shape = param.values
            add(list(expect), _lint(group, role, sentence, shape))
    for group, spec in CLAIMS.items():
        for case in spec["cases"]:
            doc = parse_brief(claims_brief(group, case).encode(), "c.yaml")
            found = [d.rule for d in lint_brief(doc)]
            add([UNATTRIBUTED] * case["warn"], [r for r in found if r == UNATTRIBUTED])
    for path in BRIEFS:
        expected = [line.rsplit(": ", 1)[-1] for line in _expected(path)]
        add(expected, [d.rule for d in lint_brief(read_brief(DiskWorld(path, path.name)))])
    return counts


#: The floor under each rule's precision and recall on the corpus: below it, the lint is too
#: noisy to keep `--strict` on, or too blind to be worth it.
FLOORS = {rule: (0.95, 0.9) for rule in RULE_IDS}


def test_precision_and_recall_of_each_rule(capsys: pytest.CaptureFixture[str]) -> None:
    counts = _outcomes()
    lines = ["", "lint corpus: precision and recall per rule"]
    low = []
    for rule, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(
            f"  {rule:28} precision {precision:6.1%}  recall {recall:6.1%}  "
            f"(tp {tp}, fp {fp}, fn {fn})"
        )
        floor_p, floor_r = FLOORS[rule]
        if precision < floor_p or recall < floor_r:
            low.append(rule)
    with capsys.disabled():
        print("\n".join(lines))
    assert counts[UNATTRIBUTED][0] >= 75  # the corpus exercises the rule
    assert not low, lines


# --------------------------------------------------------------------------- figures, parties


def _read(sentence: str) -> dict[str, tuple[tuple[float, ...], str, str]]:
    from briefing.validate.figures import amounts

    return {
        sentence[a.start : a.start + a.length]: (a.values, a.kind, a.qualifier)
        for a in amounts(sentence)
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They demanded USD 300 in bitcoin.", {"300": ((300.0,), "USD", "exact")}),
        ("It cost $4.4m, or 2.5m of pipe.", {"4.4": ((4.4e6,), "USD", "exact")}),
        (
            "Maersk lost USD 250–300 million.",
            {"250": ((250e6,), "USD", "exact"), "300": ((300e6,), "USD", "exact")},
        ),
        (
            "between 250 and 300 million euros",
            {"250": ((250e6,), "EUR", "exact"), "300": ((300e6,), "EUR", "exact")},
        ),
        (
            "Growth was 3.6% and 4 per cent.",
            {"3.6": ((3.6,), "%", "exact"), "4": ((4.0,), "%", "exact")},
        ),
        ("Ebola killed about 11,300 people.", {"11,300": ((11.3, 11300.0), "", "about")}),
        (
            "some 5,000 died; more than 3 800 fled",
            {"5,000": ((5.0, 5000.0), "", "about"), "3 800": ((3800.0,), "", "more than")},
        ),
        (
            "The toll passes 11,000; nearly 3,000 died; up to 40 fled.",
            {
                "11,000": ((11.0, 11000.0), "", "more than"),
                "3,000": ((3.0, 3000.0), "", "nearly"),
                "40": ((40.0,), "", "up to"),
            },
        ),
        (
            "£12bn and ¥3 and 5 roubles",
            {
                "12": ((12e9,), "GBP", "exact"),
                "3": ((3.0,), "JPY", "exact"),
                "5": ((5.0,), "RUB", "exact"),
            },
        ),
    ],
)
def test_figures_are_read_with_scale_kind_and_qualifier(
    sentence: str, expected: dict[str, tuple[tuple[float, ...], str, str]]
) -> None:
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "expected"),
    [
        ("USD 300", [250, 300], "million USD", ""),
        ("USD 300 million", [250, 300], "million USD", "exact"),
        ("300 million", [250000000, 300000000], "USD", "exact"),
        ("$275 million", [250, 300], "million USD", "exact"),
        ("€280 million", [250, 300], "million USD", ""),
        ("$56 billion", 56, "billion US$", "exact"),
        ("3.6%", 3.6, "%", "exact"),
        ("3.6 million", 3.6, "%", ""),
        ("3.6%", 3.6, "people", ""),
        ("11,300", 11310, "deaths", ""),
        ("about 11,300", 11310, "deaths", "near"),
        ("some 11,000", 11310, "deaths", "near"),
        ("about 10,000", 11310, "deaths", ""),
        ("more than 11,000", 11310, "deaths", "near"),
        ("more than 9,000", 11310, "deaths", ""),
        ("nearly 3,000", 2946, "deaths", "near"),
        ("nearly 3,000", 3010, "deaths", ""),
        ("up to 12,000", 11310, "deaths", "near"),
        ("160,000", [150000, 200000], "", "exact"),
    ],
)
def test_a_figure_matches_a_claim_by_unit_scale_and_qualifier(
    sentence: str, value: Any, unit: str, expected: str
) -> None:
    from briefing.validate.figures import amounts, claim, match

    values = tuple(float(v) for v in (value if isinstance(value, list) else [value]))
    [amount] = amounts(sentence)
    assert match(amount, claim(values, unit)) == expected


def test_every_qualifier_and_tolerance_is_documented() -> None:
    from briefing.validate.figures import QUALIFIER_WORDS, TOLERANCES

    doc = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for row, (low, high) in TOLERANCES.items():
        line = next(line for line in doc.splitlines() if line.startswith(f"| {row} "))
        assert f"{low:g}" in line and f"{high:g}" in line, line
        words = [w for w, r in QUALIFIER_WORDS.items() if r == row]
        assert all(f"*{w}*" in line for w in words), (row, line)


@pytest.mark.parametrize(
    ("source", "aliases", "sentence", "named"),
    [
        ("Armenian Ministry of Defence", ("Armenia",), "Armenia says 3,800 died.", True),
        ("Armenian Ministry of Defence", ("Armenia",), "Armenia's count is 3,800.", True),
        ("Armenian Ministry of Defence", (), "Armenia says 3,800 died.", False),
        ("Russian Security Council", ("Kremlin",), "The Kremlin put the toll at 5,000.", True),
        ("Russian Security Council", ("Kremlin",), "The kremlin put the toll at 5,000.", True),
        ("Israel Defense Forces (IDF)", ("the military",), "Russian military losses.", False),
        ("World Health Organization (WHO)", (), "Workers who treated 28,616 patients.", False),
        ("World Health Organization (WHO)", (), "WHO counted 28,616 cases.", True),
        ("WHO", (), "The World Health Organization counted 28,616.", True),
        ("CDC", (), "The Centers for Disease Control and Prevention said so.", True),
        ("CDC", (), "Cases did climb.", False),
        ("A.P. Møller-Maersk", ("Maersk",), "Maersk put the cost at $300 million.", True),
        ("a.p. møller-maersk", (), "A.P. MØLLER-MAERSK put the cost at $300 million.", True),
        ("Ministry", ("3", "", " "), "The toll is 3,000.", False),
        ("Armenian Ministry of Defence", ("Armenia",), "Armenian officials said so.", True),
        ("Azerbaijani Ministry of Defence", ("Azerbaijan",), "Azerbaijani figures say so.", True),
        ("Armenian Ministry of Defence", ("Armenia",), "Armenian soldiers died.", False),
        ("Armenian Ministry of Defence", ("Armenia",), "Armenian military toll rose.", False),
    ],
)
def test_a_sentence_names_a_party_by_its_aliases_and_acronym(
    source: str, aliases: tuple[str, ...], sentence: str, named: bool
) -> None:
    from briefing.validate.prose import names, party

    assert names(sentence, party(source, set(), aliases)) is named


def test_a_figure_several_parties_claim_lists_them_all() -> None:
    text = """\
title: T
date: 2016-06-10
summary: The epidemic killed 11,310 people.
claims:
  - {source: WHO, items: [{label: Deaths, value: 11310}]}
  - {source: CDC, items: [{label: Deaths, value: 11310}]}
"""
    [warning] = lint_brief(parse_brief(text.encode(), "t.yaml"))
    assert warning.message == (
        "11,310 is a figure claimed by WHO (claims[0].items[0]) and CDC (claims[1].items[0]), "
        "restated in a sentence that does not name any of them"
    )
    assert warning.hint == (
        "name who claims it in the same sentence ('WHO says …' or 'CDC says …'), so that the "
        "figure is not read as fact"
    )
    for named in ("WHO", "The CDC"):
        fixed = text.replace("The epidemic", f"{named} says the epidemic")
        assert lint_brief(parse_brief(fixed.encode(), "t.yaml")) == []


def test_positions_in_captions_quote_context_chart_titles_and_fact_labels() -> None:
    text = """\
title: T
date: 2016-06-10
summary: S
sections:
  - heading: H
    blocks:
      - figure:
          image: map.png
          alt: A map
          caption: Cases by week, 28,616 in all.
      - quote: {text: "We counted 28,616 cases.", speaker: A doctor, context: "After 28,616 cases"}
charts:
  - {type: bar, title: "28,616 cases", data: {labels: [a], values: [1]}}
key_facts:
  - label: "28,616 cases"
    value: in two years
claims:
  - {source: WHO, items: [{label: Cases, value: 28616}]}
"""
    found = lint_brief(parse_brief(text.encode(), "t.yaml"))
    assert [(d.field, d.line, d.column) for d in found] == [
        ("sections[0].blocks[0].figure.caption", 10, 35),
        ("sections[0].blocks[1].quote.context", 11, 86),
        ("charts[0].title", 13, 25),
        ("key_facts[0].label", 15, 13),
    ]
    named = text.replace('title: "28,616 cases"', 'title: "28,616 cases", source: WHO')
    assert "charts[0].title" not in [d.field for d in lint_brief(parse_brief(named.encode(), "t"))]


def test_a_long_sentence_of_figures_is_linted_in_linear_time() -> None:
    """Each figure's sign, qualifier and unit are looked for near it, not in all that precedes."""
    import time

    from briefing.validate.figures import amounts

    sentence = " ".join(f"about {i},000 killed and" for i in range(3000))
    started = time.perf_counter()
    found = amounts(sentence)
    assert time.perf_counter() - started < 2.0
    assert len(found) == 3000 and all(a.qualifier == "about" for a in found)
