"""Reading OpenAI-style chat answers: server-sent events and plain JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ModelResponseError


def sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The ``data`` of each server-sent event (multi-line data joined with newlines)."""
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if field == "data":
            data.append(value[1:] if value.startswith(" ") else value)
    if data:
        yield "\n".join(data)


def _decode(text: str, url: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise ModelResponseError(
            f"{url} sent a malformed answer (not JSON: {text[:80]!r}); "
            "check that model_url points at an OpenAI-compatible API"
        ) from None


def _choice(obj: Any, url: str) -> dict[str, Any] | None:
    """The first choice of a chat answer, None for a chunk with no choices."""
    if isinstance(obj, dict) and "error" in obj:
        raise ModelResponseError(f"{url} reported an error mid-answer: {error_detail(obj)}")
    choices = obj.get("choices") if isinstance(obj, dict) else None
    if not isinstance(choices, list):
        raise ModelResponseError(
            f"{url} sent a malformed answer (no 'choices' in {str(obj)[:80]!r}); "
            "check that model_url points at an OpenAI-compatible API"
        )
    if not choices:
        return None
    first = choices[0]
    if not isinstance(first, dict):
        raise ModelResponseError(f"{url} sent a malformed answer (choice is {first!r})")
    return first


def _text(part: Any, url: str) -> str:
    content = part.get("content") if isinstance(part, dict) else None
    if content is None:
        return ""
    if not isinstance(content, str):
        raise ModelResponseError(f"{url} sent a malformed answer (content is {content!r})")
    return content


def stream_pieces(lines: Iterable[str], url: str) -> Iterator[str]:
    """Text pieces of a streamed chat answer; ModelResponseError if it is cut off."""
    finished = received = False
    for data in sse_data(lines):
        if data.strip() == "[DONE]":
            return
        received = True
        choice = _choice(_decode(data, url), url)
        if choice is None:
            continue
        finished = finished or bool(choice.get("finish_reason"))
        piece = _text(choice.get("delta"), url)
        if piece:
            yield piece
    if not received:
        raise ModelResponseError(
            f"{url} sent an empty stream: the server failed on the request (see its log; "
            "a prompt longer than its context window does this)"
        )
    if not finished:
        raise ModelResponseError(
            f"{url} ended the stream before the answer finished (no [DONE]); "
            "the server may have crashed or a proxy cut the connection"
        )


def whole_text(body: str, url: str) -> str:
    """The text of a non-streamed chat answer."""
    choice = _choice(_decode(body, url), url)
    if choice is None:
        raise ModelResponseError(f"{url} sent an answer with no choices")
    return _text(choice.get("message"), url)


def error_detail(obj: Any) -> str:
    """The human part of an error body in the shapes OpenAI, vLLM, Ollama, FastAPI use."""
    if isinstance(obj, dict):
        for key in ("error", "detail", "message"):
            value = obj.get(key)
            if isinstance(value, dict):
                return str(value.get("message") or value)
            if value:
                return str(value)
    return str(obj)[:200]


def body_detail(text: str) -> str:
    try:
        return error_detail(json.loads(text))
    except ValueError:
        return text.strip()[:200] or "empty body"
