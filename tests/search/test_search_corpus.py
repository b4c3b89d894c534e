"""Search over real files: the fixture library (Chinese interviews in both scripts and
Python docs pages in one library, see ``fixture_library.py``).

Lexical tests use it ingested; tests marked ``slow`` need it embedded (built once and
cached under ``.cache/``). Recall over the dev question sets needs both corpora whole:
those run only with ``PONDER_TEST_FULL_CORPUS=1``.
"""

from __future__ import annotations

import sys

import pytest

from ponder.records import Hit
from ponder.search import search
from ponder.store import Library

from .gold import Question, gold_rank, questions
from markers import full_corpus

TU_BERLIN = "004_37920ef5dc06a9d7"  # traditional script, Deniz / 阿爾特曼 turns
DECADE = "一年內完成十年的科學研究"  # Altman: "perhaps a decade of science in one year"
DECADE_QUERIES = ["一年内完成十年的科学研究", "a decade of scientific research in a single year"]


def decade_rank(hits: list[Hit]) -> int | None:
    for rank, h in enumerate(hits, start=1):
        if h.path.endswith(f"{TU_BERLIN}.txt") and DECADE in h.text:
            return rank
    return None


@pytest.mark.parametrize("query", DECADE_QUERIES)
def test_decade_passage_lexical(fixture_corpus_lib: Library, query: str) -> None:
    """A simplified query, and an English one through CC-CEDICT, reach traditional text."""
    rank = decade_rank(search(fixture_corpus_lib, query, limit=5, mode="lexical"))
    assert rank is not None and rank <= 5


def test_simplified_query_finds_traditional_article(fixture_corpus_lib: Library) -> None:
    hits = search(fixture_corpus_lib, "开源模型", limit=5, mode="lexical")
    assert any(h.path.endswith(f"{TU_BERLIN}.txt") and "開源模型" in h.text for h in hits)


def test_document_filter_on_corpus(fixture_corpus_lib: Library) -> None:
    doc = fixture_corpus_lib.document(TU_BERLIN)
    hits = search(fixture_corpus_lib, "开源模型", limit=10, mode="lexical", doc_ids=[doc.id])
    assert len(hits) == 10 and {h.doc_id for h in hits} == {doc.id}


def test_speaker_filter_on_corpus(fixture_corpus_lib: Library) -> None:
    """The speaker filter matches across scripts, and only passages the speaker says:
    000 names 奥特曼 in its text but has no turns, so none of its passages come back."""
    hits = search(fixture_corpus_lib, "开源模型", limit=10, mode="lexical", speaker="阿尔特曼")
    assert hits and {h.speaker for h in hits} == {"阿爾特曼"}
    hits = search(fixture_corpus_lib, "模型", limit=20, mode="lexical", speaker="奥特曼")
    assert len(hits) >= 3 and {h.speaker for h in hits} == {"奧特曼"}
    assert all(h.path.endswith("003_c42b1380473478f5.txt") for h in hits)


def test_english_questions_reach_english_pages(fixture_corpus_lib: Library) -> None:
    hits = search(fixture_corpus_lib, "why is it called Python", limit=5, mode="lexical")
    assert hits[0].path.endswith("faq/general.html")
    assert "Why is it called Python?" in hits[0].text


# ---- with embeddings ----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("query", DECADE_QUERIES)
def test_decade_passage_hybrid(fixture_lib: Library, query: str) -> None:
    hits = search(fixture_lib, query, limit=5)
    rank = decade_rank(hits)
    assert rank is not None and rank <= 5, [h.text[:40] for h in hits]


@pytest.mark.slow
def test_dense_crosses_languages(fixture_lib: Library) -> None:
    query = "a decade of scientific research in a single year"
    chinese = [d.id for d in fixture_lib.documents() if d.language == "zh"]
    rank = decade_rank(search(fixture_lib, query, limit=5, mode="dense", doc_ids=chinese))
    assert rank is not None
    # in hybrid, the other-language bonus keeps English pages from burying Chinese passages
    hit = next(h for h in search(fixture_lib, query, limit=5) if DECADE in h.text)
    assert {"translated", "dense"} <= set(hit.ranks)


@pytest.mark.slow
def test_filters_apply_in_hybrid(fixture_lib: Library) -> None:
    doc = fixture_lib.document(TU_BERLIN)
    hits = search(fixture_lib, "a decade of scientific research", limit=10, doc_ids=[doc.id])
    assert len(hits) == 10 and {h.doc_id for h in hits} == {doc.id}
    hits = search(fixture_lib, "open source models", limit=10, speaker="阿尔特曼")
    assert hits and {h.speaker for h in hits} == {"阿爾特曼"}


# ---- both corpora whole: quality, not behaviour (PONDER_TEST_FULL_CORPUS=1) ----

EN_QUESTIONS = [q for q in questions("dev-qa.jsonl") if q.lang == "en"]
ZH_QUESTIONS = [q for q in questions("dev-qa.jsonl") if q.lang == "zh"]
PY_QUESTIONS = questions("dev-qa-python-docs.jsonl")

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
@full_corpus
@pytest.mark.parametrize("question", [_dev_param(q) for q in EN_QUESTIONS + PY_QUESTIONS])
def test_dev_question_gold_in_top5(embedded_lib: Library, question: Question) -> None:
    hits = search(embedded_lib, question.question, limit=5)
    assert gold_rank(embedded_lib, hits, question) is not None, [h.text[:50] for h in hits]


@pytest.mark.slow
@full_corpus
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
