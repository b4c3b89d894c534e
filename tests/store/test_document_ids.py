"""Document ids are never reused after removal (issue 9, concern): ``documents.id`` is
AUTOINCREMENT, for new libraries and for libraries made before migration 005."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ponder.store import Library
from ponder.store.add import add_paths
from ponder.store.library import library_file
from ponder.store.migrations import MIGRATIONS, applied


def add_file(library: Library, folder: Path, name: str) -> int:
    path = folder / name
    path.write_text(f"The file {name} has a sentence of its own.\n")
    summary = add_paths(library, [path])
    assert summary.added == [str(path)], summary
    doc = library.document_by_path(str(path))
    assert doc is not None
    return doc.id


def test_removing_the_newest_document_does_not_free_its_id(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        first = add_file(library, tmp_path, "a.txt")
        newest = add_file(library, tmp_path, "b.txt")
        library.remove_document(newest)
        again = add_file(library, tmp_path, "c.txt")
        assert again > newest > first
        library.remove_document(again)
        library.remove_document(first)
        assert add_file(library, tmp_path, "d.txt") > again
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_library_made_before_the_migration_stops_reusing_ids(tmp_path: Path) -> None:
    """Migrations up to 005 applied the way ``migrate`` does, ids 1-3 added, 3 removed."""
    path = library_file(tmp_path / "old")
    path.parent.mkdir()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    before = next(n for n, (name, _) in enumerate(MIGRATIONS) if name.startswith("005_"))
    for number, (name, fn) in enumerate(MIGRATIONS[:before], start=1):
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        fn(db)
        db.execute("INSERT INTO migrations VALUES (?, '')", (name,))
        db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    for n in (1, 2, 3):
        db.execute(
            "INSERT INTO documents (id, path, title, format, language, script, content_hash, "
            "size, text_length, added_at, updated_at) "
            "VALUES (?, ?, 't', 'txt', 'en', 'latin', 'h', 1, 0, '', '')", (n, f"/x/{n}.txt"),
        )
    db.execute("DELETE FROM documents WHERE id = 3")
    db.close()
    with Library.open(tmp_path / "old") as library:
        assert applied(library.db) == len(MIGRATIONS)
        assert add_file(library, tmp_path, "new.txt") == 3  # 3 was reused before: unknowable
        library.remove_document(3)
        assert add_file(library, tmp_path, "newer.txt") == 4
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
