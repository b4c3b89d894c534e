"""Issue 8: chat answers stream sentence by sentence on a terminal, as ``ponder ask`` does;
``--json`` stays one object per turn. The follow-up library and the shipped models."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.answer import ExtractiveBackend
from ponder.chat import Answerer, ChatSession
from ponder.chat.followup import Resolved
from ponder.cli.chat_cmds import resolved_line
from ponder.config import Settings
from ponder.memory import MemoryStore
from ponder.search import default_embedder
from ponder.store import Library

from .chat_helpers import run
from .test_chat_cli import on_terminal
from .test_chat_followups import PEP657, flib, followup_source  # noqa: F401  (fixtures)

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def session(flib: Path) -> Iterator[ChatSession]:  # noqa: F811  (the fixture above)
    library = Library.open(flib)
    store = MemoryStore(library)
    answerer = Answerer(library, Settings({}, {}, {}), backend=ExtractiveBackend(),
                        embedder=default_embedder())
    yield ChatSession(store, "ann", answerer)
    library.close()


def test_an_answer_streams_one_sentence_at_a_time(session: ChatSession) -> None:
    pieces: list[str] = []
    heard: list[Resolved] = []
    reply = session.respond(PEP657, on_token=pieces.append, on_resolved=heard.append)
    assert len(pieces) >= 2 and "".join(pieces) == reply.text
    assert all(re.search(r"\[\d+\]\s*$", p) for p in pieces)  # each piece: a cited sentence
    assert heard == []  # nothing was rewritten
    pieces.clear()
    reply = session.respond("Who contributed it?", on_token=pieces.append,
                            on_resolved=heard.append)
    assert [r.question for r in heard] == ["Who contributed PEP 657?"]
    assert pieces and "".join(pieces) == reply.text


def test_a_control_does_not_stream(session: ChatSession) -> None:
    pieces: list[str] = []
    reply = session.respond("remember that I work on Python tooling", on_token=pieces.append)
    assert reply.kind == "remember" and pieces == []


def test_the_rewritten_question_is_dimmed() -> None:
    line = resolved_line("Who contributed PEP 657?")
    assert line.plain == "↳ Who contributed PEP 657?" and str(line.style) == "dim"


def test_on_a_terminal_the_answer_is_printed_once_as_it_streams(flib: Path) -> None:  # noqa: F811
    shown = ANSI.sub("", on_terminal([PEP657, "Who contributed it?", "/exit"], "--user", "ann",
                                     library=flib, seconds=240))
    assert "↳ Who contributed PEP 657?" in shown
    after = shown.split("↳ Who contributed PEP 657?", 1)[1]
    assert after.count("Pablo Galindo") == 2  # the answer once, its reference's quote once
    assert after.index("Pablo Galindo") < after.index("References")
    assert shown.count("PEP 657: Fine-grained error locations") >= 1


def test_json_stays_one_object_per_turn(flib: Path) -> None:  # noqa: F811
    result = run("chat", "--user", "ann", "--json", library=flib,
                 stdin=f"{PEP657}\nWho contributed it?\n")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [o["type"] for o in objects] == ["answer", "answer"]
    assert objects[1]["resolved_question"] == "Who contributed PEP 657?"
    assert objects[0]["resolved_question"] is None
