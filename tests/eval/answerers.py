"""Scripted answerers for the eval tests, built from the real question files and corpus.

Citations are built from the gold quotes' offsets found here with ``str.find`` in the
real corpus files (read as they are), independently of ``ponder.eval.gold``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ponder.answer.records import Answer, Citation
from ponder.eval import Question, load_questions

from corpus import CORPUS, EVAL

DEV = EVAL / "dev-qa.jsonl"
PYDEV = EVAL / "dev-qa-python-docs.jsonl"
AnswerFn = Callable[[str], Answer]
Offsets = Callable[[int, int], tuple[int, int]]


def corpus_path(q: Question, file: str) -> Path:
    return CORPUS / q.corpus / file


def quote_span(q: Question, index: int = 0) -> tuple[Path, int, int]:
    """The first occurrence of the question's ``index``-th gold quote: path, start, end."""
    source = q.sources[index]
    path = corpus_path(q, source.file)
    start = path.read_bytes().decode("utf-8").find(source.quote)
    assert start >= 0, (q.id, source.quote)
    return path, start, start + len(source.quote)


def citation(n: int, path: Path, start: int, end: int) -> Citation:
    return Citation(n=n, passage_id=n, doc_id=1, path=str(path), title=path.stem,
                    speaker=None, start=start, end=end, source_start=start,
                    source_end=end, quote="")


def answer(q: Question, text: str, *, abstained: bool = False,
           citations: list[Citation] | None = None) -> Answer:
    return Answer(question=q.question, answer=text, abstained=abstained, backend="scripted",
                  seconds=0.0, citations=citations or [])


def right_text(q: Question) -> str:
    return "；".join(group[0] for group in q.must_include) or q.answer


def around(start: int, end: int) -> tuple[int, int]:
    """A passage a little wider than the quote on both sides."""
    return max(0, start - 7), end + 7


def gold_citations(q: Question, offsets: Offsets = around) -> list[Citation]:
    cites = []
    for i in range(len(q.sources)):
        path, start, end = quote_span(q, i)
        cites.append(citation(i + 1, path, *offsets(start, end)))
    return cites


def by_question(questions: list[Question], make: Callable[[Question], Answer]) -> AnswerFn:
    """An answerer that looks the question text up and answers with ``make``."""
    table = {q.question: q for q in questions}
    return lambda text: make(table[text])


def perfect(q: Question) -> Answer:
    if q.abstain:
        return answer(q, "The library does not say.", abstained=True)
    return answer(q, right_text(q), citations=gold_citations(q))


def always_abstains(q: Question) -> Answer:
    return answer(q, "I could not find this in the library.", abstained=True)


def far_away(start: int, end: int) -> tuple[int, int]:
    """A span of the same file that ends well before the quote, or starts well after."""
    return (end + 500, end + 600) if start < 500 else (start - 400, start - 300)


def wrong_place(q: Question) -> Answer:
    if q.abstain:
        return answer(q, "Confidently wrong.", citations=[])
    return answer(q, right_text(q), citations=gold_citations(q, far_away))


def ticking_clock(steps: list[float]) -> Callable[[], float]:
    """A clock whose successive calls are 0, then cumulative ``steps`` (start, stop pairs)."""
    def times() -> Iterator[float]:
        now = 0.0
        for step in steps:
            yield now
            now += step
            yield now
    ticks = times()
    return lambda: next(ticks)


def dev() -> list[Question]:
    return load_questions(DEV)


def pydev() -> list[Question]:
    return load_questions(PYDEV)
