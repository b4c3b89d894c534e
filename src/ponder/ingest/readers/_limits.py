"""Formats read whole into memory refuse files above a size limit."""

from __future__ import annotations

from pathlib import Path

from ponder.errors import InputError

MAX_WHOLE_BYTES = 100 * 1024 * 1024


def check_size(path: Path, size: int, kind: str, limit: int | None = None) -> None:
    limit = MAX_WHOLE_BYTES if limit is None else limit
    if size > limit:
        raise InputError(
            path,
            f"the {kind} file is {size / 2**20:.1f} MB, over Ponder's {limit / 2**20:.1f} MB "
            f"limit for {kind}; split it, or convert it to plain text (.txt has no limit)",
        )


def read_limited(path: Path, size: int, kind: str) -> bytes:
    """The whole file, after checking it is within the size limit."""
    check_size(path, size, kind)
    with path.open("rb") as f:
        return f.read()
