"""Every command that takes a brief takes a pack: check (text, JSON, SARIF, --fit), build,
watch, preview, print (two-sided for a duplex pack), schema --pack, new --pack; and the corpus
pack, briefs/pack/morning.yaml, checks clean and builds."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from briefing.packs.schema import pack_schema
from briefing.shell.cli import cli
from briefing.validate.schema import brief_schema
from tests.conftest import GENERATED, ROOT, page_text, reader
from tests.test_delivery import fake_lp

CORPUS = ROOT / "briefs" / "pack"
STARTER = ROOT / "src" / "briefing" / "starter-pack.yaml"

ONE = """\
title: Ferry strike ends after two days
date: 2022-09-03
marking: UNCLASSIFIED
tlp: clear
summary: The ferry crews went back to work on Friday.
"""
TWO = """\
title: Port reopens to small craft
date: 2022-09-03
marking: CONFIDENTIAL
tlp: amber
summary: The port reopened to boats under 20 metres.
"""
PACK = """\
pack:
  title: Morning meeting
  date: 2022-09-03
  duplex: true
  briefs: [one.yaml, two.yaml]
"""


def run(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": "1777900000", **env})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, text in (("one", ONE), ("two", TWO), ("morning", PACK)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return Path("morning.yaml")


# --------------------------------------------------------------------------- the corpus


def test_the_corpus_pack_checks_clean_and_every_brief_fits() -> None:
    code, out, err = run("check", "--strict", "--fit", str(CORPUS / "morning.yaml"))
    assert code == 0, err
    assert not err  # no warning, no error
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    for name in ("suez-blockage", "texas-grid", "tonga-eruption"):  # one page each
        assert lines[str(CORPUS / f"{name}.yaml")].startswith("ok, 1 page (fitted"), lines
    assert lines[str(CORPUS / "colonial-pipeline.yaml")].startswith("ok, 2 pages (flowed")
    assert lines[str(CORPUS / "morning.yaml")] == (
        "ok (pack of 4 briefs; SECRET//REL TO USA, GBR; TLP:RED)"
    )


def test_the_corpus_pack_builds_to_one_pdf(tmp_path: Path) -> None:
    target = tmp_path / "morning.pdf"
    code, out, err = run("build", str(CORPUS / "morning.yaml"), "-o", str(target))
    assert code == 0, err
    assert out.startswith(f"{target}: 9 pages, ")
    assert out.rstrip().endswith("(pack of 4 briefs; SECRET//REL TO USA, GBR; TLP:RED)")
    pdf = target.read_bytes()
    assert len(reader(pdf).pages) == 9
    # a cover, then every brief on a right-hand (odd) page: a page left blank before each
    assert "Morning meeting of the crisis cell" in page_text(pdf, 0)
    assert "This page is intentionally left blank" in page_text(pdf, 1)
    for page, title in ((2, "Suez Canal"), (4, "Texas grid"), (6, "Colonial Pipeline")):
        assert title in page_text(pdf, page)
    assert "Tonga" in page_text(pdf, 8)
    assert "Pack page 9 of 9" in page_text(pdf, 8)


@pytest.mark.parametrize(
    "path", [*sorted(CORPUS.glob("*.yaml")), STARTER], ids=lambda p: p.name
)  # fmt: skip
def test_the_corpus_validates_against_the_printed_schemas(path: Path) -> None:
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    schema = pack_schema() if "pack" in data else brief_schema()
    jsonschema.validate(data, schema)
    if path.parent == CORPUS:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "pack" if "pack" in data else "brief"
        assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"


def test_schema_pack_is_json_and_matches_the_committed_copy() -> None:
    code, out, _ = run("schema", "--pack")
    assert code == 0
    printed = json.loads(out)
    committed = json.loads((ROOT / "schema" / "pack.schema.json").read_text(encoding="utf-8"))
    assert printed == committed, "run: briefing schema --pack > schema/pack.schema.json"
    assert printed["required"] == ["pack"] and printed["additionalProperties"] is False
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pack": {"title": "x", "date": "2022-09-03"}}, printed)


# --------------------------------------------------------------------------- check


def test_check_puts_each_problem_at_its_own_file_and_line(pack: Path) -> None:
    Path("two.yaml").write_text(TWO.replace("tlp: amber", "tlp: white"), encoding="utf-8")
    Path("morning.yaml").write_text(PACK + "  colour: red\n", encoding="utf-8")
    code, out, err = run("check", str(pack))
    assert code == 1
    assert "one.yaml: ok" in out and "morning.yaml" not in out
    assert "two.yaml:4:6: error: tlp: expected one of" in err
    assert "morning.yaml:6:3: error: pack: unknown key 'colour'" in err
    code, out, _ = run("check", "--format", "json", str(pack))
    assert code == 1
    found = {(d["file"], d["line"], d["field"]) for d in json.loads(out)}
    assert found == {("two.yaml", 4, "tlp"), ("morning.yaml", 6, "pack")}
    code, out, _ = run("check", "--format", "sarif", str(pack))
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    places = {
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    }
    assert places == {("two.yaml", 4), ("morning.yaml", 6)}


def test_check_lints_every_brief_and_strict_fails_the_pack(pack: Path) -> None:
    cited = ONE + "sources:\n  - {id: notice, title: Crew notice, publisher: Ferry company}\n"
    Path("one.yaml").write_text(cited.replace("on Friday.", "on Friday [@notice]."), "utf-8")
    Path("two.yaml").write_text(
        TWO + "sources:\n  - {id: unused, title: Harbour notice, publisher: Port}\n"
        "  - {id: used, title: Port notice, publisher: Port}\n"
        "sections:\n  - heading: Boats\n    text: Boats may enter [@used].\n",
        "utf-8",
    )
    code, out, err = run("check", str(pack))
    assert code == 0, err
    assert "two.yaml: ok (1 warning)" in out and "[uncited-source]" in err
    assert "morning.yaml: ok (pack of 2 briefs; CONFIDENTIAL; TLP:AMBER)" in out
    code, out, err = run("check", "--strict", str(pack))
    assert code == 1
    assert "two.yaml: 1 warning, failing under --strict" in out
    assert "morning.yaml: the pack is valid, but a brief in it fails (above)" in out


def test_check_names_two_markings_it_cannot_rank(pack: Path) -> None:
    Path("two.yaml").write_text(TWO.replace("CONFIDENTIAL", "RESTRICTED"), encoding="utf-8")
    code, _, err = run("check", str(pack))
    assert code == 1
    assert "morning.yaml:5:22: error: pack.briefs[1]: cannot rank the markings" in err
    assert "'RESTRICTED' (two.yaml)" in err and "'UNCLASSIFIED' (one.yaml)" in err


def test_check_fit_reports_a_brief_of_the_pack_that_does_not_fit(pack: Path) -> None:
    long = (
        ONE
        + "sections:\n"
        + "".join(
            f"  - heading: Part {n}\n    text: {'Words to fill the page. ' * 60}\n"
            for n in range(12)
        )
    )
    Path("one.yaml").write_text(long, encoding="utf-8")
    code, out, err = run("check", "--fit", str(pack))
    assert code == 3, err
    assert "two.yaml: ok, 1 page" in out
    assert "one.yaml" in err and "does not fit" in err
    assert "morning.yaml: the pack is valid, but a brief in it fails (above) (pack of 2" in out


# --------------------------------------------------------------------------- build, watch


def test_a_failed_build_keeps_the_previous_pdf(pack: Path) -> None:
    code, out, err = run("build", str(pack))
    assert code == 0, err
    assert out.startswith("output/morning.pdf: 5 pages, ")  # cover, blank, one, blank, two
    first = Path("output/morning.pdf").read_bytes()
    Path("one.yaml").write_text(ONE.replace("summary:", "summmary:"), encoding="utf-8")
    code, _, err = run("build", str(pack))
    assert code == 1
    assert "one.yaml:5:1: error: unknown key 'summmary'" in err
    assert Path("output/morning.pdf").read_bytes() == first


@pytest.mark.timeout(90)
def test_watch_rebuilds_the_pack_when_a_brief_in_it_changes(pack: Path) -> None:
    from briefing.shell.jobs import Outcome, watch

    target = Path("w.pdf").resolve()
    seen: list[Outcome] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch, args=(pack, target, lambda: GENERATED, seen.append, stop.is_set, 0.02)
    )
    thread.start()
    try:
        deadline = time.monotonic() + 40
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
        assert seen and seen[0].error is None, seen[0].error
        assert {p.name for p in seen[0].inputs} == {"morning.yaml", "one.yaml", "two.yaml"}
        first = target.read_bytes()
        time.sleep(0.05)
        Path("two.yaml").write_text(TWO.replace("20 metres", "25 metres"), encoding="utf-8")
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(seen) >= 2 and seen[-1].error is None
        assert target.read_bytes() != first
        assert "25 metres" in "".join(page_text(target.read_bytes(), n) for n in range(5))
    finally:
        stop.set()
        thread.join(20)


# --------------------------------------------------------------------------- preview, print


def test_preview_draws_the_cover_or_every_page(pack: Path) -> None:
    code, out, err = run("preview", str(pack), "--dpi", "30", "-o", "shots/")
    assert code == 0, err
    assert out.startswith("shots/morning.png: page 1, ")
    assert not Path("output/morning.pdf").exists()  # a look leaves no PDF behind
    code, out, err = run("preview", str(pack), "--all", "--dpi", "30", "-o", "shots/")
    assert code == 0, err
    assert len(out.splitlines()) == 5 and Path("shots/morning-5.png").exists()


def test_preview_shows_a_brief_too_long_for_its_page_as_overflow(pack: Path) -> None:
    long = (
        ONE
        + "sections:\n"
        + "".join(
            f"  - heading: Part {n}\n    text: {'Words to fill the page. ' * 60}\n"
            for n in range(12)
        )
    )
    Path("one.yaml").write_text(long, encoding="utf-8")
    code, out, err = run("preview", str(pack), "--dpi", "30", "-o", "shots/")
    assert code == 3
    assert "one.yaml:1:1: error: does not fit one page" in err
    lines = out.splitlines()
    # cover, blank, one.yaml on pages 3 to n (flowed: those past its first are overflow), a
    # blank where two.yaml would start on a left-hand page, then two.yaml: none of it overflow
    marked = [
        n for n, line in enumerate(lines, 1) if line.endswith("(overflow: does not fit on page 1)")
    ]
    assert marked and marked[0] == 4 and marked == list(range(4, marked[-1] + 1))
    assert len(lines) in (marked[-1] + 1, marked[-1] + 2)
    assert Path(f"shots/morning-{len(lines)}.png").exists()


def test_print_asks_for_two_sided_printing_of_a_duplex_pack(pack: Path) -> None:
    bin_dir = fake_lp(Path.cwd())
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    code, out, err = run("print", str(pack), "--copies", "2", PATH=path)
    assert code == 0, err
    args = Path("lp-args").read_text()
    assert "-n 2" in args and "media=A4" in args and "sides=two-sided-long-edge" in args
    assert args.strip().endswith("output/morning.pdf") and "two-sided" in out
    Path("morning.yaml").write_text(PACK.replace("duplex: true", "duplex: false"), "utf-8")
    code, _, err = run("print", str(pack), PATH=path)
    assert code == 0, err
    assert "sides=" not in Path("lp-args").read_text()
    code, _, err = run("print", str(pack), PATH=str(Path("empty").resolve()))
    assert code == 5 and "no print system found" in err and "on A4" in err


# --------------------------------------------------------------------------- new --pack


def test_new_pack_writes_a_starter_that_checks_once_its_briefs_exist(pack: Path) -> None:
    code, out, err = run("new", "--pack", "start.yaml")
    assert code == 0, err
    assert "start.yaml: starter pack written" in out
    assert Path("start.yaml").read_bytes() == STARTER.read_bytes()
    code, _, err = run("check", "start.yaml")
    assert code == 1 and "'first-brief.yaml' is not there" in err
    for name in ("first-brief.yaml", "second-brief.yaml"):
        assert run("new", name)[0] == 0
    code, out, err = run("check", "start.yaml")
    assert code == 0, err
    assert "start.yaml: ok (pack of 2 briefs" in out
    assert run("new", "--pack", "start.yaml")[0] == 4  # exists: --force to overwrite


def test_the_starter_pack_is_packaged_next_to_the_starter_brief() -> None:
    from importlib.resources import files

    assert files("briefing").joinpath("starter-pack.yaml").read_bytes() == STARTER.read_bytes()
