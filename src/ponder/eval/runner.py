"""Running a question set through an answerer, one question at a time.

The answerer is any ``Callable[[str], Answer]``: the CLI wires ``ponder.answer.ask``;
tests pass a scripted one. A model failure that concerns one request (timeout, rejected
or malformed response) is recorded against that question and the run goes on; any other
error (no model, no library, bad configuration) stops the run, since it would repeat.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..errors import ModelRequestError, ModelResponseError, ModelTimeoutError
from .gold import GoldIndex
from .judge import QuestionResult, failed, judge
from .metrics import Report, build_report
from .questions import Question

if TYPE_CHECKING:
    from ..answer.records import Answer

AnswerFn = Callable[[str], "Answer"]
Progress = Callable[[int, int], None]
Clock = Callable[[], float]

PER_QUESTION_ERRORS = (ModelTimeoutError, ModelRequestError, ModelResponseError)


def _no_progress(done: int, total: int) -> None:
    return None


def run_question(question: Question, answer_fn: AnswerFn, gold: GoldIndex,
                 clock: Clock = time.perf_counter) -> QuestionResult:
    """Ask one question and judge the answer; wall-clock seconds are measured here."""
    spans = gold.get(question.id, ())
    started = clock()
    try:
        answer = answer_fn(question.question)
    except PER_QUESTION_ERRORS as e:
        return failed(question, str(e), spans, clock() - started)
    return judge(question, answer, spans, clock() - started)


def evaluate(questions: Sequence[Question], answer_fn: AnswerFn, gold: GoldIndex, *,
             on_progress: Progress = _no_progress,
             clock: Clock = time.perf_counter) -> Report:
    """Ask every question in order and score the answers."""
    results: list[QuestionResult] = []
    on_progress(0, len(questions))
    for question in questions:
        results.append(run_question(question, answer_fn, gold, clock))
        on_progress(len(results), len(questions))
    return build_report(results)
