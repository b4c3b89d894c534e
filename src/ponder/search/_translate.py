"""Dictionary query translation (CC-CEDICT), so a question finds text in the other language.

English → Chinese: stopwords dropped, multi-word phrases matched first
(``carbon capture``, ``punch card``), then single words, crudely lemmatised
(plural, ``-ing``, ``-ed``, ``-ly``; a suffix-stripping stem as a last resort);
a few best headwords per term. Words the dictionary does not know (names,
identifiers, numbers) are kept as they are. Chinese → English: each word of two
or more characters is replaced by its first short glosses. The result is a list
of index-form terms to run as one more lexical query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..text.cedict import Lexicon, lexicon, stem
from ..text.normalize import index_tokens
from ..text.script import cjk_share, has_cjk
from ..text.stopwords import is_stopword
from ._query import MAX_TERMS, Term, phrase_term, unique_terms, useful

PER_WORD = 3
PER_STEM = 2
PER_PHRASE = 2
PER_GLOSS = 2
LONGEST_PHRASE = 4
PARTICLES = frozenset({"up", "down", "out", "off", "over", "away", "back", "on", "in"})

_WORD = re.compile(r"[a-z0-9]+(?:['’\-][a-z0-9]+)*")


@dataclass
class Translation:
    """Terms to search for, and what each source word became (for explanations)."""

    target: str = ""  # the language of the terms: "zh" or "en"
    terms: list[Term] = field(default_factory=list)
    glossary: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


def other_language(query: str) -> str:
    """The language a query is translated into: ``zh`` for a mostly-Latin query, else ``en``."""
    return "en" if cjk_share(query) >= 0.5 else "zh"


def translate_query(query: str, lex: Lexicon | None = None) -> Translation:
    """Translate a mostly-English query to Chinese terms, a mostly-Chinese one to English."""
    share = cjk_share(query)
    if share == 0.0 and not _WORD.search(query.lower()):
        return Translation()
    lex = lex or lexicon()
    return to_english(query, lex) if other_language(query) == "en" else to_chinese(query, lex)


def to_chinese(query: str, lex: Lexicon) -> Translation:
    result = Translation("zh")
    kept: list[Term] = []
    for source, words in _english_terms(_words(query, lex), lex):
        if words:
            result.glossary.append((source, words))
            kept += [phrase_term(w) for w in words]
        elif useful(source):
            kept.append(phrase_term(source))
    result.terms = unique_terms(kept, MAX_TERMS)
    return result


def to_english(query: str, lex: Lexicon) -> Translation:
    result = Translation("en")
    kept: list[Term] = []
    for token in index_tokens(query):
        if not useful(token):
            continue
        if not has_cjk(token):
            kept.append((token,))
            continue
        glosses = lex.forward.get(token, ()) if len(token) >= 2 else ()
        if glosses:
            chosen = glosses[:PER_GLOSS]
            result.glossary.append((token, chosen))
            kept += [t for t in (_english_term(g) for g in chosen) if t]
    result.terms = unique_terms(kept, MAX_TERMS)
    return result


def _english_term(gloss: str) -> Term:
    words = [w for w in gloss.split() if not is_stopword(w)]
    return phrase_term(" ".join(words)) if words else ()


def _words(query: str, lex: Lexicon) -> list[str]:
    """Lower-case words; possessives cut; hyphenated words split unless the dictionary has them."""
    out: list[str] = []
    for word in _WORD.findall(query.lower().replace("’", "'")):
        if word.endswith("'s"):
            word = word[:-2]
        if "-" in word and not (word in lex.exact or word.replace("-", " ") in lex.exact):
            out += [part for part in word.split("-") if part]
        else:
            out.append(word)
    return out


def _english_terms(words: list[str], lex: Lexicon) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(source word or phrase, chosen headwords) left to right, longest phrase first."""
    i = 0
    while i < len(words):
        for n in range(min(LONGEST_PHRASE, len(words) - i), 1, -1):
            span = words[i : i + n]
            if is_stopword(span[0]) or (is_stopword(span[-1]) and span[-1] not in PARTICLES):
                continue
            found = _phrase(span, lex)
            if found:
                yield " ".join(span), found[:PER_PHRASE]
                i += n
                break
        else:
            word = words[i]
            i += 1
            if is_stopword(word) or len(word) < 2:
                continue
            if any(c.isdigit() for c in word):
                yield word, ()
                continue
            yield word, _word(word, lex)


def _phrase(span: list[str], lex: Lexicon) -> tuple[str, ...]:
    head = " ".join(span[:-1])
    for last in variants(span[-1]):
        found = lex.exact.get(f"{head} {last}")
        if found:
            return found
    return ()


def _word(word: str, lex: Lexicon) -> tuple[str, ...]:
    for form in variants(word):
        found = lex.exact.get(form) or lex.exact.get(form.replace("-", " "))
        if found:
            return found[:PER_WORD]
    return lex.stems.get(stem(word), ())[:PER_STEM]


def variants(word: str) -> Iterator[str]:
    """The word, then crude lemmas: plural, -ing, -ed, -ly."""
    yield word
    if word.endswith("ies") and len(word) > 4:
        yield word[:-3] + "y"
    if word.endswith("es") and len(word) > 4:
        yield word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        yield word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            yield base
            yield base + "e"
            if base[-1] == base[-2]:
                yield base[:-1]
    if word.endswith("ly") and len(word) > 4:
        yield word[:-2]
