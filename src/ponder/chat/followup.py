"""Follow-up questions resolved against the conversation.

    asked = [Asked("What does PEP 657 add?", titles=("What’s New In Python 3.11",))]
    found = resolve("Who contributed it?", asked, weigh=library_weigh(library))
    found.question   # "Who contributed PEP 657?"
    found.followup   # True: read against the conversation (its documents are preferred)
    found.how        # "rules", "model", or None when nothing was rewritten

A message is a follow-up when there was an earlier question and it points back: a
pronoun (it, he, she, they, this, that, 它, 他, 她, 这, 其), an opening such as "and …",
"what about …", "那…呢", or a subject left out ("tell me more", "why?", "是谁贡献的？"),
or when it says too little of its own to be searched for (the weight of its own key
terms is under ``fitted().followup_below``).

A message that withdraws the question before ("scratch that", "never mind", "算了",
"当我没问") is no follow-up and no question: ``Resolved.cancel`` (see ``is_cancel``).
When a question follows the withdrawal ("scratch that, how do I read a file's text with
it?", "算了，换个问题：…"), the question is resolved without the one withdrawn.

Rules, over the key terms of the earlier questions (runs of content words, weighted by
how rare they are in the library, cut to their noun phrases: a run loses the verbs,
adverbs, numerals … it starts or ends with or holds, by jieba's part-of-speech tags in
Chinese and, in English, the word after "do I", "can we", "to" …; "how do I create a
virtual environment?" is about "virtual environment", not "create", and 奥特曼有多担心AI
的安全？ about "AI的安全", not 多) and the passages just cited (their speakers):

1. "he"/"他" becomes the person asked about (a name followed by "say", "think", "怎么看",
   "认为" …, in Chinese the question's first phrase when jieba tags it a name, or the
   speaker of a cited passage); "it"/"它"/"其", and "one" standing alone ("how do I
   create one?"), the heaviest other phrase (or, when the earlier question named
   nothing, the title of the document cited).
2. "what about X?" / "and X?" / "X呢？" puts X in place of the earlier topic. When X is a
   time or a place ("in 2025", "on Unix", "后来", "在Unix上"), it replaces a modifier of
   the same kind in the earlier question ("on Windows", "in 2024", "在Windows上", "2023年"),
   or, when there is none, is added to it. A manner ("recursively", "递归地") is always
   added, never put in place of the topic.
3. Anything still short of key terms of its own (under ``fitted().context_below``) and
   not naming the earlier topic gets the earlier question's key terms: "Tell me more
   about PEP 657", "Why? (about exception groups)", "关于开源，为什么？".

With a model backend the model rewrites (a short prompt through ``ponder.llm``); its
rewrite is kept only when it keeps every content word of the message and adds none
that the conversation did not say, otherwise the rules' rewrite is used. The two
thresholds are fitted on ``tests/chat/data/followups_tuning.jsonl`` (``fit``;
``python -m ponder.chat.followup LIBRARY TUNING.jsonl`` refits them) and stored in
``followup.json`` beside this module; figures on the held-out half are in
``tests/chat/test_chat_followups_eval.py``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..answer.terms import TermGroup, Weigher, is_content
from ..errors import ModelError
from ..llm import Backend, Message, complete
from ..store import Library
from ..text.normalize import matching_form
from ..text.pos import pos_tags
from ..text.script import HAN, language_of

Weigh = Callable[[Sequence[str]], list[float]]
How = Literal["rules", "model"]

DATA = Path(__file__).with_name("followup.json")
RECENT = 3  # earlier questions a follow-up may reach back to
MAX_CONTEXT = 3  # key phrases added to an elliptical follow-up
MODEL_TOKENS = 48

# -- words ------------------------------------------------------------------------------

PERSON_EN = {"he", "she", "him", "her", "his"}
THING_EN = {"it", "its", "they", "them", "their"}
DEMONSTRATIVE_EN = {"this", "that", "these", "those"}
POSSESSIVE_EN = {"his", "its", "their"}
SAY_EN = (r"say|says|said|think|thinks|thought|believe|believes|feel|feels|felt|ask|asks|"
          r"asked|mean|claim|claims|expect|expects|want|wants|predict|predicts|worry|"
          r"worries|like|likes|dislike|dislikes|respond|responded|reply|replied|answer|"
          r"answered|describe|described|explain|explained|mention|mentioned|admit|view|see")
SAY_ZH = (r"怎么看|怎麼看|如何看|怎样看|看待|认为|認為|觉得|覺得|说|說|表示|评价|評價|为什么|"
          r"為什麼|对|對|问|問|提到|谈到|談到|回应|回應|回答|担心|擔心|喜欢|喜歡|讨厌|討厭")
_AUX_EN = r"(?:did|does|do|would|will|has|had|is|was|can|could|should)"
# "and …", "so …": an opening that continues the conversation
OPENING_EN = re.compile(r"^\s*(?:and|but|so|then|also|ok(?:ay)?|what\s+else)\b", re.I)
OPENING_ZH = re.compile(r"^\s*(?:那么|那|而且|而|还有|還有|然后|然後|后来|後來|所以|另外|此外|"
                        r"是|可以|能不能|能否|具体|具體|详细|詳細|继续|繼續|再|举|舉)")
BARE_EN = re.compile(r"^\s*(?:why(?:\s+not)?|how(?:\s+so)?|when|where|who|really|"
                     r"tell\s+me\s+more|more|go\s+on|continue|details?|examples?|"
                     r"(?:(?:give|show)\s+(?:me\s+)?)?(?:an?|some|any|more)\s+examples?|"
                     r"show\s+me(?:\s+more)?|in\s+what\s+way|like\s+what|for\s+example)"
                     r"\s*[?.!]*\s*$", re.I)
ABOUT_EN = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*[?.!]*\s*$", re.I)
AND_EN = re.compile(r"^\s*and\s+(?P<x>(?!(?:what|who|why|how|when|where|which|does|did|do|is"
                    r"|was|are|were|can|could|would|will|should)\b).+?)\s*[?.!]*\s*$", re.I)
ABOUT_ZH = re.compile(r"^\s*(?:那么|那|而|还有|還有)?\s*(?P<x>.+?)\s*呢\s*[？?。!！]*\s*$")
MODIFIER_EN = re.compile(r"^(?:in|on|at|for|during|after|before|since|under|with|without|by|"
                         r"from|to|now|today|later|then|earlier|afterwards|recently|lately|"
                         r"nowadays|\d{4}s?\b)", re.I)
MODIFIER_ZH = re.compile(r"^(?:在|從|从|对于|對於|于|於|到|自|当|當)|年|月|日|后来|後來|之后|"
                         r"之後|以后|以後|之前|以前|现在|現在|当时|當時|最近|如今|目前|将来|"
                         r"將來|未来|未來|^\d{4}\b|\d+\s*年")
# Chinese pronouns, as patterns that leave out the words they are part of
PERSON_ZH = re.compile(r"(?<!其)[他她](?![们們人])")
THING_ZH = re.compile(r"它们|它們|它|(?<![尤极極与與及])其(?![实實他中次余餘])|(?<=[对對就于於])此|"
                      r"这(?![么麼样樣里裡儿兒些个個种種次件位篇段时時边邊一])|"
                      r"這(?![么麼样樣里裡儿兒些个個种種次件位篇段时時边邊一])")
# Words that ask for more or place in time: never what a question is about
_GENERIC = """
    more example examples detail details else next another one ones
    时候 之处 怎么回事 回事 东西 事情 地方 一下 说说 详细 具体 别的 其他 其它 例子 更多 还有
    看 说 问 讲 谈
