"""Rules that find what a user *stated* in a message: preferences, facts about them, lessons.

    proposals("I am a journalist writing about OpenAI. Keep answers short.")
    -> [Proposal("I am a journalist writing about OpenAI", "fact", ...),
        Proposal("Keep answers short (at most 2 sentences)", "preference", ...)]
    proposals("我对开源感兴趣") -> [Proposal("对开源感兴趣", "topic", ..., "topic", "开源")]

An interest is a ``topic`` memory on the slot of its subject (the matching form of what it
names), the slot a topic learned from repeated questions has: saying it again, in other
words, replaces it.

Only the user's own sentences are read (never recalled memories or documents), and
each proposal keeps the sentence it came from verbatim as its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..memory import Kind
from ..text.normalize import matching_form
from ..text.script import to_script
from .prefs import phrase, requests_in
from .sources import lesson_in

_SENTENCE = re.compile(r"[^.?!。？！;；\n]+[.?!。？！;；]*")
_QUESTION_WORDS = re.compile(
    r"^(?:what|who|whom|whose|when|where|why|how|which|is|are|was|were|do|does|did|can|could|"
    r"should|would|will|has|have|had|tell|explain|describe|summari[sz]e|list|compare|find|show)\b|"
    r"[吗嗎呢]\s*[?？]?$|什么|什麼|怎么|怎麼|如何|为什么|為什麼|哪|谁|誰|多少|几|幾|是否",
    re.IGNORECASE,
)

FactRule = tuple[re.Pattern[str], str | None]
_NOT_FACTS = (r"(?!not\b|wondering|curious|asking|looking|trying|interested|confused|sure\b|"
              r"unsure|going|just\b|here\b|back\b|done\b|fine\b|sorry|glad|happy|thinking|"
              r"an?\s+(?:bit|little|lot|tad|moment|second)\b)")
_FACTS: list[FactRule] = [
    (re.compile(r"^(?:my\s+name\s+is|call\s+me)\s+\S.*$", re.I), "name"),
    (re.compile(r"^i\s+(?:live|am\s+based|'m\s+based|am\s+located)\s+in\s+\S.*$", re.I),
     "location"),
    (re.compile(r"^i\s+work\s+(?:at|for)\s+\S.*$", re.I), "employer"),
    (re.compile(r"^(?:i\s+work\s+as|my\s+(?:job|role|profession|occupation)\s+is)\s+\S.*$", re.I),
     "role"),
    (re.compile(rf"^(?:i\s+am|i'm|i’m)\s+{_NOT_FACTS}(?:a|an)\s+\S.*$", re.I), "role"),
    (re.compile(r"^(?:i\s+am|i'm|i’m)\s+(?:writing|working|researching|studying|reporting|covering)"
                r"\s+(?:about|on)?\s*\S.*$", re.I), "project"),
    (re.compile(r"^i\s+(?:write|report|research|blog)\s+(?:about|on)\s+\S.*$", re.I), "project"),
    (re.compile(r"^我叫.+$|^我的名字[是叫].+$"), "name"),
    (re.compile(r"^我(?:住在|生活在|在.+?(?:生活|居住))"), "location"),
    (re.compile(r"^我在.+?(?:工作|上班)$"), "employer"),
    (re.compile(r"^我(?:正在|在)(?:写|寫|研究|报道|報導).+$"), "project"),
    (re.compile(r"^我是(?!说|說|想|问|問|在|不是|否)(?:一名|一个|一個|一位|个|個|名)?.{2,}$"),
     "role"),
]

# (pattern, said in Chinese): what the user says they are interested in is ``topic``
_INTERESTS = [
    (re.compile(r"^(?:i\s+am|i'm|i’m)\s+(?:(?:really|very|mostly|mainly|particularly|also|"
                r"most|especially)\s+)*interested\s+in\s+(?P<topic>\S.*)$", re.I), False),
    (re.compile(r"^i\s+(?:(?:really|also)\s+)*care\s+(?:a\s+lot\s+)?about\s+"
                r"(?P<topic>\S.*?)(?:\s+a\s+lot)?$", re.I), False),
    (re.compile(r"^my\s+(?:main\s+)?interests?\s+(?:is|are|include)\s+(?P<topic>\S.*)$",
                re.I), False),
    (re.compile(r"^我(?:也|一直)?(?:对|對)(?P<topic>.+?)(?:很|非常|特别|特別|比较|比較|挺|十分)?"
                r"(?:感兴趣|感興趣|有兴趣|有興趣)$"), True),
    (re.compile(r"^我(?:也|一直)?(?:很|非常|特别|特別|比较|比較)?(?:关注|關注|关心|關心)"
                r"(?P<topic>.+)$"), True),
    (re.compile(r"^我的(?:兴趣|興趣)是(?P<topic>.+)$"), True),
]


@dataclass(frozen=True)
class Proposal:
    """A memory the rules (or a model) propose from what the user said."""

    text: str
    kind: Kind
    reason: str
    quote: str
    subject: str | None = None
    slot: str | None = None


def sentences(message: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(message) if re.search(r"\w", s)]


def looks_like_question(sentence: str) -> bool:
    return sentence.rstrip().endswith(("?", "？")) or bool(_QUESTION_WORDS.search(sentence))


def fact_in(sentence: str) -> Proposal | None:
    """A fact the user states about themself ("I am a journalist …", "我是记者")."""
    text = re.sub(r"^(?:btw|by\s+the\s+way|fyi|also|and)\s*,?\s*", "", sentence.strip(), flags=re.I)
    text = text.rstrip(".。!！ ")
    if looks_like_question(text):
        return None
    for pattern, slot in _FACTS:
        if pattern.match(text):
            return Proposal(text[:1].upper() + text[1:], "fact", "stated fact", sentence.strip(),
                            "user" if slot else None, slot)
    return None


def interest_in(sentence: str) -> Proposal | None:
    """An interest the user states ("I'm interested in AI safety", "我对开源感兴趣")."""
    text = re.sub(r"^(?:btw|by\s+the\s+way|fyi|also|and)\s*,?\s*", "", sentence.strip(),
                  flags=re.I).rstrip(".。!！ ")
    if looks_like_question(text):
        return None
    for pattern, zh in _INTERESTS:
        m = pattern.match(text)
        topic = m.group("topic").strip(" ，,") if m else ""
        if re.search(r"\w", topic) and not topic.startswith(("的", "是", "你")):
            said = (to_script(f"对{topic}感兴趣", "simplified") if zh
                    else f"Interested in {topic}")
            return Proposal(said, "topic", "stated interest", sentence.strip(), "topic",
                            matching_form(topic))
    return None


def proposals_in(sentence: str) -> list[Proposal]:
    """What one sentence states: preferences requested, a lesson, an interest, or a fact."""
    quote = sentence.strip()
    settings = requests_in(quote)
    if settings:
        return [Proposal(phrase(s), "preference", "stated preference", quote, s.subject, s.slot)
                for s in settings]
    lesson = lesson_in(quote)
    if lesson is not None:
        return [Proposal(lesson[0], "lesson", "correction", quote, "sources", lesson[1].key)]
    interest = interest_in(quote)
    if interest is not None:
        return [interest]
    fact = fact_in(quote)
    return [fact] if fact else []


def proposals(message: str) -> list[Proposal]:
    """Everything the message states, sentence by sentence (one per subject and slot)."""
    found: list[Proposal] = []
    for sentence in sentences(message):
        for p in proposals_in(sentence):
            if p.slot is None or all((q.subject, q.slot) != (p.subject, p.slot) for q in found):
                found.append(p)
    return found


def rest_of(message: str) -> str:
    """The message without the sentences that only state something: what is left to answer."""
    return " ".join(s for s in sentences(message) if not proposals_in(s))
