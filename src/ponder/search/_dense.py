"""Dense ranking: brute-force cosine over every stored vector of the query's model.

The matrix is loaded once per library handle. Before each search a free check
(SQLite's data version and this connection's change count) says whether
anything was written since; only then are the vectors counted, and only when
their count or highest passage id changed is the matrix reloaded
(``embed_pending`` drops it outright). Only the order of the cosines is used:
this model's cosines crowd into a narrow band (about 0.7–0.9), so no fixed
cutoff means anything.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from ..errors import SearchError
from ..store.library import Library
from ..store.vectors import (
    FloatMatrix,
    IdArray,
    VectorState,
    change_marker,
    load_matrix,
    vector_state,
)


@dataclass(frozen=True)
class _Matrix:
    model: str
    marker: tuple[int, int]
    state: VectorState
    ids: IdArray
    vectors: FloatMatrix
    languages: npt.NDArray[np.str_]  # the detected language of each row's document


_CACHE: weakref.WeakKeyDictionary[Library, _Matrix] = weakref.WeakKeyDictionary()


def matrix(library: Library, model: str) -> _Matrix:
    marker = change_marker(library.db)
    cached = _CACHE.get(library)
    if cached is not None and cached.model == model:
        if cached.marker == marker:
            return cached
        state = vector_state(library.db, model)
        if cached.state == state:
            _CACHE[library] = fresh = replace(cached, marker=marker)
            return fresh
    else:
        state = vector_state(library.db, model)
    ids, vectors = load_matrix(library.db, model)
    languages = _languages(library, ids)
    _CACHE[library] = loaded = _Matrix(model, marker, state, ids, vectors, languages)
    return loaded


def _languages(library: Library, ids: IdArray) -> npt.NDArray[np.str_]:
    rows = library.db.execute(
        "SELECT p.id, d.language FROM passages p JOIN documents d ON d.id = p.doc_id"
    )
    by_id = {int(pid): str(lang) for pid, lang in rows}
    return np.array([by_id.get(int(i), "") for i in ids], dtype=np.str_)


def forget_matrix(library: Library) -> None:
    _CACHE.pop(library, None)


def has_vectors(library: Library, model: str) -> bool:
    return matrix(library, model).ids.size > 0


def dense_ranking(
    library: Library,
    model: str,
    query_vector: FloatMatrix,
    depth: int,
    allowed: set[int] | None = None,
    *,
    bonus: tuple[str, float] | None = None,
) -> list[int]:
    """Passage ids by descending cosine (at most ``depth``), within ``allowed`` if given.
    ``bonus`` (language, amount)
    adds ``amount`` to the cosine of passages from documents in that language: the
    model scores text in the query's own language higher for the same meaning, and the
    bonus evens that out so that one list can rank both languages."""
    m = matrix(library, model)
    if m.ids.size == 0 or depth <= 0:
        return []
    keep = np.ones(m.ids.size, dtype=bool)
    if allowed is not None:
        keep &= np.isin(m.ids, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
    everything = bool(keep.all())
    ids, vectors = (m.ids, m.vectors) if everything else (m.ids[keep], m.vectors[keep])
    if ids.size == 0:
        return []
    if vectors.shape[1] != query_vector.shape[0]:
        raise SearchError(
            f"stored vectors of {model} have {vectors.shape[1]} dimensions but the model "
            f"gives {query_vector.shape[0]}; remove them and embed again ('ponder embed')"
        )
    scores = vectors @ query_vector
    if bonus is not None and bonus[1]:
        languages = m.languages if everything else m.languages[keep]
        scores = scores + bonus[1] * (languages == bonus[0])
    k = min(depth, scores.size)
    top = np.argpartition(-scores, k - 1)[:k]
    order = top[np.lexsort((ids[top], -scores[top]))]
    return [int(i) for i in ids[order]]
