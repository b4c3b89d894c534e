"""Run ``ponder`` with the memory group registered (until cli/main.py wires it in).

Tests call ``ponder_command()``: ``python -m ponder`` once ``memory`` is a registered
verb group, this script before that. Both run the real entry point in a new process.
"""

from __future__ import annotations

import sys
from pathlib import Path


def ponder_command() -> list[str]:
    from ponder.cli.main import cli

    if "memory" in cli.commands:
        return [sys.executable, "-m", "ponder"]
    return [sys.executable, str(Path(__file__).resolve())]


if __name__ == "__main__":
    from ponder.cli.main import cli, main
    from ponder.cli.memory_cmds import COMMANDS

    for command in COMMANDS:
        if command.name not in cli.commands:
            cli.add_command(command)
    main()
