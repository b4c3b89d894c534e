"""More scenarios across sessions (issue 8), in English; ``test_chat_scenarios_more_zh.py``
has their Chinese half.

Each session is its own ``ponder chat --json`` run against the same library file, with the
clock moved between sessions by ``PONDER_NOW``; nothing carries over but the file. In every
scenario the session whose output is checked last runs as a separate process
(``process=True``); the sessions that set it up run in this process (``CliRunner``), which
keeps the 30-odd scenarios to a few minutes on two shared cores. Every assertion is on what
a user sees: the answer text (lead-in, script, sentences, bullets, citation marks), the
citations in ``--json``, the memories listed, the status counts, and a byte scan of every
file under the library folder after a forget, a deny, memory off or incognito.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ponder.answer.sentences import CITE, split_sentences
from ponder.chat.intents import refers_back
from ponder.text.normalize import matching_form

from .chat_helpers import chat, memories, replies, run, status

DAY1 = "2026-12-01T09:00:00+00:00"  # a Tuesday
DAY2 = "2026-12-02T09:00:00+00:00"
DAY3 = "2026-12-03T09:00:00+00:00"
DAY4 = "2026-12-10T09:00:00+00:00"

MARKETING = "When does the marketing team meet?"  # answered from the English notes
GPT5_EN = "What did Altman say about GPT-5?"  # answered in English from Chinese documents
UNKNOWN = "What is PEP 657?"  # not in this library: the documents don't say
LEAD_INS = ("The documents (in Chinese) say:", "文档（英文）中写道：", "According to the documents",
            "Here's what I found", "根据文档", "我找到的是这些：", "我在文档（英文）里找到的是：")


# ---- what a user sees ----------------------------------------------------------------------


def session(lines: list[str], lib: Path, user: str, now: str, *args: str,
            process: bool = False) -> list[dict[str, Any]]:
    """One session's replies (not the reminders or learning events it printed)."""
    return replies(chat(lines, library=lib, user=user, now=now, args=args, process=process))


def answer_of(lines: list[str], lib: Path, user: str, now: str, *args: str,
              process: bool = True) -> dict[str, Any]:
    """The reply to the last line of a session (by default a session in its own process)."""
    out = session(lines, lib, user, now, *args, process=process)
    assert out, "the session printed no reply"
    return out[-1]


def body(text: str) -> str:
    """The answer without its lead-in."""
    for lead in LEAD_INS:
        if text.startswith(lead):
            return text.split("：", 1)[1] if lead.endswith("：") else text.split(":", 1)[1]
    return text


def sentence_count(text: str) -> int:
    return len([s for s in split_sentences(body(text).replace("\n- ", " ").lstrip("- "))
                if re.search(r"\w", s.text)])


def bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


def marks(text: str) -> list[str]:
    return [m.group() for m in CITE.finditer(text)]


def texts_and_kinds(lib: Path, user: str) -> list[tuple[str, str]]:
    return [(m["text"], m["kind"]) for m in memories(lib, user)]


def scan(lib: Path, marker: str) -> list[str]:
    """Every file under the library folder whose bytes hold ``marker`` (or its matching form)."""
    forms = {marker.encode("utf-8"), matching_form(marker).encode("utf-8")}
    return sorted(str(p.relative_to(lib)) for p in lib.rglob("*")
                  if p.is_file() and any(f in p.read_bytes() for f in forms))


def nothing_stored(lib: Path, user: str) -> bool:
    data = status(lib, user)
    return (data["saved"], data["inferred"], data["conversations"], data["turns"]) == (0, 0, 0, 0)


def memory_cmd(lib: Path, user: str, *args: str) -> None:
    result = run("memory", *args, "--user", user, library=lib)
    assert result.returncode == 0, result.stderr


# ---- the scenarios -------------------------------------------------------------------------


def test_short_answers_remembered_then_kept_next_week(lib: Path) -> None:
    session(["remember that I prefer short answers"], lib, "ann", DAY1)
    before = answer_of([GPT5_EN], lib, "bob", DAY4)
    assert sentence_count(before["answer"]) >= 3  # what the question gets without it
    after = answer_of([GPT5_EN], lib, "ann", DAY4)
    assert 1 <= sentence_count(after["answer"]) <= 2 and len(after["citations"]) <= 2
    assert [m["text"] for m in after["memories"]] == ["Keep answers short (at most 2 sentences)"]


def test_bullets_one_citation_each(lib: Path) -> None:
    session(["remember to use bullet points"], lib, "ann", DAY1)
    answer = answer_of([GPT5_EN], lib, "ann", DAY2)
    items = bullets(answer["answer"])
    assert len(items) >= 2 and all(len(marks(item)) == 1 for item in items)
    assert answer["answer"].startswith("The documents (in Chinese) say:\n- ")


