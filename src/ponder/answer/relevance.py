"""Whether the library holds an answer at all, judged before anything is composed.

Not from a raw cosine (this model's cosines sit in a narrow band whatever the
question) but from what retrieval brought back: how much of the question's content
words, weighted by rarity, the best passage covers, and, for a question that asks
for a number (how many, which year, 多少, 哪一年), whether the best evidence states a
number the question does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .evidence import Candidate
from .numbers import numbers_in

PASSAGE_MIN = 0.6  # weighted share of question words the best passage must cover
SENTENCE_MIN = 0.3  # ... and the best sentence
NUMBER_EVIDENCE = 3  # how many leading sentences may supply the asked-for number

_WANTS_NUMBER = re.compile(
    r"\bhow\s+(?:many|much|long|old|often|far)\b|\b(?:what|which)\s+(?:year|percentage|"
    r"number|version|age|date)\b|^\s*(?:in\s+)?when\b|多少|几[个年次岁位家种部倍天月]|"
    r"哪一?年|何时|什么时候|多久|多长时间|百分之几|第几|哪个版本|什么版本|哪一版",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Relevance:
    passage_share: float
    sentence_share: float
    wants_number: bool
    has_number: bool

    @property
    def enough(self) -> bool:
        if self.passage_share < PASSAGE_MIN or self.sentence_share < SENTENCE_MIN:
            return False
        return self.has_number or not self.wants_number

    @property
    def reason(self) -> str:
        if self.passage_share < PASSAGE_MIN or self.sentence_share < SENTENCE_MIN:
            return (f"no passage covers enough of the question's words "
                    f"(best {self.passage_share:.0%} of the weight)")
        if self.wants_number and not self.has_number:
            return "the question asks for a number and no close passage states one"
        return "relevant passages found"


def wants_number(question: str) -> bool:
    return bool(_WANTS_NUMBER.search(question))


def judge(question: str, ranked: Sequence[Candidate]) -> Relevance:
    """How well the best candidates (best first) could answer ``question``."""
    if not ranked:
        return Relevance(0.0, 0.0, wants_number(question), False)
    passage = max(c.passage_coverage.share for c in ranked)
    sentence = max(c.coverage.share for c in ranked)
    asked = numbers_in(question)
    has = any(numbers_in(c.text) - asked for c in ranked[:NUMBER_EVIDENCE])
    return Relevance(passage, sentence, wants_number(question), has)
