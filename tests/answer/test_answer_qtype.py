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
