"""Whether the library holds an answer at all, judged before anything is composed.

Not from a raw cosine (this model's cosines sit in a narrow band whatever the
question) but from what the library and retrieval say about the question's words:

* a name, identifier or number the question asks about that appears nowhere in the
  library ("Bitcoin", "Path.walk", "2024") means the documents are silent;
* otherwise the best retrieved passage must cover enough of the question's content
  words, weighted by rarity; a word the library never uses weighs the most when it
  is a key word (a Chinese word of a Chinese question) and little when it is only a
  dictionary translation that may simply be phrased otherwise; Chinese words found
  in the title or opening of the passage's own document (which interview or talk
  it reports) count half;
* a question that asks for a number (how many, which year, 多少, 哪一年) needs a
  number, not in the question, in the best evidence; a number the question states
  ("in 2022") must be in a well-covering passage or its document;
* a which-question over Chinese passages ("Which university…") needs a passage that
  names one (多伦多大学, not just 大学) and covers the question's other words.

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
from .kinds import asked_kind, names_instance
from .lang import language_of
from .numbers import numbers_in
from .support import names_in
from .terms import Matcher, TermGroup, Weigher, coverage

PASSAGE_MIN = 0.55  # weighted share of question words the best passage must cover
PASSAGE_MIN_ACROSS = 0.3  # ... when it is in another language (dictionary translation)
COUNT_MIN = 0.5  # same language: the best passage has more than this share of the words
DOCUMENT_CREDIT = 0.5  # a word found only in the title or opening of the passage's document
INTRO = 1500  # characters of a document's opening that set its scene
NUMBER_EVIDENCE = 3  # how many leading sentences may supply the asked-for number
DEPTH = 12  # hits read: the retrieved ones, then rescued rare-word passages
KIND_MIN = 0.5  # share of a which-question's other words the naming passage must cover
ABSENT_SOFT = 0.4  # weight of an unused word that is not a key word, relative to the most

_CJK = re.compile(r"[\u3400-\u9fff]")
_PLAIN_NUMBER = re.compile(r"(?<![A-Za-z0-9.\-])\d{2,}(?:\.\d+)?(?![A-Za-z0-9.\-]*[A-Za-z])")
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
    """A matcher over what sets a document's scene: its title and opening
    (``INTRO`` characters), where an article says which interview or talk it reports."""
    cache = _DOCS.setdefault(library, {})
    found = cache.get(doc_id)
    if found is None:
        if len(cache) > 64:
            cache.clear()
        row = library.db.execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()
        title = str(row[0]) if row else ""
        intro = library.document_text(doc_id, 0, INTRO)
        found = cache[doc_id] = Matcher(f"{title}\n{intro}", glosses=False)
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
        if not scene_setting(g):
            continue
        doc = doc or document_matcher(library, hit.doc_id)
        if doc.covers(g):
            got += DOCUMENT_CREDIT * g.weight
    return got / total


def scene_setting(group: TermGroup) -> bool:
    """Words that can set a document's scene (an event, a place, a person) in the
    Chinese articles; common English words ("version") are on every page."""
    return bool(_CJK.search(group.source))


@dataclass(frozen=True)
class Relevance:
    passage_share: float
    wants_number: bool
    has_number: bool
    absent_entities: tuple[str, ...] = ()
    across: bool = False  # the best passage is in another language than the question
    unnamed_kind: str | None = None  # a which-question whose best passage names none
    missing_numbers: tuple[str, ...] = ()  # numbers of the question not in the best passage

    word_share: float = 1.0  # unweighted share of the question's words in the best passage

    @property
    def covered(self) -> bool:
        if self.across:
            return self.passage_share >= PASSAGE_MIN_ACROSS
        return self.passage_share >= PASSAGE_MIN and self.word_share > COUNT_MIN

    @property
    def enough(self) -> bool:
        if self.absent_entities or self.missing_numbers or self.unnamed_kind or not self.covered:
            return False
        return self.has_number or not self.wants_number

    @property
    def reason(self) -> str:
        if self.absent_entities:
            return f"the library never mentions {', '.join(self.absent_entities)}"
        if self.missing_numbers:
            return f"no close passage mentions {', '.join(self.missing_numbers)}"
        if self.unnamed_kind:
            return f"the closest passages do not name which {self.unnamed_kind}"
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
    has = any(numbers_in(f"{c.hit.text}") - asked for c in ranked[:NUMBER_EVIDENCE])
    across = best is not None and language_of(best.text) != language_of(question)
    unnamed = unnamed_kind(question, terms.groups, [h for _, h in shares], leads)
    words = 0.0
    if best is not None and terms.groups:
        found = coverage(terms.groups, passage_matcher(best, leads.get(best.passage_id)))
        words = len(found.covered) / len(terms.groups)
    return Relevance(share, wants_number(question), has, tuple(terms.absent_entities), across,
                     unnamed, _numbers_missing(question, terms.groups, hits[:DEPTH], leads),
                     words)


def unnamed_kind(question: str, groups: Sequence[TermGroup], hits: Sequence[Hit],
                 leads: dict[int, str]) -> str | None:
    """For a which-question over Chinese passages ("Which university…", "哪所大学…"):
    the kind asked for, when no passage that mentions it names one while covering
    enough of the question's other words."""
    kind = asked_kind(question, groups)
    if kind is None or not any(_CJK.search(f) for f in kind.forms):
        return None
    others = [g for g in groups if g is not kind]
    mentioning = [h for h in hits if language_of(h.text) == "zh"
                  and passage_matcher(h).covers(kind)]
    if not mentioning:
        return None
    for h in mentioning:
        text = f"{leads.get(h.passage_id, '')}\n{h.text}"
        share = coverage(others, passage_matcher(h, leads.get(h.passage_id))).share
        if names_instance(text, kind) and (not others or share >= KIND_MIN):
            return None
    return kind.source


def _numbers_missing(question: str, groups: Sequence[TermGroup], hits: Sequence[Hit],
                     leads: dict[int, str]) -> tuple[str, ...]:
    """Numbers the question states (a year, a count) that no passage has together with
    enough of the question's other words; numbers inside names (GPT-4o) are the names'
    business, and a number in a document's title (Python 3.11) counts."""
    stated = [m.group(0) for m in _PLAIN_NUMBER.finditer(question)]
    others = [g for g in groups if g.source not in stated]
    missing = []
    for number in stated:
        if not any((number in h.text or number in h.title) and (not others or coverage(
                others, passage_matcher(h, leads.get(h.passage_id))).share >= PASSAGE_MIN_ACROSS)
                for h in hits):
            missing.append(number)
    return tuple(missing)
