"""More scenarios across sessions (issue 8), the Chinese half: controls said in Chinese, as
a Chinese-speaking user would say them, over the same library. Sessions and assertions as in
``test_chat_scenarios_more.py``: the session checked last runs in its own process.
"""

from __future__ import annotations

import re
from pathlib import Path

from .chat_helpers import GPT5, MUSK, chat, memories, passage_text, status
from .test_chat_scenarios_more import (
    DAY1,
    DAY2,
    DAY3,
    DAY4,
    answer_of,
    bullets,
    marks,
    memory_cmd,
    nothing_stored,
    scan,
    sentence_count,
    session,
    texts_and_kinds,
)

AGI = "奥特曼怎么看AGI？"  # three sentences from three passages without a preference
SORA = "Sora是什么？"
MARKETING = "When does the marketing team meet?"


# Common characters written differently in the two scripts (simplified, traditional)
_SIMPLIFIED = "们这说会为时个来发国过还没么后与开关问对"
_TRADITIONAL = "們這說會為爲時個來發國過還沒麼後與開關問對"


def script_of(text: str) -> str | None:
    """"traditional" or "simplified" when the text outside 「quotes」 uses only that
    script's forms of the common characters that differ (and some), else None."""
    outside = re.sub(r"「[^」]*」", "", text)
    simplified = any(c in outside for c in _SIMPLIFIED)
    traditional = any(c in outside for c in _TRADITIONAL)
    if simplified != traditional:
        return "simplified" if simplified else "traditional"
    return None


def quotes_exact(lib: Path, answer: dict[str, object]) -> bool:
    return all(quote and quote in passage for quote, passage in passage_text(lib, answer))


def test_short_in_chinese_keeps_two_sentences(lib: Path) -> None:
    session(["记住回答简短一点"], lib, "mei", DAY1)
    before = answer_of([AGI], lib, "lan", DAY2, process=False)
    assert sentence_count(before["answer"]) >= 3
    after = answer_of([AGI], lib, "mei", DAY2)
    assert 1 <= sentence_count(after["answer"]) <= 2 and len(after["citations"]) <= 2
    assert [m["text"] for m in after["memories"]] == ["Keep answers short (at most 2 sentences)"]


def test_bullets_in_chinese_one_citation_each(lib: Path) -> None:
    session(["记住用要点列出"], lib, "mei", DAY1)
    answer = answer_of([AGI], lib, "mei", DAY2)
    items = bullets(answer["answer"])
    assert len(items) >= 2 and all(len(marks(item)) == 1 for item in items)
    assert answer["answer"].startswith("- ")


def test_citations_off_then_on_in_chinese(lib: Path) -> None:
    session(["记住回答时不要引用"], lib, "mei", DAY1)
    hidden = answer_of([MUSK], lib, "mei", DAY2, process=False)
    assert marks(hidden["answer"]) == [] and hidden["citations"]
    again = session(["记住显示引用"], lib, "mei", DAY3)
    assert "replaces #1" in again[0]["answer"]
    shown = answer_of([MUSK], lib, "mei", DAY4)
    assert marks(shown["answer"]) and shown["citations"]


def test_traditional_script_applied_outside_quotes(lib: Path) -> None:
    session(["记住我更喜欢用繁体中文回答"], lib, "mei", DAY1)
    answer = answer_of([GPT5], lib, "mei", DAY2)
    assert script_of(answer["answer"]) == "traditional"
    assert quotes_exact(lib, answer)  # quotes stay exact substrings of the passages
    assert [m["text"] for m in answer["memories"]] == ["Answer in traditional Chinese"]


def test_simplified_replaces_traditional(lib: Path) -> None:
    session(["记住用繁體中文回答"], lib, "mei", DAY1)
    later = session(["记住以后改用简体中文回答"], lib, "mei", DAY2)
    assert "replaces #1" in later[0]["answer"]
    answer = answer_of([GPT5], lib, "mei", DAY3)
    assert script_of(answer["answer"]) == "simplified"
    assert [m["text"] for m in answer["memories"]] == ["Answer in simplified Chinese"]
    assert [(m["text"], m["superseded_by"]) for m in memories(lib, "mei", history=True)] == [
        ("Answer in traditional Chinese", 2), ("Answer in simplified Chinese", None)]


