"""Issue 9, defect 3: processes creating or migrating one library at the same moment.

Each process waits for a start file, then opens the same new library; every one must
open it, and the schema must be applied exactly once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from ponder.store import Library
from ponder.store.migrations import MIGRATIONS

PROCESSES = 6

OPEN_AT_SIGNAL = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ponder.store import Library
    go = Path(sys.argv[2])
    while not go.exists():
        time.sleep(0.001)
    with Library.open(Path(sys.argv[1])) as lib:
        print(lib.db.execute("PRAGMA user_version").fetchone()[0])
    """
)


def open_together(
    location: Path, go: Path, n: int = PROCESSES
) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen([sys.executable, "-c", OPEN_AT_SIGNAL, str(location), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(n)
    ]
    time.sleep(1.5)  # let every process import and reach the wait (not a timing assertion)
    go.touch()
    return [subprocess.CompletedProcess(p.args, p.wait(120), *p.communicate()) for p in procs]


def test_processes_creating_one_library_at_once_all_open_it(tmp_path: Path) -> None:
    for attempt in range(3):  # a race: give it several chances to show
        location = tmp_path / f"new-{attempt}"
        ran = open_together(location, tmp_path / f"go-{attempt}")
        for r in ran:
            assert r.returncode == 0, r.stderr
            assert "Traceback" not in r.stderr
            assert r.stdout.strip() == str(len(MIGRATIONS))
        with Library.open(location) as lib:
            applied = lib.db.execute("SELECT COUNT(*) FROM migrations").fetchone()[0]
            assert applied == len(MIGRATIONS)
