"""Open a file as decoded source text: the records and :func:`open_source`.

``open_source`` checks the path (exists, a regular file, readable, a format we read,
not empty), hashes the bytes as a stream, and hands the file to the reader registered
for its suffix.  ``SourceFile.chunks()`` then yields the text in chunks; each chunk's map
turns an offset in ``chunk.text`` into an absolute offset in the file's decoded text.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ponder.errors import (
    EmptyFileError,
    InputError,
    MissingPathError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from ponder.ingest.readers.base import ReaderRegistry, SourceChunk, default_registry

HASH_BLOCK = 1 << 20


@dataclass
class SourceFile:
    """A file ready to be read: what it is, and its text as successive chunks."""

    path: Path
    format: str
    encoding: str | None
    title: str
    size: int
    content_hash: str
    _chunks: Callable[[], Iterator[SourceChunk]] = field(repr=False, compare=False)
    #: dates in the file's metadata as (field, raw value); see :mod:`ponder.ingest.dates`
    dates: list[tuple[str, str]] = field(default_factory=list)

    def chunks(self) -> Iterator[SourceChunk]:
        """Successive chunks; their texts concatenated are the document's text."""
        with os_errors(self.path):
            yield from self._chunks()


def supported_suffixes(registry: ReaderRegistry | None = None) -> set[str]:
    return (registry or default_registry()).suffixes()


def open_source(path: Path, registry: ReaderRegistry | None = None) -> SourceFile:
    """Open ``path`` for reading; raise an :class:`InputError` saying what is wrong."""
    registry = registry or default_registry()
    given = Path(path).expanduser()
    resolved = _resolve(given)
    size = _regular_file_size(resolved)
    reader = registry.for_suffix(given.suffix) or registry.for_suffix(resolved.suffix)
    if reader is None:
        raise UnsupportedFormatError(given, _unsupported(given.suffix, registry))
    if size == 0:
        raise EmptyFileError(given, "the file is empty (0 bytes); nothing to add")
    with os_errors(given):
        digest = file_sha256(resolved)
        opened = reader.open(resolved, size)
    return SourceFile(
        resolved, reader.format, opened.encoding, opened.title, size, digest, opened.chunks,
        opened.dates,
    )


def _unsupported(suffix: str, registry: ReaderRegistry) -> str:
    known = ", ".join(sorted(registry.suffixes()))
    what = f"unsupported format '{suffix}'" if suffix else "no file extension"
    return f"{what}; Ponder reads {known} — convert the file to one of these"


def _resolve(path: Path) -> Path:
    if _is_link_loop(path):
        raise UnreadableFileError(
            path,
            f"is a symbolic link loop ({link_chain(path)}); remove or fix one of the links",
        )
    if path.is_symlink() and not path.exists():
        target = os.readlink(path)
        raise MissingPathError(
            path, f"is a symbolic link to '{target}', which does not exist; fix or remove the link"
        )
    try:
        return path.resolve(strict=True)
    except FileNotFoundError:
        raise MissingPathError(path, "no such file or directory; check the path") from None
    except RuntimeError as err:  # pathlib's "Symlink loop" (a link swapped in since the check)
        raise UnreadableFileError(
            path, f"is a symbolic link loop ({link_chain(path)}); remove or fix one of the links"
        ) from err
    except OSError as err:
        raise UnreadableFileError(
            path, f"cannot resolve the path ({err.strerror}); check it"
        ) from err


def _is_link_loop(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as err:
        return err.errno == errno.ELOOP
    return False


def link_chain(path: Path, limit: int = 8) -> str:
    """The links followed from ``path`` as written, up to the first one seen twice:
    ``x.txt → y.txt → x.txt``."""
    names = [path.name]
    current = os.path.abspath(path)
    seen = {current}
    for _ in range(limit):
        try:
            target = os.readlink(current)
        except OSError:
            return " → ".join(names)
        names.append(target)
        current = os.path.normpath(os.path.join(os.path.dirname(current), target))
        if current in seen:
            return " → ".join(names)
        seen.add(current)
    return " → ".join([*names, "…"])


def _regular_file_size(path: Path) -> int:
    try:
        st = path.stat()
    except OSError as err:
        raise UnreadableFileError(
            path, f"cannot stat the file ({err.strerror}); check its permissions"
        ) from err
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableFileError(
            path, "is a directory, not a file; pass the files inside it (or add the folder)"
        )
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFileError(
            path, f"is not a regular file (it is a {_kind(st.st_mode)}); copy the data to a file"
        )
    return st.st_size


def _kind(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "named pipe", stat.S_ISSOCK: "socket", stat.S_ISCHR: "device"}
    return next((name for test, name in kinds.items() if test(mode)), "special file")


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes, read in blocks (memory stays bounded)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Turn OS errors while reading ``path`` into :class:`UnreadableFileError`."""
    try:
        yield
    except InputError:
        raise
    except PermissionError as err:
        raise UnreadableFileError(
            path, "permission denied; make the file readable (e.g. chmod u+r) and try again"
        ) from err
    except IsADirectoryError as err:
        raise UnreadableFileError(path, "is a directory, not a file; pass a file") from err
    except OSError as err:
        reason = err.strerror or str(err)
        raise UnreadableFileError(
            path, f"cannot read the file ({reason}); check the disk and try again"
        ) from err
