"""Options shared by every command (defined once), and output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from ..config import Settings
from ..store import Library

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


def open_library(library_dir: Path | None, *, create: bool = True) -> Library:
    return Library.open(settings(library_dir).library_dir(), create=create)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def interactive() -> bool:
    return sys.stderr.isatty()
