"""How chat reads one message, as one label, and the measure of it on labelled sets.

    read("不要显示引用了") -> Reading("preference", (Setting("citations", "show", "off"),))
    read("forget everything about me") -> Reading("forget_all", ())
    read("What is PEP 657?") -> Reading("question", ())

The label is what ``ChatSession.respond`` does with the message: a control (remember,
forget, forget_all, deny, remind), a listing (memories, reminders, history), small talk,
a stated preference (answered with "Noted", nothing asked of the documents), a
withdrawal of the question before ("scratch that", "算了": ``cancel``), or a
question for the documents. ``tests/chat/data/intents_*.jsonl`` hold labelled messages
(``{"text", "intent", "setting": [subject, slot, value]}``); ``tools/measure_intents.py``
prints the figures.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .intents import forgets_everything, intent
from .prefs import Setting, phrased
from .statements import Proposal, proposals, proposals_in, rest_of

LABELS = ("question", "preference", "remember", "forget", "forget_all", "deny", "remind",
          "memories", "reminders", "history", "smalltalk", "cancel")


@dataclass(frozen=True)
class Reading:
    label: str
    settings: tuple[Setting, ...] = ()


@dataclass(frozen=True)
class Case:
    text: str
    label: str
    setting: Setting | None = None


def _preferences(found: list[Proposal]) -> tuple[Setting, ...]:
    return tuple(s for p in found if p.kind == "preference" and p.subject and p.slot
                 and (s := phrased(p.text)) is not None)


def read(message: str) -> Reading:
    """What chat does with ``message``, and the answer settings it states."""
    said = intent(message)
    if said.action == "memories":
        return Reading(said.rest)
    if said.action == "forget":
        return Reading("forget_all" if forgets_everything(said.rest) else "forget")
    if said.action == "remember":
        return Reading("remember", _preferences(proposals_in(said.rest)))
    if said.action != "question":
        return Reading(said.action)
    settings = _preferences(proposals(message))
    if settings and not rest_of(message):
        return Reading("preference", settings)
    return Reading("question", settings)


def load(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            setting = Setting(*row["setting"]) if row.get("setting") else None
            cases.append(Case(row["text"], row["intent"], setting))
    return cases


@dataclass
class Scores:
    """Per-label counts over a set, and how the stated settings were read."""

    n: int = 0
    right: int = 0
    truth: Counter[str] = field(default_factory=Counter)
    said: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    settings: int = 0
    settings_right: int = 0
    false_settings: int = 0
    misses: list[tuple[Case, Reading]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.n if self.n else 0.0

    @property
    def setting_accuracy(self) -> float:
        return self.settings_right / self.settings if self.settings else 0.0

    def precision(self, label: str) -> float:
        return self.hits[label] / self.said[label] if self.said[label] else 1.0

    def recall(self, label: str) -> float:
        return self.hits[label] / self.truth[label] if self.truth[label] else 1.0

    @property
    def questions_kept(self) -> float:
        """Document questions still sent to the documents (what matters most)."""
        return self.recall("question")

    @property
    def control_precision(self) -> float:
        """Of the messages read as anything but a question, the share read right."""
        said = sum(v for k, v in self.said.items() if k != "question")
        hits = sum(v for k, v in self.hits.items() if k != "question")
        return hits / said if said else 1.0


def score(cases: list[Case]) -> Scores:
    s = Scores()
    for case in cases:
        got = read(case.text)
        s.n += 1
        s.truth[case.label] += 1
        s.said[got.label] += 1
        ok_label = got.label == case.label
        s.hits[case.label] += ok_label
        ok_setting = got.settings == ((case.setting,) if case.setting else ())
        if case.setting is not None:
            s.settings += 1
            s.settings_right += ok_setting
        elif got.settings:
            s.false_settings += 1
        s.right += ok_label and ok_setting
        if not (ok_label and ok_setting):
            s.misses.append((case, got))
    return s
