"""Verbs that find things: search, and embed (which makes meaning search possible)."""

from __future__ import annotations

from pathlib import Path

import click

from ..search import embed_pending, search
from ..store import Library
from .options import common, console, err_console, open_library, print_json, printable
from .progress import count_progress


def run_embedding(library: Library, *, show: bool) -> None:
    with count_progress("embedding", show) as update:
        stats = embed_pending(library, on_progress=update)
    if show and stats.embedded:
        err_console().print(
            f"embedded {stats.embedded} passages ({stats.reused} reused) "
            f"at {stats.per_second:.1f} passages/s"
        )


@click.command(epilog="""\b
Examples:
  ponder search "算力 未来的货币"
  ponder search "compute will be the currency of the future" --limit 5
  ponder search "开源模型" --doc 004 --json
  ponder search "董事会" --speaker 奥特曼
""")
@click.argument("query")
@click.option("--limit", "-k", default=10, show_default=True, type=click.IntRange(min=1),
              help="How many passages.")
@click.option("--doc", "docs", multiple=True, metavar="DOC",
              help="Only in DOC: an id, a file-name prefix or a title fragment (repeatable).")
@click.option("--speaker", help="Only passages spoken by SPEAKER.")
@click.option(
    "--mode", type=click.Choice(["hybrid", "lexical", "dense"]), default="hybrid",
    show_default=True, help="Words, meaning, or both fused.",
)
@common
def search_command(query: str, limit: int, docs: tuple[str, ...], speaker: str | None,
                   mode: str, library_dir: Path | None, as_json: bool) -> None:
    """Find passages by words and by meaning, across scripts and languages."""
    with open_library(library_dir, create=False) as library:
        doc_ids = [library.resolve_document(d).id for d in docs] or None
        hits = search(library, query, limit=limit, doc_ids=doc_ids, speaker=speaker, mode=mode)
    if as_json:
        print_json([h.to_json() for h in hits])
        return
    out = console()
    if not hits:
        out.print("no passages found")
    for i, h in enumerate(hits, 1):
        who = f" — {printable(h.speaker)}" if h.speaker else ""
        out.print(f"[bold]{i}.[/] {printable(h.title)}{who}  "
                  f"[dim]{printable(h.path)}:{h.source_start}-{h.source_end}[/]")
        out.print(f"   {h.text}\n", markup=False)


search_command.name = "search"


@click.command(epilog="""\b
Examples:
  ponder embed
""")
@common
def embed(library_dir: Path | None, as_json: bool) -> None:
    """Compute embeddings for passages that have none (after 'add --no-embed')."""
    with (
        open_library(library_dir, create=False) as library,
        count_progress("embedding", not as_json) as update,
    ):
        stats = embed_pending(library, on_progress=update)
    if as_json:
        print_json(stats.to_json())
    else:
        console().print(
            f"embedded {stats.embedded} passages ({stats.reused} reused) "
            f"at {stats.per_second:.1f} passages/s"
        )


COMMANDS = [search_command, embed]
