"""The ``ponder`` command line: thin verbs that call the parts and print results."""

from .main import cli, main

__all__ = ["cli", "main"]
