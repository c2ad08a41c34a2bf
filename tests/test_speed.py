"""The fast paths change nothing but the time: same widths, same scale, same bytes.

Timing itself is the benchmark's business (bench/bench.py); these tests check that each
shortcut gives exactly what the long way gives, and that a bad cache costs only time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase import pdfmetrics

import briefing.fit as fit
from briefing import cache
from briefing.fonts import MeasuredFont, register_fonts
from briefing.pipeline import build_pdf, theme_for
from briefing.reader import parse_brief
from briefing.text import escape
from briefing.validate import validate
from tests.conftest import EXAMPLE, GENERATED, ROOT, page_text

LONG = (EXAMPLE.read_text(encoding="utf-8"), "example.yaml")  # needs shrinking on A4


def _build(text: str, name: str = "speed.yaml") -> object:
    doc = parse_brief(text.encode(), name)
    return build_pdf(validate(doc), EXAMPLE.parent, GENERATED, None, doc)


def _entries(folder: Path) -> list[Path]:
    """The cache's entries (not its once-a-day pruning mark)."""
    return [p for p in folder.iterdir() if p.name != ".pruned"]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The scales the fit lays the brief out at, in order."""
    scales: list[float] = []
    real = fit.prepare

    def prepare(*args: object, **kwargs: object) -> fit.Prepared:
        scales.append(args[2])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fit, "prepare", prepare)
    return scales


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(folder))
    return folder


@pytest.mark.parametrize(
    "text",
    ["", "a", "Hmeimim", "fi ffl “quoted” — 2,000 km²", "Δ Ж ≥ −5", "مرحبا", "😀", "x" * 300],
)
def test_measured_width_is_reportlabs_width(text: str) -> None:
    fonts = register_fonts(
        theme_for(
            validate(parse_brief(b"title: t\ndate: 2016-01-01\nsummary: s\n", "t.yaml")), ROOT
        )
    )
    for name in (fonts.regular, fonts.bold, fonts.italic, *fonts.fallbacks):
        fonts.font_covers(name, "a")  # fallbacks are registered on first use
        font = pdfmetrics.getFont(name)
        assert isinstance(font, MeasuredFont)
        for size in (6.5, 8.0, 9.0, 11.37, 20.0):
            # ReportLab's Python formula (rl_accel's _py_instanceStringWidthTTF), exactly; its C
            # accelerator multiplies in another order (the last bit may differ) but is never
            # used for our fonts: MeasuredFont.stringWidth measures and draws alike
            widths, default = font.face.charWidths.get, font.face.defaultWidth
            expected = 0.001 * size * sum(widths(ord(u), default) for u in text)
            accelerated = instanceStringWidthTTF(font, text, size)
            assert accelerated == pytest.approx(expected, rel=1e-12, abs=1e-12)
            assert font.stringWidth(text, size) == expected
            assert font.stringWidth(text.encode("utf-8"), size) == expected
            assert pdfmetrics.stringWidth(text, name, size) == expected


def test_a_rebuild_lays_out_once_at_the_remembered_scale(
    own_cache: Path, counted: list[float]
) -> None:
    first = _build(*LONG)
    assert len(counted) > 2 and 0.55 < first.scale < 1.0  # type: ignore[attr-defined]
    assert sorted(p.suffix for p in _entries(own_cache)) == [".fit", ".near"]
    counted.clear()
    again = _build(*LONG)
    assert counted == [first.scale]  # type: ignore[attr-defined]
    assert again.pdf == first.pdf  # type: ignore[attr-defined]


EDITS = [
    # (old, new): a word changed, a sentence dropped, the quote dropped, a section added
    ("six months after the campaign began.", "six months after it began."),
    ("The sentence is unclear; the\n      figures are unverified.", "The figures are unverified."),
    ("    quote:\n", "    not_quote:\n"),
    (
        "sections:\n",
        "sections:\n  - heading: Added\n    text: " + "Six more words. " * 4 + "\n",
    ),
]


@pytest.mark.parametrize(("old", "new"), EDITS)
def test_an_edit_gives_the_page_a_cold_build_gives(
    own_cache: Path, counted: list[float], old: str, new: str
) -> None:
    text, name = LONG
    _build(text, name)
    edited = text.replace(old, new)
    if "not_quote" in new:  # drop the quote block: cut from its key to the next section
        head, _, tail = text.partition("    quote:\n")
        edited = head + tail[tail.index("  - heading:") :]
    assert edited != text
    counted.clear()
    built = _build(edited, name)
    hinted = len(counted)
    cold = tmp_build_without_cache(edited, name, own_cache.parent / "cold")
    assert built.pdf == cold  # type: ignore[attr-defined]
    assert 1 <= hinted <= 11  # a large edit gallops from the old step: a few more than a search
    assert len(list(own_cache.glob("*.fit"))) + len(list(own_cache.glob("*.near"))) >= 2


def test_a_small_edit_is_fitted_in_two_layouts(own_cache: Path, counted: list[float]) -> None:
    text, name = LONG
    _build(text, name)
    counted.clear()
    _build(text.replace("six months after the campaign began.", "six months on."), name)
    assert len(counted) == 2  # the earlier step and the one above it, no search


def tmp_build_without_cache(text: str, name: str, folder: Path) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_CACHE_DIR", str(folder))
        return _build(text, name).pdf  # type: ignore[attr-defined,no-any-return]


# an entry is trusted only if its seal ties it to its key: a 0 typed in (at which the page
# would fit, at the smallest type) or an entry copied from another brief costs a search
@pytest.mark.parametrize(
    "kept",
    ["", "nan", "-1", "0.5", "garbage", "1e400", "33", "31", "0", "0 " + "0" * 16,
     fit.seal_step("another brief's key", 0), fit.seal_step("another brief's key", 31)],
)  # fmt: skip
def test_a_bad_or_wrong_entry_costs_a_search_not_a_wrong_page(
    own_cache: Path, counted: list[float], kept: str
) -> None:
    reference = _build(*LONG)
    entries = {p: p.read_text(encoding="utf-8") for p in _entries(own_cache)}
    assert len(entries) == 2
    for entry in entries:
        entry.write_text(kept, encoding="utf-8")
    counted.clear()
    built = _build(*LONG)
    assert built.pdf == reference.pdf  # type: ignore[attr-defined]
    assert len(counted) >= 2
    for entry, before in entries.items():  # put right again
        assert entry.read_text(encoding="utf-8") == before


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocker / "cache"))
    built = _build(*LONG)
    assert built.pages == 1  # type: ignore[attr-defined]
    assert "Hmeimim" in page_text(built.pdf)  # type: ignore[attr-defined]


def test_cache_keys_separate_their_parts() -> None:
    assert cache.key_of("ab", "c") != cache.key_of("a", "bc")
    assert cache.key_of("ab", "c") == cache.key_of("ab", "c")
    assert len(cache.code_version()) == 64


def test_fit_key_follows_brief_theme_and_paper() -> None:
    text, name = LONG
    brief = validate(parse_brief(text.encode(), name))
    letter = validate(parse_brief(text.replace("paper: a4", "paper: letter").encode(), name))
    theme = theme_for(brief, EXAMPLE.parent)
    keys = {
        fit.fit_key(brief, theme, None),
        fit.fit_key(letter, theme, None),
        fit.fit_key(brief, theme.greyed(), None),
        fit.fit_key(brief, theme.scaled(0.9), None),
    }
    assert len(keys) == 4
    assert fit.fit_key(brief, theme, None) == fit.fit_key(brief, theme, None)


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ('<b>"x"</b>', '&lt;b&gt;"x"&lt;/b&gt;'),
        ("&amp;", "&amp;amp;"),
        ("plain", "plain"),
    ],
)
def test_escape_prints_text_literally(text: str, markup: str) -> None:
    assert escape(text) == markup
    assert escape('say "hi" & go', attribute=True) == "say &quot;hi&quot; &amp; go"


STARTUP = """
import briefing, re
import reportlab.platypus.paragraph as paragraph
import reportlab.lib.textsplit as textsplit
import yaml.reader
from briefing._startup import YAML_NON_PRINTABLE
print(type(paragraph.uri_pat).__name__, type(textsplit.rx).__name__,
      type(yaml.reader.Reader.NON_PRINTABLE).__name__)
