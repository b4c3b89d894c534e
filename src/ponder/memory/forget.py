"""Forgetting for real: find what to delete, delete it everywhere, and scrub what is left.

Deleted rows are zeroed in place (``secure_delete``); FTS5 keeps deleted terms in
old segments until they are merged, so each forget ends with the FTS ``optimize``
command (segments rewritten, old pages freed and zeroed); after the commit the WAL
is checkpointed and truncated so no copy of a forgotten page lingers there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .deny import DenyList
from .records import ForgetPlan, Memory, Receipt, Turn
from .rows import select_memories
from .text import content_tokens, fts_tokens, match_all, norm_text, owner_token
from .turns import mentioning, mentions


def find(db: sqlite3.Connection, user: str, ref: str | int) -> list[Memory]:
    """The user's memories (current and history) ``ref`` names: an id, or text they contain.

    Text matches when its matching form occurs in the memory's text or quote, or
    when the memory has every word of it. A number that is no id is read as text.
    """
    if isinstance(ref, int) or ref.strip().lstrip("#").isdigit():
        by_id = select_memories(db, user, "m.id = ?", [int(str(ref).strip().lstrip("#"))])
        if by_id or isinstance(ref, int):
            return by_id
    form = norm_text(ref)
    if not form:
        return []
    found = {m.id: m for m in select_memories(db, user, "instr(m.norm, ?) > 0", [form])}
    wanted = set(content_tokens(ref))
    expression = match_all(user, fts_tokens(ref).split())
    if expression and wanted:
        keys = "SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?"
        for memory in select_memories(db, user, f"m.key IN ({keys})", [expression]):
            if wanted <= set(content_tokens(f"{memory.text}\n{memory.provenance.quote or ''}")):
                found[memory.id] = memory
    return sorted(found.values(), key=lambda m: m.id)


def plan(
    db: sqlite3.Connection, user: str, memories: Sequence[Memory], everywhere: bool,
    texts: Sequence[str] = (),
) -> ForgetPlan:
    """What forgetting ``memories`` removes; with ``everywhere`` also the turns mentioning them."""
    turns: list[Turn] = []
    if everywhere:
        said = [m.text for m in memories] + [m.provenance.quote or "" for m in memories]
        origin = [m.provenance.turn_id for m in memories if m.provenance.turn_id is not None]
        turns = mentioning(db, user, [t for t in [*said, *texts] if t.strip()], origin)
    return ForgetPlan(user, tuple(memories), tuple(turns), tuple(texts))


def _count(db: sqlite3.Connection, sql: str, params: Sequence[object]) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def delete_memories(
    db: sqlite3.Connection, user: str, ids: Sequence[int], receipt: Receipt
) -> None:
    """Delete the user's memories with these ids, their FTS rows and vectors, counting each."""
    chosen = "SELECT key FROM memories WHERE user = ? AND id IN (SELECT value FROM json_each(?))"
    params = (user, _json(ids))
    receipt.fts_rows += _count(
        db, f"SELECT COUNT(*) FROM memories_fts WHERE rowid IN ({chosen})", params
    )
    receipt.vectors += _count(
        db, f"SELECT COUNT(*) FROM memory_vectors WHERE memory_key IN ({chosen})", params
    )
    db.execute(
        "UPDATE memories SET superseded_by = NULL "
        "WHERE user = ? AND superseded_by IN (SELECT value FROM json_each(?))",
        params,
    )
    receipt.memory_rows += db.execute(
        "DELETE FROM memories WHERE user = ? AND id IN (SELECT value FROM json_each(?))", params
    ).rowcount


def delete_turns(db: sqlite3.Connection, user: str, ids: Sequence[int], receipt: Receipt) -> None:
    """Delete the user's turns with these ids (and their FTS rows); drop emptied conversations."""
    chosen = "SELECT key FROM turns WHERE user = ? AND id IN (SELECT value FROM json_each(?))"
    params = (user, _json(ids))
    receipt.turn_fts_rows += _count(
        db, f"SELECT COUNT(*) FROM turns_fts WHERE rowid IN ({chosen})", params
    )
    receipt.turns += db.execute(
        "DELETE FROM turns WHERE user = ? AND id IN (SELECT value FROM json_each(?))", params
    ).rowcount
    receipt.conversations += db.execute(
        "DELETE FROM conversations WHERE user = ? AND NOT EXISTS "
        "(SELECT 1 FROM turns t WHERE t.user = conversations.user "
        "AND t.conversation_id = conversations.id)",
        (user,),
    ).rowcount


def clear_titles(db: sqlite3.Connection, user: str, texts: Sequence[str]) -> int:
    """Blank the user's conversation titles that mention any of ``texts`` (all its words)."""
    cleared = 0
    rows = db.execute(
        "SELECT id, title FROM conversations WHERE user = ? AND title IS NOT NULL", (user,)
    ).fetchall()
    for conversation_id, title in rows:
        if any(t.strip() and mentions(str(title), t) for t in texts):
            db.execute("UPDATE conversations SET title = NULL WHERE user = ? AND id = ?",
                       (user, conversation_id))
            cleared += 1
    return cleared


def redact_turns(db: sqlite3.Connection, user: str, deny: DenyList) -> int:
    """Rewrite the user's turns and titles with denied spans withheld; returns turns changed."""
    changed = 0
    for key, text in db.execute("SELECT key, text FROM turns WHERE user = ?", (user,)).fetchall():
        clean = deny.redact(str(text))
        if clean != text:
            db.execute("UPDATE turns SET text = ? WHERE key = ?", (clean, key))
            db.execute("DELETE FROM turns_fts WHERE rowid = ?", (key,))
            db.execute("INSERT INTO turns_fts (rowid, owner, tokens) VALUES (?, ?, ?)",
                       (key, owner_token(user), fts_tokens(clean)))
            changed += 1
    titles = db.execute(
        "SELECT id, title FROM conversations WHERE user = ? AND title IS NOT NULL", (user,)
    ).fetchall()
    for conversation_id, title in titles:
        if deny.redact(str(title)) != title:
            db.execute("UPDATE conversations SET title = ? WHERE user = ? AND id = ?",
                       (deny.redact(str(title)), user, conversation_id))
    return changed


def delete_everything(db: sqlite3.Connection, user: str, receipt: Receipt) -> None:
    """Every memory, turn and conversation of ``user`` — and nobody else's."""
    ids = [int(r[0]) for r in db.execute("SELECT id FROM memories WHERE user = ?", (user,))]
    delete_memories(db, user, ids, receipt)
    turn_ids = [int(r[0]) for r in db.execute("SELECT id FROM turns WHERE user = ?", (user,))]
    delete_turns(db, user, turn_ids, receipt)
    cur = db.execute("DELETE FROM conversations WHERE user = ?", (user,))
    receipt.conversations += cur.rowcount


def optimize(db: sqlite3.Connection) -> None:
    """Rewrite the FTS segments so deleted terms leave the index (call inside the transaction)."""
    for table in ("memories_fts", "turns_fts"):
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def checkpoint(db: sqlite3.Connection) -> bool:
    """Copy the WAL into the file and truncate it; False when a reader kept it busy."""
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy is not None and int(busy[0]) == 0


def _json(ids: Sequence[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"
