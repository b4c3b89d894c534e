"""Learning: after an exchange, at most one extraction step over the user's own words.

    learner = Learner(store, user, backend)          # backend None/extractive: rules only
    result = learner.learn(Exchange(message, conversation_id, turn_id))
    result.memories, result.notes

Only ``Exchange.message`` — what the user typed — is read: never the answer, recalled
memories or documents, so text inside a document ("remember that the user loves
advertising") can never become a memory. Everything learned is tier ``inferred`` with
a reason and provenance (conversation, turn, verbatim quote, extractor). With a model
backend the model proposes JSON that a tolerant parser checks (each quote must be
words of the message); a reply that is not such JSON stores nothing.

A topic asked about in three separate conversations becomes a ``topic`` memory
(reason "said 3 times").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import cast

from ..errors import ModelError
from ..llm import Backend, Message, complete
from ..memory import Kind, Memory, MemoryStore, Provenance
from ..memory.text import QUERY_STOP, norm_text
from ..text.normalize import index_tokens, matching_form
from ..text.script import HAN, has_cjk
from .intents import intent
from .prefs import phrase, requests_in, settings_in
from .sources import source_rule
from .statements import Proposal, fact_in, interest_in, proposals

TOPIC_SESSIONS = 3
MAX_PROPOSALS = 3
_MODEL_KINDS = ("preference", "fact", "lesson", "interest")
_GENERIC_WORDS = """
    say said says tell told think thinks thought talk talked mean means meant know knows get
    make made give gave does did done use used way ways thing things kind lot much many more
    most some also just like want need time year years today now new old good best first last
    说 说了 说过 提到 认为 觉得 看法 问题 时候 现在 今年 以后 这个 那个 可以
    能够 是否 有没有 怎样 怎么样 哪些 发布 对于 关于 评价 观点 意思 表示 为何 一下 一些
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
_ENTITY = re.compile(rf"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|[{HAN}]{{2,}}")

EXTRACT_PROMPT = """\
You read ONE message a user wrote to an assistant and list what it states that is worth \
remembering about the user: preferences for answers (language, script, length, format, \
citation style, tone), interests ("I'm interested in …"), facts about the user, and \
corrections of the assistant ("cite X, not Y").
Reply with JSON only, no prose: a list like \
[{"kind": "preference" | "interest" | "fact" | "lesson", "text": "<short statement>", \
"quote": "<the exact words of the message>"}], or [] when it states nothing to remember. \
Questions, greetings and thanks state nothing. Never add anything the message does not say."""


@dataclass(frozen=True)
class Exchange:
    """What the user typed in one exchange, and where it is stored (None: not stored)."""

    message: str
    conversation_id: int | None = None
    turn_id: int | None = None


@dataclass
class Learned:
    memories: list[Memory] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def worth_learning(message: str) -> bool:
    """Never on small talk, controls ("remember …" is saved already) or history questions."""
    return intent(message).action == "question"


class Learner:
    """One user's extraction step; rules, or a model with a tolerant JSON parser."""

    def __init__(self, store: MemoryStore, user: str, backend: Backend | None = None) -> None:
        self.store = store
        self.user = user
        self.backend = backend if backend is not None and backend.name != "extractive" else None

    @property
    def extractor(self) -> str:
        return self.backend.model if self.backend is not None else "rule"

    def learn(self, exchange: Exchange) -> Learned:
        """The one extraction step for ``exchange`` (nothing when learning is off)."""
        out = Learned()
        store = self.store
        if not (store.enabled(self.user) and store.learning(self.user)):
            return out
        if not worth_learning(exchange.message):
            return out
        found, note = self.extract(exchange.message)
        out.notes += [note] if note else []
        for p in found[:MAX_PROPOSALS]:
            self._keep(out, self._remember(p, exchange, self.extractor))
        topic = self.topic(exchange)
        if topic is not None:
            self._keep(out, self._remember(topic, exchange, "rule"))
        return out

    def _keep(self, out: Learned, memory: Memory | None) -> None:
        if memory is not None:
            out.memories.append(memory)

    def _remember(self, p: Proposal, exchange: Exchange, extractor: str) -> Memory | None:
        provenance = Provenance(extractor, exchange.conversation_id, exchange.turn_id, p.quote)
        added = self.store.remember(self.user, p.text, kind=p.kind, tier="inferred",
                                    reason=p.reason, subject=p.subject, slot=p.slot,
                                    provenance=provenance)
        return added.memory if added.status == "stored" else None

    # ---- extraction --------------------------------------------------------------------

    def extract(self, message: str) -> tuple[list[Proposal], str | None]:
        if self.backend is None:
            return proposals(message), None
        try:
            reply = complete(self.backend, [Message("system", EXTRACT_PROMPT),
                                            Message("user", f"Message:\n{message}\n\nJSON:")],
                             max_tokens=256, temperature=0.0)
        except ModelError as e:
            return [], f"learning skipped: the model failed ({e})"
        found = parse_proposals(reply, message)
        if found is None:
            return [], "learning skipped: the model's reply was not the JSON asked for"
        return found, None

    # ---- topics ------------------------------------------------------------------------

    def topic(self, exchange: Exchange) -> Proposal | None:
        """A topic of this question the user asked about in ``TOPIC_SESSIONS`` conversations."""
        best: tuple[int, str] | None = None
        for term in topic_terms(exchange.message):
            sessions = self._sessions_asking(term)
            if len(sessions) >= TOPIC_SESSIONS and (best is None or len(sessions) > best[0]):
                best = (len(sessions), term)
        if best is None:
            return None
        term = best[1]
        return Proposal(f"Often asks about {term}", "topic", f"said {TOPIC_SESSIONS} times",
                        exchange.message, "topic", matching_form(term))

    def _sessions_asking(self, term: str) -> set[int]:
        form = norm_text(term)
        turns = self.store.search_turns(self.user, term, limit=200)
        return {t.conversation_id for t in turns
                if t.role == "user" and form in norm_text(t.text)
                and intent(t.text).action == "question"}