def test_citations_hidden_then_shown_again(lib: Path) -> None:
    session(["remember: no citations"], lib, "ann", DAY1)
    hidden = answer_of([MARKETING], lib, "ann", DAY2, process=False)
    assert marks(hidden["answer"]) == [] and hidden["citations"]
    assert "Tuesday" in hidden["answer"]
    again = session(["remember to show citations"], lib, "ann", DAY3)
    assert "replaces #1" in again[0]["answer"]
    shown = answer_of([MARKETING], lib, "ann", DAY4)
    assert marks(shown["answer"]) == ["[1]"]
    assert [m["text"] for m in shown["memories"]] == ["Show citation marks in answers"]


def test_formal_then_casual_tone(lib: Path) -> None:
    session(["remember to use a formal tone"], lib, "ann", DAY1)
    formal = answer_of([MARKETING], lib, "ann", DAY2, process=False)
    assert formal["answer"].startswith("According to the documents: The marketing team")
    session(["remember: be casual"], lib, "ann", DAY3)
    casual = answer_of([MARKETING], lib, "ann", DAY4)
    assert casual["answer"].startswith("Here's what I found: The marketing team")
    assert [m["text"] for m in casual["memories"]] == ["Use a casual tone"]
    assert [m["text"] for m in memories(lib, "ann", history=True)] == [
        "Use a formal tone", "Use a casual tone"]


def test_chinese_answers_preferred_for_an_english_question(lib: Path) -> None:
    session(["remember to answer in Chinese"], lib, "ann", DAY1)
    answer = answer_of([MARKETING], lib, "ann", DAY2)
    assert answer["answer"].startswith("文档（英文）中写道：") and answer["language"] == "zh"
    assert "Tuesday" in answer["answer"]  # the quote itself stays as written


def test_stated_interest_is_listed_with_its_conversation(lib: Path) -> None:
    session(["remember that I'm interested in AI safety", MARKETING], lib, "ann", DAY1)
    listed = answer_of(["what do you remember about me?"], lib, "ann", DAY2)
    assert listed["type"] == "history" and listed["citations"] == []
    assert "(topic) Interested in AI safety" in listed["answer"]
    assert "conversation 1" in listed["answer"] and "2026-12-01 09:00" in listed["answer"]


def test_forget_a_fact_leaves_no_byte_behind(lib: Path) -> None:
    session(["remember that my locker code is 4512", MARKETING], lib, "ann", DAY1)
    assert scan(lib, "4512")  # the scan sees it while it is stored
    done = session(["forget my locker code"], lib, "ann", DAY2, "--yes")
    assert done[0]["receipt"]["memory_rows"] == 1
    listed = answer_of(["what do you remember about me?"], lib, "ann", DAY3)
    assert "I have nothing stored about you" in listed["answer"]
    assert scan(lib, "4512") == [] and scan(lib, "locker") == []


def test_denied_topic_is_never_stored_in_other_words(lib: Path) -> None:
    session(["don't remember anything about my health"], lib, "ann", DAY1)
    refused = answer_of(["remember that my blood pressure medication is lisinopril",
                         "remember that my editor is Sam"], lib, "ann", DAY2, process=False)
    assert refused["type"] == "remember"
    out = session(["remember that my blood pressure medication is lisinopril"], lib, "ann",
                  DAY3, process=True)
    assert "deny pattern 'health'" in out[0]["answer"]
    assert texts_and_kinds(lib, "ann") == [("My editor is Sam", "fact")]
    assert scan(lib, "lisinopril") == [] and scan(lib, "blood pressure") == []


def test_deny_after_the_fact_forgets_it(lib: Path) -> None:
    session(["remember that my blood pressure medication is lisinopril", MARKETING], lib,
            "ann", DAY1)
    denied = answer_of(["never store anything about health"], lib, "ann", DAY2)
    assert denied["type"] == "deny" and "Forgot 1 memories" in denied["answer"]
    assert memories(lib, "ann", history=True) == []
    assert scan(lib, "lisinopril") == []


def test_memory_off_stores_and_applies_nothing(lib: Path) -> None:
    session(["remember that I prefer short answers"], lib, "ann", DAY1)
    memory_cmd(lib, "ann", "off")
    out = session(["remember that my editor is Zebracorp Sam", GPT5_EN], lib, "ann", DAY2,
                  process=True)
    assert "memory is off" in out[0]["answer"]
    assert out[1]["memories"] == [] and sentence_count(out[1]["answer"]) >= 3
    memory_cmd(lib, "ann", "on")
    assert [m["text"] for m in memories(lib, "ann")] == ["Keep answers short (at most 2 sentences)"]
    assert status(lib, "ann")["turns"] == 2  # the first session's, none of the second's
    assert scan(lib, "Zebracorp") == []


