"""The library: one SQLite file (WAL, foreign keys, secure_delete), opened explicitly.

Every logical write (one document, one removal, one batch of vectors) is one
transaction: a process killed half-way leaves the file as it was before that write.

Opening is careful with files that are not ours. A library carries Ponder's mark
(``PRAGMA application_id`` = :data:`APPLICATION_ID`, the schema version in
``user_version``); a file without it is recognised by its ``migrations`` table (a
library written before the mark, marked on its first write), and anything else is
refused before SQLite writes a byte to it. ``create=False`` (every read command) never
creates a library. A library whose file or folder is not writable opens read-only.

Writers wait for each other's write lock by :class:`Waiting`: after ``notice_after``
seconds they say so (``on_wait``), and after ``give_up_after`` they raise
:class:`LibraryBusyError`; no Ponder transaction holds the lock for long (a large file
is staged in bounded transactions, see :mod:`ponder.store.add`).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from ..errors import (
    DocumentNotFoundError,
    LibraryBusyError,
    LibraryError,
    LibraryReadOnlyError,
    NoLibraryError,
    NotALibraryError,
    SchemaError,
)
from ..records import Document, DocumentDate, Repair
from .failures import roll_back, storage_error
from .migrations import APPLICATION_ID, MIGRATIONS, migrate
from .selectors import Candidate, select

FILE_NAME = "library.sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"

__all__ = ["APPLICATION_ID", "FILE_NAME", "Library", "Waiting", "library_file"]


def library_file(location: Path) -> Path:
    """``location`` may be a directory (holding library.sqlite) or the .sqlite file itself."""
    if location.suffix in {".sqlite", ".db", ".sqlite3"}:
        return location
    return location / FILE_NAME


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _silent(message: str) -> None:
    pass


@dataclass(frozen=True)
class Waiting:
    """How a writer waits for the write lock another process holds.

    After ``notice_after`` seconds it calls ``on_wait`` once with a sentence saying
    so, keeps trying, and after ``give_up_after`` raises :class:`LibraryBusyError`.
    """

    notice_after: float = 0.5
    give_up_after: float = 60.0
    on_wait: Callable[[str], None] = field(default=_silent, compare=False)


DOC_COLUMNS = (
    "d.id, d.path, d.title, d.format, d.encoding, d.language, d.script, d.content_hash, "
    "d.size, (SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.id), "
    "(SELECT COUNT(*) FROM repairs r WHERE r.doc_id = d.id), d.added_at, d.updated_at, d.date"
)
#: documents a reader may see: not one still being staged (see ``writer.StagedDocument``)
VISIBLE = "d.id NOT IN (SELECT doc_id FROM staging)"
GARBAGE_BATCH = 500  # rows erased per sweep transaction: each one stays short


class Library:
    """A handle on one library file. Use as a context manager or call ``close``."""

    def __init__(
        self, path: Path, db: sqlite3.Connection, *, readonly: bool = False,
        unmarked: bool = False, waiting: Waiting | None = None,
    ) -> None:
        self.path = path
        self.db = db
        self.readonly = readonly
        self.waiting = waiting or Waiting()
        self._unmarked = unmarked
        self._depth = 0

    @classmethod
    def open(
        cls, location: Path, *, create: bool = True, waiting: Waiting | None = None
    ) -> Library:
        """Open the library at ``location`` (a folder or a .sqlite file).

        ``create``: make a new library when there is none (else :class:`NoLibraryError`,
        and nothing is created). A file that is not a Ponder library raises
        :class:`NotALibraryError` and is left untouched.
        """
        path = library_file(location)
        waiting = waiting or Waiting()
        found = _recognise(path)
        if found in ("missing", "empty") and not create:
            raise NoLibraryError(
                f"{path}: no library here (nothing was created); check the path, "
                f"or start a library with 'ponder add PATH --library {location}'"
            )
        if not _writable(path):
            if found in ("missing", "empty"):
                raise LibraryReadOnlyError(
                    f"{path}: cannot create a library here: the folder is not writable; "
                    "choose another --library path"
                )
            return cls(path, _open_readonly(path), readonly=True, unmarked=found == "unmarked",
                       waiting=waiting)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as e:
            raise LibraryError(f"{path}: cannot create library ({e}); "
                               "check the folder's permissions") from e
        library = cls(path, db, unmarked=found == "unmarked", waiting=waiting)
        try:
            _configure(db, waiting)
            migrate(db, str(path), begin=library._begin)
        except sqlite3.DatabaseError as e:
            db.close()
            raise storage_error(path, e) or LibraryError(
                f"{path}: cannot open library ({e})") from e
        except BaseException:
            db.close()
            raise
        return library

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction per logical write; nested calls become savepoints.

        The outermost call takes the write lock first (``BEGIN IMMEDIATE``), waiting
        for another process's by :attr:`waiting`. A failure (in the body or at COMMIT)
        undoes the write whole; the disk refusing it raises :class:`StorageError` (or
        :class:`DiskFullError`), naming the library file (see :mod:`.failures`).
        """
        if self.readonly:
            raise LibraryReadOnlyError(
                f"{self.path}: the library is read-only here (its file or folder is not "
                "writable): reading works, writing does not; make both writable "
                f"(chmod u+w '{self.path}' '{self.path.parent}') to change it"
            )
        name = f"sp{self._depth}"
        if self._depth == 0:
            self._begin()
            if self._unmarked:
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        else:
            self.db.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.db
            self.db.execute("COMMIT" if self._depth == 1 else f"RELEASE {name}")
        except BaseException as e:
            roll_back(self.db, e, None if self._depth == 1 else name)
            refused = storage_error(self.path, e)
            if refused is not None:
                raise refused from e
            raise
        finally:
            self._depth -= 1
        if self._depth == 0:
            self._unmarked = False

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, waiting for another writer as :attr:`waiting` says."""
        _begin_immediate(self.db, self.path, self.waiting)

    # ---- documents -------------------------------------------------------

    def documents(self) -> list[Document]:
        rows = self.db.execute(
            f"SELECT {DOC_COLUMNS} FROM documents d WHERE {VISIBLE} ORDER BY d.path"
        )
        return [Document(*row) for row in rows]

    def document(self, ref: str | int) -> Document:
        """The document with id ``ref`` (an int), or the one a selector names (a str)."""
        if isinstance(ref, str):
            return self.resolve_document(ref)
        row = self.db.execute(
            f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.id = ? AND {VISIBLE}", (ref,)
        )
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
        rows = self.db.execute(f"SELECT id, path, title FROM documents d WHERE {VISIBLE} "
                               "ORDER BY id")
        chosen = select(selector, [Candidate(int(r[0]), str(r[1]), str(r[2])) for r in rows])
        return self.document(chosen.id)

    def document_by_path(self, path: str) -> Document | None:
        row = self.db.execute(
            f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.path = ? AND {VISIBLE}", (path,)
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
        """Remove a document from view in one short transaction, then erase its text,
        index rows and vectors in bounded ones (:meth:`collect_garbage`)."""
        with self.unchecked_transaction() as db:
            retire(db, doc_id)
        self.collect_garbage()

    @contextmanager
    def unchecked_transaction(self) -> Iterator[sqlite3.Connection]:
        """A top-level transaction with foreign-key actions off, for :func:`retire`:
        deleting a document's rows then leaves its children to the sweep instead of
        cascading through them while holding the write lock."""
        if self._depth:
            raise RuntimeError("unchecked_transaction cannot be nested")
        self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction() as db:
                yield db
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")

    def collect_garbage(self, *, batch: int = GARBAGE_BATCH) -> int:
        """Erase what retired documents and abandoned stagings left, in transactions of
        at most ``batch`` rows each; returns how many rows were erased.

        Abandoned: staged by a process that is no longer running (killed mid-add).
        """
        if self.readonly:
            return 0
        erased = 0
        for doc_id, owner in self.db.execute("SELECT doc_id, owner FROM staging").fetchall():
            if not owner_alive(str(owner)):
                erased += self._abandon(int(doc_id), batch)
        while True:
            with self.transaction() as db:
                n = (_sweep_published(db, batch) or _sweep_passages(db, batch)
                     or _sweep_document(db, batch))
            if not n:
                return erased
            erased += n

    def _abandon(self, doc_id: int, batch: int) -> int:
        """Retire a staged document: its staged passages first, a batch at a time."""
        erased = 0
        while True:
            with self.transaction() as db:
                ids = [int(r[0]) for r in db.execute(
                    "SELECT id FROM staged_passages WHERE doc_id = ? ORDER BY id LIMIT ?",
                    (doc_id, batch))]
                _retire_staged(db, ids)
                if not ids:
                    db.execute("INSERT OR IGNORE INTO retired_documents (id) VALUES (?)",
                               (doc_id,))
                    return erased
            erased += len(ids)

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
        """Rows a reader sees (not what is staged or waiting to be swept)."""
        queries = {
            "documents": f"SELECT COUNT(*) FROM documents d WHERE {VISIBLE}",
            "passages": "SELECT COUNT(*) FROM passages",
            "repairs": f"SELECT COUNT(*) FROM repairs r JOIN documents d ON d.id = r.doc_id "
                       f"WHERE {VISIBLE}",
            "vectors": "SELECT COUNT(*) FROM vectors v JOIN passages p ON p.id = v.passage_id",
        }
        return {t: int(self.db.execute(q).fetchone()[0]) for t, q in queries.items()}

    def passage_ids(self, doc_ids: Sequence[int] | None = None) -> list[int]:
        if doc_ids is None:
            return [int(r[0]) for r in self.db.execute("SELECT id FROM passages ORDER BY id")]
        marks = ",".join("?" * len(doc_ids))
        sql = f"SELECT id FROM passages WHERE doc_id IN ({marks}) ORDER BY id"
        return [int(r[0]) for r in self.db.execute(sql, list(doc_ids))]


_DATE_COLUMNS = "value, source, text, start, end, source_start, source_end, field"


def retire(db: sqlite3.Connection, doc_id: int) -> None:
    """Take a document out of view at once; call in an ``unchecked_transaction``.

    Its passage rows go now (their ids listed in ``retired_passages``, so the full-text
    trigger leaves their index rows); its full-text rows, vectors, text, repairs and
    dates are erased later by ``Library.collect_garbage``, a batch per transaction.
    """
    db.execute("INSERT OR IGNORE INTO retired_documents (id) VALUES (?)", (doc_id,))
    db.execute("INSERT OR IGNORE INTO retired_passages (id) "
               "SELECT id FROM passages WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM staging WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def _retire_staged(db: sqlite3.Connection, ids: Sequence[int]) -> None:
    marks = ",".join("?" * len(ids))
    db.execute(f"INSERT OR IGNORE INTO retired_passages (id) "
               f"SELECT id FROM staged_passages WHERE id IN ({marks})", list(ids))
    db.execute(f"DELETE FROM staged_passages WHERE id IN ({marks})", list(ids))


def _sweep_published(db: sqlite3.Connection, batch: int) -> int:
    """Erase up to ``batch`` staged copies of passages already published (their ids and
    full-text rows now belong to ``passages``)."""
    return db.execute(
        "DELETE FROM staged_passages WHERE id IN (SELECT id FROM staged_passages "
        "WHERE doc_id NOT IN (SELECT doc_id FROM staging) LIMIT ?)", (batch,),
    ).rowcount


def _sweep_passages(db: sqlite3.Connection, batch: int) -> int:
    """Erase the full-text rows and vectors of up to ``batch`` retired passages."""
    ids = [int(r[0]) for r in db.execute(
        "SELECT id FROM retired_passages ORDER BY id LIMIT ?", (batch,))]
    if ids:
        marks = ",".join("?" * len(ids))
        db.execute(f"DELETE FROM passages_fts WHERE rowid IN ({marks})", ids)
        db.execute(f"DELETE FROM vectors WHERE passage_id IN ({marks})", ids)
        db.execute(f"DELETE FROM retired_passages WHERE id IN ({marks})", ids)
    return len(ids)


def _sweep_document(db: sqlite3.Connection, batch: int) -> int:
    """Erase up to ``batch`` rows of one retired document's text, repairs and dates;
    the document's own row (an abandoned staging's) goes once they are gone."""
    row = db.execute("SELECT id FROM retired_documents ORDER BY id LIMIT 1").fetchone()
    if row is None:
        return 0
    doc_id = int(row[0])
    erased = 0
    for table in ("document_text", "repairs", "document_dates"):
        erased += db.execute(
            f"DELETE FROM {table} WHERE rowid IN "
            f"(SELECT rowid FROM {table} WHERE doc_id = ? LIMIT ?)", (doc_id, batch),
        ).rowcount
        if erased:
            return erased
    db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    db.execute("DELETE FROM retired_documents WHERE id = ?", (doc_id,))
    return 1


def process_owner() -> str:
    """Who is staging: host, process id and the process's start time (so a reused id
    is not mistaken for the same process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_start_time(os.getpid())}"


