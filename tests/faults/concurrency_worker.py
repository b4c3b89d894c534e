"""One worker of the concurrency fault test: a fixed list of operations on one library.

``python concurrency_worker.py LIBRARY FILES ROLE`` runs ROLE's operations in its own
process; :func:`run` runs them in this one (the serial reference). Every role's result
is independent of the order the roles interleave in, so running them all at once must
end in the same library as running them one after another.

Roles:
- ``adder-N``: add its own files and the shared ones (``ponder.store.add.add_paths``).
- ``memory-N``: user ``uN`` remembers eight things, then forgets three of them.
- ``importer``: user ``imp`` imports an export of memories and deny patterns.
- ``remover``: adds a file of its own, then removes it again.
- ``reader``: searches and lists until ``FILES/stop`` exists, recording what it saw.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ponder.memory import MemoryStore
from ponder.search import search
from ponder.store import Library
from ponder.store.add import add_paths
from ponder.store.library import Waiting

MEMORIES = [f"fact number {i}: the {w} is kept in the {p}" for i, (w, p) in enumerate(
    zip(["atlas", "kettle", "violin", "compass", "lantern", "ledger", "sextant", "teapot"],
        ["attic", "kitchen", "study", "garage", "cellar", "office", "boathouse", "pantry"],
        strict=True))]
FORGOTTEN = (1, 4, 6)
IMPORTED = [f"imported note {i}: bring the {w}"
            for i, w in enumerate(["map", "rope", "torch", "flask", "whistle"])]
DENIED = ["salary", "passport number"]


def write_export(scratch: Path, out: Path) -> None:
    """A real export (user ``someone``) of IMPORTED and DENIED, made on a scratch library."""
    with Library.open(scratch) as library:
        store = MemoryStore(library)
        for text in IMPORTED:
            store.remember("someone", text)
        for pattern in DENIED:
            store.deny("someone", pattern)
        out.write_text(json.dumps(store.export("someone")))


def _say(message: str) -> None:
    print(f"Waiting: {message}", file=sys.stderr, flush=True)


def open_library(location: Path) -> Library:
    return Library.open(location, waiting=Waiting(on_wait=_say))


def run(location: Path, files: Path, role: str) -> None:
    kind, _, n = role.partition("-")
    with open_library(location) as library:
        if kind == "adder":
            summary = add_paths(library, [files / f"adder-{n}", files / "shared"])
            assert not summary.failed, summary.failed
        elif kind == "memory":
            store = MemoryStore(library)
            for text in MEMORIES:
                store.remember(f"u{n}", text)
            for i in FORGOTTEN:
                plan = store.plan_forget(f"u{n}", MEMORIES[i])
                store.execute_forget(plan)
        elif kind == "importer":
            MemoryStore(library).import_("imp", json.loads((files / "export.json").read_text()))
        elif kind == "remover":
            add_paths(library, [files / "removed"])
            for doc in library.documents():
                if doc.path.startswith(str((files / "removed").resolve())):
                    library.remove_document(doc.id)
        elif kind == "reader":
            _read_until_stopped(library, files)
        else:
            raise SystemExit(f"unknown role {role!r}")


def _read_until_stopped(library: Library, files: Path) -> None:
    """Search and count each document's passages until told to stop; write what was seen."""
    seen: dict[str, list[int]] = {}
    rounds = 0
    while not (files / "stop").exists() or rounds == 0:
        search(library, "kept in the kitchen", limit=5, mode="lexical")
        MemoryStore(library).list("u0")
        for doc in library.documents():
            seen.setdefault(doc.path, []).append(doc.passages)
        rounds += 1
        time.sleep(0.05)
    (files / "seen.json").write_text(json.dumps({"rounds": rounds, "passages": seen}))


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
