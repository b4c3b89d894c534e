"""``search``: lexical, translated-lexical and dense rankings fused by reciprocal rank."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace

from ..errors import SearchError
from ..records import Hit
from ..store.library import Library
from ._dense import dense_ranking, has_vectors
from ._embedder import E5Embedder, Embedder, default_embedder
from ._filters import Filter, make_filter
from ._fusion import DEFAULT_FUSION, Fused, FusionWeights, apply_prior, fuse, keep_firsts
from ._lexical import lexical_ranking
from ._query import query_terms
from ._translate import other_language, translate_query

MODES = ("hybrid", "lexical", "dense")
DEPTH = 50  # how far down each list is read before fusing


def search(
    library: Library,
    query: str,
    *,
    limit: int = 10,
    doc_ids: Sequence[int] | None = None,
    speaker: str | None = None,
    mode: str = "hybrid",
    embedder: Embedder | None = None,
    fusion: FusionWeights = DEFAULT_FUSION,
) -> list[Hit]:
    """The passages best matching ``query``, best first.

    ``mode``: ``"lexical"`` (full-text, plus the query translated through
    CC-CEDICT), ``"dense"`` (embeddings), or ``"hybrid"`` (both, fused; dense is
    left out while the library has no vectors). ``doc_ids`` and ``speaker``
    restrict every list. ``Hit.score`` is the fused score, ``Hit.ranks`` the rank
    in each list that found the passage: ``lexical`` (the query's words),
    ``translated`` (its translation, over documents in the other language),
    ``dense`` (meaning, over every passage: passages in the other language get
    ``fusion.other_language`` added to their cosine, which evens out the model's
    preference for text in the query's own language). ``fusion`` holds the weights
    of the fusion (see :class:`FusionWeights`); whatever a list ranks first stays
    in the results.
    """
    if mode not in MODES:
        raise SearchError(f"unknown search mode '{mode}'; use one of: {', '.join(MODES)}")
    if limit < 1:
        raise SearchError(f"search limit must be at least 1, not {limit}")
    if not query.strip():
        raise SearchError("empty query; give some words to search for")
    filt = make_filter(library.db, doc_ids, speaker)
    if filt.empty:
        return []
    depth = max(DEPTH, 3 * limit)
    rankings: dict[str, list[int]] = {}
    if mode != "dense":
        rankings["lexical"] = lexical_ranking(library.db, query_terms(query), filt, depth)
        translation = translate_query(query)
        if translation.terms:  # only text in the other language: the list's reason to be
            other = replace(filt, language=translation.target)
            rankings["translated"] = lexical_ranking(library.db, translation.terms, other, depth)
    if mode != "lexical":
        rankings |= _dense(library, query, filt, depth, embedder, fusion.other_language,
                           required=mode == "dense")
    fused = fuse(rankings, fusion)
    ranked = apply_prior(fused, _texts(library.db, fused), fusion.full_weight)
    if fusion.keep_firsts:
        ranked = keep_firsts(ranked, rankings, limit)
    return hits(library.db, ranked[:limit])


def _dense(
    library: Library,
    query: str,
    filt: Filter,
    depth: int,
    embedder: Embedder | None,
    other_language_bonus: float,
    *,
    required: bool,
) -> dict[str, list[int]]:
    name = embedder.name if embedder is not None else E5Embedder.name
    if not has_vectors(library, name):
        if required:
            raise SearchError(
                f"{library.path}: no passages are embedded with {name} yet; "
                "run 'ponder embed' first, or search with mode 'lexical'"
            )
        return {}
    model = embedder or default_embedder()
    allowed = filt.passage_ids(library.db) if filt.active else None
    vector = model.embed_query(query)
    bonus = (other_language(query), other_language_bonus)
    return {"dense": dense_ranking(library, name, vector, depth, allowed, bonus=bonus)}


def _texts(db: sqlite3.Connection, fused: Sequence[Fused]) -> dict[int, str]:
    ids = [f.passage_id for f in fused]
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        rows = db.execute(
            f"SELECT id, text FROM passages WHERE id IN ({','.join('?' * len(part))})", part
        )
        out.update((int(r[0]), str(r[1])) for r in rows)
    return out


def hits(db: sqlite3.Connection, fused: Sequence[Fused]) -> list[Hit]:
    if not fused:
        return []
    marks = ",".join("?" * len(fused))
    rows = db.execute(
        "SELECT p.id, p.doc_id, d.path, d.title, p.speaker, p.heading, p.start, p.end, "
        "p.source_start, p.source_end, p.text FROM passages p "
        f"JOIN documents d ON d.id = p.doc_id WHERE p.id IN ({marks})",
        [f.passage_id for f in fused],
    ).fetchall()
    by_id = {int(r[0]): r for r in rows}
    out: list[Hit] = []
    for f in fused:
        r = by_id.get(f.passage_id)
        if r is None:  # removed between ranking and reading
            continue
        out.append(
            Hit(
                passage_id=int(r[0]), doc_id=int(r[1]), path=str(r[2]), title=str(r[3]),
                speaker=r[4], heading=r[5], start=int(r[6]), end=int(r[7]),
                source_start=int(r[8]), source_end=int(r[9]), text=str(r[10]),
                score=f.score, ranks=dict(f.ranks),
            )
        )
    return out
