"""Issue 8, the second new-user trial (chat controls said in other words): reminders asked
for without "remind me", relative dates ("in two weeks", "on the 15th", 下个月五号), and
"remember"/"forget"/"forget everything" said another way were sent to the documents or
stored wrong. Each is driven through ``ponder chat`` with ``PONDER_NOW``."""

from __future__ import annotations

from pathlib import Path

import pytest

from .chat_helpers import chat, memories, replies

SET = "2026-12-01T09:00:00+00:00"  # a Tuesday


@pytest.mark.parametrize(("said", "task", "due"), [
    ("set a reminder for Dec 24: buy gifts", "buy gifts", "2026-12-24"),
    ("ping me next Friday to call Li", "call Li", "2026-12-11"),
    ("don't let me forget to pay rent on the 15th", "pay rent", "2026-12-15"),
    ("remind me in two weeks to renew insurance", "renew insurance", "2026-12-15"),
    ("下个月五号提醒我还信用卡", "还信用卡", "2027-01-05"),
])
def test_reminders_in_other_words_and_relative_dates(lib: Path, said: str, task: str,
                                                     due: str) -> None:
    [reply] = replies(chat([said], library=lib, user="kai", now=SET))
    assert reply["type"] == "remind", reply
    assert {m["text"]: str(m["due_at"])[:10] for m in memories(lib, "kai")} == {task: due}


@pytest.mark.parametrize(("said", "stored"), [
    ("记下来：我老婆生日是五月二号", "我老婆生日是五月二号"),
    ("以后要记得我是左撇子", "我是左撇子"),
    ("for future reference, my office is in room 512", "my office is in room 512"),
])
def test_remember_in_other_words(lib: Path, said: str, stored: str) -> None:
    [reply] = replies(chat([said], library=lib, user="kai", now=SET))
    assert reply["type"] == "remember", reply
    assert [m["text"].lower() for m in memories(lib, "kai")] == [stored.lower()]


def test_forget_names_the_memory_without_the_words_around_it(lib: Path) -> None:
    chat(["记住我的车牌是浙A12345", "记住我喜欢喝茶"], library=lib, user="kai", now=SET)
    chat(["把我车牌那条删掉"], library=lib, user="kai", now=SET, args=("--yes",))
    assert [m["text"] for m in memories(lib, "kai")] == ["我喜欢喝茶"]


@pytest.mark.parametrize("said", ["clear my memory", "start fresh, delete all my data"])
def test_forget_everything_in_other_words_asks_first(lib: Path, said: str) -> None:
    chat(["remember that my cat is called Miso"], library=lib, user="kai", now=SET)
    [reply] = replies(chat([said], library=lib, user="kai", now=SET))
    assert reply["type"] == "forget", reply
    assert [m["text"] for m in memories(lib, "kai")]  # only asked: nothing gone yet
