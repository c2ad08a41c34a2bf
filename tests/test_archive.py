"""Tagged PDF/A-1b: structure, artifacts, bookmarks, metadata, output intent, read back.

The PDFs are read back with pikepdf and pypdf (structure first), then checked by real readers
by Apache PDFBox Preflight (PDF/A-1b), ``pdfua check`` (a partial PDF/UA-1 checker) and
poppler's ``pdfinfo -struct-text`` (reading order). ``.ci/run`` installs them all: in CI
(``CI`` set) a missing reader fails its tests; elsewhere it skips them, saying what to install.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from briefing.layout.tagging import Node, Tagged, tag
from briefing.materials.text import plain
from tests.conftest import EXAMPLE, MINIMAL, ROOT, brief_from, build_file, build_text
from tests.test_v2 import HERE as V2_FILES
from tests.test_v2 import V2

FLOW = """\
title: Flowing brief
date: 2016-03-14
summary: The bottom line.
marking: INTERNAL
language: en-GB
key_facts:
{facts}sections:
{sections}analysis:
  label: Opinion of X — not verified fact
  source: X
  points: [One point., Another point.]
sources:
  - {{title: First source, publisher: P, url: "https://example.org/a"}}
  - {{title: Second source, url: "https://example.org/b?x=1&y=2"}}
