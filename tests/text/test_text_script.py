"""Chinese characters, language and script: ``ponder.text.script`` is their one home."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ponder.text.script import (
    cjk_count,
    cjk_share,
    corpus_language,
    detect_script,
    has_cjk,
    language_of,
    to_script,
    wide_count,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "ponder"
# Parts still switching over to ponder.text.script (remove once they have).
SWITCHING: set[str] = set()


@pytest.mark.parametrize(
    "ch",
    ["中", "\u3400", "\u4dbf", "\u9fff", "\uf900", "\U00020000", "\U0002a6d6", "\U00030000"],
    ids=["unified", "ext-A-first", "ext-A-last", "unified-last", "compat", "ext-B", "ext-B-end",
         "ext-G"],
)
def test_chinese_characters_are_cjk(ch: str) -> None:
    assert has_cjk(ch) and cjk_count(ch) == 1


@pytest.mark.parametrize("ch", ["a", "é", "あ", "カ", "한", "，", "。", "Ａ", "\u4dc0", " "])
def test_other_characters_are_not(ch: str) -> None:
    assert not has_cjk(ch) and cjk_count(ch) == 0


def test_wide_characters_take_a_column() -> None:
    assert wide_count("中文，あ한Ａ") == 6
    assert wide_count("plain, text.") == 0


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("OpenAI 2024年的营收是多少", "zh"),
        ("What does 奥特曼 say about 算力?", "en"),
        ("開源模型", "zh"),
        ("Python 3.11", "en"),
        ("", "en"),
        ("ab中", "zh"),  # one Chinese character weighs as two Latin letters
        ("abc中", "en"),
    ],
)
def test_language_of(text: str, language: str) -> None:
    assert language_of(text) == language


def test_corpus_language_is_weighted_by_length() -> None:
    assert corpus_language(["短", "A much longer English passage about the same thing."]) == "en"
    assert corpus_language(["这是一段很长的中文段落，讲的是同一件事情。", "Short."]) == "zh"
    assert corpus_language([]) == "en"


def test_cjk_share() -> None:
    assert cjk_share("中文ab") == 0.5
    assert cjk_share("123 !") == 0.0


def test_to_script() -> None:
    assert to_script("开源软件", "traditional") == "開源軟件"
    assert to_script("開源軟件", "simplified") == "开源软件"
    assert to_script("plain text", "traditional") == "plain text"
    assert detect_script(to_script("这是简体中文的句子", "traditional")) == "traditional"


def test_to_script_leaves_quotations_alone() -> None:
    text = "他说「开源软件」是“开源”的，『软件』也是。"
    assert (to_script(text, "traditional", outside_quotes=True)
            == "他說「开源软件」是“开源”的，『软件』也是。")


def test_unknown_script_is_refused() -> None:
    with pytest.raises(ValueError, match="traditional"):
        to_script("开源", "cantonese")


_RANGE = re.compile(r"\\u(?:3400|4e00|9fff|f900)|0x(?:3400|4E00|9FFF|F900)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(SRC.rglob("*.py"))
     if p.relative_to(SRC).parts[0] not in SWITCHING and p.name != "script.py"],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_chinese_character_ranges_live_in_one_module(path: Path) -> None:
    found = _RANGE.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} spells a CJK range ({found}); import ponder.text.script"
