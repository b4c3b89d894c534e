"""Figures over a group of judged questions, and the report: overall, per kind, per lang.

A rate whose denominator is zero is ``None`` (shown as a dash), never 0 or 1.
Recall counts answerable questions that have gold quotes. Precision counts the citations
given for those, and for abstain questions too: there nothing can support an answer, so
every citation misses. Citations on answerable questions without gold quotes cannot be
judged and are left out. Latency is the wall-clock time of each call to the answerer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from .judge import RULES, QuestionResult


def ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Scores:
    """Counts and rates for one group of questions."""

    questions: int
    answerable: int
    unanswerable: int
    correct: int
    correct_t2s: int
    citations: int
    citation_hits: int
    with_gold: int
    recalled: int
    declined: int
    false_abstentions: int
    errors: int
    accuracy: float | None
    accuracy_t2s: float | None
    citation_precision: float | None
    citation_recall: float | None
    abstention_accuracy: float | None
    false_abstention_rate: float | None
    latency_p50: float | None
    latency_p95: float | None

    def to_json(self) -> dict[str, object]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def score(results: Sequence[QuestionResult]) -> Scores:
    """The figures for ``results``."""
    answerable = [r for r in results if not r.question.abstain]
    unanswerable = [r for r in results if r.question.abstain]
    gold = [r for r in answerable if r.has_gold]
    hits = [h for r in (*gold, *unanswerable) for h in r.hits]
    counts = {
        "correct": sum(r.correct for r in answerable),
        "correct_t2s": sum(r.correct_t2s for r in answerable),
        "recalled": sum(any(r.hits) for r in gold),
        "declined": sum(r.abstained for r in unanswerable),
        "false_abstentions": sum(r.abstained for r in answerable),
    }
    seconds = [r.seconds for r in results]
    return Scores(
        questions=len(results), answerable=len(answerable), unanswerable=len(unanswerable),
        citations=len(hits), citation_hits=sum(hits), with_gold=len(gold),
        errors=sum(r.error is not None for r in results), **counts,
        accuracy=ratio(counts["correct"], len(answerable)),
        accuracy_t2s=ratio(counts["correct_t2s"], len(answerable)),
        citation_precision=ratio(sum(hits), len(hits)),
        citation_recall=ratio(counts["recalled"], len(gold)),
        abstention_accuracy=ratio(counts["declined"], len(unanswerable)),
        false_abstention_rate=ratio(counts["false_abstentions"], len(answerable)),
        latency_p50=percentile(seconds, 50), latency_p95=percentile(seconds, 95),
    )


def breakdown(results: Sequence[QuestionResult],
              key: Callable[[QuestionResult], str]) -> dict[str, Scores]:
    """Scores per value of ``key`` (e.g. per kind), in order of first appearance."""
    groups: dict[str, list[QuestionResult]] = {}
    for r in results:
        groups.setdefault(key(r), []).append(r)
    return {name: score(group) for name, group in groups.items()}


def risk_coverage(results: Sequence[QuestionResult]) -> list[dict[str, float]]:
    """How the answer/abstain decision would trade if its threshold moved: for each
    confidence at which an answer was given, answering only at or above it, the share
    of questions answered (coverage), the share of those answers that are wrong or
    should have been declined (risk), and the share of unanswerable questions declined.
    Abstentions count at confidence -1 (never answered)."""
    points = [(r.answer.confidence if r.answer is not None and not r.abstained else -1.0,
               r.question.abstain, r.correct) for r in results]
    unanswerable = sum(a for _, a, _ in points)
    curve = []
    for t in sorted({c for c, _, _ in points if c >= 0}):
        answered = [(a, ok) for c, a, ok in points if c >= t]
        curve.append({
            "threshold": round(t, 4),
            "coverage": round(len(answered) / len(points), 4),
            "risk": round(sum(a or not ok for a, ok in answered) / len(answered), 4),
            "declined": round(sum(1 for c, a, _ in points if a and c < t)
                              / unanswerable, 4) if unanswerable else 1.0,
        })
    return curve


@dataclass
class Report:
    """Everything an evaluation run measured."""

    results: list[QuestionResult]
    overall: Scores
    by_kind: dict[str, Scores]
    by_lang: dict[str, Scores]
    by_corpus: dict[str, Scores] = field(default_factory=dict)
    backends: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "rules": RULES,
            "backends": self.backends,
            "overall": self.overall.to_json(),
            "by_kind": {k: s.to_json() for k, s in self.by_kind.items()},
            "by_lang": {k: s.to_json() for k, s in self.by_lang.items()},
            "by_corpus": {k: s.to_json() for k, s in self.by_corpus.items()},
            "risk_coverage": risk_coverage(self.results),
            "results": [r.to_json() for r in self.results],
        }


def build_report(results: list[QuestionResult]) -> Report:
    backends = sorted({r.answer.backend for r in results if r.answer is not None})
    return Report(
        results, score(results),
        by_kind=breakdown(results, lambda r: r.question.kind),
        by_lang=breakdown(results, lambda r: r.question.lang),
        by_corpus=breakdown(results, lambda r: r.question.corpus),
        backends=backends,
    )
