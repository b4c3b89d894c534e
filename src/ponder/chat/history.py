"""Questions about the user's own history, answered from stored conversations.

    history_answer(store, user, "what did I ask you about last week?", now) -> HistoryAnswer

The period ("last week", "昨天", "on 2026-11-20", "in the last 3 days") is computed
from the session clock; a question naming no period covers everything so far. Only
the user's questions are listed (not controls such as "remember …"), oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..memory import MemoryStore, Turn, parse_time
from ..text.script import language_of
from .dates import Period, period
from .intents import intent
from .statements import rest_of

MAX_LISTED = 20


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
    span = period(question, now)
    since, until = (None, None)
    if span is not None:
        since, until = span.since, min(span.until, now + timedelta(seconds=1))
    turns = asked(store.turns(user, since=since, until=until))[-MAX_LISTED:]
    return HistoryAnswer(_text(turns, span, now, zh), span, turns)


def _text(turns: list[Turn], span: Period | None, now: datetime, zh: bool) -> str:
    when = _label(span, zh) if span else ("之前" if zh else "before")
    if not turns:
        return (f"我没有你{when}提问的记录。" if zh
                else f"I have no record of questions from you {when}.")
    head = f"你{when}问了我：" if zh else f"{when[:1].upper()}{when[1:]} you asked me:"
    return "\n".join([head, *(_line(t, now) for t in turns)])
