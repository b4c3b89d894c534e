"""Recall: the user's current memories relevant to a question, within a token budget.

Lexical (FTS5 bm25 over the user's rows) and dense (cosine over the user's vectors)
rankings are fused by reciprocal rank. Kinds listed in ``always`` (preferences by
default: they shape every answer) are recalled whatever the question. Saved memories
come before inferred ones; then what is always given; then by fused score. Memories
are packed in that order while they fit the budget.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .records import Kind, Memory, Recalled
from .rows import memories_by_key
from .text import approx_tokens, match_any, query_tokens

RRF_K = 60
TokenCounter = Callable[[str], int]
DenseRanking = Callable[[], list[int]]


@dataclass(frozen=True)
class RecallOptions:
    token_budget: int = 256
    limit: int = 20
    always: tuple[Kind, ...] = ("preference",)
    depth: int = 50
    count_tokens: TokenCounter = approx_tokens


def lexical_ranking(db: sqlite3.Connection, user: str, query: str, depth: int) -> list[int]:
    """Keys of the user's current memories matching any query term, best first."""
    expression = match_any(user, query_tokens(query))
    if expression is None:
        return []
    rows = db.execute(
        "SELECT f.rowid FROM memories_fts f JOIN memories m ON m.key = f.rowid "
        "WHERE memories_fts MATCH ? AND m.user = ? AND m.valid_to IS NULL "
        "ORDER BY bm25(memories_fts, 0.0, 1.0), f.rowid LIMIT ?",
        (expression, user, depth),
    )
    return [int(r[0]) for r in rows]


def always_keys(db: sqlite3.Connection, user: str, kinds: Sequence[Kind], limit: int) -> list[int]:
    if not kinds:
        return []
    marks = ",".join("?" * len(kinds))
    rows = db.execute(
        f"SELECT key FROM memories WHERE user = ? AND valid_to IS NULL AND kind IN ({marks}) "
        "ORDER BY tier = 'inferred', valid_from DESC, id DESC LIMIT ?",
        (user, *kinds, limit),
    )
    return [int(r[0]) for r in rows]


def _fuse(rankings: dict[str, list[int]]) -> dict[int, tuple[float, dict[str, int]]]:
    fused: dict[int, tuple[float, dict[str, int]]] = {}
    for name, keys in rankings.items():
        for rank, key in enumerate(keys, start=1):
            score, ranks = fused.get(key, (0.0, {}))
            fused[key] = (score + 1.0 / (RRF_K + rank), {**ranks, name: rank})
    return fused


def recall(
    db: sqlite3.Connection,
    user: str,
    query: str,
    options: RecallOptions,
    dense: DenseRanking | None = None,
) -> list[Recalled]:
    """The recalled memories, in the order they should be given to the answer step."""
    rankings = {"lexical": lexical_ranking(db, user, query, options.depth)}
    if dense is not None:
        rankings["dense"] = dense()
    fused = _fuse(rankings)
    always = set(always_keys(db, user, options.always, options.limit))
    memories = memories_by_key(db, user, sorted(set(fused) | always))
    items = [_item(memories[k], k in always, *fused.get(k, (0.0, {}))) for k in memories]
    items.sort(key=lambda r: (r[0].memory.tier != "saved", not r[0].always, -r[0].score, -r[1]))
    return _pack([r[0] for r in items], options)


def _item(
    memory: Memory, always: bool, score: float, ranks: dict[str, int]
) -> tuple[Recalled, int]:
    recalled = Recalled(
        memory=memory, score=round(score, 6), tokens=0,
        lexical_rank=ranks.get("lexical"), dense_rank=ranks.get("dense"), always=always,
    )
    return recalled, memory.id


def _pack(items: list[Recalled], options: RecallOptions) -> list[Recalled]:
    out: list[Recalled] = []
    left = options.token_budget
    for item in items:
        cost = options.count_tokens(item.memory.text)
        if cost <= left:
            out.append(replace(item, tokens=cost))
            left -= cost
            if len(out) >= options.limit or left <= 0:
                break
    return out
