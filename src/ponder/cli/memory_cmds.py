"""`ponder memory …`: see, add, forget, export and control what Ponder remembers about a user.

The user is ``--user NAME``, else ``$PONDER_USER``, else the operating-system user.
``PONDER_NOW`` (ISO 8601) sets the clock for tests.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from rich.table import Table

from ..errors import MemoryImportError, MemoryInputError, MemoryNotFoundError
from ..memory import (
    KINDS,
    ForgetPlan,
    Kind,
    Memory,
    MemoryStore,
    Receipt,
    env_clock,
    parse_time,
)
from ..memory.importing import foreign_owner_warning
from ..memory.users import check_user
from ..search import Embedder
from .options import (
    common,
    console,
    count,
    err_console,
    one_line,
    open_library,
    print_json,
    printable,
    settings,
)

F = TypeVar("F", bound=Callable[..., Any])

EPILOG = """\b
Examples:
  ponder memory add "I prefer short answers" --kind preference
  ponder memory list --history              with superseded memories
  ponder memory forget 3                    shows what goes, asks, prints a receipt
  ponder memory forget "wifi" --everywhere  also the conversation turns that mention it
  ponder memory off                         nothing used or stored until 'on'
  ponder memory export --format markdown
"""


def user_option(fn: F) -> F:
    return click.option(
        "--user", "user", metavar="NAME", default=None,
        help="Whose memory (default: $PONDER_USER, else the OS user).",
    )(fn)


def memory_options(fn: F) -> F:
    return user_option(common(fn))


def resolve_user(flag: str | None) -> str:
    """``--user`` here or on the group, then PONDER_USER (or the config file), then the OS user."""
    ctx = click.get_current_context()
    group_flag = ctx.parent.params.get("user") if ctx.parent else None
    given = flag if flag is not None else group_flag
    if given is not None:
        return check_user(given)
    return check_user(settings(None).get("user") or getpass.getuser())


def _embedder(wanted: bool) -> Embedder | None:
    if not wanted or not settings(None).flag("memory_embed"):
        return None
    from ..search import default_embedder

    return default_embedder()


@contextmanager
def open_store(library_dir: Path | None, *, embed: bool = False,
               create: bool = True) -> Iterator[MemoryStore]:
    """A store on the chosen library, with the shipped embedder when ``embed``.

    ``create=False`` for a command that only reads when there is nothing there (``review``,
    ``chat``): a mistyped ``--library`` is then "no library here (nothing was created)",
    exit 1, as for ``search``, instead of a new empty library at that path.
    """
    with open_library(library_dir, create=create) as library:
        yield MemoryStore(library, embedder=_embedder(embed), clock=env_clock(os.environ))


# ---- printing ---------------------------------------------------------------------------


def _plain(text: str) -> None:
    """Print text that may hold user strings (no markup)."""
    console().print(text, markup=False)


def _provenance(m: Memory) -> str:
    p = m.provenance
    parts = [p.extractor]
    if p.conversation_id is not None:
        parts.append(f"conv {p.conversation_id}" + (f" turn {p.turn_id}" if p.turn_id else ""))
    if p.quote:
        parts.append(f"“{p.quote[:60]}”")
    return ", ".join(parts)


def _validity(m: Memory) -> str:
    if m.current:
        done = " (done)" if m.done else ""
        due = f"; due {(m.due_at or 'now')[:16]}{done}" if m.kind == "reminder" else ""
        return f"since {m.valid_from[:16]}{due}"
    return f"{m.valid_from[:16]} → {(m.valid_to or '')[:16]} (→ #{m.superseded_by or '-'})"


def memory_table(memories: Sequence[Memory]) -> Table:
    table = Table("id", "kind", "tier", "memory", "reason", "provenance", "valid")
    for m in memories:
        text = printable(m.text) if m.current else f"[dim]{printable(m.text)}[/]"
        table.add_row(str(m.id), m.kind, m.tier, text, printable(m.reason),
                      printable(_provenance(m)), _validity(m))
    return table


def _show_plan(plan: ForgetPlan, *, to_stderr: bool) -> None:
    out = err_console() if to_stderr else console()
    if plan.memories:
        out.print(f"These memories of {plan.user} will be deleted:", markup=False)
        out.print(memory_table(plan.memories))
    if plan.turns:
        out.print(f"These {count(len(plan.turns), 'conversation turn')} will be deleted:",
                  markup=False)
        for t in plan.turns:
            out.print(f"  turn {t.id} (conversation {t.conversation_id}, {t.role}, "
                      f"{t.created_at[:16]}): {one_line(t.text[:100])}", markup=False)


def _print_receipt(receipt: Receipt, as_json: bool) -> None:
    if as_json:
        print_json(receipt.to_json())
        return
    ids = ", ".join(f"#{m['id']}" for m in receipt.memories)
    console().print(
        f"Forgot for {receipt.user}: {count(receipt.memory_rows, 'memory', 'memories')}"
        f"{f' ({ids})' if ids else ''}, {count(receipt.fts_rows, 'index row')}, "
        f"{count(receipt.vectors, 'vector')}, {count(receipt.turns, 'turn')} "
        f"({count(receipt.turn_fts_rows, 'index row')}), "
        f"{count(receipt.conversations, 'conversation')}. "
        f"Index rewritten: {'yes' if receipt.fts_optimized else 'not needed'}; "
        f"journal checkpointed: {'yes' if receipt.checkpointed else 'no (busy; next checkpoint)'}."
    , markup=False)


# ---- commands ---------------------------------------------------------------------------


@click.group(epilog=EPILOG)
@user_option
def memory(user: str | None) -> None:
    """What Ponder remembers about you: see it, add to it, forget it, turn it off.

    Memories are kept per user and only ever shown to that user. Forgetting
    deletes for real: the text leaves every table, index and free page.
    """


def _check_due(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--due WHEN``: an unreadable time is misuse (exit 2), named with the option."""
    if value is not None:
        try:
            parse_time(value, what="date")
        except MemoryInputError as e:
            raise click.BadParameter(str(e)) from e
    return value


