"""When-questions about a document itself, and dates said the way people write them."""

from __future__ import annotations

import pytest

from ponder.answer.dates import asks_document_date, spoken
from ponder.answer.qtype import wants


@pytest.mark.parametrize(("question", "about_document"), [
    ("When was the article about Altman's TU Berlin round table published?", True),
    ("这次访谈是什么时候进行的？", True),
    ("On what date did Tencent Tech publish its report on the interview?", True),
    ("GPT-5什么时候发布？", False),  # an event in the text, not the document
    ("When will GPT-5 be released?", False),
    ("When did Guido start writing Python?", False),
    ("What did the article say about DeepSeek?", False),  # not a when-question
])
def test_document_date_questions(question: str, about_document: bool) -> None:
    assert asks_document_date(question, wants(question)) is about_document


def test_dates_at_the_precision_written() -> None:
    assert spoken("2025-02-08", "en") == "February 8, 2025"
    assert spoken("2025-02-08", "zh") == "2025年2月8日"
    assert spoken("--05-16", "en") == "May 16" and spoken("--05-16", "zh") == "5月16日"
    assert spoken("2024-03", "en") == "March 2024" and spoken("2024", "zh") == "2024年"


@pytest.mark.parametrize("question", [
    "When was Deep Research launched, according to the article?",
    "文章说OpenAI什么时候推出了Deep Research？",
    "When did Altman say in the interview that GPT-5 would come out?",
])
def test_a_document_named_as_a_source_is_not_the_subject(question: str) -> None:
    assert not asks_document_date(question, wants(question))
