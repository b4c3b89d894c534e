"""The fixed phrases answers use, in each language (which language a text is in: see
:mod:`ponder.text.script`)."""

from __future__ import annotations

import re

ABSTAIN = {"en": "The documents don't say.", "zh": "文档中没有提到。"}
CLOSEST = {"en": "Closest passages:", "zh": "最接近的段落："}
ZH_LEAD_IN = "The documents (in Chinese) say:"
EN_LEAD_IN = "文档（英文）中写道："


def abstain_text(language: str) -> str:
    return ABSTAIN.get(language, ABSTAIN["en"])


def is_abstain_text(text: str) -> bool:
    """True when ``text`` is (only) one of the "the documents don't say" phrases."""
    core = re.sub(r"[\s\[\]0-9.。!！]", "", text).casefold()
    return any(core == re.sub(r"[\s.。]", "", p).casefold() for p in ABSTAIN.values())


def lead_in(question_language: str, passage_language: str) -> str | None:
    """What to say before quoting passages written in another language than the question."""
    if question_language == "en" and passage_language == "zh":
        return ZH_LEAD_IN
    if question_language == "zh" and passage_language == "en":
        return EN_LEAD_IN
    return None
