"""Lessons about sources: "cite the full interview, not the summary" as a document preference.

    rule = source_rule("Cite the full interview, not the summary")
    rule.prefer, rule.avoid                       # "the full interview", "the summary"
    avoided(rule, documents)                      # ids of the documents to leave out

A descriptor matches a document by its words (in the title or file name, or their
CC-CEDICT translation: "interview" finds 专访), by format ("the PDF"), and by size
relative to the other candidates ("full", "complete" → the longest; "summary",
"short", "摘要" → the shortest).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ..records import Document
from ..search import translate_query
from ..text.normalize import index_tokens, matching_form

_VERBS_EN = r"(?:cite|quote|use|refer\s+to|rely\s+on|prefer|go\s+with|take|read|check|source)"
_VERBS_ZH = r"(?:引用|参考|參考|使用|用|依据|依據|看|读|讀)"
_CORRECTION = re.compile(
    r"^\s*(?:no|nope|wrong|incorrect|not\s+quite|not\s+that|actually|that'?s\s+(?:wrong|not\s+right)"
    r"|不对|不對|错了|錯了|不是这样|不是這樣|其实|其實)\s*[,，.。!！:：;；]?\s*", re.IGNORECASE)

_RULES_EN = [
    re.compile(rf"^(?:please\s+)?(?:{_VERBS_EN}\s+)?(?P<x>.+?)\s*,?\s+"
               r"(?:not|rather\s+than|instead\s+of|over)\s+(?P<y>.+?)$", re.I),
    re.compile(rf"^(?:please\s+)?(?:don'?t|do\s+not|never)\s+{_VERBS_EN}\s+(?P<y>.+?)\s*[,;]\s*"
               rf"(?:but\s+)?(?:{_VERBS_EN}\s+)?(?P<x>.+?)(?:\s+instead)?$", re.I),
    re.compile(r"^not\s+(?P<y>.+?)\s*,?\s+but\s+(?P<x>.+?)$", re.I),
]
_RULES_ZH = [
    re.compile(rf"^不要{_VERBS_ZH}(?P<y>.+?)[，,；;]\s*(?:而是|而要|要|应该|應該|请|請)?{_VERBS_ZH}?"
               r"(?P<x>.+?)$"),
    re.compile(r"^不是(?P<y>.+?)[，,]?\s*而是(?P<x>.+?)$"),
    re.compile(rf"^(?:应该|應該|要|请|請)?{_VERBS_ZH}?(?P<x>.+?)[，,]?\s*(?:而不是|而非|不是|不要)"
               r"(?P<y>.+?)$"),
]
_SOURCE_WORD = re.compile(rf"\b{_VERBS_EN}\b|{_VERBS_ZH}|来源|來源|出处|出處|原文|全文", re.I)

_FULL_WORDS = """
    full complete entire whole long longer longest original unabridged
    全文 完整 全部 原文 完整版 全
"""
_SHORT_WORDS = """
    summary summaries short shorter shortest brief abstract excerpt digest overview recap
    highlights synopsis 摘要 总结 總結 概要 简介 簡介 简短 簡短 概述 梳理 精华 精華 节选 節選 短
"""
FULL = frozenset(_FULL_WORDS.split())
SHORT = frozenset(_SHORT_WORDS.split())
FORMATS = {"pdf": "pdf", "html": "html", "web": "html", "webpage": "html", "page": "html",
           "markdown": "md", "md": "md", "word": "docx", "docx": "docx", "txt": "txt",
           "text": "txt", "网页": "html", "網頁": "html"}
_STOP_WORDS = """
    the a an one this that these those its his her their my our version copy document doc
    file article piece 的 那个 那個 这个 這個 那篇 这篇 這篇 篇 版
"""
_STOP = frozenset(_STOP_WORDS.split())
MIN_RATIO = 1.5  # how much longer "the full one" must be than "the summary"


@dataclass(frozen=True)
class SourceRule:
    """Prefer documents matching ``prefer`` over those matching ``avoid``."""

    prefer: str
    avoid: str

    @property
    def key(self) -> str:
        """The same for "X, not Y" and "Y, not X" (a newer lesson replaces the older)."""
        return "|".join(sorted(" ".join(sorted(terms(d))) for d in (self.prefer, self.avoid)))


def strip_correction(text: str) -> tuple[str, bool]:
    """``text`` without a leading "no," / "不对，", and whether it had one."""
    m = _CORRECTION.match(text)
    if m is None or m.end() == 0 or not text[m.end():].strip():
        return text.strip(), False
    return text[m.end():].strip(), True


def source_rule(text: str) -> SourceRule | None:
    """The document preference a lesson states, or None."""
    body, _ = strip_correction(text)
    body = body.strip().rstrip(".。!！")
    for rule in (*_RULES_EN, *_RULES_ZH):
        m = rule.match(body)
        if m and terms(m.group("x")) and terms(m.group("y")):
            return SourceRule(m.group("x").strip(" ,，"), m.group("y").strip(" ,，"))
    return None


def lesson_in(sentence: str) -> tuple[str, SourceRule] | None:
    """A correction about sources in one user sentence: its lesson text and rule.

    It must read as a correction ("no, …", "不对，…") or name what to cite ("cite …",
    "引用…"); a question never is one.
    """
    if sentence.strip().endswith(("?", "？")):
        return None
    body, corrected = strip_correction(sentence)
    rule = source_rule(body)
    if rule is None or not (corrected or _SOURCE_WORD.search(body)):
        return None
    text = body.rstrip(".。!！ ")
    return text[:1].upper() + text[1:], rule


def terms(descriptor: str) -> list[str]:
    return [t for t in index_tokens(descriptor) if re.search(r"\w", t) and t not in _STOP]


def _size_score(term: str, doc: Document, docs: Sequence[Document]) -> int:
    sizes = sorted(d.size for d in docs)
    if len(sizes) < 2 or sizes[-1] < MIN_RATIO * sizes[0]:
        return 0
    if term in FULL:
        return int(doc.size == sizes[-1])
    return int(term in SHORT and doc.size == sizes[0])


def _word_score(term: str, doc: Document) -> int:
    where = matching_form(f"{doc.title} {PurePath(doc.path).name}")  # not its folders
    if matching_form(term) in where:
        return 1
    if not re.fullmatch(r"[a-z]+", term):
        return 0
    translated = [t for group in translate_query(term).terms for t in group]
    return int(any(matching_form(t) in where for t in translated))


def score(descriptor: str, doc: Document, docs: Sequence[Document]) -> int:
    total = 0
    for term in terms(descriptor):
        if term in FULL or term in SHORT:
            total += _size_score(term, doc, docs)
        elif term in FORMATS:
            total += int(doc.format.lower().lstrip(".") == FORMATS[term])
        else:
            total += _word_score(term, doc)
    return total


def avoided(rule: SourceRule, docs: Sequence[Document]) -> set[int]:
    """Ids of ``docs`` matching the avoided descriptor better than the preferred one.

    Empty unless at least one of ``docs`` is left to cite.
    """
    out = {d.id for d in docs if score(rule.avoid, d, docs) > score(rule.prefer, d, docs)}
    return out if len(out) < len(docs) else set()
