"""What kind of answer a question wants: a number, a date, a person, a reason, or a fact.

The type is read from the question's interrogative (how many / 多少, when / 什么时候,
who / 谁, why / 为什么) and decides two things: which answer-type features the sentence
scorer sees (a sentence stating a number for a number question), and how the answer is
framed (a who-question names the speaker; a number question leads with the number).
How much a match counts is fitted with the scorer, never set here.
"""

from __future__ import annotations

import re
from enum import StrEnum

from .numbers import numbers_in


class Wants(StrEnum):
    NUMBER = "number"
    DATE = "date"
    PERSON = "person"
    REASON = "reason"
    FACT = "fact"


_NUMBER = re.compile(
    r"\bhow\s+(?:many|much|long|old|often|far|fast|large|big|much\s+faster)\b"
    r"|\bwhat\s+(?:percentage|number|fraction|proportion|share|size|limit)\b"
    r"|\b(?:which|what)\s+version\b|多少|几[个個年次岁歲位家种種部倍天月项項条條]|百分之几|第几"
    r"|多大|多快|多长|多長|多久|哪个版本|哪個版本|什么版本|什麼版本",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^\s*(?:and\s+)?when\b|\bwhen\s+(?:was|were|did|does|is|do|will|had|has)\b"
    r"|\b(?:what|which)\s+(?:year|date|month|day)\b|\bin\s+what\s+year\b"
    r"|\b(?:which|what)\s+day\s+of\s+the\s+week\b|\bat\s+what\s+time\b|\bwhat\s+time\b"
    r"|什么时候|什麼時候|何时|何時|哪一?年|哪一?天|哪个月|哪個月|几月|幾月|什么日期|什麼日期|何年"
    r"|星期几|星期幾|周几|週幾|礼拜几|禮拜幾|几点|幾點",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"^\s*who\b|\bwho\s+(?:said|says|first|proposed|wrote|created|founded|asked|is|was|"
    r"did|made|invented|contributed|suggested|argued|compared|described)\b|\bwhom\b"
    r"|\bwhich\s+(?:person|speaker|guest|interviewer|founder|author|scientist)\b"
    r"|谁|誰|哪位|哪一位|什么人|什麼人",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\bwhy\b|\bfor\s+what\s+reason\b|\bwhat\s+(?:reason|caused|causes|made)\b"
    r"|为什么|為什麼|为何|為何|原因|何故|怎么会|怎麼會",
    re.IGNORECASE,
)

_REASON_WORDS = re.compile(
    r"\bbecause\b|\bsince\b|\bso\s+that\b|\bin\s+order\s+to\b|\bdue\s+to\b|\breason\b"
    r"|\btherefore\b|\bthus\b|因为|因為|由于|由於|所以|为了|為了|原因|因此|以便|导致|導致",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_DATE_WORDS = re.compile(
    r"\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号號]|[一二三四五六七八九十]{1,3}月"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|\b\d{4}-\d{2}(?:-\d{2})?\b|去年|今年|明年|上周|上週|昨天|\byesterday\b"
    r"|\blast\s+(?:year|week|month)\b"
    # weekdays, times of day and decades: "周五下午", "on Monday", "20年代末", "the late 2020s"
    r"|[周週][一二三四五六日天]|(?:星期|礼拜|禮拜)[一二三四五六日天]|[上下]午|凌晨|傍晚"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
    r"|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b|\d0\s*年代|\d0s(?![A-Za-z])",
    re.IGNORECASE,
)


def wants(question: str) -> Wants:
    """The answer type ``question`` asks for (the first interrogative that says)."""
    if _PERSON.search(question):
        return Wants.PERSON
    if _DATE.search(question):
        return Wants.DATE
    if _NUMBER.search(question):
        return Wants.NUMBER
    if _REASON.search(question):
        return Wants.REASON
    return Wants.FACT


def states_number(text: str, asked: frozenset[float]) -> bool:
    """A number other than those the question states."""
    return bool(numbers_in(text) - asked)


def states_date(text: str) -> bool:
    return bool(_YEAR.search(text) or _DATE_WORDS.search(text))


def gives_reason(text: str) -> bool:
    return bool(_REASON_WORDS.search(text))


def matches(kind: Wants, text: str, *, speaker: str | None, asked: frozenset[float],
            names: bool) -> bool:
    """Whether ``text`` (with its passage's ``speaker``) holds the kind of answer wanted;
    ``names`` says whether the text names a person (a capitalised or aliased name)."""
    if kind is Wants.NUMBER:
        return states_number(text, asked)
    if kind is Wants.DATE:
        return states_date(text)
    if kind is Wants.PERSON:
        return bool(speaker) or names
    if kind is Wants.REASON:
        return gives_reason(text)
    return True
