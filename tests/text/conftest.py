"""Fixtures for the text tests: the corpus, read once and repaired once per session."""

from __future__ import annotations

import pytest

from ponder.text.repair import Repaired, repair

from corpus import ALTMAN, altman_file


@pytest.fixture(scope="session")
def corpus_text() -> dict[str, str]:
    """The five corpus files by prefix ("000" … "004"), decoded as they are."""
    if not ALTMAN.is_dir():
        pytest.fail(f"corpus not found at {ALTMAN}; set PONDER_SHARED to the shared folder")
    return {
        p: altman_file(p).read_text(encoding="utf-8") for p in ("000", "001", "002", "003", "004")
    }


@pytest.fixture(scope="session")
def repaired(corpus_text: dict[str, str]) -> dict[str, Repaired]:
    """``repair`` of each corpus file."""
    return {p: repair(text) for p, text in corpus_text.items()}
