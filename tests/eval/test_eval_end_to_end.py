"""``ponder eval`` with the real answer part over a real (small) library: slow, embeds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ponder.cli import eval_cmds
from ponder.config import Settings
from ponder.eval import evaluate, load_questions, locate_gold
from ponder.search import embed_pending
from ponder.store import Library
from ponder.store.add import add_paths

from .answerers import DEV
from corpus import CORPUS, altman_file

pytestmark = pytest.mark.slow
ON_004 = {"dev-06", "dev-07", "dev-12", "dev-13"}  # gold in 004 (TU Berlin), and abstains


@pytest.fixture(scope="module")
def berlin_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    location = tmp_path_factory.mktemp("berlin")
    with Library.open(location) as library:
        assert not add_paths(library, [altman_file("004")]).failed
        embed_pending(library)
    yield location


def test_real_answers_are_scored(berlin_library: Path) -> None:
    questions = [q for q in load_questions(DEV) if q.id in ON_004]
    gold = locate_gold(questions, CORPUS, DEV)
    with Library.open(berlin_library, create=False) as library:
        answer_fn, notes = eval_cmds.real_answerer(library, Settings(), "extractive")
        report = evaluate(questions, answer_fn, gold)
    assert report.backends == ["extractive"] and notes == []
    assert report.overall.questions == 4 and report.overall.errors == 0
    for r in report.results:
        assert r.answer is not None and r.seconds > 0
        assert len(r.hits) == len(r.answer.citations)
        for c in r.answer.citations:
            assert c.path.endswith("004_37920ef5dc06a9d7.txt")
    assert report.overall.latency_p95 is not None


def test_cli_json_with_the_real_answerer(berlin_library: Path) -> None:
    result = CliRunner().invoke(eval_cmds.eval_command, [
        str(DEV), "--limit", "2", "--json", "--backend", "extractive",
        "--library", str(berlin_library), "--corpus-root", str(CORPUS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["results"]] == ["dev-01", "dev-02"]
    assert data["missing_files"] == ["altman-interviews/002_f78c835db4602e1d.txt"]
