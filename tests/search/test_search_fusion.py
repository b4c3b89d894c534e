"""Fusion keeps what one list alone ranks first, and its weights are parameters."""

from __future__ import annotations

from ponder.search import DEFAULT_FUSION, FusionWeights
from ponder.search._fusion import apply_prior, fuse, keep_firsts

LEXICAL = [1, 2, 3, 4, 5, 6]
DENSE = [99, 1, 2, 3, 4, 5, 6]  # 99: only dense finds it, and ranks it first


def top(
    rankings: dict[str, list[int]], limit: int, weights: FusionWeights = DEFAULT_FUSION
) -> list[int]:
    """What search does after ranking (the brevity prior off: no texts here)."""
    fused = apply_prior(fuse(rankings, weights), {}, full_weight=0.0)
    if weights.keep_firsts:
        fused = keep_firsts(fused, rankings, limit)
    return [f.passage_id for f in fused][:limit]


def test_plain_reciprocal_rank_fusion_would_drop_it() -> None:
    fused = fuse({"lexical": LEXICAL, "dense": DENSE})
    assert 99 not in [f.passage_id for f in fused[:5]]


def test_a_first_of_either_list_stays_in_the_top_results() -> None:
    found = top({"lexical": LEXICAL, "dense": DENSE}, 5)
    assert 99 in found and 1 in found and len(found) == 5
    found = top({"lexical": DENSE, "dense": LEXICAL}, 5)  # the other way round
    assert 99 in found


def test_firsts_keep_their_fused_order_and_the_rest_is_not_lost() -> None:
    fused = apply_prior(fuse({"lexical": LEXICAL, "dense": DENSE}), {}, full_weight=0.0)
    kept = keep_firsts(fused, {"lexical": LEXICAL, "dense": DENSE}, 5)
    assert sorted(f.passage_id for f in kept) == sorted(f.passage_id for f in fused)
    assert [f.passage_id for f in kept[:5]] == [1, 2, 3, 4, 99]


def test_a_limit_smaller_than_the_firsts_keeps_the_best_fused() -> None:
    assert top({"lexical": LEXICAL, "dense": DENSE}, 1) == [1]


def test_weights_are_parameters() -> None:
    assert FusionWeights().k == 60 and FusionWeights().weight("dense") == 1.0  # hand-set
    assert DEFAULT_FUSION.k == 10 and DEFAULT_FUSION.other_language == 0.03  # fitted
    no_dense = FusionWeights(dense=0.0, keep_firsts=False)
    assert top({"lexical": LEXICAL, "dense": DENSE}, 3, no_dense) == [1, 2, 3]
    dense_only = FusionWeights(lexical=0.0)
    assert top({"lexical": LEXICAL, "dense": DENSE}, 1, dense_only) == [99]
    assert FusionWeights(k=1.0).k == 1.0
