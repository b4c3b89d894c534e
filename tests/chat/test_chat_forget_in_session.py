"""Forgetting in the middle of a chat session (issue 8, defects 2 and 3): the session goes on,
and what was forgotten stops shaping the answers at once.

Forgetting a memory also erases the stored turns that mention it. When that leaves the
current conversation empty, the store drops it and the next message starts a new one;
otherwise the session keeps adding to the same conversation.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .chat_helpers import GPT5, chat, memories, replies, run

SHORT = "remember that I prefer short answers"


def stored(lib: Path, user: str) -> tuple[list[int], list[tuple[int, str, str]]]:
    """The user's conversation ids, and their turns (conversation, role, text)."""
    db = sqlite3.connect(lib / "library.sqlite")
    try:
        conversations = [r[0] for r in db.execute(
            "SELECT id FROM conversations WHERE user = ? ORDER BY id", (user,))]
        turns = [(r[0], r[1], r[2]) for r in db.execute(
            "SELECT conversation_id, role, text FROM turns WHERE user = ? ORDER BY id", (user,))]
        return conversations, turns
    finally:
        db.close()


def test_scripted_session_goes_on_after_forget_that(lib: Path) -> None:
    script = f"{SHORT}\nforget that\nWhat is PEP 657?\n{GPT5}\n"
    result = run("chat", "--yes", "--user", "gina", library=lib, stdin=script)
    assert "Error" not in result.stderr, result.stderr
    assert result.returncode == 0
    assert "Forgotten: 1 memories" in result.stdout
    assert "References" in result.stdout  # the last line was answered too
    conversations, turns = stored(lib, "gina")
    # the forget erased the only conversation; the questions after it are in a new one
    assert [text for _, role, text in turns if role == "user"] == ["What is PEP 657?", GPT5]
    assert len(conversations) == 1 and {c for c, _, _ in turns} == set(conversations)
    assert not any("short answers" in text for _, _, text in turns)


def test_forget_keeps_the_conversation_when_other_turns_remain(lib: Path) -> None:
    objects = chat(["hi", SHORT, "forget that", GPT5], library=lib, user="gina",
                   args=("--yes",))
    assert [o["type"] for o in replies(objects)] == ["smalltalk", "remember", "forget", "answer"]
    conversations, turns = stored(lib, "gina")
    assert [text for _, role, text in turns if role == "user"] == ["hi", GPT5]
    assert len(conversations) == 1 and {c for c, _, _ in turns} == set(conversations)


def test_forgotten_preference_is_no_longer_applied_in_the_session(lib: Path) -> None:
    kept = replies(chat([SHORT, GPT5], library=lib, user="ann"))[-1]
    assert [m["text"] for m in kept["memories"]] == ["Keep answers short (at most 2 sentences)"]
    objects = replies(chat([SHORT, "forget that", GPT5], library=lib, user="gina",
                           args=("--yes",)))
    assert objects[1]["receipt"]["memory_rows"] == 1
    assert memories(lib, "gina", history=True) == []
    answer = objects[-1]
    assert answer["type"] == "answer" and answer["memories"] == []
    assert answer["answer"] != kept["answer"]  # no longer cut short
    text = run("chat", "--yes", "--user", "hal", library=lib,
               stdin=f"{SHORT}\nforget that\n{GPT5}\n")
    assert text.returncode == 0, text.stderr
    assert "Used memories" not in text.stdout
