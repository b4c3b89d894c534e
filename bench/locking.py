"""How long a writer waits behind ``ponder add`` of a large file (issue 9, defect 4).

    python bench/locking.py                          # this checkout, a 4M-character file
    python bench/locking.py --baseline-src DIR       # also the code in DIR/ponder, side by side
    python bench/locking.py --chars 40000000         # the issue's 40 MB case (slow: minutes)

A file of ``--chars`` characters (generated words, seeded) is added with
``python -m ponder add --no-embed`` in one process. Meanwhile another process tries one
small write every ``--every`` seconds (a deny pattern, the write ``ponder memory deny``
makes) through the library API with the default waiting, and records how long each write
waited for the lock and whether it failed. Figures per code version: the add's wall time,
the writes tried, the longest and median wait, the failures, and the ratio of the longest
wait to the add's time. The target is a longest wait of about 2 s whatever the file size.

``--baseline-src`` runs the same with ``PYTHONPATH=DIR`` (e.g. a ``git archive`` of an older
commit's ``src``), whose writer waits by its own busy timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = r"""
import sqlite3, sys, time
from pathlib import Path
from ponder.store import Library
location, stop, every = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
n = 0
while not stop.exists():
    started = time.monotonic()
    try:
        with Library.open(location) as lib, lib.transaction() as db:
            db.execute("INSERT INTO deny_list VALUES ('bench', ?, 'now')", (f"p{n}",))
        print(f"ok {time.monotonic() - started:.3f}", flush=True)
    except Exception as e:
        print(f"fail {time.monotonic() - started:.3f} {type(e).__name__}", flush=True)
    n += 1
    time.sleep(every)
"""


def write_file(path: Path, chars: int, seed: int) -> None:
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(5000)]
    with path.open("w") as f:
        size = 0
        while size < chars:
            para = " ".join(rng.choice(words) for _ in range(60)).capitalize() + ".\n\n"
            f.write(para)
            size += len(para)


def measure(label: str, src: Path | None, big: Path, work: Path, every: float) -> dict[str, object]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    location = work / f"lib-{label}"
    stop = work / f"stop-{label}"
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from ponder.store import Library; Library.open(Path(sys.argv[1])).close()",
                    str(location)], env=env, check=True)
    started = time.monotonic()
    add = subprocess.Popen([sys.executable, "-m", "ponder", "--library", str(location), "add",
                            "--no-embed", "--json", str(big)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(location), str(stop),
                               str(every)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    add_err = add.communicate()[1]
    add_seconds = time.monotonic() - started
    stop.touch()
    out, err = writer.communicate()
    waits = [float(line.split()[1]) for line in out.splitlines() if line.startswith("ok")]
    fails = [line for line in out.splitlines() if line.startswith("fail")]
    longest = max(waits + [float(f.split()[1]) for f in fails], default=0.0)
    return {
        "code": label, "add_seconds": round(add_seconds, 1), "add_exit": add.returncode,
        "add_traceback": "Traceback" in add_err, "writes": len(waits) + len(fails),
        "failed": len(fails), "longest_wait": round(longest, 2),
        "median_wait": round(statistics.median(waits), 3) if waits else None,
        "longest_wait_per_add_second": round(longest / add_seconds, 3),
        "writer_traceback": "Traceback" in err,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=4_000_000)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between writes")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--baseline-src", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("bench/out/locking.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big = work / "big.txt"
        write_file(big, args.chars, args.seed)
        rows = [measure("this", None, big, work, args.every)]
        if args.baseline_src is not None:
            rows.append(measure("baseline", args.baseline_src, big, work, args.every))
    keys = list(rows[0])
    print(f"file: {args.chars:,} characters; a write tried every {args.every} s")
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(str(row[k]) for k in keys))
    target = rows[0]["longest_wait"]
    print(f"target: longest wait about 2 s: {'ok' if float(str(target)) <= 2.5 else 'FAIL'}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"chars": args.chars, "every": args.every, "rows": rows},
                                   indent=2))


if __name__ == "__main__":
    main()
