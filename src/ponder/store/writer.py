"""Writing one document: metadata, text chunks, passages with their index rows, repairs, dates.

Used inside ``Library.transaction()``: a changed file's old passages are replaced
in the same transaction that writes the new ones, so readers see old or new,
never a mix.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..records import DocumentDate, Passage, Repair
from .library import now_iso


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
        for passage, tokens in passages:
            cur = self.db.execute(
                "INSERT INTO passages (doc_id, seq, start, end, source_start, source_end, text, "
                "speaker, heading, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.doc_id, self.passages, passage.start, passage.end, passage.source_start,
                 passage.source_end, passage.text, passage.speaker, passage.heading,
                 text_hash(passage.text)),
            )
            self.db.execute(
                "INSERT INTO passages_fts (rowid, tokens) VALUES (?, ?)", (cur.lastrowid, tokens)
            )
            self.passages += 1

    def add_repairs(self, repairs: Iterable[Repair]) -> None:
        for r in repairs:
            self.db.execute(
                "INSERT INTO repairs (doc_id, kind, start, end, source_start, source_end, "
                "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.doc_id, r.kind, r.start, r.end, r.source_start, r.source_end,
                 r.before, r.after),
            )
            self.repairs += 1

    def add_dates(self, dates: Iterable[DocumentDate], primary: DocumentDate | None) -> None:
        """The document's dates (its text's and its metadata's) and which one is primary."""
        for d in dates:
            self.db.execute(
                "INSERT INTO document_dates (doc_id, value, source, field, text, start, end, "
                "source_start, source_end, is_primary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.doc_id, d.value, d.source, d.field, d.text, d.start, d.end,
                 d.source_start, d.source_end, d == primary),
            )
        self.db.execute(
            "UPDATE documents SET date = ?, dates_read = 1 WHERE id = ?",
            (primary.value if primary else None, self.doc_id),
        )

    def finish(self, text_length: int, *, language: str, script: str) -> None:
        self.db.execute(
            "UPDATE documents SET text_length = ?, language = ?, script = ? WHERE id = ?",
            (text_length, language, script, self.doc_id),
        )
