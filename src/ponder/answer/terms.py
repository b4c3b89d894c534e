"""A question's content words as term groups, and how much of them a text covers.

A group is one word of the question with its alternatives: the same word in the
other language (CC-CEDICT, through ``ponder.search.translate_query``) and, for Latin
names, the Chinese names the library itself pairs them with ("山姆·奥特曼（Sam Altman）").
Every form is in matching form (NFKC, case-folded, simplified script). A group
weighs by how rare it is in the library (inverse document frequency).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..search import translate_query
from ..text.cedict import lexicon, stem
from ..text.normalize import index_tokens, matching_form
from ..text.script import HAN, language_of, opencc_converter
from ..text.stopwords import is_stopword


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that frame a question rather than say what it is about.
FRAMING = _wordset(
    """
    article articles document documents doc docs text texts passage passages source sources
    interview interviews mention mentions mentioned describe describes described
    call calls called example examples give gives exactly specifically particular
    note notes noted believe believes believed argue argues argued admit admits admitted
    explain explains explained claim claims claimed add adds added suggest suggests
    essentially actually really mainly main way ways kind kinds
    文章 文档 文中 资料 段落 访谈中 提及 描述 称为 叫做 例子 具体 哪一 哪所 哪位
    哪一年 哪年 何年 何时 什么时候 哪天 哪一天 几年 几月
    指出 承认 强调 补充 谈到 看待 看法 观点 态度 持 形容 评价 估计 大约 大概 约 左右
    多长时间 多久 多长 举 举例 说明 意思 怎样 情况 那段 这段 原本 曾经 出现 过 方面 是否
    """
)

_CJK = re.compile(f"[{HAN}]")
_LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9_\-.]*[a-z0-9]|[a-z0-9]")


@dataclass(frozen=True)
class TermGroup:
    """One content word of a question and the forms that count as it."""

    source: str
    forms: tuple[str, ...]
    weight: float = 1.0


@dataclass
class Coverage:
    """Which groups a text covers, and their share of the total weight."""

    covered: list[TermGroup] = field(default_factory=list)
    missing: list[TermGroup] = field(default_factory=list)

    @property
    def share(self) -> float:
        total = sum(g.weight for g in self.covered) + sum(g.weight for g in self.missing)
        return sum(g.weight for g in self.covered) / total if total else 0.0


def is_content(token: str) -> bool:
    return any(ch.isalnum() for ch in token) and not is_stopword(token) and token not in FRAMING


def content_tokens(text: str) -> list[str]:
    """Index tokens of ``text`` worth matching, each once, in order."""
    seen: dict[str, None] = {}
    for tok in index_tokens(text):
        if is_content(tok) and not (len(tok) == 1 and tok.isascii()):
            seen.setdefault(tok, None)
    return list(seen)


def question_groups(
    question: str, target_language: str | None = None,
    aliases: dict[str, tuple[str, ...]] | None = None,
) -> list[TermGroup]:
    """Groups for ``question`` when the passages are in ``target_language`` (None: in
    either language, so every word also carries its translations)."""
    groups = [TermGroup(tok, (tok,)) for tok in _tokens_with_names(question, aliases)]
    if target_language is None or language_of(question) != target_language:
        groups = _translated(question, groups)
    if aliases:
        groups = [_with_aliases(g, aliases) for g in groups]
    return groups


_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


_IDENTIFIER = re.compile(r"[A-Za-z0-9]*[_.][A-Za-z0-9_.]*[A-Za-z0-9_]|\S+\(\S*\)")


def _translatable(text: str) -> str:
    """The part of ``text`` in its main script, so a Chinese sentence naming
    ``FileExistsError`` is still translated from Chinese; identifiers
    (``isolation_level``, ``sqlite3.connect``) are not translated word by word."""
    if language_of(text) == "zh":
        return _LATIN_RUN.sub(" ", text)
    return _IDENTIFIER.sub(" ", _CJK.sub(" ", text))


def _tokens_with_names(question: str, aliases: dict[str, tuple[str, ...]] | None) -> list[str]:
    """Content tokens, with Chinese names the library knows kept whole (the segmenter
    may cut 苏茨凯弗 into 苏茨凯 + 弗)."""
    tokens = content_tokens(question)
    form = matching_form(question)
    names = {n for ns in (aliases or {}).values() for n in ns if len(n) >= 2 and n in form}
    for name in names:
        tokens = [t for t in tokens if not (_CJK.search(t) and t in name)]
        tokens.append(name)
    return list(dict.fromkeys(tokens))


def _translated(question: str, groups: list[TermGroup]) -> list[TermGroup]:
    by_source = {g.source: g for g in groups}
    out: list[TermGroup] = []
    used: set[str] = set()
    for source, words in translate_query(_translatable(question)).glossary:
        src = matching_form(source)
        if src in FRAMING:
            used.add(src)
            continue
        parts = src.split()
        forms = [src, *(matching_form(w) for w in words)]
        out.append(TermGroup(src, tuple(dict.fromkeys(forms))))
        used.update(parts)
        used.update(p for p in by_source if p in parts or p == src)
    out += [g for s, g in by_source.items() if s not in used]
    return out


def _with_aliases(group: TermGroup, aliases: dict[str, tuple[str, ...]]) -> TermGroup:
    """The group with the names the library pairs with its forms, both ways
    (altman → 奥特曼, 奥特曼 → altman)."""
    extra = [a for f in group.forms for a in aliases.get(f, ())]
    extra += [a[-2:] for a in extra if len(a) >= 3]  # 奥特曼 / 阿尔特曼: transliterations vary
    extra += [latin for latin, names in aliases.items() if group.source in names]
    if not extra:
        return group
    return TermGroup(group.source, tuple(dict.fromkeys([*group.forms, *extra])), group.weight)


def gloss_stems(form: str) -> set[str]:
    """Stems of the English glosses (CC-CEDICT) of the Chinese words in ``form``."""
    forward = lexicon().forward
    found: set[str] = set()
    for tok in index_tokens(form):
        if len(tok) >= 2 and _CJK.search(tok):
            for gloss in forward.get(tok, ()):
                found.update(stem(w) for w in _LATIN_WORD.findall(gloss) if len(w) > 2)
    return found


class Matcher:
    """A text prepared for term lookups: CJK by substring, Latin words by stem, also
    against the English glosses of the text's Chinese words."""

    def __init__(self, text: str, *, glosses: bool = True) -> None:
        self.form = matching_form(text)
        self.stems = {stem(w) for w in _LATIN_WORD.findall(self.form)}
        self._glosses: set[str] | None = None if glosses else set()

    @property
    def glosses(self) -> set[str]:
        if self._glosses is None:
            self._glosses = gloss_stems(self.form) if _CJK.search(self.form) else set()
        return self._glosses

    def has_word(self, word: str) -> bool:
        s = stem(word)
        return s in self.stems or s in self.glosses

    def has(self, form: str) -> bool:
        if _CJK.search(form):
            return form in self.form
        words = _LATIN_WORD.findall(form)
        if not words:
            return False
        return all(self.has_word(w) for w in words)

    def covers(self, group: TermGroup) -> bool:
        return any(self.has(f) for f in group.forms)