def test_incognito_applies_what_is_said_and_keeps_nothing(lib: Path) -> None:
    memory_cmd(lib, "ann", "learn", "on")
    out = session(["remember that my editor is Zebracorp Sam", "be more formal", MARKETING],
                  lib, "ann", DAY1, "--incognito", process=True)
    assert "Incognito" in out[0]["answer"]
    assert out[2]["answer"].startswith("According to the documents:")  # for this session
    assert nothing_stored(lib, "ann")
    assert scan(lib, "Zebracorp") == [] and scan(lib, "formal") == []
    later = answer_of([MARKETING], lib, "ann", DAY2, process=False)
    assert later["answer"].startswith("The marketing team") and later["memories"] == []
    assert memories(lib, "ann") == []


def test_detailed_answers_replace_short_ones(lib: Path) -> None:
    session(["remember that I prefer short answers"], lib, "ann", DAY1)
    short = answer_of([GPT5_EN], lib, "ann", DAY2, process=False)
    assert sentence_count(short["answer"]) <= 2
    again = session(["remember to give detailed answers"], lib, "ann", DAY3)
    assert "replaces #1" in again[0]["answer"]
    long = answer_of([GPT5_EN], lib, "ann", DAY4)
    assert sentence_count(long["answer"]) >= 3
    assert [m["text"] for m in long["memories"]] == ["Give detailed answers"]


def test_learned_preference_applies_next_session(lib: Path) -> None:
    memory_cmd(lib, "ann", "learn", "on")
    first = chat(["Please use bullet points"], library=lib, user="ann", now=DAY1)
    learned = [m for o in first if o["type"] == "learned" for m in o["memories"]]
    assert [(m["text"], m["tier"]) for m in learned] == [("Use bullet points", "inferred")]
    answer = answer_of([GPT5_EN], lib, "ann", DAY2)
    assert len(bullets(answer["answer"])) >= 2


@pytest.mark.parametrize(("rest", "back"), [
    ("that", True), ("it", True), ("what I just said", True), ("刚才那个", True), ("这个", True),
    ("my locker code", False), ("我的储物柜密码", False), ("that I prefer short answers", False),
])
def test_forget_that_is_read_as_a_pointer_back(rest: str, back: bool) -> None:
    """What the session needs to forget what it stored last (the scenario below)."""
    assert refers_back(rest) is back


def test_forget_that_drops_the_preference_for_later_sessions(lib: Path) -> None:
    out = session(["remember to use bullet points", "forget that"], lib, "ann", DAY1, "--yes")
    assert out[1]["receipt"]["memory_rows"] == 1
    answer = answer_of([GPT5_EN], lib, "ann", DAY2)
    assert bullets(answer["answer"]) == [] and answer["memories"] == []
    assert memories(lib, "ann", history=True) == []


def test_forget_a_named_preference_stops_it_next_session(lib: Path) -> None:
    session(["remember to use bullet points", GPT5_EN], lib, "ann", DAY1)
    out = session(["forget bullet points"], lib, "ann", DAY2, "--yes")
    assert out[0]["receipt"]["memory_rows"] == 1
    answer = answer_of([GPT5_EN], lib, "ann", DAY3)
    assert bullets(answer["answer"]) == [] and answer["memories"] == []
    assert memories(lib, "ann", history=True) == []


def test_forget_everything_then_a_fresh_start(lib: Path) -> None:
    session(["remember that my editor is Zebracorp Sam", "remember to use a formal tone",
             MARKETING], lib, "ann", DAY1)
    session(["remember that I'm interested in AI safety"], lib, "bob", DAY1)
    done = session(["forget everything"], lib, "ann", DAY2, "--yes")
    assert done[0]["answer"].startswith("Forgot everything about you: 2 memories")
    fresh = answer_of([MARKETING, "what do you remember about me?"], lib, "ann", DAY3)
    assert "I have nothing stored about you" in fresh["answer"]
    assert scan(lib, "Zebracorp") == []
    assert [m["text"] for m in memories(lib, "bob")] == ["Interested in AI safety"]


def test_reminder_due_next_day_is_shown_once(lib: Path) -> None:
    first = session(["remind me to email Sam tomorrow"], lib, "ann", DAY1)
    assert "2026-12-02" in first[0]["answer"]
    due = chat(["hi"], library=lib, user="ann", now=DAY2, process=True)
    assert due[0]["type"] == "reminders"
    assert [r["text"] for r in due[0]["reminders"]] == ["email Sam"]
    assert chat(["hi"], library=lib, user="ann", now=DAY3)[0]["type"] == "smalltalk"


def test_one_users_tone_is_not_anothers(lib: Path) -> None:
    session(["remember to use a formal tone", "remember that I prefer short answers"], lib,
            "ann", DAY1)
    bob = answer_of([MARKETING], lib, "bob", DAY2)
    assert bob["answer"].startswith("The marketing team") and bob["memories"] == []
    ann = answer_of([MARKETING], lib, "ann", DAY2, process=False)
    assert ann["answer"].startswith("According to the documents:")
    assert {m["text"] for m in ann["memories"]} == {
        "Use a formal tone", "Keep answers short (at most 2 sentences)"}
