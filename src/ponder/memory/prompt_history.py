"""Prompt history for line editing in ``ponder chat``: one file per user, under the library.

    path(library_file, "dana") -> <library folder>/chat-history/dana

It holds the lines typed at the chat prompt (one per line, newest last, at most
``LIMIT``), so it is memory too: ``MemoryStore`` drops the lines that mention what a
forget deletes, deletes the file on ``clear``, and drops the lines a new deny pattern
matches. Lines a deny pattern matches are never added. Rewrites go through a
temporary file in the same folder that replaces the old one, and the freed copy is
overwritten first, so the forgotten text is left in no file Ponder wrote.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

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
    return [line for line in data.split("\n") if line.strip()]


def append(file: Path, line: str, deny: DenyList | None = None) -> bool:
    """Keep ``line`` (unless empty or denied); returns whether it was kept."""
    line = " ".join(line.split())
    if not line or (deny is not None and deny.first_match([line])):
        return False
    kept = [*read(file), line][-LIMIT:]
    _write(file, kept)
    return True


def drop(file: Path, unwanted: Callable[[str], bool]) -> int:
    """Remove the lines ``unwanted`` picks; returns how many went."""
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
    if not file.exists():
        return False
    _shred(file)
    return True


def _write(file: Path, lines: Sequence[str]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    if not lines:
        erase(file)
        return
    temporary = file.with_name(f".{file.name}.tmp")
    temporary.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    if file.exists():
        _zero(file)
    os.replace(temporary, file)


def _zero(file: Path) -> None:
    """Overwrite the bytes of ``file`` in place with zeros (its blocks, not a new copy)."""
    size = file.stat().st_size
    with file.open("r+b") as f:
        f.write(b"\0" * size)
        f.flush()
        os.fsync(f.fileno())


def _shred(file: Path) -> None:
    _zero(file)
    file.unlink()
