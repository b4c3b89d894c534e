"""Does a passage support a sentence? Checked on normalised text, calibrated on labelled pairs.

A sentence is supported by a passage when

* it says something checkable (two content words or more),
* every number it states is in the passage (``30亿`` = ``三十亿`` = ``3 billion``),
* every Latin name or identifier it uses is in the passage (or, across languages,
  a Chinese name the library pairs with it),
* it is negated exactly when the passage sentence closest to it is (same language), and
* enough of its content words are in the passage (after script normalisation, and
  through CC-CEDICT across languages), with the embedding similarity of sentence
  and passage making up for paraphrase:
  ``overlap + weight * (cosine - centre) >= threshold``.

The constants (one set for sentence and passage in the same language, one for
across languages, where dictionary translation finds less and cosines run lower)
come from ``tests/answer/data/support_pairs.jsonl`` via
``tests/answer/calibrate_support.py``. The model's cosines sit in a narrow band, so
the cosine only ever moves the score relative to a calibrated centre.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..search import Embedder
from ..text.cedict import lexicon, stem
from ..text.normalize import matching_form
from ..text.script import language_of
from ..text.stopwords import is_stopword
from .aliases import Aliases
from .numbers import missing_numbers
from .polarity import clauses, same_polarity
from .sentences import strip_citations
from .terms import Matcher, TermGroup, content_tokens, coverage, question_groups

Weigh = Callable[[Sequence[TermGroup]], list[TermGroup]]



@dataclass(frozen=True)
class Calibration:
    """``overlap + weight * (cosine - centre) >= threshold`` means supported."""

    threshold: float
    weight: float
    centre: float

    def supported(self, overlap: float, cosine: float | None) -> bool:
        return self.score(overlap, cosine) >= self.threshold

    def score(self, overlap: float, cosine: float | None) -> float:
        return overlap + (self.weight * (cosine - self.centre) if cosine is not None else 0.0)


# Fitted by tests/answer/calibrate_support.py on tests/answer/data/support_pairs.jsonl.
SAME_SCRIPT = Calibration(threshold=0.85, weight=0.0, centre=0.85)
ACROSS = Calibration(threshold=0.5, weight=1.0, centre=0.82)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_]+)*")
_PUNCT = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"[\d.,]+")
MIN_CONTENT_WORDS = 2  # a sentence with fewer states nothing checkable


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
    across: bool = False  # claim and passage in different languages
    negation_differs: bool = False


def is_dictionary_word(word: str) -> bool:
    """True for an ordinary English word (one CC-CEDICT uses in a gloss)."""
    lower = word.lower()
    lex = lexicon()
    return lower in lex.exact or stem(lower) in lex.stems or is_stopword(lower)


def names_in(sentence: str) -> list[str]:
    """Latin names and identifiers a sentence relies on.

    Identifiers (a digit, dot or underscore inside) always; in a Chinese sentence
    every other Latin word too; in an English one, capitalised words that are not
    ordinary English words ("Helion", "Bifold", not "Monday" or "Python").
    """
    zh = language_of(sentence) == "zh"
    return [m.group(0) for m in _NAME.finditer(sentence) if _is_name(m.group(0), zh)]


def _is_name(word: str, zh: bool) -> bool:
    if any(c.isdigit() or c in "._" for c in word.strip(".")):
        return True
    if is_stopword(word.lower()):
        return False
    return zh or (word[0].isupper() and not is_dictionary_word(word))


def _alias_present(alias: str, matcher: Matcher) -> bool:
    """A Chinese name is present in full or, for transliterations of three or more
    characters, by its last two (奥特曼 / 阿尔特曼)."""
    return alias in matcher.form or (len(alias) >= 3 and alias[-2:] in matcher.form)


def missing_names(sentence: str, matcher: Matcher, aliases: Aliases | None) -> list[str]:
    """Names in ``sentence`` that the passage does not have.

    A Latin name checked against Chinese text passes through the library's own name
    pairs; a name with no known pair cannot be checked across scripts and is left to
    the word overlap.
    """
    across = language_of(matcher.form) == "zh"
    missing = []
    for name in names_in(sentence):
        form = matching_form(name)
        if form in matcher.form or matcher.has(form):
            continue
        known = (aliases or {}).get(form, ())
        if across and not known:
            continue
        if not any(_alias_present(a, matcher) for a in known):
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
        same: Calibration = SAME_SCRIPT,
        across: Calibration = ACROSS,
    ) -> None:
        self.embedder = embedder
        self.aliases = aliases
        self.weigh = weigh
        self.same = same
        self.across = across
        self._vectors: dict[tuple[str, str], npt.NDArray[np.float32]] = {}

    def check(self, sentence: str, passage: str) -> Support:
        claim = strip_citations(sentence)
        if len(content_tokens(claim)) < MIN_CONTENT_WORDS:  # "PWNED", "Sure!": nothing to check
            return Support(False, 0.0, 0.0)
        if is_verbatim(claim, passage):
            return Support(True, 1.0, 1.0, verbatim=True)
        across = language_of(claim) != language_of(passage)
        matcher = Matcher(passage)
        numbers = sorted(missing_numbers(claim, passage))
        names = missing_names(claim, matcher, self.aliases)
        overlap = self.overlap(claim, passage, matcher)
        cosine = self.cosine(claim, passage)
        calibration = self.across if across else self.same
        flipped = not across and not same_polarity(claim, self.closest_clause(claim, passage))
        ok = not numbers and not names and not flipped and calibration.supported(overlap, cosine)
        return Support(ok, calibration.score(overlap, cosine), overlap, cosine, numbers, names,
                       across=across, negation_differs=flipped)

    def closest_clause(self, claim: str, passage: str) -> str:
        """The passage clause sharing the most content words with ``claim``'s own
        (claim clauses are compared one by one, the claim's negation taken whole)."""
        parts = clauses(passage) or [passage]
        groups = question_groups(claim, language_of(passage), self.aliases)
        return max(parts, key=lambda c: (len(coverage(groups, Matcher(c)).covered), -len(c)))

    def overlap(self, claim: str, passage: str, matcher: Matcher) -> float:
        """Weighted share of the claim's content words the passage has (numbers aside:
        they are checked on their own)."""
        groups = [g for g in question_groups(claim, language_of(passage), self.aliases)
                  if not _NUMBER.fullmatch(g.source)]
        if not groups:
            return 0.0
        if self.weigh is not None:
            groups = self.weigh(groups)
        return coverage(groups, matcher).share

    def cosine(self, claim: str, passage: str) -> float | None:
        if self.embedder is None:
            return None
        return float(np.dot(self._vector("query", claim), self._vector("passage", passage)))

    def _vector(self, kind: str, text: str) -> npt.NDArray[np.float32]:
        found = self._vectors.get((kind, text))
        if found is None:
            assert self.embedder is not None
            made = (self.embedder.embed_query(text) if kind == "query"
                    else self.embedder.embed_passages([text])[0])
            found = self._vectors[(kind, text)] = np.asarray(made, dtype=np.float32)
        return found
