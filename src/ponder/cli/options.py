"""Options shared by every command (defined once), and output helpers."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from ..config import Settings
from ..store import Library
from ..store.library import Waiting

F = TypeVar("F", bound=Callable[..., Any])


def library_option(fn: F) -> F:
    return click.option(
        "--library",
        "library_dir",
        type=click.Path(path_type=Path, file_okay=True),
        default=None,
        help="Library directory (or .sqlite file). Default: $PONDER_LIBRARY, "
        "else a per-user data directory.",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(fn)


def check_backend(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--backend NAME``: a registered model backend or ``auto``, else a usage error (exit 2)."""
    if value is None:
        return None
    from .. import answer  # noqa: F401  # registers the model-less 'extractive' backend
    from ..llm import backend_names

    known = ["auto", *backend_names()]
    if value.strip().lower() not in known:
        raise click.BadParameter(f"{value!r} is not a model backend; choose one of: "
                                 f"{', '.join(known)} (see 'ponder models')")
    return value


def common(fn: F) -> F:
    return library_option(json_option(fn))


def settings(library_dir: Path | None) -> Settings:
    ctx = click.get_current_context()
    parent = ctx.find_root().params.get("library_dir")
    chosen = library_dir or parent
    return Settings.load({"library": str(chosen) if chosen else None})


#: Commands that may start a new library; every other command (a read) never creates
#: one, whatever its caller asks: a mistyped path is an error, not a new empty library.
CREATING_COMMANDS = frozenset({
    ("add",), ("memory", "add"), ("memory", "import"), ("memory", "on"), ("memory", "off"),
    ("memory", "learn"), ("memory", "deny"),
})


def open_library(library_dir: Path | None, *, create: bool = True) -> Library:
    """The chosen library; a writer that waits for another process's lock says so."""
    return Library.open(settings(library_dir).library_dir(),
                        create=create and _command_path() in CREATING_COMMANDS,
                        waiting=Waiting(on_wait=_say_waiting))


def _command_path() -> tuple[str, ...]:
    """The running command's names below the root group, e.g. ('memory', 'list')."""
    names: list[str] = []
    ctx: click.Context | None = click.get_current_context(silent=True)
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return tuple(reversed(names))


def _say_waiting(message: str) -> None:
    click.echo(f"Waiting: {message}", err=True)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def interactive() -> bool:
    return sys.stderr.isatty()


#: characters that would break a line or a terminal: controls, line and paragraph separators,
#: bidi overrides and other invisible format characters
_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def one_line(text: str) -> str:
    """``text`` for one line of human output: control and invisible characters escaped
    (``\\n``, ``\\x1b``, ``\\u202e``, a backslash as ``\\\\``). ``--json`` output keeps
    the text as it is."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in _UNPRINTABLE:
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def count(n: int, one: str, many: str | None = None) -> str:
    """``n`` with its noun: ``count(1, "memory", "memories")`` -> ``"1 memory"``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def printable(text: str) -> str:
    """:func:`one_line`, with Rich markup in it taken literally."""
    return escape(one_line(text))
