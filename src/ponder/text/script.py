"""Chinese characters, language and script: the one home of each.

    has_cjk("开源 code") -> True         cjk_count("開源 code") -> 2
    language_of("What does 奥特曼 say about 算力?") -> "en"   (a question, a sentence)
    corpus_language(passage_texts) -> "zh"                     (weighted by length)
    detect_language(document_text) -> "zh" | "en" | "other"    (a whole document, sampled)
    detect_script("開源軟件") -> "traditional"
    to_script("开源软件", "traditional") -> "開源軟件"
    to_script("他说「开源」", "traditional", outside_quotes=True) -> "他說「开源」"

The character classes are strings to put inside ``[...]`` of a regular expression:

- :data:`HAN`, Chinese characters: CJK Unified Ideographs with Extension A, the
  compatibility ideographs, and the supplementary ideographic planes (Extensions B–H).
  "CJK" in a function name means these.
- :data:`EAST_ASIAN`: :data:`HAN` with Japanese kana and Korean hangul syllables, the
  scripts in which one character is about one word piece (token estimates, word edges).
- :data:`WIDE`: :data:`EAST_ASIAN` with CJK punctuation and symbols and full-width
  forms, the characters that take a full column and carry about a word's weight in a
  passage length.

Script conversion goes through OpenCC (``s2t`` and ``t2s``), built once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_KANA_HANGUL = "\u3040-\u30ff\uac00-\ud7af"
EAST_ASIAN = HAN + _KANA_HANGUL
WIDE = EAST_ASIAN + "\u3000-\u303f\u3100-\u33ff\uff00-\uffef"

_CJK = re.compile(f"[{HAN}]")
_KANA_HANGUL_CHAR = re.compile(f"[{_KANA_HANGUL}]")
_WIDE = re.compile(f"[{WIDE}]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_QUOTED = re.compile(r"(「[^」]*」|“[^”]*”|『[^』]*』)")

SCRIPTS = ("simplified", "traditional")
_OPENCC_CONFIG = {"simplified": "t2s", "traditional": "s2t"}
_SAMPLE = 4000  # characters the document-level detectors look at


# -- characters -------------------------------------------------------------------


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character (see :data:`HAN`)."""
    return _CJK.search(text) is not None


def cjk_count(text: str) -> int:
    """How many Chinese characters ``text`` holds."""
    return len(_CJK.findall(text))


def latin_count(text: str) -> int:
    """How many Latin letters (ASCII and Latin-1/Extended-A/B) ``text`` holds."""
    return len(_LATIN.findall(text))


def wide_count(text: str) -> int:
    """How many full-width characters (see :data:`WIDE`) ``text`` holds."""
    return len(_WIDE.findall(text))


# -- language ---------------------------------------------------------------------


def cjk_share(text: str) -> float:
    """Share of Chinese characters among the letters of ``text`` (0 when it has none)."""
    cjk = cjk_count(text)
    letters = cjk + latin_count(text)
    return cjk / letters if letters else 0.0


# Chinese grammar: particles and question words that only a Chinese sentence uses, so
# a short question full of Latin names ("Python为什么叫Python？") is still Chinese.
_ZH_GRAMMAR = re.compile(
    r"什么|什麼|为什么|為什麼|怎么|怎麼|多少|哪|谁|誰|吗|嗎|呢|[的了是在和与與给給]"
)


def language_of(text: str) -> str:
    """``"zh"`` when Chinese characters carry the text, else ``"en"``.

    A Chinese character carries about as much as two Latin letters, so "OpenAI 2024年的营收
    是多少" is Chinese and "What does 奥特曼 say about 算力?" is English; Chinese grammar
    words decide a close call ("OpenAI给Bifold提供了多少GPU？" is Chinese).
    """
    cjk = cjk_count(text)
    if cjk == 0:
        return "en"
    if 2 * cjk >= latin_count(text):
        return "zh"
    return "zh" if cjk >= 2 and _ZH_GRAMMAR.search(text) else "en"


def corpus_language(texts: Iterable[str]) -> str:
    """The language most of ``texts`` (passages) are written in, weighted by length."""
    weights = {"zh": 0, "en": 0}
    for text in texts:
        weights[language_of(text)] += len(text)
    return "zh" if weights["zh"] > weights["en"] else "en"


