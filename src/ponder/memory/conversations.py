"""Conversations and turns of ``MemoryStore``: written by the chat, read for "what did I ask"."""

from __future__ import annotations

from . import turns
from .base import StoreBase, When
from .deny import DenyList
from .records import Conversation, Role, Turn
from .text import clean_text


class ConversationStore(StoreBase):
    """Per-user conversations; a turn's denied spans are stored as ``[withheld]``."""

    def start_conversation(
        self, user: str, now: When = None, title: str | None = None
    ) -> Conversation:
        self._require(user, "writes")
        with self.library.transaction() as db:
            clean = DenyList(self.deny_list(user)).redact(clean_text(title)) if title else None
            return turns.start(db, user, self._now(now), clean)

    def add_turn(
        self, user: str, conversation_id: int, role: Role, text: str, now: When = None
    ) -> Turn:
        """Store one turn; spans matching the user's deny list are stored as ``[withheld]``,
        escape sequences and control characters not at all (``clean_text``)."""
        text = clean_text(text)
        turns.check_turn(role, text)
        self._require(user, "writes")
        with self.library.transaction() as db:
            clean = DenyList(self.deny_list(user)).redact(text)
            return turns.add(db, user, conversation_id, role, clean, self._now(now))

    def turns(self, user: str, since: When = None, until: When = None) -> list[Turn]:
        """The user's turns from ``since`` (inclusive) to ``until`` (exclusive), oldest first."""
        if not self._allowed(user, "reads"):
            return []
        return turns.between(self.db, user, self._when(since), self._when(until))

    def search_turns(self, user: str, query: str, limit: int = 20) -> list[Turn]:
        if not self._allowed(user, "reads"):
            return []
        return turns.search(self.db, user, query, limit)

    def conversations(self, user: str) -> list[Conversation]:
        self._require(user, "reads")
        return turns.conversations(self.db, user)
