"""``ponder check``: integrity of the SQLite file and consistency of its indexes."""

from __future__ import annotations

import sqlite3

from .library import Library


def check_library(library: Library) -> list[str]:
    """Every problem found, as a sentence; an empty list means the library is sound."""
    db = library.db
    problems: list[str] = []
    problems += _integrity(db)
    problems += _foreign_keys(db)
    problems += _fts(db, run_integrity_check=not library.readonly)
    problems += _offsets(db)
    return problems


def _integrity(db: sqlite3.Connection) -> list[str]:
    rows = [str(r[0]) for r in db.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else [f"SQLite integrity: {r}" for r in rows]


#: rows whose parent is gone on purpose: a retired document's or passage's, which the
#: sweep (``Library.collect_garbage``) erases next
_AWAITING_SWEEP = {
    "vectors": "SELECT 1 FROM vectors WHERE rowid = ? AND passage_id IN "
               "(SELECT id FROM retired_passages)",
    "document_text": "SELECT 1 FROM document_text WHERE rowid = ? AND doc_id IN "
                     "(SELECT id FROM retired_documents)",
    "repairs": "SELECT 1 FROM repairs WHERE rowid = ? AND doc_id IN "
               "(SELECT id FROM retired_documents)",
    "document_dates": "SELECT 1 FROM document_dates WHERE rowid = ? AND doc_id IN "
                      "(SELECT id FROM retired_documents)",
}


def _foreign_keys(db: sqlite3.Connection) -> list[str]:
    problems = []
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        pending = _AWAITING_SWEEP.get(str(table))
        if pending and db.execute(pending, (rowid,)).fetchone():
            continue
        problems.append(f"row {rowid} of {table} points at a missing {parent} row")
    return problems


def _fts(db: sqlite3.Connection, *, run_integrity_check: bool) -> list[str]:
    """FTS5's own integrity check is an INSERT command, so a read-only library skips it
    and is checked by the row counts below only."""
    problems: list[str] = []
    try:
        if run_integrity_check:
            db.execute("INSERT INTO passages_fts (passages_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as e:
        problems.append(f"full-text index damaged ({e}); rebuild with 'ponder check --repair'")
    missing = db.execute(
        "SELECT COUNT(*) FROM passages WHERE id NOT IN (SELECT rowid FROM passages_fts)"
    ).fetchone()[0]
    extra = db.execute(  # staged passages' rows wait for publishing, retired ones for the sweep
        "SELECT COUNT(*) FROM passages_fts WHERE rowid NOT IN (SELECT id FROM passages) "
        "AND rowid NOT IN (SELECT id FROM staged_passages) "
        "AND rowid NOT IN (SELECT id FROM retired_passages)"
    ).fetchone()[0]
    if missing:
        problems.append(f"{missing} passages are missing from the full-text index")
    if extra:
        problems.append(f"{extra} full-text rows belong to no passage")
    return problems


def _offsets(db: sqlite3.Connection) -> list[str]:
    bad = db.execute(
        "SELECT COUNT(*) FROM passages p JOIN documents d ON d.id = p.doc_id "
        "WHERE p.start < 0 OR p.end < p.start OR p.end > d.text_length "
        "OR p.source_end < p.source_start OR length(p.text) != p.end - p.start"
    ).fetchone()[0]
    empty = db.execute(
        "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM document_text t WHERE t.doc_id = d.id) AND d.text_length > 0"
    ).fetchone()[0]
    problems = []
    if bad:
        problems.append(f"{bad} passages have offsets outside their document")
    if empty:
        problems.append(f"{empty} documents have lost their text")
    return problems
