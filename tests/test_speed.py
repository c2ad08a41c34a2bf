"""The fast paths change nothing but the time: same widths, same scale, same bytes.

Timing itself is the benchmark's business (bench/bench.py); these tests check that each
shortcut gives exactly what the long way gives, and that a bad cache costs only time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase import pdfmetrics

import briefing.layout.fit as fit
from briefing.materials.fonts import FontFile, MeasuredFont
from briefing.materials.text import escape
from briefing.pipeline import materials_for, theme_for
from briefing.read import parse_brief
from briefing.validate.checks import validate
from briefing.world import cache
from briefing.world.cache import Cache, cache_dir
from tests.conftest import EXAMPLE, ROOT, build_doc, page_text
from tests.worlds import MemoryWorld

LONG = (EXAMPLE.read_text(encoding="utf-8"), "example.yaml")  # needs shrinking on A4


def _build(text: str, name: str = "speed.yaml") -> object:
    return build_doc(parse_brief(text.encode(), name), MemoryWorld(text, name))


def _entries(folder: Path) -> list[Path]:
    """The fit's entries in the cache (its step and this brief's latest step; not the kept
    models, ``.json``, nor the once-a-day pruning mark)."""
    return [p for p in folder.iterdir() if p.suffix in (".fit", ".near")]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The scales the fit lays the brief out at, in order."""
    scales: list[float] = []
    real = fit.prepare

    def prepare(*args: object, **kwargs: object) -> fit.Layout:
        scales.append(args[1])  # type: ignore[arg-type]
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
    world = MemoryWorld(MINIMAL_BYTES)
    fonts = world.fonts(theme_for(validate(parse_brief(MINIMAL_BYTES, "t.yaml")), world))
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


def test_fit_key_follows_brief_theme_paper_and_font_content() -> None:
    from dataclasses import replace

    text, name = LONG
    world = MemoryWorld(text, name)
    brief = validate(parse_brief(text.encode(), name))
    letter = validate(parse_brief(text.replace("paper: a4", "paper: letter").encode(), name))
    theme = theme_for(brief, world)
    files = world.font_files(theme)
    base = materials_for(brief, world)

    def key(materials: fit.Materials, fonts: object = files) -> str:
        return fit.fit_key(materials, fonts)  # type: ignore[arg-type]

    other_bold = replace(files, bold=FontFile.of(files.bold.path, files.bold.data + b"\0"))
    keys = {
        key(base),
        key(replace(base, brief=letter)),
        key(replace(base, theme=theme.greyed())),
        key(replace(base, theme=theme.scaled(0.9))),
        key(base, other_bold),  # the same file name, another content
    }
    assert len(keys) == 5
    assert key(base) == key(materials_for(brief, world))


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


def test_a_paragraph_rewrapped_at_a_known_width_is_the_same_paragraph() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as Plain

    from briefing.layout.measure import Paragraph

    world = MemoryWorld(MINIMAL_BYTES)
    fonts = world.fonts(theme_for(validate(parse_brief(MINIMAL_BYTES, "t.yaml")), world))
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
        "import floor (import yaml, click, reportlab.platypus)",
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
    assert "cold rebuild / import floor" in result.stdout
    assert not list(tmp_path.iterdir())  # it worked in a temporary folder of its own


def test_a_cache_entry_that_is_not_a_regular_file_is_not_read(own_cache: Path) -> None:
    import os

    own_cache.mkdir(parents=True)
    os.mkfifo(own_cache / "fifo.svg")  # reading a FIFO would block the build
    (own_cache / "link.svg").symlink_to("/dev/zero")
    (own_cache / "folder.svg").mkdir()
    with open(own_cache / "huge.svg", "wb") as handle:
        handle.truncate(cache.MAX_ENTRY + 1)  # sparse: no disk used
    store = Cache(own_cache)
    for key in ("fifo", "link", "folder", "huge", "missing"):
        assert store.read_bytes(key, "svg") is None
        assert store.read(key, "svg") is None
    (own_cache / "ok.fit").write_text("12")
    assert store.read("ok", "fit") == "12"


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
    recent = own_cache / f"{'b' * 64}.drawing"
    recent.write_text("y")
    stale_tmp = own_cache / "tmpab12cd.tmp"
    stale_tmp.write_text("half")
    _aged(stale_tmp, 2)
    fresh_tmp = own_cache / "tmpzz99.tmp"  # another process may be writing it now
    fresh_tmp.write_text("writing")
    foreign = [own_cache / "notes.txt", own_cache / f"{'C' * 64}.svg", own_cache / "x.svg"]
    for path in foreign:
        path.write_text("not ours")
        _aged(path, 400)
    Cache(cache_dir()).write("c" * 64, "fit", "1 seal")  # a write prunes (at most once a day)
    assert not old.exists() and not stale_tmp.exists()
    assert recent.exists() and fresh_tmp.exists() and all(p.exists() for p in foreign)
    assert (own_cache / f"{'c' * 64}.fit").exists()
    # the same day, a write does not look again
    later = own_cache / f"{'d' * 64}.svg"
    later.write_text("z")
    _aged(later, 90)
    Cache(cache_dir()).write("e" * 64, "fit", "2 seal")
    assert later.exists()


