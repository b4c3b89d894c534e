"""``ponder eval`` through click: JSON shape, table, options, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import ponder.answer
import ponder.search
from ponder.answer import ExtractiveBackend
from ponder.answer.records import Answer
from ponder.cli import eval_cmds
from ponder.config import Settings
from ponder.errors import InputError
from ponder.eval import AnswerFn, load_questions
from ponder.llm import Backend
from ponder.store import Library

from .answerers import DEV, PYDEV, by_question, perfect
from corpus import CORPUS

SCORE_KEYS = {"accuracy", "accuracy_t2s", "citation_precision", "citation_recall",
              "abstention_accuracy", "false_abstention_rate", "latency_p50", "latency_p95",
              "questions", "answerable", "unanswerable", "citations", "citation_hits"}
RESULT_KEYS = {"id", "kind", "lang", "abstain", "correct", "correct_t2s", "abstained",
               "citations", "citation_hits", "seconds", "answer", "error"}


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    Library.open(tmp_path / "lib").close()
    return tmp_path / "lib"


@pytest.fixture
def backends(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Answer with the perfect scripted answerer; record the backend asked for."""
    asked: list[str | None] = []
    answer_fn = by_question(load_questions(DEV) + load_questions(PYDEV), perfect)

    def fake(library: Library, settings: Settings,
             backend: str | None) -> tuple[AnswerFn, list[str]]:
        asked.append(backend)
        return answer_fn, ["a note on the backend"]

    monkeypatch.setattr(eval_cmds, "real_answerer", fake)
    return asked


def invoke(library_dir: Path, *args: str) -> Result:
    args = (*args, "--library", str(library_dir), "--corpus-root", str(CORPUS))
    return CliRunner().invoke(eval_cmds.eval_command, args, env={"COLUMNS": "160"})


def test_json_output_shape(library_dir: Path, backends: list[str | None]) -> None:
    result = invoke(library_dir, str(DEV), "--json", "--backend", "extractive")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert backends == ["extractive"]
    assert set(data) >= {"rules", "backends", "overall", "by_kind", "by_lang", "results",
                         "questions_file", "corpus_root", "missing_files", "notes"}
    assert set(data["overall"]) >= SCORE_KEYS
    assert data["overall"]["accuracy"] == 1 and data["overall"]["citation_precision"] == 1
    assert set(data["by_lang"]) == {"zh", "en"} and "abstain" in data["by_kind"]
    assert data["by_kind"]["abstain"]["accuracy"] is None
    assert len(data["results"]) == 13 and set(data["results"][0]) == RESULT_KEYS
    first = data["results"][0]
    assert first["id"] == "dev-01" and first["correct"] is True and first["citation_hits"] == 1
    assert set(first["citations"][0]) == {"n", "path", "source_start", "source_end", "hit"}
    assert "002_f78c835db4602e1d.txt" in " ".join(data["missing_files"])  # empty library
    assert data["backends"] == ["scripted"] and data["notes"] == ["a note on the backend"]


def test_table_limit_and_details(library_dir: Path, backends: list[str | None]) -> None:
    result = invoke(library_dir, str(DEV), "--limit", "3", "--details")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ("overall", "kind lookup", "lang zh", "lang en", "dev-01", "dev-03",
                 "1.00 3/3", "backend: scripted"):
        assert text in out
    assert "dev-04" not in out
    assert "lacks gold files" in result.stderr
    assert "note a note on the backend" in result.stderr
    assert backends == [None]


def test_python_docs_set(library_dir: Path, backends: list[str | None]) -> None:
    result = invoke(library_dir, str(PYDEV), "--json")
    data = json.loads(result.stdout)
    assert data["overall"]["citation_recall"] == 1 and data["overall"]["abstention_accuracy"] == 1


def test_corpus_root_from_the_environment(library_dir: Path, backends: list[str | None],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PONDER_EVAL_CORPUS_ROOT", str(CORPUS))
    result = CliRunner().invoke(eval_cmds.eval_command,
                                [str(DEV), "--json", "--library", str(library_dir)])
    assert json.loads(result.stdout)["corpus_root"] == str(CORPUS)


def test_bad_question_file_names_file_and_line(tmp_path: Path, library_dir: Path,
                                               backends: list[str | None]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(DEV.read_text("utf-8").splitlines()[0] + "\n{oops\n", encoding="utf-8")
    result = invoke(library_dir, str(bad))
    assert result.exit_code == 1 and isinstance(result.exception, InputError)
    assert str(result.exception).startswith(f"{bad}: line 2: invalid JSON")
    assert backends == []  # nothing was asked


def test_help_has_examples() -> None:
    result = CliRunner().invoke(eval_cmds.eval_command, ["--help"])
    for text in ("QUESTIONS.jsonl", "--backend", "--limit", "--corpus-root", "--details",
                 "--json", "Examples:"):
        assert text in result.output


def test_real_answerer_loads_models_once_and_calls_ask(
        library_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, object, object]] = []
    q = load_questions(DEV)[0]
    backend, embedder = ExtractiveBackend(), FakeEmbedder()

    def ask(library: Library, question: str, *, settings: Settings,
            backend: Backend | None = None, embedder: object = None) -> Answer:
        calls.append((question, backend, embedder))
        return perfect(q)

    def resolve(settings: Settings, name: str | None) -> tuple[Backend, list[str]]:
        assert name == "openai"
        return backend, ["fell back"]

    monkeypatch.setattr(ponder.answer, "ask", ask)
    monkeypatch.setattr(ponder.answer, "resolve_backend", resolve)
    monkeypatch.setattr(ponder.search, "default_embedder", lambda: embedder)
    with Library.open(library_dir) as library:
        answer_fn, notes = eval_cmds.real_answerer(library, Settings(), "openai")
        assert embedder.queries == ["warm-up"] and notes == ["fell back"]
        assert answer_fn("你好").answer == perfect(q).answer
        answer_fn("再见")
    assert calls == [("你好", backend, embedder), ("再见", backend, embedder)]


class FakeEmbedder:
    def __init__(self) -> None:
        self.queries: list[str] = []

    def embed_query(self, text: str) -> None:
        self.queries.append(text)
