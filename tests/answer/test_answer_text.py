"""Sentences, citation markers, numbers, names and negation: the pieces of the check."""

from __future__ import annotations

import pytest

from ponder.answer.lang import abstain_text, is_abstain_text
from ponder.answer.numbers import missing_numbers, numbers_in
from ponder.answer.polarity import same_polarity
from ponder.answer.sentences import cited_numbers, split_sentences, strip_citations
from ponder.answer.support import names_in
from ponder.text.script import language_of


def test_sentences_keep_their_citations() -> None:
    text = "He said X [1]. Then Y.[2] And z? [1][3] 他说过。[2]好的！最后 [4, 5]"
    got = [(s.text, cited_numbers(s.text)) for s in split_sentences(text)]
    assert got == [
        ("He said X [1].", [1]), ("Then Y.[2]", [2]), ("And z? [1][3]", [1, 3]),
        ("他说过。[2]", [2]), ("好的！", []), ("最后 [4, 5]", [4, 5]),
    ]
    assert strip_citations("He said X [1].") == "He said X."


def test_sentence_offsets_index_the_text() -> None:
    text = "Use PurePath.is_relative_to() in Python 3.11. It returns True.\n奥特曼说：是的。"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
    assert len(split_sentences(text)) == 3


@pytest.mark.parametrize(
    ("a", "b"),
    [("30亿部", "三十亿"), ("3 billion chips", "30亿"), ("7万亿美元", "7 trillion"),
     ("两千零二十四年", "2024"), ("50,000 dollars", "5 萬美元"), ("two people", "兩個人")],
)
def test_numbers_agree_across_notations(a: str, b: str) -> None:
    assert numbers_in(a) & numbers_in(b)
    assert not missing_numbers(a, b)


def test_numerals_inside_words_are_not_numbers() -> None:
    assert numbers_in("统一的一些第一次") == set()
    assert missing_numbers("大约50亿部", "所以每年的市场需求就是30亿部") == {5e9}


def test_names_are_identifiers_and_unusual_capitalised_words() -> None:
    assert names_in("Altman thinks Helion leads, says the Monday post.") == ["Altman", "Helion"]
    assert names_in("Path.owner() raises KeyError on Python 3.11.") == [
        "Path.owner", "KeyError"]
    assert names_in("奥特曼认为Helion公司做得最好") == ["Helion"]


def test_negation_must_agree() -> None:
    assert not same_polarity("他经常外出用餐", "我都無法自由地外出用餐")
    assert same_polarity("nobody programs with punch cards", "no one uses punch cards")
    assert same_polarity("returns whether the path is absolute",
                         "Return whether or not the path is absolute")


def test_language_of_questions() -> None:
    assert language_of("OpenAI 2024年的营收是多少？") == "zh"
    assert language_of("在Logan Bartlett访谈中，奥特曼举了什么例子？") == "zh"
    assert language_of("What does 奥特曼 say about compute?") == "en"
    assert is_abstain_text(abstain_text("zh")) and is_abstain_text("The documents don't say.")
