"""The shipped answer model: well-formed, fitted on the tuning half, and refused when broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.answer.features import FEATURES, QUESTION_FEATURES, question_features
from ponder.answer.scorer import load_model, shipped_model
from ponder.errors import ConfigError


def test_shipped_model_is_fitted_on_the_tuning_half() -> None:
    model = shipped_model()
    assert model.features == FEATURES
    assert model.answerable is not None and model.answerable.features == QUESTION_FEATURES
    assert model.meta["fitted_on"] == "eval/tuning.jsonl"
    assert 0 < model.threshold < 1 and 0 < model.add_ratio <= 1.01
    assert len(model.sentence.coef) == len(FEATURES)


def test_probability_rises_with_coverage_and_falls_with_absent_names() -> None:
    model = shipped_model()
    # same closeness in meaning (cosines in e5's usual band), more of the question covered
    low = {**dict.fromkeys(FEATURES, 0.0), "s_cos": 0.85, "p_cos": 0.85}
    high = {**low, "s_words": 1.0, "s_count": 1.0, "p_words": 1.0, "lexical": 1.0}
    assert model.probability(high) > model.probability(low)
    best = {**high, "doc_words": 1.0}
    known = question_features([0.9, 0.2], best)
    unknown = question_features([0.9, 0.2], {**best, "absent_entity": 1.0,
                                             "missing_names": 1.0})
    assert model.answerable_probability(known) > model.answerable_probability(unknown)


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"features": ["nope"]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="malformed"):
        load_model(bad)
    data = shipped_model().to_json()
    data["sentence"]["features"] = [*data["sentence"]["features"][:-1], "invented"]
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError, match="invented"):
        load_model(bad)


def test_a_missing_cosine_counts_as_the_fitted_mean() -> None:
    """A passage not embedded yet has no cosine (NaN): it neither helps nor sinks a sentence."""
    model = shipped_model()
    base = dict.fromkeys(FEATURES, 0.0)
    mean = dict(zip(model.sentence.features, model.sentence.mean, strict=True))
    at_mean = {**base, "p_cos": mean["p_cos"], "p_cos_rel": mean["p_cos_rel"]}
    missing = {**base, "p_cos": float("nan"), "p_cos_rel": float("nan")}
    assert model.probability(missing) == pytest.approx(model.probability(at_mean))
