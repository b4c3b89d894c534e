"""Concurrency: processes adding, removing, searching, remembering, forgetting and
importing against one library at once.

Nine processes run their fixed operations (see ``concurrency_worker.py``) against one
library together, three more run ``ponder`` commands against it meanwhile, and a reader
searches and lists throughout. Afterwards: no process printed a traceback or failed on a
lock, the reader never saw a document with only part of its passages, ``check`` passes,
and the library equals the one the same operations make run one after another.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ponder.store import Library
from ponder.store.check import check_library
from synthetic_text import made_up_words, paragraphs

from .concurrency_worker import IMPORTED, MEMORIES, run, write_export
from .suite import FIGURES

HERE = Path(__file__).parent
WORKERS = ["adder-0", "adder-1", "adder-2", "memory-0", "memory-1", "memory-2", "importer",
           "remover"]
CLI_RUNS = [["search", "kettle kitchen"], ["memory", "list", "--user", "u1"], ["sources"]]
STAGED_CHARS = 300_000  # one file above the in-place limit, so it is staged


def make_files(files: Path) -> None:
    rng = random.Random(4)
    words = made_up_words(rng, 800)
    for n in range(3):
        folder = files / f"adder-{n}"
        folder.mkdir(parents=True)
        for i in range(4):
            (folder / f"note-{i}.txt").write_text(paragraphs(rng, words, 3000))
    (files / "shared").mkdir()
    (files / "shared" / "common.md").write_text("# Common\n\n" + paragraphs(rng, words, 5000))
    (files / "adder-0" / "large.txt").write_text(paragraphs(rng, words, STAGED_CHARS))
    (files / "removed").mkdir()
    (files / "removed" / "gone.txt").write_text(paragraphs(rng, words, 2000))
    write_export(files / "scratch", files / "export.json")


def snapshot(location: Path) -> dict[str, object]:
    """What the library holds, without ids or times that differ from run to run."""
    with Library.open(location, create=False) as lib:
        problems = check_library(lib)
        docs = sorted((d.path, d.content_hash, d.passages, lib.document_text(d.id))
                      for d in lib.documents())
        db = lib.db
        passages = sorted(db.execute(
            "SELECT d.path, p.seq, p.start, p.end, p.text FROM passages p "
            "JOIN documents d ON d.id = p.doc_id").fetchall())
        memories = sorted(db.execute(
            "SELECT user, id, text, kind, tier, valid_to IS NULL FROM memories").fetchall())
        deny = sorted(db.execute("SELECT user, pattern FROM deny_list").fetchall())
        leftovers = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("staging", "staged_passages", "retired_passages",
                               "retired_documents")]
        fts = db.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0]
        memory_fts = db.execute("SELECT COUNT(*) FROM memories_fts").fetchone()[0]
    return {"problems": problems, "documents": docs, "passages": passages,
            "memories": memories, "deny": deny, "leftovers": leftovers, "fts": fts,
            "memory_fts": memory_fts}


@pytest.fixture(autouse=True)
def lexical_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PONDER_MEMORY_EMBED", "off")


@pytest.mark.slow  # about 40 s on two busy cores
def test_concurrent_processes_end_where_serial_ones_do(tmp_path: Path) -> None:
    files = tmp_path / "files"
    make_files(files)

    serial = tmp_path / "serial"
    for role in WORKERS:
        run(serial, files, role)
    expected = snapshot(serial)
    assert expected["problems"] == []
    assert len(expected["documents"]) == 3 * 4 + 2  # type: ignore[arg-type]

    together = tmp_path / "together"
    Library.open(together).close()
    env = {**os.environ, "PONDER_MEMORY_EMBED": "off"}
    worker = [sys.executable, str(HERE / "concurrency_worker.py"), str(together), str(files)]
    started = time.monotonic()
    reader = subprocess.Popen([*worker, "reader"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    procs = [subprocess.Popen([*worker, role], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for role in WORKERS]
    procs += [subprocess.Popen([sys.executable, "-m", "ponder", "--library", str(together),
                                *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env) for args in CLI_RUNS]
    results = [(p.args, p.wait(timeout=600), *p.communicate()) for p in procs]
    (files / "stop").touch()
    results.append((reader.args, reader.wait(timeout=600), *reader.communicate()))
    held = time.monotonic() - started
    waits = 0
    for args, code, _out, err in results:
        assert "Traceback" not in err, (args, err)
        assert "locked" not in err and "busy" not in err, (args, err)
        waits += err.count("Waiting:")
        if args[-1] not in ("u1", "sources", "kettle kitchen"):
            assert code == 0, (args, err)
        else:  # a read may find no library content yet, never a lock
            assert code in (0, 1), (args, err)

    got = snapshot(together)
    assert got == expected
    assert got["leftovers"] == [0, 0, 0, 0]

    seen = json.loads((files / "seen.json").read_text())
    final = {path: count for path, _, count, _ in expected["documents"]}  # type: ignore[attr-defined]
    for path, counts in seen["passages"].items():
        if path in final:
            assert set(counts) == {final[path]}, path  # listed only once complete
    FIGURES["concurrent processes"] += len(procs) + 1
    FIGURES["concurrent seconds held"] += round(held)
    FIGURES["writers told to wait"] += waits
    assert len(MEMORIES) - 3 == sum(1 for m in got["memories"]  # type: ignore[attr-defined]
                                    if m[0] == "u0" and m[5])
    assert {m[2] for m in got["memories"] if m[0] == "imp"} == set(IMPORTED)  # type: ignore[attr-defined]
