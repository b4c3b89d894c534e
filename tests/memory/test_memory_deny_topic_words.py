"""Issue 8, defect 4: a deny term that names a topic ("health", "健康", "money", …) also
refuses what is said about that topic in other words ("my blood pressure medication is
lisinopril", "我的降压药是氨氯地平"), through the topic lexicon in ``memory.deny``.

The lexicon is judged on two labelled lists under ``tests/memory/data``: the tuning list it
was written from, and a held-out list it was not edited against (see ``deny_measure``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.memory import MemoryStore
from ponder.memory.deny import DenyList, DenyPattern, topic_of

from .deny_measure import Counts, lexicon_counts, load
from .memory_helpers import run_cli, tree_hits


def _match(pattern: str, text: str) -> str | None:
    return DenyList([DenyPattern(pattern, "")]).first_match([text])


@pytest.mark.parametrize(("pattern", "text"), [
    ("health", "my blood pressure medication is lisinopril"),
    ("health", "I was diagnosed with asthma"),
    ("Health", "My doctor says I have diabetes"),
    ("my health", "I see a therapist every Tuesday"),
    ("medical", "my prescription runs out on Friday"),
    ("健康", "我的降压药是氨氯地平"),
    ("健康", "我的血壓有點高"),  # traditional script folds to the simplified lexicon word
    ("health", "医生说我有糖尿病"),  # an English topic name covers the Chinese words too
    ("健康", "my blood pressure is high"),
    ("health", "我的健康状况不错"),  # the topic's name in the other language
    ("健康", "my medical history is long"),
    ("money", "my salary is 90k a year"),
    ("钱", "我还欠银行十万的房贷"),
    ("religion", "I go to church on Sundays"),
])
def test_topic_term_matches_words_of_its_topic(pattern: str, text: str) -> None:
    assert _match(pattern, text) == pattern


@pytest.mark.parametrize(("pattern", "text"), [
    ("health", "I prefer short answers"),
    ("health", "I'm interested in AI safety"),
    ("健康", "我对开源感兴趣"),
    ("lisinopril", "my blood pressure medication is amlodipine"),  # not a topic: words only
    ("money", "my doctor says I have diabetes"),  # another topic's words
])
def test_topic_term_leaves_other_texts(pattern: str, text: str) -> None:
    assert _match(pattern, text) is None


def test_topic_of_names() -> None:
    assert topic_of("Health") == topic_of("健康") == topic_of("my health") == "health"
    assert topic_of("lisinopril") is None


def test_remember_refuses_a_memory_on_a_denied_topic(store: MemoryStore) -> None:
    store.deny("dana", "health")
    refused = store.remember("dana", "my blood pressure medication is lisinopril")
    assert refused.status == "denied" and "deny pattern 'health'" in refused.reason
    assert store.remember("dana", "我的降压药是氨氯地平").status == "denied"
    assert store.add("dana", "I prefer short answers") is not None


def test_denying_a_topic_forgets_and_withholds_what_is_on_it(store: MemoryStore) -> None:
    store.add("dana", "my blood pressure medication is lisinopril")
    store.add("dana", "I prefer short answers")
    talk = store.start_conversation("dana", title="Chat")
    store.add_turn("dana", talk.id, "user",
                   "My blood pressure medication is lisinopril. What is PEP 657?")
    receipt = store.deny("dana", "health")
    assert [m["text"] for m in receipt.memories] == ["my blood pressure medication is lisinopril"]
    assert receipt.turns_redacted == 1
    [turn] = store.turns("dana")
    assert "lisinopril" not in turn.text and "What is PEP 657?" in turn.text  # that sentence went
    assert [m.text for m in store.list("dana")] == ["I prefer short answers"]


def test_a_new_turn_on_a_denied_topic_is_withheld(store: MemoryStore) -> None:
    store.deny("dana", "健康")
    talk = store.start_conversation("dana", title="我的降压药是氨氯地平")
    turn = store.add_turn("dana", talk.id, "user", "我的降压药是氨氯地平。PEP 657 是什么？")
    assert "氨氯地平" not in turn.text and "PEP 657" in turn.text
    assert "氨氯地平" not in str(store.conversations("dana")[0].title)


def test_cli_deny_topic_then_add_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    assert run_cli("deny", "health", library=lib, user="dana").returncode == 0
    refused = run_cli("add", "my blood pressure medication is lisinopril", library=lib,
                      user="dana")
    assert refused.returncode == 1 and "health" in refused.stdout + refused.stderr
    assert tree_hits(lib, "lisinopril") == {}


def test_lexicon_on_the_tuning_list() -> None:
    counts = lexicon_counts(load("tuning"))
    assert counts.false_positives == 0
    assert counts.recall >= 0.95, counts


def test_lexicon_on_the_held_out_list() -> None:
    """Measured once the lexicon was written; the misses (a drug named without any
    other health word, "a broken ankle", "mass", 吐了 and 发热, left out because they are
    as often "spat out" and "a phone heats up") are what a word list cannot know."""
    counts: Counts = lexicon_counts(load("heldout"))
    assert counts.false_positives == 0
    assert counts.recall >= 0.85, counts
