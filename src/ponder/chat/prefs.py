"""Answer preferences: what a preference says, read from a user's words or a memory's text.

One reader serves both sides, so what is learned is exactly what is applied:

    settings_in("Answer in traditional Chinese") -> [Setting("answer", "script", "traditional")]
    requests_in("用繁體中文回答") -> [Setting(...)]   # only when the words ask for it

Slots (subject, slot): ("answer", "language") en|zh, ("answer", "script")
traditional|simplified, ("answer", "length") short|long|max:N (at most N sentences, N in
1..10; "short" is at most 2, so "max:2" is written "short"), ("answer", "format")
bullets|prose, ("answer", "tone") formal|casual, ("citations", "style") brief|full,
("citations", "show") off|on.

Cue words are read anywhere in a sentence ("不要显示引用了", "three sentences at most",
"请把出处标出来"); when a sentence names both values of a slot, the last one not refused
wins ("不要繁体，用简体"). A sentence is a request when nothing else in it asks for work on
the documents (``only_request_words``); misspellings by one letter are read as meant.
Every word list and tolerance here was fitted on tests/chat/data/intents_tuning.jsonl
and is judged on intents_heldout.jsonl (tools/measure_intents.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..text.script import HAN


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


MAX_SENTENCES = 10
_MAX_PHRASE = re.compile(r"^Keep answers to at most (\d+) sentences?$")


def sentences_value(n: int) -> str:
    """The length value for "at most ``n`` sentences" (``n`` in 1..MAX_SENTENCES)."""
    return "short" if n == 2 else f"max:{n}"


def max_sentences(value: str | None) -> int | None:
    """How many sentences a length value allows (None: no limit)."""
    if value == "short":
        return 2
    if value and value.startswith("max:") and value[4:].isdigit():
        return int(value[4:])
    return None


def phrase(setting: Setting) -> str:
    if setting.key == ("answer", "length") and setting.value.startswith("max:"):
        n = max_sentences(setting.value)
        return f"Keep answers to at most {n} sentence{'s' if n != 1 else ''}"
    return PHRASES[(setting.subject, setting.slot, setting.value)]


def phrased(text: str) -> Setting | None:
    """The setting a memory's text was written from by ``phrase`` (None: not one)."""
    for (subject, slot, value), said in PHRASES.items():
        if said == text:
            return Setting(subject, slot, value)
    m = _MAX_PHRASE.match(text)
    if m and 1 <= int(m.group(1)) <= MAX_SENTENCES:
        return Setting("answer", "length", sentences_value(int(m.group(1))))
    return None


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Cue words, read anywhere in a sentence: what a slot is about, and which value it names.
_TRAD = _rx(r"traditional(?:\s+(?:chinese|characters|script))?|繁體|繁体|正體|正体")
_SIMP = _rx(r"simplified(?:\s+(?:chinese|characters|script))?|简体|簡體|简化字|簡化字")
_EN = _rx(r"\benglish\b|英文|英语|英語")
_ZH = _rx(r"\b(?:chinese|mandarin)\b|中文|汉语|漢語|华语|華語|普通话|普通話|国语|國語")
_NOT = _rx(r"(?:\b(?:no|not|never|without|don'?t|do\s+not|rather\s+than|instead\s+of|stop|"
           r"hate|dislike|can'?t\s+stand)\b|不要|不用|别|別|不必|不需要|无需|無需|不喜欢|不喜歡|"
           r"不惯|不慣|看不懂|而不是|不是|讨厌|討厭|受不了)[^,.;，。；]{0,12}$")
# The value a comparison puts second, right before it is named: "bullets better than
# paragraphs", "traditional over simplified", "比起段落(我更喜欢要点)", "要点胜过段落"
# Words describing it may come between ("better than long paragraphs", "over walls of
# text"); "prefer X to Y" puts Y second too
_DESCRIBED = (r"(?:(?:the|a|an|using|writing\s+in|long|longer|lengthy|big|huge|dense|wordy|"
              r"plain|regular|normal|usual|boring|full|short|shorter|simple|numbered|neat|"
              r"those|these|walls?\s+of|blocks?\s+of|lots\s+of)\s+){0,3}")
