"""Stage 1: the strict reader keeps text literal, positions everything, refuses YAML tricks."""

from __future__ import annotations

import time

import pytest

from briefing.errors import BriefError
from briefing.read import parse_brief


def read(text: str | bytes) -> object:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_brief(raw, "x.yaml")


def diagnostics(text: str | bytes) -> list[str]:
    with pytest.raises(BriefError) as info:
        doc = read(text)
        assert getattr(doc, "problems", None), "expected problems"
        raise BriefError("problems", tuple(doc.problems))  # type: ignore[attr-defined]
    return [d.headline() + (f" | {d.hint}" if d.hint else "") for d in info.value.diagnostics]


@pytest.mark.parametrize(
    "typed", ["no", "on", "yes", "1:20", "3.10", "2016-03-14", "0x1F", "1e3", ".inf", "+12", "007"]
)
def test_scalars_stay_as_typed(typed: str) -> None:
    doc = read(f"subtitle: {typed}\n")
    assert doc.data == {"subtitle": typed}  # type: ignore[attr-defined]


def test_null_forms_are_none_but_quoted_empty_is_text() -> None:
    doc = read("a:\nb: ~\nc: null\nd: ''\n")
    assert doc.data == {"a": None, "b": None, "c": None, "d": ""}  # type: ignore[attr-defined]


def test_positions_are_one_based_for_keys_and_values() -> None:
    doc = read("title: T\nclaims:\n  items:\n    - label: A\n      value: 9\n")
    assert doc.values[("claims", "items", 0, "value")] == (5, 14)  # type: ignore[attr-defined]
    assert doc.keys[("claims", "items", 0, "value")] == (5, 7)  # type: ignore[attr-defined]


def test_duplicate_key_is_reported_at_second_occurrence() -> None:
    assert diagnostics("title: A\ndate: 2016-01-01\ntitle: B\n") == [
        "x.yaml:3:1: title: key 'title' is written twice (first at line 1) | remove one of them"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\nb: *x\n", "x.yaml:1:4: YAML anchor '&x' is not allowed"),
        (
            "a: !!python/object:os.system 1\n",
            "x.yaml:1:4: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        ),
        (
            "a: !!binary aGVsbG8=\n",
            "x.yaml:1:4: YAML tag 'tag:yaml.org,2002:binary' is not allowed",
        ),
        ("a: !x 1\n", "x.yaml:1:4: YAML tag '!x' is not allowed"),
        (
            "---\na: 1\n---\nb: 2\n",
            "x.yaml:3:1: invalid YAML: the file holds more than one YAML document ('---')",
        ),
        ("", "x.yaml:1:1: the brief is empty"),
        (
            "- a\n- b\n",
            "x.yaml:1:1: the brief must be a mapping of keys (title:, date:, ...), not a list",
        ),
        (
            "just text\n",
            "x.yaml:1:1: the brief must be a mapping of keys (title:, date:, ...), "
            "not a single value",
        ),
        (
            "title: a\n\tdate: b\n",
            "x.yaml:2:1: invalid YAML: a tab character is used for indentation",
        ),
        (
            "title: Syria: the exit\n",
            "x.yaml:1:13: invalid YAML: mapping values are not allowed here",
        ),
    ],
)
def test_refused_yaml(text: str, expected: str) -> None:
    with pytest.raises(BriefError) as info:
        read(text)
    assert info.value.diagnostics[0].headline() == expected


def test_merge_key_refused() -> None:
    assert diagnostics("a:\n  <<: {b: 1}\n")[0].startswith(
        "x.yaml:2:3: a: YAML merge keys ('<<') are not allowed"
    )


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    with pytest.raises(BriefError):
        read("\n".join(lines))
    assert time.perf_counter() - start < 0.5


def test_deep_nesting_is_refused_with_position() -> None:
    with pytest.raises(BriefError) as info:
        read("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nesting deeper than" in info.value.diagnostics[0].message
    assert info.value.diagnostics[0].line == 1


def test_not_utf8_names_line_and_byte() -> None:
    with pytest.raises(BriefError) as info:
        read(b"title: ok\nsummary: caf\xe9\n")
    d = info.value.diagnostics[0]
    assert (d.line, d.column) == (2, 13)
    assert "not valid UTF-8 (byte 0xE9)" in d.message


def test_bom_and_crlf_are_fine() -> None:
    doc = read(b"\xef\xbb\xbftitle: A\r\nsummary: B\r\n")
    assert doc.data == {"title": "A", "summary": "B"}  # type: ignore[attr-defined]


def test_oversized_file_refused_before_parsing() -> None:
    with pytest.raises(BriefError) as info:
        read("a: " + "x" * 1_100_000)
    assert "at most 1,000,000 bytes" in info.value.diagnostics[0].message


def test_long_scalar_and_long_list_are_problems() -> None:
    found = diagnostics("a: " + "x" * 25_000 + "\nb: [" + ",".join(["1"] * 600) + "]\n")
    assert any("longer than the limit of 20,000" in f for f in found)
    assert any("list of 600 items is longer than the limit of 500" in f for f in found)
