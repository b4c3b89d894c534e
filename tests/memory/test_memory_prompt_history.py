"""Forgetting reaches the chat prompt history too (issue 8, defect 1).

``LIBRARY/chat-history/<user>`` holds the lines typed at the chat prompt. After
``memory forget TEXT --everywhere``, ``memory clear`` and ``memory deny`` the scan below
reads every file under the library folder as bytes (database, -wal, -shm, prompt
history, anything else) and finds the forgotten text in none of them.
"""

from __future__ import annotations

from pathlib import Path

from ponder.memory import MemoryStore, Provenance
from ponder.store import Library

from .memory_helpers import run_cli, tree_hits

TYPED = [
    "remember that my blood pressure medication is lisinopril",
    "remember that I prefer short answers",
    "my health plan is Zebracorp gold",
    "What is PEP 657?",
]


def dana_library(tmp_path: Path) -> Path:
    """A library where dana said ``TYPED`` in chat: turns, memories and prompt history."""
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as library:
        store = MemoryStore(library)
        talk = store.start_conversation("dana")
        for line in TYPED:
            turn = store.add_turn("dana", talk.id, "user", line)
            if line.startswith("remember that "):
                said = line.removeprefix("remember that ")
                store.add("dana", said, provenance=Provenance("rule", talk.id, turn.id, said))
    for user in ("dana", "erin"):  # as 'ponder chat' on a terminal leaves them
        history = lib_dir / "chat-history" / user
        history.parent.mkdir(parents=True, exist_ok=True)
        history.write_text("".join(f"{line}\n" for line in TYPED), encoding="utf-8")
    return lib_dir


def test_forget_everywhere_erases_the_prompt_history_lines(tmp_path: Path) -> None:
    lib = dana_library(tmp_path)
    assert "chat-history/dana" in tree_hits(lib, "lisinopril")  # the scan sees it first
    result = run_cli("forget", "lisinopril", "--everywhere", "--yes", library=lib, user="dana")
    assert result.returncode == 0, result.stderr
    assert not any(k.startswith("chat-history/dana") or k.startswith("library.sqlite")
                   for k in tree_hits(lib, "lisinopril"))
    kept = (lib / "chat-history" / "dana").read_text(encoding="utf-8")
    assert "What is PEP 657?" in kept and "prefer short answers" in kept  # only that line went
    assert "lisinopril" in (lib / "chat-history" / "erin").read_text()  # no one else's


def test_clear_erases_the_prompt_history(tmp_path: Path) -> None:
    lib = dana_library(tmp_path)
    result = run_cli("clear", "--yes", library=lib, user="dana")
    assert result.returncode == 0, result.stderr
    assert not (lib / "chat-history" / "dana").exists()
    for marker in ("lisinopril", "short answers", "Zebracorp", "PEP 657"):
        assert tree_hits(lib, marker).keys() == {"chat-history/erin"}, tree_hits(lib, marker)


def test_deny_erases_matching_prompt_history_lines(tmp_path: Path) -> None:
    lib = dana_library(tmp_path)
    result = run_cli("deny", "health", library=lib, user="dana")
    assert result.returncode == 0, result.stderr
    kept = (lib / "chat-history" / "dana").read_text(encoding="utf-8").splitlines()
    # the same matching decides what is denied and what leaves the history: "health" names
    # a topic, so the medication line (no word "health" in it) goes too
    assert kept == ["remember that I prefer short answers", "What is PEP 657?"]
    for marker in ("Zebracorp", "health", "lisinopril"):
        assert "chat-history/dana" not in tree_hits(lib, marker)
    assert not any(k.startswith("library.sqlite") for k in tree_hits(lib, "lisinopril"))