def owner_alive(owner: str) -> bool:
    """False when ``owner`` (from :func:`process_owner`) is a process on this host that
    no longer runs; True when it runs, or when it ran elsewhere (nothing to check)."""
    host, _, rest = owner.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return _start_time(pid) == started


def _start_time(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22: start time in clock ticks


def _date(row: Sequence[Any]) -> DocumentDate:
    return DocumentDate(*row)


def _configure(db: sqlite3.Connection, waiting: Waiting) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(waiting.notice_after * 1000)}")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _with_waiting(db, "PRAGMA journal_mode = WAL", waiting)  # once, when created
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA synchronous = NORMAL")


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def _begin_immediate(db: sqlite3.Connection, path: Path, waiting: Waiting) -> None:
    _with_waiting(db, "BEGIN IMMEDIATE", waiting, path)


def _with_waiting(
    db: sqlite3.Connection, sql: str, waiting: Waiting, path: Path | None = None
) -> None:
    """Run ``sql``, which needs the write lock: each try waits ``notice_after`` (the busy
    timeout); after the first, say so once; after ``give_up_after``, give up."""
    started = time.monotonic()
    told = False
    while True:
        try:
            db.execute(sql)
            return
        except sqlite3.OperationalError as e:
            if not _busy(e):
                raise
            waited = time.monotonic() - started
            where = str(path) if path is not None else "the library"
            if waited >= waiting.give_up_after:
                raise LibraryBusyError(
                    f"{where}: another process has held the library's write lock for "
                    f"{waited:.0f} s, longer than Ponder waits; nothing was changed. "
                    "Try again when it has finished (see which process with 'fuser' or "
                    "'lsof' on the file)"
                ) from e
            if not told:
                waiting.on_wait(f"{where}: another process is writing to the library; "
                                "waiting for it to finish…")
                told = True


