"""Whether the library holds an answer at all, judged before anything is composed.

Not from a raw cosine (this model's cosines sit in a narrow band whatever the
question) but from what the library and retrieval say about the question's words:

* a name, identifier or number the question asks about that appears nowhere in the
  library ("Bitcoin", "Path.walk", "2024") means the documents are silent;
* otherwise the best retrieved passage must cover enough of the question's content
  words, weighted by rarity; a word the library never uses weighs the most when it
  is a key word (a Chinese word of a Chinese question) and nothing when it is only a
  dictionary translation that may simply be phrased otherwise; words found elsewhere
  in the passage's own document (the interview or page it belongs to) count half;
* a question that asks for a number (how many, which year, 多少, 哪一年) needs a
  number, not in the question, in the best evidence.

``PASSAGE_MIN`` was set on the dev questions and ``tests/answer/data/questions.jsonl``.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import Hit
from ..store.library import Library
from ..text.normalize import matching_form
from .evidence import Candidate, passage_matcher
from .lang import language_of
from .numbers import numbers_in
from .support import names_in
from .terms import Matcher, TermGroup, Weigher

PASSAGE_MIN = 0.5  # weighted share of question words the best passage must cover
PASSAGE_MIN_ACROSS = 0.35  # ... when it is in another language (dictionary translation)
DOCUMENT_CREDIT = 0.5  # a word found only elsewhere in the passage's document
NUMBER_EVIDENCE = 3  # how many leading sentences may supply the asked-for number
DEPTH = 8
ABSENT_SOFT = 0.4  # weight of an unused word that is not a key word, relative to the most

_CJK = re.compile(r"[\u3400-\u9fff]")
_WANTS_NUMBER = re.compile(
    r"\bhow\s+(?:many|much|long|old|often|far)\b|\b(?:what|which)\s+(?:year|percentage|"
    r"number|version|age|date)\b|^\s*(?:in\s+)?when\b|多少|几[个年次岁位家种部倍天月]|"
    r"哪一?年|何时|什么时候|多久|多长时间|百分之几|第几|哪个版本|什么版本|哪一版",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuestionTerms:
    """The question's groups weighted for this library, and the key words it lacks."""

    groups: list[TermGroup]
    absent: list[str] = field(default_factory=list)  # key words the library never uses
    absent_entities: list[str] = field(default_factory=list)  # ... names and numbers


def _is_number(source: str) -> bool:
    return bool(re.fullmatch(r"[\d.,]+", source))


_CAPITALISED = re.compile(r"(?<=[\w,;:] )[A-Z][\w.\-]*")


def key_names(question: str) -> set[str]:
    """Names and identifiers, plus capitalised words after the first ("Bitcoin")."""
    found = set(names_in(question)) | set(_CAPITALISED.findall(question))
    return {matching_form(n) for n in found}


def weigh_question(question: str, groups: Sequence[TermGroup], weigher: Weigher) -> QuestionTerms:
    names = key_names(question)
    zh = language_of(question) == "zh"
    top = math.log((weigher.n + 1) / 0.5)
    kept: list[TermGroup] = []
    absent: list[str] = []
    entities: list[str] = []
    for g in groups:
        df = weigher.df(g)
        if df > 0:
            kept.append(TermGroup(g.source, g.forms, max(math.log((weigher.n + 1) / (df + 0.5)),
                                                         0.1)))
            continue
        entity = _is_number(g.source) or g.source in names
        if entity or (zh and _CJK.search(g.source) and len(g.source) >= 2):
            kept.append(TermGroup(g.source, g.forms, top))
            absent.append(g.source)
            if entity:
                entities.append(g.source)
        else:  # only a translation, perhaps phrased otherwise in the documents
            kept.append(TermGroup(g.source, g.forms, ABSENT_SOFT * top))
    return QuestionTerms(kept, absent, entities)


_DOCS: weakref.WeakKeyDictionary[Library, dict[int, Matcher]] = weakref.WeakKeyDictionary()


def document_matcher(library: Library, doc_id: int) -> Matcher:
    """A matcher over a whole document (no dictionary glosses: too slow for a book)."""
    cache = _DOCS.setdefault(library, {})
    found = cache.get(doc_id)
    if found is None:
        if len(cache) > 64:
            cache.clear()
        found = cache[doc_id] = Matcher(library.document_text(doc_id), glosses=False)
    return found


def passage_share(library: Library, hit: Hit, groups: Sequence[TermGroup],
                  lead: str | None = None) -> float:
    """Weighted share of ``groups`` in ``hit`` (and its lead), half credit for its document."""
    total = sum(g.weight for g in groups)
    if not total:
        return 0.0
    own = passage_matcher(hit, lead)
    doc: Matcher | None = None
    got = 0.0
    for g in groups:
        if own.covers(g):
            got += g.weight
            continue
        doc = doc or document_matcher(library, hit.doc_id)
        if doc.covers(g):
            got += DOCUMENT_CREDIT * g.weight
    return got / total


@dataclass(frozen=True)
class Relevance:
    passage_share: float
    wants_number: bool
    has_number: bool
    absent_entities: tuple[str, ...] = ()
    across: bool = False  # the best passage is in another language than the question

    @property
    def covered(self) -> bool:
        return self.passage_share >= (PASSAGE_MIN_ACROSS if self.across else PASSAGE_MIN)

    @property
    def enough(self) -> bool:
        if self.absent_entities or not self.covered:
            return False
        return self.has_number or not self.wants_number

    @property
    def reason(self) -> str:
        if self.absent_entities:
            return f"the library never mentions {', '.join(self.absent_entities)}"
        if not self.covered:
            return (f"no passage covers enough of the question's words "
                    f"(best {self.passage_share:.0%} of their weight)")
        if self.wants_number and not self.has_number:
            return "the question asks for a number and no close passage states one"
        return "relevant passages found"


def wants_number(question: str) -> bool:
    return bool(_WANTS_NUMBER.search(question))


def judge(library: Library, question: str, terms: QuestionTerms, hits: Sequence[Hit],
          ranked: Sequence[Candidate], leads: dict[int, str] | None = None) -> Relevance:
    """How well the retrieved passages could answer ``question``."""
    leads = leads or {}
    shares = [(passage_share(library, h, terms.groups, leads.get(h.passage_id)), h)
              for h in hits[:DEPTH]]
    share, best = max(shares, key=lambda t: t[0], default=(0.0, None))
    asked = numbers_in(question)
    has = any(numbers_in(c.text) - asked for c in ranked[:NUMBER_EVIDENCE])
    across = best is not None and language_of(best.text) != language_of(question)
    return Relevance(share, wants_number(question), has, tuple(terms.absent_entities), across)
