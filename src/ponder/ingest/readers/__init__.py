"""Document readers, one module per format, each registering itself the same way.

See :mod:`ponder.ingest.readers.base` for the contract.
"""

from ponder.ingest.readers.base import (
    Opened,
    Reader,
    ReaderRegistry,
    Register,
    SourceChunk,
    default_registry,
    discover,
)

__all__ = [
    "Opened",
    "Reader",
    "ReaderRegistry",
    "Register",
    "SourceChunk",
    "default_registry",
    "discover",
]