layout: {{fit: flow}}
"""
PARA = "This paragraph adds length to the narrative so that the brief needs more room. " * 5


def _flow_text() -> str:
    facts = "".join(f"  - {{label: Fact {i}, value: {'Fact text ' * 20}}}\n" for i in range(12))
    sections = "".join(
        f"  - heading: Part {i}\n    text: {PARA * (16 if i == 4 else 1)}\n"
        f"    bullets: [Bullet {i}, Another]\n"
        for i in range(9)
    )
    return FLOW.format(facts=facts, sections=sections)


IRAN = ROOT / "briefs" / "iran-nuclear-deal.yaml"  # version 2: every new construct
STARTER = ROOT / "src" / "briefing" / "starter.yaml"
#: An edition of a series (part 3): its number and its previous edition's SHA-256 in the XMP.
EDITION = ROOT / "tests" / "corpus" / "editions" / "quake-ed3.yaml"
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))


@pytest.fixture(scope="module")
def example() -> bytes:
    return build_file(EXAMPLE).pdf


@pytest.fixture(scope="module")
def iran() -> bytes:
    return build_file(IRAN).pdf


@pytest.fixture(scope="module")
def flow() -> bytes:
    built = build_text(_flow_text())
    assert built.pages >= 2
    return built.pdf


@pytest.fixture(scope="module")
def starter() -> bytes:
    """The starter brief `briefing new` writes: every key of the format."""
    return build_file(STARTER).pdf


@pytest.fixture(scope="module")
def v2() -> bytes:
    """Every construct of version 2: blocks, a table, a figure, two parties, two analyses,
    citations, a TLP level."""
    return build_text(V2, base=V2_FILES).pdf


LONG = f"  - {{heading: Long, text: {PARA * 30}}}\n"
V2_FLOW = V2.replace("sections:\n", "layout: {fit: flow}\nsections:\n" + LONG, 1)


@pytest.fixture(scope="module")
def v2_flow() -> bytes:
    built = build_text(V2_FLOW, base=V2_FILES)
    assert built.pages >= 2
    return built.pdf


@pytest.fixture(scope="module")
def edition() -> bytes:
    """The third edition of a series, naming its previous edition."""
    return build_file(EDITION).pdf


@pytest.fixture(scope="module")
def corpus() -> dict[str, bytes]:
    """Every brief of tests/corpus, built once for all the checks that read them."""
    return {path.stem: build_file(path).pdf for path in CORPUS}


@pytest.fixture(
    params=[
        *("example", "iran", "flow", "v2", "v2_flow", "starter", "edition"),
        *(f"corpus/{p.stem}" for p in CORPUS),
    ]
)
def any_pdf(request: pytest.FixtureRequest) -> tuple[bytes, str]:
    """The examples, the flow briefs, the starter and every corpus brief, each with the text
    of its brief."""
    name = str(request.param)
    if name.startswith("corpus/"):
        stem = name.removeprefix("corpus/")
        text = (ROOT / "tests" / "corpus" / f"{stem}.yaml").read_text(encoding="utf-8")
        return request.getfixturevalue("corpus")[stem], text
    paths = {"example": EXAMPLE, "iran": IRAN, "starter": STARTER, "edition": EDITION}
    texts = {"flow": _flow_text(), "v2": V2, "v2_flow": V2_FLOW}
    text = paths[name].read_text(encoding="utf-8") if name in paths else texts[name]
    return bytes(request.getfixturevalue(name)), text


# --------------------------------------------------------------------------- reading back


def _tree(pdf: bytes) -> list[tuple[int, str, dict[str, Any]]]:
    """(depth, role, attributes) of every structure element, in tree order."""
    out: list[tuple[int, str, dict[str, Any]]] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:

        def walk(elem: Any, depth: int) -> None:
            attrs = {k: str(elem[k]) for k in ("/T", "/Alt", "/Lang") if k in elem}
            out.append((depth, str(elem.S)[1:], attrs))
            kids = elem.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in (
                    pikepdf.Name.MCR,
                    pikepdf.Name.OBJR,
                ):
                    walk(kid, depth + 1)

        root = doc.Root.StructTreeRoot.K
        for elem in root if isinstance(root, pikepdf.Array) else [root]:
            walk(elem, 0)
    return out


def _marked_text(pdf: bytes, page: int) -> list[tuple[str | None, str]]:
    """Each run of text on ``page`` with the marked content it is in ('/Artifact', '/P'...)."""
    stack: list[str] = []
    out: list[tuple[str | None, str]] = []

    def operator(op: bytes, args: list[Any], cm: Any, tm: Any) -> None:
        if op in (b"BDC", b"BMC"):
            stack.append(str(args[0]))
        elif op == b"EMC":
            stack.pop()

    def text(t: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if t.strip():
            out.append((stack[0] if stack else None, t))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(
        visitor_operand_before=operator, visitor_text=text
    )
    return out


# --------------------------------------------------------------------------- structure


def test_example_structure_is_in_reading_order(example: bytes) -> None:
    tree = _tree(example)
    top = [(role, attrs.get("/T")) for depth, role, attrs in tree if depth == 1]
    assert tree[0][:2] == (0, "Document")
    assert top[:4] == [
        ("P", None),
        ("H1", "Putin orders the main part of Russia's forces out of Syria"),
        ("P", None),
        ("P", None),
    ]
    headings = [attrs["/T"] for _, role, attrs in tree if role == "H2" and "/T" in attrs]
    assert headings == [
        "Bottom line",
        "Key facts",
        "What was announced",
        "Unclear figures in the article",
        "Results claimed by the Ministry of Defence",
        "Analysis",
        "Sources",
    ]
    roles = {role for _, role, _ in tree}
    assert {"Sect", "L", "LI", "Lbl", "LBody", "BlockQuote", "Figure", "Div"} <= roles


def test_charts_are_figures_described_by_their_values(example: bytes) -> None:
    alts = [attrs.get("/Alt", "") for _, role, attrs in _tree(example) if role == "Figure"]
    assert alts == [
        "What the Ministry of Defence claims: Sorties flown, more than 9,000 sorties; "
        "Oil production and transfer facilities destroyed, 209 facilities; "
        "Settlements retaken by Syrian troops with Russian support, 400 settlements; "
        "Territory regained by Damascus with Russian help, more than 10,000 sq km.",
        "From intervention to withdrawal: 30 September 2015, Russian air campaign in Syria "
        "begins; 14 March 2016, Putin announces withdrawal of the main part of Russian forces; "
        "15 March 2016, Withdrawal ordered to begin (“from tomorrow”).",
    ]


def test_all_text_is_tagged_or_an_artifact_and_furniture_is_an_artifact(
    any_pdf: tuple[bytes, str],
) -> None:
    pdf, text = any_pdf
    marking = brief_from(text).marking
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = len(doc.pages)
    for page in range(pages):
        runs = _marked_text(pdf, page)
        assert all(where is not None for where, _ in runs), f"page {page + 1}: untagged text"
        furniture = " ".join(text for where, text in runs if where == "/Artifact")
        content = " ".join(text for where, text in runs if where != "/Artifact")
        assert f"Page {page + 1} of {pages}" in furniture
        assert "Generated" in furniture
        assert "Generated" not in content and f"Page {page + 1} of" not in content
        if marking:
            first = marking.split()[0]
            assert first in furniture and first not in content


def test_parent_tree_names_the_element_of_every_mcid(any_pdf: tuple[bytes, str]) -> None:
    with pikepdf.open(io.BytesIO(any_pdf[0])) as doc:
        root = doc.Root.StructTreeRoot
        nums = list(root.ParentTree.Nums)
        parents = dict(zip(nums[::2], nums[1::2], strict=True))
        for page in doc.pages:
            mcids = [
                int(operands[1].MCID)
                for operands, op in pikepdf.parse_content_stream(page)
                if op == pikepdf.Operator("BDC")
            ]
            owners = parents[int(page.obj.StructParents)]
            assert mcids == list(range(len(owners)))
            for mcid, elem in enumerate(owners):
                kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
                assert any(
                    kid == mcid
                    or (isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") == mcid)
                    for kid in kids
                )
        assert int(root.ParentTreeNextKey) == max(int(k) for k in parents) + 1


def test_a_paragraph_split_across_pages_is_one_element(flow: bytes) -> None:
    with pikepdf.open(io.BytesIO(flow)) as doc:
        nums = list(doc.Root.StructTreeRoot.ParentTree.Nums)
        pages_of: dict[tuple[int, int], set[int]] = {}
        for key, owners in zip(nums[::2], nums[1::2], strict=True):
            if isinstance(owners, pikepdf.Array):
                for elem in owners:
                    pages_of.setdefault(elem.objgen, set()).add(int(key))
    assert any(len(pages) > 1 for pages in pages_of.values())


def test_links_are_described_printable_and_in_the_structure(flow: bytes) -> None:
    with pikepdf.open(io.BytesIO(flow)) as doc:
        nums = list(doc.Root.StructTreeRoot.ParentTree.Nums)
        parents = dict(zip(nums[::2], nums[1::2], strict=True))
        links = [
            annot
            for page in doc.pages
            for annot in page.obj.get("/Annots", [])
            if annot.Subtype == pikepdf.Name.Link
        ]
        assert [str(a.Contents) for a in links] == [
            "Link to https://example.org/a",
            "Link to https://example.org/b?x=1&y=2",
        ]
        for annot in links:
            assert int(annot.F) == 4
            elem = parents[int(annot.StructParent)]
            assert str(elem.S) == "/Link"
            assert elem.K[0].Type == pikepdf.Name.OBJR
            assert elem.K[0].Obj.objgen == annot.objgen
            assert str(elem.P.S) == "/LBody"


# --------------------------------------------------------------------------- bookmarks


def _outline(pdf: bytes) -> list[tuple[int, str, int]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = {page.objgen: n for n, page in enumerate(doc.pages, start=1)}
        out: list[tuple[int, str, int]] = []
        with doc.open_outline() as outline:

            def walk(items: Any, depth: int) -> None:
                for item in items:
                    dest = item.destination
                    assert isinstance(dest, pikepdf.Array)  # written directly, not by name
                    assert dest[1] == pikepdf.Name.XYZ
                    out.append((depth, item.title, pages[dest[0].objgen]))
                    walk(item.children, depth + 1)

            walk(outline.root, 0)
        assert doc.Root.PageMode == pikepdf.Name.UseOutlines
    return out


def test_example_bookmarks(example: bytes) -> None:
    assert _outline(example) == [
        (0, "Putin orders the main part of Russia's forces out of Syria", 1),
        (1, "Bottom line", 1),
        (1, "Key facts", 1),
        (1, "What was announced", 1),
        (1, "Unclear figures in the article", 1),
        (1, "Results claimed by the Ministry of Defence", 1),
        (1, "Analysis", 1),
        (1, "Sources", 1),
    ]


def test_flow_bookmarks_point_at_later_pages(flow: bytes) -> None:
    outline = _outline(flow)
    titles = [title for _, title, _ in outline]
    assert titles == [
        "Flowing brief",
        "Bottom line",
        "Key facts",
        *(f"Part {i}" for i in range(9)),
        "Analysis",
        "Sources",
    ]
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages[:2]) + pages[2:3] + sorted(pages[3:])
    assert pages[-1] >= 2


# --------------------------------------------------------------------------- version 2


def _elements(pdf: bytes) -> dict[str, Any]:
    """The structure tree as plain values: role, title, alt, scope, actual text, kids, how many
    marked-content sequences and link annotations (OBJR) it holds itself."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:

        def read(elem: Any) -> dict[str, Any]:
            kids = elem.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            found: dict[str, Any] = {"S": str(elem.S)[1:], "kids": [], "mcids": 0, "objr": []}
            for key in ("/T", "/Alt", "/ActualText"):
                if key in elem:
                    found[key[1:]] = str(elem[key])
            if "/A" in elem:
                found["Scope"] = str(elem.A.Scope)[1:]
            for kid in kids:
                if isinstance(kid, int) or (
                    isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR
                ):
                    found["mcids"] += 1
                elif kid.get("/Type") == pikepdf.Name.OBJR:
                    found["objr"].append(str(kid.Obj.Contents))
                else:
                    found["kids"].append(read(kid))
            return found

        (document,) = doc.Root.StructTreeRoot.K
        return read(document)