_THAN = _rx(rf"(?:\b(?:than|over)\s+{_DESCRIBED}|比起?|胜过|勝過|多于|多於)$")
_PREFER_TO = _rx(rf"\bprefer(?:s|red)?\b.*\bto\s+{_DESCRIBED}$")
# A comparison that puts the value after it first: "paragraphs are worse than bullets"
_WORSE_THAN = _rx(rf"\b(?:worse|inferior|harder\s+to\s+read|less\s+\w+)\s+(?:than|to)\s+"
                  rf"{_DESCRIBED}$|(?:不如|比不上)$")
# A value judged badly right after it is named: "bullet points are annoying", "列表很烦"
_BAD_AFTER = _rx(r"^(?:\s*(?:form|style))?\s*(?:are|is|were|was|look|looks|feel|"
                 r"feels|get|gets)\s+(?:so\s+|really\s+|too\s+|very\s+|kind\s+of\s+)?"
                 r"(?:annoying|irritating|distracting|ugly|messy|cluttered|bad|awful|terrible|"
                 r"unreadable|hard\s+to\s+read)\b|"
                 r"^\s*(?:are|is|were|was|look|looks|feel|feels|get|gets)\s+(?:much\s+|way\s+|"
                 r"a\s+lot\s+|far\s+)?(?:worse|inferior|harder\s+to\s+read|less\s+\w+)\b|"
                 r"^\s*(?:不如|比不上)|"
                 r"^.{0,2}(?:很烦|太烦|好烦|烦人|很煩|太煩|好煩|煩人|难看|難看|很乱|太乱|很亂|太亂)")
_FEW = r"(?:one|two|three|1|2|3|a\s+couple\s+of|a\s+few|couple\s+of)"
_SHORT = _rx(r"\b(?:short|shorter|brief|briefer|briefly|concise|succinct|terse|compact|tl;?dr|"
             r"less\s+verbose|to\s+the\s+point|too\s+long|so\s+long|shorten)\b|"
             rf"\b{_FEW}\s+sentences?\b|\bsentences?\s+(?:max|maximum|at\s+most|tops)\b|"
             r"\b(?:one|single)[- ]sentence\b|"
             r"简短|簡短|简洁|簡潔|精简|精簡|简练|簡練|简要|簡要|扼要|言简意赅|言簡意賅|"
             r"短一?[点點些]|短些|简单[点點]|簡單[點点]|太长|太長|啰嗦|囉嗦|冗长|冗長|"
             r"[一两兩二三1-3]{1,2}句")
_LONG = _rx(r"\b(?:detailed|detail|details|longer|thorough|thoroughly|depth|in-depth|elaborate|"
            r"comprehensive|expand|fuller|too\s+short)\b|"
            r"详细|詳細|详尽|詳盡|具体[点點些]|具體[點点些]|展开|展開|深入|长一?[点些]|長一?[點些]|"
            r"多[写寫说說讲講]|太短")
# A number of sentences ("three sentences at most", "keep it to one sentence", "最多三句话",
# "回答不超过4句"): at most that many (1..10)
_NUMBERS = {"one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "一": 1, "二": 2, "两": 2, "兩": 2,
            "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT = _rx(r"(?<![0-9一二两兩三四五六七八九十])(?P<n>10|[1-9]|[一二两兩三四五六七八九十])\s*句"
             r"|\b(?P<w>10|[1-9]|one|single|two|three|four|five|six|seven|eight|nine|ten)"
             r"[- ]sentences?\b")
_TOO_SHORT = _rx(r"\btoo\s+short\b|太短")
_PROSE = _rx(r"\b(?:prose|paragraphs?|full\s+sentences)\b|段落|成段|整段")
_BULLETS = _rx(r"\bbullet(?:ed|s)?(?:\s+(?:points?|lists?))?\b|\b(?:numbered\s+|itemi[sz]ed\s+)?"
               r"lists?\b|\bpoint\s+form\b|\bnumbered\b|\bitemi[sz]ed\b|"
               r"要点|要點|分点|分點|列表|条目|條目|条列|條列|分条|分條|列点|列點|逐条|逐條|"
               r"项目符号|項目符號|清单|清單|列出")
