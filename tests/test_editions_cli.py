"""Editions through the stages and the command line: the previous edition read through the
world and checked (errors at the ``previous`` line and at the previous brief's own lines), the
edition rules of ``briefing check`` (text, JSON, SARIF), ``briefing diff``, the header line, the
record in the XMP (and a changed previous edition noticed by reuse), and the e-mail. The chain
of three editions is tests/corpus/editions (an earthquake: figures revised twice, a party
added, a judgement moved with and without a reason, a section rewritten, a source replaced)."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.deliver.body import Changed, html_body, plain_body, subject_of
from briefing.editions.compare import compare, summary
from briefing.editions.words import edition_line, zone_name
from briefing.errors import BriefError
from briefing.model import Brief, Edition
from briefing.pipeline import load_brief, materials_for
from briefing.provenance import mismatch, provenance_of, read_provenance
from briefing.shell.cli import cli
from briefing.world.disk import DiskWorld
from tests.conftest import ROOT, build_file, page_text
from tests.worlds import MemoryWorld

CHAIN = ROOT / "tests" / "corpus" / "editions"


@pytest.fixture
def chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the three editions, in a folder of their own (the working directory)."""
    for path in CHAIN.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, list(args), env={"NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1777900000"}
    )
    return result.exit_code, result.stdout, result.stderr


def _load(path: Path) -> Brief:
    return load_brief(DiskWorld(path))[1]


# --------------------------------------------------------------------------- the chain


def test_the_chain_changes_what_it_was_written_to_change() -> None:
    ed1, ed2, ed3 = (_load(CHAIN / f"quake-ed{n}.yaml") for n in (1, 2, 3))
    kinds2 = [c.kind for c in compare(ed1, ed2)]
    assert kinds2 == [
        "figure",
        "figure",
        "claims-added",
        "judgement",
        "judgement",
        "fact",
        "section-changed",
        "source-added",
    ]
    changes3 = compare(ed2, ed3)
    assert [c.kind for c in changes3][:4] == ["tlp", "figure", "figure", "status"]
    assert summary(changes3, limit=20) == [
        "TLP label: AMBER → GREEN (less restrictive)",
        "Deaths, Interior Ministry: 2,012 → 2,946",
        "People injured, Interior Ministry: 2,059 → 5,674",
        "Figures reported by the government: reported → confirmed",
        "Desk assessment: confidence moderate → high (raised); unlikely → likely (raised)",
        "Renamed: Magnitude → Magnitude (USGS)",
        "New: Relief; Changed: What happened, Access to the valleys",
        "Sources: 1 new, 1 removed",
    ]
    because = [c.because for c in compare(ed1, ed2) if c.kind == "judgement"]
    assert because == [ed2.analysis[0].because] * 2


def test_the_pipeline_hands_layout_the_changes_and_the_previous_number() -> None:
    world = DiskWorld(CHAIN / "quake-ed3.yaml")
    _, brief = load_brief(world)
    materials = materials_for(brief, world)
    assert materials.previous == 2
    assert materials.changes == tuple(compare(_load(CHAIN / "quake-ed2.yaml"), brief))
    first = DiskWorld(CHAIN / "quake-ed1.yaml")
    assert materials_for(load_brief(first)[1], first).changes == ()


# --------------------------------------------------------------------------- previous


ED1 = """\
title: Floods
date: 2022-09-02
summary: The river rose.
edition: {number: 1, issued: 2022-09-02T08:00:00Z}
key_facts: [{label: Peak, value: 4.6 m}]
"""
ED2 = """\
title: Floods
date: 2022-09-03
summary: The river rose.
edition:
  number: 2
  issued: 2022-09-03T08:00:00Z
  previous: ed1.yaml
key_facts: [{label: Peak, value: 4.9 m}]
"""


def _errors(text: str, files: dict[str, bytes]) -> list[str]:
    world = MemoryWorld(text, "ed2.yaml", files=files)
    with pytest.raises(BriefError) as caught:
        load_brief(world)
    return [
        f"{d.file}:{d.line}:{d.field}: {d.message} | {d.hint}" for d in caught.value.diagnostics
    ]


def test_a_missing_previous_edition_is_an_error_at_its_line_with_a_fix() -> None:
    [error] = _errors(ED2, {})
    assert error.startswith("ed2.yaml:7:edition.previous: the previous edition 'ed1.yaml'")
    assert "relative to this brief's folder" in error and "remove 'previous'" in error


def test_an_invalid_previous_edition_is_an_error_at_its_own_line_and_at_previous() -> None:
    broken = ED1.replace("value: 4.6 m", "valeu: 4.6 m")
    errors = _errors(ED2, {"ed1.yaml": broken.encode()})
    assert errors[0].startswith("ed2.yaml:7:edition.previous: the previous edition 'ed1.yaml' is")
    assert errors[1].startswith("ed1.yaml:5:key_facts[0]: unknown key 'valeu'")


def test_a_brief_is_not_its_own_previous_edition() -> None:
    [error] = _errors(ED2.replace("ed1.yaml", "ed2.yaml"), {"ed2.yaml": ED2.encode()})
    assert "cannot be its own previous edition" in error


