"""Fixtures for the search tests.

``small_lib``: a hand-written library (a few passages in simplified and traditional
Chinese and English), fresh per test.

``fixture_lib`` / ``fixture_corpus_lib`` (tests/conftest.py): the fixture library of real
files, with and without vectors.

``corpus_lib`` / ``embedded_lib``: both shared corpora whole, for the whole-corpus checks
that run only with ``PONDER_TEST_FULL_CORPUS=1``. ``cached_corpus`` and
``cached_embedded`` (their builders, in ``fixture_library.py``) stay importable from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.store import Library

from .search_fixtures import small_library
from fixture_library import cached_corpus, cached_embedded, copy_library

__all__ = ["cached_corpus", "cached_embedded"]


@pytest.fixture
def small_lib(tmp_path: Path) -> Iterator[Library]:
    lib = small_library(tmp_path / "small")
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def corpus_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with copy_library(cached_corpus(), tmp_path_factory.mktemp("corpus")) as lib:
        yield lib


@pytest.fixture(scope="session")
def embedded_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with copy_library(cached_embedded(), tmp_path_factory.mktemp("embedded")) as lib:
        yield lib
