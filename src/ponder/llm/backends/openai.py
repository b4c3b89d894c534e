"""``openai``: any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, ...).

Settings: ``model_url`` (API base, e.g. ``http://127.0.0.1:8080/v1``), ``model_name``
(if unset, the first model the server lists), ``model_key`` or ``OPENAI_API_KEY``,
``model_timeout`` (seconds to wait for each read, default 120; connecting gets at most
5), ``model_retries`` (default 2), ``model_ctx`` (default 4096: the server does not
say), ``model_stream`` (default true; false asks for one JSON answer, still yielded
as a one-piece stream).

Connection errors, 429 and 5xx are retried with exponential backoff (0.5 s, 1 s, ...;
``Retry-After`` is honoured up to 30 s) before any text has been yielded; failures after
that are raised as they come. ``count_tokens`` is :func:`estimate_tokens` (the server's
tokenizer is not part of the API). ``is_local`` is True only for loopback hosts.
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

from ...config import Settings
from ...errors import (
    ModelAuthError,
    ModelError,
    ModelNotFoundError,
    ModelRequestError,
    ModelResponseError,
    ModelTimeoutError,
    ModelUnavailableError,
)
from .._base import Availability, Message, estimate_tokens
from .._registry import register
from .._sse import body_detail, stream_pieces, whole_text

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 30.0
PROBE_TIMEOUT = 3.0
RETRYABLE = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)
KEY_HINT = "set model_key (PONDER_MODEL_KEY) or OPENAI_API_KEY"


def is_loopback(url: str) -> bool:
    """True when ``url``'s host is this machine (localhost, 127.0.0.0/8, ::1)."""
    host = httpx.URL(url).host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(response: httpx.Response, default: float) -> float:
    try:
        return min(float(response.headers.get("retry-after", "")), MAX_WAIT)
    except ValueError:
        return default


