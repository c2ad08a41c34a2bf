"""Building a pack (part 4 of the format): every brief's pages read as when it is built alone,
the cover, the blank pages of a two-sided pack, one tagged structure with a part per brief,
bookmarks per brief, the XMP record, and the real readers' checks of a single brief
(PDFBox Preflight, ``pdfua check``, poppler) on a pack.

Two packs: the corpus's morning pack (``briefs/pack/morning.yaml``: four briefs with different
markings and TLP labels, sidebars right, left and none, a two-page flow, two-sided) and a pack
of shapes made in a temporary folder from the examples and the corpus (a figure, right-to-left
text in a brief of its own language, charts, a two-page flow in greys with another theme, a
sidebar at the left; one-sided).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from briefing.errors import LayoutError
from briefing.packs.build import PackBuilt, build_pack, plan_pages
from briefing.packs.model import LoadedPack
from briefing.packs.read import load_pack
from briefing.pipeline import build_pdf, load_brief
from briefing.provenance import read_provenance
from briefing.render.page import BLANK_WORDS
from briefing.world.disk import DiskWorld
from tests.conftest import ROOT
from tests.pixels import rasterise
from tests.test_archive import PREFLIGHT, missing_reader, need

NOW = datetime(2022, 1, 21, 7, 0, tzinfo=UTC)
MORNING = ROOT / "briefs" / "pack" / "morning.yaml"

SHAPES = """\
pack:
  title: Shapes of briefs
  date: 2016-03-14
  organisation: Test Desk
  briefs: [iran.yaml, rtl.yaml, charts.yaml, long-flow.yaml, heading-at-foot.yaml]
"""
SHAPE_FILES = {
    "iran.yaml": ROOT / "briefs" / "iran-nuclear-deal.yaml",  # a figure, TLP:GREEN
    "rtl.yaml": ROOT / "tests" / "corpus" / "rtl.yaml",  # right-to-left text
    "charts.yaml": ROOT / "tests" / "corpus" / "charts.yaml",  # charts, a flow of one page
    "long-flow.yaml": ROOT / "tests" / "corpus" / "long-flow.yaml",  # two pages, greys, print
    "heading-at-foot.yaml": ROOT / "tests" / "corpus" / "heading-at-foot.yaml",  # sidebar left
}


def load(path: Path) -> LoadedPack:
    world = DiskWorld(path, clock=lambda: NOW)
    return load_pack(world, lambda name: DiskWorld(path.parent / name, clock=lambda: NOW))


def alone(path: Path) -> bytes:
    """The brief at ``path`` built alone, as ``briefing build`` does, at the same time."""
    world = DiskWorld(path, clock=lambda: NOW)
    doc, brief = load_brief(world)
    return build_pdf(brief, world, doc).pdf


@pytest.fixture(scope="module")
def morning() -> tuple[LoadedPack, PackBuilt]:
    loaded = load(MORNING)
    return loaded, build_pack(loaded)


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> tuple[LoadedPack, PackBuilt]:
    folder = tmp_path_factory.mktemp("shapes")
    for name, source in SHAPE_FILES.items():
        text = source.read_text(encoding="utf-8")
        if name == "rtl.yaml":  # a brief in a language of its own
            text = text.replace("\ndate:", "\nlanguage: ar\ndate:", 1)
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "briefs" / "jcpoa-centrifuges.svg", folder)
    (folder / "shapes.yaml").write_text(SHAPES, encoding="utf-8")
    loaded = load(folder / "shapes.yaml")
    return loaded, build_pack(loaded)


@pytest.fixture(params=["morning", "shapes"])
def pack(request: pytest.FixtureRequest) -> tuple[LoadedPack, PackBuilt]:
    found: tuple[LoadedPack, PackBuilt] = request.getfixturevalue(str(request.param))
    return found


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def coloured(image: Image.Image) -> int:
    """How many pixels of ``image`` are not grey."""
    data = image.convert("RGB").tobytes()
    return sum(
        1 for i in range(0, len(data), 3) if max(data[i : i + 3]) - min(data[i : i + 3]) > 24
    )


def texts(pdf: bytes) -> list[str]:
    """Each page's text as PDFium reads it."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [str(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


# --------------------------------------------------------------------------- as alone


