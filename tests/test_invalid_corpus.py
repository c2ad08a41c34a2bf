"""Every file in tests/invalid/ is a small bad brief that carries its expected diagnostics.

``# expect: LINE:COL: FIELD: MESSAGE`` lines list every diagnostic, in order; ``# hint: ...``
lines give the hints of the diagnostics that have one, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import BriefError
from briefing.pipeline import load_brief
from briefing.world.disk import DiskWorld

CORPUS = sorted((Path(__file__).parent / "invalid").glob("*.yaml"))


def expectations(path: Path) -> tuple[list[str], list[str]]:
    expect, hints = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect: "):
            expect.append(line[len("# expect: ") :])
        elif line.startswith("# hint: "):
            hints.append(line[len("# hint: ") :])
    return expect, hints


def test_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_invalid_brief_reports_expected_diagnostics(path: Path) -> None:
    expect, hints = expectations(path)
    assert expect, f"{path.name} carries no '# expect:' line"
    with pytest.raises(BriefError) as info:
        load_brief(DiskWorld(path, path.name))
    found = [d.headline().removeprefix(f"{path.name}:") for d in info.value.diagnostics]
    assert found == expect
    found_hints = [d.hint for d in info.value.diagnostics if d.hint]
    assert found_hints[: len(hints)] == hints
