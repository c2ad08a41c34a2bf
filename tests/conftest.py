"""Shared helpers: build a brief from text, read a PDF back (text, fonts, metadata, positions)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefing.model import Brief
from briefing.pipeline import Built, build_pdf, load_brief
from briefing.read import Document, parse_brief
from briefing.validate.checks import validate
from briefing.world.disk import DiskWorld
from tests.worlds import GENERATED, MemoryWorld

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Charts and fitted scales go to a cache of the test run's own, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


EXAMPLE = ROOT / "briefs" / "syria-withdrawal.yaml"

MINIMAL = """\
title: Minimal brief
date: 2016-03-14
summary: One sentence.
"""

STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def brief_from(text: str, name: str = "test.yaml") -> Brief:
    return validate(parse_brief(text.encode("utf-8"), name))


def build_text(text: str, chart_maker: Any = None, base: Path | None = None) -> Built:
    """Build a brief from its text in a world of its own (a fixed clock; beside it, the files
    of folder ``base`` if given, else nothing)."""
    files = {p.name: p.read_bytes() for p in base.iterdir() if p.is_file()} if base else {}
    return build_pdf(brief_from(text), MemoryWorld(text, files=files), None, chart_maker)


def build_doc(doc: Document, world: DiskWorld | MemoryWorld | None = None) -> Built:
    """Build a read document as the command line does (with its positions for messages)."""
    world = world or MemoryWorld(b"", doc.name)
    return build_pdf(validate(doc, world), world, doc)


def build_file(path: Path, now: datetime = GENERATED) -> Built:
    """Build the brief at ``path`` on disk, as ``briefing build`` does."""
    world = DiskWorld(path, clock=lambda: now)
    doc, brief = load_brief(world)
    return build_pdf(brief, world, doc)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_text(pdf: bytes, page: int = 0) -> str:
    return reader(pdf).pages[page].extract_text() or ""


def all_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in reader(pdf).pages)


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """Every font used anywhere in the PDF (pages and form XObjects) -> is it embedded?"""
    found: dict[str, bool] = {}

    def visit(resources: Any, seen: set[int]) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is not None:
            for ref in fonts.get_object().values():
                font = ref.get_object()
                name = str(font.get("/BaseFont", "?")).lstrip("/")
                descriptor = None
                if "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                else:
                    descriptor = font.get("/FontDescriptor")
                embedded = False
                if descriptor is not None:
                    d = descriptor.get_object()
                    embedded = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[name] = embedded
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                obj = ref.get_object()
                if id(obj) in seen:
                    continue
                seen.add(id(obj))
                visit(obj.get("/Resources"), seen)

    for page in reader(pdf).pages:
        visit(page.get("/Resources"), set())
    return found


def images_and_links(pdf: bytes) -> tuple[int, list[str]]:
    """Image XObjects (also inside forms) and link URIs in the whole PDF."""
    count, uris = 0, []

    def visit(resources: Any) -> None:
        nonlocal count
        if resources is None:
            return
        for ref in (resources.get_object().get("/XObject") or {}).values():
            obj = ref.get_object()
            count += obj.get("/Subtype") == "/Image"
            visit(obj.get("/Resources"))

    for page in reader(pdf).pages:
        visit(page.get("/Resources"))
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uris.append(str(action.get_object().get("/URI")))
    return count, uris


def text_boxes(pdf: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text run on a page, in PDF points from the bottom left."""
    runs: list[tuple[float, float, str]] = []

    def visitor(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, text))

    reader(pdf).pages[page].extract_text(visitor_text=visitor)
    return runs


@pytest.fixture
def write_brief(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(text: str, name: str = "brief.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
