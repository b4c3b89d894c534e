"""What a chat message asks for, by rules (no model): a control, small talk, or a question.

    intent("remember that my editor is Li Wei")  -> Intent("remember", "my editor is Li Wei")
    intent("忘记我的储物柜密码")                      -> Intent("forget", "我的储物柜密码")
    intent("don't remember anything about my health") -> Intent("deny", "my health")
    intent("remind me to call Li on 2026-12-01") -> Intent("remind", "call Li on 2026-12-01")
    intent("what did I ask you about last week?") -> Intent("history", ...)
    intent("thanks!")                            -> Intent("smalltalk", "thanks!")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..text.script import HAN

Action = Literal["remember", "forget", "deny", "remind", "history", "smalltalk", "question"]

_SMALL_TALK_WORDS = """
    hi hello hey hiya yo thanks thank thx ty cheers ok okay k kk cool great nice good fine sure
    bye goodbye morning evening night afternoon got it alright right perfect awesome yes no yeah
    yep nope much lot you very so all see later
    你好 您好 嗨 哈喽 谢谢 謝謝 多谢 多謝 好的 好 嗯 嗯嗯 行 再见 再見 早上好 晚上好
    晚安 明白 知道了 了解 收到 没问题 沒問題 不客气 不客氣 哈哈
"""
_SMALL_TALK = frozenset(_SMALL_TALK_WORDS.split())

_PLEASE = r"(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+|would\s+you\s+)?"
_ZH_PLEASE = r"(?:请|請|麻烦|麻煩|帮我|幫我)?"
Rule = tuple[Action, re.Pattern[str]]
_DENY_EN = (r"(?:don'?t|do\s+not|never)\s+(?:ever\s+)?(?:remember|store|save|keep|record)\s+"
            r"(?:anything\s+(?:about|on)\s+|that\s+|about\s+)?")
_DENY_ZH = (r"(?:不要|别|別|不许|不許|永远不要|永遠不要)(?:再)?"
            r"(?:记住|記住|记录|記錄|保存|存储|存儲|记|記)(?:任何)?(?:关于|關於|有关|有關)?")
_FORGET_ZH = r"(?:忘记|忘記|忘掉|删除|刪除|删掉|刪掉)(?:关于|關於|有关|有關)?"
_REMEMBER_ZH = r"(?:记住|記住|记下|記下|记得|記得)[:：，,]?\s*"
_RULES: list[Rule] = [
    ("deny", re.compile(rf"^{_PLEASE}{_DENY_EN}(?P<rest>.+)$", re.I)),
    ("deny", re.compile(rf"^{_ZH_PLEASE}{_DENY_ZH}(?P<rest>.+?)(?:的(?:事|事情|内容|內容))?$")),
    ("forget", re.compile(rf"^{_PLEASE}forget\s+(?:about\s+|that\s+|what\s+i\s+said\s+about\s+)?"
                          r"(?P<rest>.+)$", re.I)),
    ("forget", re.compile(rf"^{_ZH_PLEASE}{_FORGET_ZH}(?P<rest>.+?)(?:的(?:事|事情|记忆|記憶))?$")),
    ("remind", re.compile(rf"^{_PLEASE}remind\s+me\s+(?:to\s+|about\s+|that\s+|of\s+)?"
                          r"(?P<rest>.+)$", re.I)),
    ("remind", re.compile(rf"^{_ZH_PLEASE}提醒我(?P<rest>.+)$")),
    ("remember", re.compile(rf"^{_PLEASE}(?:remember|note|keep\s+in\s+mind|memori[sz]e)\s*"
                            r"(?:that\s*|this\s*)?[:,]?\s*(?P<rest>.+)$", re.I)),
    ("remember", re.compile(rf"^{_ZH_PLEASE}{_REMEMBER_ZH}(?P<rest>.+)$")),
]
_HISTORY = [
    re.compile(r"\bwhat\s+(?:did|have|had)\s+(?:i|we)\s+(?:\w+\s+)?(?:ask|asked|say|said|talk|talked|"
               r"discuss|discussed|chat|chatted|want|wanted)\b", re.I),
    re.compile(r"\b(?:which|what)\s+questions\s+(?:did|have)\s+i\b", re.I),
    re.compile(r"\bmy\s+(?:questions|history|conversations?)\b", re.I),
    re.compile(r"我.{0,12}(?:问|問|聊|说|說|讨论|討論|谈|談)(?:了|过|過)?(?:你|您)?.{0,4}(?:什么|什麼|哪些|啥)"),
    re.compile(r"我(?:的)?(?:问题|問題|聊天记录|聊天記錄|对话|對話)"),
]


@dataclass(frozen=True)
class Intent:
    action: Action
    rest: str  # the message without the control words (the whole message for questions)


def _words(message: str) -> list[str]:
    return re.findall(rf"[a-z]+|[{HAN}]+", message.lower())


def is_small_talk(message: str) -> bool:
    """Greetings, thanks and acknowledgements: nothing to answer from documents, or to learn."""
    words = _words(message)
    return bool(words) and len(words) <= 6 and all(w in _SMALL_TALK for w in words)


def is_history_question(message: str) -> bool:
    return any(p.search(message) for p in _HISTORY)


def intent(message: str) -> Intent:
    text = message.strip()
    for action, pattern in _RULES:
        m = pattern.match(text)
        if m and m.group("rest").strip(" .。!！?？"):
            return Intent(action, m.group("rest").strip().rstrip(".。!！"))
    if is_small_talk(text) or not re.search(r"\w", text):
        return Intent("smalltalk", text)
    if is_history_question(text):
        return Intent("history", text)
    return Intent("question", text)
