"""Matching form of text: what the index and queries compare, never what is shown.

``matching_form`` drops invisible characters (a zero-width space inside a word would
split it in two), folds width and case (NFKC + casefold) and converts traditional
Chinese to simplified with OpenCC, so a simplified query finds traditional text
and the other way round.  ``index_tokens`` segments that form with rjieba.
"""

from __future__ import annotations

import re
import unicodedata

from ponder.text.script import to_simplified

#: Unicode's default-ignorable code points (DerivedCoreProperties.txt): characters with
#: no visible form -- zero-width space, non-joiner and joiner, word joiner, soft hyphen,
#: byte-order mark, direction marks and isolates, variation selectors, Hangul fillers,
#: tags.  Inside a word they split it for the tokenizer while the reader sees one word.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def visible_only(text: str) -> str:
    """``text`` without its invisible (default-ignorable) characters."""
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def matching_form(text: str) -> str:
    """Visible, NFKC, case-folded, simplified-script form of ``text`` (for matching only).

    The same whether applied once or twice: OpenCC maps a few traditional characters to
    another traditional one first (薴 → 苧 → 苎), so it runs until nothing changes.
    """
    folded = unicodedata.normalize("NFKC", visible_only(text)).casefold()
    simplified = to_simplified(folded)
    for _ in range(2):
        if simplified == folded:
            break
        folded, simplified = simplified, to_simplified(simplified)
    return simplified


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
