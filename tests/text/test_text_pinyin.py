"""Pinyin annotations: removed after characters, ordinary parentheses kept."""

from __future__ import annotations

import re

import pytest

from ponder.text import pinyin
from ponder.text.offsets import apply_edits
from ponder.text.repair import Repaired, repair

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


@pytest.mark.parametrize("word", ["lǐng", "jī", "yīng", "chuàng", "xiànzài", "yí gè", "lǜ"])
def test_pinyin_is_recognised(word: str) -> None:
    assert pinyin.is_pinyin(word)


@pytest.mark.parametrize(
    "word", ["AGI", "adaptability", "le", "café", "2023", "Sam Altman", "xyzá"]
)
def test_other_words_are_not_pinyin(word: str) -> None:
    assert not pinyin.is_pinyin(word)


def _strip(text: str) -> str:
    return apply_edits(text, pinyin.annotation_edits(text))[0]


def test_annotations_are_removed() -> None:
    assert (
        _strip("知領(lǐng) 01 探索 AI 所帶來的機(jī)遇和風(fēng)險(xiǎn)")
        == "知領 01 探索 AI 所帶來的機遇和風險"
    )
    assert _strip("繼續(xù)") == "繼續"
    assert _strip("現(xiàn)在") == "現在"


def test_ordinary_parentheses_stay() -> None:
    text = (
        "看到(AGI)並說 (被閱讀 次) 奧特曼(Sam Altman) 在(2023)年 能力(adaptability) 北京 (běijīng)"
    )
    assert _strip(text) == text


def test_remnant_after_a_damaged_character_goes() -> None:
    assert _strip("大量?jī)r值") == "大量?r值"


def test_no_annotation_left_in_001_and_004(repaired: dict[str, Repaired]) -> None:
    for prefix in ("001", "004"):
        text = repaired[prefix].text
        left = [
            m.group()
            for m in re.finditer(rf"[a-zü{TONED}]+\)?", text)
            if pinyin.is_pinyin(m.group().rstrip(")"))
        ]
        assert left == [], prefix


def test_parentheses_survive_in_the_corpus(
    corpus_text: dict[str, str], repaired: dict[str, Repaired]
) -> None:
    assert "(國際原子能機構)" in repaired["001"].text
    assert "(adaptability)" in repaired["004"].text and "(resilience)" in repaired["004"].text
    assert "(AGI)" in repaired["000"].text
    assert "(Sam Altman)" in repaired["003"].text


def test_pinyin_repairs_are_recorded(repaired: dict[str, Repaired]) -> None:
    kinds = [x for x in repaired["001"].repairs if x.kind == "pinyin"]
    assert len(kinds) > 900
    assert all(x.after == "" and x.start == x.end for x in kinds)
    assert {x.before for x in kinds} >= {"(lǐng)", "(jī)", "(xù)"}


def test_repair_removes_annotations_in_a_chunk() -> None:
    assert repair("機(jī)遇和風(fēng)險(xiǎn)").text == "機遇和風險"
