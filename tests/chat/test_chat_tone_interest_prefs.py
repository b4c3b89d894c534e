"""Issue 8, defect 4 and "Applying preferences": tone ("be more formal", "用正式一点的语气",
"casual") is an answer preference that sets the lead-in's wording; interests ("I'm interested
in AI safety", "我对开源感兴趣") are stored as topics; the answer language preference sets
the lead-in's language. A newer preference on the same slot replaces the older one, whichever
language either was said in."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.answer import Answer, Citation
from ponder.chat.learn import parse_proposals
from ponder.chat.prefs import Setting, phrase, requests_in, settings_in
from ponder.chat.statements import proposals
from ponder.chat.style import Style, restyle

from .chat_helpers import GPT5, chat, memories, replies

DAY1 = "2026-11-18T10:00:00+00:00"
DAY2 = "2026-11-19T10:00:00+00:00"
DAY3 = "2026-11-20T10:00:00+00:00"


@pytest.mark.parametrize(("sentence", "value"), [
    ("be more formal", "formal"),
    ("please use a formal tone", "formal"),
    ("answer formally", "formal"),
    ("用正式一点的语气", "formal"),
    ("请正式一点", "formal"),
    ("語氣正式一點", "formal"),
    ("casual", "casual"),
    ("keep it casual", "casual"),
    ("be less formal", "casual"),
    ("用轻松一点的语气", "casual"),
    ("语气随意一点", "casual"),
    ("不要太正式", "casual"),
])
def test_tone_requests(sentence: str, value: str) -> None:
    assert [(s.subject, s.slot, s.value) for s in requests_in(sentence)] == [
        ("answer", "tone", value)]


@pytest.mark.parametrize("sentence", [
    "what is a formal proof?", "GPT-5正式发布是什么时候？", "is casual Friday a thing?",
    "I'm interested in AI safety",
])
def test_not_tone_requests(sentence: str) -> None:
    assert [s for s in requests_in(sentence) if s.slot == "tone"] == []


def test_tone_phrases_read_back_as_the_same_setting() -> None:
    for value in ("formal", "casual"):
        setting = Setting("answer", "tone", value)
        assert settings_in(phrase(setting)) == [setting]


@pytest.mark.parametrize(("message", "text", "slot"), [
    ("I'm interested in AI safety", "Interested in AI safety", "ai safety"),
    ("I am really interested in open-source models.", "Interested in open-source models",
     "open-source models"),
    ("我对开源感兴趣", "对开源感兴趣", "开源"),
    ("我對開源很感興趣。", "对开源感兴趣", "开源"),
    ("我很关注人工智能安全", "对人工智能安全感兴趣", "人工智能安全"),
])
def test_interests_are_topics(message: str, text: str, slot: str) -> None:
    [p] = proposals(message)
    assert (p.text, p.kind, p.subject, p.slot) == (text, "topic", "topic", slot)


def test_a_models_interest_is_stored_as_the_rules_store_it() -> None:
    message = "I'm interested in AI safety. Be more formal, please."
    reply = ('[{"kind": "fact", "text": "User likes AI safety", '
             '"quote": "I\'m interested in AI safety"}, {"kind": "preference", '
             '"text": "formal tone", "quote": "Be more formal, please."}]')
    found = parse_proposals(reply, message)
    assert found is not None
    assert [(p.text, p.kind, p.slot) for p in found] == [
        ("Interested in AI safety", "topic", "ai safety"),
        ("Use a formal tone", "preference", "tone")]


def _answer(text: str, language: str) -> Answer:
    citation = Citation(1, 1, 1, "doc.txt", "Doc", None, 0, 9, 0, 9, "quote")
    return Answer("q", text, False, "extractive", 0.1, [citation], language=language)


@pytest.mark.parametrize(("text", "language", "tone", "expected"), [
    ("Altman said so [1].", "en", "formal", "According to the documents: Altman said so [1]."),
    ("Altman said so [1].", "en", "casual", "Here's what I found: Altman said so [1]."),
    ("奥特曼这么说[1]。", "zh", "formal", "根据文档：奥特曼这么说[1]。"),
    ("奥特曼这么说[1]。", "zh", "casual", "我找到的是这些：奥特曼这么说[1]。"),
    ("The documents (in Chinese) say: 奥特曼这么说[1]。", "en", "formal",
     "According to the documents (in Chinese): 奥特曼这么说[1]。"),
    ("文档（英文）中写道： Altman said so [1].", "zh", "casual",
     "我在文档（英文）里找到的是： Altman said so [1]."),
])
def test_tone_sets_the_lead_in(text: str, language: str, tone: str, expected: str) -> None:
    style = Style.from_settings([Setting("answer", "tone", tone)])
    assert restyle(_answer(text, language), style).answer == expected


def test_formal_then_casual_in_chinese_replaces_it_across_sessions(lib: Path) -> None:
    first = chat(["remember to use a formal tone"], library=lib, user="mei", now=DAY1)
    assert first[0]["remembered"][0]["memory"]["text"] == "Use a formal tone"
    [formal] = replies(chat([GPT5], library=lib, user="mei", now=DAY2))
    assert formal["answer"].startswith("根据文档：") and not formal["abstained"]
    second = chat(["记住用轻松一点的语气"], library=lib, user="mei", now=DAY2)
    assert "replaces #1" in second[0]["answer"]
    [casual] = replies(chat([GPT5], library=lib, user="mei", now=DAY3))
    assert casual["answer"].startswith("我找到的是这些：")
    assert [m["text"] for m in casual["memories"]] == ["Use a casual tone"]


def test_answer_language_sets_the_lead_in_language(lib: Path) -> None:
    chat(["记住用英文回答"], library=lib, user="mei", now=DAY1)
    [english] = replies(chat([GPT5], library=lib, user="mei", now=DAY2))
    assert english["answer"].startswith("The documents (in Chinese) say:")
    assert english["language"] == "en"
    again = chat(["remember to answer in Chinese"], library=lib, user="mei", now=DAY2)
    assert "replaces #1" in again[0]["answer"]
    [chinese] = replies(chat([GPT5], library=lib, user="mei", now=DAY3))
    assert not chinese["answer"].startswith("The documents") and chinese["language"] == "zh"


def test_stated_interest_is_listed_as_a_topic(lib: Path) -> None:
    chat(["remember that I'm interested in AI safety", "记住我对开源感兴趣"], library=lib,
         user="mei", now=DAY1)
    assert [(m["text"], m["kind"]) for m in memories(lib, "mei")] == [
        ("Interested in AI safety", "topic"), ("对开源感兴趣", "topic")]
    [listed] = replies(chat(["你记得关于我的哪些事情？"], library=lib, user="mei", now=DAY2))
    assert "(兴趣) 对开源感兴趣" in listed["answer"]
    assert "(兴趣) Interested in AI safety" in listed["answer"]
