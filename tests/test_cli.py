"""The command line: exit codes, streams, positioned messages, atomic output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import __version__
from briefing.shell.cli import cli
from tests.conftest import MINIMAL, ROOT, reader

BAD = """\
title: T
date: 2016-03-14
summary: S
claims:
  source: MoD
  items:
    - label: Sorties
      value: nine thousand
key_fact: []
"""


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": "1458000000", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert __version__ in out


@pytest.mark.parametrize(
    "command", ["build", "check", "schema", "new", "watch", "send", "preview", "print"]
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example:" in out
    assert f"briefing {command}" in out


def test_build_writes_default_output_and_reports(write_brief, tmp_path: Path, monkeypatch) -> None:
    brief = write_brief(MINIMAL, "minimal.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("build", str(brief))
    assert code == 0, err
    target = tmp_path / "output" / "minimal.pdf"
    assert len(reader(target.read_bytes()).pages) == 1
    assert out.startswith("output/minimal.pdf: 1 page, ")
    assert "KB" in out and "full" in out
    assert err == ""


def test_build_with_output_path(write_brief, tmp_path: Path) -> None:
    brief = write_brief(MINIMAL)
    target = tmp_path / "sub" / "x.pdf"
    code, out, _ = run("build", str(brief), "-o", str(target))
    assert code == 0
    assert target.read_bytes().startswith(b"%PDF-")
    assert str(target) in out


def test_bad_brief_exit_2_all_problems_with_positions(write_brief, tmp_path: Path) -> None:
    brief = write_brief(BAD, "x.yaml")
    code, out, err = run("build", str(brief), "-o", str(tmp_path / "x.pdf"))
    assert code == 1
    assert out == ""
    assert (
        f"{brief}:8:14: error: claims.items[0].value: expected a number, got 'nine thousand'" in err
    )
    assert f"{brief}:9:1: error: unknown key 'key_fact'" in err
    assert "hint: did you mean 'key_facts'?" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_failed_build_keeps_previous_pdf_and_leaves_no_temp(write_brief, tmp_path: Path) -> None:
    brief = write_brief(MINIMAL, "b.yaml")
    target = tmp_path / "out.pdf"
    assert run("build", str(brief), "-o", str(target))[0] == 0
    before = target.read_bytes()
    brief.write_text(BAD, encoding="utf-8")
    assert run("build", str(brief), "-o", str(target))[0] == 1
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.yaml", "out.pdf"]


def test_output_path_that_is_the_brief_is_refused(write_brief) -> None:
    brief = write_brief(MINIMAL)
    before = brief.read_bytes()
    code, _, _ = run("build", str(brief), "-o", str(brief))
    assert code == 2  # not a .pdf name: refused before anything is built
    assert brief.read_bytes() == before
    from briefing.errors import OutputError
    from briefing.write import check_output_path

    with pytest.raises(OutputError, match="input of the build"):
        check_output_path(brief, [brief])


def test_output_path_that_is_a_folder_is_written_into(write_brief, tmp_path: Path) -> None:
    brief = write_brief(MINIMAL)
    (tmp_path / "out.pdf").mkdir()
    code, out, err = run("build", str(brief), "-o", str(tmp_path / "out.pdf"))
    assert code == 0, err
    assert (tmp_path / "out.pdf" / "brief.pdf").read_bytes().startswith(b"%PDF-")
    assert out.startswith(f"{tmp_path / 'out.pdf' / 'brief.pdf'}: 1 page")


def test_output_path_without_the_suffix_is_refused_not_guessed(write_brief, tmp_path: Path) -> None:
    brief = write_brief(MINIMAL)
    code, out, err = run("build", str(brief), "-o", str(tmp_path / "newdir"))
    assert code == 2
    assert "neither a folder nor a .pdf file" in err and f"-o {tmp_path / 'newdir'}/" in err
    assert not (tmp_path / "newdir").exists() and out == ""


def test_quiet_and_debug_are_taken_after_the_command_too(write_brief, tmp_path: Path) -> None:
    brief = write_brief(MINIMAL)
    assert run("check", "-q", str(brief)) == (0, "", "")
    assert run("check", str(brief), "--quiet") == (0, "", "")
    assert run("build", "-q", str(brief), "-o", f"{tmp_path}/q/") == (0, "", "")
    assert (tmp_path / "q" / "brief.pdf").is_file()
    code, out, err = run("build", str(brief), "--debug", "-o", f"{tmp_path}/d/")
    assert code == 0 and out.startswith(f"{tmp_path}/d/brief.pdf: 1 page"), err


def test_unwritable_folder_is_an_output_error(write_brief, tmp_path: Path) -> None:
    """A folder that cannot be made (a file stands where it should be): root cannot write
    there either, so the test runs as any user."""
    brief = write_brief(MINIMAL)
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    code, _, err = run("build", str(brief), "-o", str(tmp_path / "taken" / "x.pdf"))
    assert code == 4
    assert "cannot create the folder" in err
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file, not a folder"


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert "nope.yaml: error: no such file" in err


def test_check_ok_and_quiet(write_brief) -> None:
    brief = write_brief(MINIMAL)
    assert run("check", str(brief)) == (0, f"{brief}: ok\n", "")
    assert run("-q", "check", str(brief)) == (0, "", "")


def test_quiet_still_prints_errors(write_brief) -> None:
    brief = write_brief(BAD)
    code, out, err = run("-q", "check", str(brief))
    assert code == 1 and out == "" and "nine thousand" in err


def test_check_json(write_brief) -> None:
    brief = write_brief(BAD, "x.yaml")
    code, out, _ = run("check", "--format", "json", str(brief))
    assert code == 1
    found = json.loads(out)
    assert found[0] == {
        "file": str(brief),
        "line": 8,
        "column": 14,
        "field": "claims.items[0].value",
        "message": "expected a number, got 'nine thousand'",
        "hint": "write the figure in digits, e.g. 9000; words such as 'more than' go in "
        "'qualifier', the unit in 'unit'",
        "severity": "error",
    }
    assert found[1]["message"] == "unknown key 'key_fact'"


def test_check_json_valid_is_empty_list(write_brief) -> None:
    brief = write_brief(MINIMAL)
    assert run("check", "--format", "json", str(brief)) == (0, "[]\n", "")


def test_no_colour_when_not_a_terminal_or_no_color(write_brief) -> None:
    brief = write_brief(BAD)
    _, _, err = run("check", str(brief))
    assert "\x1b[" not in err
    _, _, err = run("check", str(brief), env={"NO_COLOR": "1"})
    assert "\x1b[" not in err


def test_schema_is_json_and_matches_committed_copy() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "key_facts" in schema["properties"]
    committed = json.loads((ROOT / "schema" / "brief.schema.json").read_text(encoding="utf-8"))
    assert committed == schema, "run: briefing schema > schema/brief.schema.json"


def test_new_writes_a_starter_that_checks_and_builds(tmp_path: Path) -> None:
    path = tmp_path / "starter.yaml"
    code, out, _ = run("new", str(path))
    assert code == 0 and str(path) in out
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 30  # commented
    for key in (
        "title:",
        "subtitle:",
        "date:",
        "summary:",
        "marking:",
        "organisation:",
        "author:",
        "reference:",
        "language:",
        "sections:",
        "claims:",
        "key_facts:",
        "timeline:",
        "charts:",
        "analysis:",
        "sources:",
        "distribution:",
        "layout:",
        "quote:",
        "qualifier:",
        "status:",
        "paper:",
        "fit:",
        "sidebar:",
        "theme:",
        "colour:",
        "logo:",
    ):
        assert key in text, key
    assert run("check", str(path))[0] == 0
    code, _, err = run("build", str(path), "-o", str(tmp_path / "s.pdf"))
    assert code == 0, err
    assert run("new", str(path))[0] == 4  # exists: refuse without --force
    assert run("new", "--force", str(path))[0] == 0


def test_bad_source_date_epoch_is_a_usage_error(write_brief) -> None:
    brief = write_brief(MINIMAL)
    code, _, err = run("build", str(brief), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert code == 2
    assert "SOURCE_DATE_EPOCH" in err


def test_source_date_epoch_builds_are_byte_identical(write_brief, tmp_path: Path) -> None:
    brief = write_brief(MINIMAL)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run("build", str(brief), "-o", str(a))[0] == 0
    assert run("build", str(brief), "-o", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()
    assert b"D:20160315" in a.read_bytes()  # CreationDate from SOURCE_DATE_EPOCH


def test_python_dash_m_works(write_brief) -> None:
    brief = write_brief(MINIMAL)
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "check", str(brief)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{brief}: ok\n"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Usage: briefing" in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_builds_the_good_briefs_and_fails_overall(
    write_brief, tmp_path: Path, jobs: str
) -> None:
    good_a = write_brief(MINIMAL, "a.yaml")
    bad = write_brief(BAD, "b.yaml")
    good_c = write_brief(MINIMAL.replace("Minimal brief", "Third"), "c.yaml")
    out = tmp_path / "out"
    code, stdout, stderr = run(
        "build", str(good_a), str(bad), str(good_c), "-o", str(out), "-j", jobs
    )
    assert code == 1
    assert (out / "a.pdf").exists() and (out / "c.pdf").exists()
    assert not (out / "b.pdf").exists()
    assert "built 2 of 3 briefs in " in stdout and "(1 failed)" in stdout
    assert "nine thousand" in stderr
    assert "\r[" not in stderr  # no progress bar when stderr is not a terminal


def test_output_path_that_is_the_logo_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (30, 10)).save(tmp_path / "logo.png")
    brief = tmp_path / "b.yaml"
    brief.write_text(MINIMAL + "layout: {logo: logo.png}\n", encoding="utf-8")
    before = (tmp_path / "logo.png").read_bytes()
    code, _, err = run("build", str(brief), "-o", str(tmp_path / "logo.png"))
    assert code == 2 and "neither a folder nor a .pdf file" in err
    assert (tmp_path / "logo.png").read_bytes() == before
    logo = tmp_path / "logo.pdf"  # an input that does end in .pdf is refused by the writer
    logo.write_bytes(b"%PDF-1.4 not really")
    brief.write_text(MINIMAL + "layout: {logo: logo.png}\n", encoding="utf-8")
    from briefing.errors import OutputError
    from briefing.write import check_output_path

    with pytest.raises(OutputError, match="input of the build"):
        check_output_path(logo, [brief, logo])


@pytest.mark.timeout(60)
def test_watch_rebuilds_on_save_and_reports_errors(tmp_path: Path) -> None:
    import threading
    import time

    from briefing.shell.jobs import Outcome, watch

    brief = tmp_path / "w.yaml"
    brief.write_text(MINIMAL, encoding="utf-8")
    seen: list[Outcome] = []
    stop = threading.Event()

    def generated() -> object:
        from tests.conftest import GENERATED

        return GENERATED

    thread = threading.Thread(
        target=watch, args=(brief, tmp_path / "w.pdf", generated, seen.append, stop.is_set, 0.05)
    )
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
        assert seen and seen[0].error is None
        first = (tmp_path / "w.pdf").read_bytes()
        time.sleep(0.05)
        brief.write_text(BAD, encoding="utf-8")
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(seen) >= 2 and seen[1].error is not None
        assert (tmp_path / "w.pdf").read_bytes() == first  # the failed save kept the PDF
        brief.write_text(MINIMAL.replace("Minimal brief", "Edited title"), encoding="utf-8")
        while len(seen) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(seen) >= 3 and seen[-1].error is None
        assert (tmp_path / "w.pdf").read_bytes() != first
    finally:
        stop.set()
        thread.join(10)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/stdin"])
def test_a_device_as_brief_is_refused_without_hanging(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    code, _, err = run("check", device)
    assert code == 1
    assert "not a regular file" in err or "empty" in err


@pytest.mark.timeout(60)
def test_watch_rebuilds_when_the_theme_file_the_brief_names_changes(tmp_path: Path) -> None:
    import threading
    import time

    from briefing.shell.jobs import Outcome, watch
    from tests.conftest import GENERATED

    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "house.yaml").write_text(theme.replace("name: default", "name: house"))
    brief = tmp_path / "w.yaml"
    brief.write_text(MINIMAL + "layout: {theme: house.yaml}\n", encoding="utf-8")
    seen: list[Outcome] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=(brief, tmp_path / "w.pdf", lambda: GENERATED, seen.append, stop.is_set, 0.02),
    )
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
        assert seen and seen[0].error is None, seen
        assert tmp_path / "house.yaml" in seen[0].inputs
        first = (tmp_path / "w.pdf").read_bytes()
        time.sleep(0.05)
        (tmp_path / "house.yaml").write_text(
            theme.replace("name: default", "name: house").replace("#1f3a5f", "#aa0000")
        )
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(seen) >= 2 and seen[-1].error is None
        assert (tmp_path / "w.pdf").read_bytes() != first
    finally:
        stop.set()
        thread.join(10)
