"""Run ``ponder`` as a user would: in-process through click's ``CliRunner`` (the default),
or in a new process for the few smoke tests that need one (a kill, a terminal, the
installed entry point).

Both go through the real entry point ``ponder.cli.main``, so errors become the same
one-line messages and exit codes (1 for known errors, 2 for misuse), and both return
``returncode``, ``stdout`` and ``stderr`` the way ``subprocess.run`` does. An unexpected
exception in-process is raised, not turned into an exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

PONDER = [sys.executable, "-m", "ponder"]


@dataclass(frozen=True)
class Ran:
    """What one in-process run printed and returned."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


class _EntryPoint(click.Command):
    """Hands ``CliRunner`` the real ``main()``, which turns errors into messages."""

    def main(  # type: ignore[override]  # only what CliRunner passes
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        from ponder.cli import main

        saved = sys.argv
        sys.argv = ["ponder", *(args or ())]
        try:
            return main()
        finally:
            sys.argv = saved


_ENTRY = _EntryPoint("ponder")


def invoke(*args: str | Path, input: str | None = None,
           env: Mapping[str, str | None] | None = None) -> Ran:
    """``ponder ARGS`` in this process; ``env`` entries set (``None``: unset) for the run."""
    argv = [str(a) for a in args]
    result = CliRunner(catch_exceptions=False).invoke(_ENTRY, argv, input=input, env=env)
    return Ran(argv, result.exit_code, result.stdout, result.stderr)


def run_process(*args: str | Path, input: str | None = None,
                env: Mapping[str, str | None] | None = None,
                timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python -m ponder ARGS`` in a new process; ``env`` as for :func:`invoke`."""
    full = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            full.pop(name, None)
        else:
            full[name] = value
    return subprocess.run([*PONDER, *map(str, args)], capture_output=True, text=True,
                          input=input, timeout=timeout, env=full)
