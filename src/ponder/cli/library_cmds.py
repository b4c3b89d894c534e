"""Verbs that change or describe the library: add, sources, remove, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from ..records import DocumentDate, Repair
from ..store.add import AddSummary, add_paths
from ..store.check import check_library
from ..store.selectors import selector_problem
from .options import common, console, err_console, open_library, print_json, printable
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
        out.print(f"  skipped {printable(item['path'])}: {printable(item['reason'])}",
                  soft_wrap=True)  # one line per file, however long
    err = err_console()
    for item in summary.failed:
        err.print(f"  [red]failed[/] {printable(item['path'])}: {printable(item['reason'])}",
                  soft_wrap=True)


def _doc_selector(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A DOC that can name no document ("", " ", "/") is misuse: exit 2, nothing touched."""
    problem = selector_problem(value) if value is not None else None
    if problem is not None:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value


@click.command(epilog="""\b
Examples:
  ponder sources
  ponder sources --json
  ponder sources --repairs 001          the repairs made to the file named 001_…
  ponder sources --dates 004            the dates found in it, primary first

\b
DOC is an id (7), else a path or the start of a file name (001, library/path),
else part of the title; a DOC that matches several documents is an error that
lists them.
""")
@click.option("--repairs", "repairs_of", metavar="DOC", callback=_doc_selector,
              help="Show the repairs made to DOC.")
@click.option("--dates", "dates_of", metavar="DOC", callback=_doc_selector,
              help="Show the dates found in DOC.")
@common
def sources(repairs_of: str | None, dates_of: str | None, library_dir: Path | None,
            as_json: bool) -> None:
    """List the documents and their dates (or one document's repairs or dates).

    The date is the document's primary date: from its metadata, else a dateline
    near the top ("3月19日消息", "量子位 2025/2/8"), else the first date in its
    opening. A date such as --03-19 has no year: the document does not give one.
    """
    with open_library(library_dir) as library:
        if repairs_of is not None:
            _show_repairs(library.repairs(library.resolve_document(repairs_of).id), as_json)
            return
        if dates_of is not None:
            doc_id = library.resolve_document(dates_of).id
            _show_dates(library.document_dates(doc_id), library.primary_date(doc_id), as_json)
            return
        docs = library.documents()
        primary = {d.id: library.primary_date(d.id) for d in docs} if as_json else {}
    if as_json:
        print_json([{**d.__dict__, "primary_date": _date_json(primary[d.id])} for d in docs])
        return
    table = Table("id", "title", "path", "date", "lang", "script", "passages", "repairs", "added")
    for d in docs:
        table.add_row(str(d.id), printable(d.title[:40]), printable(d.path), d.date or "",
                      d.language, d.script, str(d.passages), str(d.repairs), d.added_at[:16])
    console().print(table)


def _date_json(date: DocumentDate | None) -> dict[str, object] | None:
    return date.to_json() if date is not None else None


def _show_dates(dates: list[DocumentDate], primary: DocumentDate | None, as_json: bool) -> None:
    if as_json:
        print_json([{**d.to_json(), "primary": d == primary} for d in dates])
        return
    table = Table("date", "source", "text", "offset", "source offset", "primary")
    for d in sorted(dates, key=lambda d: d != primary):
        where = f"{d.start}-{d.end}" if d.start is not None else (d.field or "")
        source = f"{d.source_start}-{d.source_end}" if d.source_start is not None else ""
        table.add_row(d.value, d.source, printable(d.text[:60]), where, source,
                      "yes" if d == primary else "")
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
  ponder remove 3                  by id
  ponder remove 001                the file whose name starts with 001
  ponder remove ~/notes/old.md
""")
@click.argument("doc", callback=_doc_selector)
@common
def remove(doc: str, library_dir: Path | None, as_json: bool) -> None:
    """Remove a document from every table and index.

    DOC is an id, else a path or the start of a file name, else part of the title.
    """
    with open_library(library_dir, create=False) as library:
        found = library.resolve_document(doc)
        library.remove_document(found.id)
    if as_json:
        print_json({"removed": found.id, "path": found.path, "passages": found.passages})
    else:
        console().print(f"removed {printable(found.path)} ({found.passages} passages)",
                        soft_wrap=True)


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
            err_console().print(f"[red]problem[/] {printable(p)}", soft_wrap=True)
    else:
        console().print("ok: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    if problems:
        sys.exit(1)


COMMANDS = [add, sources, remove, check]
