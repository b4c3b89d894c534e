"""The labelled (claim, passage) pairs that calibrate and test the support check.

Each line of ``data/support_pairs.jsonl`` names a corpus file and a short locator
(a substring of one passage, compared without whitespace in matching form); the
passage text itself is read from a library built from the corpus, never stored here.
A library holding only some of the files (the fixture library) checks the pairs
about those files (``in_library``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ponder.records import Hit
from ponder.store import Library
from ponder.text.normalize import matching_form

DATA = Path(__file__).parent / "data"
PAIRS = DATA / "support_pairs.jsonl"


@dataclass(frozen=True)
class Pair:
    id: str
    file: str
    locator: str
    claim: str
    label: bool
    lang: str
    kind: str


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    with path.open(encoding="utf-8") as f:
        return [Pair(**json.loads(line)) for line in f if line.strip()]


def in_library(pairs: list[Pair], library: Library) -> list[Pair]:
    """The pairs whose file is one of ``library``'s documents."""
    paths = [d.path.replace("\\", "/") for d in library.documents()]
    return [p for p in pairs if any(path.endswith(f"/{p.file}") for path in paths)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", matching_form(text))


def find_passage(library: Library, file: str, locator: str) -> Hit:
    """The first passage of ``file`` (a path suffix) that contains ``locator``."""
    rows = library.db.execute(
        "SELECT p.id, p.doc_id, d.path, d.title, p.speaker, p.heading, p.start, p.end, "
        "p.source_start, p.source_end, p.text FROM passages p JOIN documents d ON d.id = p.doc_id "
        "WHERE d.path LIKE ? ORDER BY p.id",
        (f"%{file}",),
    ).fetchall()
    wanted = squash(locator)
    for r in rows:
        if wanted in squash(r[10]):
            return Hit(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4], r[5], int(r[6]),
                       int(r[7]), int(r[8]), int(r[9]), str(r[10]), 0.0)
    raise LookupError(f"{file}: no passage contains {locator!r}")
