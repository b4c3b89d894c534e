"""``ponder memory deny --help`` says what a deny term matches (issue 8): a term naming a
topic also matches that topic's words, in English and Chinese. The help is checked against
the deny list itself, so it cannot promise more than the code does."""

from __future__ import annotations

import re

from ponder.memory.deny import TOPICS, DenyList, DenyPattern, topic_of

from ponder_cli import invoke


def deny_help() -> str:
    result = invoke("memory", "deny", "--help")
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def test_deny_help_names_every_topic_in_both_languages() -> None:
    text = deny_help()
    named = re.findall(r"\b([a-z]+)/([\u4e00-\u9fff]+)", text)
    assert {en for en, _ in named} == set(TOPICS)
    for en, zh in named:
        assert topic_of(en) == en and topic_of(zh) == en, (en, zh)


def test_deny_help_example_is_what_the_deny_list_does() -> None:
    text = deny_help()
    example = re.search(r'With "(\w+)" denied, "([^"]+)" is not stored, nor is "([^"]+)"',
                        text)
    assert example, text
    term, *sentences = example.groups()
    denied = DenyList([DenyPattern(term, "")])
    for sentence in sentences:  # matched by the topic's words, not the term
        assert term not in sentence.lower() and "健康" not in sentence
        assert denied.first_match([sentence]) == term
    assert "Chinese terms match anywhere" in text
