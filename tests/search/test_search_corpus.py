"""Search over the real corpora (Chinese interviews + Python docs in one library).

Lexical tests use the ingested library; tests marked ``slow`` need it embedded
(built once and cached under ``.cache/``, see conftest).
"""

from __future__ import annotations

import sys

import pytest

from ponder.records import Hit
from ponder.search import search
from ponder.store import Library

from .gold import Question, gold_rank, questions

CURRENCY = "算力将称为未来的货币"  # sic: the article's typo for 成为
CURRENCY_QUERIES = ["算力 未来的货币", "compute will be the currency of the future"]


def currency_rank(hits: list[Hit]) -> int | None:
    for rank, h in enumerate(hits, start=1):
        if h.path.endswith("002_f78c835db4602e1d.txt") and CURRENCY in h.text:
            return rank
    return None


@pytest.mark.parametrize("query", CURRENCY_QUERIES)
def test_currency_passage_lexical(corpus_lib: Library, query: str) -> None:
    rank = currency_rank(search(corpus_lib, query, limit=5, mode="lexical"))
    assert rank is not None and rank <= 5


def test_simplified_query_finds_traditional_article(corpus_lib: Library) -> None:
    hits = search(corpus_lib, "开源模型", limit=5, mode="lexical")
    assert any(h.path.endswith("004_37920ef5dc06a9d7.txt") and "開源模型" in h.text for h in hits)


def test_document_filter_on_corpus(corpus_lib: Library) -> None:
    doc = corpus_lib.document("004_37920ef5dc06a9d7")
    hits = search(corpus_lib, "开源模型", limit=10, mode="lexical", doc_ids=[doc.id])
    assert len(hits) == 10 and {h.doc_id for h in hits} == {doc.id}


def test_speaker_filter_on_corpus(corpus_lib: Library) -> None:
    hits = search(corpus_lib, "开源模型", limit=10, mode="lexical", speaker="阿尔特曼")
    assert hits and {h.speaker for h in hits} == {"阿爾特曼"}
    hits = search(corpus_lib, "模型", limit=20, mode="lexical", speaker="奥特曼")
    assert {"奥特曼", "奧特曼"} <= {h.speaker for h in hits}


def test_english_questions_reach_english_pages(corpus_lib: Library) -> None:
    hits = search(corpus_lib, "fine-grained error locations in tracebacks", limit=5,
                  mode="lexical")
    assert hits[0].path.endswith("whatsnew/3.11.html")


# ---- with embeddings ----------------------------------------------------------

EN_QUESTIONS = [q for q in questions("dev-qa.jsonl") if q.lang == "en"]
ZH_QUESTIONS = [q for q in questions("dev-qa.jsonl") if q.lang == "zh"]
PY_QUESTIONS = questions("dev-qa-python-docs.jsonl")


@pytest.mark.slow
@pytest.mark.parametrize("query", CURRENCY_QUERIES)
def test_currency_passage_hybrid(embedded_lib: Library, query: str) -> None:
    hits = search(embedded_lib, query, limit=5)
    rank = currency_rank(hits)
    assert rank is not None and rank <= 5, [h.text[:40] for h in hits]


@pytest.mark.slow
def test_dense_crosses_languages(embedded_lib: Library) -> None:
    query = "compute will be the currency of the future"
    chinese = [d.id for d in embedded_lib.documents() if d.language == "zh"]
    rank = currency_rank(search(embedded_lib, query, limit=5, mode="dense", doc_ids=chinese))
    assert rank is not None
    # in hybrid, Chinese passages get their own dense list, so English pages cannot bury them
    hit = next(h for h in search(embedded_lib, query, limit=5) if CURRENCY in h.text)
    assert {"translated", "dense_other"} <= set(hit.ranks)


# Known misses: the gold passage shares no dictionary translation with the question
# (dev-04's passage lists "cheap energy, cheap manufacturing, carbon capture" without
# naming climate change; dev-07's says "not a clear binary line but the slope of a
# curve"); dense search alone ranks them 3rd and 6th among Chinese passages, but in the
# fused list they lose to passages that two lists agree on.
# dev-p2: the signature passage `sqlite3.connect(..., isolation_level='DEFERRED', ...)`
# ranks first and states the default itself; the gold parameter description ranks 7th.
HARD = {
    "dev-04": "no lexical evidence; dense only",
    "dev-07": "no lexical evidence; dense only",
    "dev-p2": "the signature passage, which states the default, outranks the gold description",
}


def _dev_param(q: Question) -> object:
    reason = HARD.get(q.id)
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(q, id=q.id, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("question", [_dev_param(q) for q in EN_QUESTIONS + PY_QUESTIONS])
def test_dev_question_gold_in_top5(embedded_lib: Library, question: Question) -> None:
    hits = search(embedded_lib, question.question, limit=5)
    assert gold_rank(embedded_lib, hits, question) is not None, [h.text[:50] for h in hits]


@pytest.mark.slow
def test_recall_report(embedded_lib: Library) -> None:
    """Recall@5 per mode over every answerable dev question; printed, and held above a floor."""
    found: dict[str, int] = {}
    for mode in ("lexical", "dense", "hybrid"):
        found[mode] = sum(
            (r := gold_rank(embedded_lib, search(embedded_lib, q.question, limit=5, mode=mode),
                            q)) is not None and r <= 5
            for q in EN_QUESTIONS + ZH_QUESTIONS + PY_QUESTIONS
        )
    total = len(EN_QUESTIONS + ZH_QUESTIONS + PY_QUESTIONS)
    print(f"\nrecall@5 of {total} dev questions: {found}", file=sys.stderr)
    assert found["hybrid"] >= max(found["lexical"], found["dense"])


@pytest.mark.slow
def test_filters_apply_in_hybrid(embedded_lib: Library) -> None:
    doc = embedded_lib.document("002_f78c835db4602e1d")
    hits = search(embedded_lib, "compute will be the currency of the future", limit=10,
                  doc_ids=[doc.id])
    assert len(hits) == 10 and {h.doc_id for h in hits} == {doc.id}
    hits = search(embedded_lib, "open source models", limit=10, speaker="阿尔特曼")
    assert hits and {h.speaker for h in hits} == {"阿爾特曼"}