_CITE = _rx(r"\b(?:cite|cites|citing|citations?|references?|refs?|sources?|footnotes?)\b|"
            r"引用|出处|出處|引文|参考|參考|来源|來源|注释|註釋|标注|標注")
_CITE_BRIEF = _rx(r"\bcite\s+briefly\b|\bbrief(?:er)?\s+(?:citations?|references?)\b|"
                  r"\btitles?\s+only\b|\b(?:only|just)\s+(?:give\s+)?(?:the\s+)?titles?\b|"
                  r"\b(?:without|no)\s+quotes\b|只(?:要|列|给|給)?(?:标题|標題)|"
                  r"不要引文|(?:标题|標題)就[行好可]")
_CITE_FULL = _rx(r"\b(?:full|exact|whole|complete)\s+quotes?\b|\bwith\s+quotes\b|"
                 r"\bquote\s+(?:them\s+|the\s+sources?\s+)?in\s+full\b|"
                 r"完整引文|完整引用|引文全文|引文.{0,4}完整|完整.{0,4}引文")
_CITE_OFF = _rx(r"\b(?:no|not|never|without|hide|hidden|don'?t|do\s+not|stop|remove|drop|skip|"
                r"off|rid|omit|leave\s+out|rather\s+not)\b|不要|不用|别|別|不必|不需要|无需|無需|"
                r"去掉|删掉|刪掉|删除|刪除|省略|隐藏|隱藏|拿掉|取消|不显示|不顯示|免")
_CITE_ON = _rx(r"\b(?:show|shown|displayed|visible|include|add|with|see|back|on|mark|put|want|"
               r"need|keep|always)\b|"
               r"显示|顯示|加上|附上|标出|標出|标上|標上|标明|標明|注明|註明|带上|帶上|"
               r"给出|給出|要|需要")
_FORMAL = _rx(r"\b(?:formal|formally|professional|professionally|polite|politely)\b|"
              r"正式|礼貌|禮貌|严肃|嚴肅|书面|書面")
_CASUAL = _rx(r"\b(?:casual|casually|informal|informally|relaxed|friendly|conversational|"
              r"chatty|laid[- ]back)\b|随意|隨意|轻松|輕鬆|口语化|口語化|随便|隨便|活泼|活潑")
_LESS_FORMAL = _rx(r"\b(?:less|not\s+so|not\s+too|not)\s+formal|"
                   r"(?:不要|不用|别|別|不必)太?(?:正式|严肃|嚴肅)")