def test_plan_pages_starts_every_brief_on_a_right_hand_page_when_duplex() -> None:
    assert plan_pages(1, [1, 1, 2, 1], True).starts == [3, 5, 7, 9]
    assert plan_pages(1, [1, 1, 2, 1], True).blanks == [2, 4, 6]
    assert plan_pages(1, [1, 1, 2, 1], False).starts == [2, 3, 4, 6]
    assert plan_pages(1, [1, 1, 2, 1], False).blanks == []
    # a cover of two pages: 3-4, 5-7, blank 8, 9
    assert plan_pages(2, [2, 3, 1], True).starts == [3, 5, 9]
    assert plan_pages(2, [2, 3, 1], True).blanks == [8]
    assert plan_pages(1, [2, 3, 1], True).blanks == [2, 8]


def test_every_briefs_pages_read_as_when_built_alone(
    pack: tuple[LoadedPack, PackBuilt],
) -> None:
    loaded, built = pack
    pages = texts(built.pdf)
    assert len(pages) == built.pages
    for member, start, count in zip(loaded.members, built.starts, built.member_pages, strict=True):
        path = Path(member.world.name)
        own = texts(alone(path if path.is_absolute() else MORNING.parent / path))
        assert len(own) == count, member.path
        for n, text in enumerate(own):
            number = start + n
            in_pack = pages[number - 1]
            added = f"Pack page {number} of {built.pages}"
            assert in_pack.count(added) == 1, (member.path, number)
            assert lines(in_pack.replace(added, "")) == lines(text), (member.path, n + 1)
            assert f"Page {n + 1} of {count}" in in_pack


def test_every_briefs_pages_look_as_when_built_alone_but_the_pack_page_line(
    pack: tuple[LoadedPack, PackBuilt],
) -> None:
    """Pixel for pixel, apart from "Pack page N of M" in the bottom margin, at the left."""
    from PIL import ImageChops

    loaded, built = pack
    for member, start, count in zip(loaded.members, built.starts, built.member_pages, strict=True):
        path = Path(member.world.name)
        own = alone(path if path.is_absolute() else MORNING.parent / path)
        for n in range(count):
            mine, theirs = rasterise(own, n, dpi=40), rasterise(built.pdf, start - 1 + n, dpi=40)
            assert mine.size == theirs.size
            box = ImageChops.difference(mine, theirs).getbbox()
            width, height = mine.size
            assert box is not None, "the pack page line is drawn"
            _, top, right, _ = box
            assert right < width * 0.3 and top > height * 0.94, (member.path, n + 1, box)


def test_the_shapes_cover_what_a_brief_can_be(shapes: tuple[LoadedPack, PackBuilt]) -> None:
    loaded, built = shapes
    briefs = {m.path: m.brief for m in loaded.members}
    assert briefs["rtl.yaml"].language == "ar"
    assert briefs["long-flow.yaml"].layout.fit == "flow" and built.member_pages[3] == 2
    assert briefs["heading-at-foot.yaml"].layout.sidebar == "left"
    assert briefs["charts.yaml"].charts and briefs["iran.yaml"].sections
    assert built.blanks == [] and built.starts == [2, 3, 4, 5, 7]


# --------------------------------------------------------------------------- cover and blanks


def test_the_cover_lists_each_brief_with_its_marking_label_and_start(
    morning: tuple[LoadedPack, PackBuilt],
) -> None:
    loaded, built = morning
    assert built.cover_pages == 1
    cover = " ".join(texts(built.pdf)[0].split())
    for words in ("Morning meeting of the crisis cell", "21 January 2022", "08:30", "Crisis Cell"):
        assert words in cover
    assert cover.count("SECRET//REL TO USA, GBR") >= 3  # both banners, and the table
    assert cover.count("TLP:RED") >= 3  # both labels, and the table
    assert "Page 1 of 1" in cover and f"Pack page 1 of {built.pages}" in cover
    for member, start in zip(loaded.members, built.starts, strict=True):
        title = " ".join(member.brief.title.split())
        row = cover[cover.index(title[:20]) :]
        assert member.brief.marking and member.brief.marking in row
        assert member.brief.tlp and f"TLP:{member.brief.tlp.upper()}" in row
        assert str(start) in row
    assert loaded.marking == "SECRET//REL TO USA, GBR" and loaded.tlp == "red"


