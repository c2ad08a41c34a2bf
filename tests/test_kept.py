"""Validated models kept by content (briefing.world.kept): exact, or not kept at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from pydantic_core import TzInfo

from briefing.errors import BriefError
from briefing.model import Brief
from briefing.read import parse_brief
from briefing.validate.checks import validate
from briefing.world.cache import Cache
from briefing.world.kept import NotKept, encoded, freeze, kept_model, same, thaw
from tests.generate import Generated, briefs, options_from_env

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "briefs").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "corpus").rglob("*.yaml")
)


def _classes() -> dict[str, Any]:
    from briefing.world.kept import _classes as classes

    return classes()


def _round_trip(model: Any) -> Any:
    return thaw(json.loads(json.dumps(freeze(model))), _classes())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_brief_thaws_equal_to_what_validation_made(path: Path) -> None:
    try:
        brief = validate(parse_brief(path.read_bytes(), path.name))
    except BriefError:
        pytest.skip("an invalid brief of the corpus: nothing to keep")
    back = _round_trip(brief)
    assert same(back, brief)
    assert type(back) is Brief
    assert back.model_fields_set == brief.model_fields_set
    assert back.authored(("sections", 0)) == brief.authored(("sections", 0))


@settings(
    max_examples=int(os.environ.get("BRIEFING_EXAMPLES", "25")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(g=briefs(options_from_env()))
def test_any_valid_brief_thaws_equal_and_keeps_its_key(g: Generated) -> None:
    try:
        brief = validate(parse_brief(g.text.encode("utf-8"), "brief.yaml"))
    except BriefError:
        reject()  # the generator may cite in a field that takes no citation: nothing to keep
    back = _round_trip(brief)
    assert same(back, brief)
    assert encoded(back) == encoded(brief)


def test_values_keep_their_types() -> None:
    value = {
        ("a", 1): [1, 1.0, True, None, "x"],
        "d": date(2024, 2, 29),
        "t": datetime(2024, 2, 29, 12, 30),
        "s": frozenset({"x", "y"}),
        "u": (1, (2, "3")),
    }
    back = thaw(json.loads(json.dumps(freeze(value))), {})
    assert back == value
    assert type(back["d"]) is date and type(back["t"]) is datetime
    assert [type(v) for v in back[("a", 1)]] == [int, float, bool, type(None), str]
    assert type(back["u"]) is tuple


@pytest.mark.parametrize(
    "data",
    [{"$m": "Os", "f": {}, "s": [], "p": {}}, {"$eval": "1"}, {"a": 1, "b": 2}],
    ids=["unknown-model", "unknown-tag", "plain-mapping"],
)
def test_anything_freeze_does_not_write_is_refused(data: Any) -> None:
    with pytest.raises(NotKept):
        thaw(data, _classes())


def test_a_value_outside_the_kept_form_is_not_kept() -> None:
    with pytest.raises(NotKept):
        freeze({"set": {1, 2}})
    with pytest.raises(NotKept):
        freeze(float("nan"))


def _brief_data() -> dict[str, Any]:
    return {"title": "kept-test", "date": date(2024, 2, 29), "summary": "One sentence."}


def test_a_kept_model_is_used_and_a_tampered_one_validated_again(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    calls: list[Any] = []

    def validating(data: Any) -> Brief:
        calls.append(data)
        return Brief.model_validate(data)

    first = kept_model(Brief, _brief_data(), store, validating)
    second = kept_model(Brief, _brief_data(), store, validating)
    assert first == second and len(calls) == 1  # the second came from the store
    (entry,) = [p for p in tmp_path.rglob("*.json") if p.is_file()]
    entry.write_text(entry.read_text().replace("kept-test", "tampered"))
    third = kept_model(Brief, _brief_data(), store, validating)
    assert third == first and len(calls) == 2  # the seal no longer matched: validated again


def test_invalid_data_is_validated_every_time(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    for _ in range(2):
        with pytest.raises(Exception, match="validation error"):
            kept_model(Brief, {"title": 5, "nonsense": True}, store, Brief.model_validate)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_rebuild_builds_no_validator(tmp_path: Path) -> None:
    """The second process builds the same brief from what the first kept: pydantic never
    completes the ``Brief`` class (its validator is built on first validation)."""
    code = (
        "import sys\n"
        "from briefing.shell.cli import main\n"
        "from briefing.model import Brief\n"
        "try:\n"
        "    main([ 'build', sys.argv[1], '-o', sys.argv[2], '-q'])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(Brief.__pydantic_complete__)\n"
    )
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1"}
    brief = str(ROOT / "briefs" / "syria-withdrawal.yaml")
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, brief, str(tmp_path / f"{n}.pdf")],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        for n in range(2)
    ]
    assert [run.stdout.strip() for run in runs] == ["True", "False"]
    assert (tmp_path / "0.pdf").read_bytes() == (tmp_path / "1.pdf").read_bytes()


def test_a_zone_comes_back_of_the_type_validation_gave_it() -> None:
    data = {
        "title": "T",
        "date": date(2023, 6, 8),
        "summary": "S.",
        "edition": {"number": 2, "issued": "2023-06-08T12:00:00+05:30"},
    }
    brief = Brief.model_validate(data)
    back = _round_trip(brief)
    assert same(back, brief)
    zone = brief.edition.issued.tzinfo
    assert type(back.edition.issued.tzinfo) is type(zone)
    assert back.edition.issued.tzname() == brief.edition.issued.tzname()
    # the same offset in the other type of zone is not the same value
    other = TzInfo(19800) if type(zone) is timezone else timezone(timedelta(hours=5, minutes=30))
    assert back.edition.issued == back.edition.issued.replace(tzinfo=other)
    assert not same(back.edition.issued.replace(tzinfo=other), brief.edition.issued)
    pydantic_time = {"$dt": ["2023-06-08T12:00:00+05:30", "core"]}
    assert type(thaw(pydantic_time, {}).tzinfo) is TzInfo  # pydantic's own zone comes back


def test_a_cache_others_can_write_is_not_read(tmp_path: Path) -> None:
    """A kept model decides what the PDF says and to whom it goes: one from a folder (or a
    file) another user could have written is not used; the data is validated again."""
    store = Cache(tmp_path)
    calls: list[Any] = []

    def validating(data: Any) -> Brief:
        calls.append(data)
        return Brief.model_validate(data)

    kept_model(Brief, _brief_data(), store, validating)
    (entry,) = tmp_path.glob("*.json")
    for target, mode in ((tmp_path, 0o777), (entry, 0o666)):
        original = target.stat().st_mode & 0o777
        target.chmod(mode)
        try:
            kept_model(Brief, _brief_data(), store, validating)
        finally:
            target.chmod(original)
    assert len(calls) == 3  # the first build, then once for each shared place
    kept_model(Brief, _brief_data(), store, validating)
    assert len(calls) == 3  # the user's own again: used