# A sentence is a request about answers when its words are these (and a few others):
# "please answer in traditional Chinese" is, "write a short summary of the interview" is not.
_VOCAB_EN_WORDS = """
    please pls plz kindly from now on always in future going forward could can would will you
    i i'd id i'm im like want need prefer it if to get let's lets answer answers answering
    answered reply replies respond response responses write writing speak talk keep make be
    use using give format cite citing show list put me my your the a an with as and only just
    of but also more less shorter short brief briefly briefer concise succinct detailed longer
    detail details thorough depth english chinese mandarin traditional simplified characters
    character script bullet bulleted bullets point points lists prose paragraphs paragraph full
    sentence sentences no not without don't dont stop titles title quotes quote exact whole
    compact citations citation references reference sources source refs ref footnote
    footnotes at most max maximum two 2 three 3 one 1 them thanks thank ok okay should must
    instead rather than form style way hide hidden include add adding showing formal formally
    professional professionally polite politely casual casually informal informally relaxed
    friendly conversational chatty laid-back laid back tone voice bit little too so again
    when for is are was were off see back mark marks numbers number enough fine better best
    love enjoy switch change go stay start starting begin lead intro all any anymore any more
    each every per this that these those there here they their do does done up out into
    remove drop skip omit rid leave numbered it's its much very really please prefer
    preferred preference terse tl;dr tldr point verbose long shorten expand elaborate
    comprehensive in-depth fuller couple few single tops limit limited hate dislike
    four five six seven eight nine ten 4 5 6 7 8 9 10 exceed over within under up
    shown displayed visible annoying irritating distracting ugly messy cluttered normal
    regular plain usual ordinary
"""
_VOCAB_EN = frozenset(_VOCAB_EN_WORDS.split())
_SPELLABLE = tuple(sorted(w for w in _VOCAB_EN if len(w) >= 5))
_VOCAB_ZH_WORDS = """
    从现在起 從現在起 从现在开始 從現在開始 现在 現在 麻烦 麻煩 以后 以後 今后 今後 之后 之後
    希望 想要 喜欢 喜歡 偏好 总是 總是 使用 繁體 繁体 正體 正体 简体 簡體 简化字 簡化字 中文
    英文 英语 英語 汉语 漢語 华语 華語 普通话 普通話 国语 國語 回答 回复 回覆 答案 作答 答复
    答覆 答 简短 簡短 简洁 簡潔 精简 精簡 简练 簡練 简要 簡要 扼要 详细 詳細 详尽 詳盡 具体
    具體 一点 一點 一些 分点 分點 要点 要點 列表 列出 条目 條目 条列式 條列式 条列 條列 分条
    分條 列点 列點 逐条 逐條 清单 清單 段落 成段 整段 形式 方式 格式 引用 出处 出處 来源 來源
    参考 參考 注释 註釋 标题 標題 不要 引文 完整 进行 進行 以内 以內 不超过 不超過 最多 至多
    两句 兩句 可以 句话 句話 中文字 开头 開頭 结尾 結尾 每次 每条 每條 一律 统一 統一 都用
    请 請 我 要 都 你 您 用 以 写 寫 说 說 讲 講 些 点 點 地 的 得 吧 啊 呀 呢 哦 啦 嘛 好 只 别
    別 来 來 给 給 话 話 句 短 长 長 一 二 三 两 兩 字 和 并 並 且 也 就 行 能 吗 嗎 把 成 个
    個 了 再 还 還 太 很 更 多 少 够 夠 即可 就行 就好 可 以上 下 内 內 在 时 時 候 时候 時候
    不用 不需要 无需 無需 不必 显示 顯示 加上 附上 标注 標注 标出 標出 标上 標上 标明 標明
    注明 註明 带上 帶上 给出 給出 去掉 删掉 刪掉 省略 隐藏 隱藏 拿掉 取消 超过 超過 控制
    更加 比较 比較 最好 宁愿 寧願 宁可 寧可 倾向 傾向 改用 改成 改为 改為 换成 換成 换 換 改
    还是 還是 语气 語氣 口吻 风格 風格 正式 礼貌 禮貌 严肃 嚴肅 书面 書面 随意 隨意 轻松 輕鬆
    口语化 口語化 随便 隨便 活泼 活潑 说话 說話 太长 太長 啰嗦 囉嗦 冗长 冗長 展开 展開 深入
    别再 別再 不喜欢 不喜歡 不惯 不慣 看不惯 看不慣 是 这样 這樣 那样 那樣 方面 其他
    四 五 六 七 八 九 十 1 2 3 4 5 6 7 8 9 10 回我 答我
"""
_VOCAB_ZH = sorted(_VOCAB_ZH_WORDS.split(), key=len, reverse=True)
_ZH_VOCAB = re.compile("|".join(map(re.escape, _VOCAB_ZH)))
# Words that ask for a piece of work on the documents, never for a way of answering.
_TASK = _rx(r"\b(?:summari[sz]e|summary|summaries|explain|describe|translate|tell|"
            r"what|who|whom|whose|why|where|which|how)\b|总结|總結|概括|归纳|歸納|介绍|介紹|"
            r"解释|解釋|翻译|翻譯|讲讲|講講|说说|說說|谈谈|談談|什么|什麼|怎么|怎麼|为什么|為什麼|"
            r"哪|谁|誰|如何")
