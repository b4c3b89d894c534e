"""Shared helpers for the ingest tests."""

from __future__ import annotations

from ponder.ingest import SourceChunk, SourceFile


def read_all(source: SourceFile) -> tuple[str, list[SourceChunk]]:
    """The whole text of ``source`` and its chunks."""
    chunks = list(source.chunks())
    return "".join(c.text for c in chunks), chunks
