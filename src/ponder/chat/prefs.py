"""Answer preferences: what a preference says, read from a user's words or a memory's text.

One reader serves both sides, so what is learned is exactly what is applied:

    settings_in("Answer in traditional Chinese") -> [Setting("answer", "script", "traditional")]
    requests_in("用繁體中文回答") -> [Setting(...)]   # only when the words ask for it

Slots (subject, slot): ("answer", "language") en|zh, ("answer", "script")
traditional|simplified, ("answer", "length") short|long, ("answer", "format")
bullets|prose, ("answer", "tone") formal|casual, ("citations", "style") brief|full,
("citations", "show") off|on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..text.script import has_cjk


@dataclass(frozen=True)
class Setting:
    subject: str
    slot: str
    value: str

    @property
    def key(self) -> tuple[str, str]:
        return self.subject, self.slot


# How each setting is written as a memory (the text the user sees in 'ponder memory list').
PHRASES = {
    ("answer", "language", "en"): "Answer in English",
    ("answer", "language", "zh"): "Answer in Chinese",
    ("answer", "script", "traditional"): "Answer in traditional Chinese",
    ("answer", "script", "simplified"): "Answer in simplified Chinese",
    ("answer", "length", "short"): "Keep answers short (at most 2 sentences)",
    ("answer", "length", "long"): "Give detailed answers",
    ("answer", "format", "bullets"): "Use bullet points",
    ("answer", "format", "prose"): "Answer in prose, without bullet points",
    ("answer", "tone", "formal"): "Use a formal tone",
    ("answer", "tone", "casual"): "Use a casual tone",
    ("citations", "style", "brief"): "Cite briefly: titles only, no quotes",
    ("citations", "style", "full"): "Cite with full quotes",
    ("citations", "show", "off"): "Hide citation marks in answers",
    ("citations", "show", "on"): "Show citation marks in answers",
}


def phrase(setting: Setting) -> str:
    return PHRASES[(setting.subject, setting.slot, setting.value)]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_TRAD = _rx(r"traditional\s+(?:chinese|characters|script)|繁體|繁体|正體|正体")
_SIMP = _rx(r"simplified\s+(?:chinese|characters|script)|简体|簡體|简化字")
_EN = _rx(r"\benglish\b|英文|英语|英語")
_ZH = _rx(r"\b(?:chinese|mandarin)\b|中文|汉语|漢語|华语|華語")
_SHORT = _rx(r"\b(?:short|shorter|brief|briefer|concise|succinct)\b|简短|簡短|简洁|簡潔|"
             r"短一[点點些]|短些|简单[点點]|簡單[點点]|"
             r"\b(?:one|two|1|2)\s+sentences?\b|[一两兩二]句话|[一两兩二]句話")
_LONG = _rx(r"\b(?:detailed|longer|in\s+detail|thorough|in\s+depth)\b|详细|詳細|具体[点點]")
_NO_BULLETS = _rx(r"\b(?:no|without|not\s+in|don'?t\s+use|stop\s+using)\s+"
                  r"(?:bullet|bulleted|lists?)|\bin\s+(?:prose|paragraphs|full\s+sentences)\b|"
                  r"不要(?:用)?(?:列表|要点|要點|分点|分點)")
_BULLETS = _rx(r"\bbullet(?:ed)?(?:\s+(?:points?|lists?))?\b|\bbullets\b|\bas\s+a\s+list\b|"
               r"要点|要點|分点|分點|列表|条目|條目|列出")
_CITE = _rx(r"\b(?:cite|cites|citing|citations?|references?|sources)\b|引用|出处|出處|引文|参考")
_CITE_BRIEF = _rx(r"\b(?:brief(?:ly)?|short|compact|titles?\s+only|only\s+(?:the\s+)?titles?|"
                  r"just\s+(?:the\s+)?titles?|without\s+quotes|no\s+quotes)\b|简短|簡短|只(?:要|列)?标题|只(?:要|列)?標題|不要引文")
_CITE_OFF = _rx(r"\b(?:no|without|hide|don'?t\s+(?:show|include|add|use)|stop\s+(?:showing|adding))"
                r"\s+(?:the\s+)?(?:citations?|references?|sources|cites?)\b|\bdon'?t\s+cite\b|"
                r"(?:不要|不用|别|別|不需要|无需|無需)(?:再)?(?:显示|顯示|标|標|标注|標注)?"
                r"(?:引用|出处|出處)")
_CITE_ON = _rx(r"\b(?:show|include|add|with)\s+(?:the\s+)?(?:citations?|references?|sources)\b|"
               r"(?:显示|顯示|加上|附上|标注|標注|要|需要)(?:引用|出处|出處)")
_CITE_FULL = _rx(r"\b(?:full\s+quotes?|with\s+quotes|exact\s+quotes?|quote\s+in\s+full|"
                 r"whole\s+quotes?)\b|完整引文|完整引用|引文全文")
_FORMAL = _rx(r"\b(?:formal|formally|professional|professionally|polite|politely)\b|"
              r"正式|礼貌|禮貌|严肃|嚴肅|书面|書面")
_CASUAL = _rx(r"\b(?:casual|casually|informal|informally|relaxed|friendly|conversational|"
              r"chatty|laid[- ]back)\b|随意|隨意|轻松|輕鬆|口语化|口語化|随便|隨便|活泼|活潑")
_LESS_FORMAL = _rx(r"\b(?:less|not\s+so|not\s+too|not)\s+formal|"
                   r"(?:不要|不用|别|別|不必)太?(?:正式|严肃|嚴肅)")

# A sentence is a request about answers when every word of it is one of these: "please
# answer in traditional Chinese" is, "write a short summary of the interview" is not.
_VOCAB_EN_WORDS = """
    please pls kindly from now on always in future going forward could can would will you i i'd
    id like want need prefer it if to get let's lets answer answers answering reply replies
    respond response responses write speak talk keep make be use using give format cite citing
    show list put me my your the a an with as and only just of but also more less shorter short
    brief briefly briefer concise succinct detailed longer detail thorough depth english chinese
    mandarin traditional simplified characters script bullet bulleted bullets point points lists
    prose paragraphs paragraph full sentence sentences no not without don't dont stop titles
    title quotes quote exact whole compact citations citation references reference sources
    source at most two 2 three 3 one 1 them thanks thank ok okay should must instead rather
    than form style way hide include add adding showing cite sentences
    formal formally professional professionally polite politely casual casually informal
    informally relaxed friendly conversational chatty laid-back laid back tone voice bit little
    too so
