"""PDF files (.pdf) through pypdf: the text of each page, pages separated by a blank line.

The document's text *is* the extracted text, so chunk maps are identities into it.
pypdf's exceptions are converted at this boundary; a PDF without extractable text
(usually a scan) is reported as needing OCR.  pypdf's own warnings about a damaged file
(what it repaired to read it) go to Ponder's log at debug level, never to the terminal:
the one message a user sees is Ponder's.
"""

from __future__ import annotations

import logging
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ponder.errors import CorruptDocumentError, EmptyFileError, UnreadableFileError
from ponder.ingest.readers._chunking import identity_chunks
from ponder.ingest.readers._limits import check_size
from ponder.ingest.readers._titles import first_line, metadata_title
from ponder.ingest.readers.base import Opened, Reader, Register, SourceChunk

PAGE_SEPARATOR = "\n\n"

log = logging.getLogger(__name__)

#: what pypdf raises on damaged files besides its own errors
_PARSE_ERRORS: tuple[type[Exception], ...] = (
    ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
    RecursionError, struct.error, zlib.error, NotImplementedError,
)  # fmt: skip


def _corrupt(path: Path, err: Exception) -> CorruptDocumentError:
    detail = str(err).strip() or type(err).__name__
    return CorruptDocumentError(
        path,
        f"the PDF cannot be parsed ({detail}); it may be truncated or damaged — "
        "re-download it or re-save it with a PDF viewer",
    )


def _pypdf_errors() -> tuple[type[Exception], ...]:
    from pypdf.errors import PyPdfError

    return (PyPdfError, *_PARSE_ERRORS)


def load(path: Path) -> Any:
    """A ``pypdf.PdfReader`` for ``path``, decrypted if it opens with an empty password."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError(
                path, "the PDF is password-protected; remove the password (e.g. qpdf --decrypt)"
            )
        _ = len(reader.pages)
    except _pypdf_errors() as err:
        raise _corrupt(path, err) from err
    return reader


def page_texts(path: Path, reader: Any) -> list[str]:
    texts: list[str] = []
    for page in reader.pages:
        try:
            texts.append((page.extract_text() or "").strip())
        except _pypdf_errors() as err:
            raise _corrupt(path, err) from err
    return texts


def pdf_title(reader: Any) -> str:
    try:
        title = reader.metadata.title if reader.metadata is not None else None
    except _pypdf_errors():
        return ""
    return metadata_title(title)


def pdf_dates(reader: Any) -> list[tuple[str, str]]:
    """The raw ``/CreationDate`` (``D:20240319103000+08'00'``), if the PDF has one."""
    try:
        raw = reader.metadata.get("/CreationDate") if reader.metadata is not None else None
    except _pypdf_errors():
        return []
    return [("CreationDate", str(raw))] if raw else []


class _ToLog(logging.Handler):
    """Passes pypdf's records on to Ponder's log, at debug level, naming the file."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s: pypdf: %s", self.path, record.getMessage())


@contextmanager
def pypdf_to_log(path: Path) -> Iterator[None]:
    """While reading ``path``, pypdf's log records and warnings go to Ponder's log."""
    logger = logging.getLogger("pypdf")
    handler = _ToLog(path)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield
            finally:
                for warning in caught:
                    log.debug("%s: pypdf: %s", path, warning.message)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def open_pdf(path: Path, size: int) -> Opened:
    check_size(path, size, "PDF")
    with pypdf_to_log(path):
        reader = load(path)
        pages = page_texts(path, reader)
        title = pdf_title(reader)
        dates = pdf_dates(reader)
    text = PAGE_SEPARATOR.join(p for p in pages if p)
    if not text.strip():
        raise EmptyFileError(
            path,
            f"the PDF has no extractable text ({len(pages)} pages) — probably scanned images; "
            "run OCR first (e.g. ocrmypdf in.pdf out.pdf) and add the result",
        )
    title = title or first_line(text) or path.name

    def chunks() -> Iterator[SourceChunk]:
        return identity_chunks(text)

    return Opened(None, title, chunks, dates)


def register_readers(register: Register) -> None:
    register(Reader("pdf", (".pdf",), open_pdf))
