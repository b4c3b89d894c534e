"""Write docs/cli.md from the commands' own --help, and docs/settings.md from the typed
settings schema ``KNOWN_SETTINGS`` (run: python tools/cli_docs.py).

tests/test_docs.py checks that both are up to date, so the reference
never drifts from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ponder.cli import cli
from ponder.config import ENVIRONMENT_ONLY, FALSE_WORDS, KNOWN_SETTINGS, TRUE_WORDS

WIDTH = 88
OUT = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
SETTINGS_OUT = OUT.with_name("settings.md")


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


def _default(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_settings() -> str:
    """docs/settings.md: one row per known setting, from the schema in ponder.config."""
    lines = [
        "# Settings\n",
        "Generated from `KNOWN_SETTINGS` in `src/ponder/config.py` by "
        "`python tools/cli_docs.py`; `tests/test_docs.py` fails when it is out of date.\n",
        "Each setting comes from a flag, then the environment variable, then the config file "
        "(`$PONDER_CONFIG`, default `~/.config/ponder/config.toml`; the key as below, or "
        "grouped in a table: `[model] backend = \"openai\"` is `model_backend`), then the "
        "default. A `bool` setting is one of "
        f"{', '.join(f'`{w}`' for w in TRUE_WORDS)} or "
        f"{', '.join(f'`{w}`' for w in FALSE_WORDS)}, in any case. A value a setting "
        "cannot take (another word for a `bool`, a number below its minimum, an unknown "
        "`model_backend`) is misuse, as a bad option is: one line naming the setting, the "
        "value, where it came from and what it can be, exit code 2. A config-file key not in "
        "this table draws a warning naming the closest; so does a `PONDER_*` variable spelt "
        "like a setting it is not.\n",
        "| Key | Environment variable | Type | Default | What it is |",
        "|---|---|---|---|---|",
    ]
    for name, spec in KNOWN_SETTINGS.items():
        kind = spec.kind if spec.minimum is None else f"{spec.kind} >= {spec.minimum:g}"
        lines.append(f"| `{name}` | `PONDER_{name.upper()}` | {kind} | "
                     f"{_default(spec.default)} | {spec.help} |")
    lines += ["", "Environment variables that are not settings (no config-file key):\n"]
    lines += [f"- `PONDER_{name.upper()}`: {what}" for name, what in ENVIRONMENT_ONLY.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    SETTINGS_OUT.write_text(render_settings(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT} and {SETTINGS_OUT}\n")
