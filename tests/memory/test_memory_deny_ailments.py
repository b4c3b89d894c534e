"""Issue 8 (new-user trial): with "health" denied, "I have a cold" was stored while
我感冒了 was refused. Common illnesses and symptoms are words of the health topic in both
languages (fitted on ``deny_topics_tuning.jsonl``, judged on ``deny_topics_heldout.jsonl``;
``python tests/memory/deny_measure.py`` prints both), and words as often about something
else ("cold brew", a computer virus) stay out."""

from __future__ import annotations

import pytest

from ponder.memory import MemoryStore
from ponder.memory.deny import DenyList, DenyPattern


def _match(pattern: str, text: str) -> str | None:
    return DenyList([DenyPattern(pattern, "")]).first_match([text])


@pytest.mark.parametrize("pattern", ["health", "健康"])
@pytest.mark.parametrize("text", [
    "I have a cold", "我感冒了", "I have the flu", "我得了流感", "I've had a cough all week",
    "我咳嗽一个星期了", "I have a sore throat", "我喉咙痛", "my back hurts", "我腰疼",
    "I keep throwing up", "我拉肚子了",
])
def test_an_illness_is_on_the_health_topic_in_either_language(pattern: str, text: str) -> None:
    assert _match(pattern, text) == pattern


@pytest.mark.parametrize("text", [
    "I like cold weather", "I drink cold brew every morning", "my laptop has a virus",
    "今天外面很冷", "我的电脑中了病毒", "I prefer short answers",
])
def test_words_that_are_often_about_something_else_stay_out(text: str) -> None:
    assert _match("health", text) is None


def test_a_cold_is_refused_as_its_chinese_is(store: MemoryStore) -> None:
    store.deny("dana", "health")
    english = store.remember("dana", "I have a cold")
    chinese = store.remember("dana", "我感冒了")
    assert english.status == chinese.status == "denied"
    assert store.list("dana") == []
