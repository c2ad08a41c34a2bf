"""The author's loop on the command line: -o DIR/ is a folder, each command names itself in its
errors, send confirms every recipient. Through CliRunner, and real processes for exit codes."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
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
    code, _, err = run("build", str(brief), "-o", "named")  # no slash: the file itself
    assert code == 0, err
    assert (brief.parent / "named").is_file()


def test_output_folder_in_a_real_process(brief: Path) -> None:
    done = process("build", str(brief), "-o", "fresh/", cwd=brief.parent)
    assert done.returncode == 0, done.stderr
    assert (brief.parent / "fresh" / "minimal.pdf").is_file()


def test_preview_and_dry_run_write_into_a_folder(brief: Path) -> None:
    code, _, err = run("preview", str(brief), "-o", "shots/", "--dpi", "30")
    assert code == 0, err
    assert (brief.parent / "shots" / "minimal.png").is_file()
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
        'output/minimal.eml: message to "Desk" <desk@example.org> written; nothing sent'
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
    from briefing.console import output_path

    brief = Path("briefs/quake.yaml")
    assert output_path(None, brief, ".pdf") is None
    assert output_path("out/", brief, ".pdf") == Path("out/quake.pdf")
    assert output_path("a/b/", brief, ".png") == Path("a/b/quake.png")
    assert output_path("x.pdf", brief, ".pdf") == Path("x.pdf")
    assert output_path("out", brief, ".pdf") == Path("out")
