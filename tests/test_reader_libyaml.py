"""libyaml reads plain briefs; what it gives must be exactly what PyYAML's Python parser gives.

Where a text holds a construct the two parsers treat differently (see reader._LIBYAML_AVOIDS),
or libyaml refuses it, PyYAML reads it (so errors keep PyYAML's words). Where libyaml reads a
text, the Document must be the one PyYAML makes: checked over the example, the invalid corpus,
awkward hand-written YAML and seeded random mutations of all of them.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

import briefing.reader as reader
from briefing.errors import BriefError
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.skipif(reader.libyaml is None, reason="PyYAML built without libyaml")

AWKWARD = [
    "title: a\ntitle: b\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "<<: [1]\n",
    "'<<': 1\n",
    "a: ~\nb: null\nc:\nd: ''\ne: \"\"\n",
    "a: |\n  line one\n  line two\n\nb: >-\n  folded\n  text\n",
    "a: [1, 2, [b, c]]\nd: [e, [f, g]]\n",
    "a:\n\t- tab\n",
    "a: b: c\n",
    "a: 'it''s'\nb: \"esc \\u00e9 \\t \\x41\"\n",
    "a: x\u0085b: y\n",
    "a: x\u2028y\nb: z\n",
    "a: \ufeffbom inside\n",
    "a: \x07bell\n",
    "a: 😀 wide\nb: \U0001f600\n",
    "--- \na: 1\n--- \nb: 2\n",
    "- just\n- a list\n",
    "plain scalar\n",
    "",
    "# only a comment\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "%TAG ! tag:example.com,2000:\n---\na: !x 1\n",
    "? complex\n: key\n",
    "a: " + "[" * 30 + "]" * 30 + "\n",
    "a: 2016-03-15\nb: 1:30\nc: 0x1F\nd: yes\ne: .inf\n",
    "a: 'unterminated\n",
    'a: "bad \\q escape"\n',
    "a:\n  - b\n - c\n",
    "a: x\n  b: y\n",
    'key with spaces: v\n"quoted key": w\n',
    "a: |+\n  keep\n\n\nb: 1\n",
    "a: |#+\n  keep\n",
    "a: >\n  para one\n\n  para two\n",
    "a: -1\nb: - x\n",
    "a: `tick`\nb: @at\nc: %pc\n",
    "a: [b, , c]\n",
    "a: [b: c, d]\n",
    "a: x\rb: y\n",
    "a: 'multi\n  line'\nb: \"also\n\n  here\"\n",
    "a:   \n  - x\n  -\n  - y\n",
    "  a: indented\n  b: too\n",
    "a: x # comment\nb: 'y' # c\n#\n",
    # found by a second, adversarial hunt (11.7 million texts): empty values in flow
    # collections before a comment, empty explicit documents, '#' after a %YAML version
    "k: [j: #\n]\n",
    "a: [b: #c\n, d]\n",
    "a: ['b': #c\n ]\n",
    "---",
    "--- #c",
    "\n---",
    "---\n#c",
    "%YAML 1.1#\n---\nk: v\n",
    "%YAML 1.2\n---",
    'k: "\\U00110000"\n',
]


def _documents(text: str) -> tuple[object, object, bool]:
    """(the default reader's Document or error, PyYAML's alone, whether libyaml read it)."""

    def read() -> object:
        try:
            doc = reader.parse_brief(text.encode("utf-8", "surrogatepass"), "t.yaml")
        except BriefError as exc:
            return ("error", str(exc), exc.diagnostics)
        return dataclasses.asdict(doc)

    fast = reader._compose_fast(text.replace("\r\n", "\n"), reader.LIMITS)[0]
    default = read()
    saved = reader.libyaml
    reader.libyaml = None
    try:
        python_only = read()
    finally:
        reader.libyaml = saved
    return default, python_only, fast


def _corpus() -> list[str]:
    texts = [EXAMPLE.read_text(encoding="utf-8"), *AWKWARD]
    invalid = Path(__file__).parent / "invalid"
    texts += [p.read_text(encoding="utf-8") for p in sorted(invalid.glob("*.yaml"))]
    return texts


@pytest.mark.parametrize("text", _corpus())
def test_libyaml_and_pyyaml_read_the_same(text: str) -> None:
    default, python_only, _ = _documents(text)
    assert default == python_only


ALPHABET = [
    *":-?[]{}#&*!|>'\"%@`,\n\t \\",
    ": ",
    ", ",
    "- ",
    "\u2028",
    "\x85",
    "é",
    "😀",
    "\x0c",
    "\r",
    "\ufeff",
]


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        if not text:
            break
        at = rng.randrange(len(text))
        roll = rng.random()
        if roll < 0.3:
            text = text[:at] + text[at + rng.randint(1, 5) :]
        elif roll < 0.4:
            start = rng.randrange(len(text))
            text = text[:at] + text[start : start + rng.randint(1, 20)] + text[at:]
        else:
            text = text[:at] + rng.choice(ALPHABET) + text[at:]
    return text


def test_libyaml_and_pyyaml_read_the_same_mutated_briefs() -> None:
    """Seeded random edits: deletions, copies, insertions of YAML's awkward characters."""
    rng = random.Random(20261130)
    corpus = _corpus()
    used = 0
    for _ in range(600):
        text = mutate(rng, rng.choice(corpus))
        default, python_only, fast = _documents(text)
        assert default == python_only, repr(text)
        used += fast
    assert used > 50  # the fast path was taken often enough to be tested


def test_libyaml_reads_the_example_and_pyyaml_the_awkward(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[bool] = []
    real = reader._compose_fast

    def spy(text: str, limits: reader.Limits) -> tuple[bool, object]:
        result = real(text, limits)
        used.append(result[0])
        return result

    monkeypatch.setattr(reader, "_compose_fast", spy)
    reader.parse_brief(EXAMPLE.read_bytes(), "example.yaml")
    reader.parse_brief(b"title: Why?\ndate: 2016-03-14\nsummary: s\n", "question.yaml")
    assert used == [True, False]
