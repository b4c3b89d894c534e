"""Text forms the memory store compares: normal form, signatures, near duplicates, FTS terms.

All matching happens on ``matching_form`` (NFKC, case-folded, simplified script), so
"I prefer Traditional Chinese" and "i prefer traditional chinese!" are the same
memory. Two memories are *near duplicates* when they say the same words in the same
order up to case, script, punctuation, a few filler words, inflection and an
occasional typo; a different word ("English" for "Chinese", "not", a number) makes
them different memories — contradictions are handled by supersession, never merged.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from ..text.normalize import index_tokens, matching_form
from ..text.script import EAST_ASIAN

# Dropped from signatures: words whose absence never changes what a memory says.
_FILLER_WORDS = "a an the please just really i me my that 的 了 吧 呢 啊 呀 嘛 我 我的"
FILLER = frozenset(_FILLER_WORDS.split())

# Dropped from recall queries: too common to say what a question is about.
_QUERY_STOP_WORDS = """
    a about an and any are as at be but by can could did do does for from had has have
    how i if in into is it its me my of on or our please should so than that the their
    them then there these they this those to was we were what when where which who why
    will with would you your
    的 了 是 在 和 与 或 也 都 就 吗 呢 吧 啊 我 你 您 他 她 它 我们 这 那 什么 怎么 如何 请
"""
QUERY_STOP = frozenset(_QUERY_STOP_WORDS.split())

MAX_QUERY_TERMS = 32
_EAST_ASIAN = re.compile(f"[{EAST_ASIAN}]")
_WORD = re.compile(r"\w")
_ASCII_ALPHA = re.compile(r"[a-z]+")


# Terminal escape sequences: CSI ("\x1b[31m", also the one-byte C1 form "\x9b31m"), OSC
# ("\x1b]0;title\x07", a hyperlink) and the other two-character ESC sequences.
_ANSI = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
                   r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                   r"|\x1b[@-Z\\-_]?")
# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides and
# isolates that make a line display in another order than it is stored ("\u202e").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """``text`` as it may be stored: ANSI escape sequences and control characters removed
    (a tab and a line break kept, "\\r\\n" and a lone "\\r" read as a line break).

    Issue 8 (new-user trial): "remember that I like \\x1b[31mred\\x1b[0m" was stored as
    typed and ``memory list`` coloured the terminal."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ANSI.sub("", text))


def norm_text(text: str) -> str:
    """Matching form with whitespace collapsed: what ``find`` and the deny list compare."""
    return " ".join(matching_form(text).split())


def fts_tokens(text: str) -> str:
    """The space-joined index tokens stored in an FTS row."""
    return " ".join(index_tokens(text))


def stem(token: str) -> str:
    """A light English stemmer (plural, -ed, -ing, final e); other tokens pass through."""
    if not _ASCII_ALPHA.fullmatch(token) or len(token) < 4:
        return token
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and not token.endswith("ss"):
            token = token[: -len(suffix)] + keep
            break
    if len(token) > 3 and token[-1] == token[-2] and token[-1] not in "aeiouls":
        token = token[:-1]
    return token[:-1] if token.endswith("e") and len(token) > 3 else token


def content_tokens(text: str) -> list[str]:
    """Stemmed tokens with punctuation and filler dropped, in order."""
    return [stem(t) for t in index_tokens(text) if _WORD.search(t) and t not in FILLER]


def signature(text: str) -> str:
    """Equal signatures mean the same memory (exact duplicate)."""
    return " ".join(content_tokens(text))


def _typo(a: str, b: str) -> bool:
    if not (_ASCII_ALPHA.fullmatch(a) and _ASCII_ALPHA.fullmatch(b)):
        return False
    if min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def near_duplicate(a: Sequence[str], b: Sequence[str]) -> bool:
    """Same content tokens in the same order, allowing one typo per five tokens."""
    if list(a) == list(b):
        return True
    if len(a) != len(b) or len(a) < 3:
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differing) <= max(1, len(a) // 5) and all(_typo(x, y) for x, y in differing)


def owner_token(user: str) -> str:
    """The FTS token that confines a row to its user (a hash: names are not indexed)."""
    return "u" + hashlib.blake2b(user.encode("utf-8"), digest_size=10).hexdigest()


def _quoted(tokens: Iterable[str]) -> list[str]:
    return ['"' + t.replace('"', '""') + '"' for t in tokens if _WORD.search(t)]


def match_any(user: str, tokens: Sequence[str]) -> str | None:
    """FTS5 MATCH: the user's rows having any of ``tokens`` (None when there are none)."""
    parts = _quoted(tokens)
    if not parts:
        return None
    return f'owner:"{owner_token(user)}" AND tokens:({" OR ".join(parts)})'


def match_all(user: str, tokens: Sequence[str]) -> str | None:
    """FTS5 MATCH: the user's rows having every one of ``tokens``."""
    parts = _quoted(tokens)
    if not parts:
        return None
    return f'owner:"{owner_token(user)}" AND tokens:({" AND ".join(parts)})'


def query_tokens(query: str) -> list[str]:
    """A question's index tokens worth searching for: common words dropped, de-duplicated."""
    seen: list[str] = []
    for token in index_tokens(query):
        if _WORD.search(token) and token not in QUERY_STOP and token not in seen:
            seen.append(token)
    return seen[:MAX_QUERY_TERMS]


def approx_tokens(text: str) -> int:
    """A model-independent token estimate: one per CJK character, 1.3 per other word."""
    cjk = len(_EAST_ASIAN.findall(text))
    words = len(_EAST_ASIAN.sub(" ", text).split())
    return max(1, cjk + math.ceil(words * 1.3))
