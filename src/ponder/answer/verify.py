"""Checking a drafted answer sentence by sentence against the passages it cites.

A sentence is kept when a passage it cites supports it; citations of passages that do
not support it are dropped. A sentence that cites nothing is kept only if one of the
passages given to the model supports it, and then cites that passage. Kept sentences
are renumbered in order of first citation; each citation quotes the passage sentence
that best supports what cites it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import Hit
from ..text.script import language_of
from .evidence import context
from .lang import is_abstain_text
from .sentences import Sentence, cited_numbers, split_sentences, strip_citations
from .support import Support, SupportChecker
from .terms import Matcher, coverage, question_groups

_END = re.compile(r"([.。!！?？…]+[」』”’\"')）]*)$")


@dataclass
class Checked:
    """One sentence of a draft and what the check found."""

    text: str  # without citation markers
    cited: list[int]  # numbers the draft gave (into the passages the model saw)
    supporters: list[int] = field(default_factory=list)
    verdicts: dict[int, Support] = field(default_factory=dict)
    added: bool = False  # cited by the check, not by the draft

    @property
    def supported(self) -> bool:
        return bool(self.supporters)


@dataclass
class Verified:
    sentences: list[Checked]
    abstained: bool = False

    @property
    def kept(self) -> list[Checked]:
        return [s for s in self.sentences if s.supported]

    @property
    def removed(self) -> list[Checked]:
        return [s for s in self.sentences if not s.supported]


def passage_text(hit: Hit) -> str:
    """What a claim is checked against: the passage with its title, heading and speaker."""
    ctx = " ".join(x for x in (hit.title.lstrip("# "), context(hit)) if x)
    return f"{ctx}\n{hit.text}" if ctx else hit.text


def check_sentence(text: str, passages: Sequence[Hit], checker: SupportChecker) -> Checked:
    cited = [n for n in cited_numbers(text) if 1 <= n <= len(passages)]
    claim = strip_citations(text)
    checked = Checked(claim, cited)
    for n in cited:
        checked.verdicts[n] = checker.check(claim, passage_text(passages[n - 1]))
    checked.supporters = [n for n in cited if checked.verdicts[n].supported]
    if not cited:
        _cite_best(checked, passages, checker)
    return checked


def _cite_best(checked: Checked, passages: Sequence[Hit], checker: SupportChecker) -> None:
    best: tuple[float, int] | None = None
    for n, hit in enumerate(passages, start=1):
        verdict = checker.check(checked.text, passage_text(hit))
        checked.verdicts[n] = verdict
        if verdict.supported and (best is None or verdict.score > best[0]):
            best = (verdict.score, n)
    if best is not None:
        checked.supporters = [best[1]]
        checked.added = True


def verify(draft: str, passages: Sequence[Hit], checker: SupportChecker) -> Verified:
    """Every sentence of ``draft`` checked against ``passages`` (numbered from 1)."""
    sentences = split_sentences(draft)
    if sentences and all(is_abstain_text(strip_citations(s.text)) for s in sentences):
        return Verified([], abstained=True)
    checked = [
        check_sentence(s.text, passages, checker)
        for s in sentences
        if not is_abstain_text(strip_citations(s.text))
    ]
    return Verified(checked)


def best_quote(hit: Hit, claims: Sequence[str]) -> Sentence:
    """The sentence of ``hit.text`` that shares the most with ``claims`` (an exact span)."""
    spans = split_sentences(hit.text) or [Sentence(0, len(hit.text), hit.text)]
    groups = [g for c in claims for g in question_groups(c, "zh" if _cjk(hit.text) else "en")]
    if not groups:
        return spans[0]
    scored = [(coverage(groups, Matcher(s.text)).share, -i, s) for i, s in enumerate(spans)]
    return max(scored, key=lambda t: (t[0], t[1]))[2]


def _cjk(text: str) -> bool:
    return language_of(text) == "zh"


def with_markers(text: str, numbers: Sequence[int], zh: bool) -> str:
    """``text`` with citation markers before its final punctuation."""
    markers = "".join(f"[{n}]" for n in numbers)
    m = _END.search(text)
    if m is None:
        return f"{text}{markers}" if zh else f"{text} {markers}"
    head = text[: m.start()].rstrip()
    return f"{head}{markers}{m.group(1)}" if zh else f"{head} {markers}{m.group(1)}"
