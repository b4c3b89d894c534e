"""Calibrate the support check's constants on the labelled pairs, and report how it does.

    python tests/answer/calibrate_support.py LIBRARY_DIR

LIBRARY_DIR must hold the pair files (see ``tests/answer/conftest.py``). Prints the
precision and recall of "supported" with the constants in ``ponder.answer.support``,
the same figures under 5-fold cross-validation of a grid search, and the best constants.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pairs import Pair, find_passage, load_pairs

from ponder.answer.aliases import library_aliases
from ponder.answer.support import EMBED_CENTRE, Support, SupportChecker
from ponder.answer.terms import Weigher
from ponder.answer.verify import passage_text
from ponder.search import default_embedder
from ponder.store import Library

WEIGHTS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(33))


@dataclass(frozen=True)
class Scored:
    pair: Pair
    verdict: Support


def score_pairs(library: Library, checker: SupportChecker) -> list[Scored]:
    out = []
    for pair in load_pairs():
        hit = find_passage(library, pair.file, pair.locator)
        out.append(Scored(pair, checker.check(pair.claim, passage_text(hit))))
    return out


def decide(s: Scored, weight: float, threshold: float) -> bool:
    v = s.verdict
    if v.verbatim:
        return True
    if v.missing_numbers or v.missing_names:
        return False
    cosine = v.cosine if v.cosine is not None else EMBED_CENTRE
    return v.overlap + weight * (cosine - EMBED_CENTRE) >= threshold


def precision_recall(items: Sequence[Scored], weight: float, threshold: float) -> tuple[float, float]:
    tp = sum(1 for s in items if s.pair.label and decide(s, weight, threshold))
    fp = sum(1 for s in items if not s.pair.label and decide(s, weight, threshold))
    fn = sum(1 for s in items if s.pair.label and not decide(s, weight, threshold))
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def f_half(p: float, r: float) -> float:
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def fit(items: Sequence[Scored]) -> tuple[float, float]:
    grid = [(w, t) for w in WEIGHTS for t in THRESHOLDS]
    return max(grid, key=lambda wt: (f_half(*precision_recall(items, *wt)), -wt[0]))


def cross_validate(items: Sequence[Scored], folds: int = 5) -> tuple[float, float]:
    tp = fp = fn = 0
    for k in range(folds):
        train = [s for i, s in enumerate(items) if i % folds != k]
        test = [s for i, s in enumerate(items) if i % folds == k]
        w, t = fit(train)
        tp += sum(1 for s in test if s.pair.label and decide(s, w, t))
        fp += sum(1 for s in test if not s.pair.label and decide(s, w, t))
        fn += sum(1 for s in test if s.pair.label and not decide(s, w, t))
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def main(location: str) -> None:
    with Library.open(Path(location), create=False) as library:
        checker = SupportChecker(default_embedder(), library_aliases(library),
                                 weigh=Weigher(library.db))
        items = score_pairs(library, checker)
    p, r = precision_recall(items, checker.embed_weight, checker.threshold)
    print(f"pairs: {len(items)} ({sum(s.pair.label for s in items)} supported)")
    print(f"shipped constants: precision {p:.3f} recall {r:.3f}")
    cp, cr = cross_validate(items)
    print(f"5-fold cross-validated grid search: precision {cp:.3f} recall {cr:.3f}")
    w, t = fit(items)
    print(f"best on all pairs: EMBED_WEIGHT={w} THRESHOLD={t} -> "
          "precision {:.3f} recall {:.3f}".format(*precision_recall(items, w, t)))
    for lang in ("zh", "en"):
        part = [s for s in items if s.pair.lang == lang]
        print(f"  {lang}: precision {{:.3f}} recall {{:.3f}}".format(
            *precision_recall(part, checker.embed_weight, checker.threshold)))
    for s in items:
        if decide(s, checker.embed_weight, checker.threshold) != s.pair.label:
            v = s.verdict
            print(f"  wrong {s.pair.id} {s.pair.kind:13} label={s.pair.label} "
                  f"overlap={v.overlap:.2f} cos={v.cosine or 0:.3f} nums={v.missing_numbers} "
                  f"names={v.missing_names} | {s.pair.claim}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(sys.argv[1])
