"""The prompt history file itself: denied lines never enter, rewrites leave no stray copy."""

from __future__ import annotations

from pathlib import Path

from ponder.memory import MemoryStore, prompt_history
from ponder.memory.deny import DenyList
from ponder.store import Library

from .memory_helpers import tree_hits
from .test_memory_prompt_history import TYPED


def test_denied_lines_are_never_added(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        store = MemoryStore(library)
        store.deny("dana", "health")
        deny = store.deny_list("dana")
        file = store.prompt_history("dana")

    assert not prompt_history.append(file, "my health plan is Zebracorp", DenyList(deny))
    assert prompt_history.append(file, "What is PEP 657?", DenyList(deny))
    assert prompt_history.read(file) == ["What is PEP 657?"]


def test_rewrites_leave_no_stray_copy(tmp_path: Path) -> None:
    file = tmp_path / "lib" / "chat-history" / "dana"
    for line in TYPED:
        prompt_history.append(file, line)
    assert prompt_history.drop_mentioning(file, ["lisinopril"]) == 1
    assert tree_hits(tmp_path, "lisinopril") == {}
    assert sorted(p.name for p in file.parent.iterdir()) == ["dana"]
    assert prompt_history.erase(file) and tree_hits(tmp_path, "PEP 657") == {}


def test_every_user_name_gets_its_own_file(tmp_path: Path) -> None:
    names = ["ann", "Ann", "ann ", "ann*", "ann_", "a/b", "a_b", "..", "%", "安妮"]
    files = [prompt_history.path(tmp_path / "library.sqlite", n) for n in names]
    assert len({f.name.lower() for f in files}) == len(names)
    assert all(f.parent == tmp_path / "chat-history" for f in files)
    assert files[0].name == "ann"
