"""Fixtures for the memory tests: a real library file, a store with a fake embedder and clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.memory import DenseCut, MemoryStore
from ponder.store import Library

from .memory_helpers import Clock, ConceptEmbedder


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(library: Library, clock: Clock) -> MemoryStore:
    cut = DenseCut(floor=0.3, margin=1.0)  # the fake model's cosines are not e5's
    return MemoryStore(library, embedder=ConceptEmbedder(), clock=clock, dense_cut=cut)
