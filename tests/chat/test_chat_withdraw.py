"""Issue 8, "the conversation follows": "scratch that", "never mind", "算了", "当我没问"
withdraw the question before them. Chat acknowledges in the user's language, searches
and answers nothing, and the next follow-up reads the question before the withdrawn one.
"forget that" is not a withdrawal: it forgets what the session stored last.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.chat.intents import intent
from ponder.chat.reading import read

from .chat_helpers import GPT5, MUSK, chat, memories, replies
from .test_chat_followups import PEP657, flib, followup_source  # noqa: F401

DAY1 = "2026-11-18T10:00:00+00:00"


@pytest.mark.parametrize("message", ["scratch that", "never mind", "Never mind.", "nvm",
                                     "算了", "算了吧", "当我没问", "不问了"])
def test_withdrawals_are_read_as_such(message: str) -> None:
    assert intent(message).action == "cancel"
    assert read(message).label == "cancel"


@pytest.mark.parametrize("message", ["forget that", "忘掉刚才那个", "What is scratch?",
                                     "算了一下GPT-5的成本是多少？"])
def test_forget_that_and_questions_are_no_withdrawals(message: str) -> None:
    assert intent(message).action != "cancel"


def test_a_withdrawn_question_is_dropped_from_the_follow_up_context(flib: Path) -> None:  # noqa: F811
    first, venv, withdrawn, who = replies(chat(
        [PEP657, "How do I create a virtual environment?", "scratch that",
         "Who contributed it?"], library=flib, user="wes"))
    assert first["type"] == venv["type"] == "answer"
    assert withdrawn["type"] == "cancel" and withdrawn["citations"] == []
    assert withdrawn["answer"] == "OK, I've dropped that question."
    assert withdrawn["withdrawn"] == "How do I create a virtual environment?"
    assert who["type"] == "answer" and who["followup"] is True
    assert "PEP 657" in who["resolved_question"]


def test_a_chinese_withdrawal_is_acknowledged_in_chinese_and_nothing_is_searched(
        lib: Path) -> None:
    asked, withdrawn, never = replies(chat([MUSK, "当我没问", "算了"], library=lib, user="xu",
                                           now=DAY1))
    assert asked["type"] == "answer"
    assert withdrawn["type"] == "cancel" and withdrawn["answer"] == "好的，那个问题不算了。"
    assert withdrawn["citations"] == [] and withdrawn["abstained"] is False
    assert never["type"] == "cancel" and never["answer"] == "好的。"  # nothing left to drop
    [answer] = replies(chat([GPT5], library=lib, user="xu", now=DAY1))
    assert answer["type"] == "answer"


def test_forget_that_still_forgets_the_last_memory(lib: Path) -> None:
    chat(["remember that my editor is Li Wei", "forget that"], library=lib, user="yan",
         now=DAY1, args=("--yes",))
    assert memories(lib, "yan") == []
