"""``ask``: retrieve once, compose (a model, or extractively), verify, cite — or abstain.

    answer = ask(library, "奥特曼对核裂变持什么态度？", settings=Settings.load())
    answer.answer, answer.citations, answer.unsupported, answer.notes

Which composer: ``backend_name``, else the configured ``model_backend``; with no model
configured (no backend, ``model_url`` or ``model_path`` set) the ``extractive``
backend answers. A model that cannot be loaded or fails mid-answer, and the shipped
SmolLM2 model facing Chinese, give way to ``extractive``, and ``notes`` says so.

``on_token`` receives the answer as it is produced, one checked sentence at a time
(a model's draft is verified sentence by sentence, so nothing unsupported is shown
unless ``show_unsupported`` asks to see it, marked ``[unsupported]``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..config import Settings
from ..errors import ModelError
from ..llm import Backend, choose_backend, load_backend
from ..records import Hit
from ..search import Embedder, default_embedder, search
from ..search._embedder import Vectors
from ..store.library import Library
from .aliases import library_aliases
from .evidence import Candidate, candidates
from .expand import expand
from .extractive import ExtractiveBackend, choose, duplicate
from .lang import abstain_text, corpus_language, is_abstain_text, language_of, lead_in
from .numbers import numbers_in
from .prompt import pack
from .records import Answer, Citation
from .relevance import Relevance, judge, wants_number, weigh_question
from .rescue import rescue
from .sentences import split_sentences, strip_citations
from .support import SupportChecker
from .terms import TermGroup, Weigher, question_groups
from .verify import Checked, best_quote, check_sentence, with_markers

DEFAULT_LIMIT = 8
MAX_TOKENS = 320
MAX_SENTENCES = 6  # checked sentences kept from a model's draft
CLOSEST = 3
UNSUPPORTED = "[unsupported]"
SIGNATURE_QUESTION = re.compile(
    r"\b(?:default|defaults|parameters?|arguments?|signature|keyword)\b|默认|参数", re.I
)

TokenSink = Callable[[str], None]


@dataclass
class Evidence:
    """What retrieval found for one question."""

    question: str
    language: str
    hits: list[Hit]
    corpus_language: str
    groups: list[TermGroup]
    ranked: list[Candidate]
    relevance: Relevance
    memories: tuple[str, ...] = ()  # what the user asked us to keep in mind (prompt context)


@dataclass
class Draft:
    """The answer being assembled from checked sentences."""

    zh: bool
    show_unsupported: bool
    on_token: TokenSink | None
    order: list[Hit] = field(default_factory=list)
    claims: dict[int, list[str]] = field(default_factory=dict)  # passage id -> sentences
    pieces: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    quotes: tuple[str, str] | None = None  # marks around quoted sentences
    said: list[str] = field(default_factory=list)
    sentences: int = 0

    def number(self, hit: Hit) -> int:
        for n, known in enumerate(self.order, start=1):
            if known.passage_id == hit.passage_id:
                return n
        self.order.append(hit)
        return len(self.order)

    def add(self, checked: Checked, passages: list[Hit]) -> None:
        if any(duplicate(checked.text, said) for said in self.said):
            return  # a model repeating itself
        self.said.append(checked.text)
        if checked.supported and self.kept >= MAX_SENTENCES:
            return
        if checked.supported:
            hits = [passages[n - 1] for n in checked.supporters]
            numbers = [self.number(h) for h in hits]
            for h in hits:
                self.claims.setdefault(h.passage_id, []).append(checked.text)
            self.sentences += 1
            if self.quotes:
                marks = "".join(f"[{n}]" for n in numbers)
                self.emit(f"{self.quotes[0]}{checked.text}{self.quotes[1]}{marks}")
            else:
                self.emit(with_markers(checked.text, numbers, self.zh))
        else:
            self.unsupported.append(checked.text)
            if self.show_unsupported:
                self.emit(f"{UNSUPPORTED} {checked.text}")

    def emit(self, piece: str) -> None:
        joined = piece if not self.pieces or self.zh else f" {piece}"
        self.pieces.append(joined)
        if self.on_token is not None:
            self.on_token(joined)

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    @property
    def kept(self) -> int:
        return self.sentences


def ask(
    library: Library,
    question: str,
    *,
    settings: Settings,
    backend_name: str | None = None,
    show_unsupported: bool = False,
    on_token: TokenSink | None = None,
    limit: int = DEFAULT_LIMIT,
    backend: Backend | None = None,
    embedder: Embedder | None = None,
    doc_ids: Sequence[int] | None = None,
    language: str | None = None,
    memories: Sequence[str] = (),
) -> Answer:
    """Answer ``question`` from ``library`` with checked citations (see module doc).

    ``doc_ids`` restricts retrieval to those documents; ``language`` (``"en"``/``"zh"``)
    overrides the language the answer is written in (default: the question's);
    ``memories`` (the user's recalled preferences and facts) go into a model's prompt as
    context about the user, never as evidence.
    """
    started = time.perf_counter()
    embedder = QueryCache(embedder or default_embedder())
    weigher = Weigher(library.db)
    evidence = gather(library, question, limit, embedder, weigher, doc_ids)
    if language in ("en", "zh"):
        evidence.language = language
    evidence.memories = tuple(memories)
    timings = {"retrieve": time.perf_counter() - started}
    chosen, notes = (backend, []) if backend is not None else resolve_backend(settings,
                                                                             backend_name)
    answer = Answer(question=question, answer="", abstained=False, backend=chosen.name,
                    seconds=0.0, notes=notes, language=evidence.language)
    if not evidence.relevance.enough:
        abstain(answer, evidence, evidence.relevance.reason)
    else:
        chosen = fit_language(chosen, evidence, answer.notes)
        answer.backend = chosen.name
        checker = SupportChecker(embedder, library_aliases(library), weigh=weigher)
        draft = Draft(evidence.language == "zh", show_unsupported, on_token)
        compose(chosen, evidence, draft, checker, answer)
        finish(answer, draft, evidence)
    answer.timings = {**timings, "total": time.perf_counter() - started}
    answer.seconds = answer.timings["total"]
    return answer


class QueryCache:
    """An embedder that remembers its last query vectors (search and ask share them)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._queries: dict[str, Vectors] = {}

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> Vectors:
        found = self._queries.get(text)
        if found is None:
            found = self._queries[text] = self.inner.embed_query(text)
        return found


def gather(library: Library, question: str, limit: int, embedder: Embedder,
           weigher: Weigher | None = None, doc_ids: Sequence[int] | None = None) -> Evidence:
    groups = question_groups(question, None, library_aliases(library))
    weigher = weigher or Weigher(library.db)
    terms = weigh_question(question, groups, weigher)
    found = search(library, question, limit=limit, embedder=embedder, doc_ids=doc_ids)
    found = rescue(library, found, terms.groups, weigher, doc_ids=doc_ids)
    hits, leads = expand(library, found, terms.groups)
    language = language_of(question)
    target = corpus_language(h.text for h in hits[:5]) if hits else language
    ranked = candidates(hits, terms.groups, question_vector=embedder.embed_query(question),
                        embedder=embedder, leads=leads, wants_number=wants_number(question),
                        asked_numbers=frozenset(numbers_in(question)))
    relevance = judge(library, question, terms, hits, ranked, leads)
    return Evidence(question, language, hits, target, terms.groups, ranked, relevance)


# -- choosing the composer ----------------------------------------------------


def _with_backend(settings: Settings, name: str) -> Settings:
    return Settings({**settings.flags, "model_backend": name}, settings.env, settings.file)


def resolve_backend(settings: Settings, name: str | None) -> tuple[Backend, list[str]]:
    """The backend to compose with (``ponder.llm.choose_backend`` names it, the rule
    ``ponder models`` shows), and notes on any fallback."""
    chosen = choose_backend(settings, name).name
    if chosen == ExtractiveBackend.name:
        return ExtractiveBackend(), []
    try:
        return load_backend(_with_backend(settings, chosen)), []
    except ModelError as e:
        return ExtractiveBackend(), [f"model backend '{chosen}' could not be loaded ({e}); "
                                     "answered extractively from the passages instead"]


def fit_language(backend: Backend, evidence: Evidence, notes: list[str]) -> Backend:
    """SmolLM2 cannot read or write Chinese, whether loaded here or served by an
    OpenAI-compatible server: hand such questions to extractive."""
    small = "smollm" in backend.model.lower()
    if small and "zh" in (evidence.language, evidence.corpus_language):
        notes.append(f"the local model {backend.model} cannot handle Chinese; "
                     "answered extractively from the passages instead")
        return ExtractiveBackend()
    return backend


# -- composing ------------------------------------------------------------------


def compose(backend: Backend, evidence: Evidence, draft: Draft, checker: SupportChecker,
            answer: Answer) -> None:
    if isinstance(backend, ExtractiveBackend):
        extract(evidence, draft, checker)
        return
    try:
        generate_checked(backend, evidence, draft, checker)
    except ModelError as e:
        answer.notes.append(f"model backend '{backend.name}' failed ({e}); "
                            "answered extractively from the passages instead")
        answer.backend = "extractive"
        draft.order.clear()
        draft.claims.clear()
        draft.unsupported.clear()
        draft.said.clear()
        draft.sentences = 0
        if draft.pieces and draft.on_token is not None:
            draft.on_token("\n")
        draft.pieces.clear()
        extract(evidence, draft, checker)


def extract(evidence: Evidence, draft: Draft, checker: SupportChecker) -> None:
    """The best-supported sentences as they are; quoted after a lead-in when the
    passages are in another language than the question."""
    wanted = (frozenset(numbers_in(evidence.question))
              if evidence.relevance.wants_number else None)
    chosen = choose(evidence.ranked, number_wanted=wanted,
                    signatures=bool(SIGNATURE_QUESTION.search(evidence.question)))
    passage_language = corpus_language(c.text for c in chosen)
    intro = lead_in(evidence.language, passage_language)
    draft.zh = passage_language == "zh" and intro is None
    if intro and chosen:
        draft.emit(intro)
        draft.quotes = ("「", "」") if passage_language == "zh" else ("“", "”")
    for c in chosen:
        draft.add(check_sentence(f"{c.text}[1]", [c.hit], checker), [c.hit])


def generate_checked(backend: Backend, evidence: Evidence, draft: Draft,
                     checker: SupportChecker) -> None:
    """Stream the model's draft, checking each sentence as soon as it is complete."""
    packed = pack(evidence.question, evidence.hits, backend, language=evidence.language,
                  max_tokens=MAX_TOKENS, memories=evidence.memories)
    buffer = ""
    for piece in backend.generate(packed.messages, max_tokens=MAX_TOKENS, temperature=0.0):
        buffer += piece
        sentences = split_sentences(buffer)
        if len(sentences) > 1:
            for s in sentences[:-1]:
                _check_into(s.text, packed.hits, draft, checker)
            buffer = buffer[sentences[-1].start :]
    for s in split_sentences(buffer):
        _check_into(s.text, packed.hits, draft, checker)


def _check_into(text: str, passages: list[Hit], draft: Draft, checker: SupportChecker) -> None:
    if not is_abstain_text(strip_citations(text)):
        draft.add(check_sentence(text, passages, checker), passages)


# -- finishing --------------------------------------------------------------------


def citation(n: int, hit: Hit, claims: list[str]) -> Citation:
    quote = best_quote(hit, claims)
    return Citation(n=n, passage_id=hit.passage_id, doc_id=hit.doc_id, path=hit.path,
                    title=hit.title, speaker=hit.speaker, start=hit.start, end=hit.end,
                    source_start=hit.source_start, source_end=hit.source_end, quote=quote.text)


def finish(answer: Answer, draft: Draft, evidence: Evidence) -> None:
    answer.unsupported = draft.unsupported
    if draft.kept == 0:
        reason = ("every sentence of the draft was unsupported by the passages it cited"
                  if draft.unsupported else "nothing in the passages answers the question")
        abstain(answer, evidence, reason, shown=draft.text if draft.show_unsupported else "")
        return
    answer.answer = draft.text
    answer.citations = [
        citation(n, hit, draft.claims.get(hit.passage_id, []))
        for n, hit in enumerate(draft.order, start=1)
    ]


def abstain(answer: Answer, evidence: Evidence, reason: str, shown: str = "") -> None:
    answer.abstained = True
    text = abstain_text(evidence.language)
    answer.answer = f"{text} {shown}".strip() if shown else text
    answer.notes.append(f"abstained: {reason}")
    answer.closest = [
        citation(n, hit, [evidence.question])
        for n, hit in enumerate(evidence.hits[:CLOSEST], start=1)
    ]
