"""The schema the memory store relies on, and recall with the real shipped embedding model."""

from __future__ import annotations

import sqlite3

import pytest

from ponder.memory import MemoryStore
from ponder.store import Library
from ponder.store.migrations import MIGRATIONS


def test_migration_002_memory_is_recorded(library: Library) -> None:
    names = [r[0] for r in library.db.execute("SELECT name FROM migrations ORDER BY name")]
    assert "002_memory" in names and [n for n, _ in MIGRATIONS][1] == "002_memory"
    tables = {r[0] for r in library.db.execute("SELECT name FROM sqlite_master")}
    assert {"memories", "memories_fts", "memory_vectors", "user_settings", "deny_list",
            "conversations", "turns", "turns_fts"} <= tables


def test_a_turn_cannot_join_another_users_conversation(library: Library,
                                                       store: MemoryStore) -> None:
    talk = store.start_conversation("ann")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        library.db.execute(
            "INSERT INTO turns (user, id, conversation_id, role, text, created_at) "
            "VALUES ('bob', 1, ?, 'user', 'sneaky', '2025-01-01')", (talk.id,))


def test_the_schema_refuses_unknown_kinds(library: Library) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        library.db.execute(
            "INSERT INTO memories (user, id, text, kind, tier, reason, extractor, created_at, "
            "valid_from, norm, sig) VALUES ('ann', 1, 't', 'mood', 'saved', 'r', 'user', "
            "'x', 'x', 't', 't')")


def test_fts_rows_go_with_their_memory_and_turn(store: MemoryStore, library: Library) -> None:
    talk = store.start_conversation("ann")
    store.add_turn("ann", talk.id, "user", "hello there")
    store.add("ann", "Ann likes tea")
    library.db.execute("DELETE FROM conversations")  # cascades to turns
    library.db.execute("DELETE FROM memories")
    for table in ("memories_fts", "turns_fts", "memory_vectors"):
        assert library.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


MEMORIES = ["I live in Basel", "My daughter is called Mia",
            "Cite the full interview, not the summary", "我对量子计算很感兴趣",
            "My favourite tea is oolong", "I work on climate models"]


@pytest.mark.slow
def test_recall_with_the_shipped_model(library: Library) -> None:
    from ponder.search import default_embedder

    plain = MemoryStore(library)
    for text in MEMORIES:
        plain.add("ann", text)
    plain.add("ann", "Answer in traditional Chinese", kind="preference")
    store = MemoryStore(library, embedder=default_embedder())
    assert store.embed_pending("ann") == len(MEMORIES) + 1
    assert store.embed_pending("ann") == 0

    def first(query: str) -> str:
        found = [r for r in store.recall("ann", query) if not r.always]
        return found[0].memory.text

    assert first("where do I live?") == "I live in Basel"
    assert first("what's my kid's name") == "My daughter is called Mia"
    assert first("我女儿叫什么") == "My daughter is called Mia"  # across languages
    assert first("what am I interested in") == "我对量子计算很感兴趣"
    recalled = store.recall("ann", "what should I drink")
    assert recalled[0].always and recalled[0].memory.kind == "preference"
    assert "My favourite tea is oolong" in [r.memory.text for r in recalled]
    assert len(recalled) <= 4  # the unrelated ones are left out
