"""Features of a candidate answer sentence, for the fitted sentence scorer.

Every candidate is one sentence of one retrieved passage. Its features say how much of
the question it covers (IDF-weighted, directly and through CC-CEDICT, in the sentence,
its passage and its document's opening), how close it is in meaning (e5 cosines of
sentence and passage with the question, absolute and relative to the best), where
retrieval ranked its passage, whether it holds the kind of answer asked for (a number,
a date, a person, a reason), and a few signs of text that is not an answer (a lone
label, a dangling colon, a pointer elsewhere). Some are the question's own (how much of
it the library never mentions), so that one score can also say "no answer here".

Nothing here decides: :mod:`ponder.answer.scorer` weighs the features with weights
fitted on the tuning half of the labelled question set.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..records import Hit
from ..store.library import Library
from ..text.normalize import matching_form
from ..text.script import HAN, language_of
from . import settings
from .aliases import Aliases
from .numbers import numbers_in
from .qtype import Wants, matches, wants
from .support import is_dictionary_word, names_in
from .terms import Coverage, Matcher, TermGroup, Weigher, coverage

FEATURES: tuple[str, ...] = (
    "s_words", "s_count", "p_words", "doc_words", "absent", "absent_entity",
    "absent_key", "missing_names", "s_cos", "s_cos_rel", "p_cos", "p_cos_rel", "rank",
    "lexical",
    "dense", "translated", "rescued", "type_match", "type_miss", "speaker_match",
    "heading_words", "length", "first", "pointer", "colon_end", "lead", "same_lang",
    "p_missing_top", "s_missing_top",
)

# What the abstention decision reads: the best candidate's score and what makes an
# unanswerable question look answerable or not (its heaviest uncovered word, words the
# library never uses, the kind of answer missing), and how far ahead of the rest it is.
QUESTION_FEATURES: tuple[str, ...] = (
    "best_logit", "margin", "p_missing_top", "s_missing_top", "absent", "absent_entity",
    "absent_key",
    "missing_names", "type_miss", "s_cos", "p_cos", "doc_words", "s_words",
)


_CJK = re.compile(f"[{HAN}]")
_CAPITALISED = re.compile(r"(?<=[\w,;:] )[A-Z][\w.\-]*")
_PLAIN_NUMBER = re.compile(r"(?<![A-Za-z0-9.\-])\d{2,}(?:\.\d+)?(?![A-Za-z0-9.\-]*[A-Za-z])")
_NAME_IN_TEXT = re.compile(r"(?<=\w[ ,]) ?[A-Z][a-z]+(?: [A-Z][a-z]+)?")
# A sentence that points elsewhere rather than saying something: "See PEP 657 for more
# details", "感兴趣的朋友可以移步…". A feature, weighed by the fitted scorer.
_POINTER = re.compile(
    r"^\s*(?:see|for\s+more|for\s+details|refer\s+to|read\s+more|click|follow\s+us)\b"
    r"|\bfor\s+(?:more|further)\s+(?:details|information)\b|感兴趣的?|移步|点击|點擊"
    r"|关注|關注|欢迎|歡迎|详见|詳見|参见|參見|更多(?:内容|信息|資訊|资讯)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuestionInfo:
    """What the features need to know about the question."""

    text: str
    language: str
    groups: list[TermGroup]  # weighted for this library
    wants: Wants
    asked_numbers: frozenset[float]
    key_names: frozenset[str]  # names, identifiers and numbers the question states
    absent_share: float = 0.0  # weight share of question words the library never uses
    absent_entities: tuple[str, ...] = ()  # names and numbers the library never uses
    absent_keys: tuple[str, ...] = ()  # words of the question's own script it never uses
    aliases: Aliases = field(default_factory=dict)
    top_weight: float = 1.0  # the weight of a word no passage uses


def key_names(question: str) -> frozenset[str]:
    """Names and identifiers, capitalised words after the first ("Bitcoin"), and plain
    numbers ("2022") the question states, in matching form."""
    found = {n for n in names_in(question)  # in a Chinese question every Latin word is one:
             if not n.isalpha() or not n.islower() or not is_dictionary_word(n)}  # not "journalist"
    found |= set(_CAPITALISED.findall(question))
    found |= {m.group(0) for m in _PLAIN_NUMBER.finditer(question)}
    return frozenset(matching_form(n).strip(".") for n in found if n.strip("."))


def question_info(question: str, groups: Sequence[TermGroup], weigher: Weigher,
                  aliases: Aliases) -> QuestionInfo:
    """``groups`` weighted by rarity in the library; words it never uses are noted and
    weigh as much as the rarest word (they matter most when the question hinges on them)."""
    top = math.log((weigher.n + 1) / 0.5)
    names = key_names(question)
    weighted: list[TermGroup] = []
    absent: list[TermGroup] = []
    entities: list[str] = []
    keys: list[str] = []
    zh = language_of(question) == "zh"
    for g in groups:
        df = weigher.df(g)
        weight = math.log((weigher.n + 1) / (df + 0.5)) if df else top
        weighted.append(TermGroup(g.source, g.forms, max(weight, 0.1)))
        if df == 0:
            absent.append(weighted[-1])
            if g.source in names or re.fullmatch(r"[\d.,]+", g.source):
                entities.append(g.source)
            elif _CJK.search(g.source) and len(g.source) >= 2 and zh:
                keys.append(g.source)  # 年薪 in a Chinese question: not a mere translation
    total = sum(g.weight for g in weighted)
    share = sum(g.weight for g in absent) / total if total else 0.0
    return QuestionInfo(question, language_of(question), weighted, wants(question),
                        frozenset(numbers_in(question)), names, share, tuple(entities),
                        tuple(keys), aliases, top)


_DOCS: weakref.WeakKeyDictionary[Library, dict[int, Matcher]] = weakref.WeakKeyDictionary()


def document_matcher(library: Library, doc_id: int) -> Matcher:
    """A matcher over what sets a document's scene: its title and opening."""
    cache = _DOCS.setdefault(library, {})
    found = cache.get(doc_id)
    if found is None:
        if len(cache) > 64:
            cache.clear()
        title = library.document(doc_id).title
        intro = library.document_text(doc_id, 0, settings.INTRO)
        found = cache[doc_id] = Matcher(f"{title}\n{intro}", glosses=False)
    return found


