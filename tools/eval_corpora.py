"""Lay out the corpora the labelled question set is written over, in one folder.

    python tools/eval_corpora.py [--shared ../shared] [--out .cache/eval-corpora]

``OUT/altman-interviews`` and ``OUT/python-docs`` link to the shared corpus (never
copied); ``OUT/pydoc-topics`` is written from Python's own documentation as it ships with
every CPython (``pydoc_data.topics``: the language reference sections ``help()`` shows),
one ``<topic>.txt`` file a topic. That third corpus installs offline with Python itself,
and its questions sit wholly in the held-out half (see ``eval/README.md``).

Prints the folder to pass as ``ponder eval --corpus-root``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SHARED_CORPORA = ("altman-interviews", "python-docs")
PYDOC = "pydoc-topics"


def write_pydoc_topics(folder: Path) -> int:
    """One UTF-8 text file per ``pydoc_data.topics`` entry; returns how many."""
    from pydoc_data.topics import topics

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(topics.items()):
        target = folder / f"{name}.txt"
        data = text.strip() + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != data:
            target.write_text(data, encoding="utf-8")
    return len(topics)


def link_shared(shared: Path, out: Path) -> None:
    for name in SHARED_CORPORA:
        source = (shared / "corpus" / name).resolve()
        if not source.is_dir():
            sys.exit(f"error: {source} is not a folder; pass --shared (the shared/ folder)")
        link = out / name
        if link.is_symlink() or link.exists():
            if link.resolve() == source:
                continue
            link.unlink()
        os.symlink(source, link)


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("PONDER_SHARED", here.parent / "shared")))
    parser.add_argument("--out", type=Path, default=here / ".cache" / "eval-corpora")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    link_shared(args.shared, args.out)
    count = write_pydoc_topics(args.out / PYDOC)
    print(args.out.resolve())
    print(f"{PYDOC}: {count} topics", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
