"""``ponder ask``: a quick answer with checked citations, or "the documents don't say"."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import click
from rich.console import Console
from rich.text import Text

from ..answer import Answer, Citation
from ..answer.ask import UNSUPPORTED
from ..answer.settings import SEARCH_LIMIT
from ..chat.statements import rest_of
from .chat_cmds import ask_session, show_learned, show_used
from .memory_cmds import resolve_user, user_option
from .options import (
    check_backend,
    common,
    console,
    err_console,
    one_line,
    open_library,
    print_json,
    settings,
)


def _piece(piece: str) -> Text:
    body = piece.lstrip()
    if body.startswith(UNSUPPORTED):
        return Text(piece, style="red strike")
    return Text(piece)


def _reference(out: Console, c: Citation) -> None:
    who = f" — {c.speaker}" if c.speaker else ""
    out.print(Text.assemble((f"[{c.n}] ", "bold"), one_line(c.title), one_line(who)))
    out.print(Text(f"    “{c.quote}”"))
    out.print(Text(f"    {one_line(c.path)}:{c.source_start}-{c.source_end} "
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
@click.option("--backend", "backend_name", metavar="NAME", callback=check_backend,
              help="Model backend (extractive, llamacpp, openai, ...); default: configured, "
              "else extractive.")
@click.option("--show-unsupported", is_flag=True,
              help="Also show sentences the check removed, marked [unsupported].")
@click.option("--limit", "-k", default=SEARCH_LIMIT, show_default=True,
              help="Passages to retrieve.")
@click.option("--incognito", is_flag=True,
              help="Learn nothing from this question (your memories still shape the answer).")
@user_option
@common
def ask_command(question: str, backend_name: str | None, show_unsupported: bool, limit: int,
                incognito: bool, user: str | None, library_dir: Path | None,
                as_json: bool) -> None:
    """Answer QUESTION from the library, every sentence checked and cited.

    Your memories (see 'ponder memory') shape the answer: preferences such as
    "answer in traditional Chinese" are applied and listed as used.
    """
    if limit < 1:
        raise click.BadParameter("must be at least 1", param_hint="--limit")
    out = console()
    printed: list[str] = []

    def on_token(piece: str) -> None:
        printed.append(piece)
        out.print(_piece(piece), end="")

    streamed = not as_json and sys.stdout.isatty()
    with open_library(library_dir, create=False) as library:
        session, notes = ask_session(library, settings(library_dir), resolve_user(user),
                                     backend_name=backend_name, limit=limit, incognito=incognito)
        # "I am a journalist. Why did Musk leave?": the statement is learned, not searched
        reply = session.answer(question, rest_of(question) or question,
                               on_token=on_token if streamed else None,
                               show_unsupported=show_unsupported)
        answer = cast(Answer, reply.answer)
        answer.notes[:0] = notes
        if as_json:
            print_json({**answer.to_json(), "memories": [k.to_json() for k in reply.used]})
        else:
            show(answer, out, streamed=bool(printed) and not answer.abstained)
            show_used(out, reply.used)
        learned = session.learn(reply)  # after the answer is shown
    if not as_json:
        show_learned(out, learned)


ask_command.name = "ask"

COMMANDS = [ask_command]
