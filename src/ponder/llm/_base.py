"""The model protocol: messages in, a stream of text pieces out."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..text.script import wide_count

ROLES = ("system", "user", "assistant")


@dataclass(frozen=True)
class Message:
    """One chat turn. ``role`` is ``"system"``, ``"user"`` or ``"assistant"``."""

    role: str
    content: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"message role must be one of {', '.join(ROLES)}, not {self.role!r}")


@runtime_checkable
class Backend(Protocol):
    """A model. ``generate`` always streams; use :func:`complete` for the whole text.

    Errors are :class:`ponder.errors.ModelError` subclasses, raised when the stream is
    iterated (a generator does nothing until its first ``next``).
    """

    name: str
    model: str
    context_window: int
    is_local: bool

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
    ) -> Iterator[str]: ...

    def count_tokens(self, text: str) -> int: ...


def complete(
    backend: Backend,
    messages: Sequence[Message],
    *,
    max_tokens: int = 512,
    temperature: float = 0.0,
    stop: Sequence[str] = (),
) -> str:
    """Run ``backend.generate`` to the end and join the pieces."""
    stream = backend.generate(messages, max_tokens=max_tokens, temperature=temperature, stop=stop)
    return "".join(stream)


@dataclass(frozen=True)
class Availability:
    """What a backend's ``probe`` says about itself, without loading a model."""

    available: bool
    model: str
    local: bool
    reason: str | None = None


@dataclass(frozen=True)
class BackendInfo:
    """One row of ``ponder models``."""

    name: str
    available: bool
    reason: str | None
    active: bool
    model: str
    local: bool


def estimate_tokens(text: str) -> int:
    """Token estimate for backends without a tokenizer: two per CJK/kana/hangul character,
    one per 3.5 other characters. It errs high, the safe side for budgets: multilingual
    tokenizers take ~1 token per CJK character, English-centric byte-level BPE ones
    (SmolLM2, Llama 2) up to 2–3; for English, BPE averages ~4 characters a token.
    Empty text is 0, anything else at least 1.
    """
    wide = wide_count(text)
    rest = len(text) - wide
    return 2 * wide + math.ceil(rest / 3.5)
