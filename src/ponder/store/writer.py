"""Writing one document: metadata, text chunks, passages with their index rows, repairs, dates.

Two writers. :class:`StagedDocument` (what ``ponder add`` uses) writes a document in
bounded transactions that no reader sees, then publishes it in one small transaction
that also retires the old version, so no other writer waits long behind a large file
and readers see old or new, never a mix. :class:`DocumentWriter` writes a document
inside one transaction the caller holds (small documents, tests).
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import DocumentDate, Passage, Repair
from .library import Library, now_iso, process_owner, retire


@dataclass
class DocumentMeta:
    path: str
    title: str
    format: str
    encoding: str | None
    language: str
    script: str
    content_hash: str
    size: int


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class DocumentWriter:
    """Writes one document; call inside an open transaction."""

    def __init__(self, db: sqlite3.Connection, meta: DocumentMeta) -> None:
        self.db = db
        self.meta = meta
        self.doc_id = self._upsert(meta)
        self.passages = 0
        self.repairs = 0

    def _upsert(self, meta: DocumentMeta) -> int:
        now = now_iso()
        row = self.db.execute("SELECT id FROM documents WHERE path = ?", (meta.path,)).fetchone()
        values = (meta.title, meta.format, meta.encoding, meta.language, meta.script,
                  meta.content_hash, meta.size)
        if row is None:
            cur = self.db.execute(
                "INSERT INTO documents (path, title, format, encoding, language, script, "
                "content_hash, size, text_length, added_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (meta.path, *values, now, now),
            )
            return int(cur.lastrowid or 0)
        doc_id = int(row[0])
        for table in ("passages", "document_text", "repairs", "document_dates"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.db.execute(
            "UPDATE documents SET title = ?, format = ?, encoding = ?, language = ?, script = ?, "
            "content_hash = ?, size = ?, updated_at = ? WHERE id = ?",
            (*values, now, doc_id),
        )
        return doc_id

    def add_text(self, start: int, text: str) -> None:
        if text:
            self.db.execute(
                "INSERT INTO document_text (doc_id, start, text) VALUES (?, ?, ?)",
                (self.doc_id, start, text),
            )

    def add_passages(self, passages: Iterable[tuple[Passage, str]]) -> None:
        """Each item is a passage and the space-joined index tokens for it."""
        self.passages += _insert_passages(self.db, "passages", self.doc_id, self.passages,
                                          list(passages))

    def add_repairs(self, repairs: Iterable[Repair]) -> None:
        self.repairs += _insert_repairs(self.db, self.doc_id, repairs)

    def add_dates(self, dates: Iterable[DocumentDate], primary: DocumentDate | None) -> None:
        """The document's dates (its text's and its metadata's) and which one is primary."""
        _insert_dates(self.db, self.doc_id, dates, primary)

    def finish(self, text_length: int, *, language: str, script: str) -> None:
        self.db.execute(
            "UPDATE documents SET text_length = ?, language = ?, script = ? WHERE id = ?",
            (text_length, language, script, self.doc_id),
        )


#: passages written per staging transaction: keeps each one well under a second
STAGE_BATCH = 200

_PASSAGE_COLUMNS = ("id, doc_id, seq, start, end, source_start, source_end, text, speaker, "
                    "heading, text_hash")


