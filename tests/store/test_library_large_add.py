"""Issue 9, defect 4: adding a large file does not hold the write lock for the whole file.

While ``ponder add`` reads a file of three chunks (2.3 million characters) in another
process, this test writes to the same library (a deny pattern, as ``ponder memory deny``
would) and reads it over and over. The write must go through while the add is still staging —
not after it — and every read sees the large document whole or not at all.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ponder.store import Library
from ponder.store.check import check_library
from synthetic_text import made_up_words, paragraphs

PONDER = [sys.executable, "-m", "ponder"]


def write_large_file(path: Path, chars: int = 2_300_000) -> None:
    rng = random.Random(9)
    path.write_text(paragraphs(rng, made_up_words(rng, 3000), chars))


def visible_passages(db: sqlite3.Connection, path: Path) -> int:
    row = db.execute("SELECT COUNT(*) FROM passages p JOIN documents d ON d.id = p.doc_id "
                     "WHERE d.path = ?", (str(path.resolve()),)).fetchone()
    return int(row[0])


def staging_rows(db: sqlite3.Connection) -> int:
    try:
        return int(db.execute("SELECT COUNT(*) FROM staging").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow  # about 30 s on two busy cores: the add reads three chunks
def test_a_writer_goes_through_while_a_large_file_is_added(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    write_large_file(big)
    location = tmp_path / "lib"
    Library.open(location).close()
    reader = sqlite3.connect(location / "library.sqlite", isolation_level=None)
    adding = subprocess.Popen([*PONDER, "--library", str(location), "add", "--no-embed",
                               "--json", str(big)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: set[int] = set()
    waited_for_staging = time.monotonic() + 60  # a bound on waiting, not an assertion
    while adding.poll() is None and not staging_rows(reader):
        seen.add(visible_passages(reader, big))
        assert time.monotonic() < waited_for_staging, "the add never started staging"
    with Library.open(location) as lib, lib.transaction() as db:
        db.execute("INSERT INTO deny_list VALUES ('alice', 'salary', '2026-01-01')")
    # the write is done, and the large file is still being staged: it did not wait for it
    assert adding.poll() is None
    assert staging_rows(reader) == 1
    assert visible_passages(reader, big) == 0
    while adding.poll() is None:
        seen.add(visible_passages(reader, big))
    _out, err = adding.communicate()
    assert adding.returncode == 0, err
    assert "Traceback" not in err
    final = visible_passages(reader, big)
    seen.add(final)
    assert final > 0 and seen <= {0, final}  # never half a file
    reader.close()
    with Library.open(location) as lib:
        assert check_library(lib) == []
        assert lib.db.execute("SELECT COUNT(*) FROM deny_list").fetchone()[0] == 1
        assert lib.db.execute("SELECT COUNT(*) FROM staged_passages").fetchone()[0] == 0
        (doc,) = lib.documents()
        assert doc.passages == final


def library_content(location: Path) -> list[tuple[object, ...]]:
    with Library.open(location, create=False) as lib:
        assert check_library(lib) == []
        return sorted(lib.db.execute(
            "SELECT d.path, d.content_hash, p.seq, p.start, p.end, p.text FROM passages p "
            "JOIN documents d ON d.id = p.doc_id").fetchall())


@pytest.mark.slow  # about 40 s on two busy cores: a killed add, its re-run and a clean add
def test_an_add_killed_while_staging_leaves_a_sound_library_and_converges(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.txt"
    write_large_file(big, chars=1_200_000)  # two chunks: staging starts after the first
    location = tmp_path / "lib"
    Library.open(location).close()
    reader = sqlite3.connect(location / "library.sqlite", isolation_level=None)
    adding = subprocess.Popen([*PONDER, "--library", str(location), "add", "--no-embed",
                               "--json", str(big)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waited_for_staging = time.monotonic() + 120  # a bound on waiting, not an assertion
    while adding.poll() is None and not reader.execute(
        "SELECT COUNT(*) FROM staged_passages").fetchone()[0]:
        assert time.monotonic() < waited_for_staging, "the add never started staging"
    adding.send_signal(signal.SIGKILL)
    adding.communicate()
    assert adding.returncode == -signal.SIGKILL
    reader.close()
    with Library.open(location, create=False) as lib:  # killed mid-file: nothing visible
        assert check_library(lib) == []
        assert lib.documents() == [] and lib.counts()["passages"] == 0
    rerun = subprocess.run([*PONDER, "--library", str(location), "add", "--no-embed", str(big)],
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    clean = tmp_path / "clean"
    done = subprocess.run([*PONDER, "--library", str(clean), "add", "--no-embed", str(big)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert library_content(location) == library_content(clean)
    with Library.open(location, create=False) as lib:  # the killed run's rows were swept
        for table in ("staging", "staged_passages", "retired_passages", "retired_documents"):
            assert lib.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
        fts = lib.db.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0]
        assert fts == lib.counts()["passages"]
