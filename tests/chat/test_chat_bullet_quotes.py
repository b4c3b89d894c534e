"""Issue 8 (new-user trial): the bullet format split an answer's quote into several
bullets, one per sentence: "intro: next sentence" (a colon completed by the sentence after
it), a speaker's quotation ("Altman said: “A. B.” [1]") and a multi-sentence cited piece
each became bullets without their citation or with an unclosed quotation mark. A quote
stays in one bullet, with its citation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ponder.answer import Answer, Citation
from ponder.answer.sentences import CITE
from ponder.chat.style import Style, restyle

from .chat_helpers import chat, replies


def _bullets(text: str, language: str = "en", cited: int = 2) -> list[str]:
    citations = [Citation(n, n, 1, "doc.txt", "Doc", None, 0, 9, 0, 9, f"quote {n}")
                 for n in range(1, cited + 1)]
    answer = Answer("q", text, False, "extractive", 0.1, citations, language=language)
    return restyle(answer, Style(format="bullets")).answer.split("\n")


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("PEP 657 adds this:\n\nThe traceback points at the expression. [1] It helps. [2]", "en",
     ["- PEP 657 adds this: The traceback points at the expression. [1]", "- It helps. [2]"]),
    ("Altman said: “We will ship it: The model is good. It is fast.” [1] Other point. [2]",
     "en", ["- Altman said: “We will ship it: The model is good. It is fast.” [1]",
            "- Other point. [2]"]),
    ("奥特曼说：「我们会发布。它很好。」[1]其二[2]。", "zh",
     ["- 奥特曼说：「我们会发布。它很好。」[1]", "- 其二[2]。"]),
    ("The documents (in Chinese) say: 「奥特曼说。他不知道。」[1] 「其二。」[2]", "en",
     ["The documents (in Chinese) say:", "- 「奥特曼说。他不知道。」[1]", "- 「其二。」[2]"]),
    ("One claim. Its second sentence. [1] Another. [2]", "en",
     ["- One claim. Its second sentence. [1]", "- Another. [2]"]),
    ("Altman said: “I don’t know. Nobody does.” [1] Done. [2]", "en",
     ["- Altman said: “I don’t know. Nobody does.” [1]", "- Done. [2]"]),
    ("He said \"it works. It ships.\" [1] Done. [2]", "en",
     ["- He said \"it works. It ships.\" [1]", "- Done. [2]"]),
])
def test_a_quote_stays_in_one_bullet(text: str, language: str, expected: list[str]) -> None:
    assert _bullets(text, language) == expected


def test_without_citation_marks_each_sentence_is_a_bullet() -> None:
    assert _bullets("No marks here. A second one.", cited=0) == [
        "- No marks here.", "- A second one."]


def test_text_after_the_last_citation_stays_with_it() -> None:
    assert _bullets("A. [1] B. [2] And so on.") == ["- A. [1]", "- B. [2] And so on."]


_OPEN = re.compile(r"[“「『]")
_CLOSE = re.compile(r"[”」』]")


def test_bulleted_chat_answers_keep_each_quote_whole(lib: Path) -> None:
    out = replies(chat(["remember to use bullet points", "奥特曼对开源怎么看？",
                        "奥特曼怎么评价马斯克？", "Who is Ilya?"], library=lib, user="ann"))
    bulleted = [line for reply in out[1:] for line in str(reply["answer"]).split("\n")
                if line.startswith("- ")]
    assert bulleted, [reply["answer"] for reply in out]
    for line in bulleted:
        assert len(CITE.findall(line)) >= 1, line
        assert len(_OPEN.findall(line)) == len(_CLOSE.findall(line)), line
