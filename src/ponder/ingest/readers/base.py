"""The reader contract and the registry every reader joins the same way.

A reader module (built-in or from another package) defines one hook::

    def register_readers(register: Register) -> None:
        register(Reader("txt", (".txt",), open_txt))

Built-ins are found by scanning this package (modules whose names do not start with
``_``); other packages add theirs through the ``ponder.readers`` entry-point group,
pointing at a module or at the hook itself.  Adding a format means adding one module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from ponder.records import Repair
from ponder.text.offsets import SourceMap

ENTRY_POINT_GROUP = "ponder.readers"


@dataclass
class SourceChunk:
    """A piece of a document's text and where each of its characters came from."""

    text: str
    map: SourceMap
    headings: list[tuple[int, int, str]] = field(default_factory=list)
    #: offsets where the reader dropped something (a page's navigation): no passage spans one
    cuts: list[int] = field(default_factory=list)
    #: changes the reader made while decoding (a character cut off at the end of the file,
    #: decoded as U+FFFD), at offsets in ``text``; ``before`` shows the bytes the file held
    repairs: list[Repair] = field(default_factory=list)


@dataclass
class Opened:
    """What a reader learned on opening a file, and how to read its text."""

    encoding: str | None
    title: str
    chunks: Callable[[], Iterator[SourceChunk]]
    #: dates in the file's metadata as (field, raw value), e.g. ("CreationDate", "D:2024…")
    dates: list[tuple[str, str]] = field(default_factory=list)


OpenFn = Callable[[Path, int], Opened]


@dataclass(frozen=True)
class Reader:
    """A document format: its name, its file suffixes and how to open one (path, size)."""

    format: str
    suffixes: tuple[str, ...]
    open: OpenFn


Register = Callable[[Reader], None]


class ReaderRegistry:
    """Readers by suffix."""

    def __init__(self) -> None:
        self._by_suffix: dict[str, Reader] = {}

    def register(self, reader: Reader) -> None:
        for suffix in reader.suffixes:
            key = suffix.lower()
            taken = self._by_suffix.get(key)
            if taken is not None and taken.format != reader.format:
                raise ValueError(f"suffix {key} is already read by {taken.format!r}")
            self._by_suffix[key] = reader

    def for_suffix(self, suffix: str) -> Reader | None:
        return self._by_suffix.get(suffix.lower())

    def suffixes(self) -> set[str]:
        return set(self._by_suffix)


def discover(registry: ReaderRegistry) -> ReaderRegistry:
    """Register the built-in reader modules, then any installed through entry points."""
    for info in sorted(pkgutil.iter_modules(_package_dirs()), key=lambda m: m.name):
        if not info.name.startswith("_") and info.name != "base":
            _call_hook(importlib.import_module(f"{__package__}.{info.name}"), registry)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        _call_hook(ep.load(), registry)
    return registry


def _package_dirs() -> list[str]:
    return [str(Path(__file__).parent)]


def _call_hook(target: object, registry: ReaderRegistry) -> None:
    hook = target if callable(target) else getattr(target, "register_readers", None)
    if callable(hook):
        hook(registry.register)


@cache
def default_registry() -> ReaderRegistry:
    """The registry of every installed reader, built once on first use."""
    return discover(ReaderRegistry())
