"""What a chat session hands back: replies, and the memories an answer used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..answer import Answer
from ..memory import Kind, Memory
from .followup import Resolved

ReplyKind = Literal["answer", "statement", "history", "remember", "remind", "forget", "deny",
                    "smalltalk", "cancel"]


@dataclass(frozen=True)
class Known:
    """A memory in effect for an answer: a stored one (``id``), or one stated earlier in
    this session and not stored (``id`` None, tier ``"session"``). ``order`` sorts by age."""

    text: str
    kind: Kind
    tier: str
    id: int | None = None
    order: str = ""

    @classmethod
    def of(cls, memory: Memory) -> Known:
        return cls(memory.text, memory.kind, memory.tier, memory.id, memory.valid_from)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "kind": self.kind, "tier": self.tier}


@dataclass
class Reply:
    """The assistant's side of one exchange.

    ``learn_from`` is the user's text the learning step may read (None: nothing to learn
    from this exchange); ``data`` holds a control's details (memory, plan, receipt).
    ``resolved``: the question as read against the conversation (a follow-up rewritten);
    ``preferred``: the documents under discussion that retrieval preferred for it.
    """

    kind: ReplyKind
    message: str
    text: str
    answer: Answer | None = None
    used: list[Known] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, object] = field(default_factory=dict)
    learn_from: str | None = None
    conversation_id: int | None = None
    turn_id: int | None = None
    resolved: Resolved | None = None
    preferred: list[int] = field(default_factory=list)

    @property
    def resolved_question(self) -> str | None:
        """The question asked of the documents when it differs from what was typed."""
        r = self.resolved
        return r.question if r is not None and r.rewritten else None

    def to_json(self) -> dict[str, object]:
        base: dict[str, object] = {"type": self.kind, "message": self.message}
        if self.answer is not None:
            base |= self.answer.to_json()
        base |= {
            "answer": self.text,
            "abstained": self.answer.abstained if self.answer else False,
            "citations": base.get("citations", []),
            "memories": [k.to_json() for k in self.used],
            "notes": [*(self.answer.notes if self.answer else []), *self.notes],
            "resolved_question": self.resolved_question,
            "followup": self.resolved.followup if self.resolved else False,
            "preferred_documents": self.preferred,
            **self.data,
        }
        return base
