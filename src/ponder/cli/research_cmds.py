"""``ponder research``: plan sub-questions, ask each within a budget, write a cited report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from ..research import Budget, Research, make_plan, plan_from_file, research
from ..research.plan import Plan
from .options import common, one_line, open_library, print_json, settings


def _show_plan(plan: Plan) -> None:
    click.echo(f"Plan ({len(plan.subquestions)} sub-question"
               f"{'' if len(plan.subquestions) == 1 else 's'}):")
    for k, sub in enumerate(plan.subquestions, 1):
        click.echo(f"  {k}. {one_line(sub.text)} — {one_line(sub.reason)}")


def _positive(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A budget must be more than nothing."""
    if value <= 0:
        raise click.BadParameter("must be more than 0")
    return value


@click.command(epilog="""\b
Examples:
  ponder research "How did Altman's view of AGI change from talk to talk?"
  ponder research "奥特曼对AGI的看法在几次访谈中有什么变化？" --out report.md
  ponder research "Compare venv and pip" --budget-steps 4 --json
  ponder research "..." --plan-file plan.txt --doc 003 --doc 004
""")
@click.argument("question")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the Markdown report to this file (the plan is printed).")
@click.option("--budget-steps", default=8, show_default=True, type=int, callback=_positive,
              help="Most steps (one search-and-read each).")
@click.option("--budget-seconds", default=60.0, show_default=True, type=float,
              callback=_positive, help="Most seconds for the steps.")
@click.option("--plan-file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Use these sub-questions (one per line, '#' lines skipped) instead of "
              "the planned ones.")
@click.option("--doc", "docs", multiple=True, metavar="DOC",
              help="Only these documents (id, path, file-name prefix or title); repeatable.")
@common
def research_command(question: str, out: Path | None, budget_steps: int,
                     budget_seconds: float, plan_file: Path | None, docs: tuple[str, ...],
                     library_dir: Path | None, as_json: bool) -> None:
    """Research QUESTION across the library and write a cited Markdown report.

    The question is split into sub-questions (one per entity compared, one per
    document for a change over time, the cause for a "why"); each is answered
    as 'ponder ask' answers, and only its checked quotes are kept as notes. The
    report has a short answer, a section per sub-question, a timeline for a
    change over time, contradictions between documents (differing numbers and
    years), what the documents do not say, what the budget left unexplored,
    and references with file offsets. No model writes any of it.
    """
    if not question.strip():
        raise click.UsageError("the question is empty; ask something, e.g. "
                               "ponder research \"How did X change from talk to talk?\"")
    if out is not None and out.parent != Path("") and not out.parent.is_dir():
        raise InputError(out, f"its folder {out.parent} does not exist")
    show_progress = sys.stderr.isatty() and not as_json

    def progress(line: str) -> None:
        if show_progress:
            click.echo(line, err=True)

    with open_library(library_dir, create=False) as library:
        doc_ids = [library.resolve_document(d).id for d in docs] or None
        plan = (plan_from_file(plan_file, question, doc_ids=doc_ids) if plan_file
                else make_plan(library, question, doc_ids=doc_ids))
        if show_progress:
            for k, sub in enumerate(plan.subquestions, 1):
                progress(f"plan {k}. {one_line(sub.text)} — {one_line(sub.reason)}")
        done: Research = research(library, question, settings=settings(library_dir),
                                  plan=plan, budget=Budget(int(budget_steps), budget_seconds),
                                  on_progress=progress)
    if out is not None:
        try:
            out.write_text(done.markdown, encoding="utf-8")
        except OSError as e:
            raise InputError(out, f"cannot write the report ({e.strerror})") from e
    if as_json:
        print_json(done.to_json())
    elif out is not None:
        _show_plan(plan)
        used = done.result.budget_json()
        click.echo(f"Wrote the report to {out}: {len(done.result.notes)} notes, "
                   f"{used['steps']} of {used['max_steps']} steps, "
                   f"{done.result.seconds:.1f} s.")
    else:
        click.echo(done.markdown, nl=False)


research_command.name = "research"

COMMANDS = [research_command]
