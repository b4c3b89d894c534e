"""Reading single passages back as hits: the one holding a given place in a document."""

from __future__ import annotations

from ..records import Hit
from .library import Library

_COLUMNS = (
    "p.id, p.doc_id, d.path, d.title, p.speaker, p.heading, p.start, p.end, "
    "p.source_start, p.source_end, p.text"
)


def passage_at(library: Library, doc_id: int, offset: int) -> Hit | None:
    """The passage of document ``doc_id`` whose span holds character ``offset`` of the
    document text (None when no passage does, e.g. stripped boilerplate)."""
    row = library.db.execute(
        f"SELECT {_COLUMNS} FROM passages p JOIN documents d ON d.id = p.doc_id "
        "WHERE p.doc_id = ? AND p.start <= ? AND ? < p.end ORDER BY p.seq LIMIT 1",
        (doc_id, offset, offset),
    ).fetchone()
    if row is None:
        return None
    return Hit(passage_id=int(row[0]), doc_id=int(row[1]), path=str(row[2]), title=str(row[3]),
               speaker=row[4], heading=row[5], start=int(row[6]), end=int(row[7]),
               source_start=int(row[8]), source_end=int(row[9]), text=str(row[10]), score=0.0)
