"""The research report, in Markdown, written only from checked quotes.

    text = render(result, found_contradictions)

Every sentence of evidence in the report is a note's quote, an exact substring of the
passage it cites (shown with its whitespace folded onto one line), followed by its
number ``[n]`` in the reference list; the rest is headings and the plan's own words.
Sections: the short answer (the first quote of each answered sub-question, at most
``SHORT_ANSWER`` of them), one section per sub-question, a timeline when the question is
about change over time (notes ordered by their document's date, undated last), the
contradictions found, what the documents do not say (sub-questions ``ask`` abstained on),
what the budget left unexplored, and the references (title, date, speaker, quote, file
and offsets).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .contradict import Contradiction
from .loop import Note, Result
from .plan import date_key

SHORT_ANSWER = 5


def one_line(text: str) -> str:
    """A quote with its whitespace (line breaks in the passage) folded to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def citations(result: Result) -> list[dict[str, object]]:
    """The reference list: note ``i`` is reference ``[i + 1]``."""
    return [{"n": i + 1, **note.to_json()} for i, note in enumerate(result.notes)]


def timeline(notes: Sequence[Note]) -> list[int]:
    """Note indexes ordered by their document's date (undated last), then document order."""
    return sorted(range(len(notes)), key=lambda i: (date_key(notes[i].date), notes[i].doc_id,
                                                    notes[i].start))


def short_answer(result: Result) -> list[int]:
    """The first note of each answered sub-question (by date for a change question)."""
    firsts: dict[int, int] = {}
    for i, note in enumerate(result.notes):
        firsts.setdefault(note.subquestion, i)
    chosen = sorted(firsts.values())
    if result.plan.over_time:
        order = timeline(result.notes)
        chosen = sorted(chosen, key=order.index)
    return chosen[:SHORT_ANSWER]


def render(result: Result, found: Sequence[Contradiction]) -> str:
    """The Markdown report of ``result`` (see the module doc)."""
    notes = result.notes
    plan = result.plan
    lines = [f"# Research: {one_line(plan.question)}", ""]

    lines += ["## Short answer", ""]
    best = short_answer(result)
    if best:
        lines += [f"- “{one_line(notes[i].quote)}” [{i + 1}]" for i in best]
    else:
        lines.append("The documents do not answer this question.")
    lines.append("")

    for k, sub in enumerate(plan.subquestions):
        lines += [f"## {k + 1}. {one_line(sub.text)}", "", f"_{sub.reason}_", ""]
        mine = [i for i, n in enumerate(notes) if n.subquestion == k]
        if mine:
            lines += [f"- “{one_line(notes[i].quote)}” [{i + 1}]" for i in mine]
        elif k in result.unexplored:
            lines.append("Not explored: the budget ran out first.")
        else:
            lines.append("The documents do not say.")
        lines.append("")

    if plan.over_time and notes:
        lines += ["## Timeline", ""]
        for i in timeline(notes):
            n = notes[i]
            lines.append(f"- **{n.date or 'undated'}** — {one_line(n.title)}: "
                         f"“{one_line(n.quote)}” [{i + 1}]")
        lines.append("")

    if found:
        lines += ["## Contradictions", ""]
        for c in found:
            a, b = c.notes
            lines.append(f"- {c.explanation} [{a + 1}] [{b + 1}]")
        lines.append("")

    silent = [k for k in result.abstained if k not in result.unexplored]
    lines += ["## What the documents do not say", ""]
    if silent:
        lines += [f"- {_named(result, k)}" for k in silent]
    else:
        lines.append("Every sub-question explored found checked evidence.")
    lines.append("")

    if result.unexplored:
        lines += ["## Unexplored", "",
                  f"The budget ({result.exhausted}) ran out before these sub-questions:", ""]
        lines += [f"- {_named(result, k)}" for k in result.unexplored]
        lines.append("")

    budget = result.budget_json()
    lines += [f"_Budget used: {budget['steps']} of {budget['max_steps']} steps, "
              f"{result.seconds:.1f} of {result.budget.seconds:g} seconds._", ""]

    if notes:
        lines += ["## References", ""]
        for i, n in enumerate(notes):
            meta = " · ".join(x for x in (n.date or "undated", n.speaker or "") if x)
            lines += [f"[{i + 1}] {one_line(n.title)} ({meta})",
                      f"    “{one_line(n.quote)}”",
                      f"    {n.path}:{n.source_start}-{n.source_end} "
                      f"(document chars {n.start}-{n.end})", ""]
    return "\n".join(lines).rstrip() + "\n"


def _named(result: Result, k: int) -> str:
    """A sub-question and why it is in the plan (per-document ones share their text)."""
    sub = result.plan.subquestions[k]
    return f"{one_line(sub.text)} ({one_line(sub.reason)})"
