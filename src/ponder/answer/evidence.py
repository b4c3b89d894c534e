"""Sentences of the retrieved passages, scored as answers by the fitted model.

Every substantial sentence (enough words, not a question, not a line of code) of the
top :data:`~ponder.answer.settings.DEPTH` passages is a candidate. Scoring runs in two
passes, the same at fitting and at answering time: first with the passage's stored
e5 vector standing in for the sentence's, then, for the
:data:`~ponder.answer.settings.EMBED_TOP` best, with the sentence itself embedded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Hit
from ..search import Embedder
from ..store.library import Library
from ..store.vectors import vectors_for
from . import settings
from .features import (
    PassageView,
    QuestionInfo,
    context,
    passage_matcher,
    passage_view,
    sentence_features,
)
from .scorer import AnswerModel
from .sentences import Sentence, split_sentences
from .terms import Coverage, Matcher, coverage

__all__ = ["Candidate", "candidates", "context", "is_signature", "passage_matcher",
           "substantial"]

_WORD_CHAR = re.compile(r"\w")


@dataclass
class Candidate:
    """One sentence of one retrieved passage, with how well it answers."""

    hit: Hit
    rank: int  # of the hit, from 0
    sentence: Sentence  # span of ``hit.text``
    index: int  # of the sentence in its passage
    view: PassageView
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0  # the model's probability that this sentence answers
    cosine: float | None = None

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def coverage(self) -> Coverage:
        """Which question words the sentence (with its speaker and heading) covers."""
        return coverage(self.view.coverage.covered + self.view.coverage.missing,
                        Matcher(f"{context(self.hit)}\n{self.text}"))


_CODE = re.compile(r"^\s*(?:>>>|\.\.\.|\$ |#|[\w.]+\s*=)")
_SIGNATURE = re.compile(r"^\s*(?:class\s+)?[A-Za-z_][\w.]*\(.*\)\s*$", re.S)
_SYMBOLS = re.compile(r"[()\[\]{}=<>\"'`_/\\*#|]")


def substantial(text: str) -> bool:
    """A sentence worth quoting: enough words, not a question, not a line of code."""
    if len(_WORD_CHAR.findall(text)) < settings.MIN_WORD_CHARS:
        return False
    if text.rstrip("」』”’\"')） ").endswith(("?", "？")):
        return False
    return not looks_like_code(text)


def looks_like_code(text: str) -> bool:
    """A line of code or a shell prompt; an API signature (``connect(database, …)``) is
    not code here: it states names and defaults."""
    if _SIGNATURE.match(text):
        return False
    if _CODE.match(text):
        return True
    return len(_SYMBOLS.findall(text)) > 0.08 * len(text)


def is_signature(text: str) -> bool:
    return bool(_SIGNATURE.match(text))


def passage_cosines(library: Library | None, hits: Sequence[Hit], embedder: Embedder | None,
                    question_vector: np.ndarray | None) -> dict[int, float]:
    """Cosine of the question with each hit's stored passage vector, where there is one
    (with no library, as for passages read out of a prompt, the passages are embedded)."""
    if embedder is None or question_vector is None or not hits:
        return {}
    if library is None:
        vectors = embedder.embed_passages([h.text for h in hits])
        return {h.passage_id: float(v) for h, v in zip(hits, vectors @ question_vector,
                                                        strict=True)}
    stored = vectors_for(library.db, embedder.name, [h.passage_id for h in hits])
    return {pid: float(np.dot(vec, question_vector)) for pid, vec in stored.items()}


_COLON_END = re.compile(r"[:：]\s*$")


def completed(text: str) -> list[Sentence]:
    """The sentences of ``text``, a sentence that ends on a colon joined with the one
    after it (the command or list it introduces): that is how it would be quoted
    (:func:`ponder.answer.compose.pieces`), so that is what is scored."""
    sentences = split_sentences(text)
    out: list[Sentence] = []
    for i, s in enumerate(sentences):
        if _COLON_END.search(s.text) and i + 1 < len(sentences):
            end = sentences[i + 1].end
            out.append(Sentence(s.start, end, text[s.start:end]))
        else:
            out.append(s)
    return out


def candidates(
    info: QuestionInfo,
    hits: Sequence[Hit],
    model: AnswerModel,
    *,
    library: Library | None = None,
    embedder: Embedder | None = None,
    question_vector: np.ndarray | None = None,
    leads: Mapping[int, str] | None = None,
    depth: int = settings.DEPTH,
) -> list[Candidate]:
    """Every substantial sentence of the top ``depth`` hits, best first."""
    top = list(hits[:depth])
    cosines = passage_cosines(library, top, embedder, question_vector)
    found: list[Candidate] = []
    for rank, hit in enumerate(top):
        view = passage_view(library, info, hit, rank, (leads or {}).get(hit.passage_id),
                            cosines.get(hit.passage_id))
        sentences = [s for s in completed(hit.text) if substantial(s.text)]
        for index, sentence in enumerate(sentences):
            found.append(Candidate(hit, rank, sentence, index, view))
    best = {"p_cos": max(cosines.values(), default=math.nan)}
    _score(found, info, model, best)
    if embedder is not None and question_vector is not None and found:
        head = found[: settings.EMBED_TOP]
        vectors = embedder.embed_passages([c.text for c in head])
        for c, vec in zip(head, vectors @ question_vector, strict=True):
            c.cosine = float(vec)
        best["s_cos"] = max(c.cosine for c in head if c.cosine is not None)
        _score(found, info, model, best)
    return found


def _score(found: list[Candidate], info: QuestionInfo, model: AnswerModel,
           best: Mapping[str, float]) -> None:
    for c in found:
        c.features = sentence_features(info, c.view, c.text, c.index, c.cosine, best)
        c.score = model.probability(c.features)
    found.sort(key=lambda c: -c.score)