def test_the_previous_edition_is_confined_to_the_briefs_folder(tmp_path: Path) -> None:
    (tmp_path / "ed1.yaml").write_text(ED1, encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    path = inner / "ed2.yaml"
    path.write_text(ED2.replace("ed1.yaml", "../ed1.yaml"), encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        load_brief(DiskWorld(path))
    [d] = caught.value.diagnostics
    assert (d.line, d.field) == (7, "edition.previous") and "../ed1.yaml" in d.message


def test_an_edition_number_and_issue_not_after_the_previous_are_errors_at_their_lines() -> None:
    text = ED2.replace("number: 2", "number: 1").replace("03T08", "02T07")
    errors = _errors(text, {"ed1.yaml": ED1.encode()})
    assert [e.split(": ")[0] for e in errors] == [
        "ed2.yaml:5:edition.number",
        "ed2.yaml:6:edition.issued",
    ]
    assert "edition 1 is not greater than the previous edition's number, 1" in errors[0]
    assert "is not later than the previous edition" in errors[1]


# --------------------------------------------------------------------------- check


def test_check_warns_of_a_judgement_without_because_and_a_less_restrictive_tlp(
    chain: Path,
) -> None:
    code, out, err = run("check", "quake-ed3.yaml")
    assert code == 0 and "ok" in out
    assert "quake-ed3.yaml:8:6: warning: tlp: the TLP label TLP:GREEN is less restrictive" in err
    assert "[less-restrictive]" in err
    assert err.count("[judgement-without-because]") == 2
    code, _, err = run("check", "quake-ed2.yaml")  # the judgement moved with its reason
    assert "judgement-without-because" not in err and "less-restrictive" not in err
    code, _, _ = run("check", "--strict", "quake-ed3.yaml")
    assert code == 1


def test_a_marking_made_less_restrictive_is_a_warning(chain: Path) -> None:
    (chain / "quake-ed1.yaml").write_text(
        (chain / "quake-ed1.yaml").read_text().replace("OFFICIAL", "SECRET"), encoding="utf-8"
    )
    (chain / "quake-ed2.yaml").write_text(
        (chain / "quake-ed2.yaml").read_text().replace("OFFICIAL", "UNCLASSIFIED"),
        encoding="utf-8",
    )
    _, _, err = run("check", "quake-ed2.yaml")
    assert "warning: marking: the marking 'UNCLASSIFIED' is less restrictive than the " in err


def test_edition_rules_in_json_and_sarif(chain: Path) -> None:
    text = (chain / "quake-ed3.yaml").read_text().replace("number: 3", "number: 2")
    (chain / "quake-ed3.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run("check", "--format", "json", "quake-ed3.yaml")
    assert code == 1
    found = json.loads(out)
    assert {k: found[0][k] for k in ("rule", "severity", "line")} == {
        "rule": "edition-number",
        "severity": "error",
        "line": 12,
    }
    run("check", "--format", "sarif", "quake-ed3.yaml")
    _, out, _ = run("check", "--format", "sarif", "quake-ed2.yaml", "quake-ed3.yaml")
    log = json.loads(out)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in ("judgement-without-because", "less-restrictive", "edition-number"):
        assert rule in rules
    assert rules["edition-number"]["defaultConfiguration"]["level"] == "error"
    assert rules["less-restrictive"]["defaultConfiguration"]["level"] == "warning"
    results = [(r["ruleId"], r["level"]) for r in log["runs"][0]["results"]]
    assert ("edition-number", "error") in results


# --------------------------------------------------------------------------- diff


def test_diff_prints_the_boxs_lines_and_exits_0(chain: Path) -> None:
    code, out, err = run("diff", "quake-ed2.yaml", "quake-ed3.yaml")
    assert (code, err) == (0, "")
    ed2, ed3 = _load(chain / "quake-ed2.yaml"), _load(chain / "quake-ed3.yaml")
    changes = compare(ed2, ed3)
    assert out.splitlines() == summary(changes, limit=len(changes) + 1)
    code, out, _ = run("diff", "quake-ed3.yaml", "quake-ed3.yaml")
    assert code == 0 and "nothing changed" in out


def test_diff_json_has_kind_path_old_new_because(chain: Path) -> None:
    code, out, _ = run("diff", "--format", "json", "quake-ed1.yaml", "quake-ed2.yaml")
    assert code == 0
    found = json.loads(out)
    assert found[0] == {
        "kind": "figure",
        "path": "claims[0].items[0]",
        "label": "Deaths, Interior Ministry",
        "old": "632",
        "new": "2,012",
        "because": None,
        "direction": None,
        "as_of": None,
    }
    judgement = next(c for c in found if c["kind"] == "judgement")
    assert judgement["path"] == "analysis[0].confidence" and judgement["direction"] == "up"
    assert judgement["because"].startswith("Rescue teams reached")
    # any two briefs, not only a linked pair; a withdrawn part's path is in the old brief
    _, out, _ = run("diff", "--format", "json", "quake-ed3.yaml", "quake-ed1.yaml")
    removed = [c for c in json.loads(out) if c["kind"] == "section-removed"]
    assert removed == [] or all(c["path"].startswith("sections[") for c in removed)
    withdrawn = next(c for c in json.loads(out) if c["kind"] == "claims-withdrawn")
    assert withdrawn["path"] == "claims[1]"


def test_diff_reports_errors_in_either_file_as_check_does(chain: Path) -> None:
    (chain / "bad.yaml").write_text("title: T\ndate: 2022-13-01\nsummary: S.\n", encoding="utf-8")
    code, out, err = run("diff", "bad.yaml", "nowhere.yaml")
    assert code == 1 and out == ""
    assert "bad.yaml:2:7: error: date:" in err and "nowhere.yaml" in err


# --------------------------------------------------------------------------- header


def test_the_edition_line() -> None:
    issued = datetime(2022, 9, 3, 14, tzinfo=UTC)
    edition = Edition(number=3, issued=issued, next=datetime(2022, 9, 4, 9, tzinfo=UTC))
    assert edition_line(edition) == (
        "Edition 3 · issued 3 Sep 2022 14:00 UTC · next on or around 4 Sep 09:00 UTC"
    )
    late = Edition(number=1, issued=issued, next=datetime(2023, 1, 2, 9, tzinfo=UTC))
    assert edition_line(late).endswith("next on or around 2 Jan 2023 09:00 UTC")
    assert (
        edition_line(Edition(number=1, issued=issued)) == "Edition 1 · issued 3 Sep 2022 14:00 UTC"
    )
    india = datetime(2022, 9, 3, 14, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert zone_name(india) == "UTC+5:30"
    assert zone_name(india.replace(tzinfo=timezone(timedelta(hours=-4)))) == "UTC−4"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_header_names_the_edition_on_the_page(chain: Path, paper: str) -> None:
    path = chain / "quake-ed3.yaml"
    path.write_text(path.read_text().replace("fit: one-page", f"fit: one-page\n  paper: {paper}"))
    text = " ".join(page_text(build_file(path).pdf).split())
    assert "Edition 3 · issued 13 Sep 2023 14:00 UTC · next on or around 14 Sep 09:00 UTC" in text
    plain = chain / "plain.yaml"
    plain.write_text(ED1.replace("edition: {number: 1, issued: 2022-09-02T08:00:00Z}\n", ""))
    assert "Edition" not in page_text(build_file(plain).pdf)


# --------------------------------------------------------------------------- the record


def test_the_xmp_records_the_edition_and_the_previous_editions_digest(chain: Path) -> None:
    pdf = build_file(chain / "quake-ed3.yaml").pdf
    record = read_provenance(pdf)
    assert record is not None and record.edition == 3
    digest = hashlib.sha256((chain / "quake-ed2.yaml").read_bytes()).hexdigest()
    assert record.previous_sha256 == digest
    assert ("previous:quake-ed2.yaml", digest) in record.files
    first = read_provenance(build_file(chain / "quake-ed1.yaml").pdf)
    assert first is not None and (first.edition, first.previous_sha256) == (1, None)


def test_a_changed_previous_edition_is_noticed_by_reuse(chain: Path) -> None:
    path = chain / "quake-ed3.yaml"
    record = read_provenance(build_file(path).pdf)
    world = DiskWorld(path)
    assert mismatch(record, provenance_of(load_brief(world)[1], world)) is None
    previous = chain / "quake-ed2.yaml"
    previous.write_text(previous.read_text().replace("2012", "2013"), encoding="utf-8")
    world = DiskWorld(path)
    why = mismatch(record, provenance_of(load_brief(world)[1], world))
    assert why is not None and "quake-ed2.yaml" in why


# --------------------------------------------------------------------------- e-mail


def test_the_email_names_the_edition_and_begins_with_what_changed(chain: Path) -> None:
    code, _, err = run(
        "send", "quake-ed3.yaml", "--to", "a@example.org", "--dry-run", "-o", "m.eml", "--yes"
    )
    assert code == 0, err
    message = message_from_bytes((chain / "m.eml").read_bytes(), policy=policy.default)
    assert str(message["Subject"]).endswith("— as of 13 September 2023 — edition 3")
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    lines = text.splitlines()
    assert lines[:4] == [
        "TLP:GREEN",
        "OFFICIAL",
        "WHAT CHANGED SINCE EDITION 2",
        "- TLP label: AMBER → GREEN (less restrictive)",
    ]
    assert "- Deaths, Interior Ministry: 2,012 → 2,946" in lines
    page = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert page.index("What changed since edition 2") < page.index("<h1>")
    assert "<li>Sources: 1 new, 1 removed</li>" in page


def test_bodies_without_an_edition_are_as_before() -> None:
    brief = Brief.model_validate({"title": "T", "date": "2022-09-03", "summary": "S."})
    assert subject_of(brief) == "T — as of 3 September 2022"
    assert "WHAT CHANGED" not in plain_body(brief) and "What changed" not in html_body(brief)
    nothing = plain_body(brief, Changed(4, ()))
    assert nothing.splitlines()[:2] == ["WHAT CHANGED SINCE EDITION 4", "Nothing changed."]