def context(hit: Hit) -> str:
    return " ".join(x for x in (hit.speaker, hit.heading) if x)


def passage_matcher(hit: Hit, lead: str | None = None) -> Matcher:
    """The passage with its speaker and heading, and the question it answers if known."""
    return Matcher(f"{lead or ''}\n{context(hit)}\n{hit.text}")


@dataclass
class PassageView:
    """What every sentence of one passage shares: its coverage and context."""

    hit: Hit
    rank: int
    coverage: Coverage
    doc_share: float
    missing_top: float  # the heaviest known question word neither passage nor document has
    missing_names: float
    cosine: float | None
    lead: str | None
    heading_share: float
    speaker_match: bool


def heaviest_known(groups: Sequence[TermGroup], top: float) -> float:
    """The weight, relative to the rarest possible, of the heaviest of ``groups`` that the
    library does use (a word it never uses is the business of ``absent``): a passage that
    lacks the question's most specific word is about the topic, not the asked fact."""
    return max((g.weight for g in groups if g.weight < top - 1e-9), default=0.0) / top


def passage_view(library: Library | None, info: QuestionInfo, hit: Hit, rank: int,
                 lead: str | None, cosine: float | None) -> PassageView:
    own = passage_matcher(hit, lead)
    whole = coverage(info.groups, own)
    doc_share = whole.share
    uncovered = whole.missing
    if library is not None and hit.doc_id:
        doc = document_matcher(library, hit.doc_id)
        uncovered = [g for g in whole.missing if not doc.covers(g)]
        got = sum(g.weight for g in info.groups) - sum(g.weight for g in uncovered)
        total = sum(g.weight for g in info.groups)
        doc_share = got / total if total else 0.0
    title = matching_form(f"{hit.title}\n{lead or ''}\n{context(hit)}\n{hit.text}")
    missing = [n for n in info.key_names if n not in title and not own.has(n)]
    heading = coverage(info.groups, Matcher(hit.heading)).share if hit.heading else 0.0
    missing_top = heaviest_known(uncovered, info.top_weight)
    return PassageView(hit, rank, whole, doc_share, missing_top,
                       len(missing) / len(info.key_names) if info.key_names else 0.0,
                       cosine, lead, heading, _speaker_named(info, hit.speaker))


