"""Erasures of a user's chat prompt history that survive a crash.

A forget, clear or deny changes the database in one transaction and the prompt history
(:mod:`.prompt_history`, a file beside the library) after it. A process killed in between
would leave the forgotten text in the history for good, so the erasure is recorded in the
``pending_erasures`` table inside the same transaction (:func:`record`), carried out on
the file (rewritten atomically), and only then deleted (:func:`finish`). Every open of the
memory store finishes what a killed process left (``StoreBase.__init__``).

    with library.transaction() as db:
        ...delete the memories...
        pending = record(db, user, "mentioning", texts, now)
    finish(library, [pending])
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Literal

from ..errors import StorageError
from ..store import Library
from . import prompt_history
from .deny import DenyList, DenyPattern

Kind = Literal["mentioning", "denied", "everything"]

__all__ = ["Kind", "finish", "record"]


def record(
    db: sqlite3.Connection, user: str, kind: Kind, texts: Sequence[str], now: str
) -> int:
    """Record, inside the caller's transaction, that ``user``'s prompt history must lose
    the lines mentioning ``texts`` (``mentioning``), the lines the deny patterns ``texts``
    match (``denied``), or everything (``everything``); returns the record's id."""
    cursor = db.execute(
        "INSERT INTO pending_erasures (user, kind, texts, created_at) VALUES (?, ?, ?, ?)",
        (user, kind, json.dumps(list(texts), ensure_ascii=False), now),
    )
    return int(cursor.lastrowid or 0)


def finish(library: Library, ids: Sequence[int] | None = None) -> int:
    """Carry out the pending erasures ``ids`` (default: every one left), each on its file
    first and then deleted from the table; returns how many were finished.

    Each is idempotent, so two processes finishing the same one do no harm. A file that
    cannot be rewritten raises :class:`StorageError`; its record stays for the next open.
    """
    if library.readonly:
        return 0
    query = "SELECT id, user, kind, texts FROM pending_erasures"
    if ids is not None:
        if not ids:
            return 0
        query += f" WHERE id IN ({','.join(str(int(i)) for i in ids)})"
    rows = library.db.execute(query + " ORDER BY id").fetchall()
    for pending, user, kind, texts in rows:
        _carry_out(library, str(user), str(kind), [str(t) for t in json.loads(texts)])
        with library.transaction() as db:
            db.execute("DELETE FROM pending_erasures WHERE id = ?", (pending,))
    return len(rows)


def _carry_out(library: Library, user: str, kind: str, texts: list[str]) -> None:
    file = prompt_history.path(library.path, user)
    try:
        if kind == "everything":
            prompt_history.erase(file)
        elif kind == "denied":
            prompt_history.drop_denied(file, DenyList([DenyPattern(p, "") for p in texts]))
        else:
            prompt_history.drop_mentioning(file, texts)
    except OSError as e:
        raise StorageError(
            f"{file}: cannot rewrite the chat prompt history ({e.strerror or e}); what was "
            "forgotten is gone from the library, and its lines leave this file the next "
            "time Ponder opens the library's memory: free some space (or make the folder "
            "writable) and run 'ponder memory status'"
        ) from e
