"""Turn a file into decoded source text chunks, with exact offsets.

    >>> source = open_source(Path("notes.md"))
    >>> for chunk in source.chunks():
    ...     chunk.map.to_source(0)   # offset of chunk.text[0] in the decoded file

Readers (one module per format) live in :mod:`ponder.ingest.readers`.
"""

from ponder.ingest.readers.base import SourceChunk
from ponder.ingest.source import SourceFile, open_source, supported_suffixes

__all__ = ["SourceChunk", "SourceFile", "open_source", "supported_suffixes"]
