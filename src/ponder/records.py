"""Plain records that move through the flow: repairs, passages, documents, dates, hits."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Repair:
    """One change made to a document's text.

    ``start``/``end`` index the repaired document text (``after`` sits there);
    ``source_start``/``source_end`` index the original file's decoded text.
    """

    kind: str
    start: int
    end: int
    source_start: int
    source_end: int
    before: str
    after: str


@dataclass
class Passage:
    """A span of a document's repaired text: ``doc_text[start:end] == text``."""

    text: str
    start: int
    end: int
    source_start: int
    source_end: int
    speaker: str | None = None
    heading: str | None = None
    seq: int = 0


@dataclass(frozen=True)
class DocumentDate:
    """A date a document states about itself, found at ingest (see :mod:`ponder.ingest.dates`).

    ``value`` is ISO 8601 text at the precision written: ``"2024"``, ``"2024-03"``,
    ``"2024-03-19"``, or ``"--03-19"`` for a dateline that gives no year ("3月19日消息").
    ``source`` says where it came from: ``"metadata"`` (a field of the file: HTML
    ``<meta>``/``<time>``, PDF ``/CreationDate``, DOCX core properties; ``field`` names
    it), ``"dateline"`` (a date near the top that dates the text itself) or ``"text"``
    (a date written anywhere else). ``text`` is exactly what it was read from (the
    metadata value, or ``doc_text[start:end]``). Offsets are set for dates from the
    text: ``start``/``end`` index the document text, ``source_start``/``source_end``
    the original file's decoded text.
    """

    value: str
    source: str
    text: str
    start: int | None = None
    end: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    field: str | None = None

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"``, ``"day"`` or ``"month-day"`` (no year)."""
        if self.value.startswith("--"):
            return "month-day"
        return ("year", "month", "day")[self.value.count("-")]

    def to_json(self) -> dict[str, object]:
        return {
            "value": self.value, "precision": self.precision, "source": self.source,
            "field": self.field, "text": self.text, "start": self.start, "end": self.end,
            "source_start": self.source_start, "source_end": self.source_end,
        }  # fmt: skip


@dataclass
class Document:
    """What the library stores about one ingested file."""

    id: int
    path: str
    title: str
    format: str
    encoding: str | None
    language: str
    script: str
    content_hash: str
    size: int
    passages: int
    repairs: int
    added_at: str
    updated_at: str
    date: str | None = None  # the primary date's value (see ``Library.primary_date``)


@dataclass
class Hit:
    """One search result."""

    passage_id: int
    doc_id: int
    path: str
    title: str
    speaker: str | None
    heading: str | None
    start: int
    end: int
    source_start: int
    source_end: int
    text: str
    score: float
    ranks: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "path": self.path,
            "title": self.title,
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "text": self.text,
            "score": round(self.score, 6),
        }
