"""Issue 8 (new-user trial): ``ponder memory review`` at a mistyped ``--library`` created an
empty library there (after which every other command found it). Memory commands that read,
and ``ponder chat``, fail as ``ponder search`` does on a missing library: one line naming
the path and what to do, exit 1, and nothing created."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder_cli import invoke

READS = [
    ("search", "compute"),
    ("memory", "review"),
    ("memory", "review", "--keep-all"),
    ("memory", "list"),
    ("memory", "status"),
    ("memory", "export"),
    ("memory", "recall", "short answers"),
    ("memory", "forget", "wifi", "--yes"),
    ("memory", "clear", "--yes"),
    ("chat",),
    ("chat", "--json"),
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_at_a_missing_library_is_an_error_and_creates_nothing(
        tmp_path: Path, args: tuple[str, ...]) -> None:
    missing = tmp_path / "mistyped" / "lib"
    result = invoke("--library", missing, *args, input="What is PEP 657?\n",
                    env={"PONDER_USER": "ann", "PONDER_MEMORY_EMBED": "off"})
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("Error: ") and str(missing) in line and "no library here" in line
    assert "nothing was created" in line and "ponder add" in line
    assert not (tmp_path / "mistyped").exists()
    assert result.stdout == ""


def test_chat_and_review_match_search_on_a_missing_library(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    env = {"PONDER_USER": "ann", "PONDER_MEMORY_EMBED": "off"}
    search = invoke("--library", missing, "search", "compute", env=env)
    for args in (("chat",), ("memory", "review")):
        ran = invoke("--library", missing, *args, input="hello\n", env=env)
        assert (ran.returncode, ran.stderr) == (search.returncode, search.stderr)
    assert not missing.exists()


def test_review_and_chat_still_work_on_an_existing_library(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    env = {"PONDER_USER": "ann", "PONDER_MEMORY_EMBED": "off"}
    assert invoke("--library", lib, "memory", "add", "I prefer short answers", env=env) \
        .returncode == 0
    review = invoke("--library", lib, "memory", "review", input="", env=env)
    assert review.returncode == 0 and "nothing to review" in review.stdout
