"""Runs ``ponder`` commands in child processes and SIGKILLs them at a chosen SQL statement.

Started once per test module (``python crash_zygote.py``): it imports Ponder and warms
its caches (dictionaries, converters), so each run is a cheap ``fork`` instead of a new
interpreter. It then reads one JSON request per line on stdin::

    {"argv": [...], "env": {...}, "kill_at": N or null, "out": "DIR"}

and forks a child that runs the real entry point (``ponder.cli.main``) with ``argv``.
Every SQLite connection the child opens is traced (``set_trace_callback``): the child
counts each statement SQLite starts, triggers' included, and at statement N kills itself
with SIGKILL before that statement runs -- so a kill falls between any two statements,
inside a transaction as well as between them. The child's stdin reads "y" (a command that
asks for confirmation gets it); its stdout and stderr go to files in DIR. The zygote then
answers one JSON line::

    {"killed": true|false, "code": exit code or null, "statements": statements started}
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main() -> None:
    from ponder.cli import main as ponder_main

    _warm()
    for line in sys.stdin:
        reply = run(json.loads(line), ponder_main)
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def _warm() -> None:
    """Load what every ``add`` loads, once, before forking."""
    from ponder.ingest.readers import default_registry
    from ponder.text.normalize import index_tokens
    from ponder.text.repair import repair

    default_registry()
    repair("測試 test ?nèi) cafÃ©")
    index_tokens("测试 a test 奥特曼")


def run(request: dict[str, Any], ponder_main: Callable[[], object]) -> dict[str, Any]:
    out = Path(request["out"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "statements").unlink(missing_ok=True)
    pid = os.fork()
    if pid == 0:
        _child(request, out, ponder_main)  # never returns
    _, status = os.waitpid(pid, 0)
    counted = out / "statements"
    statements = int(counted.read_text()) if counted.exists() else request["kill_at"]
    if os.WIFSIGNALED(status):
        killed = os.WTERMSIG(status) == signal.SIGKILL
        return {"killed": killed, "code": None, "statements": statements,
                "signal": os.WTERMSIG(status)}
    return {"killed": False, "code": os.WEXITSTATUS(status), "statements": statements}


class _Counter:
    """The trace callback: counts statements, kills the process at statement ``kill_at``."""

    def __init__(self, kill_at: int | None) -> None:
        self.kill_at = kill_at
        self.count = 0

    def __call__(self, statement: str) -> None:
        self.count += 1
        if self.count == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def _child(request: dict[str, Any], out: Path, ponder_main: Callable[[], object]) -> None:
    code = 70
    counter = _Counter(request.get("kill_at"))
    try:
        os.environ.update(request.get("env") or {})
        (out / "stdin").write_text("y\n" * 4)
        _redirect(out)
        real_connect = sqlite3.connect

        def traced_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            db = real_connect(*args, **kwargs)
            db.set_trace_callback(counter)
            return db

        sqlite3.connect = traced_connect  # type: ignore[assignment]
        sys.argv = ["ponder", *request["argv"]]
        try:
            ponder_main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            (out / "statements").write_text(str(counter.count))
        finally:
            os._exit(code)


def _redirect(out: Path) -> None:
    for fd, name, flags in ((0, "stdin", os.O_RDONLY),
                            (1, "stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, "stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        opened = os.open(out / name, flags, 0o644)
        os.dup2(opened, fd)
        os.close(opened)


if __name__ == "__main__":
    main()
