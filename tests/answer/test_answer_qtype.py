"""The answer type a question asks for, in both languages."""

from __future__ import annotations

import pytest

from ponder.answer.qtype import Wants, matches, wants


@pytest.mark.parametrize(("question", "kind"), [
    ("How many smartphones are sold each year?", Wants.NUMBER),
    ("奥特曼估计每年需要多少部芯片？", Wants.NUMBER),
    ("Python 3.11 比 3.10 快多少？", Wants.NUMBER),
    ("When was the talk recorded?", Wants.DATE),
    ("这次访谈是什么时候进行的？", Wants.DATE),
    ("In what year did Guido start Python?", Wants.DATE),
    ("Who first proposed an IAEA for AI?", Wants.PERSON),
    ("这句话是谁说的？", Wants.PERSON),
    ("Why did the board fire Altman?", Wants.REASON),
    ("奥特曼为什么讨厌广告？", Wants.REASON),
    ("What does PEP 657 add to tracebacks?", Wants.FACT),
])
def test_answer_type(question: str, kind: Wants) -> None:
    assert wants(question) is kind


def test_a_sentence_matches_the_type_wanted() -> None:
    none: frozenset[float] = frozenset()
    assert matches(Wants.NUMBER, "需求是30亿部", speaker=None, asked=none, names=False)
    assert not matches(Wants.NUMBER, "Python 3.11 is faster", speaker=None,
                       asked=frozenset({3.11}), names=False)
    assert matches(Wants.DATE, "量子位 2025/2/8 15:36:57", speaker=None, asked=none, names=False)
    assert matches(Wants.PERSON, "我们应该监管。", speaker="奥特曼", asked=none, names=False)
    assert matches(Wants.REASON, "因为它不再有趣了", speaker=None, asked=none, names=False)


@pytest.mark.parametrize("text", [
    "董事会是在周五下午做出决定的。", "我們周一推出了 Deep Research。", "We shipped it on Monday.",
    "我预计到20s末会有强大的系统。", "by the late 2020s", "上午10:30开始", "the 1990s"])
def test_weekdays_times_and_decades_are_dates(text: str) -> None:
    assert matches(Wants.DATE, text, speaker=None, asked=frozenset(), names=False)


def test_day_of_the_week_and_time_questions_want_a_date() -> None:
    assert wants("On which day of the week did OpenAI launch Deep Research?") is Wants.DATE
    assert wants("会议是星期几开的？") is Wants.DATE
    assert wants("At what time does the talk start?") is Wants.DATE
