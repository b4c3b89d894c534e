"""Matching form of text: what the index and queries compare, never what is shown.

``matching_form`` folds width and case (NFKC + casefold) and converts traditional
Chinese to simplified with OpenCC, so a simplified query finds traditional text
and the other way round.  ``index_tokens`` segments that form with rjieba.
"""

from __future__ import annotations

import unicodedata

from ponder.text.script import to_simplified


def matching_form(text: str) -> str:
    """NFKC, case-folded, simplified-script form of ``text`` (for matching only)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return to_simplified(folded)


def _is_word(token: str) -> bool:
    """True if the token has a letter, digit or CJK character (not just space/punct)."""
    return token.isalnum() or any(ch.isalnum() for ch in token)


def index_tokens(text: str) -> list[str]:
    """Tokens for the FTS5 index and for queries: matching form, segmented by rjieba.

    Whitespace and punctuation-only tokens are dropped; ASCII words and numbers
    are kept whole.
    """
    import rjieba

    form = matching_form(text)
    return [tok.strip() for tok in rjieba.cut(form) if _is_word(tok)]
