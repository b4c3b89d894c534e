"""``extractive``: answers with no model, from the best-supported sentences of the passages.

``ask`` uses :func:`choose` and :func:`render` directly (with word weights from the
library and sentence embeddings). The same logic is registered as the model backend
``extractive``, whose ``generate`` reads the passages and question out of the prompt
``ponder.answer.prompt`` builds, so anything that talks to a ``Backend`` can use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..config import Settings
from ..llm import Availability, Message, estimate_tokens, register
from ..records import Hit
from ..text.normalize import matching_form
from .evidence import Candidate, candidates, is_signature
from .lang import abstain_text, corpus_language, language_of, lead_in
from .numbers import numbers_in
from .terms import question_groups

MAX_SENTENCES = 3
KEEP_RATIO = 0.6  # a further sentence scores at least this share of the best
SAME_PASSAGE_RATIO = 0.4  # ... or this share when it sits in the best one's passage
WORDS_RATIO = 0.5  # ... and covers at least this share of the best one's question words
SAME_WORDS_RATIO = 0.9  # ... and scores this share when it covers no new question word
DUPLICATE = 0.6  # character-bigram Jaccard above which two sentences say the same


def _bigrams(text: str) -> set[str]:
    core = re.sub(r"[\W_]+", "", matching_form(text))
    return {core[i : i + 2] for i in range(len(core) - 1)} or {core}


def duplicate(a: str, b: str) -> bool:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / max(1, len(x | y)) >= DUPLICATE or x <= y or y <= x


def choose(ranked: Sequence[Candidate], max_sentences: int = MAX_SENTENCES,
           number_wanted: frozenset[float] | None = None,
           signatures: bool = False) -> list[Candidate]:
    """The best sentence, then others close to it that add something (in the same
    language: an answer does not switch languages), in reading order. For a question
    that asks for a number (``number_wanted`` holds the numbers it states), a sentence
    of the best passages stating a new number joins if none chosen does. An API
    signature answers only when ``signatures`` (a question about defaults or
    parameters); otherwise it only accompanies its description."""
    prose = [c for c in ranked if signatures or not is_signature(c.text)]
    if not prose or prose[0].score <= 0:
        return []
    best = prose[0]
    chosen = [best]
    covered = {g.source for g in best.coverage.covered}
    for c in prose[1:]:
        if len(chosen) >= max_sentences:
            break
        if _fits(c, best, chosen, covered):
            chosen.append(c)
            covered |= {g.source for g in c.coverage.covered}
    if number_wanted is not None:
        _add_number(ranked, chosen, number_wanted, max_sentences)
    return reading_order(_with_signatures(ranked, chosen))


def _with_signatures(ranked: Sequence[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """Chosen sentences with the API signature that opens their passage, if any: the
    description alone ("Execute parameterized SQL statement…") does not say what it
    describes."""
    out = list(chosen)
    for c in chosen:
        first = ranked_first(ranked, c)
        if first is not None and first not in out and is_signature(first.text):
            out.append(first)
    return out


def ranked_first(ranked: Sequence[Candidate], c: Candidate) -> Candidate | None:
    """The candidate for the first sentence of ``c``'s passage, if it is one."""
    return next((r for r in ranked if r.hit.passage_id == c.hit.passage_id
                 and r.sentence.start == 0), None)


def _fits(c: Candidate, best: Candidate, chosen: list[Candidate], covered: set[str]) -> bool:
    near = c.hit.passage_id == best.hit.passage_id
    if c.score < (SAME_PASSAGE_RATIO if near else KEEP_RATIO) * best.score:
        return False
    if language_of(c.text) != language_of(best.text):
        return False
    if any(duplicate(c.text, k.text) for k in chosen):
        return False
    if not near and c.coverage.share < WORDS_RATIO * best.coverage.share:
        return False
    new = {g.source for g in c.coverage.covered} - covered
    return bool(new) or near or c.score >= SAME_WORDS_RATIO * best.score


