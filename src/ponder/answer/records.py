"""What an answer is: text, checked citations, what was removed, and how long it took."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    """A numbered reference; ``quote`` is an exact substring of the cited passage."""

    n: int
    passage_id: int
    doc_id: int
    path: str
    title: str
    speaker: str | None
    start: int
    end: int
    source_start: int
    source_end: int
    quote: str
    quote_start: int | None = None  # the quote's span in the document text, when known
    quote_end: int | None = None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("passage_id")
        data.pop("title")
        return data


@dataclass
class Answer:
    """The result of ``ponder ask``."""

    question: str
    answer: str
    abstained: bool
    backend: str
    seconds: float
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    closest: list[Citation] = field(default_factory=list)  # shown when abstaining
    language: str = "en"  # of the question, and so of the answer
    confidence: float = 0.0  # the fitted probability that the documents answer the question

    def to_json(self) -> dict[str, object]:
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "backend": self.backend,
            "seconds": round(self.seconds, 3),
            "citations": [c.to_json() for c in self.citations],
            "unsupported": self.unsupported,
            "notes": self.notes,
            "closest": [c.to_json() for c in self.closest],
            "language": self.language,
            "confidence": self.confidence,
            "question": self.question,
        }
