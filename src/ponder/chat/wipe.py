"""Asking to forget everything, in the user's own words and word order.

    wipes("delete all my memories")            -> True
    wipes("把你记得的关于我的东西全部删掉")          -> True
    wipes("delete all the references")         -> False   (not about the user)
    named_forget("把我编辑的名字忘掉")              -> "我编辑的名字"

A wipe is an erasing verb, a word for "all", a word for the user or what is stored about
them, and nothing else but filler ("please", "you know", "的"): any other word makes it
something else (a question, or forgetting one thing).
"""

from __future__ import annotations

import re

_ERASE_EN = re.compile(
    r"^(?:(?:please|pls|kindly|just|now|ok|okay)[\s,]+|(?:can|could|would|will)\s+you\s+|"
    r"(?:let'?s\s+)?start\s+(?:fresh|over|again|from\s+scratch)[\s,;:.-]+|"
    r"i\s+(?:want|need|would\s+like|'d\s+like)\s+(?:you\s+)?to\s+)*"
    r"(?:forget|delete|erase|wipe|clear|remove|purge|scrub|drop|reset)\b(?P<rest>.*)$", re.I)
_ALL_EN = re.compile(r"\b(?:all|everything|anything|every|entire|entirely|completely|whole|"
                     r"whatever)\b",
                     re.I)
_ME_EN = re.compile(r"\b(?:me|my|memory|memories|data|info|information|notes|you\s+know|"
                    r"you\s+have|you've|stored|saved)\b", re.I)
# What is stored, named as a whole: "clear my data", "delete everything", "erase my history"
_WHOLE_EN = re.compile(r"^\s*(?:(?:all\s+)?(?:of\s+)?my\s+(?:memories|memory|data|information|info|"
                       r"profile|history|conversations|chats)|everything|all\s+of\s+it)\s*$",
                       re.I)
_FILLER_EN_WORDS = """
    all everything anything every entire entirely completely whole of it the my me about on
    from you know have has had stored saved kept remember remembered learned learnt memory
    memories data info information details record records that is are your in ve i i've you've
    what whatever thing things regarding concerning please pls now out off up ever thanks for
    collected gathered got personal profile so far there's there history conversations chats
    note notes
"""
_FILLER_EN = frozenset(_FILLER_EN_WORDS.split())
_ERASE_ZH = (r"(?:忘掉|忘记|忘記|删掉|刪掉|删除|刪除|删了|刪了|清除|清空|清掉|抹掉|抹去|"
             r"擦掉|擦除|去除|清理)")
_ALL_ZH = re.compile(r"全部|所有|一切|全都|通通|统统|統統|都|全|清空")
_ME_ZH = re.compile(r"我|记忆|記憶|资料|資料|信息|資訊|数据|數據")
_FILLER_ZH_WORDS = """
    请 請 麻烦 麻煩 帮我 幫我 你 您 把 将 將 给 給 关于 關於 有关 有關 我 的 们 們 记得 記得
    记住 記住 记下 記下 知道 存 存储 存儲 保存 储存 儲存 了解 记录 記錄 记 記 过 過 了 吧 啊 呀
    好 都 全部 所有 一切 全都 通通 统统 統統 全 东西 東西 事 事情 记忆 記憶 资料 資料 信息 資訊
    数据 數據 内容 內容 个人 個人 掉 下来 下來 现在 現在 马上 馬上 立刻 彻底 徹底 干净 乾淨 一下
"""
_FILLER_ZH = sorted(_FILLER_ZH_WORDS.split(), key=len, reverse=True)
_FILLER_ZH_RX = re.compile("|".join(map(re.escape, _FILLER_ZH)) + f"|{_ERASE_ZH}")
_BA = re.compile(rf"^(?:请|請|麻烦|麻煩|帮我|幫我)?(?:你)?(?:把|将|將)(?P<rest>.+?)"
                 rf"(?:都|全部|全都|全|通通|统统|統統)?{_ERASE_ZH}(?:吧|了|掉)?$")


def _clean(text: str) -> str:
    return text.strip().rstrip(".。!！?？ ")


def _wipes_en(text: str) -> bool:
    m = _ERASE_EN.match(text)
    if m is None:
        return False
    rest = m.group("rest")
    words = re.findall(r"[a-z']+", rest.lower())
    if _WHOLE_EN.match(rest):
        return True
    return (bool(_ALL_EN.search(rest)) and bool(_ME_EN.search(rest))
            and all(w in _FILLER_EN for w in words))


def _wipes_zh(text: str) -> bool:
    if not re.search(_ERASE_ZH, text) or re.match(r"^我.{0,3}忘", text):
        return False  # "我都忘记了" is the user forgetting
    return (bool(_ALL_ZH.search(text)) and bool(_ME_ZH.search(text))
            and not re.search(r"\w", _FILLER_ZH_RX.sub("", text).replace("，", "")))


def wipes(message: str) -> bool:
    """Whether ``message`` asks to forget everything stored about the user."""
    text = _clean(message)
    return _wipes_en(text) or _wipes_zh(text)


def named_forget(message: str) -> str | None:
    """What a Chinese "把 X 忘掉/删掉" names (None: not that shape)."""
    m = _BA.match(_clean(message))
    return m.group("rest").strip() if m else None