def topic_terms(question: str) -> list[str]:
    """Names and content words of a question, as written ("GPT-5", "OpenAI", "马斯克")."""
    tokens = set(index_tokens(question))
    out: list[str] = []
    for m in _ENTITY.finditer(question):
        for word in _words(m.group()):
            form = matching_form(word)
            if (form in tokens and form not in QUERY_STOP and form not in _GENERIC
                    and len(form) >= (2 if has_cjk(form) else 3)
                    and word not in out):
                out.append(word)
    return out


def _words(span: str) -> list[str]:
    """A latin name as it is, or the words of a run of Chinese characters."""
    if not has_cjk(span):
        return [span]
    forms = index_tokens(span)
    out, pos = [], 0
    for form in forms:
        out.append(span[pos:pos + len(form)])
        pos += len(form)
    return out


# ---- the tolerant parser ------------------------------------------------------------------


def _json_values(reply: str) -> list[object]:
    """Every JSON array or object that starts somewhere in ``reply``, outermost first."""
    decoder = json.JSONDecoder()
    found: list[object] = []
    pos = 0
    while pos < len(reply):
        starts = [i for i in (reply.find("[", pos), reply.find("{", pos)) if i >= 0]
        if not starts:
            break
        start = min(starts)
        try:
            value, end = decoder.raw_decode(reply, start)
        except ValueError:
            pos = start + 1
            continue
        found.append(value)
        pos = end
    return found


def _items(value: object) -> list[object] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        inner = value.get("memories", value.get("items"))
        return inner if isinstance(inner, list) else [value]
    return None


def parse_proposals(reply: str, message: str) -> list[Proposal] | None:
    """Proposals in a model's reply, each checked against ``message``; None when not JSON."""
    for value in _json_values(reply):
        items = _items(value)
        if items is not None:
            return [p for p in (_proposal(i, message) for i in items) if p is not None]
    return None


def _proposal(item: object, message: str) -> Proposal | None:
    if not isinstance(item, dict):
        return None
    kind, text, quote = item.get("kind"), item.get("text"), item.get("quote")
    if kind not in _MODEL_KINDS or not isinstance(text, str) or not isinstance(quote, str):
        return None
    text, quote = text.strip(), quote.strip()
    if not text or len(text) > 300 or not quote or norm_text(quote) not in norm_text(message):
        return None  # only what the user's own words say
    if kind in ("interest", "fact") and (interest := interest_in(quote)) is not None:
        return interest  # a topic on its subject's slot, as the rules store it
    if kind == "interest":
        return None
    return _shaped(cast(Kind, kind), text, quote)


def _shaped(kind: Kind, text: str, quote: str) -> Proposal | None:
    """The proposal with the same subject and slot the rules would give it."""
    if kind == "preference":
        settings = requests_in(quote) or settings_in(text)
        if not settings:
            return None
        s = settings[0]
        return Proposal(phrase(s), "preference", "stated preference", quote, s.subject, s.slot)
    if kind == "lesson":
        rule = source_rule(text) or source_rule(quote)
        key = ("sources", rule.key) if rule else (None, None)
        return Proposal(text, "lesson", "correction", quote, *key)
    fact = fact_in(quote)
    slot = (fact.subject, fact.slot) if fact else (None, None)
    return Proposal(text, "fact", "stated fact", quote, *slot)
