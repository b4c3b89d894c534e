"""Issue 9, defect 4: a writer that must wait for another's transaction says so and never
prints a traceback; one that cannot get the lock at all gives up with a clear error.

The lock is held by this test (a real second connection in ``BEGIN IMMEDIATE``) and
released when the waiting process has said it is waiting: behaviour, not timing.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ponder.store import Library

PONDER = [sys.executable, "-m", "ponder"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    location = tmp_path / "lib"
    Library.open(location).close()
    return location


def held(location: Path) -> sqlite3.Connection:
    """A connection holding the library's write lock until it commits."""
    db = sqlite3.connect(location / "library.sqlite", isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    return db


def lines_until(stream: object, needle: str) -> list[str]:
    seen: list[str] = []
    assert hasattr(stream, "readline")
    while line := stream.readline():
        seen.append(line)
        if needle in line:
            break
    return seen


def test_a_waiting_writer_says_so_then_succeeds(library: Path) -> None:
    lock = held(library)
    env = {**os.environ, "PONDER_MEMORY_EMBED": "off"}
    proc = subprocess.Popen(
        [*PONDER, "--library", str(library), "memory", "add", "I like green tea",
         "--user", "alice"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        said = lines_until(proc.stderr, "Waiting")
        assert said and "Waiting" in said[-1], "".join(said)
        assert "another process is writing" in said[-1] and str(library) in said[-1]
    finally:
        lock.execute("COMMIT")
        lock.close()
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "locked" not in err
    with Library.open(library) as lib:
        rows = lib.db.execute("SELECT text FROM memories WHERE user = 'alice'").fetchall()
    assert rows == [("I like green tea",)]


GIVE_UP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ponder.errors import LibraryBusyError
    from ponder.store.library import Library, Waiting
    said = []
    lib = Library.open(Path(sys.argv[1]), waiting=Waiting(0.2, 1.0, said.append))
    try:
        with lib.transaction() as db:
            db.execute("INSERT INTO deny_list VALUES ('bob', 'x', 'now')")
    except LibraryBusyError as e:
        print("waited:", said)
        print("busy:", e)
    """
)


def test_a_writer_that_never_gets_the_lock_gives_up_clearly(library: Path) -> None:
    lock = held(library)
    try:
        ran = subprocess.run([sys.executable, "-c", GIVE_UP, str(library)],
                             capture_output=True, text=True, timeout=120)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert ran.returncode == 0, ran.stderr
    assert "waited: [" in ran.stdout and "waiting for it to finish" in ran.stdout
    assert "busy:" in ran.stdout and "nothing was changed" in ran.stdout
    assert str(library) in ran.stdout
    with Library.open(library) as lib:
        assert lib.db.execute("SELECT COUNT(*) FROM deny_list").fetchone()[0] == 0
