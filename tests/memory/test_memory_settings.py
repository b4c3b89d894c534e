"""Issue 8, defect 8: PONDER_MEMORY_EMBED=false turns embedding off; yes/no settings are
read one way (``Settings.flag``), and anything else is a clear error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import ponder.search
from ponder.config import Settings
from ponder.errors import ConfigError

from .memory_helpers import ConceptEmbedder, run_cli


def vector_count(library: Path) -> int:
    files = [p for p in library.rglob("*.sqlite") if p.is_file()]
    total = 0
    for f in files:
        with sqlite3.connect(f) as db:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            if "memory_vectors" in tables:
                total += db.execute("SELECT count(*) FROM memory_vectors").fetchone()[0]
    return total


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> ConceptEmbedder:
    embedder = ConceptEmbedder()
    monkeypatch.setattr(ponder.search, "default_embedder", lambda: embedder)
    return embedder


@pytest.mark.parametrize(("value", "vectors"), [
    ("false", 0), ("False", 0), ("0", 0), ("no", 0), ("off", 0), ("OFF", 0),
    ("true", 1), ("on", 1), ("1", 1), ("yes", 1),
])
def test_memory_embed_setting_decides_whether_add_stores_a_vector(
        tmp_path: Path, fake_model: ConceptEmbedder, value: str, vectors: int) -> None:
    library = tmp_path / "lib"
    result = run_cli("add", "I live in Lisbon", library=library, user="ann",
                     env={"PONDER_MEMORY_EMBED": value})
    assert result.returncode == 0, result.stderr
    assert vector_count(library) == vectors
    if not vectors:
        assert fake_model.calls == 0


def test_memory_embed_maybe_is_a_clear_error(tmp_path: Path, fake_model: ConceptEmbedder) -> None:
    result = run_cli("add", "I live in Lisbon", library=tmp_path / "lib", user="ann",
                     env={"PONDER_MEMORY_EMBED": "maybe"})
    # a value the setting cannot take is misuse, as --backend nope is (exit 2)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "memory_embed" in result.stderr and "'maybe'" in result.stderr
    assert "PONDER_MEMORY_EMBED" in result.stderr
    assert vector_count(tmp_path / "lib") == 0


@pytest.mark.parametrize(("value", "expected"), [
    ("true", True), ("TRUE", True), ("Yes", True), ("on", True), ("1", True),
    ("false", False), ("False", False), ("NO", False), ("Off", False), ("0", False),
])
def test_flag_reads_every_spelling(value: str, expected: bool) -> None:
    assert Settings(env={"PONDER_MODEL_STREAM": value}).flag("model_stream") is expected


def test_flag_defaults_from_the_schema_and_names_the_source(tmp_path: Path) -> None:
    assert Settings(env={}).flag("memory_embed") is True
    assert Settings(env={}).flag("model_stream") is True
    config = tmp_path / "config.toml"
    s = Settings(env={}, file={"memory_embed": "maybe"}, file_path=config)
    with pytest.raises(ConfigError) as e:
        s.flag("memory_embed")
    assert "memory_embed" in str(e.value) and "'maybe'" in str(e.value)
    assert str(config) in str(e.value)
