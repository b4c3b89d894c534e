"""``ask``: retrieve once, score candidate sentences, decide, compose, verify, cite — or abstain.

    answer = ask(library, "奥特曼对核裂变持什么态度？", settings=Settings.load())
    answer.answer, answer.citations, answer.unsupported, answer.notes

1. Retrieve: hybrid search, passages holding a rare question word, and the passage a
   label or an interviewer's question leads into (:func:`gather`).
2. Score every candidate sentence with the fitted model (:mod:`.evidence`).
3. Decide once: when the best sentence's probability is under the fitted threshold,
   abstain, and say why in words (:func:`decide`).
4. Compose: extractively (:mod:`.compose`), or with a model whose every sentence is
   checked against the passage it cites (unsupported ones removed).

Which composer: ``backend_name``, else the configured one (``ponder.llm``'s rule);
a model that cannot be loaded or fails mid-answer, and the shipped SmolLM2 model facing
Chinese, give way to ``extractive``, and ``notes`` says so. ``on_token`` receives the
answer as it is produced, one checked sentence at a time.
"""

from __future__ import annotations

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
from ..text.script import corpus_language, language_of
from . import settings as budget
from .aliases import Aliases, library_aliases
from .compose import choose, duplicate, render
from .dates import asks_document_date, document_date, spoken
from .evidence import Candidate, candidates
from .expand import expand
from .extractive import ExtractiveBackend
from .features import QuestionInfo, question_features, question_info
from .lang import abstain_text, is_abstain_text
from .prompt import pack
from .records import Answer, Citation
from .rescue import rescue
from .scorer import AnswerModel, shipped_model
from .sentences import split_sentences, strip_citations
from .support import SupportChecker
from .terms import Weigher, question_groups
from .verify import Checked, best_quote, check_sentence, with_markers

UNSUPPORTED = "[unsupported]"
DATE_DOCS = 3  # best-scoring candidates whose documents may date a when-question

TokenSink = Callable[[str], None]


@dataclass
class Evidence:
    """What retrieval found for one question, and how each sentence scored."""

    question: str
    language: str
    hits: list[Hit]
    corpus_language: str
    info: QuestionInfo
    ranked: list[Candidate]
    aliases: Aliases
    memories: tuple[str, ...] = ()  # what the user asked us to keep in mind (prompt context)

    answerable: float = 0.0  # the fitted probability that the library answers the question


@dataclass
class Draft:
    """A model's answer being assembled from checked sentences."""

    zh: bool
    show_unsupported: bool
    on_token: TokenSink | None
    order: list[Hit] = field(default_factory=list)
    claims: dict[int, list[str]] = field(default_factory=dict)  # passage id -> sentences
    pieces: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    kept: int = 0

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
        if not checked.supported:
            self.unsupported.append(checked.text)
            if self.show_unsupported:
                self.emit(f"{UNSUPPORTED} {checked.text}")
            return
        if self.kept >= budget.MAX_MODEL_SENTENCES:
            return
        hits = [passages[n - 1] for n in checked.supporters]
        for h in hits:
            self.claims.setdefault(h.passage_id, []).append(checked.text)
        self.kept += 1
        self.emit(with_markers(checked.text, [self.number(h) for h in hits], self.zh))

    def emit(self, piece: str) -> None:
        joined = piece if not self.pieces or self.zh else f" {piece}"
        self.pieces.append(joined)
        if self.on_token is not None:
            self.on_token(joined)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def ask(
    library: Library,
    question: str,
    *,
    settings: Settings,
    backend_name: str | None = None,
    show_unsupported: bool = False,
    on_token: TokenSink | None = None,
    limit: int = budget.SEARCH_LIMIT,
    backend: Backend | None = None,
    embedder: Embedder | None = None,
    doc_ids: Sequence[int] | None = None,
    language: str | None = None,
    memories: Sequence[str] = (),
    model: AnswerModel | None = None,
) -> Answer:
    """Answer ``question`` from ``library`` with checked citations (see module doc).

    ``doc_ids`` restricts retrieval to those documents; ``language`` (``"en"``/``"zh"``)
    overrides the language the answer is written in (default: the question's);
    ``memories`` (the user's recalled preferences and facts) go into a model's prompt as
    context about the user, never as evidence; ``model`` replaces the shipped scorer.
    """
    started = time.perf_counter()
    model = model or shipped_model()
    embedder = QueryCache(embedder or default_embedder())
    evidence = gather(library, question, embedder, model, limit=limit, doc_ids=doc_ids)
    if language in ("en", "zh"):
        evidence.language = language
    evidence.memories = tuple(memories)
    timings = {"retrieve": time.perf_counter() - started}
    chosen, notes = (backend, []) if backend is not None else resolve_backend(settings,
                                                                             backend_name)
    answer = Answer(question=question, answer="", abstained=False, backend=chosen.name,
                    seconds=0.0, notes=notes, language=evidence.language,
                    confidence=round(evidence.answerable, 4))
    reason = decide(evidence, model)
    if reason is not None:
        abstain(answer, evidence, reason)
    else:
        chosen = fit_language(chosen, evidence, answer.notes)
        answer.backend = chosen.name
        if asks_document_date(question, evidence.info.wants) and answer_date(
                library, evidence, answer, on_token):
            answer.backend = "extractive"
        elif isinstance(chosen, ExtractiveBackend):
            extract(evidence, model, answer, on_token)
        else:
            checker = SupportChecker(embedder, evidence.aliases, weigh=Weigher(library.db))
            generate(chosen, evidence, model, checker, answer, show_unsupported, on_token)
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


