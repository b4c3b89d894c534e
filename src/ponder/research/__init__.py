"""Deep answers: plan sub-questions, ask each within a budget, note checked quotes, find
contradictions, write a cited Markdown report.

    from ponder.research import research
    done = research(library, "How did Altman's view of AGI change from talk to talk?",
                    settings=settings)
    done.markdown, done.to_json()

This first slice is extractive (no model writes the plan or the report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import Settings
from ..store.library import Library
from .contradict import Contradiction, contradictions
from .loop import Budget, Note, Progress, Result, run
from .plan import Plan, SubQuestion, make_plan, plan_from_file
from .report import citations, render


@dataclass
class Research:
    """A finished research run: the loop's result, the contradictions, the report."""

    result: Result
    contradictions: list[Contradiction] = field(default_factory=list)
    markdown: str = ""

    def to_json(self) -> dict[str, object]:
        r = self.result
        return {
            "question": r.plan.question,
            "plan": r.plan.to_json(),
            "notes": [n.to_json() for n in r.notes],
            "contradictions": [c.to_json() for c in self.contradictions],
            "abstained": [{"index": i, "text": r.plan.subquestions[i].text} for i in r.abstained],
            "unexplored": [{"index": i, "text": r.plan.subquestions[i].text}
                           for i in r.unexplored],
            "steps": [s.to_json() for s in r.steps],
            "budget": r.budget_json(),
            "citations": citations(r),
            "report": self.markdown,
        }


def research(library: Library, question: str, *, settings: Settings,
             plan: Plan | None = None, budget: Budget | None = None,
             doc_ids: Sequence[int] | None = None,
             on_progress: Progress | None = None) -> Research:
    """Plan (unless ``plan`` is given), run within ``budget``, and write the report."""
    plan = plan or make_plan(library, question, doc_ids=doc_ids)
    result = run(library, plan, settings=settings, budget=budget, on_progress=on_progress)
    found = contradictions(result.notes, [s.group for s in plan.subquestions])
    return Research(result, found, render(result, found))


__all__ = [
    "Budget",
    "Contradiction",
    "Note",
    "Plan",
    "Research",
    "Result",
    "SubQuestion",
    "contradictions",
    "make_plan",
    "plan_from_file",
    "research",
    "run",
]
