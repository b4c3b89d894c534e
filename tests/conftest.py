"""Fixtures shared by every test: isolated user state (never the user's own library)."""

from __future__ import annotations

from pathlib import Path

import pytest


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
