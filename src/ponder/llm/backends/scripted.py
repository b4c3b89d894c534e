"""``scripted``: a deterministic test double that replays replies and records calls.

    backend = ScriptedBackend(["first reply", "second reply"])
    complete(backend, [Message("user", "hi")])   # "first reply"
    backend.calls[0].messages                    # what it was asked

A reply may be a string, a callable ``(messages) -> str``, or an exception to raise.
When the script runs out it repeats ``default`` or, if that is None, raises
``ModelResponseError``. Text streams word by word (one piece per whitespace-ended
word, one per CJK character); ``max_tokens`` caps the number of pieces and ``stop``
cuts before the first stop string, as a real model would.

From settings (``model_backend = "scripted"``): replies are the JSON list of strings in
the file ``model_path`` if set, else every call echoes the last user message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...config import Settings
from ...errors import ConfigError, ModelResponseError
from ...text.script import EAST_ASIAN
from .._base import Availability, Message, estimate_tokens
from .._registry import register

Reply = str | Callable[[Sequence[Message]], str] | BaseException

_PIECE = re.compile(f"[{EAST_ASIAN}]|[^\\s{EAST_ASIAN}]+\\s*|\\s+")


@dataclass(frozen=True)
class Call:
    """One recorded ``generate`` call."""

    messages: tuple[Message, ...]
    max_tokens: int
    temperature: float
    stop: tuple[str, ...]


def echo(messages: Sequence[Message]) -> str:
    """The content of the last user message."""
    return next((m.content for m in reversed(messages) if m.role == "user"), "")


def split_pieces(text: str) -> list[str]:
    """How the scripted backend streams ``text``: words with trailing space, CJK chars."""
    return _PIECE.findall(text)


@register("scripted")
class ScriptedBackend:
    name = "scripted"
    is_local = True

    def __init__(
        self,
        replies: Sequence[Reply] = (),
        *,
        default: Reply | None = None,
        model: str = "scripted",
        context_window: int = 4096,
    ) -> None:
        self.model = model
        self.context_window = context_window
        self.replies: list[Reply] = list(replies)
        self.default = default
        self.calls: list[Call] = []

    @classmethod
    def from_settings(cls, settings: Settings) -> ScriptedBackend:
        path = settings.get("model_path")
        if not path:
            return cls(default=echo, model="scripted-echo")
        try:
            replies = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"{path}: cannot read scripted replies ({e})") from e
        if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
            raise ConfigError(f"{path}: scripted replies must be a JSON list of strings")
        return cls(replies, model=Path(path).name)

    @classmethod
    def probe(cls, settings: Settings) -> Availability:
        return Availability(True, settings.get("model_path") or "scripted-echo", True)

    def _next_reply(self) -> Reply:
        if self.replies:
            return self.replies.pop(0)
        if self.default is not None:
            return self.default
        raise ModelResponseError(
            f"scripted backend: no reply left for call {len(self.calls)}; "
            "give ScriptedBackend more replies or a default"
        )

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        self.calls.append(Call(tuple(messages), max_tokens, temperature, tuple(stop)))
        reply = self._next_reply()
        if isinstance(reply, BaseException):
            raise reply
        text = reply if isinstance(reply, str) else reply(messages)
        cuts = [i for i in (text.find(s) for s in stop if s) if i >= 0]
        if cuts:
            text = text[: min(cuts)]
        yield from split_pieces(text)[:max_tokens]

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)
