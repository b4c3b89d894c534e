"""Measure topic matching of the deny list on the labelled lists in ``tests/memory/data``.

    python tests/memory/deny_measure.py            # lexicon figures, tuning and held-out
    python tests/memory/deny_measure.py --e5       # also e5 cosine to the topic name, with
                                                   # the threshold fitted on the tuning list

Each line of ``deny_topics_<name>.jsonl`` is {"term", "text", "denied"}: whether a person
who said ``ponder memory deny TERM`` would expect TEXT to be refused.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ponder.memory.deny import DenyList, DenyPattern

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Row:
    term: str
    text: str
    denied: bool


@dataclass(frozen=True)
class Counts:
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def recall(self) -> float:
        found = self.true_positives + self.false_negatives
        return self.true_positives / found if found else 1.0

    @property
    def accuracy(self) -> float:
        right = self.true_positives + self.true_negatives
        return right / (right + self.false_positives + self.false_negatives)

    def __str__(self) -> str:
        return (f"recall {self.recall:.2f} ({self.true_positives}/"
                f"{self.true_positives + self.false_negatives}), false positives "
                f"{self.false_positives}/{self.false_positives + self.true_negatives}, "
                f"accuracy {self.accuracy:.2f}")


def load(name: str) -> list[Row]:
    lines = (DATA / f"deny_topics_{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [Row(**json.loads(line)) for line in lines if line.strip()]


def counts(rows: Sequence[Row], said: Callable[[Row], bool]) -> Counts:
    got = [(row.denied, said(row)) for row in rows]
    return Counts(sum(a and b for a, b in got), sum(b and not a for a, b in got),
                  sum(a and not b for a, b in got), sum(not a and not b for a, b in got))


def lexicon_says(row: Row) -> bool:
    return DenyList([DenyPattern(row.term, "")]).first_match([row.text]) is not None


def lexicon_counts(rows: Sequence[Row]) -> Counts:
    return counts(rows, lexicon_says)


def misses(rows: Sequence[Row], said: Callable[[Row], bool]) -> list[Row]:
    return [row for row in rows if said(row) != row.denied]


def e5_scores(rows: Sequence[Row]) -> list[float]:
    """Cosine of each text (as a passage) to its deny term (as a query), shipped e5 model."""
    from ponder.search import default_embedder

    embedder = default_embedder()
    texts = embedder.embed_passages([row.text for row in rows])
    return [float(texts[i] @ embedder.embed_query(row.term)) for i, row in enumerate(rows)]


def fit_threshold(rows: Sequence[Row], scores: Sequence[float]) -> float:
    """The cut with the best accuracy on ``rows`` (ties: the highest cut)."""
    cuts = sorted(set(scores))
    def accuracy(cut: float) -> int:
        return sum((s >= cut) == row.denied for row, s in zip(rows, scores, strict=True))
    return max(cuts, key=lambda c: (accuracy(c), c))


def strict_threshold(rows: Sequence[Row], scores: Sequence[float]) -> float:
    """The lowest cut that refuses nothing it should keep on ``rows`` (an "or" beside the
    lexicon may only add what the words miss, never take a preference away)."""
    return max([s for row, s in zip(rows, scores, strict=True) if not row.denied],
               default=0.0) + 1e-6


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--e5", action="store_true")
    args = parser.parse_args(argv)
    tuning, held_out = load("tuning"), load("heldout")
    for name, rows in (("tuning", tuning), ("held-out", held_out)):
        print(f"lexicon  {name:9} {lexicon_counts(rows)}")
        for row in misses(rows, lexicon_says):
            print(f"    miss: {row.term!r} {row.text!r} (expected {row.denied})")
    if not args.e5:
        return
    tune_scores, held_scores = e5_scores(tuning), e5_scores(held_out)
    for label, cut in (("best accuracy", fit_threshold(tuning, tune_scores)),
                       ("no false positive", strict_threshold(tuning, tune_scores))):
        print(f"e5 cosine threshold fitted on tuning ({label}): {cut:.4f}")
        for name, rows, scores in (("tuning", tuning, tune_scores),
                                   ("held-out", held_out, held_scores)):
            by_e5 = dict(zip(map(id, rows), scores, strict=True))
            alone = counts(rows, lambda r, s=by_e5, c=cut: s[id(r)] >= c)
            either = counts(rows, lambda r, s=by_e5, c=cut: lexicon_says(r) or s[id(r)] >= c)
            print(f"  e5       {name:9} {alone}")
            print(f"  either   {name:9} {either}")


if __name__ == "__main__":
    main()
