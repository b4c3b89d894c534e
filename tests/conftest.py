"""Fixtures shared by every test: isolated user state (never the user's own library), one
cache for rebuildable data, and the fixture library (see ``fixture_library.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.store import Library

from fixture_library import CACHE, copy_library, fixture_library_dir


@pytest.fixture(autouse=True)
def isolated_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own default library and config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PONDER_LIBRARY", str(home / "library"))
    monkeypatch.setenv("PONDER_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    return home


@pytest.fixture(scope="session", autouse=True)
def shared_cache_dir() -> Iterator[None]:
    """Keep derived tables (CC-CEDICT) built once across test runs, outside the user's home."""
    if "PONDER_CACHE_DIR" in os.environ:
        yield
        return
    os.environ["PONDER_CACHE_DIR"] = str(CACHE / "user-cache")
    yield
    os.environ.pop("PONDER_CACHE_DIR", None)


@pytest.fixture(scope="session")
def fixture_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The fixture library, embedded, one copy per session: read it, do not write to it."""
    with copy_library(fixture_library_dir(), tmp_path_factory.mktemp("fixture-lib")) as lib:
        yield lib


@pytest.fixture(scope="session")
def fixture_corpus_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The fixture library ingested without vectors (lexical search only), one per session."""
    source = fixture_library_dir(embedded=False)
    with copy_library(source, tmp_path_factory.mktemp("fixture-corpus")) as lib:
        yield lib


@pytest.fixture
def fresh_fixture_lib(tmp_path: Path) -> Iterator[Library]:
    """A private, writable copy of the embedded fixture library for one test."""
    with copy_library(fixture_library_dir(), tmp_path / "fixture-lib") as lib:
        yield lib
