"""Editions at the model level (part 3 of the format): the ``edition:`` key and the ids,
:func:`briefing.editions.compare.compare` (one test per kind of change, the matching rules), the
ICD 203 scale's order, :func:`summary`, and a property over generated briefs: a brief compared
with itself changed nothing, and every mutation of a brief is found."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.editions.changes import Change
from briefing.editions.compare import KINDS, compare, line, match, summary
from briefing.editions.scale import (
    CONFIDENCE_ORDER,
    ESTIMATIVE_SCALE,
    confidence_rank,
    estimative_rank,
    estimative_terms,
)
from briefing.errors import BriefError
from briefing.model import Brief
from briefing.read import parse_brief
from briefing.validate.checks import validate
from tests.generate import briefs

BASE: dict[str, Any] = {
    "title": "Floods in the province",
    "date": "2022-09-03",
    "summary": "The river burst its banks.",
    "sections": [
        {"heading": "Displacement", "text": "First paragraph.\n\nSecond paragraph."},
        {"heading": "Access", "bullets": ["Roads closed.", "Bridges down."]},
    ],
    "claims": [
        {
            "source": "government",
            "status": "claimed",
            "items": [
                {"label": "Deaths", "value": 120},
                {"label": "Districts flooded", "value": 81},
            ],
        },
        {
            "source": "IFRC",
            "status": "reported",
            "items": [
                {"label": "People displaced", "measure": "displaced", "value": [150000, 200000]}
            ],
        },
    ],
    "analysis": [
        {
            "label": "Opinion of the Desk — assessment, not established fact",
            "source": "Desk",
            "confidence": "moderate",
            "points": [
                "Further flooding downstream is likely within a week.",
                "The dam will hold.",
            ],
        }
    ],
    "key_facts": [{"label": "Peak", "value": "4.6 m"}, {"label": "Rain", "value": "300 mm"}],
    "sources": [
        {"id": "bulletin", "title": "Flood bulletin no. 12", "url": "https://example.org/b12"},
        {"title": "Appeal", "publisher": "IFRC"},
    ],
    "tlp": "amber",
}


def brief(data: dict[str, Any]) -> Brief:
    return Brief.model_validate(data)


def changed(edit: Any) -> list[Change]:
    """The changes from BASE to BASE edited by ``edit`` (a function of a deep copy)."""
    new = copy.deepcopy(BASE)
    edit(new)
    return compare(brief(BASE), brief(new))


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


# --------------------------------------------------------------------------- the model


def test_edition_key_is_validated() -> None:
    data = {
        **BASE,
        "edition": {
            "number": "3",
            "issued": "2022-09-03T14:00:00Z",
            "next": "2022-09-04T09:00:00+02:00",
        },
    }
    edition = brief(data).edition
    assert edition is not None and edition.number == 3
    assert edition.issued == datetime(2022, 9, 3, 14, tzinfo=UTC)
    assert edition.next == datetime(2022, 9, 4, 9, tzinfo=timezone(timedelta(hours=2)))


def _problems(text: str) -> list[str]:
    with pytest.raises(BriefError) as caught:
        validate(parse_brief(text.encode(), "x.yaml"))
    return [f"{d.line}:{d.field}: {d.message} | {d.hint}" for d in caught.value.diagnostics]


HEAD = "title: T\ndate: 2022-09-03\nsummary: S.\n"


def test_a_time_without_its_zone_is_an_error_with_a_hint() -> None:
    [problem] = _problems(HEAD + "edition:\n  number: 2\n  issued: 2022-09-03T14:00:00\n")
    assert problem.startswith("6:edition.issued: the time '2022-09-03T14:00:00' has no zone")
    assert "2022-09-03T14:00:00Z for UTC" in problem


@pytest.mark.parametrize(
    ("number", "says"),
    [("0", "from 1, got 0"), ("2.5", "whole number, got '2.5'"), ("two", "got 'two'")],
)
def test_an_edition_number_is_a_whole_number_from_1(number: str, says: str) -> None:
    text = HEAD + f"edition:\n  number: {number}\n  issued: 2022-09-03T14:00:00Z\n"
    [problem] = _problems(text)
    assert problem.startswith("5:edition.number:") and says in problem


def test_ids_are_unique_within_their_list_at_the_line() -> None:
    text = (
        HEAD
        + "claims:\n  source: G\n  items:\n"
        + "    - {id: deaths, label: A, value: 1}\n    - {id: deaths, label: B, value: 2}\n"
    )
    [problem] = _problems(text)
    assert problem.startswith(
        "8:claims.items[1].id: the id 'deaths' is already used by claims.items[0]"
    )


def test_ids_and_because_are_accepted_where_the_contract_puts_them() -> None:
    data = copy.deepcopy(BASE)
    data["claims"][0]["id"] = "gov"
    data["claims"][0]["items"][0]["id"] = "deaths"
    data["analysis"][0] |= {"id": "desk", "because": "The gauges rose."}
    data["sections"][0]["id"] = "displacement"
    data["key_facts"][0]["id"] = "peak"
    data["timeline"] = [{"id": "burst", "date": "2022-09-01", "event": "The river burst."}]
    made = brief(data)
    assert made.analysis[0].because == "The gauges rose."
    assert made.timeline and made.timeline[0].id == "burst"


# --------------------------------------------------------------------------- each kind


def test_nothing_changed() -> None:
    assert compare(brief(BASE), brief(copy.deepcopy(BASE))) == []


def test_a_figure_revised_as_a_range() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["claims"][1]["items"][0]["value"] = [250000, 300000]

    change = only(changed(edit))
    assert (change.kind, change.path, change.marks) == (
        "figure",
        ("claims", 1, "items", 0),
        (("claims", 1, "items", 0),),
    )
    assert line(change) == "People displaced, IFRC: 150,000–200,000 → 250,000–300,000"


@pytest.mark.parametrize(
    ("key", "value", "old", "new", "says"),
    [
        ("unit", "people", "120", "120 people", "120 → 120 people"),
        ("qualifier", "more than", "120", "more than 120", "120 → more than 120"),
        ("as_of", "2022-09-02", "120", "120", "120 → 120 as of 2 September 2022"),
    ],
)
def test_a_figure_revised_in_its_unit_qualifier_or_date(
    key: str, value: str, old: str, new: str, says: str
) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["claims"][0]["items"][0][key] = value

    change = only(changed(edit))
    assert (change.kind, change.old, change.new) == ("figure", old, new)
    assert line(change) == f"Deaths, government: {says}"


def test_a_revised_figure_says_its_new_date_once() -> None:
    def dated(d: dict[str, Any]) -> None:
        d["claims"][0]["items"][0]["as_of"] = "2023-02-13"

    def revised(d: dict[str, Any]) -> None:
        dated(d)
        d["claims"][0]["items"][0] |= {"value": 40689, "as_of": "2023-02-19"}

    def redated(d: dict[str, Any]) -> None:
        dated(d)
        d["claims"][0]["items"][0]["as_of"] = "2023-02-19"

    def same_date(d: dict[str, Any]) -> None:
        dated(d)
        d["claims"][0]["items"][0]["value"] = 31643

    def undated(d: dict[str, Any]) -> None:
        d["claims"][0]["items"][0]["value"] = 31643

    before = copy.deepcopy(BASE)
    dated(before)
    cases = {
        revised: "Deaths, government: 120 → 40,689 (as of 19 February 2023)",
        redated: "Deaths, government: 120 as of 13 February 2023 → 120 as of 19 February 2023",
        same_date: "Deaths, government: 120 → 31,643",
    }
    for edit, says in cases.items():
        after = copy.deepcopy(BASE)
        edit(after)
        change = only(compare(brief(before), brief(after)))
        assert line(change) == says
        assert change.as_of is not None and change.as_of[0] is not None
    after = copy.deepcopy(BASE)
    undated(after)  # the date dropped: said where it was
    change = only(compare(brief(before), brief(after)))
    assert line(change) == "Deaths, government: 120 as of 13 February 2023 → 31,643"
    assert change.as_of is not None and change.as_of[1] is None
    assert only(changed(undated)).as_of is None  # no date on either side: none to say


def test_a_key_fact_listing_entries_says_only_what_it_gained_or_lost() -> None:
    def fact(old: str, new: str) -> str:
        before, after = copy.deepcopy(BASE), copy.deepcopy(BASE)
        before["key_facts"][0]["value"], after["key_facts"][0]["value"] = old, new
        return line(only(compare(brief(before), brief(after))))

    assert fact("Hatay, Adana, Osmaniye", "Hatay, Adana, Osmaniye, Kilis") == "Peak: added Kilis"
    assert fact("Hatay, Adana, Osmaniye", "Hatay, Osmaniye") == "Peak: removed Adana"
    assert fact("A, B, C", "A, B, D") == "Peak: added D; removed C"
    # a number's thousands are no list; a reordered or mostly new list is printed whole
    assert fact("1,200 people", "1,500 people") == "Peak: 1,200 people → 1,500 people"
    assert fact("A, B", "B, A") == "Peak: A, B → B, A"
    assert fact("A, B", "A, C, D") == "Peak: A, B → A, C, D"


def test_judgements_of_one_analysis_moved_for_one_reason_are_one_line() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["analysis"][0] |= {"confidence": "high", "because": "the gauges confirm it"}
        d["analysis"][0]["points"][0] = "Further flooding downstream is very likely within a week."

    changes = changed(edit)
    assert [c.kind for c in changes] == ["judgement", "judgement"]
    assert summary(changes) == [
        "Desk assessment: confidence moderate → high (raised); likely → very likely (raised), "
        "because the gauges confirm it"
    ]

    def more(d: dict[str, Any]) -> None:
        edit(d)
        d["tlp"] = "red"
        d["claims"][0]["items"][0]["value"] = 150

    assert summary(changed(more), limit=2) == [
        "TLP label: AMBER → RED (more restrictive)",
        "… and 3 more changes: 1 figure revised, 2 judgements moved",
    ]


def test_a_claims_status_changed() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["claims"][0]["items"][0]["status"] = "confirmed"

    change = only(changed(edit))
    assert change.kind == "status"
    assert line(change) == "Deaths, government: claimed → confirmed"


def test_a_blocks_status_changed_once_marking_its_items() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["claims"][0]["status"] = "confirmed"

    change = only(changed(edit))
    assert (change.kind, change.path, change.old, change.new) == (
        "status",
        ("claims", 0),
        "claimed",
        "confirmed",
    )
    assert change.marks == (("claims", 0, "items", 0), ("claims", 0, "items", 1))


def test_a_claims_block_added_and_withdrawn() -> None:
    def add(d: dict[str, Any]) -> None:
        d["claims"].append(
            {
                "source": "WHO",
                "title": "What WHO reports",
                "items": [
                    {"label": "Cholera cases", "value": 12},
                    {"label": "Clinics", "value": 3},
                ],
            }
        )

    change = only(changed(add))
    assert change.kind == "claims-added" and change.path == ("claims", 2)
    assert change.marks == (("claims", 2, "items", 0), ("claims", 2, "items", 1))
    assert line(change) == "New: What WHO reports (2 figures)"

    change = only(changed(lambda d: d["claims"].pop(1)))
    assert change.kind == "claims-withdrawn" and change.path == ("claims", 1)
    assert line(change) == "Withdrawn: Claims of IFRC (1 figure)"


def test_a_claim_added_and_withdrawn() -> None:
    change = only(changed(lambda d: d["claims"][0]["items"].pop(1)))
    assert change.kind == "claim-withdrawn" and change.path == ("claims", 0, "items", 1)
    assert line(change) == "Withdrawn: Districts flooded (government)"
    assert change.marks == ()  # nothing left to stand beside

    def add(d: dict[str, Any]) -> None:
        d["claims"][0]["items"].insert(0, {"label": "Injured", "value": 400})

    change = only(changed(add))
    assert (change.kind, change.marks) == ("claim-added", (("claims", 0, "items", 0),))
    assert line(change) == "New: Injured (government)"


def test_a_key_fact_added_withdrawn_and_changed() -> None:
    def revise(d: dict[str, Any]) -> None:
        d["key_facts"][0]["value"] = "4.9 m"

    change = only(changed(revise))
    assert (change.kind, change.marks) == ("fact", (("key_facts", 0),))
    assert line(change) == "Peak: 4.6 m → 4.9 m"
    change = only(changed(lambda d: d["key_facts"].append({"label": "Wind", "value": "80 km/h"})))
    assert (change.kind, line(change), change.marks) == (
        "fact-added",
        "New: Wind",
        (("key_facts", 2),),
    )
    change = only(changed(lambda d: d["key_facts"].pop(0)))
    assert (change.kind, line(change)) == ("fact-withdrawn", "Withdrawn: Peak")


def test_confidence_moved_up_with_because() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["analysis"][0] |= {"confidence": "high", "because": "the gauges confirm it"}

    change = only(changed(edit))
    assert (change.kind, change.direction, change.because) == (
        "judgement",
        "up",
        "the gauges confirm it",
    )
    assert (
        line(change)
        == "Desk assessment: confidence moderate → high (raised), because the gauges confirm it"
    )


def test_an_estimative_term_moved_down_marks_its_point() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["analysis"][0]["points"][0] = "Further flooding downstream is unlikely within a week."

    change = only(changed(edit))
    assert (change.kind, change.old, change.new, change.direction, change.because) == (
        "judgement",
        "likely",
        "unlikely",
        "down",
        None,
    )
    assert change.marks == (("analysis", 0, "points", 0),)


def test_a_synonym_moves_along_the_scale() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["analysis"][0]["points"][0] = (
            "Further flooding downstream is highly probable within a week."
        )

    change = only(changed(edit))
    assert (change.kind, change.new, change.direction) == ("judgement", "highly probable", "up")


def test_a_point_reworded_without_a_judgement_moving() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["analysis"][0]["points"][1] = "The embankment at the weir is the weak point."

    change = only(changed(edit))
    assert change.kind == "analysis-changed" and change.marks == (("analysis", 0, "points", 1),)


def test_a_section_added_removed_and_changed_marks_exactly_its_changed_paragraphs() -> None:
    def add(d: dict[str, Any]) -> None:
        d["sections"].insert(
            1, {"heading": "Health", "text": "Cholera.\n\nClinics.", "bullets": ["x"]}
        )

    change = only(changed(add))
    at = ("sections", 1, "blocks")
    assert change.kind == "section-added"
    assert change.marks == ((*at, 0, "text", 0), (*at, 0, "text", 1), (*at, 1, "bullets", 0))
    change = only(changed(lambda d: d["sections"].pop(0)))
    assert (change.kind, change.path, line(change)) == (
        "section-removed",
        ("sections", 0),
        "Removed: Displacement",
    )

    def rewrite(d: dict[str, Any]) -> None:
        d["sections"][0]["text"] = "First paragraph.\n\nA new second paragraph."
        d["sections"][1]["bullets"] = ["Roads closed.", "Ferries running.", "Bridges down."]

    changes = changed(rewrite)
    assert [(c.kind, c.marks) for c in changes] == [
        ("section-changed", (("sections", 0, "blocks", 0, "text", 1),)),
        ("section-changed", (("sections", 1, "blocks", 0, "bullets", 1),)),
    ]
    assert summary(changes) == ["Changed: Displacement, Access"]


def test_sources_added_and_removed_are_counted() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["sources"] = [
            {"title": "Appeal", "publisher": "IFRC"},
            {"id": "sitrep", "title": "Situation report 3"},
            {"title": "Satellite imagery", "url": "https://example.org/sat"},
        ]

    changes = changed(edit)
    assert sorted(c.kind for c in changes) == ["source-added", "source-added", "source-removed"]
    assert summary(changes) == ["Sources: 2 new, 1 removed"]


def test_marking_and_tlp_come_first() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["key_facts"][0]["value"] = "4.9 m"
        d["tlp"] = "green"
        d["marking"] = "OFFICIAL"

    changes = changed(edit)
    assert [c.kind for c in changes] == ["marking", "tlp", "fact"]
    assert summary(changes)[:2] == [
        "Marking: none → OFFICIAL",
        "TLP label: AMBER → GREEN (less restrictive)",
    ]
    assert changes[1].direction == "down"


def test_timeline_events_added_removed_and_changed() -> None:
    base = copy.deepcopy(BASE)
    base["timeline"] = [
        {"date": "2022-09-01", "event": "The river burst."},
        {"id": "dam", "date": "2022-09-02", "event": "The dam overflowed."},
    ]
    new = copy.deepcopy(base)
    new["timeline"] = [
        {"date": "2022-09-03", "event": "Evacuation ordered."},
        {"id": "dam", "date": "2022-09-02", "event": "The dam overflowed at noon."},
    ]
    kinds = sorted(c.kind for c in compare(brief(base), brief(new)))
    assert kinds == ["event-added", "event-changed", "event-removed"]
    assert summary(compare(brief(base), brief(new))) == ["Timeline: 1 new, 1 changed, 1 removed"]


# --------------------------------------------------------------------------- matching


def test_a_rename_with_the_same_id_is_one_revision() -> None:
    base = copy.deepcopy(BASE)
    base["claims"][0]["items"][0]["id"] = "deaths"
    base["sections"][0]["id"] = "displacement"
    base["key_facts"][0]["id"] = "peak"
    new = copy.deepcopy(base)
    new["claims"][0]["items"][0] |= {"label": "People killed", "value": 150}
    new["sections"][0]["heading"] = "People displaced"
    new["key_facts"][0]["label"] = "River peak"
    changes = compare(brief(base), brief(new))
    assert [(c.kind, c.label) for c in changes] == [
        ("figure", "People killed, government"),
        ("renamed", "River peak"),
        ("section-changed", "People displaced"),
    ]
    assert line(changes[2]) == "Changed: People displaced (was Displacement)"


def test_a_rename_without_an_id_is_a_withdrawal_and_an_addition() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["claims"][0]["items"][0]["label"] = "People killed"

    assert sorted(c.kind for c in changed(edit)) == ["claim-added", "claim-withdrawn"]


def test_items_match_by_measure_before_label_and_blocks_by_source() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["claims"].reverse()  # blocks match by source, not by place
        d["claims"][0]["items"][0]["label"] = "Displaced (estimate)"  # same measure

    change = only(changed(edit))
    assert (change.kind, change.old, change.new) == (
        "renamed",
        "People displaced",
        "Displaced (estimate)",
    )


def test_two_different_ids_are_two_parts_even_with_one_name() -> None:
    old = [{"id": "a", "label": "X"}]
    new = [{"id": "b", "label": "X"}]

    class Part:
        def __init__(self, d: dict[str, str]) -> None:
            self.id, self.label = d["id"], d["label"]

    pairs = match([Part(d) for d in old], [Part(d) for d in new], lambda p: p.label)
    assert pairs == [(None, 0), (0, None)]


def test_sources_match_by_id_then_url_then_title() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["sources"][0]["title"] = "Flood bulletin no. 12 (corrected)"  # same id
        d["sources"][1]["publisher"] = "IFRC Geneva"  # same title

    assert changed(edit) == []


# --------------------------------------------------------------------------- the scale


def test_the_estimative_scale_is_in_icd_203_order() -> None:
    order = [
        "almost no chance",
        "very unlikely",
        "unlikely",
        "roughly even chance",
        "likely",
        "very likely",
        "almost certain",
    ]
    assert [term for term, _ in ESTIMATIVE_SCALE] == order
    assert [estimative_rank(t) for t in order] == list(range(7))
    synonyms = ["remote", "highly improbable", "improbable", "roughly even odds", "probable"]
    synonyms += ["highly probable", "nearly certain"]
    assert [estimative_rank(t) for t in synonyms] == list(range(7))
    assert CONFIDENCE_ORDER == ("low", "moderate", "high")
    assert [confidence_rank(c) for c in ("low", "moderate", "high", None)] == [0, 1, 2, None]


def test_terms_are_found_whole_word_in_any_case_longest_first() -> None:
    found = estimative_terms("It is Very Unlikely, though not improbable, and likelyhood aside")
    assert [(t.text, t.rank) for t in found] == [("Very Unlikely", 1), ("improbable", 2)]
    assert estimative_terms("almost\ncertain") and estimative_terms("unlikelihood") == []


# --------------------------------------------------------------------------- summary


def test_a_short_list_is_one_line_per_change_and_a_long_one_is_counted() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["tlp"] = "red"
        for k in range(12):
            d["key_facts"].append({"label": f"Fact {k}", "value": str(k)})
        d["claims"][0]["items"][0]["value"] = 150

    changes = changed(edit)
    lines = summary(changes, limit=5)
    assert len(lines) == 5
    assert (
        lines[0] == "TLP label: AMBER → RED (more restrictive)"
        and lines[1] == "Deaths, government: 120 → 150"
    )
    assert lines[-1] == "… and 10 more changes: 10 new key facts"
    assert summary(changes, limit=20) == [line(c) for c in changes]
    assert summary([]) == []


def test_kinds_are_ordered_most_important_first() -> None:
    assert KINDS[:2] == ("marking", "tlp")
    assert KINDS.index("figure") < KINDS.index("judgement") < KINDS.index("section-changed")
    assert KINDS[-2:] == ("source-added", "source-removed")


# --------------------------------------------------------------------------- property

#: Mutations of a generated brief's data, each with the kind of change it must produce.
MUTATIONS = (
    "figure",
    "status",
    "claim-added",
    "claim-withdrawn",
    "claims-withdrawn",
    "judgement",
    "fact",
    "fact-added",
    "section-added",
    "section-removed",
    "source-added",
    "tlp",
    "marking",
)

#: The order mutations are applied in: what takes a part away before what changes or adds one.
APPLY_ORDER = (
    "claims-withdrawn",
    "claim-withdrawn",
    "section-removed",
    *(
        kind
        for kind in MUTATIONS
        if kind not in ("claims-withdrawn", "claim-withdrawn", "section-removed")
    ),
)


def _claims_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    claims = data.get("claims")
    if isinstance(claims, dict):
        data["claims"] = [claims]
    return data.get("claims") or []


def mutate(data: dict[str, Any], kind: str) -> bool:
    """Apply the mutation ``kind`` to ``data``; False when the brief has nothing to mutate."""
    claims = _claims_list(data)
    if kind == "figure" and claims:
        item = claims[0]["items"][0]
        value = item["value"]
        item["value"] = [v * 2 + 1 for v in value] if isinstance(value, list) else value * 2 + 1
        return True
    if kind == "status" and claims:
        item = claims[0]["items"][0]
        now = item.get("status") or claims[0].get("status", "claimed")
        item["status"] = "confirmed" if now != "confirmed" else "disputed"
        return True
    if kind == "claim-added" and claims:
        claims[0]["items"].append({"label": "A figure never seen before", "value": 7})
        return True
    if kind == "claim-withdrawn" and claims and len(claims[0]["items"]) > 1:
        claims[0]["items"].pop()
        return True
    if kind == "claims-withdrawn" and claims:
        claims.pop()
        return True
    if kind == "judgement" and data.get("analysis"):
        analyses = data["analysis"] if isinstance(data["analysis"], list) else [data["analysis"]]
        data["analysis"] = analyses
        level = analyses[0].get("confidence")
        analyses[0]["confidence"] = "high" if level != "high" else "low"
        return True
    if kind == "fact" and data.get("key_facts"):
        data["key_facts"][0]["value"] += " (revised)"
        return True
    if kind == "fact-added":
        data.setdefault("key_facts", []).append({"label": "A new key fact", "value": "x"})
        return True
    if kind == "section-added":
        data.setdefault("sections", []).append({"heading": "A new heading", "text": "New."})
        return True
    if kind == "section-removed" and data.get("sections"):
        data["sections"].pop(0)
        return True
    if kind == "source-added":
        data.setdefault("sources", []).append({"title": "A source never seen before"})
        return True
    if kind == "tlp":
        data["tlp"] = "red" if data.get("tlp") != "red" else "clear"
        return True
    if kind == "marking":
        data["marking"] = str(data.get("marking", "")) + " REVISED"
        return True
    return False


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(generated=briefs(), kinds=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4))
def test_a_brief_is_its_own_edition_and_every_mutation_is_found(
    generated: Any, kinds: list[str]
) -> None:
    old = brief(copy.deepcopy(generated.data))
    assert compare(old, old) == []
    assert compare(old, brief(copy.deepcopy(generated.data))) == []
    data = copy.deepcopy(generated.data)
    # withdrawals and removals first, so that no later mutation lands in a part they take
    # away (or takes away a part an earlier one added): each must then show in the list
    order = sorted(dict.fromkeys(kinds), key=APPLY_ORDER.index)
    applied = [kind for kind in order if mutate(data, kind)]
    found = {c.kind for c in compare(old, brief(data))}
    for kind in applied:
        assert kind in found, (kind, applied, found)
    assert len(summary(compare(old, brief(data)), limit=6)) <= 6


# --------------------------------------------------------------------------- the schema


def test_the_chain_validates_against_the_printed_schema_and_a_zoneless_time_does_not() -> None:
    import json
    from pathlib import Path

    import jsonschema
    import yaml

    from briefing.validate.schema import brief_schema

    schema = brief_schema()
    chain = sorted((Path(__file__).parent / "corpus" / "editions").glob("*.yaml"))
    assert len(chain) == 3
    for path in chain:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        jsonschema.validate(data, schema)
    zoneless = {"title": "T", "date": "2022-09-03", "summary": "S."}
    zoneless["edition"] = {"number": 1, "issued": "2022-09-03T14:00:00"}  # type: ignore[assignment]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(zoneless, schema)
