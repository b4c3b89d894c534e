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

_ABOUT_DOCUMENT = re.compile(
    r"\b(?:publish(?:ed)?|post(?:ed)?|report(?:ed)?|article|talk|interview|conversation|"
    r"round[- ]?table|podcast|event|took\s+place|held|recorded|written|dated|page|story)\b"
    r"|发布|發佈|發布|报道|報導|報道|报告|報告|文章|访谈|訪談|采访|採訪|演讲|演講|对话|對話"
    r"|圆桌|圓桌|举行|舉行|进行|進行|播客|消息|新闻|新聞|发表|發表",
    re.IGNORECASE,
)


def asks_document_date(question: str, kind: Wants) -> bool:
    """A when-question whose subject is a document or the event it reports."""
    return kind is Wants.DATE and bool(_ABOUT_DOCUMENT.search(question))


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