Recognised = Literal["missing", "empty", "ours", "unmarked"]


def _recognise(path: Path) -> Recognised:
    """What is at ``path``, read without writing to it; raise for anything not Ponder's."""
    try:
        if not path.exists():
            return "missing"
        if not path.is_file():
            raise NotALibraryError(f"{path}: not a Ponder library (it is not a regular file); "
                                   "Ponder left it untouched. Choose another --library path")
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise LibraryError(f"{path}: cannot read the library ({e.strerror}); "
                           "check its permissions") from e
    if not header:
        return "empty"
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise NotALibraryError(
            f"{path}: cannot open library: not a Ponder library (not an SQLite database; "
            f"it starts {header[:16]!r}); Ponder left it untouched. Choose another "
            "--library path"
        )
    if int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        return "ours"
    return _recognise_by_content(path, wal=header[18] == 2)


def _recognise_by_content(path: Path, *, wal: bool) -> Recognised:
    """Read the mark and the tables through SQLite, creating nothing beside the file:
    a rollback-journal file or a WAL file with its log present read as usual, a WAL file
    without a log as immutable (nothing is beyond the file itself)."""
    has_log = path.with_name(path.name + "-wal").exists()
    mode = "immutable=1" if wal and not has_log else "mode=ro"
    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?{mode}", uri=True)
    except sqlite3.Error as e:
        raise LibraryError(f"{path}: cannot open library ({e})") from e
    try:
        app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        tables = sorted(str(r[0]) for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"
        ))
        names = _migration_names(db) if "migrations" in tables else None
    except sqlite3.DatabaseError as e:
        raise LibraryError(f"{path}: cannot open library ({e})") from e
    finally:
        db.close()
    if app_id == APPLICATION_ID:
        return "ours"
    known = [name for name, _ in MIGRATIONS]
    if app_id == 0 and not tables:
        return "empty"
    if app_id == 0 and names is not None and names == known[: len(names)] and (
        version == len(names)
    ):
        return "unmarked"
    if app_id == 0 and names is not None and version > len(known):
        raise SchemaError(f"{path}: library schema version {version} is newer than this Ponder "
                          f"knows ({len(known)}); upgrade Ponder to open it")
    shown = ", ".join(tables[:6]) + (", …" if len(tables) > 6 else "")
    owner = f"application id {app_id:#x}" if app_id else f"tables {shown}"
    raise NotALibraryError(
        f"{path}: not a Ponder library (an SQLite database of another program: {owner}); "
        "Ponder left it untouched. Choose another --library path, e.g. a new folder"
    )


