"""What a chat message asks for, by rules (no model): a control, small talk, or a question.

    intent("remember that my editor is Li Wei")  -> Intent("remember", "my editor is Li Wei")
    intent("忘记我的储物柜密码")                      -> Intent("forget", "我的储物柜密码")
    intent("don't remember anything about my health") -> Intent("deny", "my health")
    intent("remind me to call Li on 2026-12-01") -> Intent("remind", "call Li on 2026-12-01")
    intent("what did I ask you about last week?") -> Intent("history", ...)
    intent("what do you remember about me?")     -> Intent("memories", "memories")
    intent("我有哪些提醒？")                        -> Intent("memories", "reminders")
    intent("thanks!")                            -> Intent("smalltalk", "thanks!")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..text.script import HAN
from .prefs import requests_in
from .wipe import named_forget, wipes

Action = Literal["remember", "forget", "deny", "remind", "history", "memories", "smalltalk",
                 "question"]

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

# Questions about what is stored about the user: checked before the controls ("remind me
# what my reminders are" lists them), so each is anchored as a question or a request to show.
_KEEP_EN = (r"(?:remember(?:ed)?|recall(?:ed)?|know|knew|stor(?:e|ed)|sav(?:e|ed)|ke(?:ep|pt)|"
            r"record(?:ed)?|learn(?:ed|t)?|note[ds]?|memori[sz]ed?|have|got)")
_ASK_EN = (r"^(?:so\s*,?\s*|and\s+|hey\s*,?\s*)?{please}(?:tell\s+me\s+|show\s+me\s+|list\s+)?"
           r"(?:what(?:'s|\s+is|\s+else)?|which|how\s+much|do|did|have|anything|everything|all)\b")
_REMINDERS_EN = re.compile(
    r"\b(?:my|any|all|the)\s+(?:\w+\s+)?reminders?\b|\breminders?\s+(?:do|did|have)\s+i\b"
    r"|\bmy\s+(?:\w+\s+)?(?:schedule|agenda|to-?dos?|to-?do\s+list|calendar|plans)\b"
    r"|\b(?:do|have)\s+i\s+(?:have|got)\b.{0,16}\b(?:scheduled|planned|due|coming\s+up)\b"
    r"|\b(?:scheduled|planned|due|coming\s+up)\s+for\s+me\b"
    r"|\bremind(?:ing)?\s+me\s+(?:of|about)\s*\??$|\bremind\s+me\s+what\b", re.I)
_MEMORIES_EN = [
    re.compile(_ASK_EN.format(please=_PLEASE) + rf".*\b(?:you|your\s+memory)\b.*?\b{_KEEP_EN}\b"
               r".*\b(?:about|of|on)\s+me\b", re.I),
    re.compile(r"\b(?:in|from)\s+your\s+memory\s+(?:about|of|on)\s+me\b", re.I),
    re.compile(rf"^{_PLEASE}(?:list|show|tell|give|display|print|what\s+are|which\s+are)\b.*"
               r"\b(?:my|all)\s+(?:\w+\s+)?memor(?:y|ies)\b", re.I),
]
_REMINDERS_ASK_EN = re.compile(
    rf"^{_PLEASE}(?:list|show|tell|give|display|print|what|which|do\s+i|are\s+there|"
    r"have\s+i|any)\b", re.I)
_YOU_ZH = r"(?:你|您)"
_KEEP_ZH = (r"(?:记得|記得|记住|記住|记下|記下|记录|記錄|记|記|知道|了解|存|保存|储存|儲存|"
            r"存储|存儲|学到|學到)")
_WHAT_ZH = r"(?:什么|什麼|哪些|啥|多少|吗|嗎|哪|些)"
_SHOW_ZH = r"(?:列出|列举|列舉|显示|顯示|看看|查看|给我看|給我看|告诉我|告訴我|说说|說說)"
_MEMORY_ZH = r"(?:记忆|記憶|记住的|記住的|存的|保存的)"
_MEMORIES_ZH = [
    re.compile(rf"{_YOU_ZH}.{{0,4}}{_KEEP_ZH}.{{0,4}}(?:关于我|關於我|有关我|有關我|我)(?:的)?"
               rf"(?:{_WHAT_ZH}|事|信息|資訊|情况|情況|一切)"),
    re.compile(rf"{_YOU_ZH}?(?:对我|對我)(?:的)?.{{0,2}}(?:了解|知道|记得|記得).{{0,4}}{_WHAT_ZH}"),
    re.compile(rf"(?:关于我|關於我|对我|對我).{{0,4}}{_YOU_ZH}.{{0,4}}{_KEEP_ZH}.{{0,6}}{_WHAT_ZH}"),
    re.compile(rf"{_SHOW_ZH}.{{0,6}}(?:我|对我|對我|关于我|關於我).{{0,3}}{_MEMORY_ZH}"),
    re.compile(rf"我的{_MEMORY_ZH}.{{0,4}}{_WHAT_ZH}"),
    # what the user had it keep: "我让你记过哪些东西？"
    re.compile(rf"我.{{0,4}}{_YOU_ZH}.{{0,2}}{_KEEP_ZH}(?:过|過|了|住|下)?.{{0,6}}"
               rf"(?:什么|什麼|哪些|啥)"),
]
_TODO_ZH = r"(?:提醒|待办|待辦|安排|日程|行程)"
_REMINDERS_ZH = [
    re.compile(rf"我.{{0,3}}(?:有|的).{{0,4}}{_WHAT_ZH}?.{{0,2}}{_TODO_ZH}"),
    re.compile(rf"(?:我的)?{_TODO_ZH}(?:事项|事項)?.{{0,3}}{_WHAT_ZH}"),
    re.compile(rf"{_SHOW_ZH}.{{0,4}}(?:我的)?{_TODO_ZH}"),
]


def about_me(message: str) -> str | None:
    """``"memories"`` or ``"reminders"`` when ``message`` asks what is stored about the
    user, else None."""
    text = message.strip()
    if re.search(f"[{HAN}]", text):
        if any(p.search(text) for p in _REMINDERS_ZH) and not text.startswith(("提醒我", "請提醒我",
                                                                                "请提醒我")):
            return "reminders"
        return "memories" if any(p.search(text) for p in _MEMORIES_ZH) else None
    if _REMINDERS_EN.search(text) and _REMINDERS_ASK_EN.search(text):
        return "reminders"
    return "memories" if any(p.search(text) for p in _MEMORIES_EN) else None

_ALL_EN = re.compile(
    r"^(?:(?:absolutely\s+)?(?:everything|all|anything)(?:\s+of\s+it)?"
    r"(?:\s+(?:you\s+(?:know|remember|have|stored|saved|learned|learnt|keep)|you've\s+\w+))?"
    r"(?:\s+(?:about|on|of)\s+me)?"
    r"|(?:all\s+(?:of\s+)?)?(?:my|the)\s+(?:memories|data|information|info|details)"
    r"(?:\s+(?:about|on|of)\s+me)?)$", re.I)
_ALL_ZH = re.compile(
    r"^(?:(?:关于|關於|有关|有關)?我的?|你(?:记得|記得|知道|记住|記住)的(?:关于我的|關於我的)?)?"
    r"(?:一切|所有|全部)(?:的)?(?:(?:关于|關於|有关|有關)?我(?:的)?)?"
    r"(?:记忆|記憶|事|事情|信息|資訊|东西|東西|内容|內容)?$")


def everything(rest: str) -> bool:
    """Whether what a "forget …" names is everything stored about the user."""
    text = rest.strip().rstrip(".。!！")
    return bool(_ALL_EN.match(text) or _ALL_ZH.match(text))


EVERYTHING = frozenset({"everything", "all", "all of it", "everything about me", "一切", "所有",
                        "全部", "所有的", "所有记忆", "所有記憶"})


def forgets_everything(rest: str) -> bool:
    """Whether a "forget …" (``rest``: what it names) asks to forget everything."""
    return rest.strip().lower() in EVERYTHING or everything(rest)


_BACK_EN = re.compile(
    r"^(?:that|it|this|that\s+one|this\s+one|the\s+last\s+(?:one|thing)|"
    r"what\s+i\s+(?:just\s+)?(?:said|told\s+you)(?:\s+(?:just\s+now|before))?|"
    r"what\s+you\s+(?:just\s+)?(?:saved|stored|remembered|noted))$", re.I)
_BACK_ZH = re.compile(
    r"^(?:刚才|剛才|刚刚|剛剛|上面|上一条|上一條)?(?:我)?(?:说的|說的|那句话|那句話|那个|那個|"
    r"这个|這個|那条|那條|这条|這條|的)?(?:那条|那條|那个|那個|这个|這個)?(?:记忆|記憶)?$")


def refers_back(rest: str) -> bool:
    """Whether what a "forget …" names is only a pointer back ("that", "it", "刚才那个"):
    the memories the session stored last, not a text to search for."""
    text = rest.strip().rstrip(".。!！")
    return bool(text) and bool(_BACK_EN.match(text) or _BACK_ZH.match(text))


@dataclass(frozen=True)
class Intent:
    action: Action
    rest: str  # the message without the control words (the whole message for questions)


def _words(message: str) -> list[str]:
    return re.findall(rf"[a-z]+|[{HAN}]+", message.lower())


_SMALL_TALK_ZH = re.compile("|".join(sorted(
    (w for w in _SMALL_TALK if re.match(f"[{HAN}]", w)), key=len, reverse=True))
    + "|[了啊呀哦啦吧嘛呢的]")


def _small_word(word: str) -> bool:
    """A small-talk word, or a run of Chinese made only of them ("好的明白了")."""
    if word in _SMALL_TALK:
        return True
    return bool(re.match(f"[{HAN}]", word)) and not _SMALL_TALK_ZH.sub("", word)


def is_small_talk(message: str) -> bool:
    """Greetings, thanks and acknowledgements: nothing to answer from documents, or to learn."""
    words = _words(message)
    return bool(words) and len(words) <= 6 and all(_small_word(w) for w in words)


def is_history_question(message: str) -> bool:
    return any(p.search(message) for p in _HISTORY)


def _forgetting(text: str) -> Intent | None:
    """Forgetting everything, or one thing named as "把 X 忘掉" (not an answer setting:
    "把引用删掉" hides citations)."""
    if wipes(text):
        return Intent("forget", "everything")
    named = named_forget(text)
    return None if not named or requests_in(text) else Intent("forget", named)


def intent(message: str) -> Intent:
    text = message.strip()
    forgetting = _forgetting(text)
    if forgetting is not None:
        return forgetting
    listed = about_me(text)
    if listed is not None:
        return Intent("memories", listed)
    for action, pattern in _RULES:
        m = pattern.match(text)
        if m and m.group("rest").strip(" .。!！?？"):
            return Intent(action, m.group("rest").strip().rstrip(".。!！"))
    if is_small_talk(text) or not re.search(r"\w", text):
        return Intent("smalltalk", text)
    if is_history_question(text):
        return Intent("history", text)
    return Intent("question", text)
