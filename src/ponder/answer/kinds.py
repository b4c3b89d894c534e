"""Questions that ask *which* one ("Which university…", "哪所大学…") need a named one.

When the question asks for an instance of a kind of thing and the passage that best
covers its other words mentions the kind only generically ("后来进入了大学"), the
documents do not say which. A named instance is the kind word right after a
proper-looking word: another word of two or more characters that is not a
determiner (多伦多大学, 柏林工业大学), or a capitalised Latin name (Helion公司,
Stanford University).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.normalize import index_tokens, matching_form
from .terms import TermGroup

_WHICH_EN = re.compile(r"\b(?:which|what)\s+([A-Za-z]+)\b", re.IGNORECASE)
_WHICH_ZH = re.compile(r"哪(?:一)?(?:所|个|個|家|位|座|间|間|种|種|本|部)([\u4e00-\u9fff]{2})")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DETERMINERS = frozenset(
    ["这所", "那所", "一所", "这个", "那个", "一个", "这家", "那家", "一家", "该", "本", "各",
     "每", "所有", "哪所", "哪个", "这些", "那些", "某", "某个", "其他", "其它", "自己"]
)


def asked_kind(question: str, groups: Sequence[TermGroup]) -> TermGroup | None:
    """The group of the kind word a which-question asks for, if any."""
    m = _WHICH_ZH.search(question) or _WHICH_EN.search(question)
    if m is None:
        return None
    noun = matching_form(m.group(1))
    return next((g for g in groups if g.source == noun), None)


def _cjk_named(text: str, kind: str) -> bool:
    tokens = index_tokens(text)
    for i, tok in enumerate(tokens):
        if tok == kind and i > 0:
            before = tokens[i - 1]
            if len(before) >= 2 and before not in _DETERMINERS and not before.endswith("了"):
                return True
        elif tok.endswith(kind) and len(tok) > len(kind):
            return True
    return False


def _latin_named(text: str, kind: str) -> bool:
    pattern = rf"\b[A-Z][\w\-]+\s*{re.escape(kind)}|\b{re.escape(kind)}\s+of\s+[A-Z]"
    return re.search(pattern, text, re.IGNORECASE if _CJK.search(kind) else 0) is not None or (
        _CJK.search(kind) is not None and re.search(rf"[A-Za-z]{{2,}}\s*{kind}", text) is not None
    )


def names_instance(text: str, kind: TermGroup) -> bool:
    """True when ``text`` names a particular one of ``kind`` (in any of its forms)."""
    form = matching_form(text)
    for word in kind.forms:
        if _CJK.search(word):
            if word in form and (_cjk_named(form, word) or _latin_named(form, word)):
                return True
        elif re.search(rf"\b[A-Z][\w\-]+\s+{re.escape(word)}|{re.escape(word)}\s+of\s+[A-Z]",
                       text, re.IGNORECASE):
            return True
    return False
