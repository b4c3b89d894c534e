"""Which language and script a text is in, and a small word-frequency language model.

``detect_language`` and ``detect_script`` look at a sample of the text only, so
they cost the same on a page and on a book.  :class:`Lexicon` scores Chinese
text by its cheapest segmentation into words of jieba's dictionary; the GBK
mojibake repair uses it to tell real text from garbage.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ponder.text.normalize import opencc_converter, to_simplified

_SAMPLE = 4000  # characters looked at by the detectors


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F


def _sample(text: str) -> str:
    """Up to ``_SAMPLE`` characters from the start, middle and end of ``text``."""
    if len(text) <= _SAMPLE:
        return text
    third = _SAMPLE // 3
    mid = len(text) // 2
    return text[:third] + text[mid - third // 2 : mid + third // 2] + text[-third:]


def detect_language(text: str) -> str:
    """``"zh"``, ``"en"`` or ``"other"``, from the share of Han characters among
    letters, and of common English words among Latin words."""
    han = kana = latin = other = 0
    for ch in _sample(text):
        if _is_han(ch):
            han += 1
        elif "\u3040" <= ch <= "\u30ff" or "\uac00" <= ch <= "\ud7af":
            kana += 1  # Japanese kana, Korean hangul
        elif ch.isascii():
            latin += ch.isalpha()
        elif ch.isalpha():
            other += 1
    letters = han + kana + (latin + other) / 5  # a Han character carries about a word
    if letters == 0:
        return "other"
    if han / letters >= 0.3 and kana < han / 4:
        return "zh"
    if latin / 5 / letters >= 0.6 and _looks_english(_sample(text), plain=other == 0):
        return "en"
    return "other"


_ENGLISH = frozenset(
    {
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "it",
        "for",
        "on",
        "with",
        "as",
        "was",
        "be",
        "by",
        "this",
        "are",
        "or",
        "at",
        "from",
        "an",
        "not",
        "have",
        "has",
        "had",
        "but",
        "you",
        "i",
        "we",
        "they",
        "he",
        "she",
        "his",
        "her",
        "their",
        "which",
        "will",
        "can",
        "would",
        "what",
        "did",
        "do",
        "does",
        "how",
        "why",
        "who",
        "when",
        "where",
        "about",
        "say",
        "said",
        "if",
        "so",
        "all",
        "more",
        "there",
        "were",
        "its",
        "our",
        "your",
        "my",
        "me",
        "them",
        "than",
        "then",
        "into",
        "out",
        "up",
        "one",
        "no",
        "yes",
        "should",
        "could",
    }
)


def _looks_english(text: str, *, plain: bool) -> bool:
    """Enough common English words; short plain-ASCII text (a query) gets the benefit
    of the doubt."""
    words = re.findall(r"[A-Za-z]+", text)
    share = sum(w.lower() in _ENGLISH for w in words) / max(1, len(words))
    return share >= 0.08 or (plain and len(words) < 8)


def detect_script(text: str) -> str:
    """``"simplified"``, ``"traditional"``, ``"mixed"``, ``"latin"`` or ``"other"``.

    Compares the Han characters of a sample with their OpenCC conversions: text
    that t2s leaves alone is simplified, text that s2t leaves alone traditional.
    """
    sample = _sample(text)
    han = "".join(ch for ch in sample if _is_han(ch))
    if not han:
        return "latin" if any(ch.isascii() and ch.isalpha() for ch in sample) else "other"
    simp = to_simplified(han)
    trad = opencc_converter("s2t").convert(han)
    not_simplified = sum(a != b for a, b in zip(han, simp, strict=False))
    not_traditional = sum(a != b for a, b in zip(han, trad, strict=False))
    if not_simplified == not_traditional == 0:
        return "simplified"  # script-neutral characters only
    share = not_simplified / (not_simplified + not_traditional)
    if share >= 0.8:
        return "traditional"
    if share <= 0.2:
        return "simplified"
    return "mixed"


@dataclass(frozen=True)
class Lexicon:
    """Word costs (-log probability) from a frequency dictionary of simplified Chinese."""

    costs: dict[str, float]
    unknown: float
    max_len: int

    def cost(self, text: str) -> float:
        """Cost per character of the cheapest segmentation of ``text`` (0 if empty)."""
        if not text:
            return 0.0
        return self._segment(text)[-1][0] / len(text)

    def char_costs(self, text: str) -> list[float]:
        """Each character's share of the cost of the cheapest segmentation."""
        best = self._segment(text)
        out = [0.0] * len(text)
        j = len(text)
        while j > 0:
            total, i = best[j]
            for k in range(i, j):
                out[k] = (total - best[i][0]) / (j - i)
            j = i
        return out

    def _segment(self, text: str) -> list[tuple[float, int]]:
        """best[j] = (cost of text[:j], start of its last word)."""
        n = len(text)
        costs = self.costs
        inf = math.inf
        best: list[tuple[float, int]] = [(0.0, 0)] + [(inf, 0)] * n
        for i in range(n):
            base = best[i][0]
            if base == inf:
                continue
            ch = text[i]
            if ch < "\x80" and ch.isalnum():
                if i == 0 or not _is_ascii_word(text[i - 1]):
                    j = _ascii_word_end(text, i)
                    cost = base + (_LONE_LETTER if j - i == 1 else _ASCII_WORD)
                    if cost < best[j][0]:
                        best[j] = (cost, i)
                continue
            single = base + self._single(ch)
            if single < best[i + 1][0]:
                best[i + 1] = (single, i)
            for j in range(i + 2, min(n, i + self.max_len) + 1):
                c = costs.get(text[i:j])
                if c is not None and base + c < best[j][0]:
                    best[j] = (base + c, i)
        return best

    def _single(self, ch: str) -> float:
        c = self.costs.get(ch)
        if c is not None:
            return c
        if ch.isspace():
            return 4.0
        if ch in _COMMON_PUNCT:
            return 2.5 if ch in "。，,、" else 3.5
        if unicodedata.category(ch)[0] in "PS":
            return 10.0
        return self.unknown


_ASCII_WORD = 8.0  # an ASCII word or number, whatever its length
_LONE_LETTER = 12.0  # one ASCII letter glued into CJK text is odd
_COMMON_PUNCT = frozenset(",.!?:;\"'()-、。，！？：；“”‘’《》（）…—·")


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _ascii_word_end(text: str, i: int) -> int:
    j = i
    while j < len(text) and _is_ascii_word(text[j]):
        j += 1
    return j


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """jieba's ``dict.txt`` as a :class:`Lexicon` (read once, on first use, ~0.3 s)."""
    counts: dict[str, int] = {}
    with (resources.files("jieba") / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, count, _ = line.split(" ", 2)
            if len(word) <= 6 and int(count) > 0:
                counts[word] = int(count)
    total = sum(counts.values())
    costs = {w: math.log(total / c) for w, c in counts.items()}
    return Lexicon(costs, math.log(total) + 2.0, 6)


@lru_cache(maxsize=65536)
def text_cost(text: str) -> float:
    """Cost per character of ``text`` in simplified script (lower reads better)."""
    return lexicon().cost(to_simplified(text))


@lru_cache(maxsize=65536)
def char_cost(ch: str) -> float:
    """Cost of one character on its own (simplified form), a cheap first filter."""
    return lexicon().cost(to_simplified(ch))