@register("openai")
class OpenAIBackend:
    name = "openai"

    def __init__(
        self,
        base_url: str,
        *,
        model: str = "",
        key: str | None = None,
        timeout: float = 120.0,
        retries: int = 2,
        backoff: float = 0.5,
        context_window: int = 4096,
        stream: bool = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.context_window = context_window
        self.is_local = is_loopback(self.base_url)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.stream = stream
        self._has_key = bool(key)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(headers=headers, transport=transport)

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIBackend:
        url = settings.get("model_url")
        if not url:
            raise ModelUnavailableError(
                "openai backend: no model_url set; set it to an OpenAI-compatible API base, "
                "e.g. --model-url http://127.0.0.1:8080/v1 or PONDER_MODEL_URL"
            )
        return cls(
            url,
            model=settings.get("model_name") or "",
            key=settings.get("model_key") or settings.env.get("OPENAI_API_KEY") or None,
            timeout=settings.number("model_timeout"),
            retries=settings.integer("model_retries"),
            context_window=settings.integer("model_ctx", 4096),
            stream=settings.flag("model_stream"),
        )

    @classmethod
    def probe(cls, settings: Settings) -> Availability:
        url = settings.get("model_url") or ""
        name = settings.get("model_name") or ""
        if not url:
            return Availability(False, name, False, "set model_url to an OpenAI-compatible API")
        try:
            backend = cls.from_settings(settings)
        except ModelError as e:
            return Availability(False, name, is_loopback(url), str(e))
        backend.timeout, backend.retries = min(backend.timeout, PROBE_TIMEOUT), 0
        try:
            models = backend.models()
        except ModelError as e:
            return Availability(False, name, backend.is_local, str(e))
        finally:
            backend.close()
        if name and models and name not in models:
            reason = f"model {name!r} not served at {url}; it serves: {', '.join(models)}"
            return Availability(False, name, backend.is_local, reason)
        return Availability(True, name or (models[0] if models else ""), backend.is_local)

    def close(self) -> None:
        self._client.close()

    # -- HTTP ---------------------------------------------------------------

    def _send(self, method: str, path: str, payload: dict[str, Any] | None) -> httpx.Response:
        """Send with retries; return an open (streaming) response with a 2xx status."""
        url = f"{self.base_url}{path}"
        attempts = self.retries + 1
        for attempt in range(attempts):
            wait = self.backoff * 2**attempt
            last = attempt == attempts - 1
            try:
                timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0))
                request = self._client.build_request(method, url, json=payload, timeout=timeout)
                response = self._client.send(request, stream=True)
            except RETRYABLE as e:
                if not last:
                    time.sleep(wait)
                    continue
                raise ModelUnavailableError(
                    f"cannot connect to {url} ({e or type(e).__name__}; {attempts} attempts): "
                    "start the model server or fix model_url"
                ) from e
            except httpx.TimeoutException as e:
                raise self._timeout(url) from e
            except httpx.TransportError as e:
                raise ModelUnavailableError(f"{url}: request failed ({e}); check the server") from e
            if response.status_code < 400:
                return response
            if response.status_code in RETRY_STATUS and not last:
                response.close()
                time.sleep(_retry_after(response, wait))
                continue
            try:
                detail = body_detail(response.read().decode("utf-8", "replace"))
            except httpx.HTTPError:
                detail = "no body"
            finally:
                response.close()
            raise self._status_error(url, response.status_code, detail, attempts)
        raise AssertionError("unreachable")  # pragma: no cover

    def _timeout(self, url: str) -> ModelTimeoutError:
        return ModelTimeoutError(
            f"no answer from {url} within {self.timeout:g} s; "
            "the server may be overloaded: raise model_timeout or check the server"
        )

    def _status_error(self, url: str, status: int, detail: str, attempts: int) -> ModelError:
        said = f"{status}: {detail}"
        if status in (401, 403):
            if not self._has_key:
                return ModelAuthError(f"{url} needs an API key ({said}); {KEY_HINT}")
            return ModelAuthError(f"{url} refused the API key ({said}); check it, {KEY_HINT}")
        if status == 404:
            if "model" in detail.lower():
                return ModelNotFoundError(
                    f"model {self.model!r} not found at {url} ({said}); "
                    f"set model_name to one the server lists{self._served_hint()}"
                )
            return ModelUnavailableError(
                f"no OpenAI-compatible API at {url} ({said}); model_url should be the API "
                "base, e.g. http://127.0.0.1:8080/v1"
            )
        if status in RETRY_STATUS:
            what = "rate limited" if status == 429 else "server error"
            return ModelUnavailableError(
                f"{url}: {what} ({said}) after {attempts} attempts; try again later"
            )
        if 400 <= status < 500:
            return ModelRequestError(
                f"{url} rejected the request ({said}); the prompt may exceed the context window"
            )
        return ModelResponseError(f"{url}: unexpected HTTP status ({said})")

    def _served_hint(self) -> str:
        try:
            served = self.models()
        except ModelError:
            return ""
        return f": {', '.join(served)}" if served else ""

    def models(self) -> list[str]:
        """Model ids the server lists at ``GET /models``."""
        url = f"{self.base_url}/models"
        response = self._send("GET", "/models", None)
        try:
            data = response.read().decode("utf-8", "replace")
        except httpx.TimeoutException as e:
            raise self._timeout(url) from e
        finally:
            response.close()
        try:
            listed = json.loads(data)["data"]
            return [str(m["id"]) for m in listed]
        except (ValueError, KeyError, TypeError) as e:
            raise ModelResponseError(
                f"{url} sent a malformed model list ({data[:80]!r}); "
                "check that model_url points at an OpenAI-compatible API"
            ) from e

    # -- Backend ------------------------------------------------------------

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        if not self.model:
            served = self.models()
            if not served:
                raise ModelNotFoundError(f"{self.base_url}/models lists no model; set model_name")
            self.model = served[0]
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": self.stream,
        }
        if stop:
            payload["stop"] = list(stop)
        url = f"{self.base_url}/chat/completions"
        response = self._send("POST", "/chat/completions", payload)
        try:
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                yield from stream_pieces(response.iter_lines(), url)
            else:
                text = whole_text(response.read().decode("utf-8", "replace"), url)
                if text:
                    yield text
        except httpx.TimeoutException as e:
            raise self._timeout(url) from e
        except httpx.TransportError as e:
            raise ModelResponseError(
                f"{url} broke off the answer ({type(e).__name__}: {e}); check the server"
            ) from e
        finally:
            response.close()

    def count_tokens(self, text: str) -> int:
        """An estimate: see :func:`ponder.llm.estimate_tokens`."""
        return estimate_tokens(text)
