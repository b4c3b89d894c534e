"""Conversations and their turns, per user, with a full-text index over the turns."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from ..errors import MemoryInputError, MemoryNotFoundError
from ..text.script import has_cjk
from .records import ROLES, Conversation, Role, Turn
from .rows import TURN_COLUMNS, select_turns, turn_from_row
from .text import FILLER, content_tokens, fts_tokens, match_all, match_any, norm_text, owner_token
from .users import next_id

MAX_TURN_LENGTH = 100_000


def start(db: sqlite3.Connection, user: str, now: str, title: str | None) -> Conversation:
    conversation_id = next_id(db, user, "next_conversation_id", now)
    db.execute(
        "INSERT INTO conversations (user, id, started_at, title) VALUES (?, ?, ?, ?)",
        (user, conversation_id, now, title),
    )
    return Conversation(conversation_id, user, now, title)


def conversations(db: sqlite3.Connection, user: str) -> list[Conversation]:
    rows = db.execute(
        "SELECT id, user, started_at, title FROM conversations WHERE user = ? ORDER BY id",
        (user,),
    )
    return [Conversation(int(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows]


def check_turn(role: str, text: str) -> None:
    if role not in ROLES:
        raise MemoryInputError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if len(text) > MAX_TURN_LENGTH:
        raise MemoryInputError(f"a turn is limited to {MAX_TURN_LENGTH} characters")


def add(
    db: sqlite3.Connection, user: str, conversation_id: int, role: Role, text: str, now: str
) -> Turn:
    found = db.execute(
        "SELECT 1 FROM conversations WHERE user = ? AND id = ?", (user, conversation_id)
    ).fetchone()
    if found is None:
        raise MemoryNotFoundError(
            f"user {user!r} has no conversation {conversation_id}; start one first"
        )
    turn_id = next_id(db, user, "next_turn_id", now)
    cur = db.execute(
        "INSERT INTO turns (user, id, conversation_id, role, text, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (user, turn_id, conversation_id, role, text, now),
    )
    db.execute(
        "INSERT INTO turns_fts (rowid, owner, tokens) VALUES (?, ?, ?)",
        (int(cur.lastrowid or 0), owner_token(user), fts_tokens(text)),
    )
    return Turn(turn_id, user, conversation_id, role, text, now)


def between(
    db: sqlite3.Connection, user: str, since: str | None, until: str | None
) -> list[Turn]:
    """The user's turns with ``since <= created_at < until`` (either bound optional)."""
    return select_turns(
        db, user, "(? IS NULL OR t.created_at >= ?) AND (? IS NULL OR t.created_at < ?)",
        [since, since, until, until],
    )


def search(db: sqlite3.Connection, user: str, query: str, limit: int) -> list[Turn]:
    """The user's turns matching any word of ``query``, best first."""
    expression = match_any(user, [t for t in fts_tokens(query).split() if t not in FILLER])
    if expression is None:
        return []
    rows = db.execute(
        f"SELECT {TURN_COLUMNS} FROM turns_fts f JOIN turns t ON t.key = f.rowid "
        "WHERE turns_fts MATCH ? AND t.user = ? ORDER BY bm25(turns_fts, 0.0, 1.0), t.id LIMIT ?",
        (expression, user, limit),
    )
    return [turn_from_row(r) for r in rows]


def mentions(turn_text: str, text: str) -> bool:
    """True when ``turn_text`` contains ``text``, or every word of it."""
    if norm_text(text) in norm_text(turn_text):
        return True
    wanted = set(content_tokens(text))
    return bool(wanted) and wanted <= set(content_tokens(turn_text))


def mentioning(
    db: sqlite3.Connection, user: str, texts: Sequence[str], turn_ids: Iterable[int]
) -> list[Turn]:
    """The user's turns that mention any of ``texts`` (all its words) or have these ids."""
    found: dict[int, Turn] = {}
    for turn in select_turns(db, user, "t.id IN (SELECT value FROM json_each(?))",
                             [_json_ints(turn_ids)]):
        found[turn.id] = turn
    for text in texts:
        tokens = [t for t in fts_tokens(text).split() if t not in FILLER]
        expression = match_all(user, tokens)
        if expression is None:
            continue
        rows = db.execute(
            f"SELECT {TURN_COLUMNS} FROM turns_fts f JOIN turns t ON t.key = f.rowid "
            "WHERE turns_fts MATCH ? AND t.user = ?",
            (expression, user),
        )
        for turn in map(turn_from_row, rows):
            if mentions(turn.text, text):
                found[turn.id] = turn
    chinese = [t for t in texts if has_cjk(t)]
    if chinese:  # Chinese has no spaces: 紫雀灵 is inside 紫雀灵片, whatever the segmenter says
        for turn in select_turns(db, user):
            if any(norm_text(t) in norm_text(turn.text) for t in chinese):
                found[turn.id] = turn
    return sorted(found.values(), key=lambda t: t.id)


def _json_ints(values: Iterable[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"
