"""Word documents (.docx) through python-docx: paragraphs and tables in document order.

Paragraphs are separated by a blank line; a table becomes one line per row with cells
separated by tabs.  Paragraphs styled "Title" or "Heading N" are reported as headings.
The document's text *is* this extracted text, so chunk maps are identities into it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ponder.errors import CorruptDocumentError, EmptyFileError
from ponder.ingest.readers._chunking import Heading, identity_chunks
from ponder.ingest.readers._limits import check_size
from ponder.ingest.readers._titles import first_line, metadata_title
from ponder.ingest.readers.base import Opened, Reader, Register, SourceChunk

BLOCK_SEPARATOR = "\n\n"
#: the ``created`` stamp of python-docx's default template: not a date of the document
TEMPLATE_CREATED = "2013-12-23T23:15:00"


def load(path: Path) -> Any:
    """A ``docx.Document`` for ``path``; damage becomes :class:`CorruptDocumentError`."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    if not zipfile.is_zipfile(path):
        raise CorruptDocumentError(
            path,
            "is not a valid .docx (not a zip archive) — an old .doc file or a damaged "
            "download? Open it in Word or LibreOffice and save it as .docx",
        )
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.Error) as err:
        raise CorruptDocumentError(
            path,
            f"the .docx cannot be read ({err}); open it in Word or LibreOffice and save it again",
        ) from err


def _style_name(paragraph: Any) -> str:
    style = paragraph.style
    return str(style.name) if style is not None and style.name else ""


def is_heading(paragraph: Any) -> bool:
    name = _style_name(paragraph)
    return name == "Title" or (name.startswith("Heading ") and name[8:].isdigit())


def table_text(table: Any) -> str:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:  # a merged cell repeats: keep it once
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


def blocks(document: Any) -> Iterator[tuple[str, bool]]:
    """(text, is heading) for each non-empty paragraph or table, in order."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            text, heading = table_text(item), False
        else:
            text, heading = item.text.strip(), is_heading(item)
        if text.strip():
            yield text, heading


def build(document: Any) -> tuple[str, list[Heading]]:
    parts: list[str] = []
    headings: list[Heading] = []
    pos = 0
    for text, heading in blocks(document):
        if parts:
            parts.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        if heading:
            headings.append((pos, pos + len(text), text))
        parts.append(text)
        pos += len(text)
    return "".join(parts), headings


def docx_dates(document: Any) -> list[tuple[str, str]]:
    """The core properties' ``created`` stamp, unless it is python-docx's template's."""
    created = document.core_properties.created
    if created is None or created.isoformat().startswith(TEMPLATE_CREATED):
        return []
    return [("created", created.isoformat())]


def open_docx(path: Path, size: int) -> Opened:
    check_size(path, size, "DOCX")
    document = load(path)
    text, headings = build(document)
    if not text.strip():
        raise EmptyFileError(
            path, "the document has no text (no paragraphs or tables); nothing to add"
        )
    title = metadata_title(document.core_properties.title) or first_line(text) or path.name

    def chunks() -> Iterator[SourceChunk]:
        return identity_chunks(text, headings)

    return Opened(None, title, chunks, docx_dates(document))


def register_readers(register: Register) -> None:
    register(Reader("docx", (".docx",), open_docx))