def test_reading_an_entry_keeps_it_and_the_cache_stays_under_its_size(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    own_cache.mkdir(parents=True)
    used = own_cache / f"{'1' * 64}.svg"
    used.write_text("read me")
    _aged(used, 90)
    assert Cache(own_cache).read("1" * 64, "svg") == "read me"  # marks it used
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


def test_font_files_are_named_by_content_and_read_only_when_used(own_cache: Path) -> None:
    """A theme's fallback faces (megabytes of CJK) are named from a kept digest, not read,
    until a brief needs them; a damaged digest entry costs a read, never a wrong name."""
    from briefing.world.disk import _FONTS, theme_fonts

    world = MemoryWorld(MINIMAL_BYTES, cache=Cache(own_cache))
    theme = world.theme("default")
    _FONTS.clear()
    first = theme_fonts(theme, world.cache)
    entries = sorted(own_cache.glob("*.digest"))
    assert len(entries) >= 5  # four faces and the fallbacks
    _FONTS.clear()
    again = theme_fonts(theme, world.cache)  # named from the kept digests: nothing read yet
    cjk = next(face for face, _ in again.fallbacks if face.stem == "DroidSansFallback")
    assert "data" not in vars(cjk)
    assert cjk.digest == next(f for f, _ in first.fallbacks if f.stem == cjk.stem).digest
    assert hashlib.sha256(cjk.data).hexdigest() == cjk.digest  # read, and checked, on use
    for entry in entries:
        entry.write_text("0" * 64 + " " + "0" * 16)  # damaged: refused by its seal
    _FONTS.clear()
    damaged = theme_fonts(theme, world.cache)
    assert [f.digest for f, _ in damaged.fallbacks] == [f.digest for f, _ in first.fallbacks]
    assert damaged.regular.digest == hashlib.sha256(damaged.regular.data).hexdigest()


LEAN = r"""
import sys
from briefing.shell.cli import main
try:
    main(["-q", "build", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as exc:
    assert not exc.code, exc.code
print(" ".join(sorted(m for m in sys.modules if m.startswith("briefing.validate."))))
"""


def test_a_valid_brief_is_built_without_the_all_errors_diagnosis(tmp_path: Path) -> None:
    """The complete diagnosis of an invalid brief (pydantic errors placed in the author's file,
    the partial brief checked across fields) is imported only when a brief is invalid: a valid
    build, the common case, does not pay for it at start-up (issue 20)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", LEAN, str(EXAMPLE), str(tmp_path / "a.pdf")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    loaded = result.stdout.split()
    assert "briefing.validate.checks" in loaded  # it did validate
    assert "briefing.validate.diagnose" not in loaded
    assert "briefing.validate.partial" not in loaded


REBUILD = r"""
import sys
from pydantic import BaseModel
from pydantic._internal._mock_val_ser import MockValSer
from briefing.shell.cli import main
try:
    main(["-q", "build", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as exc:
    assert not exc.code, exc.code

def models(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from models(sub)

built = sorted({m.__name__ for m in models(BaseModel)
                if not isinstance(m.__pydantic_validator__, MockValSer)})
print("built:" + ",".join(built))
print("pikepdf:" + str("pikepdf" in sys.modules))
"""


def test_a_rebuild_builds_no_validator_and_reads_its_pdf_without_pikepdf(tmp_path: Path) -> None:
    """A rebuild of an unchanged brief takes its validated model from the cache: no pydantic
    validator is built (a timeline's tokens once built one, ~45 ms); and finishing the PDF
    reads ReportLab's file with our own reader, without importing pikepdf (~40 ms). The test
    reads pydantic's private MockValSer to tell a built validator from a deferred one: only
    this test, never the package, looks at it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    args = [sys.executable, "-c", REBUILD, str(EXAMPLE), str(tmp_path / "a.pdf")]
    first = subprocess.run(args, capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    assert "Brief" in first.stdout  # a first build validates: the test can see a validator
    again = subprocess.run(args, capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    assert "built:\n" in again.stdout, again.stdout
    assert "pikepdf:False" in again.stdout


def test_no_default_factory_has_a_text_signature() -> None:
    """pydantic reads each default factory's signature when it builds a validator; a built-in
    with a text signature (``list``) has it parsed by ``tokenize``, whose pattern a cold start
    then compiles (~3 ms). Every factory is a Python function, one of our models, or a built-in
    without one (``dict``: no signature, refused at once)."""
    from pydantic import BaseModel

    import briefing.model
    import briefing.theme

    models = [
        value
        for module in (briefing.model, briefing.theme)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
    ]
    assert len(models) > 10
    for model in models:
        for name, info in model.model_fields.items():
            factory = info.default_factory
            text = getattr(factory, "__text_signature__", None)
            assert text is None, f"{model.__name__}.{name}: {factory}"


def _sources() -> list[Path]:
    found = [*sorted((ROOT / "briefs").glob("*.yaml")), *sorted((ROOT / "tests").rglob("*.yaml"))]
    return [*found, *sorted((ROOT / "assets" / "themes").glob("*.yaml"))]


def test_a_kept_parse_is_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every brief and theme of the project, read a second time, gives the document the parser
    gives (data, positions, quoting, problems), without running the parser (issue 20)."""
    import briefing.read as read
    from briefing.errors import BriefError

    store = Cache(tmp_path / "cache")
    kept = 0
    calls: list[str] = []
    for path in _sources():
        raw = path.read_bytes()
        try:
            fresh = read.parse_brief(raw, path.name)
        except BriefError:
            with pytest.raises(BriefError):  # a file that does not parse is never kept
                read.parse_kept(raw, path.name, store)
            continue
        assert read.parse_kept(raw, path.name, store) == fresh
        monkeypatch.setattr(read, "parse_brief", lambda raw, name: calls.append(name))
        assert read.parse_kept(raw, path.name, store) == fresh
        assert calls == []
        monkeypatch.undo()
        kept += 1
    assert kept > 30


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace('"data": {', '"data": {"injected": 7, ', 1),  # sealed again below
        lambda text: text.replace('"lines": [', '"lines": [null, ', 1),
        lambda text: text.replace('"values": [', '"values": [[[], "1", 1], ', 1),
        lambda text: "not json",
    ],
)
def test_a_kept_parse_that_a_parse_cannot_give_is_parsed_again(
    tmp_path: Path, damage: object
) -> None:
    import briefing.read as read
    from briefing.world.cache import key_of

    store = Cache(tmp_path / "cache")
    raw = EXAMPLE.read_bytes()
    fresh = read.parse_kept(raw, "example.yaml", store)
    (entry,) = (tmp_path / "cache").glob("*.json")  # the only entry: the kept parse
    seal, _, text = entry.read_text(encoding="utf-8").partition("\n")
    changed = damage(text)  # type: ignore[operator]
    assert changed != text
    key = entry.name.removesuffix(".json")
    entry.write_text(f"{key_of(key, changed)[:16]}\n{changed}", encoding="utf-8")
    assert read.parse_kept(raw, "example.yaml", store) == fresh
    entry.write_text(f"{seal}\n{text.replace('Syria', 'Chile')}", encoding="utf-8")  # unsealed
    assert read.parse_kept(raw, "example.yaml", store) == fresh


PLAIN_REBUILD = r"""
import sys
from briefing.shell.cli import main
try:
    main(["-q", "build", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as exc:
    assert not exc.code, exc.code
from briefing.dates import _compiled_forms
print(_compiled_forms.cache_info().currsize, " ".join(sorted(sys.modules)))
"""

#: What a rebuild of a brief that is no edition and no pack does not import: the pack's model
#: and reading, an edition's comparison and checks, the other commands' modules, the chart
#: drawing (its SVG is kept).
NOT_FOR_A_REBUILD = (
    "briefing.shell.commands",
    "briefing.shell.diff",
    "briefing.packs.model",
    "briefing.packs.read",
    "briefing.editions.changes",
    "briefing.editions.compare",
    "briefing.editions.scale",
    "briefing.validate.editions",
    "briefing.charts.svg",
    "email",
    "subprocess",  # only print runs a program
    "pikepdf",  # the PDF is finished by render/pdffile.py
)


def test_a_rebuild_imports_only_what_a_plain_brief_needs(tmp_path: Path) -> None:
    """A rebuild of the example (no edition, not a pack, nothing sent) imports none of what only
    a pack, an edition, a new chart or another command needs, and compiles no date label forms
    (its labels were read when it was first built)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", PLAIN_REBUILD, str(EXAMPLE), str(tmp_path / "a.pdf")]
    for _ in range(2):  # built, then rebuilt from the kept cache
        result = subprocess.run(
            command, capture_output=True, text=True, env=env, check=True, cwd=ROOT
        )
    compiled, *loaded = result.stdout.split()
    assert compiled == "0"
    assert "briefing.packs.detect" in loaded and "briefing.layout.edition" in loaded  # it looked
    assert not [m for m in loaded if m.startswith(NOT_FOR_A_REBUILD)]
