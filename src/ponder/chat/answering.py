"""One question answered from the documents, shaped by the memories in effect.

    answerer = Answerer(library, settings, backend=backend, embedder=embedder)
    answer, used = answerer.answer(question, known)

``known``: recalled memories and this session's statements, oldest first. Preferences
set the answer language (before composing) and its length, format and script (after:
``style.restyle``); lessons about sources ("cite the full interview, not the summary")
leave out the documents they name among the candidates for this question, falling back
to all documents when that leaves nothing to answer from. ``used`` lists the memories
that shaped the answer.

``prefer`` (a follow-up's documents under discussion): the answer comes from those
documents when they answer the question at least as surely as the whole library does
(the answer model's ``answerable`` probability over their passages, not below the one
over all passages by more than ``PREFER_MARGIN``), else from all documents; and from all
documents when the answer drawn from them abstains. (The earlier mechanism, moving their
passages 4 places up a search, kept no follow-up in the discussed interview once search
ranked both languages in one list.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..answer import Answer, ask
from ..answer.ask import QueryCache, decide, gather
from ..answer.scorer import shipped_model
from ..answer.settings import SEARCH_LIMIT
from ..config import Settings
from ..llm import Backend
from ..search import Embedder, search
from ..store import Library
from ..text.script import language_of
from .prefs import Setting, settings_in
from .records import Known
from .sources import SourceRule, avoided, source_rule
from .style import Style, applies, restyle

TokenSink = Callable[[str], None]
CANDIDATES = 20  # passages whose documents a lesson about sources chooses among
# How much less surely the documents under discussion may answer a follow-up than the
# whole library and still be preferred. On the tuning chains every margin from 0 to 0.15
# cites the labelled documents as often (10 of 12; 0.16 and more keep two answers about
# GPT-5 in the wrong interview); 0 needs no fitting: the discussed documents win ties.
PREFER_MARGIN = 0.0


@dataclass(frozen=True)
class AskOptions:
    language: str | None
    on_token: TokenSink | None
    show_unsupported: bool


@dataclass(frozen=True)
class Shaping:
    """What the memories in effect ask of one answer."""

    style: Style
    settings: list[tuple[Setting, Known]]  # each in effect, with the memory that set it
    rules: list[tuple[SourceRule, Known]]
    context: list[Known]  # facts and topics, for a model's prompt


def shaping(known: Sequence[Known]) -> Shaping:
    """Later memories win per slot (a script preference also sets the language)."""
    chosen: dict[tuple[str, str], tuple[Setting, Known]] = {}
    rules: dict[str, tuple[SourceRule, Known]] = {}
    context: list[Known] = []
    for k in sorted(known, key=lambda k: k.order):
        if k.kind == "preference":
            for s in settings_in(k.text):
                chosen.pop(s.key, None)
                chosen[s.key] = (s, k)
        elif k.kind == "lesson" and (rule := source_rule(k.text)) is not None:
            rules.pop(rule.key, None)
            rules[rule.key] = (rule, k)
        elif k.kind in ("fact", "topic"):
            context.append(k)
    settings = list(chosen.values())
    style = Style.from_settings(s for s, _ in settings)
    return Shaping(style, settings, list(rules.values()), context)


class Answerer:
    """Answers questions from one library with one backend and embedder."""

    def __init__(self, library: Library, settings: Settings, *, backend: Backend,
                 embedder: Embedder, limit: int = SEARCH_LIMIT) -> None:
        self.library = library
        self.settings = settings
        self.backend = backend
        self.embedder = embedder
        self.limit = limit

    def answer(
        self, question: str, known: Sequence[Known], *, on_token: TokenSink | None = None,
        show_unsupported: bool = False, prefer: Sequence[int] = (),
    ) -> tuple[Answer, list[Known]]:
        """The answer, and the memories that shaped it.

        ``on_token`` streams the answer as it is checked, unless a preference reshapes
        it afterwards (then nothing streams and the caller prints the result).
        ``prefer``: documents to prefer (see the module doc).
        """
        shape = shaping(known)
        leave_out, lessons = self.sources(question, shape.rules)
        language = shape.style.language
        if language == language_of(question):
            language = None
        options = AskOptions(language, None if shape.style.reshapes else on_token,
                             show_unsupported)
        within = None if leave_out else self.preferring(question, prefer)
        answer = self._ask(question, shape, options, leave_out, within)
        if within is not None and answer.abstained:
            answer = self._ask(question, shape, options, set())
        if leave_out and answer.abstained:
            answer = self._ask(question, shape, options, set())
            lessons = []
        elif leave_out:
            titles = "; ".join(sorted({self.library.document(i).title[:40] for i in leave_out}))
            answer.notes.append(f"following your lesson, left out: {titles}")
        answer = restyle(answer, shape.style)
        used = [k for s, k in shape.settings if applies(s, answer)] + lessons
        if self.backend.name != "extractive" and not answer.abstained:
            used += shape.context
        return answer, _unique(used)

    def sources(self, question: str, rules: Sequence[tuple[SourceRule, Known]]
                ) -> tuple[set[int], list[Known]]:
        """Documents the lessons leave out for this question, and the lessons that did."""
        if not rules:
            return set(), []
        hits = search(self.library, question, limit=CANDIDATES, embedder=self.embedder)
        docs = [self.library.document(i) for i in dict.fromkeys(h.doc_id for h in hits)]
        out: set[int] = set()
        used: list[Known] = []
        for rule, k in rules:
            left = avoided(rule, docs)
            if left:
                out |= left
                used.append(k)
        return (out, used) if len(out) < len(docs) else (set(), [])

    def preferring(self, question: str, prefer: Sequence[int]) -> list[int] | None:
        """``prefer`` when those documents answer ``question`` (see the module doc); None
        (all documents) when there is nothing to prefer or they do not."""
        if not prefer:
            return None
        model = shipped_model()
        embedder = QueryCache(self.embedder)
        within = gather(self.library, question, embedder, model, limit=self.limit,
                        doc_ids=list(prefer))
        if decide(within, model) is not None:
            return None
        everywhere = gather(self.library, question, embedder, model, limit=self.limit)
        if within.answerable + PREFER_MARGIN < everywhere.answerable:
            return None
        return list(prefer)

    def _ask(self, question: str, shape: Shaping, options: AskOptions,
             leave_out: set[int], within: Sequence[int] | None = None) -> Answer:
        doc_ids = ([d.id for d in self.library.documents() if d.id not in leave_out]
                   if leave_out else None if within is None else list(within))
        context = [k.text for k in (*[k for _, k in shape.settings], *shape.context)]
        return ask(self.library, question, settings=self.settings, backend=self.backend,
                   embedder=self.embedder, limit=self.limit, language=options.language,
                   doc_ids=doc_ids, memories=context, on_token=options.on_token,
                   show_unsupported=options.show_unsupported)


def _unique(items: list[Known]) -> list[Known]:
    seen: set[tuple[int | None, str]] = set()
    out = []
    for k in items:
        if (k.id, k.text) not in seen:
            seen.add((k.id, k.text))
            out.append(k)
    return out
