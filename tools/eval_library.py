"""Build the library the labelled question set is asked against, embedded.

    python tools/eval_corpora.py          # once: lays out .cache/eval-corpora
    python tools/eval_library.py [--corpora .cache/eval-corpora] [--out .cache/eval-library]

Ingests the four corpora with the real pipeline into a fresh library beside ``--out``,
copies the vectors of passages unchanged since the previous build (same text, heading
and preceding passage, so the same model input), embeds the rest with the shipped e5
model, and then replaces ``--out``. About 11,000 passages: 20–30 minutes on two cores
the first time, far less after a small ingest change.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from ponder.search import embed_pending
from ponder.store import Library
from ponder.store.add import add_paths
from ponder.store.vectors import copy_vectors

HERE = Path(__file__).resolve().parent.parent
CORPORA = ("altman-interviews", "python-docs", "pydoc-topics", "pydoc-modules")

def progress(done: int, total: int) -> None:
    if done == total or done % 500 == 0:
        print(f"  embedded {done}/{total}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=HERE / ".cache" / "eval-corpora")
    parser.add_argument("--out", type=Path, default=HERE / ".cache" / "eval-library")
    args = parser.parse_args(argv)
    folders = [args.corpora / name for name in CORPORA]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        sys.exit(f"error: missing corpus folder(s) {', '.join(missing)}; "
                 "run tools/eval_corpora.py first")
    work = args.out.with_name(args.out.name + ".building")
    shutil.rmtree(work, ignore_errors=True)
    started = time.perf_counter()
    with Library.open(work) as lib:
        summary = add_paths(lib, folders)
        print(f"ingested {lib.counts()} in {time.perf_counter() - started:.0f} s; "
              f"failed: {summary.failed}", file=sys.stderr)
        old = args.out / "library.sqlite"
        if old.exists():
            print(f"reused {copy_vectors(lib, str(old))} vectors from the previous build",
                  file=sys.stderr)
        stats = embed_pending(lib, on_progress=progress)
        print(f"embedded: {stats.to_json()}", file=sys.stderr)
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(args.out, ignore_errors=True)
    work.rename(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