def _all(tree: dict[str, Any], role: str) -> list[dict[str, Any]]:
    found = [tree] if tree["S"] == role else []
    return found + [e for kid in tree["kids"] for e in _all(kid, role)]


def _roles(elem: dict[str, Any]) -> list[str]:
    return [kid["S"] for kid in elem["kids"]]


def _text(pdf: bytes) -> str:
    return " ".join(text for _, text in _marked_text(pdf, 0))


def test_v2_table_has_a_caption_and_header_cells(v2: bytes) -> None:
    tables = _all(_elements(v2), "Table")
    section = next(t for t in tables if t["kids"][0]["S"] == "Caption")
    assert _roles(section) == ["Caption", "TR", "TR", "TR"]
    head, *body = section["kids"][1:]
    assert [(c["S"], c.get("Scope")) for c in head["kids"]] == [("TH", "Column")] * 3
    assert all(_roles(row) == ["TD", "TD", "TD"] for row in body)
    assert all(cell["mcids"] for row in section["kids"][1:] for cell in row["kids"])


def test_v2_figure_says_the_briefs_alt_and_has_its_caption(v2: bytes) -> None:
    figures = [f for f in _all(_elements(v2), "Figure") if f.get("Alt", "").startswith("Two")]
    (figure,) = figures
    assert figure["Alt"] == "Two bars comparing centrifuge counts"
    assert figure["mcids"] and _roles(figure) == ["Caption"]


