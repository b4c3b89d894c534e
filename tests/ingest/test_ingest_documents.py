"""PDF and DOCX readers, on small real files built at runtime (Chinese included)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ponder.errors import CorruptDocumentError, EmptyFileError
from ponder.ingest import open_source

from .ingest_helpers import read_all

ZH = "奥特曼说：我们需要更多的算力。"


def make_pdf(path: Path, pages: list[list[str]], title: str | None = None) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    if title:
        c.setTitle(title)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            c.drawString(72, 720 - 18 * i, line)
        c.showPage()
    c.save()
    return path


def test_pdf_pages_text_and_title(tmp_path: Path):
    path = make_pdf(
        tmp_path / "a.pdf", [[ZH, "Hello PDF world."], ["Second page text."]], title="测试 Title"
    )
    source = open_source(path)
    text, chunks = read_all(source)
    assert source.format == "pdf" and source.encoding is None
    assert source.title == "测试 Title"
    assert ZH in text and "Hello PDF world." in text
    assert text.index("Second page text.") > text.index("Hello PDF world.")
    assert "\n\n" in text  # pages are separated by a blank line
    assert chunks[0].map.to_source(5) == 5  # the extracted text is the source text


def test_pdf_title_falls_back_to_first_line(tmp_path: Path):
    source = open_source(make_pdf(tmp_path / "b.pdf", [["First line here", "more"]]))
    assert source.title == "First line here"


def test_truncated_pdf_is_corrupt(tmp_path: Path):
    good = make_pdf(tmp_path / "good.pdf", [["some text"] * 5] * 3).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(good[: len(good) // 3])
    with pytest.raises(CorruptDocumentError, match=r"cut\.pdf: the PDF cannot be parsed"):
        open_source(path)


def test_garbage_named_pdf_is_corrupt(tmp_path: Path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"this is not a pdf at all\n" * 10)
    with pytest.raises(CorruptDocumentError, match="re-download"):
        open_source(path)


def test_pdf_without_text_needs_ocr(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200, fill=1)  # a drawing, no text
    c.showPage()
    c.save()
    with pytest.raises(EmptyFileError, match=r"no extractable text.*OCR"):
        open_source(path)


# -- docx -------------------------------------------------------------------------


def make_docx(path: Path, title: str | None = None) -> Path:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("第一章 Introduction", level=1)
    document.add_paragraph(ZH)
    document.add_paragraph("")
    document.add_paragraph("An English paragraph.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["名字", "Value"], ["alpha", "1"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Second section", level=2)
    document.add_paragraph("Closing words.")
    document.save(str(path))
    return path


def test_docx_paragraphs_headings_tables(tmp_path: Path):
    source = open_source(make_docx(tmp_path / "a.docx"))
    text, chunks = read_all(source)
    assert source.format == "docx" and source.encoding is None
    assert text == (
        "第一章 Introduction\n\n" + ZH + "\n\nAn English paragraph.\n\n"
        "名字\tValue\nalpha\t1\n\nSecond section\n\nClosing words."
    )
    assert [h[2] for h in chunks[0].headings] == ["第一章 Introduction", "Second section"]
    for start, end, name in chunks[0].headings:
        assert text[start:end] == name
    assert source.title == "第一章 Introduction"


def test_docx_core_title_wins(tmp_path: Path):
    assert open_source(make_docx(tmp_path / "t.docx", title="Core Title")).title == "Core Title"


def test_docx_not_a_zip(tmp_path: Path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc file" * 20)
    with pytest.raises(CorruptDocumentError, match=r"not a zip archive.*save it as \.docx"):
        open_source(path)


def test_docx_zip_without_document(tmp_path: Path):
    import zipfile

    path = tmp_path / "empty-zip.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a word document")
    with pytest.raises(CorruptDocumentError, match="cannot be read"):
        open_source(path)


def test_docx_without_text(tmp_path: Path):
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyFileError, match="no text"):
        open_source(path)
