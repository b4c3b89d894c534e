"""Where the shared corpus and question sets are (read as they are, never copied)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PONDER_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
ALTMAN = CORPUS / "altman-interviews"
PYDOCS = CORPUS / "python-docs"
EVAL = SHARED / "eval"


def altman_file(prefix: str) -> Path:
    """The corpus file whose name starts with ``prefix`` (e.g. "002")."""
    return next(ALTMAN.glob(f"{prefix}_*.txt"))


def altman_files() -> list[Path]:
    return sorted(ALTMAN.glob("*.txt"))
