"""Ponder: a local-first research assistant.

Ingest messy multilingual documents into a library, repair and normalise them,
and search them by words and by meaning across scripts and languages.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
