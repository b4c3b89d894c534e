"""Questions about the user go to memory, not the documents (issue 8, defect 5).

"what do you remember about me?", "你记得关于我的哪些事情？", "what are my reminders?" and
their paraphrases list the user's memories, reminders or history; they are never answered
from the library. A listing names, for each memory, when and in which conversation it was
stored.

The patterns in ``ponder.chat.intents`` were written from ``WRITTEN`` only; ``HELD_OUT``
are paraphrases written before the patterns and not looked at while writing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.chat.intents import intent

from .chat_helpers import GPT5, chat, replies

DAY1 = "2026-11-18T10:00:00+00:00"
DAY2 = "2026-11-19T10:00:00+00:00"

# (message, action, what is listed) the patterns were written from
WRITTEN = [
    ("what do you remember about me?", "memories", "memories"),
    ("what do you know about me", "memories", "memories"),
    ("list my memories", "memories", "memories"),
    ("what are my reminders?", "memories", "reminders"),
    ("你记得关于我的哪些事情？", "memories", "memories"),
    ("你都记住了我什么", "memories", "memories"),
    ("我有哪些提醒？", "memories", "reminders"),
    ("我之前问过你什么", "history", None),
]
# paraphrases held out from writing the patterns
HELD_OUT = [
    ("What have you stored about me?", "memories", "memories"),
    ("show me everything you remember about me", "memories", "memories"),
    ("Tell me what you know about me.", "memories", "memories"),
    ("do you remember anything about me?", "memories", "memories"),
    ("what have you learned about me so far?", "memories", "memories"),
    ("what's in your memory about me?", "memories", "memories"),
    ("show my reminders", "memories", "reminders"),
    ("Do I have any reminders?", "memories", "reminders"),
    ("which reminders do I have?", "memories", "reminders"),
    ("你知道我哪些事？", "memories", "memories"),
    ("关于我你记得什么？", "memories", "memories"),
    ("列出你对我的记忆", "memories", "memories"),
    ("你保存了我的哪些信息？", "memories", "memories"),
    ("我的记忆有哪些？", "memories", "memories"),
    ("我的提醒有哪些", "memories", "reminders"),
    ("列出我的提醒", "memories", "reminders"),
    ("what have I asked you before?", "history", None),
    ("我以前都问了你些什么？", "history", None),
]
# still questions for the documents, or controls
OTHERS = [
    ("What did Altman say about GPT-5?", "question"),
    ("what do you know about PEP 657?", "question"),
    ("Do you remember what PEP 657 adds?", "question"),
    ("你知道GPT-5什么时候发布吗？", "question"),
    (GPT5, "question"),
    ("奥特曼怎么看马斯克的诉讼？", "question"),
    ("remember that my reminders app is Todoist", "remember"),
    ("remind me to check my memories tomorrow", "remind"),
    ("记住我的编辑是李伟", "remember"),
    ("提醒我明天给李伟打电话", "remind"),
]


def _check(message: str, action: str, listed: str | None) -> None:
    found = intent(message)
    assert found.action == action, message
    if listed is not None:
        assert found.rest == listed, message


@pytest.mark.parametrize(("message", "action", "listed"), WRITTEN)
def test_questions_about_me_written(message: str, action: str, listed: str | None) -> None:
    _check(message, action, listed)


@pytest.mark.parametrize(("message", "action", "listed"), HELD_OUT)
def test_questions_about_me_held_out(message: str, action: str, listed: str | None) -> None:
    _check(message, action, listed)


@pytest.mark.parametrize(("message", "action"), OTHERS)
def test_other_messages_keep_their_intent(message: str, action: str) -> None:
    assert intent(message).action == action


def _setup(lib: Path, user: str) -> None:
    chat(["remember that I prefer short answers", "remember that my editor is Li Wei"],
         library=lib, user=user, now=DAY1)
    chat(["remind me to call Li on 2026-12-01"], library=lib, user=user, now=DAY1)


@pytest.mark.parametrize("question", [
    "what do you remember about me?", "你记得关于我的哪些事情？", "what do you know about me",
    "你都记住了我什么",
])
def test_chat_lists_memories_with_when_and_where(lib: Path, question: str) -> None:
    _setup(lib, "mia")
    [reply] = replies(chat([question], library=lib, user="mia", now=DAY2))
    assert reply["type"] == "history" and reply["about"] == "memories"
    assert reply["citations"] == []
    assert "記住" not in reply["answer"] and "advertising" not in reply["answer"]
    listed = reply["listed"]
    texts = [m["text"] for m in listed]
    assert any("short" in t.lower() for t in texts)
    assert any("Li Wei" in t for t in texts)
    for m in listed:
        assert m["stored_at"].startswith("2026-11-18")
        assert m["conversation_id"] is not None
        assert m["text"] in reply["answer"]
    assert "2026-11-18" in reply["answer"]
    first = listed[0]["conversation_id"]
    assert str(first) in reply["answer"]
    # the short-answers memory and the reminder were stored in different sessions
    assert len({m["conversation_id"] for m in listed}) == 2


@pytest.mark.parametrize("question", ["what are my reminders?", "我有哪些提醒？"])
def test_chat_lists_reminders(lib: Path, question: str) -> None:
    _setup(lib, "noa")
    [reply] = replies(chat([question], library=lib, user="noa", now=DAY2))
    assert reply["type"] == "history" and reply["about"] == "reminders"
    assert reply["citations"] == []
    assert [m["text"] for m in reply["listed"]] == ["call Li"]
    assert "2026-12-01" in reply["answer"]
    assert "short" not in reply["answer"].lower()


def test_nothing_remembered_is_said_not_searched(lib: Path) -> None:
    [en, zh] = replies(chat(["what do you remember about me?", "你记得关于我的哪些事情？"],
                            library=lib, user="ola", now=DAY1))
    assert en["about"] == zh["about"] == "memories"
    assert en["citations"] == zh["citations"] == []
    assert en["listed"] == zh["listed"] == []
    assert "nothing" in en["answer"].lower()
    assert "没有" in zh["answer"]


def test_listing_is_not_stored_as_a_turn(lib: Path) -> None:
    """The listing copies memory text; it is not kept in the conversation."""
    _setup(lib, "pia")
    chat(["what do you remember about me?"], library=lib, user="pia", now=DAY2)
    [history] = replies(chat(["what did I ask you?"], library=lib, user="pia", now=DAY2))
    assert "remember about me" not in history["answer"]
