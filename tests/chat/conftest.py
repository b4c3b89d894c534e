"""Fixtures for the chat tests: a tiny library of real corpus files, built once per session.

The library holds 000 (a short summary of the Lex Fridman podcast), 002 (the full
interview translation), both read as they are from ../shared/corpus, and a small
document that tries to plant a memory. It is added without embeddings (search is then
lexical, which is what the answers here need) by ``ponder add``; each test gets its own
copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .chat_helpers import INJECTED, run
from corpus import altman_file


@pytest.fixture(scope="session")
def built_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("chat-docs")
    (docs / "marketing-notes.txt").write_text(INJECTED, encoding="utf-8")
    library = tmp_path_factory.mktemp("chat-library") / "lib"
    files = [altman_file("000"), altman_file("002"), docs / "marketing-notes.txt"]
    result = run("add", *files, "--no-embed", library=library)
    assert result.returncode == 0, result.stderr
    return library


@pytest.fixture
def lib(built_library: Path, tmp_path: Path) -> Path:
    """A fresh copy of the tiny library for one test."""
    target = tmp_path / "lib"
    shutil.copytree(built_library, target)
    return target
