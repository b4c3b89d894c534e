"""Cutting text into ~1 MB chunks at line boundaries, and the maps that go with them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ponder.ingest.encoding import cut_repair
from ponder.ingest.readers.base import SourceChunk
from ponder.text.offsets import OffsetMap, Side, SourceMap

TARGET_CHARS = 1 << 20
MAX_LINE_CHARS = 4 << 20

Heading = tuple[int, int, str]


def cut_point(buffer: str, target: int, max_line: int, final: bool) -> int:
    """Where to end the next chunk of ``buffer`` (0: wait for more text).

    The cut follows a line break at or before ``target``; failing that, the first one
    after it; a line longer than ``max_line`` is cut inside.
    """
    if len(buffer) < target and not final:
        return 0
    if final and len(buffer) <= target:
        return len(buffer)
    cut = _after_break(buffer, 0, target, reverse=True)
    if cut == 0:
        cut = _after_break(buffer, target, min(len(buffer), max_line), reverse=False)
    if cut == 0 and (final or len(buffer) >= max_line):
        cut = min(len(buffer), max_line)
    return cut


def _after_break(text: str, start: int, end: int, reverse: bool) -> int:
    for brk in ("\n", "\r"):
        i = text.rfind(brk, start, end) if reverse else text.find(brk, start, end)
        if i >= 0:
            return i + 1
    return 0


def line_chunks(
    blocks: Iterable[str], target: int = TARGET_CHARS, max_line: int = MAX_LINE_CHARS
) -> Iterator[str]:
    """Regroup a stream of decoded text blocks into chunks ending at line breaks."""
    buffer = ""
    for block in blocks:
        buffer += block
        while cut := cut_point(buffer, target, max_line, final=False):
            yield buffer[:cut]
            buffer = buffer[cut:]
    while buffer:
        cut = cut_point(buffer, target, max_line, final=True)
        yield buffer[:cut]
        buffer = buffer[cut:]


def split_spans(text: str, target: int = TARGET_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) spans of ``text`` of about ``target`` chars, cut after line breaks."""
    start = 0
    while start < len(text):
        window = text[start : start + MAX_LINE_CHARS + target]
        cut = cut_point(window, target, MAX_LINE_CHARS, final=True)
        yield start, start + cut
        start += cut


@dataclass(frozen=True)
class SliceMap:
    """The map of ``text[offset:]`` given the map of ``text``."""

    inner: SourceMap
    offset: int

    def to_source(self, pos: int, side: Side = "start") -> int:
        return self.inner.to_source(pos + self.offset, side)


def slice_chunks(
    text: str,
    source_map: SourceMap,
    headings: list[Heading],
    cuts: list[int] | None = None,
    target: int = TARGET_CHARS,
) -> Iterator[SourceChunk]:
    """Chunks of an in-memory text whose whole map is ``source_map``."""
    for start, end in split_spans(text, target):
        inside = [(s - start, e - start, t) for s, e, t in headings if start <= s < end]
        cmap: SourceMap = source_map if start == 0 else SliceMap(source_map, start)
        chunk_cuts = [c - start for c in cuts or [] if start < c < end]
        yield SourceChunk(text[start:end], cmap, inside, chunk_cuts)


def identity_chunks(
    text: str, headings: list[Heading] | None = None, target: int = TARGET_CHARS
) -> Iterator[SourceChunk]:
    """Chunks of a text that *is* the source text (PDF, DOCX): identity maps."""
    for start, end in split_spans(text, target):
        inside = [(s - start, e - start, t) for s, e, t in headings or [] if start <= s < end]
        yield SourceChunk(text[start:end], OffsetMap.identity(end - start, start), inside)


def mark_cut_tail(
    chunks: Iterable[SourceChunk], cut: Callable[[], bytes], source_end: int | None = None
) -> Iterator[SourceChunk]:
    """``chunks``, the last one carrying the repair of a character the file was cut off in
    (``cut()``: its bytes, known once the chunks are read), when the text ends with the
    U+FFFD it became (at source offset ``source_end - 1``, when given)."""
    last: SourceChunk | None = None
    for chunk in chunks:
        if last is not None:
            yield last
        last = chunk
    if last is None:
        return
    tail = len(last.text) - 1
    if cut() and last.text.endswith("\ufffd") and (
        source_end is None or last.map.to_source(tail) == source_end - 1
    ):
        last.repairs.append(cut_repair(last.text, cut()))
    yield last

