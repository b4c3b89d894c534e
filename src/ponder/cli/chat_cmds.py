"""``ponder chat``: a multi-turn session with cited answers, shaped by what Ponder remembers.

Interactive on a terminal (line editing through readline; prompt history per user, see
``ponder.memory.prompt_history``); from a pipe it reads one message per line, and each
process is one session. On a terminal an answer streams sentence by sentence as it is
checked (as ``ponder ask`` does), after a follow-up's rewritten question, dimmed;
``--json`` prints one object per reply.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from ..answer import Answer, Citation, resolve_backend
from ..answer.ask import UNSUPPORTED
from ..answer.settings import SEARCH_LIMIT
from ..chat import Answerer, ChatSession, Known, Learned, Reply
from ..chat.followup import Resolved
from ..config import Settings
from ..errors import PonderError
from ..memory import ForgetPlan, Memory, MemoryStore, env_clock, prompt_history
from ..memory.deny import DenyList
from ..search import default_embedder
from ..store import Library
from .memory_cmds import open_store, resolve_user, user_option
from .options import check_backend, common, err_console, one_line, settings

EXIT_WORDS = {"/exit", "/quit", "exit", "quit", ":q"}
COMMANDS_KNOWN = ("/help", "/exit", "/quit")
_COMMAND = re.compile(r"^/(?P<name>[^\s/]+)(?:\s|$)")
HELP = """Commands: /help (this text), /exit or /quit (leave).
Say things in plain words (English or Chinese):
  remember that …        记住…        saved at once
  forget …               忘记…        shows what goes; asks (scripts: needs --yes)
  don't remember …       不要记住…    never store anything matching it
  remind me to … on DATE 提醒我…      shown at the start of a later session
  what did I ask you last week?       我上周问了你什么？
Anything else is a question about your documents. Follow-ups ("who contributed it?",
"tell me more", "那他后来的看法变了吗？") are read against the conversation; the question
asked is shown dimmed.
"""


# ---- output -------------------------------------------------------------------------------


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


def _reference(out: Console, c: Citation, brief: bool) -> None:
    who = f" — {c.speaker}" if c.speaker else ""
    out.print(Text.assemble((f"[{c.n}] ", "bold"), one_line(c.title), one_line(who)))
    if not brief:
        out.print(Text(f"    “{c.quote}”"))
    out.print(Text(f"    {one_line(c.path)}:{c.source_start}-{c.source_end}", style="dim"))


def _brief(reply: Reply) -> bool:
    return any(k.kind == "preference" and re.search(r"(?i)cite briefly", k.text)
               for k in reply.used)


def resolved_line(question: str) -> Text:
    """A follow-up's question as it was asked of the documents, dimmed."""
    return Text(f"↳ {question}", style="dim")


def piece_text(piece: str) -> Text:
    """One streamed piece of an answer (a sentence removed by the check, struck out)."""
    if piece.lstrip().startswith(UNSUPPORTED):
        return Text(piece, style="red strike")
    return Text(piece)


def show_answer(out: Console, reply: Reply, answer: Answer, *, streamed: bool = False) -> None:
    if streamed:
        out.print()
    else:
        for line in reply.text.split("\n"):
            out.print(Text(line))
    brief = _brief(reply)
    if answer.citations:
        out.print(Text("References", style="bold"))
        for c in answer.citations:
            _reference(out, c, brief)
    if answer.closest:
        out.print(Text("Closest passages", style="bold"))
        for c in answer.closest:
            _reference(out, c, brief)


def show_reply(out: Console, reply: Reply, *, streamed: bool = False) -> None:
    """``reply`` on the terminal; ``streamed``: its rewritten question and answer text
    were printed already, as they came."""
    if reply.resolved_question and not streamed:
        out.print(resolved_line(reply.resolved_question))
    if reply.answer is not None:
        show_answer(out, reply, reply.answer, streamed=streamed)
    else:
        out.print(Text(reply.text))
    show_used(out, reply.used)
    for note in [*(reply.answer.notes if reply.answer else []), *reply.notes]:
        err_console().print(Text(f"note: {note}", style="yellow"))


