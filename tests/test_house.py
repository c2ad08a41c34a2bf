"""The house reads as the pipeline: stage packages, no import cycles, modules of a readable size."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "briefing"

#: A module longer than this says at its top why it is one module ("Why one module: ...").
LONGEST = 400


def test_the_file_layout_shows_the_stages() -> None:
    stages = ["read.py", "validate", "layout", "charts", "render", "write.py", "deliver"]
    assert all((PACKAGE / stage).exists() for stage in stages)
    for package in ("validate", "layout", "charts", "render", "deliver"):
        doc = (PACKAGE / package / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""Stage '), package  # each says which stage it is


def test_no_import_cycles_even_through_imports_inside_functions() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "import_graph.py"), "--all"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith(" 0 cycles")


def test_a_long_module_says_why_it_is_one_module() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        head = text[: text.find('"""', 3) + 3]
        if text.count("\n") > LONGEST and "Why one module:" not in head:
            long.append(f"{path.relative_to(PACKAGE)}: {text.count(chr(10))} lines")
    assert not long, long


#: The house from the bottom up: a module may import its own rank and the ranks below it, never
#: one above (imports inside functions count too). A name is a module or a package (all of it);
#: the longest name that matches a module gives its rank. docs/architecture.md lists the same.
RANKS: list[tuple[str, ...]] = [
    # base: values and vocabulary every stage shares, importing nothing of ours but each other
    (
        "briefing",
        "briefing.errors",
        "briefing.model",
        "briefing.numbers",
        "briefing.dates",
        "briefing.markings",
        "briefing.theme",
    ),
    ("briefing.internals",),  # other libraries' private parts, one module per library
    ("briefing.materials",),  # fonts, text, bidi, shaping, images, citations, cells
    ("briefing.editions",),  # what changed between two validated briefs: no ReportLab
    ("briefing.world",),  # the World protocol, the cache, confined files
    ("briefing.read",),  # stage 1
    ("briefing.validate",),  # stage 2
    ("briefing.packs",),  # the pack file: its model, reading and checking
    # the world on disk reads and validates the theme files it is asked for (read, validate)
    ("briefing.world.disk",),
    ("briefing.provenance",),  # what a PDF was built from: the validated brief and the world
    ("briefing.charts",),  # below layout: layout places charts, charts know nothing of pages
    ("briefing.layout",),  # stage 3
    ("briefing.render",),  # stage 4
    ("briefing.write",),  # stage 5
    ("briefing.deliver",),  # stage 6
    ("briefing.pipeline",),
    ("briefing.packs.build",),  # a pack: the same layout and render stages, composed
    ("briefing.shell", "briefing.__main__"),
]


def rank_of(module: str) -> int:
    best, rank = "", -1
    for r, names in enumerate(RANKS):
        for name in names:
            matches = module == name or module.startswith(name + ".")
            if matches and len(name) > len(best) and (name != "briefing" or module == name):
                best, rank = name, r
    return rank


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Each import of a module of a later rank, as a sentence."""
    return [
        f"{module} (rank {rank_of(module)}) imports {other} (rank {rank_of(other)})"
        for module, imported in sorted(edges.items())
        for other in sorted(imported)
        # a package's module imports its package's __init__ implicitly: not a dependency
        if rank_of(other) > rank_of(module) and not module.startswith(other + ".")
    ]


def test_no_module_imports_a_later_stage() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import import_graph
    finally:
        sys.path.remove(str(ROOT / "tools"))
    edges = import_graph.graph(lazy=True)  # imports inside functions count
    assert len(edges) > 70
    unranked = sorted(m for m in edges if rank_of(m) < 0)
    assert not unranked, f"give these a rank in RANKS and docs/architecture.md: {unranked}"
    assert not upward(edges), "\n".join(upward(edges))


def test_the_ranks_see_what_reached_up_before() -> None:
    # the imports issue 20 found, and a few that stay legal
    before = {
        "briefing.charts.plots": {"briefing.layout.measure", "briefing.layout.images"},
        "briefing.validate.checks": {"briefing.layout.images"},
        "briefing.deliver.body": {"briefing.layout.tables", "briefing.charts.alt"},
        "briefing.materials.text": {"briefing.layout.bidi", "briefing.materials.fonts"},
        "briefing.layout.context": {"briefing.validate.citations", "briefing.world"},
        "briefing.world.cache": {"briefing.read"},
        "briefing.render.pages": {"briefing.shell.console"},
    }
    pairs = [
        ("briefing.charts.plots", "briefing.layout.images"),
        ("briefing.charts.plots", "briefing.layout.measure"),
        ("briefing.materials.text", "briefing.layout.bidi"),
        ("briefing.render.pages", "briefing.shell.console"),
        ("briefing.validate.checks", "briefing.layout.images"),
        ("briefing.world.cache", "briefing.read"),
    ]
    assert upward(before) == [
        f"{a} (rank {rank_of(a)}) imports {b} (rank {rank_of(b)})" for a, b in pairs
    ]


def test_architecture_names_every_module() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        # a package by its folder (``layout/``), every other module by its file
        relative = relative.removesuffix("__init__.py") if "/" in relative else relative
        if f"`{relative}`" not in doc:
            missing.append(relative)
    assert not missing, f"docs/architecture.md does not name: {missing}"


def _rewrite_imports() -> Any:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import rewrite_imports
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return rewrite_imports


def test_rewrite_imports_moves_modules_not_their_namesakes() -> None:
    tool = _rewrite_imports()
    before = (
        "from briefing.layout.bidi import has_rtl\n"
        "from briefing.layout.bidiparagraph import BidiParagraph\n"
        "import briefing.text as text\n"
        "from briefing.textual import x\n"
        'monkeypatch.setattr("briefing.fonts.register_fonts", f)\n'
        "from briefing.layout.tables import alignments, plain_rows\n"
        "from briefing.layout.tables import build_table\n"
        "from briefing.world import World\n"
        "from briefing.world.cache import key_of\n"
        "    from briefing import cache, write\n"
        "from briefing.layout import images as im, story\n"
    )
    assert tool.rewrite(before, tool.MOVES) == (
        "from briefing.materials.bidi import has_rtl\n"
        "from briefing.layout.bidiparagraph import BidiParagraph\n"
        "import briefing.materials.text as text\n"
        "from briefing.textual import x\n"
        'monkeypatch.setattr("briefing.materials.fonts.register_fonts", f)\n'
        "from briefing.materials.cells import alignments, plain_rows\n"
        "from briefing.layout.tables import build_table\n"
        "from briefing.world import World\n"
        "from briefing.world.cache import key_of\n"
        "    from briefing.world import cache\n"
        "    from briefing import write\n"
        "from briefing.materials import images as im\n"
        "from briefing.layout import story\n"
    )


def test_no_module_or_test_names_a_module_that_moved() -> None:
    tool = _rewrite_imports()
    stale = []
    for folder in ("src", "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if path.name != "test_house.py" and tool.rewrite(text, tool.MOVES) != text:
                stale.append(str(path.relative_to(ROOT)))
    assert not stale, f"run tools/rewrite_imports.py on: {stale}"
