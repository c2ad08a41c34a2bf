"""Property tests over generated briefs (tests/generate.py): the promises of issue 19, for every
brief the generator makes, not only the briefs we thought of.

For every generated brief, built through the command line (``briefing build`` and ``briefing
check --fit`` via click's runner, the YAML text read with its line numbers):

- no internal error: exit 70 never happens (any exception other than the tool's own errors);
- ``check --fit`` gives the same exit status as ``build``; ``fit: flow`` never refuses a valid
  brief (exit 3);
- the same bytes twice (SOURCE_DATE_EPOCH fixed; one build with a cold cache, one warm);
- every word of the brief's printed text is in the PDF's text (normalised: NFKC, case, white
  space, hyphens, right-to-left words read either way), or the build reported the characters
  it could not print;
- no glyph dropped silently: every character of the printed text is in the PDF's text, or a
  diagnostic names its code point;
- a build of a brief of ordinary size takes bounded CPU time.

And, cheaply, over generated values: a claimed figure never prints as a different figure; a
table cell written as text stays text; a blank attribution is refused at its line; a
distribution name reaches the To: header as written.

Examples per test: ``BRIEFING_EXAMPLES`` (default small, for CI); the Hypothesis database is off
and the seed is printed on failure (``--hypothesis-seed`` replays it). Features behind a known
bug are off unless ``BRIEFING_GENERATE=all`` (see tests/generate.py, ``KNOWN_BUGS``).
Every failure the generator found is kept as a brief in tests/corpus/generated (tested at the
end of this file).
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
import time
import unicodedata
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.deliver.mail import compose_message, recipients_of
from briefing.errors import BriefError
from briefing.materials.cells import format_cell
from briefing.materials.text import plain
from briefing.numbers import format_value
from briefing.read import parse_brief
from briefing.shell.cli import cli
from briefing.validate.checks import validate
from tests.conftest import reader
from tests.generate import (
    FLAGS,
    KNOWN_BUGS,
    Generated,
    briefs,
    claim_value,
    dump,
    options_from_env,
    recipient,
)
from tests.worlds import MemoryWorld

OPTIONS = options_from_env()
EXAMPLES = int(os.environ.get("BRIEFING_EXAMPLES", "0") or 0)


def known_bug(flag: str) -> Any:
    """A property whose failing feature is a known bug (``KNOWN_BUGS``) is expected to fail,
    strictly: when the fix merges and the flag leaves ``KNOWN_BUGS``, the test must pass."""
    return pytest.mark.xfail(
        flag in KNOWN_BUGS and not getattr(OPTIONS, flag),
        reason=KNOWN_BUGS.get(flag, ""),
        strict=True,
    )


def _settings(ci: int) -> Any:
    return settings(
        max_examples=EXAMPLES or ci,
        deadline=None,
        database=None,  # no hidden state between runs; failures print their seed and brief
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )


EPOCH = "1767323045"  # 2026-01-02 03:04:05 UTC
CPU_LIMIT = 30.0  # seconds of CPU for one build of a brief of ordinary size


# --------------------------------------------------------------------------- running the CLI


def run(args: list[str], cache: Path) -> tuple[Result, float]:
    started = time.process_time()
    result = CliRunner().invoke(
        cli,
        args,
        env={"SOURCE_DATE_EPOCH": EPOCH, "BRIEFING_CACHE_DIR": str(cache), "NO_COLOR": "1"},
    )
    return result, time.process_time() - started


def write_world(g: Generated, folder: Path) -> Path:
    brief = folder / "brief.yaml"
    brief.write_text(g.text, encoding="utf-8")
    for name, data in g.files.items():
        (folder / name).write_bytes(data)
    return brief


def messages(result: Result) -> str:
    return (result.stderr or "") + (result.stdout or "")


# --------------------------------------------------------------------------- reading text back

_INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200f\u2010\u2011\u2060\ufeff-]+")
_CITATION = re.compile(r"\[@[a-z][a-z0-9_-]{0,39}(?:\s*;\s*@[a-z][a-z0-9_-]{0,39})*\]")
_ASCII_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?%?")


def normal(text: str) -> str:
    """Text compared without what layout may change: compatibility forms (ligatures, Arabic
    presentation forms), case (timeline dates print in capitals), white space and hyphens
    (line breaks, hyphenation)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).casefold())


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in reader(pdf).pages)


