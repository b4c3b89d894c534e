"""Prompt history for line editing in ``ponder chat``: one file per user, under the library.

    path(library_file, "dana") -> <library folder>/chat-history/dana

It holds the lines typed at the chat prompt (one per line, newest last, at most
``LIMIT``), so it is memory too: ``MemoryStore`` drops the lines that mention what a
forget deletes, deletes the file on ``clear``, and drops the lines a new deny pattern
matches. Lines a deny pattern matches are never added. Rewrites go through a synced
temporary file in the same folder that replaces the old one atomically, and the freed
copy is overwritten then, so the forgotten text is left in no file Ponder wrote. The
store records each erasure in the library before it starts and deletes the record once
it is done (:mod:`.erasures`), so a crash in between is finished by the next open.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .deny import DenyList
from .turns import mentions

FOLDER = "chat-history"
LIMIT = 1000
_PLAIN = re.compile(r"[a-z0-9_@-][a-z0-9_.@-]*")


def path(library_file: Path, user: str) -> Path:
    """``<folder of the library file>/chat-history/<user>``, one file per user name.

    A name of lower-case letters, digits and ``_.@-`` is the file name as it is; any other
    name is made safe (other characters as ``_``) and gets ``~`` and a hash of the exact
    name, so "ann ", "ann*" and "Ann" never share a file (nor with "ann", even where the
    file system ignores case).
    """
    if _PLAIN.fullmatch(user):
        return library_file.parent / FOLDER / user
    digest = hashlib.sha256(user.encode("utf-8")).hexdigest()[:16]
    return library_file.parent / FOLDER / f"{re.sub(r'[^a-z0-9_.@-]', '_', user)}~{digest}"


def read(file: Path) -> list[str]:
    """The lines kept in ``file``, oldest first (none when there is no file)."""
    try:
        data = file.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    # (a file a crash left zeroed part-way through an erasure holds only NUL bytes)
    return [line for line in data.split("\n") if line.replace("\0", "").strip()]


def append(file: Path, line: str, deny: DenyList | None = None) -> bool:
    """Keep ``line`` (unless empty or denied); returns whether it was kept."""
    line = " ".join(line.split())
    if not line or (deny is not None and deny.first_match([line])):
        return False
    file.parent.mkdir(parents=True, exist_ok=True)
    with _locked(file.parent):
        _write(file, [*read(file), line][-LIMIT:])
    return True


def drop(file: Path, unwanted: Callable[[str], bool]) -> int:
    """Remove the lines ``unwanted`` picks; returns how many went."""
    if not file.parent.is_dir():
        return 0
    with _locked(file.parent):
        lines = read(file)
        kept = [line for line in lines if not unwanted(line)]
        if len(kept) != len(lines):
            _write(file, kept)
    return len(lines) - len(kept)


def drop_mentioning(file: Path, texts: Sequence[str]) -> int:
    """Remove the lines that mention any of ``texts`` (contain it, or every word of it)."""
    wanted = [t for t in texts if t and t.strip()]
    return drop(file, lambda line: any(mentions(line, t) for t in wanted)) if wanted else 0


def drop_denied(file: Path, deny: DenyList) -> int:
    """Remove the lines ``deny`` matches."""
    return drop(file, lambda line: deny.first_match([line]) is not None)


def erase(file: Path) -> bool:
    """Overwrite and delete ``file``; returns whether there was one."""
    if not file.parent.is_dir():
        return False
    with _locked(file.parent):
        if not file.exists():
            return False
        _shred(file)
    return True


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the history folder's lock: one process at a time reads and rewrites a file
    in it (a chat adding a line, a forget in another process dropping lines)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write(file: Path, lines: Sequence[str]) -> None:
    """Replace ``file`` atomically: the new lines go to a temporary file, synced, which
    replaces it; the old copy is then overwritten through a handle held across the
    replace. A crash at any point leaves the old file or the new one, never a mix.
    Called holding :func:`_locked`."""
    if not lines:
        if file.exists():
            _shred(file)
        return
    temporary = file.with_name(f".{file.name}.tmp")
    with temporary.open("wb") as f:
        f.write("".join(f"{line}\n" for line in lines).encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())
    try:
        old = file.open("r+b")
    except FileNotFoundError:
        os.replace(temporary, file)
    else:
        with old:
            os.replace(temporary, file)
            _zero_open(old)
    _sync_folder(file.parent)


def _zero(file: Path) -> None:
    """Overwrite the bytes of ``file`` in place with zeros (its blocks, not a new copy)."""
    with file.open("r+b") as f:
        _zero_open(f)


def _zero_open(f: BinaryIO) -> None:
    size = os.fstat(f.fileno()).st_size
    f.seek(0)
    f.write(b"\0" * size)
    f.flush()
    os.fsync(f.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename or deletion in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _shred(file: Path) -> None:
    _zero(file)  # a crash before the unlink leaves zeros, and the pending erasure redoes it
    file.unlink()
    _sync_folder(file.parent)
