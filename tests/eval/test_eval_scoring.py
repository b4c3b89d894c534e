"""Scoring the real dev question sets with scripted answerers and real gold offsets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ponder.answer.records import Answer
from ponder.errors import ModelTimeoutError, ModelUnavailableError
from ponder.eval import Question, Report, evaluate, load_questions, locate_gold

from .answerers import (
    DEV,
    PYDEV,
    always_abstains,
    answer,
    by_question,
    citation,
    dev,
    perfect,
    pydev,
    quote_span,
    right_text,
    ticking_clock,
    wrong_place,
)
from corpus import CORPUS


def run(path: Path, questions: list[Question], make: Callable[[Question], Answer]) -> Report:
    gold = locate_gold(questions, CORPUS, path)
    return evaluate(questions, by_question(questions, make), gold)


@pytest.mark.parametrize("path", [DEV, PYDEV], ids=["altman", "python-docs"])
def test_perfect_answerer_scores_one_everywhere(path: Path) -> None:
    questions = load_questions(path)
    report = run(path, questions, perfect)
    s = report.overall
    assert (s.accuracy, s.accuracy_t2s, s.citation_precision, s.citation_recall) == (1, 1, 1, 1)
    assert (s.abstention_accuracy, s.false_abstention_rate) == (1, 0)
    assert s.questions == len(questions) and s.errors == 0
    assert s.citations == sum(len(q.sources) for q in questions if not q.abstain)


def test_always_abstaining_answerer() -> None:
    questions = dev()
    s = run(DEV, questions, always_abstains).overall
    assert s.accuracy == 0 and s.accuracy_t2s == 0
    assert s.abstention_accuracy == 1 and s.false_abstention_rate == 1
    assert s.citation_recall == 0 and s.citation_precision is None and s.citations == 0
    assert (s.answerable, s.unanswerable) == (11, 2)


def test_citations_elsewhere_in_the_right_file_have_no_precision() -> None:
    questions = dev()
    s = run(DEV, questions, wrong_place).overall
    assert s.citation_precision == 0 and s.citation_recall == 0 and s.citations > 0
    assert s.accuracy == 1  # the text is right; only the citations are wrong
    assert s.abstention_accuracy == 0 and s.false_abstention_rate == 0


def test_right_offsets_in_another_file_miss() -> None:
    questions = dev()
    def other_file(q: Question) -> Answer:
        if q.abstain:
            return perfect(q)
        path, start, end = quote_span(q)
        others = sorted(p for p in path.parent.glob("*.txt") if p != path)
        return answer(q, right_text(q), citations=[citation(1, others[0], start, end)])
    s = run(DEV, questions, other_file).overall
    assert s.citation_precision == 0 and s.citation_recall == 0


def test_one_good_citation_among_bad_gives_recall_and_partial_precision() -> None:
    questions = [q for q in dev() if q.id == "dev-01"]
    def mixed(q: Question) -> Answer:
        path, start, end = quote_span(q)
        cites = [citation(1, path, end - 1, end + 40),          # overlaps by one character
                 citation(2, path, end, end + 40),              # touches the end: no overlap
                 citation(3, path, start - 40, start)]          # touches the start: no overlap
        return answer(q, "30亿部", citations=cites)
    report = run(DEV, questions, mixed)
    assert report.results[0].hits == [True, False, False]
    assert report.overall.citation_recall == 1
    assert report.overall.citation_precision == pytest.approx(1 / 3)


def test_a_citation_given_for_an_abstain_question_misses() -> None:
    questions = [q for q in dev() if q.id in {"dev-01", "dev-12"}]
    def cites_anyway(q: Question) -> Answer:
        if not q.abstain:
            return perfect(q)
        path, start, end = quote_span(next(x for x in questions if not x.abstain))
        return answer(q, "Perhaps 30亿.", citations=[citation(1, path, start, end)])
    s = run(DEV, questions, cites_anyway).overall
    assert (s.citation_hits, s.citations) == (1, 2) and s.citation_precision == 0.5
    assert s.citation_recall == 1 and s.abstention_accuracy == 0


def test_every_occurrence_of_a_gold_quote_counts() -> None:
    """dev-p3's quote occurs 4 times in whatsnew/3.11.html; citing the last one hits."""
    questions = [q for q in pydev() if q.id == "dev-p3"]
    gold = locate_gold(questions, CORPUS, PYDEV)
    assert len(gold["dev-p3"]) == 4
    last = gold["dev-p3"][-1]
    path = CORPUS / "python-docs" / "whatsnew" / "3.11.html"
    assert path.read_text("utf-8")[last.start:last.end] == questions[0].sources[0].quote
    def cites_last(q: Question) -> Answer:
        return answer(q, "fine-grained error locations",
                      citations=[citation(1, path, last.start + 3, last.end + 100)])
    s = run(PYDEV, questions, cites_last).overall
    assert (s.citation_precision, s.citation_recall, s.accuracy) == (1, 1, 1)


