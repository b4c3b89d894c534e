"""What Ponder knows about each user, under that user's control.

    store = MemoryStore(library, embedder=default_embedder())
    store.remember(user, text, kind=, tier=, reason=, subject=, slot=, provenance=) -> Added
    store.add(...) -> Memory | None
    store.list(user, include_history=, kinds=) / get / find / recall(user, query, token_budget)
    store.plan_forget(user, ref, everywhere=) -> ForgetPlan; execute_forget(plan) -> Receipt
    store.forget(user, ids, everywhere=) -> Receipt; clear(user) -> Receipt
    store.export / export_markdown / import_; deny / undeny / deny_list
    store.set_enabled / enabled / set_learning / learning / counters / status
    store.start_conversation / add_turn / turns / search_turns / conversations
    store.due_reminders / mark_done / inferred / promote / embed_pending

Every call names its user and sees only that user's rows.
"""

from .clock import Clock, env_clock, parse_time, stamp, system_clock
from .deny import DenyPattern
from .recall import TokenCounter
from .records import (
    KINDS,
    ROLES,
    TIERS,
    Added,
    AddStatus,
    Conversation,
    Counters,
    ForgetPlan,
    ImportSummary,
    Kind,
    Memory,
    Provenance,
    Recalled,
    Receipt,
    Role,
    Tier,
    Turn,
)
from .store import MemoryStore
from .text import approx_tokens
from .vectors import DenseCut

__all__ = [
    "KINDS",
    "ROLES",
    "TIERS",
    "AddStatus",
    "Added",
    "Clock",
    "Conversation",
    "Counters",
    "DenseCut",
    "DenyPattern",
    "ForgetPlan",
    "ImportSummary",
    "Kind",
    "Memory",
    "MemoryStore",
    "Provenance",
    "Recalled",
    "Receipt",
    "Role",
    "Tier",
    "TokenCounter",
    "Turn",
    "approx_tokens",
    "env_clock",
    "parse_time",
    "stamp",
    "system_clock",
]
