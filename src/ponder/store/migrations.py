"""Named, ordered schema migrations, recorded in the database they change.

A migration runs once, in its own transaction; ``PRAGMA user_version`` holds the
number applied. A library written by a newer Ponder (more migrations than this
code knows) is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from ..errors import SchemaError
from .failures import roll_back

#: ``PRAGMA application_id`` of every Ponder library ("Pond" in ASCII): with
#: ``user_version`` (the number of migrations applied) it marks a file as Ponder's
APPLICATION_ID = 0x506F6E64

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((name, fn))
        return fn

    return register


@migration("001_documents_passages")
def _documents_passages(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            format TEXT NOT NULL,
            encoding TEXT,
            language TEXT NOT NULL,
            script TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            size INTEGER NOT NULL,
            text_length INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE document_text (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (doc_id, start)
        );
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            source_start INTEGER NOT NULL,
            source_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            speaker TEXT,
            heading TEXT,
            text_hash TEXT NOT NULL
        );
        CREATE INDEX passages_doc ON passages(doc_id, seq);
        CREATE INDEX passages_hash ON passages(text_hash);
        CREATE INDEX passages_speaker ON passages(speaker);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            tokens, tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
            DELETE FROM passages_fts WHERE rowid = old.id;
        END;
        CREATE TABLE repairs (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            source_start INTEGER NOT NULL,
            source_end INTEGER NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL
        );
        CREATE INDEX repairs_doc ON repairs(doc_id);
        CREATE TABLE vectors (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vec BLOB NOT NULL
        );
        """
    )


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run a script's statements inside the caller's transaction.

    (``executescript`` would commit first.)
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement: {buffer[:80]}")


def applied(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    db: sqlite3.Connection, path: str, begin: Callable[[], None] | None = None
) -> None:
    """Apply every migration not yet applied, each in its own transaction, and mark
    the file as a Ponder library (:data:`APPLICATION_ID`) in the same transaction.

    Safe when several processes open the same library at once: each migration's
    transaction takes the write lock first (``begin``, by default ``BEGIN IMMEDIATE``)
    and reads ``user_version`` again inside it, so a migration another process applied
    while this one waited is skipped, never run twice.
    """
    _refuse_newer(applied(db), path)
    for number, (name, fn) in enumerate(MIGRATIONS, start=1):
        if applied(db) >= number:
            continue
        if begin is None:
            db.execute("BEGIN IMMEDIATE")
        else:
            begin()
        try:
            done = applied(db)  # again, now that this process holds the write lock
            _refuse_newer(done, path)
            if done < number:
                if done == 0:
                    _refuse_foreign_tables(db, path)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute("CREATE TABLE IF NOT EXISTS migrations "
                           "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                fn(db)
                now = datetime.now(UTC).isoformat(timespec="seconds")
                db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now))
                db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException as e:
            roll_back(db, e)  # never hides why: SQLite may have rolled back already
            raise


def _refuse_foreign_tables(db: sqlite3.Connection, path: str) -> None:
    """Before the first migration: the file holds no tables but ours (checked in the lock)."""
    tables = [str(r[0]) for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'migrations'"
    )]
    if tables:
        raise SchemaError(f"{path}: not a Ponder library (it holds tables {', '.join(tables)}) "
                          "; Ponder left it untouched. Choose another --library path")


def _refuse_newer(done: int, path: str) -> None:
    if done > len(MIGRATIONS):
        raise SchemaError(
            f"{path}: library schema version {done} is newer than this Ponder knows "
            f"({len(MIGRATIONS)}); upgrade Ponder to open it"
        )