"""
_TIME = """
    later now then earlier before after afterwards recently today nowadays currently
    后来 現在 现在 以前 之前 之后 以后 当时 最近 如今 目前 将来 未来 那时 此后
"""
NOT_KEY = frozenset(_GENERIC.split()) | frozenset(_TIME.split())
NAME_BONUS = 3.0  # a named thing (GPT-4o, PEP 657, Python) is likelier the topic
# "one" standing for the thing asked about ("how do I create one?"), but not "one of",
# "no one", "every one"
ONE_EN = {"one", "ones"}
_NOT_ONE_BEFORE = re.compile(r"\b(?:no|every|each|any|some|which)\s+$", re.I)
# Part-of-speech flags (jieba's) of the words a noun phrase does not start or end with:
# verbs, adverbs, adjectives, numerals, pronouns, prepositions, conjunctions, particles
NOT_NOUN_ZH = re.compile(r"^(?:v|vd|vg|d|dg|a|ad|ag|m|mq|q|r|p|c|u\w*|y|e|o|f|z)$")
NAME_ZH = {"nr", "nrt", "nrfg"}  # a person's name
# An English word right after an auxiliary and its subject ("how do I create", "can we
# install") or after "to" is the question's verb, not what it is about
VERB_BEFORE_EN = re.compile(rf"(?:\b{_AUX_EN}\s+(?:I|you|we|they|he|she|it|one|people)|"
                            r"\bto)\s+$", re.I)
# Messages that withdraw the question before them: not questions at all
CANCEL_EN = re.compile(r"^\s*(?:(?:oh\s+|ok(?:ay)?,?\s+)?(?:never\s*mind|nvm|no\s+matter)"
                       r"(?:\s+(?:that|this|it))?|"
                       r"(?:scratch|cancel|ignore|skip|drop|disregard)\s+(?:that|this|it)"
                       r"(?:\s+question)?)(?:[,.;]?\s*(?:thanks|thank\s+you))?\s*[.!]*\s*$",
                       re.I)
CANCEL_ZH = re.compile(r"^\s*(?:(?:算了(?:吧)?|不用了|不问了|不問了|没事了|沒事了|"
                       r"当我没问|當我沒問|别管了|別管了|取消)[，,。！!\s]*)+(?:谢谢|謝謝)?[。！!\s]*$")
# A withdrawal that opens a new question ("scratch that, how do I read it?", "算了，换个
# 问题：…"): the question is read without the one withdrawn
CANCEL_PREFIX_EN = re.compile(r"^\s*(?:(?:oh\s+|ok(?:ay)?,?\s+)?(?:never\s*mind|nvm|no\s+matter)"
                              r"(?:\s+(?:that|this|it))?|(?:scratch|cancel|ignore|skip|drop|"
                              r"disregard|forget)\s+(?:that|this|it)(?:\s+question)?)"
                              r"\s*[,;:.!—–-]+\s*(?:(?:instead|rather|then)\s*,?\s*)?(?=\S)", re.I)
CANCEL_PREFIX_ZH = re.compile(r"^\s*(?:算了(?:吧)?|不用了|不问了|不問了|当我没问|當我沒問|别管了|"
                              r"別管了)\s*[，,。！!；;：:\s]+\s*(?:换个问题|換個問題|换一个问题|"
                              r"換一個問題|问别的|問別的)?\s*[：:，,]?\s*(?=\S)")
# A manner asked about ("what about recursively?", "递归地呢？"): it is added to the
# earlier question, never put in place of what the question is about
MANNER_EN = re.compile(r"^[\w-]*[a-z]ly$", re.I)
MANNER_ZH = re.compile(r"^[^，,。？?\s]{1,8}地$")
DETERMINER_ZH = re.compile(r"[这這那](?:个|個|些|种|種|次|件|位|篇|段)")
_END = "?.!？。！ "
_CJK = re.compile(f"[{HAN}]")
_WORD_EN = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass(frozen=True)
class Fitted:
    """The two thresholds, fitted on the tuning chains (see ``fit``)."""

    followup_below: float  # own key-term weight under which a message is a follow-up
    context_below: float  # own key-term weight under which context is added
    fitted_on: str = ""
    accuracy: float = 0.0


@lru_cache(maxsize=1)
def fitted() -> Fitted:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return Fitted(float(data["followup_below"]), float(data["context_below"]),
                  str(data.get("fitted_on", "")), float(data.get("accuracy", 0.0)))


# -- what the conversation holds -----------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """One answered question of the conversation, as follow-ups read it: the question as
    it was asked of the documents (resolved), and what its answer cited."""

    question: str
    titles: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    doc_ids: tuple[int, ...] = ()
    followup: bool = False  # asked as a follow-up of the question before


@dataclass(frozen=True)
class Resolved:
    """A message read against the conversation."""

    message: str
    question: str
    followup: bool
    how: How | None = None
    notes: tuple[str, ...] = ()
    cancel: bool = False  # "scratch that", "算了": withdraws the question before, asks nothing

    @property
    def rewritten(self) -> bool:
        return self.question != self.message


@dataclass
class Phrase:
    """A run of content words in a question (its surface text), weighted by rarity."""

    text: str
    form: str
    weight: float
    start: int
    end: int
    person: bool = False
    name: bool = False
    tokens: list[str] = field(default_factory=list)

    @property
    def rank(self) -> float:
        """How likely this phrase is what the question is about."""
        return self.weight + NAME_BONUS * self.name


def library_weigh(library: Library) -> Weigh:
    """Weights of matching-form tokens by inverse document frequency in ``library``."""
    weigher = Weigher(library.db)

    def weigh(forms: Sequence[str]) -> list[float]:
        return [g.weight for g in weigher([TermGroup(f, (f,)) for f in forms])]

    return weigh


def flat_weigh(forms: Sequence[str]) -> list[float]:
    """Every token weighs 1 (no library at hand)."""
    return [1.0 for _ in forms]


# -- key terms -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Surface tokens of ``text`` with their offsets (rjieba, as the index cuts)."""
    import rjieba

    out: list[tuple[str, int, int]] = []
    at = 0
    for tok in rjieba.cut(text):
        out.append((tok, at, at + len(tok)))
        at += len(tok)
    return out


