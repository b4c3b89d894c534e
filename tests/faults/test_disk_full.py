"""Disk full and I/O errors (issue 9).

Two ways to run out of room, both on real processes and real SQLite files:

- a file-size limit (``RLIMIT_FSIZE``, what ``ulimit -f`` sets) in the ``ponder`` child
  process: a write past it fails with EFBIG, which SQLite reports as an I/O error or as
  "database or disk is full". Works for any user.
- a small tmpfs, when this user may mount one (root, as on CI here): writes fail with
  ENOSPC -- the disk really is full -- and the file system is then enlarged in place to
  show that the next run recovers.

Whatever the point of failure: ``ponder check`` passes afterwards, nothing is half-written
(each document whole or absent; a memory import all or nothing), and running the command
again with room converges to the library a clean run makes. The message a user sees is one
clear line (no traceback) saying the disk is full.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.store.library import library_file

from .library_state import State, snapshot
from .suite import FIGURES
from corpus import altman_files
from ponder_cli import invoke

ENV = {"PONDER_NOW": "2026-01-05T10:00:00+00:00", "PONDER_MEMORY_EMBED": "off",
       "COLUMNS": "200"}
#: file-size limits, as fractions of the size of the library a clean run makes
FRACTIONS = (0.02, 0.1, 0.3, 0.6, 0.9)
#: words of a message that says where the trouble is: the disk
DISK = ("disk", "no space", "file too large", "file size limit")


def ponder_limited(*args: str | Path, limit: int | None = None,
                   env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m ponder ARGS`` in a new process whose files may not grow past ``limit``."""

    def preexec() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    full = {**os.environ, **ENV, **(env or {})}
    return subprocess.run([sys.executable, "-m", "ponder", *map(str, args)], text=True,
                          capture_output=True, env=full, preexec_fn=preexec, timeout=600)


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small real transcripts (copies outside the repo)."""
    folder = tmp_path_factory.mktemp("disk-full-docs")
    for source in altman_files()[:1] + altman_files()[3:5]:
        shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture(scope="module")
def clean(docs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[State, int]:
    """What a clean ``add`` of ``docs`` makes, and the size of its library file."""
    lib = tmp_path_factory.mktemp("disk-full-clean")
    ran = invoke("--library", lib, "add", "--no-embed", docs, env=ENV)
    assert ran.returncode == 0, ran.stderr
    return snapshot(lib), library_file(lib).stat().st_size


def _unclear(ran: subprocess.CompletedProcess[str], lib: Path) -> str | None:
    """Why the message of a run that ran out of room is not one clear line naming the
    library and the disk (None: it is)."""
    said = " ".join(ran.stderr.split())
    if ran.returncode != 1 or "Traceback" in said:
        return f"exit {ran.returncode}: {said[-300:]}"
    reason = said.replace(str(lib), "LIBRARY")  # the tmp path holds the test's name
    if "LIBRARY" not in reason or not any(word in reason.lower() for word in DISK):
        return reason
    return None


def _sound_and_recovers(lib: Path, docs: Path, clean: State) -> None:
    """``ponder check`` passes; each document is whole or absent; adding again with room
    gives the library a clean run gives."""
    check = invoke("--library", lib, "check", env=ENV)
    if check.returncode:  # out of room before the library existed: nothing may be stored
        assert "no library here" in check.stderr, check.stderr
        assert not any(snapshot(lib).rows.values())
    left = snapshot(lib, visible=True)
    for name in ("document text", "passages", "repairs", "dates"):
        for path in {str(r[0]) for r in left.rows.get(name, [])}:
            mine = [r for r in left.rows[name] if r[0] == path]
            assert mine == [r for r in clean.rows[name] if r[0] == path], f"{path}: {name}"
    again = invoke("--library", lib, "add", "--no-embed", docs, env=ENV)
    assert again.returncode == 0, again.stderr
    lost = snapshot(lib).differences(clean)
    assert not lost, lost


@pytest.mark.parametrize("fraction", [
    pytest.param(f, marks=[] if f in (0.1, 0.6) else [pytest.mark.slow]) for f in FRACTIONS
])
def test_add_out_of_room_leaves_a_sound_library_that_recovers(
    fraction: float, docs: Path, clean: tuple[State, int], tmp_path: Path
) -> None:
    state, size = clean
    limit = max(4096, int(size * fraction))
    ran = ponder_limited("--library", tmp_path / "lib", "add", "--no-embed", docs, limit=limit)
    FIGURES["disk-full points"] += 1
    assert ran.returncode != 0, f"a {limit}-byte limit was enough: {ran.stdout}"
    _sound_and_recovers(tmp_path / "lib", docs, state)


@pytest.mark.slow
def test_out_of_room_says_so_in_one_line(
    docs: Path, clean: tuple[State, int], export_file: Path, tmp_path: Path
) -> None:
    unclear = {}
    for fraction in FRACTIONS:
        lib = tmp_path / f"lib-{fraction}"
        limit = max(4096, int(clean[1] * fraction))
        ran = ponder_limited("--library", lib, "add", "--no-embed", docs, limit=limit)
        unclear[f"add, {limit} bytes"] = _unclear(ran, library_file(lib))
    lib = tmp_path / "memories"
    invoke("--library", lib, "add", "--no-embed", docs, env=ENV)
    ran = ponder_limited("--library", lib, "memory", "--user", "ann", "import", export_file,
                         limit=8192)
    unclear["memory import, 8192 bytes"] = _unclear(ran, library_file(lib))
    assert not any(unclear.values()), unclear


@pytest.fixture(scope="module")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A memory export of one user (real export, from a real library)."""
    root = tmp_path_factory.mktemp("disk-full-export")
    for text in ("I like tea", "My sister lives in Taipei", "I prefer short answers"):
        ran = invoke("--library", root / "lib", "memory", "--user", "carol", "add", text, env=ENV)
        assert ran.returncode == 0, ran.stderr
    export = invoke("--library", root / "lib", "memory", "--user", "carol", "export", env=ENV)
    (root / "export.json").write_text(export.stdout, encoding="utf-8")
    return root / "export.json"


