"""Dates extracted at ingest are stored on the document, with offsets that hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.store import Library
from ponder.store.add import add_paths
from ponder.store.check import check_library

from corpus import PYDOCS, altman_file, altman_files


@pytest.fixture(scope="module")
def dated_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = Library.open(tmp_path_factory.mktemp("dated-lib"))
    pages = [PYDOCS / "whatsnew" / "3.11.html", PYDOCS / "library" / "datetime.html"]
    summary = add_paths(lib, [*altman_files(), *pages])
    assert not summary.failed, summary.failed
    yield lib
    lib.close()


def doc_id(lib: Library, path: Path) -> int:
    return lib.resolve_document(str(path)).id


@pytest.mark.parametrize(
    ("prefix", "value", "source", "text"),
    [
        ("002", "--03-19", "dateline", "3月19日"),
        ("003", "--05-16", "dateline", "5月16日"),
        ("004", "2025-02-08", "dateline", "2025/2/8"),
    ],
)
def test_primary_dates_of_the_interviews(
    dated_library: Library, prefix: str, value: str, source: str, text: str
) -> None:
    found = dated_library.primary_date(doc_id(dated_library, altman_file(prefix)))
    assert found is not None
    assert (found.value, found.source, found.text) == (value, source, text)
    doc = dated_library.document(doc_id(dated_library, altman_file(prefix)))
    assert doc.date == value


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_undated_interviews_have_no_primary_date(dated_library: Library, prefix: str) -> None:
    the_id = doc_id(dated_library, altman_file(prefix))
    assert dated_library.primary_date(the_id) is None
    assert dated_library.document(the_id).date is None


def test_every_text_date_is_its_span_of_the_document_and_the_file(
    dated_library: Library,
) -> None:
    checked = 0
    for doc in dated_library.documents():
        text = dated_library.document_text(doc.id)
        raw = Path(doc.path).read_text(encoding="utf-8")
        for d in dated_library.document_dates(doc.id):
            if d.source == "metadata":
                continue
            assert d.start is not None and d.end is not None
            assert d.source_start is not None and d.source_end is not None
            assert text[d.start : d.end] == d.text
            assert raw[d.source_start : d.source_end] == d.text
            checked += 1
    assert checked > 5


def test_a_date_from_2023_in_002(dated_library: Library) -> None:
    dates = dated_library.document_dates(doc_id(dated_library, altman_file("002")))
    assert ("2023-11-16", "text") in [(d.value, d.source) for d in dates]


def test_removing_a_document_removes_its_dates(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        add_paths(lib, [altman_file("004")])
        (doc,) = lib.documents()
        assert lib.document_dates(doc.id)
        lib.remove_document(doc.id)
        assert lib.db.execute("SELECT COUNT(*) FROM document_dates").fetchone()[0] == 0
        assert check_library(lib) == []


def test_documents_added_before_dates_are_read_again(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        add_paths(lib, [altman_file("004")])
        (doc,) = lib.documents()
        # as a library written before migration 003 looks
        lib.db.execute("DELETE FROM document_dates")
        lib.db.execute("UPDATE documents SET date = NULL, dates_read = 0")
        assert lib.primary_date(doc.id) is None and not lib.dates_read(doc.id)
        summary = add_paths(lib, [altman_file("004")])
        assert summary.updated == [doc.path]
        assert lib.document(doc.id).date == "2025-02-08"
        assert add_paths(lib, [altman_file("004")]).unchanged == [doc.path]

