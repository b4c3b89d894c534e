"""Repair a text: a chain of passes, every change recorded with its offsets.

Passes, in order (each one sees the output of the one before):

1. ``mojibake-gbk``  GBK runs decoded one byte out of step (before pinyin
   removal: the damaged runs carry pinyin remnants that help the decoding);
2. ``pinyin``        pinyin annotations after characters, ``領(lǐng)`` → ``領``;
3. ``ftfy``          classic UTF-8/cp1252 mojibake, line by line;
4. ``boilerplate``   menus, share/copyright footers, image lines, stray markup
   (skipped for text that came from HTML main-text extraction).

Each pass returns :class:`~ponder.text.offsets.Edit` s over its input; they are
applied with :func:`~ponder.text.offsets.apply_edits` and the maps composed, so
``Repaired.map`` takes an offset of the repaired text straight back to the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ponder.records import Repair
from ponder.text import boilerplate, mojibake, pinyin
from ponder.text.offsets import Edit, OffsetMap, Segment, apply_edits

Pass = Callable[[str], list[Edit]]


@dataclass
class Repaired:
    """Repaired text, its map back to the input, and what was changed."""

    text: str
    map: OffsetMap
    repairs: list[Repair]


@dataclass
class _Record:
    """A repair while passes run: ``start``/``end`` index the current text."""

    kind: str
    start: int
    end: int
    source_start: int
    source_end: int
    after: str


def passes(*, html: bool = False) -> list[Pass]:
    """The passes ``repair`` runs, in order."""
    chain: list[Pass] = [mojibake.gbk_edits, pinyin.annotation_edits, mojibake.ftfy_edits]
    if not html:
        chain.append(boilerplate.boilerplate_edits)
    return chain


def repair(text: str, *, html: bool = False) -> Repaired:
    """Run every pass over ``text``; see the module docstring."""
    current = text
    total = OffsetMap.identity(len(text))
    records: list[_Record] = []
    for run in passes(html=html):
        edits = sorted(run(current), key=lambda e: (e.start, e.end))
        if not edits:
            continue
        new, step = apply_edits(current, edits)
        records = _shift(records, edits) + _new_records(edits, total)
        total = compose(total, step)
        current = new
    repairs = [
        Repair(
            r.kind,
            r.start,
            r.end,
            r.source_start,
            r.source_end,
            text[r.source_start : r.source_end],
            r.after,
        )
        for r in sorted(records, key=lambda r: (r.start, r.end))
    ]
    return Repaired(current, total, repairs)


def _new_records(edits: list[Edit], total: OffsetMap) -> list[_Record]:
    """Records for one pass's (sorted) edits, placed in that pass's output."""
    out = []
    shift = 0
    for e in edits:
        start = e.start + shift
        src_start = total.to_source(e.start, "start")
        src_end = total.to_source(e.end, "end") if e.end > e.start else src_start
        end = start + len(e.text)
        out.append(_Record(e.kind, start, end, src_start, max(src_start, src_end), e.text))
        shift += len(e.text) - (e.end - e.start)
    return out


def _shift(records: list[_Record], edits: list[Edit]) -> list[_Record]:
    """Move earlier records past a pass's (sorted) edits; drop those an edit overlaps."""
    kept = []
    for r in records:
        delta = 0
        overlapped = False
        for e in edits:
            if e.end <= r.start:
                delta += len(e.text) - (e.end - e.start)
            else:
                overlapped = e.start < r.end  # else the edit is after the record
                break
        if not overlapped:
            kept.append(_moved(r, delta))
    return kept


def _moved(r: _Record, delta: int) -> _Record:
    return _Record(r.kind, r.start + delta, r.end + delta, r.source_start, r.source_end, r.after)


def compose(inner: OffsetMap, outer: OffsetMap) -> OffsetMap:
    """One map equal to ``outer`` (final→middle) followed by ``inner`` (middle→source)."""
    segments: list[Segment] = []
    for seg in outer.segments:
        if seg.copied:
            segments.extend(_copied_pieces(inner, seg))
        else:
            start = inner.to_source(seg.in_start, "start")
            end = inner.to_source(seg.in_end, "end") if seg.in_end > seg.in_start else start
            segments.append(Segment(seg.out_start, seg.out_end, start, max(start, end), False))
    return OffsetMap(segments, outer.out_length, inner.in_length)


def _copied_pieces(inner: OffsetMap, seg: Segment) -> list[Segment]:
    """A copied outer segment split where the inner map's segments change."""
    pieces = []
    for t in inner.segments:
        lo, hi = max(seg.in_start, t.out_start), min(seg.in_end, t.out_end)
        if lo >= hi:
            continue
        out_lo = seg.out_start + lo - seg.in_start
        out_hi = out_lo + hi - lo
        if t.copied:
            src = t.in_start + lo - t.out_start
            pieces.append(Segment(out_lo, out_hi, src, src + hi - lo, True))
        else:
            pieces.append(Segment(out_lo, out_hi, t.in_start, t.in_end, False))
    return pieces
