"""Questions about the user's own history, answered from stored conversations.

    history_answer(store, user, "what did I ask you about last week?", now) -> HistoryAnswer

The period ("last week", "昨天", "on 2026-11-20", "in the last 3 days") is computed
from the session clock; a question naming no period covers everything so far. Only
the user's questions are listed (not controls such as "remember …"), oldest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..memory import MemoryStore, Turn, parse_time
from ..text.script import language_of
from .dates import Period, period
from .intents import intent
from .statements import rest_of

MAX_LISTED = 20
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = r"(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH_DAY = [re.compile(rf"\b{_MONTH}\s+{_DAY}\b", re.I),
              re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}", re.I)]


def month_day(question: str, now: datetime) -> Period | None:
    """A day named by month and day ("on December 8", "8th of Dec"): the latest such day
    not after ``now`` (None: no such day is named)."""
    for pattern in _MONTH_DAY:
        m = pattern.search(question)
        if m is None:
            continue
        month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(m["m"].lower()[:3]))
        for year in (now.year, now.year - 1):
            try:
                since = now.replace(year=year, month=month, day=int(m["d"]), hour=0, minute=0,
                                    second=0, microsecond=0)
            except ValueError:
                return None
            if since <= now:
                return Period(f"on {_MONTHS[month - 1].title()} {since.day}", since,
                              since + timedelta(days=1))
    return None


@dataclass
class HistoryAnswer:
    text: str
    period: Period | None
    turns: list[Turn] = field(default_factory=list)


def _label(p: Period, zh: bool) -> str:
    last = (p.until - timedelta(seconds=1)).date()
    first = p.since.date()
    span = str(first) if first == last else f"{first} – {last}"
    return f"{p.label}（{span}）" if zh else f"{p.label} ({span})"


def _line(turn: Turn, zone: datetime) -> str:
    when = parse_time(turn.created_at).astimezone(zone.tzinfo)
    return f"- {when:%Y-%m-%d %H:%M}  {turn.text}"


def asked(turns: list[Turn]) -> list[Turn]:
    """The user's questions among ``turns`` (controls, small talk and history asks left out)."""
    return [t for t in turns
            if t.role == "user" and intent(t.text).action == "question" and rest_of(t.text)]


def history_answer(
    store: MemoryStore, user: str, question: str, now: datetime
) -> HistoryAnswer:
    """What the user asked in the period ``question`` names (everything, when it names none)."""
    zh = language_of(question) == "zh"
    span = period(question, now) or month_day(question, now)
    since, until = (None, None)
    if span is not None:
        since, until = span.since, min(span.until, now + timedelta(seconds=1))
    turns = asked(store.turns(user, since=since, until=until))[-MAX_LISTED:]
    return HistoryAnswer(_text(turns, span, now, zh), span, turns)


def _text(turns: list[Turn], span: Period | None, now: datetime, zh: bool) -> str:
    when = _label(span, zh) if span else ("之前" if zh else "so far")
    if not turns:
        return (f"我没有你{when}提问的记录。" if zh
                else f"I have no record of questions from you {when}.")
    if span is None:
        head = "你之前问了我：" if zh else "So far you asked me:"
    else:  # the day or period asked about, as the user named it, then the dates
        head = f"你{when}问了我：" if zh else f"{when[:1].upper()}{when[1:]} you asked me:"
    return "\n".join([head, *(_line(t, now) for t in turns)])
