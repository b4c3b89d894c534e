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


#: the help option's names as the real entry point gives them
HELP_NAMES = cli.context_settings.get("help_option_names", ["--help"])


def _uncached(command: click.Command) -> click.Command:
    """Click keeps a command's help option from the first context that asked for it (a
    test may have run the command alone); drop it so the help shows the real names."""
    if hasattr(command, "_help_option"):
        command._help_option = None
    return command


def help_text(path: str, command: click.Command) -> str:
    command = _uncached(command)
    parent = click.Context(
        cli, info_name="ponder", terminal_width=WIDTH, help_option_names=HELP_NAMES
    )
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
            else _uncached(cli).get_help(
                click.Context(
                    cli, info_name="ponder", terminal_width=WIDTH, max_content_width=WIDTH,
                    help_option_names=HELP_NAMES,
                )
            )
        )
        parts.append(f"## `{path}`\n\n```\n{body.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
