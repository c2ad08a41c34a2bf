"""Hostile text: printed literally, never markup, never a link or image we did not make."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.errors import BriefError
from tests.conftest import MINIMAL, ROOT, build_text, images_and_links, page_text, reader

TRAPS = [
    "R&D",
    "cost<budget and revenue>target",
    "if a<i>0",
    '<img src="/etc/passwd" width="100" height="100"/>',
    '<a href="javascript:alert(1)">click</a>',
    "&amp; &lt;b&gt; &#169;",
    "Cost $5 and $10",
    "50% <br/> <para>",
    "back\\slash",
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("trap", TRAPS)
@pytest.mark.parametrize("field", ["title", "summary", "heading", "fact", "point", "label"])
def test_trap_prints_literally_everywhere(trap: str, field: str) -> None:
    value = json.dumps(trap)
    text = {
        "title": f"title: {value}\ndate: 2016-03-14\nsummary: S\n",
        "summary": f"title: T\ndate: 2016-03-14\nsummary: {value}\n",
        "heading": f"{MINIMAL}sections:\n  - {{heading: {value}, text: body}}\n",
        "fact": f"{MINIMAL}key_facts:\n  - {{label: L, value: {value}}}\n",
        "point": f"{MINIMAL}analysis: {{label: L, source: S, points: [{value}]}}\n",
        "label": f"{MINIMAL}charts:\n  - {{type: bar, data: {{labels: [{value}], values: [3]}}}}\n",
    }[field]
    pdf = build_text(text).pdf
    extracted = "".join(page_text(pdf).split())  # narrow columns may break long words
    assert "".join(trap.split()) in extracted
    assert images_and_links(pdf) == (0, [])


def test_source_url_is_the_only_link_exactly_as_written() -> None:
    url = 'https://example.org/a?x=1&y="2"&z=<3>'
    pdf = build_text(MINIMAL + f"sources:\n  - {{title: T, url: {json.dumps(url)}}}\n").pdf
    assert images_and_links(pdf) == (0, [url])


@pytest.mark.parametrize(
    "scheme",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://example.org/x"],
)
def test_other_link_schemes_are_refused(scheme: str) -> None:
    with pytest.raises(BriefError) as info:
        build_text(MINIMAL + f"sources:\n  - {{title: T, url: {json.dumps(scheme)}}}\n")
    assert info.value.diagnostics[0].field == "sources[0].url"
    assert info.value.diagnostics[0].line == 5


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\u202e", "\u2066", "\x85"])
def test_control_and_bidi_characters_are_refused_with_code_point(char: str) -> None:
    with pytest.raises(BriefError) as info:
        build_text(f"title: T\ndate: 2016-03-14\nsummary: {json.dumps('a' + char + 'b')}\n")
    d = info.value.diagnostics[0]
    assert (d.field, d.line) == ("summary", 3)
    assert f"U+{ord(char):04X}" in d.message


def test_metadata_round_trips_exactly() -> None:
    title = "Привет (test) \\ back (( ]] é — 50%"
    author = "Desk (\\) ü"
    summary = "A *summary* with (parens), \\backslash and <b>tags</b> & more."
    pdf = build_text(
        f"title: {json.dumps(title)}\nauthor: {json.dumps(author)}\n"
        f"date: 2016-03-14\nsummary: {json.dumps(summary)}\n"
    ).pdf
    meta = reader(pdf).metadata
    assert meta is not None
    assert meta.title == title
    assert meta.author == author
    assert meta.subject == "A summary with (parens), \\backslash and <b>tags</b> & more."


@pytest.mark.timeout(60)
def test_ctrl_c_prints_one_line_and_keeps_the_previous_pdf(tmp_path: Path) -> None:
    brief = tmp_path / "b.yaml"
    long = "".join(
        f"  - heading: Part {i}\n    text: {'Words to lay out. ' * 80}\n" for i in range(400)
    )  # a hundred pages: about 1.5 s to build, time to interrupt it
    brief.write_text(MINIMAL + "layout: {fit: flow}\nsections:\n" + long, encoding="utf-8")
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF-1.4 previous good pdf")
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    interrupted = False
    for delay in (0.6, 0.9, 0.45, 1.2):
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "build", str(brief), "-o", str(target)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=50)
        if process.returncode == 130:
            interrupted = True
            assert err.strip() == "briefing: interrupted", err
            assert target.read_bytes() == b"%PDF-1.4 previous good pdf"
            break
        target.write_bytes(b"%PDF-1.4 previous good pdf")
    assert interrupted, "the build always finished before the signal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.yaml", "cache", "out.pdf"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["b.yaml", "out.pdf"]


def test_layout_failure_keeps_the_previous_pdf(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefing.shell.cli import cli

    brief = tmp_path / "b.yaml"
    brief.write_text(
        MINIMAL
        + "sections:\n"
        + "".join(
            f"  - heading: Part {i}\n    text: {'Words to lay out. ' * 60}\n" for i in range(30)
        ),
        encoding="utf-8",
    )
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF previous")
    result = CliRunner().invoke(cli, ["build", str(brief), "-o", str(target)])
    assert result.exit_code == 3
    assert "over the page at the smallest legible size" in result.stderr
    assert target.read_bytes() == b"%PDF previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.yaml", "out.pdf"]


def test_full_disk_keeps_the_previous_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from briefing import write as output
    from briefing.errors import OutputError

    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF previous")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(OutputError) as info:
        output.write_pdf(b"%PDF new", target)
    assert "No space left on device" in info.value.message
    assert target.read_bytes() == b"%PDF previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]
