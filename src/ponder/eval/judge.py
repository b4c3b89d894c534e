"""Judging one answer: is it correct, which citations hit the gold, did it decline.

Two matching rules for correctness. The headline, from the question-set README: every
``must_include`` group has an alternative that is a case-insensitive substring of the
answer. The secondary rule does the same after converting both sides to simplified script
with OpenCC ``t2s``; it is reported beside the headline, never in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..text.script import to_simplified
from .gold import GoldSpan
from .questions import Question

if TYPE_CHECKING:
    from ..answer.records import Answer, Citation

Fold = Callable[[str], str]

RULES = {
    "accuracy": "every must_include group has an alternative that is a case-insensitive "
                "substring of the answer text; an abstained answer is not correct",
    "accuracy_t2s": "the same after OpenCC t2s (traditional to simplified) on both sides",
    "citation": "a citation hits when its path ends with <corpus>/<file> of a gold quote and "
                "[source_start, source_end) overlaps an occurrence of the quote in that file",
}


def casefold(text: str) -> str:
    return text.casefold()


def t2s_casefold(text: str) -> str:
    return to_simplified(text).casefold()


def includes_all(text: str, groups: Sequence[Sequence[str]], fold: Fold = casefold) -> bool:
    """Whether every group has at least one alternative in ``text`` (after ``fold``)."""
    folded = fold(text)
    return all(any(fold(alt) in folded for alt in group) for group in groups)


def citation_hits(citations: Sequence[Citation], gold: Sequence[GoldSpan]) -> list[bool]:
    """For each citation, whether its source span overlaps one of the gold spans."""
    return [
        any(span.overlaps(c.path, c.source_start, c.source_end) for span in gold)
        for c in citations
    ]


@dataclass
class QuestionResult:
    """One question, what came back, and how it was judged."""

    question: Question
    answer: Answer | None
    seconds: float
    correct: bool = False
    correct_t2s: bool = False
    hits: list[bool] = field(default_factory=list)
    has_gold: bool = False
    error: str | None = None

    @property
    def abstained(self) -> bool:
        return self.answer is not None and self.answer.abstained

    @property
    def right(self) -> bool:
        """Declined an abstain question, or answered an answerable one correctly."""
        return self.abstained if self.question.abstain else self.correct

    @property
    def citations(self) -> list[Citation]:
        return self.answer.citations if self.answer is not None else []

    def to_json(self) -> dict[str, object]:
        q = self.question
        return {
            "id": q.id, "kind": q.kind, "lang": q.lang, "abstain": q.abstain,
            "correct": self.right,
            "correct_t2s": self.abstained if q.abstain else self.correct_t2s,
            "abstained": self.abstained,
            "citation_hits": sum(self.hits),
            "citations": [_citation_json(c, hit) for c, hit in zip(self.citations, self.hits,
                                                                   strict=True)],
            "seconds": round(self.seconds, 3),
            "answer": self.answer.answer if self.answer is not None else None,
            "error": self.error,
        }


def _citation_json(c: Citation, hit: bool) -> dict[str, object]:
    return {"n": c.n, "path": c.path, "source_start": c.source_start,
            "source_end": c.source_end, "hit": hit}


def judge(question: Question, answer: Answer, gold: Sequence[GoldSpan],
          seconds: float) -> QuestionResult:
    """Judge ``answer`` to ``question`` against its gold spans."""
    answered = not answer.abstained and not question.abstain
    groups = question.must_include
    return QuestionResult(
        question, answer, seconds,
        correct=answered and includes_all(answer.answer, groups),
        correct_t2s=answered and includes_all(answer.answer, groups, t2s_casefold),
        hits=citation_hits(answer.citations, gold),
        has_gold=bool(gold),
    )


def failed(question: Question, error: str, gold: Sequence[GoldSpan],
           seconds: float) -> QuestionResult:
    """A question whose answer failed: not correct, not declined, nothing cited."""
    return QuestionResult(question, None, seconds, has_gold=bool(gold), error=error)
