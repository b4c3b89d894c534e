"""The plan of a research question, made without a model: its sub-questions.

    plan = make_plan(library, "How did Altman's view of AGI change from talk to talk?")
    [(s.text, s.reason, s.doc_ids) for s in plan.subquestions]

The question's facets decide the shape (:func:`facets`):

- **compare** ("compare A and B", "A vs B", "A 和 B 有什么不同"): one sub-question per
  entity;
- **change** ("how did X change", "from talk to talk", "变化", "演变"): one sub-question per
  document that speaks about the topic, oldest first; which documents comes from the
  library's structure (:func:`topic_documents`): the documents of the best search hits
  that sit in the same folder as the best one (a series of talks is one folder);
- **why** ("why", "为什么", "原因"): a sub-question about the cause, beside the topic;
- otherwise the question itself.

The cue words are the plain English and Chinese words for these facets, written by hand and
checked by ``tests/research/test_research_plan.py``; nothing here is fitted.
``--plan-file`` replaces the whole plan (:func:`plan_from_file`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputError
from ..search import search
from ..store.library import Library
from ..text.script import has_cjk

TOPIC_HITS = 20  # search hits read to find the documents a change question is about
MAX_DOCUMENTS = 8  # per-document sub-questions at most

_CHANGE = re.compile(
    r"\bchang(?:e|ed|es|ing)\b|\bevolv(?:e|ed|es|ing)\b|\bshift(?:ed|s)?\b|\bover time\b"
    r"|\bfrom (?:talk|interview|document|one) to\b|变化|變化|演变|演變|转变|轉變|前后|前後"
    r"|几次|幾次|历次|歷次",
    re.IGNORECASE,
)
_WHY = re.compile(r"\bwhy\b|\breasons?\b|\bcauses?\b|为什么|為什麼|为何|為何|原因|怎么会|怎麼會",
                  re.IGNORECASE)
_COMPARE_EN = [
    re.compile(r"\bcompare\s+(?P<a>.+?)\s+(?:and|with|to)\s+(?P<b>.+?)[?.!]*$", re.I),
    re.compile(r"\bdifferences?\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)[?.!]*$", re.I),
    re.compile(r"^(?:what about\s+)?(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+?)[?.!]*$", re.I),
    re.compile(r"\bhow (?:does|do|is|are)\s+(?P<a>.+?)\s+differ\s+from\s+(?P<b>.+?)[?.!]*$",
               re.I),
]
_COMPARE_ZH = [
    re.compile(r"(?:比较|比較|对比|對比)(?P<a>.+?)(?:和|与|與|跟|同)(?P<b>.+?)"
               r"(?:的(?:异同|異同|区别|區別|不同))?[？?。!！]*$"),
    re.compile(r"^(?P<a>.+?)(?:和|与|與|跟|同)(?P<b>.+?)(?:之间|之間)?(?:有(?:什么|什麼|何)"
               r"(?:不同|区别|區別|差别|差別|异同|異同)|的(?:区别|區別|不同|异同|異同)"
               r"|哪里不同|哪裡不同)"),
]
_CHANGE_TAIL_EN = re.compile(
    r"\s*(?:\bchang(?:e|ed|es|ing)|\bevolv(?:e|ed|es|ing)|\bshift(?:ed|s)?)\b.*$", re.I)
_HOW_DID = re.compile(r"^\s*(?:how|in what way|in what ways)\s+(?:did|has|have|does|do)\s+",
                      re.I)
_CHANGE_TAIL_ZH = re.compile(
    r"(?:(?:在|从|從)[^，,。？?]{0,10}?(?:中|里|裡|之间|之間|上))?(?:有|发生了|發生了)?"
    r"(?:什么|什麼|哪些|怎样的|怎樣的|何种|何種)?(?:变化|變化|演变|演變|转变|轉變)[？?。!！]*$")
_WHY_HEAD_EN = re.compile(r"^\s*why\s+(?:did|does|do|is|are|was|were|has|have)\s+", re.I)


@dataclass
class SubQuestion:
    """One step of the plan: ``doc_ids`` restricts its search (None: the whole library)."""

    text: str
    reason: str
    doc_ids: list[int] | None = None
    group: str = ""  # sub-questions about one topic share it (contradictions are sought there)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Plan:
    """The sub-questions, and the facets of the question that shaped them."""

    question: str
    facets: list[str]
    subquestions: list[SubQuestion] = field(default_factory=list)
    language: str = "en"

    @property
    def over_time(self) -> bool:
        return "change" in self.facets

    def to_json(self) -> dict[str, object]:
        return {"question": self.question, "facets": self.facets, "language": self.language,
                "subquestions": [s.to_json() for s in self.subquestions]}


def facets(question: str) -> list[str]:
    """The facets of ``question``: any of ``compare``, ``change``, ``why``."""
    found = []
    if compared(question):
        found.append("compare")
    if _CHANGE.search(question):
        found.append("change")
    if _WHY.search(question):
        found.append("why")
    return found


def compared(question: str) -> tuple[str, str] | None:
    """The two entities a comparison question names, else None."""
    text = question.strip()
    for pattern in (*_COMPARE_ZH, *_COMPARE_EN):
        m = pattern.search(text)
        if m:
            a, b = _clean(m.group("a")), _clean(m.group("b"))
            if a and b and a.lower() != b.lower():
                return a, b
    return None


def topic(question: str) -> str:
    """The question without its change-over-time wording: what each document is asked.

    "How did Altman's view of AGI change from talk to talk?" → "Altman's view of AGI";
    "奥特曼对AGI的看法在几次访谈中有什么变化？" → "奥特曼对AGI的看法".
    """
    text = question.strip()
    if has_cjk(text):
        stripped = _CHANGE_TAIL_ZH.sub("", text)
    else:
        stripped = _CHANGE_TAIL_EN.sub("", _HOW_DID.sub("", text))
    stripped = _clean(stripped)
    return stripped or text


def make_plan(library: Library, question: str, *, doc_ids: Sequence[int] | None = None,
              hits: int = TOPIC_HITS) -> Plan:
    """The sub-questions of ``question`` over ``library`` (see the module doc)."""
    language = "zh" if has_cjk(question) else "en"
    kinds = facets(question)
    plan = Plan(question=question, facets=kinds, language=language)
    limit = list(doc_ids) if doc_ids else None
    pair = compared(question) if "compare" in kinds else None
    if pair is not None:
        for entity in pair:
            text = (f"关于{entity}，文档说了什么？" if language == "zh"
                    else f"What do the documents say about {entity}?")
            plan.subquestions.append(SubQuestion(
                text, f"comparison: one sub-question per entity ({entity})", limit, "compare"))
    elif "change" in kinds:
        about = topic(question)
        docs = topic_documents(library, about, doc_ids=limit, hits=hits)
        for doc_id, date in docs:
            title = library.document(doc_id).title
            when = date or "undated"
            plan.subquestions.append(SubQuestion(
                about, f"change over time: what document {doc_id} ({title}, {when}) says",
                [doc_id], about))
        if not docs:
            plan.subquestions.append(SubQuestion(about, "change over time: no document "
                                                 "found for the topic", limit, about))
    if "why" in kinds:
        cause = (_cause(question, language) if "change" not in kinds else
                 f"{topic(question)}为什么会变化？" if language == "zh" else
                 f"Why did {topic(question)} change?")
        plan.subquestions.append(SubQuestion(cause,
                                             "cause: the question asks why", limit, "why"))
    if not plan.subquestions:
        plan.subquestions.append(SubQuestion(question.strip(), "the question itself", limit,
                                             "question"))
    return plan


def topic_documents(library: Library, about: str, *, doc_ids: Sequence[int] | None = None,
                    hits: int = TOPIC_HITS) -> list[tuple[int, str | None]]:
    """The documents speaking about ``about``, with their dates, oldest first (undated
    last): those among the top ``hits`` search hits that share the best one's folder."""
    found = search(library, about, limit=hits, doc_ids=doc_ids)
    if not found:
        return []
    counts = Counter(h.doc_id for h in found)
    folder = Path(found[0].path).parent
    chosen = [d for d, _ in counts.most_common()
              if Path(library.document(d).path).parent == folder][:MAX_DOCUMENTS]
    dated = [(d, library.document(d).date) for d in chosen]
    return sorted(dated, key=lambda x: (date_key(x[1]), x[0]))


