"""When-questions about a document itself: "when was this talk?", "这篇报道是哪天发布的？".

Such a question asks for the date the document carries (its dateline or metadata date,
found at ingest: :meth:`ponder.store.Library.primary_date`), not for a date inside
what was said. The document is the one the best-scoring candidate sentence comes
from; the answer states the date at the precision written (a dateline without a year
says no year) and quotes where it was read, cited like any other answer.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..records import DocumentDate, Hit
from ..store.library import Library
from ..store.passages import passage_at
from .qtype import Wants

# The question must be about the document or the event it reports: "when was the
# interview published", "这次访谈是什么时候进行的". A verb such as "publish" alone is not
# enough ("GPT-5什么时候发布？" asks about GPT-5), nor is a document named as a source
# ("When was Deep Research launched, according to the article?").
_DOC_NOUN = (r"(?:article|talk|interview|conversation|round[- ]?table|podcast|report|story|"
             r"speech|lecture|panel|piece|page|post|event)")
_EN_SUBJECT = re.compile(
    rf"\b(?:when|what\s+(?:date|day|year)|which\s+(?:date|day|year))\s+(?:was|were|did|is)\s+"
    rf"(?:(?!according|says?\b|said\b|tells?\b|told\b|mention)[\w'’.-]+\s+){{0,8}}?"
    rf"{_DOC_NOUN}s?\b(?:(?!\bsays?\b|\bsaid\b).)*$"
    rf"|\b(?:publish|post|releas|print|air)\w*\s+(?:its|the|their|a|an|this|that)\s+"
    rf"(?:\w+\s+){{0,2}}?{_DOC_NOUN}",
    re.IGNORECASE,
)
_ZH_SUBJECT = re.compile(
    r"(?:文章|这篇|這篇|访谈|訪談|采访|採訪|报道|報導|報道|演讲|演講|对话|對話|圆桌|圓桌|播客"
    r"|讲座|講座|座谈|座談|新闻|新聞|这次|這次|节目|節目)"
    r"[^说說称稱提，,。？?]{0,16}?(?:是在?|于|於|在)?"
    r"(?:什么时候|什麼時候|何时|何時|哪天|哪一天|哪一年|哪年|几月几[日号]|幾月幾[日號]|什么日期|什麼日期)"
)


def asks_document_date(question: str, kind: Wants) -> bool:
    """A when-question whose subject is a document or the event it reports."""
    return kind is Wants.DATE and bool(_EN_SUBJECT.search(question)
                                       or _ZH_SUBJECT.search(question))


@dataclass(frozen=True)
class Dated:
    """A document's own date, and the passage it was read from (for the citation)."""

    date: DocumentDate
    hit: Hit | None


def document_date(library: Library, doc_id: int) -> Dated | None:
    date = library.primary_date(doc_id)
    if date is None:
        return None
    hit = passage_at(library, doc_id, date.start) if date.start is not None else None
    return Dated(date, hit)


def spoken(value: str, language: str) -> str:
    """An ISO date at its precision, as a person writes it (``2025-02-08`` →
    ``2025年2月8日`` / ``February 8, 2025``; ``--05-16`` → ``5月16日`` / ``May 16``)."""
    m = re.fullmatch(r"(\d{4}|-)(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if m is None:
        return value
    year = None if m.group(1) == "-" else int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if language == "zh":
        return "".join(f"{v}{u}" for v, u in ((year, "年"), (month, "月"), (day, "日"))
                       if v is not None)
    head = " ".join(p for p in (calendar.month_name[month] if month else "",
                                  str(day) if day else "") if p)
    if year is None:
        return head
    return f"{head}, {year}" if day else f"{head} {year}".strip()
