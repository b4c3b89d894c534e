"""Sentences of the retrieved passages scored as evidence for a question.

A sentence scores by the share of the question's content words it covers (weighted by
rarity; its speaker and heading count as part of it), the share its whole passage
covers, its passage's retrieval rank, and, for the leading candidates, the embedding
similarity of sentence and question relative to the best such similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Hit
from ..search import Embedder
from .numbers import numbers_in
from .sentences import Sentence, split_sentences
from .terms import Coverage, Matcher, TermGroup, coverage

DEPTH = 12  # passages read for evidence (hits, then rescued rare-word passages)
EMBED_TOP = 10  # candidates whose embedding is compared with the question's
W_PASSAGE = 0.35
W_RANK = 0.25
W_DENSE = 3.0
W_NUMBER = 0.3  # a sentence stating a number, for a question that asks for one
MIN_WORD_CHARS = 6

_WORD_CHAR = re.compile(r"\w")


@dataclass
class Candidate:
    """One sentence of one retrieved passage, with how well it answers."""

    hit: Hit
    rank: int  # of the hit, from 0
    sentence: Sentence  # span of ``hit.text``
    coverage: Coverage
    passage_coverage: Coverage
    cosine: float | None = None
    score: float = 0.0
    reasons: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.sentence.text


def context(hit: Hit) -> str:
    return " ".join(x for x in (hit.speaker, hit.heading) if x)


def passage_matcher(hit: Hit, lead: str | None = None) -> Matcher:
    """The passage with its speaker and heading, and the question it answers if known."""
    return Matcher(f"{lead or ''}\n{context(hit)}\n{hit.text}")


_CODE = re.compile(r"^\s*(?:>>>|\.\.\.|\$ |#|[\w.]+\s*=)")
_SIGNATURE = re.compile(r"^\s*(?:class\s+)?[A-Za-z_][\w.]*\(.*\)\s*$", re.S)
_SYMBOLS = re.compile(r"[()\[\]{}=<>\"'`_/\\*#|]")


def substantial(text: str) -> bool:
    """A sentence worth quoting: enough words, not a question, not a line of code."""
    if len(_WORD_CHAR.findall(text)) < MIN_WORD_CHARS:
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


def candidates(
    hits: Sequence[Hit],
    groups: Sequence[TermGroup],
    *,
    question_vector: np.ndarray | None = None,
    embedder: Embedder | None = None,
    depth: int = DEPTH,
    leads: dict[int, str] | None = None,
    wants_number: bool = False,
    asked_numbers: frozenset[float] = frozenset(),
) -> list[Candidate]:
    """Every substantial sentence of the top ``depth`` hits, best first."""
    found: list[Candidate] = []
    for rank, hit in enumerate(hits[:depth]):
        whole = coverage(groups, passage_matcher(hit, (leads or {}).get(hit.passage_id)))
        ctx = context(hit)
        for sentence in split_sentences(hit.text):
            if not substantial(sentence.text):
                continue
            own = coverage(groups, Matcher(f"{ctx}\n{sentence.text}"))
            found.append(Candidate(hit, rank, sentence, own, whole))
    for c in found:
        _base_score(c)
        if wants_number and numbers_in(c.text) - asked_numbers:
            c.reasons["number"] = W_NUMBER
            c.score += W_NUMBER
    found.sort(key=lambda c: -c.score)
    if embedder is not None and question_vector is not None and found:
        floor = _add_dense(found[:EMBED_TOP], question_vector, embedder)
        for c in found[EMBED_TOP:]:  # not compared: no better than the worst compared
            c.reasons["meaning"] = floor
            c.score = sum(c.reasons.values())
        found.sort(key=lambda c: -c.score)
    return found


def _base_score(c: Candidate) -> None:
    c.reasons = {
        "words": c.coverage.share,
        "passage": W_PASSAGE * c.passage_coverage.share,
        "rank": W_RANK / (1 + c.rank),
    }
    c.score = sum(c.reasons.values())


def _add_dense(top: list[Candidate], question_vector: np.ndarray, embedder: Embedder) -> float:
    """Add the meaning term to ``top``; return the lowest one given."""
    vectors = embedder.embed_passages([c.text for c in top])
    cosines = vectors @ question_vector
    best = float(np.max(cosines))
    for c, cos in zip(top, cosines, strict=True):
        c.cosine = float(cos)
        c.reasons["meaning"] = W_DENSE * (float(cos) - best)
        c.score = sum(c.reasons.values())
    return min(c.reasons["meaning"] for c in top)