def date_key(value: str | None) -> tuple[int, str]:
    """Sorts ISO dates oldest first; a date without a year ("--05-16") and none at all last."""
    if not value:
        return (2, "")
    if value.startswith("--"):
        return (1, value)
    return (0, value)


def plan_from_file(path: Path, question: str, *, doc_ids: Sequence[int] | None = None) -> Plan:
    """A plan read from ``path``: one sub-question per non-blank line (``#`` lines skipped)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(path, "no such plan file") from e
    except OSError as e:
        raise InputError(path, f"cannot read the plan file ({e.strerror})") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(path, "the plan file is not UTF-8 text") from e
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines:
        raise InputError(path, "the plan file has no sub-questions (one per line)")
    limit = list(doc_ids) if doc_ids else None
    kinds = facets(question)
    return Plan(question=question, facets=kinds, language="zh" if has_cjk(question) else "en",
                subquestions=[SubQuestion(line, f"from {path.name}", limit, "plan-file")
                              for line in lines])


def _cause(question: str, language: str) -> str:
    if language == "zh":
        return question.strip()
    body = _WHY_HEAD_EN.sub("", question.strip())
    return f"Why {body[:1].lower()}{body[1:]}" if body != question.strip() else question.strip()


def _clean(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)
    return text.strip(" \t\"'“”‘’「」,，、?？.。!！:：;；")
