"""The research loop: ask each sub-question with ``ask``, keep its checked quotes as notes.

    result = run(library, plan, settings=settings, budget=Budget(steps=8, seconds=60))
    result.notes, result.abstained, result.unexplored, result.steps

One step is one ``ask`` (hybrid, cross-language retrieval, scored, decided, verified).
Sub-questions are taken breadth first: every sub-question's first step before any
follow-up, so a small budget still touches each of them. A branch's follow-up asks again
with more passages (``FOLLOW_UP_LIMIT``); a branch stops when a step adds no passage that
no earlier note cites, when ``ask`` abstains, or after ``MAX_STEPS_PER_BRANCH`` steps.
When the budget of steps or seconds runs out, the sub-questions not yet asked are listed
as unexplored.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from ..answer import Answer, ask
from ..answer.sentences import strip_citations
from ..answer.settings import SEARCH_LIMIT
from ..config import Settings
from ..store.library import Library
from .plan import Plan

FOLLOW_UP_LIMIT = 2 * SEARCH_LIMIT  # passages a follow-up step retrieves
MAX_STEPS_PER_BRANCH = 2

Progress = Callable[[str], None]


@dataclass
class Budget:
    steps: int = 8
    seconds: float = 60.0


@dataclass
class Note:
    """One checked quote: ``quote`` is an exact substring of passage ``passage_id``."""

    subquestion: int  # index in the plan
    claim: str  # the answer's sentence that cites the quote, citation marks removed
    quote: str
    passage_id: int
    doc_id: int
    title: str
    path: str
    start: int  # the passage's span in the document text
    end: int
    source_start: int  # ... and in the original file
    source_end: int
    quote_start: int | None
    quote_end: int | None
    date: str | None  # the document's date (ISO, at its precision), if it states one
    speaker: str | None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Step:
    subquestion: int
    query: str
    limit: int
    abstained: bool
    new_passages: int
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "seconds": round(self.seconds, 3)}


@dataclass
class Result:
    plan: Plan
    notes: list[Note] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    abstained: list[int] = field(default_factory=list)  # sub-questions the documents don't answer
    unexplored: list[int] = field(default_factory=list)  # left when the budget ran out
    budget: Budget = field(default_factory=Budget)
    seconds: float = 0.0
    exhausted: str | None = None  # "steps" or "seconds" when the budget stopped the loop

    def budget_json(self) -> dict[str, object]:
        return {"steps": len(self.steps), "max_steps": self.budget.steps,
                "seconds": round(self.seconds, 3), "max_seconds": self.budget.seconds,
                "exhausted": self.exhausted}


def run(library: Library, plan: Plan, *, settings: Settings, budget: Budget | None = None,
        on_progress: Progress | None = None,
        clock: Callable[[], float] = time.perf_counter) -> Result:
    """Work through ``plan`` within ``budget`` (see the module doc)."""
    budget = budget or Budget()
    result = Result(plan=plan, budget=budget)
    started = clock()
    say = on_progress or (lambda _: None)
    dates: dict[int, str | None] = {}
    seen: set[int] = set()
    open_branches = list(range(len(plan.subquestions)))
    taken: dict[int, int] = {}  # sub-question -> steps taken
    answered: set[int] = set()
    while open_branches:
        index = open_branches.pop(0)
        if len(result.steps) >= budget.steps:
            result.exhausted = "steps"
        elif clock() - started >= budget.seconds:
            result.exhausted = "seconds"
        if result.exhausted:
            result.unexplored = sorted(i for i in [index, *open_branches] if i not in taken)
            break
        sub = plan.subquestions[index]
        n = taken.get(index, 0)
        limit = SEARCH_LIMIT if n == 0 else FOLLOW_UP_LIMIT
        say(f"step {len(result.steps) + 1}/{budget.steps}: [{index + 1}] {sub.text}"
            + (" (follow-up)" if n else ""))
        t = clock()
        answer = ask(library, sub.text, settings=settings, backend_name="extractive",
                     doc_ids=sub.doc_ids, limit=limit, language=plan.language)
        notes = [] if answer.abstained else _notes(library, index, answer, dates)
        fresh = [x for x in notes if x.passage_id not in seen]
        seen.update(x.passage_id for x in notes)
        known = {(x.passage_id, x.quote) for x in result.notes}
        result.notes.extend(x for x in notes if (x.passage_id, x.quote) not in known)
        taken[index] = n + 1
        result.steps.append(Step(index, sub.text, limit, answer.abstained, len(fresh),
                                 clock() - t))
        say(f"  {'abstained' if answer.abstained else f'{len(fresh)} new passage(s)'}, "
            f"{len(result.notes)} note(s), {budget.seconds - (clock() - started):.0f} s left")
        if notes:
            answered.add(index)
        if fresh and taken[index] < MAX_STEPS_PER_BRANCH:
            open_branches.append(index)  # breadth first: after every other open branch
    result.abstained = [i for i in sorted(taken) if i not in answered]
    result.seconds = clock() - started
    return result


def _notes(library: Library, index: int, answer: Answer,
           dates: dict[int, str | None]) -> list[Note]:
    claims = _claims(answer.answer)
    out = []
    for c in answer.citations:
        if c.doc_id not in dates:
            dates[c.doc_id] = library.document(c.doc_id).date
        out.append(Note(index, claims.get(c.n, c.quote), c.quote, c.passage_id, c.doc_id,
                        c.title, c.path, c.start, c.end, c.source_start, c.source_end,
                        c.quote_start, c.quote_end, dates[c.doc_id], c.speaker))
    return out


def _claims(text: str) -> dict[int, str]:
    """The answer's sentence ending in each citation mark ``[n]``."""
    claims: dict[int, str] = {}
    last = 0
    for m in re.finditer(r"\[(\d+)\]", text):
        piece = strip_citations(text[last:m.start()]).strip()
        if piece:
            claims.setdefault(int(m.group(1)), piece)
        last = m.end()
    return claims