def test_v2_each_party_is_a_section_with_its_attribution_and_rows(v2: bytes) -> None:
    sects = {
        sect["kids"][0].get("T"): sect
        for sect in _all(_elements(v2), "Sect")
        if sect["kids"] and sect["kids"][0]["S"] == "H2"
    }
    for title, rows in (("Figures reported by the government", 2), ("Claimed results", 2)):
        sect = sects[title]
        assert _roles(sect) == ["H2", "P", "Table"]
        table = sect["kids"][2]
        assert _roles(table) == ["TR"] * rows
        assert all(
            [(c["S"], c.get("Scope")) for c in row["kids"]] == [("TH", "Row"), ("TD", None)]
            for row in table["kids"]
        )
    assert "Reported by Ministry of Water Resources" in _text(v2)


def test_v2_each_analysis_is_a_section_with_its_label_and_points(v2: bytes) -> None:
    sects = [
        s for s in _all(_elements(v2), "Sect") if s["kids"][0].get("T", "").startswith("Analysis")
    ]
    assert [s["kids"][0]["T"] for s in sects] == ["Analysis: Desk", "Analysis: Dr A. Expert"]
    for sect in sects:
        assert _roles(sect) == ["H2", "L", "P"]
        assert _roles(sect["kids"][1]["kids"][0]) == ["Lbl", "LBody"]


def test_v2_blocks_are_tagged_in_the_authors_order(v2: bytes) -> None:
    sects = {s["kids"][0].get("T"): s for s in _all(_elements(v2), "Sect") if s["kids"]}
    assert _roles(sects["What the parties say"]) == ["H2", "BlockQuote", "L", "P"]
    assert _roles(sects["What the parties say"]["kids"][1]) == ["P", "P"]
    assert _roles(sects["Stocks"]) == ["H2", "Table", "P", "Figure"]