# Words outside the request vocabulary a request may still hold: latin words and Chinese
# characters (Chinese has no spaces to find words by); a name or number outside it never
# ("show me the sources for Sora" is a question). On tests/chat/data/intents_tuning.jsonl
# any EXTRA_EN in 0..3 and EXTRA_ZH in 1..4 read every message right: 1 is kept for
# English (one unknown word: "switch", "pronto"), the lower middle for Chinese.
EXTRA_EN = 1
EXTRA_ZH = 2
# Words naming the answers themselves (or a part of them)
_ANSWERS = _rx(r"\b(?:answers?|answering|repl(?:y|ies)|respon(?:d|ses?)|cite|citations?|"
               r"references?|sources?|format|formatted|tone|sentences?|bullets?|bulleted|lists?|"
               r"paragraphs?|quotes?)\b|回答|回复|回覆|答案|答复|答覆|作答|语气|語氣|格式|引用|"
               r"出处|出處|来源|來源|句|要点|要點|列表|条列|條列|段落|标题|標題|回我|答我")
_QUESTION = re.compile(r"[?？]\s*$|[吗嗎]\s*$")


def _near(word: str, known: str) -> bool:
    """One letter added, dropped or changed ("answr", "englsh")."""
    if abs(len(word) - len(known)) > 1 or word[0] != known[0]:
        return False
    if len(word) == len(known):
        return sum(a != b for a, b in zip(word, known, strict=True)) == 1
    short, long_ = sorted((word, known), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _spelled(word: str) -> str:
    """``word``, or the request word it misspells by one letter (words of 4+ letters)."""
    if word in _VOCAB_EN or len(word) < 4:
        return word
    return next((k for k in _SPELLABLE if _near(word, k)), word)


# Chat shorthand, read as the words it stands for ("can u stop w the bullets", "thx")
SHORTHAND = {"u": "you", "ur": "your", "r": "are", "w": "with", "abt": "about", "thx": "thanks",
             "plz": "please", "pls": "please", "chars": "characters", "whats": "what's",
             "im": "i'm", "dont": "don't", "tmrw": "tomorrow", "msg": "message", "b4": "before"}
_SHORTHAND = re.compile(r"(?<![\w'’-])(" + "|".join(map(re.escape, SHORTHAND)) + r")(?![\w'’-])",
                        re.I)


def unabbreviated(text: str) -> str:
    """``text`` with chat shorthand written out (case kept elsewhere)."""
    return _SHORTHAND.sub(lambda m: SHORTHAND[m.group().lower()], text)


# Changing one's mind, said around a request: "on second thought, show me the citations
# again", "citations should be shown after all", "其实还是用中文回答吧": read without them
_RETHINK = _rx(r"^(?:on\s+second\s+thoughts?|actually|come\s+to\s+think\s+of\s+it|"
               r"(?:i(?:'ve)?\s+)?changed\s+my\s+mind|wait|hmm+|oh|ok(?:ay)?\s+so|so)"
               r"(?:\s*[,:;-]\s*|\s+)|\s*,?\s*\bafter\s+all\b|^(?:其实|其實|想了想|我改主意了|"
               r"改主意了|我想了想)[，,：:]?")


def normalized(sentence: str) -> str:
    """``sentence`` with shorthand written out, misspelled request words spelled right and
    words of changing one's mind left out (lower case)."""
    text = unabbreviated(sentence.lower().replace("’", "'"))
    text = _RETHINK.sub(" ", text).strip()
    return re.sub(r"[a-z][a-z']+", lambda m: _spelled(m.group()), text)


def extra_words(sentence: str) -> tuple[int, int]:
    """(latin words, Chinese characters) of ``sentence`` that are not request vocabulary."""
    words = re.findall(r"[a-z0-9][a-z0-9';.-]*[a-z0-9]|[a-z0-9]", sentence.lower())
    latin = sum(w not in _VOCAB_EN for w in words)
    han = len(re.findall(f"[{HAN}]", _ZH_VOCAB.sub("", sentence)))
    return latin, han


def _names(sentence: str) -> bool:
    """Whether ``sentence`` holds a name or number that is not request vocabulary
    ("Sora", "GPT-5", "3.11"; not the first word, which is capitalised anyway)."""
    found = list(re.finditer(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*", sentence))
    first = found and not sentence[:found[0].start()].strip()
    words = [m.group() for m in found[1:] if first] + [m.group() for m in found if not first]
    return any((w[0].isupper() or any(c.isdigit() for c in w))
               and w.lower() not in _VOCAB_EN and w.lower() not in ("i", "i'd", "i'm")
               for w in words)


def only_request_words(sentence: str) -> bool:
    """True when ``sentence`` is phrased as a request about answers: no piece of work asked
    of the documents, and at most ``EXTRA_EN`` / ``EXTRA_ZH`` other words (none in a
    question)."""
    text = normalized(sentence)
    if _TASK.search(text) or _names(sentence):
        return False
    latin, han = extra_words(text)
    if not (latin or han):
        return True
    if _QUESTION.search(text) or not _ANSWERS.search(text):
        return False  # other words only in a sentence about answers: not "I teach English"
    return latin <= EXTRA_EN and han <= EXTRA_ZH


def rejected(text: str, m: re.Match[str]) -> bool:
    """Whether the value named at ``m`` is turned down: negated before it ("I hate
    bullet points", "不要繁体"), put second in a comparison ("… better than paragraphs",
    "比起段落…"), or judged badly after it ("bullet points are annoying")."""
    before = text[:m.start()]
    if _WORSE_THAN.search(before):
        return False  # "paragraphs are worse than bullets": bullets preferred
    return bool(_NOT.search(before) or _THAN.search(before) or _PREFER_TO.search(before)
                or _BAD_AFTER.search(text[m.end():]))


def _pick(text: str, values: dict[str, re.Pattern[str]]) -> str | None:
    """The value named last in ``text`` and not turned down ("不要繁体，用简体" ->
    simplified; "bullet points better than paragraphs" -> bullets)."""
    best: tuple[int, str] | None = None
    for value, pattern in values.items():
        for m in pattern.finditer(text):
            if rejected(text, m) and len(values) > 1:
                continue
            if best is None or m.start() > best[0]:
                best = (m.start(), value)
    return None if best is None else best[1]


def _language(text: str) -> list[Setting]:
    script = _pick(text, {"traditional": _TRAD, "simplified": _SIMP})
    if script is not None:
        return [Setting("answer", "script", script)]
    if _TRAD.search(text) or _SIMP.search(text):
        return []
    language = _pick(text, {"en": _EN, "zh": _ZH})
    return [] if language is None else [Setting("answer", "language", language)]


def _citations(text: str) -> list[Setting]:
    if not _CITE.search(text):
        return []
    if _CITE_BRIEF.search(text):
        return [Setting("citations", "style", "brief")]
    if _CITE_FULL.search(text):
        return [Setting("citations", "style", "full")]
    if _CITE_OFF.search(text):
        return [Setting("citations", "show", "off")]
    if _CITE_ON.search(text):
        return [Setting("citations", "show", "on")]
    return []


def sentence_count(text: str) -> int | None:
    """The largest number of sentences ``text`` names, when in 1..10 ("两三句" -> 3)."""
    found = [m.group("n") or m.group("w") for m in _COUNT.finditer(text)]
    counts = [int(w) if w.isdigit() else _NUMBERS[w.lower()] for w in found]
    counts = [n for n in counts if 1 <= n <= MAX_SENTENCES]
    return max(counts) if counts else None


def _length(text: str) -> list[Setting]:
    if _CITE.search(text) and _CITE_BRIEF.search(text):
        return []  # "cite briefly" is about citations
    n = sentence_count(text)
    if n is not None and not _TOO_SHORT.search(text):
        return [Setting("answer", "length", sentences_value(n))]
    if _TOO_SHORT.search(text) or (_LONG.search(text) and not _SHORT.search(text)):
        return [Setting("answer", "length", "long")]
    if _SHORT.search(text):
        return [Setting("answer", "length", "short")]
    return []


def _format(text: str) -> list[Setting]:
    """Bullets or prose: the value preferred (``_pick``), or, when every value named is
    turned down, the other one ("I hate bullet points", "我讨厌要点" -> prose)."""
    values = {"bullets": _BULLETS, "prose": _PROSE}
    chosen = _pick(text, values)
    if chosen is None:
        named = [v for v, p in values.items() if p.search(text)]
        if len(named) != 1:
            return []
        chosen = "prose" if named[0] == "bullets" else "bullets"
    return [Setting("answer", "format", chosen)]


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
    found = settings_in(normalized(sentence))
    return found if found and only_request_words(sentence) else []
