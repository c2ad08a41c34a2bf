"""The one ranking of markings and TLP labels (briefing.markings), which a pack's roll-up and
an edition's "made less restrictive" warning share with the banner colours."""

from __future__ import annotations

import pytest

from briefing.markings import (
    TLP_ORDER,
    Unranked,
    highest_marking,
    less_restrictive,
    marking_rank,
    most_restrictive_tlp,
)

ORDER = ["UNCLASSIFIED", "OFFICIAL", "OFFICIAL-SENSITIVE"]


def test_recognised_levels_rank_in_their_order() -> None:
    chain = ["UNCLASSIFIED", "CUI", "CONFIDENTIAL", "SECRET", "TOP SECRET"]
    ranks = [marking_rank(m) for m in chain]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
    assert highest_marking(["SECRET//NOFORN", "TOP SECRET//SI", None, "CUI"]) == "TOP SECRET//SI"
    assert highest_marking([None, "  "]) is None


def test_marking_order_ranks_names_the_tool_does_not_know() -> None:
    assert highest_marking(["OFFICIAL", "official-sensitive"], ORDER) == "official-sensitive"
    assert highest_marking(["OFFICIAL", "UNCLASSIFIED"], ORDER) == "OFFICIAL"
    # the order names UNCLASSIFIED: its names sit above it, below CUI
    assert highest_marking(["OFFICIAL-SENSITIVE", "SECRET"], ORDER) == "SECRET"


def test_two_markings_that_cannot_be_ranked_are_named() -> None:
    with pytest.raises(Unranked) as raised:
        highest_marking(["OFFICIAL", "SECRET"])
    assert (raised.value.first, raised.value.second) == ("OFFICIAL", "SECRET")
    assert "'OFFICIAL'" in str(raised.value) and "'SECRET'" in str(raised.value)
    assert highest_marking(["OFFICIAL", "OFFICIAL"]) == "OFFICIAL"  # one marking, twice


def test_tlp_roll_up_takes_the_most_restrictive() -> None:
    for i, low in enumerate(TLP_ORDER):
        for high in TLP_ORDER[i:]:
            assert most_restrictive_tlp([high, None, low]) == high
    assert most_restrictive_tlp([None, None]) is None


def test_less_restrictive() -> None:
    assert less_restrictive("SECRET", "CONFIDENTIAL") is True
    assert less_restrictive("CONFIDENTIAL", "SECRET") is False
    assert less_restrictive("SECRET", None) is True
    assert less_restrictive("OFFICIAL-SENSITIVE", "OFFICIAL", ORDER) is True
    assert less_restrictive("OFFICIAL", "SECRET") is None  # cannot be ranked
