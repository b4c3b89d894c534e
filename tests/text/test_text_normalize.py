"""Matching form, index tokens, language and script detection."""

from __future__ import annotations

import pytest

from ponder.text.language import lexicon, text_cost
from ponder.text.normalize import index_tokens, matching_form
from ponder.text.repair import Repaired
from ponder.text.script import detect_language, detect_script, opencc_converter


def test_matching_form_folds_width_case_and_script() -> None:
    assert matching_form("ＯｐｅｎＡＩ 們說會經濟") == "openai 们说会经济"
    assert matching_form("奧特曼") == matching_form("奥特曼") == "奥特曼"
    assert matching_form("Straße") == "strasse"


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
