"""Sentences of answers and passages (Chinese and Western), and bracketed citations in them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..segment.sentences import SENTENCE_END
from ..text.script import HAN
from . import settings

CITE = re.compile(r"[\[【]\s*(\d{1,3}(?:\s*(?:[,，、;；]|\]\s*\[)\s*\d{1,3})*)\s*[\]】]")
_TRAILING_CITES = re.compile(rf"(?:\s*{CITE.pattern})+")
_CITE_BEFORE = re.compile(r"[.!?](?=\s*[\[【]\d)")
_LINE_BREAK = re.compile(r"\n+")
_AFTER_CITE = re.compile(rf"{CITE.pattern}(?=\s+[A-Z{HAN}「“\"])")
_WORDISH = re.compile(r"\w")


@dataclass(frozen=True)
class Sentence:
    """``text[start:end]`` of some larger text, whitespace trimmed."""

    start: int
    end: int
    text: str


_OPEN_END = re.compile(r"[\w,;\-–—(\"'“‘]$")


def _is_wrap(text: str, at: int) -> bool:
    """Whether the single line break at ``at`` only wraps a long line of prose (hard-wrapped
    text such as CPython's pydoc topics or Markdown): the sentence goes on."""
    if text.startswith("\n\n", at) or at + 1 >= len(text) or not text[at + 1 :].strip():
        return False
    line = text[text.rfind("\n", 0, at) + 1 : at].rstrip()
    nxt = text[at + 1 : at + 2]
    return len(line) >= settings.WRAPPED and bool(_OPEN_END.search(line)) and not nxt.isspace()


def _ends(text: str) -> list[int]:
    ends = {m.end() for m in SENTENCE_END.finditer(text)}
    ends |= {m.end() for m in _CITE_BEFORE.finditer(text)}
    ends |= {m.start() for m in _LINE_BREAK.finditer(text) if not _is_wrap(text, m.start())}
    ends |= {m.end() for m in _AFTER_CITE.finditer(text)}
    out = []
    for end in sorted(ends):
        m = _TRAILING_CITES.match(text, end)
        out.append(m.end() if m else end)
    return sorted(set(out))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in order; citations after a full stop stay with the sentence before."""
    found: list[Sentence] = []
    pos = 0
    for end in [*_ends(text), len(text)]:
        if end <= pos:
            continue
        piece = text[pos:end]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body and _WORDISH.search(body):
            found.append(Sentence(pos + lead, pos + lead + len(body), body))
        pos = end
    return found


def cited_numbers(text: str) -> list[int]:
    """Citation numbers in ``text`` in order of appearance, each once."""
    seen: list[int] = []
    for m in CITE.finditer(text):
        for part in re.findall(r"\d+", m.group(1)):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return seen


def strip_citations(text: str) -> str:
    """``text`` without its citation markers (and the spaces they leave)."""
    bare = CITE.sub("", text)
    bare = re.sub(r"\s+([.,;:!?。，；：！？])", r"\1", bare)
    return re.sub(r"[ \t]{2,}", " ", bare).strip()