MEMORY_COMMANDS = {
    "import": lambda export: ["import", str(export)],
    "forget": lambda export: ["forget", "tea", "--yes"],
    "clear": lambda export: ["clear", "--yes"],
}


@pytest.mark.parametrize("command", list(MEMORY_COMMANDS))
def test_memory_command_out_of_room_is_all_or_nothing(
    command: str, docs: Path, export_file: Path, tmp_path: Path
) -> None:
    """A memory import, forget or clear in a library with documents and memories, its new
    pages (in the write-ahead log) capped at a few KiB: it fails whole, and succeeds whole
    with room, as a clean run does."""
    start = tmp_path / "start"
    invoke("--library", start, "add", "--no-embed", docs, env=ENV)
    for text in ("I like green tea", "My sister lives in Taipei", "Tea after five"):
        invoke("--library", start, "memory", "--user", "ann", "add", text, env=ENV)
    argv = ["memory", "--user", "ann", *MEMORY_COMMANDS[command](export_file)]
    before = snapshot(start)
    shutil.copytree(start, tmp_path / "clean")
    assert invoke("--library", tmp_path / "clean", *argv, env=ENV).returncode == 0
    after = snapshot(tmp_path / "clean")
    failed = 0
    for limit in (4096, 8192, 16384, 32768):
        lib = tmp_path / f"lib-{limit}"
        shutil.copytree(start, lib)
        ran = ponder_limited("--library", lib, *argv, limit=limit)
        FIGURES["disk-full points"] += 1
        if ran.returncode == 0:
            assert not snapshot(lib).differences(after)
            continue
        failed += 1
        assert invoke("--library", lib, "check", env=ENV).returncode == 0
        assert not snapshot(lib).differences(before), f"half a {command} was stored"
        again = invoke("--library", lib, *argv, env=ENV)
        assert again.returncode == 0, again.stderr
        assert not snapshot(lib).differences(after)
    assert failed, f"every {command} fitted: the limits test nothing"


# ---- a full file system ----------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 640 KiB tmpfs at ``tmp_path/disk``, unmounted afterwards; skips where this user
    cannot mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here; the RLIMIT_FSIZE tests cover running out of room")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); the "
                    "RLIMIT_FSIZE tests cover running out of room")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def _enlarge(disk: Path) -> None:
    done = subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr


def test_add_on_a_full_disk_leaves_a_sound_library_that_recovers(
    small_disk: Path, docs: Path, clean: tuple[State, int]
) -> None:
    lib = small_disk / "lib"
    ran = ponder_limited("--library", lib, "add", "--no-embed", docs)
    FIGURES["disk-full points"] += 1
    assert ran.returncode != 0, "640 KiB was enough"
    _enlarge(small_disk)
    _sound_and_recovers(lib, docs, clean[0])


def test_add_on_a_full_disk_says_so(small_disk: Path, docs: Path) -> None:
    lib = small_disk / "lib"
    ran = ponder_limited("--library", lib, "add", "--no-embed", docs)
    assert _unclear(ran, library_file(lib)) is None
