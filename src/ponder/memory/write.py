"""Writing one memory: validate, refuse denied text, merge duplicates, supersede, insert.

Call inside an open transaction; ``store.MemoryStore.remember`` is the entry point.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..errors import MemoryInputError
from .records import KINDS, TIERS, Kind, Memory, Provenance, Tier
from .rows import memories_by_key, select_memories
from .text import (
    FILLER,
    clean_text,
    content_tokens,
    fts_tokens,
    match_all,
    near_duplicate,
    norm_text,
    owner_token,
)
from .text import signature as text_signature
from .users import next_id

MAX_TEXT_LENGTH = 4000
NEAR_CANDIDATES = 10

Embed = Callable[[int, str], None]  # (memory key, text): store its vector


@dataclass(frozen=True)
class Draft:
    """A memory about to be written (times already in stored form)."""

    text: str
    kind: Kind = "fact"
    tier: Tier = "saved"
    reason: str = "user asked"
    subject: str | None = None
    slot: str | None = None
    provenance: Provenance = field(default_factory=Provenance)
    due_at: str | None = None
    valid_from: str | None = None
    # only set when importing history
    created_at: str | None = None
    valid_to: str | None = None
    done: bool = False
    mentions: int = 1

    def signature(self) -> str:
        return text_signature(self.text)


def check_draft(draft: Draft) -> Draft:
    """The draft with its text tidied, or MemoryInputError naming what is wrong."""
    text = clean_text(draft.text).strip()
    if not text:
        raise MemoryInputError("a memory needs some text")
    if len(text) > MAX_TEXT_LENGTH:
        raise MemoryInputError(f"memory text is longer than {MAX_TEXT_LENGTH} characters")
    if draft.kind not in KINDS:
        raise MemoryInputError(f"kind {draft.kind!r} is not one of {', '.join(KINDS)}")
    if draft.tier not in TIERS:
        raise MemoryInputError(f"tier {draft.tier!r} is not one of {', '.join(TIERS)}")
    if (draft.subject is None) != (draft.slot is None):
        raise MemoryInputError(
            "give both a subject and a slot (e.g. 'answer' and 'language'), or neither"
        )
    if not draft.reason.strip() or not draft.provenance.extractor.strip():
        raise MemoryInputError("a memory needs a reason and an extractor")
    if not content_tokens(text):
        raise MemoryInputError(f"memory text {text!r} has no words to remember")
    quote = draft.provenance.quote
    provenance = draft.provenance if quote is None else replace(
        draft.provenance, quote=clean_text(quote))
    return replace(draft, text=text, provenance=provenance)


def _same_reminder(draft: Draft) -> tuple[str, list[object]]:
    if draft.kind == "reminder":
        return "m.kind = 'reminder' AND m.due_at IS ? AND m.done = 0", [draft.due_at]
    return "m.kind != 'reminder'", []


def find_duplicate(db: sqlite3.Connection, user: str, draft: Draft) -> tuple[Memory, bool] | None:
    """A current memory saying the same thing: (it, exact) — exact means equal signatures."""
    extra, params = _same_reminder(draft)
    exact = select_memories(
        db, user, f"m.valid_to IS NULL AND m.sig = ? AND {extra}", [draft.signature(), *params]
    )
    if exact:
        return exact[0], True
    wanted = content_tokens(draft.text)
    expression = near_expression(user, draft.text, len(wanted))
    if expression is None:
        return None
    keys = [
        int(r[0])
        for r in db.execute(
            "SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?",
            (expression, NEAR_CANDIDATES),
        )
    ]
    for memory in memories_by_key(db, user, keys).values():
        if _comparable(memory, draft) and near_duplicate(content_tokens(memory.text), wanted):
            return memory, False
    return None


def _comparable(memory: Memory, draft: Draft) -> bool:
    """Current, and both reminders for the same time or both not reminders."""
    if not memory.current or (memory.kind == "reminder") != (draft.kind == "reminder"):
        return False
    return draft.kind != "reminder" or (memory.due_at == draft.due_at and not memory.done)


def near_expression(user: str, text: str, length: int) -> str | None:
    """FTS query for near-duplicate candidates, or None when none can exist.

    A near duplicate differs in at most ``max(1, n // 5)`` of its ``n`` words, so when
    the words are cut into one group more than that, some group is intact: the
    candidates are the memories with every word of at least one group.
    """
    if length < 3:
        return None
    words = [t for t in fts_tokens(text).split() if t not in FILLER]
    groups = max(1, length // 5) + 1
    size = -(-len(words) // groups)
    parts = [match_all(user, words[i : i + size]) for i in range(0, len(words), size)]
    clauses = [p for p in parts if p]
    return " OR ".join(f"({c})" for c in clauses) if clauses else None


def merge(db: sqlite3.Connection, user: str, existing: Memory, draft: Draft) -> Memory:
    """Count the repeat into ``existing``.

    A saved draft promotes an inferred memory (the user confirmed it); a draft that
    names a subject and slot gives them to an existing memory that had none.
    """
    promote = draft.tier == "saved" and existing.tier == "inferred"
    adopt = existing.subject is None and draft.subject is not None
    merged = replace(
        existing,
        mentions=existing.mentions + 1,
        tier="saved" if promote else existing.tier,
        reason=draft.reason if promote else existing.reason,
        subject=draft.subject if adopt else existing.subject,
        slot=draft.slot if adopt else existing.slot,
    )
    db.execute(
        "UPDATE memories SET mentions = ?, tier = ?, reason = ?, subject = ?, slot = ? "
        "WHERE user = ? AND id = ?",
        (merged.mentions, merged.tier, merged.reason, merged.subject, merged.slot,
         user, existing.id),
    )
    return merged


def slot_holders(
    db: sqlite3.Connection, user: str, kind: Kind, subject: str | None, slot: str | None
) -> list[Memory]:
    """Current memories holding this kind, subject and slot (the ones a new one replaces)."""
    if subject is None:
        return []
    return select_memories(
        db, user, "m.valid_to IS NULL AND m.kind = ? AND m.subject = ? AND m.slot = ?",
        [kind, subject, slot],
    )


def end(db: sqlite3.Connection, user: str, old: Memory, successor: int | None, now: str) -> Memory:
    db.execute(
        "UPDATE memories SET valid_to = ?, superseded_by = ? WHERE user = ? AND id = ?",
        (now, successor, user, old.id),
    )
    return replace(old, valid_to=now, superseded_by=successor)


def insert(db: sqlite3.Connection, user: str, draft: Draft, now: str) -> tuple[int, int]:
    """Insert the memory and its index row; returns (internal key, the user's id)."""
    memory_id = next_id(db, user, "next_memory_id", now)
    p = draft.provenance
    cur = db.execute(
        "INSERT INTO memories (user, id, text, kind, tier, reason, subject, slot, "
        "conversation_id, turn_id, quote, extractor, created_at, valid_from, valid_to, "
        "due_at, done, mentions, norm, sig) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (user, memory_id, draft.text, draft.kind, draft.tier, draft.reason, draft.subject,
         draft.slot, p.conversation_id, p.turn_id, p.quote, p.extractor,
         draft.created_at or now, draft.valid_from or now, draft.valid_to, draft.due_at,
         int(draft.done), draft.mentions, norm_text(f"{draft.text}\n{p.quote or ''}"),
         draft.signature()),
    )
    key = int(cur.lastrowid or 0)
    db.execute(
        "INSERT INTO memories_fts (rowid, owner, tokens) VALUES (?, ?, ?)",
        (key, owner_token(user), fts_tokens(draft.text)),
    )
    return key, memory_id
