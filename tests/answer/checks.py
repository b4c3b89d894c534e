"""Checks the answer tests share: citations point at exact text, pieces carry their own."""

from __future__ import annotations

from ponder.answer import Answer, Citation
from ponder.answer.compose import clean
from ponder.answer.sentences import split_sentences
from ponder.store import Library
from ponder.text.script import to_script


def doc_id(library: Library, path_suffix: str) -> int:
    """The id of the one document whose path ends with ``path_suffix``."""
    (found,) = [d.id for d in library.documents() if d.path.endswith(path_suffix)]
    return found


def assert_quote_exact(library: Library, c: Citation) -> None:
    """The quote is the document's text at ``quote_start:quote_end``, inside the passage."""
    assert c.quote, c
    assert c.quote_start is not None and c.quote_end is not None, c
    assert c.start <= c.quote_start < c.quote_end <= c.end, c
    assert library.document_text(c.doc_id, c.quote_start, c.quote_end) == c.quote, c
    assert c.quote in library.document_text(c.doc_id, c.start, c.end), c


def assert_quotes_exact(library: Library, answer: Answer) -> None:
    for c in [*answer.citations, *answer.closest]:
        assert_quote_exact(library, c)


def assert_whole_sentences(library: Library, c: Citation) -> None:
    """The quote starts and ends on sentence boundaries of its passage: it is the
    sentence (or neighbouring sentences) the piece comes from, not the whole passage."""
    assert c.quote_start is not None and c.quote_end is not None
    sentences = split_sentences(library.document_text(c.doc_id, c.start, c.end))
    assert c.quote_start - c.start in {s.start for s in sentences}, c
    assert c.quote_end - c.start in {s.end for s in sentences}, c


def shown_forms(quote: str) -> set[str]:
    """How a quote may appear in an answer: as written or cleaned of numbering and a
    dangling colon, in its own script or converted to the question's."""
    forms = {quote, clean(quote)}
    return forms | {to_script(f, s) for f in forms for s in ("simplified", "traditional")}


def assert_each_piece_carries_its_citation(answer: Answer) -> None:
    """Citation n's quote (as shown) appears in the answer, in order, and is followed by
    its own marker ``[n]`` (after a closing quotation mark, if any)."""
    text, at = answer.answer, 0
    for c in answer.citations:
        found = [(text.find(form, at), form) for form in shown_forms(c.quote)]
        found = [(i, form) for i, form in found if i >= 0]
        assert found, (c.n, c.quote, text[at:])
        i, form = min(found)
        rest = text[i + len(form):].lstrip(" 」”\"")
        assert rest.startswith(f"[{c.n}]"), (c.n, form, rest[:40])
        at = i + len(form)
