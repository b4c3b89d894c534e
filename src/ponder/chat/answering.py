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

A follow-up asking for more or for an example ("tell me more", "举个例子") stays on its
topic and in the documents under discussion: it quotes passages of those documents that
this session has not quoted yet (for an example, only passages that give one: "for
example", "例如", a ``>>>`` session …), best matching the topic first, and otherwise says
the documents under discussion give nothing more (or no example); with no documents under
discussion (the answer before abstained) it says so rather than search the library for the
words "an example". A year the follow-up names ("and in 2025?") must appear in a cited
passage, else the answer says the documents under discussion do not mention it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..answer import Answer, ask
from ..answer.ask import QueryCache, citation, decide, gather
from ..answer.records import Citation
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
MORE_QUOTES = 2  # passages quoted for "tell me more" or "give an example"
MORE_CANDIDATES = 30  # passages of the documents under discussion searched for them
# A follow-up asking for more, or for an example (as rewritten by ``followup``)
ASKS_EXAMPLE = re.compile(r"\b(?:an?|some|any|more)\s+examples?\b|\bexamples?\b|\bfor\s+example\b|"
                          r"举个例子|舉個例子|举例|舉例|例子|比如说|比如說", re.I)
ASKS_MORE = re.compile(r"\btell\s+me\s+more\b|\bmore\s+about\b|^\s*more\b|\bgo\s+on\b|"
                       r"\bcontinue\b|\bmore\s+details?\b|\bshow\s+me\s+more\b|更多|"
                       r"多说|多說|详细|詳細|继续|繼續|还有呢|還有呢|再说|再說", re.I)
# The words of such a request, left out of the topic searched for
REQUEST_WORDS = re.compile(r"\b(?:tell|show|give)\s+me\b|\b(?:an?|some|any)\s+examples?\b|"
                           r"\bexamples?\b|\bfor\s+example\b|\bmore\b|\babout\b|\bdetails?\b|"
                           r"\bgo\s+on\b|\bcontinue\b|\bplease\b|关于|關於|举个例子|舉個例子|"
                           r"举例|舉例|例子|比如说|比如說|更多|多说|多說|详细|詳細|继续|繼續|"
                           r"说说|說說|给我|給我|还有呢|還有呢|再说|再說", re.I)
# A passage that gives an example
EXAMPLE = re.compile(r"\bfor\s+(?:example|instance)\b|\be\.g\.|\bexamples?\b|>>>|例如|比如|"
                     r"举个例子|舉個例子|譬如|例子", re.I)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
NOTHING_MORE = {"en": "The documents under discussion say nothing more about this.",
                "zh": "正在讨论的文档对此没有更多内容。"}
NO_EXAMPLE = {"en": "The documents under discussion give no example.",
              "zh": "正在讨论的文档没有给出例子。"}
NO_YEAR = {"en": "The documents under discussion do not mention {year} on this.",
           "zh": "正在讨论的文档没有提到{year}年的情况。"}
LEAD_MORE = {"en": "More from the documents under discussion:", "zh": "正在讨论的文档还说："}
LEAD_EXAMPLE = {"en": "An example from the documents under discussion:",
                "zh": "正在讨论的文档中的例子："}


def asks_example(question: str) -> bool:
    return ASKS_EXAMPLE.search(question) is not None


def asks_more(question: str) -> bool:
    return asks_example(question) or ASKS_MORE.search(question) is not None


def request_topic(question: str) -> str:
    """``question`` without the words asking for more or for an example: its topic."""
    out = REQUEST_WORDS.sub(" ", question)
    out = re.sub(r"[()（）?？.!！。,，、:：]+", " ", out)
    return re.sub(r"\s+", " ", out).strip()


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
        self.quoted: set[int] = set()  # passages this session's answers have cited
        self.sentences: set[str] = set()  # and the sentences they quoted
        self.last_question = ""  # the question answered before
        self.last_abstained = False  # and whether its answer abstained

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
        before, self.last_question = self.last_question, question
        # with nothing under discussion: a follow-up of an abstention (its rewrite repeats
        # the question before)
        if asks_more(question) and (prefer or (self.last_abstained
                                               and _within(request_topic(question), before))):
            return self._remember(self.more(question, prefer, on_token)), []
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
        if prefer:
            answer = self.year_checked(question, answer)
        answer = restyle(answer, shape.style)
        used = [k for s, k in shape.settings if applies(s, answer)] + lessons
        if self.backend.name != "extractive" and not answer.abstained:
            used += shape.context
        return self._remember(answer), _unique(used)

    def _remember(self, answer: Answer) -> Answer:
        self.last_abstained = answer.abstained
        if not answer.abstained:
            self.quoted |= {c.passage_id for c in answer.citations}
            self.sentences |= {c.quote.strip() for c in answer.citations}
        return answer

    def more(self, question: str, prefer: Sequence[int],
             on_token: TokenSink | None) -> Answer:
        """The answer to "tell me more" or "give an example" (see the module doc): new
        passages of the documents under discussion, or a statement that there are none."""
        zh = language_of(question) == "zh"
        lang = "zh" if zh else "en"
        example = asks_example(question)
        topic = request_topic(question)
        started = time.perf_counter()
        chosen = []
        if prefer and topic:
            hits = search(self.library, topic, limit=MORE_CANDIDATES, doc_ids=list(prefer),
                          embedder=self.embedder)
            for hit in hits:
                if (hit.passage_id in self.quoted or not _on_topic(hit.text, topic)
                        or (example and not EXAMPLE.search(hit.text))):
                    continue
                chosen.append(hit)
                if len(chosen) == MORE_QUOTES:
                    break
        if not chosen:
            text = (NO_EXAMPLE if example else NOTHING_MORE)[lang]
            answer = Answer(question, text, True, self.backend.name,
                            time.perf_counter() - started, language=lang)
            answer.notes.append("abstained: nothing new in the documents under discussion"
                                if prefer else "abstained: no documents under discussion")
            if on_token is not None:
                on_token(text)
            return answer
        cites: list[Citation] = []
        for n, hit in enumerate(chosen, start=1):
            c = citation(n, hit, [topic])
            if c.quote.strip() in self.sentences:  # a new sentence of the same passage
                c = _other_sentence(c, hit.text, self.sentences)
            cites.append(c)
        lead = (LEAD_EXAMPLE if example else LEAD_MORE)[lang]
        quotes = [f"「{c.quote}」[{c.n}]" if zh else f"\"{c.quote}\" [{c.n}]" for c in cites]
        text = f"{lead} {' '.join(quotes)}" if not zh else lead + "".join(quotes)
        if on_token is not None:
            on_token(text)
        return Answer(question, text, False, self.backend.name, time.perf_counter() - started,
                      citations=cites, language=lang)

    def year_checked(self, question: str, answer: Answer) -> Answer:
        """A follow-up naming a year answered only from passages that mention it."""
        years = YEAR.findall(question)
        if not years or answer.abstained:
            return answer
        texts = [c.quote for c in answer.citations] + [
            row[0] for c in answer.citations
            for row in self.library.db.execute("SELECT text FROM passages WHERE id = ?",
                                               (c.passage_id,))]
        if all(any(y in t for t in texts) for y in years):
            return answer
        lang = "zh" if language_of(question) == "zh" else "en"
        out = Answer(question, NO_YEAR[lang].format(year=years[0]), True, answer.backend,
                     answer.seconds, language=lang, closest=answer.citations,
                     confidence=answer.confidence)
        out.notes.append(f"abstained: no cited passage mentions {', '.join(years)}")
        return out

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


def _on_topic(text: str, topic: str) -> bool:
    """``text`` holds at least half the words of ``topic`` (English words by their first
    five letters: "matching" finds "match")."""
    words = [w[:5] if w.isascii() else w for w in re.findall(r"\w+", topic.lower())]
    low = text.lower()
    return bool(words) and 2 * sum(w in low for w in words) >= len(words)


def _within(topic: str, before: str) -> bool:
    """Every word of ``topic`` is in the question ``before`` (a follow-up's rewrite)."""
    words = re.findall(r"\w+", topic.lower())
    return bool(words) and bool(before) and all(w in before.lower() for w in words)


def _other_sentence(c: Citation, text: str, said: set[str]) -> Citation:
    """``c`` quoting a sentence of its passage not quoted before (``c`` when there is none)."""
    for m in re.finditer(r"[^.!?。！？]+[.!?。！？]*", text):
        sentence = m.group(0).strip()
        if len(sentence) > 8 and sentence not in said:
            at = c.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            return Citation(c.n, c.passage_id, c.doc_id, c.path, c.title, c.speaker, c.start,
                            c.end, c.source_start, c.source_end, sentence, at, at + len(sentence))
    return c


def _unique(items: list[Known]) -> list[Known]:
    seen: set[tuple[int | None, str]] = set()
    out = []
    for k in items:
        if (k.id, k.text) not in seen:
            seen.add((k.id, k.text))
            out.append(k)
    return out
