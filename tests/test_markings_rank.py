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


@pytest.mark.parametrize(
    "markings",
    [
        ["SECRET//REL TO USA, GBR", "SECRET//NOFORN"],
        ["SECRET//NOFORN", "SECRET//REL TO USA, GBR"],
        ["SECRET", "SECRET//NOFORN"],
        ["UNCLASSIFIED", "SECRET//NOFORN", "CONFIDENTIAL", "SECRET"],
    ],
)
def test_two_markings_of_the_top_level_are_not_ranked_by_their_order(markings: list[str]) -> None:
    """Taking either would drop the other's caveats (a NOFORN brief under a REL TO banner)."""
    with pytest.raises(Unranked):
        highest_marking(markings)
    with pytest.raises(Unranked):
        highest_marking(list(reversed(markings)))


def test_the_pack_s_order_ranks_markings_of_one_level() -> None:
    order = ["SECRET", "SECRET//REL TO USA, GBR", "SECRET//NOFORN"]
    for markings in (["SECRET//REL TO USA, GBR", "SECRET//NOFORN"], ["SECRET", "SECRET//NOFORN"]):
        assert highest_marking(markings, order) == "SECRET//NOFORN"
        assert highest_marking(list(reversed(markings)), order) == "SECRET//NOFORN"


def test_markings_of_one_level_below_the_top_do_not_matter() -> None:
    assert highest_marking(["SECRET//NOFORN", "SECRET//REL TO FVEY", "TOP SECRET"]) == "TOP SECRET"
    assert highest_marking(["Secret", "SECRET", " secret "]) == "Secret"