@memory.command(epilog="""\b
Examples:
  ponder memory add "Answer in Chinese" --kind preference --subject answer --slot language
  ponder memory add "Call the dentist" --kind reminder --due 2025-03-01T09:00
""")
@click.argument("text")
@click.option("--kind", type=click.Choice(KINDS), default="fact", show_default=True)
@click.option("--subject", help="What it is about, for replacing older ones (e.g. answer).")
@click.option("--slot", help="Which setting of the subject (e.g. language); needs --subject.")
@click.option("--due", metavar="WHEN", callback=_check_due,
              help="For reminders: ISO 8601 date or time.")
@memory_options
def add(text: str, kind: str, subject: str | None, slot: str | None, due: str | None,
        user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Remember TEXT now, as a saved memory (reason: "user asked").

    Duplicates are merged; a memory with the same kind, subject and slot as a
    current one replaces it (the old one stays in the history). Nothing
    matching your deny list is stored. Exit code 1 when nothing was stored.
    """
    who = resolve_user(user)
    with open_store(library_dir, embed=True) as store:
        added = store.remember(who, text, kind=cast(Kind, kind), subject=subject, slot=slot,
                               due_at=due)
    if as_json:
        print_json(added.to_json())
    elif added.memory is None:
        err_console().print(added.reason, markup=False)
    else:
        replaced = "".join(f"; replaces #{m.id}" for m in added.superseded)
        console().print(f"{added.status} #{added.memory.id} for {who}: {added.memory.text} "
                        f"({added.reason}{replaced})", markup=False)
    if added.memory is None:
        sys.exit(1)


@memory.command(name="list", epilog="""\b
Examples:
  ponder memory list
  ponder memory list --history --kind preference --json
""")
@click.option("--history", is_flag=True, help="Include superseded memories.")
@click.option("--kind", "kinds", type=click.Choice(KINDS), multiple=True, help="Only these kinds.")
@memory_options
def list_(history: bool, kinds: tuple[str, ...], user: str | None, library_dir: Path | None,
          as_json: bool) -> None:
    """List your memories with kind, tier, reason and provenance.

    Works even while memory is off.
    """
    who = resolve_user(user)
    with open_store(library_dir) as store:
        found = store.list(who, include_history=history,
                           kinds=cast(Sequence[Kind], kinds) if kinds else None)
    if as_json:
        print_json([m.to_json() for m in found])
    elif not found:
        _plain(f"No memories for {who}. Add one with 'ponder memory add TEXT'.")
    else:
        console().print(memory_table(found))


@memory.command(epilog="""\b
Examples:
  ponder memory forget 3
  ponder memory forget "locker code" --everywhere --yes
""")
@click.argument("ref", metavar="ID|TEXT")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--everywhere", is_flag=True,
              help="Also delete the conversation turns that mention it.")
@memory_options
def forget(ref: str, yes: bool, everywhere: bool, user: str | None, library_dir: Path | None,
           as_json: bool) -> None:
    """Forget a memory by id, or every memory containing TEXT.

    Shows what will be deleted and asks first. Works even while memory is off.
    """
    who = resolve_user(user)
    with open_store(library_dir) as store:
        plan = store.plan_forget(who, ref, everywhere=everywhere)
        if plan.empty:
            where = "memories or conversation turns" if everywhere else "memories"
            raise MemoryNotFoundError(
                f"no {where} of user {who!r} match {ref!r}; see 'ponder memory list --history'"
            )
        if not (as_json and yes):
            _show_plan(plan, to_stderr=as_json)
        if not yes:
            click.confirm("Delete these for good?", abort=True, err=True)
        receipt = store.execute_forget(plan)
    _print_receipt(receipt, as_json)


@memory.command(epilog="""\b
Examples:
  ponder memory clear
  ponder memory clear --yes --json
""")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@memory_options
def clear(yes: bool, user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Delete every memory and conversation of this user (other users are untouched).

    Settings and the deny list are kept.
    """
    who = resolve_user(user)
    with open_store(library_dir) as store:
        if not yes:
            click.confirm(f"Delete every memory and conversation of user {who!r}?",
                          abort=True, err=True)
        receipt = store.clear(who)
    _print_receipt(receipt, as_json)


@memory.command(epilog="""\b
Examples:
  ponder memory export > memories.json
  ponder memory export --format markdown
""")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json",
              show_default=True)
