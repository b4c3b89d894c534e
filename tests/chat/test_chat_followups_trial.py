"""Issue 8, the second new-user trial of follow-ups (library: four of the Altman interviews,
001's Deep Blue among them, and the json and pathlib pages of the Python docs; the trial
also had 002 and the datetime page, left out so that the build embeds only 001 and the
two pages beyond the fixture library's passages, whose vectors it reuses):

- "举个例子" after "datetime 怎么处理时区？" quoted Deep Blue from an Altman interview: a
  request for an example stays on the topic and in the documents under discussion, and
  says they give none rather than drift;
- "tell me more" repeated the answer before word for word, and "and in 2025?" repeated it
  too (the year ignored): more gives sentences not quoted yet, a year must be in a cited
  passage;
- "scratch that, how do I read a file's text with it?" after "what about recursively?"
  was rewritten "scratch recursively, how do I read a file's text with recursively?": a
  manner ("recursively") is added to the earlier question, never put in place of its
  topic, and an opening withdrawal drops the withdrawn question.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from .chat_helpers import chat, replies
from corpus import PYDOCS, altman_file
from fixture_library import cached_library


def trial_library_dir() -> Path:
    talks = [altman_file(n) for n in ("000", "001", "003", "004")]
    pages = [PYDOCS / "library" / f"{name}.html" for name in ("json", "pathlib")]
    return cached_library("trial8-library", [*talks, *pages], embedded=True)


@pytest.fixture
def tlib(tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    target.mkdir()
    shutil.copy2(trial_library_dir() / "library.sqlite", target / "library.sqlite")
    return target


def answers(lines: list[str], library: Path) -> list[dict[str, Any]]:
    found = replies(chat(lines, library=library, user="ann"))
    assert [r["type"] for r in found] == ["answer"] * len(lines), found
    return found


def quoted(reply: dict[str, Any]) -> set[tuple[int, int]]:
    return {(c["doc_id"], c["start"]) for c in reply["citations"]}


def test_an_example_stays_on_the_topic_and_the_documents(tlib: Path) -> None:
    _, example = answers(["json 模块怎么处理 NaN？", "举个例子"], tlib)
    assert "Deep Blue" not in example["answer"]
    assert all(c["path"].endswith("json.html") for c in example["citations"]), example
    if not example["citations"]:
        assert example["abstained"] and "例子" in example["answer"]


def test_an_english_example_request_does_not_drift_either(tlib: Path) -> None:
    _, example = answers(["How does json handle NaN?", "Give me an example."], tlib)
    assert all(c["path"].endswith("json.html") for c in example["citations"]), example


def test_tell_me_more_gives_new_sentences(tlib: Path) -> None:
    first, more, again = answers(["How do I make pathlib list files matching a pattern?",
                                  "tell me more", "tell me more"], tlib)
    assert more["answer"] != first["answer"]
    assert not quoted(more) & quoted(first), (first, more)
    assert not quoted(again) & (quoted(first) | quoted(more))
    assert all(c["path"].endswith("pathlib.html") for c in more["citations"] + again["citations"])


def test_a_year_in_a_follow_up_constrains_the_answer(tlib: Path) -> None:
    first, later = answers(["奥特曼怎么看开源？", "and in 2025?"], tlib)
    assert later["answer"] != first["answer"]
    assert later["abstained"] or any("2025" in c["quote"] for c in later["citations"]), later
    if later["abstained"]:
        assert "2025" in later["answer"]


def test_scratch_that_drops_the_withdrawn_question_and_a_manner_is_no_topic(tlib: Path) -> None:
    found = answers(["How do I make pathlib list files matching a pattern?", "tell me more",
                     "what about recursively?",
                     "scratch that, how do I read a file's text with it?"], tlib)
    recursively, read = found[2]["resolved_question"], found[3]["resolved_question"]
    assert "pathlib" in recursively and "recursively" in recursively
    assert "pathlib" in read and "recursively" not in read and "scratch" not in read.lower()
