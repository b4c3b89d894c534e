"""The library: one SQLite file (WAL, foreign keys, secure_delete), opened explicitly.

Every logical write (one document, one removal, one batch of vectors) is one
transaction: a process killed half-way leaves the file as it was before that write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import DocumentNotFoundError, LibraryError
from ..records import Document, DocumentDate, Repair
from .migrations import migrate
from .selectors import Candidate, select

FILE_NAME = "library.sqlite"


def library_file(location: Path) -> Path:
    """``location`` may be a directory (holding library.sqlite) or the .sqlite file itself."""
    if location.suffix in {".sqlite", ".db", ".sqlite3"}:
        return location
    return location / FILE_NAME


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


DOC_COLUMNS = (
    "d.id, d.path, d.title, d.format, d.encoding, d.language, d.script, d.content_hash, "
    "d.size, (SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.id), "
    "(SELECT COUNT(*) FROM repairs r WHERE r.doc_id = d.id), d.added_at, d.updated_at, d.date"
)


class Library:
    """A handle on one library file. Use as a context manager or call ``close``."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db
        self._depth = 0

    @classmethod
    def open(cls, location: Path, *, create: bool = True) -> Library:
        path = library_file(location)
        if not path.exists() and not create:
            raise LibraryError(f"{path}: no library here; add documents with 'ponder add PATH'")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            _configure(db)
            migrate(db, str(path))
        except sqlite3.DatabaseError as e:
            raise LibraryError(f"{path}: cannot open library ({e})") from e
        except OSError as e:
            raise LibraryError(f"{path}: cannot create library ({e.strerror})") from e
        return cls(path, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction per logical write; nested calls become savepoints."""
        name = f"sp{self._depth}"
        self.db.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.db
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.db.execute("ROLLBACK")
            else:
                self.db.execute(f"ROLLBACK TO {name}")
                self.db.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        self.db.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")

    # ---- documents -------------------------------------------------------

    def documents(self) -> list[Document]:
        rows = self.db.execute(f"SELECT {DOC_COLUMNS} FROM documents d ORDER BY d.path")
        return [Document(*row) for row in rows]

    def document(self, ref: str | int) -> Document:
        """The document with id ``ref`` (an int), or the one a selector names (a str)."""
        if isinstance(ref, str):
            return self.resolve_document(ref)
        row = self.db.execute(f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.id = ?", (ref,))
        found = row.fetchone()
        if found is None:
            raise DocumentNotFoundError(
                f"no document has id {ref}; list them with 'ponder sources'"
            )
        return Document(*found)

    def resolve_document(self, selector: str) -> Document:
        """The document a user's selector names: an exact id, then an exact path or a
        file-name prefix, then a title fragment (see :mod:`ponder.store.selectors`).

        Raises :class:`DocumentNotFoundError` when nothing matches, and its subclass
        :class:`AmbiguousDocumentError` (listing the candidates) when several do.
        """
        rows = self.db.execute("SELECT id, path, title FROM documents ORDER BY id")
        chosen = select(selector, [Candidate(int(r[0]), str(r[1]), str(r[2])) for r in rows])
        return self.document(chosen.id)

    def document_by_path(self, path: str) -> Document | None:
        row = self.db.execute(
            f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.path = ?", (path,)
        ).fetchone()
        return Document(*row) if row else None

    def document_text(self, doc_id: int, start: int = 0, end: int | None = None) -> str:
        """The repaired text of a document, or a slice of it, read from its stored chunks."""
        stop = end if end is not None else 1 << 62
        rows = self.db.execute(
            "SELECT start, text FROM document_text WHERE doc_id = ? AND start < ? "
            "AND start + length(text) > ? ORDER BY start",
            (doc_id, stop, start),
        ).fetchall()
        if not rows:
            return ""
        first = int(rows[0][0])
        joined = "".join(str(r[1]) for r in rows)
        return joined[start - first : (stop - first) if end is not None else None]

    def remove_document(self, doc_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def repairs(self, doc_id: int) -> list[Repair]:
        rows = self.db.execute(
            "SELECT kind, start, end, source_start, source_end, before, after "
            "FROM repairs WHERE doc_id = ? ORDER BY start",
            (doc_id,),
        )
        return [Repair(*row) for row in rows]

    def document_dates(self, doc_id: int) -> list[DocumentDate]:
        """Every date found in a document at ingest: metadata first, then in text order.

        See :class:`~ponder.records.DocumentDate` for what each carries, and
        :meth:`primary_date` for the one that dates the document itself.
        """
        rows = self.db.execute(
            f"SELECT {_DATE_COLUMNS} FROM document_dates WHERE doc_id = ? "
            "ORDER BY source != 'metadata', start, id",
            (doc_id,),
        )
        return [_date(row) for row in rows]

    def primary_date(self, doc_id: int) -> DocumentDate | None:
        """The date of the document itself, what "when was this talk / article?" answers.

        A metadata date (a publishing field before a modification field), else the
        first dateline near the top ("腾讯科技讯 3月19日消息", "量子位 2025/2/8"), else
        the first date with at least a month in the opening ~1500 characters; None when
        the document does not date itself. The value may lack a year ("--03-19") when
        the dateline does: say so rather than guess one.
        """
        row = self.db.execute(
            f"SELECT {_DATE_COLUMNS} FROM document_dates WHERE doc_id = ? AND is_primary",
            (doc_id,),
        ).fetchone()
        return _date(row) if row else None

    def dates_read(self, doc_id: int) -> bool:
        """False for a document added before dates were extracted (re-adding reads them)."""
        row = self.db.execute("SELECT dates_read FROM documents WHERE id = ?", (doc_id,))
        found = row.fetchone()
        return bool(found and found[0])

    def counts(self) -> dict[str, int]:
        tables = ("documents", "passages", "repairs", "vectors")
        return {t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}

    def passage_ids(self, doc_ids: Sequence[int] | None = None) -> list[int]:
        if doc_ids is None:
            return [int(r[0]) for r in self.db.execute("SELECT id FROM passages ORDER BY id")]
        marks = ",".join("?" * len(doc_ids))
        sql = f"SELECT id FROM passages WHERE doc_id IN ({marks}) ORDER BY id"
        return [int(r[0]) for r in self.db.execute(sql, list(doc_ids))]


_DATE_COLUMNS = "value, source, text, start, end, source_start, source_end, field"


def _date(row: Sequence[Any]) -> DocumentDate:
    return DocumentDate(*row)


def _configure(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA busy_timeout = 10000")  # first: switching to WAL may wait for a lock
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA synchronous = NORMAL")