def _pronoun(form: str) -> bool:
    return (form in PERSON_EN or form in THING_EN or form in DEMONSTRATIVE_EN
            or bool(PERSON_ZH.fullmatch(form) or THING_ZH.fullmatch(form)))


def _content(form: str) -> bool:
    return (is_content(form) and not (len(form) == 1 and form.isascii())
            and not _pronoun(form) and form not in NOT_KEY and bool(re.search(r"\w", form)))


def phrases(text: str, weigh: Weigh) -> list[Phrase]:
    """Runs of content words in ``text`` (adjacent, or joined by a space, "-" or "的"),
    each weighted by the sum of its tokens' weights."""
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    for tok, start, end in _tokens(text):
        form = matching_form(tok).strip()
        if not form:
            if tok.isspace() or tok in "-·":
                continue  # a space or hyphen inside a run keeps it going
            current = _close(runs, current)
        elif _content(form):
            current.append((form, start, end))
        elif form == "的" and current:
            continue
        else:
            current = _close(runs, current)
    _close(runs, current)
    forms = [f for run in runs for f, _, _ in run]
    weights = dict(zip(forms, weigh(forms), strict=True)) if forms else {}
    out = []
    for run in runs:
        out.append(_phrase(text, run, weights))
    return out


def _phrase(text: str, run: list[tuple[str, int, int]], weights: dict[str, float]) -> Phrase:
    start, end = run[0][1], run[-1][2]
    surface = text[start:end].strip()
    return Phrase(surface, matching_form(surface), sum(weights[f] for f, _, _ in run),
                  start, end, name=_named(text, surface), tokens=[f for f, _, _ in run])


