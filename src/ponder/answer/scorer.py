"""The fitted answer model: which sentence answers, and whether any does.

Two logistic regressions, fitted by ``tools/fit_answer_model.py`` on the tuning half of
the labelled question set (``eval/tuning.jsonl``) and shipped as
``answer/data/answer_model.json``:

* the sentence scorer, over :data:`ponder.answer.features.FEATURES`: how likely a
  candidate sentence answers the question (it picks and orders what is quoted);
* the abstention decision, over :data:`ponder.answer.features.QUESTION_FEATURES` (the
  best sentence's score and features): how likely the question is answerable from the
  library. One threshold on that probability, chosen on the tuning half so that at most
  5% of its answerable questions are declined (out of fold), decides between answering
  and abstaining.

Also fitted with them: how close to the best a further sentence must score to join the
answer. Applying the model needs nothing but the standard library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .features import FEATURES, QUESTION_FEATURES

MODEL_FILE = "answer_model.json"


@dataclass(frozen=True)
class Logistic:
    """One logistic regression over named, standardised features."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def probability(self, features: Mapping[str, float]) -> float:
        """The fitted probability; a feature that is missing or NaN (no vector to compare
        with) counts as its fitted mean."""
        z = self.intercept
        for name, mean, scale, coef in zip(self.features, self.mean, self.scale, self.coef,
                                           strict=True):
            value = float(features.get(name, mean))
            if not math.isnan(value):
                z += coef * (value - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean),
                "scale": list(self.scale), "coef": list(self.coef),
                "intercept": self.intercept}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], known: tuple[str, ...],
                  where: str) -> Logistic:
        try:
            model = cls(tuple(data["features"]), tuple(map(float, data["mean"])),
                        tuple(map(float, data["scale"])), tuple(map(float, data["coef"])),
                        float(data["intercept"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"answer model {where} is malformed ({e}); rebuild it with "
                              "tools/fit_answer_model.py") from None
        if set(model.features) - set(known):
            unknown = ", ".join(sorted(set(model.features) - set(known)))
            raise ConfigError(f"answer model {where} uses features this version does not "
                              f"compute ({unknown}); rebuild it with tools/fit_answer_model.py")
        return model


@dataclass(frozen=True)
class AnswerModel:
    """Weights and fitted decisions; see ``tools/fit_answer_model.py``."""

    sentence: Logistic
    answerable: Logistic | None  # None until fitted: then the best sentence's score decides
    threshold: float  # abstain below this probability that the question is answerable
    add_ratio: float  # a further sentence joins when it scores this share of the best
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def features(self) -> tuple[str, ...]:
        return self.sentence.features

    def probability(self, features: Mapping[str, float]) -> float:
        """How likely a sentence with ``features`` answers the question."""
        return self.sentence.probability(features)

    def answerable_probability(self, features: Mapping[str, float]) -> float:
        """How likely the question is answerable, from ``question_features``."""
        if self.answerable is None:
            z = features.get("best_logit", -40.0)
            return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
        return self.answerable.probability(features)

    def to_json(self) -> dict[str, Any]:
        return {"sentence": self.sentence.to_json(),
                "answerable": self.answerable.to_json() if self.answerable else None,
                "threshold": self.threshold, "add_ratio": self.add_ratio, "meta": self.meta}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str = MODEL_FILE) -> AnswerModel:
        if not isinstance(data, Mapping) or "sentence" not in data:
            raise ConfigError(f"answer model {where} is malformed (no sentence model); "
                              "rebuild it with tools/fit_answer_model.py")
        sentence = Logistic.from_json(data["sentence"], FEATURES, where)
        found = data.get("answerable")
        answerable = (Logistic.from_json(found, QUESTION_FEATURES, where)
                      if found is not None else None)
        try:
            return cls(sentence, answerable, float(data["threshold"]),
                       float(data["add_ratio"]), dict(data.get("meta", {})))
        except (KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"answer model {where} is malformed ({e}); rebuild it with "
                              "tools/fit_answer_model.py") from None


def load_model(path: Path | None = None) -> AnswerModel:
    """The model at ``path``, else the one shipped with Ponder."""
    if path is None:
        return shipped_model()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot read answer model {path} ({e})") from None
    return AnswerModel.from_json(data, str(path))


@lru_cache(maxsize=1)
def shipped_model() -> AnswerModel:
    text = resources.files("ponder.answer").joinpath("data", MODEL_FILE).read_text("utf-8")
    return AnswerModel.from_json(json.loads(text))
