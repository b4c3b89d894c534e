"""The shipped answer model: well-formed, fitted on the tuning half, and refused when broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.answer.features import FEATURES
from ponder.answer.scorer import load_model, shipped_model
from ponder.errors import ConfigError


def test_shipped_model_is_fitted_on_the_tuning_half() -> None:
    model = shipped_model()
    assert model.features == FEATURES
    assert model.meta["fitted_on"] == "eval/tuning.jsonl"
    assert 0 < model.threshold < 1 and 0 < model.add_ratio <= 1.01
    assert len(model.coef) == len(FEATURES)


def test_probability_rises_with_coverage() -> None:
    model = shipped_model()
    low = dict.fromkeys(FEATURES, 0.0)
    high = {**low, "s_words": 1.0, "p_words": 1.0, "s_count": 1.0}
    assert model.probability(high) > model.probability(low)


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"features": ["nope"]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="malformed"):
        load_model(bad)
    data = shipped_model().to_json()
    data["features"] = [*data["features"][:-1], "invented"]
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError, match="invented"):
        load_model(bad)