def _add_number(ranked: Sequence[Candidate], chosen: list[Candidate],
                asked: frozenset[float], max_sentences: int) -> None:
    if any(numbers_in(c.text) - asked for c in chosen):
        return
    passages = {c.hit.passage_id for c in chosen}
    for c in ranked:
        if c.hit.passage_id in passages and numbers_in(c.text) - asked and c not in chosen:
            if len(chosen) >= max_sentences:
                chosen.pop()
            chosen.append(c)
            return


def reading_order(chosen: list[Candidate]) -> list[Candidate]:
    first: dict[int, int] = {}
    for i, c in enumerate(chosen):
        first.setdefault(c.hit.passage_id, i)
    return sorted(chosen, key=lambda c: (first[c.hit.passage_id], c.sentence.start))


@dataclass(frozen=True)
class Rendered:
    text: str
    order: list[Hit]  # cited passages; citation n is order[n - 1]
    sentences: list[str]  # each sentence as it appears in ``text``, marker included


def numbering(chosen: Sequence[Candidate]) -> list[Hit]:
    order: list[Hit] = []
    for c in chosen:
        if all(h.passage_id != c.hit.passage_id for h in order):
            order.append(c.hit)
    return order


def render(chosen: Sequence[Candidate], question_language: str) -> Rendered:
    """The answer text: the sentences as they are, each cited, introduced when the
    passages are in another language than the question."""
    order = numbering(chosen)
    ids = [h.passage_id for h in order]
    passage_language = corpus_language(c.text for c in chosen)
    intro = lead_in(question_language, passage_language)
    open_q, close_q = ("「", "」") if passage_language == "zh" else ("“", "”")
    pieces = []
    for c in chosen:
        marker = f"[{ids.index(c.hit.passage_id) + 1}]"
        body = f"{open_q}{c.text}{close_q}" if intro else c.text
        pieces.append(f"{body}{marker}" if passage_language == "zh" else f"{body} {marker}")
    joiner = "" if passage_language == "zh" and not intro else " "
    text = joiner.join(pieces)
    return Rendered(f"{intro} {text}" if intro else text, order, pieces)


# -- the registered backend ---------------------------------------------------

_PASSAGE = re.compile(
    r'<passage n="(\d+)" source="([^"]*)"(?: speaker="([^"]*)")?>\n(.*?)\n</passage>', re.S
)
_QUESTION = re.compile(r"^Question: (.*)$", re.M)


def parse_prompt(messages: Sequence[Message]) -> tuple[str, list[Hit]]:
    """The question and the passages (as hits numbered like the prompt) of a prompt."""
    user = next((m.content for m in reversed(messages) if m.role == "user"), "")
    q = _QUESTION.search(user)
    question = q.group(1).strip() if q else user.strip()
    hits = [
        Hit(passage_id=int(m.group(1)), doc_id=0, path="", title=m.group(2),
            speaker=m.group(3), heading=None, start=0, end=0, source_start=0, source_end=0,
            text=m.group(4), score=0.0)
        for m in _PASSAGE.finditer(user)
    ]
    return question, hits


def answer_from_prompt(messages: Sequence[Message]) -> str:
    question, hits = parse_prompt(messages)
    language = language_of(question)
    groups = question_groups(question, corpus_language(h.text for h in hits))
    chosen = choose(candidates(hits, groups))
    if not chosen or not any(c.coverage.covered for c in chosen):
        return abstain_text(language)
    rendered = render(chosen, language)
    # the prompt's own numbering, not the renumbered one
    text = rendered.text
    for n, hit in enumerate(rendered.order, start=1):
        text = text.replace(f"[{n}]", f"[#{hit.passage_id}]")
    return re.sub(r"\[#(\d+)\]", r"[\1]", text)


@register("extractive")
class ExtractiveBackend:
    """No model: quotes the passages' best-supported sentences, each cited."""

    name = "extractive"
    model = "extractive"
    context_window = 1 << 20
    is_local = True

    @classmethod
    def from_settings(cls, settings: Settings) -> ExtractiveBackend:
        return cls()

    @classmethod
    def probe(cls, settings: Settings) -> Availability:
        return Availability(True, "extractive", True)

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        yield answer_from_prompt(messages)

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)
