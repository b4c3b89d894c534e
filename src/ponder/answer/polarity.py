"""Negation: "he can no longer eat out" and "he often eats out" share their words but not
their sense. A claim and the passage sentence it rests on must agree on whether they
are negated (compared within one language; across languages the dictionary is too
coarse to tell)."""

from __future__ import annotations

import re

from ..text.normalize import index_tokens, matching_form
from ..text.script import HAN

ZH_NEGATIONS = frozenset(
    [
        "不", "没", "没有", "无", "无法", "未", "从未", "并未", "尚未", "别", "不会", "不能",
        "不是", "并非", "非", "没人", "不再", "未能", "不要", "不必", "毫无", "绝不", "决不",
        "从不", "不可", "不可能", "无从", "不用", "不曾", "没法",
    ]
)
_EN_NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|nothing|none|neither|nor|cannot|without|nowhere)\b|n't\b"
)
_CJK = re.compile(f"[{HAN}]")
_NOT_NEGATING = re.compile(r"\bwhether or not\b|\bor not\b|\bnot only\b|\bno matter\b")
_CLAUSE = re.compile(
    r"[，,；;：:、。！？!?]+|\.(?=\s)|\n+|\s+(?:but|and|or|if|because|although|while)\s+"
)


def negations(text: str) -> int:
    """How many negating words ``text`` has."""
    form = _NOT_NEGATING.sub(" ", matching_form(text).replace("’", "'"))
    count = len(_EN_NEGATION.findall(form))
    if _CJK.search(form):
        count += sum(1 for tok in index_tokens(form) if tok in ZH_NEGATIONS)
    return count


def clauses(text: str) -> list[str]:
    """``text`` cut at clause punctuation (and at "but"/"and"/"or")."""
    return [c.strip() for c in _CLAUSE.split(text) if c and c.strip()]


def same_polarity(claim: str, evidence: str) -> bool:
    """True when both are negated, or neither (an odd count of negations negates)."""
    return negations(claim) % 2 == negations(evidence) % 2
