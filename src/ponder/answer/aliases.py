"""Latin ↔ Chinese name pairs the library itself states: "山姆·奥特曼（Sam Altman）".

Chinese articles name a person or company once with the original in brackets and
then only in Chinese; an English question names them in Latin letters. Pairs are
mined from the passages once per library state and kept with the library handle.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict

from ..store.library import Library
from ..text.normalize import index_tokens, matching_form
from ..text.pos import pos_tags
from ..text.script import HAN
from ..text.stopwords import is_stopword

_PAIR = re.compile(
    rf"([{HAN}·・]{{2,16}})\s*[（(]\s*"
    r"([A-Z][A-Za-z\-]*(?:\s+[A-Z][A-Za-z\-]*){0,3})\s*[)）]"
)

Aliases = dict[str, tuple[str, ...]]

_CACHE: weakref.WeakKeyDictionary[Library, tuple[tuple[int, int], Aliases]] = (
    weakref.WeakKeyDictionary()
)


_NOT_NAMES = ("v", "d", "p", "c", "u", "r", "m", "q")  # verbs, adverbs, pronouns, numerals...


def _not_a_name(word: str) -> bool:
    """A word jieba tags as a verb, adverb, preposition, pronoun or the like: "看到(AGI)"
    is a sentence pointing at a term, not a name paired with its original."""
    tags = pos_tags(word)
    return len(tags) == 1 and tags[0].startswith(_NOT_NAMES)


def pairs_in(text: str) -> list[tuple[str, str]]:
    """(Chinese name, Latin name) pairs in ``text``, Chinese in matching form."""
    found = []
    for m in _PAIR.finditer(text):
        run = m.group(1)
        if "·" in run or "・" in run:  # 伊利亚·苏茨凯弗: the surname is what follows the dot
            chinese = re.split("[·・]", run)[-1]
        else:
            tokens = index_tokens(run)
            if not tokens or _not_a_name(tokens[-1]):
                continue
            chinese = tokens[-1]
        found.append((matching_form(chinese), " ".join(m.group(2).split())))
    return found


def mine(texts: list[str]) -> Aliases:
    table: defaultdict[str, dict[str, None]] = defaultdict(dict)
    for text in texts:
        for chinese, latin in pairs_in(text):
            if len(chinese) < 2:
                continue
            for word in matching_form(latin).split():
                if len(word) >= 3 and not is_stopword(word):
                    table[word][chinese] = None
    return {k: tuple(v) for k, v in table.items()}


def library_aliases(library: Library) -> Aliases:
    """The pairs for ``library`` (cached until its passages change)."""
    row = library.db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM passages").fetchone()
    state = (int(row[0]), int(row[1]))
    cached = _CACHE.get(library)
    if cached is not None and cached[0] == state:
        return cached[1]
    rows = library.db.execute(
        "SELECT text FROM passages WHERE text GLOB '*[(（][A-Z]*'"
    ).fetchall()
    table = mine([str(r[0]) for r in rows])
    _CACHE[library] = (state, table)
    return table