def test_v2_citations_are_described_links_in_the_structure(v2: bytes) -> None:
    tree = _elements(v2)
    links = _all(tree, "Link")
    described = [text for link in links for text in link["objr"]]
    assert len(described) == 8  # every printed citation number is a link
    assert set(described) == {
        "Link to source 1 in the sources list",
        "Link to source 2 in the sources list",
    }
    with pikepdf.open(io.BytesIO(v2)) as doc:
        nums = list(doc.Root.StructTreeRoot.ParentTree.Nums)
        parents = dict(zip(nums[::2], nums[1::2], strict=True))
        annots = [a for page in doc.pages for a in page.obj.get("/Annots", [])]
        assert len(annots) == 8
        for annot in annots:
            assert int(annot.F) == 4 and str(annot.Contents).startswith("Link to source")
            assert parents[int(annot.StructParent)].K[0].Obj.objgen == annot.objgen


def test_v2_tlp_labels_and_banners_are_artifacts(v2: bytes) -> None:
    runs = _marked_text(v2, 0)
    furniture = " ".join(text for where, text in runs if where == "/Artifact")
    content = " ".join(text for where, text in runs if where != "/Artifact")
    assert "TLP:AMBER" in furniture and "SECRET" in furniture
    assert "TLP" not in content and "SECRET" not in content


def test_v2_each_partys_tiles_are_a_figure_described_by_its_own_values() -> None:
    text = V2.replace("    measure: displaced\n", "", 1).replace("type: barh", "type: figures")
    tree = _elements(build_text(text, base=V2_FILES).pdf)
    alts = [f["Alt"] for f in _all(tree, "Figure") if f.get("Alt", "").startswith(("Fig", "Cl"))]
    assert alts == [
        "Figures reported by the government: People displaced, 120,000; Inflation, 3.67%.",
        "Claimed results: People displaced (estimate), 150,000–200,000; Time to drain, 2–3 months.",
    ]


V2_OUTLINE = [
    "What the parties say",
    "Stocks",
    "Figures reported by the government",
    "Claimed results",
    "Analysis: Desk",
    "Analysis: Dr A. Expert",
    "Sources",
]


def test_v2_bookmarks_name_every_party_and_analysis(v2: bytes) -> None:
    assert [title for _, title, _ in _outline(v2)] == [
        "Floods displace thousands in the river province",
        "Bottom line",
        "Key facts",
        *V2_OUTLINE,
    ]


def test_v2_flow_bookmarks_follow_their_pages(v2_flow: bytes) -> None:
    outline = _outline(v2_flow)
    assert [title for _, title, _ in outline][3:] == ["Long", *V2_OUTLINE]
    pages = [page for _, _, page in outline[3:]]
    assert pages == sorted(pages) and pages[-1] >= 2


# --------------------------------------------------------------------------- metadata


def test_metadata_says_pdfa_1b_and_pdfua_1_and_matches_the_info(
    any_pdf: tuple[bytes, str],
) -> None:
    with pikepdf.open(io.BytesIO(any_pdf[0])) as doc:
        assert "/Filter" not in doc.Root.Metadata  # PDF/A-1: metadata stays readable
        meta = doc.open_metadata()
        info = doc.docinfo
        assert meta["pdfaid:part"] == "1" and meta["pdfaid:conformance"] == "B"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == str(info.Title)
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator) == "briefing 0.1.0"
        assert meta["xmp:CreateDate"] == "2026-01-02T03:04:05+00:00"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20260102030405+00'00'"
        assert doc.Root.MarkInfo.Marked is True
        assert doc.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(doc.Root.Lang) == brief_from(any_pdf[1]).language
        xmp = bytes(doc.Root.Metadata.read_bytes())
        assert b"http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in xmp


def test_output_intent_is_srgb_with_a_version_2_profile(example: bytes) -> None:
    with pikepdf.open(io.BytesIO(example)) as doc:
        (intent,) = doc.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        profile = intent.DestOutputProfile
        data = profile.read_bytes()
        assert int(profile.N) == 3
        assert data[8] == 2 and data[12:20] == b"mntrRGB "  # ICC v2 display RGB
        assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"