real = re.compile(paragraph.uri_pat.pattern + "(?#fresh)", re.I)
for uri in ["https://example.org/a?b=1", "mailto:x@y.z", "ftp://10.0.0.1:21/x",
            "http://xn--bcher-kva.example/", "http://localhost:8080", "not a uri",
            "HTTP://EXAMPLE.ORG", "https://пример.рф/путь"]:
    ours, theirs = paragraph.uri_pat.match(uri), real.match(uri)
    assert (ours and ours.groups()) == (theirs and theirs.groups()), uri
cjk = re.compile(textsplit.rx.pattern + "(?#fresh)", re.UNICODE)
for text in ["plain", "日本語のテキスト", "mixed 中文 text", "ｆｕｌｌ", "\u2e80\u2e7f\uffff"]:
    assert textsplit.rx.sub(r"\\1\\0 ", text) == cjk.sub(r"\\1\\0 ", text), text
every = "".join(map(chr, range(0x110000)))  # every code point, surrogates included
printable = re.compile(YAML_NON_PRINTABLE + "(?#fresh)")
ours = [m.start() for m in yaml.reader.Reader.NON_PRINTABLE.finditer(every)]
assert ours == [m.start() for m in printable.finditer(every)]
assert yaml.reader.Reader.NON_PRINTABLE.search("ok \x07 bell").group() == "\x07"
print("same")
"""


def test_costly_patterns_are_compiled_only_when_used_and_match_the_same() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True
    )
    # "Deferred": the stand-in took the pattern's place; if ReportLab or PyYAML changed a
    # pattern this says "Pattern" and _startup needs updating (nothing breaks, start-up slows)
    assert result.stdout.split() == ["Deferred", "Deferred", "Deferred", "same"], (
        result.stdout + result.stderr
    )


LAZY = """
import sys
from pathlib import Path
from datetime import datetime, timezone
import briefing.pipeline
from briefing.jobs import build_one
print("PIL.ExifTags" in sys.modules, "uharfbuzz._harfbuzz" in sys.modules)
out = build_one(Path(sys.argv[1]), Path(sys.argv[2]), False, datetime.now(timezone.utc))
assert out.error is None, out.error
print("PIL.ExifTags" in sys.modules, "uharfbuzz._harfbuzz" in sys.modules)
import uharfbuzz  # reading __spec__ on import does not load it; using it does
print("uharfbuzz._harfbuzz" in sys.modules)
print(type(uharfbuzz.Blob(b"")).__name__, type(uharfbuzz).__name__)
from PIL import Image
print(Image.new("RGB", (2, 2)).size, type(Image).__name__)
"""


def test_pil_and_harfbuzz_load_only_when_a_brief_needs_them(tmp_path: Path) -> None:
    import subprocess
    import sys

    brief = Path(__file__).parent.parent / "briefs" / "syria-withdrawal.yaml"
    result = subprocess.run(
        [sys.executable, "-c", LAZY, str(brief), str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["False False", "False False", "False"], result.stdout
    # once used they are ordinary modules again
    assert lines[3:] == ["Blob module", "(2, 2) module"], result.stdout


def test_lazy_modules_skip_what_is_imported_or_missing() -> None:
    import sys

    from briefing._startup import defer_imports

    before = sys.modules["json"]
    defer_imports(("json", "no_such_module_here", "no_such_package.sub"))
    assert sys.modules["json"] is before
    assert "no_such_module_here" not in sys.modules


def test_a_lazy_module_behaves_as_an_imported_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    import sys
    import types

    from briefing._startup import LazyModule, defer_imports

    (tmp_path / "lazyprobe.py").write_text(
        "import sys\nRUNS = sys.modules[__name__].__dict__.get('RUNS', 0) + 1\n"
        "value = 42\n"
        "def f():\n    return value\n"
        "try:\n    sys.modules[__name__].not_yet\nexcept AttributeError as e:\n"
        "    DURING = str(e)\n"
    )
    (tmp_path / "lazybroken.py").write_text("raise RuntimeError('broken module')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazyprobe", raising=False)
    monkeypatch.delitem(sys.modules, "lazybroken", raising=False)
    defer_imports(("lazyprobe", "lazybroken"))
    probe = sys.modules["lazyprobe"]
    assert type(probe) is LazyModule and "value" not in vars(probe)
    assert importlib.import_module("lazyprobe") is probe and type(probe) is LazyModule
    assert not hasattr(probe, "__path__")  # a plain module has none: loads it, no error
    assert type(probe) is types.ModuleType and probe.RUNS == 1
    assert "partially initialized" in probe.DURING  # its own code saw a module being run
    from lazyprobe import f  # type: ignore[import-not-found]

    assert f() == 42
    with pytest.raises(AttributeError):
        probe.missing  # noqa: B018
    with pytest.raises(RuntimeError, match="broken module"):
        sys.modules["lazybroken"].anything  # noqa: B018
    assert "lazybroken" not in sys.modules  # as a failed import leaves it


def test_a_lazy_module_reloaded_before_use_is_an_ordinary_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    import sys
    import types

    from briefing._startup import defer_imports

    (tmp_path / "lazyreload.py").write_text(
        "import sys\nRUNS = sys.modules[__name__].__dict__.get('RUNS', 0) + 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazyreload", raising=False)
    defer_imports(["lazyreload"])
    module = importlib.reload(sys.modules["lazyreload"])
    assert type(module) is types.ModuleType and module.RUNS == 1
    assert not hasattr(module, "missing") and module.RUNS == 1  # not run a second time


def test_a_broken_lazy_module_says_how_to_repair_it(tmp_path: Path) -> None:
    """A broken uharfbuzz stops an Arabic brief with a message, not a traceback."""
    import os
    import subprocess
    import sys

    fake = tmp_path / "site" / "uharfbuzz"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('libharfbuzz: undefined symbol')\n")
    brief = tmp_path / "arabic.yaml"
    brief.write_text(
        "title: Arabic test\ndate: 2016-03-14\nsummary: الانسحاب الروسي من سوريا\n",
        encoding="utf-8",
    )
    # the fake first, then the briefing under test (not whichever copy is installed)
    source = Path(fit.__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(source)])}
    env["BRIEFING_CACHE_DIR"] = str(tmp_path / "cache")
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(brief), "-o", str(tmp_path / "a.pdf")],
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert done.returncode == 70, done.stderr
    assert "uharfbuzz is installed but cannot be imported (libharfbuzz" in done.stderr
    assert "pip install --force-reinstall uharfbuzz" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "a.pdf").exists()


def test_a_pattern_stand_in_copies_and_pickles_as_a_real_pattern() -> None:
    import copy
    import pickle
    import re

    from briefing._startup import CJK_PATTERN, YAML_NON_PRINTABLE, Deferred

    for stand_in, original in (
        (Deferred(CJK_PATTERN, re.UNICODE), CJK_PATTERN),
        (Deferred(YAML_NON_PRINTABLE, 0, "[\\x00-\\x08]"), YAML_NON_PRINTABLE),
    ):
        assert stand_in.pattern == original
        for again in (pickle.loads(pickle.dumps(stand_in)), copy.copy(stand_in)):
            # re.compile(original): the stand-in again in this process, a pattern elsewhere
            assert again.pattern == original
            assert again.findall("a中\\x01") == re.compile(original + "(?#x)").findall("a中\\x01")
    fresh = Deferred(CJK_PATTERN, re.UNICODE)
    assert fresh.sub(r"\1-", "a中b") == "a中-b"  # used, it is compiled
    with pytest.raises(AttributeError):
        fresh.__no_such_dunder__  # noqa: B018


def test_a_paragraph_rewrapped_at_a_known_width_is_the_same_paragraph() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as Plain

    from briefing.measure import Paragraph

    fonts = register_fonts(theme_for(validate(parse_brief(MINIMAL_BYTES, "t.yaml")), ROOT))
    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=9, leading=12)
    text = "Words that wrap differently at different widths, <b>some bold</b>, " * 6
    ours = Paragraph(text, style)
    for width in (300.0, 120.0, 300.0, 200.0, 120.0):
        fresh = Plain(text, style)
        assert ours.wrap(width, 1e6) == fresh.wrap(width, 1e6)
        assert _lines(ours) == _lines(fresh) and len(_lines(ours)) > 1
        ours_parts = ours.split(width, 40.0)
        fresh_parts = fresh.split(width, 40.0)
        assert [p.wrap(width, 1e6) for p in ours_parts] == [p.wrap(width, 1e6) for p in fresh_parts]
    assert sorted(ours.__dict__["_by_width"]) == [120.0, 200.0, 300.0]


def test_a_brief_far_too_long_is_refused_after_two_layouts(counted: list[float]) -> None:
    from briefing.errors import LayoutError

    text, name = LONG
    longer = text.replace("sections:\n", "sections:\n" + SECTION * 6, 1)
    with pytest.raises(LayoutError):
        _build(longer, name)
    assert counted == [1.0, fit.MIN_SCALE]


SECTION = (
    "  - heading: More\n    text: " + "A sentence that only adds length to the brief. " * 30 + "\n"
)
MINIMAL_BYTES = b"title: t\ndate: 2016-01-01\nsummary: s\n"


def _lines(paragraph: object) -> list[list[tuple[str, str]]]:
    return [
        [(str(word.text), str(word.fontName)) for word in line.words]
        for line in paragraph.blPara.lines  # type: ignore[attr-defined]
    ]


def test_streams_are_binary_and_reportlabs_setting_is_put_back() -> None:
    import io

    import pikepdf
    from reportlab import rl_config

    before = rl_config.useA85
    built = _build(*LONG)
    assert rl_config.useA85 == before
    filters = []
    with pikepdf.open(io.BytesIO(built.pdf)) as pdf:  # type: ignore[attr-defined]
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                found = obj.get("/Filter")
                filters.extend([found] if isinstance(found, pikepdf.Name) else list(found or []))
    assert pikepdf.Name("/FlateDecode") in filters
    assert pikepdf.Name("/ASCII85Decode") not in filters


@pytest.mark.timeout(300)
def test_the_benchmark_runs_and_prints_every_measure(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench.py"), "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    figures = {}
    for line in result.stdout.splitlines():
        label, _, value = line.strip().rpartition("  ")
        if label and value.replace(".", "", 1).isdigit():
            figures[label.strip()] = float(value)
    for label in (
        "first build (cold, empty caches)",
        "rebuild, brief unchanged (cold)",
        "rebuild after a text edit (cold)",
        "warm: the same brief again",
        "warm: the brief edited (as in watch)",
        "warm: a brief never built before",
        "watch: save to new PDF",
        "peak memory MB (one build in process)",
        "PDF size KB",
    ):
        assert figures.get(label, 0) > 0, (label, result.stdout)
    assert not list(tmp_path.iterdir())  # it worked in a temporary folder of its own


FONTS = ROOT / "assets" / "fonts"


def _face_state(face: object) -> dict[str, object]:
    state = dict(vars(face))
    scale = state.pop("_pdfScale")
    state["_pdfScale(1234)"] = scale(1234)  # type: ignore[operator]
    return state


@pytest.mark.parametrize("file", ["NotoSans-Regular.ttf", "NotoSerif-BoldItalic.ttf"])
def test_a_kept_font_face_is_the_face_reportlab_parses(file: str, own_cache: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

    path = str(FONTS / file)
    plain = TTFont("plain", path)
    first = MeasuredFont("first", path)  # parses and keeps
    assert list(own_cache.glob("*.face")), "the parsed face was not kept"
    kept = MeasuredFont("kept", path)  # from the cache
    assert _face_state(first.face) == _face_state(plain.face)
    assert _face_state(kept.face) == _face_state(plain.face)
    assert isinstance(kept.face.name, TTFNameBytes) and kept.face.name.ustr == plain.face.name.ustr
    # the font around the face is the one TTFont.__init__ makes (a new ReportLab may differ)
    assert sorted(vars(kept)) == sorted([*vars(plain), "_unit"])
    for attr in ("encoding", "state"):
        assert type(getattr(kept, attr)) is type(getattr(plain, attr))
    assert isinstance(kept.face, type(plain.face))
    assert (kept._asciiReadable, kept.shapable) == (plain._asciiReadable, plain.shapable)
    assert kept.face.makeSubset([65, 66, 0x20AC]) == plain.face.makeSubset([65, 66, 0x20AC])


def _resealed(entry: bytes, change: object) -> bytes:
    """``entry`` with its header changed by ``change`` and a digest that matches again."""
    import hashlib
    import json

    from briefing.faces import MAGIC

    body = entry[len(MAGIC) + 65 :]
    size, _, rest = body.partition(b"\n")
    header = json.loads(rest[: int(size)])
    change(header)  # type: ignore[operator]
    encoded = json.dumps(header).encode()
    body = str(len(encoded)).encode() + b"\n" + encoded + rest[int(size) :]
    return MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def _kept_entry(own_cache: Path) -> tuple[str, Path, bytes]:
    path = str(FONTS / "NotoSans-Regular.ttf")
    MeasuredFont("keep", path)
    (kept,) = own_cache.glob("*.face")
    return path, kept, kept.read_bytes()


BAD_ENTRIES = {
    "empty": lambda e: b"",
    "garbage": lambda e: b"garbage",
    "marshal of the old format": lambda e: __import__("marshal").dumps((1, {}, {})),
    "truncated": lambda e: e[: len(e) // 2],
    "one byte flipped in a table": lambda e: e[:-100] + bytes([e[-100] ^ 1]) + e[-99:],
    "one byte flipped in the digest": lambda e: e[:20] + bytes([e[20] ^ 1]) + e[21:],
    "a byte appended": lambda e: e + b"\0",
    # well-formed entries whose digest matches, but whose tables cannot be the font's
    "too few glyphs": lambda e: _resealed(e, lambda h: h["small"].update(numGlyphs=3)),
    "units per em of 0": lambda e: _resealed(e, lambda h: h["small"].update(unitsPerEm=0)),
    "a table past the end of the file": lambda e: _resealed(
        e, lambda h: h["small"]["table"]["s"]["glyf"]["s"].update(length=10**9)
    ),
    "a table's length changed": lambda e: _resealed(
        e, lambda h: h["tables"][0].__setitem__(2, h["tables"][0][2] - 1)
    ),
    "a name that is not text": lambda e: _resealed(e, lambda h: h["small"].update(name=5)),
}


@pytest.mark.parametrize("damage", list(BAD_ENTRIES))
def test_a_damaged_kept_face_is_parsed_again(damage: str, own_cache: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    path, kept, entry = _kept_entry(own_cache)
    bad = BAD_ENTRIES[damage](entry)
    kept.write_bytes(bad)
    again = MeasuredFont("again", path)
    assert _face_state(again.face) == _face_state(TTFont("plain", path).face)
    assert kept.read_bytes() == entry  # and kept whole again


def test_random_damage_to_a_kept_face_never_gives_another_face(own_cache: Path) -> None:
    """Thousands of random byte changes: each entry is refused whole (the digest)."""
    import random

    from briefing import faces

    _, _, entry = _kept_entry(own_cache)
    font = (FONTS / "NotoSans-Regular.ttf").read_bytes()
    state = faces.load(entry, font)
    assert state is not None
    assert faces.load(_resealed(entry, lambda h: None), font) == state  # resealing is faithful
    rng = random.Random(20261130)
    for _ in range(300):
        damaged = bytearray(entry)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        loaded = faces.load(bytes(damaged), font)
        assert loaded is None or (bytes(damaged) == entry and loaded == state)


def test_a_cache_entry_that_is_not_a_regular_file_is_not_read(own_cache: Path) -> None:
    import os

    own_cache.mkdir(parents=True)
    os.mkfifo(own_cache / "fifo.face")  # reading a FIFO would block the build
    (own_cache / "link.face").symlink_to("/dev/zero")
    (own_cache / "folder.face").mkdir()
    with open(own_cache / "huge.face", "wb") as handle:
        handle.truncate(cache.MAX_ENTRY + 1)  # sparse: no disk used
    for key in ("fifo", "link", "folder", "huge", "missing"):
        assert cache.read_bytes(key, "face") is None
        assert cache.read(key, "face") is None
    (own_cache / "ok.fit").write_text("12")
    assert cache.read("ok", "fit") == "12"


def test_builds_with_kept_faces_write_the_same_bytes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    outputs = []
    for run in ("cold", "kept"):
        out = tmp_path / f"{run}.pdf"
        subprocess.run(
            [sys.executable, "-m", "briefing", "build", str(EXAMPLE), "-o", str(out)],
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
        assert len(list((tmp_path / "cache").glob("*.face"))) == 4
    assert outputs[0] == outputs[1]


def test_reportlabs_c_accelerators_are_in_use() -> None:
    """rl_accel is a dependency: without it ReportLab silently falls back to Python code."""
    from reportlab.lib import rl_accel

    assert {"fp_str", "escapePDF", "instanceStringWidthTTF"} <= set(rl_accel._c_funcs)


def _aged(path: Path, days: float) -> Path:
    import os
    import time

    when = time.time() - days * 86400
    os.utime(path, (when, when))
    return path


def test_the_cache_removes_only_its_own_unused_entries(own_cache: Path) -> None:
    own_cache.mkdir(parents=True)
    old = own_cache / f"{'a' * 64}.svg"
    old.write_text("x")
    _aged(old, 90)
    recent = own_cache / f"{'b' * 64}.face"
    recent.write_text("y")
    stale_tmp = own_cache / "tmpab12cd.tmp"
    stale_tmp.write_text("half")
    _aged(stale_tmp, 2)
    fresh_tmp = own_cache / "tmpzz99.tmp"  # another process may be writing it now
    fresh_tmp.write_text("writing")
    foreign = [own_cache / "notes.txt", own_cache / f"{'C' * 64}.svg", own_cache / "x.face"]
    for path in foreign:
        path.write_text("not ours")
        _aged(path, 400)
    cache.write("c" * 64, "fit", "1 seal")  # a write prunes (at most once a day)
    assert not old.exists() and not stale_tmp.exists()
    assert recent.exists() and fresh_tmp.exists() and all(p.exists() for p in foreign)
    assert (own_cache / f"{'c' * 64}.fit").exists()
    # the same day, a write does not look again
    later = own_cache / f"{'d' * 64}.svg"
    later.write_text("z")
    _aged(later, 90)
    cache.write("e" * 64, "fit", "2 seal")
    assert later.exists()


def test_reading_an_entry_keeps_it_and_the_cache_stays_under_its_size(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    own_cache.mkdir(parents=True)
    used = own_cache / f"{'1' * 64}.svg"
    used.write_text("read me")
    _aged(used, 90)
    assert cache.read("1" * 64, "svg") == "read me"  # marks it used
    assert time.time() - used.stat().st_mtime < 60
    monkeypatch.setattr(cache, "MAX_TOTAL", 2500)
    sizes = {}
    for i, age in enumerate((30, 20, 10)):  # 3 x 1000 bytes, oldest first
        path = own_cache / f"{str(i + 2) * 64}.drawing"
        path.write_bytes(b"x" * 1000)
        sizes[path] = _aged(path, age)
    cache.prune(own_cache)
    kept = [p.exists() for p in sizes]
    assert kept == [False, True, True]  # the least recently used went first
    assert used.exists()
