"""The dev question sets and their gold passages: a passage is gold when its span in the
original file overlaps the span of the question's quote (HTML: or when its text,
tags removed, entities decoded and whitespace collapsed, contains the quote's text)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ponder.records import Hit
from ponder.store import Library

from corpus import CORPUS, EVAL


@dataclass(frozen=True)
class Source:
    path: Path
    quote: str


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    question: str
    sources: tuple[Source, ...]


def questions(name: str) -> list[Question]:
    """Answerable questions of one JSONL set."""
    out = []
    for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if q["abstain"]:
            continue
        folder = CORPUS / q.get("corpus", "altman-interviews")
        sources = tuple(Source(folder / s["file"], s["quote"]) for s in q["sources"])
        out.append(Question(q["id"], q["lang"], q["question"], sources))
    return out


@lru_cache(maxsize=64)
def _file_text(path: Path) -> str:
    from ponder.ingest.source import open_source

    encoding = open_source(path).encoding or "utf-8"
    return path.read_bytes().decode(encoding, errors="replace")


def plain(text: str) -> str:
    """Markup removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def is_gold(library: Library, hit: Hit, question: Question) -> bool:
    for source in question.sources:
        if Path(hit.path).resolve() != source.path.resolve():
            continue
        text = _file_text(source.path)
        start = text.find(source.quote)
        if start >= 0 and hit.source_start < start + len(source.quote) and start < hit.source_end:
            return True
        if source.path.suffix == ".html":
            quote = plain(source.quote)
            if quote and quote in plain(hit.text):
                return True
    return False


def gold_rank(library: Library, hits: list[Hit], question: Question) -> int | None:
    """1-based rank of the first gold hit, or None."""
    for rank, hit in enumerate(hits, start=1):
        if is_gold(library, hit, question):
            return rank
    return None
