"""Issue 8: how well follow-ups are rewritten, measured on labelled chains.

``tests/chat/data/followups_tuning.jsonl`` and ``followups_heldout.jsonl``: chains of
questions over the follow-up library (the fixture library and whatsnew/3.11), half of
the follow-ups Chinese, each later turn labelled with whether it is a follow-up and the
key terms its rewrite must contain (alternatives joined by "|") and must not contain.
The two thresholds of ``ponder.chat.followup`` and its word lists were fitted on the
tuning half only; the held-out half is only scored.

Measured with the rules (the extractive backend), each chain replayed as a session
would: tuning 34/34 (1.00), held-out 30/33 (0.91), a gap of 0.09. Run this file with
``-s`` to print the figures. With the shipped SmolLM2 model rewriting (measured once, not
run here: about ten minutes on two cores) the figures are the same: it is not asked about
Chinese, its English rewrites mostly echo or answer the question and fall back to the
rules; 2 of its held-out rewrites passed the check, both right.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.chat.followup import (
    DATA,
    accuracy,
    correct,
    fit,
    fitted,
    library_weigh,
    load_cases,
    replay,
)
from ponder.store import Library

from .test_chat_followups import followup_library_dir

HERE = Path(__file__).parent / "data"
TUNING = HERE / "followups_tuning.jsonl"
HELDOUT = HERE / "followups_heldout.jsonl"


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.open(followup_library_dir(), create=False)


def test_the_labelled_sets_are_large_enough_and_half_chinese() -> None:
    cases = load_cases(TUNING) + load_cases(HELDOUT)
    followups = [c for c in cases if c.followup]
    assert len(followups) >= 40
    chinese = [c for c in followups if c.chain.startswith("zh-")]
    assert abs(len(chinese) - len(followups) / 2) <= 3
    assert {c.chain for c in load_cases(TUNING)}.isdisjoint(c.chain for c in load_cases(HELDOUT))
    assert any(not c.followup for c in load_cases(HELDOUT))  # new topics are scored too


def test_rewrite_accuracy_on_tuning_and_held_out(library: Library) -> None:
    weigh = library_weigh(library)
    tuning = accuracy(load_cases(TUNING), weigh)
    heldout_cases = load_cases(HELDOUT)
    heldout = accuracy(heldout_cases, weigh)
    missed = [(c.chain, c.message, replay(c, weigh).question) for c in heldout_cases
              if not correct(c, replay(c, weigh))]
    print(f"\nfollow-up rewrites: tuning {tuning:.2f}, held-out {heldout:.2f}, "
          f"gap {tuning - heldout:.2f}; held-out misses: {missed}")
    assert tuning >= 0.95
    assert heldout >= 0.85


def test_new_topics_are_never_rewritten(library: Library) -> None:
    weigh = library_weigh(library)
    for case in [c for c in load_cases(TUNING) + load_cases(HELDOUT) if not c.followup]:
        found = replay(case, weigh)
        assert not found.followup and found.question == case.message, case


def test_the_thresholds_are_those_fitted_on_the_tuning_half(library: Library) -> None:
    stored = json.loads(DATA.read_text(encoding="utf-8"))
    assert stored["fitted_on"] == TUNING.name
    refit = fit(load_cases(TUNING), library_weigh(library), TUNING.name)
    assert (refit.followup_below, refit.context_below) == (fitted().followup_below,
                                                           fitted().context_below)
