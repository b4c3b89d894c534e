"""Passage vectors: written in batches (one transaction each), read back as one matrix.

A vector is stored as little-endian float16 bytes with the name of the model that
made it. An empty blob records "looked at, nothing worth embedding" (an empty or
punctuation-only passage) so the passage is not offered for embedding again; such
rows are never loaded into the matrix. Vectors go with their passage
(``ON DELETE CASCADE``); a passage whose vector was made by another model counts
as pending.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .library import Library

STORED_DTYPE = np.dtype("<f2")
SKIPPED = b""

FloatMatrix = npt.NDArray[np.float32]
IdArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PendingPassage:
    """A passage that has no vector from the current model yet, with the text of the
    passage before it in its document (context for the embedding)."""

    id: int
    text: str
    text_hash: str
    speaker: str | None
    heading: str | None
    previous: str | None = None
    previous_hash: str | None = None

    @property
    def reuse_key(self) -> ReuseKey:
        return (self.text_hash, self.heading, self.previous_hash)


ReuseKey = tuple[str, str | None, str | None]  # text hash, heading, previous text hash
_PREVIOUS = "LEFT JOIN passages q ON q.doc_id = p.doc_id AND q.seq = p.seq - 1"


@dataclass(frozen=True)
class VectorState:
    """Fingerprint of the stored vectors of one model (for cache keys)."""

    count: int
    max_id: int


def encode(vec: npt.NDArray[np.floating]) -> bytes:
    return np.asarray(vec, dtype=STORED_DTYPE).tobytes()


def decode(blob: bytes) -> FloatMatrix:
    return np.frombuffer(blob, dtype=STORED_DTYPE).astype(np.float32)


def pending_count(db: sqlite3.Connection, model: str) -> int:
    row = db.execute(
        "SELECT COUNT(*) FROM passages p LEFT JOIN vectors v ON v.passage_id = p.id "
        "WHERE v.passage_id IS NULL OR v.model != ?",
        (model,),
    ).fetchone()
    return int(row[0])


def pending_passages(
    db: sqlite3.Connection, model: str, *, after_id: int = 0, limit: int = 256
) -> list[PendingPassage]:
    """Up to ``limit`` pending passages with ids above ``after_id``, in id order."""
    rows = db.execute(
        "SELECT p.id, p.text, p.text_hash, p.speaker, p.heading, q.text, q.text_hash "
        f"FROM passages p LEFT JOIN vectors v ON v.passage_id = p.id {_PREVIOUS} "
        "WHERE (v.passage_id IS NULL OR v.model != ?) AND p.id > ? ORDER BY p.id LIMIT ?",
        (model, after_id, limit),
    ).fetchall()
    return [PendingPassage(int(r[0]), str(r[1]), str(r[2]), r[3], r[4], r[5], r[6]) for r in rows]


def vectors_by_hash(
    db: sqlite3.Connection, model: str, hashes: Iterable[str]
) -> dict[ReuseKey, bytes]:
    """Stored blobs of this model for passages with these text hashes.

    Keyed by :attr:`PendingPassage.reuse_key`: the embedded input holds the
    heading and the end of the previous passage, so only a passage that agrees
    on all three can share a vector.
    """
    wanted = sorted(set(hashes))
    found: dict[ReuseKey, bytes] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        marks = ",".join("?" * len(part))
        rows = db.execute(
            "SELECT p.text_hash, p.heading, q.text_hash, v.vec FROM vectors v "
            f"JOIN passages p ON p.id = v.passage_id {_PREVIOUS} "
            f"WHERE v.model = ? AND p.text_hash IN ({marks})",
            (model, *part),
        )
        for h, heading, previous, blob in rows:
            found.setdefault((str(h), heading, previous), bytes(blob))
    return found


def write_vectors(library: Library, model: str, rows: Sequence[tuple[int, bytes]]) -> None:
    """Store one batch of (passage id, blob) in one transaction.

    A passage deleted since it was read is skipped (its id no longer exists).
    """
    with library.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO vectors (passage_id, model, vec) "
            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM passages WHERE id = ?)",
            [(pid, model, blob, pid) for pid, blob in rows],
        )


def vector_state(db: sqlite3.Connection, model: str) -> VectorState:
    """Count and highest passage id of the model's non-empty vectors (reads the table)."""
    row = db.execute(
        "SELECT COUNT(*), COALESCE(MAX(passage_id), 0) FROM vectors "
        "WHERE model = ? AND length(vec) > 0",
        (model,),
    ).fetchone()
    return VectorState(int(row[0]), int(row[1]))


