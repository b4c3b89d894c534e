"""Group sentences into passages of 1–3 sentences within a size limit.

A passage never crosses a speaker turn or a heading, and never ends
mid-sentence unless one sentence alone exceeds the limit. Headings are given by
the reader (a ``# line`` is a heading only where the format says so: Markdown,
not a shell prompt in an HTML code block). A heading joins the passage that
follows it, so the heading's words are part of that passage; it is never a
passage of its own (it is context, not evidence): headings with no text between
them chain into one ("Title › Section"), and a heading too long to join, or with
nothing under it, lives on only as the ``heading`` of the passages below it.
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
MAX_HEADING_PARTS = 4  # a chain of headings keeps its first part and its last three
CHAIN = " › "
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
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
    cut: bool = False  # nothing joins across it


def weight(text: str) -> float:
    cjk = wide_count(text)
    return cjk + 0.4 * (len(text) - cjk)


def segment(
    text: str,
    headings: Sequence[tuple[int, int, str]] = (),
    limit: int = LIMIT,
    cuts: Sequence[int] = (),
) -> list[Span]:
    """Passages of ``text`` as spans with their speaker and heading.

    ``headings`` are (start, end, name) as the reader found them; ``cuts`` are offsets
    no passage may span (where the reader dropped something).
    """
    blocks = list(_blocks(text, sorted(set(headings)), sorted(set(cuts))))
    return list(_group(text, blocks, limit))


def chain(outer: str, inner: str) -> str:
    """Two headings with no text between them as one name, parts named once.

    ``chain("Title", "Section")`` is ``"Title › Section"``; ``chain("fmt › class A",
    "fmt › class B")`` is ``"fmt › class A › class B"``.
    """
    parts = list(dict.fromkeys([*outer.split(CHAIN), *inner.split(CHAIN)]))
    if len(parts) > MAX_HEADING_PARTS:
        parts = [parts[0], *parts[1 - MAX_HEADING_PARTS :]]
    return CHAIN.join(parts)


def _boundaries(
    text: str, headings: list[tuple[int, int, str]], cuts: list[int]
) -> list[tuple[int, int, str, str]]:
    """(start, resume, kind, value) events in text order."""
    events = [(s, e, "heading", h) for s, e, h in headings]
    events += [(c, c, "cut", "") for c in cuts]
    events += [(t.label_start, t.text_start, "turn", t.speaker) for t in find_turns(text)]
    events += [(m.start(), m.end(), "break", "") for m in _PARAGRAPH.finditer(text)]
    events += [(m.start(), m.end(), "break", "") for m in _LIST_ITEM.finditer(text)]
    return sorted(events)


def _blocks(
    text: str, headings: list[tuple[int, int, str]], cuts: list[int]
) -> Iterator[_Block]:
    speaker: str | None = None
    heading: str | None = None
    pos = 0
    last: _Block | None = None
    for start, resume, kind, value in _boundaries(text, headings, cuts):
        if start < pos:
            continue
        for block in _text_block(text, pos, start, speaker, heading):
            last = block
            yield block
        if kind == "heading":
            under_heading = last is not None and last.is_heading and heading is not None
            heading, speaker = (chain(heading, value) if under_heading and heading else value), None
            last = _Block(start, resume, None, heading, True)
            yield last
        elif kind == "cut":
            yield _Block(start, start, speaker, heading, False, cut=True)
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
    emitted = False
    for block in blocks:
        if block.cut:
            if pending is not None and not pending.is_heading:
                emitted = True
                yield Span(pending.start, pending.end, pending.speaker, pending.heading)
            pending = None  # a heading before a cut is context only
            continue
        if block.is_heading:
            if pending is not None and not pending.is_heading:
                emitted = True
                yield Span(pending.start, pending.end, pending.speaker, pending.heading)
            pending = block  # an earlier heading lives on in this one's chained name
            continue
        spans = list(_passages(text, block, limit))
        if pending is not None and spans:
            first = spans[0]
            joined = Span(pending.start, first.end, first.speaker, first.heading)
            same_turn = pending.is_heading or pending.speaker == first.speaker
            if same_turn and weight(text[joined.start : joined.end]) <= limit * 1.5:
                spans[0] = joined
            elif not pending.is_heading:  # a heading too long to join is context only
                emitted = True
                yield Span(pending.start, pending.end, pending.speaker, pending.heading)
            pending = None
        if len(spans) == 1 and weight(text[spans[0].start : spans[0].end]) < TINY:
            only = spans[0]
            pending = _Block(only.start, only.end, only.speaker, only.heading, False)
            continue
        emitted = emitted or bool(spans)
        yield from spans
    if pending is not None and (not pending.is_heading or not emitted):
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
