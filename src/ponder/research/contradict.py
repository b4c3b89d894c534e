"""Contradictions between notes: two documents giving different numbers or years for the
same thing.

    contradictions(notes, groups)  # -> [Contradiction(...), ...]

A simple, explainable rule, not a model. Within one group of sub-questions (one
sub-question, or the per-document sub-questions of one topic), for each pair of notes from
*different* documents:

- a **year** (1900-2099, or ``2025年``) in each, the years differ, and no year is in both;
- a **number** followed by the same unit in each (``7 trillion`` / ``5 trillion``,
  ``10年`` / ``5年``, ``30%`` / ``40%``), the numbers differ, and neither note also has the
  other's number with that unit.

Numbers are read with thousands separators removed; a number and a year are never compared.
Each contradiction names both values, the unit and both notes, so the report can show why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import combinations

from ..text.script import HAN
from .loop import Note

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])(?:\s*年)?")
_NUMBER = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    rf"(%|percent\b|[A-Za-z]+|[{HAN}])?")
_NOT_UNITS = {"and", "or", "the", "a", "an", "of", "to", "in", "is", "was", "are", "were"}


@dataclass
class Contradiction:
    kind: str  # "year" or "number"
    unit: str  # the unit both values carry ("" for years)
    values: tuple[str, str]
    notes: tuple[int, int]  # indexes into the notes list
    explanation: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def years(text: str) -> set[str]:
    """The years a text names (1900-2099)."""
    return {m.group(1) for m in _YEAR.finditer(text)}


def quantities(text: str) -> dict[str, set[str]]:
    """unit -> the numbers given with that unit (years left out)."""
    found: dict[str, set[str]] = {}
    spans = [m.span(1) for m in _YEAR.finditer(text)]
    for m in _NUMBER.finditer(text):
        if m.span(1) in spans or not m.group(2):
            continue
        unit = m.group(2).lower()
        if unit == "percent":
            unit = "%"
        if unit in _NOT_UNITS:
            continue
        value = m.group(1).replace(",", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.setdefault(unit, set()).add(value)
    return found


def contradictions(notes: Sequence[Note], groups: Sequence[str]) -> list[Contradiction]:
    """Differing years and numbers between notes of different documents in one group;
    ``groups[i]`` is the group of sub-question ``i``."""
    out: list[Contradiction] = []
    for i, j in combinations(range(len(notes)), 2):
        a, b = notes[i], notes[j]
        if a.doc_id == b.doc_id or groups[a.subquestion] != groups[b.subquestion]:
            continue
        ya, yb = years(a.quote), years(b.quote)
        if ya and yb and not ya & yb:
            va, vb = min(ya), min(yb)
            out.append(Contradiction("year", "", (va, vb), (i, j), (
                f"“{a.title}” gives the year {va}, “{b.title}” gives {vb} "
                f"for the same question")))
        qa, qb = quantities(a.quote), quantities(b.quote)
        for unit in sorted(qa.keys() & qb.keys()):
            if qa[unit] & qb[unit]:
                continue
            va, vb = min(qa[unit]), min(qb[unit])
            out.append(Contradiction("number", unit, (va, vb), (i, j), (
                f"“{a.title}” says {va} {unit}, “{b.title}” says {vb} {unit} "
                f"for the same question")))
    return out
