"""Forgetting is real: after forget or clear the text is in no table, index, vector or page.

Each test writes a unique marker, forgets it, checkpoints the WAL and scans the bytes of
the database file and its -wal for the marker (as given, in matching form, and as the
FTS tokens it was indexed under).
"""

from __future__ import annotations

from pathlib import Path

from ponder.memory import MemoryStore, Provenance
from ponder.store import Library

from .memory_helpers import file_hits, run_cli, tree_hits

MARKER = "Quokkaplasm7731"
CJK_MARKER = "紫檀雀鸟暗号"


def fill(store: MemoryStore, user: str, n: int = 120) -> None:
    """Other memories and turns around the marker, so it shares pages and FTS segments."""
    talk = store.start_conversation(user)
    for i in range(n):
        store.add(user, f"{user} note {i} about gardening and tomato variety {i * 7}")
        if i % 10 == 0:
            store.add_turn(user, talk.id, "user", f"{user} asked about pruning roses ({i})")


def plant(store: MemoryStore, user: str = "ann") -> None:
    talk = store.start_conversation(user, title=f"wifi {MARKER}")
    turn = store.add_turn(user, talk.id, "user", f"btw the wifi password is {MARKER}, keep it")
    store.add_turn(user, talk.id, "assistant", f"Noted: {MARKER}.")
    store.add_turn(user, talk.id, "user", "And what is the weather tomorrow?")
    store.add(user, f"The wifi password is {MARKER}",
              provenance=Provenance("rule", talk.id, turn.id, f"the wifi password is {MARKER}"))
    store.add(user, f"{CJK_MARKER}是七号", kind="fact")


def checkpoint_and_scan(library: Library, marker: str) -> dict[str, list[str]]:
    library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return file_hits(library.path, marker)


def test_the_scan_sees_a_planted_marker(store: MemoryStore, library: Library) -> None:
    fill(store, "ann")
    plant(store)
    assert checkpoint_and_scan(library, MARKER), "the scan must be able to see the marker"
    assert checkpoint_and_scan(library, CJK_MARKER)


def test_deleting_rows_alone_leaves_the_token_in_fts_segments(library: Library,
                                                              store: MemoryStore) -> None:
    """Why forget rewrites the FTS index: plain deletes leave terms in old segments."""
    fill(store, "ann", 40)
    store.add("ann", f"The wifi password is {MARKER}")
    fill(store, "ann", 40)
    library.db.execute("DELETE FROM memories WHERE instr(text, ?) > 0", (MARKER,))
    assert MARKER.lower() in checkpoint_and_scan(library, MARKER).get(library.path.name, [])