@memory_options
def export(fmt: str, user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Print every memory (with history and provenance) and the deny list.

    Works even while memory is off.
    """
    who = resolve_user(user)
    with open_store(library_dir) as store:
        if fmt == "markdown" and not as_json:
            click.echo(store.export_markdown(who), nl=False)
            return
        print_json(store.export(who))


@memory.command(name="import", epilog="""\b
Examples:
  ponder memory import memories.json
  ponder memory import memories.json --user ann --json
""")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@memory_options
def import_(file: Path, user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Import a file written by 'ponder memory export' into this user's memory."""
    who = resolve_user(user)
    data = _read_export(file)
    with open_store(library_dir, embed=True) as store:
        try:
            summary = store.import_(who, data)
        except MemoryImportError as e:
            raise MemoryImportError(f"{file}: {e}") from e
    warning = foreign_owner_warning(data, who)  # once the file proved to be an export
    if warning:
        click.echo(f"Warning: {file}: {warning}", err=True)
    if as_json:
        print_json({**summary.to_json(), "warning": warning})
        return
    _plain(f"Imported into {who}: {summary.added} added, {summary.history} history, "
           f"{summary.duplicates} already there, {summary.denied} refused by deny list.")


def _read_export(file: Path) -> object:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise MemoryImportError(f"{file}: not UTF-8 text ({e.reason})") from e
    except json.JSONDecodeError as e:
        raise MemoryImportError(
            f"{file}: not JSON (line {e.lineno}: {e.msg}); give a 'ponder memory export' file"
        ) from e
    except OSError as e:
        raise MemoryImportError(f"{file}: cannot read ({e.strerror})") from e


def _switch(on: bool, user: str | None, library_dir: Path | None, as_json: bool) -> None:
    who = resolve_user(user)
    with open_store(library_dir) as store:
        store.set_enabled(who, on)
    if as_json:
        print_json({"user": who, "memory_enabled": on})
    elif on:
        console().print(f"Memory is on for {who}.", markup=False)
    else:
        console().print(f"Memory is off for {who}: nothing is used in answers or stored until "
                        "'ponder memory on'. Stored memories stay, and 'ponder memory list', "
                        "'export', 'forget' and 'clear' still work.", markup=False)


@memory.command(epilog="""\b
Example:
  ponder memory off
""")
@memory_options
def off(user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Stop using memory in answers and storing new memories for this user.

    What is stored stays visible: list, export, forget and clear still work.
    """
    _switch(False, user, library_dir, as_json)


@memory.command(epilog="""\b
Example:
  ponder memory on
""")
@memory_options
def on(user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Use memory in answers and store new memories for this user again."""
    _switch(True, user, library_dir, as_json)


@memory.command(epilog="""\b
Examples:
  ponder memory learn on
  ponder memory learn off
""")
@click.argument("state", type=click.Choice(["on", "off"]))
@memory_options
def learn(state: str, user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Let Ponder propose memories from your conversations (on), or not (off)."""
    who = resolve_user(user)
    with open_store(library_dir) as store:
        store.set_learning(who, state == "on")
    if as_json:
        print_json({"user": who, "learning_enabled": state == "on"})
    else:
        console().print(f"Learning is {state} for {who}.", markup=False)


@memory.command(epilog="""\b
Examples:
  ponder memory status
  ponder memory status --json
""")
@memory_options
def status(user: str | None, library_dir: Path | None, as_json: bool) -> None:
    """Show whether memory and learning are on, and what is stored."""
    who = resolve_user(user)
    with open_store(library_dir) as store:
        data = store.status(who)
    if as_json:
        print_json(data)
        return
    out = console()
    out.print(f"user {who}: memory {'on' if data['memory_enabled'] else 'off'}, "
              f"learning {'on' if data['learning_enabled'] else 'off'}, "
              f"{data['deny_patterns']} deny patterns", markup=False)
    if "saved" in data:
        out.print(f"  {data['saved']} saved, {data['inferred']} inferred, {data['history']} in "
                  f"history, {data['reminders_due']} reminders due, {data['conversations']} "
                  f"conversations ({data['turns']} turns)", markup=False)


@memory.command(epilog="""\b
Examples:
  ponder memory deny "health"            a topic: also medication, 血压, doctor …
  ponder memory deny "lisinopril"        never store anything mentioning it
  ponder memory deny "pass*"             * matches the rest of a word
  ponder memory deny --list
  ponder memory deny --remove health
""")
@click.argument("pattern", required=False)
@click.option("--list", "show", is_flag=True, help="Show the deny list.")
@click.option("--remove", is_flag=True, help="Take PATTERN off the deny list.")
@memory_options
def deny(pattern: str | None, show: bool, remove: bool, user: str | None,
         library_dir: Path | None, as_json: bool) -> None:
    """Never remember anything matching PATTERN.

    Memories that already match are forgotten, and the pattern's words are
    withheld in stored conversation turns. Letters and digits match whole words
    (a final -s, -es, -ed or -ing allowed), case and script folded; * matches the
    rest of a word. Chinese terms match anywhere, with or without spaces.

    A PATTERN that names a topic also matches that topic's words, in English and
    Chinese: health/健康, money/钱, religion/宗教, politics/政治, family/家庭 (or
    "my health", "finances", "家人" …). With "health" denied, "my blood pressure
    medication is lisinopril" is not stored, nor is "我的降压药是氨氯地平"; in stored
    turns, each sentence on the topic is withheld whole.
    """
    who = resolve_user(user)
    if not show and not pattern:
        raise click.UsageError("give a PATTERN, or --list to see the deny list")
    with open_store(library_dir) as store:
        if show:
            _print_deny_list(store, who, as_json)
        elif remove:
            removed = store.undeny(who, cast(str, pattern))
            _say({"user": who, "removed": removed, "pattern": pattern}, as_json,
                 f"{'removed' if removed else 'was not on the list'}: {pattern}")
        else:
            receipt = store.deny(who, cast(str, pattern))
            _say({"user": who, "pattern": pattern, "forgot": receipt.to_json()}, as_json,
                 f"Will never remember {pattern!r} for {who}; forgot "
                 f"{count(receipt.memory_rows, 'existing memory', 'existing memories')} that "
                 f"matched and withheld it in "
                 f"{count(receipt.turns_redacted, 'stored conversation turn')}.")


def _print_deny_list(store: MemoryStore, who: str, as_json: bool) -> None:
    items = store.deny_list(who)
    if as_json:
        print_json([{"pattern": d.pattern, "created_at": d.created_at} for d in items])
    elif not items:
        console().print(f"The deny list of {who} is empty.", markup=False)
    else:
        for d in items:
            console().print(f"{d.pattern}    (since {d.created_at[:16]})", markup=False)


def _say(data: dict[str, object], as_json: bool, text: str) -> None:
    if as_json:
        print_json(data)
    else:
        console().print(text, markup=False)


@memory.command(epilog="""\b
Examples:
  ponder memory review                   keep or drop each inferred memory
  ponder memory review --keep-all        scripts: keep every one (they become saved)
  ponder memory review --drop-all
""")
@click.option("--keep-all", is_flag=True, help="Keep every inferred memory (promote to saved).")
@click.option("--drop-all", is_flag=True, help="Forget every inferred memory.")
@memory_options
def review(keep_all: bool, drop_all: bool, user: str | None, library_dir: Path | None,
           as_json: bool) -> None:
    """Review what Ponder inferred: keep (it becomes saved) or drop each one."""
    if keep_all and drop_all:
        raise click.UsageError("give --keep-all or --drop-all, not both")
    who = resolve_user(user)
    with open_store(library_dir, create=False) as store:
        waiting = store.inferred(who)
        if not waiting:
            _say({"user": who, "kept": [], "dropped": [], "receipt": None}, as_json,
                 f"nothing to review: no inferred memories of {who}")
            return
        if not (keep_all or drop_all) and not sys.stdin.isatty():
            raise click.UsageError(
                "review asks about each memory; in scripts use --keep-all or --drop-all"
            )
        every = "keep" if keep_all else "drop" if drop_all else None
        kept, dropped = _review(store, who, waiting, every)
        receipt = store.forget(who, [m.id for m in dropped]) if dropped else None
    if as_json:
        print_json({"user": who, "kept": [m.id for m in kept], "dropped": [m.id for m in dropped],
                    "receipt": receipt.to_json() if receipt else None})
        return
    _plain(f"kept {len(kept)}, dropped "
           f"{count(len(dropped), 'inferred memory', 'inferred memories')} of {who}")


def _review(store: MemoryStore, who: str, waiting: Sequence[Memory],
            every: str | None) -> tuple[list[Memory], list[Memory]]:
    kept: list[Memory] = []
    dropped: list[Memory] = []
    for m in waiting:
        choice = every
        if choice is None:
            console().print(memory_table([m]))
            choice = click.prompt("keep, drop or skip?", default="skip", err=True,
                                  type=click.Choice(["keep", "drop", "skip"]))
        if choice == "keep":
            kept.append(store.promote(who, m.id))
        elif choice == "drop":
            dropped.append(m)
    return kept, dropped


@memory.command(epilog="""\b
Examples:
  ponder memory recall "what language should answers be in"
  ponder memory recall "my daughter" --budget 100 --json
""")
@click.argument("query")
@click.option("--budget", type=click.IntRange(1), default=256, show_default=True,
              help="Token budget for what is recalled.")
@memory_options
def recall(query: str, budget: int, user: str | None, library_dir: Path | None,
           as_json: bool) -> None:
    """Show what would be recalled for QUERY when answering (saved first, within the budget)."""
    who = resolve_user(user)
    with open_store(library_dir, embed=True) as store:
        if not store.enabled(who):
            err_console().print(f"memory is off for {who}: nothing is recalled", markup=False)
        found = store.recall(who, query, budget)
    if as_json:
        print_json([r.to_json() for r in found])
        return
    for r in found:
        ranks = f"words #{r.lexical_rank or '-'}, meaning #{r.dense_rank or '-'}"
        m = r.memory
        why = "always" if r.always else ranks
        console().print(f"#{m.id} ({m.kind}, {m.tier}) {m.text}  ({why})", markup=False)


COMMANDS = [memory]
