"""Issue 8: how well follow-ups are rewritten, measured on labelled chains.

``tests/chat/data/followups_tuning.jsonl`` and ``followups_heldout.jsonl``: chains of
questions over the follow-up library (the fixture library and whatsnew/3.11), half of
the follow-ups Chinese, each later turn labelled with whether it is a follow-up and the
key terms its rewrite must contain (alternatives joined by "|") and must not contain.
The two thresholds of ``ponder.chat.followup`` and its word lists were fitted on the
tuning half only; the held-out half is only scored.

Measured with the rules (the extractive backend), each chain replayed as a session
would (``.venv/bin/pytest -q -s tests/chat/test_chat_followups_eval.py`` prints the
figures). Before the new-user trial's cases: tuning 34/34, held-out 30/33. With them
(tuning 45 cases: "how do I create one?", "tell me more" after it, "turn it off", "and on
Unix?", 他 after 奥特曼有多担心…, "scratch that", 算了; held-out 52 cases: 19 new of the
same kinds in other words) the rules before the fix scored tuning 37/45 (0.82), held-out
35/52 (0.67); after it (topics and referents are head noun phrases, "one" is a pronoun,
a facet of the same kind is replaced, withdrawals are not questions) tuning 45/45 (1.00),
held-out 48/52 (0.92). The second trial's kinds (tuning: "what about recursively?" and
"scratch that, how do I read a file's text with it?" after "tell me more", 举个例子 after
datetime 怎么处理时区？, "and in 2025?"; held-out, written before the fix: "what about
case-insensitively?", "never mind, how do I delete a file with it?", 递归地呢？,
算了，怎么用它读文件内容？, "Show me an example.", 2023年呢？) took the rules to tuning 49/51
(0.96), held-out 49/58 (0.84) before the fix; after it (a manner, "-ly" or "…地", is added
to the earlier question and not put in place of its topic; an opening withdrawal drops
the withdrawn question; "show me an example" asks for more) tuning 51/51 (1.00), held-out
54/58 (0.93). The held-out misses are strict xfails below. With the shipped
SmolLM2 model rewriting (measured once, before the trial's cases, not run here: about ten
minutes on two cores) the figures were the same: it is not asked about Chinese, its
English rewrites mostly echo or answer the question and fall back to the rules.
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
    assert tuning >= 0.97
    assert heldout >= 0.88


# Held-out follow-ups the rules get wrong (the rules were not changed for them)
HELDOUT_MISSES = [
    ("en-notes", "Tell me more."),  # "notes" is not a key term: "about PEP"
    ("zh-gpt5-smart", "为什么这么说？"),  # 这么 is not read as a pronoun
    ("zh-lawsuit-reply", "那奥特曼怎么回应的？"),  # the verb 起诉 is the topic, nouns only are kept
    ("en-pip-one", "How do I remove one?"),  # "one" is "a package", not the heavier "pip"
]


@pytest.mark.parametrize(("chain", "message"), HELDOUT_MISSES)
@pytest.mark.xfail(strict=True, reason="a known held-out miss of the rules")
def test_known_held_out_misses(library: Library, chain: str, message: str) -> None:
    case = next(c for c in load_cases(HELDOUT) if (c.chain, c.message) == (chain, message))
    assert correct(case, replay(case, library_weigh(library)))


def test_the_trial_kinds_are_in_both_halves() -> None:
    """The new-user trial's failures ("how do I create one?", "and on Unix?", "scratch
    that", 他 after a question with 多) are covered in the tuning half by its own phrases
    and in the held-out half by others."""
    for path in (TUNING, HELDOUT):
        cases = load_cases(path)
        messages = [c.message for c in cases]
        assert any(" one?" in m for m in messages)
        assert any(not c.followup and not c.contains for c in cases)  # withdrawals
        assert any(c.chain.startswith("zh-") and not c.followup and not c.contains
                   for c in cases)
        assert sum(c.followup and c.chain.startswith("zh-") for c in cases) >= 15


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