def noun_phrases(text: str, p: Phrase, weigh: Weigh) -> list[Phrase]:
    """The noun phrases of ``p``: its runs without verbs, adverbs, numerals …
    ("多担心AI的安全" → "AI的安全", "阿尔特曼特别喜欢GPT-4o" → "阿尔特曼", "GPT-4o",
    "create" → none). A person's phrase stays a person in its first part that is a name
    (else its first part)."""
    run = _run_tokens(text, p)
    parts: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    for i in range(len(run)):
        if _nounish(text, run, i):
            current.append(run[i])
        else:
            current = _close(parts, current)
    _close(parts, current)
    if len(parts) == 1 and len(parts[0]) == len(p.tokens):
        return [p]
    forms = [f for part in parts for f, _, _ in part]
    weights = dict(zip(forms, weigh(forms), strict=True)) if forms else {}
    out = [_phrase(text, part, weights) for part in parts]
    if p.person and out:
        named = [n for n in out if _CJK.search(n.text) and _name_zh(n.text)]
        (named or out)[0].person = True
    return out


def _run_tokens(text: str, p: Phrase) -> list[tuple[str, int, int]]:
    out = []
    for tok, start, end in _tokens(text):
        form = matching_form(tok).strip()
        if start >= p.start and end <= p.end and form and _content(form):
            out.append((form, start, end))
    return out


