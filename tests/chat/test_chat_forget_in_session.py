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


# ---- "forget that": what this session stored last ------------------------------------------


def test_forget_that_forgets_exactly_what_was_stored_last(lib: Path) -> None:
    out = replies(chat(["remember that my locker code is 4812", "remember to use bullet points",
                        "forget that"], library=lib, user="ann", args=("--yes",)))
    stored = out[1]["remembered"][0]["memory"]
    assert [m["id"] for m in out[2]["plan"]["memories"]] == [stored["id"]]
    assert out[2]["receipt"]["memory_rows"] == 1
    assert out[2]["answer"].startswith(f"Forgotten: 1 memories — #{stored['id']} (Use bullet")
    assert [m["text"] for m in memories(lib, "ann", history=True)] == [
        "My locker code is 4812"]


def test_forget_that_in_chinese_forgets_what_was_stored_last(lib: Path) -> None:
    out = replies(chat(["记住我的储物柜密码是4812", "记住用要点列出", "忘掉刚才那个"],
                       library=lib, user="mei", args=("--yes",)))
    stored = out[1]["remembered"][0]["memory"]
    assert [m["id"] for m in out[2]["plan"]["memories"]] == [stored["id"]]
    assert out[2]["receipt"]["memory_rows"] == 1
    left = memories(lib, "mei", history=True)
    assert [m["id"] for m in left] == [out[0]["remembered"][0]["memory"]["id"]]


def test_forget_that_after_a_reminder_forgets_the_reminder(lib: Path) -> None:
    out = replies(chat(["remember to use bullet points", "remind me to email Sam tomorrow",
                        "forget it"], library=lib, user="ann", now="2026-12-01T09:00:00+00:00",
                       args=("--yes",)))
    reminder = out[1]["reminder"]["memory"]
    assert [m["id"] for m in out[2]["plan"]["memories"]] == [reminder["id"]]
    assert out[2]["receipt"]["memory_rows"] == 1
    assert [m["text"] for m in memories(lib, "ann", history=True)] == ["Use bullet points"]
    zh = replies(chat(["提醒我明天给李伟打电话", "忘掉这个"], library=lib, user="mei",
                      now="2026-12-01T09:00:00+00:00", args=("--yes",)))
    assert zh[1]["receipt"]["memory_rows"] == 1
    assert memories(lib, "mei", history=True) == []


def test_forget_that_after_learning_forgets_what_was_learned(lib: Path) -> None:
    assert run("memory", "learn", "on", "--user", "ann", library=lib).returncode == 0
    objects = chat(["remember that my locker code is 4812", "Please use bullet points",
                    "forget that"], library=lib, user="ann", args=("--yes",))
    learned = [m for o in objects if o["type"] == "learned" for m in o["memories"]]
    assert [m["text"] for m in learned] == ["Use bullet points"]
    forgot = replies(objects)[-1]
    assert [m["id"] for m in forgot["plan"]["memories"]] == [learned[0]["id"]]
    assert [m["text"] for m in memories(lib, "ann", history=True)] == [
        "My locker code is 4812"]


def test_forget_that_asks_first_like_any_forget(lib: Path) -> None:
    out = replies(chat(["remember to use bullet points", "forget that"], library=lib,
                       user="ann"))
    assert [m["text"] for m in out[1]["plan"]["memories"]] == ["Use bullet points"]
    assert out[1]["receipt"] is None and out[1]["answer"] == "Nothing was deleted."
    assert [m["text"] for m in memories(lib, "ann")] == ["Use bullet points"]


def test_forget_that_with_nothing_stored_in_this_session_says_so(lib: Path) -> None:
    # stored in an earlier session, by a request that said "that" and "这个"
    chat(["remember that my editor is Sam", "记住这个：我的编辑是李伟"], library=lib, user="ann")
    before = memories(lib, "ann")
    assert len(before) == 2
    out = replies(chat(["forget that", "忘掉刚才那个"], library=lib, user="ann",
                       args=("--yes",)))
    assert out[0]["answer"].startswith("I haven't stored anything in this session")
    assert out[1]["answer"].startswith("这次会话中我还没有存储任何内容")
    assert all(o["receipt"] is None and o["plan"]["memories"] == [] for o in out)
    assert memories(lib, "ann") == before
    # nor after a forget that already took what was stored last
    again = replies(chat(["remember to use bullet points", "forget that", "forget that"],
                         library=lib, user="ann", args=("--yes",)))
    assert again[1]["receipt"]["memory_rows"] == 1
    assert again[2]["receipt"] is None
    assert again[2]["answer"].startswith("I haven't stored anything in this session")
    assert memories(lib, "ann") == before
