from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ponder.errors import DocumentNotFoundError, LibraryError, SchemaError
from ponder.records import Passage, Repair
from ponder.store import Library
from ponder.store.check import check_library
from ponder.store.migrations import MIGRATIONS
from ponder.store.writer import DocumentMeta, DocumentWriter


def meta(path: str = "/docs/a.txt", digest: str = "h1") -> DocumentMeta:
    return DocumentMeta(
        path=path,
        title="A",
        format="txt",
        encoding="utf-8",
        language="en",
        script="latin",
        content_hash=digest,
        size=10,
    )


def write_doc(library: Library, path: str = "/docs/a.txt", text: str = "Hello world. Bye.") -> int:
    with library.transaction() as db:
        w = DocumentWriter(db, meta(path))
        w.add_text(0, text)
        w.add_passages([(Passage(text[:12], 0, 12, 0, 12), "hello world")])
        w.add_repairs([Repair("ftfy", 0, 1, 0, 2, "Ã©", "é")])
        w.finish(len(text), language="en", script="latin")
        return w.doc_id


def test_pragmas_and_schema_version(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        assert lib.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert lib.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert lib.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        names = [r[0] for r in lib.db.execute("SELECT name FROM migrations ORDER BY name")]
        assert names == [name for name, _ in MIGRATIONS]


def test_reopen_does_not_migrate_twice(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    with Library.open(tmp_path) as lib:
        assert lib.db.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    db = sqlite3.connect(tmp_path / "library.sqlite")
    db.execute("PRAGMA user_version = 999")
    db.close()
    with pytest.raises(SchemaError, match="newer than this Ponder"):
        Library.open(tmp_path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "library.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="cannot open library"):
        Library.open(tmp_path)


def test_write_read_and_remove_everywhere(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        doc_id = write_doc(lib)
        lib.db.execute("INSERT INTO vectors VALUES ((SELECT id FROM passages), 'm', x'00')")
        assert lib.document_text(doc_id) == "Hello world. Bye."
        assert lib.document_text(doc_id, 6, 11) == "world"
        assert lib.document("a.txt").passages == 1
        assert lib.repairs(doc_id)[0].after == "é"
        assert check_library(lib) == []
        lib.remove_document(doc_id)
        assert lib.counts() == {"documents": 0, "passages": 0, "repairs": 0, "vectors": 0}
        assert lib.db.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0] == 0
        assert lib.db.execute("SELECT COUNT(*) FROM document_text").fetchone()[0] == 0
        assert check_library(lib) == []


def test_rewrite_replaces_passages_in_place(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        first = write_doc(lib)
        second = write_doc(lib, text="Hello again. Changed.")
        assert first == second
        assert lib.counts()["passages"] == 1
        assert lib.document_text(first) == "Hello again. Changed."


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        write_doc(lib)
        with pytest.raises(RuntimeError), lib.transaction() as db:
            DocumentWriter(db, meta("/docs/a.txt", digest="h2"))  # deletes old passages…
            raise RuntimeError("reader failed half-way")
        assert lib.document("a.txt").content_hash == "h1"  # …but the rollback restores them
        assert lib.counts()["passages"] == 1


def test_nested_transactions_use_savepoints(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        with lib.transaction():
            write_doc(lib, "/docs/keep.txt")
            with pytest.raises(ValueError), lib.transaction():
                write_doc(lib, "/docs/drop.txt")
                raise ValueError
        assert [d.path for d in lib.documents()] == ["/docs/keep.txt"]


def test_document_lookup_errors(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        write_doc(lib, "/docs/one.txt")
        write_doc(lib, "/docs/two.txt")
        with pytest.raises(DocumentNotFoundError, match="ponder sources"):
            lib.document("nothing-like-this")
        with pytest.raises(DocumentNotFoundError, match="several documents"):
            lib.document("/docs/")


def test_check_finds_a_missing_index_row(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        write_doc(lib)
        lib.db.execute("DELETE FROM passages_fts")
        problems = check_library(lib)
        assert any("missing from the full-text index" in p for p in problems)


def test_open_without_create(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="ponder add"):
        Library.open(tmp_path / "nowhere", create=False)
