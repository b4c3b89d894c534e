"""Entry point: the command group, and the one place errors become messages."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import click

from .. import __version__
from ..config import config_path, read_toml, unknown_environment, unknown_settings
from ..errors import ConfigError, PonderError, SettingError
from . import (
    ask_cmds,
    chat_cmds,
    eval_cmds,
    library_cmds,
    memory_cmds,
    model_cmds,
    research_cmds,
    search_cmds,
)

EPILOG = """\b
Examples:
  ponder add ~/papers notes.md        add files and folders
  ponder search "compute currency"     find passages
  ponder sources                       list what is in the library
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--library",
    "library_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Library directory for every command (or set PONDER_LIBRARY).",
)
@click.version_option(__version__, prog_name="ponder")
def cli(library_dir: Path | None) -> None:
    """Ponder: a local-first research assistant for your own documents.

    Add files and folders to a library, then search them by words and by
    meaning, across Chinese and English, simplified and traditional script;
    ask questions and get answers whose every sentence is checked against the
    passage it cites. Nothing leaves this machine unless you configure a
    remote model server.
    """
    _warn_unknown_settings()


def _warn_unknown_settings() -> None:
    """Name each config-file key Ponder does not know, and each PONDER_* variable spelt
    like a setting it is not, once per run, with the closest known."""
    path = config_path()
    try:
        file = read_toml(path)
    except ConfigError:
        file = {}  # the command that reads settings reports it
    for warning in [*unknown_settings(file, path), *unknown_environment(os.environ)]:
        click.echo(f"Warning: {warning}", err=True)


for command in (
    *library_cmds.COMMANDS,
    *search_cmds.COMMANDS,
    *ask_cmds.COMMANDS,
    *model_cmds.COMMANDS,
    *eval_cmds.COMMANDS,
    *memory_cmds.COMMANDS,
    *chat_cmds.COMMANDS,
    *research_cmds.COMMANDS,
):
    cli.add_command(command)


def main() -> None:
    """Run the CLI; known errors print one line and exit 1 (misuse, a bad option or setting
    value, exits 2)."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except SettingError as e:  # a bad setting value is misuse, as a bad option is
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    except PonderError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(1)
    except sqlite3.OperationalError as e:
        if "locked" not in str(e) and "busy" not in str(e):
            raise
        # a lock met outside the store's waiting (which raises LibraryBusyError): one line
        click.echo(f"Error: the library is busy ({e}): another process is writing to it; "
                   "nothing was lost — try again when it has finished", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
