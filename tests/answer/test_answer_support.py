"""The support check against the labelled pairs (claims about real corpus passages)."""

from __future__ import annotations

import pytest

from answer.calibrate_support import counts, picker, pr, score_pairs
from answer.pairs import find_passage, load_pairs
from ponder.answer.aliases import library_aliases
from ponder.answer.support import ACROSS, SAME_SCRIPT, SupportChecker
from ponder.answer.terms import Weigher
from ponder.search import default_embedder
from ponder.store import Library


def test_pairs_are_many_and_both_languages() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 100
    assert {p.lang for p in pairs} == {"zh", "en"}
    assert sum(p.label for p in pairs) >= 40 and sum(not p.label for p in pairs) >= 40
    assert all(len(p.locator) <= 60 for p in pairs)


def test_every_locator_finds_its_passage(corpus_library: Library) -> None:
    for p in load_pairs():
        assert find_passage(corpus_library, p.file, p.locator).text


@pytest.mark.slow
def test_support_check_precision_and_recall(corpus_library: Library) -> None:
    checker = SupportChecker(default_embedder(), library_aliases(corpus_library),
                             weigh=Weigher(corpus_library.db))
    items = score_pairs(corpus_library, checker)
    precision, recall = pr(*counts(items, picker(SAME_SCRIPT, ACROSS)))
    assert precision >= 0.85 and recall >= 0.7, (precision, recall)
    numbers = [s for s in items if s.pair.kind == "wrong-number"]
    assert all(not s.verdict.supported for s in numbers)