def _sample(text: str) -> str:
    """Up to ``_SAMPLE`` characters from the start, middle and end of ``text``."""
    if len(text) <= _SAMPLE:
        return text
    third = _SAMPLE // 3
    mid = len(text) // 2
    return text[:third] + text[mid - third // 2 : mid + third // 2] + text[-third:]


def detect_language(text: str) -> str:
    """The language of a document: ``"zh"``, ``"en"`` or ``"other"``, from the share of
    Chinese characters among letters, and of common English words among Latin words.
    Looks at a sample only, so it costs the same on a page and on a book."""
    sample = _sample(text)
    han = kana = latin = other = 0
    for ch in sample:
        if _CJK.match(ch):
            han += 1
        elif _KANA_HANGUL_CHAR.match(ch):
            kana += 1  # Japanese kana, Korean hangul
        elif ch.isascii():
            latin += ch.isalpha()
        elif ch.isalpha():
            other += 1
    letters = han + kana + (latin + other) / 5  # a Chinese character carries about a word
    if letters == 0:
        return "other"
    if han / letters >= 0.3 and kana < han / 4:
        return "zh"
    if latin / 5 / letters >= 0.6 and _looks_english(sample, plain=other == 0):
        return "en"
    return "other"


_ENGLISH = frozenset({
    "the", "of", "and", "to", "a", "in", "is", "that", "it", "for", "on", "with", "as", "was",
    "be", "by", "this", "are", "or", "at", "from", "an", "not", "have", "has", "had", "but",
    "you", "i", "we", "they", "he", "she", "his", "her", "their", "which", "will", "can",
    "would", "what", "did", "do", "does", "how", "why", "who", "when", "where", "about", "say",
    "said", "if", "so", "all", "more", "there", "were", "its", "our", "your", "my", "me",
    "them", "than", "then", "into", "out", "up", "one", "no", "yes", "should", "could"
})


def _looks_english(text: str, *, plain: bool) -> bool:
    """Enough common English words; short plain-ASCII text (a query) gets the benefit
    of the doubt."""
    words = re.findall(r"[A-Za-z]+", text)
    share = sum(w.lower() in _ENGLISH for w in words) / max(1, len(words))
    return share >= 0.08 or (plain and len(words) < 8)


# -- script -----------------------------------------------------------------------


class Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=4)
def opencc_converter(config: str = "t2s") -> Converter:
    """A cached OpenCC converter (``t2s``, ``s2t``, ...); built on first use."""
    import opencc

    conv: Converter = opencc.OpenCC(config)
    return conv


def to_script(text: str, script: str, *, outside_quotes: bool = False) -> str:
    """``text`` with its Chinese in ``script`` (``"simplified"`` or ``"traditional"``);
    other text passes through. With ``outside_quotes``, text inside 「」, 『』 and “”
    stays exactly as it is (a quote must remain a substring of its passage)."""
    config = _OPENCC_CONFIG.get(script)
    if config is None:
        raise ValueError(f"unknown script {script!r}; use one of: {', '.join(SCRIPTS)}")
    if not has_cjk(text):
        return text
    convert = opencc_converter(config).convert
    if not outside_quotes:
        return convert(text)
    return "".join(p if _QUOTED.fullmatch(p) else convert(p) for p in _QUOTED.split(text))


def to_simplified(text: str) -> str:
    """``to_script(text, "simplified")``: traditional → simplified Chinese."""
    return opencc_converter("t2s").convert(text)


def detect_script(text: str) -> str:
    """``"simplified"``, ``"traditional"``, ``"mixed"``, ``"latin"`` or ``"other"``.

    Compares the Chinese characters of a sample with their OpenCC conversions: text
    that t2s leaves alone is simplified, text that s2t leaves alone traditional.
    """
    sample = _sample(text)
    han = "".join(_CJK.findall(sample))
    if not han:
        return "latin" if any(ch.isascii() and ch.isalpha() for ch in sample) else "other"
    simp = to_simplified(han)
    trad = to_script(han, "traditional")
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
