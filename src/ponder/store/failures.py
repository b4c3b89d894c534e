"""What a failed write does: undo it without hiding why, and say so in one line.

SQLite undoes a transaction by itself after some errors (a full disk, an I/O error), so a
``ROLLBACK`` after one can fail with "cannot rollback - no transaction is active" and hide
the real cause; :func:`roll_back` undoes only what is still open, and a rollback that fails
in turn is noted on the original error, never raised instead of it.

:func:`storage_error` turns the disk refusing a write (``SQLITE_FULL``, ``SQLITE_IOERR``:
the disk is full, a file size limit was reached, or the disk failed) into
:class:`DiskFullError` or :class:`StorageError`, naming the library file and the next step.
"""

from __future__ import annotations

import resource
import sqlite3
from pathlib import Path

from ..errors import DiskFullError, StorageError

__all__ = ["roll_back", "storage_error"]


def roll_back(db: sqlite3.Connection, error: BaseException, savepoint: str | None = None) -> None:
    """Undo the open transaction (or ``savepoint`` within it) that ``error`` ended.

    Nothing to undo when SQLite already rolled the transaction back; a rollback that
    fails is added to ``error`` as a note, so the caller re-raises the real cause.
    """
    if not db.in_transaction:
        return
    try:
        if savepoint is None:
            db.execute("ROLLBACK")
        else:
            db.execute(f"ROLLBACK TO {savepoint}")
            db.execute(f"RELEASE {savepoint}")
    except sqlite3.Error as failed:
        error.add_note(f"rolling back after it failed too: {failed}")


def _disk_refused(error: BaseException) -> int | None:
    """The primary SQLite result code when ``error`` is the disk refusing a write."""
    if not isinstance(error, sqlite3.OperationalError):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # an SQLite without extended codes: go by its message
        said = str(error)
        if "database or disk is full" in said:
            return sqlite3.SQLITE_FULL
        return sqlite3.SQLITE_IOERR if "disk I/O error" in said else None
    primary = int(code) & 0xFF
    return primary if primary in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR) else None


def _size_limited() -> bool:
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return soft != resource.RLIM_INFINITY


def storage_error(path: Path, error: BaseException) -> StorageError | None:
    """The one-line error for the disk refusing a write to the library at ``path``
    (raise it ``from error``); None when ``error`` is something else."""
    code = _disk_refused(error)
    if code is None:
        return None
    limit = ""
    if _size_limited():
        limit = ", or this process's file size limit ('ulimit -f') was reached"
    undone = ("Nothing was half-written: the write that failed was undone whole. Free some "
              "space and run the command again")
    if code == sqlite3.SQLITE_FULL:
        return DiskFullError(f"{path}: the disk is full{limit} ({error}). {undone}")
    return StorageError(f"{path}: cannot write to the library ({error}): the disk is full "
                        f"or failing{limit}. {undone}")
