"""Forgetting everything from chat (issue 8, defect 5): "forget everything" and its paraphrases,
in both languages, clear that user's memories once confirmed, and no one else's."""

from __future__ import annotations

from pathlib import Path

import pytest

from .chat_helpers import chat, memories, replies, run

DAY1 = "2026-11-18T10:00:00+00:00"


def _setup(lib: Path, user: str) -> None:
    chat(["remember that I prefer short answers", "remember that my editor is Li Wei"],
         library=lib, user=user, now=DAY1)


@pytest.mark.parametrize("message", [
    "forget everything", "忘掉关于我的一切", "forget everything you know about me",
    "please forget all my memories", "忘记所有关于我的记忆", "删除我的所有记忆",
])
def test_forget_everything_clears_after_confirmation(lib: Path, message: str) -> None:
    _setup(lib, "quin")
    _setup(lib, "rosa")
    result = run("chat", "--yes", "--user", "quin", library=lib, stdin=f"{message}\n", now=DAY1)
    assert result.returncode == 0, result.stderr
    assert memories(lib, "quin") == []
    assert len(memories(lib, "rosa")) == 2


@pytest.mark.parametrize("message", ["forget everything", "忘掉关于我的一切"])
def test_forget_everything_keeps_all_without_confirmation(lib: Path, message: str) -> None:
    _setup(lib, "sami")
    [reply] = replies(chat([message], library=lib, user="sami", now=DAY1))
    assert reply["type"] == "forget"
    assert len(reply["plan"]["memories"]) == 2
    assert reply["receipt"] is None
    assert len(memories(lib, "sami")) == 2
