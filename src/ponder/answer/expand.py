"""Passages that only make sense with the one after them.

Two shapes are common: a signature or heading line alone ("PurePath.is_relative_to
(*other)") whose description is the next passage, and an interviewer's question whose
answer is the next turn. Retrieval finds the lead (it shares the question's words);
the answer is what follows. A label hit is widened to span both passages (and a
description found without its label gets the label back), read from the document
text so that its text is still exactly ``doc_text[start:end]``; a question's answer
turn replaces it, the question kept as the answer's lead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import Hit
from ..store.library import Library
from . import settings
from .terms import Matcher, TermGroup

_FULL_STOP = re.compile(r"[.。!！?？;；][」』”’\"')]*\s*$|[.。!！?？]\s")


def is_label(hit: Hit) -> bool:
    return _is_label_text(hit.text)


def _is_label_text(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= settings.LABEL_CHARS and not _FULL_STOP.search(text)


Row = tuple[int, int, int, int, int, str | None, str]


def _next_passage(library: Library, hit: Hit, step: int = 1) -> Row | None:
    row = library.db.execute(
        "SELECT n.id, n.start, n.end, n.source_start, n.source_end, n.speaker, n.text "
        "FROM passages p JOIN passages n ON n.doc_id = p.doc_id AND n.seq = p.seq + ? "
        "WHERE p.id = ?",
        (step, hit.passage_id),
    ).fetchone()
    return None if row is None else (int(row[0]), int(row[1]), int(row[2]), int(row[3]),
                                     int(row[4]), row[5], str(row[6]))


def with_label(library: Library, hit: Hit) -> Hit:
    """``hit`` with the label just before it (its API signature) when there is one."""
    prev = _next_passage(library, hit, -1)
    if prev is None or not _is_label_text(prev[6]) or prev[5] != hit.speaker:
        return hit
    text = library.document_text(hit.doc_id, prev[1], hit.end)
    if not text.endswith(hit.text):
        return hit
    return replace(hit, start=prev[1], source_start=prev[3], text=text)


@dataclass(frozen=True)
class Widened:
    """A hit, and the text that leads into it (an interviewer's question), if any."""

    hit: Hit
    lead: str | None = None


def widen(library: Library, hit: Hit, subjects: Sequence[TermGroup] = ()) -> Widened:
    """``hit`` joined with the passage after it when it is a label; the next turn,
    with ``hit`` as its lead, when ``hit`` is a question or the next speaker is one the
    question is about; otherwise ``hit`` unchanged."""
    nxt = _next_passage(library, hit)
    if nxt is None:
        return Widened(with_label(library, hit))
    pid, start, end, s_start, s_end, speaker, _ = nxt
    if is_label(hit) and speaker == hit.speaker:  # a label never spans two speakers
        text = library.document_text(hit.doc_id, hit.start, end)
        if text.startswith(hit.text):
            return Widened(replace(hit, passage_id=pid, end=end, source_end=s_end, text=text))
        return Widened(hit)
    turn = hit.speaker is not None and speaker is not None and speaker != hit.speaker
    asked = hit.text.rstrip("」』”’\"') ").endswith(("?", "？"))
    if turn and (asked or _speaks_for(speaker, subjects)):
        text = library.document_text(hit.doc_id, start, end)
        return Widened(replace(hit, passage_id=pid, start=start, end=end, source_start=s_start,
                               source_end=s_end, text=text, speaker=speaker), lead=hit.text)
    return Widened(with_label(library, hit))


def _speaks_for(speaker: str | None, subjects: Sequence[TermGroup]) -> bool:
    matcher = Matcher(speaker or "", glosses=False)
    return any(matcher.covers(g) for g in subjects)


def expand(library: Library, hits: Sequence[Hit], subjects: Sequence[TermGroup] = (),
           depth: int = settings.EXPAND_DEPTH) -> tuple[list[Hit], dict[int, str]]:
    """The top ``depth`` hits widened where they lead into the next passage (a passage
    already present is not repeated), and the leads by passage id."""
    out: list[Hit] = []
    leads: dict[int, str] = {}
    seen: set[int] = set()
    for i, hit in enumerate(hits):
        wide = widen(library, hit, subjects) if i < depth else Widened(hit)
        if wide.hit.passage_id in seen or hit.passage_id in seen:
            continue
        seen.update({hit.passage_id, wide.hit.passage_id})
        out.append(wide.hit)
        if wide.lead:
            leads[wide.hit.passage_id] = wide.lead
    return out, leads