def gather(library: Library, question: str, embedder: Embedder, model: AnswerModel, *,
           limit: int = budget.SEARCH_LIMIT, doc_ids: Sequence[int] | None = None,
           weigher: Weigher | None = None) -> Evidence:
    """Retrieve for ``question`` and score every candidate sentence."""
    aliases = library_aliases(library)
    weigher = weigher or Weigher(library.db)
    info = question_info(question, question_groups(question, None, aliases), weigher, aliases)
    found = search(library, question, limit=limit, embedder=embedder, doc_ids=doc_ids)
    found = rescue(library, found, info.groups, weigher, depth=budget.RESCUE_DEPTH,
                   doc_ids=doc_ids)
    hits, leads = expand(library, found, info.groups, depth=budget.EXPAND_DEPTH)
    ranked = candidates(info, hits, model, library=library, embedder=embedder,
                        question_vector=embedder.embed_query(question), leads=leads)
    target = corpus_language(h.text for h in hits[:5]) if hits else info.language
    evidence = Evidence(question, info.language, hits, target, info, ranked, aliases)
    if ranked:
        evidence.answerable = model.answerable_probability(
            question_features([c.score for c in ranked], ranked[0].features))
    return evidence


def decide(evidence: Evidence, model: AnswerModel) -> str | None:
    """``None`` when the documents answer; otherwise why not, in words."""
    info = evidence.info
    if evidence.ranked and evidence.answerable >= model.threshold:
        return None
    if info.absent_entities or info.absent_keys:
        absent = (*info.absent_entities, *info.absent_keys)
        return f"the documents never mention {', '.join(absent)}"
    if not evidence.ranked:
        return "no passage shares enough with the question to be read as an answer"
    best = evidence.ranked[0]
    missing = [g.source for g in best.coverage.missing][:4]
    where = best.hit.title or best.hit.path
    lacking = f"; it does not mention {', '.join(missing)}" if missing else ""
    chance, needed = evidence.answerable, model.threshold
    if f"{chance:.2f}" == f"{needed:.2f}":  # rounded equal: say so, with the digits that differ
        odds = f"{chance:.3f}, just under the {needed:.3f} needed"
    else:
        odds = f"{chance:.2f} where {needed:.2f} is needed"
    return (f"no passage answers it confidently: the closest sentence is in {where!r}, "
            f"and the chance that the documents answer is {odds}{lacking}")


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
    chinese = any(language_of(h.text) == "zh" for h in evidence.hits[: budget.CLOSEST + 2])
    if small and (evidence.language == "zh" or chinese):
        notes.append(f"the local model {backend.model} cannot handle Chinese; "
                     "answered extractively from the passages instead")
        return ExtractiveBackend()
    return backend


# -- composing ------------------------------------------------------------------


def extract(evidence: Evidence, model: AnswerModel, answer: Answer,
            on_token: TokenSink | None) -> None:
    """The best-scoring sentences as a person would quote them, each cited."""
    chosen = choose(evidence.ranked, model)
    if not chosen:
        abstain(answer, evidence, "no sentence of the closest passages can be quoted as an answer")
        return
    rendered = render(chosen, evidence.question, evidence.info.wants, evidence.aliases,
                      language=evidence.language)
    answer.answer = rendered.text
    answer.citations = [
        Citation(n=n, passage_id=p.candidate.hit.passage_id, doc_id=p.candidate.hit.doc_id,
                 path=p.candidate.hit.path, title=p.candidate.hit.title,
                 speaker=p.candidate.hit.speaker, start=p.candidate.hit.start,
                 end=p.candidate.hit.end, source_start=p.candidate.hit.source_start,
                 source_end=p.candidate.hit.source_end, quote=p.raw,
                 quote_start=p.candidate.hit.start + p.start,
                 quote_end=p.candidate.hit.start + p.end)
        for n, (_, p) in enumerate(rendered.cited, start=1)
    ]
    if on_token is not None:
        for part in rendered.parts:
            on_token(part)


