"""``ponder ask``: a quick answer with checked citations, or "the documents don't say"."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from ..answer import Answer, Citation, ask
from ..answer.ask import UNSUPPORTED
from .options import common, console, err_console, open_library, print_json, settings


def _piece(piece: str) -> Text:
    body = piece.lstrip()
    if body.startswith(UNSUPPORTED):
        return Text(piece, style="red strike")
    return Text(piece)


def _reference(out: Console, c: Citation) -> None:
    who = f" — {c.speaker}" if c.speaker else ""
    out.print(Text.assemble((f"[{c.n}] ", "bold"), c.title, who))
    out.print(Text(f"    “{c.quote}”"))
    out.print(Text(f"    {c.path}:{c.source_start}-{c.source_end} "
                   f"(document chars {c.start}-{c.end})", style="dim"))


def show(answer: Answer, out: Console, *, streamed: bool) -> None:
    if streamed:
        out.print()
    else:
        for line in answer.answer.split("\n"):
            out.print(_piece(line))
    if answer.citations:
        out.print(Text("\nReferences", style="bold"))
        for c in answer.citations:
            _reference(out, c)
    if answer.closest:
        out.print(Text("\nClosest passages", style="bold"))
        for c in answer.closest:
            _reference(out, c)
    if answer.unsupported and UNSUPPORTED not in answer.answer:
        out.print(Text(f"\n{len(answer.unsupported)} unsupported sentence(s) removed; "
                       "see them with --show-unsupported", style="dim"))
    for note in answer.notes:
        err_console().print(Text(f"note: {note}", style="yellow"))
    out.print(Text(f"\n{answer.backend} · {answer.seconds:.2f} s", style="dim"))


@click.command(epilog="""\b
Examples:
  ponder ask "奥特曼对核裂变持什么态度？"
  ponder ask "What does PEP 657 add to tracebacks?" --limit 5
  ponder ask "Which analogy does Altman use for programming?" --json
  ponder ask "..." --backend llamacpp --show-unsupported
""")
@click.argument("question")
@click.option("--backend", "backend_name", metavar="NAME",
              help="Model backend (extractive, llamacpp, openai, ...); default: configured, "
              "else extractive.")
@click.option("--show-unsupported", is_flag=True,
              help="Also show sentences the check removed, marked [unsupported].")
@click.option("--limit", "-k", default=8, show_default=True, help="Passages to retrieve.")
@common
def ask_command(question: str, backend_name: str | None, show_unsupported: bool, limit: int,
                library_dir: Path | None, as_json: bool) -> None:
    """Answer QUESTION from the library, every sentence checked and cited."""
    if limit < 1:
        raise click.BadParameter("must be at least 1", param_hint="--limit")
    out = console()
    streamed = not as_json and sys.stdout.isatty()
    on_token = (lambda piece: out.print(_piece(piece), end="")) if streamed else None
    with open_library(library_dir, create=False) as library:
        answer = ask(library, question, settings=settings(library_dir),
                     backend_name=backend_name, show_unsupported=show_unsupported,
                     on_token=on_token, limit=limit)
    if as_json:
        print_json(answer.to_json())
    else:
        show(answer, out, streamed=streamed and not answer.abstained)


ask_command.name = "ask"

COMMANDS = [ask_command]
