"""The author's loop on the command line: -o DIR/ is a folder, each command names itself in its
errors, send confirms every recipient. Through CliRunner, and real processes for exit codes."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from email.policy import default
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from briefing.shell.cli import cli
from tests.conftest import MINIMAL, ROOT

DISTRIBUTION = MINIMAL + "distribution:\n  - name: Desk\n    email: desk@example.org\n"


def run(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, list(args), env={"SOURCE_DATE_EPOCH": "1458000000", "NO_COLOR": "1", **env}
    )
    return result.exit_code, result.stdout, result.stderr


def process(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "NO_COLOR": "1",
        "SOURCE_DATE_EPOCH": "1458000000",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environ,
        timeout=120,
        check=False,
    )


@pytest.fixture
def brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "minimal.yaml"
    path.write_text(DISTRIBUTION, encoding="utf-8")
    return path


def test_output_with_a_trailing_slash_is_a_folder_created_if_missing(brief: Path) -> None:
    code, out, err = run("build", str(brief), "-o", "out/")
    assert code == 0, err
    assert (brief.parent / "out").is_dir()
    assert (brief.parent / "out" / "minimal.pdf").read_bytes().startswith(b"%PDF-")
    assert out.startswith("out/minimal.pdf: 1 page")


def test_output_folder_for_several_briefs_and_a_file_without_slash(brief: Path) -> None:
    other = brief.with_name("other.yaml")
    other.write_text(MINIMAL, encoding="utf-8")
    code, _, err = run("build", str(brief), str(other), "-o", "deep/er/")
    assert code == 0, err
    assert sorted(p.name for p in (brief.parent / "deep" / "er").iterdir()) == [
        "minimal.pdf",
        "other.pdf",
    ]
    code, _, err = run("build", str(brief), "-o", "named.pdf")  # no slash: the file itself
    assert code == 0, err
    assert (brief.parent / "named.pdf").is_file()
    code, _, err = run("build", str(brief), "-o", "named")  # neither: refused, nothing written
    assert code == 2 and not (brief.parent / "named").exists()


def test_output_folder_in_a_real_process(brief: Path) -> None:
    done = process("build", str(brief), "-o", "fresh/", cwd=brief.parent)
    assert done.returncode == 0, done.stderr
    assert (brief.parent / "fresh" / "minimal.pdf").is_file()


def test_preview_and_dry_run_write_into_a_folder(brief: Path) -> None:
    code, _, err = run("preview", str(brief), "-o", "shots/", "--dpi", "30")
    assert code == 0, err
    assert (brief.parent / "shots" / "minimal.png").is_file()
    assert not (brief.parent / "output").exists()  # a look leaves no PDF behind
    code, _, err = run("send", str(brief), "--dry-run", "-o", "mail/", "--cc", "chief@example.org")
    assert code == 0, err
    assert (brief.parent / "mail" / "minimal.eml").is_file()


def test_dry_run_confirms_every_recipient(brief: Path) -> None:
    code, out, err = run(
        "send",
        str(brief),
        "--dry-run",
        "--to",
        "a@example.org",
        "--to",
        "b@example.org",
        "--cc",
        "chief@example.org",
        "-o",
        "message.eml",
    )
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "message.eml: message to a@example.org, b@example.org; cc chief@example.org written; "
        "nothing sent"
    )
    message = email.message_from_bytes((brief.parent / "message.eml").read_bytes(), policy=default)
    assert message["Cc"] == "chief@example.org"


def test_dry_run_to_the_distribution_names_it(brief: Path) -> None:
    code, out, err = run("send", str(brief), "--dry-run")
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "output/minimal.eml: message to Desk <desk@example.org> written; nothing sent"
    )


def test_print_names_itself_in_its_errors(brief: Path) -> None:
    empty = brief.parent / "empty"
    empty.mkdir()
    code, _, err = run("print", str(brief), PATH=str(empty))
    assert code == 5
    assert err.startswith("print: error: lp: no print system found")
    assert "send" not in err
    code, _, err = run("print", str(brief), "--printer", "-x", PATH=str(empty))
    assert code == 5 and err.startswith("print: error:")


def test_print_and_send_errors_in_a_real_process(brief: Path) -> None:
    empty = brief.parent / "empty"
    empty.mkdir()
    done = process("print", str(brief), cwd=brief.parent, PATH=str(empty))
    assert done.returncode == 5
    assert done.stderr.startswith("print: error: lp: no print system found")
    done = process("send", str(brief), cwd=brief.parent, BRIEFING_SMTP_HOST="")
    assert done.returncode == 5 and done.stderr.startswith("send: error:")


def test_output_path_reads_a_trailing_slash_as_a_folder() -> None:
    from briefing.shell.console import output_path

    brief = Path("briefs/quake.yaml")
    assert output_path(None, brief, ".pdf") is None
    assert output_path("out/", brief, ".pdf") == Path("out/quake.pdf")
    assert output_path("a/b/", brief, ".png") == Path("a/b/quake.png")
    assert output_path("x.pdf", brief, ".pdf") == Path("x.pdf")
    assert output_path("X.PDF", brief, ".pdf") == Path("X.PDF")
    with pytest.raises(click.UsageError, match=r"neither a folder nor a \.pdf file"):
        output_path("out-that-does-not-exist", brief, ".pdf")


# --------------------------------------------------------------------------- check --fit, preview

TOO_LONG = (
    MINIMAL
    + "sections:\n"
    + "".join(
        f"  - heading: Part {i}\n    text: {'Words to lay out in a long brief. ' * 40}\n"
        for i in range(8)
    )
)


def test_check_fit_passes_a_brief_that_fits(brief: Path) -> None:
    code, out, err = run("check", "--fit", str(brief))
    assert code == 0, err
    assert out.strip().startswith(f"{brief}: ok, 1 page (")  # the fit line of build


def test_check_fit_says_where_the_space_goes(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(TOO_LONG, encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 0, err  # valid: without --fit nothing is laid out
    code, _, err = run("check", "--fit", str(path))
    assert code == 3
    lines = err.splitlines()
    assert lines[0].startswith(f"{path}:1:1: error: does not fit one page at the smallest ")
    assert "mm of the main column" in lines[0] and lines[0].endswith("must go [does-not-fit]")
    notes = [line for line in lines if ": note: " in line]
    fields = [line.split(": note: ")[1].split(":")[0] for line in notes]
    assert set(fields) >= {"summary", "title", *(f"sections[{i}]" for i in range(8))}
    heights = [int(line.split("takes ")[1].split(" mm")[0]) for line in notes]
    assert heights == sorted(heights, reverse=True)
    assert all("% of the page" in line for line in notes)
    assert f"{path}:5:5: note: sections[0]: takes " in err  # at the line the section starts


def test_check_fit_reports_in_json_and_sarif(tmp_path: Path) -> None:
    import json

    path = tmp_path / "long.yaml"
    path.write_text(TOO_LONG, encoding="utf-8")
    code, out, _ = run("check", "--fit", "--format", "json", str(path))
    assert code == 3
    found = json.loads(out)
    assert found[0]["rule"] == "does-not-fit" and found[0]["severity"] == "error"
    assert {d["severity"] for d in found[1:]} >= {"note", "error"}
    code, out, _ = run("check", "--fit", "--format", "sarif", str(path))
    assert code == 3
    results = json.loads(out)["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} >= {
        ("does-not-fit", "error"),
        ("space", "note"),
    }


def test_check_fit_exit_codes_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "long.yaml").write_text(TOO_LONG, encoding="utf-8")
    (tmp_path / "short.yaml").write_text(MINIMAL, encoding="utf-8")
    assert process("check", "--fit", "short.yaml", cwd=tmp_path).returncode == 0
    result = process("check", "--fit", "long.yaml", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert "must go" in result.stderr
    assert process("check", "long.yaml", cwd=tmp_path).returncode == 0


def test_preview_of_a_brief_too_long_writes_every_page_marked_and_exits_3(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "long.yaml").write_text(TOO_LONG, encoding="utf-8")
    result = process("preview", "long.yaml", "-o", "shots/", "--dpi", "40", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert "must go" in result.stderr
    pages = sorted((tmp_path / "shots").glob("long-*.png"))
    assert len(pages) >= 2
    assert "(overflow: does not fit on page 1)" in result.stdout
    first, second = (Image.open(p).convert("RGB") for p in pages[:2])
    red = (200, 30, 30)
    assert first.getpixel((1, first.height // 2)) != red  # page 1 is the page as it would print
    assert second.getpixel((1, second.height // 2)) == red  # the overflow is framed in red
    assert second.getpixel((second.width // 2, 2)) == red


def test_every_problem_of_a_run_together_files_at_the_brief_line(tmp_path: Path) -> None:
    """An unknown key, a theme file with a bad token and a logo that is not an image: one
    run reports all three, each at the line of the brief where the author wrote it."""
    (tmp_path / "own.yaml").write_text(
        (ROOT / "assets" / "themes" / "default.yaml")
        .read_text(encoding="utf-8")
        .replace('ink: "#1b1f24"', 'ink: "dark grey"'),
        encoding="utf-8",
    )
    (tmp_path / "logo.png").write_bytes(b"GIF89a not a png at all")
    (tmp_path / "svg.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg width="9"/>'
    )
    path = tmp_path / "b.yaml"
    path.write_text(
        MINIMAL + "colour: red\nlayout:\n  theme: own.yaml\n  logo: logo.png\n", encoding="utf-8"
    )
    code, _, err = run("check", str(path))
    assert code == 1
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert len(lines) == 3, err
    assert lines[0].startswith(f"{path}:4:1: error: unknown key 'colour'")
    assert lines[1].startswith(f"{path}:6:10: error: layout.theme: theme 'own.yaml' (own.yaml:")
    assert "expected a colour written #rrggbb" in lines[1]
    assert lines[2].startswith(f"{path}:7:9: error: layout.logo: image 'logo.png': ")
    assert "not a PNG, JPEG or SVG" in lines[2]
    path.write_text(MINIMAL + "layout:\n  logo: svg.svg\n", encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 1
    assert f"{path}:5:9: error: layout.logo: image 'svg.svg': " in err and "DOCTYPE" in err
