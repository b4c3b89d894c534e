"""Scenarios across sessions: each session is its own ``ponder chat`` run, and state lives only
in the library file. The clock is moved between sessions with ``PONDER_NOW``. Sessions run
in-process; the first scenario runs each session in its own process, to show that the
state survives the process.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .chat_helpers import (
    FULL,
    GPT5,
    MUSK,
    SUMMARY,
    chat,
    cited_files,
    memories,
    passage_text,
    replies,
    run,
    status,
)

DAY1 = "2026-11-18T10:00:00+00:00"  # a Wednesday
DAY2 = "2026-11-19T10:00:00+00:00"
NEXT_WEEK = "2026-11-26T10:00:00+00:00"


def learn_on(lib: Path, user: str) -> None:
    assert run("memory", "learn", "on", "--user", user, library=lib).returncode == 0


def test_preference_learned_in_one_session_is_applied_in_the_next(lib: Path) -> None:
    learn_on(lib, "ann")
    first = chat(["Please answer in traditional Chinese"], library=lib, user="ann", now=DAY1,
                 process=True)
    assert first[0]["type"] == "statement"
    assert first[1]["type"] == "learned"
    [learned] = first[1]["memories"]
    assert (learned["text"], learned["tier"], learned["reason"]) == (
        "Answer in traditional Chinese", "inferred", "stated preference")
    [answer] = replies(chat([GPT5], library=lib, user="ann", now=DAY2, process=True))
    assert "什麼" in answer["answer"] and "什么" not in answer["answer"]
    assert [(m["id"], m["text"], m["kind"], m["tier"]) for m in answer["memories"]] == [
        (learned["id"], "Answer in traditional Chinese", "preference", "inferred")]
    for quote, passage in passage_text(lib, answer):
        assert quote and quote in passage  # quotes stay exact, never converted


def test_newer_preference_wins_and_history_is_kept(lib: Path) -> None:
    chat(["remember that I prefer answers in traditional Chinese"], library=lib, user="ann",
         now=DAY1)
    second = chat(["remember to answer in simplified Chinese"], library=lib, user="ann",
                  now=DAY2)
    assert "replaces #1" in second[0]["answer"]
    [answer] = replies(chat([GPT5], library=lib, user="ann", now=NEXT_WEEK))
    assert "什么" in answer["answer"]
    assert [m["text"] for m in answer["memories"]] == ["Answer in simplified Chinese"]
    history = memories(lib, "ann", history=True)
    assert [(m["text"], m["valid_to"], m["superseded_by"]) for m in history] == [
        ("Answer in traditional Chinese", DAY2, 2), ("Answer in simplified Chinese", None, None)]
    listed = run("memory", "list", "--history", "--user", "ann", library=lib)
    assert "traditional" in listed.stdout and "→ #2" in listed.stdout


def test_forget_then_probe(lib: Path) -> None:
    chat(["remember that my locker code is 4512", GPT5], library=lib, user="ann", now=DAY1)
    assert [m["text"] for m in memories(lib, "ann")] == ["My locker code is 4512"]
    unsure = chat(["forget my locker code"], library=lib, user="ann", now=DAY2)
    assert unsure[0]["receipt"] is None and unsure[0]["plan"]["memories"]
    assert [m["text"] for m in memories(lib, "ann")] == ["My locker code is 4512"]
    done = chat(["forget my locker code"], library=lib, user="ann", now=DAY2, args=("--yes",))
    receipt = done[0]["receipt"]
    assert receipt["memory_rows"] == 1 and receipt["turns"] >= 2
    assert memories(lib, "ann", history=True) == []
    probe = run("memory", "recall", "locker code", "--user", "ann", "--json", library=lib)
    assert probe.stdout.strip() == "[]"
    [history] = replies(chat(["what did I ask you before?"], library=lib, user="ann",
                             now=NEXT_WEEK))
    assert "4512" not in history["answer"] and GPT5 in history["answer"]
    db = sqlite3.connect(lib / "library.sqlite")
    rows = db.execute("SELECT text FROM turns UNION ALL SELECT text FROM memories").fetchall()
    db.close()
    assert not any("4512" in r[0] for r in rows)


def test_memory_off_nothing_stored_nothing_recalled(lib: Path) -> None:
    chat(["remember that I prefer answers in traditional Chinese"], library=lib, user="ann")
    learn_on(lib, "ann")
    assert run("memory", "off", "--user", "ann", library=lib).returncode == 0
    out = replies(chat(["remember that my editor is Li Wei", "I am a journalist", GPT5],
                       library=lib, user="ann", now=DAY1))
    assert "memory is off" in out[0]["answer"]
    assert out[2]["memories"] == [] and "什么" in out[2]["answer"]
    assert run("memory", "on", "--user", "ann", library=lib).returncode == 0
    assert [m["text"] for m in memories(lib, "ann")] == ["Answer in traditional Chinese"]
    assert status(lib, "ann")["turns"] == 2  # the first session's, none of the second's


def test_incognito_stores_nothing(lib: Path) -> None:
    learn_on(lib, "ann")
    out = replies(chat(["remember that my editor is Li Wei", "Please answer in English",
                        "I am a journalist", GPT5, "remind me to call Li tomorrow"],
                       library=lib, user="ann", now=DAY1, args=("--incognito",)))
    assert "Incognito" in out[0]["answer"] and "Incognito" in out[4]["answer"]
    assert out[3]["answer"].startswith("The documents (in Chinese) say:") or \
        out[3]["abstained"] is False
    data = status(lib, "ann")
    assert (data["saved"], data["inferred"], data["conversations"], data["turns"]) == (0, 0, 0, 0)


def test_deny_list(lib: Path) -> None:
    learn_on(lib, "ann")
    out = replies(chat(["remember that my health insurance is with AXA",
                        "don't remember anything about my health",
                        "remember that my health is fine",
                        "I am a journalist covering health policy"],
                       library=lib, user="ann", now=DAY1))
    assert "Forgot 1 memories" in out[1]["answer"]
    assert "deny pattern" in out[2]["answer"]
    assert memories(lib, "ann", history=True) == []
    denied = run("memory", "deny", "--list", "--user", "ann", library=lib)
    assert "health" in denied.stdout
    db = sqlite3.connect(lib / "library.sqlite")
    texts = [r[0] for r in db.execute("SELECT text FROM turns WHERE user = 'ann'")]
    db.close()
    assert texts and not any("health" in t.lower() for t in texts)


def test_lesson_applied_later(lib: Path) -> None:
    learn_on(lib, "ann")
    first = chat([GPT5, "no, cite the full interview, not the summary"], library=lib, user="ann",
                 now=DAY1)
    before, again = replies(first)
    assert SUMMARY in cited_files(before)
    assert cited_files(again) == {FULL} and not again["abstained"]
    [lesson] = [m for o in first if o["type"] == "learned" for m in o["memories"]]
    assert (lesson["kind"], lesson["reason"]) == ("lesson", "correction")
    [later] = replies(chat([GPT5], library=lib, user="ann", now=NEXT_WEEK))
    assert cited_files(later) == {FULL}
    assert [m["kind"] for m in later["memories"]] == ["lesson"]
    bob = replies(chat([GPT5], library=lib, user="bob", now=NEXT_WEEK))[0]
    assert SUMMARY in cited_files(bob)  # ann's lesson is ann's only


def test_reminder_shown_at_the_next_session_start(lib: Path) -> None:
    first = chat(["remind me to call Li Wei tomorrow"], library=lib, user="ann", now=DAY1)
    assert first[0]["type"] == "remind" and "2026-11-19" in first[0]["answer"]
    same_day = chat(["hi"], library=lib, user="ann", now="2026-11-18T18:00:00+00:00")
    assert same_day[0]["type"] == "smalltalk"
    due = chat(["hi"], library=lib, user="ann", now=DAY2)
    assert due[0]["type"] == "reminders"
    assert [r["text"] for r in due[0]["reminders"]] == ["call Li Wei"]
    assert chat(["hi"], library=lib, user="bob", now=DAY2)[0]["type"] == "smalltalk"
    assert chat(["hi"], library=lib, user="ann", now=NEXT_WEEK)[0]["type"] == "smalltalk"
    text = run("chat", "--user", "ann", library=lib, stdin="",
               env={"PONDER_NOW": NEXT_WEEK})
    assert "Reminders due" not in text.stdout


def test_per_user_isolation_through_chat(lib: Path) -> None:
    learn_on(lib, "ann")
    chat(["remember that my locker code is 4512", "Please answer in traditional Chinese", GPT5],
         library=lib, user="ann", now=DAY1)
    bob = replies(chat(["what did I ask you before?", GPT5, "what is my locker code?",
                        "forget my locker code"],
                       library=lib, user="bob", now=DAY2, args=("--yes",)))
    assert "no record" in bob[0]["answer"]
    assert bob[1]["memories"] == [] and "什么" in bob[1]["answer"]
    assert "4512" not in str(bob)
    assert bob[3]["plan"]["memories"] == []  # only bob's own turn that mentions it goes
    assert {t["user"] for t in bob[3]["plan"]["turns"]} == {"bob"}
    assert [m["text"] for m in memories(lib, "ann")] == [
        "My locker code is 4512", "Answer in traditional Chinese"]
    assert memories(lib, "bob") == []


def test_what_did_i_ask_last_week(lib: Path) -> None:
    chat([GPT5, "remember that my editor is Li Wei"], library=lib, user="ann", now=DAY1)
    chat([MUSK], library=lib, user="ann", now=NEXT_WEEK)
    out = replies(chat(["what did I ask you about last week?", "我上周问了你什么？",
                        "what did I ask you yesterday?", "what did I ask you on 2026-11-18?"],
                       library=lib, user="ann", now="2026-11-27T09:00:00+00:00"))
    week, zh, yesterday, on_day = out
    assert week["type"] == "history" and week["citations"] == []
    assert GPT5 in week["answer"] and MUSK not in week["answer"]
    assert "Li Wei" not in week["answer"]  # controls are not questions
    assert GPT5 in zh["answer"] and zh["answer"].startswith("你上周")
    assert MUSK in yesterday["answer"] and GPT5 not in yesterday["answer"]
    assert GPT5 in on_day["answer"]


def test_listing_with_provenance(lib: Path) -> None:
    learn_on(lib, "ann")
    chat(["I am a journalist writing about OpenAI. What did Altman say about GPT-5?"],
         library=lib, user="ann", now=DAY1)
    [fact] = memories(lib, "ann")
    assert (fact["kind"], fact["tier"], fact["reason"], fact["extractor"]) == (
        "fact", "inferred", "stated fact", "rule")
    assert fact["quote"] == "I am a journalist writing about OpenAI."
    assert fact["conversation_id"] == 1 and fact["turn_id"] == 1
    assert fact["created_at"] == DAY1
    table = run("memory", "list", "--user", "ann", library=lib, env={"COLUMNS": "250"}).stdout
    assert "rule, conv 1 turn 1" in table and "stated fact" in table


def test_clear_for_one_user_leaves_others(lib: Path) -> None:
    for user in ("ann", "bob"):
        chat([f"remember that my name is {user}", GPT5], library=lib, user=user, now=DAY1)
    cleared = run("memory", "clear", "--yes", "--user", "ann", library=lib)
    assert cleared.returncode == 0
    assert memories(lib, "ann") == [] and status(lib, "ann")["turns"] == 0
    assert [m["text"] for m in memories(lib, "bob")] == ["My name is bob"]
    assert status(lib, "bob")["turns"] == 4
    [history] = replies(chat(["what did I ask you before?"], library=lib, user="bob"))
    assert GPT5 in history["answer"]


def test_model_junk_in_chat_stores_nothing(lib: Path, tmp_path: Path) -> None:
    learn_on(lib, "ann")
    script = tmp_path / "replies.json"
    script.write_text('["this is { not json", "Sure! Short answers it is."]', encoding="utf-8")
    out = chat(["Please answer in traditional Chinese", "keep answers short"], library=lib,
               user="ann", args=("--backend", "scripted"), env={"PONDER_MODEL_PATH": str(script)})
    notes = [n for o in out if o["type"] == "learned" for n in o["notes"]]
    assert len(notes) == 2 and all("not the JSON" in n for n in notes)
    assert memories(lib, "ann") == []


def test_scripted_forget_without_yes_deletes_nothing_and_says_how(lib: Path) -> None:
    chat(["remember that my locker code is 4512"], library=lib, user="ann")
    result = run("chat", "--user", "ann", library=lib, stdin="forget my locker code\n")
    assert result.returncode == 0
    assert "memory #1" in result.stderr and "--yes" in result.stderr
    assert "Nothing was deleted" in result.stdout


def test_text_output_lists_references_and_used_memories(lib: Path) -> None:
    chat(["remember that I prefer short answers"], library=lib, user="ann")
    result = run("chat", "--user", "ann", library=lib, stdin=f"{GPT5}\n")
    assert result.returncode == 0, result.stderr
    assert "References" in result.stdout
    assert "000_" in result.stdout or "002_" in result.stdout
    assert "Used memories: #1 Keep answers short (at most 2 sentences)" in result.stdout


def test_english_preferred_for_a_chinese_question(lib: Path) -> None:
    chat(["remember that I want answers in English"], library=lib, user="ann", now=DAY1)
    [answer] = replies(chat([GPT5], library=lib, user="ann", now=DAY2))
    assert answer["answer"].startswith("The documents (in Chinese) say:")
    assert answer["language"] == "en"
    assert [m["text"] for m in answer["memories"]] == ["Answer in English"]
    for quote, passage in passage_text(lib, answer):
        assert quote in passage


def test_ask_recalls_memories_and_incognito_learns_nothing(lib: Path) -> None:
    learn_on(lib, "ann")
    chat(["keep answers short", "use bullet points"], library=lib, user="ann", now=DAY1)
    result = run("ask", MUSK, "--user", "ann", "--json", library=lib, now=DAY2)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {m["text"] for m in answer["memories"]} == {
        "Keep answers short (at most 2 sentences)", "Use bullet points"}
    assert answer["answer"].startswith("- ") and len(answer["answer"].split("\n")) <= 2
    hidden = run("ask", f"I am a journalist. {MUSK}", "--user", "ann", "--incognito",
                 library=lib, now=DAY2)
    assert hidden.returncode == 0 and "Used memories:" in hidden.stdout
    assert [m["kind"] for m in memories(lib, "ann")] == ["preference", "preference"]
    seen = run("ask", f"I am a journalist. {MUSK}", "--user", "ann", library=lib, now=DAY2)
    assert "learned" in seen.stdout
    fact = [m for m in memories(lib, "ann") if m["kind"] == "fact"]
    assert [(m["text"], m["conversation_id"]) for m in fact] == [("I am a journalist", None)]
    assert status(lib, "ann")["turns"] == 4  # ask stores no conversation
    other = json.loads(run("ask", GPT5, "--user", "bob", "--json", library=lib).stdout)
    assert other["memories"] == []
