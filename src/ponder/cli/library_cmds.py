"""Verbs that change or describe the library: add, sources, remove, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from ..records import Repair
from ..store.add import AddSummary, add_paths
from ..store.check import check_library
from .options import common, console, err_console, open_library, print_json
from .progress import add_progress
from .search_cmds import run_embedding


@click.command(epilog="""\b
Examples:
  ponder add ~/interviews                 a folder, recursively
  ponder add report.pdf notes.md --json   files, summary as JSON
  ponder add big-folder --no-embed        searchable by words now; 'ponder embed' later
""")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-embed", is_flag=True, help="Skip embeddings now (run 'ponder embed' later).")
@common
def add(paths: tuple[Path, ...], no_embed: bool, library_dir: Path | None, as_json: bool) -> None:
    """Add files and folders (.txt .md .html .pdf .docx) to the library.

    Text is decoded (UTF-8, UTF-16, GB18030/GBK, Big5, cp1252), repaired,
    split into passages and indexed. Unchanged files are skipped; changed
    files are replaced. Exit code 1 if any file failed.
    """
    with open_library(library_dir) as library:
        with add_progress(not as_json) as progress:
            summary = add_paths(library, paths, progress)
        if not no_embed and (summary.added or summary.updated):
            run_embedding(library, show=not as_json)
    _report(summary, as_json)
    if summary.failed:
        sys.exit(1)


def _report(summary: AddSummary, as_json: bool) -> None:
    if as_json:
        print_json(summary.to_json())
        return
    out = console()
    out.print(
        f"added {len(summary.added)}, updated {len(summary.updated)}, "
        f"unchanged {len(summary.unchanged)}, skipped {len(summary.skipped)}, "
        f"failed {len(summary.failed)} ({summary.passages} passages)"
    )
    for item in summary.skipped:
        out.print(f"  skipped {item['path']}: {item['reason']}")
    err = err_console()
    for item in summary.failed:
        err.print(f"  [red]failed[/] {item['path']}: {item['reason']}")


@click.command(epilog="""\b
Examples:
  ponder sources
  ponder sources --json
  ponder sources --repairs 001_bc75        the repairs made to one document
""")
@click.option("--repairs", "repairs_of", metavar="DOC", help="Show the repairs made to DOC.")
@common
def sources(repairs_of: str | None, library_dir: Path | None, as_json: bool) -> None:
    """List the documents in the library (or the repairs made to one)."""
    with open_library(library_dir) as library:
        if repairs_of is not None:
            _show_repairs(library.repairs(library.document(repairs_of).id), as_json)
            return
        docs = library.documents()
    if as_json:
        print_json([d.__dict__ for d in docs])
        return
    table = Table("id", "title", "path", "lang", "script", "passages", "repairs", "added")
    for d in docs:
        table.add_row(str(d.id), d.title[:40], d.path, d.language, d.script,
                      str(d.passages), str(d.repairs), d.added_at[:16])
    console().print(table)


def _show_repairs(repairs: list[Repair], as_json: bool) -> None:
    if as_json:
        print_json([r.__dict__ for r in repairs])
        return
    table = Table("kind", "offset", "source offset", "before", "after")
    for r in repairs:
        table.add_row(r.kind, f"{r.start}-{r.end}", f"{r.source_start}-{r.source_end}",
                      repr(r.before)[:60], repr(r.after)[:60])
    console().print(table)


@click.command(epilog="""\b
Examples:
  ponder remove 3
  ponder remove ~/notes/old.md
""")
@click.argument("doc")
@common
def remove(doc: str, library_dir: Path | None, as_json: bool) -> None:
    """Remove a document (by id, path or title fragment) from every table and index."""
    with open_library(library_dir, create=False) as library:
        found = library.document(doc)
        library.remove_document(found.id)
    if as_json:
        print_json({"removed": found.id, "path": found.path, "passages": found.passages})
    else:
        console().print(f"removed {found.path} ({found.passages} passages)")


@click.command(epilog="""\b
Examples:
  ponder check
""")
@common
def check(library_dir: Path | None, as_json: bool) -> None:
    """Check the library: SQLite integrity, full-text index and offsets. Exit 1 on problems."""
    with open_library(library_dir, create=False) as library:
        problems = check_library(library)
        counts = library.counts()
    if as_json:
        print_json({"ok": not problems, "problems": problems, "counts": counts})
    elif problems:
        for p in problems:
            err_console().print(f"[red]problem[/] {p}")
    else:
        console().print("ok: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    if problems:
        sys.exit(1)


COMMANDS = [add, sources, remove, check]