def test_forget_everywhere_leaves_no_trace(store: MemoryStore, library: Library) -> None:
    fill(store, "ann")
    plant(store)
    fill(store, "bob")
    plan = store.plan_forget("ann", MARKER, everywhere=True)
    assert [m.text for m in plan.memories] == [f"The wifi password is {MARKER}"]
    assert len(plan.turns) == 2
    receipt = store.execute_forget(plan)
    assert (receipt.memory_rows, receipt.fts_rows, receipt.vectors) == (1, 1, 1)
    assert (receipt.turns, receipt.turn_fts_rows, receipt.titles_cleared) == (2, 2, 1)
    assert receipt.conversations == 0  # it still holds a turn; only its title went
    assert receipt.fts_optimized and receipt.checkpointed
    wal = library.path.with_name(library.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # forget checkpointed by itself
    assert file_hits(library.path, MARKER) == {}
    assert checkpoint_and_scan(library, MARKER) == {}
    assert store.find("ann", MARKER) == [] and store.search_turns("ann", MARKER) == []
    assert len(store.list("ann")) == 121 and len(store.list("bob")) == 120


def test_forget_cjk_marker(store: MemoryStore, library: Library) -> None:
    fill(store, "ann")
    plant(store)
    receipt = store.execute_forget(store.plan_forget("ann", CJK_MARKER, everywhere=True))
    assert receipt.memory_rows == 1
    assert checkpoint_and_scan(library, CJK_MARKER) == {}


def test_forget_without_everywhere_keeps_turns(store: MemoryStore, library: Library) -> None:
    plant(store)
    (memory,) = store.find("ann", MARKER)
    receipt = store.forget("ann", [memory.id])
    assert receipt.turns == 0 and receipt.memory_rows == 1
    assert len(store.search_turns("ann", MARKER)) == 2


def test_forget_history_versions_too(store: MemoryStore, library: Library) -> None:
    store.add("ann", f"Home router is {MARKER}", subject="router", slot="name")
    store.add("ann", "Home router is Falcon", subject="router", slot="name")
    plan = store.plan_forget("ann", MARKER)
    assert [m.current for m in plan.memories] == [False]
    store.execute_forget(plan)
    assert checkpoint_and_scan(library, MARKER) == {}
    (left,) = store.list("ann", include_history=True)
    assert left.text == "Home router is Falcon" and left.current


def test_forgetting_a_successor_unlinks_its_history(store: MemoryStore) -> None:
    old = store.add("ann", "Answer in English", kind="preference", subject="a", slot="b")
    new = store.add("ann", "Answer in German", kind="preference", subject="a", slot="b")
    assert old is not None and new is not None
    store.forget("ann", [new.id])
    (kept,) = store.list("ann", include_history=True)
    assert kept.id == old.id and kept.superseded_by is None and not kept.current


def test_clear_leaves_no_trace_and_other_users_intact(store: MemoryStore,
                                                      library: Library) -> None:
    fill(store, "ann")
    plant(store)
    fill(store, "bob")
    store.deny("ann", "salary")
    receipt = store.clear("ann")
    assert receipt.memory_rows == 122 and receipt.vectors == 122 and receipt.turns == 15
    assert receipt.conversations == 2 and receipt.checkpointed
    assert checkpoint_and_scan(library, MARKER) == {}
    assert checkpoint_and_scan(library, CJK_MARKER) == {}
    assert store.list("ann", include_history=True) == [] and store.turns("ann") == []
    assert [d.pattern for d in store.deny_list("ann")] == ["salary"]  # kept: it protects ann
    assert len(store.list("bob")) == 120 and len(store.turns("bob")) == 12
    assert store.recall("bob", "gardening tomato")


def test_cli_forget_everywhere_leaves_no_trace(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as library:
        store = MemoryStore(library)
        fill(store, "ann", 30)
        plant(store)
    result = run_cli("forget", MARKER, "--everywhere", "--yes", library=lib_dir, user="ann")
    assert result.returncode == 0, result.stderr
    assert "Forgot for ann: 1 memory" in result.stdout and "2 turns" in result.stdout
    assert tree_hits(lib_dir, MARKER) == {}  # every file under the library folder
    result = run_cli("clear", "--yes", library=lib_dir, user="ann")
    assert result.returncode == 0, result.stderr
    assert tree_hits(lib_dir, CJK_MARKER) == {}


def test_forget_part_of_a_chinese_word_reaches_every_turn(store: MemoryStore,
                                                          library: Library) -> None:
    """Chinese has no spaces: forgetting 紫雀灵 reaches turns that say 紫雀灵片, however the
    segmenter cut them (found trying it as a new user)."""
    fill(store, "ann")
    talk = store.start_conversation("ann")
    store.add_turn("ann", talk.id, "user", "记住我的药是紫雀灵片")
    store.add_turn("ann", talk.id, "user", "紫雀灵片有什么副作用？")
    store.add_turn("ann", talk.id, "user", "我的药是紫雀灵片吗？")
    store.add("ann", "我的药是紫雀灵片", kind="fact")
    plan = store.plan_forget("ann", "紫雀灵", everywhere=True)
    assert len(plan.turns) == 3
    store.execute_forget(plan)
    assert checkpoint_and_scan(library, "紫雀灵") == {}
