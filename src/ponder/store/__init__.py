"""The library: one SQLite file holding documents, passages, repairs and vectors."""

from .library import Library, library_file

__all__ = ["Library", "library_file"]