def coverage(groups: Sequence[TermGroup], text: str | Matcher) -> Coverage:
    matcher = text if isinstance(text, Matcher) else Matcher(text)
    result = Coverage()
    for g in groups:
        (result.covered if matcher.covers(g) else result.missing).append(g)
    return result


# -- weights from the library -------------------------------------------------


def _fts_phrase(form: str) -> str:
    tokens = [t.replace('"', '""') for t in index_tokens(form) if any(c.isalnum() for c in t)]
    return f'"{" ".join(tokens)}"' if tokens else ""


def document_frequency(db: sqlite3.Connection, forms: Iterable[str]) -> int:
    """How many passages contain any of ``forms`` (by the full-text index)."""
    expression = " OR ".join(p for p in (_fts_phrase(f) for f in forms) if p)
    if not expression:
        return 0
    try:
        row = db.execute(
            "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH ?", (expression,)
        ).fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0])


def passage_count(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT COUNT(*) FROM passages").fetchone()[0])


def substring_frequency(db: sqlite3.Connection, forms: Iterable[str]) -> int:
    """How many passages contain any of ``forms`` as text (either Chinese script): for
    words the index segments differently (美元 inside 万美元) or does not hold whole."""
    clauses: list[str] = []
    params: list[str] = []
    for form in forms:
        variants = {form, to_traditional(form)} if _CJK.search(form) else {form}
        for v in variants:
            clauses.append("instr(lower(text), ?) > 0")
            params.append(v)
    if not clauses:
        return 0
    row = db.execute(f"SELECT COUNT(*) FROM passages WHERE {' OR '.join(clauses)}", params)
    return int(row.fetchone()[0])


def to_traditional(text: str) -> str:
    return opencc_converter("s2t").convert(text)


class Weigher:
    """Weighs groups by inverse document frequency in one library (cached per group)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.n = passage_count(db)
        self._df: dict[tuple[str, ...], int] = {}

    def df(self, group: TermGroup) -> int:
        found = self._df.get(group.forms)
        if found is None:
            found = document_frequency(self.db, group.forms)
            if found == 0:
                found = substring_frequency(self.db, group.forms)
            self._df[group.forms] = found
        return found

    def __call__(self, groups: Sequence[TermGroup]) -> list[TermGroup]:
        out = []
        for g in groups:
            weight = math.log((self.n + 1) / (self.df(g) + 0.5))
            out.append(TermGroup(g.source, g.forms, max(weight, 0.1)))
        return out


def weighted(db: sqlite3.Connection, groups: Sequence[TermGroup]) -> list[TermGroup]:
    """``groups`` weighted by inverse document frequency (absent words weigh the most)."""
    return Weigher(db)(groups)
