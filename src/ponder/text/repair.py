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
        records = _after_pass(records, edits, total, new)
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


def _after_pass(
    records: list[_Record], edits: list[Edit], total: OffsetMap, new: str
) -> list[_Record]:
    """The records once a pass's (sorted, disjoint) edits are applied, making ``new``.

    Earlier records move past the edits before them.  An edit that overlaps earlier
    records (boilerplate removal cutting into a line ftfy fixed) merges with them into
    one record covering all of them, so the records still rebuild the output from the
    input; it takes the edit's kind.
    """
    out: list[_Record] = []
    shift = 0
    for group, changes in _overlapping(records, edits):
        grown = sum(len(e.text) - (e.end - e.start) for e in changes)
        if not changes:
            out.append(_moved(group[0], shift))
        elif not group:
            out.append(_record(changes[0], total, shift))
        else:
            spans: list[_Record | Edit] = [*group, *changes]
            start = min(x.start for x in spans)
            end = max(x.end for x in spans)
            src_start = min(total.to_source(start, "start"), *(r.source_start for r in group))
            src_end = total.to_source(end, "end") if end > start else src_start
            src_end = max(src_end, src_start, *(r.source_end for r in group))
            after = new[start + shift : end + shift + grown]
            out.append(_Record(changes[-1].kind, start + shift, end + shift + grown,
                               src_start, src_end, after))
        shift += grown
    return out


def _overlapping(
    records: list[_Record], edits: list[Edit]
) -> list[tuple[list[_Record], list[Edit]]]:
    """Records and edits in text order, grouped where they overlap (each group is a
    contiguous span: records never overlap records, nor edits edits)."""
    items: list[_Record | Edit] = sorted([*records, *edits], key=lambda x: (x.start, x.end))
    groups: list[tuple[list[_Record], list[Edit]]] = []
    end = -1
    start = -1
    for item in items:
        overlaps = groups and item.start < end and start < item.end
        if not overlaps:
            groups.append(([], []))
            start, end = item.start, item.end
        start, end = min(start, item.start), max(end, item.end)
        if isinstance(item, Edit):
            groups[-1][1].append(item)
        else:
            groups[-1][0].append(item)
    return groups


def _record(e: Edit, total: OffsetMap, shift: int) -> _Record:
    """A record for one edit that touches no earlier record, placed in the pass's output."""
    src_start = total.to_source(e.start, "start")
    src_end = total.to_source(e.end, "end") if e.end > e.start else src_start
    start = e.start + shift
    return _Record(e.kind, start, start + len(e.text), src_start, max(src_start, src_end), e.text)


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
    return OffsetMap(_coalesced(segments), outer.out_length, inner.in_length)


def _coalesced(segments: list[Segment]) -> list[Segment]:
    """Adjacent replaced segments whose sources overlap as one: text that came out of one
    replaced span (a line ftfy fixed, then boilerplate cut into) maps to all of it, once,
    and the map stays monotonic."""
    out: list[Segment] = []
    for seg in segments:
        last = out[-1] if out else None
        if (
            last is not None and not last.copied and not seg.copied
            and seg.in_start < last.in_end
        ):  # fmt: skip
            out[-1] = Segment(last.out_start, seg.out_end, min(last.in_start, seg.in_start),
                              max(last.in_end, seg.in_end), False)
        else:
            out.append(seg)
    return out


def _copied_pieces(inner: OffsetMap, seg: Segment) -> list[Segment]:
    """A copied outer segment split where the inner map's segments change."""
    pieces = []
    for t in inner.segments:
        if t.out_start == t.out_end and seg.in_start <= t.out_start < seg.in_end:
            at = seg.out_start + t.out_start - seg.in_start  # a deletion: keep it in place
            pieces.append(Segment(at, at, t.in_start, t.in_end, False))
            continue
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
