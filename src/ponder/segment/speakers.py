"""Speaker turns: ``**问：**``, ``奥特曼：``, ``巴特萊:``, ``Sam Altman:``, ``Q:``.

A label counts as a speaker turn when it stands at the start of a line or right
after the end of a sentence, and either is a well-known interview label, is set
in bold (``**name：**``), or occurs as a label at least twice in the document
(so "奥特曼称:" inside a sentence, or a one-off "Note:", is not a speaker). In a
document that has speaker turns, a one-off label at the start of a line is a turn too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.script import HAN

KNOWN_LABELS = frozenset({"问", "問", "答", "q", "a", "主持人", "提问", "提問", "interviewer"})
NOT_SPEAKERS = frozenset({
    "note", "notes", "warning", "example", "examples", "see also", "tip", "important",
    "caution", "hint", "changed", "deprecated", "returns", "return", "raises", "parameters",
    "output", "input", "usage", "error", "source", "title", "date", "author", "tags", "update",
    "edit", "step", "result", "http", "https", "file", "ftp", "mailto", "re", "fw",
    "注意", "例如", "比如", "来源", "來源", "文章来源", "文章來源", "原标题", "原標題", "作者",
    "编辑", "編輯", "责编", "責編", "提示", "备注", "備註", "注", "图", "圖", "链接", "鏈接",
    "划重点", "劃重點", "重点", "重點", "摘要", "导读", "導讀", "要点", "要點", "总结", "總結",
    "summary", "key points", "highlights", "tl;dr", "广告声明", "廣告聲明", "声明", "聲明",
})
_NAME = rf"(?:[A-Z][a-zA-Z.'-]*(?: [A-Z][a-zA-Z.'-]*){{0,2}}|[{HAN}·]{{1,6}})"
LABEL = re.compile(
    rf"\*\*\s*(?P<n1>{_NAME})\s*[:：]\s*\*\*|\*\*(?P<n2>{_NAME})\*\*\s*[:：]|(?P<n3>{_NAME})[:：]"
)
_TURN_START = re.compile(r"(?:^|\n|[。！？!?.…」』”\"])[ \t*]*$")
_SPACE_AFTER = re.compile(r"[ \t]*")


@dataclass(frozen=True)
class Turn:
    label_start: int
    text_start: int
    speaker: str


def _name(m: re.Match[str]) -> str:
    return (m.group("n1") or m.group("n2") or m.group("n3") or "").strip()


def _at_turn_start(text: str, pos: int) -> bool:
    return bool(_TURN_START.search(text, max(0, pos - 8), pos)) if pos else True


def _short_name(name: str) -> bool:
    """A one-off label must look like a person or role: ≤ 3 CJK characters or a Latin name."""
    return name.isascii() or len(name) <= 3


def _at_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] == "\n"


def _candidates(text: str) -> list[tuple[re.Match[str], str]]:
    found = []
    for m in LABEL.finditer(text):
        name = _name(m)
        if name.lower() in NOT_SPEAKERS or not _at_turn_start(text, m.start()):
            continue
        if m.group("n3") and text[m.end() : m.end() + 2].startswith("//"):
            continue  # a URL scheme, not a speaker
        found.append((m, name))
    return found


def find_turns(text: str) -> list[Turn]:
    """Speaker turns in order; each turn's text runs to the next turn (or a heading)."""
    candidates = _candidates(text)
    counts: dict[str, int] = {}
    for _, name in candidates:
        counts[name] = counts.get(name, 0) + 1
    confirmed = {n for n in counts if counts[n] >= 2 or n.lower() in KNOWN_LABELS}
    turns = []
    for m, name in candidates:
        bold = m.group("n3") is None
        one_off = (bool(confirmed - {name}) and _at_line_start(text, m.start())
                   and _short_name(name) and not text.startswith("http", m.end()))
        if bold or name in confirmed or one_off:
            text_start = _SPACE_AFTER.match(text, m.end())
            turns.append(Turn(m.start(), text_start.end() if text_start else m.end(), name))
    return turns
