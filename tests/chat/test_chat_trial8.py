"""The second new-user trial of chat (issue 8): defects found by a user with a real
library, each run end to end through ``ponder chat --json``."""

from __future__ import annotations

from pathlib import Path

from .chat_helpers import GPT5, chat, memories, replies

DAY = "2026-12-11T10:00:00+00:00"


def _preferences(library: Path, user: str) -> list[str]:
    return sorted(m["text"] for m in memories(library, user) if m["kind"] == "preference")


def test_a_comparison_stores_the_value_preferred_not_the_one_turned_down(lib: Path) -> None:
    """1. "I like bullet points better than paragraphs" stored "Answer in prose"."""
    chat(["remember that I like bullet points better than paragraphs"], library=lib,
         user="cmp", now=DAY)
    assert _preferences(lib, "cmp") == ["Use bullet points"]
    chat(["记住我讨厌要点"], library=lib, user="cmp2", now=DAY)
    assert _preferences(lib, "cmp2") == ["Answer in prose, without bullet points"]
    chat(["记住比起段落我更喜欢要点"], library=lib, user="cmp3", now=DAY)
    assert _preferences(lib, "cmp3") == ["Use bullet points"]


def test_changing_your_mind_supersedes_the_older_preference(lib: Path) -> None:
    """2. A newer preference on the same slot replaces the older one, in both languages
    and however the change of mind is said."""
    chat(["remember that I prefer bullet points", "remember to hide citation marks",
          "记住用英文回答"], library=lib, user="mind", now=DAY)
    assert _preferences(lib, "mind") == ["Answer in English", "Hide citation marks in answers",
                                         "Use bullet points"]
    said = replies(chat(["remember that bullet points are annoying, use normal paragraphs",
                         "remember that citations should be shown after all",
                         "其实还是用中文回答吧，记住"], library=lib, user="mind",
                        now="2026-12-11T10:05:00+00:00"))
    assert [r["type"] for r in said] == ["remember"] * 3
    assert _preferences(lib, "mind") == ["Answer in Chinese",
                                         "Answer in prose, without bullet points",
                                         "Show citation marks in answers"]
    [answer] = replies(chat([GPT5], library=lib, user="mind",
                            now="2026-12-11T10:10:00+00:00"))
    used = {m["text"] for m in answer["memories"]}
    assert "Use bullet points" not in used and "Hide citation marks in answers" not in used


def test_on_second_thought_is_a_preference_not_a_question(lib: Path) -> None:
    said = replies(chat(["hide citations", "on second thought, show me the citations again",
                         GPT5], library=lib, user="second", now=DAY))
    assert [r["type"] for r in said] == ["statement", "statement", "answer"]
    assert said[2]["citations"]
    assert "[" in said[2]["answer"]  # citation marks are shown again


def test_every_quotation_keeps_its_script_even_when_cut_or_over_several_sentences() -> None:
    """3. Text outside quotation marks follows the wanted script; a quotation stays exact
    as a whole: over several sentences, nested, and when a length limit cuts it (it is
    then closed where it is cut)."""
    from ponder.chat.style import _crop, _units, convert_script

    text = ("The documents (in Chinese) say: 「看，直到人们指出这有点虚伪之前。"
            "所以,奥特曼觉得开源并不是目的，而是“醉翁之意不在酒”。还有一句。」[1] 他说")
    assert convert_script(text, "traditional") == text[:-2] + "他說"
    intro, units = _units(text.removesuffix(" 他说"))
    cut = _crop(units, 2)
    assert cut[-1].endswith("。」[1]")
    shown = convert_script(intro + " " + "".join(cut), "traditional")
    assert "人们指出" in shown and "奥特曼觉得" in shown


def test_what_you_remember_names_the_line_each_memory_came_from(lib: Path) -> None:
    """4. Each memory is credited to its own line, not the conversation's first one."""
    said = replies(chat([GPT5, "remember that I prefer short answers",
                         "remember that my editor is Li Wei",
                         "what do you remember about me?"], library=lib, user="orig", now=DAY))
    listing = said[-1]
    assert "from “remember that I prefer short answers”" in listing["answer"]
    assert "from “remember that my editor is Li Wei”" in listing["answer"]
    assert GPT5 not in listing["answer"]
    assert {m["said"] for m in listing["listed"]} == {"remember that I prefer short answers",
                                                     "remember that my editor is Li Wei"}


