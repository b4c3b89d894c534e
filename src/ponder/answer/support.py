"""Does a passage support a sentence? Checked on normalised text, calibrated on labelled pairs.

A sentence is supported by a passage when

* every number it states is in the passage (``30亿`` = ``三十亿`` = ``3 billion``),
* every Latin name or identifier it uses is in the passage (or, across languages,
  a Chinese name the library pairs with it), and
* enough of its content words are in the passage (after script normalisation, and
  through CC-CEDICT across languages), with the embedding similarity of sentence
  and passage making up for paraphrase:
  ``overlap + EMBED_WEIGHT * (cosine - EMBED_CENTRE) >= THRESHOLD``.

The constants come from ``tests/answer/data/support_pairs.jsonl`` (see
``tests/answer/calibrate_support.py``); the model's cosines sit in a narrow band, so
the cosine only ever moves the score relative to a calibrated centre.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..search import Embedder
from ..text.normalize import matching_form
from .aliases import Aliases
from .lang import language_of
from .numbers import missing_numbers
from .sentences import strip_citations
from .terms import Matcher, TermGroup, coverage, question_groups

Weigh = Callable[[Sequence[TermGroup]], list[TermGroup]]

THRESHOLD = 0.5
EMBED_WEIGHT = 2.0
EMBED_CENTRE = 0.85

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_]+)*")
_PUNCT = re.compile(r"[\W_]+")
_COMMON_CAPS = frozenset(
    ["i", "a", "an", "the", "this", "that", "these", "those", "it", "its", "in", "on", "at",
     "for", "and", "but", "or", "if", "when", "he", "she", "they", "we", "you", "there",
     "what", "which", "who", "how", "why", "yes", "no", "not", "so", "as", "to", "of"]
)


@dataclass
class Support:
    """The verdict for one (sentence, passage) pair, with its reasons."""

    supported: bool
    score: float
    overlap: float
    cosine: float | None = None
    missing_numbers: list[float] = field(default_factory=list)
    missing_names: list[str] = field(default_factory=list)
    verbatim: bool = False


def names_in(sentence: str) -> list[str]:
    """Latin names and identifiers a sentence relies on.

    In a Chinese sentence every Latin word is one; in an English sentence a
    capitalised word not at the start, or a word with a digit, dot or underscore.
    """
    words = [(m.start(), m.group(0)) for m in _NAME.finditer(sentence)]
    if language_of(sentence) == "zh":
        return [w for _, w in words]
    first = min((pos for pos, _ in words), default=0)
    found = []
    for pos, word in words:
        special = any(c.isdigit() or c in "._" for c in word)
        capital = word[0].isupper() and pos != first and word.lower() not in _COMMON_CAPS
        if special or capital or (word.isupper() and len(word) > 1):
            found.append(word)
    return found


def missing_names(sentence: str, matcher: Matcher, aliases: Aliases | None) -> list[str]:
    missing = []
    for name in names_in(sentence):
        form = matching_form(name)
        alternatives = [form, *(aliases or {}).get(form, ())]
        if not any(matcher.has(a) or a in matcher.form for a in alternatives):
            missing.append(name)
    return missing


def is_verbatim(sentence: str, passage: str) -> bool:
    """True when the sentence (punctuation aside) is a span of the passage."""
    core = _PUNCT.sub("", matching_form(sentence))
    return len(core) >= 4 and core in _PUNCT.sub("", matching_form(passage))


class SupportChecker:
    """Checks sentences against passages; embeddings are computed once per text."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        aliases: Aliases | None = None,
        *,
        weigh: Weigh | None = None,
        threshold: float = THRESHOLD,
        embed_weight: float = EMBED_WEIGHT,
        embed_centre: float = EMBED_CENTRE,
    ) -> None:
        self.embedder = embedder
        self.aliases = aliases
        self.weigh = weigh
        self.threshold = threshold
        self.embed_weight = embed_weight
        self.embed_centre = embed_centre
        self._claims: dict[str, np.ndarray] = {}
        self._passages: dict[str, np.ndarray] = {}

    def check(self, sentence: str, passage: str) -> Support:
        claim = strip_citations(sentence)
        if is_verbatim(claim, passage):
            return Support(True, 1.0 + self.threshold, 1.0, verbatim=True)
        matcher = Matcher(passage)
        numbers = sorted(missing_numbers(claim, passage))
        names = missing_names(claim, matcher, self.aliases)
        overlap = self.overlap(claim, passage, matcher)
        cosine = self.cosine(claim, passage)
        score = overlap + (self.embed_weight * (cosine - self.embed_centre) if cosine else 0.0)
        ok = not numbers and not names and score >= self.threshold
        return Support(ok, score, overlap, cosine, numbers, names)

    def overlap(self, claim: str, passage: str, matcher: Matcher) -> float:
        groups = question_groups(claim, language_of(passage), self.aliases)
        if not groups:
            return 0.0
        if self.weigh is not None:
            groups = self.weigh(groups)
        return coverage(groups, matcher).share

    def cosine(self, claim: str, passage: str) -> float | None:
        if self.embedder is None:
            return None
        q = _cached(self._claims, claim, self.embedder.embed_query)
        p = _cached(self._passages, passage, lambda t: self.embedder_passage(t))
        return float(np.dot(q, p))

    def embedder_passage(self, text: str) -> np.ndarray:
        assert self.embedder is not None
        return np.asarray(self.embedder.embed_passages([text])[0])

    def calibrated(self, threshold: float, embed_weight: float, centre: float) -> SupportChecker:
        """The same checker (sharing its embedding caches) with other constants."""
        other = SupportChecker(self.embedder, self.aliases, weigh=self.weigh,
                               threshold=threshold, embed_weight=embed_weight,
                               embed_centre=centre)
        other._claims, other._passages = self._claims, self._passages
        return other


def _cached(
    cache: dict[str, np.ndarray], text: str, make: Callable[[str], np.ndarray]
) -> np.ndarray:
    found = cache.get(text)
    if found is None:
        found = cache[text] = np.asarray(make(text), dtype=np.float32)
    return found
