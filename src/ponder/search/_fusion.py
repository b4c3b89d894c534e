"""Reciprocal rank fusion: score = sum over lists of 1 / (k + rank), ranks from 1,
then a brevity prior: a passage too short to stand on its own ("当然不是。",
"12 AGI", a lone signature) has its score scaled down, since every list tends to
rank such passages high (BM25 length normalisation; embeddings of generic
snippets sit near everything) and they are poor evidence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..text.script import wide_count

RRF_K = 60
FULL_WEIGHT = 12.0  # weighted characters (CJK 1, other 0.4) from which a passage counts fully


@dataclass
class Fused:
    passage_id: int
    score: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)


def fuse(rankings: Mapping[str, Sequence[int]], k: int = RRF_K) -> list[Fused]:
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
            item.score += 1.0 / (k + rank)
    return sorted(fused.values(), key=lambda f: -f.score)


def brevity_prior(text: str) -> float:
    """1 for a passage of ``FULL_WEIGHT`` or more, sqrt(weight / FULL_WEIGHT) below."""
    cjk = wide_count(text)
    weight = cjk + 0.4 * (len("".join(text.split())) - cjk)
    return min(1.0, math.sqrt(weight / FULL_WEIGHT))


def apply_prior(fused: list[Fused], texts: Mapping[int, str]) -> list[Fused]:
    """Scores scaled by :func:`brevity_prior`, re-sorted (ties keep their order)."""
    for f in fused:
        f.score *= brevity_prior(texts.get(f.passage_id, ""))
    return sorted(fused, key=lambda f: -f.score)
