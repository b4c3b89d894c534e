"""Issue 8 (new-user trial, memory side): deny requests said in the user's own words.

"别记住任何关于我健康的事" stored the pattern '我健康' (no topic), so "记住我有高血压" was
remembered; "请不要记住任何关于我钱的事" stored '我钱' and "记住我欠银行五万块" was kept.
With "don't remember anything about my health", "I take metformin twice a day" stayed in
the turn log verbatim and "I broke my arm skiing" became a memory. Driven end to end:
each line is a chat session of its own, the library is then read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from .chat_helpers import chat, memories, memory_json

DAY1 = "2026-12-01T09:00:00+00:00"
DAY2 = "2026-12-02T09:00:00+00:00"


def _all_bytes(lib: Path) -> bytes:
    return b"".join(p.read_bytes() for p in lib.rglob("*") if p.is_file())


@pytest.mark.parametrize(("deny", "facts"), [
    ("别记住任何关于我健康的事", ["记住我有高血压", "记住我每天吃降压药"]),
    ("请不要记住任何关于我钱的事", ["记住我欠银行五万块", "记住我上个月工资涨了"]),
    ("don't remember anything about my money", ["remember that I owe the bank 5000",
                                                "remember that I borrowed 300 from Sam"]),
    # the second trial: words around the topic ('跟我财务有关的信息', '我健康的东西'),
    # the topic first ('关于我身体状况的事一律别记'), 记着 ('着我搬家的事了')
    ("请别保存任何跟我财务有关的信息", ["记住我欠了银行二十万", "记住我的年薪是三十万"]),
    ("不要记任何关于我健康的东西", ["记住我得了流感", "记住我在吃布洛芬"]),
    ("关于我身体状况的事一律别记", ["记住我有高血压"]),
])
def test_a_possessive_topic_is_denied_as_the_topic(lib: Path, deny: str,
                                                   facts: list[str]) -> None:
    chat([deny], library=lib, user="mei", now=DAY1)
    for fact in facts:
        chat([fact], library=lib, user="mei", now=DAY2)
    assert memories(lib, "mei") == []
    patterns = [d["pattern"] for d in _deny_list(lib)]
    assert patterns and all(not p.startswith(("我", "my ")) for p in patterns), patterns


def _deny_list(lib: Path) -> list[dict[str, str]]:
    data = memory_json("export", library=lib, user="mei")
    return list(data["deny_list"])


def test_medication_and_injuries_are_kept_out_of_memory_and_turns(lib: Path) -> None:
    chat(["don't remember anything about my health"], library=lib, user="dana", now=DAY1)
    chat(["I take metformin twice a day", "remember that I broke my arm skiing",
          "remember that I take metformin twice a day"], library=lib, user="dana", now=DAY2)
    assert memories(lib, "dana") == []
    data = _all_bytes(lib).lower()
    assert b"metformin" not in data
    assert b"skiing" not in data
    assert b"broke my arm" not in data


def test_a_line_off_the_topic_is_still_kept(lib: Path) -> None:
    chat(["别记住任何关于我健康的事"], library=lib, user="mei", now=DAY1)
    chat(["记住我喜欢简短的回答", "remember that my meeting is in April"], library=lib,
         user="mei", now=DAY2)
    assert len(memories(lib, "mei")) == 2


def test_a_deny_said_with_jizhe_forgets_what_it_names(lib: Path) -> None:
    """'别再记着我搬家的事了' stored the pattern '着我搬家的事了' and forgot nothing."""
    chat(["记住我下个月搬家"], library=lib, user="mei", now=DAY1)
    assert [m["text"] for m in memories(lib, "mei")]
    chat(["别再记着我搬家的事了"], library=lib, user="mei", now=DAY2)
    assert memories(lib, "mei") == []
    assert [d["pattern"] for d in _deny_list(lib)] == ["搬家"]


def test_this_or_that_is_never_a_deny_pattern(lib: Path) -> None:
    chat(["这个别记"], library=lib, user="mei", now=DAY1)
    assert _deny_list(lib) == []