@migration("002_memory")
def _memory(db: sqlite3.Connection) -> None:
    """Memories, their index rows and vectors, per-user settings, deny lists, conversations.

    Every row carries its ``user``. Users see their own numbers (``id``, counted per
    user in ``user_settings``); ``key`` is internal (FTS rowid, vector key), so one
    user's ids never reveal another's activity. A turn's conversation must belong to
    the same user (composite foreign key).
    """
    run_script(
        db,
        """
        CREATE TABLE user_settings (
            user TEXT PRIMARY KEY,
            memory_enabled INTEGER NOT NULL DEFAULT 1,
            learning_enabled INTEGER NOT NULL DEFAULT 0,
            next_memory_id INTEGER NOT NULL DEFAULT 1,
            next_conversation_id INTEGER NOT NULL DEFAULT 1,
            next_turn_id INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE memories (
            key INTEGER PRIMARY KEY,
            user TEXT NOT NULL,
            id INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL
                CHECK (kind IN ('preference', 'fact', 'lesson', 'reminder', 'topic')),
            tier TEXT NOT NULL CHECK (tier IN ('saved', 'inferred')),
            reason TEXT NOT NULL,
            subject TEXT,
            slot TEXT,
            conversation_id INTEGER,
            turn_id INTEGER,
            quote TEXT,
            extractor TEXT NOT NULL,
            created_at TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            superseded_by INTEGER,
            due_at TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 1,
            norm TEXT NOT NULL,
            sig TEXT NOT NULL,
            UNIQUE (user, id)
        );
        CREATE INDEX memories_current ON memories(user, valid_to, kind);
        CREATE INDEX memories_sig ON memories(user, sig);
        CREATE INDEX memories_slot ON memories(user, kind, subject, slot);
        CREATE VIRTUAL TABLE memories_fts USING fts5(
            owner, tokens, tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
            DELETE FROM memories_fts WHERE rowid = old.key;
        END;
        CREATE TABLE memory_vectors (
            memory_key INTEGER PRIMARY KEY REFERENCES memories(key) ON DELETE CASCADE,
            user TEXT NOT NULL,
            model TEXT NOT NULL,
            vec BLOB NOT NULL
        );
        CREATE INDEX memory_vectors_user ON memory_vectors(user, model);
        CREATE TABLE deny_list (
            user TEXT NOT NULL,
            pattern TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (user, pattern)
        );
        CREATE TABLE conversations (
            key INTEGER PRIMARY KEY,
            user TEXT NOT NULL,
            id INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            title TEXT,
            UNIQUE (user, id)
        );
        CREATE TABLE turns (
            key INTEGER PRIMARY KEY,
            user TEXT NOT NULL,
            id INTEGER NOT NULL,
            conversation_id INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (user, id),
            FOREIGN KEY (user, conversation_id) REFERENCES conversations(user, id)
                ON DELETE CASCADE
        );
        CREATE INDEX turns_time ON turns(user, created_at);
        CREATE INDEX turns_conversation ON turns(user, conversation_id);
        CREATE VIRTUAL TABLE turns_fts USING fts5(
            owner, tokens, tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
            DELETE FROM turns_fts WHERE rowid = old.key;
        END;
        """
    )


@migration("003_document_dates")
def _document_dates(db: sqlite3.Connection) -> None:
    """Dates a document states about itself (see :mod:`ponder.ingest.dates`).

    ``documents.date`` is the primary date's value, for listing; ``dates_read`` is 0
    for documents added before this migration, so ``ponder add`` reads them again once.
    """
    run_script(
        db,
        """
        ALTER TABLE documents ADD COLUMN date TEXT;
        ALTER TABLE documents ADD COLUMN dates_read INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE document_dates (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            value TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('metadata', 'dateline', 'text')),
            field TEXT,
            text TEXT NOT NULL,
            start INTEGER,
            end INTEGER,
            source_start INTEGER,
            source_end INTEGER,
            is_primary INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX document_dates_doc ON document_dates(doc_id);
        """
    )


