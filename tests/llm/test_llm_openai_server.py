"""The openai backend against a real llama.cpp server on 127.0.0.1 (slow: real inference)."""

from __future__ import annotations

import pytest

from ponder.config import Settings
from ponder.errors import ModelRequestError, ModelResponseError
from ponder.llm import Message, complete, list_backends, load_backend
from ponder.llm.backends.openai import OpenAIBackend

pytestmark = pytest.mark.slow

QUESTION = [
    Message("system", "You are a helpful assistant. Answer in one sentence."),
    Message("user", "What is the capital of France?"),
]


def backend(url: str, *, stream: bool = True) -> OpenAIBackend:
    settings = Settings(flags={"model_url": url, "model_stream": str(stream)}, env={})
    b = load_backend(settings)
    assert isinstance(b, OpenAIBackend)
    return b


def test_streaming(llama_server: str) -> None:
    b = backend(llama_server)
    assert b.is_local and b.name == "openai"
    pieces = list(b.generate(QUESTION, max_tokens=48))
    assert len(pieces) > 3 and "paris" in "".join(pieces).lower()
    assert b.model.endswith(".gguf")  # resolved from GET /models


def test_non_streaming(llama_server: str) -> None:
    b = backend(llama_server, stream=False)
    pieces = list(b.generate(QUESTION, max_tokens=48))
    assert len(pieces) == 1 and "paris" in pieces[0].lower()
    assert complete(backend(llama_server), QUESTION, max_tokens=48) == pieces[0]


def test_stop_and_max_tokens(llama_server: str) -> None:
    b = backend(llama_server)
    assert "Paris" not in complete(b, QUESTION, max_tokens=48, stop=["Paris"])
    assert 0 < b.count_tokens(complete(b, QUESTION, max_tokens=3)) <= 6


def test_prompt_longer_than_context(llama_server: str) -> None:
    too_long = [Message("user", "word " * 3000)]
    with pytest.raises(ModelRequestError, match="context length"):
        complete(backend(llama_server, stream=False), too_long)
    with pytest.raises(ModelResponseError, match="empty stream"):
        complete(backend(llama_server), too_long)  # llama.cpp server says 200, then nothing


def test_listed_as_available(llama_server: str) -> None:
    rows = {r.name: r for r in list_backends(Settings(flags={"model_url": llama_server}, env={}))}
    assert rows["openai"].available and rows["openai"].active and rows["openai"].local
