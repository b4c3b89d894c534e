"""The per-user deny list: phrases nothing stored may contain ("don't remember X").

A pattern matches a text when its matching form occurs in the text's matching form
(case, width and script folded). Latin letters and digits match on word boundaries,
where Chinese characters count as a boundary ("lisinopril" matches "我的血压药是lisinopril"),
and a final English inflection is allowed ("password" matches "passwords", "diagnose"
"diagnosed"); Chinese terms match anywhere, spaces or none. ``*`` stands for any run of
word characters (``pass*`` matches "password", "passcode").
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import MemoryInputError
from ..text.script import EAST_ASIAN
from .text import norm_text

MAX_PATTERN_LENGTH = 200
WITHHELD = "[withheld]"
_CJK_EDGE = re.compile(f"[{EAST_ASIAN}]")


@dataclass(frozen=True)
class DenyPattern:
    pattern: str
    created_at: str


def check_pattern(pattern: str) -> str:
    text = " ".join(pattern.split())
    if not re.search(r"\w", text.replace("*", "")):
        raise MemoryInputError(f"deny pattern {pattern!r} has no letters or digits to match")
    if len(text) > MAX_PATTERN_LENGTH:
        raise MemoryInputError(f"deny pattern is longer than {MAX_PATTERN_LENGTH} characters")
    return text


# A word character that is not Chinese/Japanese/Korean: what a Latin word must not touch.
_LATIN_WORD = rf"(?![{EAST_ASIAN}])\w"
_INFLECTION = r"(?:s|es|ed|ing)?"


def _edge(ch: str) -> bool:
    return bool(re.match(r"\w", ch)) and not _CJK_EDGE.match(ch)


def _regex(form: str) -> str:
    body = re.escape(form).replace(r"\*", r"\w*").replace(r"\ ", r"\s+")
    start = rf"(?<!{_LATIN_WORD})" if _edge(form[0]) else ""
    inflect = _INFLECTION if re.search(r"[a-z]$", form, re.IGNORECASE) else ""
    if inflect and len(form) >= 4 and form.lower().endswith("e"):
        body, inflect = body[:-1], r"(?:e|es|ed|ing)"
    end = rf"(?!{_LATIN_WORD})" if _edge(form[-1]) else ""
    return start + body + inflect + end


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A regex over *matching-form* text."""
    return re.compile(_regex(norm_text(pattern)))


def add(db: sqlite3.Connection, user: str, pattern: str, now: str) -> bool:
    """Add a pattern; False when the user already had it."""
    cur = db.execute(
        "INSERT INTO deny_list (user, pattern, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT(user, pattern) DO NOTHING",
        (user, pattern, now),
    )
    return cur.rowcount > 0


def remove(db: sqlite3.Connection, user: str, pattern: str) -> bool:
    cur = db.execute("DELETE FROM deny_list WHERE user = ? AND pattern = ?", (user, pattern))
    return cur.rowcount > 0


def patterns(db: sqlite3.Connection, user: str) -> list[DenyPattern]:
    rows = db.execute(
        "SELECT pattern, created_at FROM deny_list WHERE user = ? ORDER BY created_at, pattern",
        (user,),
    )
    return [DenyPattern(str(r[0]), str(r[1])) for r in rows]


class DenyList:
    """One user's compiled patterns."""

    def __init__(self, items: Sequence[DenyPattern]) -> None:
        self.compiled = [(p.pattern, compile_pattern(p.pattern)) for p in items]

    def first_match(self, texts: Iterable[str | None]) -> str | None:
        """The first pattern any of ``texts`` matches, or None."""
        forms = [norm_text(t) for t in texts if t]
        for pattern, regex in self.compiled:
            if any(regex.search(form) for form in forms):
                return pattern
        return None

    def redact(self, text: str) -> str:
        """``text`` with every denied span replaced; the whole text when a span can't be located.

        Spans are found in the original text case-insensitively; a match that only
        shows after script folding (traditional/simplified) withholds the whole text.
        """
        out = text
        for pattern, _ in self.compiled:
            out = re.sub(_regex(pattern), WITHHELD, out, flags=re.IGNORECASE)
        return WITHHELD if self.first_match([out]) else out
