"""What a library holds, read straight from its SQLite file, comparable across runs.

Rows are keyed by what identifies them for a user (a document's path, a passage's place
in its document, a memory's user and id), never by row ids or wall-clock stamps, so a
library that was killed and finished again compares equal to one built in a clean run.
Vectors compare within float16 rounding (two runs of the embedding model may differ in
the last bit).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ponder.store.library import library_file
from ponder.store.vectors import decode

#: name → query; each selects rows without row ids or times, in a stable order (the
#: document tables start with the document's id and the passage's, to tell what is hidden)
QUERIES = {
    "documents": "SELECT d.id, NULL, d.path, d.title, d.format, d.encoding, d.language, "
                 "d.script, d.content_hash, d.size, d.text_length, d.date FROM documents d "
                 "ORDER BY d.path",
    "document text": "SELECT d.id, NULL, d.path, t.start, t.text FROM document_text t "
                     "JOIN documents d ON d.id = t.doc_id ORDER BY d.path, t.start",
    "passages": "SELECT d.id, p.id, d.path, p.seq, p.start, p.end, p.source_start, "
                "p.source_end, p.text, p.speaker, p.heading, p.text_hash, f.tokens "
                "FROM passages p JOIN documents d ON d.id = p.doc_id "
                "LEFT JOIN passages_fts f ON f.rowid = p.id ORDER BY d.path, p.seq",
    "repairs": "SELECT d.id, NULL, d.path, r.kind, r.start, r.end, r.source_start, "
               "r.source_end, r.before, r.after FROM repairs r "
               "JOIN documents d ON d.id = r.doc_id ORDER BY d.path, r.start, r.end, r.kind",
    "dates": "SELECT d.id, NULL, d.path, x.value, x.source, x.field, x.text, x.start, x.end, "
             "x.is_primary FROM document_dates x JOIN documents d ON d.id = x.doc_id "
             "ORDER BY d.path, x.start, x.value",
    "memories": "SELECT user, id, text, kind, tier, reason, subject, slot, conversation_id, "
                "turn_id, quote, extractor, valid_to IS NULL, superseded_by, due_at, done, "
                "mentions, norm, sig FROM memories ORDER BY user, id",
    "memory index": "SELECT m.user, m.id, f.owner, f.tokens FROM memories m "
                    "LEFT JOIN memories_fts f ON f.rowid = m.key ORDER BY m.user, m.id",
    "deny list": "SELECT user, pattern FROM deny_list ORDER BY user, pattern",
    "conversations": "SELECT user, id, title FROM conversations ORDER BY user, id",
    "turns": "SELECT t.user, t.id, t.conversation_id, t.role, t.text, f.tokens FROM turns t "
             "LEFT JOIN turns_fts f ON f.rowid = t.key ORDER BY t.user, t.id",
    "settings": "SELECT user, memory_enabled, learning_enabled FROM user_settings ORDER BY user",
}  # fmt: skip
DOCUMENT_TABLES = ("documents", "document text", "passages", "repairs", "dates")
VECTORS = ("SELECT d.id, p.id, d.path, p.seq, v.model, v.vec FROM vectors v JOIN passages p "
           "ON p.id = v.passage_id JOIN documents d ON d.id = p.doc_id ORDER BY d.path, p.seq")
#: rows a reader never sees: documents still being staged or retired and awaiting the
#: sweep, and retired passages (table → query of their ids), where the schema has them
HIDDEN_DOCUMENTS = {"staging": "SELECT doc_id FROM staging",
                    "retired_documents": "SELECT id FROM retired_documents"}
HIDDEN_PASSAGES = {"retired_passages": "SELECT id FROM retired_passages"}


@dataclass
class State:
    """A library's content: rows by table, vectors by passage, and the files beside it."""

    rows: dict[str, list[tuple[object, ...]]] = field(default_factory=dict)
    vectors: dict[tuple[str, int], tuple[str, bytes]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    def differences(self, other: State, files: bool = True) -> list[str]:
        """What differs from ``other``, one sentence each (empty: the same library);
        without ``files``, the files beside the library are not compared."""
        found = []
        for name in sorted(set(self.rows) | set(other.rows)):
            mine, theirs = self.rows.get(name, []), other.rows.get(name, [])
            if mine != theirs:
                extra = [r for r in mine if r not in theirs][:2]
                missing = [r for r in theirs if r not in mine][:2]
                found.append(f"{name}: {len(mine)} rows vs {len(theirs)}; "
                             f"only here {_short(extra)}; only there {_short(missing)}")
        if set(self.vectors) != set(other.vectors):
            found.append(f"vectors for {len(self.vectors)} passages vs {len(other.vectors)}")
        else:
            for key, (model, vec) in self.vectors.items():
                their_model, their_vec = other.vectors[key]
                if model != their_model or not _close(vec, their_vec):
                    found.append(f"vector of passage {key} differs")
                    break
        for name in sorted(set(self.files) | set(other.files)) if files else ():
            if self.files.get(name) != other.files.get(name):
                found.append(f"file {name} differs")
        return found


def snapshot(location: Path, *, visible: bool = False) -> State:
    """The content of the library at ``location`` (a folder or the .sqlite file).

    With ``visible``, only what a reader sees: documents being staged or retired, and
    retired passages, are left out (they are garbage the next writer sweeps). Without it,
    every row, garbage included.
    """
    path = library_file(location)
    state = State()
    if not path.exists() or path.stat().st_size == 0:
        return state
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        docs, passages = _hidden(db, tables) if visible else (set(), set())
        for name, query in QUERIES.items():
            if _tables_of(query) <= tables:
                rows = [tuple(r) for r in db.execute(query)]
                if name in DOCUMENT_TABLES:
                    rows = [r[2:] for r in rows if r[0] not in docs and r[1] not in passages]
                state.rows[name] = rows
        if "vectors" in tables:
            state.vectors = {(str(r[2]), int(r[3])): (str(r[4]), bytes(r[5]))
                             for r in db.execute(VECTORS)
                             if r[0] not in docs and r[1] not in passages}
    finally:
        db.close()
    for beside in sorted(path.parent.rglob("*")):  # prompt histories, anything else it wrote
        if beside.is_file() and not beside.name.startswith(path.name):
            state.files[str(beside.relative_to(path.parent))] = beside.read_bytes()
    return state


def _hidden(db: sqlite3.Connection, tables: set[str]) -> tuple[set[object], set[object]]:
    def ids(queries: dict[str, str]) -> set[object]:
        return {r[0] for t, q in queries.items() if t in tables for r in db.execute(q)}

    return ids(HIDDEN_DOCUMENTS), ids(HIDDEN_PASSAGES)


def _tables_of(query: str) -> set[str]:
    words = query.replace(",", " ").split()
    return {words[i + 1] for i, w in enumerate(words[:-1]) if w in ("FROM", "JOIN")}


def _close(a: bytes, b: bytes) -> bool:
    if not a or not b:
        return a == b
    return bool(np.allclose(decode(a), decode(b), atol=4e-3))


def _short(rows: list[tuple[object, ...]]) -> str:
    return repr([tuple(str(x)[:40] for x in r) for r in rows])[:400]
