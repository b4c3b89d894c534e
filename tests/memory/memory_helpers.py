"""Helpers for the memory tests: a deterministic embedder, a clock, byte scans, the CLI."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ponder.text.normalize import index_tokens, matching_form

from ponder_cli import Ran, invoke

# words that mean the same thing to the fake model (so dense recall finds what words miss)
CONCEPTS = {
    "kid": "child", "kids": "child", "daughter": "child", "son": "child", "child": "child",
    "language": "lang", "english": "lang", "chinese": "lang", "中文": "lang",
    "dentist": "teeth", "teeth": "teeth", "tooth": "teeth",
}


class ConceptEmbedder:
    """Bag of hashed tokens after mapping synonyms to one concept: deterministic and fast."""

    def __init__(self, dim: int = 64) -> None:
        self.name = "test/concepts-64"
        self.dim = dim
        self.calls = 0

    def _vector(self, text: str) -> npt.NDArray[np.float32]:
        v = np.zeros(self.dim, dtype=np.float32)
        for token in index_tokens(text):
            concept = CONCEPTS.get(token, token)
            v[int(hashlib.md5(concept.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls += 1
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> npt.NDArray[np.float32]:
        self.calls += 1
        return self._vector(text)


@dataclass
class Clock:
    """A clock tests move by hand."""

    now: datetime = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def needles(marker: str) -> list[bytes]:
    """Every form a marker could be stored in: as given, matching form, each index token."""
    forms = {marker, matching_form(marker), *index_tokens(marker)}
    return sorted(f.encode("utf-8") for f in forms if len(f.encode("utf-8")) >= 4)


def file_hits(db_file: Path, marker: str) -> dict[str, list[str]]:
    """Which forms of ``marker`` occur in the database file and in its -wal file."""
    hits: dict[str, list[str]] = {}
    for path in (db_file, db_file.with_name(db_file.name + "-wal")):
        data = path.read_bytes() if path.exists() else b""
        found = [n.decode() for n in needles(marker) if n in data]
        if found:
            hits[path.name] = found
    return hits


def tree_hits(folder: Path, marker: str) -> dict[str, list[str]]:
    """Which forms of ``marker`` occur in any file under ``folder`` (every file, any depth,
    read as bytes: the database, its -wal and -shm, prompt history, caches, logs)."""
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found = [n.decode() for n in needles(marker) if n in data]
        if found:
            hits[str(path.relative_to(folder))] = found
    return hits


def run_cli(
    *args: str | Path, library: Path, user: str | None = None, env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Ran:
    """``ponder memory ARGS`` in this process (``CliRunner``) against ``library``."""
    who = ["--user", user] if user is not None else []
    full_env: dict[str, str | None] = {"PONDER_USER": None, "PONDER_NOW": None,
                                       "PONDER_MEMORY_EMBED": "off", **(env or {})}
    return invoke("--library", library, "memory", *args, *who, input=stdin, env=full_env)


def cli_json(*args: str | Path, library: Path, user: str | None = None,
             env: dict[str, str] | None = None) -> object:
    result = run_cli(*args, "--json", library=library, user=user, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def texts(items: Iterable[object]) -> list[str]:
    """The ``text`` of memories given as records or JSON dicts."""
    return [str(i["text"]) if isinstance(i, dict) else str(i.text) for i in items]  # type: ignore[attr-defined]
