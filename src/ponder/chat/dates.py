"""Dates in chat messages, relative to the session clock: due dates and periods.

    due_date("call the dentist tomorrow", now) -> Due("call the dentist", <tomorrow 00:00>)
    period("what did I ask you last week?", now) -> Period("last week", since, until)

Days start at midnight in the time zone of ``now`` (``PONDER_NOW`` or the system
clock). A due date without a time is due from the start of that day, so the first
session that day shows it. Weeks start on Monday. English and Chinese forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ..errors import MemoryInputError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ZH_WEEKDAYS = "一二三四五六日"
ZH_NUMBERS = {"一": 1, "两": 2, "兩": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9, "十": 10}
EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
              "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2,
              "a few": 3}
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "天": 1, "日": 1, "周": 7, "週": 7,
         "星期": 7, "个星期": 7, "個星期": 7}

_ISO = r"(\d{4}-\d{1,2}-\d{1,2})(?:[T ](\d{1,2}:\d{2}))?"
_ZH_DATE = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]"
_NUM = r"(\d+|[一两兩二三四五六七八九十])"
_EN_NUM = r"(\d+|a\s+couple\s+of|a\s+few|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_ZH_WEEKDAY = r"(?:周|週|星期|礼拜|禮拜)([一二三四五六日天])"
_CLOCK = r"(?:\s+at\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?)?"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
# "December", "Dec", "Dec.", "Sept": a month name or its first three letters ("May" with its
# capital only: "I may 2 …")
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"


@dataclass(frozen=True)
class Due:
    """What to be reminded of, and when (None: no date was said)."""

    task: str
    at: datetime | None


@dataclass(frozen=True)
class Period:
    """``since <= t < until``; ``label`` names it as the user said it."""

    label: str
    since: datetime
    until: datetime


def midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time(0), tzinfo=moment.tzinfo)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text in ZH_NUMBERS:
        return ZH_NUMBERS[text]
    if len(text) >= 2 and all(ch in ZH_NUMBERS for ch in text):  # 十五, 二十
        tens, _, ones = text.partition("十")
        return (ZH_NUMBERS.get(tens, 1) if "十" in text else 0) * 10 + ZH_NUMBERS.get(ones, 0)
    return EN_NUMBERS[" ".join(text.lower().split())]


def _date(text: str, now: datetime) -> datetime | None:
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return datetime(y, m, d, tzinfo=now.tzinfo)
    except ValueError:
        return None


def _weekday_after(now: datetime, weekday: int, *, next_week: bool) -> datetime:
    today = midnight(now)
    if next_week:  # "next Monday": the Monday of next week
        start = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return start + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _with_clock(day: datetime, hour: str | None, minute: str | None, half: str | None) -> datetime:
    if hour is None:
        return day
    h = int(hour) % 12 + (12 if half == "pm" else 0) if half else int(hour)
    return day.replace(hour=min(h, 23), minute=int(minute or 0))


# ---- due dates ------------------------------------------------------------------------

DueRule = tuple[re.Pattern[str], str]

_DUE_RULES: list[DueRule] = [
    (re.compile(rf"\b(?:on\s+|by\s+)?{_ISO}", re.I), "iso"),
    # "on December 3", "Dec 20th, 2027", "by Dec. 3"
    (re.compile(rf"\b(?:on\s+|by\s+)?{_MONTH}\s+{_DAY}{_YEAR}(?!\s*(?:[:.]\d|%))\b{_CLOCK}",
                re.I), "month_day"),
    # "on 31 February", "the 3rd of December 2027"
    (re.compile(rf"\b(?:on\s+|by\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b{_CLOCK}",
                re.I), "day_month"),
    (re.compile(rf"(?:在\s*)?{_ISO}"), "iso"),
    (re.compile(rf"(?:在\s*)?{_ZH_DATE}"), "zh_date"),
    (re.compile(rf"\b(?:the\s+)?day\s+after\s+tomorrow{_CLOCK}", re.I), "+2"),
    (re.compile(rf"\btomorrow{_CLOCK}", re.I), "+1"),
    (re.compile(rf"\b(?:today|tonight){_CLOCK}", re.I), "+0"),
    (re.compile(r"后天|後天"), "+2"),
    (re.compile(r"明天|明日"), "+1"),
    (re.compile(r"今天|今晚"), "+0"),
    (re.compile(rf"\bin\s+{_EN_NUM}\s+(days?|weeks?)\b", re.I), "in"),
    (re.compile(rf"\bin\s+{_EN_NUM}\s+months?\b", re.I), "in_months"),
    # "下个月五号": that day of next month
    (re.compile(r"(?:下个月|下個月)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[号號日]"),
     "zh_next_month_day"),
    # "on the 15th": the next such day of a month
    (re.compile(rf"\b(?:on|by)\s+the\s+{_DAY}\b(?!\s+(?:of\s+)?[A-Za-z]{{3}})", re.I),
     "month_day_only"),
    (re.compile(rf"{_NUM}\s*(天|日|周|週|个星期|個星期|星期)[后後以]后?"), "in"),
    (re.compile(rf"\bnext\s+{_WEEKDAY}{_CLOCK}", re.I), "next_weekday"),
    (re.compile(rf"\b(?:on|this)\s+{_WEEKDAY}{_CLOCK}", re.I), "weekday"),
    (re.compile(rf"(?:下|下个|下個){_ZH_WEEKDAY}"), "zh_next_weekday"),
    (re.compile(rf"(?:这|這|本)?{_ZH_WEEKDAY}"), "zh_weekday"),
    (re.compile(r"\bnext\s+week\b", re.I), "next_week"),
    (re.compile(r"下周|下週|下星期"), "next_week"),
    (re.compile(r"\bnext\s+month\b", re.I), "next_month"),
    (re.compile(r"下个月|下個月"), "next_month"),
    # a day in the past as *the* date: first or last ("pay rent yesterday"), never inside
    # the task ("the book I bought yesterday's a gift")
    (re.compile(r"^\s*(?:the\s+)?day\s+before\s+yesterday\b(?!')|\b(?:the\s+)?day\s+before"
                r"\s+yesterday\s*[.!?]?\s*$|^\s*前天|前天\s*[。！]?\s*$", re.I), "-2"),
    (re.compile(r"^\s*yesterday\b(?!')|\byesterday\s*[.!?]?\s*$|^\s*(?:昨天|昨日)|"
                r"(?:昨天|昨日)\s*[。！]?\s*$", re.I), "-1"),
]


def _month(name: str) -> int:
    return next(i for i, month in enumerate(MONTHS, 1) if month.startswith(name.lower()[:3]))


def _calendar_day(year: int | None, month: int, day: int, said: str,
                  now: datetime) -> datetime:
    """That day (without a year: the next one from today on, 29 February included), or
    MemoryInputError when the calendar has no such day ("31 February")."""
    for y in [year] if year else range(now.year, now.year + 9):
        try:
            found = datetime(y, month, day, tzinfo=now.tzinfo)
        except ValueError:
            continue
        if year or found >= midnight(now):
            return found
    raise MemoryInputError(f"{said.strip()!r} is not a date on the calendar; "
                           "nothing was stored")


def _due_at(kind: str, m: re.Match[str], now: datetime) -> datetime | None:
    groups = m.groups()
    today = midnight(now)
    if kind == "iso":
        y, mo, d = (int(p) for p in groups[0].split("-"))
        day = _calendar_day(y, mo, d, m.group(0), now)
        if groups[1]:
            h, mi = groups[1].split(":")
            return day.replace(hour=min(int(h), 23), minute=int(mi))
        return day
    if kind == "zh_date":
        year = int(groups[0]) if groups[0] else None
        return _calendar_day(year, int(groups[1]), int(groups[2]), m.group(0), now)
    if kind in ("month_day", "day_month"):
        name, day_text = (groups[0], groups[1]) if kind == "month_day" else (groups[1],
                                                                             groups[0])
        day = _calendar_day(int(groups[2]) if groups[2] else None, _month(name),
                            int(day_text), m.group(0), now)
        return _with_clock(day, *groups[3:6])
    if kind.startswith("-"):
        raise MemoryInputError(f"{m.group(0).strip()!r} is in the past; a reminder needs a "
                               "date from today on, and nothing was stored")
    if kind.startswith("+"):
        day = today + timedelta(days=int(kind[1:]))
        return _with_clock(day, *(*groups, None, None, None)[:3])
    if kind == "in":
        return today + timedelta(days=_number(groups[0]) * UNITS[groups[1].lower()])
    if kind == "in_months":
        return _month_start(today, _number(groups[0])).replace(
            day=min(today.day, 28))
    if kind == "zh_next_month_day":
        start = _month_start(today, 1)
        return _calendar_day(start.year, start.month, _number(groups[0]), m.group(0), now)
    if kind == "month_day_only":
        nth = int(groups[0])
        month = _month_start(today, 0 if nth >= today.day else 1)
        return _calendar_day(month.year, month.month, nth, m.group(0), now)
    if kind in ("next_weekday", "weekday"):
        day = _weekday_after(now, WEEKDAYS.index(groups[0].lower()), next_week=kind != "weekday")
        return _with_clock(day, *groups[1:4])
    if kind in ("zh_next_weekday", "zh_weekday"):
        weekday = 6 if groups[0] in "日天" else ZH_WEEKDAYS.index(groups[0])
        return _weekday_after(now, weekday, next_week=kind == "zh_next_weekday")
    if kind == "next_week":
        return today - timedelta(days=today.weekday()) + timedelta(days=7)
    return _month_start(today, 1)


def _month_start(day: datetime, months: int) -> datetime:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


# What is left of "remind me tomorrow to buy stamps" once the date is out: "to buy stamps"
_LEAD = re.compile(r"^(?:(?:to|about|that|of)\b\s*)+", re.I)


def due_date(text: str, now: datetime) -> Due:
    """The task with its date phrase taken out, and the date (None when none was said).

    MemoryInputError, and nothing to store, when the date is not on the calendar
    ("31 February", "2026-02-30"), is in the past ("yesterday", "2025-01-01"), or when
    no task is left ("remind me to")."""
    for pattern, kind in _DUE_RULES:
        m = pattern.search(text)
        if m is None:
            continue
        at = _due_at(kind, m, now)
        if at is not None:
            if at < midnight(now):
                raise MemoryInputError(f"{m.group(0).strip()!r} is in the past; a reminder "
                                       "needs a date from today on, and nothing was stored")
            return Due(_task(text[: m.start()] + " " + text[m.end() :]), at)
    return Due(_task(text), None)


def _task(text: str) -> str:
    task = _tidy(_LEAD.sub("", _tidy(text)))
    if not re.search(r"\w", task):
        raise MemoryInputError("what should I remind you of? Say it after 'remind me to', "
                               "e.g. 'remind me to call Li tomorrow'; nothing was stored")
    return task


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?，。；：！？])", r"\1", text)
    return text.strip(" ,;:，；：。.!！")


# ---- periods --------------------------------------------------------------------------

PeriodRule = tuple[re.Pattern[str], str]

_PERIOD_RULES: list[PeriodRule] = [
    (re.compile(rf"\b(?:on\s+)?{_ISO}", re.I), "iso"),
    (re.compile(rf"{_ZH_DATE}"), "zh_date"),
    (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b|前天", re.I), "day-2"),
    (re.compile(r"\byesterday\b|昨天|昨日", re.I), "day-1"),
    (re.compile(r"\btoday\b|今天|今日", re.I), "day-0"),
    (re.compile(r"\blast\s+week\b|上周|上週|上星期|上个星期|上個星期|上礼拜|上禮拜", re.I),
     "week-1"),
    (re.compile(r"\bthis\s+week\b|这周|這週|这星期|這星期|本周|本週", re.I), "week-0"),
    (re.compile(r"\blast\s+month\b|上个月|上個月|上月", re.I), "month-1"),
    (re.compile(r"\bthis\s+month\b|这个月|這個月|本月", re.I), "month-0"),
    (re.compile(r"\blast\s+year\b|去年", re.I), "year-1"),
    (re.compile(rf"\b{_NUM}\s+(days?|weeks?)\s+ago\b", re.I), "ago"),
    (re.compile(rf"{_NUM}\s*(天|日|周|週|个星期|個星期|星期)(?:以)?前"), "ago"),
    (re.compile(rf"\b(?:in\s+)?the\s+(?:last|past)\s+{_NUM}\s+(days?|weeks?)\b", re.I), "last_n"),
    (re.compile(rf"(?:最近|过去|過去)\s*{_NUM}\s*(天|日|周|週|个星期|個星期)"), "last_n"),
]


def period(text: str, now: datetime) -> Period | None:
    """The span of time ``text`` names ("last week", "昨天", "on 2026-11-20"), or None."""
    for pattern, kind in _PERIOD_RULES:
        m = pattern.search(text)
        if m is not None:
            span = _span(kind, m, now)
            if span is not None:
                return Period(m.group(0).strip(), *span)
    return None


def _span(kind: str, m: re.Match[str], now: datetime) -> tuple[datetime, datetime] | None:
    today = midnight(now)
    day = timedelta(days=1)
    if kind in ("iso", "zh_date"):
        g = m.groups()
        start = _date(g[0], now) if kind == "iso" else _date(
            f"{g[0] or now.year}-{g[1]}-{g[2]}", now)
        return None if start is None else (start, start + day)
    if kind.startswith("day-"):
        start = today - int(kind[4:]) * day
        return start, start + day
    if kind.startswith("week-"):
        start = today - today.weekday() * day - 7 * int(kind[5:]) * day
        return start, start + 7 * day
    if kind.startswith("month-"):
        start = _month_start(today, -int(kind[6:]))
        return start, _month_start(start, 1)
    if kind == "year-1":
        return today.replace(year=today.year - 1, month=1, day=1), today.replace(month=1, day=1)
    size = _number(m.group(1)) * UNITS[m.group(2).lower()] * day
    if kind == "ago":
        start = today - size
        return start, start + (7 * day if size >= 7 * day and size % (7 * day) == 0 else day)
    return today - size, now + timedelta(seconds=1)
