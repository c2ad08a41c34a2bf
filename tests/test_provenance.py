"""What a PDF records it was built from (its provenance, in the XMP), a batch never writing one
file twice, and metadata in plain words."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from briefing import __version__
from briefing.pipeline import load_brief
from briefing.provenance import NAMESPACE, mismatch, provenance_of, read_provenance
from briefing.shell.cli import cli
from briefing.theme import assets_dir
from briefing.world.disk import DiskWorld
from tests.conftest import ROOT, build_file, build_text

PREFLIGHT = ROOT / "tools" / "preflight"

WITH_FILES = """\
title: Harbour closed after the storm
date: 2026-02-03
summary: The harbour is closed.
layout: {logo: logo.png}
sections:
  - heading: Map
    blocks:
      - figure: {image: map.png, alt: A map of the harbour}
"""


def _png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def with_files(tmp_path: Path) -> Path:
    (tmp_path / "logo.png").write_bytes(_png("navy"))
    (tmp_path / "map.png").write_bytes(_png("green"))
    path = tmp_path / "harbour.yaml"
    path.write_text(WITH_FILES, encoding="utf-8")
    return path


def _now(path: Path) -> object:
    world = DiskWorld(path)
    _, brief = load_brief(world)
    return provenance_of(brief, world)


def test_the_pdf_records_the_brief_every_file_and_the_version(with_files: Path) -> None:
    pdf = build_file(with_files).pdf
    record = read_provenance(pdf)
    assert record is not None
    assert record.brief == str(with_files) and record.title == "Harbour closed after the storm"
    assert record.brief_sha256 == hashlib.sha256(with_files.read_bytes()).hexdigest()
    assert record.version == __version__
    files = dict(record.files)
    folder = with_files.parent
    assert files["logo:logo.png"] == hashlib.sha256((folder / "logo.png").read_bytes()).hexdigest()
    assert files["figure:map.png"] == hashlib.sha256((folder / "map.png").read_bytes()).hexdigest()
    assert "theme:default" in files and "font:NotoSans-Regular.ttf" in files
    font = assets_dir() / "fonts" / "NotoSans-Regular.ttf"
    assert files["font:NotoSans-Regular.ttf"] == hashlib.sha256(font.read_bytes()).hexdigest()
    assert record == _now(with_files) and mismatch(record, record) is None
    # the record sits in the XMP, its schema declared as PDF/A-1 asks
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        xmp = doc.Root.Metadata.read_bytes().decode("utf-8")
    assert f"<pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>" in xmp
    for name in ("brief", "title", "briefSHA256", "inputs", "version"):
        assert f"<pdfaProperty:name>{name}</pdfaProperty:name>" in xmp


def test_a_changed_file_or_brief_no_longer_matches(with_files: Path) -> None:
    record = read_provenance(build_file(with_files).pdf)
    (with_files.parent / "map.png").write_bytes(_png("red"))
    why = mismatch(record, _now(with_files))  # type: ignore[arg-type]
    assert why is not None and "map.png" in why
    (with_files.parent / "map.png").write_bytes(_png("green"))
    assert mismatch(record, _now(with_files)) is None  # type: ignore[arg-type]
    with_files.write_text(WITH_FILES.replace("closed", "open"), encoding="utf-8")
    why = mismatch(record, _now(with_files))  # type: ignore[arg-type]
    assert why is not None and "earlier version" in why
    assert mismatch(None, record) is not None  # type: ignore[arg-type]
    assert read_provenance(b"%PDF-1.4 nothing") is None


@pytest.mark.timeout(120)
def test_preflight_accepts_the_record(with_files: Path, tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for PDFBox Preflight (see tools/preflight)")
    written = tmp_path / "harbour.pdf"
    written.write_bytes(build_file(with_files).pdf)
    done = subprocess.run([PREFLIGHT, written], capture_output=True, text=True, timeout=100)
    if done.returncode == 2 and "is missing" in done.stderr:
        pytest.skip(done.stderr.strip())
    assert "is a valid PDF/A-1b file" in done.stdout, done.stdout + done.stderr


# --------------------------------------------------------------------------- a batch


def test_two_briefs_writing_one_file_are_refused_before_anything_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "brief.yaml").write_text(
            f"title: Brief {folder}\ndate: 2026-01-01\nsummary: One line.\n", encoding="utf-8"
        )
    for extra in ([], ["-j", "2"]):
        result = CliRunner().invoke(
            cli, ["build", "a/brief.yaml", "b/brief.yaml", "-o", "out/", *extra]
        )
        assert result.exit_code == 2, result.output
        assert "a/brief.yaml and b/brief.yaml would both write out/brief.pdf" in result.stderr
        assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(cli, ["build", "a/brief.yaml", "b/brief.yaml"])
    assert result.exit_code == 2 and "output/brief.pdf" in result.stderr
    assert not (tmp_path / "output").exists()


# --------------------------------------------------------------------------- plain metadata

MARKED = """\
title: The *strike* ends
date: 2026-05-04
summary: The **bottom line** of the strike [@notice; @radio].
sources:
  - {id: notice, title: Port notice}
  - {id: radio, title: Radio report}
claims:
  - source: Ministry of Transport, Ruritania
    items: [{label: Ships waiting, value: 40}]
  - source: Ministry of Transport, Ruritania
    title: More claims
    items: [{label: Ships turned away, value: 12}]
  - source: Dock Workers Union
    items: [{label: Strikers, value: 1200}]
analysis:
  label: Opinion of the desk
  source: dock workers union
  points: [It will end soon.]
"""


def test_metadata_is_plain_text_and_keywords_are_whole_and_once() -> None:
    pdf = build_text(MARKED).pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = {str(k): str(v) for k, v in doc.trailer.Info.items()}
        meta = doc.open_metadata()
        dc_title = meta.get("dc:title")
        dc_description = meta.get("dc:description")
        dc_subject = meta.get("dc:subject")
        xmp_keywords = meta.get("pdf:Keywords")
    assert info["/Title"] == "The strike ends" == dc_title
    assert info["/Subject"] == "The bottom line of the strike." == dc_description
    expected = ["Ministry of Transport, Ruritania", "Dock Workers Union"]
    assert info["/Keywords"] == "; ".join(expected) == xmp_keywords
    assert sorted(dc_subject) == sorted(expected)
