"""The box of what changed in the one-page fit: it counts in the fit, and gives way before the
page shrinks far or fails (:func:`briefing.layout.paging.give_way`): it lists fewer lines, the
last counting the rest, down to the marking and TLP lines and that count. Unit level (the
limits, the count line), placement (the page still fits, the box lists fewer lines with a
count), the cache, and what ``check --fit`` and ``build`` say of it."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.editions.changes import Change
from briefing.editions.compare import compare, summary
from briefing.errors import LayoutError
from briefing.layout.edition import box_limits
from briefing.layout.fit import Materials, fit_one_page, prepare, scale_at
from briefing.layout.paging import give_way
from briefing.pipeline import materials_for
from briefing.read import parse_brief
from briefing.validate.checks import validate
from tests.editions_page import build_with_changes
from tests.pagecheck import read_pages
from tests.test_edition_chain import box_on_page
from tests.test_edition_page import _bars as page_bars
from tests.test_edition_page import _brief, _lines
from tests.test_editions import APPLY_ORDER, BASE, MUTATIONS, brief, mutate
from tests.worlds import MemoryWorld

#: twelve revised figures with long labels, and a TLP label made less restrictive
MANY = (
    Change("tlp", ("tlp",), "TLP label", "AMBER", "GREEN", direction="down"),
    *(
        Change(
            "figure",
            ("claims", 0, "items", 1),
            f"People displaced in district number {i}, Ministry of Interior",
            "150,000–200,000",
            "250,000–300,000",
        )
        for i in range(12)
    ),
)

#: a brief that fits at about 93% without a box (its narrative long), and one with room
DENSE, ROOMY = _brief(long=21), _brief(long=3)


def _materials(
    text: str, changes: tuple[Change, ...] = MANY, world: MemoryWorld | None = None
) -> Materials:
    world = world or MemoryWorld(text)
    brief = validate(parse_brief(text.encode(), "brief.yaml"), world)
    return replace(materials_for(brief, world), changes=changes, previous=2)


# --------------------------------------------------------------------------- unit


def test_the_box_may_list_from_the_marking_lines_and_a_count_to_the_themes_limit() -> None:
    assert box_limits(MANY, 8) == (2, 8)  # the TLP line and a count; at most 8 lines
    assert box_limits(MANY[1:], 8) == (1, 8)  # no marking: the count alone
    assert box_limits(MANY[:3], 8) == (2, 3)  # three lines in full
    assert box_limits(MANY[:2], 8) is None  # the TLP line and one more: nothing to cut
    assert box_limits((), 8) is None


def test_the_shortest_box_is_the_marking_lines_and_a_count() -> None:
    assert summary(MANY, 2) == [
        "TLP label: AMBER → GREEN (less restrictive)",
        "… and 12 more changes: 12 figures revised",
    ]
    assert summary(MANY[1:], 1) == ["12 changes: 12 figures revised"]
    assert summary(MANY, 4)[1:3] == [
        "People displaced in district number 0, Ministry of Interior: "
        "150,000–200,000 → 250,000–300,000",
        "People displaced in district number 1, Ministry of Interior: "
        "150,000–200,000 → 250,000–300,000",
    ]
    assert summary(MANY, 4)[3] == "… and 10 more changes: 10 figures revised"


def test_a_page_with_room_keeps_the_box_in_full_at_full_size() -> None:
    materials = _materials(ROOMY)
    assert give_way(materials) is materials
    layout, rendered = build_with_changes(ROOMY, MANY)
    assert (layout.scale, layout.box_limit, rendered.pages) == (1.0, None, 1)


# --------------------------------------------------------------------------- placement


def test_a_dense_page_keeps_its_size_and_the_box_lists_fewer_lines_with_a_count() -> None:
    materials = _materials(DENSE)
    alone = fit_one_page(replace(materials, previous=None, changes=()))
    full = fit_one_page(materials)
    shortest = fit_one_page(replace(materials, box_limit=2))
    assert alone.fits and full.fits and shortest.fits
    assert full.scale < 0.95 * shortest.scale  # in full, the box would cost the page too much

    layout, rendered = build_with_changes(DENSE, MANY)
    assert rendered.pages == 1
    lines = layout.box_limit
    assert lines is not None and 2 <= lines < 8
    # the page is no smaller than the theme lets the box make it, and larger than in full
    assert layout.scale >= (1 - layout.theme.editions.give_way) * shortest.scale - 1e-9
    assert layout.scale > full.scale
    # and one more line would not have fitted at that floor
    floor_step = next(
        s
        for s in range(33)
        if scale_at(s) >= (1 - layout.theme.editions.give_way) * shortest.scale - 1e-9
    )
    assert not prepare(replace(materials, box_limit=lines + 1), scale_at(floor_step)).fits

    (page,) = read_pages(rendered.pdf)
    shown = summary(MANY, lines)
    assert len(shown) == lines and shown[-1].startswith("… and ")
    assert _lines(page, "TLP label: AMBER → GREEN")
    count = shown[-1].split(":")[0]  # "… and 10 more changes"
    assert _lines(page, count.removeprefix("… "))
    assert len(_lines(page, "People displaced in district number")) == lines - 2
    assert not _lines(page, f"district number {lines - 2},")  # counted, not listed


def test_the_lines_chosen_are_kept_in_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.layout import paging

    world = MemoryWorld(DENSE)
    chosen = give_way(_materials(DENSE, world=world)).box_limit
    assert chosen is not None

    def searched(*_: object) -> int:
        raise AssertionError("searched again: the cache was not read")

    monkeypatch.setattr(paging, "_lines", searched)
    assert give_way(_materials(DENSE, world=world)).box_limit == chosen
    # another list of changes is another key
    other = (*MANY, Change("fact", ("key_facts", 0), "Koala", "a", "b"))
    with pytest.raises(AssertionError, match="searched again"):
        give_way(_materials(DENSE, other, world=world))


def test_a_page_that_fits_in_no_way_is_reported_with_the_shortest_box() -> None:
    with pytest.raises(LayoutError) as caught:
        build_with_changes(_brief(long=60), MANY)
    fields = [d.field for d in caught.value.diagnostics]
    assert "edition" in fields  # the box is a block of the report like any other


def _edition(number: int, value: int, long: int) -> str:
    """A brief of ``long`` narrative whose government block lists twelve districts' figures,
    each ``value``; edition 2 names edition 1 as its previous."""
    rows = "".join(
        f"      - {{label: People displaced in district number {i}, value: {value + i}}}\n"
        for i in range(12)
    )
    text = _brief(long=long).replace("      - {label: Wombat figures, value: 1200}\n", rows)
    edition = f"edition: {{number: {number}, issued: 2024-05-0{number}T08:00:00Z"
    edition += ", previous: ed1.yaml}\n" if number > 1 else "}\n"
    return edition + text


@pytest.mark.parametrize("long", [1, 9])
def test_build_and_check_fit_say_when_the_box_gave_way(long: int) -> None:
    from briefing.pipeline import build_pdf, load_brief
    from briefing.shell.jobs import fit_line

    world = MemoryWorld(_edition(2, 2000, long), files={"ed1.yaml": _edition(1, 1000, 0).encode()})
    doc, brief = load_brief(world)
    built = build_pdf(brief, world, doc)
    assert built.pages == 1
    if long == 1:  # room for the box in full
        assert built.box is None and "the box" not in fit_line(brief, built)
    else:
        assert built.box is not None
        shown, full = built.box
        assert shown < full == 8
        assert fit_line(brief, built).endswith(
            f"; the box of what changed cut to {shown} of 8 lines)"
        )


# --------------------------------------------------------------------------- property


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    kinds=st.lists(st.sampled_from(MUTATIONS), min_size=0, max_size=6, unique=True),
    shape=st.tuples(
        st.sampled_from(["a4", "letter"]),
        st.sampled_from(["right", "left", "none"]),
        st.sampled_from(["one-page", "flow"]),
        st.booleans(),  # grayscale
    ),
    many=st.integers(min_value=0, max_value=14),  # key facts added: a long list to count
)
def test_any_edit_builds_with_its_box_and_bars(
    kinds: list[str], shape: tuple[str, str, str, bool], many: int
) -> None:
    """Random edits of a small brief, built with what changed since the previous edition: the
    page builds, the box prints the change list's summary (cut to the lines the fit chose),
    and there are change bars exactly when a change marks a part."""
    paper, side, fit, grey = shape
    old = copy.deepcopy(BASE) | {"layout": {"paper": paper, "sidebar": side, "fit": fit}}
    if grey:
        old["layout"]["colour"] = "grayscale"
    new = copy.deepcopy(old)
    for kind in sorted(kinds, key=APPLY_ORDER.index):
        mutate(new, kind)
    for k in range(many):
        new["key_facts"].append({"label": f"Fact number {k}", "value": f"{k} km"})
    changes = tuple(compare(brief(old), brief(new)))
    try:
        layout, rendered = build_with_changes(yaml.safe_dump(new, allow_unicode=True), changes)
    except LayoutError as error:  # too long for one page even with the shortest box
        assert fit == "one-page"
        assert "edition" in [d.field for d in error.diagnostics]  # reported like any block
        return
    if fit == "one-page":
        assert rendered.pages == 1
    limit = layout.box_limit or layout.theme.editions.limit
    expected = summary(changes, limit) or ["No changes since edition 2."]
    assert box_on_page(rendered.pdf, ("Displacement", "KEY FACTS", "Access")) == expected
    bars = [bar for page in read_pages(rendered.pdf) for bar in page_bars(page, layout.theme)]
    assert bool(bars) == any(change.marks for change in changes)


# --------------------------------------------------------------------------- flow


def test_in_flow_the_box_stays_whole_and_only_one_taller_than_a_page_splits() -> None:
    """In ``fit: flow`` the box lists up to the theme's limit and is kept whole; a theme that
    lets it list more than a page holds splits it, its title repeated, no line lost."""
    import pypdfium2 as pdfium

    from briefing.layout.paging import flow_pages
    from briefing.render.pages import render_pdf

    many = tuple(
        Change("fact", ("key_facts", 0), f"Fact number {i} of a long list", "one", "two")
        for i in range(150)
    )
    text = _brief(fit="flow")
    world = MemoryWorld(text)

    def pages_of(limit: int) -> list[str]:
        materials = _materials(text, many, world)
        editions = materials.theme.editions.model_copy(update={"limit": limit})
        theme = materials.theme.model_copy(update={"editions": editions})
        _, rendered = flow_pages(
            replace(materials, theme=theme),
            lambda layout, breaks: render_pdf(layout, world.now(), breaks),
        )
        document = pdfium.PdfDocument(rendered.pdf)
        try:
            return [page.get_textpage().get_text_range() for page in document]
        finally:
            document.close()

    title = "WHAT CHANGED SINCE EDITION 2"
    whole = pages_of(8)
    assert [title in page for page in whole].count(True) == 1
    assert "… and 143 more changes: 143 key facts changed" in whole[0]
    split = pages_of(99)
    assert [title in page for page in split].count(True) >= 2  # repeated where it continues
    printed = " ".join(" ".join(page.split()) for page in split)
    for line in summary(many, 99):
        assert line in printed
