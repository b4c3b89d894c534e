"""The user's controls: off blocks reads and writes, the deny list, learning, export/import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ponder.errors import MemoryImportError, MemoryOffError
from ponder.memory import Counters, MemoryStore, Provenance
from ponder.store import Library

from .memory_helpers import Clock, texts


def row_counts(library: Library) -> dict[str, int]:
    tables = ("memories", "memories_fts", "memory_vectors", "conversations", "turns", "turns_fts")
    return {t: library.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def seed(store: MemoryStore) -> dict[str, int]:
    talk = store.start_conversation("ann")
    store.add_turn("ann", talk.id, "user", "remind me about the dentist")
    store.add("ann", "Ann likes sailing", tier="inferred", reason="said twice")
    store.add("ann", "Dentist on Friday", kind="reminder", due_at="2025-03-01T08:00:00+00:00")
    return {"conversation": talk.id}


# every memory and conversation read or write, called while memory is off
QUIET: dict[str, Callable[[MemoryStore], Any]] = {
    "recall": lambda s: s.recall("ann", "sailing"),
    "due_reminders": lambda s: s.due_reminders("ann"),
    "turns": lambda s: s.turns("ann"),
    "search_turns": lambda s: s.search_turns("ann", "dentist"),
    "remember": lambda s: s.remember("ann", "Ann has a cat"),
    "add": lambda s: s.add("ann", "Ann has a dog"),
}
# the user's own view of what is stored: still works while off (issue 8, defect 6)
VISIBLE: dict[str, Callable[[MemoryStore], Any]] = {
    "list": lambda s: s.list("ann", include_history=True),
    "get": lambda s: s.get("ann", 1),
    "find": lambda s: s.find("ann", "sailing"),
    "export": lambda s: s.export("ann"),
    "export_markdown": lambda s: s.export_markdown("ann"),
}
REFUSED: dict[str, Callable[[MemoryStore], Any]] = {
    "inferred": lambda s: s.inferred("ann"),
    "promote": lambda s: s.promote("ann", 1),
    "mark_done": lambda s: s.mark_done("ann", 2),
    "import_": lambda s: s.import_("ann", {"format": "ponder-memory-export", "version": 1,
                                           "memories": [{"text": "x y z", "kind": "fact"}]}),
    "embed_pending": lambda s: s.embed_pending("ann"),
    "start_conversation": lambda s: s.start_conversation("ann"),
    "add_turn": lambda s: s.add_turn("ann", 1, "user", "hello there"),
    "conversations": lambda s: s.conversations("ann"),
}


def test_off_blocks_reads_and_writes_proved_by_counters(library: Library, clock: Clock) -> None:
    from .memory_helpers import ConceptEmbedder

    embedder = ConceptEmbedder()
    setup = MemoryStore(library, embedder=embedder, clock=clock)
    seed(setup)
    setup.set_enabled("ann", False)
    before, calls = row_counts(library), embedder.calls

    store = MemoryStore(library, embedder=embedder, clock=clock)  # fresh counters
    assert not store.enabled("ann")
    results = {name: call(store) for name, call in QUIET.items()}
    assert results["recall"] == [] and results["due_reminders"] == [] and results["add"] is None
    assert results["remember"].status == "off" and "memory is off" in results["remember"].reason
    for call in REFUSED.values():
        with pytest.raises(MemoryOffError, match=r"memory is off for user 'ann'.*ponder memory on"):
            call(store)
    assert store.counters("ann") == Counters(reads=0, writes=0, deletes=0)
    assert row_counts(library) == before and embedder.calls == calls  # not even the model ran

    store.set_enabled("ann", True)
    assert [r.memory.text for r in store.recall("ann", "sailing")] == ["Ann likes sailing"]
    store.add("ann", "Ann has a cat")
    assert store.counters("ann").reads == 1 and store.counters("ann").writes == 1


def test_off_still_shows_what_is_stored(library: Library, clock: Clock) -> None:
    """Off stops answering from memory and storing; the user still sees and exports it all."""
    setup = MemoryStore(library, clock=clock)
    seed(setup)
    setup.set_enabled("ann", False)
    before = row_counts(library)

    store = MemoryStore(library, clock=clock)
    seen = {name: call(store) for name, call in VISIBLE.items()}
    assert texts(seen["list"]) == ["Ann likes sailing", "Dentist on Friday"]
    assert seen["get"].text == "Ann likes sailing"
    assert texts(seen["find"]) == ["Ann likes sailing"]
    exported = seen["export"]
    assert exported["settings"] == {"memory_enabled": False, "learning_enabled": False}
    assert [m["text"] for m in exported["memories"]] == texts(seen["list"])
    assert "Ann likes sailing" in seen["export_markdown"] and "Memory is off" in \
        seen["export_markdown"]
    status = store.status("ann")
    assert status["memory_enabled"] is False and status["saved"] == 1 and status["inferred"] == 1
    assert store.counters("ann").writes == 0 and row_counts(library) == before


def test_off_for_one_user_does_not_touch_another(store: MemoryStore) -> None:
    store.add("bob", "Bob likes chess")
    store.set_enabled("ann", False)
    assert store.enabled("bob") and texts(store.list("bob")) == ["Bob likes chess"]
    assert store.add("bob", "Bob plays go") is not None


def test_deletion_works_while_off(store: MemoryStore) -> None:
    store.add("ann", "Ann's PIN is 9921")
    store.set_enabled("ann", False)
    receipt = store.execute_forget(store.plan_forget("ann", "PIN"))
    assert receipt.memory_rows == 1
    store.set_enabled("ann", True)
    assert store.list("ann") == []


def test_deny_list_refuses_and_forgets_existing(store: MemoryStore) -> None:
    store.add("ann", "Ann has diabetes")
    store.add("ann", "Ann likes tea")
    receipt = store.deny("ann", "Diabetes")
    assert receipt.memory_rows == 1 and texts(store.list("ann")) == ["Ann likes tea"]
    refused = store.remember("ann", "Ann's DIABETES check is in May")
    assert refused.status == "denied" and refused.memory is None
    assert "deny pattern 'Diabetes'" in refused.reason
    quoted = Provenance(quote="my diabetes")
    assert store.add("ann", "ann's 糖尿病 check", provenance=quoted) is None
    assert [d.pattern for d in store.deny_list("ann")] == ["Diabetes"]


def test_deny_patterns_match_words_script_and_wildcards(store: MemoryStore) -> None:
    store.deny("ann", "pass*")
    store.deny("ann", "头发")  # simplified
    store.deny("ann", "art")
    assert store.add("ann", "the password is hunter2") is None
    assert store.add("ann", "我的頭髮很長") is None  # traditional
    assert store.add("ann", "Ann passes the salt") is None
    assert store.add("ann", "Ann went to a party") is not None  # 'art' is a whole word only
    assert store.add("ann", "Ann likes modern art") is None


def test_deny_list_redacts_turns(store: MemoryStore) -> None:
    store.deny("ann", "salary")
    talk = store.start_conversation("ann", title="Salary talk")
    turn = store.add_turn("ann", talk.id, "user", "My SALARY is 90k, what tax bracket?")
    assert turn.text == "My [withheld] is 90k, what tax bracket?"
    assert store.conversations("ann")[0].title == "[withheld] talk"
    assert store.search_turns("ann", "salary") == []


def test_undeny(store: MemoryStore) -> None:
    store.deny("ann", "chess")
    assert store.undeny("ann", "chess") and not store.undeny("ann", "chess")
    assert store.add("ann", "Ann plays chess") is not None


def test_learning_switch(store: MemoryStore) -> None:
    assert store.learning("ann") is False
    store.set_learning("ann", True)
    assert store.learning("ann") and not store.learning("bob")
    assert store.status("ann")["learning_enabled"] is True


def test_export_import_round_trip(store: MemoryStore, clock: Clock) -> None:
    store.add("ann", "Answer in English", kind="preference", subject="answer", slot="language")
    clock.advance(days=1)
    store.add("ann", "Answer in Chinese", kind="preference", subject="answer", slot="language",
              reason="correction")
    store.add("ann", "Ann's son is Leo", tier="inferred", reason="said twice",
              provenance=Provenance("smollm2", 3, 7, "my son Leo"))
    store.add("ann", "Dentist", kind="reminder", due_at="2025-04-01")
    store.deny("ann", "salary")
    data = store.export("ann")
    store.clear("ann")
    store.undeny("ann", "salary")

    summary = store.import_("ann", data)
    assert (summary.added, summary.history, summary.duplicates) == (3, 1, 0)
    again = store.export("ann")

    def essence(export: dict[str, object]) -> list[tuple[object, ...]]:
        rows = export["memories"]
        assert isinstance(rows, list)
        by_id = {r["id"]: r["text"] for r in rows}
        keys = ("text", "kind", "tier", "reason", "subject", "slot", "extractor", "conversation_id",
                "turn_id", "quote", "created_at", "valid_from", "valid_to", "due_at", "done")
        return sorted((*(r[k] for k in keys), by_id.get(r["superseded_by"])) for r in rows)

    assert essence(again) == essence(data)
    assert again["deny_list"] == data["deny_list"]
    assert store.import_("ann", data).duplicates == 4  # importing twice adds nothing
    bob = store.import_("bob", data)  # moving memories to another user
    assert bob.added == 3 and texts(store.list("bob")) == texts(store.list("ann"))


def test_markdown_export(store: MemoryStore) -> None:
    store.add("ann", "Answer in English", kind="preference", subject="answer", slot="language")
    store.add("ann", "Answer in Chinese", kind="preference", subject="answer", slot="language")
    store.add("ann", "Ann's son is Leo", provenance=Provenance("rule", 2, 5, "my son Leo"))
    text = store.export_markdown("ann")
    assert text.startswith("# Memories of ann")
    assert "## Preferences" in text and "## Facts" in text and "## History (superseded)" in text
    assert "“my son Leo”" in text and "replaced by #2" in text


@pytest.mark.parametrize(("data", "message"), [
    ([], "not a Ponder memory export"),
    ({"format": "other"}, "not a Ponder memory export"),
    ({"format": "ponder-memory-export", "version": 9, "memories": []}, "version 9"),
    ({"format": "ponder-memory-export", "version": 1}, "no 'memories' list"),
    ({"format": "ponder-memory-export", "version": 1, "memories": [{"kind": "fact"}]},
     "memory 1: 'text'"),
    ({"format": "ponder-memory-export", "version": 1,
      "memories": [{"text": "ok", "kind": "fact"}, {"text": "b", "kind": "mood"}]},
     "memory 2: kind 'mood'"),
    ({"format": "ponder-memory-export", "version": 1,
      "memories": [{"text": "ok", "kind": "fact", "valid_from": "soon"}]},
     "memory 1: 'valid_from'"),
])
def test_bad_imports_are_refused_whole(store: MemoryStore, data: object, message: str) -> None:
    with pytest.raises(MemoryImportError, match=message):
        store.import_("ann", data)
    assert store.list("ann") == []


def test_import_respects_the_deny_list(store: MemoryStore) -> None:
    store.deny("ann", "salary")
    data = {"format": "ponder-memory-export", "version": 1, "memories": [
        {"text": "Ann's salary is 90k", "kind": "fact"}, {"text": "Ann likes tea", "kind": "fact"}]}
    summary = store.import_("ann", data)
    assert (summary.added, summary.denied) == (1, 1)
    assert "deny pattern 'salary'" in summary.reasons[0]


def test_a_new_deny_pattern_withholds_it_in_stored_turns(store: MemoryStore,
                                                         library: Library) -> None:
    from .memory_helpers import file_hits

    marker = "Xylophant8812"
    for user in ("ann", "bob"):
        talk = store.start_conversation(user, title=f"about {marker}")
        store.add_turn(user, talk.id, "user", f"my salary code is {marker} this year")
    store.add("ann", f"Salary code {marker}")
    receipt = store.deny("ann", marker)
    assert (receipt.memory_rows, receipt.turns_redacted) == (1, 1)
    assert [t.text for t in store.turns("ann")] == ["my salary code is [withheld] this year"]
    assert store.conversations("ann")[0].title == "about [withheld]"
    assert store.search_turns("ann", marker) == []
    assert [t.text for t in store.turns("bob")] == [f"my salary code is {marker} this year"]
    store.clear("bob")
    store.undeny("ann", marker)  # the deny list itself holds the pattern
    library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert file_hits(library.path, marker) == {}


def test_a_number_that_is_no_id_is_read_as_text(store: MemoryStore) -> None:
    store.add("ann", "Ann was born in 1984")
    assert texts(store.find("ann", "1984")) == ["Ann was born in 1984"]
    assert texts(store.find("ann", "1")) == ["Ann was born in 1984"]
    assert store.find("ann", 1984) == []
