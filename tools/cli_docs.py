"""Write docs/cli.md from the commands' own --help (run: python tools/cli_docs.py).

tests/test_docs.py checks that docs/cli.md is up to date, so the reference
never drifts from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ponder.cli import cli

WIDTH = 88
OUT = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
    return found


def help_text(path: str, command: click.Command) -> str:
    parent = click.Context(cli, info_name="ponder", terminal_width=WIDTH)
    ctx = click.Context(
        command,
        info_name=path.removeprefix("ponder "),
        parent=parent,
        terminal_width=WIDTH,
        max_content_width=WIDTH,
    )
    return command.get_help(ctx)


def render() -> str:
    parts = [
        "# Command reference\n",
        "Generated from each command's `--help` by `python tools/cli_docs.py`; "
        "`tests/test_docs.py` fails when it is out of date.\n",
    ]
    for path, command in [("ponder", cli), *commands(cli, "ponder")]:
        body = (
            help_text(path, command)
            if path != "ponder"
            else cli.get_help(
                click.Context(
                    cli, info_name="ponder", terminal_width=WIDTH, max_content_width=WIDTH
                )
            )
        )
        parts.append(f"## `{path}`\n\n```\n{body.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
