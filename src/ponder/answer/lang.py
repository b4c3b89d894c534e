"""Which language a question or a passage is in, and the fixed phrases answers use."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

ABSTAIN = {"en": "The documents don't say.", "zh": "文档中没有提到。"}
CLOSEST = {"en": "Closest passages:", "zh": "最接近的段落："}
ZH_LEAD_IN = "The documents (in Chinese) say:"
EN_LEAD_IN = "文档（英文）中写道："


def language_of(text: str) -> str:
    """``"zh"`` when CJK characters carry the text, else ``"en"``.

    A CJK character carries about as much as two Latin letters, so "OpenAI 2024年的营收
    是多少" is Chinese and "What does 奥特曼 say about 算力?" is English.
    """
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0:
        return "en"
    return "zh" if 2 * cjk >= latin else "en"


def corpus_language(texts: Iterable[str]) -> str:
    """The language most of ``texts`` (passages) are written in, weighted by length."""
    weights = {"zh": 0, "en": 0}
    for text in texts:
        weights[language_of(text)] += len(text)
    return "zh" if weights["zh"] > weights["en"] else "en"


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
