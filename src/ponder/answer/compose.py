"""Composing an extractive answer a person would write, from scored candidate sentences.

* The best sentence, and further ones that score close to it (the fitted ``add_ratio``)
  and say something new, in reading order; sentences next to each other in one passage
  become one quote.
* Each piece is cleaned: no heading or list numbering ("6.回顾…", "## Notes"), no
  markdown emphasis, and no dangling ":" (the sentence it introduces is brought in).
* Each piece cites the passage it comes from, and the citation's quote is that piece.
* Chinese answers follow the question's script except inside quotation marks.
* A who-question names the speaker of the quoted line; a number question leads with the
  number and its unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.normalize import matching_form
from ..text.script import HAN, language_of, opencc_converter, to_script
from . import settings
from .aliases import Aliases
from .evidence import Candidate, is_signature
from .lang import lead_in
from .qtype import Wants
from .scorer import AnswerModel
from .sentences import split_sentences

_NUMBERING = re.compile(
    r"^\s*(?:#{1,6}\s+|[-*•·]\s+|\*\*|(?:\(?\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"(?:[.、．)）]|\s*[:：])(?!\d)\s*)+"
)
_EMPHASIS = re.compile(r"\*\*")
_COLON_END = re.compile(r"[:：]\s*$")
_INTERVIEWER = re.compile(r"^(?:问|問|q|主持人|记者|記者|interviewer|host)$", re.I)


@dataclass
class Piece:
    """One quoted span of one passage: ``hit.text[start:end]``."""

    candidate: Candidate
    start: int
    end: int

    @property
    def raw(self) -> str:
        return self.candidate.hit.text[self.start : self.end]


def _bigrams(text: str) -> set[str]:
    core = re.sub(r"[\W_]+", "", matching_form(text))
    return {core[i : i + 2] for i in range(len(core) - 1)} or {core}


def duplicate(a: str, b: str) -> bool:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / max(1, len(x | y)) >= settings.DUPLICATE or x <= y or y <= x


def choose(ranked: Sequence[Candidate], model: AnswerModel,
           max_sentences: int = settings.MAX_SENTENCES) -> list[Candidate]:
    """The best sentence and those close to it that add something, in reading order."""
    prose = [c for c in ranked if not is_signature(c.text) or c.features.get("s_words", 0) > 0]
    if not prose:
        return []
    best = prose[0]
    chosen = [best]
    for c in prose[1:]:
        if len(chosen) >= max_sentences or c.score < model.add_ratio * best.score:
            break
        if language_of(c.text) != language_of(best.text) or c.features.get("pointer"):
            continue
        if any(duplicate(c.text, k.text) for k in chosen):
            continue
        chosen.append(c)
    return reading_order(chosen)


def reading_order(chosen: list[Candidate]) -> list[Candidate]:
    first: dict[int, int] = {}
    for i, c in enumerate(chosen):
        first.setdefault(c.hit.passage_id, i)
    return sorted(chosen, key=lambda c: (first[c.hit.passage_id], c.sentence.start))


def pieces(chosen: Sequence[Candidate]) -> list[Piece]:
    """Chosen sentences as spans, neighbours in one passage joined, a dangling colon
    completed by the sentence after it."""
    out: list[Piece] = []
    for c in chosen:
        last = out[-1] if out else None
        if last is not None and last.candidate.hit.passage_id == c.hit.passage_id and \
                not c.hit.text[last.end : c.sentence.start].strip():
            last.end = max(last.end, c.sentence.end)
            continue
        out.append(Piece(c, c.sentence.start, c.sentence.end))
    for p in out:
        if _COLON_END.search(p.raw):
            after = [s for s in split_sentences(p.candidate.hit.text) if s.start >= p.end]
            if after:
                p.end = after[0].end
    return out


def clean(text: str) -> str:
    """``text`` without list or heading numbering, emphasis marks, footnote markers or a
    dangling colon, a hard-wrapped line read as one."""
    body = _FOOTNOTE.sub("", _EMPHASIS.sub("", _NUMBERING.sub("", text))).strip()
    body = _WRAP.sub(lambda m: _join(body, m.start(), m.end()), body)
    if _COLON_END.search(body):
        body = _COLON_END.sub("。" if language_of(body) == "zh" else ".", body)
    return _balanced(body)


_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"))


def _balanced(body: str) -> str:
    """A quotation the sentence opens but a later sentence closes (他说道，“我喜欢Ilya。…”)
    is closed where the piece ends, so the quote shown is whole; a closing mark whose
    opening lies in an earlier sentence is dropped. The citation keeps the exact text."""
    for opening, closing in _PAIRS:
        depth = 0
        kept = []
        for ch in body:
            if ch == closing and depth == 0:
                continue
            depth += (ch == opening) - (ch == closing)
            kept.append(ch)
        body = "".join(kept) + closing * depth
    return body


def _join(text: str, start: int, end: int) -> str:
    """What a line break inside a quote becomes: nothing between Chinese characters, a
    space elsewhere."""
    return "" if _CJK_PAIR.fullmatch(text[start - 1] + text[end]) else " "


def script_of(text: str) -> str:
    """``"traditional"`` when converting to simplified changes ``text``, else ``"simplified"``."""
    return "traditional" if opencc_converter("t2s").convert(text) != text else "simplified"


def in_script(text: str, script: str) -> str:
    return to_script(text, script)


@dataclass(frozen=True)
class Rendered:
    parts: list[str]  # the answer as it streams: the framing with the first piece, then each
    cited: list[tuple[str, Piece]]  # each piece as shown, with its source span

    @property
    def text(self) -> str:
        return "".join(self.parts)


def render(chosen: Sequence[Candidate], question: str, kind: Wants,
           aliases: Aliases, language: str | None = None) -> Rendered:
    """The answer text in ``language`` (default: the question's), each piece followed by
    its citation marker ``[n]`` (n from 1, in order of the pieces)."""
    spans = pieces(chosen)
    q_lang = language or language_of(question)
    p_lang = language_of(" ".join(p.raw for p in spans))
    zh = p_lang == "zh"
    intro = lead_in(q_lang, p_lang)
    speaker = _speaker(spans, kind, aliases, q_lang)
    quoted = intro is not None or speaker is not None
    open_q, close_q = ("「", "」") if zh else ("“", "”")
    shown: list[tuple[str, Piece]] = []
    parts: list[str] = []
    for n, p in enumerate(spans, start=1):
        body = clean(p.raw)
        if not quoted and zh and q_lang == "zh" and script_of(question) != script_of(body):
            body = in_script(body, script_of(question))
        text = f"{open_q}{body}{close_q}" if quoted else body
        if speaker is not None and n > 1:
            text = _other_speaker(p, spans[0], q_lang, aliases) + text
        parts.append(f"{text}[{n}]" if zh else f"{text} [{n}]")
        shown.append((body, p))
    gap = "" if zh and not intro else " "
    head = _head(question, spans, kind, speaker, intro, q_lang)
    if q_lang == "zh" and head:
        head = in_script(head, script_of(question))
    streamed = [f"{head}{parts[0]}", *(f"{gap}{p}" for p in parts[1:])] if parts else []
    return Rendered(streamed, shown)


def _head(question: str, spans: Sequence[Piece], kind: Wants, speaker: str | None,
          intro: str | None, q_lang: str) -> str:
    lead = ""
    if kind is Wants.NUMBER:
        number = number_phrase(" ".join(p.raw for p in spans), question)
        if number:
            lead = f"{number}。" if q_lang == "zh" else f"{number}. "
    if speaker is not None:
        said = f"{speaker}说：" if q_lang == "zh" else f"{speaker} said"
        if intro and q_lang != "zh":
            said += " (in Chinese)"
        return lead + (said if q_lang == "zh" else f"{said}: ")
    if intro:
        return f"{lead}{intro} "
    return lead


def _speaker(spans: Sequence[Piece], kind: Wants, aliases: Aliases,
             q_lang: str) -> str | None:
    """For a who-question, the speaker of the first quoted line (with the Latin name the
    library pairs with it); a line of the interviewer's is said to be the interviewer's."""
    if kind is not Wants.PERSON or not spans:
        return None
    who = spans[0].candidate.hit.speaker
    if not who:
        return None
    if _INTERVIEWER.match(who.strip()):
        return "提问者" if q_lang == "zh" else "The interviewer"
    form = matching_form(who)
    latin = _latin(form, aliases)
    if latin and latin not in form:
        return f"{who} ({latin.title()})"
    return who


def _latin(form: str, aliases: Aliases) -> str | None:
    """The Latin name the library pairs with a Chinese name (阿爾特曼, 奥特曼 -> altman)."""
    return next((name for name, zh in aliases.items() if any(
        form.endswith(z[-2:]) for z in zh if len(z) >= 2)), None)


def _person(who: str, aliases: Aliases) -> str:
    form = matching_form(who.strip())
    return _latin(form, aliases) or form


def _other_speaker(piece: Piece, first: Piece, q_lang: str, aliases: Aliases) -> str:
    """Who says a further quote of a who-answer, when not the speaker the answer names:
    a line of the interviewer's is never put in the interviewee's mouth."""
    who = (piece.candidate.hit.speaker or "").strip()
    if _person(who, aliases) == _person(first.candidate.hit.speaker or "", aliases):
        return ""
    if not who:
        return "另一段说：" if q_lang == "zh" else "Elsewhere: "
    if _INTERVIEWER.match(who):
        return "提问者说：" if q_lang == "zh" else "The interviewer said: "
    return f"{who}说：" if q_lang == "zh" else f"{who} said: "


_NUMBER_PHRASE = re.compile(
    r"(?:约|大约|大約|近|超过|超過|about\s+|around\s+|over\s+|nearly\s+|every\s+)?"
    r"\d[\d,]*(?:\.\d+)?(?:\s*[-–~到至]\s*\d[\d,]*(?:\.\d+)?)?\s*"
    r"(?P<scale>%|％|percent|倍|万亿|萬億|亿|億|万|萬|千|百|thousand|million|billion|trillion)?"
    r"(?P<unit>\s*(?:个|個|部|次|年|岁|歲|天|月|位|名|家|件|种|種|美元|元|人|小时|小時|分钟|分鐘|"
    r"times|x|years?|months?|weeks?|days?|hours?|minutes?|seconds?|people|users|bytes?|"
    r"percent|GPUs?|tokens?|dollars?|characters?|items?|lines?)(?![A-Za-z]))?",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"\[\d{1,3}\]")
_WRAP = re.compile(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)")
_CJK_PAIR = re.compile(f"[{HAN}]{{2}}")


def number_phrase(text: str, question: str) -> str | None:
    """The first number with its unit (or a percentage or scale) in ``text`` that the
    question does not state; a bare number (a version, a footnote) is not an answer."""
    asked = {m.group(0).strip() for m in _NUMBER_PHRASE.finditer(question)}
    text = _FOOTNOTE.sub(lambda f: " " * len(f.group(0)), text)  # offsets stay put
    for m in _NUMBER_PHRASE.finditer(text):
        phrase = m.group(0).strip()
        if not (m.group("scale") or m.group("unit")) or phrase in asked:
            continue
        if re.match(r"\s*\d{1,2}\s*[日号號]", text[m.end():]):  # 5月16日: a date, not a count
            continue
        if not _inside_name(text, m.start()):
            return phrase
    return None


def _inside_name(text: str, at: int) -> bool:
    """A number that is part of a name or version label (GPT-4o, Python 3.11, PEP 657)."""
    before = text[max(0, at - 1) : at]
    return bool(before) and before.isascii() and (before.isalpha() or before in "-_.")
