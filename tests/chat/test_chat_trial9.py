"""The third trial of chat (issue 9): defects found in one chat session, each run end to
end through ``ponder chat --json``."""

from __future__ import annotations

from pathlib import Path

from .chat_helpers import GPT5, chat, memories, replies

DAY = "2026-12-11T10:00:00+00:00"
GPT5_EN = "When will GPT-5 be released?"


def _preferences(library: Path, user: str) -> list[str]:
    return sorted(m["text"] for m in memories(library, user) if m["kind"] == "preference")


def _used(reply: dict[str, object]) -> list[str]:
    found = reply["memories"]
    assert isinstance(found, list)
    return [m["text"] for m in found]


def test_a_newer_preference_applies_at_once_in_the_same_session(lib: Path) -> None:
    """(a) "remember prose" after "remember bullets" replaced #1 in the store, but the
    next answer of the same session was still bulleted (the session kept the older one)."""
    said = replies(chat(["remember I prefer bullet lists", "remember that I prefer prose",
                         GPT5], library=lib, user="newest", now=DAY))
    assert "replaces #1" in said[1]["answer"]
    assert "Use bullet points" not in _used(said[2])
    assert "\n- " not in said[2]["answer"]
    said = replies(chat(["记住 我喜欢要点", "记住 其实我更想要段落", GPT5], library=lib,
                        user="newest_zh", now=DAY))
    assert "Use bullet points" not in _used(said[2])
    assert "\n- " not in said[2]["answer"]


def test_the_answer_language_follows_the_newest_request_at_once(lib: Path) -> None:
    """(b) The language lagged one switch behind within a session."""
    said = replies(chat(["answer in English", "记住以后用中文回答我", GPT5_EN,
                         "remember to answer in English", GPT5], library=lib, user="lang",
                        now=DAY))
    assert said[2]["type"] == "answer" and said[4]["type"] == "answer"
    assert said[2]["language"] == "zh"
    assert "Answer in English" not in _used(said[2])
    assert said[4]["language"] == "en"
    assert "Answer in Chinese" not in _used(said[4])


def test_remember_and_from_now_on_keep_a_preference_for_later_sessions(lib: Path) -> None:
    """(c) "actually, remember that …" and "from now on …" / "going forward" / "以后…"
    were noted for the session only; they ask for the preference to last."""
    said = replies(chat(["actually, remember that I want paragraphs instead"], library=lib,
                        user="last", now=DAY))
    assert said[0]["type"] == "remember" and "Remembered" in said[0]["answer"]
    assert _preferences(lib, "last") == ["Answer in prose, without bullet points"]
    said = replies(chat(["from now on answer me in Chinese"], library=lib, user="last2",
                        now=DAY))
    assert "Remembered" in said[0]["answer"] and "this session" not in said[0]["answer"]
    assert _preferences(lib, "last2") == ["Answer in Chinese"]
    chat(["I'd like shorter answers going forward"], library=lib, user="last3", now=DAY)
    assert _preferences(lib, "last3") == ["Keep answers short (at most 2 sentences)"]
    chat(["以后回答简短一点"], library=lib, user="last4", now=DAY)
    assert _preferences(lib, "last4") == ["Keep answers short (at most 2 sentences)"]
    [answer] = replies(chat([GPT5_EN], library=lib, user="last2",
                            now="2026-12-12T10:00:00+00:00"))
    assert answer["language"] == "zh"
    # said for this answer only, nothing is stored
    chat(["answer in English"], library=lib, user="once", now=DAY)
    assert _preferences(lib, "once") == []


def test_a_comparison_with_words_before_the_second_value_keeps_the_first(lib: Path) -> None:
    """(d) "better than long paragraphs" stored the opposite ("Answer in prose"), and
    so did "paragraphs are worse than bullets"."""
    chat(["please remember I like bullet points better than long paragraphs"], library=lib,
         user="cmp", now=DAY)
    assert _preferences(lib, "cmp") == ["Use bullet points"]
    chat(["remember paragraphs are worse than bullets for me"], library=lib, user="cmp2",
         now=DAY)
    assert _preferences(lib, "cmp2") == ["Use bullet points"]
    chat(["remember I prefer bullets to long paragraphs"], library=lib, user="cmp3", now=DAY)
    assert _preferences(lib, "cmp3") == ["Use bullet points"]
    chat(["记住段落不如要点"], library=lib, user="cmp4", now=DAY)
    assert _preferences(lib, "cmp4") == ["Use bullet points"]
