"""Measure Ponder: run a question set and score answers, citations, abstention, latency.

    from ponder.eval import evaluate, load_questions, locate_gold
    questions = load_questions(Path("dev-qa.jsonl"))
    gold = locate_gold(questions, corpus_root, Path("dev-qa.jsonl"))
    report = evaluate(questions, lambda q: ask(library, q, settings=settings), gold)
    print(report.overall.accuracy, report.by_kind["lookup"].citation_recall)

The scoring rules are those of ``shared/eval/README.md``; ``RULES`` states them.
"""

from .gold import (
    GoldIndex,
    GoldSpan,
    default_corpus_root,
    find_all,
    locate_gold,
    missing_files,
    same_file,
)
from .judge import RULES, QuestionResult, citation_hits, includes_all, judge, t2s_casefold
from .metrics import Report, Scores, build_report, percentile, score
from .questions import DEFAULT_CORPUS, KINDS, LANGS, GoldSource, Question, load_questions
from .runner import AnswerFn, evaluate, run_question

__all__ = [
    "DEFAULT_CORPUS",
    "KINDS",
    "LANGS",
    "RULES",
    "AnswerFn",
    "GoldIndex",
    "GoldSource",
    "GoldSpan",
    "Question",
    "QuestionResult",
    "Report",
    "Scores",
    "build_report",
    "citation_hits",
    "default_corpus_root",
    "evaluate",
    "find_all",
    "includes_all",
    "judge",
    "load_questions",
    "locate_gold",
    "missing_files",
    "percentile",
    "run_question",
    "same_file",
    "score",
    "t2s_casefold",
]