class StagedDocument:
    """One document written in bounded transactions, invisible until :meth:`publish`.

    ``StagedDocument(library, meta)`` starts it (a hidden ``documents`` row listed in
    ``staging``); :meth:`write` adds text, passages and repairs, at most
    :data:`STAGE_BATCH` passages per transaction; :meth:`publish` makes it the document
    at ``meta.path`` in one transaction, retiring the old version; :meth:`discard`
    drops it. A process killed while staging leaves rows that the next
    ``Library.collect_garbage`` erases.
    """

    def __init__(self, library: Library, meta: DocumentMeta) -> None:
        self.library = library
        self.meta = meta
        self.passages = 0
        self.repairs = 0
        now = now_iso()
        with library.transaction() as db:
            cur = db.execute(
                "INSERT INTO documents (path, title, format, encoding, language, script, "
                "content_hash, size, text_length, added_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (f"staging:{uuid.uuid4().hex}:{meta.path}", meta.title, meta.format,
                 meta.encoding, meta.language, meta.script, meta.content_hash, meta.size,
                 now, now),
            )
            self.doc_id = int(cur.lastrowid or 0)
            db.execute("INSERT INTO staging (doc_id, path, owner, started_at) "
                       "VALUES (?, ?, ?, ?)", (self.doc_id, meta.path, process_owner(), now))

    def write(self, start: int, text: str, passages: Sequence[tuple[Passage, str]],
              repairs: Sequence[Repair]) -> None:
        """Text from offset ``start``, its passages (with index tokens) and repairs."""
        with self.library.transaction() as db:
            if text:
                db.execute("INSERT INTO document_text (doc_id, start, text) VALUES (?, ?, ?)",
                           (self.doc_id, start, text))
            self.repairs += _insert_repairs(db, self.doc_id, repairs)
        for i in range(0, len(passages), STAGE_BATCH):
            with self.library.transaction() as db:
                self.passages += _insert_passages(db, "staged_passages", self.doc_id,
                                                  self.passages, passages[i : i + STAGE_BATCH])

    def publish(
        self, dates: Iterable[DocumentDate], primary: DocumentDate | None, text_length: int,
        *, language: str, script: str,
    ) -> bool:
        """Make this the document at its path, in one transaction; False (and nothing
        changed) when another process published the same content there meanwhile."""
        with self.library.unchecked_transaction() as db:
            old = db.execute(
                "SELECT id, content_hash, dates_read, added_at FROM documents "
                "WHERE path = ? AND id NOT IN (SELECT doc_id FROM staging)", (self.meta.path,),
            ).fetchone()
            if old is not None and old[1] == self.meta.content_hash and old[2]:
                _retire_all_staged(db, self.doc_id)
                return False
            if old is not None:
                retire(db, int(old[0]))
            db.execute(
                "UPDATE documents SET path = ?, text_length = ?, language = ?, script = ?, "
                "added_at = ?, updated_at = ? WHERE id = ?",
                (self.meta.path, text_length, language, script,
                 old[3] if old is not None else now_iso(), now_iso(), self.doc_id),
            )
            db.execute(f"INSERT INTO passages ({_PASSAGE_COLUMNS}) SELECT {_PASSAGE_COLUMNS} "
                       "FROM staged_passages WHERE doc_id = ? ORDER BY id", (self.doc_id,))
            # the staged copies go later, in batches (Library.collect_garbage)
            db.execute("DELETE FROM staging WHERE doc_id = ?", (self.doc_id,))
            _insert_dates(db, self.doc_id, dates, primary)
        return True

    def discard(self) -> None:
        """Drop what was staged (a file that failed half-way)."""
        with self.library.unchecked_transaction() as db:
            _retire_all_staged(db, self.doc_id)
        self.library.collect_garbage()


def _retire_all_staged(db: sqlite3.Connection, doc_id: int) -> None:
    db.execute("INSERT OR IGNORE INTO retired_passages (id) "
               "SELECT id FROM staged_passages WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM staged_passages WHERE doc_id = ?", (doc_id,))
    retire(db, doc_id)


def next_passage_id(db: sqlite3.Connection) -> int:
    """The next passage id: above every id in use, staged, retired or indexed, so a new
    passage never meets a full-text row or vector left for the sweep."""
    highest = 0
    for sql in ("SELECT MAX(id) FROM passages", "SELECT MAX(id) FROM staged_passages",
                "SELECT MAX(id) FROM retired_passages",
                "SELECT rowid FROM passages_fts ORDER BY rowid DESC LIMIT 1"):
        row = db.execute(sql).fetchone()
        if row is not None and row[0] is not None:
            highest = max(highest, int(row[0]))
    return highest + 1


def _insert_passages(db: sqlite3.Connection, table: str, doc_id: int, seq: int,
                     passages: Sequence[tuple[Passage, str]]) -> int:
    first = next_passage_id(db)
    rows = []
    for n, (p, _) in enumerate(passages):
        rows.append((first + n, doc_id, seq + n, p.start, p.end, p.source_start, p.source_end,
                     p.text, p.speaker, p.heading, text_hash(p.text)))
    db.executemany(f"INSERT INTO {table} ({_PASSAGE_COLUMNS}) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO passages_fts (rowid, tokens) VALUES (?, ?)",
                   [(first + n, tokens) for n, (_, tokens) in enumerate(passages)])
    return len(rows)


def _insert_repairs(db: sqlite3.Connection, doc_id: int, repairs: Iterable[Repair]) -> int:
    rows = [(doc_id, r.kind, r.start, r.end, r.source_start, r.source_end, r.before, r.after)
            for r in repairs]
    db.executemany("INSERT INTO repairs (doc_id, kind, start, end, source_start, source_end, "
                   "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def _insert_dates(db: sqlite3.Connection, doc_id: int, dates: Iterable[DocumentDate],
                  primary: DocumentDate | None) -> None:
    db.executemany(
        "INSERT INTO document_dates (doc_id, value, source, field, text, start, end, "
        "source_start, source_end, is_primary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, d.value, d.source, d.field, d.text, d.start, d.end, d.source_start,
          d.source_end, d == primary) for d in dates],
    )
    db.execute("UPDATE documents SET date = ?, dates_read = 1 WHERE id = ?",
               (primary.value if primary else None, doc_id))
