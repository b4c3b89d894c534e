"""Passages retrieval ranked too low: those holding a rare word of the question.

Fused ranking can bury the one passage that holds a rare question word (退学 in a
question about when Altman dropped out) under passages that match common ones. A
question word found in a handful of passages at most, and in none of the hits, brings
those passages in, after the hits.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Hit
from ..store.library import Library
from . import settings
from .terms import Matcher, TermGroup, Weigher, to_traditional

_COLUMNS = (
    "p.id, p.doc_id, d.path, d.title, p.speaker, p.heading, p.start, p.end, "
    "p.source_start, p.source_end, p.text"
)


def _passages_with(library: Library, form: str) -> list[Hit]:
    variants = sorted({form, to_traditional(form)})
    where = " OR ".join("instr(lower(p.text), ?) > 0" for _ in variants)
    rows = library.db.execute(
        f"SELECT {_COLUMNS} FROM passages p JOIN documents d ON d.id = p.doc_id "
        f"WHERE {where} ORDER BY p.id LIMIT ?",
        [*variants, settings.RESCUE_SCAN],
    ).fetchall()
    return [Hit(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4], r[5], int(r[6]), int(r[7]),
                int(r[8]), int(r[9]), str(r[10]), 0.0, {"rare": 1}) for r in rows]


def rescue(library: Library, hits: Sequence[Hit], groups: Sequence[TermGroup],
           weigher: Weigher, depth: int = settings.RESCUE_DEPTH,
           doc_ids: Sequence[int] | None = None) -> list[Hit]:
    """``hits`` followed by passages holding rare question words no top hit has (only
    from ``doc_ids`` when given)."""
    allowed = set(doc_ids) if doc_ids is not None else None
    top = [Matcher(h.text, glosses=False) for h in hits[:depth]]
    have = {h.passage_id for h in hits}
    extra: list[Hit] = []
    for g in groups:
        added = 0
        if not 0 < weigher.df(g) <= settings.RARE or any(m.covers(g) for m in top):
            continue
        for form in g.forms[:3]:
            for hit in _passages_with(library, form):
                if allowed is not None and hit.doc_id not in allowed:
                    continue
                if added < settings.RESCUE_PER_WORD and hit.passage_id not in have and Matcher(
                    hit.text, glosses=False
                ).covers(g):
                    have.add(hit.passage_id)
                    extra.append(hit)
                    added += 1
    return [*hits, *extra]
