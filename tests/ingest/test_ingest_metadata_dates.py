"""Readers report the dates in a file's metadata: HTML <meta>/<time>, PDF, DOCX."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter

from ponder.ingest import open_source

from .test_ingest_documents import make_pdf

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Talk</title>
<meta property="article:published_time" content="2024-03-19T10:00:00+08:00">
<meta property="article:modified_time" content="2024-03-20T08:00:00Z">
<meta name="DC.date" content="2024-03-19">
<meta name="description" content="2024-01-01 is not a date field">
<meta name="viewport" content="width=device-width">
</head><body><main><h1>Talk</h1>
<p>Posted <time datetime="2024-03-19">on Tuesday</time>. The talk was long and full of ideas.</p>
<p><time>no datetime attribute</time></p>
</main></body></html>"""


def test_html_meta_and_time(tmp_path: Path) -> None:
    path = tmp_path / "talk.html"
    path.write_text(PAGE, encoding="utf-8")
    assert open_source(path).dates == [
        ("article:published_time", "2024-03-19T10:00:00+08:00"),
        ("article:modified_time", "2024-03-20T08:00:00Z"),
        ("DC.date", "2024-03-19"),
        ("time", "2024-03-19"),
    ]


def test_html_without_dates(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_text("<html><body><p>Nothing dated here, only words.</p></body></html>")
    assert open_source(path).dates == []


def test_pdf_creation_date(tmp_path: Path) -> None:
    made = make_pdf(tmp_path / "made.pdf", [["Some text on a page."]])
    writer = PdfWriter(clone_from=PdfReader(made))
    writer.add_metadata({"/CreationDate": "D:20240319103000+08'00'"})
    path = tmp_path / "dated.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert open_source(path).dates == [("CreationDate", "D:20240319103000+08'00'")]


def test_docx_created(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("A paragraph of text.")
    document.core_properties.created = datetime(2024, 3, 19, 10, 0, 0)
    path = tmp_path / "dated.docx"
    document.save(str(path))
    assert open_source(path).dates == [("created", "2024-03-19T10:00:00+00:00")]


def test_docx_template_stamp_is_not_a_date(tmp_path: Path) -> None:
    document = docx.Document()  # python-docx's template says 2013-12-23
    document.add_paragraph("A paragraph of text.")
    path = tmp_path / "undated.docx"
    document.save(str(path))
    assert open_source(path).dates == []


def test_text_files_have_no_metadata_dates(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Title\n\n2024年3月19日消息，正文。\n")
    assert open_source(path).dates == []
