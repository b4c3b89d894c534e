"""``ponder ask``: text with references, ``--json``, ``--show-unsupported``, help."""

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


def test_json_shape(corpus_library: Library) -> None:
    data = json.loads(run(corpus_library, "奥特曼对核裂变持什么态度？", "--json"))
    assert {"answer", "abstained", "backend", "seconds", "citations", "unsupported"} <= set(data)
    citation = data["citations"][0]
    assert set(citation) == {"n", "doc_id", "path", "speaker", "start", "end", "source_start",
                             "source_end", "quote"}


def test_text_prints_answer_then_references(corpus_library: Library) -> None:
    out = run(corpus_library, "What does PurePath.with_name do?", "--limit", "5")
    assert "References" in out and "[1]" in out and "pathlib.html:" in out


def test_abstention_shows_closest_passages(corpus_library: Library) -> None:
    out = run(corpus_library, "What did Altman say about Bitcoin?")
    assert "The documents don't say." in out and "Closest passages" in out


def test_help_has_examples() -> None:
    out = CliRunner().invoke(ask_command, ["--help"]).output
    assert "Examples:" in out and "--show-unsupported" in out and "--backend" in out