def test_breakdown_per_kind_and_lang() -> None:
    questions = dev()
    def wrong_on_english(q: Question) -> Answer:
        return always_abstains(q) if q.lang == "en" and not q.abstain else perfect(q)
    report = run(DEV, questions, wrong_on_english)
    assert set(report.by_kind) == {q.kind for q in questions}
    assert set(report.by_lang) == {"zh", "en"}
    en, zh = report.by_lang["en"], report.by_lang["zh"]
    assert en.accuracy == 0 and en.false_abstention_rate == 1 and en.abstention_accuracy == 1
    assert zh.accuracy == 1 and zh.citation_recall == 1
    assert report.by_kind["abstain"].accuracy is None
    assert report.by_kind["abstain"].abstention_accuracy == 1
    assert report.by_kind["mojibake"].accuracy == 1
    answerable = [q for q in questions if not q.abstain]
    zh_answerable = [q for q in answerable if q.lang == "zh"]
    assert report.overall.accuracy == pytest.approx(len(zh_answerable) / len(answerable))


def test_abstained_answer_is_never_correct_even_if_it_mentions_the_words() -> None:
    questions = [q for q in dev() if q.id == "dev-01"]
    def hedged(q: Question) -> Answer:
        return answer(q, "也许是30亿，但资料没有说。", abstained=True)
    s = run(DEV, questions, hedged).overall
    assert s.accuracy == 0 and s.false_abstention_rate == 1


def test_matching_is_case_insensitive_and_needs_every_group() -> None:
    questions = [q for q in dev() if q.id in {"dev-03", "dev-06"}]
    texts = {"dev-03": "ITERATIVE Deployment", "dev-06": "一年內完成十年的科學研究"}
    report = run(DEV, questions, lambda q: answer(q, texts[q.id]))
    # dev-06 needs 十年 and (一百年 or 百年): the answer lacks the second group.
    assert [r.correct for r in report.results] == [True, False]


def test_t2s_rule_only_in_the_secondary_figure() -> None:
    q = Question(id="t1", lang="zh", question="q", kind="lookup",
                 must_include=(("碳捕获",),), sources=(), abstain=False)
    cites = [citation(1, Path("/x/altman-interviews/a.txt"), 0, 9)]
    report = evaluate([q], lambda text: answer(q, "先進的碳捕獲", citations=cites), {"t1": ()})
    assert report.overall.accuracy == 0 and report.overall.accuracy_t2s == 1
    # no gold quotes for an answerable question: its citations cannot be judged
    assert report.overall.citation_recall is None and report.overall.citations == 0


def test_latency_percentiles_from_the_clock() -> None:
    questions = dev()
    steps = [float(i + 1) for i in range(len(questions))]          # 1, 2, …, 13 seconds
    gold = locate_gold(questions, CORPUS, DEV)
    report = evaluate(questions, by_question(questions, perfect), gold,
                      clock=ticking_clock(steps))
    assert [r.seconds for r in report.results] == steps
    assert report.overall.latency_p50 == 7.0
    assert report.overall.latency_p95 == pytest.approx(12.4)


def test_progress_is_reported_per_question() -> None:
    questions = dev()[:3]
    seen: list[tuple[int, int]] = []
    evaluate(questions, by_question(questions, perfect),
             locate_gold(questions, CORPUS, DEV), on_progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_failed_request_is_recorded_and_the_run_goes_on() -> None:
    questions = dev()[:3]
    def flaky(q: Question) -> Answer:
        if q.id == "dev-02":
            raise ModelTimeoutError("openai at http://127.0.0.1:9: no answer within 30 s")
        return perfect(q)
    report = run(DEV, questions, flaky)
    failed = report.results[1].to_json()
    assert failed["error"] and failed["correct"] is False and failed["answer"] is None
    assert report.overall.errors == 1 and report.overall.accuracy == pytest.approx(2 / 3)


def test_an_unavailable_model_stops_the_run() -> None:
    questions = dev()[:3]
    def down(text: str) -> Answer:
        raise ModelUnavailableError("no model: install the 'local' extra")
    with pytest.raises(ModelUnavailableError):
        evaluate(questions, down, locate_gold(questions, CORPUS, DEV))


def test_risk_coverage_trades_answers_for_declines() -> None:
    """Each point answers the questions at or above its confidence: a confident right
    answer, a less confident wrong one, an unanswerable one answered at low confidence."""

    questions = dev()
    answerable = [q for q in questions if not q.abstain][:2]
    silent = [q for q in questions if q.abstain][:1]
    made = {answerable[0].id: (right_text(answerable[0]), 0.9),
            answerable[1].id: ("nothing useful", 0.5), silent[0].id: ("a guess", 0.2)}

    def make(q: Question) -> Answer:
        a = answer(q, made[q.id][0])
        a.confidence = made[q.id][1]
        return a

    report = run(DEV, [*answerable, *silent], make)
    curve = {p["threshold"]: p for p in report.to_json()["risk_coverage"]}
    assert curve[0.9] == {"threshold": 0.9, "coverage": 0.3333, "risk": 0.0, "declined": 1.0}
    assert curve[0.5]["risk"] == 0.5 and curve[0.5]["declined"] == 1.0
    assert curve[0.2] == {"threshold": 0.2, "coverage": 1.0, "risk": 0.6667, "declined": 0.0}