def test_formal_then_casual_tone_in_chinese(lib: Path) -> None:
    session(["记住用正式一点的语气"], lib, "mei", DAY1)
    formal = answer_of([SORA], lib, "mei", DAY2, process=False)
    assert formal["answer"].startswith("根据文档：")
    session(["记住语气随意一点"], lib, "mei", DAY3)
    casual = answer_of([SORA], lib, "mei", DAY4)
    assert casual["answer"].startswith("我找到的是这些：")
    assert [m["text"] for m in casual["memories"]] == ["Use a casual tone"]


def test_english_lead_in_for_a_chinese_question(lib: Path) -> None:
    session(["记住用英文回答"], lib, "mei", DAY1)
    answer = answer_of([GPT5], lib, "mei", DAY2)
    assert answer["answer"].startswith("The documents (in Chinese) say:")
    assert answer["language"] == "en" and quotes_exact(lib, answer)


def test_chinese_answer_for_an_english_question_with_formal_tone(lib: Path) -> None:
    session(["记住用中文回答", "记住用正式一点的语气"], lib, "mei", DAY1)
    answer = answer_of([MARKETING], lib, "mei", DAY2)
    assert answer["answer"].startswith("根据文档（英文）：") and answer["language"] == "zh"
    assert "Tuesday" in answer["answer"]


def test_interest_in_chinese_is_listed(lib: Path) -> None:
    session(["记住我对开源感兴趣", GPT5], lib, "mei", DAY1)
    assert texts_and_kinds(lib, "mei") == [("对开源感兴趣", "topic")]
    listed = answer_of(["你记得关于我的哪些事情？"], lib, "mei", DAY2)
    assert listed["type"] == "history" and listed["citations"] == []
    assert "(兴趣) 对开源感兴趣" in listed["answer"] and "对话 1" in listed["answer"]


def test_forget_in_chinese_leaves_no_byte_behind(lib: Path) -> None:
    session(["记住我的储物柜密码是4512", GPT5], lib, "mei", DAY1)
    assert scan(lib, "4512")
    done = session(["忘掉我的储物柜密码"], lib, "mei", DAY2, "--yes")
    assert done[0]["receipt"]["memory_rows"] == 1
    listed = answer_of(["你记得关于我的哪些事情？"], lib, "mei", DAY3)
    assert listed["answer"].startswith("我没有存储关于你的记忆")
    assert scan(lib, "4512") == [] and scan(lib, "储物柜") == []


def test_denied_health_refuses_medication_in_chinese(lib: Path) -> None:
    session(["不要记住我的健康状况"], lib, "mei", DAY1)
    out = session(["记住我的降压药是氨氯地平", "记住我的编辑叫李伟"], lib, "mei", DAY2,
                  process=True)
    assert "deny pattern" in out[0]["answer"] and out[1]["type"] == "remember"
    assert [t for t, _ in texts_and_kinds(lib, "mei")] == ["我的编辑叫李伟"]
    assert scan(lib, "氨氯地平") == []


def test_deny_in_chinese_forgets_what_was_stored(lib: Path) -> None:
    session(["记住我的降压药是氨氯地平", GPT5], lib, "mei", DAY1)
    denied = answer_of(["不要记住任何关于健康的事"], lib, "mei", DAY2)
    assert denied["type"] == "deny" and "Forgot 1 memories" in denied["answer"]
    assert memories(lib, "mei", history=True) == []
    assert scan(lib, "氨氯地平") == [] and scan(lib, "降压药") == []


