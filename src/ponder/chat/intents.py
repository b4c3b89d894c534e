"""What a chat message asks for, by rules (no model): a control, small talk, or a question.

    intent("remember that my editor is Li Wei")  -> Intent("remember", "my editor is Li Wei")
    intent("忘记我的储物柜密码")                      -> Intent("forget", "储物柜密码")
    intent("don't remember anything about my health") -> Intent("deny", "my health")
    intent("remind me to call Li on 2026-12-01") -> Intent("remind", "call Li on 2026-12-01")
    intent("what did I ask you about last week?") -> Intent("history", ...)
    intent("what do you remember about me?")     -> Intent("memories", "memories")
    intent("我有哪些提醒？")                        -> Intent("memories", "reminders")
    intent("thanks!")                            -> Intent("smalltalk", "thanks!")
    intent("scratch that")                       -> Intent("cancel", "scratch that")

"scratch that", "never mind", "算了", "当我没问" withdraw the question before them
(``followup.is_cancel``); "forget that" is not a withdrawal (it forgets what was stored last).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..text.script import HAN
from .followup import is_cancel
from .prefs import requests_in, unabbreviated
from .wipe import named_forget, wipes

Action = Literal["remember", "forget", "deny", "remind", "history", "memories", "smalltalk",
                 "cancel", "question"]

_SMALL_TALK_WORDS = """
    hi hello hey hiya yo thanks thank thx ty cheers ok okay k kk cool great nice good fine sure
    bye goodbye morning evening night afternoon got it alright right perfect awesome yes no yeah
    yep nope much lot you very so all see later a bunch that helps helped helpful appreciate
    appreciated
    你好 您好 嗨 哈喽 谢谢 謝謝 多谢 多謝 好的 好 嗯 嗯嗯 行 再见 再見 早上好 晚上好 谢 謝 好嘞
    晚安 明白 知道了 了解 收到 没问题 沒問題 不客气 不客氣 哈哈
