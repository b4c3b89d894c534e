"""Issue 8, defect 4: preferences stated in Chinese are read as preferences, as in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.chat.intents import intent
from ponder.chat.prefs import requests_in
from ponder.chat.statements import proposals_in

from .chat_helpers import GPT5, chat, memories, replies

DAY1 = "2026-11-18T10:00:00+00:00"
DAY2 = "2026-11-19T10:00:00+00:00"


@pytest.mark.parametrize(("sentence", "value"), [
    ("我更喜欢用繁体中文回答", "traditional"),
    ("我比较喜欢繁體中文", "traditional"),
    ("请用繁体回答", "traditional"),
    ("以后用繁體中文", "traditional"),
    ("我更喜欢简体中文", "simplified"),
    ("我喜欢简体", "simplified"),
    ("以后改用简体中文回答", "simplified"),
])
def test_chinese_script_requests(sentence: str, value: str) -> None:
    assert [(s.subject, s.slot, s.value) for s in requests_in(sentence)] == [
        ("answer", "script", value)]


@pytest.mark.parametrize("message", [
    "记住我更喜欢用繁体中文回答", "請記住我比較喜歡用繁體中文回答"])
def test_remember_chinese_script_preference_is_a_preference(message: str) -> None:
    said = intent(message)
    assert said.action == "remember"
    [p] = proposals_in(said.rest)
    assert (p.kind, p.text, p.subject, p.slot) == (
        "preference", "Answer in traditional Chinese", "answer", "script")


def test_chinese_script_preference_is_applied_in_the_next_session(lib: Path) -> None:
    first = chat(["记住我更喜欢用繁体中文回答"], library=lib, user="mei", now=DAY1)
    assert first[0]["type"] == "remember"
    assert [(m["text"], m["kind"]) for m in memories(lib, "mei")] == [
        ("Answer in traditional Chinese", "preference")]
    [answer] = replies(chat([GPT5], library=lib, user="mei", now=DAY2))
    assert "什麼" in answer["answer"] and "什么" not in answer["answer"]
    assert [m["text"] for m in answer["memories"]] == ["Answer in traditional Chinese"]


@pytest.mark.parametrize(("deny", "fact"), [
    ("不要记住lisinopril", "记住我的血压药是lisinopril"),
    ("don't remember anything about my password", "remember that my passwords are in the drawer"),
])
def test_denied_term_is_not_remembered_in_either_language(lib: Path, deny: str,
                                                          fact: str) -> None:
    chat([deny], library=lib, user="mei", now=DAY1)
    chat([fact], library=lib, user="mei", now=DAY2)
    assert memories(lib, "mei") == []
