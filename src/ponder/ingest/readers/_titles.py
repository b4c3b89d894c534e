"""Document titles: short, one line, taken from the text when nothing better exists."""

from __future__ import annotations

import re

TITLE_CHARS = 120
_SPACE = re.compile(r"\s+")


def clean_title(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` on one line, whitespace collapsed, trimmed to ``limit`` characters."""
    return _SPACE.sub(" ", text).strip()[:limit].rstrip()


def first_line(text: str, limit: int = TITLE_CHARS) -> str:
    """The first line of ``text`` with something on it, trimmed ('' if none)."""
    for line in text.splitlines():
        if line.strip():
            return clean_title(line, limit)
    return ""


_PLACEHOLDERS = frozenset({"untitled", "untitled document", "title", "document", "no title"})
_TOOL_PREFIX = re.compile(r"^microsoft (word|powerpoint) - ", re.I)


def metadata_title(value: object) -> str:
    """A title from document metadata, or '' when it is missing or a tool's placeholder."""
    if not isinstance(value, str):
        return ""
    title = clean_title(_TOOL_PREFIX.sub("", value.strip()))
    return "" if title.lower() in _PLACEHOLDERS else title