"""
_SMALL_TALK = frozenset(_SMALL_TALK_WORDS.split())

_PLEASE = r"(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+|would\s+you\s+)?"
_ZH_PLEASE = r"(?:请|請|麻烦|麻煩|帮我|幫我)?"
Rule = tuple[Action, re.Pattern[str]]
_DENY_EN = (r"(?:don'?t|do\s+not|never)\s+(?:ever\s+)?(?:remember|store|save|keep|record)\s+"
            r"(?:anything\s+(?:about|on)\s+|that\s+|about\s+)?")
_DENY_ZH = (r"(?:不要|别|別|不许|不許|永远不要|永遠不要)(?:再)?"
            r"(?:记住|記住|记着|記著|记录|記錄|保存|存储|存儲|记|記)(?:任何)?(?:关于|關於|有关|有關)?")
# The topic first: "关于我身体状况的事一律别记", "我家里人的事都不要记"
_DENY_ZH_AFTER = (r"^(?:关于|關於|有关|有關)?(?!(?:这|這|那|它)\S{0,2}(?:别|別|不要))"
                  r"(?P<rest>.{1,20}?)(?:的(?:事情?|东西|東西|信息|資訊))?"
                  r"(?:一律|都|全都|统统|統統|一概|以后|以後)*(?:别|別|不要|不许|不許)(?:再)?"
                  r"(?:记住|記住|记着|記著|记录|記錄|保存|存|记|記)(?:了|下来|下來)?[。.!！]?$")
_FORGET_ZH = r"(?:忘记|忘記|忘掉|删除|刪除|删掉|刪掉)(?:关于|關於|有关|有關)?"
_REMEMBER_ZH = (r"(?:以后|以後|今后|今後)?(?:也|都)?(?:要|请|請)?"
                r"(?:记住|記住|记下来|記下來|记下|記下|记得|記得)[:：，,]?\s*")
# Other ways to say "remember": "don't forget that …", "make a note: …", "jot this down",
# "keep that in mind: …"; "别忘了…", "帮我记一下…", "你记着…", "把这个记下来：…"
_NOTE_EN = (r"(?:(?:do\s+not|don'?t|never)\s+forget|make\s+a\s+note(?:\s+of)?|"
            r"take\s+(?:a\s+)?note(?:\s+of)?|(?:jot|write|note|put)\s+(?:this\s+|that\s+|it\s+)?"
            r"down|keep\s+(?:this|that|it)\s+in\s+(?:mind|your\s+head|memory))")
_NOTE_ZH = (r"(?:(?:别|別|不要|可别|可別)忘(?:了|记|記)?|"
            r"(?:你)?(?:帮我|幫我|给我|給我)?(?:把(?:这个|這個|这些|這些|这|這|下面的?|以下的?)?)?"
            r"(?:记|記)(?:一下|下来|下來|着|著|好|牢|住)(?:了)?)[:：，,]?\s*")
# Forgetting one thing with another verb: what names a memory ("what I told you about X",
# "the note about X", "that last one"), never a document's text ("delete all the references")
_ERASE_EN = r"(?:erase|delete|remove|drop|scrap|discard|get\s+rid\s+of|wipe|clear|purge|forget)"
_STORED_EN = (r"(?:what(?:ever)?\s+(?:i\s+(?:told|gave|said\s+to)\s+you|i\s+(?:said|mentioned|"
              r"shared)|you\s+(?:know|have|stored|saved|remember|noted|kept|learned|learnt|got))|"
              r"(?:the|that|this|your)\s+(?:last\s+)?(?:thing|bit|note|memory|fact|part|entry|"
              r"info|detail|one)s?)")
_FORGET_ZH2 = r"(?:忘了|删了|刪了|去掉|清掉|抹掉)(?:关于|關於|有关|有關)?"
# A time said before "remind me": "on friday remind me to …", "下周一提醒我交稿"
_WHEN_EN = (r"(?:(?:today|tonight|tomorrow|this|next|on|at|in|by|the|every|morning|afternoon|"
            r"evening|night|noon|midnight|week|weekend|month|year|days?|hours?|minutes?|am|pm|"
            r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|"
            r"\d{1,2}(?::\d{2})?(?:am|pm|st|nd|rd|th)?)[\s,]+){1,6}")
_WHEN_ZH = (r"(?:[今明后後大前下上这這本每]|周|週|星期|礼拜|禮拜|[一二三四五六日天]|早上|上午|中午|"
            r"下午|晚上|傍晚|凌晨|[点點分半号號月年个個]|[0-9０-９]|[:：]|\s){1,14}?")
# A Chinese control never asks a question ("删除虚拟环境要用什么命令？")
_ASKS_ZH = re.compile(r"[?？]|[吗嗎]\s*$|什么|什麼|怎么|怎麼|怎样|怎樣|为什么|為什麼|如何|哪|谁|誰|"
                      r"多少")
_WH_EN = re.compile(r"^(?:what|who|whom|how|why|which|where)\b(?!.*\b(?:i|my|me|mine)\b)", re.I)
_RULES: list[Rule] = [
    ("deny", re.compile(rf"^{_PLEASE}{_DENY_EN}(?P<rest>.+)$", re.I)),
    ("deny", re.compile(rf"^{_ZH_PLEASE}{_DENY_ZH}(?P<rest>.+?)(?:的(?:事|事情|内容|內容))?$")),
    ("deny", re.compile(_DENY_ZH_AFTER)),
    ("forget", re.compile(rf"^{_PLEASE}forget\s+(?:about\s+|that\s+|what\s+i\s+said\s+about\s+)?"
                          r"(?P<rest>.+)$", re.I)),
    ("forget", re.compile(rf"^{_ZH_PLEASE}{_FORGET_ZH}(?P<rest>.+?)(?:的(?:事|事情|记忆|記憶))?$")),
    ("forget", re.compile(rf"^{_PLEASE}{_ERASE_EN}\s+(?P<stored>{_STORED_EN})(?:\s+(?:about|on|"
                          r"regarding|of)\s+(?P<rest>.+)|(?P<back>)\s*)$", re.I)),
    ("forget", re.compile(rf"^{_ZH_PLEASE}{_FORGET_ZH2}(?P<rest>.+?)(?:的(?:事|事情|记忆|記憶))?"
                          r"吧?$")),
    ("remind", re.compile(rf"^(?P<when>{_WHEN_EN})?{_PLEASE}remind\s+me\s+"
                          r"(?:to\s+|about\s+|that\s+|of\s+)?(?P<rest>.+)$", re.I)),
    ("remind", re.compile(rf"^(?P<when>{_WHEN_ZH})?(?:记得|記得)?{_ZH_PLEASE}(?:你)?"
                          r"提醒我(?P<rest>.+)$")),
    ("remember", re.compile(rf"^{_PLEASE}(?:remember|note|keep\s+in\s+mind|memori[sz]e|"
                            rf"{_NOTE_EN})\s*(?:that\s*|this\s*)?[:,]?\s*(?P<rest>.+)$", re.I)),
    ("remember", re.compile(rf"^{_ZH_PLEASE}{_REMEMBER_ZH}(?P<rest>.+)$")),
    # a lead-in that says "keep this": "for future reference, my office is in room 512"
    ("remember", re.compile(r"^(?:for\s+(?:future\s+)?reference|fyi|for\s+the\s+record|"
                            r"just\s+so\s+you\s+know)\s*[,:;-]\s*(?P<rest>[^?]+?)[.!]*$", re.I)),
    # other ways to ask for a reminder: "set a reminder for Dec 24: buy gifts", "ping me next
    # Friday to call Li", "don't let me forget to pay rent on the 15th"
    ("remind", re.compile(r"^(?:please\s+)?(?:set|create|add|make)\s+(?:me\s+)?(?:a\s+)?"
                          r"reminder\s+(?:for\s+|on\s+|to\s+)?(?P<rest>.+)$", re.I)),
    ("remind", re.compile(r"^(?:please\s+)?(?:ping|nudge|alert|notify)\s+me\s+(?:to\s+|about\s+)?"
                          r"(?P<rest>.+)$", re.I)),
    ("remind", re.compile(r"^(?:please\s+)?(?:don'?t|do\s+not)\s+let\s+me\s+forget\s+"
                          r"(?:to\s+|about\s+)?(?P<rest>.+)$", re.I)),
    ("remember", re.compile(rf"^(?:请|請|麻烦|麻煩)?{_NOTE_ZH}(?P<rest>.+)$")),
    # "remember" said last: "其实还是用中文回答吧，记住", "use bullets from now on, remember that"
    ("remember", re.compile(r"^(?P<rest>.{2,}?[^帮幫请請你您给給把])[，,。.!！;；\s]+(?:请|請|你)?"
                            r"(?:记住|記住|记好|記好|记下来|記下來|记着|記著)(?:了|吧|哦|啊|喔|呀)?"
                            r"[。.!！]*$")),
    ("remember", re.compile(r"^(?P<rest>.+?)[,;.\s-]+(?:and\s+)?(?:please\s+)?remember\s+"
                            r"(?:that|this|it)[.!]*$", re.I)),
]
_HISTORY = [
    re.compile(r"\bwhat\s+(?:did|have|had|were|was)\s+(?:i|we)\s+(?:\w+\s+)?(?:ask|asked|asking|"
               r"say|said|saying|talk|talked|talking|discuss|discussed|discussing|chat|chatted|"
               r"chatting|want|wanted)\b", re.I),
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
    # asked, with what is kept named and the user last: "What's stored about me?",
    # "Is there anything you know about me?", "what info do you have on me"
    re.compile(r"^(?:so\s*,?\s*|and\s+|hey\s*,?\s*)?(?:what|which|is|are|do|does|did|have|has|"
               r"anything|any|how\s+much|tell\s+me|show\s+me|list)\b.*"
               rf"\b(?:{_KEEP_EN}|info|information|data|details|notes)\b.*"
               r"\b(?:about|on|of)\s+me\s*[?.!]*$", re.I),
    re.compile(rf"^{_PLEASE}(?:list|show|tell|give|display|print|what\s+are|which\s+are)\b.*"
               r"\b(?:my|all)\s+(?:\w+\s+)?memor(?:y|ies)\b", re.I),
]
_REMINDERS_ASK_EN = re.compile(
    rf"^{_PLEASE}(?:list|show|tell|give|display|print|what|which|do\s+i|are\s+there|"
    r"is\s+there|have\s+i|any|anything)\b", re.I)
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
    # what "you" wrote down or kept, of what the user said: "我跟你讲过的东西你存了哪些",
    # "你都记了我什么" (keeping verbs only: "你知道奥特曼…吗" asks about the documents)
    re.compile(rf"^(?=.*我).*?{_YOU_ZH}.{{0,3}}(?:记|記|存|保存|储存|儲存)(?:住|下|了|过|過|着|著)*"
               rf".{{0,4}}(?:哪些|什么|什麼|啥|多少)"),
]
_TODO_ZH = r"(?:提醒|待办|待辦|安排|日程|行程)"
_REMINDERS_ZH = [
    re.compile(rf"我.{{0,3}}(?:有|的).{{0,4}}{_WHAT_ZH}?.{{0,2}}{_TODO_ZH}"),
    # the user's own list only: "提醒事项有哪些", "我的日程是什么",
    # never "采访里提到的待办事项有哪些"
    re.compile(rf"(?:^|我的){_TODO_ZH}(?:事项|事項)?.{{0,3}}{_WHAT_ZH}"),
    re.compile(rf"{_SHOW_ZH}.{{0,4}}(?:我的)?{_TODO_ZH}"),
    # what the user set up: "我设置了哪些提醒", "我添加过哪些提醒"
    re.compile(rf"我.{{0,6}}(?:哪些|什么|什麼|啥|几个|幾個|多少)(?:个|個|条|條)?{_TODO_ZH}"),
    # shown to the user: "提醒清单拿给我看"
    re.compile(rf"(?:^|我的){_TODO_ZH}(?:列表|清单|清單|事项|事項)?.{{0,4}}"
               rf"(?:给我|給我)(?:看|瞧)"),
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
    r"^(?:that|it|this|that\s+one|this\s+one|(?:the|that|this)\s+last\s+(?:one|thing)|"
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
    + "|[了啊呀哦啦吧嘛呢的嘞]")


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
    return None if not named or requests_in(text) else Intent("forget", _named_zh(named))


# What a Chinese forget request says around the memory it names: "把我车牌那条删掉",
# "忘掉我的地址那句"
_AROUND_NAMED_ZH = re.compile(
    r"^(?:我的|我)|(?:的)?(?:那条|那條|这条|這條|那个|那個|这个|這個|那句|这句|這句|那些|这些|這些)"
    r"(?:记忆|記憶|信息|資訊|内容|內容)?$")


def _named_zh(rest: str) -> str:
    """The memory a Chinese forget names, without 我/我的 before it or 那条 after it."""
    bare = _AROUND_NAMED_ZH.sub("", rest).strip()
    return bare if len(bare) >= 2 else rest


def _ruled(action: Action, m: re.Match[str], zh: bool) -> Intent | None:
    """The control a rule's match asks for (None: the rule does not apply after all)."""
    groups = m.groupdict()
    if groups.get("back") is not None:  # "scrap that last one": what was stored last
        return Intent(action, groups["stored"])
    rest = (groups.get("rest") or "").strip()
    if not rest.strip(" .。!！?？"):
        return None
    if action == "remind" and _WH_EN.match(rest):
        return None  # "remind me what the GIL is" asks the documents
    if zh and action in ("forget", "remember", "deny") and _ASKS_ZH.search(m.group(0)):
        return None  # a question word: "删除虚拟环境要用什么命令"
    when = (groups.get("when") or "").strip(" ,")
    if when:
        rest = f"{when}{rest}" if zh else f"{rest} {when}"
    if zh and action == "forget":
        rest = _named_zh(rest)
    return Intent(action, rest.rstrip(".。!！"))


def intent(message: str) -> Intent:
    text = message.strip()
    if is_cancel(text):
        return Intent("cancel", text)
    plain = unabbreviated(text)  # "what do u know about me", "wipe everything u have on me"
    forgetting = _forgetting(plain)
    if forgetting is not None:
        return forgetting
    listed = about_me(plain)
    if listed is not None:
        return Intent("memories", listed)
    zh = bool(re.search(f"[{HAN}]", plain))
    for action, pattern in _RULES:
        m = pattern.match(plain)
        said = _ruled(action, m, zh) if m else None
        if said is not None:
            return said
    if is_small_talk(plain) or not re.search(r"\w", text):
        return Intent("smalltalk", text)
    if is_history_question(plain):
        return Intent("history", text)
    return Intent("question", text)
