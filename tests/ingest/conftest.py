"""Helpers for the ingest tests: files are built at runtime in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.ingest import SourceFile, open_source


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """write(name, bytes | str, encoding="utf-8") -> Path"""

    def _write(name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
        return path

    return _write


@pytest.fixture
def text_of(write):  # type: ignore[no-untyped-def]
    """text_of(name, data, encoding) -> (SourceFile, full text)"""

    def _text_of(name: str, data: bytes | str, encoding: str = "utf-8") -> tuple[SourceFile, str]:
        source = open_source(write(name, data, encoding))
        return source, "".join(c.text for c in source.chunks())

    return _text_of
