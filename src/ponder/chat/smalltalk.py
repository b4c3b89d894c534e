"""Replies to small talk: a greeting, thanks, an acknowledgement (no documents, no learning)."""

from __future__ import annotations

import re

from ..text.script import has_cjk

_THANKS = re.compile(r"thank|thx|\bty\b|cheers|谢|謝", re.I)
_BYE = re.compile(r"bye|再见|再見|晚安|good\s*night", re.I)
_HELLO = re.compile(r"\b(?:hi|hello|hey|hiya|yo|morning|evening|afternoon)\b|"
                    r"你好|您好|嗨|哈喽|早上好|晚上好", re.I)
HELLO = {"zh": "你好！关于你的文档，想问些什么？",
         "en": "Hello! What would you like to know from your documents?"}


def small_talk_reply(message: str) -> str:
    zh = has_cjk(message)
    if _THANKS.search(message):
        return "不客气。" if zh else "You're welcome."
    if _BYE.search(message):
        return "再见！" if zh else "Goodbye!"
    if _HELLO.search(message):
        return HELLO["zh" if zh else "en"]
    return "好的。" if zh else "OK."
