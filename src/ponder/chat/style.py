"""Applying answer preferences to a checked answer, without touching what it quotes.

    style = Style.from_settings([...])          # the user's preferences in effect
    answer = restyle(answer, style)              # shorter, bulleted, traditional script

- ``length``: ``"short"`` at most two sentences, ``"max:N"`` at most N; citations no
  longer referred to go,
  the rest are renumbered.
- ``format == "bullets"``: one quote per bullet, each with its citation (``prose``: one
  paragraph). A bullet ends after a sentence that carries a citation mark, never inside
  quotation marks nor after a colon ("Altman said: “A. B.” [1]", "adds this: The …" [1]
  stay whole); an answer without citation marks has one sentence per bullet.
- ``script``: text outside quotation marks is converted with OpenCC (s2t or t2s);
  quoted text and every citation's quote stay exact substrings of their passages. One
  rule for every piece: what is inside quotation marks is read by their nesting over the
  whole answer (a quotation that runs over several sentences, or is left open, is still
  one quotation), and a quotation cut short by a length limit is closed where it is cut.
- ``shown == "off"``: citation marks leave the text; the citations stay on the answer
  (in ``--json``).
- ``tone``: the lead-in's wording, in the answer's language ("According to the
  documents:" / "Here's what I found:", "根据文档：" / "我找到的是这些："); when the
  documents are in the other language the lead-in keeps saying so.
- ``language`` is applied before composing (``ask(language=...)``), not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..answer import Answer, Citation
from ..answer.lang import EN_LEAD_IN, ZH_LEAD_IN
from ..answer.sentences import CITE, cited_numbers, split_sentences, strip_citations
from ..text.script import SCRIPTS, WIDE, has_cjk, language_of, to_script
from .prefs import Setting, max_sentences

# (tone, answer language, the documents are in the other language) -> lead-in
TONED_LEAD_INS = {
    ("formal", "en", False): "According to the documents:",
    ("formal", "en", True): "According to the documents (in Chinese):",
    ("formal", "zh", False): "根据文档：",
    ("formal", "zh", True): "根据文档（英文）：",
    ("casual", "en", False): "Here's what I found:",
    ("casual", "en", True): "Here's what I found in the documents (in Chinese):",
    ("casual", "zh", False): "我找到的是这些：",
    ("casual", "zh", True): "我在文档（英文）里找到的是：",
}
TONES = ("formal", "casual")
_LEAD_INS = (ZH_LEAD_IN, EN_LEAD_IN, *TONED_LEAD_INS.values())
_HIDDEN_CITE = re.compile(rf"[ \t]*{CITE.pattern}")


@dataclass(frozen=True)
class Style:
    """Preferences in effect for one answer (None: no preference)."""

    language: str | None = None
    script: str | None = None
    length: str | None = None
    format: str | None = None
    citations: str | None = None
    shown: str | None = None
    tone: str | None = None

    @property
    def sentences(self) -> int | None:
        """At most this many sentences (None: any number)."""
        return max_sentences(self.length)

    @property
    def reshapes(self) -> bool:
        """Whether the answer text is changed after composing (so it cannot stream)."""
        return bool(self.sentences is not None or self.format == "bullets" or self.script
                    or self.shown == "off" or self.tone in TONES)

    @classmethod
    def from_settings(cls, settings: Iterable[Setting]) -> Style:
        """Later settings win; a script preference also means "answer in Chinese"."""
        values: dict[str, str] = {}
        for s in settings:
            values[s.slot] = s.value
            if s.key == ("answer", "script"):
                values["language"] = "zh"
        return cls(values.get("language"), values.get("script"), values.get("length"),
                   values.get("format"), values.get("style"), values.get("show"),
                   values.get("tone"))


def applies(setting: Setting, answer: Answer) -> bool:
    """Whether ``setting`` shaped ``answer`` (what "Used memories" lists)."""
    if setting.key == ("answer", "script"):
        return has_cjk(answer.answer)
    if setting.key == ("answer", "language"):
        return answer.language == setting.value
    return not answer.abstained


def restyle(answer: Answer, style: Style) -> Answer:
    """``answer`` shaped by ``style`` (a new Answer; the given one is unchanged)."""
    if not style.reshapes:
        return answer
    if answer.abstained:
        return replace(answer, answer=convert_script(answer.answer, style.script))
    intro, units = _units(answer.answer)
    cjk = not intro and language_of(answer.answer) == "zh"
    intro = toned(intro, style.tone, answer.language)
    if style.sentences is not None:
        units = _crop(units, style.sentences)
    text, citations = _renumber(_join(intro, units, style.format, cjk),
                                answer.citations)
    if style.shown == "off":
        text = _HIDDEN_CITE.sub("", text)
    return replace(answer, answer=convert_script(text, style.script), citations=citations)


def _crop(units: list[str], n: int) -> list[str]:
    """The first ``n`` units; a quote cut short keeps the citation its end carried
    ("A. B. C.[1]" cut to two is "A. B.[1]"), so the kept text is still cited."""
    kept = units[:n]
    if len(units) > n and kept:
        closing = _still_open(" ".join(kept))
        if closing:  # close the quotation where it is cut, before its citation mark
            last = kept[-1]
            cite = CITE.search(last)
            at = cite.start() if cite and not last[cite.end():].strip() else len(last)
            kept[-1] = f"{last[:at].rstrip()}{closing}{last[at:]}"
    if len(units) > n and kept and not CITE.search(kept[-1]):
        mark = next((m.group() for u in units[n:] if (m := CITE.search(u))), None)
        if mark is not None:
            space = "" if language_of(kept[-1]) == "zh" else " "
            kept[-1] = f"{kept[-1]}{space}{mark}"
    return kept


def _still_open(text: str) -> str:
    """The closing marks of the quotations ``text`` leaves open, innermost first."""
    stack: list[str] = []
    for ch in text:
        if ch in _OPENING:
            stack.append(_CLOSING[_OPENING.index(ch)])
        elif ch in _CLOSING and stack and stack[-1] == ch:
            stack.pop()
    return "".join(reversed(stack))


def toned(intro: str, tone: str | None, language: str) -> str:
    """The lead-in ``tone`` asks for in place of ``intro`` (none: ``intro`` as it is)."""
    if tone not in TONES:
        return intro
    language = "zh" if language == "zh" else "en"
    return TONED_LEAD_INS[(str(tone), language, bool(intro))]


def _units(text: str) -> tuple[str, list[str]]:
    intro = next((lead for lead in _LEAD_INS if text.startswith(lead)), "")
    body = text[len(intro):]
    return intro, [s.text for s in split_sentences(body)]


def _join(intro: str, units: list[str], form: str | None, cjk: bool) -> str:
    """``units`` after ``intro``: bullets, or one paragraph (Chinese sentences unspaced)."""
    if form == "bullets":
        bullets = "\n".join(f"- {_glue(group)}" for group in _quotes(units))
        return f"{intro}\n{bullets}" if intro else bullets
    body = ("" if cjk else " ").join(units)
    if not intro:
        return body
    return f"{intro}{body}" if cjk and intro.endswith("：") else f"{intro} {body}"


_OPENING = "“「『"  # not ‘ ’: the right one is also an apostrophe ("don’t")
_CLOSING = "”」』"
_COLON_END = re.compile(r"[:：]$")
_WIDE = re.compile(f"[{WIDE}]")


def _open_quote(text: str) -> bool:
    """Whether ``text`` leaves a quotation open (curly or corner marks, or an odd number
    of straight double quotes)."""
    depth = sum(text.count(c) for c in _OPENING) - sum(text.count(c) for c in _CLOSING)
    return depth > 0 or text.count('"') % 2 == 1


def _quotes(units: list[str]) -> list[list[str]]:
    """Sentences grouped into bullets: a group closes after a sentence with a citation
    mark (after every sentence when none has one), unless a quotation is still open or
    the sentence ends with a colon; sentences after the last citation join the last group."""
    cited = any(CITE.search(u) for u in units)
    groups: list[list[str]] = []
    current: list[str] = []
    for unit in units:
        current.append(unit)
        if _open_quote(" ".join(current)) or _COLON_END.search(strip_citations(unit)):
            continue
        if cited and not CITE.search(unit):
            continue
        groups.append(current)
        current = []
    if current and groups and cited and not any(CITE.search(u) for u in current):
        groups[-1].extend(current)
    elif current:
        groups.append(current)
    return groups


def _glue(sentences: list[str]) -> str:
    """Sentences of one quote rejoined: unspaced where Chinese meets Chinese."""
    text = sentences[0]
    for nxt in sentences[1:]:
        text += ("" if _WIDE.match(text[-1]) or _WIDE.match(nxt[0]) else " ") + nxt
    return text


def _renumber(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    order = cited_numbers(text)
    mapping = {old: new for new, old in enumerate(order, start=1)}
    renumbered = CITE.sub(lambda m: re.sub(r"\d+", lambda d: str(mapping.get(int(d.group()),
                                                                            int(d.group()))),
                                           m.group()), text)
    kept = [replace(c, n=mapping[c.n]) for c in citations if c.n in mapping]
    return renumbered, sorted(kept, key=lambda c: c.n)


def convert_script(text: str, script: str | None) -> str:
    """Text outside quotation marks in the wanted Chinese script: the marks are read by
    their nesting over the whole text, so a quotation over several sentences, nested
    marks, or one left open stay exact throughout."""
    if script is None or script not in SCRIPTS or not has_cjk(text):
        return text
    pieces: list[tuple[bool, str]] = []  # (quoted, text)
    stack: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPENING:
            if not stack:
                pieces.append((False, text[start:i]))
                start = i
            stack.append(_CLOSING[_OPENING.index(ch)])
        elif ch in _CLOSING and stack and stack[-1] == ch:
            stack.pop()
            if not stack:
                pieces.append((True, text[start:i + 1]))
                start = i + 1
    pieces.append((bool(stack), text[start:]))
    return "".join(p if quoted else to_script(p, script) for quoted, p in pieces)