def answer_date(library: Library, evidence: Evidence, answer: Answer,
                on_token: TokenSink | None) -> bool:
    """Answer a when-question about a document with the date it carries, quoting the
    sentence it was read from; False when that document states no date in its text."""
    docs = list(dict.fromkeys(c.hit.doc_id for c in evidence.ranked[:DATE_DOCS]))
    found = (document_date(library, d) for d in docs)  # the best-scoring dated document
    dated = next((d for d in found if d is not None and d.hit is not None
                  and d.date.start is not None), None)
    if dated is None or dated.hit is None or dated.date.start is None:
        return False
    hit, at = dated.hit, dated.date.start - dated.hit.start
    sentence = next((x for x in split_sentences(hit.text) if x.start <= at < x.end), None)
    if sentence is None:
        return False
    zh = evidence.language == "zh"
    quote_zh = language_of(sentence.text) == "zh"
    open_q, close_q = ("「", "」") if quote_zh else ("“", "”")
    marker = "[1]" if zh else " [1]"
    lead = spoken(dated.date.value, evidence.language) + ("。" if zh else ". ")
    answer.answer = f"{lead}{open_q}{sentence.text}{close_q}{marker}"
    answer.citations = [Citation(
        n=1, passage_id=hit.passage_id, doc_id=hit.doc_id, path=hit.path, title=hit.title,
        speaker=hit.speaker, start=hit.start, end=hit.end, source_start=hit.source_start,
        source_end=hit.source_end, quote=sentence.text, quote_start=hit.start + sentence.start,
        quote_end=hit.start + sentence.end)]
    answer.notes.append(f"the date {dated.date.text!r} is the document's own "
                        f"({dated.date.source}), found when it was added")
    if on_token is not None:
        on_token(answer.answer)
    return True


def generate(backend: Backend, evidence: Evidence, model: AnswerModel,
             checker: SupportChecker, answer: Answer, show_unsupported: bool,
             on_token: TokenSink | None) -> None:
    """A model's draft, checked sentence by sentence; extractive if the model fails or
    none of its sentences is supported (the decision already found an answer)."""
    draft = Draft(evidence.language == "zh", show_unsupported, on_token)
    try:
        generate_checked(backend, evidence, draft, checker)
    except ModelError as e:
        answer.notes.append(f"model backend '{backend.name}' failed ({e}); "
                            "answered extractively from the passages instead")
        answer.backend = "extractive"
        if draft.pieces and on_token is not None:
            on_token("\n")
        extract(evidence, model, answer, on_token)
        return
    answer.unsupported = draft.unsupported
    if draft.kept == 0 and not draft.unsupported:
        abstain(answer, evidence, "the model found no answer in the passages")
        return
    if draft.kept == 0:
        # The decision found an answer in the passages; the model did not write it down
        # faithfully. Quote the passages instead of abstaining on a sound question.
        answer.notes.append(f"model backend '{backend.name}' wrote no sentence that the "
                            "passages it cited support; answered extractively from the "
                            "passages instead")
        if show_unsupported and on_token is not None:
            on_token("\n")
        extract(evidence, model, answer, on_token)
        if show_unsupported:
            answer.answer = f"{draft.text}\n{answer.answer}"
        answer.backend = "extractive"
        return
    answer.answer = draft.text
    answer.citations = [
        citation(n, hit, draft.claims.get(hit.passage_id, []))
        for n, hit in enumerate(draft.order, start=1)
    ]


def generate_checked(backend: Backend, evidence: Evidence, draft: Draft,
                     checker: SupportChecker) -> None:
    """Stream the model's draft, checking each sentence as soon as it is complete."""
    packed = pack(evidence.question, evidence.hits, backend, language=evidence.language,
                  max_tokens=budget.MAX_TOKENS, memories=evidence.memories)
    buffer = ""
    for piece in backend.generate(packed.messages, max_tokens=budget.MAX_TOKENS,
                                  temperature=0.0):
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
    """A citation of ``hit`` whose quote is its sentence closest to ``claims``."""
    quote = best_quote(hit, claims)
    return Citation(n=n, passage_id=hit.passage_id, doc_id=hit.doc_id, path=hit.path,
                    title=hit.title, speaker=hit.speaker, start=hit.start, end=hit.end,
                    source_start=hit.source_start, source_end=hit.source_end, quote=quote.text,
                    quote_start=hit.start + quote.start, quote_end=hit.start + quote.end)


def abstain(answer: Answer, evidence: Evidence, reason: str, shown: str = "") -> None:
    answer.abstained = True
    text = abstain_text(evidence.language)
    answer.answer = f"{text} {shown}".strip() if shown else text
    answer.notes.append(f"abstained: {reason}")
    answer.closest = [
        citation(n, hit, [evidence.question])
        for n, hit in enumerate(evidence.hits[: budget.CLOSEST], start=1)
    ]
