"""Offset maps: where each character of a produced text came from.

A stage that turns an input text into an output text (HTML extraction, a
repair pass, boilerplate removal) builds its output with :class:`TextBuilder`,
copying spans of the input verbatim and replacing others.  The resulting
:class:`OffsetMap` answers "which input offset does output offset N come from?".
Positions inside replaced text map to the edges of what they replaced: a
*start* maps to the replaced span's start, an *end* to its end.  Maps chain
with :meth:`OffsetMap.then`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Literal, Protocol

Side = Literal["start", "end"]


class SourceMap(Protocol):
    def to_source(self, pos: int, side: Side = "start") -> int: ...


@dataclass(frozen=True)
class Segment:
    out_start: int
    out_end: int
    in_start: int
    in_end: int
    copied: bool


@dataclass
class OffsetMap:
    """Maps offsets in an output text to offsets in its input text."""

    segments: list[Segment] = field(default_factory=list)
    out_length: int = 0
    in_length: int = 0

    def __post_init__(self) -> None:
        self._starts = [s.out_start for s in self.segments]

    @classmethod
    def identity(cls, length: int, base: int = 0) -> OffsetMap:
        """Output == input, shifted by ``base`` (for a chunk of a larger text)."""
        seg = Segment(0, length, base, base + length, True)
        return cls([seg] if length else [], length, base + length)

    def to_source(self, pos: int, side: Side = "start") -> int:
        """The input offset that output offset ``pos`` comes from.

        A start offset is resolved by the segment that begins the character at
        ``pos``; an end offset by the segment that holds the character before it.
        """
        if not self.segments:
            return 0 if side == "start" else self.in_length
        if side == "start":
            i = bisect_right(self._starts, pos) - 1
        else:
            i = bisect_left(self._starts, pos) - 1
        if i < 0:
            return self.segments[0].in_start
        seg = self.segments[i]
        if seg.copied:
            return seg.in_start + min(pos - seg.out_start, seg.in_end - seg.in_start)
        return seg.in_start if side == "start" else seg.in_end

    def to_output(self, pos: int) -> int:
        """The output offset where input offset ``pos`` ended up (the inverse direction).

        Inside a replaced or removed span it gives the start of what replaced it.
        """
        for seg in self.segments:
            if seg.in_end > pos or (seg.in_start == pos and seg.in_end == pos):
                if seg.copied and seg.in_start <= pos:
                    return seg.out_start + (pos - seg.in_start)
                return seg.out_start
        return self.out_length

    def then(self, outer: SourceMap) -> ChainedMap:
        """A map from this map's output to ``outer``'s input (``outer`` maps our input)."""
        return ChainedMap([self, outer])


@dataclass
class ChainedMap:
    """Maps through several maps in order: first maps output→middle, last →source."""

    maps: list[SourceMap]

    def to_source(self, pos: int, side: Side = "start") -> int:
        for m in self.maps:
            pos = m.to_source(pos, side)
        return pos

    def then(self, outer: SourceMap) -> ChainedMap:
        return ChainedMap([*self.maps, outer])


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` with ``text``; ``kind`` names the repair."""

    start: int
    end: int
    text: str
    kind: str


class TextBuilder:
    """Builds an output text from an input text, recording where each part came from."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._out = 0

    def copy(self, start: int, end: int) -> None:
        self._add(self.source[start:end], start, end, True)

    def insert(self, text: str, at: int) -> None:
        self._add(text, at, at, False)

    def replace(self, start: int, end: int, text: str) -> None:
        self._add(text, start, end, False)

    def _add(self, text: str, start: int, end: int, copied: bool) -> None:
        if not text and start == end:
            return
        seg = Segment(self._out, self._out + len(text), start, end, copied)
        last = self._segments[-1] if self._segments else None
        if (
            copied
            and last is not None
            and last.copied
            and last.out_end == seg.out_start
            and last.in_end == seg.in_start
        ):
            self._segments[-1] = Segment(last.out_start, seg.out_end, last.in_start, end, True)
        elif text or not copied:
            self._segments.append(seg)
        self._parts.append(text)
        self._out += len(text)

    @property
    def length(self) -> int:
        return self._out

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self._parts)
        return text, OffsetMap(list(self._segments), len(text), len(self.source))


def apply_edits(source: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits (any order) and return the new text and its map."""
    builder = TextBuilder(source)
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        builder.copy(pos, e.start)
        builder.replace(e.start, e.end, e.text)
        pos = e.end
    builder.copy(pos, len(source))
    return builder.build()
