"""Sentence boundaries for Chinese and Western text."""

from __future__ import annotations

import re

from ..text.script import HAN

# Chinese enders (with any closing quotes/brackets after them), or Western enders
# followed by whitespace — but not inside numbers ("3.11") or after common abbreviations.
_CJK_END = r"[。！？；…]+[」』”’\"')）】]*"
_ABBREV = "".join(
    rf"(?<!\b{a})" for a in ("e\\.g", "i\\.e", "etc", "vs", "Mr", "Dr", "Ms", "St", "No", "cf")
)
_WEST_END = rf"(?=[.!?])(?<![A-Z]){_ABBREV}[.!?]+[\"')\]”’]*(?=\s)"
_FULLWIDTH_Q = rf"[?!][」』”’\"')）】]*(?=[{HAN}「『“])"
SENTENCE_END = re.compile(f"{_CJK_END}|{_WEST_END}|{_FULLWIDTH_Q}")
CLAUSE_END = re.compile(r"[，,、：:；;]\s*|\s+")


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each sentence in ``text[start:end]``; the last is ``end``."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, start, end)]
    if not ends or ends[-1] < end:
        ends.append(end)
    return ends


def split_long(text: str, start: int, end: int, limit: int) -> list[int]:
    """Break points for a span longer than ``limit``: at clause punctuation, else whitespace,
    else (unbreakable text) every ``limit`` characters."""
    cuts: list[int] = []
    pos = start
    while end - pos > limit:
        window_end = pos + limit
        best = None
        for m in CLAUSE_END.finditer(text, pos + limit // 3, window_end):
            best = m.end()
        cut = best if best is not None and best > pos else window_end
        cuts.append(cut)
        pos = cut
    cuts.append(end)
    return cuts
