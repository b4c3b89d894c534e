"""Reciprocal rank fusion: score = sum over lists of weight / (k + rank), ranks from 1,
then a brevity prior: a passage too short to stand on its own ("当然不是。",
"12 AGI", a lone signature) has its score scaled down, since every list tends to
rank such passages high (BM25 length normalisation; embeddings of generic
snippets sit near everything) and they are poor evidence. Last, no list's first
passage is dropped from the top results (:func:`keep_firsts`): a passage that
lexical or dense search alone ranks first is often the answer the other missed.

Every number here lives in :class:`FusionWeights`; :data:`DEFAULT_FUSION` holds the
defaults until they are fitted on the tuning half of the labelled questions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..text.script import wide_count

RRF_K = 60
FULL_WEIGHT = 12.0  # weighted characters (CJK 1, other 0.4) from which a passage counts fully


@dataclass(frozen=True)
class FusionWeights:
    """How the rankings are fused. The class defaults are the hand-set ones (k from the
    RRF paper, equal list weights, no language bonus, the brevity threshold from the dev
    questions); :data:`DEFAULT_FUSION` is weighed on the tuning half of the labelled
    question set by ``tools/fit_fusion.py``. The gold passage among the first 16 (the
    answer step's candidates) / first 5, of 95 tuning questions: 72 / 59 with dense
    split into one list per language (the previous design); 79 / 60 with one dense list,
    ``other_language=0.03`` and ``k=10`` (recall@16 is 79-80 from 0.02 to 0.06; list
    weights move nothing at k=10).

    ``k``: the reciprocal-rank constant; ``lexical``, ``translated``, ``dense``: each
    list's weight (a list not named here weighs 1); ``other_language``: added to the
    cosine of passages in the other language than the query's before dense ranking;
    ``full_weight``: weighted characters from which a passage escapes the brevity
    prior (0 turns it off); ``keep_firsts``: keep every list's first passage in the
    top results.
    """

    k: float = RRF_K
    lexical: float = 1.0
    translated: float = 1.0
    dense: float = 1.0
    other_language: float = 0.0
    full_weight: float = FULL_WEIGHT
    keep_firsts: bool = True

    def weight(self, name: str) -> float:
        value = getattr(self, name, 1.0) if name in _LISTS else 1.0
        return float(value)


_LISTS = frozenset({"lexical", "translated", "dense"})
DEFAULT_FUSION = FusionWeights(k=10.0, other_language=0.03)  # fitted: see the class docstring


@dataclass
class Fused:
    passage_id: int
    score: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)


def fuse(
    rankings: Mapping[str, Sequence[int]], weights: FusionWeights = DEFAULT_FUSION
) -> list[Fused]:
    """Fuse named rankings (passage ids, best first); ties keep first-seen order."""
    fused: dict[int, Fused] = {}
    for name, ids in rankings.items():
        for rank, pid in enumerate(ids, start=1):
            item = fused.get(pid)
            if item is None:
                item = fused[pid] = Fused(pid)
            if name in item.ranks:
                continue
            item.ranks[name] = rank
            item.score += weights.weight(name) / (weights.k + rank)
    return sorted(fused.values(), key=lambda f: -f.score)


def brevity_prior(text: str, full_weight: float = FULL_WEIGHT) -> float:
    """1 for a passage of ``full_weight`` or more, sqrt(weight / full_weight) below."""
    if full_weight <= 0:
        return 1.0
    cjk = wide_count(text)
    weight = cjk + 0.4 * (len("".join(text.split())) - cjk)
    return min(1.0, math.sqrt(weight / full_weight))


def apply_prior(
    fused: list[Fused], texts: Mapping[int, str], full_weight: float = FULL_WEIGHT
) -> list[Fused]:
    """Scores scaled by :func:`brevity_prior`, re-sorted (ties keep their order)."""
    for f in fused:
        f.score *= brevity_prior(texts.get(f.passage_id, ""), full_weight)
    return sorted(fused, key=lambda f: -f.score)


def keep_firsts(
    fused: list[Fused], rankings: Mapping[str, Sequence[int]], limit: int
) -> list[Fused]:
    """``fused`` reordered so that each list's first passage is in the top ``limit``.

    A first that fell below the top takes the place of the lowest-scored passage
    that is no list's first; the top stays in score order, and nothing is lost (the
    displaced passages lead the rest). With more firsts than places, the best-fused
    firsts are kept.
    """
    firsts = {ids[0] for ids in rankings.values() if ids}
    if firsts <= {f.passage_id for f in fused[:limit]}:
        return fused
    keep = [f for f in fused if f.passage_id in firsts][:limit]
    kept = {f.passage_id for f in keep}
    rest = [f for f in fused if f.passage_id not in kept]
    room = limit - len(keep)
    top = sorted(keep + rest[:room], key=lambda f: -f.score)
    return top + rest[room:]
