"""Turning query text into FTS5 terms: index tokens, stopwords dropped, quoted, capped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from ..text.normalize import index_tokens
from ..text.stopwords import is_stopword

MAX_TERMS = 32

_WORDISH = re.compile(r"\w")

Term = tuple[str, ...]  # one token, or several that must appear next to each other


def query_terms(query: str) -> list[Term]:
    """The query's index tokens as single-token terms, stopwords dropped, de-duplicated.

    A dotted name (``sqlite3.connect``) also contributes its parts, so text that
    names them apart (``connect``, under a ``sqlite3`` heading) is found too.
    """
    return unique_terms(_with_parts(t for t in index_tokens(query) if useful(t)))


def _with_parts(tokens: Iterable[str]) -> Iterator[Term]:
    for token in tokens:
        yield (token,)
        if "." in token.strip("."):
            yield from ((part,) for part in token.split(".") if useful(part))


def useful(token: str) -> bool:
    return bool(_WORDISH.search(token)) and not is_stopword(token)


def unique_terms(terms: Iterable[Term], cap: int = MAX_TERMS) -> list[Term]:
    seen: set[Term] = set()
    out: list[Term] = []
    for term in terms:
        if term and term not in seen:
            seen.add(term)
            out.append(term)
            if len(out) >= cap:
                break
    return out


def phrase_term(text: str) -> Term:
    """A word or phrase as the index would tokenise it (several tokens form a phrase)."""
    return tuple(t for t in index_tokens(text) if _WORDISH.search(t))


def match_expression(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH string: every term quoted (a phrase if it has several tokens), OR-ed."""
    parts = []
    for term in terms:
        inner = " ".join(token.replace('"', '""') for token in term)
        if inner.strip():
            parts.append(f'"{inner}"')
    return " OR ".join(parts)
