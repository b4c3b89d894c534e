"""Lexical ranking: SQLite FTS5 ``bm25()`` over the passages' index tokens."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from ..errors import SearchError
from ._filters import Filter
from ._query import Term, match_expression


def lexical_ranking(
    db: sqlite3.Connection, terms: Sequence[Term], filt: Filter, depth: int
) -> list[int]:
    """Passage ids best first (at most ``depth``); empty when there are no terms."""
    expression = match_expression(terms)
    if not expression or filt.empty:
        return []
    clause, params = filt.sql()
    sql = (
        "SELECT passages_fts.rowid FROM passages_fts "
        "JOIN passages p ON p.id = passages_fts.rowid "
        f"WHERE passages_fts MATCH ?{clause} "
        "ORDER BY bm25(passages_fts), passages_fts.rowid LIMIT ?"
    )
    try:
        rows = db.execute(sql, [expression, *params, depth]).fetchall()
    except sqlite3.OperationalError as e:
        raise SearchError(f"cannot run the full-text query {expression!r} ({e})") from e
    return [int(r[0]) for r in rows]
