"""``check --fit`` gives the answer ``build`` gives, for every corpus brief in both fits: the
same exit status, the same fit line (pages and how it was fitted) or the same first error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_cli_loop import run

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))


def _in_fit(path: Path, fit: str, folder: Path) -> Path:
    """A copy of the brief at ``path`` (and the files beside it) with ``layout.fit: fit``."""
    for other in path.parent.iterdir():
        if other.is_file():
            shutil.copy(other, folder / other.name)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("layout", {})["fit"] = fit
    copy = folder / path.name
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


@pytest.mark.timeout(600)
@pytest.mark.parametrize("fit", ["one-page", "flow"])
@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.stem)
def test_check_fit_answers_as_build_does(path: Path, fit: str, tmp_path: Path) -> None:
    brief = _in_fit(path, fit, tmp_path)
    built, out, err = run("build", str(brief), "-o", str(tmp_path / "out.pdf"))
    checked, said, complaint = run("check", "--fit", str(brief))
    assert checked == built, (complaint, err)
    if built == 0:
        line = re.fullmatch(r".*: (\d+ pages?), [0-9.]+ [KM]B (\(.*\))", out.strip())
        assert line is not None, out
        pages, how = line.groups()  # build's fit line, without its path and its size
        said = re.sub(r" \(\d+ warnings?\)$", "", said.strip())  # check's lint, not the fit
        assert said == f"{brief}: ok, {pages} {how}"
    else:
        assert complaint.splitlines()[0] == err.splitlines()[0]