def test_memory_off_in_chinese(lib: Path) -> None:
    session(["记住只要两句话"], lib, "mei", DAY1)
    memory_cmd(lib, "mei", "off")
    out = session(["记住我的编辑叫斑马公司李伟", AGI], lib, "mei", DAY2, process=True)
    assert "memory is off" in out[0]["answer"]
    assert out[1]["memories"] == [] and sentence_count(out[1]["answer"]) >= 3
    memory_cmd(lib, "mei", "on")
    assert [m["text"] for m in memories(lib, "mei")] == ["Keep answers short (at most 2 sentences)"]
    assert status(lib, "mei")["turns"] == 2
    assert scan(lib, "斑马公司") == []


def test_incognito_in_chinese(lib: Path) -> None:
    memory_cmd(lib, "mei", "learn", "on")
    out = session(["记住用繁体中文回答", "我是斑马公司的记者", GPT5], lib, "mei", DAY1,
                  "--incognito", process=True)
    assert "Incognito" in out[0]["answer"]
    assert script_of(out[2]["answer"]) == "traditional"  # for this session only
    assert nothing_stored(lib, "mei") and scan(lib, "斑马公司") == []
    later = answer_of([GPT5], lib, "mei", DAY2, process=False)
    assert script_of(later["answer"]) == "simplified" and later["memories"] == []
    assert memories(lib, "mei") == []


def test_forget_everything_in_chinese(lib: Path) -> None:
    session(["记住我的编辑叫斑马公司李伟", "记住用要点列出", GPT5], lib, "mei", DAY1)
    session(["记住我对开源感兴趣"], lib, "lan", DAY1)
    done = session(["忘掉关于我的一切"], lib, "mei", DAY2, "--yes")
    assert done[0]["answer"].startswith("已忘掉关于你的一切：2 条记忆")
    listed = answer_of(["你记得关于我的哪些事情？"], lib, "mei", DAY3)
    assert listed["answer"].startswith("我没有存储关于你的记忆")
    assert scan(lib, "斑马公司") == []
    assert [m["text"] for m in memories(lib, "lan")] == ["对开源感兴趣"]


def test_prose_replaces_bullets_in_chinese(lib: Path) -> None:
    session(["记住用要点列出"], lib, "mei", DAY1)
    listed = answer_of([AGI], lib, "mei", DAY2, process=False)
    assert bullets(listed["answer"])
    later = session(["记住不要用列表"], lib, "mei", DAY3)
    assert "replaces #1" in later[0]["answer"]
    prose = answer_of([AGI], lib, "mei", DAY4)
    assert bullets(prose["answer"]) == [] and sentence_count(prose["answer"]) >= 2


def test_reminder_in_chinese_shown_the_next_day(lib: Path) -> None:
    first = session(["提醒我明天给李伟打电话"], lib, "mei", DAY1)
    assert first[0]["type"] == "remind" and "2026-12-02" in first[0]["answer"]
    due = chat(["你好"], library=lib, user="mei", now=DAY2, process=True)
    assert due[0]["type"] == "reminders" and len(due[0]["reminders"]) == 1
    assert chat(["你好"], library=lib, user="mei", now=DAY3)[0]["type"] == "smalltalk"


def test_learned_traditional_preference_in_chinese(lib: Path) -> None:
    memory_cmd(lib, "mei", "learn", "on")
    first = chat(["请用繁體中文回答"], library=lib, user="mei", now=DAY1)
    learned = [m for o in first if o["type"] == "learned" for m in o["memories"]]
    assert [(m["text"], m["tier"]) for m in learned] == [
        ("Answer in traditional Chinese", "inferred")]
    answer = answer_of([GPT5], lib, "mei", DAY2)
    assert script_of(answer["answer"]) == "traditional"


def test_forget_that_in_chinese(lib: Path) -> None:
    out = session(["记住用要点列出", "忘掉刚才那个"], lib, "mei", DAY1, "--yes")
    assert out[1]["receipt"]["memory_rows"] == 1
    answer = answer_of([AGI], lib, "mei", DAY2)
    assert bullets(answer["answer"]) == [] and answer["memories"] == []
