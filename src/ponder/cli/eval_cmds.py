"""The ``eval`` verb: run a question set against the library and print the scores."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich import box
from rich.table import Column, Table
from rich.text import Text

from ..config import Settings
from ..eval import (
    AnswerFn,
    Report,
    Scores,
    default_corpus_root,
    evaluate,
    load_questions,
    locate_gold,
    missing_files,
)
from ..store import Library
from .options import check_backend, common, console, err_console, open_library, print_json
from .options import settings as load_settings
from .progress import count_progress

if TYPE_CHECKING:
    from ..answer.records import Answer

WIDE = 120  # columns needed to show hits/total beside each rate


def real_answerer(
    library: Library, settings: Settings, backend_name: str | None
) -> tuple[AnswerFn, list[str]]:
    """``ponder.answer.ask`` bound to the library, and notes on any backend fallback.

    The backend and the embedding model are loaded once, before the clock starts, so
    per-question latency is the time to answer, not to load models.
    """
    from ..answer import ask, resolve_backend
    from ..search import default_embedder

    backend, notes = resolve_backend(settings, backend_name)
    embedder = default_embedder()
    embedder.embed_query("warm-up")

    def answer_fn(question: str) -> Answer:
        return ask(library, question, settings=settings, backend=backend, embedder=embedder)

    return answer_fn, notes


def resolve_corpus_root(
    given: Path | None, settings: Settings, questions_file: Path
) -> Path | None:
    """``--corpus-root``, else ``eval_corpus_root`` from the settings, else the default."""
    configured = settings.get("eval_corpus_root")
    chosen = given or (Path(configured).expanduser() if configured else None)
    return chosen if chosen else default_corpus_root(questions_file, Path.cwd())


@click.command(epilog="""\b
Examples:
  ponder eval ../shared/eval/dev-qa.jsonl
  ponder eval dev-qa.jsonl --backend extractive --limit 5 --details
  ponder eval dev-qa-python-docs.jsonl --corpus-root ../shared/corpus --json
""")
@click.argument("questions_file", metavar="QUESTIONS.jsonl",
                type=click.Path(path_type=Path))
@click.option("--backend", metavar="NAME", callback=check_backend,
              help="Model backend for answers: extractive, llamacpp, openai, ... "
              "(default: model_backend from the config).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help="Only the first N questions.")
@click.option("--corpus-root", type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the corpus folders the gold quotes come from "
              "(or PONDER_EVAL_CORPUS_ROOT). Default: ../corpus beside the question "
              "file, else ../shared/corpus.")
@click.option("--details", is_flag=True, help="Also print one row per question.")
@common
def eval_command(questions_file: Path, backend: str | None, limit: int | None,
                 corpus_root: Path | None, details: bool,
                 library_dir: Path | None, as_json: bool) -> None:
    """Score answers on a question set: accuracy, citations, abstention, latency.

    Each line of QUESTIONS.jsonl is one question (see shared/eval/README.md).
    Answers are correct when every must_include group has an alternative as a
    case-insensitive substring (also shown after OpenCC t2s); citations hit
    when their span of the original file overlaps a gold quote. Figures are
    given overall, per kind and per lang; --json adds every question's result.
    Exit code 0 whatever the scores.
    """
    settings = load_settings(library_dir)
    questions = load_questions(questions_file)[:limit]
    root = resolve_corpus_root(corpus_root, settings, questions_file)
    gold = locate_gold(questions, root, questions_file)
    with open_library(library_dir, create=False) as library:
        missing = missing_files(gold, (d.path for d in library.documents()))
        if missing and not as_json:
            _warn("warning", f"the library lacks gold files: {', '.join(missing)}; "
                             "add them with 'ponder add DIR'")
        answer_fn, notes = real_answerer(library, settings, backend)
        for note in [] if as_json else notes:
            _warn("note", note)
        with count_progress("answering", not as_json) as update:
            report = evaluate(questions, answer_fn, gold, on_progress=update)
    if as_json:
        print_json({"questions_file": str(questions_file), "corpus_root": str(root) if root
                    else None, "missing_files": missing, "notes": notes, **report.to_json()})
        return
    _print_report(report, details)


eval_command.name = "eval"


def _warn(label: str, message: str) -> None:
    err_console().print(Text.assemble((label, "yellow"), " ", message))


def _rate(value: float | None, hits: int, total: int, counts: bool) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} {hits}/{total}" if counts else f"{value:.2f}"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _row(name: str, s: Scores, counts: bool) -> list[str]:
    return [
        name, str(s.questions),
        _rate(s.accuracy, s.correct, s.answerable, counts),
        _rate(s.accuracy_t2s, s.correct_t2s, s.answerable, counts),
        _rate(s.citation_precision, s.citation_hits, s.citations, counts),
        _rate(s.citation_recall, s.recalled, s.with_gold, counts),
        _rate(s.abstention_accuracy, s.declined, s.unanswerable, counts),
        _rate(s.false_abstention_rate, s.false_abstentions, s.answerable, counts),
        _seconds(s.latency_p50), _seconds(s.latency_p95),
    ]


def _scores_table(report: Report, counts: bool) -> Table:
    """One row per group; with ``counts`` (a wide terminal) each rate shows hits/total."""
    table = Table(Column("group", no_wrap=True), "n", "acc", "acc t2s", "cite prec",
                  "cite rec", "abst ok", "false abst", "p50 s", "p95 s",
                  box=box.SIMPLE_HEAD, pad_edge=False,
                  title=f"backend: {', '.join(report.backends) or '—'}")
    table.add_row(*_row("overall", report.overall, counts), style="bold")
    for kind, s in report.by_kind.items():
        table.add_row(*_row(f"kind {kind}", s, counts))
    for lang, s in report.by_lang.items():
        table.add_row(*_row(f"lang {lang}", s, counts))
    if len(report.by_corpus) > 1:
        for corpus, s in report.by_corpus.items():
            table.add_row(*_row(f"corpus {corpus}", s, counts))
    return table


def _print_report(report: Report, details: bool) -> None:
    out = console()
    if details:
        out.print(_details_table(report))
    out.print(_scores_table(report, counts=out.width >= WIDE))
    if report.overall.errors:
        err_console().print(f"[red]{report.overall.errors} questions failed[/]; "
                            "see --details or --json for the errors")


def _details_table(report: Report) -> Table:
    table = Table("id", "kind", "lang", "right", "abstained", "cit hits", "s", "answer",
                  box=box.SIMPLE_HEAD)
    for r in report.results:
        text = r.error or (r.answer.answer if r.answer is not None else "")
        table.add_row(r.question.id, r.question.kind, r.question.lang, _yes(r.right),
                      _yes(r.abstained), f"{sum(r.hits)}/{len(r.hits)}",
                      f"{r.seconds:.2f}", Text(" ".join(text.split())[:70]))
    return table


def _yes(value: bool) -> str:
    return "yes" if value else "no"


COMMANDS = [eval_command]
