"""The chat's rules on their own: intents, dates, preferences, statements, lessons, styling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ponder.answer import Answer, Citation
from ponder.chat import (
    Setting,
    Style,
    due_date,
    intent,
    parse_proposals,
    period,
    proposals,
    requests_in,
    restyle,
    source_rule,
)
from ponder.chat.learn import topic_terms
from ponder.chat.statements import rest_of

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday


@pytest.mark.parametrize(("message", "action", "rest"), [
    ("remember that my editor is Li Wei", "remember", "my editor is Li Wei"),
    ("记住我的编辑是李伟", "remember", "我的编辑是李伟"),
    ("forget my locker code", "forget", "my locker code"),
    ("忘记我的储物柜密码", "forget", "储物柜密码"),
    ("don't remember anything about my health", "deny", "my health"),
    ("不要记住我的健康状况", "deny", "我的健康状况"),
    ("remind me to call Li on 2026-12-01", "remind", "call Li on 2026-12-01"),
    ("提醒我明天给李伟打电话", "remind", "明天给李伟打电话"),
    ("what did I ask you about last week?", "history", None),
    ("我上周问了你什么？", "history", None),
    ("thanks!", "smalltalk", None),
    ("好的", "smalltalk", None),
    ("Hi, what is GPT-5?", "question", None),
    ("What did Altman say about GPT-5?", "question", None),
])
def test_intents(message: str, action: str, rest: str | None) -> None:
    found = intent(message)
    assert found.action == action
    if rest is not None:
        assert found.rest == rest


@pytest.mark.parametrize(("text", "task", "due"), [
    ("call Li on 2026-12-01", "call Li", datetime(2026, 12, 1, tzinfo=UTC)),
    ("call Li tomorrow", "call Li", datetime(2026, 11, 21, tzinfo=UTC)),
    ("call Li tomorrow at 3pm", "call Li", datetime(2026, 11, 21, 15, tzinfo=UTC)),
    ("call Li next Monday", "call Li", datetime(2026, 11, 23, tzinfo=UTC)),
    ("call Li in 3 days", "call Li", datetime(2026, 11, 23, tzinfo=UTC)),
    ("明天给李伟打电话", "给李伟打电话", datetime(2026, 11, 21, tzinfo=UTC)),
    ("下周一交稿", "交稿", datetime(2026, 11, 23, tzinfo=UTC)),
    ("3天后交稿", "交稿", datetime(2026, 11, 23, tzinfo=UTC)),
    ("在2026年12月1日交稿", "交稿", datetime(2026, 12, 1, tzinfo=UTC)),
    ("water the plants", "water the plants", None),
])
def test_due_dates_relative_to_the_clock(text: str, task: str, due: datetime | None) -> None:
    found = due_date(text, NOW)
    assert (found.task, found.at) == (task, due)


def test_days_start_in_the_clocks_time_zone() -> None:
    beijing = datetime(2026, 11, 20, 23, 30, tzinfo=timezone(timedelta(hours=8)))
    assert due_date("call Li tomorrow", beijing).at == datetime(
        2026, 11, 21, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize(("text", "since", "until"), [
    ("what did I ask you about last week?", "2026-11-09", "2026-11-16"),
    ("我上周问了你什么？", "2026-11-09", "2026-11-16"),
    ("what did I ask yesterday?", "2026-11-19", "2026-11-20"),
    ("what did I ask last month?", "2026-10-01", "2026-11-01"),
    ("what did I ask you on 2026-11-02?", "2026-11-02", "2026-11-03"),
    ("我昨天问了什么", "2026-11-19", "2026-11-20"),
])
def test_periods(text: str, since: str, until: str) -> None:
    found = period(text, NOW)
    assert found is not None
    assert (found.since.date().isoformat(), found.until.date().isoformat()) == (since, until)


@pytest.mark.parametrize(("sentence", "settings"), [
    ("please answer in traditional Chinese", [("answer", "script", "traditional")]),
    ("用繁體中文回答", [("answer", "script", "traditional")]),
    ("Please answer in English.", [("answer", "language", "en")]),
    ("请用英文回答", [("answer", "language", "en")]),
    ("keep answers short", [("answer", "length", "short")]),
    ("回答简短一点", [("answer", "length", "short")]),
    ("use bullet points", [("answer", "format", "bullets")]),
    ("I prefer short answers in bullet points",
     [("answer", "length", "short"), ("answer", "format", "bullets")]),
    ("cite briefly, titles only", [("citations", "style", "brief")]),
    ("write a short summary of the interview", []),
    ("What is short selling?", []),
    ("用要点列出奥特曼的观点", []),
    ("English grammar rules", []),
])
def test_preference_requests(sentence: str, settings: list[tuple[str, str, str]]) -> None:
    assert [(s.subject, s.slot, s.value) for s in requests_in(sentence)] == settings


def test_statements_and_what_is_left_to_answer() -> None:
    message = "I am a journalist writing about OpenAI. Please answer in English. " + \
        "What did Altman say about GPT-5?"
    found = proposals(message)
    assert [(p.kind, p.reason, p.subject, p.slot) for p in found] == [
        ("fact", "stated fact", "user", "role"),
        ("preference", "stated preference", "answer", "language"),
    ]
    assert found[0].quote == "I am a journalist writing about OpenAI."
    assert rest_of(message) == "What did Altman say about GPT-5?"
    assert proposals("I am not sure what GPT-5 is") == []
    assert proposals("I am a bit confused") == []
    assert proposals("我是一名记者，正在写关于OpenAI的报道")[0].kind == "fact"


@pytest.mark.parametrize("text", [
    "no, cite the full interview, not the summary",
    "Cite the full interview rather than the summary",
    "don't cite the summary, cite the full interview",
])
def test_lessons_about_sources(text: str) -> None:
    found = proposals(text)
    assert [(p.kind, p.reason, p.subject) for p in found] == [("lesson", "correction", "sources")]
    rule = source_rule(found[0].text)
    assert rule is not None and "full interview" in rule.prefer and "summary" in rule.avoid


def test_a_reversed_lesson_has_the_same_slot() -> None:
    a = proposals("no, cite the full interview, not the summary")[0]
    b = proposals("no, cite the summary, not the full interview")[0]
    assert (a.subject, a.slot) == (b.subject, b.slot)
    assert proposals("Is it GPT-5, not GPT-4?") == []
    zh = proposals("不对，应该引用完整的采访，而不是摘要")
    assert [p.kind for p in zh] == ["lesson"]


def _answer(text: str, cited: int, language: str = "zh") -> Answer:
    citations = [Citation(n, n, 1, "doc.txt", "Doc", None, 0, 9, 0, 9, f"quote {n}")
                 for n in range(1, cited + 1)]
    return Answer("q", text, False, "extractive", 0.1, citations, language=language)


ZH = "奥特曼说他不知道[1]。但他透露今年会发布新模型[2]。这个模型还没有命名[3]。"


def test_short_keeps_two_sentences_and_renumbers_citations() -> None:
    shaped = restyle(_answer("其一[1]。其二[3]。其三[2]。", 3), Style(length="short"))
    assert shaped.answer == "其一[1]。其二[2]。"
    assert [(c.n, c.quote) for c in shaped.citations] == [(1, "quote 1"), (2, "quote 3")]


def test_bullets_one_sentence_each() -> None:
    shaped = restyle(_answer(ZH, 3), Style(format="bullets"))
    assert shaped.answer.split("\n") == [
        "- 奥特曼说他不知道[1]。", "- 但他透露今年会发布新模型[2]。", "- 这个模型还没有命名[3]。"]


def test_traditional_script_never_changes_quotes() -> None:
    shaped = restyle(_answer(ZH, 3), Style(script="traditional"))
    assert shaped.answer.startswith("奧特曼說他不知道[1]。但他透露今年會發布新模型")
    assert [c.quote for c in shaped.citations] == ["quote 1", "quote 2", "quote 3"]
    quoted = "The documents (in Chinese) say: 「奥特曼说他不知道。」[1]"
    assert restyle(_answer(quoted, 1, "en"), Style(script="traditional")).answer == quoted


def test_style_later_settings_win_and_script_means_chinese() -> None:
    style = Style.from_settings([Setting("answer", "language", "en"),
                                 Setting("answer", "script", "traditional")])
    assert (style.language, style.script) == ("zh", "traditional")


def test_model_output_parser_is_tolerant_and_strict_about_quotes() -> None:
    message = "Please answer in traditional Chinese. I am a journalist."
    reply = ('Sure! [{"kind": "preference", "text": "answer in traditional chinese", '
             '"quote": "Please answer in traditional Chinese"}, '
             '{"kind": "fact", "text": "The user loves advertising", "quote": "loves ads"}]')
    found = parse_proposals(reply, message)
    assert found is not None
    assert [(p.kind, p.text, p.slot) for p in found] == [
        ("preference", "Answer in traditional Chinese", "script")]
    for junk in ["", "junk {not json", "[1, 2", '{"kind": 3}', "null", "I cannot do that."]:
        assert not parse_proposals(junk, message)


def test_topic_terms_are_names_and_content_words() -> None:
    assert topic_terms("GPT-5什么时候发布？") == ["GPT-5"]
    assert topic_terms("What did Altman say about GPT-5 and OpenAI?") == [
        "Altman", "GPT-5", "OpenAI"]
