"""The part of ``MemoryStore`` every call goes through: time, the on/off gate, counters,
per-user settings and the deny list (see ``store.py`` for the rules).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ..errors import MemoryOffError
from ..search import Embedder
from ..store import Library
from . import deny as deny_list_
from . import erasures, users
from . import forget as forgetting
from .clock import Clock, parse_time, stamp, system_clock
from .deny import DenyPattern
from .records import Counters
from .vectors import DenseCut, MatrixCache

E5_CUT = DenseCut(floor=0.80, margin=0.04)  # measured on the shipped e5 model
Op = Literal["reads", "writes", "deletes"]
When = datetime | str | None


class StoreBase:
    """Holds the library, the embedder and the clock; gates and counts every memory access.

    Opening one first finishes any erasure of a prompt history that a forget, clear or
    deny committed but did not finish (a process killed in between; see ``erasures``).
    """

    def __init__(
        self,
        library: Library,
        *,
        embedder: Embedder | None = None,
        clock: Clock = system_clock,
        dense_cut: DenseCut = E5_CUT,
    ) -> None:
        self.library = library
        self.db = library.db
        self.embedder = embedder
        self.clock = clock
        self.dense_cut = dense_cut
        self._counts: dict[str, dict[Op, int]] = {}
        self._matrices = MatrixCache()
        if erasures.finish(library):  # what a forget killed after its commit left undone
            forgetting.checkpoint(self.db)

    # ---- time, gates, counters ----------------------------------------------

    def _now(self, now: When = None) -> str:
        if isinstance(now, str):
            return stamp(parse_time(now))
        return stamp(now or self.clock())

    def _count(self, user: str, op: Op) -> None:
        counts = self._counts.setdefault(user, {"reads": 0, "writes": 0, "deletes": 0})
        counts[op] += 1

    def _allowed(self, user: str, op: Op) -> bool:
        """True (and counted) when memory is on for ``user``."""
        users.check_user(user)
        if not self.enabled(user):
            return False
        self._count(user, op)
        return True

    def _inspect(self, user: str) -> None:
        """Count a read the user makes to see what is stored: allowed even while memory is off."""
        self._count(users.check_user(user), "reads")

    def _require(self, user: str, op: Op) -> None:
        if not self._allowed(user, op):
            raise MemoryOffError(
                f"memory is off for user {user!r}: nothing is read or written; "
                "turn it on with 'ponder memory on'"
            )

    def counters(self, user: str) -> Counters:
        counts = self._counts.get(user, {})
        return Counters(counts.get("reads", 0), counts.get("writes", 0), counts.get("deletes", 0))

    # ---- settings -------------------------------------------------------------

    def enabled(self, user: str) -> bool:
        return users.flags(self.db, users.check_user(user))[0]

    def learning(self, user: str) -> bool:
        return users.flags(self.db, users.check_user(user))[1]

    def set_enabled(self, user: str, on: bool, now: When = None) -> None:
        with self.library.transaction() as db:
            users.set_flag(db, users.check_user(user), "memory_enabled", on, self._now(now))

    def set_learning(self, user: str, on: bool, now: When = None) -> None:
        with self.library.transaction() as db:
            users.set_flag(db, users.check_user(user), "learning_enabled", on, self._now(now))

    def status(self, user: str, now: When = None) -> dict[str, object]:
        """Settings and counts of what is stored, on or off (off hides nothing from the user)."""
        on, learning = users.flags(self.db, users.check_user(user))
        data: dict[str, object] = {"user": user, "memory_enabled": on, "learning_enabled": learning,
                                   "deny_patterns": len(self.deny_list(user))}
        self._inspect(user)
        data.update(self._tally(user, self._now(now)))
        return data

    def _tally(self, user: str, now: str) -> dict[str, int]:
        row = self.db.execute(
            "SELECT COUNT(*) FILTER (WHERE valid_to IS NULL AND tier = 'saved'), "
            "COUNT(*) FILTER (WHERE valid_to IS NULL AND tier = 'inferred'), "
            "COUNT(*) FILTER (WHERE valid_to IS NOT NULL), "
            "COUNT(*) FILTER (WHERE valid_to IS NULL AND kind = 'reminder' AND done = 0 "
            "AND (due_at IS NULL OR due_at <= ?)) FROM memories WHERE user = ?",
            (now, user),
        ).fetchone()
        talks = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM conversations WHERE user = ?), "
            "(SELECT COUNT(*) FROM turns WHERE user = ?)", (user, user)
        ).fetchone()
        names = ("saved", "inferred", "history", "reminders_due", "conversations", "turns")
        return dict(zip(names, (int(v) for v in (*row, *talks)), strict=True))

    def _when(self, value: When) -> str | None:
        return None if value is None else self._now(value)

    # ---- deny list (read and remove) ----------------------------------------------

    def undeny(self, user: str, pattern: str) -> bool:
        with self.library.transaction() as db:
            return deny_list_.remove(db, users.check_user(user), " ".join(pattern.split()))

    def deny_list(self, user: str) -> list[DenyPattern]:
        return deny_list_.patterns(self.db, users.check_user(user))
