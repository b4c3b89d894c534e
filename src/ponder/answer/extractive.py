"""``extractive``: answers with no model, from the best-scoring sentences of the passages.

``ask`` scores and composes with :mod:`.evidence` and :mod:`.compose` directly (with
word weights from the library and sentence embeddings). The same engine is registered
as the model backend ``extractive``, whose ``generate`` reads the passages and question
out of the prompt ``ponder.answer.prompt`` builds, so anything that talks to a
``Backend`` can use it; there every question word weighs the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..config import Settings
from ..llm import Availability, Message, estimate_tokens, register
from ..records import Hit
from ..search import default_embedder
from ..text.script import corpus_language, language_of
from .compose import choose, render
from .evidence import candidates
from .features import QuestionInfo, key_names, question_features
from .lang import abstain_text
from .numbers import numbers_in
from .qtype import wants
from .scorer import shipped_model
from .terms import question_groups

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
    groups = question_groups(question, corpus_language(h.text for h in hits))
    info = QuestionInfo(question, language_of(question), groups, wants(question),
                        frozenset(numbers_in(question)), key_names(question))
    model = shipped_model()
    embedder = default_embedder()
    ranked = candidates(info, hits, model, embedder=embedder,
                        question_vector=embedder.embed_query(question))
    if not ranked or model.answerable_probability(question_features(
            [c.score for c in ranked], ranked[0].features)) < model.threshold:
        return abstain_text(info.language)
    rendered = render(choose(ranked, model), question, info.wants, {})
    text = rendered.text
    for n, (_, piece) in enumerate(rendered.cited, start=1):  # the prompt's own numbering
        text = text.replace(f"[{n}]", f"[#{piece.candidate.hit.passage_id}]", 1)
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
