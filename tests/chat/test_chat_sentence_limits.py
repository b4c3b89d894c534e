"""Issue 8, "applying preferences": length as "at most N sentences" (N in 1..10).

"three sentences at most", "最多三句话", "keep it to one sentence", "回答不超过4句" are
one preference on the ("answer", "length") slot with the value "max:N", shown as "Keep
answers to at most N sentences"; "short" stays at most 2. A newer length preference
supersedes the older one, in either language.

The extractive answers of the fixture library hold at most three sentences, so the
end-to-end tests here lengthen each answer composed by three uncited sentences of its own
(``longer``): the limit must cut them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import ponder.chat.answering as answering
from ponder.chat.prefs import Setting, phrase, requests_in, settings_in

from .chat_helpers import GPT5, answer_sentences, chat, memories, replies, the_answer

DAY1 = "2026-11-18T10:00:00+00:00"
DAY2 = "2026-11-19T10:00:00+00:00"
DAY3 = "2026-11-20T10:00:00+00:00"


@pytest.mark.parametrize(("message", "value"), [
    ("three sentences at most", "max:3"),
    ("最多三句话", "max:3"),
    ("keep it to one sentence", "max:1"),
    ("回答不超过4句", "max:4"),
    ("最多一句话", "max:1"),
    ("no more than 10 sentences please", "max:10"),
    ("回答短一点，最多两句话", "short"),
    ("keep answers short", "short"),
])
def test_a_number_of_sentences_is_read(message: str, value: str) -> None:
    assert requests_in(message) == [Setting("answer", "length", value)]


def test_the_memory_text_reads_back_as_the_same_setting() -> None:
    for n in (1, 3, 4, 10):
        setting = Setting("answer", "length", f"max:{n}")
        assert settings_in(phrase(setting)) == [setting]
    assert phrase(Setting("answer", "length", "max:1")) == "Keep answers to at most 1 sentence"
    assert phrase(Setting("answer", "length", "max:3")) == "Keep answers to at most 3 sentences"



EXTRA_ZH = "这是补充的第一句。这是补充的第二句。这是补充的第三句。"


@pytest.fixture
def longer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every answer chat composes gets three more (uncited) sentences."""
    real = answering.ask

    def ask(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        return found if found.abstained else replace(found, answer=found.answer + EXTRA_ZH)

    monkeypatch.setattr(answering, "ask", ask)


@pytest.mark.usefixtures("longer")
def test_at_most_three_then_one_sentence(lib: Path) -> None:
    plain = the_answer(chat([GPT5], library=lib, user="lan", now=DAY1))
    assert len(answer_sentences(plain["answer"])) > 3  # so the preference has work to do
    said, three = replies(chat(["three sentences at most", GPT5], library=lib, user="rui",
                               now=DAY1))
    assert said["type"] == "statement" and said["citations"] == []
    assert three["type"] == "answer" and len(answer_sentences(three["answer"])) == 3  # not 2


@pytest.mark.usefixtures("longer")
def test_a_newer_length_supersedes_the_older_in_either_language(lib: Path) -> None:
    chat(["remember that answers should be three sentences at most"], library=lib,
         user="sam", now=DAY1)
    assert [m["text"] for m in memories(lib, "sam")] == ["Keep answers to at most 3 sentences"]
    three = the_answer(chat([GPT5], library=lib, user="sam", now=DAY2))
    assert len(answer_sentences(three["answer"])) == 3
    assert [m["text"] for m in three["memories"]] == ["Keep answers to at most 3 sentences"]
    chat(["记住：回答最多一句话"], library=lib, user="sam", now=DAY2)
    assert [m["text"] for m in memories(lib, "sam")] == ["Keep answers to at most 1 sentence"]
    one = the_answer(chat([GPT5], library=lib, user="sam", now=DAY3))
    assert len(answer_sentences(one["answer"])) == 1 and one["citations"]
    chat(["remember that I like short answers"], library=lib, user="sam", now=DAY3)
    assert [m["text"] for m in memories(lib, "sam")] == [
        "Keep answers short (at most 2 sentences)"]


@pytest.mark.usefixtures("longer")
def test_at_most_one_sentence_in_chinese_gives_exactly_one(lib: Path) -> None:
    said, answer = replies(chat(["最多一句话", GPT5], library=lib, user="song", now=DAY1))
    assert said["type"] == "statement"
    assert answer["type"] == "answer" and len(answer_sentences(answer["answer"])) == 1