def _speaker_named(info: QuestionInfo, speaker: str | None) -> bool:
    """Whether the question is about the passage's speaker (by name or alias)."""
    if not speaker:
        return False
    form = matching_form(speaker)
    question = matching_form(info.text)
    if form in question or any(part in question for part in form.split() if len(part) > 3):
        return True
    return any(form.endswith(a[-2:]) or a in form for latin, names in info.aliases.items()
               if latin in question for a in names)


def names_person(text: str, aliases: Aliases) -> bool:
    """Whether ``text`` names someone: a capitalised name inside it, or a Chinese name
    the library pairs with a Latin one."""
    if _NAME_IN_TEXT.search(text):
        return True
    form = matching_form(text)
    return any(a in form for names in aliases.values() for a in names if len(a) >= 2)


def sentence_features(info: QuestionInfo, view: PassageView, text: str, index: int,
                      sentence_cosine: float | None,
                      best: Mapping[str, float]) -> dict[str, float]:
    """The features of sentence ``text`` (the ``index``-th of its passage); ``best``
    holds the best passage and sentence cosines among this question's candidates."""
    hit = view.hit
    ctx = context(hit)
    own = coverage(info.groups, Matcher(f"{ctx}\n{text}"))
    count = len(own.covered) / len(info.groups) if info.groups else 0.0
    # A passage without a vector (not embedded yet) has no cosine: NaN, which the scorer
    # reads as the fitted mean rather than as a cosine of 0.
    p_cos = view.cosine if view.cosine is not None else math.nan
    s_cos = sentence_cosine if sentence_cosine is not None else p_cos
    kind = info.wants
    found = matches(kind, text, speaker=hit.speaker, asked=info.asked_numbers,
                    names=kind is Wants.PERSON and names_person(text, info.aliases))
    ranks = hit.ranks
    chars = len(text)
    return {
        "s_words": own.share,
        "s_count": count,
        "p_words": view.coverage.share,
        "doc_words": view.doc_share,
        "absent": info.absent_share,
        "absent_entity": 1.0 if info.absent_entities else 0.0,
        "absent_key": 1.0 if info.absent_keys else 0.0,
        "missing_names": view.missing_names,
        "s_cos": s_cos,
        "s_cos_rel": s_cos - best.get("s_cos", s_cos),
        "p_cos": p_cos,
        "p_cos_rel": p_cos - best.get("p_cos", p_cos),
        "rank": 1.0 / (1 + view.rank),
        "lexical": _inverse(ranks.get("lexical")),
        "dense": _inverse(ranks.get("dense")),
        "translated": _inverse(ranks.get("translated")),
        "rescued": 1.0 if ranks.get("rare") else 0.0,
        "type_match": 1.0 if kind is not Wants.FACT and found else 0.0,
        "type_miss": 1.0 if kind is not Wants.FACT and not found else 0.0,
        "speaker_match": 1.0 if view.speaker_match else 0.0,
        "heading_words": view.heading_share,
        "length": math.log1p(chars) / 6.0,
        "first": 1.0 if index == 0 else 0.0,
        "pointer": 1.0 if _POINTER.search(text) else 0.0,
        "colon_end": 1.0 if text.rstrip().endswith((":", "：")) else 0.0,
        "lead": 1.0 if view.lead else 0.0,
        "same_lang": 1.0 if language_of(text) == info.language else 0.0,
        "p_missing_top": view.missing_top,
        "s_missing_top": heaviest_known(own.missing, info.top_weight),
    }


def question_features(scores: Sequence[float], best: Mapping[str, float]) -> dict[str, float]:
    """The abstention decision's inputs: the candidates' scores (best first) and the
    best candidate's features."""
    top = min(max(scores[0], 1e-6), 1 - 1e-6) if scores else 1e-6
    second = scores[1] if len(scores) > 1 else 0.0
    out = {name: float(best.get(name, 0.0)) for name in QUESTION_FEATURES}
    out["best_logit"] = math.log(top / (1 - top))
    out["margin"] = top - second
    return out


def _inverse(rank: int | None) -> float:
    return 1.0 / rank if rank else 0.0


def vector(features: Mapping[str, float]) -> list[float]:
    return [float(features[name]) for name in FEATURES]
