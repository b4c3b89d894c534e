"""What the memory store hands back: memories, turns, outcomes of writes, receipts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Kind = Literal["preference", "fact", "lesson", "reminder", "topic"]
Tier = Literal["saved", "inferred"]
Role = Literal["user", "assistant", "system"]
AddStatus = Literal["stored", "duplicate", "merged", "denied", "off"]

KINDS: tuple[Kind, ...] = ("preference", "fact", "lesson", "reminder", "topic")
TIERS: tuple[Tier, ...] = ("saved", "inferred")
ROLES: tuple[Role, ...] = ("user", "assistant", "system")


@dataclass(frozen=True)
class Provenance:
    """Where a memory came from: the turn, the user's words verbatim, and who extracted it.

    ``extractor`` is ``"user"`` (an explicit command), ``"rule"`` (a rule matched an
    explicit statement) or a model name.
    """

    extractor: str = "user"
    conversation_id: int | None = None
    turn_id: int | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Memory:
    """One memory of one user. ``id`` is that user's own number for it.

    Current when ``valid_to`` is None; a superseded one names its successor in
    ``superseded_by``. Times are ISO 8601 UTC strings.
    """

    id: int
    user: str
    text: str
    kind: Kind
    tier: Tier
    reason: str
    subject: str | None
    slot: str | None
    provenance: Provenance
    created_at: str
    valid_from: str
    valid_to: str | None
    superseded_by: int | None
    due_at: str | None
    done: bool
    mentions: int

    @property
    def current(self) -> bool:
        return self.valid_to is None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.update(data.pop("provenance"))
        return data


@dataclass(frozen=True)
class Added:
    """The outcome of ``MemoryStore.remember``.

    ``memory`` is the stored memory (``stored``), the existing one a duplicate was
    merged into (``duplicate``: same words; ``merged``: a near duplicate), or None when
    nothing was stored (``denied``, ``off``); ``reason`` says why in words.
    """

    status: AddStatus
    memory: Memory | None
    reason: str
    superseded: tuple[Memory, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "reason": self.reason,
            "memory": self.memory.to_json() if self.memory else None,
            "superseded": [m.to_json() for m in self.superseded],
        }


@dataclass(frozen=True)
class Conversation:
    id: int
    user: str
    started_at: str
    title: str | None


@dataclass(frozen=True)
class Turn:
    id: int
    user: str
    conversation_id: int
    role: Role
    text: str
    created_at: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Recalled:
    """A memory recalled for a question, with why: its ranks, and whether its kind always is."""

    memory: Memory
    score: float
    tokens: int
    lexical_rank: int | None = None
    dense_rank: int | None = None
    always: bool = False

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["memory"] = self.memory.to_json()
        return data


@dataclass(frozen=True)
class ForgetPlan:
    """What a forget would remove, shown to the user before it happens."""

    user: str
    memories: tuple[Memory, ...]
    turns: tuple[Turn, ...] = ()
    mentions: tuple[str, ...] = ()  # text asked to be forgotten (turns and titles naming it go)

    @property
    def empty(self) -> bool:
        return not self.memories and not self.turns

    def to_json(self) -> dict[str, object]:
        return {
            "user": self.user,
            "memories": [m.to_json() for m in self.memories],
            "turns": [t.to_json() for t in self.turns],
            "mentions": list(self.mentions),
        }


@dataclass
class Receipt:
    """What a forget or clear removed, counted per place the text lived."""

    user: str
    memories: list[dict[str, object]] = field(default_factory=list)  # id, text, kind
    memory_rows: int = 0
    fts_rows: int = 0
    vectors: int = 0
    turns: int = 0
    turn_fts_rows: int = 0
    conversations: int = 0
    titles_cleared: int = 0
    turns_redacted: int = 0  # by a new deny pattern: its spans now read [withheld]
    fts_optimized: bool = False
    checkpointed: bool = False

    @property
    def removed_anything(self) -> bool:
        return bool(self.memory_rows or self.turns or self.conversations)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Counters:
    """Memory operations the store performed for one user in this process."""

    reads: int = 0
    writes: int = 0
    deletes: int = 0


@dataclass
class ImportSummary:
    user: str
    added: int = 0
    duplicates: int = 0
    denied: int = 0
    history: int = 0
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return asdict(self)
