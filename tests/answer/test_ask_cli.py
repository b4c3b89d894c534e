"""``ponder ask`` over the fixture library: text with references, ``--json``, the
closest passages when it abstains, help. In-process (click's ``CliRunner``), each test
on its own copy of the library (the command may store what it learns)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ponder.cli.ask_cmds import ask_command
from ponder.store import Library


def run(library: Library, *args: str) -> str:
    result = CliRunner().invoke(ask_command, [*args, "--library", str(library.path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_shape(private_library: Library) -> None:
    data = json.loads(run(private_library, "奥特曼认为马斯克为什么离开OpenAI？", "--json"))
    assert {"answer", "abstained", "backend", "seconds", "citations", "unsupported"} <= set(data)
    assert not data["abstained"] and data["backend"] == "extractive"
    citation = data["citations"][0]
    assert set(citation) == {"n", "doc_id", "path", "speaker", "start", "end", "source_start",
                             "source_end", "quote", "quote_start", "quote_end"}
    assert citation["path"].endswith("000_57d5462bacd2de91.txt")
    assert citation["quote"] in data["answer"]


def test_text_prints_answer_then_references(private_library: Library) -> None:
    out = run(private_library, "How do you create a virtual environment?", "--limit", "5")
    assert "References" in out and "[1]" in out and "venv.html:" in out
    assert out.index("[1]") < out.index("References")


def test_abstention_shows_closest_passages(private_library: Library) -> None:
    out = run(private_library, "What did Altman say about Bitcoin?")
    assert "The documents don't say." in out and "Closest passages" in out
    assert "References" not in out


def test_help_has_examples() -> None:
    out = CliRunner().invoke(ask_command, ["--help"]).output
    assert "Examples:" in out and "--show-unsupported" in out and "--backend" in out