@migration("004_staging")
def _staging(db: sqlite3.Connection) -> None:
    """Large files staged in bounded transactions, published in one small one; old
    versions retired at once and swept in bounded transactions afterwards.

    A staged document is a ``documents`` row listed in ``staging`` (readers skip it)
    whose passages wait in ``staged_passages``; their full-text rows are written to
    ``passages_fts`` as they come (no passage row joins them yet, so no search finds
    them). ``retired_passages`` and ``retired_documents`` list what was removed from
    view but not yet erased (full-text rows, vectors, text); the full-text trigger
    leaves a retired passage's row to the sweep. See :mod:`ponder.store.writer` and
    ``Library.collect_garbage``.
    """
    run_script(
        db,
        """
        CREATE TABLE staging (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            owner TEXT NOT NULL,
            started_at TEXT NOT NULL
        );
        CREATE TABLE staged_passages (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            source_start INTEGER NOT NULL,
            source_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            speaker TEXT,
            heading TEXT,
            text_hash TEXT NOT NULL
        );
        CREATE INDEX staged_passages_doc ON staged_passages(doc_id, id);
        CREATE TABLE retired_passages (id INTEGER PRIMARY KEY);
        CREATE TABLE retired_documents (id INTEGER PRIMARY KEY);
        DROP TRIGGER passages_fts_delete;
        CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages
        WHEN NOT EXISTS (SELECT 1 FROM retired_passages WHERE id = old.id) BEGIN
            DELETE FROM passages_fts WHERE rowid = old.id;
        END;
        """
    )


@migration("005_document_ids_never_reused")
def _document_ids_never_reused(db: sqlite3.Connection) -> None:
    """Document ids are never given twice: ``documents.id`` becomes AUTOINCREMENT.

    Without it SQLite gives a new row the highest id plus one, so removing the newest
    document and adding another reused its id (a saved citation or ``--doc 7`` would
    silently name a different document).  Rebuilding ``documents`` would cascade-delete
    every passage (foreign keys stay on inside a migration's transaction), so this uses
    SQLite's documented ``writable_schema`` change for schema edits that leave the
    stored rows as they are: the table's CREATE statement gains AUTOINCREMENT, its
    ``sqlite_sequence`` row starts at the highest id in use, and ``schema_version`` is
    bumped so every connection reloads the schema.  Ids reused before this migration
    cannot be told apart; none is reused after it.
    """
    db.execute("CREATE TABLE ponder_sequence_init (id INTEGER PRIMARY KEY AUTOINCREMENT)")
    db.execute("DROP TABLE ponder_sequence_init")  # sqlite_sequence now exists
    sql = str(db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'"
    ).fetchone()[0])
    if "AUTOINCREMENT" in sql.upper():
        return
    marked = sql.replace(" id INTEGER PRIMARY KEY,", " id INTEGER PRIMARY KEY AUTOINCREMENT,", 1)
    if marked == sql:
        raise SchemaError("documents.id is not 'id INTEGER PRIMARY KEY'; the library's "
                          "schema was changed by hand — run 'ponder check'")
    version = int(db.execute("PRAGMA schema_version").fetchone()[0])
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'documents'",
                   (marked,))
        db.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    db.execute("INSERT INTO sqlite_sequence (name, seq) "
               "SELECT 'documents', COALESCE(MAX(id), 0) FROM documents")


@migration("006_pending_erasures")
def _pending_erasures(db: sqlite3.Connection) -> None:
    """Erasures of a file beside the library (a user's chat prompt history) that a
    forget, clear or deny has committed but may not have finished.

    The row is written in the same transaction as the forget it belongs to and deleted
    once the file is rewritten; every open of the memory store finishes the rows left
    (see :mod:`ponder.memory.erasures`), so a process killed between the commit and the
    rewrite never leaves forgotten text in the history. ``texts`` is a JSON list: the
    texts whose lines go (``mentioning``), the deny patterns whose lines go (``denied``),
    or empty (``everything``: the file goes).
    """
    run_script(
        db,
        """
        CREATE TABLE pending_erasures (
            id INTEGER PRIMARY KEY,
            user TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('mentioning', 'denied', 'everything')),
            texts TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """
    )
