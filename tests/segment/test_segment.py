from __future__ import annotations

from collections import Counter

from ponder.ingest.readers.text import MarkdownHeadings
from ponder.segment import segment
from ponder.segment.speakers import find_turns

from corpus import altman_file


def read(name: str) -> str:
    return altman_file(name).read_text(encoding="utf-8")


def test_markdown_turns_in_002() -> None:
    speakers = Counter(t.speaker for t in find_turns(read("002")))
    assert speakers["问"] > 100 and speakers["奥特曼"] > 100
    assert set(speakers) == {"问", "奥特曼"}


def test_plain_turns_in_003() -> None:
    speakers = Counter(t.speaker for t in find_turns(read("003")))
    assert speakers["巴特萊"] >= 10 and speakers["奧特曼"] >= 10


def test_inline_turns_in_001() -> None:
    speakers = Counter(t.speaker for t in find_turns(read("001")))
    assert {"Sam Altman", "Ilya Sutskever", "Nadav Cohen"} <= set(speakers)


def test_no_speaker_inside_a_sentence() -> None:
    # "奥特曼称:" follows a comma in 000: a reported statement, not a turn.
    assert find_turns(read("000")) == []


def test_passages_never_cross_a_turn_and_drop_the_label() -> None:
    text = "**问：** 你好吗？\n\n**奥特曼：** 很好。谢谢。\n\n**问：** 再见。"
    spans = segment(text)
    assert [(text[s.start : s.end], s.speaker) for s in spans] == [
        ("你好吗？", "问"),
        ("很好。谢谢。", "奥特曼"),
        ("再见。", "问"),
    ]


def test_sentences_are_grouped_up_to_three() -> None:
    text = "一。二。三。四。五。"
    spans = segment(text)
    assert [text[s.start : s.end] for s in spans] == ["一。二。三。", "四。五。"]


def test_never_splits_mid_sentence_when_it_fits() -> None:
    text = "This is the first sentence. Version 3.11 added e.g. tomllib, etc. Third one here."
    spans = segment(text, limit=1000)
    assert len(spans) == 1 and text[spans[0].start : spans[0].end] == text


def test_long_sentence_is_split_at_clauses() -> None:
    text = "，".join(["这是一个很长的分句"] * 80) + "。"
    spans = segment(text, limit=100)
    assert len(spans) > 3
    assert all(s.end - s.start <= 110 for s in spans)
    assert "".join(text[s.start : s.end] for s in spans) == text


def test_heading_joins_next_passage_and_is_recorded() -> None:
    text = "# Title\n\nFirst sentence. Second.\n\n## Part two\n\nMore text here."
    spans = segment(text, MarkdownHeadings().scan(text))  # headings come from the reader
    assert text[spans[0].start : spans[0].end].startswith("# Title")
    assert spans[-1].heading == "Part two"
    assert text[spans[-1].start : spans[-1].end] == "## Part two\n\nMore text here."


def test_one_off_role_label_at_line_start_is_a_turn() -> None:
    text = (
        "受访者：每天骑车上班大约需要二十五分钟。\n\n"
        "调查员：你觉得共享单车改变了什么？\n\n受访者：短途出行方便多了。"
    )
    assert [s.speaker for s in segment(text)] == ["受访者", "调查员", "受访者"]


def test_one_off_footer_label_is_not_a_turn() -> None:
    text = (
        "巴特萊:你好。\n\n奧特曼:你好。\n\n巴特萊:再見。\n\n奧特曼:再見。\n\n"
        "原視頻地址：https://example.org/v"
    )
    assert "原視頻地址" not in {s.speaker for s in segment(text)}
