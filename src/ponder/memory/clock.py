"""Time for the memory store: one stored form (ISO 8601, UTC, seconds) and an injectable clock.

Stored times compare correctly as strings because they all have this one form.
A time given without a zone is read as local time; a date alone as its midnight.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from ..errors import MemoryInputError

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The stored form of a time: UTC, whole seconds, ``+00:00``."""
    aware = moment if moment.tzinfo else moment.astimezone()
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def parse_time(text: str, *, what: str = "time") -> datetime:
    """An ISO 8601 date or time; naive values are local time."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as e:
        raise MemoryInputError(
            f"{what} {text!r} is not an ISO 8601 date or time "
            "(e.g. 2025-03-01 or 2025-03-01T09:00:00+08:00)"
        ) from e
    return moment if moment.tzinfo else moment.astimezone()


def env_clock(env: Mapping[str, str]) -> Clock:
    """``PONDER_NOW`` (ISO 8601) as a fixed clock when set, else the system clock."""
    fixed = env.get("PONDER_NOW")
    if not fixed:
        return system_clock
    moment = parse_time(fixed, what="PONDER_NOW")
    return lambda: moment
