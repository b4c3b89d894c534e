"""The openai backend against a real local server that misbehaves on purpose (fast)."""

from __future__ import annotations

import time

import pytest

from ponder.errors import (
    ModelAuthError,
    ModelError,
    ModelNotFoundError,
    ModelRequestError,
    ModelResponseError,
    ModelTimeoutError,
    ModelUnavailableError,
)
from ponder.llm import Message, complete
from ponder.llm.backends.openai import OpenAIBackend, is_loopback

from .llm_fakes import FakeAPI

HI = [Message("user", "Hi")]


def backend(url: str, **kw: object) -> OpenAIBackend:
    options: dict[str, object] = {"model": "m", "timeout": 2.0, "retries": 0, "backoff": 0.01}
    options.update(kw)
    return OpenAIBackend(url, **options)  # type: ignore[arg-type]


def test_streams_pieces_and_sends_the_request(fake_api: FakeAPI) -> None:
    b = backend(fake_api.url("ok"), key="sk-test")
    assert list(b.generate(HI, max_tokens=9, temperature=0.5, stop=["\n"])) == ["Hello", ", world"]
    body = fake_api.bodies[-1]
    assert body == {"model": "m", "messages": [{"role": "user", "content": "Hi"}],
                    "max_tokens": 9, "temperature": 0.5, "stream": True, "stop": ["\n"]}
    assert fake_api.headers[-1]["Authorization"] == "Bearer sk-test"


def test_non_streaming_and_model_from_server(fake_api: FakeAPI) -> None:
    b = backend(fake_api.url("ok"), model="", stream=False)
    assert list(b.generate(HI)) == ["Hi."]
    assert b.model == "real-model"
    assert "stop" not in fake_api.bodies[-1] and fake_api.bodies[-1]["stream"] is False


def test_refused_connection(closed_port_url: str) -> None:
    b = backend(closed_port_url, retries=1)
    with pytest.raises(ModelUnavailableError, match="cannot connect") as info:
        complete(b, HI)
    assert f"{closed_port_url}/chat/completions" in str(info.value)
    assert "2 attempts" in str(info.value)


def test_unauthorized_with_and_without_key(fake_api: FakeAPI) -> None:
    url = fake_api.url("auth")
    with pytest.raises(ModelAuthError, match="needs an API key") as info:
        complete(backend(url), HI)
    assert url in str(info.value) and "OPENAI_API_KEY" in str(info.value)
    with pytest.raises(ModelAuthError, match=r"refused the API key.*Incorrect API key"):
        complete(backend(url, key="wrong"), HI)


def test_unknown_model_lists_served_models(fake_api: FakeAPI) -> None:
    url = fake_api.url("nomodel")
    with pytest.raises(ModelNotFoundError, match="model 'm' not found") as info:
        complete(backend(url), HI)
    assert url in str(info.value) and "real-model" in str(info.value)


def test_wrong_base_url(fake_api: FakeAPI) -> None:
    url = f"http://127.0.0.1:{fake_api.port}/ok"  # missing /v1
    with pytest.raises(ModelUnavailableError, match="no OpenAI-compatible API") as info:
        complete(backend(url), HI)
    assert url in str(info.value) and "/v1" in str(info.value)


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("garbage", "not JSON"),
        ("garbagesse", "not JSON"),
        ("nochoices", "no 'choices'"),
        ("cut", "before the answer finished"),
    ],
)
def test_malformed_answers(fake_api: FakeAPI, scenario: str, message: str) -> None:
    url = fake_api.url(scenario)
    with pytest.raises(ModelResponseError, match=message) as info:
        complete(backend(url), HI)
    assert url in str(info.value)


def test_rejected_request(fake_api: FakeAPI) -> None:
    with pytest.raises(ModelRequestError, match=r"400.*context length"):
        complete(backend(fake_api.url("toolong")), HI)


def test_hang_times_out(fake_api: FakeAPI) -> None:
    url = fake_api.url("hang")
    start = time.monotonic()
    with pytest.raises(ModelTimeoutError, match=r"within 0.5 s") as info:
        complete(backend(url, timeout=0.5), HI)
    assert time.monotonic() - start < 2
    assert url in str(info.value)


def test_retries_server_errors_then_succeeds(fake_api: FakeAPI) -> None:
    assert complete(backend(fake_api.url("flaky"), retries=2), HI) == "Hello, world"
    assert fake_api.hits["flaky"] == 3


def test_gives_up_after_bounded_retries(fake_api: FakeAPI) -> None:
    with pytest.raises(ModelUnavailableError, match=r"rate limited.*3 attempts"):
        complete(backend(fake_api.url("busy"), retries=2), HI)
    assert fake_api.hits["busy"] == 3


def test_every_fault_is_a_model_error(fake_api: FakeAPI) -> None:
    for scenario in ("auth", "nomodel", "garbage", "toolong", "busy"):
        with pytest.raises(ModelError):
            complete(backend(fake_api.url(scenario)), HI)


def test_models_and_malformed_model_list(fake_api: FakeAPI) -> None:
    assert backend(fake_api.url("ok")).models() == ["real-model"]
    with pytest.raises(ModelResponseError, match="malformed model list"):
        backend(fake_api.url("garbage")).models()


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8080/v1", True),
        ("http://127.8.9.1/v1", True),
        ("http://localhost:11434/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://192.168.1.5:8000/v1", False),
        ("https://api.openai.com/v1", False),
        ("http://localhost.example.com/v1", False),
    ],
)
def test_is_local_only_for_loopback(url: str, local: bool) -> None:
    assert is_loopback(url) is local
    assert backend(url).is_local is local


def test_count_tokens_is_the_estimate() -> None:
    assert backend("http://127.0.0.1:1/v1").count_tokens("北京 is big") == 4 + 2