def test_pdf_1_4_syntax_fonts_embedded_with_to_unicode_no_transparency(
    any_pdf: tuple[bytes, str],
) -> None:
    pdf = any_pdf[0]
    assert pdf.startswith(b"%PDF-1.4")
    assert b"/ObjStm" not in pdf and b"/XRefStm" not in pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.check_pdf_syntax() == []  # qpdf --check: the file our finishing wrote
        assert len(doc.trailer.ID) == 2
        for page in doc.pages:
            for font in page.Resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor, font.BaseFont
                assert "/ToUnicode" in font, font.BaseFont
            for state in page.Resources.get("/ExtGState", {}).values():
                assert float(state.get("/ca", 1)) == 1 and float(state.get("/CA", 1)) == 1


def test_same_input_same_bytes() -> None:
    assert build_text(_flow_text()).pdf == build_text(_flow_text()).pdf


def test_a_logo_with_alpha_is_flattened(tmp_path: Path) -> None:
    Image.new("RGBA", (300, 90), (0, 0, 128, 100)).save(tmp_path / "logo.png")
    path = tmp_path / "brief.yaml"
    path.write_text(
        "title: Logo\ndate: 2016-03-14\nsummary: S\nlayout: {logo: logo.png}\n", encoding="utf-8"
    )
    pdf = build_file(path).pdf
    with pikepdf.open(io.BytesIO(pdf)) as read:
        images = [
            x
            for page in read.pages
            for x in page.Resources.XObject.values()
            if x.Subtype == pikepdf.Name.Image
        ]
    assert images and all("/SMask" not in image for image in images)


# --------------------------------------------------------------------------- the wrapper


def test_tagged_is_transparent_to_layout() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from briefing.layout.measure import Paragraph

    style = ParagraphStyle("h", fontSize=10, leading=12, keepWithNext=1, spaceBefore=4)
    node = Node("P")
    wrapped = tag(Paragraph("word " * 200, style), node)
    assert wrapped.wrap(100, 1000) == Paragraph("word " * 200, style).wrap(100, 1000)
    assert wrapped.getSpaceBefore() == 4 and wrapped.getKeepWithNext()
    parts = wrapped.split(100, 60)
    assert len(parts) == 2 and all(isinstance(p, Tagged) and p.node is node for p in parts)
    wrapped.__dict__["keepWithNext"] = 0  # as platypus does once it groups a heading
    assert not wrapped.getKeepWithNext()


# --------------------------------------------------------------------------- real readers

PREFLIGHT = ROOT / "tools" / "preflight"  # the classpath of Debian's PDFBox 2 packages


