"""Issue 8, defect 4: the deny list matches Chinese terms inside unspaced text, Latin terms
next to Chinese characters (no spaces between), and inflected English words, while English
terms keep their word boundaries."""

from __future__ import annotations

import pytest

from ponder.memory import MemoryStore
from ponder.memory.deny import DenyList, DenyPattern


def _match(pattern: str, text: str) -> str | None:
    return DenyList([DenyPattern(pattern, "")]).first_match([text])


@pytest.mark.parametrize(("pattern", "text"), [
    ("健康", "我的健康状况不错"),
    ("血压", "我的血壓藥是lisinopril"),
    ("lisinopril", "我的血压药是lisinopril"),  # a Latin term inside unspaced Chinese text
    ("Lisinopril", "我的血壓藥是Lisinopril每天一片"),
    ("password", "my passwords are in the drawer"),  # plural
    ("diagnose", "she was diagnosed last year"),
])
def test_deny_matches(pattern: str, text: str) -> None:
    assert _match(pattern, text) == pattern


@pytest.mark.parametrize(("pattern", "text"), [
    ("art", "Ann went to a party"),
    ("art", "Ann likes the Stuttgart museum"),
    ("lisinopril", "lisinoprilx is not a word"),
    ("me", "Ming went home"),
    ("健康", "我喜欢下棋"),
])
def test_deny_does_not_match(pattern: str, text: str) -> None:
    assert _match(pattern, text) is None


def test_deny_refuses_latin_term_inside_chinese_text(store: MemoryStore) -> None:
    store.deny("ann", "lisinopril")
    refused = store.remember("ann", "我的血压药是lisinopril")
    assert refused.status == "denied" and "deny pattern 'lisinopril'" in refused.reason
    assert store.add("ann", "我喜欢下棋") is not None


def test_deny_redacts_latin_term_inside_chinese_turns(store: MemoryStore) -> None:
    store.deny("ann", "lisinopril")
    talk = store.start_conversation("ann", title="Chat")
    turn = store.add_turn("ann", talk.id, "user", "我的血压药是lisinopril，可以吗？")
    assert "lisinopril" not in turn.text
