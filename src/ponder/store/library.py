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
from ..records import Document, Repair
from .migrations import migrate

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
    "(SELECT COUNT(*) FROM repairs r WHERE r.doc_id = d.id), d.added_at, d.updated_at"
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
        """Find a document by id, exact path, or a unique path/title fragment."""
        row = self._document_row(ref)
        if row is None:
            raise DocumentNotFoundError(
                f"no document matches '{ref}'; list them with 'ponder sources'"
            )
        return Document(*row)

    def _document_row(self, ref: str | int) -> tuple[Any, ...] | None:
        base = f"SELECT {DOC_COLUMNS} FROM documents d WHERE "
        if isinstance(ref, int) or str(ref).isdigit():
            row = self.db.execute(base + "d.id = ?", (int(ref),)).fetchone()
            if row is not None:
                return tuple(row)
        text = str(ref)
        resolved = str(Path(text).expanduser().resolve())
        row = self.db.execute(base + "d.path IN (?, ?)", (text, resolved)).fetchone()
        if row is not None:
            return tuple(row)
        rows = self.db.execute(
            base + "instr(d.path, ?) > 0 OR instr(lower(d.title), lower(?)) > 0 LIMIT 2",
            (text, text),
        ).fetchall()
        if len(rows) > 1:
            raise DocumentNotFoundError(
                f"'{ref}' matches several documents; give its id or full path "
                "(see 'ponder sources')"
            )
        return tuple(rows[0]) if rows else None

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

    def counts(self) -> dict[str, int]:
        tables = ("documents", "passages", "repairs", "vectors")
        return {t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}

    def passage_ids(self, doc_ids: Sequence[int] | None = None) -> list[int]:
        if doc_ids is None:
            return [int(r[0]) for r in self.db.execute("SELECT id FROM passages ORDER BY id")]
        marks = ",".join("?" * len(doc_ids))
        sql = f"SELECT id FROM passages WHERE doc_id IN ({marks}) ORDER BY id"
        return [int(r[0]) for r in self.db.execute(sql, list(doc_ids))]


def _configure(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA busy_timeout = 10000")
