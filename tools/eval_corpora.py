"""Lay out the corpora the labelled question set is written over, in one folder.

    python tools/eval_corpora.py [--shared ../shared] [--out .cache/eval-corpora]

``OUT/altman-interviews`` and ``OUT/python-docs`` link to the shared corpus (never
copied); ``OUT/pydoc-topics`` is written from Python's own documentation as it ships with
every CPython (``pydoc_data.topics``: the language reference sections ``help()`` shows),
one ``<topic>.txt`` file a topic. That third corpus installs offline with Python itself,
and its questions sit wholly in the held-out half (see ``eval/README.md``).

``OUT/pydoc-modules`` is a fourth, tuning-only corpus: ``<module>.txt`` is
``pydoc.render_doc(module, renderer=pydoc.plaintext)`` for 20 standard-library modules
(``PYDOC_MODULES``), with the machine-specific parts taken out so that every run of the
same Python gives the same bytes: the ``FILE`` section (the install path) is dropped and
object addresses in default values (``<function copy2 at 0x...>``) read
``<function copy2>``. A page over ``MAX_MODULE_BYTES`` (none is, on 3.11) would be cut at
the last line boundary under that size. Like ``pydoc-topics`` it is the running
Python's own text (the gold quotes of ``eval/questions/pydoc-modules.jsonl`` were taken
from 3.11; ``tools/check_questions.py`` tells if another version moved one). Its questions
sit wholly in the tuning half.

Prints the folder to pass as ``ponder eval --corpus-root``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from pathlib import Path

SHARED_CORPORA = ("altman-interviews", "python-docs")
PYDOC = "pydoc-topics"
PYDOC_MODULES_CORPUS = "pydoc-modules"
PYDOC_MODULES = ("argparse", "bisect", "calendar", "csv", "datetime", "difflib",
                 "fractions", "hashlib", "heapq", "json", "pathlib", "random", "secrets",
                 "shutil", "sqlite3", "statistics", "string", "textwrap", "uuid", "zipfile")
MAX_MODULE_BYTES = 150_000
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
_BOLD = re.compile(".\x08")  # "x\bx" bold markup


def module_text(name: str) -> str:
    """The plain-text ``help()`` page of one module, without machine-specific parts."""
    import pydoc

    text = pydoc.render_doc(importlib.import_module(name), renderer=pydoc.plaintext)
    text = _ADDRESS.sub(">", _BOLD.sub("", text))
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        if line and not line[0].isspace():  # a section heading (NAME, FILE, ...)
            skipping = line.strip() == "FILE"
        if not skipping:
            kept.append(line.rstrip())
    data = "\n".join(kept).strip() + "\n"
    if len(data.encode("utf-8")) > MAX_MODULE_BYTES:
        cut = data.encode("utf-8")[:MAX_MODULE_BYTES].decode("utf-8", "ignore")
        data = cut[: cut.rfind("\n") + 1]
    return data


def write_pydoc_modules(folder: Path) -> int:
    """One UTF-8 text file per module of ``PYDOC_MODULES``; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in PYDOC_MODULES:
        target = folder / f"{name}.txt"
        data = module_text(name)
        if not target.exists() or target.read_text(encoding="utf-8") != data:
            target.write_text(data, encoding="utf-8")
    return len(PYDOC_MODULES)


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
    modules = write_pydoc_modules(args.out / PYDOC_MODULES_CORPUS)
    print(args.out.resolve())
    print(f"{PYDOC}: {count} topics", file=sys.stderr)
    print(f"{PYDOC_MODULES_CORPUS}: {modules} modules", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
