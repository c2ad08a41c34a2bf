"""Reading a pack (packs/read.py): which files are packs, every brief read as alone, the pack's
own problems at the pack file's lines, the roll-up of markings and TLP labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import BriefError, Diagnostic
from briefing.packs.detect import is_pack
from briefing.packs.model import LoadedPack
from briefing.packs.read import load_pack
from briefing.read import parse_brief
from briefing.world import World
from briefing.world.disk import DiskWorld
from tests.conftest import ROOT

CORPUS = ROOT / "briefs" / "pack"


def brief(title: str, marking: str | None = None, tlp: str | None = None, **layout: str) -> str:
    text = f"title: {title}\ndate: 2022-09-03\nsummary: What {title} says.\n"
    if marking:
        text += f"marking: {marking}\n"
    if tlp:
        text += f"tlp: {tlp}\n"
    if layout:
        text += "layout:\n" + "".join(f"  {k}: {v}\n" for k, v in layout.items())
    return text


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def load(path: Path) -> LoadedPack:
    world = DiskWorld(path)

    def world_for(name: str) -> World:
        return DiskWorld(path.parent / name, cache=world.cache)

    return load_pack(world, world_for)


def problems(path: Path) -> list[Diagnostic]:
    with pytest.raises(BriefError) as caught:
        load(path)
    return list(caught.value.diagnostics)


PACK = """\
pack:
  title: Morning meeting
  date: 2022-09-03
  briefs: [a.yaml, b.yaml]