def change_marker(db: sqlite3.Connection) -> tuple[int, int]:
    """Changes whenever anything is written to the file, by this connection or another."""
    version = int(db.execute("PRAGMA data_version").fetchone()[0])
    return version, db.total_changes


def load_matrix(db: sqlite3.Connection, model: str) -> tuple[IdArray, FloatMatrix]:
    """All non-empty vectors of ``model``: passage ids and a float32 matrix, one row each."""
    rows = db.execute(
        "SELECT passage_id, vec FROM vectors WHERE model = ? AND length(vec) > 0 "
        "ORDER BY passage_id",
        (model,),
    ).fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((int(r[0]) for r in rows), dtype=np.int64, count=len(rows))
    blobs = [bytes(r[1]) for r in rows]
    width = len(blobs[0])
    same = [b for b in blobs if len(b) == width]
    if len(same) != len(blobs):  # vectors of another width under this name: ignore them
        keep = np.array([len(b) == width for b in blobs])
        ids = ids[keep]
    flat = np.frombuffer(b"".join(same), dtype=STORED_DTYPE)
    matrix = flat.reshape(len(same), width // STORED_DTYPE.itemsize).astype(np.float32)
    return ids, matrix


def delete_vectors(library: Library, model: str | None = None) -> int:
    """Drop stored vectors (all, or one model's), e.g. before re-embedding."""
    with library.transaction() as db:
        if model is None:
            cur = db.execute("DELETE FROM vectors")
        else:
            cur = db.execute("DELETE FROM vectors WHERE model = ?", (model,))
        return int(cur.rowcount)


def vectors_for(db: sqlite3.Connection, model: str,
                passage_ids: Sequence[int]) -> dict[int, FloatMatrix]:
    """The stored vectors of ``passage_ids`` made by ``model`` (passages without one are
    left out)."""
    ids = list(dict.fromkeys(passage_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT passage_id, vec FROM vectors WHERE model = ? AND length(vec) > 0 "
        f"AND passage_id IN ({marks})", [model, *ids],
    )
    return {int(r[0]): decode(r[1]) for r in rows}


_SEED_FROM_OLD = (
    "INSERT OR IGNORE INTO vectors (passage_id, model, vec) "
    "SELECT p.id, v.model, v.vec FROM passages p "
    f"{_PREVIOUS} "
    "JOIN old.passages op ON op.text_hash = p.text_hash AND op.heading IS p.heading "
    "LEFT JOIN old.passages oq ON oq.doc_id = op.doc_id AND oq.seq = op.seq - 1 "
    "JOIN old.vectors v ON v.passage_id = op.id AND length(v.vec) > 0 "
    "WHERE q.text_hash IS oq.text_hash"
)


def copy_vectors(library: Library, old_file: str) -> int:
    """Copy into ``library`` the vectors another library file made for the same model input
    (same passage text, heading and preceding passage); returns how many were copied."""
    before = int(library.db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
    library.db.execute("ATTACH DATABASE ? AS old", (old_file,))
    try:
        with library.transaction() as db:
            db.execute(_SEED_FROM_OLD)
    finally:
        library.db.execute("DETACH DATABASE old")
    return int(library.db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]) - before
