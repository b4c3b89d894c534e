"""Plain records that move through the flow: repairs, passages, documents, hits."""

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