"""


def test_a_pack_is_a_file_whose_only_key_is_pack(tmp_path: Path) -> None:
    write(tmp_path, {"p.yaml": PACK, "a.yaml": brief("A"), "both.yaml": PACK + "title: x\n"})
    assert is_pack(tmp_path / "p.yaml")
    assert not is_pack(tmp_path / "a.yaml")
    assert is_pack(tmp_path / "both.yaml")  # read as a pack: its other keys are errors
    assert not is_pack(tmp_path / "missing.yaml")  # reading it as a brief says what is wrong
    assert not is_pack(ROOT / "briefs" / "syria-withdrawal.yaml")
    assert is_pack(parse_brief(PACK.encode(), "p.yaml"))
    quoted = tmp_path / "q.yaml"
    quoted.write_text('"pack":\n  title: Q\n', encoding="utf-8")
    flow = tmp_path / "f.yaml"
    flow.write_text("{pack: {title: F}}\n", encoding="utf-8")
    assert is_pack(quoted) and is_pack(flow)


def test_the_corpus_pack_rolls_up_the_highest_marking_and_the_most_restrictive_label() -> None:
    loaded = load(CORPUS / "morning.yaml")
    assert [m.path for m in loaded.members] == [
        "suez-blockage.yaml",
        "texas-grid.yaml",
        "colonial-pipeline.yaml",
        "tonga-eruption.yaml",
    ]
    assert loaded.marking == "SECRET//REL TO USA, GBR"
    assert loaded.tlp == "red"
    assert loaded.pack.duplex is True
    markings = {m.brief.marking for m in loaded.members}
    assert markings == {"UNCLASSIFIED", "OFFICIAL", "SECRET//REL TO USA, GBR", "OFFICIAL-SENSITIVE"}
    assert {m.brief.tlp for m in loaded.members} == {"clear", "green", "amber", "red"}
    assert {m.brief.layout.sidebar for m in loaded.members} == {"left", "right", "none"}
    assert {m.brief.layout.fit for m in loaded.members} == {"one-page", "flow"}


def test_marking_order_ranks_markings_the_tool_does_not_know(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "p.yaml": PACK + "  marking_order: [UNCLASSIFIED, OFFICIAL, OFFICIAL-SENSITIVE]\n",
            "a.yaml": brief("A", "OFFICIAL-SENSITIVE", "green"),
            "b.yaml": brief("B", "OFFICIAL", "amber+strict"),
        },
    )
    loaded = load(tmp_path / "p.yaml")
    assert (loaded.marking, loaded.tlp) == ("OFFICIAL-SENSITIVE", "amber+strict")


def test_two_markings_that_cannot_be_ranked_are_an_error_naming_both(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "p.yaml": PACK,
            "a.yaml": brief("A", "SECRET"),
            "b.yaml": brief("B", "OFFICIAL"),
        },
    )
    [found] = problems(tmp_path / "p.yaml")
    assert found.file == str(tmp_path / "p.yaml")
    assert (found.line, found.field) == (4, "pack.briefs[1]")
    assert "'OFFICIAL' (b.yaml)" in found.message and "'SECRET' (a.yaml)" in found.message
    assert found.hint.startswith(
        "say which is higher in the pack's marking_order, lowest first: e.g. marking_order: "
        "[SECRET, OFFICIAL] if 'OFFICIAL' is the higher"
    )
    # with an order that does not name it, the error stands at the order's line
    (tmp_path / "p.yaml").write_text(PACK + "  marking_order: [RESTRICTED]\n", encoding="utf-8")
    [found] = problems(tmp_path / "p.yaml")
    assert (found.line, found.field) == (5, "pack.marking_order")
    (tmp_path / "p.yaml").write_text(PACK + "  marking_order: [OFFICIAL]\n", encoding="utf-8")
    assert load(tmp_path / "p.yaml").marking == "SECRET"


def test_briefs_on_different_papers_are_refused_naming_both(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "p.yaml": PACK,
            "a.yaml": brief("A", paper="a4"),
            "b.yaml": brief("B", paper="letter"),
        },
    )
    [found] = problems(tmp_path / "p.yaml")
    assert (found.line, found.field) == (4, "pack.briefs[1]")
    assert found.message == (
        "'b.yaml' is on Letter paper and 'a.yaml' on A4: a pack prints on one paper size"
    )
    assert "paper: a4" in found.hint and "b.yaml" in found.hint


def test_the_packs_own_problems_stand_at_the_pack_files_lines(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "sub/p.yaml": (
                "pack:\n"
                "  title: Morning\n"
                "  date: 2022-09-03\n"
                "  brief: [a.yaml]\n"
                "  briefs:\n"
                "    - a.yaml\n"
                "    - ../outside.yaml\n"
                "    - gone.yaml\n"
                "    - ./a.yaml\n"
                "    - inner.yaml\n"
            ),
            "sub/a.yaml": brief("A"),
            "sub/inner.yaml": PACK,
            "outside.yaml": brief("Outside"),
        },
    )
    found = problems(tmp_path / "sub" / "p.yaml")
    assert [(d.line, d.field) for d in found] == [
        (4, "pack"),
        (7, "pack.briefs[1]"),
        (8, "pack.briefs[2]"),
        (9, "pack.briefs[3]"),
        (10, "pack.briefs[4]"),
    ]
    assert all(d.file == str(tmp_path / "sub" / "p.yaml") for d in found)
    unknown, outside, gone, twice, inner = found
    assert unknown.message == "unknown key 'brief'" and "did you mean 'briefs'?" in unknown.hint
    assert "'..'" in outside.message and "pack file's folder" in outside.message
    assert "'gone.yaml'" in gone.message and "no such file" in gone.message
    assert twice.message == "'./a.yaml' is listed twice (as briefs[0] too)"
    assert inner.message == "'inner.yaml' is a pack, not a brief"


def test_a_blank_entry_is_an_error_at_its_line_not_a_brief_left_out(tmp_path: Path) -> None:
    text = 'pack:\n  title: M\n  date: 2022-09-03\n  briefs:\n    - ""\n    - "  "\n    - a.yaml\n'
    write(tmp_path, {"p.yaml": text, "a.yaml": brief("A")})
    found = problems(tmp_path / "p.yaml")
    assert [(d.line, d.field, d.message) for d in found] == [
        (5, "pack.briefs[0]", "briefs[0] is blank"),
        (6, "pack.briefs[1]", "briefs[1] is blank"),
    ]
    write(tmp_path, {"q.yaml": 'pack:\n  title: M\n  date: 2022-09-03\n  briefs: [""]\n'})
    assert [d.message for d in problems(tmp_path / "q.yaml")] == ["briefs[0] is blank"]


def test_a_brief_under_a_second_name_is_listed_twice(tmp_path: Path) -> None:
    """A link to a brief is that brief: a pack would print it twice."""
    write(tmp_path, {"p.yaml": PACK.replace("b.yaml", "alias.yaml"), "a.yaml": brief("A")})
    (tmp_path / "alias.yaml").symlink_to(tmp_path / "a.yaml")
    (twice,) = problems(tmp_path / "p.yaml")
    assert twice.message == "'alias.yaml' is listed twice (as briefs[0] too)"


def test_every_briefs_problems_stand_at_its_own_file_and_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "p.yaml": PACK + "  colour: red\n",
            "a.yaml": brief("A").replace("summary:", "summmary:"),
            "b.yaml": brief("B") + "tlp: white\n",
        },
    )
    found = problems(tmp_path / "p.yaml")
    files = [Path(d.file).name for d in found]
    assert files == ["p.yaml", "a.yaml", "b.yaml"]  # the pack's own first, then in its order
    assert found[0].message == "unknown key 'colour'"
    assert (found[1].line, found[1].message) == (3, "unknown key 'summmary'")
    assert found[2].line == 4 and "TLP:CLEAR" in found[2].hint


def test_a_pack_needs_a_title_a_date_and_briefs(tmp_path: Path) -> None:
    write(tmp_path, {"p.yaml": "pack:\n  title: Morning\n"})
    found = problems(tmp_path / "p.yaml")
    assert [d.message for d in found] == [
        "missing required key 'date'",
        "missing required key 'briefs'",
    ]


def test_a_key_of_the_pack_at_the_top_level_is_to_be_indented(tmp_path: Path) -> None:
    write(tmp_path, {"p.yaml": PACK + "duplex: true\n", "a.yaml": brief("A"), "b.yaml": brief("B")})
    [found] = problems(tmp_path / "p.yaml")
    assert (found.line, found.message) == (5, "unknown key 'duplex'")
    assert found.hint == "indent 'duplex' under 'pack:', as the pack's other keys are"
