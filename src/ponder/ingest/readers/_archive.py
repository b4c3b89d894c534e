"""Zip-based formats (.docx) open their parts through here, within limits, as streams.

A zip archive says how large each part inflates to before anything is inflated, so a part
that would inflate past :data:`MAX_PART_BYTES`, or whose compression ratio is far beyond
what a real document reaches (:data:`MAX_RATIO`), is refused on opening: a 3 MB "zip bomb"
never becomes gigabytes.  Parts are read as streams that count what they inflate and stop
at the limit whatever the header claimed, and XML is parsed without entities, DTDs or
network access (no "billion laughs").

The limits are chosen to bound memory, not fitted to documents: a long report's
``word/document.xml`` is a few MB to tens of MB and compresses well under 100:1, while a
bomb relies on ratios of hundreds to a thousand (deflate's ceiling is about 1032:1).
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ponder.errors import ArchiveLimitError, CorruptDocumentError

#: the largest a part Ponder parses may inflate to (the text of ~100k pages)
MAX_PART_BYTES = 256 * 1024 * 1024
#: the largest small part (relationships, styles, properties) read whole
MAX_SMALL_PART_BYTES = 16 * 1024 * 1024
#: inflated/compressed size beyond which a part is refused ...
MAX_RATIO = 100
#: ... if it inflates to more than this (tiny parts may compress better)
RATIO_FLOOR_BYTES = 1024 * 1024
#: most entries an archive may list (a .docx has a few dozen)
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Limits:
    part_bytes: int = MAX_PART_BYTES
    small_part_bytes: int = MAX_SMALL_PART_BYTES
    ratio: int = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR_BYTES


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def check_part(path: Path, info: zipfile.ZipInfo, limit: int, limits: Limits, kind: str) -> None:
    """Refuse ``info`` if it would inflate past ``limit`` or compresses like a bomb."""
    advice = (
        "a zip bomb or a damaged file? If it is a real document, open it in Word or "
        "LibreOffice and save it again, split it, or save it as plain text (.txt)"
    )
    if info.file_size > limit:
        raise ArchiveLimitError(
            path,
            f"its part {info.filename} inflates to {_mb(info.file_size)}, over Ponder's "
            f"{_mb(limit)} limit for one part of a {kind} — {advice}",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor and ratio > limits.ratio:
        raise ArchiveLimitError(
            path,
            f"its part {info.filename} inflates {ratio:.0f} times (from "
            f"{_mb(info.compress_size)} to {_mb(info.file_size)}), over Ponder's "
            f"{limits.ratio}:1 limit for a {kind} — {advice}",
        )


class LimitedPart:
    """A part's inflated bytes as a stream that stops at ``limit`` whatever the header said."""

    def __init__(self, stream: IO[bytes], path: Path, name: str, limit: int, kind: str) -> None:
        self._stream = stream
        self._path = path
        self._name = name
        self._limit = limit
        self._kind = kind
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        room = self._limit + 1 - self.read_bytes
        try:
            data = self._stream.read(room if size < 0 else min(size, room))
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise CorruptDocumentError(
                self._path,
                f"the {self._kind} cannot be read (part {self._name}: {err}); it may be "
                "truncated or damaged — open it in Word or LibreOffice and save it again",
            ) from err
        self.read_bytes += len(data)
        if self.read_bytes > self._limit:
            raise ArchiveLimitError(
                self._path,
                f"its part {self._name} inflates past Ponder's {_mb(self._limit)} limit "
                f"for one part of a {self._kind} (its header claimed less) — a zip bomb or "
                "a damaged file; save the document again, or as plain text (.txt)",
            )
        return data

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> LimitedPart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Archive:
    """A zip archive whose parts are opened within :class:`Limits`."""

    def __init__(self, path: Path, kind: str, limits: Limits | None = None) -> None:
        self.path = path
        self.kind = kind
        self.limits = limits or Limits()
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
            raise self.corrupt(f"not a readable zip archive: {err}") from err
        if len(self._zip.infolist()) > MAX_ENTRIES:
            count = len(self._zip.infolist())
            self._zip.close()
            raise ArchiveLimitError(
                path,
                f"the archive lists {count} entries, over Ponder's {MAX_ENTRIES} for a {kind} "
                "— not a real document; save it again, or as plain text (.txt)",
            )

    def corrupt(self, detail: str) -> CorruptDocumentError:
        return CorruptDocumentError(
            self.path,
            f"the {self.kind} cannot be read ({detail}); open it in Word or LibreOffice "
            "and save it again",
        )

    def has(self, name: str) -> bool:
        return name in self._zip.NameToInfo

    def open(self, name: str, *, small: bool = False) -> LimitedPart:
        """Part ``name`` as a limited stream; a missing part is a corrupt document."""
        try:
            info = self._zip.getinfo(name)
        except KeyError:
            raise self.corrupt(f"it has no part {name}") from None
        limit = self.limits.small_part_bytes if small else self.limits.part_bytes
        check_part(self.path, info, limit, self.limits, self.kind)
        try:
            stream = self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as err:
            raise self.corrupt(f"part {name}: {err}") from err
        return LimitedPart(stream, self.path, name, limit, self.kind)

    def read_small(self, name: str) -> bytes:
        """A small part (relationships, styles, properties) whole, within its limit."""
        with self.open(name, small=True) as part:
            return part.read()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def safe_xml_parser() -> Any:
    """An lxml parser that resolves no entities, loads no DTD and touches no network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False)
