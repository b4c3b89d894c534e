"""Per-user settings (memory on/off, learning on/off) and each user's own id counters."""

from __future__ import annotations

import shlex
import sqlite3
import unicodedata
from typing import Literal

from ..errors import MemoryInputError

Counter = Literal["next_memory_id", "next_conversation_id", "next_turn_id"]
Flag = Literal["memory_enabled", "learning_enabled"]

MAX_USER_LENGTH = 128
#: Unicode categories refused in a name: controls, invisible format characters (zero-width
#: spaces, bidi overrides), private-use, unpaired surrogates, unassigned, line/paragraph breaks
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def normal_user(name: str) -> str:
    """The one form of a user name: Unicode NFKC (fullwidth ``ａｌｉｃｅ`` is ``alice``),
    whitespace trimmed at the ends and each run of spaces inside made one space
    ("  alice " → "alice").  Refused when empty, too
    long, or holding control (tabs and line breaks included) or invisible characters
    inside.  Entry points (CLI, server) call this."""
    if not isinstance(name, str) or not name.strip():
        raise MemoryInputError("no user name given; pass --user NAME or set PONDER_USER")
    core = unicodedata.normalize("NFKC", name).strip()
    normal = " ".join(core.split())
    if len(normal) > MAX_USER_LENGTH:
        raise MemoryInputError(
            f"user name {normal[:20]!r}… is longer than {MAX_USER_LENGTH} characters; "
            "choose a shorter one"
        )
    bad = next((ch for ch in core if unicodedata.category(ch) in REFUSED_CATEGORIES), None)
    if bad is not None:
        raise MemoryInputError(
            f"user name {name!r} holds control or invisible characters "
            f"(U+{ord(bad):04X} {unicodedata.name(bad, 'unnamed')}); type the name again"
        )
    return normal


def check_user(user: str) -> str:
    """``user`` if it is a valid name in its normal form (:func:`normal_user`).

    A name that is not (``"alice "``) is refused with its normal form rather than taken
    as a new user, so the store never holds two spellings of one person.
    """
    normal = normal_user(user)
    if normal != user:
        raise MemoryInputError(
            f"user name {user!r} is not written the one way Ponder stores it (spaces at "
            f"the ends or doubled, or another Unicode form); use {normal!r} "
            f"(e.g. --user {shlex.quote(normal)})"
        )
    return user


def _ensure(db: sqlite3.Connection, user: str, now: str) -> None:
    db.execute(
        "INSERT INTO user_settings (user, updated_at) VALUES (?, ?) ON CONFLICT(user) DO NOTHING",
        (user, now),
    )


def flags(db: sqlite3.Connection, user: str) -> tuple[bool, bool]:
    """(memory enabled, learning enabled); a user never seen has memory on, learning off."""
    row = db.execute(
        "SELECT memory_enabled, learning_enabled FROM user_settings WHERE user = ?", (user,)
    ).fetchone()
    return (True, False) if row is None else (bool(row[0]), bool(row[1]))


def set_flag(db: sqlite3.Connection, user: str, flag: Flag, value: bool, now: str) -> None:
    _ensure(db, user, now)
    db.execute(
        f"UPDATE user_settings SET {flag} = ?, updated_at = ? WHERE user = ?",
        (int(value), now, user),
    )


def next_id(db: sqlite3.Connection, user: str, counter: Counter, now: str) -> int:
    """Take the user's next number from ``counter`` (numbers are never reused)."""
    _ensure(db, user, now)
    row = db.execute(
        f"UPDATE user_settings SET {counter} = {counter} + 1 WHERE user = ? "
        f"RETURNING {counter} - 1",
        (user,),
    ).fetchone()
    return int(row[0])

