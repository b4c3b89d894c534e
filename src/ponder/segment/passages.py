"""Group sentences into passages of 1–3 sentences within a size limit.

A passage never crosses a speaker turn or a heading, and never ends
mid-sentence unless one sentence alone exceeds the limit. A heading joins the
passage that follows it, so the heading's words are part of that passage.
Speaker labels (``**问：**``) are left out of the passage text; the passage
records the speaker instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..text.script import wide_count
from .sentences import sentence_ends, split_long
from .speakers import find_turns

LIMIT = 300  # weighted length: a CJK character counts 1, any other character 0.4
MAX_SENTENCES = 3
TINY = 12
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(\S.*)$", re.MULTILINE)
_LIST_ITEM = re.compile(r"\n(?=[ \t]*(?:[*\-+•]|\d+[.)])[ \t]+)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    speaker: str | None
    heading: str | None


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    speaker: str | None
    heading: str | None
    is_heading: bool


def weight(text: str) -> float:
    cjk = wide_count(text)
    return cjk + 0.4 * (len(text) - cjk)


def segment(
    text: str, headings: Sequence[tuple[int, int, str]] = (), limit: int = LIMIT
) -> list[Span]:
    """Passages of ``text`` as spans with their speaker and heading."""
    blocks = list(_blocks(text, _all_headings(text, headings)))
    return list(_group(text, blocks, limit))


def _all_headings(
    text: str, given: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    found = {(s, e): h for s, e, h in given}
    for m in _MD_HEADING.finditer(text):
        found.setdefault((m.start(), m.end()), m.group(1).strip("# ").strip())
    return sorted((s, e, h) for (s, e), h in found.items())


def _boundaries(text: str, headings: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    """(start, resume, kind, value) events in text order."""
    events = [(s, e, "heading", h) for s, e, h in headings]
    events += [(t.label_start, t.text_start, "turn", t.speaker) for t in find_turns(text)]
    events += [(m.start(), m.end(), "break", "") for m in _PARAGRAPH.finditer(text)]
    events += [(m.start(), m.end(), "break", "") for m in _LIST_ITEM.finditer(text)]
    return sorted(events)


def _blocks(text: str, headings: list[tuple[int, int, str]]) -> Iterator[_Block]:
    speaker: str | None = None
    heading: str | None = None
    pos = 0
    for start, resume, kind, value in _boundaries(text, headings):
        if start < pos:
            continue
        yield from _text_block(text, pos, start, speaker, heading)
        if kind == "heading":
            heading, speaker = value, None
            yield _Block(start, resume, None, heading, True)
        elif kind == "turn":
            speaker = value
        pos = resume
    yield from _text_block(text, pos, len(text), speaker, heading)


def _text_block(
    text: str, start: int, end: int, speaker: str | None, heading: str | None
) -> Iterator[_Block]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield _Block(start, end, speaker, heading, False)


def _sentences(text: str, block: _Block, limit: int) -> list[tuple[int, int]]:
    out = []
    pos = block.start
    for end in sentence_ends(text, block.start, block.end):
        while pos < end and text[pos].isspace():
            pos += 1
        if end <= pos:
            continue
        piece = text[pos:end]
        if weight(piece) > limit:
            chars = int(limit * len(piece) / max(weight(piece), 1))
            for cut in split_long(text, pos, end, max(chars, 20)):
                out.append((pos, cut))
                pos = cut
        else:
            out.append((pos, end))
        pos = end
    return [(s, _rstrip(text, s, e)) for s, e in out if _rstrip(text, s, e) > s]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _group(text: str, blocks: list[_Block], limit: int) -> Iterator[Span]:
    pending: _Block | None = None  # a heading or tiny block waiting to join the next passage
    for block in blocks:
        if block.is_heading:
            if pending is not None:
                yield Span(pending.start, pending.end, pending.speaker, pending.heading)
            pending = block
            continue
        spans = list(_passages(text, block, limit))
        if pending is not None and spans:
            first = spans[0]
            joined = Span(pending.start, first.end, first.speaker, first.heading)
            same_turn = pending.is_heading or pending.speaker == first.speaker
            if same_turn and weight(text[joined.start : joined.end]) <= limit * 1.5:
                spans[0] = joined
            else:
                yield Span(pending.start, pending.end, pending.speaker, pending.heading)
            pending = None
        if len(spans) == 1 and weight(text[spans[0].start : spans[0].end]) < TINY:
            only = spans[0]
            pending = _Block(only.start, only.end, only.speaker, only.heading, False)
            continue
        yield from spans
    if pending is not None:
        yield Span(pending.start, pending.end, pending.speaker, pending.heading)


def _passages(text: str, block: _Block, limit: int) -> Iterator[Span]:
    group: list[tuple[int, int]] = []
    for sentence in _sentences(text, block, limit):
        if group:
            candidate = text[group[0][0] : sentence[1]]
            if len(group) >= MAX_SENTENCES or weight(candidate) > limit:
                yield Span(group[0][0], group[-1][1], block.speaker, block.heading)
                group = []
        group.append(sentence)
    if group:
        yield Span(group[0][0], group[-1][1], block.speaker, block.heading)