def show_used(out: Console, used: list[Known]) -> None:
    if used:
        listed = "; ".join(f"#{k.id} " * (k.id is not None) + f"{k.text} ({k.kind}, {k.tier})"
                           for k in used)
        out.print(Text(f"Used memories: {listed}", style="dim"))


def show_learned(out: Console, learned: Learned) -> None:
    for m in learned.memories:
        out.print(Text(f"(learned #{m.id}: {m.text} — {m.kind}, {m.reason}; "
                       "review with 'ponder memory review')", style="dim"))
    for note in learned.notes:
        err_console().print(Text(f"note: {note}", style="yellow"))


def reminders_json(due: list[Memory]) -> dict[str, object]:
    return {"type": "reminders",
            "reminders": [{"id": m.id, "text": m.text, "due_at": m.due_at} for m in due]}


def show_reminders(out: Console, due: list[Memory]) -> None:
    out.print(Text("Reminders due:", style="bold"))
    for m in due:
        out.print(Text(f"  #{m.id} {m.text}" + (f" (due {m.due_at[:16]})" if m.due_at else "")))


def show_plan(plan: ForgetPlan, out: Console) -> None:
    out.print(Text(f"This would delete, for {plan.user}:"))
    for m in plan.memories:
        out.print(Text(f"  memory #{m.id} ({m.kind}, {m.tier}): {m.text}"))
    for t in plan.turns:
        out.print(Text(f"  turn {t.id} ({t.role}, {t.created_at[:16]}): {t.text[:80]}"))


# ---- input --------------------------------------------------------------------------------


def history_wanted(config: Settings) -> bool:
    """The ``chat_history`` setting (default true): keep prompt history for line editing."""
    return config.flag("chat_history")


def terminal_lines(store: MemoryStore, user: str, keep: Callable[[], bool]) -> Iterator[str]:
    """Lines typed at the terminal, with readline editing.

    While ``keep()`` holds, each line goes to the user's prompt history file (see
    ``ponder.memory.prompt_history``) before it is answered, and line editing is
    reloaded from that file after, so a forget, clear or deny said in the session
    also leaves the up-arrow. Otherwise nothing is written.
    """
    try:
        import readline
    except ImportError:  # no readline on this platform: plain input()
        readline = None  # type: ignore[assignment]
    file = store.prompt_history(user)

    def reload() -> None:
        if readline is not None:
            readline.clear_history()
            for kept in prompt_history.read(file):
                readline.add_history(kept)

    if keep():
        reload()
    while True:
        try:
            line = input("you> ")
        except EOFError:
            click.echo()
            return
        kept = keep() and line.strip().lower() not in {*EXIT_WORDS, "/help", "help"}
        if kept:
            prompt_history.append(file, line, DenyList(store.deny_list(user)))
        yield line
        if kept:
            reload()


def piped_lines() -> Iterator[str]:
    for line in sys.stdin:
        yield line.rstrip("\r\n")


# ---- the command --------------------------------------------------------------------------


def _confirm(interactive: bool, yes: bool, as_json: bool) -> Callable[[ForgetPlan], bool]:
    def confirm(plan: ForgetPlan) -> bool:
        if interactive and not yes:
            show_plan(plan, output())
            return click.confirm("Delete these for good?", default=False)
        if not as_json:
            show_plan(plan, err_console())
            if not yes:
                err_console().print("Not deleted: in scripts, run 'ponder chat --yes' to let "
                                    "'forget …' delete.", markup=False)
        return yes

    return confirm


def _greet(store: MemoryStore, user: str, incognito: bool) -> None:
    on = store.enabled(user)
    state = (f"memory {'on' if on else 'off'}, learning "
             f"{'on' if on and store.learning(user) else 'off'}")
    if incognito:
        state = "incognito: nothing of this session is stored"
    err_console().print(f"Ponder chat — user {user} ({state}). /exit to leave, /help for "
                        "what you can say.", markup=False)


