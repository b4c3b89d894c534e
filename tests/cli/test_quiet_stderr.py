"""A normal run prints nothing of jieba's start-up on the terminal (issue 8).

jieba announces loading its dictionary on stderr ("Building prefix dict from the default
dictionary ...", "Loading model cost 0.6 seconds.", "Prefix dict has been built
successfully."). Ponder's one way into jieba's tagger, ``ponder.text.pos.pos_tags``, passes
jieba's log on to Ponder's log instead. Each check runs in its own process, since jieba
loads once per process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus import altman_file
from ponder_cli import run_process

JIEBA_LINES = ("prefix dict", "loading model", "dumping model", "jieba")


def jieba_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if any(word in line.lower() for word in JIEBA_LINES)]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small library: one Chinese interview summary, no embeddings."""
    lib = tmp_path_factory.mktemp("quiet") / "lib"
    added = run_process("--library", lib, "add", altman_file("000"), "--no-embed")
    assert added.returncode == 0, added.stderr
    return lib


def ponder(library: Path, *args: str, stdin: str | None = None) -> str:
    """``ponder --library LIBRARY ARGS`` in a new process; its stderr."""
    ran = run_process("--library", library, *args, input=stdin,
                      env={"PONDER_USER": "quiet", "PONDER_MEMORY_EMBED": "off",
                           "PONDER_NOW": None})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip()
    return ran.stderr


def test_the_tagger_loads_jieba_without_a_word_on_stderr() -> None:
    code = ("import jieba\n"
            "from ponder.text.pos import pos_tags\n"
            "assert not jieba.dt.initialized\n"
            "print(pos_tags('看到'))\n"
            "assert jieba.dt.initialized\n")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "['v']"
    assert ran.stderr == ""


@pytest.mark.parametrize("args", [
    ("ask", "GPT-5什么时候发布？"),
    ("ask", "What did Altman say about GPT-5?"),
    ("search", "奥特曼 GPT-5"),
], ids=["ask-zh", "ask-en", "search"])
def test_ask_and_search_print_no_jieba_lines(library: Path, args: tuple[str, ...]) -> None:
    assert jieba_lines(ponder(library, *args)) == []


def test_chat_prints_no_jieba_lines(library: Path) -> None:
    assert jieba_lines(ponder(library, "chat", stdin="GPT-5什么时候发布？\n")) == []
