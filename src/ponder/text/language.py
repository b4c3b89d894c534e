"""A small word-frequency language model of Chinese.

:class:`Lexicon` scores Chinese text by its cheapest segmentation into words of
jieba's dictionary; the GBK mojibake repair uses it to tell real text from garbage.
Which language and script a text is in is :mod:`ponder.text.script`'s job.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ponder.text.script import to_simplified


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