"""
_VOCAB_EN = frozenset(_VOCAB_EN_WORDS.split())
_VOCAB_ZH_WORDS = """
    从现在起 從現在起 麻烦 麻煩 以后 以後 今后 今後 希望 想要 喜欢 喜歡 偏好 总是
    總是 使用 繁體 繁体 正體 正体 简体 簡體 中文 英文 英语 英語 汉语 漢語 回答 回复
    回覆 答案 作答 答复 答覆 简短 簡短 简洁 簡潔 详细 詳細 具体 具體 一点 一點 一些
    分点 分點 要点 要點 列表 列出 条目 條目 形式 方式 引用 出处 出處 标题 標題 不要
    引文 完整 进行 進行 以内 以內 不超过 不超過 两句 兩句 可以 句话 句話 中文字
    请 請 我 要 都 你 您 用 以 写 寫 说 說 些 点 點 地 的 得 吧 啊 呢 哦 好 只 别 別
    来 來 给 給 话 話 句 短 长 長 一 二 两 兩 字 和 并 並 且 也 就 行 能 吗 嗎 把 成 个 個
    不用 不需要 无需 無需 显示 顯示 加上 附上 标注 標注 时 時 超过 超過
    更 更加 比较 比較 最好 宁愿 寧願 宁可 寧可 倾向 傾向 改用 改成 改为 改為 换成 換成 还是 還是
    语气 語氣 口吻 风格 風格 正式 礼貌 禮貌 严肃 嚴肅 书面 書面 随意 隨意 轻松 輕鬆 口语化
    口語化 随便 隨便 活泼 活潑 说话 說話 太 不必 别 別
"""
_VOCAB_ZH = sorted(_VOCAB_ZH_WORDS.split(), key=len, reverse=True)
_ZH_VOCAB = re.compile("|".join(map(re.escape, _VOCAB_ZH)))


def only_request_words(sentence: str) -> bool:
    """True when every word of ``sentence`` is request vocabulary (and it has some)."""
    words = re.findall(r"[a-z0-9']+", sentence.lower().replace("’", "'"))
    return not has_cjk(_ZH_VOCAB.sub("", sentence)) and all(w in _VOCAB_EN for w in words)


def _language(text: str) -> list[Setting]:
    if _TRAD.search(text):
        return [Setting("answer", "script", "traditional")]
    if _SIMP.search(text):
        return [Setting("answer", "script", "simplified")]
    if _EN.search(text) and not _ZH.search(text):
        return [Setting("answer", "language", "en")]
    if _ZH.search(text) and not _EN.search(text):
        return [Setting("answer", "language", "zh")]
    return []


def _citations(text: str) -> list[Setting]:
    if not _CITE.search(text):
        return []
    if _CITE_OFF.search(text):
        return [Setting("citations", "show", "off")]
    if _CITE_BRIEF.search(text):
        return [Setting("citations", "style", "brief")]
    if _CITE_FULL.search(text):
        return [Setting("citations", "style", "full")]
    if _CITE_ON.search(text):
        return [Setting("citations", "show", "on")]
    return []


def _length(text: str) -> list[Setting]:
    if _CITE.search(text) and _CITE_BRIEF.search(text):
        return []  # "cite briefly" is about citations
    if _SHORT.search(text):
        return [Setting("answer", "length", "short")]
    if _LONG.search(text):
        return [Setting("answer", "length", "long")]
    return []


def _format(text: str) -> list[Setting]:
    if _NO_BULLETS.search(text):
        return [Setting("answer", "format", "prose")]
    if _BULLETS.search(text):
        return [Setting("answer", "format", "bullets")]
    return []


def _tone(text: str) -> list[Setting]:
    if _LESS_FORMAL.search(text):
        return [Setting("answer", "tone", "casual")]
    formal, casual = bool(_FORMAL.search(text)), bool(_CASUAL.search(text))
    if formal != casual:
        return [Setting("answer", "tone", "formal" if formal else "casual")]
    return []


READERS: tuple[Callable[[str], list[Setting]], ...] = (_citations, _language, _length, _format,
                                                       _tone)


def settings_in(text: str) -> list[Setting]:
    """Every setting the words of ``text`` name (for a memory already known to be one)."""
    found: list[Setting] = []
    for read in READERS:
        found += [s for s in read(text) if s.key not in {f.key for f in found}]
    return found


def requests_in(sentence: str) -> list[Setting]:
    """The settings one sentence of the user asks for; none when it asks for something else.

    A request is phrased only in words about answers ("please answer in traditional
    Chinese", "keep answers short", "用繁體中文回答"); "What is short selling?" and
    "write a short summary of the interview" are not requests.
    """
    found = settings_in(sentence)
    return found if found and only_request_words(sentence) else []