def missing_reader(what: str) -> None:
    """A real reader is not installed: a failure in CI, where .ci/run installs it, else a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must run every real reader: see .ci/run)")
    pytest.skip(what)


def need(tool: str, package: str) -> None:
    if shutil.which(tool) is None:
        missing_reader(f"{tool} not installed ({package})")


@pytest.fixture
def written(any_pdf: tuple[bytes, str], tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "brief.pdf"
    path.write_bytes(any_pdf[0])
    yield path


@pytest.mark.timeout(120)
def test_pdfbox_preflight_says_pdfa_1b(written: Path) -> None:
    need("java", "a Java runtime for PDFBox Preflight: see tools/preflight")
    done = subprocess.run([PREFLIGHT, written], capture_output=True, text=True, timeout=100)
    if done.returncode == 2 and "is missing" in done.stderr:
        missing_reader(done.stderr.strip())
    assert "is a valid PDF/A-1b file" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0


def test_pdfua_check_finds_nothing(written: Path) -> None:
    if importlib.util.find_spec("pdfua") is None:  # a test dependency: run by this Python
        missing_reader("pdfua not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(written)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    assert "PASS (no findings)" in done.stdout and "[skip" not in done.stdout, done.stdout


def test_pdffonts_shows_every_font_embedded_with_a_to_unicode_map(written: Path) -> None:
    need("pdffonts", "Debian's poppler-utils")
    done = subprocess.run(["pdffonts", str(written)], capture_output=True, text=True, check=True)
    rows = done.stdout.splitlines()[2:]  # after the header and its rule
    assert rows, done.stdout
    for row in rows:  # name type encoding emb sub uni object ID
        emb, _sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


def _landmarks(text: str) -> list[str]:
    """What the body should read, in order: the labels and headings layout prints for the
    brief (those in Latin script: poppler prints right-to-left text as drawn)."""
    brief = brief_from(text)
    found = ["BOTTOM LINE", *(["KEY FACTS"] if brief.key_facts else [])]
    found += [section.heading for section in brief.sections or ()]
    found += [claims.title for claims in brief.claims]
    found += [analysis.title for analysis in brief.analysis]
    found += ["Sources"] if brief.sources else []
    return ["".join(plain(words).split()) for words in found if plain(words).isascii()]


def test_poppler_reads_the_body_in_order_without_furniture(
    any_pdf: tuple[bytes, str], written: Path
) -> None:
    need("pdfinfo", "Debian's poppler-utils")
    done = subprocess.run(
        ["pdfinfo", "-struct-text", str(written)], capture_output=True, check=True
    )
    text = done.stdout.decode("utf-8", "replace")
    marking = brief_from(any_pdf[1]).marking
    # The "What changed" box may name the old and new marking or TLP label: that is content.
    body = "\n".join(_without_the_changes_box(text.splitlines()))
    for furniture in ("Page 1 of", "Generated", "TLP:", *([marking] if marking else [])):
        assert furniture not in body
    content = "".join(
        line.strip()[1:-1] for line in text.splitlines() if line.strip().startswith('"')
    )
    content = "".join(content.split())  # compare the words, whatever the spacing
    at = 0
    for landmark in _landmarks(any_pdf[1]):
        found = content.find(landmark, at)
        assert found >= 0, f"{landmark!r} missing or out of order"
        at = found + len(landmark)


def _without_the_changes_box(lines: list[str]) -> list[str]:
    """The structure text without the section of the "What changed since edition N" box."""
    kept: list[str] = []
    skipping = False
    for n, line in enumerate(lines):
        if line.strip() == "Sect":
            following = lines[n + 1] if n + 1 < len(lines) else ""
            skipping = '"What changed since' in following
        if not skipping:
            kept.append(line)
    return kept


def test_a_word_break_at_a_line_end_reads_as_a_space(tmp_path: Path) -> None:
    """ReportLab writes nothing where it breaks a line; the paragraph adds the space, so a
    reader of the tagged text hears "start withdrawing", not "startwithdrawing"."""
    need("pdfinfo", "Debian's poppler-utils")
    words = " ".join(f"word{i}" for i in range(80))
    path = tmp_path / "breaks.pdf"
    path.write_bytes(build_text(MINIMAL.replace("One sentence.", words)).pdf)
    done = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, check=True)
    text = done.stdout.decode("utf-8", "replace")
    assert " ".join(f"word{i}" for i in range(80)) in text, text


def test_right_to_left_text_reads_in_logical_order() -> None:
    text = (
        "title: RTL\ndate: 2016-03-14\nsummary: وزارة الدفاع الروسية أعلنت الانسحاب.\n"
        "key_facts:\n  - {label: Hebrew, value: משרד הביטחון, source: S}\n"
        "sections:\n  - heading: List\n    bullets: [בנד ראשון ברשימה]\n"
    )
    pdf = build_text(text).pdf
    tree = _elements(pdf)
    actual = [span["ActualText"] for span in _all(tree, "Span")]
    arabic = "وزارة الدفاع الروسية أعلنت الانسحاب."
    assert sorted(actual) == sorted([arabic, "משרד הביטחון", "בנד ראשון ברשימה"])
    # a right-to-left list item: its bullet is the label, its text the body (drawn first)
    (item,) = _all(tree, "LI")[-1:]
    label, body = item["kids"]
    assert label["S"] == "Lbl" and label["mcids"] == 1
    assert body["S"] == "LBody" and body["kids"][0]["ActualText"] == "בנד ראשון ברשימה"


def test_an_svg_logo_with_opacity_is_blended_opaque(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
        '<rect width="200" height="60" fill="#b5651d" fill-opacity="0.5"/>'
        '<circle cx="30" cy="30" r="20" fill="navy" stroke="red" stroke-opacity="0.4"/></svg>',
        encoding="utf-8",
    )
    path = tmp_path / "brief.yaml"
    path.write_text(
        "title: Logo\ndate: 2016-03-14\nsummary: S\nlayout: {logo: logo.svg}\n", encoding="utf-8"
    )
    pdf = build_file(path).pdf  # the archive refuses alpha
    with pikepdf.open(io.BytesIO(pdf)) as read:
        content = b"".join(page.obj.Contents.read_bytes() for page in read.pages)
    assert b".854902 .698039 .556863 rg" in content  # #b5651d at half opacity over white