def output() -> Console:
    """Standard output; long lines are left for the terminal to wrap (scripts get them whole)."""
    return Console(highlight=False, soft_wrap=True)


def unknown_command(message: str) -> str | None:
    """The reply to a /command chat does not know (None: not a /command, or a known one)."""
    m = _COMMAND.match(message)
    if m is None or message.split()[0].lower() in COMMANDS_KNOWN:
        return None
    return (f"unknown command /{m.group('name')}; try /help (known commands: "
            f"{', '.join(COMMANDS_KNOWN)})")


def _say(out: Console, kind: str, message: str, text: str, as_json: bool) -> None:
    """A reply chat makes itself (help, an unknown command): one JSON object in --json."""
    if as_json:
        emit_json({"type": kind, "message": message, "answer": text})
    else:
        for line in text.splitlines():
            out.print(Text(line))


def run(session: ChatSession, lines: Iterator[str], as_json: bool, *,
        stream: bool = False) -> int:
    """Answer each line; returns how many messages failed (each reported, as a JSON
    object of type "error" in ``as_json``, and the session goes on). ``stream``: print
    each answer as it comes, sentence by sentence (never with ``as_json``)."""
    out = output()
    failed = 0
    for line in lines:
        message = line.strip()
        if not message:
            continue
        if message.lower() in EXIT_WORDS:
            break
        if message.lower() in {"/help", "help"}:
            _say(out, "help", message, HELP.rstrip("\n"), as_json)
            continue
        unknown = unknown_command(message)
        if unknown is not None:
            _say(out, "unknown_command", message, unknown, as_json)
            continue
        printed: list[str] = []
        try:
            if stream and not as_json:
                reply = session.respond(message, on_token=_printer(out, printed),
                                        on_resolved=_resolved_printer(out, printed))
            else:
                reply = session.respond(message)
        except (PonderError, ValueError) as e:
            failed += 1
            if printed:
                out.print()
            if as_json:
                emit_json({"type": "error", "message": message, "error": str(e)})
            else:
                err_console().print(f"Error: {e}", markup=False)
            continue
        streamed = any(p for p in printed if p != "") and reply.answer is not None \
            and not reply.answer.abstained
        _show(out, session, reply, as_json, streamed=streamed)
    return failed


def _printer(out: Console, printed: list[str]) -> Callable[[str], None]:
    def on_token(piece: str) -> None:
        printed.append(piece)
        out.print(piece_text(piece), end="")

    return on_token


def _resolved_printer(out: Console, printed: list[str]) -> Callable[[Resolved], None]:
    def on_resolved(resolved: Resolved) -> None:
        out.print(resolved_line(resolved.question))

    return on_resolved


def _show(out: Console, session: ChatSession, reply: Reply, as_json: bool, *,
          streamed: bool = False) -> None:
    if as_json:
        emit_json(reply.to_json())
    else:
        show_reply(out, reply, streamed=streamed)
    learned = session.learn(reply)  # after the answer is shown
    if as_json and (learned.memories or learned.notes):
        emit_json({"type": "learned", "memories": [m.to_json() for m in learned.memories],
                   "notes": learned.notes})
    elif not as_json:
        show_learned(out, learned)


@click.command(epilog="""\b
Examples:
  ponder chat                                  talk on a terminal
  ponder chat --user ann --incognito           store nothing of this session
  printf 'remember that I prefer short answers\\nWhat did Altman say about GPT-5?\\n' \\
      | ponder chat --json                     one JSON object per line, per reply
  echo "forget my locker code" | ponder chat --yes
""")
@click.option("--incognito", is_flag=True,
              help="Store nothing of this session: no turns, memories, learning or history.")
