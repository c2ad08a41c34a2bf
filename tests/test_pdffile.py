"""The finishing stage's own PDF reader and writer (briefing.render.pdffile), checked against
pikepdf (qpdf) as the independent reader: what it reads of ReportLab's files, what it writes."""

from __future__ import annotations

import io

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen.canvas import Canvas

from briefing.render.pdffile import Name, PdfFile, Raw, Ref, Stream, dump, literal_text, text_string


def _reportlab_pdf(pages: int = 2, links: bool = True) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=1)
    canvas.setTitle("A (title) with \\ and ( parens")
    for n in range(pages):
        canvas.drawString(72, 720, f"page {n + 1} (of {pages}) \\ stream endobj")
        canvas.setFillAlpha(1)
        if links:
            key = PDFString(f"k-{n}")
            canvas.linkURL("https://example.org/a?b=(c)", (72, 700, 200, 730), Contents=key)
            canvas.bookmarkHorizontal(f"place-{n}", 72, 600)
            canvas.linkRect(f"r-{n}", f"place-{n}", (72, 600, 200, 620))
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_reads_every_object_of_a_reportlab_file_as_qpdf_does() -> None:
    data = _reportlab_pdf()
    doc = PdfFile(data)
    with pikepdf.open(io.BytesIO(data)) as reference:
        assert len(doc.pages()) == len(reference.pages) == 2
        for (ref, page), theirs in zip(doc.pages(), reference.pages, strict=True):
            assert ref.number == theirs.obj.objgen[0]
            contents = doc.get(page["Contents"])
            assert isinstance(contents, Stream)
            assert contents.data == theirs.obj.Contents.read_raw_bytes()
            annots = [doc.get(a) for a in doc.get(page["Annots"])]
            assert [literal_text(a["Contents"]) for a in annots] == [
                str(a.Contents) for a in theirs.obj.Annots
            ]
        assert doc.catalog["Type"] == "Catalog"
        assert doc.root.number == reference.Root.objgen[0]
        assert doc.info.number == reference.trailer.Info.objgen[0]


def test_writes_a_file_qpdf_reads_without_a_warning_and_that_says_the_same() -> None:
    data = _reportlab_pdf()
    doc = PdfFile(data)
    page_ref, page = doc.pages()[0]
    page["StructParents"] = 0
    page["Tabs"] = Name("S")
    added = doc.add({"Type": Name("Test"), "Text": "Ünïcödé ‘quoted’ ذ", "Number": 0.125})
    doc.catalog["Extra"] = added
    doc.catalog["Meta"] = doc.add(Stream({"Type": Name("Metadata")}, b"<x/>", compress=False))
    doc.catalog["Packed"] = doc.add(Stream({}, b"abc" * 100))
    written = doc.write()
    assert written.startswith(b"%PDF-1.4\n%")
    assert all(byte > 127 for byte in written[10:14])  # PDF/A-1: a binary comment
    with pikepdf.open(io.BytesIO(written)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf --check: xref, lengths, syntax
        assert len(pdf.pages) == 2
        assert pdf.pages[0].obj.StructParents == 0
        assert pdf.pages[0].obj.Tabs == pikepdf.Name.S
        assert str(pdf.Root.Extra.Text) == "Ünïcödé ‘quoted’ ذ"
        assert float(pdf.Root.Extra.Number) == 0.125
        assert pdf.Root.Meta.read_raw_bytes() == b"<x/>"  # XMP is left uncompressed
        assert pdf.Root.Packed.read_bytes() == b"abc" * 100
        assert pdf.Root.Packed.Filter == pikepdf.Name.FlateDecode
        assert str(pdf.docinfo.Title) == "A (title) with \\ and ( parens"
        original = pikepdf.open(io.BytesIO(data))
        for mine, theirs in zip(pdf.pages, original.pages, strict=True):
            assert mine.obj.Contents.read_bytes() == theirs.obj.Contents.read_bytes()
        assert len(pdf.trailer.ID) == 2
    assert doc.write() == written  # same objects, same bytes (the identifier is a digest)
    assert written.count(b"\nendstream") == written.count(b"endstream")  # an EOL before each
    assert page_ref.number in doc.objects


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_string_reads_back_as_written(text: str) -> None:
    """Text strings (titles, alternative text, bookmarks) are literal ASCII or UTF-16BE with a
    byte order mark: either way a reader gets every character back."""
    data = _reportlab_pdf(pages=1, links=False)
    doc = PdfFile(data)
    doc.catalog["Said"] = doc.add({"T": text, "N": Name("S p/a#ce")})
    with pikepdf.open(io.BytesIO(doc.write())) as pdf:
        assert str(pdf.Root.Said.T) == text
        assert str(pdf.Root.Said.N) == "/S p/a#ce"


def test_values_are_written_in_pdf_syntax() -> None:
    assert dump({"A": [1, 2.5, True, None, Ref(3), Name("X")]}) == (
        b"<< /A [ 1 2.5 true null 3 0 R /X ] >>"
    )
    assert dump(1e-7) == b"0"
    assert dump(-0.00001) == b"0"
    assert dump(Raw(b"(kept \\) as read)")) == b"(kept \\) as read)"
    assert text_string("a(b)c\\") == b"(a\\(b\\)c\\\\)"
    assert text_string("é") == b"<feff00e9>"


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.replace(b"startxref", b"startxerf"),
        lambda d: d.replace(b"xref\n0 ", b"xref\n1 "),
        lambda d: d.replace(b"/Length ", b"/Lenght "),
        lambda d: d[:-60] + b" " * 10 + d[-50:],
    ],
)
def test_a_file_not_as_reportlab_writes_it_is_refused(damage: object) -> None:
    data = _reportlab_pdf(pages=1)
    with pytest.raises(ValueError):
        PdfFile(damage(data))  # type: ignore[operator]


def test_a_file_with_object_streams_is_refused() -> None:
    """Not a file ReportLab writes: refused, never half read."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(_reportlab_pdf())) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pytest.raises(ValueError):
        PdfFile(out.getvalue())
