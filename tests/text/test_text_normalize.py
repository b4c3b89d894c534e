"""Matching form, index tokens, language and script detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.search import search
from ponder.store import Library
from ponder.store.add import add_paths
from ponder.text.language import lexicon, text_cost
from ponder.text.normalize import index_tokens, matching_form
from ponder.text.repair import Repaired
from ponder.text.script import detect_language, detect_script, opencc_converter


def test_matching_form_folds_width_case_and_script() -> None:
    assert matching_form("ＯｐｅｎＡＩ 們說會經濟") == "openai 们说会经济"
    assert matching_form("奧特曼") == matching_form("奥特曼") == "奥特曼"
    assert matching_form("Straße") == "strasse"


def test_matching_form_drops_invisible_characters() -> None:
    """A zero-width space, joiner, soft hyphen or BOM inside a word is not seen by a reader,
    so it must not split the word for the index or a query (issue 9)."""
    for invisible in ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"):
        assert matching_form(f"Pass{invisible}word") == "password"
        assert index_tokens(f"人工{invisible}智能") == index_tokens("人工智能")
    assert matching_form("e\u0301\u200e") == "é"  # a visible combining accent stays


def test_matching_form_is_stable_under_opencc() -> None:
    """Applied twice it changes nothing: 薴 becomes 苧 in one OpenCC step, 苎 in two."""
    assert matching_form("薴") == matching_form("苧") == matching_form("苎")


def test_a_zero_width_space_inside_a_word_does_not_defeat_search(tmp_path: Path) -> None:
    """At index time and at query time alike (issue 9)."""
    (tmp_path / "hidden.txt").write_text("Reset the pass\u200bword every month.\n")
    (tmp_path / "plain.txt").write_text("The 人工智能 lab opened in spring.\n")
    with Library.open(tmp_path / "lib") as lib:
        add_paths(lib, [tmp_path / "hidden.txt", tmp_path / "plain.txt"])
        found = [h.text for h in search(lib, "password", mode="lexical")]
        assert found == ["Reset the pass\u200bword every month."]
        found = [h.text for h in search(lib, "人工\u200b智能", mode="lexical")]
        assert found == ["The 人工智能 lab opened in spring."]


def test_index_tokens() -> None:
    tokens = index_tokens("我們如何控制它? OpenAI 的 GPT-4 模型,2023年。")
    assert tokens[:4] == ["我们", "如何", "控制", "它"]
    assert "openai" in tokens and "2023" in tokens
    assert all(t.strip() and any(ch.isalnum() for ch in t) for t in tokens)


def test_traditional_and_simplified_tokens_match() -> None:
    assert index_tokens("開源模型創造了價值") == index_tokens("开源模型创造了价值")


def test_converter_is_built_once() -> None:
    assert opencc_converter("t2s") is opencc_converter("t2s")


@pytest.mark.parametrize(
    ("prefix", "script"),
    [
        ("000", "simplified"),
        ("001", "traditional"),
        ("002", "simplified"),
        ("003", "traditional"),
        ("004", "traditional"),
    ],
)
def test_corpus_language_and_script(
    prefix: str, script: str, repaired: dict[str, Repaired]
) -> None:
    text = repaired[prefix].text
    assert detect_language(text) == "zh"
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("text", "language", "script"),
    [
        ("The council voted on Tuesday to expand the library.", "en", "latin"),
        ("What did Altman say about open source", "en", "latin"),
        ("Bonjour à tous, ceci est le français de la maison.", "other", "latin"),
        ("Привет, мир", "other", "other"),
        ("こんにちは世界、元気ですか", "other", "simplified"),
        ("", "other", "other"),
        ("OpenAI 发布了新模型", "zh", "simplified"),
        ("這是繁體中文的句子", "zh", "traditional"),
    ],
)
def test_detect(text: str, language: str, script: str) -> None:
    assert detect_language(text) == language
    assert detect_script(text) == script


def test_lexicon_prefers_real_words() -> None:
    assert text_cost("我非常好奇") < text_cost("蔽曳浅闷妫")
    costs = lexicon().char_costs("我们如何控制它")
    assert len(costs) == 7 and max(costs) < 10