@click.option("--yes", is_flag=True,
              help="Let 'forget …' delete without asking (without it, scripts only show "
              "what would go).")
@click.option("--backend", "backend_name", metavar="NAME", callback=check_backend,
              help="Model backend (extractive, llamacpp, openai, ...); default: configured, "
              "else extractive.")
@click.option("--limit", "-k", default=SEARCH_LIMIT, show_default=True, type=click.IntRange(1),
              help="Passages to retrieve per question.")
@user_option
@common
def chat(incognito: bool, yes: bool, backend_name: str | None, limit: int, user: str | None,
         library_dir: Path | None, as_json: bool) -> None:
    """Talk with your documents: cited answers, and memory under your control.

    Conversations are stored per user with timestamps unless --incognito or
    memory is off ('ponder memory off'). On a terminal the lines you type are kept
    per user for line editing (up-arrow) under the same conditions and unless the
    setting chat_history is false; forget, clear and the deny list erase them too.
    When standard input is not a terminal,
    each line is one message and the process is one session. Due reminders are
    shown when a session starts. Say /help for the controls.

    Follow-ups ("who contributed it?", "tell me more", "那他后来的看法变了吗？") are
    read against the conversation: the question asked of the documents is shown,
    dimmed (in --json: "resolved_question"), and the documents just discussed are
    preferred. On a terminal answers stream sentence by sentence.

    "forget …" shows what would be deleted and asks first; in scripts it only
    shows it, unless the command was run with --yes.

    In --json every reply (help too) is one JSON object per line. A line that
    fails is reported — in --json as {"type": "error", ...} — and the session goes
    on; an unknown /command is answered with the known ones. Exit status: 0 when the
    session ran, whatever its lines; 2 for misuse (a bad option or backend), 1
    when it could not start (e.g. no library).
    """
    who = resolve_user(user)
    interactive = sys.stdin.isatty() and not as_json
    config = settings(library_dir)
    with open_store(library_dir, embed=True, create=False) as store:
        backend, notes = resolve_backend(config, backend_name)
        for note in notes:
            err_console().print(f"note: {note}", markup=False)
        answerer = Answerer(store.library, config, backend=backend,
                            embedder=store.embedder or default_embedder(), limit=limit)
        session = ChatSession(store, who, answerer, incognito=incognito,
                              confirm=_confirm(interactive, yes, as_json))
        _open(session, as_json, interactive)
        wanted = interactive and not incognito and history_wanted(config)

        def keep() -> bool:
            return wanted and store.enabled(who)

        lines = terminal_lines(store, who, keep) if interactive else piped_lines()
        run(session, lines, as_json, stream=not as_json and sys.stdout.isatty())


def _open(session: ChatSession, as_json: bool, interactive: bool) -> None:
    if interactive:
        _greet(session.store, session.user, session.incognito)
    due = session.opening()
    if due and as_json:
        emit_json(reminders_json(due))
    elif due:
        show_reminders(output(), due)


# ---- for 'ponder ask' -------------------------------------------------------------------------


def memory_store(library: Library) -> MemoryStore:
    """The memory store of an open library (dense recall unless PONDER_MEMORY_EMBED=off)."""
    off = not settings(None).flag("memory_embed")
    return MemoryStore(library, embedder=None if off else default_embedder(),
                       clock=env_clock(os.environ))


def ask_session(library: Library, config: Settings, user: str, *, backend_name: str | None,
                limit: int, incognito: bool) -> tuple[ChatSession, list[str]]:
    """A session for one question: memories recalled and applied, no conversation stored;
    learning (when the user turned it on) unless ``incognito``. Also the backend's notes."""
    backend, notes = resolve_backend(config, backend_name)
    store = memory_store(library)
    answerer = Answerer(library, config, backend=backend,
                        embedder=store.embedder or default_embedder(), limit=limit)
    return ChatSession(store, user, answerer, incognito=incognito, record_turns=False), notes


COMMANDS = [chat]
