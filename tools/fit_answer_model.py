"""Fit the answer engine's sentence scorer and its decisions on the tuning half.

    python tools/fit_answer_model.py --library .cache/eval-library \\
        [--questions eval/tuning.jsonl] [--corpus-root .cache/eval-corpora] \\
        [--out src/ponder/answer/data/answer_model.json] [--rounds 2]

For every tuning question, retrieval runs as ``ponder ask`` runs it and every candidate
sentence gets its features (:mod:`ponder.answer.features`). A sentence is labelled an
answer when it alone holds every ``must_include`` group, or when it lies in a passage
overlapping a gold quote and shares a stretch of that quote; sentences for unanswerable
questions are never answers. Two logistic regressions (scikit-learn) are fitted: the
sentence scorer, on the candidates of answerable questions that have an answer among
them; and the abstention decision, one row a question (the best candidate's score and
features, :data:`~ponder.answer.features.QUESTION_FEATURES`), labelled answerable or
not. (Counterfactual near misses, each answerable question asked again without the
documents that hold its answer, were tried as extra negatives and dropped: they did not
raise the cross-validated AUC on the real questions, 0.753 with them against 0.769
without, and they teach the decision that words the library never uses are a sign of
an answerable question, since the library still holds them when only a filter hides
the documents.) Then, over the tuning questions, with the answers composed as
``ponder ask`` composes them:

* ``add_ratio`` (how close to the best a further sentence must score) is the value of
  a grid that maximises accuracy, less 0.01 per quoted sentence;
* ``threshold`` is the highest answerable-probability at which at most
  ``--false-abstain`` (5%, the bar the answers issue sets on wrong abstentions) of the
  answerable questions are declined, judged on out-of-fold probabilities
  (:func:`out_of_fold`), not on ones the decision was fitted on. (A stated precision of
  abstentions, 80%, was tried first: out of fold it is only reached near 0.14, where
  18% of the unanswerable tuning questions are declined.)

Candidates are picked for embedding by the current model, so the fit is run for
``--rounds`` rounds, each starting from the previous one's model. Only the tuning half
is ever read; the held-out half is for ``ponder eval``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from ponder.answer.ask import QueryCache, gather
from ponder.answer.compose import choose, render
from ponder.answer.evidence import Candidate
from ponder.answer.features import FEATURES, QUESTION_FEATURES, question_features, vector
from ponder.answer.qtype import wants
from ponder.answer.scorer import AnswerModel, Logistic, load_model
from ponder.eval.gold import GoldSpan, locate_gold
from ponder.eval.judge import includes_all, t2s_casefold
from ponder.eval.questions import Question, load_questions
from ponder.search import default_embedder
from ponder.store import Library

HERE = Path(__file__).resolve().parent.parent
ADD_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
SENTENCE_C = 0.5  # L2 strength of the sentence scorer (inverse)
QUESTION_C = 0.1  # ... of the abstention decision (fewer rows: stronger)
# The direction each input of the abstention decision may push it (+1: towards
# answerable), from what the feature means: a better best sentence, a wider lead, closer
# meaning and more of the question's words found say answerable; words the library
# never uses, names no passage holds, the heaviest word or the wanted kind of answer
# missing say not. With 50 unanswerable questions among 235 a free fit gives some of
# them the wrong sign (more words found, less answerable), which does not generalise:
# cross-validated AUC on the tuning half is 0.63 held to these signs against 0.61 free.
QUESTION_SIGNS = {
    "best_logit": 1, "margin": 1, "p_missing_top": -1, "s_missing_top": -1, "absent": -1,
    "absent_entity": -1, "absent_key": -1, "missing_names": -1, "type_miss": -1,
    "s_cos": 1, "p_cos": 1, "doc_words": 1, "s_words": 1,
}
SENTENCE_COST = 0.01


@dataclass
class Row:
    question: Question
    candidates: list[Candidate]
    labels: list[int]


_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def _core(text: str) -> str:
    """Comparable text: no pinyin annotations (passages are repaired), simplified,
    case-folded, letters and digits only."""
    return re.sub(r"[\W_]+", "", t2s_casefold(_PINYIN.sub("", text)))


def label(q: Question, c: Candidate, spans: tuple[GoldSpan, ...]) -> int:
    if q.abstain:
        return 0
    text = c.text
    if q.must_include and includes_all(text, q.must_include, t2s_casefold):
        return 1
    hit = c.hit
    if not any(s.overlaps(hit.path, hit.source_start, hit.source_end) for s in spans):
        return 0
    sentence = _core(text)
    for source in q.sources:
        quote = _core(source.quote)
        pieces = [quote[i : i + 8] for i in range(0, max(1, len(quote) - 7), 4)]
        if any(p and p in sentence for p in pieces):
            return 1
    return 0


def collect(library: Library, questions: list[Question], gold: dict[str, tuple[GoldSpan, ...]],
            model: AnswerModel) -> list[Row]:
    embedder = QueryCache(default_embedder())
    rows = []
    started = time.perf_counter()
    for n, q in enumerate(questions, start=1):
        evidence = gather(library, q.question, embedder, model)
        rows.append(Row(q, evidence.ranked, [label(q, c, gold[q.id]) for c in evidence.ranked]))
        if n % 20 == 0:
            print(f"  {n}/{len(questions)} questions ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr)
    return rows


def _impute(x: np.ndarray) -> np.ndarray:
    """NaN (a passage with no vector: no cosine) as its column's mean, as the scorer
    reads a missing feature."""
    if not np.isnan(x).any():
        return x
    mean = np.nan_to_num(np.nanmean(x, axis=0))
    return np.where(np.isnan(x), mean, x)


def _logistic(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], c: float,
              signs: tuple[int, ...] | None = None) -> Logistic:
    """L2-regularised logistic regression on standardised features; with ``signs``, each
    weight is held to its sign (+1 at least 0, -1 at most 0, 0 free)."""
    x = _impute(x)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    if signs is None:
        clf = LogisticRegression(C=c, max_iter=3000).fit(z, y)
        coef, intercept = clf.coef_[0], float(clf.intercept_[0])
    else:
        coef, intercept = _signed(z, y, c, signs)
    return Logistic(names, tuple(mean), tuple(scale), tuple(float(w) for w in coef), intercept)


def _signed(z: np.ndarray, y: np.ndarray, c: float,
            signs: tuple[int, ...]) -> tuple[np.ndarray, float]:
    """The same loss as scikit-learn's (log-loss plus ``|w|^2 / 2c``), minimised with
    each weight bounded to its sign."""
    width = z.shape[1]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = z @ w[:width] + w[width]
        p = 1.0 / (1.0 + np.exp(-margin))
        value = np.sum(np.logaddexp(0.0, margin) - y * margin) + w[:width] @ w[:width] / (2 * c)
        grad = np.append(z.T @ (p - y) + w[:width] / c, np.sum(p - y))
        return float(value), grad

    bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs]
    found = minimize(loss, np.zeros(width + 1), jac=True, method="L-BFGS-B",
                     bounds=[*bounds, (None, None)])
    return found.x[:width], float(found.x[width])


def _values(model: Logistic, x: np.ndarray) -> np.ndarray:
    return ((x - np.array(model.mean)) / np.array(model.scale)) @ np.array(model.coef) + \
        model.intercept


def _cv_auc(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float,
            signs: tuple[int, ...] | None = None) -> float:
    """Cross-validated AUC, folds by group."""
    x = _impute(x)
    names = tuple(str(i) for i in range(x.shape[1]))
    aucs = []
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        if y[test].min() == y[test].max() or y[train].min() == y[train].max():
            continue
        model = _logistic(x[train], y[train], names, c, signs)
        aucs.append(roc_auc_score(y[test], _values(model, x[test])))
    return float(np.mean(aucs)) if aucs else float("nan")


def fit_sentences(rows: list[Row]) -> tuple[Logistic, dict[str, float]]:
    """The sentence scorer, on answerable questions with an answer among their
    candidates (the others say nothing about which sentence answers)."""
    used = [r for r in rows if not r.question.abstain and any(r.labels)]
    x = np.array([vector(c.features) for r in used for c in r.candidates], dtype=np.float64)
    y = np.array([lab for r in used for lab in r.labels])
    groups = np.array([i for i, r in enumerate(used) for _ in r.candidates])
    stats = {"sentence_rows": float(len(y)), "positives": float(y.sum()),
             "sentence_questions": float(len(used)),
             "sentence_cv_auc": _cv_auc(x, y, groups, SENTENCE_C)}
    return _logistic(x, y, FEATURES, SENTENCE_C), stats


def question_rows(rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[question_features([c.score for c in r.candidates],
                                     r.candidates[0].features)[n] for n in QUESTION_FEATURES]
                  for r in rows if r.candidates], dtype=np.float64)
    x = x.reshape(-1, len(QUESTION_FEATURES))
    y = np.array([0 if r.question.abstain else 1 for r in rows if r.candidates])
    return x, y


def fit_answerable(rows: list[Row]) -> tuple[Logistic, dict[str, float]]:
    """The abstention decision: is the question answerable, from its best candidate."""
    x, y = question_rows(rows)
    stats = {"answerable_cv_auc": _cv_auc(x, y, np.arange(len(y)), QUESTION_C, _signs()),
             "answerable_cv_auc_free": _cv_auc(x, y, np.arange(len(y)), QUESTION_C)}
    return _logistic(x, y, QUESTION_FEATURES, QUESTION_C, _signs()), stats


def _signs() -> tuple[int, ...]:
    return tuple(QUESTION_SIGNS[name] for name in QUESTION_FEATURES)


def out_of_fold(rows: list[Row]) -> dict[str, float]:
    """Each question's answerable-probability from a decision fitted without its fold:
    what the threshold is chosen on, so that it is not set on probabilities the
    decision has seen."""
    real = [r for r in rows if r.candidates]
    x, y = question_rows(real)
    x = _impute(x)
    out: dict[str, float] = {}
    for train, test in GroupKFold(n_splits=5).split(x, y, np.arange(len(y))):
        decision = _logistic(x[train], y[train], QUESTION_FEATURES, QUESTION_C, _signs())
        for i in test:
            values = dict(zip(QUESTION_FEATURES, x[i], strict=True))
            out[real[i].question.id] = decision.probability(values)
    return out


def rescore(rows: list[Row], model: AnswerModel) -> None:
    for r in rows:
        for c in r.candidates:
            c.score = model.probability(c.features)
        order = sorted(range(len(r.candidates)), key=lambda i: -r.candidates[i].score)
        r.candidates = [r.candidates[i] for i in order]
        r.labels = [r.labels[i] for i in order]


def answerable(row: Row, model: AnswerModel) -> float:
    if not row.candidates:
        return 0.0
    return model.answerable_probability(question_features(
        [c.score for c in row.candidates], row.candidates[0].features))


def correct(row: Row, model: AnswerModel) -> tuple[bool, int]:
    chosen = choose(row.candidates, model)
    if not chosen:
        return False, 0
    text = render(chosen, row.question.question, wants(row.question.question), {}).text
    return includes_all(text, row.question.must_include, t2s_casefold), len(chosen)


def pick_add_ratio(rows: list[Row], model: AnswerModel) -> float:
    answerable = [r for r in rows if not r.question.abstain and r.candidates]
    best = (-1.0, 0.8)
    for ratio in ADD_GRID:
        trial = replace(model, add_ratio=ratio)
        results = [correct(r, trial) for r in answerable]
        value = (sum(ok for ok, _ in results) - SENTENCE_COST * sum(n for _, n in results)) / \
            max(1, len(answerable))
        if value > best[0]:
            best = (value, ratio)
    return best[1]


def risk_coverage(rows: list[Row], model: AnswerModel,
                  oof: dict[str, float] | None = None) -> list[dict[str, float]]:
    """For each candidate threshold: the share answered, the answer/abstain decision's
    precision, the accuracy over answerable questions and unanswerables declined; with
    ``oof``, on those out-of-fold probabilities."""
    scored = []
    for r in rows:
        best = (oof or {}).get(r.question.id, answerable(r, model))
        ok = correct(r, model)[0] if not r.question.abstain and r.candidates else False
        scored.append((best, r.question.abstain, ok))
    curve = []
    n_answerable = max(1, sum(not a for _, a, _ in scored))
    for t in sorted({round(s, 3) for s, _, _ in scored} | {0.0, 1.0}):
        answered = [(a, ok) for s, a, ok in scored if s >= t]
        unans = [s for s, a, _ in scored if a]
        declined = sum(s < t for s in unans)
        abstained = sum(s < t for s, _, _ in scored)
        curve.append({
            "threshold": t,
            "coverage": len(answered) / len(scored),
            "precision": (sum(not a for a, _ in answered) / len(answered)) if answered else 1.0,
            "risk": (sum(a or not ok for a, ok in answered) / len(answered)) if answered else 0.0,
            "accuracy": sum(ok for s, a, ok in scored if not a and s >= t) / n_answerable,
            "declined": declined / max(1, len(unans)),
            "abstain_precision": declined / abstained if abstained else 1.0,
            "false_abstain": sum(s < t for s, a, _ in scored if not a) / n_answerable,
        })
    return curve


def pick_threshold(curve: list[dict[str, float]], false_abstain: float) -> float:
    """The highest threshold at which at most ``false_abstain`` of the answerable
    questions are declined (on out-of-fold probabilities): as many unanswerable
    questions declined as that bar on wrong abstentions allows."""
    within = [p for p in curve if p["false_abstain"] <= false_abstain]
    return max(p["threshold"] for p in within) if within else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=HERE / "eval" / "tuning.jsonl")
    parser.add_argument("--corpus-root", type=Path, default=HERE / ".cache" / "eval-corpora")
    parser.add_argument("--out", type=Path,
                        default=HERE / "src" / "ponder" / "answer" / "data" / "answer_model.json")
    parser.add_argument("--false-abstain", type=float, default=0.05,
                        help="the share of answerable tuning questions the threshold may "
                             "decline (out of fold)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if "heldout" in args.questions.name:
        parser.error("the scorer is never fitted on the held-out half")
    questions = load_questions(args.questions)
    gold = locate_gold(questions, args.corpus_root, args.questions)
    model = load_model(args.out if args.out.exists() else None)
    with Library.open(args.library, create=False) as library:
        for round_ in range(1, args.rounds + 1):
            print(f"round {round_}: scoring candidates", file=sys.stderr)
            rows = collect(library, questions, gold, model)
            sentence, stats = fit_sentences(rows)
            fitted = AnswerModel(sentence, None, threshold=0.5, add_ratio=0.8)
            rescore(rows, fitted)
            decision, more = fit_answerable(rows)
            stats |= more
            fitted = replace(fitted, answerable=decision)
            fitted = replace(fitted, add_ratio=pick_add_ratio(rows, fitted))
            oof = out_of_fold(rows)
            curve = risk_coverage(rows, fitted, oof)
            threshold = pick_threshold(curve, args.false_abstain)
            at = next(p for p in curve if p["threshold"] == threshold)
            model = replace(fitted, threshold=threshold, meta={
                "fitted_on": str(args.questions.relative_to(HERE))
                if args.questions.is_relative_to(HERE) else str(args.questions),
                "questions": len(questions), **stats,
                "false_abstain_target": args.false_abstain,
                "at_threshold": at,
                "tool": "tools/fit_answer_model.py",
                "fitted_at": time.strftime("%Y-%m-%d"),
            })
            print(json.dumps({k: v for k, v in model.meta.items()}, indent=1), file=sys.stderr)
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
