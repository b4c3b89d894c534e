"""Numbers in text as values, so "30亿", "三十亿" and "3 billion" agree.

Counted: Arabic numbers (with 万/亿 or million/billion after them), Chinese numerals of
two or more characters, a single Chinese numeral followed by a unit (一年, 三件), and
English number words. Not counted: numerals inside ordinary words (统一, 唯一, 一些).
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ZH_CHARS = "".join([*_DIGITS, *_SMALL_UNITS, *_BIG_UNITS])
_UNIT_AFTER = "年个個部次倍件种種位名天月岁歲小时時分秒周週点點条條项項步代层層家台臺亿億万萬"
_NOT_BEFORE = "统統唯第之万萬"

_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "dozen": 12, "decade": 10, "decades": 10,
}
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

_ARABIC = re.compile(
    r"(?<![0-9A-Za-z.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(万亿|萬億|万|萬|亿|億|"
    r"thousand|million|billion|trillion)?",
    re.IGNORECASE,
)
_ZH_RUN = re.compile(f"[{_ZH_CHARS}]+")
_EN_WORD = re.compile(r"[a-z]+")


def zh_value(run: str) -> int | None:
    """The value of a Chinese numeral such as 三十亿 or 两千零二十四; None if malformed."""
    total, section, digit = 0, 0, None
    for ch in run:
        if ch in _DIGITS:
            digit = _DIGITS[ch] if digit is None else digit * 10 + _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            section += digit or 0
            total = (total + section) * _BIG_UNITS[ch] if total < _BIG_UNITS[ch] else (
                total + section * _BIG_UNITS[ch])
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _arabic(text: str) -> set[float]:
    found: set[float] = set()
    for m in _ARABIC.finditer(text):
        base = float(m.group(1).replace(",", ""))
        unit = (m.group(2) or "").lower()
        scale = 1.0
        for ch in unit:
            scale *= _BIG_UNITS.get(ch, 1)
        scale *= _EN_SCALE.get(unit, 1.0)
        found.add(base * scale)
    return found


def _ranges(run: str) -> list[str]:
    """``两三百`` (two or three hundred) as ``两百`` and ``三百``; other runs as they are."""
    for i in range(len(run) - 1):
        pair = run[i : i + 2]
        after = run[i + 2 : i + 3]
        if all(c in _DIGITS and c not in "零〇" for c in pair) and after and after not in _DIGITS:
            return [run[:i] + run[i] + run[i + 2 :], run[:i] + run[i + 1 :]]
    return [run]


def _chinese(text: str) -> set[float]:
    found: set[float] = set()
    for m in _ZH_RUN.finditer(text):
        for run in _ranges(m.group(0)):
            found |= _chinese_run(text, m, run)
    return found


def _chinese_run(text: str, m: re.Match[str], run: str) -> set[float]:
    found: set[float] = set()
    if run:
        if len(run) == 1:
            after = text[m.end() : m.end() + 1]
            before = text[m.start() - 1 : m.start()] if m.start() else ""
            if run in _BIG_UNITS or after not in _UNIT_AFTER or not after or (
                before and before in _NOT_BEFORE):
                return found
        value = zh_value(run.lstrip("万萬亿億"))
        if value:
            found.add(float(value))
    return found


def _english(text: str) -> set[float]:
    words = _EN_WORD.findall(text.lower())
    found: set[float] = set()
    for i, word in enumerate(words):
        if word in _EN_WORDS and word != "one":  # "one" is mostly a pronoun
            value = float(_EN_WORDS[word])
            nxt = words[i + 1] if i + 1 < len(words) else ""
            found.add(value * _EN_SCALE.get(nxt, 1.0))
    return found


def numbers_in(text: str) -> set[float]:
    """Every number value ``text`` states."""
    return _arabic(text) | _chinese(text) | _english(text)


def missing_numbers(claim: str, evidence: str) -> set[float]:
    """Values ``claim`` states that ``evidence`` does not."""
    have = numbers_in(evidence)
    return {v for v in numbers_in(claim) if not any(abs(v - h) <= 1e-9 * max(1, v) for h in have)}
