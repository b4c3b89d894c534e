"""Baseline BM25 engines over the same tokens Ponder indexes: bm25s and rank_bm25.

Both use Ponder's tokens (``ponder.text.normalize.index_tokens``) for passages and
Ponder's query terms (``query_terms``: the same tokens, stopwords dropped) for
queries, and FTS5's default parameters (k1 = 1.2, b = 0.75). A query's time
includes tokenising it, as Ponder's does.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ponder.search._query import query_terms

K1 = 1.2
B = 0.75


def query_tokens(query: str) -> list[str]:
    return [token for term in query_terms(query) for token in term]


class Engine(Protocol):
    name: str
    build_seconds: float

    def top(self, query: str, k: int) -> list[int]:
        """Indexes (into the passage list) of the ``k`` best passages."""
        ...


@dataclass
class Bm25s:
    """bm25s with its own ``retrieve`` (``scores_only=False``), or its scoring plus a
    plain numpy top-k: ``retrieve``'s numpy top-k calls ``argpartition`` on the raw
    scores, which numpy does slowly when most scores are 0 (~30 ms at 100k)."""

    name: str
    build_seconds: float
    _index: Any
    scores_only: bool = False

    @classmethod
    def build(cls, tokens: Sequence[list[str]]) -> Bm25s:
        import bm25s

        started = time.perf_counter()
        index = bm25s.BM25(k1=K1, b=B)
        index.index(list(tokens), show_progress=False)
        return cls("bm25s", time.perf_counter() - started, index)

    def scoring_only(self) -> Bm25s:
        return Bm25s("bm25s_scores", self.build_seconds, self._index, scores_only=True)

    def top(self, query: str, k: int) -> list[int]:
        terms = query_tokens(query)
        if not terms:
            return []
        if self.scores_only:
            return _top(np.asarray(self._index.get_scores(terms)), k)
        docs, scores = self._index.retrieve([terms], k=k, show_progress=False)
        return [int(d) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


@dataclass
class RankBm25:
    name: str
    build_seconds: float
    _index: Any

    @classmethod
    def build(cls, tokens: Sequence[list[str]]) -> RankBm25:
        from rank_bm25 import BM25Okapi

        started = time.perf_counter()
        index = BM25Okapi(list(tokens), k1=K1, b=B)
        return cls("rank_bm25", time.perf_counter() - started, index)

    def top(self, query: str, k: int) -> list[int]:
        terms = query_tokens(query)
        if not terms:
            return []
        return _top(np.asarray(self._index.get_scores(terms)), k)


def _top(scores: npt.NDArray[np.floating], k: int) -> list[int]:
    """Indexes of the ``k`` highest positive scores, best first."""
    k = min(k, scores.size)
    if k <= 0:
        return []
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [int(i) for i in best if scores[i] > 0]