def _migration_names(db: sqlite3.Connection) -> list[str] | None:
    try:
        return [str(r[0]) for r in db.execute("SELECT name FROM migrations ORDER BY name")]
    except sqlite3.DatabaseError:
        return None


def _writable(path: Path) -> bool:
    """True when Ponder may write the file and its folder (WAL writes files beside it)."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def _open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection: ``mode=ro``, or, when the folder cannot hold the WAL's
    shared-memory file and there is no log to read, ``immutable=1``."""
    uri = f"file:{quote(str(path))}"
    has_log = path.with_name(path.name + "-wal").exists()
    modes = ["mode=ro"] if has_log else ["mode=ro", "immutable=1"]
    last: sqlite3.Error | None = None
    for mode in modes:
        try:
            db = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None,
                                 check_same_thread=False)
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as e:
            last = e
            continue
        db.execute("PRAGMA foreign_keys = ON")
        if version != len(MIGRATIONS):
            db.close()
            raise LibraryReadOnlyError(
                f"{path}: the library needs upgrading (schema {version} of "
                f"{len(MIGRATIONS)}) but is read-only here; make its file and folder "
                "writable and run any Ponder command once"
            )
        return db
    raise LibraryError(f"{path}: cannot open the read-only library ({last}); make its "
                       "folder writable, or copy the library somewhere writable")
