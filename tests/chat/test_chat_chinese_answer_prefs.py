"""Issue 8, defect 4 (part): length, format and citations on or off, asked for in Chinese as
in English, are read as preferences; hidden citations leave the text, not the answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.answer import Answer, Citation
from ponder.answer.sentences import CITE
from ponder.chat.prefs import Setting, phrase, requests_in
from ponder.chat.style import Style, restyle

from .chat_helpers import GPT5, chat, memories, replies

DAY1 = "2026-11-18T10:00:00+00:00"
DAY2 = "2026-11-19T10:00:00+00:00"


@pytest.mark.parametrize(("sentence", "setting"), [
    ("只要两句话", ("answer", "length", "short")),
    ("用两句话回答", ("answer", "length", "short")),
    ("回答不超过兩句話", ("answer", "length", "short")),
    ("简短回答", ("answer", "length", "short")),
    ("at most two sentences", ("answer", "length", "short")),
    ("用要点列出", ("answer", "format", "bullets")),
    ("bullet points", ("answer", "format", "bullets")),
    ("不要引用", ("citations", "show", "off")),
    ("回答时不用引用", ("citations", "show", "off")),
    ("no citations", ("citations", "show", "off")),
    ("don't cite sources", ("citations", "show", "off")),
    ("请显示引用", ("citations", "show", "on")),
    ("show citations", ("citations", "show", "on")),
])
def test_answer_preference_requests(sentence: str, setting: tuple[str, str, str]) -> None:
    assert [(s.subject, s.slot, s.value) for s in requests_in(sentence)] == [setting]


def test_cite_briefly_is_still_the_citation_style() -> None:
    assert [(s.slot, s.value) for s in requests_in("cite briefly, titles only")] == [
        ("style", "brief")]


def test_hidden_citations_leave_the_text_but_stay_in_the_answer() -> None:
    citations = [Citation(n, n, 1, "doc.txt", "Doc", None, 0, 9, 0, 9, f"quote {n}")
                 for n in (1, 2)]
    answer = Answer("q", "奥特曼说他不知道[1]。今年会发布新模型 [2]。", False, "extractive", 0.1,
                    citations, language="zh")
    style = Style.from_settings([Setting("citations", "show", "off")])
    shaped = restyle(answer, style)
    assert shaped.answer == "奥特曼说他不知道。今年会发布新模型。"
    assert [c.n for c in shaped.citations] == [1, 2]
    assert phrase(Setting("citations", "show", "off")) == "Hide citation marks in answers"
    on = Style.from_settings([Setting("citations", "show", "off"),
                              Setting("citations", "show", "on")])
    assert restyle(answer, on).answer == answer.answer


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_short_answer_keeps_the_citation_of_the_quote_it_cut(lang: str) -> None:
    """Cut to two sentences, a three-sentence quote still cites its passage, and hidden
    marks leave the citation in the answer (found trying it as a new user: --json had
    "citations": [])."""
    [citation] = [Citation(1, 1, 1, "doc.txt", "Doc", None, 0, 9, 0, 9, "quote")]
    text = ("第一句话。第二句话。第三句话。[1]" if lang == "zh"
            else "First sentence here. Second one there. Third one too. [1]")
    answer = Answer("q", text, False, "extractive", 0.1, [citation], language=lang)
    short = restyle(answer, Style.from_settings([Setting("answer", "length", "short")]))
    assert short.answer == ("第一句话。第二句话。[1]" if lang == "zh"
                            else "First sentence here. Second one there. [1]")
    assert [c.n for c in short.citations] == [1]
    hidden = restyle(answer, Style.from_settings([Setting("answer", "length", "short"),
                                                  Setting("citations", "show", "off")]))
    assert not CITE.search(hidden.answer) and [c.n for c in hidden.citations] == [1]


def test_remembered_no_citations_hides_marks_in_the_next_session(lib: Path) -> None:
    chat(["记住回答时不要引用"], library=lib, user="mei", now=DAY1)
    assert [(m["text"], m["kind"]) for m in memories(lib, "mei")] == [
        ("Hide citation marks in answers", "preference")]
    [answer] = replies(chat([GPT5], library=lib, user="mei", now=DAY2))
    assert answer["citations"] and not CITE.search(answer["answer"])
    assert [m["text"] for m in answer["memories"]] == ["Hide citation marks in answers"]


def test_remembered_two_sentences_in_chinese_keeps_answers_short(lib: Path) -> None:
    chat(["记住只要两句话"], library=lib, user="mei", now=DAY1)
    assert [m["text"] for m in memories(lib, "mei")] == [
        "Keep answers short (at most 2 sentences)"]
