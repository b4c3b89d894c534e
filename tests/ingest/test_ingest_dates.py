"""Dates a document states about itself: written forms, datelines, metadata, the primary date."""

from __future__ import annotations

import pytest

from ponder.ingest.dates import (
    DATELINE_WINDOW,
    metadata_dates,
    parse_metadata_date,
    primary_date,
    text_dates,
)
from ponder.records import DocumentDate

from corpus import altman_file


def values(text: str) -> list[tuple[str, str, str]]:
    return [(d.value, d.source, d.text) for d in text_dates(text)]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("2024年3月19日", "2024-03-19"),
        ("2024 年 3 月 19 日", "2024-03-19"),
        ("2024年3月", "2024-03"),
        ("2024年", "2024"),
        ("２０２４年３月１９日", "2024-03-19"),
        ("二〇二四年三月十九日", "2024-03-19"),
        ("二〇二三年十一月二十一日", "2023-11-21"),
        ("2024年3月19号", "2024-03-19"),
        ("2024-03-19", "2024-03-19"),
        ("2024/3/19", "2024-03-19"),
        ("２０２４／３／１９", "2024-03-19"),
        ("2024.3.19", "2024-03-19"),
        ("March 19, 2024", "2024-03-19"),
        ("Mar. 19 2024", "2024-03-19"),
        ("March 19th, 2024", "2024-03-19"),
        ("19 March 2024", "2024-03-19"),
        ("19th of March, 2024", "2024-03-19"),
        ("March 2024", "2024-03"),
        ("Sept 2023", "2023-09"),
    ],
)
def test_written_forms(written: str, value: str) -> None:
    text = "x" * DATELINE_WINDOW + f"他说，在{written}的会上，一切都变了。 It was {written} then."
    found = text_dates(text)
    assert found, written
    first = found[0]
    assert (first.value, first.source, first.text) == (value, "text", written)
    assert text[first.start or 0 : first.end or 0] == written


@pytest.mark.parametrize(
    "text",
    [
        "Python 3.11.2 was released.",  # a version, not a date
        "2024-13-01 and 2023-02-30 are not dates",
        "版本 2.8万字，7万亿美元，GPT-4o。",
        "we may 2024 items",  # 'may' in lower case is a verb
        "IP 2001.1.1.1 is an address",
        "在0999年",  # out of range
    ],
)
def test_not_dates(text: str) -> None:
    assert text_dates("x" * DATELINE_WINDOW + text) == []


def test_a_round_number_of_years_is_a_span_not_a_date() -> None:
    text = "x" * DATELINE_WINDOW + "回顧 500 或 1000 年前的人們；2030年后；2000年前后。"
    assert [d.value for d in text_dates(text)] == ["2030"]


def test_month_day_without_year_only_as_a_dateline() -> None:
    assert values("腾讯科技讯 3月19日消息，据国外媒体报道，奥特曼接受了专访。") == [
        ("--03-19", "dateline", "3月19日")
    ]
    later = "x" * DATELINE_WINDOW + "\n去年11月17日的董事会，那绝对是至暗时刻。"
    assert text_dates(later) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("量子位 2025/2/8 15:36:57 責編:清源\n\n正文很长，很长，很长，很长，很长。", "2025-02-08"),
        ("新华社北京2024年3月19日电 记者从会上获悉，一切顺利，还有很多话要说。", "2024-03-19"),
        ("本文的导语，说了很多很多话。发布时间：2024-03-19 10:00 作者：某某，很长的一行。",
         "2024-03-19"),
        ("A long opening line that says a great deal about the subject at hand.\n"
         "Published on March 19, 2024 by someone who writes long lines about it.", "2024-03-19"),
        ("Interview\n19 March 2024\n\nThe talk opened with a question about power.", "2024-03-19"),
    ],
)
def test_datelines(text: str, value: str) -> None:
    found = text_dates(text)
    assert [(d.value, d.source) for d in found][:1] == [(value, "dateline")]


def test_a_date_inside_a_sentence_is_not_a_dateline() -> None:
    text = "请带我们回顾下从2023年11月16日周四开始的OpenAI董事会风波，也许是11月17日周五。"
    assert [(d.value, d.source) for d in text_dates(text)] == [("2023-11-16", "text")]


def test_no_dateline_past_the_window() -> None:
    text = "x" * DATELINE_WINDOW + "\n量子位 2025/2/8\n"
    assert [(d.value, d.source) for d in text_dates(text)] == [("2025-02-08", "text")]


def test_base_offsets_are_document_offsets() -> None:
    (found,) = text_dates("on 2024-03-19.", base=DATELINE_WINDOW)
    assert (found.start, found.end) == (DATELINE_WINDOW + 3, DATELINE_WINDOW + 13)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2024-03-19T10:00:00+08:00", "2024-03-19"),
        ("2024-03-19", "2024-03-19"),
        ("2024-03", "2024-03"),
        ("2024", "2024"),
        ("D:20240319103000+08'00'", "2024-03-19"),
        ("D:2024", "2024"),
        ("20240319", "2024-03-19"),
        ("2024-03-19 10:00:00", "2024-03-19"),
        (" March 19, 2024 ", "2024-03-19"),
        ("not a date", None),
        ("2024-02-30", None),
        ("", None),
    ],
)
def test_metadata_values(raw: str, value: str | None) -> None:
    assert parse_metadata_date(raw) == value


def test_metadata_dates_keep_the_field_and_skip_repeats() -> None:
    found = metadata_dates([
        ("article:published_time", "2024-03-19T10:00:00Z"),
        ("article:published_time", "2024-03-19T10:00:00Z"),
        ("date", "soon"),
    ])  # fmt: skip
    assert found == [
        DocumentDate("2024-03-19", "metadata", "2024-03-19T10:00:00Z",
                     field="article:published_time")
    ]  # fmt: skip


def date(
    value: str, source: str, start: int | None = None, field: str | None = None
) -> DocumentDate:
    end = None if start is None else start + 1
    return DocumentDate(value, source, value, start, end, field=field)


def test_primary_prefers_metadata_then_dateline_then_an_early_date() -> None:
    modified = date("2024-05-01", "metadata", field="article:modified_time")
    published = date("2024-03-19", "metadata", field="article:published_time")
    dateline = date("--03-19", "dateline", 40)
    early = date("2023-11", "text", 10)
    year = date("2000", "text", 5)
    late = date("2023-01-01", "text", DATELINE_WINDOW + 1)
    assert primary_date([modified, published, dateline, early]) == published
    assert primary_date([modified]) == modified
    time = date("2024-03-18", "metadata", field="time")
    assert primary_date([time, modified, published]) == published
    assert primary_date([modified, time]) == time
    assert primary_date([year, early, dateline]) == dateline
    assert primary_date([year, early, late]) == early
    assert primary_date([year, late]) is None
    assert primary_date([]) is None


def test_precision() -> None:
    assert [date(v, "text").precision for v in ("2024", "2024-03", "2024-03-19", "--03-19")] == [
        "year", "month", "day", "month-day"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("prefix", "primary", "source"),
    [
        ("000", None, None),
        ("001", None, None),
        ("002", "--03-19", "dateline"),
        ("003", "--05-16", "dateline"),
        ("004", "2025-02-08", "dateline"),
    ],
)
def test_altman_files(prefix: str, primary: str | None, source: str | None) -> None:
    found = primary_date(text_dates(altman_file(prefix).read_text(encoding="utf-8")))
    got = (found.value, found.source) if found else (None, None)
    assert got == (primary, source)
