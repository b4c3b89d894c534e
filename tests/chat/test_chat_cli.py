"""``ponder chat`` on a terminal (a real pseudo-terminal, in its own process) and its help."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

from memory.memory_helpers import tree_hits

from .chat_helpers import base_env, ponder, run


def on_terminal(lines: list[str], *args: str, library: Path, seconds: float = 60,
                env: dict[str, str] | None = None) -> str:
    """Run ``ponder chat`` with a pseudo-terminal as its terminal; type ``lines``."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*ponder(), "--library", str(library), "chat", *args],
        stdin=slave, stdout=slave, stderr=slave, env=base_env(TERM="dumb", **(env or {})),
        close_fds=True,
    )
    os.close(slave)
    out = b""
    pending = [f"{line}\n".encode() for line in lines]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        prompts = out.count(b"you> ") + out.count(b"[y/N]: ")
        if pending and prompts > len(lines) - len(pending):
            os.write(master, pending.pop(0))
        if proc.poll() is not None and not ready:
            break
    proc.wait(timeout=10)
    os.close(master)
    return out.decode("utf-8", "replace")


def test_interactive_session_keeps_history_per_user(lib: Path) -> None:
    shown = on_terminal(["hi", "remember that my editor is Li Wei", "/exit"], "--user", "ann",
                        library=lib)
    assert "Ponder chat — user ann" in shown and "Hello!" in shown
    assert "Remembered (#1): My editor is Li Wei." in shown
    history = lib / "chat-history" / "ann"
    assert history.exists() and "remember that my editor is Li Wei" in history.read_text()
    on_terminal(["hi", "/exit"], "--user", "bob", "--incognito", library=lib)
    assert not (lib / "chat-history" / "bob").exists()


def test_forget_on_a_terminal_erases_the_prompt_history(lib: Path) -> None:
    """Issue 8, defect 1: the lines typed are kept per user, and forget reaches them too."""
    on_terminal(["remember that my blood pressure medication is lisinopril",
                 "remember that I prefer short answers", "forget lisinopril", "y", "/exit"],
                "--user", "dana", library=lib)
    history = lib / "chat-history" / "dana"
    assert history.read_text(encoding="utf-8").splitlines() == [
        "remember that I prefer short answers"]
    assert not any(k.startswith("chat-history") for k in tree_hits(lib, "lisinopril"))
    run("memory", "clear", "--yes", "--user", "dana", library=lib)
    assert not history.exists() and tree_hits(lib, "short answers") == {}


def test_no_prompt_history_while_off_or_turned_off(lib: Path) -> None:
    run("memory", "off", "--user", "ann", library=lib)
    on_terminal(["hi there", "/exit"], "--user", "ann", library=lib)
    assert tree_hits(lib, "hi there") == {}  # memory off: no turn, no prompt history
    on_terminal(["hello again", "/exit"], "--user", "bob", library=lib,
                env={"PONDER_CHAT_HISTORY": "false"})
    assert not (lib / "chat-history").exists()


def test_interactive_forget_asks_first(lib: Path) -> None:
    run("memory", "add", "My locker code is 4512", "--user", "ann", library=lib)
    shown = on_terminal(["forget my locker code", "n", "/exit"], "--user", "ann", library=lib)
    assert "memory #1 (fact, saved): My locker code is 4512" in shown
    assert "Delete these for good?" in shown and "Nothing was deleted." in shown


def test_help_with_examples(tmp_path: Path) -> None:
    result = run("chat", "--help", library=tmp_path / "lib")
    assert result.returncode == 0, result.stderr
    for needed in ("Examples:", "--user", "--json", "--incognito", "--yes", "--library"):
        assert needed in result.stdout
