"""Per-user settings (memory on/off, learning on/off) and each user's own id counters."""

from __future__ import annotations

import sqlite3
from typing import Literal

from ..errors import MemoryInputError

Counter = Literal["next_memory_id", "next_conversation_id", "next_turn_id"]
Flag = Literal["memory_enabled", "learning_enabled"]

MAX_USER_LENGTH = 128


def check_user(user: str) -> str:
    """The user name as given, refused when empty, too long or holding control characters."""
    if not isinstance(user, str) or not user.strip():
        raise MemoryInputError(
            "no user name given; pass --user NAME or set PONDER_USER"
        )
    if len(user) > MAX_USER_LENGTH:
        raise MemoryInputError(
            f"user name {user[:20]!r}… is longer than {MAX_USER_LENGTH} characters"
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in user):
        raise MemoryInputError(f"user name {user!r} holds control characters")
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