def test_duplex_puts_a_blank_left_hand_page_before_a_brief_that_would_start_on_one(
    morning: tuple[LoadedPack, PackBuilt],
) -> None:
    loaded, built = morning
    assert loaded.pack.duplex
    assert built.starts == [3, 5, 7, 9] and built.blanks == [2, 4, 6]
    assert all(start % 2 == 1 for start in built.starts)
    pages = texts(built.pdf)
    for number in built.blanks:
        text = pages[number - 1]
        assert BLANK_WORDS in text and "SECRET//REL TO USA, GBR" in text and "TLP:RED" in text
        assert f"Pack page {number} of {built.pages}" in text
    with pikepdf.open(io.BytesIO(built.pdf)) as doc:
        for number in built.blanks:
            page = doc.pages[number - 1]
            operators = [str(op) for _, op in pikepdf.parse_content_stream(page)]
            assert "BDC" not in operators  # nothing of it is content: all an artifact
            assert "/StructParents" not in page.obj


def _coloured_left(pdf: bytes) -> int:
    """Coloured pixels of the cover left of where the TLP labels stand (at the right)."""
    image = rasterise(pdf, 0, dpi=30)
    return coloured(image.crop((0, 0, image.size[0] * 6 // 10, image.size[1])))


def test_the_pack_in_greys_reads_the_same_and_prints_in_greys() -> None:
    loaded = load(MORNING)
    grey = build_pack(loaded, grey=True)
    colour = build_pack(loaded)
    assert texts(grey.pdf) == texts(colour.pdf)
    assert _coloured_left(colour.pdf) > 100  # the red banner
    assert _coloured_left(grey.pdf) == 0
    for number in grey.starts:  # each brief in greys too
        image = rasterise(grey.pdf, number - 1, dpi=30)
        assert coloured(image.crop((0, 0, image.size[0] * 6 // 10, image.size[1]))) == 0, number


# --------------------------------------------------------------------------- structure


def _parts(pdf: bytes) -> list[tuple[str, str | None, str]]:
    """The Document's children: role, /Lang, and the title of the H1 inside."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        (document,) = doc.Root.StructTreeRoot.K
        assert pikepdf.Name.Document == document.S
        found = []
        for part in document.K:
            title = ""
            todo: list[Any] = [part]
            while todo and not title:
                elem = todo.pop(0)
                if elem.get("/S") == pikepdf.Name.H1:
                    title = str(elem.T)
                kids = elem.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                        todo.append(kid)
            lang = str(part.Lang) if "/Lang" in part else None
            found.append((str(part.S)[1:], lang, title))
        return found


def test_one_part_per_brief_each_in_its_language(pack: tuple[LoadedPack, PackBuilt]) -> None:
    loaded, built = pack
    expected = [("Part", "en", loaded.pack.title)]
    expected += [("Part", m.brief.language, m.brief.title) for m in loaded.members]
    found = _parts(built.pdf)
    assert [(role, lang) for role, lang, _ in found] == [(r, lang) for r, lang, _ in expected]
    for (_, _, title), (_, _, want) in zip(found, expected, strict=True):
        assert title.replace("*", "") == want.replace("*", "")


def _outline(pdf: bytes) -> list[tuple[str, int, list[str]]]:
    """Top-level bookmarks: title, page, and the titles nested under each."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = {page.objgen: n for n, page in enumerate(doc.pages, start=1)}
        with doc.open_outline() as outline:
            return [
                (item.title, pages[item.destination[0].objgen], [k.title for k in item.children])
                for item in outline.root
            ]


def test_one_bookmark_per_brief_with_its_own_outline_under_it(
    pack: tuple[LoadedPack, PackBuilt],
) -> None:
    loaded, built = pack
    outline = _outline(built.pdf)
    assert len(outline) == 1 + len(loaded.members)
    assert outline[0][:2] == (loaded.pack.title, 1)
    for (title, page, kids), member, start in zip(
        outline[1:], loaded.members, built.starts, strict=True
    ):
        path = Path(member.world.name)
        (own,) = _outline(alone(path if path.is_absolute() else MORNING.parent / path))
        assert (title, kids) == (own[0], own[2])
        assert page == start


def test_each_briefs_citations_link_to_its_own_sources(
    morning: tuple[LoadedPack, PackBuilt],
) -> None:
    _, built = morning
    ends = [*built.starts[1:], built.pages + 1]
    found = 0
    with pikepdf.open(io.BytesIO(built.pdf)) as doc:
        pages = {page.objgen: n for n, page in enumerate(doc.pages, start=1)}
        for number, page in enumerate(doc.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                if "/Dest" not in annot:
                    continue  # a web address
                brief = max(i for i, start in enumerate(built.starts) if start <= number)
                landed = pages[annot.Dest[0].objgen]
                assert built.starts[brief] <= landed < ends[brief], number
                found += 1
    assert found >= 4


def test_the_xmp_says_the_pack_and_records_every_brief(
    morning: tuple[LoadedPack, PackBuilt],
) -> None:
    loaded, built = morning
    with pikepdf.open(io.BytesIO(built.pdf)) as doc:
        meta = doc.open_metadata()
        assert meta["dc:title"] == "Morning meeting of the crisis cell"
        assert str(doc.docinfo["/Title"]) == "Morning meeting of the crisis cell"
        assert meta["xmp:CreateDate"].startswith("2022-01-21T07:00:00")
    record = read_provenance(built.pdf)
    assert record is not None
    assert record.brief == loaded.world.name and record.title == loaded.pack.title
    briefs = [what for what, _ in record.files if what.startswith("brief:")]
    assert briefs == [f"brief:{m.path}" for m in loaded.members]


def test_same_pack_same_bytes(morning: tuple[LoadedPack, PackBuilt]) -> None:
    assert build_pack(load(MORNING)).pdf == morning[1].pdf


def test_nothing_is_drawn_outside_its_box_and_no_glyphs_overlap(
    pack: tuple[LoadedPack, PackBuilt],
) -> None:
    from tests import pagecheck

    _, built = pack
    assert built.boxes and not pagecheck.ink_outside_boxes(built.pdf, built.boxes)
    assert not pagecheck.overlapping_glyphs(built.pdf)  # the pack page line beside the label


# --------------------------------------------------------------------------- real readers


@pytest.fixture
def written(pack: tuple[LoadedPack, PackBuilt], tmp_path: Path) -> Path:
    path = tmp_path / "pack.pdf"
    path.write_bytes(pack[1].pdf)
    return path


@pytest.mark.timeout(120)
def test_pdfbox_preflight_says_the_pack_is_pdfa_1b(written: Path) -> None:
    need("java", "a Java runtime for PDFBox Preflight: see tools/preflight")
    done = subprocess.run([PREFLIGHT, written], capture_output=True, text=True, timeout=100)
    if done.returncode == 2 and "is missing" in done.stderr:
        missing_reader(done.stderr.strip())
    assert "is a valid PDF/A-1b file" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0


def test_pdfua_check_finds_nothing_in_the_pack(written: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("pdfua") is None:
        missing_reader("pdfua not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(written)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    assert "PASS (no findings)" in done.stdout and "[skip" not in done.stdout, done.stdout


def test_pdffonts_shows_every_font_of_the_pack_embedded_with_a_to_unicode_map(
    written: Path,
) -> None:
    need("pdffonts", "Debian's poppler-utils")
    done = subprocess.run(["pdffonts", str(written)], capture_output=True, text=True, check=True)
    rows = done.stdout.splitlines()[2:]
    assert rows, done.stdout
    for row in rows:
        emb, _sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


def test_poppler_reads_every_brief_in_order_without_furniture(
    pack: tuple[LoadedPack, PackBuilt], written: Path
) -> None:
    need("pdfinfo", "Debian's poppler-utils")
    done = subprocess.run(
        ["pdfinfo", "-struct-text", str(written)], capture_output=True, check=True
    )
    text = done.stdout.decode("utf-8", "replace")
    for furniture in ("Pack page", "Page 1 of", "Generated", BLANK_WORDS):
        assert furniture not in text
    content = "".join(text.split())
    at = 0
    loaded = pack[0]
    for title in [loaded.pack.title, *(m.brief.title for m in loaded.members)]:
        words = "".join(title.replace("*", "").split())
        if not words.isascii():
            continue  # poppler prints right-to-left text as drawn
        found = content.find(words, at)
        assert found >= 0, f"{title!r} missing or out of order"
        at = found + len(words)


# --------------------------------------------------------------------------- edges


def write_pack(folder: Path, briefs: dict[str, str], duplex: bool = False) -> Path:
    for name, text in briefs.items():
        (folder / name).write_text(text, encoding="utf-8")
    pack = folder / "pack.yaml"
    pack.write_text(
        f"pack:\n  title: Edges\n  date: 2016-03-14\n  duplex: {str(duplex).lower()}\n"
        f"  briefs: [{', '.join(briefs)}]\n",
        encoding="utf-8",
    )
    return pack


SHORT = "title: {title}\ndate: 2016-03-14\nsummary: One sentence.\n"
LONG = "title: Too long\ndate: 2016-03-14\nsummary: S.\nsections:\n" + "".join(
    f"  - heading: Part {i}\n    text: {'Words that fill the page. ' * 60}\n" for i in range(30)
)


def test_a_brief_that_does_not_fit_is_its_own_error(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {"a.yaml": SHORT.format(title="A"), "long.yaml": LONG})
    with pytest.raises(LayoutError) as caught:
        build_pack(load(pack))
    assert "long.yaml" in str(caught.value)
    assert caught.value.diagnostics and all(
        d.file.endswith("long.yaml") for d in caught.value.diagnostics
    )


def test_a_draft_pack_draws_what_cannot_be_placed_and_names_its_brief(tmp_path: Path) -> None:
    from tests.test_flow_crashes import TALL_FIGURE, TALL_SVG

    (tmp_path / "tall.svg").write_text(TALL_SVG, encoding="utf-8")
    pack = write_pack(tmp_path, {"a.yaml": SHORT.format(title="A"), "tall.yaml": TALL_FIGURE})
    built = build_pack(load(pack), draft=True)
    assert built.unplaced and all(d.file.endswith("tall.yaml") for d in built.unplaced)
    assert (
        built.unplaced[0].line == 7 and "'The figure' cannot be placed" in built.unplaced[0].message
    )
    with pytest.raises(LayoutError) as caught:  # not a draft: the brief's own error
        build_pack(load(pack))
    assert caught.value.diagnostics[0].file.endswith("tall.yaml")


def test_the_render_keeps_each_parts_own_paper(tmp_path: Path) -> None:
    """The pack file refuses briefs on different papers; the render itself prints each part
    on its own."""
    from reportlab.lib.pagesizes import A4, LETTER

    from briefing.pipeline import lay_out
    from briefing.render.pages import Part, metadata, render_parts

    parts = []
    for paper in ("a4", "letter"):
        path = tmp_path / f"{paper}.yaml"
        path.write_text(SHORT.format(title=paper) + f"layout: {{paper: {paper}}}\n", "utf-8")
        world = DiskWorld(path, clock=lambda: NOW)
        doc, brief = load_brief(world)
        laid = lay_out(brief, world, doc, confirm=False)  # measured, not yet rendered
        assert laid.rendered is None
        parts.append(Part(laid.layout))
    pdf = render_parts(parts, NOW, metadata(parts[0].layout.brief, NOW), numbered=True).pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        sizes = [tuple(round(float(v)) for v in page.MediaBox[2:]) for page in doc.pages]
    assert sizes == [tuple(round(v) for v in A4), tuple(round(v) for v in LETTER)]


def _dense(title: str) -> str:
    text = (ROOT / "tests" / "corpus" / "dense.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("\ntitle:")
    return f"{head}\ntitle: {title}\n{rest.partition(chr(10))[2]}"


def test_a_measured_brief_the_render_finds_long_is_laid_out_as_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack's render is the proof of a measured brief: where it disagrees (here a layout
    at full size, a page too long), the brief is laid out as alone and the pack rendered again."""
    from briefing import pipeline
    from briefing.layout.fit import prepare

    pack = write_pack(tmp_path, {"a.yaml": SHORT.format(title="A"), "dense.yaml": _dense("D1")})
    monkeypatch.setattr(pipeline, "measured_page", lambda m, doc, name: prepare(m, 1.0))
    built = build_pack(load(pack))
    assert built.member_pages == [1, 1]
    own = texts(alone(tmp_path / "dense.yaml"))
    assert lines(texts(built.pdf)[built.starts[1] - 1].replace("Pack page 3 of 3", "")) == lines(
        own[0]
    )


def test_a_packs_render_keeps_the_step_it_confirmed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.layout import paging

    seen: list[int | None] = []
    search = paging.fit_one_page

    def spy(materials: Any, known: int | None = None, near: int | None = None) -> Any:
        seen.append(known)
        return search(materials, known, near)

    monkeypatch.setattr(paging, "fit_one_page", spy)
    pack = write_pack(tmp_path, {"dense.yaml": _dense(f"Dense {tmp_path.name}")})
    first = build_pack(load(pack))
    second = build_pack(load(pack))
    assert seen[0] is None and seen[-1] is not None  # the second build starts from the step
    assert first.pdf == second.pdf
