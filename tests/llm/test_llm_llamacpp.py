"""The shipped SmolLM2 model through llama.cpp in-process (slow: real inference)."""

from __future__ import annotations

import pytest

from ponder.config import Settings
from ponder.errors import ModelRequestError
from ponder.llm import Backend, Message, complete, load_backend
from ponder.llm.backends.llamacpp import LlamaCppBackend

from markers import local_extra

pytestmark = [pytest.mark.slow, local_extra]

QUESTION = [
    Message("system", "You are a helpful assistant. Answer in one sentence."),
    Message("user", "What is the capital of France?"),
]


def test_generates_english_in_pieces(llama: LlamaCppBackend) -> None:
    assert isinstance(llama, Backend)
    pieces = list(llama.generate(QUESTION, max_tokens=48))
    text = "".join(pieces)
    assert len(pieces) > 3 and all(isinstance(p, str) and p for p in pieces)
    assert "paris" in text.lower()
    assert complete(llama, QUESTION, max_tokens=48) == text  # temperature 0 is deterministic


def test_max_tokens_and_stop(llama: LlamaCppBackend) -> None:
    short = complete(llama, QUESTION, max_tokens=4)
    assert short and llama.count_tokens(short) <= 5
    cut = complete(llama, QUESTION, max_tokens=48, stop=["Paris"])
    assert "Paris" not in cut


def test_count_tokens_uses_the_model_tokenizer(llama: LlamaCppBackend) -> None:
    assert llama.count_tokens("") == 0
    assert 0 < llama.count_tokens("The capital of France is Paris.") <= 10
    assert llama.count_tokens("北京是中国的首都") > 0


def test_metadata(llama: LlamaCppBackend) -> None:
    assert llama.name == "llamacpp" and llama.is_local
    assert llama.model == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert llama.context_window == 2048


def test_prompt_longer_than_context(llama: LlamaCppBackend) -> None:
    with pytest.raises(ModelRequestError, match=r"context window.*model_ctx"):
        complete(llama, [Message("user", "word " * 3000)])
    assert complete(llama, QUESTION, max_tokens=4)  # still usable afterwards


def test_closing_a_stream_early_frees_the_model(llama: LlamaCppBackend) -> None:
    stream = llama.generate(QUESTION, max_tokens=48)
    assert next(stream)
    stream.close()  # type: ignore[attr-defined]
    assert complete(llama, QUESTION, max_tokens=4)


def test_load_backend_defaults_to_the_shipped_model() -> None:
    flags = {"model_backend": "llamacpp", "model_threads": "2", "model_ctx": "1024"}
    backend = load_backend(Settings(flags=flags, env={}))
    assert isinstance(backend, LlamaCppBackend)
    assert backend.context_window == 1024
    assert complete(backend, QUESTION, max_tokens=8)
