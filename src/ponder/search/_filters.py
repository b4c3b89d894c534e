"""Restricting a search to some documents and/or one speaker; the same for every list.

A speaker is compared in matching form (case-folded, simplified script), and a
name given matches a stored speaker that contains it: ``奥特曼`` matches
``奧特曼``, ``altman`` matches ``Sam Altman``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.normalize import matching_form


@dataclass(frozen=True)
class Filter:
    doc_ids: tuple[int, ...] | None = None
    speakers: tuple[str, ...] | None = None  # stored speaker values that match
    language: str | None = None  # documents detected as this language only

    @property
    def active(self) -> bool:
        return (
            self.doc_ids is not None or self.speakers is not None or self.language is not None
        )

    @property
    def empty(self) -> bool:
        """True when nothing can match (no documents, or no such speaker)."""
        return self.doc_ids == () or self.speakers == ()

    def sql(self, alias: str = "p") -> tuple[str, list[object]]:
        """A clause to append after ``WHERE …`` (starting with `` AND``) and its parameters."""
        clause = ""
        params: list[object] = []
        if self.doc_ids is not None:
            clause += f" AND {alias}.doc_id IN ({','.join('?' * len(self.doc_ids))})"
            params += self.doc_ids
        if self.speakers is not None:
            clause += f" AND {alias}.speaker IN ({','.join('?' * len(self.speakers))})"
            params += self.speakers
        if self.language is not None:
            clause += (f" AND {alias}.doc_id IN "
                       "(SELECT id FROM documents WHERE language = ?)")
            params.append(self.language)
        return clause, params

    def passage_ids(self, db: sqlite3.Connection) -> set[int]:
        clause, params = self.sql()
        rows = db.execute(f"SELECT p.id FROM passages p WHERE 1{clause}", params)
        return {int(r[0]) for r in rows}


def make_filter(
    db: sqlite3.Connection, doc_ids: Sequence[int] | None, speaker: str | None
) -> Filter:
    docs = tuple(sorted({int(d) for d in doc_ids})) if doc_ids is not None else None
    speakers = matching_speakers(db, speaker) if speaker is not None else None
    return Filter(docs, speakers)


def matching_speakers(db: sqlite3.Connection, speaker: str) -> tuple[str, ...]:
    wanted = matching_form(speaker).strip()
    if not wanted:
        return ()
    stored = [str(r[0]) for r in db.execute(
        "SELECT DISTINCT speaker FROM passages WHERE speaker IS NOT NULL"
    )]
    return tuple(s for s in stored if wanted in matching_form(s))
