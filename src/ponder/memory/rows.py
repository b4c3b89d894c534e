"""Reading memory and turn rows: the column lists and the row → record conversions.

Every query here names its user in SQL; there is no read path without one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import cast

from .records import Kind, Memory, Provenance, Role, Tier, Turn

MEMORY_COLUMNS = (
    "m.id, m.user, m.text, m.kind, m.tier, m.reason, m.subject, m.slot, m.extractor, "
    "m.conversation_id, m.turn_id, m.quote, m.created_at, m.valid_from, m.valid_to, "
    "m.superseded_by, m.due_at, m.done, m.mentions"
)
TURN_COLUMNS = "t.id, t.user, t.conversation_id, t.role, t.text, t.created_at"

Row = Sequence[object]


def _opt_int(value: object) -> int | None:
    return None if value is None else int(cast(int, value))


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def memory_from_row(row: Row) -> Memory:
    provenance = Provenance(str(row[8]), _opt_int(row[9]), _opt_int(row[10]), _opt_str(row[11]))
    return Memory(
        id=int(cast(int, row[0])),
        user=str(row[1]),
        text=str(row[2]),
        kind=cast(Kind, row[3]),
        tier=cast(Tier, row[4]),
        reason=str(row[5]),
        subject=_opt_str(row[6]),
        slot=_opt_str(row[7]),
        provenance=provenance,
        created_at=str(row[12]),
        valid_from=str(row[13]),
        valid_to=_opt_str(row[14]),
        superseded_by=_opt_int(row[15]),
        due_at=_opt_str(row[16]),
        done=bool(row[17]),
        mentions=int(cast(int, row[18])),
    )


def turn_from_row(row: Row) -> Turn:
    return Turn(
        id=int(cast(int, row[0])),
        user=str(row[1]),
        conversation_id=int(cast(int, row[2])),
        role=cast(Role, row[3]),
        text=str(row[4]),
        created_at=str(row[5]),
    )


def select_memories(
    db: sqlite3.Connection, user: str, where: str = "", params: Sequence[object] = ()
) -> list[Memory]:
    """The user's memories matching an extra ``where`` clause (SQL on alias ``m``), by id.

    (``ORDER BY +m.id`` keeps the planner from walking the (user, id) index in order
    when a narrower index — signature, slot — serves the ``where``.)
    """
    clause = f" AND ({where})" if where else ""
    rows = db.execute(
        f"SELECT {MEMORY_COLUMNS} FROM memories m WHERE m.user = ?{clause} ORDER BY +m.id",
        (user, *params),
    ).fetchall()
    return [memory_from_row(r) for r in rows]


def memories_by_key(db: sqlite3.Connection, user: str, keys: Sequence[int]) -> dict[int, Memory]:
    """The user's memories with these internal keys (others' keys yield nothing).

    The user is still checked on every row; the ``+`` only stops SQLite from scanning
    the user's index instead of looking the keys up.
    """
    found: dict[int, Memory] = {}
    for i in range(0, len(keys), 500):
        part = list(keys[i : i + 500])
        marks = ",".join("?" * len(part))
        rows = db.execute(
            f"SELECT m.key, {MEMORY_COLUMNS} FROM memories m "
            f"WHERE +m.user = ? AND m.key IN ({marks})",  # + : look up keys, not the user
            (user, *part),
        )
        for row in rows:
            found[int(row[0])] = memory_from_row(row[1:])
    return found


def memory_key(db: sqlite3.Connection, user: str, memory_id: int) -> int | None:
    row = db.execute(
        "SELECT key FROM memories WHERE user = ? AND id = ?", (user, memory_id)
    ).fetchone()
    return None if row is None else int(row[0])


def select_turns(
    db: sqlite3.Connection, user: str, where: str = "", params: Sequence[object] = ()
) -> list[Turn]:
    """The user's turns matching an extra ``where`` clause (SQL on alias ``t``), oldest first."""
    clause = f" AND ({where})" if where else ""
    rows = db.execute(
        f"SELECT {TURN_COLUMNS} FROM turns t WHERE t.user = ?{clause} "
        "ORDER BY t.created_at, t.id",
        (user, *params),
    ).fetchall()
    return [turn_from_row(r) for r in rows]