def _nounish(text: str, run: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the ``i``-th word of a run may start or end a noun phrase."""
    _, start, end = run[i]
    surface = text[start:end]
    if _CJK.search(surface):
        tags = pos_tags(surface)
        if i == 0 and len(run) > 1 and tags == ["vn"]:
            return False  # a verbal noun before its object is the verb: "升级pip"
        return not tags or not all(NOT_NOUN_ZH.match(t) for t in tags)
    if i == 0 and re.fullmatch(r"[A-Za-z][\w'’-]*", surface):
        return VERB_BEFORE_EN.search(text[:start]) is None
    return True


def _name_zh(surface: str) -> bool:
    """A person's name, by jieba's tag ("奥特曼", "阿尔特曼")."""
    tags = pos_tags(surface)
    return bool(tags) and all(t in NAME_ZH for t in tags)


def _named(text: str, surface: str) -> bool:
    """A name: Latin letters or digits in a Chinese question ("PEP 657", "GPT-4o"). (In
    English, capitals mark too much: "Python version" is not what "it" names.)"""
    return language_of(text) == "zh" and re.search(r"[A-Za-z0-9]", surface) is not None


def _close(runs: list[list[tuple[str, int, int]]],
           current: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if current:
        runs.append(current)
    return []


def _mark_people(text: str, found: list[Phrase], speakers: Iterable[str]) -> None:
    """Mark the phrases that name a person: a speaker of a cited passage, or the subject
    of "say", "think", "怎么看" …"""
    said = [matching_form(s) for s in speakers if s]
    for p in found:
        after = text[p.end:p.end + 8]
        before = text[max(0, p.start - 12):p.start]
        subject_en = (re.match(rf"\s+(?:{SAY_EN})\b", after, re.I) is not None
                      and re.search(rf"\b{_AUX_EN}\s+$", before, re.I) is not None)
        subject_zh = bool(_CJK.search(text)) and re.match(rf"\s*(?:{SAY_ZH})", after) is not None
        speaker = any(_same_name(p.form, s) for s in said)
        p.person = subject_en or subject_zh or speaker


def _same_name(a: str, b: str) -> bool:
    """奥特曼 / 奧特曼 / 阿尔特曼 / Sam Altman: transliterations that share their ending."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return bool(_CJK.search(a) and _CJK.search(b) and len(a) >= 2 and a[-2:] == b[-2:])


@dataclass
class Reading:
    """What the earlier questions offer a follow-up: a person and topics, most recent first."""

    question: str
    person: str | None
    topics: list[Phrase]
    context: list[Phrase]  # key phrases of the last question, in their order
    title: str | None = None  # of the document its answer cited first

    @property
    def topic(self) -> str | None:
        """The heaviest phrase of the last question that names no person; the title of
        the document its answer cited first when the question named nothing."""
        return max(self.topics, key=lambda p: p.rank).text if self.topics else self.title


def read(asked: Sequence[Asked], weigh: Weigh) -> Reading | None:
    if not asked:
        return None
    recent = list(asked[-RECENT:])
    speakers = [s for a in recent for s in a.speakers]
    people: list[str] = []
    found: list[Phrase] = []
    for a in recent:  # oldest first: the last question's phrases are kept
        question = _bare(a.question)
        found = phrases(question, weigh)
        _mark_people(question, found, [*speakers, *people])
        found = _nouns(question, found, weigh)
        people += [p.text for p in found if p.person]
    person = next((p.text for p in found if p.person), people[-1] if people else None)
    if person is None and recent[-1].speakers:
        person = max(set(recent[-1].speakers), key=recent[-1].speakers.count)
    topics = [p for p in found if not p.person] or found
    title = recent[-1].titles[0] if recent[-1].titles else None
    return Reading(_bare(recent[-1].question), person, topics, found, title)


def _nouns(question: str, found: list[Phrase], weigh: Weigh) -> list[Phrase]:
    """The head noun phrases of ``found`` (all of ``found`` when it has none); a person
    is a noun phrase, and in Chinese the question's first phrase when it is a name."""
    nouns = [n for p in found for n in noun_phrases(question, p, weigh)]
    if not any(not n.person for n in nouns):  # nothing but verbs ("保持透明"): keep them
        nouns = [n for p in found
                 for n in (noun_phrases(question, p, weigh) or [p] if p.person else [p])]
    if _CJK.search(question) and not any(n.person for n in nouns) and _name_zh(nouns[0].text):
        nouns[0].person = True
    return nouns


def _bare(question: str) -> str:
    """A question without the openings that tied it to the one before ("那", "and")."""
    out = re.sub(r"^\s*(?:那么|那)(?=\S)", "", question)
    return re.sub(r"^\s*(?:and|so|but)\s+", "", out, flags=re.I).strip()


# -- the rules -------------------------------------------------------------------------------


def _cued(message: str) -> bool:
    zh = language_of(message) == "zh"
    if zh:
        return bool(OPENING_ZH.match(message) or ABOUT_ZH.match(message)
                    or PERSON_ZH.search(message) or THING_ZH.search(message)
                    or DETERMINER_ZH.search(message))
    words = {w.lower() for w in _WORD_EN.findall(message)}
    return bool(OPENING_EN.match(message) or BARE_EN.match(message) or ABOUT_EN.match(message)
                or words & (PERSON_EN | THING_EN | DEMONSTRATIVE_EN)
                or any(_one(m, message) for m in re.finditer(r"\b[A-Za-z]+\b", message)))


def _one(m: re.Match[str], text: str) -> bool:
    """"one" standing for a thing ("how do I create one?", "the second one"), not a
    number or "one of", "no one", "one thing"."""
    return (m.group(0).lower() in ONE_EN and _stands_alone(text[m.end():])
            and re.match(r"\s*of\b", text[m.end():], re.I) is None
            and _NOT_ONE_BEFORE.search(text[:m.start()]) is None)


def is_cancel(message: str) -> bool:
    """"scratch that", "never mind", "算了": the message withdraws the question before."""
    return bool(CANCEL_EN.match(message) or CANCEL_ZH.match(message))


def withdrawal(message: str) -> int:
    """Where the question after an opening withdrawal starts ("scratch that, how …"), or 0."""
    found = CANCEL_PREFIX_EN.match(message) or CANCEL_PREFIX_ZH.match(message)
    return found.end() if found else 0


def own_weight(message: str, weigh: Weigh) -> float:
    """The weight of the message's own key terms."""
    return sum(p.weight for p in phrases(message, weigh))


def is_followup(message: str, reading: Reading | None, weigh: Weigh,
                fit: Fitted | None = None) -> bool:
    if reading is None:
        return False
    fit = fit or fitted()
    return _cued(message) or own_weight(message, weigh) < fit.followup_below


def resolve_by_rules(message: str, reading: Reading, weigh: Weigh,
                     fit: Fitted | None = None) -> str:
    """``message`` rewritten to stand alone (see the module doc)."""
    fit = fit or fitted()
    zh = language_of(message) == "zh"
    about = (ABOUT_ZH if zh else ABOUT_EN).match(message) or (None if zh else
                                                              AND_EN.match(message))
    if about is not None:
        x = _substituted(about.group("x"), reading, zh)
        return _about(x, reading, zh)
    out = _substituted(message, reading, zh)
    if own_weight(_plain(message, zh), weigh) < fit.context_below:
        out = _with_context(out, reading, zh)
    return out


def _about(x: str, reading: Reading, zh: bool) -> str:
    """"What about X?": X in place of the earlier topic, or added to it (a time, a place,
    a manner)."""
    modifier = (MODIFIER_ZH.search(x) if zh else MODIFIER_EN.match(x)) is not None
    if (MANNER_ZH if zh else MANNER_EN).match(x.strip()):
        modifier = True
    question = reading.question
    facet = _facet(x, question) if modifier else None
    if facet is not None:  # "and on Unix?" after "… on Windows?": Unix in place of Windows
        return question[:facet[0]] + x + question[facet[1]:]
    if not modifier and reading.topics:
        top = max(reading.topics, key=lambda p: p.rank)
        return question[:top.start] + x + question[top.end:]
    if zh or language_of(question) == "zh":
        return f"{x}，{question}"
    body, end = _split_end(question)
    return f"{body} {x}{end or '?'}"


def _facet(x: str, question: str) -> tuple[int, int] | None:
    """Where ``question`` has a modifier of the same kind as ``x`` (a year for a year, "on
    Windows" for "on Unix", "在Windows上" for "在Unix上"), to be replaced by it."""
    year = r"\d{4}s?"
    if re.fullmatch(rf"(?:in\s+)?{year}|{year}\s*年(?:的时候)?", x.strip(), re.I):
        zh = "年" in x
        found = re.search(rf"{year}\s*年" if zh else rf"\b(?:in\s+)?{year}\b", question)
        return found.span() if found else None
    zh_place = re.fullmatch(r"(?:在|从|從)\s*\S+?\s*(?:上|中|里|裡|下)", x.strip())
    if zh_place:
        found = re.search(r"(?:在|从|從)\s*[^，,。？?！!\s]{1,24}?\s*(?:上|中|里|裡|下)", question)
        return found.span() if found else None
    prep = re.match(r"(in|on|under|for|with|without|at|from|during)\s+(?!\d{4})", x, re.I)
    if prep is None:
        return None
    found = re.search(rf"\b{prep.group(1)}\s+(?!\d{{4}})(?:the\s+)?[\w.+#-]+"
                      rf"(?:\s+[A-Z0-9][\w.+#-]*)*", question, re.I)
    return found.span() if found else None


def _split_end(text: str) -> tuple[str, str]:
    body = text.rstrip(_END)
    return body, text[len(body):].strip()


def _substituted(message: str, reading: Reading, zh: bool) -> str:
    person, topic = reading.person, reading.topic
    if zh:
        if person:
            message = PERSON_ZH.sub(person, message)
        if topic:
            message = THING_ZH.sub(lambda m: _zh_thing(m.group(0), topic), message)
        return message
    return re.sub(r"\b[A-Za-z]+\b", lambda m: _en_word(m, message, person, topic), message)


def _zh_thing(pronoun: str, topic: str) -> str:
    if pronoun in ("其",):
        return f"{topic}的"
    return topic


def _en_word(m: re.Match[str], text: str, person: str | None, topic: str | None) -> str:
    word = m.group(0)
    low = word.lower()
    if low in PERSON_EN and person:
        return f"{person}'s" if low == "his" else person
    if low in THING_EN and topic:
        return f"{topic}'s" if low in POSSESSIVE_EN else topic
    if low in DEMONSTRATIVE_EN and topic and _stands_alone(text[m.end():]):
        return topic
    if topic and _one(m, text):
        return topic
    return word


def _stands_alone(after: str) -> bool:
    """"that" as a pronoun ("why is that?", "what does that mean"), not "that module"."""
    nxt = re.match(r"\s*([A-Za-z]+)", after)
    return nxt is None or not _content(matching_form(nxt.group(1)))


def _plain(message: str, zh: bool) -> str:
    """The message without its pronouns and its opening ("and", "那", "是", "可以")."""
    if zh:
        message = OPENING_ZH.sub(" ", message, count=1)
        return THING_ZH.sub(" ", PERSON_ZH.sub(" ", message))
    message = OPENING_EN.sub(" ", message, count=1)
    pronouns = PERSON_EN | THING_EN | DEMONSTRATIVE_EN | ONE_EN
    return re.sub(r"\b[A-Za-z]+\b", lambda m: " " if m.group(0).lower() in pronouns
                  else m.group(0), message)


def _with_context(text: str, reading: Reading, zh: bool) -> str:
    """``text`` with the earlier question's key phrases it lacks, unless it already names
    the earlier topic (a pronoun brought it in)."""
    form = matching_form(text)
    missing = [p for p in reading.context if p.form not in form]
    topic = reading.topic
    if topic is None or matching_form(topic) in form:
        return text
    top = {id(p) for p in sorted(reading.context, key=lambda p: -p.rank)[:MAX_CONTEXT]}
    chosen = [p.text for p in missing if id(p) in top] or [topic]
    if zh:
        return f"关于{'、'.join(chosen)}，{_bare(text)}"
    body, end = _split_end(text.strip())
    if re.search(r"\b(?:more|example|examples|details?|else)$", body, re.I):
        return f"{body} about {' '.join(chosen)}{end}"
    return f"{body} (about {', '.join(chosen)}){end}"


# -- the model -------------------------------------------------------------------------------

PROMPT = (
    "Rewrite the user's last question so that it can be understood without the "
    "conversation: replace pronouns (it, he, she, they, this, that, 它, 他, 她, 这, 其) with "
    "what they refer to, and add the subject when it is left out. Keep every word of the "
    "question otherwise. Reply with the rewritten question only, in its language."
)
EXAMPLES = (  # shown to the model as earlier exchanges (not from the library)
    ("Earlier question: How do I install numpy?\nLast question: Which version do I need "
     "for it?", "Which version do I need for numpy?"),
    ("Earlier question: 居里夫人发现了什么？\nLast question: 她什么时候获奖的？",
     "居里夫人什么时候获奖的？"),
)


def model_rewrite(message: str, asked: Sequence[Asked], backend: Backend) -> str:
    """The model's rewrite of ``message`` (one line), or "" when it gave none."""
    lines = [f"Earlier question: {a.question}" for a in asked[-RECENT:]]
    messages = [Message("system", PROMPT)]
    for shown, rewritten in EXAMPLES:
        messages += [Message("user", shown), Message("assistant", rewritten)]
    messages.append(Message("user", "\n".join([*lines, f"Last question: {message}"])))
    text = complete(backend, messages, max_tokens=MODEL_TOKENS, stop=["\n"])
    return text.strip().strip('"“”').strip()


# Words a rewrite may leave out of the message: openings, articles, particles
_DROPPABLE = "a an the and so but then 那 那么 而 的 了 吗 呢 吧 啊 呀 么"
DROPPABLE = frozenset(_DROPPABLE.split())


def keeps_content(message: str, rewrite: str, asked: Sequence[Asked]) -> bool:
    """The rewrite is in the message's language, keeps every word of the message but its
    pronouns and particles, adds at least one key word of the conversation and none that
    the conversation did not say."""
    if not rewrite or language_of(rewrite) != language_of(message):
        return False
    if len(rewrite) > 3 * len(message) + 200:
        return False
    kept = _word_forms(rewrite)
    if not {w for w in _word_forms(message) if not _pronoun(w)} - DROPPABLE <= kept:
        return False
    theirs = _content_forms(rewrite)
    said = _content_forms(" ".join([message, *(a.question for a in asked[-RECENT:]),
                                    *(s for a in asked[-RECENT:] for s in a.speakers)]))
    added = theirs - _content_forms(message)
    return bool(added) and theirs <= said | _spelled(said)


def _word_forms(text: str) -> set[str]:
    return {f for f in (matching_form(t).strip() for t, _, _ in _tokens(text))
            if re.search(r"\w", f)}


def _content_forms(text: str) -> set[str]:
    return {matching_form(t).strip() for t, _, _ in _tokens(text)
            if _content(matching_form(t).strip())}


def _spelled(forms: set[str]) -> set[str]:
    """Forms a rewrite may spell differently: the parts of hyphenated words."""
    return {part for f in forms for part in re.split(r"[-_.]", f) if part}


def _small_model(backend: Backend) -> bool:
    return "smollm" in backend.model.lower()


# -- resolving ---------------------------------------------------------------------------


def resolve(message: str, asked: Sequence[Asked], *, weigh: Weigh = flat_weigh,
            backend: Backend | None = None, fit: Fitted | None = None) -> Resolved:
    """``message`` read against the earlier questions ``asked`` (oldest first)."""
    if is_cancel(message):
        return Resolved(message, message, False, cancel=True)
    withdrawn = withdrawal(message)
    if withdrawn:  # "scratch that, how do I read it?": asked without the withdrawn question
        found = resolve(message[withdrawn:], asked[:-1], weigh=weigh, backend=backend, fit=fit)
        return Resolved(message, found.question, found.followup, found.how or "rules",
                        found.notes)
    reading = read(asked, weigh)
    if reading is None or not is_followup(message, reading, weigh, fit):
        return Resolved(message, message, False)
    rules = resolve_by_rules(message, reading, weigh, fit)
    if backend is None or backend.name == "extractive":
        return Resolved(message, rules, True, "rules" if rules != message else None)
    if _small_model(backend) and language_of(message) == "zh":
        return Resolved(message, rules, True, "rules" if rules != message else None,
                        (f"the local model {backend.model} cannot read Chinese; the "
                         "follow-up was resolved by rules",))
    try:
        rewrite = model_rewrite(message, asked, backend)
    except ModelError as e:
        return Resolved(message, rules, True, "rules", (f"the model could not rewrite the "
                                                        f"follow-up ({e}); used rules",))
    if keeps_content(message, rewrite, asked) and rewrite != message:
        return Resolved(message, rewrite, True, "model")
    return Resolved(message, rules, True, "rules" if rules != message else None,
                    ("the model's rewrite of the follow-up dropped or added words; "
                     "used rules",) if rewrite and rewrite != message else ())


# -- measuring and fitting -------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One labelled follow-up: the conversation before it, and what its rewrite must hold."""

    chain: str
    asked: tuple[Asked, ...]
    message: str
    followup: bool
    contains: tuple[str, ...]  # each: alternatives joined by "|"
    excludes: tuple[str, ...]


def load_cases(path: Path) -> list[Case]:
    """Cases from a JSONL file of chains; earlier turns are asked as the labels resolve
    them: a labelled rewrite is not known, so each earlier follow-up is resolved by rules
    in turn (as a session would)."""
    out: list[Case] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        chain = json.loads(line)
        for n, turn in enumerate(chain["turns"][1:], start=1):
            out.append(Case(chain["chain"], tuple(_asked(t) for t in chain["turns"][:n]),
                            turn["q"], bool(turn["followup"]), tuple(turn["contains"]),
                            tuple(turn["excludes"])))
    return out


def _asked(turn: dict[str, object]) -> Asked:
    titles = turn.get("titles", [])
    speakers = turn.get("speakers", [])
    return Asked(str(turn["q"]), tuple(map(str, titles)) if isinstance(titles, list) else (),
                 tuple(map(str, speakers)) if isinstance(speakers, list) else ())


def replay(case: Case, weigh: Weigh, fit: Fitted | None = None,
           backend: Backend | None = None) -> Resolved:
    """Resolve ``case`` as a session would: each earlier question resolved in turn."""
    asked: list[Asked] = []
    for earlier in case.asked:
        found = resolve(earlier.question, asked, weigh=weigh, fit=fit, backend=backend)
        if found.cancel:  # the question before is withdrawn, and this one asks nothing
            del asked[-1:]
            continue
        asked.append(Asked(found.question, earlier.titles, earlier.speakers))
    return resolve(case.message, asked, weigh=weigh, fit=fit, backend=backend)


def correct(case: Case, found: Resolved) -> bool:
    form = matching_form(found.question)
    return (found.followup == case.followup
            and all(any(matching_form(alt) in form for alt in want.split("|"))
                    for want in case.contains)
            and not any(matching_form(bad) in form for bad in case.excludes))


def accuracy(cases: Sequence[Case], weigh: Weigh, fit: Fitted | None = None,
             backend: Backend | None = None) -> float:
    if not cases:
        return 0.0
    return sum(correct(c, replay(c, weigh, fit, backend)) for c in cases) / len(cases)


GRID = [float(n) for n in range(0, 21)]  # thresholds tried, in units of key-term weight


def fit(cases: Sequence[Case], weigh: Weigh, source: str = "") -> Fitted:
    """The thresholds with the best accuracy on ``cases`` (ties: the lowest, which
    rewrites least)."""
    best: Fitted | None = None
    for below in GRID:
        for context in GRID:
            trial = Fitted(below, context, source)
            score = accuracy(cases, weigh, trial)
            if best is None or score > best.accuracy:
                best = Fitted(below, context, source, score)
    assert best is not None
    return best


def main(argv: Sequence[str]) -> int:
    """``python -m ponder.chat.followup LIBRARY_DIR TUNING.jsonl``: refit the thresholds."""
    if len(argv) != 2:
        print(main.__doc__, file=sys.stderr)
        return 2
    with Library.open(Path(argv[0]), create=False) as library:
        found = fit(load_cases(Path(argv[1])), library_weigh(library), Path(argv[1]).name)
    DATA.write_text(json.dumps({"followup_below": found.followup_below,
                                "context_below": found.context_below,
                                "fitted_on": found.fitted_on,
                                "accuracy": round(found.accuracy, 4)}, indent=2) + "\n",
                    encoding="utf-8")
    print(f"fitted on {found.fitted_on}: followup_below={found.followup_below} "
          f"context_below={found.context_below} accuracy={found.accuracy:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
