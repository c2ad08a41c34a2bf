"""Sending a pack against a real SMTP server on 127.0.0.1 (aiosmtpd): the roll-up in the
subject and the body, and TLP:RED keeping the pack to the addresses on both distributions,
refused before connecting."""

from __future__ import annotations

import email
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from tests.test_delivery import Recorder, run, smtp_env, start

#: TLP:CLEAR, UNCLASSIFIED; TLP:RED, SECRET with its own distribution; TLP:AMBER, CUI.
OPEN = """\
title: Ferry strike ends after two days
date: 2022-09-03
marking: UNCLASSIFIED
tlp: clear
summary: The ferry crews went back to work on Friday.
"""
RED = """\
title: Source reports a planned cable cut
date: 2022-09-03
marking: SECRET//NOFORN
tlp: red
summary: A source reports a plan to cut the island's cable.
distribution:
  - {name: Head of cell, email: head@example.org}
  - {name: Analyst, email: analyst@example.org}
"""
AMBER = """\
title: Port reopens to small craft
date: 2022-09-03
marking: CUI
tlp: amber
summary: The port reopened to boats under 20 metres.
distribution:
  - {name: Head of cell, email: head@example.org}
  - {name: Ports desk, email: ports@example.org}
"""
PACK = """\
pack:
  title: Morning meeting of the crisis cell
  date: 2022-09-03
  time: "08:30"
  organisation: Crisis Cell
  briefs: [open.yaml, red.yaml, amber.yaml]
  distribution:
    - {name: Head of cell, email: head@example.org}
    - {name: Cell members, email: cell@example.org}
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, text in (("open", OPEN), ("red", RED), ("amber", AMBER), ("morning", PACK)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "morning.yaml"


@pytest.fixture
def server() -> Any:
    recorder = Recorder()
    controller = start(recorder)
    yield controller, recorder
    controller.stop()


@pytest.mark.timeout(90)
def test_tlp_red_inside_keeps_the_pack_to_both_distributions(pack: Path, server: Any) -> None:
    controller, recorder = server
    # the pack's own distribution: cell@ is not on the red brief's, so nothing goes
    code, _, err = run("send", str(pack), **smtp_env(controller))
    assert code == 5, err
    assert "TLP:RED" in err and "red.yaml" in err and "cell@example.org" in err
    # the address came from the pack file, not from --to: the refusal stands at its entry
    [where] = [line for line in err.splitlines() if "error:" in line]
    entry = next(
        n for n, line in enumerate(pack.read_text().splitlines(), 1) if "cell@example.org" in line
    )
    assert where.startswith(f"{pack}:{entry}:") or where.startswith(f"{pack.name}:{entry}:")
    assert "distribution[" in where and "--to" not in err
    assert not recorder.envelopes  # refused before connecting: the server received nothing
    # the red brief's own analyst is not on the pack's distribution: refused too, by name
    code, _, err = run(
        "send", str(pack), "--to", "analyst@example.org", "--cc", "x@example.org",
        **smtp_env(controller),
    )  # fmt: skip
    assert code == 5
    assert "analyst@example.org, x@example.org are not on both" in err
    assert not recorder.envelopes
    # a dry run refuses the same way and writes no message
    code, _, err = run("send", str(pack), "--dry-run", "-o", "out/")
    assert code == 5 and "cell@example.org" in err
    assert not (pack.parent / "out" / "morning.eml").exists()
    # on both lists: sent (head@ is on the amber brief's list too: no --yes needed)
    code, _, err = run("send", str(pack), "--to", "head@example.org", **smtp_env(controller))
    assert code == 0, err
    [envelope] = recorder.envelopes
    assert envelope.rcpt_tos == ["head@example.org"]


@pytest.mark.timeout(90)
def test_the_message_carries_the_roll_up_and_lists_the_briefs(pack: Path, server: Any) -> None:
    controller, recorder = server
    code, out, err = run("send", str(pack), "--to", "head@example.org", **smtp_env(controller))
    assert code == 0, err
    assert "output/morning.pdf: built" in out and "sent [TLP:RED] [SECRET//NOFORN]" in out
    [envelope] = recorder.envelopes
    message = email.message_from_bytes(envelope.content, policy=default)
    # (the header is folded, and unfolded with a space where it was folded)
    assert " ".join(message["Subject"].split()) == (
        "[TLP:RED] [SECRET//NOFORN] Morning meeting of the crisis cell — 3 September 2022, "
        "08:30 — pack of 3 briefs"
    )
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.startswith("TLP:RED\nSECRET//NOFORN\nMorning meeting of the crisis cell\n")
    assert "THIS PACK HOLDS 3 BRIEFS" in plain
    assert "1. Ferry strike ends after two days (UNCLASSIFIED; TLP:CLEAR)" in plain
    assert "2. Source reports a planned cable cut (SECRET//NOFORN; TLP:RED)" in plain
    assert "3. Port reopens to small craft (CUI; TLP:AMBER)" in plain
    for summary in ("went back to work", "cut the island's cable", "boats under 20 metres"):
        assert summary in plain  # every brief whole, after the list
    # the message says its label once, the pack's: not each brief's as if it were the message's
    assert plain.endswith(
        "This message is TLP:RED.\n\nThe whole pack is attached as a PDF: a "
        "cover, then every brief as it prints.\n"
    )
    assert "This message is TLP:AMBER" not in plain and "TLP:AMBER" in plain
    html = message.get_body(("html",)).get_content()
    assert html.count("<li>") >= 3 and "TLP:RED" in html and "Port reopens to small craft" in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "morning.pdf"
    pdf = attachment.get_content()
    assert pdf == (pack.parent / "output" / "morning.pdf").read_bytes()
    # sent again: the PDF built for this pack as it is now is reused
    code, out, _ = run("send", str(pack), "--to", "head@example.org", **smtp_env(controller))
    assert code == 0 and "up to date, reused" in out
    assert len(recorder.envelopes) == 2


@pytest.mark.timeout(90)
def test_tlp_amber_inside_goes_beyond_that_briefs_distribution_only_with_yes(
    pack: Path, server: Any
) -> None:
    controller, recorder = server
    (pack.parent / "red.yaml").write_text(RED.replace("tlp: red", "tlp: green"), "utf-8")
    code, _, err = run("send", str(pack), "--to", "cell@example.org", **smtp_env(controller))
    assert code == 1, err
    assert "amber.yaml" in err and "TLP:AMBER" in err and "cell@example.org" in err
    assert not recorder.envelopes
    code, _, err = run(
        "send", str(pack), "--to", "cell@example.org", "--yes", **smtp_env(controller)
    )
    assert code == 0, err
    [envelope] = recorder.envelopes
    message = email.message_from_bytes(envelope.content, policy=default)
    assert message["Subject"].startswith("[TLP:AMBER] [SECRET//NOFORN] Morning meeting")


def test_a_pdf_that_is_not_the_packs_is_refused(pack: Path) -> None:
    code, _, err = run("build", str(pack))
    assert code == 0, err
    (pack.parent / "open.yaml").write_text(OPEN.replace("Friday", "Thursday"), "utf-8")
    code, _, err = run(
        "send", str(pack), "--pdf", "output/morning.pdf", "--to", "head@example.org", "--dry-run"
    )
    assert code == 1
    assert "not the PDF of the pack" in err and "open.yaml" in err


def test_an_edition_in_a_pack_begins_with_what_changed(tmp_path: Path, monkeypatch: Any) -> None:
    import shutil

    from tests.conftest import ROOT

    monkeypatch.chdir(tmp_path)
    for name in ("quake-ed1.yaml", "quake-ed2.yaml"):
        shutil.copy(ROOT / "tests" / "corpus" / "editions" / name, tmp_path / name)
    (tmp_path / "open.yaml").write_text(OPEN, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "pack:\n  title: Quake cell\n  date: 2023-09-14\n  briefs: [open.yaml, quake-ed2.yaml]\n"
        "  marking_order: [UNCLASSIFIED, OFFICIAL]\n"
        "  distribution: [{name: Cell, email: cell@example.org}]\n",
        encoding="utf-8",
    )
    code, _, err = run("send", "p.yaml", "--dry-run", "--yes", "-o", "m.eml")
    assert code == 0, err
    message = email.message_from_bytes((tmp_path / "m.eml").read_bytes(), policy=default)
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    first, second = plain.split("BRIEF 1 OF 2")[1].split("BRIEF 2 OF 2")
    assert "WHAT CHANGED" not in first
    assert "WHAT CHANGED SINCE EDITION 1" in second
    assert "[TLP:AMBER] [OFFICIAL] Quake cell" in " ".join(message["Subject"].split())
