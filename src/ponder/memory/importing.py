"""Writing an import: each exported memory becomes the importing user's, in time order.

An export names the user it was taken from; :func:`foreign_owner_warning` says so when
that is not the importing user (importing someone else's memories is allowed, but never
silently).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..errors import MemoryImportError, MemoryInputError
from .deny import DenyList
from .records import ImportSummary
from .write import Draft, Embed, check_draft, end, find_duplicate, insert, slot_holders

Entry = tuple[int | None, int | None, Draft]  # (old id, old successor id, draft)


@dataclass
class _State:
    summary: ImportSummary
    new_ids: dict[int, int] = field(default_factory=dict)
    links: list[tuple[int, int]] = field(default_factory=list)


def foreign_owner_warning(data: object, user: str) -> str | None:
    """A warning when export ``data`` was taken from another user than ``user``, else None.

    An export without a user name (written by hand, or by an old Ponder) draws one too:
    whose memories these are cannot be told.
    """
    owner = data.get("user") if isinstance(data, Mapping) else None
    if owner == user:
        return None
    count = len(data.get("memories") or []) if isinstance(data, Mapping) else 0
    if not isinstance(owner, str) or not owner.strip():
        entries = "entry is" if count == 1 else "entries are"
        return (f"this export does not say whose memories its {count} {entries}; they "
                f"become {user!r}'s — check the file is yours")
    return (f"this export holds {owner!r}'s memories ({count}), not {user!r}'s; they become "
            f"{user!r}'s — if that is not what you meant, list them with 'ponder memory list "
            f"--user {user}' and forget them")


def _checked(draft: Draft, index: int) -> Draft:
    try:
        return check_draft(draft)
    except MemoryInputError as e:
        raise MemoryImportError(f"memory {index + 1}: {e}") from e


def _history_exists(db: sqlite3.Connection, user: str, draft: Draft) -> bool:
    row = db.execute(
        "SELECT 1 FROM memories WHERE user = ? AND sig = ? AND kind = ? AND valid_from IS ? "
        "AND valid_to IS ?",
        (user, draft.signature(), draft.kind, draft.valid_from, draft.valid_to),
    ).fetchone()
    return row is not None


def _settle_slot(db: sqlite3.Connection, user: str, new_id: int, draft: Draft, now: str) -> None:
    """The newer of the imported memory and a current one on its slot stays current."""
    start = draft.valid_from or now
    for holder in slot_holders(db, user, draft.kind, draft.subject, draft.slot):
        if holder.id == new_id:
            continue
        if holder.valid_from > start:
            db.execute(
                "UPDATE memories SET valid_to = ?, superseded_by = ? WHERE user = ? AND id = ?",
                (holder.valid_from, holder.id, user, new_id),
            )
        else:
            end(db, user, holder, new_id, start)


def _one(db: sqlite3.Connection, user: str, entry: Entry, now: str, state: _State,
         embed: Embed | None) -> int | None:
    _, old_next, draft = entry
    if draft.valid_to is not None:
        if _history_exists(db, user, draft):
            state.summary.duplicates += 1
            return None
        _, new_id = insert(db, user, draft, now)
        state.summary.history += 1
        if old_next is not None:
            state.links.append((new_id, old_next))
        return new_id
    duplicate = find_duplicate(db, user, draft)
    if duplicate is not None:
        state.summary.duplicates += 1
        return duplicate[0].id
    key, new_id = insert(db, user, replace(draft, valid_from=draft.valid_from or now), now)
    _settle_slot(db, user, new_id, draft, now)
    if embed is not None:
        embed(key, draft.text)
    state.summary.added += 1
    return new_id


def import_drafts(
    db: sqlite3.Connection, user: str, entries: Sequence[Entry], deny: DenyList, now: str,
    embed: Embed | None = None,
) -> ImportSummary:
    """Write ``entries`` for ``user`` (call inside a transaction)."""
    state = _State(ImportSummary(user))
    for index, entry in enumerate(entries):
        draft = _checked(entry[2], index)
        pattern = deny.first_match([draft.text, draft.provenance.quote])
        if pattern is not None:
            state.summary.denied += 1
            state.summary.reasons.append(
                f"memory {index + 1} skipped: matches deny pattern {pattern!r}"
            )
            continue
        new_id = _one(db, user, (entry[0], entry[1], draft), now, state, embed)
        if entry[0] is not None and new_id is not None:
            state.new_ids[entry[0]] = new_id
    for new_id, old_next in state.links:
        if old_next in state.new_ids:
            db.execute("UPDATE memories SET superseded_by = ? WHERE user = ? AND id = ?",
                       (state.new_ids[old_next], user, new_id))
    return state.summary
