"""Issue 9, defect 5 and the read-only concern: Ponder knows its own libraries.

A library carries Ponder's mark (``PRAGMA application_id`` and the schema version in
``user_version``). Any other file is refused untouched; a read command never creates a
library; a library Ponder may not write to can still be read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.errors import LibraryError, NotALibraryError
from ponder.store import Library
from ponder.store.library import APPLICATION_ID
from ponder.store.migrations import MIGRATIONS

from ponder_cli import invoke

READ_COMMANDS = [
    ["search", "hello"],
    ["ask", "what is hello?", "--backend", "extractive"],
    ["sources"],
    ["memory", "list"],
    ["memory", "status"],
    ["check"],
]


@pytest.fixture(autouse=True)
def lexical_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memories without vectors: these tests are about files, not recall."""
    monkeypatch.setenv("PONDER_MEMORY_EMBED", "off")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def header_ids(path: Path) -> tuple[int, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (int(db.execute("PRAGMA application_id").fetchone()[0]),
                int(db.execute("PRAGMA user_version").fetchone()[0]))
    finally:
        db.close()


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """Another program's SQLite database, in rollback-journal mode."""
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);"
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, user INTEGER, total REAL);"
        "INSERT INTO users (name) VALUES ('hello');"
    )
    db.close()
    return path


@pytest.fixture
def small_library(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("Hello world. The library keeps notes about hello.\n")
    location = tmp_path / "lib"
    ran = invoke("--library", location, "add", "--no-embed", tmp_path / "notes.txt")
    assert ran.returncode == 0, ran.stderr
    return location


def test_a_new_library_carries_the_mark(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    assert header_ids(tmp_path / "library.sqlite") == (APPLICATION_ID, len(MIGRATIONS))


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["add", "--no-embed", "NOTES"],
                                     ["memory", "add", "I like tea", "--user", "alice"]])
def test_a_foreign_database_is_refused_untouched(
    foreign: Path, tmp_path: Path, command: list[str]
) -> None:
    before = digest(foreign)
    notes = tmp_path / "notes.txt"
    notes.write_text("Hello there.\n")
    args = [str(notes) if a == "NOTES" else a for a in command]
    ran = invoke("--library", foreign, *args)
    assert ran.returncode == 1
    assert f"{foreign}: not a Ponder library" in ran.stderr
    assert "left it untouched" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert digest(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "other.sqlite"]
    db = sqlite3.connect(foreign)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some bytes, not a database\n" * 50)
    before = digest(path)
    with pytest.raises(LibraryError, match="not an SQLite database") as err:
        Library.open(path)
    assert str(path) in str(err.value)
    assert digest(path) == before


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_a_read_command_never_creates_a_library(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "mistyped" / "library"
    ran = invoke("--library", missing, *command)
    assert ran.returncode == 1
    assert "no library here" in ran.stderr and str(missing) in ran.stderr
    assert "Traceback" not in ran.stderr
    assert not (tmp_path / "mistyped").exists()


def test_a_read_command_on_the_default_location_creates_nothing(
    isolated_state: Path,
) -> None:
    ran = invoke("memory", "list")
    assert ran.returncode == 1
    assert "no library here" in ran.stderr
    assert not (isolated_state / "library").exists()


def test_an_unmarked_ponder_library_opens_and_is_marked_on_first_write(
    small_library: Path,
) -> None:
    file = small_library / "library.sqlite"
    db = sqlite3.connect(file)
    db.execute("PRAGMA application_id = 0")  # as written by Ponder before the mark
    db.close()
    ran = invoke("--library", small_library, "search", "hello")
    assert ran.returncode == 0, ran.stderr
    assert "notes.txt" in ran.stdout
    assert header_ids(file)[0] == 0  # reading does not write
    ran = invoke("--library", small_library, "memory", "add", "I like tea", "--user", "alice")
    assert ran.returncode == 0, ran.stderr
    assert header_ids(file) == (APPLICATION_ID, len(MIGRATIONS))


def test_a_library_with_a_foreign_application_id_is_refused(small_library: Path) -> None:
    file = small_library / "library.sqlite"
    db = sqlite3.connect(file)
    db.execute("PRAGMA application_id = 1234")
    db.close()
    with pytest.raises(NotALibraryError, match="not a Ponder library"):
        Library.open(small_library, create=False)


# ---- read-only ------------------------------------------------------------------------


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    """A folder another (unprivileged) user can read: pytest's own tmp_path is private."""
    top = Path(tempfile.mkdtemp(prefix="ponder-ro-"))
    top.chmod(0o755)
    yield top
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            (Path(root) / name).chmod(0o755)
    shutil.rmtree(top)


def as_unprivileged(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``ponder ARGS`` as a user to whom file modes apply (root ignores them)."""
    env = {**os.environ, "PONDER_CONFIG": str(home / "config.toml"),
           "XDG_DATA_HOME": str(home / "data"), "HOME": str(home),
           "PONDER_CACHE_DIR": str(home / "cache")}
    env.pop("PONDER_LIBRARY", None)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make file modes apply")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run([*prefix, sys.executable, "-m", "ponder", *args], env=env,
                          capture_output=True, text=True, timeout=300, cwd=home)


def test_a_read_only_library_can_be_read(world_readable_dir: Path) -> None:
    notes = world_readable_dir / "notes.txt"
    notes.write_text("Hello world. The library keeps notes about hello.\n")
    location = world_readable_dir / "lib"
    assert invoke("--library", location, "add", "--no-embed", notes).returncode == 0
    ran = invoke("--library", location, "memory", "add", "I like tea", "--user", "alice")
    assert ran.returncode == 0
    home = world_readable_dir / "home"
    home.mkdir(mode=0o777)
    home.chmod(0o777)
    for path in location.iterdir():
        path.chmod(0o444)
    location.chmod(0o555)
    before = {p.name: digest(p) for p in location.iterdir()}
    for command in (["search", "hello"], ["sources"], ["memory", "list", "--user", "alice"],
                    ["check"], ["ask", "what does the library keep?", "--backend", "extractive"]):
        ran = as_unprivileged(["--library", str(location), *command], home)
        assert ran.returncode == 0, (command, ran.stderr)
        assert "Traceback" not in ran.stderr
    ran = as_unprivileged(["--library", str(location), "search", "hello"], home)
    assert "notes.txt" in ran.stdout
    ran = as_unprivileged(["--library", str(location), "memory", "list", "--user", "alice"],
                          home)
    assert "I like tea" in ran.stdout
    ran = as_unprivileged(["--library", str(location), "memory", "add", "I like coffee",
                           "--user", "alice"], home)
    assert ran.returncode == 1
    assert "read-only" in ran.stderr and "Traceback" not in ran.stderr
    assert {p.name: digest(p) for p in location.iterdir()} == before
