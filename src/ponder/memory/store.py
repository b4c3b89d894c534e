"""``MemoryStore``: every memory and conversation read or write, always for one named user.

Isolation lives here: each method takes ``user`` and each SQL statement it runs is
confined to that user (``WHERE user = ?``; FTS rows carry a per-user owner token;
vectors carry their user; ids are numbered per user).

When memory is off for a user:

- reads made while answering (``recall``, ``due_reminders``, ``turns``,
  ``search_turns``) return nothing, and ``remember``/``add`` store nothing and say so;
- the user's own view of what is stored (``list``, ``get``, ``find``, ``export``,
  ``export_markdown``, ``status``), settings, the deny list and deletion
  (``plan_forget``, ``forget``, ``clear``) always work: turning memory off never hides
  or traps what is stored;
- every other read or write of memories or conversations raises ``MemoryOffError``.

``counters(user)`` counts the memory and conversation reads and writes performed, so
a test can show that answering and storing leave them at zero while memory is off. The
clock is injectable: every method that stamps or compares time takes ``now`` (default:
the store's clock).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Literal

from ..errors import MemoryInputError, MemoryNotFoundError
from . import deny as deny_list_
from . import erasures, prompt_history, transfer, users
from . import forget as forgetting
from .base import When
from .conversations import ConversationStore
from .deny import DenyList, DenyPattern
from .importing import import_drafts
from .recall import RecallOptions, TokenCounter, recall
from .records import (
    KINDS,
    Added,
    ForgetPlan,
    ImportSummary,
    Kind,
    Memory,
    Provenance,
    Recalled,
    Receipt,
    Tier,
)
from .rows import select_memories
from .text import approx_tokens
from .vectors import FloatMatrix, dense_ranking, embed_rows, pending
from .vectors import write as write_vectors
from .write import Draft, check_draft, end, find_duplicate, insert, merge, slot_holders


class MemoryStore(ConversationStore):
    """The memories, settings, deny lists and conversations of every user of one library.

    ``MemoryStore(library, embedder=None, clock=system_clock, dense_cut=E5_CUT)``;
    without an embedder, recall is lexical only.
    """

    # ---- adding -----------------------------------------------------------------

    def remember(
        self,
        user: str,
        text: str,
        *,
        kind: Kind = "fact",
        tier: Tier = "saved",
        reason: str = "user asked",
        subject: str | None = None,
        slot: str | None = None,
        provenance: Provenance | None = None,
        due_at: When = None,
        now: When = None,
    ) -> Added:
        """Store a memory, or say why not: a duplicate merged, a deny pattern, memory off.

        A memory on the same (kind, subject, slot) as a current one supersedes it.
        """
        draft = check_draft(Draft(
            text=text, kind=kind, tier=tier, reason=reason, subject=subject, slot=slot,
            provenance=provenance or Provenance(), due_at=self._when(due_at),
        ))
        pattern = DenyList(self.deny_list(user)).first_match([draft.text, draft.provenance.quote])
        if pattern is not None:
            return Added("denied", None, f"not stored: it matches your deny pattern {pattern!r}")
        if not self._allowed(user, "writes"):
            return Added("off", None, f"not stored: memory is off for user {user!r}")
        with self.library.transaction():
            added = self._write(user, draft, self._now(now))
        self._matrices.changed(user)
        return added

    def add(
        self,
        user: str,
        text: str,
        *,
        kind: Kind = "fact",
        tier: Tier = "saved",
        reason: str = "user asked",
        subject: str | None = None,
        slot: str | None = None,
        provenance: Provenance | None = None,
        due_at: When = None,
        now: When = None,
    ) -> Memory | None:
        """``remember``, returning the stored (or merged-into) memory, or None when refused."""
        return self.remember(
            user, text, kind=kind, tier=tier, reason=reason, subject=subject, slot=slot,
            provenance=provenance, due_at=due_at, now=now,
        ).memory

    def _write(self, user: str, draft: Draft, now: str) -> Added:
        duplicate = find_duplicate(self.db, user, draft)
        if duplicate is not None:
            merged = merge(self.db, user, duplicate[0], draft)
            ended = self._supersede(user, merged, now)
            status: Literal["duplicate", "merged"] = "duplicate" if duplicate[1] else "merged"
            return Added(status, merged, f"already remembered as #{merged.id}", ended)
        key, memory_id = insert(self.db, user, draft, now)
        memory = self._get(user, memory_id)
        ended = self._supersede(user, memory, now)
        self._embed(user, [(key, draft.text)])
        return Added("stored", memory, draft.reason, ended)

    def _supersede(self, user: str, memory: Memory, now: str) -> tuple[Memory, ...]:
        holders = slot_holders(self.db, user, memory.kind, memory.subject, memory.slot)
        others = [old for old in holders if old.id != memory.id]
        return tuple(end(self.db, user, old, memory.id, now) for old in others)

    def _embed(self, user: str, items: Sequence[tuple[int, str]]) -> None:
        if self.embedder is not None and items:
            write_vectors(self.db, embed_rows(self.embedder, user, items))

    def embed_pending(self, user: str, batch: int = 64) -> int:
        """Embed the user's current memories that have no vector yet; returns how many."""
        self._require(user, "writes")
        if self.embedder is None:
            return 0
        done = 0
        while items := pending(self.db, user, self.embedder.name, batch):
            rows = embed_rows(self.embedder, user, items)  # outside the write lock
            with self.library.transaction() as db:
                keys = ",".join(str(int(row[0])) for row in rows)
                kept = {int(r[0]) for r in db.execute(
                    f"SELECT key FROM memories WHERE key IN ({keys})")}  # not forgotten since
                write_vectors(db, [row for row in rows if row[0] in kept])
            done += len(items)
        self._matrices.changed(user)
        return done

    # ---- reading ------------------------------------------------------------------

    def list(
        self, user: str, *, include_history: bool = False, kinds: Sequence[Kind] | None = None
    ) -> builtins.list[Memory]:
        """The user's memories, current only unless ``include_history``, by id (even while off)."""
        self._inspect(user)
        chosen = _check_kinds(kinds)
        where = "" if include_history else "m.valid_to IS NULL"
        return [m for m in select_memories(self.db, user, where) if m.kind in chosen]

    def get(self, user: str, memory_id: int) -> Memory:
        self._inspect(user)
        return self._get(user, memory_id)

    def _get(self, user: str, memory_id: int) -> Memory:
        found = select_memories(self.db, user, "m.id = ?", [memory_id])
        if not found:
            raise MemoryNotFoundError(
                f"user {user!r} has no memory #{memory_id}; see 'ponder memory list --history'"
            )
        return found[0]

    def find(self, user: str, ref: str | int) -> builtins.list[Memory]:
        """What ``forget ref`` would delete: the memory with that id, or those with the text."""
        self._inspect(user)
        return forgetting.find(self.db, user, ref)

    def recall(
        self,
        user: str,
        query: str,
        token_budget: int = 256,
        *,
        limit: int = 20,
        always: Sequence[Kind] = ("preference",),
        count_tokens: TokenCounter = approx_tokens,
        query_vector: FloatMatrix | None = None,
    ) -> builtins.list[Recalled]:
        """Current memories for a question: hybrid ranked, saved first, within ``token_budget``.

        ``query_vector``: the question's embedding by this store's embedder, when the
        caller has it already (the answer step embeds the question to search passages),
        which saves embedding it twice.
        """
        if not self._allowed(user, "reads"):
            return []
        options = RecallOptions(token_budget, limit, tuple(_check_kinds(always)),
                                count_tokens=count_tokens)
        dense = partial(self._dense, user, query, options.depth, query_vector)
        return recall(self.db, user, query, options, dense if self.embedder else None)

    def _dense(
        self, user: str, query: str, depth: int, vector: FloatMatrix | None
    ) -> builtins.list[int]:
        assert self.embedder is not None
        keys, matrix = self._matrices.get(self.db, user, self.embedder.name)
        if not len(keys):
            return []
        if vector is None:
            vector = self.embedder.embed_query(query)
        return dense_ranking(keys, matrix, vector, depth, self.dense_cut)

    def inferred(self, user: str) -> builtins.list[Memory]:
        """Current inferred memories, for review (keep → ``promote``, drop → ``forget``)."""
        self._require(user, "reads")
        return select_memories(self.db, user, "m.valid_to IS NULL AND m.tier = 'inferred'")

    def promote(self, user: str, memory_id: int, reason: str = "confirmed in review") -> Memory:
        """Make an inferred memory saved (the user confirmed it)."""
        self._require(user, "writes")
        with self.library.transaction() as db:
            self._get(user, memory_id)
            db.execute("UPDATE memories SET tier = 'saved', reason = ? WHERE user = ? AND id = ?",
                       (reason, user, memory_id))
            return self._get(user, memory_id)

    def due_reminders(self, user: str, now: When = None) -> builtins.list[Memory]:
        """Current, not done reminders due at ``now`` or before (or with no due time)."""
        if not self._allowed(user, "reads"):
            return []
        return select_memories(
            self.db, user, "m.valid_to IS NULL AND m.kind = 'reminder' AND m.done = 0 "
            "AND (m.due_at IS NULL OR m.due_at <= ?)", [self._now(now)],
        )

    def mark_done(self, user: str, memory_id: int) -> Memory:
        self._require(user, "writes")
        with self.library.transaction() as db:
            if self._get(user, memory_id).kind != "reminder":
                raise MemoryInputError(f"memory #{memory_id} is not a reminder")
            db.execute("UPDATE memories SET done = 1 WHERE user = ? AND id = ?", (user, memory_id))
            return self._get(user, memory_id)

    # ---- forgetting ----------------------------------------------------------------

    def plan_forget(
        self, user: str, ref: str | int | Sequence[int], everywhere: bool = False
    ) -> ForgetPlan:
        """What forgetting ``ref`` (an id, ids, or text) would remove. Works while memory is off."""
        users.check_user(user)
        self._count(user, "deletes")
        if isinstance(ref, str | int):
            memories = forgetting.find(self.db, user, ref)
            texts = [ref] if isinstance(ref, str) and not ref.strip().lstrip("#").isdigit() else []
        else:
            memories = [m for i in ref for m in forgetting.find(self.db, user, int(i))]
            texts = []
        return forgetting.plan(self.db, user, memories, everywhere, texts)

    def forget(
        self, user: str, ids: Sequence[int], everywhere: bool = False, *,
        mentions: Sequence[str] = (),
    ) -> Receipt:
        """Delete these memories from every table, index, vector store and free page.

        With ``everywhere`` also the turns that mention them (or any of ``mentions``).
        """
        plan = self.plan_forget(user, ids, everywhere)
        if everywhere and mentions:
            extra = forgetting.plan(self.db, user, (), True, mentions).turns
            both = {t.id: t for t in (*plan.turns, *extra)}
            ordered = tuple(sorted(both.values(), key=lambda t: t.id))
            plan = ForgetPlan(user, plan.memories, ordered, tuple(mentions))
        return self.execute_forget(plan)

    def execute_forget(self, plan: ForgetPlan) -> Receipt:
        """Delete exactly what ``plan`` lists (what the user was shown and confirmed)."""
        user = users.check_user(plan.user)
        receipt = Receipt(user, _listed(plan.memories))
        said = [*plan.mentions, *(m.text for m in plan.memories)]
        typed = [t.text for t in plan.turns if t.role == "user"]
        quotes = [m.provenance.quote or "" for m in plan.memories]
        with self.library.transaction() as db:
            forgetting.delete_memories(db, user, [m.id for m in plan.memories], receipt)
            forgetting.delete_turns(db, user, [t.id for t in plan.turns], receipt)
            receipt.titles_cleared = forgetting.clear_titles(db, user, said)
            history = erasures.record(db, user, "mentioning", [*said, *quotes, *typed],
                                      self._now())
            self._optimize(user, receipt)
        erasures.finish(self.library, [history])  # the prompt history, crash-safe
        receipt.checkpointed = self.checkpoint()
        return receipt

    def clear(self, user: str) -> Receipt:
        """Delete every memory, conversation and turn of ``user`` — no one else's.

        Settings and the deny list stay (the deny list protects the user going forward).
        """
        user = users.check_user(user)
        self._count(user, "deletes")
        receipt = Receipt(user)
        with self.library.transaction() as db:
            forgetting.delete_everything(db, user, receipt)
            history = erasures.record(db, user, "everything", (), self._now())
            self._optimize(user, receipt)
        erasures.finish(self.library, [history])  # the prompt history, crash-safe
        receipt.checkpointed = self.checkpoint()
        return receipt

    def _optimize(self, user: str, receipt: Receipt) -> None:
        if receipt.removed_anything or receipt.titles_cleared or receipt.turns_redacted:
            forgetting.optimize(self.db)
            receipt.fts_optimized = True
        self._matrices.changed(user)

    def checkpoint(self) -> bool:
        """Fold the WAL into the file and truncate it; False inside a transaction or when busy."""
        return False if self.db.in_transaction else forgetting.checkpoint(self.db)

    # ---- deny list --------------------------------------------------------------------

    def deny(
        self, user: str, pattern: str, now: When = None, *, forget_existing: bool = True
    ) -> Receipt:
        """Never store anything matching ``pattern``.

        By default also forget the memories that match it and withhold its spans in
        stored turns and titles (the receipt counts both).
        """
        user = users.check_user(user)
        pattern = deny_list_.check_pattern(pattern)
        with self.library.transaction() as db:
            deny_list_.add(db, user, pattern, self._now(now))
            matching = self._denied_memories(user, pattern) if forget_existing else []
            receipt = Receipt(user, _listed(matching))
            forgetting.delete_memories(db, user, [m.id for m in matching], receipt)
            history: list[int] = []
            if forget_existing:
                deny = DenyList([DenyPattern(pattern, "")])
                receipt.turns_redacted = forgetting.redact_turns(db, user, deny)
                history.append(erasures.record(db, user, "denied", [pattern], self._now()))
            self._optimize(user, receipt)
        erasures.finish(self.library, history)  # the prompt history, crash-safe
        receipt.checkpointed = self.checkpoint()
        return receipt

    def prompt_history(self, user: str) -> Path:
        """The user's chat prompt history file (line editing), beside the library file."""
        return prompt_history.path(self.library.path, users.check_user(user))

    def _denied_memories(self, user: str, pattern: str) -> builtins.list[Memory]:
        self._count(user, "deletes")
        check = DenyList([DenyPattern(pattern, "")])
        every = select_memories(self.db, user)
        return [m for m in every if check.first_match([m.text, m.provenance.quote])]

    # ---- export and import --------------------------------------------------------------

    def export(self, user: str, now: When = None) -> dict[str, object]:
        """Every memory (with history and provenance), the deny list and settings, as JSON data.

        Works while memory is off: the user can always take what is stored.
        """
        self._inspect(user)
        memories = select_memories(self.db, user)
        flags = users.flags(self.db, user)
        return transfer.export_dict(user, self._now(now), memories, self.deny_list(user), flags)

    def export_markdown(self, user: str, now: When = None) -> str:
        data = self.export(user, now)
        return transfer.export_markdown(data, select_memories(self.db, user))

    def import_(self, user: str, data: object, now: When = None) -> ImportSummary:
        """Import an export into ``user`` (one transaction: all of it or, on a bad entry, none)."""
        self._require(user, "writes")
        entries, patterns = transfer.parse(data)
        stamp_now = self._now(now)
        with self.library.transaction() as db:
            for pattern in patterns:
                deny_list_.add(db, user, deny_list_.check_pattern(pattern), stamp_now)
            deny = DenyList(self.deny_list(user))
            summary = import_drafts(db, user, entries, deny, stamp_now, None)
        self.embed_pending(user)  # after, in batches: the import holds the lock briefly
        self._matrices.changed(user)
        return summary



def _listed(memories: Sequence[Memory]) -> list[dict[str, object]]:
    return [{"id": m.id, "kind": m.kind, "text": m.text} for m in memories]


def _check_kinds(kinds: Sequence[str] | None) -> builtins.list[Kind]:
    if kinds is None:
        return list(KINDS)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise MemoryInputError(f"kind {unknown[0]!r} is not one of {', '.join(KINDS)}")
    return [k for k in KINDS if k in kinds]

