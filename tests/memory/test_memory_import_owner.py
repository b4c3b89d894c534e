"""Importing another user's export says whose it was (issue 9, concern)."""

from __future__ import annotations

from ponder.memory import MemoryStore
from ponder.memory.importing import foreign_owner_warning


def test_own_export_draws_no_warning(store: MemoryStore) -> None:
    store.add("ann", "I live in Lisbon.")
    assert foreign_owner_warning(store.export("ann"), "ann") is None


def test_another_users_export_names_its_owner(store: MemoryStore) -> None:
    store.add("ann", "I live in Lisbon.")
    store.add("ann", "I cycle to work.")
    warning = foreign_owner_warning(store.export("ann"), "bob")
    assert warning is not None
    assert warning.startswith("this export holds 'ann''s memories (2), not 'bob''s")
    assert "ponder memory list --user bob" in warning


def test_an_export_without_an_owner_says_so() -> None:
    data = {"format": "ponder-memory-export", "version": 1,
            "memories": [{"text": "x", "kind": "fact"}]}
    warning = foreign_owner_warning(data, "bob")
    assert warning is not None and "does not say whose" in warning


def test_the_owner_warning_counts_one_entry_in_the_singular() -> None:
    """Issue 8 (new-user trial): "1 memories"-style slips in memory messages."""
    one = foreign_owner_warning({"memories": [{}]}, "dana") or ""
    two = foreign_owner_warning({"memories": [{}, {}]}, "dana") or ""
    assert "its 1 entry is;" in one and "entries" not in one
    assert "its 2 entries are;" in two
