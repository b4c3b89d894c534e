"""Plain generated text for tests that need size, not meaning: made-up lowercase words in
paragraphs, seeded, with no repairs to make and nothing to date."""

from __future__ import annotations

import random


def made_up_words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
            for _ in range(n)]


def paragraphs(rng: random.Random, words: list[str], chars: int, per_paragraph: int = 50) -> str:
    """At least ``chars`` characters of paragraphs of ``per_paragraph`` words."""
    parts: list[str] = []
    size = 0
    while size < chars:
        para = " ".join(rng.choice(words) for _ in range(per_paragraph)).capitalize() + ".\n\n"
        parts.append(para)
        size += len(para)
    return "".join(parts)
