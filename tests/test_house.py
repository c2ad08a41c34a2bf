"""The house reads as the pipeline: stage packages, no import cycles, modules of a readable size."""

from __future__ import annotations

import subprocess
import sys

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
