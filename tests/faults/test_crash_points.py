"""SIGKILL at many points during add, embed, remove, memory forget, import and clear
(issue 9). The points are chosen by counting SQL statements (see ``crash_zygote``).

After every kill ``ponder check`` passes; a command that writes in one transaction left
the library exactly as before or exactly as after; an ``add`` left each document absent,
as it was, or whole; and running the command again converges to the library a clean run
makes: the same documents, passages, index rows, repairs, dates, vectors, memories and
files beside the library. What was lost must be nothing.

The quick depth (a few points per command, one for ``embed``) runs everywhere; the
thorough depth (up to 30 points per command, every one when there are fewer) is marked
``slow``.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ponder.memory import prompt_history
from ponder.store.library import library_file

from .library_state import State, snapshot
from .suite import FIGURES
from corpus import PYDOCS, altman_file
from ponder_cli import invoke

ZYGOTE = Path(__file__).with_name("crash_zygote.py")
ENV = {"PONDER_NOW": "2026-01-05T10:00:00+00:00", "PONDER_MEMORY_EMBED": "off",
       "COLUMNS": "200"}
QUICK, THOROUGH = 6, 30


class Zygote:
    """The forking runner (``crash_zygote.py``) in its own process."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.runs = 0
        self.proc = subprocess.Popen(
            [sys.executable, str(ZYGOTE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, cwd=workdir,
        )

    def run(self, argv: list[str], kill_at: int | None) -> dict[str, Any]:
        self.runs += 1
        out = self.workdir / f"run-{self.runs}"
        env = {**ENV, "PONDER_CONFIG": str(self.workdir / "config.toml"),
               "XDG_DATA_HOME": str(self.workdir / "data")}
        request = {"argv": argv, "env": env, "kill_at": kill_at, "out": str(out)}
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        reply: dict[str, Any] = json.loads(self.proc.stdout.readline())
        reply["stderr"] = (out / "stderr").read_text(errors="replace")
        return reply

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@dataclass(frozen=True)
class Operation:
    """A command to kill, and how to make the library it starts from."""

    name: str
    argv: Callable[[Path], list[str]]  # given the fixture files' folder
    prepare: Callable[[Path, Path], None]  # (library folder, files folder)
    #: one transaction: after a kill the library is as before or as after, nothing between
    atomic: bool
    #: exit codes allowed when running it again after a kill (1: "nothing left to do")
    rerun: tuple[int, ...] = (0,)
    quick: int = QUICK
    thorough: int = THOROUGH
    #: files beside the library (prompt histories) are rewritten after the commit: a kill
    #: there leaves the rewrite to the next memory command, with its own tests (below);
    #: the general test skips them
    files_after_commit: bool = False


def _ponder(*args: str | Path) -> None:
    ran = invoke(*args, env=ENV)
    assert ran.returncode == 0, (args, ran.stderr)


def _nothing(lib: Path, files: Path) -> None:
    pass


def _add_all(lib: Path, files: Path) -> None:
    _ponder("--library", lib, "add", "--no-embed", files / "docs")


def _add_first_version(lib: Path, files: Path) -> None:
    _ponder("--library", lib, "add", "--no-embed", files / "update")


def _add_small(lib: Path, files: Path) -> None:
    _ponder("--library", lib, "add", "--no-embed", files / "small")


MEMORIES = {
    "alice": ["My wifi password is on the fridge", "The wifi router sits in the hall",
              "I prefer answers in Chinese", "My sister lives in Taipei"],
    "bob": ["My wifi is slow on Mondays", "I run on Tuesdays"],
}


def _remember(lib: Path, files: Path) -> None:
    for user, texts in MEMORIES.items():
        for text in texts:
            _ponder("--library", lib, "memory", "--user", user, "add", text)
    history = prompt_history.path(library_file(lib), "alice")
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_text("what is my wifi password?\nwhere does my sister live?\n")


OPERATIONS = [
    Operation("add", lambda f: ["add", "--no-embed", str(f / "docs")], _nothing,
              atomic=False, quick=5),
    Operation("add-changed", lambda f: ["add", "--no-embed", str(f / "update")],
              _add_first_version, atomic=True, quick=4),
    Operation("remove", lambda f: ["remove", "003"], _add_all, atomic=True, rerun=(0, 1)),
    Operation("embed", lambda f: ["embed"], _add_small, atomic=False, quick=1, thorough=5),
    Operation("memory-forget", lambda f: ["memory", "--user", "alice", "forget", "wifi",
                                          "--yes"], _remember, atomic=True, rerun=(0, 1),
              files_after_commit=True),
    Operation("memory-import", lambda f: ["memory", "--user", "alice", "import",
                                          str(f / "export.json")], _remember, atomic=True),
    Operation("memory-clear", lambda f: ["memory", "--user", "alice", "clear", "--yes"],
              _remember, atomic=True, files_after_commit=True),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small real files (copies of corpus files, outside the repo) and a memory export."""
    root = tmp_path_factory.mktemp("crash-files")
    docs = root / "docs"
    docs.mkdir()
    for source in (altman_file("000"), altman_file("003"), PYDOCS / "tutorial" / "appetite.html"):
        shutil.copy(source, docs / source.name)
    (root / "update").mkdir()
    (root / "small").mkdir()
    text = altman_file("004").read_text(encoding="utf-8")
    (root / "small" / "interview.txt").write_text(text[:600], encoding="utf-8")
    (root / "update" / "interview.txt").write_text(text[:5000], encoding="utf-8")
    other = root / "other-library"
    for memory in ("I like tea", "My wifi password is on the fridge", "Remind me to call mum"):
        _ponder("--library", other, "memory", "--user", "carol", "add", memory)
    ran = invoke("--library", other, "memory", "--user", "carol", "export", env=ENV)
    (root / "export.json").write_text(ran.stdout, encoding="utf-8")
    return root


@dataclass
class Template:
    """An operation's starting library, and the library a clean run makes of it."""

    operation: Operation
    library: Path
    before: State
    after: State
    statements: int


@pytest.fixture(scope="module")
def zygote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zygote]:
    runner = Zygote(tmp_path_factory.mktemp("zygote"))
    yield runner
    runner.close()


@pytest.fixture(scope="module")
def templates(files: Path, zygote: Zygote, tmp_path_factory: pytest.TempPathFactory
              ) -> Callable[[Operation], Template]:
    made: dict[str, Template] = {}
    root = tmp_path_factory.mktemp("templates")

    def template(op: Operation) -> Template:
        if op.name not in made:
            made[op.name] = _template(op, files, zygote, root)
        return made[op.name]

    return template


def _template(op: Operation, files: Path, zygote: Zygote, root: Path) -> Template:
    start = root / op.name / "start"
    start.mkdir(parents=True)
    if op.name == "add-changed":
        (files / "update" / "interview.txt").write_text(
            altman_file("004").read_text(encoding="utf-8")[:5000], encoding="utf-8")
    op.prepare(start, files)
    if op.name == "add-changed":  # the file changes after it was added
        (files / "update" / "interview.txt").write_text(
            altman_file("003").read_text(encoding="utf-8")[:4000], encoding="utf-8")
    clean = root / op.name / "clean"
    shutil.copytree(start, clean, dirs_exist_ok=True)
    ran = zygote.run(["--library", str(clean), *op.argv(files)], kill_at=None)
    assert ran["code"] == 0, ran["stderr"]
    after = snapshot(clean)
    before = snapshot(start)
    assert after.differences(before), f"{op.name} changed nothing"
    return Template(op, start, before, after, int(ran["statements"]))


def kill_points(total: int, budget: int, seed: str) -> list[int]:
    """``budget`` statements to kill at, spread over 1..total (every one if fewer)."""
    if total <= budget:
        return list(range(1, total + 1))
    rng = random.Random(seed)
    spread = {1 + round(i * (total - 1) / max(1, budget - 1)) for i in range(budget)}
    while len(spread) < budget:
        spread.add(rng.randint(1, total))
    return sorted(spread)[:budget] if budget > 1 else [rng.randint(1, total)]


def crash_and_recover(template: Template, files: Path, zygote: Zygote, point: int,
                      workdir: Path) -> None:
    op = template.operation
    lib = workdir / f"{op.name}-{point}"
    shutil.copytree(template.library, lib)
    argv = ["--library", str(lib), *op.argv(files)]
    ran = zygote.run(argv, kill_at=point)
    assert ran["killed"], f"{op.name} at statement {point}: not killed ({ran})"
    FIGURES["kill points"] += 1
    _check_passes(lib, f"{op.name} killed at statement {point}")
    left = snapshot(lib, visible=True)
    files = not op.files_after_commit
    if op.atomic:
        assert not left.differences(template.before, files) or not left.differences(
            template.after, files
        ), (f"{op.name} killed at statement {point} left a half-written library: "
            f"{left.differences(template.after, files)}")
    else:
        _whole_documents_only(left, template, point)
    again = invoke(*argv, env=ENV)
    assert again.returncode in op.rerun, (op.name, point, again.stderr)
    lost = snapshot(lib).differences(template.after, files)
    assert not lost, f"{op.name} killed at statement {point}, run again: {lost}"
    shutil.rmtree(lib)


def _check_passes(lib: Path, when: str) -> None:
    """``ponder check`` passes -- or, killed before the library existed, says there is none
    (and nothing is stored)."""
    check = invoke("--library", lib, "check", env=ENV)
    if check.returncode != 0 and "no library here" in check.stderr:
        assert not any(snapshot(lib).rows.values()), when
        return
    assert check.returncode == 0, f"{when}: {check.stdout}{check.stderr}"


def _whole_documents_only(left: State, template: Template, point: int) -> None:
    """Each document (its passages, index rows, repairs, dates) is as before, as after,
    or absent -- never half-written."""
    for name in ("document text", "passages", "repairs", "dates"):
        for path in {str(r[0]) for r in left.rows.get(name, [])}:
            mine = [r for r in left.rows[name] if r[0] == path]
            states = [[r for r in s.rows.get(name, []) if r[0] == path]
                      for s in (template.before, template.after)]
            assert mine in states, f"{path} half-written ({name}) at statement {point}"


@pytest.mark.parametrize(
    "depth", ["quick", pytest.param("thorough", marks=pytest.mark.slow)]
)
@pytest.mark.parametrize("op", [pytest.param(op, id=op.name) for op in OPERATIONS])
def test_kill_points(op: Operation, depth: str, templates: Callable[[Operation], Template],
                     files: Path, zygote: Zygote, tmp_path: Path) -> None:
    template = templates(op)
    budget = op.quick if depth == "quick" else op.thorough
    points = kill_points(template.statements, budget, op.name)
    if depth == "thorough":  # the quick points were tried already
        quick = set(kill_points(template.statements, op.quick, op.name))
        points = [p for p in points if p not in quick] or points
    for point in points:
        crash_and_recover(template, files, zygote, point, tmp_path)


@pytest.mark.parametrize("name", ["memory-forget", "memory-clear"])
def test_killed_after_the_commit_the_prompt_history_is_done_too(
    name: str, templates: Callable[[Operation], Template], files: Path, zygote: Zygote,
    tmp_path: Path,
) -> None:
    """Killed at the command's last statement (after COMMIT, at the WAL checkpoint), the
    library is already as after: the prompt history beside it included."""
    op = _operation(name)
    template = templates(op)
    lib = tmp_path / "lib"
    shutil.copytree(template.library, lib)
    ran = zygote.run(["--library", str(lib), *op.argv(files)], kill_at=template.statements)
    assert ran["killed"]
    FIGURES["kill points"] += 1
    left = snapshot(lib)
    assert not left.differences(template.after, files=False)  # the database is done
    assert not left.differences(template.after), left.differences(template.after)


@pytest.mark.parametrize("name", ["memory-forget", "memory-clear"])
def test_killed_after_the_commit_the_next_memory_command_finishes_the_history(
    name: str, templates: Callable[[Operation], Template], files: Path, zygote: Zygote,
    tmp_path: Path,
) -> None:
    """Killed at any of the last statements (the COMMIT, the prompt history's rewrite, the
    deletion of its pending record, the checkpoint) or a few before, then any memory
    command run: the library, the prompt history beside it included, is as before or as
    after -- never the memories gone and their text still in the history -- and no erasure
    is left pending (issue 9)."""
    op = _operation(name)
    template = templates(op)
    tail = range(max(1, template.statements - 12), template.statements + 1)
    for point in sorted({*kill_points(template.statements, QUICK, name), *tail}):
        lib = tmp_path / f"lib-{point}"
        shutil.copytree(template.library, lib)
        ran = zygote.run(["--library", str(lib), *op.argv(files)], kill_at=point)
        assert ran["killed"], f"{name} at statement {point}: not killed"
        FIGURES["kill points"] += 1
        opened = invoke("--library", lib, "memory", "--user", "alice", "status", env=ENV)
        assert opened.returncode == 0, opened.stderr
        left = snapshot(lib)
        half = left.differences(template.after)
        assert not left.differences(template.before) or not half, (
            f"{name} killed at statement {point}, then 'memory status': {half}")
        db = sqlite3.connect(f"file:{library_file(lib)}?mode=ro", uri=True)
        try:
            assert db.execute("SELECT COUNT(*) FROM pending_erasures").fetchone() == (0,)
        finally:
            db.close()
        shutil.rmtree(lib)


def _operation(name: str) -> Operation:
    return next(op for op in OPERATIONS if op.name == name)