def printed_tokens(text: str) -> list[str]:
    """The words of a text field as the reader sees them: marks and citations taken out."""
    return [t for t in _CITATION.sub(" ", plain(text)).split() if normal(t)]


def expected_cell(cell: str, header: str) -> str:
    """A cell as it must print: an ASCII number with thousands separators; anything else
    (a postcode 02139, Arabic-Indic digits, a percentage, words) exactly as written."""
    if "year" in header.lower() or not _ASCII_NUMBER.fullmatch(cell.strip()):
        return cell
    if cell.strip().endswith("%"):  # 45% is not a YAML number: it prints as typed
        return cell
    negative = cell.strip().startswith("-")
    body = cell.strip().lstrip("-")
    whole, _, rest = body.partition(".")
    percent = body.endswith("%")
    whole = whole.rstrip("%")
    formatted = (
        f"{int(whole):,}" + (f".{rest.rstrip('%')}" if rest else "") + ("%" if percent else "")
    )
    return ("−" if negative else "") + formatted


def found(token: str, hay: str, rtl: bool) -> bool:
    """The token, or in right-to-left context its letters and digits read either way: the
    bidi algorithm rightly moves and mirrors neutrals there (``$5`` after Arabic prints
    ``5$``, a trailing ``>`` prints as ``<`` at the line's other end)."""
    t = normal(token)
    if t in hay:
        return True
    if not rtl:
        return False
    core = _core(t)
    return not core or core in _core(hay) or core[::-1] in _core(hay)


