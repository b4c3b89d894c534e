"""Reciprocal rank fusion: score = sum over lists of 1 / (k + rank), ranks from 1."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

RRF_K = 60


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
