"""Held-out floors: the labelled questions never tuned on, asked of the fixture library.

The held-out half of the labelled set (``eval/heldout.jsonl``) is what the answer
engine is judged on; nothing in it was used to fit the scorer. The whole-corpus figures
come from ``ponder eval`` (see the closing notes and ``eval/README.md``); here the
held-out questions answerable from the fixture library's files, and every held-out
unanswerable question over the same corpora, are asked of it, and the figures must
stay at or above the floors measured when the model was fitted.
"""

from __future__ import annotations

from ponder.answer import ask
from ponder.config import Settings
from ponder.eval import Question, evaluate, load_questions, locate_gold
from ponder.store import Library

from corpus import ALTMAN, CORPUS, PYDOCS, REPO
from fixture_library import fixture_files

HELDOUT = REPO / "eval" / "heldout.jsonl"
FLOORS = {  # measured on the fixture library when the model was fitted, less a margin:
    "accuracy": 0.70,  # measured 0.76 (22 of 29)
    "citation_recall": 0.62,  # measured 0.69 (20 of 29)
    "abstention_accuracy": 0.45,  # measured 0.52 (15 of 29 declined)
    "false_abstention_rate": 0.07,  # a ceiling; measured 0.00 (0 of 29)
}


def fixture_questions() -> list[Question]:
    names = {str(p.relative_to(ALTMAN if p.is_relative_to(ALTMAN) else PYDOCS))
             for p in fixture_files()}
    questions = load_questions(HELDOUT)
    return [q for q in questions if q.corpus != "pydoc-topics" and (
        q.abstain or all(s.file in names for s in q.sources))]


def test_heldout_floors(corpus_library: Library) -> None:
    questions = fixture_questions()
    assert len(questions) >= 50
    gold = locate_gold(questions, CORPUS, HELDOUT)
    settings = Settings({}, {}, {})
    report = evaluate(questions, lambda q: ask(corpus_library, q, settings=settings), gold)
    s = report.overall
    print(f"\nheld-out on the fixture library: {s.to_json()}")
    assert s.accuracy is not None and s.accuracy >= FLOORS["accuracy"]
    assert s.citation_recall is not None and s.citation_recall >= FLOORS["citation_recall"]
    assert s.abstention_accuracy is not None
    assert s.abstention_accuracy >= FLOORS["abstention_accuracy"]
    assert s.false_abstention_rate is not None
    assert s.false_abstention_rate <= FLOORS["false_abstention_rate"]


def test_heldout_half_never_tunes_the_model() -> None:
    """The shipped model names the tuning half, and no held-out id is in it."""
    from ponder.answer.scorer import shipped_model

    assert shipped_model().meta["fitted_on"] == "eval/tuning.jsonl"
    tuning = {q.id for q in load_questions(REPO / "eval" / "tuning.jsonl")}
    assert not tuning & {q.id for q in load_questions(HELDOUT)}
    assert all(q.corpus != "pydoc-topics" for q in load_questions(REPO / "eval" / "tuning.jsonl"))
