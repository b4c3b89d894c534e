"""Memory vectors: one per memory (float16, with the model's name), ranked per user.

A user's current vectors are held as one matrix per user in memory, reloaded when
this store wrote for that user or another connection changed the file
(``PRAGMA data_version``). The cache is keyed by user and only ever filled by a
query confined to that user.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..search import Embedder
from ..store.vectors import STORED_DTYPE, encode

FloatMatrix = npt.NDArray[np.float32]
KeyArray = npt.NDArray[np.int64]


def write(db: sqlite3.Connection, rows: Sequence[tuple[int, str, str, bytes]]) -> None:
    """Store (memory key, user, model, blob) rows."""
    db.executemany(
        "INSERT OR REPLACE INTO memory_vectors (memory_key, user, model, vec) VALUES (?, ?, ?, ?)",
        rows,
    )


def embed_rows(
    embedder: Embedder, user: str, items: Sequence[tuple[int, str]]
) -> list[tuple[int, str, str, bytes]]:
    """Embed (key, text) items as memory-vector rows for ``user``."""
    if not items:
        return []
    matrix = embedder.embed_passages([text for _, text in items])
    pairs = zip(items, matrix, strict=True)
    return [(key, user, embedder.name, encode(vec)) for (key, _), vec in pairs]


def pending(db: sqlite3.Connection, user: str, model: str, limit: int) -> list[tuple[int, str]]:
    """The user's current memories without a vector from ``model``: (key, text)."""
    rows = db.execute(
        "SELECT m.key, m.text FROM memories m LEFT JOIN memory_vectors v "
        "ON v.memory_key = m.key AND v.model = ? "
        "WHERE m.user = ? AND m.valid_to IS NULL AND v.memory_key IS NULL ORDER BY m.key LIMIT ?",
        (model, user, limit),
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def _load(db: sqlite3.Connection, user: str, model: str) -> tuple[KeyArray, FloatMatrix]:
    rows = db.execute(
        "SELECT v.memory_key, v.vec FROM memory_vectors v "
        "JOIN memories m ON m.key = v.memory_key "
        "WHERE v.user = ? AND m.user = ? AND v.model = ? AND m.valid_to IS NULL "
        "ORDER BY v.memory_key",
        (user, user, model),
    ).fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    width = len(rows[0][1])
    rows = [r for r in rows if len(r[1]) == width]
    keys = np.fromiter((int(r[0]) for r in rows), dtype=np.int64, count=len(rows))
    flat = np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=STORED_DTYPE)
    return keys, flat.reshape(len(rows), width // STORED_DTYPE.itemsize).astype(np.float32)


@dataclass
class _Entry:
    stamp: tuple[int, int]
    keys: KeyArray
    matrix: FloatMatrix


class MatrixCache:
    """Per-user matrices of current memory vectors."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._generation: dict[str, int] = {}

    def changed(self, user: str) -> None:
        """Call after any write or delete for ``user``."""
        self._generation[user] = self._generation.get(user, 0) + 1
        for cache_key in [k for k in self._entries if k[0] == user]:
            del self._entries[cache_key]

    def get(self, db: sqlite3.Connection, user: str, model: str) -> tuple[KeyArray, FloatMatrix]:
        version = int(db.execute("PRAGMA data_version").fetchone()[0])
        stamp = (version, self._generation.get(user, 0))
        entry = self._entries.get((user, model))
        if entry is None or entry.stamp != stamp:
            keys, matrix = _load(db, user, model)
            entry = self._entries[(user, model)] = _Entry(stamp, keys, matrix)
        return entry.keys, entry.matrix


@dataclass(frozen=True)
class DenseCut:
    """Which cosine scores count as related: at least ``floor``, and within ``margin`` of the best.

    Embedding models squeeze cosines into a narrow band (e5: unrelated ≈ 0.75-0.82,
    related ≈ 0.81-0.87), so an absolute floor alone lets noise in; the margin keeps
    only what is nearly as close as the closest memory.
    """

    floor: float = 0.80
    margin: float = 0.04


def dense_ranking(
    keys: KeyArray, matrix: FloatMatrix, query: FloatMatrix, depth: int, cut: DenseCut
) -> list[int]:
    """Memory keys best first by cosine (unit vectors), at most ``depth``, kept by ``cut``."""
    if not len(keys) or matrix.shape[1] != query.shape[0]:
        return []
    # einsum is a plain loop, not BLAS: a threaded BLAS call this small waits on its
    # threads for tens of milliseconds when the cores are busy with other work
    scores = np.einsum("ij,j->i", matrix, query.astype(np.float32, copy=False))
    top = min(depth, len(keys))
    best = np.argpartition(-scores, top - 1)[:top]
    best = best[np.argsort(-scores[best], kind="stable")]
    bar = max(cut.floor, float(scores[best[0]]) - cut.margin)
    return [int(keys[i]) for i in best if scores[i] >= bar]
