"""A real chain of editions, briefs/editions/turkey-syria-quake (the earthquakes of 6 February
2023): four editions with figures revised three times, a party added, a judgement moved with
and without a ``because``, a section rewritten, a source replaced, a TLP label made less
restrictive in one step; on A4 and Letter, with the sidebar right, left and none, one-page and
in flow. Every edition checks (with only the warnings its changes call for) and builds; on
every page the box prints what ``briefing diff`` prints (its first lines and a count when it
gave way to fit the page); ``diff --format json`` gives the kinds the chain's README lists."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from briefing.editions.compare import compare, summary
from briefing.pipeline import Built, load_brief
from briefing.shell.cli import cli
from briefing.world.disk import DiskWorld
from tests.conftest import ROOT, build_file

CHAIN = ROOT / "briefs" / "editions" / "turkey-syria-quake"
EDITIONS = (1, 2, 3, 4)

#: the warnings each edition must draw from ``check`` (and no others)
WARNINGS = {1: [], 2: ["less-restrictive"], 3: ["judgement-without-because"], 4: []}

#: the kinds of change of each step, in the order ``diff --format json`` lists them (the
#: README's list, in the contract's words)
KINDS = {
    2: [
        "tlp",
        "figure",  # AFAD's deaths
        "figure",  # AFAD's injured
        "figure",  # Damascus's deaths
        "claims-added",  # WHO, a party added
        "judgement",  # confidence low → moderate, with because
        "judgement",  # likely → very likely, with because
        "section-changed",  # Search and rescue: a bullet rewritten
        "source-added",  # WHO's remarks
    ],
    3: [
        "figure",  # AFAD's deaths, revised a second time
        "figure",
        "figure",
        "judgement",  # confidence moderate → high, without because
        "fact",  # UN crossings 1 → 3
        "section-changed",  # Access to north-western Syria, rewritten
        "source-added",  # AFAD's press release of 13 February replaces ...
        "source-added",  # the UN's statement on the crossings
        "source-removed",  # ... the one of 6 February
    ],
    4: [
        "figure",  # AFAD's deaths, revised a third time
        "figure",
        "fact",  # provinces 10 → 11
        "section-added",  # Shelter and recovery
        "analysis-changed",  # a point rewritten, no judgement moved
        "source-added",  # the UN's appeals
    ],
}

#: how each edition is laid out: (paper, sidebar, fit)
SHAPES = {
    1: ("a4", "right", "one-page"),
    2: ("letter", "right", "one-page"),
    3: ("a4", "left", "one-page"),
    4: ("a4", "none", "flow"),
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def path(number: int) -> Path:
    return CHAIN / f"ed{number}.yaml"


@pytest.fixture(scope="module")
def built() -> dict[int, Built]:
    return {number: build_file(path(number)) for number in EDITIONS}


def box_on_page(pdf: bytes, after: tuple[str, ...] = ("What happened", "KEY FACTS")) -> list[str]:
    """The lines of the "What changed" box as the first page prints them (a line wrapped on the
    page joined again): from its label to the next heading (one of ``after``)."""
    document = pdfium.PdfDocument(pdf)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    rows = text.replace("\r\n", "\n").split("\n")
    start = next(n for n, row in enumerate(rows) if row.startswith("WHAT CHANGED SINCE EDITION"))
    lines: list[str] = []
    for row in rows[start + 1 :]:
        if row in after:
            break
        if row.startswith("• ") or not lines:  # "No changes since ..." has no bullet
            lines.append(row.removeprefix("• "))
        else:  # the rest of a wrapped line
            lines[-1] += " " + row
    return [" ".join(line.split()) for line in lines]


def test_the_chain_is_four_editions_each_naming_the_one_before() -> None:
    for number in EDITIONS:
        _, brief = load_brief(DiskWorld(path(number)))
        assert brief.edition is not None and brief.edition.number == number
        previous = f"ed{number - 1}.yaml" if number > 1 else None
        assert brief.edition.previous == previous
        layout = brief.layout
        assert (layout.paper, layout.sidebar or "right", layout.fit) == SHAPES[number]


@pytest.mark.parametrize("number", EDITIONS)
def test_every_edition_checks_with_only_the_warnings_its_changes_call_for(number: int) -> None:
    code, out, _ = run("check", "--format", "json", str(path(number)))
    assert code == 0
    found = json.loads(out)
    assert [d["rule"] for d in found] == WARNINGS[number]
    assert all(d["severity"] == "warning" for d in found)


def test_every_edition_builds_the_one_page_ones_on_one_page(built: dict[int, Built]) -> None:
    for number, result in built.items():
        if SHAPES[number][2] == "one-page":
            assert result.pages == 1, number
        else:
            assert result.pages >= 1
    assert built[1].box is None  # edition 1 has no box
    assert built[4].box is None  # in flow, the box lists its lines in full
    # editions 2 and 3 are dense: their boxes give way rather than shrink the page far
    assert built[2].box is not None and built[3].box is not None
    assert built[2].scale > 0.75 and built[3].scale > 0.75


@pytest.mark.parametrize("number", [2, 3, 4])
def test_the_box_prints_what_diff_prints(number: int, built: dict[int, Built]) -> None:
    code, out, err = run("diff", str(path(number - 1)), str(path(number)))
    assert (code, err) == (0, "")
    every = out.splitlines()
    old = load_brief(DiskWorld(path(number - 1)))[1]
    new = load_brief(DiskWorld(path(number)))[1]
    changes = compare(old, new)
    assert every == summary(changes, len(changes) + 1)
    box = box_on_page(built[number].pdf)
    cut = built[number].box
    if cut is None:  # the box in full: every line of diff
        assert box == every
    else:  # it gave way to fit the page: diff's first lines, and a count of the rest
        shown, _ = cut
        assert len(box) == shown < len(every)
        assert box[:-1] == every[: shown - 1]
        assert box[-1] == summary(changes, shown)[-1]
        # the count says how many changes are left and of which kinds, adding up (each line
        # listed here stands for one change)
        told, kinds = box[-1].removeprefix("… and ").split(" more changes: ")
        assert int(told) == sum(int(part.split()[0]) for part in kinds.split(", "))
        assert int(told) + shown - 1 == len(changes)


@pytest.mark.parametrize("number", [2, 3, 4])
def test_diff_json_gives_the_kinds_the_readme_lists(number: int) -> None:
    code, out, _ = run("diff", "--format", "json", str(path(number - 1)), str(path(number)))
    assert code == 0
    found = json.loads(out)
    assert [change["kind"] for change in found] == KINDS[number]
    figures = [change for change in found if change["kind"] == "figure"]
    # a revised figure's values alone in old and new; its dates, machine-readable, in as_of
    assert all("as of" not in change["new"] for change in figures)
    assert all(change["as_of"]["new"] for change in figures)
    assert all(change["as_of"] is None for change in found if change["kind"] != "figure")


def test_the_figures_are_revised_three_times_and_the_box_says_the_date_once() -> None:
    deaths = []
    for number in (2, 3, 4):
        _, out, _ = run("diff", "--format", "json", str(path(number - 1)), str(path(number)))
        change = json.loads(out)[0 if number > 2 else 1]
        assert change["path"] == "claims[0].items[0]"
        deaths.append((change["old"], change["new"], change["as_of"]["new"]))
    assert deaths == [
        ("2,379", "8,574", "2023-02-08"),
        ("8,574", "31,643", "2023-02-13"),
        ("31,643", "40,642", "2023-02-19"),
    ]
    _, out, _ = run("diff", str(path(3)), str(path(4)))
    assert out.splitlines()[0] == (
        "Deaths in Turkey, AFAD (Turkey): 31,643 → 40,642 (as of 19 February 2023)"
    )


def test_a_dense_edition_with_its_box_cut_looks_as_designed(built: dict[int, Built]) -> None:
    """Edition 2 on Letter: the box's first lines and a count, at a legible size (pixels: the
    page's top, from the header to the narrative's first lines, where the box stands)."""
    from tests.pixels import assert_matches, rasterise

    page = rasterise(built[2].pdf, dpi=50)
    top = page.crop((0, 0, page.width, page.height * 2 // 5))
    assert_matches(top, "pages/edition-chain-ed2.png")


def test_check_fit_says_where_the_box_gave_way() -> None:
    import re

    code, out, _ = run("check", "--fit", str(path(2)), str(path(4)))
    assert code == 0
    dense, flowed = out.splitlines()
    assert re.search(
        r"shrunk to \d+% to fit one page, page \d+% full; the box of what changed "
        r"cut to \d of 8 lines\)",
        dense,
    ), dense
    assert "the box" not in flowed and "flowed" in flowed
