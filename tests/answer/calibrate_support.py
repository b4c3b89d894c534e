"""Calibrate the support check's constants on the labelled pairs, and report how it does.

    PYTHONPATH=tests python -m answer.calibrate_support LIBRARY_DIR

LIBRARY_DIR is a library built from the shared corpus; the pairs about files it holds
are scored (all of them with both corpora, ``.cache/test-library-*-emb-*``; the
fixture library, ``.cache/fixture-library-*-emb-*``, holds 57). Prints the
precision and recall of "supported" with the constants in ``ponder.answer.support``,
the same figures under 5-fold cross-validation of a grid search, and the best constants.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from answer.pairs import Pair, find_passage, in_library, load_pairs
from ponder.answer.aliases import library_aliases
from ponder.answer.support import ACROSS, SAME_SCRIPT, Calibration, Support, SupportChecker
from ponder.answer.terms import Weigher
from ponder.answer.verify import passage_text
from ponder.search import default_embedder
from ponder.store import Library

WEIGHTS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
THRESHOLDS = tuple(round(0.1 + 0.025 * i, 3) for i in range(37))
CENTRES = {False: 0.85, True: 0.82}  # median cosine of the pairs, same / across languages


@dataclass(frozen=True)
class Scored:
    pair: Pair
    verdict: Support


def score_pairs(library: Library, checker: SupportChecker,
                pairs: Sequence[Pair] | None = None) -> list[Scored]:
    """The checker's verdict on each pair (default: every pair about a file in ``library``)."""
    out = []
    for pair in in_library(load_pairs(), library) if pairs is None else pairs:
        hit = find_passage(library, pair.file, pair.locator)
        out.append(Scored(pair, checker.check(pair.claim, passage_text(hit))))
    return out


def decide(s: Scored, c: Calibration) -> bool:
    v = s.verdict
    if v.verbatim:
        return True
    if v.missing_numbers or v.missing_names or v.negation_differs:
        return False
    return c.supported(v.overlap, v.cosine)


def counts(items: Sequence[Scored], pick: Callable[[Scored], Calibration]) -> tuple[int, int, int]:
    tp = sum(1 for s in items if s.pair.label and decide(s, pick(s)))
    fp = sum(1 for s in items if not s.pair.label and decide(s, pick(s)))
    fn = sum(1 for s in items if s.pair.label and not decide(s, pick(s)))
    return tp, fp, fn


def pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def f_half(p: float, r: float) -> float:
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def fit(items: Sequence[Scored], across: bool) -> Calibration:
    part = [s for s in items if s.verdict.across == across]
    grid = [Calibration(t, w, CENTRES[across]) for w in WEIGHTS for t in THRESHOLDS]
    return max(grid, key=lambda c: (f_half(*pr(*counts(part, lambda s: c))), -c.weight))


def picker(same: Calibration, across: Calibration) -> Callable[[Scored], Calibration]:
    return lambda s: across if s.verdict.across else same


def cross_validate(items: Sequence[Scored], folds: int = 5) -> tuple[float, float]:
    total = [0, 0, 0]
    for k in range(folds):
        train = [s for i, s in enumerate(items) if i % folds != k]
        test = [s for i, s in enumerate(items) if i % folds == k]
        pick = picker(fit(train, False), fit(train, True))
        got = counts(test, pick)
        total = [a + b for a, b in zip(total, got, strict=True)]
    return pr(*total)


def main(location: str) -> None:
    with Library.open(Path(location), create=False) as library:
        checker = SupportChecker(default_embedder(), library_aliases(library),
                                 weigh=Weigher(library.db))
        items = score_pairs(library, checker)
    shipped = picker(SAME_SCRIPT, ACROSS)
    print(f"pairs: {len(items)} ({sum(s.pair.label for s in items)} supported, "
          f"{sum(s.verdict.across for s in items)} across languages)")
    print("shipped constants: precision {:.3f} recall {:.3f}".format(*pr(*counts(items, shipped))))
    for name, part in (("zh claims", [s for s in items if s.pair.lang == "zh"]),
                       ("en claims", [s for s in items if s.pair.lang == "en"]),
                       ("same language", [s for s in items if not s.verdict.across]),
                       ("across languages", [s for s in items if s.verdict.across])):
        print(f"  {name}: precision {{:.3f}} recall {{:.3f}}".format(*pr(*counts(part, shipped))))
    print("5-fold cross-validated grid search: precision {:.3f} recall {:.3f}".format(
        *cross_validate(items)))
    same, across = fit(items, False), fit(items, True)
    print(f"best on all pairs: SAME_SCRIPT={same} ACROSS={across}")
    for s in items:
        if decide(s, shipped(s)) != s.pair.label:
            v = s.verdict
            print(f"  wrong {s.pair.id} {s.pair.kind:13} label={s.pair.label} "
                  f"overlap={v.overlap:.2f} cos={v.cosine or 0:.3f} nums={v.missing_numbers} "
                  f"names={v.missing_names} neg={v.negation_differs} | {s.pair.claim}")


if __name__ == "__main__":
    main(sys.argv[1])
