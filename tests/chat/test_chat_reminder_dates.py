"""Issue 8 (new-user trial): reminder dates written with month names were ignored.

"remind me to call the dentist on December 3" (set on 12-01) fired on 12-02; "remind me on
Dec 20 to phone mum" got no due date; "remind me to" alone made a reminder "to"; "…on 31
February" and "…pay rent yesterday" were accepted; "remind me tomorrow to buy stamps"
stored "to buy stamps". Each is driven through ``ponder chat`` with ``PONDER_NOW``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .chat_helpers import chat, memories, replies, run

SET = "2026-12-01T09:00:00+00:00"  # a Tuesday
NEXT_DAY = "2026-12-02T09:00:00+00:00"
DUE_DAY = "2026-12-03T09:00:00+00:00"


def _due(lib: Path, user: str) -> dict[str, str]:
    return {m["text"]: str(m["due_at"])[:10] for m in memories(lib, user)}


@pytest.mark.parametrize(("said", "task", "due"), [
    ("remind me to call the dentist on December 3", "call the dentist", "2026-12-03"),
    ("remind me on Dec 20 to phone mum", "phone mum", "2026-12-20"),
    ("remind me tomorrow to buy stamps", "buy stamps", "2026-12-02"),
    ("remind me to renew my passport on the 5th of January", "renew my passport",
     "2027-01-05"),
    ("remind me to send the card on 3 March 2027", "send the card", "2027-03-03"),
    ("remind me to pay the council tax by Nov. 30th", "pay the council tax", "2027-11-30"),
])
def test_a_month_name_date_is_the_due_date(lib: Path, said: str, task: str, due: str) -> None:
    [reply] = replies(chat([said], library=lib, user="ivy", now=SET))
    assert reply["type"] == "remind", reply
    assert _due(lib, "ivy") == {task: due}


def test_the_dentist_reminder_fires_on_its_day_not_the_next(lib: Path) -> None:
    chat(["remind me to call the dentist on December 3"], library=lib, user="ivy", now=SET)
    next_day = chat(["hello"], library=lib, user="ivy", now=NEXT_DAY)
    assert not [o for o in next_day if o["type"] == "reminders"]
    due_day = chat(["hello"], library=lib, user="ivy", now=DUE_DAY)
    shown = [o for o in due_day if o["type"] == "reminders"]
    assert shown and "call the dentist" in json.dumps(shown, ensure_ascii=False)


@pytest.mark.parametrize(("said", "message"), [
    ("remind me to", "what should I remind you of"),
    ("remind me to buy milk on 31 February", "not a date on the calendar"),
    ("remind me to pay rent yesterday", "in the past"),
    ("remind me to file the report on 2026-11-20", "in the past"),
    ("提醒我昨天交稿", "in the past"),
])
def test_a_reminder_without_a_task_or_a_real_future_date_is_refused(
        lib: Path, said: str, message: str) -> None:
    result = run("chat", "--user", "ivy", "--json", library=lib, stdin=said + "\n", now=SET)
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    errors = [o for o in objects if o["type"] == "error"]
    assert errors and message in errors[0]["error"], objects
    assert memories(lib, "ivy") == []