def test_forget_that_after_a_question_says_what_is_stored_and_how_to_forget_it(
        lib: Path) -> None:
    """5. Nothing remembered yet, but the question was stored as a turn: say so."""
    asked, forget = replies(chat([GPT5, "forget that"], library=lib, user="fq", now=DAY))
    assert asked["type"] == "answer" and forget["type"] == "forget"
    assert "haven't stored anything" not in forget["answer"]
    assert "haven't stored any memory" in forget["answer"]
    assert GPT5 in forget["answer"] and "conversation turn" in forget["answer"]
    [incognito] = replies(chat(["forget that"], library=lib, user="fq2", now=DAY,
                               args=("--incognito",)))
    assert "Nothing of this session is stored (incognito)" in incognito["answer"]


def test_unknown_slash_commands_are_not_questions(lib: Path) -> None:
    """6. /frobnicate, /memory, /forget get the known commands, never an answer."""
    said = replies(chat(["/frobnicate", "/memory", "/forget lisinopril", "/help"], library=lib,
                        user="slash", now=DAY))
    assert [r["type"] for r in said] == ["unknown_command"] * 3 + ["help"]
    assert said[0]["answer"].startswith("unknown command /frobnicate; try /help")
    assert "/exit" in said[1]["answer"] and "/forget" in said[2]["answer"]


def test_json_mode_prints_only_json_and_a_bad_line_does_not_end_the_session(
        lib: Path) -> None:
    """7. Every reply is one JSON object per line (help too); "remember that" with
    nothing after gets a reply and the session goes on; exit status 0."""
    from .chat_helpers import run

    result = run("chat", "--user", "js", "--json", library=lib, now=DAY,
                 stdin="/help\nremember that\nremember that my editor is Li Wei\n")
    assert result.returncode == 0, result.stderr
    import json

    objects = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [o["type"] for o in objects] == ["help", "remember", "remember"]
    assert "\b" not in result.stdout
    assert objects[1]["remembered"] == [] and "What should I remember" in objects[1]["answer"]
    assert [m["text"] for m in memories(lib, "js")] == ["My editor is Li Wei"]


def test_incognito_applies_a_remembered_preference_for_the_session_only(lib: Path) -> None:
    """8. In incognito "remember that <preference>" is applied for the session, stored
    nowhere, and no note tells the user to say "remember that …"."""
    said = replies(chat(["remember that I don't want citation marks", GPT5, "keep it short"],
                        library=lib, user="inc", now=DAY, args=("--incognito",)))
    remember, answer, noted = said
    assert remember["answer"].startswith("Applied for this session only: Hide citation marks")
    assert answer["citations"] and "[1]" not in answer["answer"]
    assert "remember that" not in noted["answer"] and "incognito" in noted["answer"]
    assert memories(lib, "inc") == []


def test_history_names_the_day_asked_about(lib: Path) -> None:
    """9. "What did we talk about on December 8?" is headed by that day."""
    chat([GPT5], library=lib, user="day", now="2026-12-08T10:00:00+00:00")
    [listing] = replies(chat(["What did we talk about on December 8?"], library=lib,
                             user="day", now=DAY))
    assert listing["answer"].startswith("On December 8 (2026-12-08) you asked me:")
    assert GPT5 in listing["answer"]


def test_a_refusal_never_says_the_same_number_twice() -> None:
    """9. "0.51 where 0.51 is needed": when the two round equal, three decimals and
    "just under"."""
    from types import SimpleNamespace

    from ponder.answer.ask import decide

    best = SimpleNamespace(coverage=SimpleNamespace(missing=[]),
                           hit=SimpleNamespace(title="Interview", path="a.txt"))
    info = SimpleNamespace(absent_entities=(), absent_keys=())
    close = SimpleNamespace(info=info, ranked=[best], answerable=0.5072)
    why = decide(close, SimpleNamespace(threshold=0.5101))  # type: ignore[arg-type]
    assert why is not None and "0.507, just under the 0.510 needed" in why
    far = SimpleNamespace(info=info, ranked=[best], answerable=0.36)
    why = decide(far, SimpleNamespace(threshold=0.61))  # type: ignore[arg-type]
    assert why is not None and "0.36 where 0.61 is needed" in why