def _core(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNM")


def _is_rtl(token: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in token)


def reported(path: str, ch: str, diagnostics: str) -> bool:
    """A diagnostic names the character, or says the field has characters no font covers."""
    whole = re.sub(r"^(claims|analysis)\[0\]", r"\1", path)  # a single block has no index
    return f"U+{ord(ch):04X}" in diagnostics or any(
        f"{p}: no font covers" in diagnostics for p in (path, whole)
    )


def _mixed_lines(text: str) -> str:
    """The letters and digits of the extracted lines that hold right-to-left text.

    pypdf (like PDFium) reorders the neutrals of a left-to-right word that stands on a line
    beside right-to-left text ('فريق, =?utf' reads back as 'فريق,?= utf'; poppler reads the
    same PDF in order): there only the word's letters and digits can be looked for."""
    return "\n".join(_core(normal(line)) for line in text.splitlines() if _is_rtl(line))


def missing_text(g: Generated, pdf: bytes, diagnostics: str) -> list[str]:
    """What of the brief's text the PDF lacks, with no diagnostic naming its characters."""
    text = pdf_text(pdf)
    hay = normal(text)
    mixed = _mixed_lines(text)
    problems = []
    fields = dict(g.printed)
    for path, cell in g.cells.items():
        # the generator's cells reach the YAML as strings (the dump quotes what looks like a
        # number), and a cell written as text prints exactly as written
        fields[path] = cell
    for name, labels in g.svg_text.items():
        fields[f"figure {name} (SVG text)"] = labels
    for path, text in fields.items():
        rtl = _is_rtl(text)
        for token in printed_tokens(text):
            if not token or found(token, hay, rtl):
                continue
            core = _core(normal(token))
            if core and not rtl and core in mixed:
                continue  # beside right-to-left text on its line (see _mixed_lines)
            lost = [ch for ch in token if not ch.isspace() and normal(ch) and normal(ch) not in hay]
            if lost and all(reported(path, ch, diagnostics) for ch in lost):
                continue  # the author was told which characters could not be printed
            problems.append(f"{path}: {token!r} not in the PDF (unreported: {lost!r})")
    return problems


# --------------------------------------------------------------------------- the main property


def keeps_every_promise(g: Generated) -> None:
    with tempfile.TemporaryDirectory(prefix="gen-") as tmp:
        folder = Path(tmp)
        brief = write_world(g, folder)
        first, cpu = run(
            ["build", str(brief), "-o", str(folder / "a" / "brief.pdf")], folder / "c1"
        )
        said = messages(first)
        assert first.exit_code != 70, f"internal error (exit 70):\n{said}"
        assert first.exception is None or isinstance(first.exception, SystemExit), repr(
            first.exception
        )
        checked, _ = run(["check", "--fit", str(brief)], folder / "c2")
        assert checked.exit_code == first.exit_code, (
            f"check --fit exits {checked.exit_code}, build exits {first.exit_code}:\n"
            f"build: {said}\ncheck: {messages(checked)}"
        )
        if first.exit_code != 0:
            assert first.exit_code in (1, 3), said
            assert not (g.fit == "flow" and first.exit_code == 3), f"flow refused:\n{said}"
            if first.exit_code == 1:  # only characters no font covers, or a citation where it
                # cannot link (cite_everywhere puts them in titles), may refuse a generated brief
                assert "U+" in said or "a citation does not belong" in said, (
                    f"a valid brief refused:\n{said}"
                )
            return
        assert cpu < CPU_LIMIT, f"the build took {cpu:.1f} s of CPU"
        pdf = (folder / "a" / "brief.pdf").read_bytes()
        again, _ = run(["build", str(brief), "-o", str(folder / "b" / "brief.pdf")], folder / "c1")
        assert again.exit_code == 0, messages(again)
        assert (folder / "b" / "brief.pdf").read_bytes() == pdf, "two builds differ"
        lost = missing_text(g, pdf, said + messages(checked))
        assert not lost, "\n".join(lost)
        if not OPTIONS.cite_everywhere:
            return
        if "[@" in pdf_text(pdf):  # a citation printed literally: check must have said so
            assert "[@" in messages(checked) or "citation" in messages(checked), (
                "a citation prints literally as '[@…]' without a word from check"
            )


@pytest.mark.timeout(1800)
@_settings(ci=12)
@given(g=briefs(OPTIONS))
def test_a_generated_brief_keeps_every_promise(g: Generated) -> None:
    keeps_every_promise(g)


# --------------------------------------------------------------------------- cheap properties


def _as_number(text: str) -> float:
    text = text.replace("−", "-").replace(",", "")
    scale = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
    parts = text.split()
    value = float(parts[0].rstrip("%"))
    return value * scale[parts[1]] if len(parts) > 1 else value


@known_bug("tiny_and_huge")
@_settings(ci=300)
@given(value=claim_value(OPTIONS))
@example(value=0.0004)
@example(value=999_999_999)
@example(value=[1_200_000, 1_249_999])
def test_a_claimed_figure_never_prints_as_another(value: Any) -> None:
    """Within 5 %, never 0 for a value that is not, a range's ends stay apart, and no
    '1,000 million' (that is a billion)."""
    ends = value if isinstance(value, list) else [value]
    shown = format_value(tuple(ends) if len(ends) == 2 else ends[0])  # type: ignore[arg-type]
    pieces = shown.split("–") if len(ends) == 2 else [shown]
    assert len(pieces) == len(ends), shown
    for end, piece in zip(ends, pieces, strict=True):
        back = _as_number(piece)
        assert abs(back - end) <= 0.05 * abs(end), f"{end!r} prints as {piece!r}"
        assert back != 0 or end == 0, f"{end!r} prints as {piece!r}"
        words = piece.split()
        if len(words) > 1:
            assert float(words[0].replace(",", "")) < 1000, f"{end!r} prints as {piece!r}"
    if len(ends) == 2 and ends[0] != ends[1]:
        assert pieces[0] != pieces[1], f"the range {ends} prints as {shown!r}"


cells = st.one_of(
    st.text(alphabet="0123456789,.%-", max_size=8),
    st.from_regex(r"0[0-9]{3,5}", fullmatch=True),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩۰۱۲۳", min_size=1, max_size=6),
)


@known_bug("text_number_cells")
@_settings(ci=300)
@given(cell=cells)
@example(cell="02139")
@example(cell="٢٠٢٣")
def test_a_cell_written_as_text_stays_text(cell: str) -> None:
    assert format_cell(cell) == expected_cell(cell, "Count")


ATTRIBUTIONS = [
    ("claims", 0, "source"),
    ("analysis", 0, "source"),
    ("analysis", 0, "label"),
    ("sources", 0, "title"),
    ("quote", None, "speaker"),
]


BLANK_CLAIM = Generated(
    "",
    data={
        "title": "T",
        "date": "2026-01-02",
        "summary": "S",
        "claims": [{"source": "Ministry", "items": [{"label": "Deaths", "value": 3}]}],
    },
)


@known_bug("blank_attribution")
@_settings(ci=40)
@given(
    g=briefs(OPTIONS), which=st.sampled_from(ATTRIBUTIONS), blank=st.sampled_from(["", " ", "  \t"])
)
@example(g=BLANK_CLAIM, which=("claims", 0, "source"), blank="")
def test_a_blank_attribution_is_refused_at_its_line(
    g: Generated, which: tuple[str, int | None, str], blank: str
) -> None:
    """An unattributed claim, opinion, quote or source is what the tool exists to prevent."""
    data = copy.deepcopy(g.data)
    key, _, name = which
    target: dict[str, Any] | None = None
    if key == "quote":
        for section in data.get("sections", []):
            blocks = [b for b in section.get("blocks", []) if "quote" in b]
            target = blocks[0]["quote"] if blocks else section.get("quote")
            if target:
                break
    elif key in data:
        value = data[key]
        target = value[0] if isinstance(value, list) else value
    if target is None:
        return
    target[name] = blank
    text = dump(data)
    try:
        validate(
            parse_brief(text.encode("utf-8"), "blank.yaml"),
            MemoryWorld(text, "blank.yaml", files=g.files),
        )
    except BriefError as exc:
        assert any(d.line > 0 and name in d.field for d in exc.diagnostics), exc.diagnostics
        return
    pytest.fail(f"a blank {key}.{name} was accepted:\n{text}")


@known_bug("hostile_names")
@_settings(ci=200)
@given(entries=st.lists(recipient(OPTIONS), min_size=1, max_size=4))
@example(entries=[{"name": "Desk", "email": "josé@example.org"}])
@example(entries=[{"name": 'The "A" team', "email": "a@example.org"}])
@example(entries=[{"name": "=?utf-8?q?Mallory?=", "email": "m@example.org"}])
def test_a_distribution_name_reaches_the_to_header_as_written(
    entries: list[dict[str, str]],
) -> None:
    """What check accepts, send accepts, and the To: header names each person as written."""
    text = dump({"title": "T", "date": "2026-01-02", "summary": "S", "distribution": entries})
    brief = validate(parse_brief(text.encode("utf-8"), "d.yaml"))
    to = recipients_of(brief)
    if not to:  # no entry has an address: send refuses before composing (test_delivery)
        assert all("email" not in e for e in entries)
        return
    when = datetime(2026, 1, 2, tzinfo=UTC)
    message = compose_message(brief, b"%PDF-1.4", "d", "desk@example.org", to, [], when)
    wire = message.as_bytes(policy=message.policy.clone(utf8=True))  # as smtplib sends SMTPUTF8
    back = message_from_bytes(wire, policy=policy.default)
    names = [a.display_name for a in back["To"].addresses] if back["To"] else []
    assert names == [e["name"] for e in entries if "email" in e]


# --------------------------------------------------------------------------- regressions

CORPUS = Path(__file__).parent / "corpus" / "generated"


def _regressions() -> list[Any]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")) + sorted(CORPUS.glob("*/brief.yaml")):
        head = path.read_text(encoding="utf-8").split("\n")
        xfail = next(
            (line.split(":", 1)[1].strip() for line in head if line.startswith("# xfail:")), None
        )
        marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
        cases.append(pytest.param(path, marks=marks, id=str(path.relative_to(CORPUS))))
    return cases


def headers(path: Path, name: str) -> list[str]:
    """The values of a regression brief's ``# name: value`` comment lines."""
    prefix = f"# {name}:"
    lines = path.read_text(encoding="utf-8").split("\n")
    return [line[len(prefix) :].strip() for line in lines if line.startswith(prefix)]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("path", _regressions())
def test_a_brief_the_generator_found_keeps_its_promise(path: Path) -> None:
    """Every brief the generator found builds without an internal error, and as its header
    says: ``# expect: built`` (exit 0), ``refused`` (exit 1), ``cited-or-warned`` (no literal
    ``[@id]`` in the PDF unless check warns of it); ``# expect-text:`` must be in the PDF's
    text and ``# expect-absent:`` must not."""
    expect = (headers(path, "expect") or ["no-crash"])[0]
    with tempfile.TemporaryDirectory(prefix="reg-") as tmp:
        out = Path(tmp) / "brief.pdf"
        result, _ = run(["build", str(path), "-o", str(out)], Path(tmp) / "c")
        said = messages(result)
        assert result.exit_code != 70, said
        if expect == "refused":
            assert result.exit_code == 1, said
            return
        if expect in ("built", "cited-or-warned"):
            assert result.exit_code == 0, said
        if result.exit_code != 0:
            return
        text = pdf_text(out.read_bytes())
        hay = normal(text)
        for wanted in headers(path, "expect-text"):
            assert normal(wanted) in hay, f"{wanted!r} is not in the PDF"
        for unwanted in headers(path, "expect-absent"):
            assert normal(unwanted) not in hay, f"{unwanted!r} is in the PDF"
        if expect == "cited-or-warned" and "[@" in text:
            checked, _ = run(["check", str(path)], Path(tmp) / "c")
            assert "[@" in messages(checked) or "citation" in messages(checked), (
                "'[@…]' prints literally and check says nothing"
            )


def test_known_bugs_name_real_flags() -> None:
    """A known bug is switched off by a flag the generator has (a typo would test nothing)."""
    assert set(KNOWN_BUGS) <= set(FLAGS)


def test_neutrals_beside_right_to_left_text_are_looked_for_by_their_letters() -> None:
    """The oracle itself: a word whose neutrals an extractor reorders beside right-to-left text
    is found by its letters and digits, and a word that is not printed is still missed."""
    text = "Distribution\nDesk, فريق,?= utf-8?q?Mallory?=\nThe =?end"
    mixed = _mixed_lines(text)
    assert _core(normal("=?utf-8?q?Mallory?=")) in mixed
    assert _core(normal("Mallorie")) not in mixed
    assert _core(normal("=?end")) not in mixed  # a line without right-to-left text: exact only


def test_poppler_reads_a_name_beside_right_to_left_text_in_order(tmp_path: Path) -> None:
    """The PDF itself holds the name in order (poppler reads it so), whatever pypdf says."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (Debian's poppler-utils) is missing")
        pytest.skip("pdftotext (Debian's poppler-utils) is missing")
    path = CORPUS / "distribution-neutrals-beside-rtl.yaml"
    result, _ = run(["build", str(path), "-o", str(tmp_path / "b.pdf")], tmp_path / "c")
    assert result.exit_code == 0, messages(result)
    done = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "b.pdf"), "-"], capture_output=True, check=True
    )
    assert "=?utf-8?q?Mallory?=" in done.stdout.decode("utf-8")
